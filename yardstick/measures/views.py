"""The measure page: definition, chart, figures by period, its data quality statement and the
history of changes; and the page where the statement is written and signed off."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from yardstick.accounts.access import Sight, internal_reader_required, performance_team_required
from yardstick.core import periods as core_periods
from yardstick.core.periods import PeriodType
from yardstick.core.profiles import PROFILE_LABELS
from yardstick.core.statements import review_overdue
from yardstick.core.values import ValueType, format_amount
from yardstick.measures import profiles, services
from yardstick.measures.benchmarking import measure_comparisons
from yardstick.measures.charts import build_chart
from yardstick.measures.forecasts import latest_year_end
from yardstick.measures.forms import (
    BaselineForm,
    ExclusionForm,
    RecalculationForm,
    StatementForm,
    TargetProfileForm,
)
from yardstick.measures.models import Measure, SpcExclusion, SpcRecalculation
from yardstick.measures.queries import (
    baseline_set,
    measure_history,
    periods_of,
    scorecard_of,
    spc_baselines,
)
from yardstick.measures.shown import shown_ratings
from yardstick.measures.spc import SETTINGS as SPC_SETTINGS
from yardstick.measures.spc import baseline_words, build_spc_chart, unsuited
from yardstick.measures.statement_services import (
    StatementRefused,
    discard_draft,
    may_sign_off,
    may_write,
    save_statement,
    sign_off_statement,
)
from yardstick.measures.statements import StatementStatus

# The kinds of change that carry drafts: a figure's versions (drafts and submitted figures)
# and the data quality statement's (drafts before sign-off).
DRAFTS_KINDS = frozenset({"figure", "dataqualitystatement"})


def visible_changes(measure: Measure, access) -> list:
    """The measure's history, newest first. Figure and statement versions include drafts, so
    only people who may see those (access.sight: those who enter or sign off the figures,
    who are those who write or sign off the statement) see their changes."""
    changes = reversed(measure_history(measure))
    if access.sight(measure) == Sight.EVERYTHING:
        return list(changes)
    return [change for change in changes if change.kind not in DRAFTS_KINDS]


def _measure(request: HttpRequest, code: str) -> Measure:
    return get_object_or_404(
        Measure.objects.with_people().prefetch_related("themes"),
        organisation_id=request.access.organisation_id,
        code=code,
    )


@internal_reader_required
def measure_page(request: HttpRequest, code: str) -> HttpResponse:
    return _page(request, _measure(request, code))


def _page(
    request: HttpRequest,
    measure: Measure,
    form=None,
    status: int = 200,
    exclusion_form=None,
    baseline_form=None,
) -> HttpResponse:
    access = request.access
    periods = periods_of(measure)
    shown = shown_ratings([measure], periods, access, per_measure=True)
    history = [shown[(measure.id, period.id)] for period in periods]
    history = [item for item in history if item.reports]
    own = [item for item in history if item.combined is None]
    benchmark = measure_comparisons(measure.organisation, measure, own)
    recalculations = list(measure.spc_recalculations.select_related("period"))
    exclusions = list(measure.spc_exclusions.select_related("period"))
    baseline = spc_baselines([measure]).get(measure.id)
    spc = build_spc_chart(own, recalculations, exclusions, baseline)
    team = access.is_performance_team
    if spc is not None and team:
        form = form or RecalculationForm(periods=_choosable(own))
        exclusion_form = exclusion_form or ExclusionForm(periods=_charted(own))
        baseline_form = baseline_form or BaselineForm(periods=_charted(own))
    return render(
        request,
        "measures/detail.html",
        {
            "measure": measure,
            "scorecard": scorecard_of(measure, request.GET.get("scorecard")),
            "rows": list(reversed(history)),
            # The charts are of its own periods: a quarter made from its months is a row of
            # the table, not a point among the months.
            "chart": build_chart(own, benchmark.band, benchmark.band_group),
            "comparisons": benchmark.comparisons,
            "band_periods": benchmark.band_periods,
            "spc": spc,
            "spc_unsuited": unsuited(measure),
            "year_end": latest_year_end(measure, own, access),
            "recalculations": recalculations if access.is_performance_team else [],
            "recalculation_form": form if access.is_performance_team else None,
            "exclusions": exclusions if access.is_performance_team else [],
            "exclusion_form": exclusion_form if access.is_performance_team else None,
            "baseline": baseline if team else None,
            "baseline_set": baseline_set(measure) if team and baseline is not None else None,
            "baseline_form": baseline_form if team else None,
            "baseline_minimum": SPC_SETTINGS.minimum_baseline,
            "changes": visible_changes(measure, access),
            "sees_drafts": access.sight(measure) == Sight.EVERYTHING,
            "agrees_targets": access.is_performance_team,
            **_statements(request, measure),
        },
        status=status,
    )


def _charted(own) -> list:
    """The periods the SPC chart has a point for."""
    return [item.period for item in own if item.amount is not None]


def _choosable(own) -> list:
    """The periods new limits may start from: those charted, after the first."""
    return _charted(own)[1:]


@dataclass(frozen=True)
class _Mark:
    """One of the team's marks on a measure's SPC chart, and the words its form speaks."""

    model: type
    form: type
    periods: Callable  # the periods it may go on, from the measure's own shown figures
    set: Callable
    remove: Callable
    form_name: str  # which of _page's forms it re-shows with errors
    missing: str
    removed: str
    done: str


RECALCULATION = _Mark(
    SpcRecalculation,
    RecalculationForm,
    _choosable,
    services.set_recalculation,
    services.remove_recalculation,
    "form",
    "There is no such recalculation point.",
    "The limits run across {period} again.",
    "The SPC limits are calculated again from {period}.",
)
EXCLUSION = _Mark(
    SpcExclusion,
    ExclusionForm,
    _charted,
    services.set_exclusion,
    services.remove_exclusion,
    "exclusion_form",
    "There is no such excluded figure.",
    "The figure of {period} is in the calculations again.",
    "The figure of {period} is left out of the calculations.",
)


def _marked(request: HttpRequest, code: str, kind: _Mark) -> HttpResponse:
    """Set a mark from the posted form, or remove one (`remove`: its id)."""
    measure = _measure(request, code)
    page = reverse("measures:detail", args=[measure.code]) + "#spc"
    if "remove" in request.POST:
        wanted = request.POST["remove"]
        mark = kind.model.objects.filter(
            measure=measure, pk=wanted if wanted.isdigit() else 0
        ).first()
        if mark is None:
            messages.error(request, kind.missing)
        else:
            kind.remove(mark, request.user)
            messages.success(request, kind.removed.format(period=mark.period.label))
        return redirect(page)
    periods = periods_of(measure)
    shown = shown_ratings([measure], periods, request.access, per_measure=True)
    own = [shown[(measure.id, p.id)] for p in periods if shown[(measure.id, p.id)].reports]
    form = kind.form(request.POST, periods=kind.periods([i for i in own if i.combined is None]))
    if form.is_valid():
        period = form.cleaned_data["period"]
        try:
            kind.set(measure, period, form.cleaned_data["reason"], request.user)
        except services.RecalculationRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, kind.done.format(period=period.label))
            return redirect(page)
    return _page(request, measure, status=400, **{kind.form_name: form})


@performance_team_required
@require_POST
def recalculate(request: HttpRequest, code: str) -> HttpResponse:
    """Set an SPC recalculation point, or remove one."""
    return _marked(request, code, RECALCULATION)


@performance_team_required
@require_POST
def exclude(request: HttpRequest, code: str) -> HttpResponse:
    """Leave a charted figure out of the SPC calculations, or put one back."""
    return _marked(request, code, EXCLUSION)


@performance_team_required
@require_POST
def spc_baseline(request: HttpRequest, code: str) -> HttpResponse:
    """Fix the SPC limits on a baseline from the posted form, or clear it (`clear`)."""
    measure = _measure(request, code)
    page = reverse("measures:detail", args=[measure.code]) + "#spc"
    if "clear" in request.POST:
        baseline = spc_baselines([measure]).get(measure.id)
        if baseline is None:
            messages.error(request, "The measure has no SPC baseline to clear.")
        else:
            services.clear_baseline(baseline, request.user)
            messages.success(request, "The SPC limits are calculated from all the figures again.")
        return redirect(page)
    periods = periods_of(measure)
    shown = shown_ratings([measure], periods, request.access, per_measure=True)
    own = [shown[(measure.id, p.id)] for p in periods if shown[(measure.id, p.id)].reports]
    form = BaselineForm(request.POST, periods=_charted([i for i in own if i.combined is None]))
    if form.is_valid():
        data = form.cleaned_data
        try:
            baseline = services.set_baseline(
                measure, data["points"], data["until"], data["reason"], request.user
            )
        except services.RecalculationRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, f"The SPC limits are fixed on {baseline_words(baseline)}.")
            return redirect(page)
    return _page(request, measure, status=400, baseline_form=form)


def _statements(request: HttpRequest, measure: Measure) -> dict:
    """The measure's signed-off statement (what every internal reader is shown), its draft
    (for those who write or sign it off), and what the person may do: one query."""
    shown = draft = None
    for version in measure.dq_statements.exclude(status=StatementStatus.REPLACED).select_related(
        "written_by", "signed_off_by"
    ):
        if version.status == StatementStatus.SIGNED_OFF:
            shown = version
        else:
            draft = version
    writes, signs = may_write(request.user, measure), may_sign_off(request.user, measure)
    today = timezone.localdate()
    return {
        "statement": shown,
        "statement_draft": draft if writes or signs else None,
        "statement_overdue": shown is not None and review_overdue(shown.review_date, today),
        "writes_statement": writes,
        "signs_statement": signs,
    }


STATEMENT_ACTIONS = ("save", "save_sign_off", "sign_off", "discard")


@internal_reader_required
def statement(request: HttpRequest, code: str) -> HttpResponse:
    """Write the measure's data quality statement (its owner, the performance team) and sign
    it off (its owner, whoever signs off its figures). Everyone else reads the signed-off
    statement on the measure page."""
    measure = _measure(request, code)
    context = _statements(request, measure)
    writes, signs = context["writes_statement"], context["signs_statement"]
    if not (writes or signs):
        raise PermissionDenied(
            "Only the measure's owner, whoever signs off its figures and the performance team "
            "may write or sign off its statement."
        )
    here = reverse("measures:statement", args=[measure.code])
    form, status, problems = None, 200, []
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in STATEMENT_ACTIONS:
            problems = ["Choose what to do: save the draft, or sign it off."]
            status = 400
        elif action in ("save", "save_sign_off", "discard") and not writes:
            raise PermissionDenied("Only the measure's owner or the performance team may write it.")
        elif action in ("save_sign_off", "sign_off") and not signs:
            raise PermissionDenied("You may not sign off this measure's statement.")
        elif action == "discard":
            if context["statement_draft"] is None:
                messages.info(request, "There is no draft to throw away.")
            else:
                discard_draft(measure, request.user)
                messages.success(request, "The draft is thrown away.")
            return redirect(here)
        else:
            if action != "sign_off":
                form = StatementForm(request.POST)
                if not form.is_valid():
                    status = 400
                else:
                    try:
                        save_statement(measure, form.entry(), request.user)
                    except StatementRefused as refused:
                        _attach(form, refused)
                        status = 400
            if status == 200 and action == "save":
                messages.success(request, "The draft is saved. It is shown once signed off.")
                return redirect(here)
            if status == 200:
                try:
                    signed = sign_off_statement(measure, request.user)
                except StatementRefused as refused:
                    if form is not None:
                        _attach(form, refused)
                    else:
                        problems = [problem.message for problem in refused.problems]
                    status = 400
                else:
                    messages.success(
                        request, f"Version {signed.version} of the statement is signed off."
                    )
                    return redirect(
                        reverse("measures:detail", args=[measure.code]) + "#data-quality"
                    )
        context = _statements(request, measure)  # the draft as it now is
    if writes and form is None:
        current = context["statement_draft"] or context["statement"]
        form = StatementForm(initial=StatementForm.initial_of(current))
    return render(
        request,
        "measures/statement.html",
        {"measure": measure, "form": form, "problems": problems, **context},
        status=status,
    )


def _attach(form: StatementForm, refused: StatementRefused) -> None:
    for problem in refused.problems:
        form.add_error(problem.field if problem.field in form.fields else None, problem.message)


PROFILE_ACTIONS = ("preview_profile", "set_profile", "preview_trajectory", "set_trajectory")


def _profile_years(measure: Measure) -> list[tuple[str, str]]:
    """The financial years the page offers: twelve either side of this one."""
    start = measure.organisation.financial_year_start_month
    now = core_periods.period_containing(timezone.localdate(), PeriodType.YEAR, start)
    first = now.start.year
    return [
        (str(year), core_periods.year_label(year, start)) for year in range(first - 12, first + 13)
    ]


def _profile_initial(measure: Measure, settings: profiles.ProfileSettings) -> dict:
    """The form as the measure's profile is set; the year is the latest with a year target."""
    years = measure.targets.filter(period__type=PeriodType.YEAR).order_by("-period__start")
    latest = years.values_list("period__start", flat=True).first()
    written = ValueType(measure.value_type)
    return {
        "method": settings.method.value,
        "by_hand": settings.by_hand,
        "year": str(latest.year if latest else timezone.localdate().year),
        "baseline_year": settings.baseline_year or "",
        "baseline": "" if settings.baseline is None else format_amount(settings.baseline, written),
        "end_year": settings.end_year or "",
        "end": "" if settings.end is None else format_amount(settings.end, written),
    }


