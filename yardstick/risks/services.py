"""Every write to the risk registers, and the rules each applies: the pages, the administration
and the importer call these, so a value is judged the same way at every door. Each write runs
in one transaction and records who made it and why in the models' history.

Who may do what (`may_manage`, `may_review`, `may_update_action`):
- the performance team manages every register: adds, changes, escalates and closes risks;
- a director or head of service (the head of a register's unit, or of a unit above it) and a
  management group's chair manage their register's risks as the team does;
- a risk's owner reviews it (new scores, notes, a control) and adds controls and further
  actions; a further action's owner updates it;
- everyone with a role in the council (councillors included) reads every register.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from yardstick.accounts.access import access_for
from yardstick.bounds import (
    Refused,
    check_day,
    check_optional,
    check_text,
)
from yardstick.core import risk as core
from yardstick.logs import log_event
from yardstick.risks.models import (
    CODE_LIMIT,
    ESCALATES_TO,
    NAME_LIMIT,
    REFERENCE_LIMIT,
    ActionStatus,
    Category,
    Control,
    FurtherAction,
    InReport,
    Register,
    RegisterKind,
    Risk,
    RiskReview,
    RiskScale,
    RiskStatus,
)

LINKS_LIMIT = 50  # themes, measures, key projects or partners named on one risk
LEVELS = ("inherent", "current", "target")


# A refusal of the rules is a `bounds.Refused` (the bounds' one home), named here for risks.
RiskRefused = Refused


# --- bounds -------------------------------------------------------------------------------


def check_level(level, scale: core.RiskScale, field: str, what: str) -> int:
    try:
        core.check_level(level, scale, what)
    except ValueError as error:
        raise RiskRefused(f"{error}", field) from None
    return level


# --- the scale ----------------------------------------------------------------------------


def _default_row(organisation_id: int) -> RiskScale:
    scale = core.default_scale()
    return RiskScale(
        organisation_id=organisation_id,
        size=scale.size,
        likelihood_labels="\n".join(scale.likelihood_labels),
        impact_labels="\n".join(scale.impact_labels),
        bands=core.print_bands(scale.bands),
        appetite=scale.appetite,
    )


def scale_of(organisation_id: int) -> core.RiskScale:
    """The council's scale as the core reads it: its own, or the default 5×5 (created, with
    its history, the first time it is asked for)."""
    row = RiskScale.objects.filter(organisation_id=organisation_id).first()
    if row is None:
        try:
            with transaction.atomic():
                row = _default_row(organisation_id)
                row._change_reason = "The default 5×5 scale"
                row.save()
        except IntegrityError:  # another request made it first
            row = RiskScale.objects.get(organisation_id=organisation_id)
    try:
        scale = row.as_core()
    except ValueError:
        return core.default_scale()
    return core.default_scale() if core.scale_problems(scale) else scale


def check_scale(row: RiskScale) -> None:
    """A scale by the core's rules; and no risk of the council already scored beyond it."""
    try:
        problems = core.scale_problems(row.as_core())
    except ValueError as error:
        raise RiskRefused(str(error), "bands") from None
    if problems:
        raise RiskRefused(problems[0], "")
    risks = Risk.objects.of(row.organisation_id)
    off = Q()
    for level in LEVELS:
        for part in ("likelihood", "impact"):
            off |= Q(**{f"{level}_{part}__gt": row.size})
    scored = list(risks.filter(off).order_by("reference").values_list("reference", flat=True))
    reviewed = list(
        RiskReview.objects.filter(risk__register__organisation_id=row.organisation_id)
        .filter(Q(likelihood__gt=row.size) | Q(impact__gt=row.size))
        .order_by("risk__reference")
        .values_list("risk__reference", flat=True)
        .distinct()
    )
    if scored or reviewed:
        named = ", ".join(dict.fromkeys(scored + reviewed).keys())
        raise RiskRefused(
            f"These risks are scored above {row.size} (now or in a past review): {named}. "
            f"A {row.size}×{row.size} scale would leave their scores off it.",
            "size",
        )
    wide = list(
        risks.filter(appetite__gt=row.size * row.size)
        .order_by("reference")
        .values_list("reference", flat=True)
    )
    if wide:
        raise RiskRefused(
            f"These risks set an appetite above {row.size * row.size}, the highest score of a "
            f"{row.size}×{row.size} scale: {', '.join(wide)}.",
            "size",
        )


