"""Key projects: read them and their returns (people of the organisation only: the public
site does not publish them), and write a period's return, saved or submitted for sign-off,
through the return page's own form (`collection.forms.ProjectReturnForm`) and service
(`actions.services.save_return`), so it is refused here in the page's words."""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from yardstick.actions import services
from yardstick.actions.models import ActionUpdate, KeyAction, Milestone
from yardstick.api import scope
from yardstick.api.auth import caller_of
from yardstick.api.paging import Paging, PathId, QueryId, page_of, page_schema, row_id
from yardstick.api.problems import ApiProblem, form_errors, responses, summary
from yardstick.collection.forms import ProjectReturnForm
from yardstick.core.periods import Frequency, period_type_for

router = Router(tags=["Key projects"])
READ_ERRORS = responses(400, 401, 403, 404, 422, 429)
WRITE_ERRORS = responses(400, 401, 403, 404, 409, 422, 429)


class MilestoneOut(Schema):
    id: int
    title: str
    planned: date
    actual: date | None


class ProjectOut(Schema):
    id: int
    code: str
    title: str
    status: str
    percent_complete: int | None
    due_date: date | None
    closed_on: date | None
    theme_id: int | None
    unit_id: int | None
    programme_id: int | None
    milestones: list[MilestoneOut]

    @staticmethod
    def resolve_milestones(obj) -> list:
        return list(obj.milestones.all())


class ProjectFilter(Schema):
    status: str | None = None
    unit: int | None = row_id()
    theme: int | None = row_id()


class ReturnOut(Schema):
    id: int
    action_id: int
    period_id: int
    progress: str
    status: str
    percent_complete: int | None
    state: str
    returned_reason: str
    version: int


class ReturnIn(Schema):
    """A period's return as the return page takes it. `milestones` gives the day each of the
    project's milestones was done ({milestone id: day, or null if not yet}). `version` is the
    return's version when read (omit it for a new one)."""

    action: Literal["save", "submit"] = "save"
    progress: str = Field("", max_length=20000)
    status: str = Field("", max_length=20)
    percent_complete: int | None = Field(None, ge=-1_000_000, le=1_000_000)
    milestones: dict[int, date | None] = Field(default_factory=dict)
    version: int | None = Field(None, ge=0, le=2_147_483_647)


def _reader(request: HttpRequest, slug: str):
    caller = caller_of(request)
    caller.require_signed_in()
    found = scope.organisation(slug)
    access = caller.access(found.id)
    if not access.is_internal_reader:
        raise ApiProblem(403, "Key projects are read by people of the organisation only.")
    return caller, found, access


def _project(organisation_id: int, project_id: int) -> KeyAction:
    found = (
        KeyAction.objects.filter(organisation_id=organisation_id, pk=project_id)
        .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("position")))
        .first()
    )
    if found is None:
        raise Http404("There is no such key project.")
    return found


@router.get(
    "/organisations/{slug}/projects",
    response={200: page_schema(ProjectOut, "ProjectPage"), **READ_ERRORS},
)
def list_projects(
    request: HttpRequest, slug: str, paging: Query[Paging], filters: Query[ProjectFilter]
):
    _, found, _ = _reader(request, slug)
    rows = (
        KeyAction.objects.filter(organisation=found)
        .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("position")))
        .order_by("code", "id")
    )
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.unit is not None:
        rows = rows.filter(unit_id=filters.unit)
    if filters.theme is not None:
        rows = rows.filter(theme_id=filters.theme)
    return page_of(rows, paging)


@router.get(
    "/organisations/{slug}/projects/{project_id}/returns",
    response={200: page_schema(ReturnOut, "ReturnPage"), **READ_ERRORS},
)
def list_returns(
    request: HttpRequest,
    slug: str,
    project_id: PathId,
    paging: Query[Paging],
    period: QueryId = None,
):
    """A project's returns: signed off ones, and drafts and submitted ones too for those who
    write or sign off its returns."""
    _, found, access = _reader(request, slug)
    project = _project(found.id, project_id)
    rows = ActionUpdate.objects.filter(action=project).order_by("period__start", "id")
    if not (services.can_update(access, project) or services.can_sign_off(access, project)):
        rows = rows.signed_off()
    if period is not None:
        rows = rows.filter(period_id=period)
    return page_of(rows, paging)


@router.put(
    "/organisations/{slug}/projects/{project_id}/returns/{period_id}",
    response={200: ReturnOut, **WRITE_ERRORS},
)
def put_return(
    request: HttpRequest, slug: str, project_id: PathId, period_id: PathId, body: ReturnIn
):
    """Save a project's return for an open quarter (`action: save`) or submit it for sign-off
    (`action: submit`)."""
    caller, found, access = _reader(request, slug)
    caller.require_write()
    project = _project(found.id, project_id)
    period = scope.period(access, found.id, period_id)
    if period.type != period_type_for(Frequency.QUARTERLY):
        raise Http404("Key projects report each quarter.")
    if not services.can_update(access, project):
        raise ApiProblem(403, "You may not write returns for this key project.")
    milestones = list(project.milestones.all())
    known = {milestone.pk for milestone in milestones}
    data = {
        "progress": body.progress,
        "status": body.status,
        "percent_complete": "" if body.percent_complete is None else str(body.percent_complete),
    }
    data |= {
        f"milestone_{pk}": day.isoformat() if day else ""
        for pk, day in body.milestones.items()
        if pk in known
    }
    form = ProjectReturnForm(data, milestones=milestones)
    if not form.is_valid():
        errors = form_errors(form)
        raise ApiProblem(422, summary(errors), errors)
    entry = form.entry()
    # Milestones not sent keep their day (the form reads each as blank); another project's
    # milestone is passed on for the rules to refuse, in their words.
    entry.milestones_done.update(
        {m.pk: m.actual for m in milestones if m.pk not in body.milestones}
        | {pk: day for pk, day in body.milestones.items() if pk not in known}
    )
    return services.save_return(
        project,
        period,
        entry,
        caller.user,
        submit=body.action == "submit",
        expected_version=body.version,
    )
