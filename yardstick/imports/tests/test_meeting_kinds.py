"""Bodies, meetings, the actions meetings agree, and key projects' milestones: a good file
imports with its history; a bad one is refused whole, each problem by row and column; a file
imported twice changes nothing the second time; only the performance team may import."""

import io
from datetime import date, datetime, time, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from tests.factories import MeasureFactory, UnitFactory, UserFactory
from yardstick.accounts.models import Membership, Role, User
from yardstick.actions.models import KeyAction, Milestone
from yardstick.imports.models import ImportRun, ImportStatus
from yardstick.imports.services import export_file, import_file
from yardstick.meetings.models import AgreedAction, Body, BodyKind, Meeting
from yardstick.meetings.services import (
    ActionInput,
    MeetingRefused,
    agree_action,
    schedule_meeting,
)

pytestmark = pytest.mark.django_db

LONG = "x" * 2001


def imported(organisation, kind: str, text: str, user=None):
    return import_file(organisation, kind, text.encode(), f"{kind}.csv", user)


def problems(result) -> list[tuple]:
    return [(p.row, p.column, p.message) for p in result.changes.sorted_problems()]


def counts() -> dict[str, int]:
    models = (Body, Body.members.through, Meeting, AgreedAction, Milestone)
    found = {model.__name__: model.objects.count() for model in models}
    for model in (Body, Meeting, AgreedAction, Milestone):
        found[f"history of {model.__name__}"] = model.history.count()
    return found


BODIES = (
    "name,short_name,kind,unit,parent,chair,members,pack_working_days\n"
    "Community safety management group,CSMG,management_group,,Safer Harrow board,sam,sam,3\n"
    "Safer Harrow board,,Partnership board,,,alex,alex; sam,\n"
    "Resources Improvement Board,RIB,improvement_board,RES,,,,\n"
)
MEETINGS = (
    "body,date,time,place,status\n"
    "Safer Harrow board,2019-01-15,10:00,Committee room 1,held\n"
    "Safer Harrow board,12/03/2019,14:30,,\n"
)
ACTIONS = (
    "body,date,time,text,owner,owner_body,owner_name,due,status,measure,key_project\n"
    "Safer Harrow board,2019-01-15,10:00,Report on burglary,sam,,,2019-03-01,open,BBH-01,KA-01\n"
    "Safer Harrow board,2019-01-15,10:00,Review the hot spots,,"
    "Community safety management group,,,done,,\n"
    "Safer Harrow board,2019-01-15,10:00,Bring the police figures,,,Police (J. Smith),,dropped,,\n"
)
MILESTONES = (
    "key_project,title,planned,actual,position\n"
    "KA-01,Planning permission,2018-09-30,2018-10-12,1\n"
    "KA-01,Building starts,2019-04-01,,2\n"
)


@pytest.fixture
def world(council, performance_officer):
    """A council with a unit, a measure, a key project, and two people: Sam in the council
    and Alex in none (an administrator), who any council's file may name."""
    UnitFactory(organisation=council, code="RES", name="Resources")
    MeasureFactory(organisation=council, code="BBH-01")
    KeyAction.objects.create(organisation=council, code="KA-01", title="Deliver 300 homes")
    UserFactory(username="sam", organisation=council)
    UserFactory(username="alex", organisation=None)
    return council


@pytest.fixture
def everything(world, performance_officer):
    for kind, text in (
        ("bodies", BODIES),
        ("meetings", MEETINGS),
        ("meeting-actions", ACTIONS),
        ("milestones", MILESTONES),
    ):
        result = imported(world, kind, text, performance_officer)
        assert result.applied, (kind, problems(result))
    return world


def test_bodies_are_created_parents_first_with_their_chair_members_and_scope(everything):
    board = Body.objects.get(name="Safer Harrow board")
    group = Body.objects.get(name="Community safety management group")
    assert (group.parent, group.short_name, group.kind) == (board, "CSMG", "management_group")
    assert group.pack_working_days == 3 and board.pack_working_days == 5
    assert board.kind == "partnership_board"
    assert board.chair.username == "alex"
    assert sorted(board.members.values_list("username", flat=True)) == ["alex", "sam"]
    assert Body.objects.get(name="Resources Improvement Board").unit.code == "RES"


def test_meetings_are_keyed_by_body_and_start_in_the_councils_time(everything):
    meetings = list(Meeting.objects.order_by("starts_at"))
    assert [timezone.localtime(m.starts_at).strftime("%Y-%m-%d %H:%M") for m in meetings] == [
        "2019-01-15 10:00",
        "2019-03-12 14:30",
    ]
    assert (meetings[0].place, meetings[0].status) == ("Committee room 1", "held")
    assert meetings[1].status == "planned"