@transaction.atomic
def save_scale(row: RiskScale, acting_user, *, reason: str) -> RiskScale:
    """Set the council's scale (the performance team)."""
    _may_administer(acting_user, row.organisation_id)
    check_scale(row)
    row._history_user = acting_user
    row._change_reason = reason
    row.save()
    return row


# --- who may ------------------------------------------------------------------------------


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated


def may_read(user, organisation_id: int) -> bool:
    return access_for(user, organisation_id).is_internal_reader


def may_manage(user, register: Register) -> bool:
    """The performance team; the head of the register's unit or of a unit above it; the
    chair of a management group's register's group."""
    if not _signed_in(user):
        return False
    access = access_for(user, register.organisation_id)
    if access.is_performance_team:
        return True
    if access.organisation_id is None:
        return False
    if register.body_id is not None and register.body.chair_id == user.pk:
        return True
    unit = register.unit
    seen = set()
    while unit is not None and unit.pk not in seen:
        if unit.head_id == user.pk:
            return True
        seen.add(unit.pk)
        unit = unit.parent
    return False


def may_review(user, risk: Risk) -> bool:
    """The risk's owner, or whoever manages its register."""
    if not _signed_in(user):
        return False
    if risk.owner_id == user.pk and access_for(user, risk.register.organisation_id).organisation_id:
        return True
    return may_manage(user, risk.register)


def may_update_action(user, action: FurtherAction) -> bool:
    """The action's owner, or whoever may review its risk."""
    if _signed_in(user) and action.owner_id == user.pk:
        return access_for(user, action.risk.register.organisation_id).organisation_id is not None
    return may_review(user, action.risk)


def _refuse_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _may_administer(acting_user, organisation_id: int) -> None:
    """The performance team (None is the deployment itself: a command or the importer)."""
    if acting_user is not None and not access_for(acting_user, organisation_id).is_performance_team:
        raise PermissionDenied("Only the performance team may do this.")


# --- registers ----------------------------------------------------------------------------


def check_register(register: Register) -> None:
    """A register as the administration or a file gives it: titled, coded, of a kind, and
    belonging to what its kind needs (a directorate's or service's unit, a management
    group, a partnership; nothing for the corporate register), all this council's own."""
    register.title = check_text(register.title, "title", "the register's title", NAME_LIMIT)
    register.code = check_text(register.code, "code", "the register's code", CODE_LIMIT)
    if not all(part.isalnum() for part in register.code.split("-")):
        raise RiskRefused("The code is letters and digits, with hyphens between.", "code")
    if register.kind not in RegisterKind.values:
        raise RiskRefused("Choose the kind of register.", "kind")
    needs = {
        RegisterKind.CORPORATE: None,
        RegisterKind.DIRECTORATE: "unit",
        RegisterKind.SERVICE: "unit",
        RegisterKind.MANAGEMENT_GROUP: "body",
        RegisterKind.PARTNERSHIP: "partnership",
    }[register.kind]
    for name, what in (("unit", "a unit"), ("body", "a group"), ("partnership", "a partnership")):
        given = getattr(register, f"{name}_id") is not None
        if name == needs and not given:
            raise RiskRefused(
                f"A {RegisterKind(register.kind).label.lower()} register belongs to {what}: "
                "choose it.",
                name,
            )
        if name != needs and given:
            raise RiskRefused(
                f"A {RegisterKind(register.kind).label.lower()} register does not belong to "
                f"{what}: leave it blank.",
                name,
            )
        if given and getattr(register, name).organisation_id != register.organisation_id:
            raise RiskRefused("Choose one of this council's own.", name)
    if register.kind == RegisterKind.DIRECTORATE and register.unit.kind != "directorate":
        raise RiskRefused("A directorate register belongs to a directorate.", "unit")
    if register.kind == RegisterKind.MANAGEMENT_GROUP and register.body.kind != "management_group":
        raise RiskRefused("A management group register belongs to a management group.", "body")
    clash = Register.objects.filter(organisation_id=register.organisation_id, code=register.code)
    if register.pk is not None:
        clash = clash.exclude(pk=register.pk)
    if clash.exists():
        raise RiskRefused(f"Another register has the code {register.code}.", "code")


@transaction.atomic
def save_register(register: Register, acting_user, *, reason: str) -> Register:
    """Create or change a register (the performance team)."""
    _may_administer(acting_user, register.organisation_id)
    check_register(register)
    register._history_user = acting_user
    register._change_reason = reason
    register.save()
    return register


