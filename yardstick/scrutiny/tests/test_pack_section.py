"""A meeting pack's "Scrutiny recommendations" section: a directorate Improvement Board's pack
lists the open recommendations for that directorate (not another's, not closed ones), and a
recommendation put on the meeting's agenda, on the page and in the Word document."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document

from tests.factories import period
from yardstick.meetings.models import Body, BodyKind, Meeting
from yardstick.packs.builder import build_pack
from yardstick.packs.models import SectionKind
from yardstick.packs.renderers import docx as pack_docx
from yardstick.packs.renderers.html import render_body
from yardstick.packs.services import start_pack
from yardstick.scrutiny.services import Refused, add_update, put_on_agenda, put_update_on_agenda
from yardstick.scrutiny.tests.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def adults_board(council, adults):
    period(council, "2011-12 Q2")
    board = Body.objects.create(
        organisation=council, name="Adults' Improvement Board",
        kind=BodyKind.IMPROVEMENT_BOARD, unit=adults,
    )  # fmt: skip
    return Meeting.objects.create(body=board, starts_at=at(date(2011, 12, 6), 10))


def test_a_directorate_boards_pack_lists_its_open_recommendations(
    adults_board, recommendations, performance_officer, officer
):
    add_update(recommendations[0], "Indicators embedded.", officer, dated=date(2011, 11, 30))
    pack = start_pack(adults_board, performance_officer)
    assert SectionKind.SCRUTINY in set(pack.sections.values_list("kind", flat=True))
    built = build_pack(pack, today=date(2011, 12, 1))
    assert [item.number for item in built.scrutiny] == [1, 2]  # Adults' own, both open
    first = built.scrutiny[0]
    assert first.latest_update == "Indicators embedded."
    assert first.response == "Accepted by Cabinet on 14 April 2011"
    assert first.follow_up == "Will report back at Q3 2011/12"

    page = render_body(built)
    assert "Scrutiny recommendations" in page
    assert "Recommend that the directorate develop local indicators" in page
    assert "customer satisfaction" not in page  # Place Shaping's
    assert "regular review" not in page  # corporate level

    document = Document(io.BytesIO(pack_docx.render(built)))
    tables = [
        [[cell.text for cell in row.cells] for row in table.rows] for table in document.tables
    ]
    scrutiny = next(t for t in tables if t[0] == ["Recommendation", "Response", "Update on action"])
    assert scrutiny[1][0].startswith("Use of Performance Information, Phase 1, 1. Recommend")
    assert scrutiny[1][2].startswith("Indicators embedded. Will report back at Q3 2011/12.")


def test_a_recommendation_put_on_the_agenda_is_in_the_pack_whatever_its_group(
    adults_board, recommendations, performance_officer
):
    corporate = recommendations[3]
    put_on_agenda(corporate, adults_board, performance_officer)
    pack = start_pack(adults_board, performance_officer)
    built = build_pack(pack, today=date(2011, 12, 1))
    assert [item.number for item in built.scrutiny] == [1, 2, 4]
    assert built.scrutiny[2].on_agenda
    assert "Scrutiny recommendation 4:" in render_body(built)  # the agenda item, on the cover


def test_an_update_put_on_the_agenda_by_itself_is_in_the_pack_with_that_update(
    adults_board, recommendations, performance_officer, officer
):
    corporate = recommendations[3]  # not the Adults' board's own: only its update brings it
    chosen = add_update(corporate, "Quarterly review agreed.", officer, dated=date(2011, 10, 3))
    add_update(corporate, "A later update.", officer, dated=date(2011, 11, 28))
    item = put_update_on_agenda(chosen, adults_board, performance_officer)
    chosen.refresh_from_db()
    assert chosen.agenda_item == item and item.meeting == adults_board
    assert chosen.history.latest("history_id").history_user == performance_officer
    assert corporate.agenda_item is None  # the recommendation itself is not on the agenda
    built = build_pack(start_pack(adults_board, performance_officer), today=date(2011, 12, 1))
    assert [item.number for item in built.scrutiny] == [1, 2, 4]
    shown = built.scrutiny[2]
    assert shown.on_agenda and shown.agenda_update == "Quarterly review agreed."
    assert shown.agenda_update_on == date(2011, 10, 3)
    page = render_body(built)
    assert "The update on this meeting's agenda (3 October 2011):</strong> Quarterly" in page
    assert "update of 3 October 2011" in page  # the agenda item, on the cover
    document = Document(io.BytesIO(pack_docx.render(built)))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert any(
        c.startswith("The update on this meeting's agenda (3 October 2011): Quarterly review")
        for c in cells
    )


def test_the_same_update_cannot_go_on_one_agenda_twice(
    adults_board, recommendations, performance_officer, officer
):
    chosen = add_update(recommendations[0], "Done.", officer, dated=date(2011, 11, 30))
    put_update_on_agenda(chosen, adults_board, performance_officer)
    with pytest.raises(Refused, match="already on that meeting's agenda"):
        put_update_on_agenda(chosen, adults_board, performance_officer)