def test_agreed_actions_have_one_owner_each_and_closed_ones_a_closing_time(everything):
    actions = {action.text: action for action in AgreedAction.objects.all()}
    report = actions["Report on burglary"]
    assert (report.owner.username, report.due, report.status) == ("sam", date(2019, 3, 1), "open")
    assert (report.measure.code, report.key_action.code) == ("BBH-01", "KA-01")
    assert actions["Review the hot spots"].owner_body.short_name == "CSMG"
    assert actions["Review the hot spots"].closed_at is not None
    assert actions["Bring the police figures"].owner_name == "Police (J. Smith)"
    assert actions["Bring the police figures"].status == "dropped"


def test_milestones_belong_to_their_key_project_in_order(everything):
    milestones = list(Milestone.objects.filter(action__code="KA-01"))
    assert [(m.title, m.planned, m.actual) for m in milestones] == [
        ("Planning permission", date(2018, 9, 30), date(2018, 10, 12)),
        ("Building starts", date(2019, 4, 1), None),
    ]


def test_every_record_has_history_with_who_imported_it_and_the_file(
    everything, performance_officer
):
    for model, file in (
        (Body, "bodies.csv"),
        (Meeting, "meetings.csv"),
        (AgreedAction, "meeting-actions.csv"),
        (Milestone, "milestones.csv"),
    ):
        rows = model.history.all()
        assert rows.exists()
        assert {(row.history_user, row.history_change_reason) for row in rows} == {
            (performance_officer, f"Imported from {file}")
        }, model


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("bodies", BODIES),
        ("meetings", MEETINGS),
        ("meeting-actions", ACTIONS),
        ("milestones", MILESTONES),
    ],
)
def test_importing_the_same_file_twice_changes_nothing_the_second_time(
    everything, performance_officer, kind, text
):
    before = counts()

    again = imported(everything, kind, text, performance_officer)

    assert again.applied
    assert {change.action for change in again.changes.changes} == {"unchanged"}
    assert counts() == before


def test_a_changed_row_changes_its_record_with_from_and_to(everything, performance_officer):
    text = "name,kind,members\nSafer Harrow board,partnership_board,sam\n"
    result = imported(everything, "bodies", text, performance_officer)
    assert result.applied, problems(result)
    [change] = result.changes.changes
    assert (change.action, [(f.field, f.before, f.after) for f in change.fields]) == (
        "change",
        [("members", "alex; sam", "sam")],
    )
    board = Body.objects.get(name="Safer Harrow board")
    assert list(board.members.values_list("username", flat=True)) == ["sam"]
    assert board.chair.username == "alex"  # a column left out is left alone


def test_a_bad_bodies_file_is_refused_whole_with_each_row_and_why(world, performance_officer):
    text = (
        "name,kind,chair,members,parent,pack_working_days\n"
        "Good board,corporate_board,,,,\n"
        "Nobody's board,cabinet,nobody,,,\n"
        "Members board,cabinet,,sam; ghost,,\n"
        "Child board,management_group,,,No such board,\n"
        "Odd board,a club,,,,\n"
        f"{'B' * 201},cabinet,,,,\n"
        "Slow board,cabinet,,,,31\n"
    )
    result = imported(world, "bodies", text, performance_officer)
    assert not result.applied
    assert problems(result) == [
        (3, "chair", "there is no user 'nobody' in this organisation"),
        (4, "members", "there is no user 'ghost' in this organisation"),
        (5, "parent", "there is no body No such board, in the file or already"),
        (6, "kind", f"'a club' is not one of: {', '.join(BodyKind.values)}"),
        (7, "name", "The body's name must be 200 characters or fewer; it has 201."),
        (8, "pack_working_days", "The pack deadline must be from 0 to 30 working days."),
    ]
    assert Body.objects.count() == 0


def test_a_bad_meetings_file_is_refused_whole_with_each_row_and_why(
    everything, performance_officer
):
    before = counts()
    text = (
        "body,date,time,place\n"
        "Safer Harrow board,2019-06-01,10:00,Fine\n"
        "No such board,2019-06-01,10:00,\n"
        "Safer Harrow board,1999-12-31,10:00,\n"
        "Safer Harrow board,2019-06-02,25:00,\n"
        f"Safer Harrow board,2019-06-03,10:00,{'p' * 201}\n"
        "Safer Harrow board,2019-06-01,10:00,Twice\n"
    )
    result = imported(everything, "meetings", text, performance_officer)
    assert not result.applied
    assert problems(result) == [
        (3, "body", "there is no body 'No such board'"),
        (4, "date", "The meeting must be on or after 1 January 2000."),
        (5, "time", "'25:00' is not a time of day (write it like 18:30)"),
        (6, "place", "The place must be 200 characters or fewer."),
        (
            7,
            "date",
            "Safer Harrow board 2019-06-01 10:00 is also on row 2; give each meeting once",
        ),
    ]
    assert counts() == before