# --- risks --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RiskInput:
    """A risk as a form, a file or the API gives it."""

    title: str
    category: str
    owner: object | None  # a User of the council
    inherent_likelihood: int | None
    inherent_impact: int | None
    current_likelihood: int | None
    current_impact: int | None
    target_likelihood: int | None
    target_impact: int | None
    review_date: date | None
    cause: str = ""
    event: str = ""
    effect: str = ""
    appetite: int | None = None
    themes: list = field(default_factory=list)
    measures: list = field(default_factory=list)
    key_actions: list = field(default_factory=list)
    partners: list = field(default_factory=list)


def check_risk(register: Register, given: RiskInput, today: date | None = None) -> RiskInput:
    """A risk's fields by the rules: within their lengths, levels on the council's scale,
    the target no worse than the current score nor the current than the inherent, the review
    date within bounds, and everything it names this council's own."""
    organisation_id = register.organisation_id
    scale = scale_of(organisation_id)
    title = check_text(given.title, "title", "the risk's title", NAME_LIMIT)
    texts = {
        name: check_optional(getattr(given, name), name, f"the {name}")
        for name in ("cause", "event", "effect")
    }
    if given.category not in Category.values:
        raise RiskRefused("Choose the risk's category.", "category")
    if given.owner is None:
        raise RiskRefused("Choose the risk's owner.", "owner")
    if given.owner.organisation_id not in (None, organisation_id):  # None: runs the deployment
        raise RiskRefused("The owner must be someone in this council.", "owner")
    for level in LEVELS:
        check_level(
            getattr(given, f"{level}_likelihood"),
            scale,
            f"{level}_likelihood",
            f"{level} likelihood",
        )
        check_level(getattr(given, f"{level}_impact"), scale, f"{level}_impact", f"{level} impact")
    inherent = given.inherent_likelihood * given.inherent_impact
    current = given.current_likelihood * given.current_impact
    target = given.target_likelihood * given.target_impact
    if current > inherent:
        raise RiskRefused(
            f"The current score ({current}) cannot be above the inherent score ({inherent}): "
            "the inherent score is the risk before any control.",
            "current_likelihood",
        )
    if target > current:
        raise RiskRefused(
            f"The target score ({target}) cannot be above the current score ({current}).",
            "target_likelihood",
        )
    if given.appetite is not None and not 1 <= given.appetite <= scale.highest:
        raise RiskRefused(
            f"The appetite must be a score from 1 to {scale.highest}, or blank for the "
            f"council's ({scale.appetite}).",
            "appetite",
        )
    check_day(given.review_date, "review_date", "The review date", today)
    for name, what in (
        ("themes", "theme"),
        ("measures", "measure"),
        ("key_actions", "key project"),
        ("partners", "partner"),
    ):
        rows = list(getattr(given, name))
        if len(rows) > LINKS_LIMIT:
            raise RiskRefused(f"Name at most {LINKS_LIMIT} {what}s.", name)
        for row in rows:
            owner_id = row.plan.organisation_id if name == "themes" else row.organisation_id
            if owner_id != organisation_id:
                raise RiskRefused(f"Each {what} must be one of this council's.", name)
    return RiskInput(
        title=title,
        category=given.category,
        owner=given.owner,
        inherent_likelihood=given.inherent_likelihood,
        inherent_impact=given.inherent_impact,
        current_likelihood=given.current_likelihood,
        current_impact=given.current_impact,
        target_likelihood=given.target_likelihood,
        target_impact=given.target_impact,
        review_date=given.review_date,
        appetite=given.appetite,
        themes=list(given.themes),
        measures=list(given.measures),
        key_actions=list(given.key_actions),
        partners=list(given.partners),
        **texts,
    )


def next_reference(register: Register) -> str:
    """The register's next free reference: CORP-01, CORP-02 ..."""
    taken = set(Risk.objects.filter(register=register).values_list("reference", flat=True))
    number = len(taken) + 1
    while f"{register.code}-{number:02d}" in taken:
        number += 1
    return f"{register.code}-{number:02d}"


def _apply(risk: Risk, checked: RiskInput) -> None:
    for name in (
        "title",
        "category",
        "owner",
        "cause",
        "event",
        "effect",
        "appetite",
        "review_date",
        *(f"{level}_{part}" for level in LEVELS for part in ("likelihood", "impact")),
    ):
        setattr(risk, name, getattr(checked, name))


