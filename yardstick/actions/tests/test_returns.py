"""Key projects as returns (issue 11): the owner writes a quarter's return and submits it, an
approver of the project's unit signs it off or sends it back, a published quarter is locked,
reports print signed-off returns only, a completed project falls due for a benefits review,
and the pages say what is wrong without losing what was typed."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import ThemeFactory, UnitFactory, UserFactory, period
from yardstick.accounts.access import access_for, board
from yardstick.accounts.models import Membership, Role
from yardstick.actions.models import (
    ActionStatus,
    ActionUpdate,
    BenefitsReview,
    KeyAction,
    Milestone,
    ReviewStatus,
    UpdateState,
)
from yardstick.actions.services import (
    ProjectLocked,
    ProjectRefused,
    ReturnInput,
    StaleReturn,
    record_benefits_review,
    return_return,
    save_return,
    sign_off_return,
)
from yardstick.collection.queries import project_returns_awaiting, project_returns_for
from yardstick.collection.services import publish_period
from yardstick.framework.models import PeriodStatus
from yardstick.reports.strategic import build_strategic_report

pytestmark = pytest.mark.django_db

Q3 = "2018-19 Q3"
AFTER = date(2019, 2, 1)


def person(council, username, role, unit=None):
    user = UserFactory(
        username=username, first_name=username.title(), last_name="Test", organisation=council
    )
    Membership.objects.create(user=user, organisation=council, role=role, unit=unit)
    return user


@pytest.fixture
def unit(council):
    return UnitFactory(organisation=council, name="Resources", code="RES")


@pytest.fixture
def owner(council, unit):
    return person(council, "tom", Role.OWNER, unit)


@pytest.fixture
def approver(council, unit):
    return person(council, "daniel", Role.APPROVER, unit)


@pytest.fixture
def quarter(council):
    q3 = period(council, Q3)
    q3.status = PeriodStatus.OPEN
    q3.save()
    return q3


@pytest.fixture
def project(council, owner, unit):
    theme = ThemeFactory(plan__organisation=council)
    action = KeyAction.objects.create(
        organisation=council,
        code="BM-02",
        title="Collect more council tax on time",
        owner=owner,
        unit=unit,
        theme=theme,
        due_date=date(2019, 3, 31),
    )
    Milestone.objects.create(action=action, title="Go live", planned=date(2018, 11, 1))
    return action


def entry(**changes) -> ReturnInput:
    values = {"progress": "Tenders returned.", "status": ActionStatus.AMBER, "percent_complete": 45}
    return ReturnInput(**{**values, **changes})


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def test_an_owner_submits_and_an_approver_of_the_unit_signs_off(project, quarter, owner, approver):
    update = save_return(project, quarter, entry(), owner, submit=True)
    assert (update.state, update.submitted_by) == (UpdateState.SUBMITTED, owner)
    sign_off_return(update, approver, expected_version=update.version)
    update.refresh_from_db()
    project.refresh_from_db()
    assert update.state == UpdateState.APPROVED
    assert (project.status, project.percent_complete) == (ActionStatus.AMBER, 45)
    assert update.history.count() == 2  # submitted, then signed off: each recorded


def test_reports_print_signed_off_returns_only(council, project, quarter, owner, approver):
    def printed():
        report = build_strategic_report(quarter, [project.theme], board(council.id))
        return [row.progress for section in report.sections for row in section.actions]

    update = save_return(project, quarter, entry(progress="Draft words."), owner, submit=True)
    assert printed() == [""]  # submitted, not signed off: nothing reaches a board
    sign_off_return(update, approver)
    assert printed() == ["Draft words."]


def test_the_rules_say_what_is_wrong_and_refuse_it(project, quarter, owner):
    milestone = project.milestones.get()
    cases = [
        (entry(progress="  "), "Enter the progress made this period."),
        (entry(progress="x" * 5001), "The progress is 5,001 characters long"),
        (entry(status="purple"), "Choose Green, Amber, Red or Completed."),
        (entry(percent_complete=101), "The percentage must be from 0 to 100."),
        (entry(status=ActionStatus.COMPLETED, percent_complete=80), "A completed project"),
        (
            entry(milestones_done={milestone.pk: date(2099, 1, 1)}),
            "Go live: the day it was done must be between 1 January 2000 and today.",
        ),
        (entry(milestones_done={-1: None}), "That milestone is not this project's."),
    ]
    for given, said in cases:
        with pytest.raises(ProjectRefused) as refused:
            save_return(project, quarter, given, owner, submit=True)
        assert said in str(refused.value)
    assert not ActionUpdate.objects.exists()


def test_only_the_owner_their_units_owners_or_the_team_write_and_only_approvers_sign(
    council, project, quarter, owner, approver, performance_officer
):
    stranger = person(council, "sam", Role.OWNER, UnitFactory(organisation=council, code="X"))
    with pytest.raises(PermissionDenied):
        save_return(project, quarter, entry(), stranger, submit=True)
    with pytest.raises(PermissionDenied):
        save_return(project, quarter, entry(), approver, submit=True)
    update = save_return(project, quarter, entry(), performance_officer, submit=True)
    with pytest.raises(PermissionDenied):
        sign_off_return(update, owner)


def test_a_stale_return_and_a_published_quarter_are_refused(
    project, quarter, owner, performance_officer
):
    update = save_return(project, quarter, entry(), owner, submit=False)
    save_return(project, quarter, entry(progress="Newer."), owner, submit=False)
    with pytest.raises(StaleReturn):
        save_return(project, quarter, entry(), owner, submit=False, expected_version=1)
    publish_period(quarter, performance_officer)
    with pytest.raises(ProjectLocked):
        save_return(project, quarter, entry(), owner, submit=True)
    assert ActionUpdate.objects.get(pk=update.pk).progress == "Newer."


def test_a_returned_return_goes_back_to_its_owner_with_the_reason(
    project, quarter, owner, approver
):
    update = save_return(project, quarter, entry(), owner, submit=True)
    with pytest.raises(ProjectRefused, match="Say what needs changing"):
        return_return(update, " ", approver)
    return_return(update, "Say when the contract is awarded.", approver)
    returned = project_returns_for(access_for(owner), AFTER)
    assert [(item.state, item.update.returned_reason) for item in returned] == [
        ("returned", "Say when the contract is awarded.")
    ]


def test_completing_a_project_closes_it_and_its_benefits_review_falls_due(
    project, quarter, owner, approver
):
    update = save_return(
        project, quarter, entry(status=ActionStatus.COMPLETED, percent_complete=None), owner,
        submit=True,
    )  # fmt: skip
    assert update.percent_complete == 100
    sign_off_return(update, approver, when=at(date(2019, 1, 20)))
    project.refresh_from_db()
    assert project.closed_on == date(2018, 12, 31)  # the quarter's end: what it reports
    review = BenefitsReview.objects.get(action=project)
    assert (review.due, review.status) == (date(2019, 6, 30), ReviewStatus.OPEN)
    with pytest.raises(ProjectRefused, match="Say what the project delivered"):
        record_benefits_review(review, "", ReviewStatus.DONE, owner)
    record_benefits_review(review, "Collection up 1.2 points.", ReviewStatus.DONE, owner)
    review.refresh_from_db()
    assert (review.status, review.outcome) == (ReviewStatus.DONE, "Collection up 1.2 points.")


def test_my_returns_and_sign_off_list_the_returns(client, project, quarter, owner, approver):
    client.force_login(owner)
    page = client.get(reverse("collection:returns")).content.decode()
    link = reverse("collection:project_return", args=[project.pk, quarter.pk])
    assert link in page and "Not started" in page
    save_return(project, quarter, entry(), owner, submit=True)
    client.force_login(approver)
    page = client.get(reverse("collection:sign_off")).content.decode()
    assert link in page and "Awaiting sign-off" in page


def test_the_page_keeps_what_was_typed_and_says_what_is_wrong(client, project, quarter, owner):
    client.force_login(owner)
    url = reverse("collection:project_return", args=[project.pk, quarter.pk])
    milestone = project.milestones.get()
    response = client.post(
        url,
        {
            "step": "submit",
            "progress": "Half way.",
            "status": ActionStatus.AMBER,
            "percent_complete": "140",
            f"milestone_{milestone.pk}": "2018-11-05",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The percentage must be from 0 to 100." in page
    assert "Half way." in page and 'value="140"' in page
    assert 'value="2018-11-05"' in page  # the day typed, as the browser's date picker reads it
    assert not ActionUpdate.objects.exists()
    response = client.post(
        url,
        {"step": "submit", "progress": "Half way.", "status": ActionStatus.AMBER,
         "percent_complete": "50", f"milestone_{milestone.pk}": "2018-11-05"},
    )  # fmt: skip
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.actual == date(2018, 11, 5)
    assert 'value="2018-11-05"' in client.get(url).content.decode()


def test_someone_else_s_project_is_forbidden_and_another_council_s_not_found(
    client, council, other_council, project, quarter
):
    client.force_login(person(council, "cllr", Role.COUNCILLOR))
    url = reverse("collection:project_return", args=[project.pk, quarter.pk])
    assert client.get(url).status_code == 403
    stranger = UserFactory(username="far", organisation=other_council)
    Membership.objects.create(user=stranger, organisation=other_council, role=Role.OWNER)
    client.force_login(stranger)
    assert client.get(url).status_code == 404


def test_the_returns_queries_do_not_grow_with_the_number_of_projects(
    council, project, quarter, owner, approver
):
    def counted(read, user):
        access = access_for(user)
        with CaptureQueriesContext(connection) as queries:
            items = read(access, AFTER)
        return len(queries), len(items)

    save_return(project, quarter, entry(), owner, submit=True)
    one = counted(project_returns_for, owner), counted(project_returns_awaiting, approver)
    for number in range(5):
        more = KeyAction.objects.create(
            organisation=council, code=f"X-{number}", title="More", owner=owner, unit=project.unit
        )
        save_return(more, quarter, entry(), owner, submit=True)
    many = counted(project_returns_for, owner), counted(project_returns_awaiting, approver)
    assert [count for count, _ in one] == [count for count, _ in many]
    assert [items for _, items in many] == [6, 6]
