"""The scrutiny pages: the reviews, a review's recommendations tracker (filtered by review,
status and directorate or level; downloaded as Word, PDF or Excel), its cover report, and a
recommendation with its updates and questions. Everyone with a role in the council reads
them; the responsible officer (and their team) adds updates; councillors and the review's
members ask questions; the performance team records responses, closes recommendations and
puts them on an agenda."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from yardstick.accounts.access import internal_reader_required
from yardstick.meetings.models import Meeting
from yardstick.scrutiny import services
from yardstick.scrutiny.cover import build_cover
from yardstick.scrutiny.forms import (
    AgendaForm,
    AnswerForm,
    CloseForm,
    FilterForm,
    QuestionForm,
    RecommendationForm,
    ResponseForm,
    ReviewForm,
    UpdateForm,
)
from yardstick.scrutiny.models import LIVE, Question, Recommendation, Review
from yardstick.scrutiny.renderers import FORMATS
from yardstick.scrutiny.tracker import NO_RESPONSE, NO_UPDATE, Filters, build_tracker, group_choices


def _reviews(request: HttpRequest):
    return Review.objects.filter(organisation_id=request.access.organisation_id)


@internal_reader_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    reviews = (
        _reviews(request)
        .select_related("body")
        .annotate(
            total=Count("recommendations"),
            live=Count("recommendations", filter=Q(recommendations__status__in=LIVE)),
        )
    )
    return render(
        request,
        "scrutiny/index.html",
        {"reviews": list(reviews), "is_team": request.access.is_performance_team},
    )


def _tracker_for(request: HttpRequest, review_id: int):
    """The review, the filter form (showing the review chosen when nothing is asked), the
    filters read from the query string, and the tracker they show."""
    review = get_object_or_404(
        _reviews(request).select_related("body", "organisation"), pk=review_id
    )
    groups = group_choices(review)
    reviews = _reviews(request).only("pk", "title")
    if request.GET:
        form = FilterForm(request.GET, reviews=reviews, groups=groups)
        filters = form.filters()
        if form.errors:  # a value it does not know: shown as "All", not as a mistake
            known = {"review": review.pk, "status": filters.status, "group": filters.group}
            form = FilterForm(known, reviews=reviews, groups=groups)
    else:
        form = FilterForm(None, initial={"review": review.pk}, reviews=reviews, groups=groups)
        filters = Filters()
    tracker = build_tracker(review, filters, as_of=timezone.localdate(), group_names=dict(groups))
    return review, form, filters, tracker


@internal_reader_required
@require_GET
def tracker_page(request: HttpRequest, review_id: int) -> HttpResponse:
    chosen = request.GET.get("review", "")
    if chosen.isdigit() and len(chosen) < 12 and int(chosen) != review_id:
        other = _reviews(request).filter(pk=int(chosen)).first()
        if other is not None:  # the review filter: the other review's tracker, same filters
            query = request.GET.copy()
            query.pop("review")
            query.pop("group", None)  # directorates differ between reviews
            url = reverse("scrutiny:tracker", args=[other.pk])
            return redirect(f"{url}?{query.urlencode()}" if query else url)
    review, form, filters, tracker = _tracker_for(request, review_id)
    query = filters.as_query()
    return render(
        request,
        "scrutiny/tracker.html",
        {
            "review": review,
            "tracker": tracker,
            "form": form,
            "links": True,
            "no_response": NO_RESPONSE,
            "no_update": NO_UPDATE,
            "downloads": [
                (
                    f.label,
                    reverse("scrutiny:download", args=[review.pk, f.name])
                    + (f"?{query}" if query else ""),
                )
                for f in FORMATS.values()
            ],
            "covers": [
                (f.label, reverse("scrutiny:cover", args=[review.pk, f.name]))
                for f in FORMATS.values()
                if f.cover
            ],
            "members": list(review.members.all()),
            "is_team": request.access.is_performance_team,
        },
    )


def _file(content: bytes, media_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@internal_reader_required
@require_GET
def download(request: HttpRequest, review_id: int, format_name: str) -> HttpResponse:
    chosen = FORMATS.get(format_name)
    if chosen is None:
        raise Http404("There is no such format.")
    review, _, _, tracker = _tracker_for(request, review_id)
    return _file(
        chosen.module().render(tracker),
        chosen.media_type,
        chosen.filename("scrutiny-tracker", review.title),
    )


@internal_reader_required
@require_GET
def cover(request: HttpRequest, review_id: int, format_name: str) -> HttpResponse:
    chosen = FORMATS.get(format_name)
    if chosen is None or not chosen.cover:
        raise Http404("There is no such format.")
    review = get_object_or_404(
        _reviews(request).select_related("body", "organisation"), pk=review_id
    )
    return _file(
        chosen.module().render_cover(build_cover(review)),
        chosen.media_type,
        chosen.filename("scrutiny-cover-report", review.title),
    )


def _recommendation(request: HttpRequest, recommendation_id: int) -> Recommendation:
    return get_object_or_404(
        Recommendation.objects.filter(
            review__organisation_id=request.access.organisation_id
        ).select_related(
            "review__body",
            "unit",
            "officer",
            "source_meeting__body",
            "follow_up_period",
            "agenda_item__meeting__body",
        ),
        pk=recommendation_id,
    )


def _upcoming(recommendation: Recommendation):
    return (
        Meeting.objects.filter(
            body__organisation_id=recommendation.review.organisation_id,
            starts_at__gte=timezone.now(),
        )
        .select_related("body")
        .order_by("starts_at")
    )


@internal_reader_required
@require_http_methods(["GET", "POST"])
def recommendation_page(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    """A recommendation with its response, updates and questions; the performance team's
    forms (response, close, agenda) post here."""
    access = request.access
    recommendation = _recommendation(request, recommendation_id)
    team = services.can_manage(access, recommendation.review.organisation_id)
    response_form = ResponseForm(
        prefix="response",
        initial={
            "response": recommendation.response,
            "response_text": recommendation.response_text,
            "decided_on": recommendation.decided_on,
        },
    )
    close_form = CloseForm(prefix="close")
    agenda_kwargs = {
        "meetings": _upcoming(recommendation),
        "updates": recommendation.updates.all(),
    }
    agenda_form = AgendaForm(prefix="agenda", **agenda_kwargs)
    posted = request.POST.get("form", "")
    if request.method == "POST":
        if not team:
            raise PermissionDenied("Only the performance team may change a recommendation.")
        url = reverse("scrutiny:recommendation", args=[recommendation.pk])
        try:
            if posted == "response":
                response_form = ResponseForm(request.POST, prefix="response")
                if response_form.is_valid():
                    data = response_form.cleaned_data
                    services.record_response(
                        recommendation,
                        data["response"],
                        data["response_text"],
                        data["decided_on"],
                        request.user,
                    )
                    messages.success(request, "Response recorded.")
                    return redirect(url)
            elif posted == "close":
                close_form = CloseForm(request.POST, prefix="close")
                if close_form.is_valid():
                    services.close_recommendation(
                        recommendation,
                        close_form.cleaned_data["evidence"],
                        request.user,
                        status=close_form.cleaned_data["status"],
                    )
                    messages.success(request, "Recommendation closed.")
                    return redirect(url)
            elif posted == "agenda":
                agenda_form = AgendaForm(request.POST, prefix="agenda", **agenda_kwargs)
                if agenda_form.is_valid():
                    meeting = agenda_form.cleaned_data["meeting"]
                    update = agenda_form.cleaned_data["update"]
                    if update is None:
                        services.put_on_agenda(recommendation, meeting, request.user)
                        messages.success(request, f"Put on the agenda of {meeting}.")
                    else:
                        services.put_update_on_agenda(update, meeting, request.user)
                        messages.success(
                            request,
                            f"The update of {update.dated:%-d %B %Y} put on the agenda of "
                            f"{meeting}.",
                        )
                    return redirect(url)
        except services.Refused as refused:
            shown = {"response": response_form, "close": close_form, "agenda": agenda_form}
            shown.get(posted, response_form).show(refused)
    may_update = recommendation.is_live and services.can_update(access, recommendation)
    review = recommendation.review
    forms_shown = (response_form, close_form, agenda_form)
    return render(
        request,
        "scrutiny/recommendation.html",
        {
            "recommendation": recommendation,
            "review": review,
            "updates": list(
                recommendation.updates.select_related("written_by", "agenda_item__meeting__body")
            ),
            "questions": list(
                recommendation.questions.select_related("asked_by", "answered_by", "meeting__body")
            ),
            "may_answer": services.can_answer(access, recommendation),
            "concerns": [
                ("Measures", [f"{m.code} {m.title}" for m in recommendation.measures.all()]),
                ("Plans", [p.title for p in recommendation.plans.all()]),
                ("Themes", [t.title for t in recommendation.themes.all()]),
                ("Key projects", [f"{k.code} {k.title}" for k in recommendation.key_actions.all()]),
            ],
            "may_update": may_update,
            "may_ask": services.can_ask(access, review),
            "team": team,
            "response_form": response_form if team else None,
            "close_form": close_form if team and recommendation.is_live else None,
            "agenda_form": agenda_form if team else None,
            "form": next((f for f in forms_shown if f.errors), None),
        },
        status=400 if any(f.errors for f in forms_shown) else 200,
    )


@internal_reader_required
@require_http_methods(["GET", "POST"])
def update_page(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    """Add a dated update on action: the responsible officer, their team, the team."""
    recommendation = _recommendation(request, recommendation_id)
    if not services.can_update(request.access, recommendation):
        raise PermissionDenied(
            "Only the responsible officer, their team or the performance team may add an update."
        )
    form = UpdateForm()
    if request.method == "POST":
        form = UpdateForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.add_update(
                    recommendation,
                    data["text"],
                    request.user,
                    dated=data["dated"],
                    completed=data["completed"],
                )
            except services.Refused as refused:
                form.show(refused)
            else:
                messages.success(request, "Update on action saved.")
                return redirect("scrutiny:recommendation", recommendation_id=recommendation.pk)
    return render(
        request,
        "scrutiny/update.html",
        {"recommendation": recommendation, "form": form},
        status=400 if form.errors else 200,
    )


@internal_reader_required
@require_http_methods(["GET", "POST"])
def question_page(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    """Ask a question on a recommendation for the next meeting: councillors, the review's
    members, the performance team."""
    recommendation = _recommendation(request, recommendation_id)
    review = recommendation.review
    if not services.can_ask(request.access, review):
        raise PermissionDenied("Only councillors and the review's members may ask questions.")
    form = QuestionForm()
    if request.method == "POST":
        form = QuestionForm(request.POST)
        if form.is_valid():
            try:
                question = services.ask_question(
                    recommendation, form.cleaned_data["text"], request.user
                )
            except services.Refused as refused:
                form.show(refused)
            else:
                where = f" for {question.meeting}" if question.meeting else ""
                messages.success(request, f"Question saved{where}.")
                return redirect("scrutiny:recommendation", recommendation_id=recommendation.pk)
    return render(
        request,
        "scrutiny/question.html",
        {
            "recommendation": recommendation,
            "form": form,
            "next_meeting": services.next_meeting(review, timezone.now()),
        },
        status=400 if form.errors else 200,
    )


def _team_only(request: HttpRequest) -> None:
    if not services.can_manage(request.access, request.access.organisation_id):
        raise PermissionDenied("Only the performance team may create or change reviews.")


@internal_reader_required
@require_http_methods(["GET", "POST"])
def review_form(request: HttpRequest, review_id: int | None = None) -> HttpResponse:
    """Create (no `review_id`) or change a review and its cover report: the performance
    team, through `services.save_review`."""
    _team_only(request)
    organisation_id = request.access.organisation_id
    review = (
        get_object_or_404(_reviews(request), pk=review_id)
        if review_id is not None
        else Review(organisation_id=organisation_id)
    )
    form = ReviewForm(instance=review, organisation_id=organisation_id)
    if request.method == "POST":
        form = ReviewForm(request.POST, instance=review, organisation_id=organisation_id)
        if form.is_valid():
            try:
                saved = services.save_review(
                    form.instance,
                    request.user,
                    reason=form.cleaned_data["reason"],
                    members=list(form.cleaned_data["members"]),
                )
            except services.Refused as refused:
                form.show(refused)
            else:
                messages.success(request, "Review saved.")
                return redirect("scrutiny:tracker", review_id=saved.pk)
    return render(
        request,
        "scrutiny/review_form.html",
        {"form": form, "review": review if review_id is not None else None},
        status=400 if form.errors else 200,
    )


@internal_reader_required
@require_http_methods(["GET", "POST"])
def recommendation_form(
    request: HttpRequest, review_id: int | None = None, recommendation_id: int | None = None
) -> HttpResponse:
    """Add a recommendation to a review (`review_id`) or change one (`recommendation_id`):
    the performance team, through `services.save_recommendation`."""
    _team_only(request)
    organisation_id = request.access.organisation_id
    if recommendation_id is not None:
        recommendation = _recommendation(request, recommendation_id)
        review = recommendation.review
    else:
        review = get_object_or_404(_reviews(request), pk=review_id)
        taken = review.recommendations.order_by("-number").values_list("number", flat=True)
        recommendation = Recommendation(review=review, number=(taken.first() or 0) + 1)
    kwargs = {"instance": recommendation, "organisation_id": organisation_id}
    form = RecommendationForm(**kwargs)
    if request.method == "POST":
        form = RecommendationForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                saved = services.save_recommendation(
                    form.instance,
                    request.user,
                    reason=form.cleaned_data["reason"],
                    concerns=form.concerns(),
                )
            except services.Refused as refused:
                form.show(refused)
            else:
                messages.success(request, f"Recommendation {saved.number} saved.")
                return redirect("scrutiny:recommendation", recommendation_id=saved.pk)
    return render(
        request,
        "scrutiny/recommendation_form.html",
        {
            "form": form,
            "review": review,
            "recommendation": recommendation if recommendation_id is not None else None,
        },
        status=400 if form.errors else 200,
    )


@internal_reader_required
@require_http_methods(["GET", "POST"])
def answer_page(request: HttpRequest, question_id: int) -> HttpResponse:
    """Answer a member's question: the responsible officer, their team, the performance
    team. The answer shows, with who gave it and when, on the recommendation and the
    tracker."""
    question = get_object_or_404(
        Question.objects.filter(
            recommendation__review__organisation_id=request.access.organisation_id
        ).select_related("recommendation__review", "asked_by", "answered_by"),
        pk=question_id,
    )
    recommendation = question.recommendation
    if not services.can_answer(request.access, recommendation):
        raise PermissionDenied(
            "Only the responsible officer, their team or the performance team may answer."
        )
    form = AnswerForm(initial={"answer": question.answer})
    if request.method == "POST":
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                services.answer_question(question, form.cleaned_data["answer"], request.user)
            except services.Refused as refused:
                form.show(refused)
            else:
                messages.success(request, "Answer saved.")
                return redirect("scrutiny:recommendation", recommendation_id=recommendation.pk)
    return render(
        request,
        "scrutiny/answer.html",
        {"question": question, "recommendation": recommendation, "form": form},
        status=400 if form.errors else 200,
    )