def _set_links(risk: Risk, checked: RiskInput) -> None:
    for name in ("themes", "measures", "key_actions", "partners"):
        wanted = {row.pk for row in getattr(checked, name)}
        if wanted != set(getattr(risk, name).values_list("pk", flat=True)):
            getattr(risk, name).set(getattr(checked, name))


@transaction.atomic
def create_risk(
    register: Register,
    given: RiskInput,
    acting_user,
    *,
    reference: str = "",
    reason: str = "Risk added",
    today: date | None = None,
) -> Risk:
    """Add a risk to `register` (whoever manages it), with its first review: the scores it
    was added with."""
    _refuse_unless(
        acting_user is None or may_manage(acting_user, register),
        "Only the performance team, or the register's director, may add a risk to it.",
    )
    checked = check_risk(register, given, today)
    reference = check_optional(reference, "reference", "the reference", REFERENCE_LIMIT)
    Register.objects.select_for_update().get(pk=register.pk)
    if reference and Risk.objects.filter(register=register, reference=reference).exists():
        raise RiskRefused(f"{register} already has a risk {reference}.", "reference")
    risk = Risk(register=register, reference=reference or next_reference(register))
    _apply(risk, checked)
    risk._history_user = acting_user
    risk._change_reason = reason
    risk.save()
    _set_links(risk, checked)
    today = today or timezone.localdate()
    _record_review(
        risk,
        reviewed_on=today,
        reviewer=acting_user or checked.owner,
        likelihood=risk.current_likelihood,
        impact=risk.current_impact,
        notes="Risk identified.",
        next_review=risk.review_date,
        acting_user=acting_user,
    )
    log_event("risk_added", organisation_id=register.organisation_id, risk=risk.pk)
    return risk


def _locked_open(risk: Risk) -> Risk:
    risk = Risk.objects.select_for_update().select_related("register").get(pk=risk.pk)
    if risk.status != RiskStatus.OPEN:
        raise RiskRefused(
            f"This risk was closed on {risk.closed_on:%-d %B %Y}: it takes no more changes."
        )
    return risk


@transaction.atomic
def edit_risk(
    risk: Risk, given: RiskInput, acting_user, *, reason: str = "Risk changed", today=None
) -> Risk:
    """Change a risk's description, owner, links, scores or review date (whoever manages its
    register). A change of the current score is better made by a review, which keeps it."""
    risk = _locked_open(risk)
    _refuse_unless(
        acting_user is None or may_manage(acting_user, risk.register),
        "Only the performance team, or the register's director, may change this risk.",
    )
    checked = check_risk(risk.register, given, today)
    _apply(risk, checked)
    risk._history_user = acting_user
    risk._change_reason = reason
    risk.save()
    _set_links(risk, checked)
    return risk


def _record_review(
    risk, *, reviewed_on, reviewer, likelihood, impact, notes, next_review, acting_user
):
    review = RiskReview(
        risk=risk,
        reviewed_on=reviewed_on,
        reviewer=reviewer,
        likelihood=likelihood,
        impact=impact,
        notes=notes,
        next_review=next_review,
    )
    review._history_user = acting_user
    review._change_reason = "Risk reviewed"
    review.save()
    return review


def check_review(
    risk: Risk,
    likelihood,
    impact,
    notes: str,
    next_review: date | None,
    reviewed_on: date | None,
    today: date | None = None,
) -> str:
    """A review's scores on the council's scale, its notes within their length, the day not
    in the future and the next review after it."""
    today = today or timezone.localdate()
    scale = scale_of(risk.register.organisation_id)
    check_level(likelihood, scale, "likelihood", "likelihood")
    check_level(impact, scale, "impact", "impact")
    notes = check_optional(notes, "notes", "the notes")
    reviewed_on = reviewed_on or today
    check_day(reviewed_on, "reviewed_on", "The day of the review", today)
    if reviewed_on > today:
        raise RiskRefused("The day of the review cannot be in the future.", "reviewed_on")
    check_day(next_review, "next_review", "The next review date", today)
    if next_review <= reviewed_on:
        raise RiskRefused("The next review date must be after the review.", "next_review")
    return notes