def test_a_bad_meeting_actions_file_is_refused_whole_with_each_row_and_why(
    everything, performance_officer
):
    before = counts()
    meeting = "Safer Harrow board,2019-01-15,10:00"
    text = (
        "body,date,time,text,owner,owner_body,owner_name,due,status\n"
        f"{meeting},A good new action,sam,,,,\n"
        "No such board,2019-01-15,10:00,Lost,sam,,,,\n"
        f"{meeting},Two owners,sam,,Someone else,,\n"
        f"{meeting},No owner,,,,,\n"
        f"{meeting},Long ago,sam,,,1999-12-31,\n"
        f"{meeting},{LONG},sam,,,,\n"
        f"{meeting},A stranger's,ghost,,,,\n"
        "Safer Harrow board,2019-01-16,10:00,No meeting then,sam,,,,\n"
        f"{meeting},Bring the police figures,,,Police (J. Smith),,open\n"
    )
    result = imported(everything, "meeting-actions", text, performance_officer)
    assert not result.applied
    one_owner = (
        "Give the action one owner: a person, a body, or a name for someone without an account."
    )
    assert problems(result) == [
        (3, "body", "there is no body 'No such board'"),
        (4, "owner", one_owner),
        (5, "owner", one_owner),
        (6, "due", "The due date must be on or after 1 January 2000."),
        (7, "text", "The action must be 2,000 characters or fewer; it has 2,001."),
        (8, "owner", "there is no user 'ghost' in this organisation"),
        (
            9,
            "date",
            "there is no meeting of Safer Harrow board on 2019-01-16 at 10:00: import the "
            "meetings first",
        ),
        (10, "status", "This action was closed (dropped): it takes no more changes."),
    ]
    assert counts() == before


def test_a_bad_milestones_file_is_refused_whole_with_each_row_and_why(
    everything, performance_officer
):
    before = counts()
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    text = (
        "key_project,title,planned,actual\n"
        "KA-01,A good one,2019-05-01,\n"
        "KA-99,Lost,2019-05-01,\n"
        "KA-01,Too early,1999-12-31,\n"
        f"KA-01,Done tomorrow,2019-05-01,{tomorrow}\n"
        f"KA-01,{'t' * 201},2019-05-01,\n"
        "KA-01,No plan,,\n"
    )
    result = imported(everything, "milestones", text, performance_officer)
    assert not result.applied
    assert problems(result) == [
        (3, "key_project", "there is no key project 'KA-99': import the key actions first"),
        (4, "planned", "The planned day must be on or after 1 January 2000."),
        (
            5,
            "actual",
            "Done tomorrow: the day it was done must be between 1 January 2000 and today.",
        ),
        (6, "title", "The title is 201 characters long; it can be at most 200."),
        (7, "planned", "Enter the day the milestone is planned for."),
    ]
    assert counts() == before


def test_someone_outside_the_performance_team_cannot_import_them(everything):
    owner = UserFactory(username="olu", organisation=everything)
    Membership.objects.create(user=owner, organisation=everything, role=Role.OWNER)
    before = counts()
    text = "body,date,time,place\nSafer Harrow board,2019-06-01,10:00,Moved\n"

    result = imported(everything, "meetings", text, owner)

    assert not result.applied
    assert problems(result) == [
        (None, "", "nothing was imported: Only the performance team may do this.")
    ]
    assert counts() == before


@pytest.mark.parametrize("kind", ["bodies", "meetings", "meeting-actions", "milestones"])
def test_the_upload_page_takes_them_from_the_performance_team_only(
    client, everything, performance_officer, kind
):
    owner = UserFactory(username="olu", organisation=everything)
    Membership.objects.create(user=owner, organisation=everything, role=Role.OWNER)
    content = export_file(everything, kind, "csv")

    def upload():
        return client.post(
            reverse("imports:index"),
            {
                "kind": kind,
                "file": SimpleUploadedFile(f"{kind}.csv", content, content_type="text/csv"),
                "figure_status": "submitted",
            },
        )

    runs = ImportRun.objects.count()
    client.force_login(owner)
    assert upload().status_code == 403
    assert ImportRun.objects.count() == runs
    client.force_login(performance_officer)
    response = upload()
    run = ImportRun.objects.latest("pk")
    assert response["Location"] == reverse("imports:preview", args=[run.pk])
    assert (run.kind, run.status) == (kind, ImportStatus.PREVIEWED)
    page = client.get(reverse("imports:index")).content.decode()
    assert reverse("imports:export", args=[kind, "xlsx"]) in page


