"""The pack's builder: what each section holds for the body's scope, in the team's order,
with the sections it leaves out left out."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import UserFactory, period
from yardstick.actions.models import ActionStatus as KeyActionStatus
from yardstick.actions.models import ActionUpdate, KeyAction
from yardstick.framework.models import NarrativeState, ThemeSummary
from yardstick.meetings.models import Body, BodyKind
from yardstick.meetings.services import schedule_meeting
from yardstick.organisations.models import OrganisationUnit
from yardstick.packs.builder import build_pack, default_period, scope_of
from yardstick.packs.models import SectionKind
from yardstick.packs.services import (
    add_section,
    arrange_sections,
    choose_period,
    move_section,
    start_pack,
)
from yardstick.packs.tests.conftest import CARRIED_TEXT, at

pytestmark = pytest.mark.django_db
TODAY = date(2018, 11, 13)


def test_the_pack_reviews_the_last_quarter_ended_before_the_meeting(world, performance_officer):
    pack = start_pack(world.november, performance_officer)

    assert pack.period.key == "2018-19 Q2"
    assert default_period(world.november) == pack.period
    assert [s.kind for s in pack.sections.all()][:2] == ["cover", "carried_forward"]


def test_the_actions_from_previous_meetings_are_carried_into_the_pack(world, performance_officer):
    pack = build_pack(start_pack(world.november, performance_officer), today=TODAY)

    assert [(a.text, a.owner, a.agreed_on) for a in pack.carried] == [
        (CARRIED_TEXT, "Tom Reilly", date(2018, 9, 18))
    ]
    assert [item.title for item in pack.agenda] == ["Q2 performance"]
    assert [issue.title for issue in pack.issues] == ["Sickness absence target"]


def test_the_exceptions_are_those_of_the_bodys_scope_only(world, performance_officer):
    pack = build_pack(start_pack(world.november, performance_officer), today=TODAY)

    assert [item.row.code for item in pack.to_discuss] == ["R-LOW"]  # in a unit under Resources
    assert [item.row.code for item in pack.noted] == ["R-NOTED"]
    assert "Collection catches up by March." in pack.noted[0].row.noted
    assert {row.code for row in pack.scorecards[0].rows} == {"R-LOW", "R-NOTED", "R-OK", "R-MISS"}
    [group] = pack.groups
    assert group.title == "A Better Borough"
    assert [row.code for row in group.challenges] == ["R-LOW"]
    assert "customer service centre" in group.achievements


@pytest.mark.parametrize("state", [NarrativeState.DRAFT, NarrativeState.SUBMITTED])
def test_a_pack_prints_no_achievements_not_yet_signed_off(world, performance_officer, state):
    # The quarter is open (as the February packs' is): the draft report would print the
    # text as written, a board's pack never does.
    ThemeSummary.objects.update(state=state)

    pack = build_pack(start_pack(world.november, performance_officer), today=TODAY)

    [group] = pack.groups
    assert group.achievements == ""


def test_the_missing_data_is_that_of_the_bodys_scope_only(world, performance_officer):
    pack = build_pack(start_pack(world.november, performance_officer), today=TODAY)

    assert [item.code for item in pack.missing] == ["R-MISS"]


def test_a_whole_council_board_reads_every_measure(world, council, performance_officer):
    board = Body.objects.create(
        organisation=council, name="Corporate Strategy Board", kind=BodyKind.CORPORATE_BOARD
    )
    meeting = schedule_meeting(board, at(date(2018, 11, 21)), "", performance_officer)
    pack = build_pack(start_pack(meeting, performance_officer), today=TODAY)

    assert scope_of(board).is_whole_council
    assert [item.row.code for item in pack.to_discuss] == ["R-LOW", "A-LOW"]
    assert [item.code for item in pack.missing] == ["A-MISS", "R-MISS"]


def test_the_sections_come_in_the_teams_order_and_those_left_out_are_not_read(
    world, performance_officer
):
    pack = start_pack(world.november, performance_officer)
    sections = {section.kind: section for section in pack.sections.all()}
    add_section(pack, "Introduction", "This paper sets out the quarter.", performance_officer)
    own = pack.sections.get(kind=SectionKind.TEXT)
    order = [own.pk, sections["exceptions"].pk, sections["carried_forward"].pk]
    rest = [s.pk for s in pack.sections.all() if s.pk not in order]
    arrangement = [(pk, place, True) for place, pk in enumerate(order + rest, start=1)]
    left_out = {sections["missing_data"].pk, sections["scorecards"].pk}
    arrangement = [(pk, place, pk not in left_out) for pk, place, _ in arrangement]
    arrange_sections(pack, arrangement, performance_officer)

    built = build_pack(pack, today=TODAY)

    kinds = [section.kind for section in built.sections]
    assert kinds[:3] == ["text", "exceptions", "carried_forward"]
    assert "missing_data" not in kinds and "scorecards" not in kinds
    assert built.missing == () and built.scorecards == ()
    assert built.sections[0].title == "Introduction"
    assert built.sections[0].blocks[0].items == ("This paper sets out the quarter.",)

    move_section(pack, sections["carried_forward"].pk, -1, performance_officer)
    kinds = [section.kind for section in build_pack(pack, today=TODAY).sections]
    assert kinds[:3] == ["text", "carried_forward", "exceptions"]


def test_the_team_may_choose_an_earlier_quarter(world, council, performance_officer):
    pack = start_pack(world.november, performance_officer)
    q1 = period(council, "2018-19 Q1")
    pack = choose_period(pack, q1, performance_officer)

    assert build_pack(pack, today=TODAY).period == q1


def test_key_projects_are_those_of_the_scopes_people_with_their_progress(
    world, council, performance_officer
):
    theme = world.scorecard.theme
    adults_head = UserFactory(username="ada", first_name="Ada", organisation=council)
    adults = OrganisationUnit.objects.get(code="ADU")
    adults.head = adults_head
    adults.save()
    ours = KeyAction.objects.create(
        organisation=council, code="K1", theme=theme, title="New contact centre", owner=world.owner
    )
    KeyAction.objects.create(
        organisation=council, code="K2", theme=theme, title="Care reablement", owner=adults_head
    )
    ActionUpdate.objects.create(
        action=ours,
        period=period(council, "2018-19 Q2"),
        progress="Opened in September.",
        status=KeyActionStatus.COMPLETED,
    )

    pack = build_pack(start_pack(world.november, performance_officer), today=TODAY)

    assert [(p.title, p.progress, p.status_label) for p in pack.projects] == [
        ("New contact centre", "Opened in September.", "Completed")
    ]