@transaction.atomic
def review_risk(
    risk: Risk,
    likelihood: int,
    impact: int,
    notes: str,
    next_review: date,
    acting_user,
    *,
    control: str = "",
    control_owner=None,
    reviewed_on: date | None = None,
    today: date | None = None,
) -> RiskReview:
    """Review `risk` (its owner, or whoever manages its register): its current likelihood and
    impact now, notes, the next review date and, given, a new control in place. The review is
    kept; the risk takes its scores and review date."""
    risk = _locked_open(risk)
    _refuse_unless(
        may_review(acting_user, risk),
        "Only the risk's owner, the register's director or the performance team may review it.",
    )
    today = today or timezone.localdate()
    notes = check_review(risk, likelihood, impact, notes, next_review, reviewed_on, today)
    control = check_optional(control, "control", "the control")
    if control_owner is not None and control_owner.organisation_id != risk.register.organisation_id:
        raise RiskRefused("The control's owner must be someone in this council.", "control_owner")
    if likelihood * impact > risk.inherent_score:
        raise RiskRefused(
            f"The score ({likelihood * impact}) cannot be above the inherent score "
            f"({risk.inherent_score}): change the inherent score first if the risk has grown.",
            "likelihood",
        )
    review = _record_review(
        risk,
        reviewed_on=reviewed_on or today,
        reviewer=acting_user,
        likelihood=likelihood,
        impact=impact,
        notes=notes,
        next_review=next_review,
        acting_user=acting_user,
    )
    risk.current_likelihood, risk.current_impact = likelihood, impact
    risk.review_date = next_review
    risk._history_user = acting_user
    risk._change_reason = "Risk reviewed"
    risk.save(update_fields=["current_likelihood", "current_impact", "review_date"])
    if control:
        _add_control(risk, control, control_owner, acting_user, today)
    log_event(
        "risk_reviewed",
        organisation_id=risk.register.organisation_id,
        risk=risk.pk,
        score=review.score,
    )
    return review


def _add_control(risk, text, owner, acting_user, today) -> Control:
    row = Control(risk=risk, text=text, owner=owner, added_on=today)
    row._history_user = acting_user
    row._change_reason = "Control added"
    row.save()
    return row


@transaction.atomic
def add_control(risk: Risk, text: str, owner, acting_user, *, today: date | None = None) -> Control:
    """A control now in place on `risk` (whoever may review it)."""
    risk = _locked_open(risk)
    _refuse_unless(
        acting_user is None or may_review(acting_user, risk),
        "Only the risk's owner, the register's director or the performance team may add a control.",
    )
    text = check_text(text, "text", "the control")
    if owner is not None and owner.organisation_id != risk.register.organisation_id:
        raise RiskRefused("The control's owner must be someone in this council.", "owner")
    return _add_control(risk, text, owner, acting_user, today or timezone.localdate())


@transaction.atomic
def add_further_action(
    risk: Risk, text: str, owner, due: date | None, acting_user, *, today: date | None = None
) -> FurtherAction:
    """A further action to bring `risk` to its target: what, whose, by when."""
    risk = _locked_open(risk)
    _refuse_unless(
        acting_user is None or may_review(acting_user, risk),
        "Only the risk's owner, the register's director or the performance team may add an action.",
    )
    text = check_text(text, "text", "the action")
    if owner is None:
        raise RiskRefused("Choose the action's owner.", "owner")
    if owner.organisation_id != risk.register.organisation_id:
        raise RiskRefused("The action's owner must be someone in this council.", "owner")
    check_day(due, "due", "The due date", today)
    action = FurtherAction(risk=risk, text=text, owner=owner, due=due)
    action._history_user = acting_user
    action._change_reason = "Further action added"
    action.save()
    return action


@transaction.atomic
def update_further_action(
    action: FurtherAction, progress: str, status: str, acting_user, *, today: date | None = None
) -> FurtherAction:
    """Progress on a further action (its owner, or whoever may review its risk), leaving it
    open or closing it, done or dropped. A closed action takes no more updates."""
    action = (
        FurtherAction.objects.select_for_update().select_related("risk__register").get(pk=action.pk)
    )
    _refuse_unless(
        may_update_action(acting_user, action),
        "Only the action's owner, the risk's owner or the performance team may update it.",
    )
    if action.status != ActionStatus.OPEN:
        raise RiskRefused(
            f"This action was closed ({action.get_status_display().lower()}): it takes no "
            "more updates."
        )
    if status not in ActionStatus.values:
        raise RiskRefused("Choose open, done or dropped.", "status")
    action.progress = check_text(progress, "progress", "the progress")
    today = today or timezone.localdate()
    action.updated_on = today
    action.status = status
    if status != ActionStatus.OPEN:
        action.closed_on = today
    action._history_user = acting_user
    action._change_reason = (
        "Progress on the action"
        if status == ActionStatus.OPEN
        else f"Closed: {ActionStatus(status).label.lower()}"
    )
    action.save(update_fields=["progress", "updated_on", "status", "closed_on"])
    return action


