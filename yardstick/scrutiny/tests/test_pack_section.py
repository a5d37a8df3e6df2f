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
from yardstick.scrutiny.services import add_update, put_on_agenda
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