@performance_team_required
def target_profile(request: HttpRequest, code: str) -> HttpResponse:
    """The performance team's page for a measure's target profile and trajectory: preview the
    targets they would set, then set them (through `set_targets`: agreement, the rules and
    the audit apply). Targets set by hand are listed, and replaced only when asked."""
    measure = _measure(request, code)
    years = _profile_years(measure)
    settings = profiles.settings_of(measure)
    proposals, problem, by_hand, status = None, "", [], 200
    heading = ""
    if request.method == "POST":
        form = profiles_form(request.POST, measure, years)
        action = request.POST.get("action", "")
        if action not in PROFILE_ACTIONS:
            form.add_error(None, "Choose what to do: preview, or set the targets.")
        if form.is_valid():
            wanted = form.settings()
            problems = profiles.settings_problems(measure, wanted)
            for name, message in problems.items():
                form.add_error(name, message)
        if form.is_valid():
            try:
                if action.endswith("trajectory"):
                    heading = "On the trajectory"
                    proposals = profiles.preview_trajectory(measure, wanted)
                else:
                    heading = f"Profiled {PROFILE_LABELS[wanted.method]}"
                    proposals = profiles.preview_profile(
                        measure, wanted, int(form.cleaned_data["year"])
                    )
            except profiles.ProfileError as error:
                problem = f"{str(error)[:1].upper()}{str(error)[1:]}."
            if proposals is not None and action.startswith("set_"):
                try:
                    with transaction.atomic():
                        profiles.set_profile(measure, wanted, request.user)
                        count = profiles.apply_proposals(
                            proposals,
                            request.user,
                            replace_by_hand=form.cleaned_data["replace_by_hand"],
                            reason=proposals[0].source,
                        )
                except profiles.HandSetTargets as asked:
                    by_hand = asked.proposals
                    status = 409
                except services.FigureRefused as refused:
                    problem = " ".join(p.message for p in refused.problems)
                    status = 400
                else:
                    messages.success(
                        request,
                        f"{count} target{'s' if count != 1 else ''} set: {proposals[0].source}.",
                    )
                    return redirect(reverse("measures:target_profile", args=[measure.code]))
        if not form.is_valid() or problem:
            status = 400
    else:
        form = profiles_form(None, measure, years, initial=_profile_initial(measure, settings))
    return render(
        request,
        "measures/target_profile.html",
        {
            "measure": measure,
            "form": form,
            "settings": settings,
            "method_label": PROFILE_LABELS[settings.method],
            "trajectory": profiles.trajectory_source(measure, settings)
            if settings.has_trajectory
            else "",
            "baseline": profiles.trajectory_baseline(measure, settings)
            if settings.has_trajectory
            else "",
            "proposals": proposals,
            "heading": heading,
            "problem": problem,
            "by_hand": by_hand,
        },
        status=status,
    )


def profiles_form(data, measure: Measure, years, initial=None) -> TargetProfileForm:
    return TargetProfileForm(data, measure=measure, years=years, initial=initial)