def escalation_targets(risk: Risk) -> list[Register]:
    """The registers `risk` may be escalated to: of a kind above its own (a service's to its
    directorate's or the corporate register, a directorate's to the corporate register, a
    management group's to its partnership's), in its scope, and not already holding it."""
    register = risk.register
    kinds = ESCALATES_TO[RegisterKind(register.kind)]
    if not kinds:
        return []
    already = set(risk.escalations.values_list("register_id", flat=True))
    candidates = Register.objects.of(register.organisation_id).filter(kind__in=kinds)
    return [
        candidate
        for candidate in candidates.select_related("unit", "partnership")
        if candidate.pk not in already and _in_scope(register, candidate)
    ]


def _in_scope(lower: Register, higher: Register) -> bool:
    if higher.kind == RegisterKind.CORPORATE:
        return True
    if higher.kind == RegisterKind.DIRECTORATE:
        return lower.unit is not None and lower.unit.directorate().pk == higher.unit_id
    if higher.kind == RegisterKind.PARTNERSHIP:
        return lower.body is not None and lower.body.partnership_id == higher.partnership_id
    return False


@transaction.atomic
def escalate_risk(
    risk: Risk, to: Register, acting_user, *, reason: str = "", today: date | None = None
) -> Risk:
    """Raise `risk` to the higher register `to`: a new risk there, escalated from this one
    (which stays open on its own register), with the same description, owner, scores, links
    and partners, and a first review saying why it was escalated."""
    risk = _locked_open(risk)
    _refuse_unless(
        acting_user is None or may_manage(acting_user, risk.register),
        "Only the performance team, or the register's director, may escalate this risk.",
    )
    reason = check_optional(reason, "reason", "the reason")
    if to.organisation_id != risk.register.organisation_id:
        raise RiskRefused("Choose one of this council's registers.", "register")
    kinds = ESCALATES_TO[RegisterKind(risk.register.kind)]
    if to.kind not in kinds:
        allowed = " or ".join(f"a {RegisterKind(kind).label.lower()}" for kind in kinds)
        raise RiskRefused(
            f"A risk on a {risk.register.get_kind_display().lower()} register is escalated "
            + (f"to {allowed} register." if allowed else "no higher: it is at the top."),
            "register",
        )
    if not _in_scope(risk.register, to):
        raise RiskRefused(f"{to} is not above {risk.register}.", "register")
    if risk.escalations.filter(register=to).exists():
        raise RiskRefused(f"This risk is already on {to}.", "register")
    given = RiskInput(
        title=risk.title,
        category=risk.category,
        owner=risk.owner,
        inherent_likelihood=risk.inherent_likelihood,
        inherent_impact=risk.inherent_impact,
        current_likelihood=risk.current_likelihood,
        current_impact=risk.current_impact,
        target_likelihood=risk.target_likelihood,
        target_impact=risk.target_impact,
        review_date=risk.review_date,
        cause=risk.cause,
        event=risk.event,
        effect=risk.effect,
        appetite=risk.appetite,
        themes=list(risk.themes.all()),
        measures=list(risk.measures.all()),
        key_actions=list(risk.key_actions.all()),
        partners=list(risk.partners.all()),
    )
    checked = check_risk(to, given, today)
    Register.objects.select_for_update().get(pk=to.pk)
    higher = Risk(register=to, reference=next_reference(to), escalated_from=risk)
    _apply(higher, checked)
    higher._history_user = acting_user
    higher._change_reason = f"Escalated from {risk.register}: {risk.reference}"
    higher.save()
    _set_links(higher, checked)
    _record_review(
        higher,
        reviewed_on=today or timezone.localdate(),
        reviewer=acting_user or risk.owner,
        likelihood=higher.current_likelihood,
        impact=higher.current_impact,
        notes=f"Escalated from {risk.register} ({risk.reference})."
        + (f" {reason}" if reason else ""),
        next_review=higher.review_date,
        acting_user=acting_user,
    )
    log_event(
        "risk_escalated",
        organisation_id=to.organisation_id,
        risk=risk.pk,
        escalated_to=higher.pk,
    )
    return higher


