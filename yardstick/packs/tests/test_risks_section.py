"""The pack's "Risks above appetite" section: the open risks of the body's scope (its unit's
branch, its partnership, or the corporate register) above their appetite, highest first, on
the page, in the PDF and in Word."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document

from tests.factories import UserFactory
from yardstick.meetings.models import Body, BodyKind
from yardstick.meetings.services import schedule_meeting
from yardstick.organisations.models import OrganisationUnit
from yardstick.packs.builder import build_pack
from yardstick.packs.models import SectionKind
from yardstick.packs.renderers import docx, html
from yardstick.packs.services import start_pack
from yardstick.packs.tests.conftest import at
from yardstick.risks.models import Register, RegisterKind
from yardstick.risks.services import RiskInput, create_risk

pytestmark = pytest.mark.django_db
TODAY = date(2018, 11, 13)


def risk_input(owner, title: str, likelihood: int, impact: int) -> RiskInput:
    return RiskInput(
        title=title,
        category="operational",
        owner=owner,
        inherent_likelihood=5,
        inherent_impact=5,
        current_likelihood=likelihood,
        current_impact=impact,
        target_likelihood=1,
        target_impact=1,
        review_date=date(2018, 12, 1),
    )


def test_a_directorate_boards_pack_lists_its_branchs_risks_above_appetite(
    world, council, performance_officer
):
    resources = world.board.unit
    service = OrganisationUnit.objects.get(organisation=council, code="REV")
    other = OrganisationUnit.objects.get(organisation=council, code="ADU")
    owner = UserFactory(username="rita", first_name="Rita", last_name="Cole", organisation=council)
    registers = {}
    for code, kind, unit in (
        ("RES", RegisterKind.DIRECTORATE, resources),
        ("REV", RegisterKind.SERVICE, service),
        ("ADU", RegisterKind.DIRECTORATE, other),
        ("CORP", RegisterKind.CORPORATE, None),
    ):
        registers[code] = Register.objects.create(
            organisation=council, kind=kind, code=code, title=f"{code} register", unit=unit
        )
    team = performance_officer
    create_risk(registers["RES"], risk_input(owner, "Budget gap", 3, 4), team, today=TODAY)
    create_risk(registers["REV"], risk_input(owner, "Billing system fails", 5, 4), team)
    create_risk(registers["RES"], risk_input(owner, "Within appetite", 3, 3), team)
    create_risk(registers["ADU"], risk_input(owner, "Another directorate's", 5, 5), team)
    create_risk(registers["CORP"], risk_input(owner, "The council's", 5, 5), team)

    pack = start_pack(world.november, team)
    assert SectionKind.RISKS in [section.kind for section in pack.sections.all()]
    built = build_pack(pack, today=TODAY)
    assert [(item.reference, item.current) for item in built.risks] == [
        ("REV-01", "20 Very high (5 × 4)"),
        ("RES-01", "12 High (3 × 4)"),
    ]
    page = html.render_body(built)
    assert "Billing system fails" in page and "Within appetite" not in page
    word = Document(io.BytesIO(docx.render(built)))
    rows = [
        [cell.text for cell in table.rows[1].cells]
        for table in word.tables
        if table.rows[0].cells[0].text == "Ref"
    ]
    assert rows[0][:2] == ["REV-01", "Billing system fails (REV register)"]

    council_board = Body.objects.create(
        organisation=council, name="Corporate board", kind=BodyKind.CORPORATE_BOARD
    )
    meeting = schedule_meeting(council_board, at(date(2018, 11, 21)), "Room 1", team)
    built = build_pack(start_pack(meeting, team), today=TODAY)
    assert [item.title for item in built.risks] == ["The council's"]