def test_the_commands_import_and_export_them(world, performance_officer, tmp_path):
    for kind, text in (
        ("bodies", BODIES),
        ("meetings", MEETINGS),
        ("meeting-actions", ACTIONS),
        ("milestones", MILESTONES),
    ):
        path = tmp_path / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        call_command("import_data", kind, str(path), "--user=priya", stdout=io.StringIO())
        out = io.StringIO()
        call_command("export_data", kind, stdout=out)
        assert out.getvalue().encode() == export_file(world, kind, "csv")
    assert AgreedAction.objects.count() == 3
    exported = out.getvalue()
    assert exported.splitlines()[0] == "key_project,title,planned,actual,position"
    assert "KA-01,Planning permission,2018-09-30,2018-10-12,1" in exported
    bad = tmp_path / "bad.csv"
    bad.write_text("body,date,time\nNo such board,2019-01-15,10:00\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_data", "meetings", str(bad), stdout=io.StringIO(), stderr=err)
    assert "there is no body 'No such board'" in err.getvalue()


def test_the_import_refuses_in_the_words_of_the_meetings_pages(everything, performance_officer):
    """The pages schedule meetings and record actions through schedule_meeting and
    agree_action; a file's row is refused by the same rules, in the same words."""
    board = Body.objects.get(name="Safer Harrow board")
    meeting = Meeting.objects.earliest("starts_at")
    sam = User.objects.get(username="sam")
    refusals = []
    for call in (
        lambda: schedule_meeting(
            board, timezone.make_aware(datetime(1999, 12, 31, 10)), "", performance_officer
        ),
        lambda: schedule_meeting(
            board, timezone.make_aware(datetime(2019, 6, 1, 10)), "p" * 201, performance_officer
        ),
        lambda: agree_action(meeting, ActionInput(LONG, owner=sam), performance_officer),
        lambda: agree_action(
            meeting, ActionInput("Two", owner=sam, owner_name="Else"), performance_officer
        ),
        lambda: agree_action(
            meeting, ActionInput("Old", owner=sam, due=date(1999, 12, 31)), performance_officer
        ),
    ):
        with pytest.raises(MeetingRefused) as refused:
            call()
        refusals.append(refused.value.message)
    meetings = imported(
        everything,
        "meetings",
        "body,date,time,place\n"
        "Safer Harrow board,1999-12-31,10:00,\n"
        f"Safer Harrow board,2019-06-01,10:00,{'p' * 201}\n",
        performance_officer,
    )
    actions = imported(
        everything,
        "meeting-actions",
        "body,date,time,text,owner,owner_name,due\n"
        f"Safer Harrow board,2019-01-15,10:00,{LONG},sam,,\n"
        "Safer Harrow board,2019-01-15,10:00,Two,sam,Else,\n"
        "Safer Harrow board,2019-01-15,10:00,Old,sam,,1999-12-31\n",
        performance_officer,
    )
    assert [message for _, _, message in problems(meetings) + problems(actions)] == refusals


def test_on_the_upload_page_a_change_is_previewed_then_applied_on_confirming(
    client, everything, performance_officer
):
    owner = UserFactory(username="olu", organisation=everything)
    Membership.objects.create(user=owner, organisation=everything, role=Role.OWNER)
    content = b"body,date,time,place\nSafer Harrow board,15/01/2019,10:00,Room 2\n"
    client.force_login(performance_officer)
    client.post(
        reverse("imports:index"),
        {
            "kind": "meetings",
            "file": SimpleUploadedFile("meetings.csv", content, content_type="text/csv"),
            "figure_status": "submitted",
        },
    )
    run = ImportRun.objects.latest("pk")
    page = client.get(reverse("imports:preview", args=[run.pk])).content.decode()
    assert "Safer Harrow board 2019-01-15 10:00" in page and "Room 2" in page
    meeting = Meeting.objects.earliest("starts_at")
    assert meeting.place == "Committee room 1"

    client.force_login(owner)
    assert client.post(reverse("imports:confirm", args=[run.pk])).status_code == 403
    client.force_login(performance_officer)
    assert client.post(reverse("imports:confirm", args=[run.pk])).status_code == 302

    meeting.refresh_from_db()
    assert meeting.place == "Room 2"
    latest = meeting.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (
        performance_officer,
        "Imported from meetings.csv",
    )


def test_a_meeting_in_excel_may_give_its_day_and_time_as_date_and_time_cells(
    everything, performance_officer
):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["body", "date", "time", "place"])
    sheet.append(["Safer Harrow board", date(2019, 6, 4), time(18, 30), "Civic Centre"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    result = import_file(
        everything, "meetings", buffer.getvalue(), "meetings.xlsx", performance_officer
    )

    assert result.applied, problems(result)
    meeting = Meeting.objects.get(place="Civic Centre")
    assert f"{timezone.localtime(meeting.starts_at):%Y-%m-%d %H:%M}" == "2019-06-04 18:30"