@transaction.atomic
def close_risk(risk: Risk, reason: str, acting_user, *, today: date | None = None) -> Risk:
    """Close a risk that has passed or is now managed elsewhere (whoever manages its
    register), saying why."""
    risk = _locked_open(risk)
    _refuse_unless(
        acting_user is None or may_manage(acting_user, risk.register),
        "Only the performance team, or the register's director, may close this risk.",
    )
    reason = check_text(reason, "reason", "why the risk is closed", NAME_LIMIT)
    risk.status = RiskStatus.CLOSED
    risk.closed_on = today or timezone.localdate()
    risk._history_user = acting_user
    risk._change_reason = f"Closed: {reason}"
    risk.save(update_fields=["status", "closed_on"])
    return risk


# --- imports: registers, risks, controls and reviews from a file ---------------------------
# An import (yardstick.imports.kinds.risks) checks each row by these rules before anything is
# written, so every problem is reported with its row, then writes each record through these,
# with the import's reason ("Imported from FILE") in its history. Who may: the performance
# team; None is the deployment itself (the command line run without --user). A file of risks
# carries their scores as they are now, and a file of reviews their history: importing a risk
# records no review of its own, and importing a review leaves its risk's scores alone.


def check_imported_risk(
    risk: Risk, given: RiskInput, was: str | None, today: date | None = None
) -> RiskInput:
    """A risk as a file gives it: by the rules of `check_risk`, a status there is, a closed
    risk left as it was (`was`, its status before; None for a new one), and the risk it was
    escalated from one on a register below this one's, in its scope."""
    if was is not None and was != RiskStatus.OPEN:
        raise RiskRefused("This risk is closed: it takes no more changes.", "status")
    if risk.status not in RiskStatus.values:
        raise RiskRefused("Choose open or closed.", "status")
    checked = check_risk(risk.register, given, today)
    lower = risk.escalated_from
    if lower is not None:
        if lower.register.organisation_id != risk.register.organisation_id:
            raise RiskRefused(
                "The risk it was escalated from must be this council's.", "escalated_from"
            )
        if risk.register.kind not in ESCALATES_TO[RegisterKind(lower.register.kind)] or not (
            _in_scope(lower.register, risk.register)
        ):
            raise RiskRefused(
                f"{risk.register} is not above {lower.register}: a risk is escalated to a "
                "higher register in its scope.",
                "escalated_from",
            )
    return checked


@transaction.atomic
def save_risk(
    risk: Risk, given: RiskInput, acting_user, *, reason: str, today: date | None = None
) -> Risk:
    """Create or change a risk as a file gives it (its status and escalation included),
    recording no review: a file of reviews carries its history."""
    _may_administer(acting_user, risk.register.organisation_id)
    was = None
    if risk.pk is not None:
        was = Risk.objects.select_for_update().values_list("status", flat=True).get(pk=risk.pk)
    checked = check_imported_risk(risk, given, was, today)
    if not risk.reference:
        risk.reference = next_reference(risk.register)
    risk.reference = check_text(risk.reference, "reference", "the reference", REFERENCE_LIMIT)
    _apply(risk, checked)
    if risk.status == RiskStatus.CLOSED and risk.closed_on is None:
        risk.closed_on = today or timezone.localdate()
    risk._history_user = acting_user
    risk._change_reason = reason
    risk.save()
    _set_links(risk, checked)
    return risk


def check_control(control: Control, today: date | None = None) -> None:
    """A control as a file gives it: its text within bounds, its owner this council's, the
    day it was added within the years allowed."""
    control.text = check_text(control.text, "text", "the control")
    organisation_id = control.risk.register.organisation_id
    if control.owner is not None and control.owner.organisation_id not in (None, organisation_id):
        raise RiskRefused("The control's owner must be someone in this council.", "owner")
    control.added_on = check_day(control.added_on, "added_on", "The day it was added", today)


@transaction.atomic
def save_control(control: Control, acting_user, *, reason: str, today=None) -> Control:
    _may_administer(acting_user, control.risk.register.organisation_id)
    check_control(control, today)
    control._history_user = acting_user
    control._change_reason = reason
    control.save()
    return control


def check_further_action(action: FurtherAction, today: date | None = None) -> None:
    """A further action as a file gives it: its text and progress within bounds, its owner
    this council's, its due date and the days it was updated and closed within the years
    allowed, a status there is, and a closed action (done or dropped) with the day it
    closed, an open one without."""
    action.text = check_text(action.text, "text", "the action")
    organisation_id = action.risk.register.organisation_id
    if action.owner is None:
        raise RiskRefused("Give the action's owner: their username.", "owner")
    if action.owner.organisation_id not in (None, organisation_id):
        raise RiskRefused("The action's owner must be someone in this council.", "owner")
    action.due = check_day(action.due, "due", "The due date", today)
    if action.status not in ActionStatus.values:
        raise RiskRefused("Give the status: open, done or dropped.", "status")
    action.progress = check_optional(action.progress, "progress", "the progress")
    if action.updated_on is not None:
        action.updated_on = check_day(action.updated_on, "updated_on", "The update's day", today)
        if action.updated_on > (today or timezone.localdate()):
            raise RiskRefused("The day of the last update cannot be in the future.", "updated_on")
    if action.status == ActionStatus.OPEN:
        if action.closed_on is not None:
            raise RiskRefused("An open action has no closing day: leave it blank.", "closed_on")
        return
    if action.closed_on is None:
        raise RiskRefused("A done or dropped action needs the day it was closed.", "closed_on")
    action.closed_on = check_day(action.closed_on, "closed_on", "The closing day", today)
    if action.closed_on > (today or timezone.localdate()):
        raise RiskRefused("The closing day cannot be in the future.", "closed_on")


@transaction.atomic
def save_further_action(
    action: FurtherAction, acting_user, *, reason: str, today=None
) -> FurtherAction:
    """Add or change a further action as a file gives it (the performance team, or the
    deployment itself), by `check_further_action`, with `reason` in its history."""
    _may_administer(acting_user, action.risk.register.organisation_id)
    check_further_action(action, today)
    action._history_user = acting_user
    action._change_reason = reason
    action.save()
    return action


def check_imported_review(review: RiskReview, today: date | None = None) -> None:
    """A past review as a file gives it, by the rules of `check_review` (its scores on the
    scale, its notes within bounds, its day not in the future, the next review after it) and
    a reviewer of this council."""
    organisation_id = review.risk.register.organisation_id
    if review.reviewer is None:
        raise RiskRefused("Give the reviewer.", "reviewer")
    if review.reviewer.organisation_id not in (None, organisation_id):
        raise RiskRefused("The reviewer must be someone in this council.", "reviewer")
    review.notes = check_review(
        review.risk,
        review.likelihood,
        review.impact,
        review.notes,
        review.next_review,
        review.reviewed_on,
        today,
    )


@transaction.atomic
def save_review(review: RiskReview, acting_user, *, reason: str, today=None) -> RiskReview:
    """Keep a past review from a file: the risk's own scores are the risks file's."""
    _may_administer(acting_user, review.risk.register.organisation_id)
    if review.reviewed_on is None:
        raise RiskRefused("Enter the day of the review.", "reviewed_on")
    check_imported_review(review, today)
    review._history_user = acting_user
    review._change_reason = reason
    review.save()
    return review


@transaction.atomic
def choose_for_report(organisation_id: int, chosen: dict[int, str], acting_user) -> int:
    """Set which of the council's registers the Strategic Performance Report includes
    (`chosen`: {register id: an `InReport` value}; a register not named is left as it is).
    The performance team only; each change is a history row of the register with who made
    it (and so renews the report's kept documents' version). Returns how many changed."""
    _may_administer(acting_user, organisation_id)
    registers = {
        register.pk: register
        for register in Register.objects.of(organisation_id)
        .filter(pk__in=list(chosen))
        .select_for_update()
    }
    if set(chosen) - set(registers):
        raise RiskRefused("Choose among this council's registers.", "")
    if set(chosen.values()) - set(InReport.values):
        raise RiskRefused("Choose: not in the report, its risks above appetite, or all.", "")
    changed = 0
    for register_id, inclusion in chosen.items():
        register = registers[register_id]
        if register.in_report == inclusion:
            continue
        register.in_report = inclusion
        register._history_user = acting_user
        register._change_reason = (
            f"Strategic Performance Report: {InReport(inclusion).label.lower()}"
        )
        register.save(update_fields=["in_report"])
        changed += 1
    if changed:
        log_event("risk_registers_chosen_for_report", organisation_id=organisation_id)
    return changed
