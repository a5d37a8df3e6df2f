"""Risks in the Strategic Performance Report: the performance team chooses which registers the
report includes (all their open risks, or only those above appetite) on a page; they appear
in every format (HTML, PDF, Word, Excel), above appetite first; and a published period's kept
documents do not go stale silently: a change to an included risk, or to the choice, gives
them a new version and they are rendered again."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from tests.factories import UserFactory
from tests.outputs import pdf_text
from yardstick.accounts.models import Membership, Role
from yardstick.reports import kept
from yardstick.reports.renderers import docx, html, pdf, xlsx
from yardstick.reports.strategic import build_strategic_report
from yardstick.reports.tests.conftest import performance_team_of_period
from yardstick.reports.tests.test_kept_documents import publish
from yardstick.risks.models import Register, RegisterKind
from yardstick.risks.services import create_risk, review_risk
from yardstick.risks.tests.conftest import given

pytestmark = pytest.mark.django_db

TODAY = date(2018, 9, 1)


@pytest.fixture
def registers(council, reader):
    corporate = Register.objects.create(
        organisation=council, kind=RegisterKind.CORPORATE, code="CORP", title="Corporate risks"
    )
    other = Register.objects.create(
        organisation=council, kind=RegisterKind.CORPORATE, code="ICT", title="ICT risks"
    )
    unchosen = Register.objects.create(
        organisation=council, kind=RegisterKind.CORPORATE, code="OLD", title="Old risks"
    )
    made = {
        "budget": create_risk(  # 4 × 4 = 16: above the default appetite of 9
            corporate, given(reader, title="Budget gap widens"), reader, today=TODAY
        ),
        "staff": create_risk(  # 2 × 2 = 4: within appetite
            corporate,
            given(
                reader,
                title="Staff turnover rises",
                current_likelihood=2,
                current_impact=2,
                target_likelihood=1,
                target_impact=1,
            ),
            reader,
            today=TODAY,
        ),
        "outage": create_risk(
            other, given(reader, title="Data centre outage"), reader, today=TODAY
        ),
        "minor": create_risk(
            other,
            given(
                reader,
                title="Printer contract lapses",
                current_likelihood=1,
                current_impact=2,
                target_likelihood=1,
                target_impact=1,
            ),
            reader,
            today=TODAY,
        ),
        "hidden": create_risk(unchosen, given(reader, title="Never shown"), reader, today=TODAY),
    }
    return (corporate, other, unchosen), made


def choose(client, reader, registers):
    corporate, other, unchosen = registers
    client.force_login(reader)
    return client.post(
        reverse("reports:risks"),
        {
            f"register-{corporate.pk}": "all",
            f"register-{other.pk}": "above",
            f"register-{unchosen.pk}": "",
        },
    )


def test_the_team_chooses_the_registers_on_a_page_and_the_choice_is_audited(
    client, framework, reader, registers
):
    (corporate, other, unchosen), _ = registers
    response = choose(client, reader, (corporate, other, unchosen))
    assert response.status_code == 302
    corporate.refresh_from_db()
    other.refresh_from_db()
    assert (corporate.in_report, other.in_report) == ("all", "above")
    latest = other.history.latest("history_id")
    assert latest.history_user == reader
    assert "above appetite" in latest.history_change_reason
    page = client.get(reverse("reports:risks")).content.decode()
    assert (
        'value="above" checked' in page
        or 'checked value="above"' in page
        or (f'id="id_register-{other.pk}_1" checked' in page)
    )
    bad = client.post(reverse("reports:risks"), {f"register-{corporate.pk}": "everything"})
    assert bad.status_code == 400 and "Choose one of the three." in bad.content.decode()


def test_a_councillor_cannot_choose_the_reports_risks(client, framework, council, registers):
    member = UserFactory(username="cllr", organisation=council)
    Membership.objects.create(user=member, organisation=council, role=Role.COUNCILLOR)
    client.force_login(member)
    assert client.get(reverse("reports:risks")).status_code == 403


def test_the_chosen_risks_are_in_every_format_above_appetite_first(
    client, framework, reader, registers
):
    choose(client, reader, registers[0])
    report = build_strategic_report(framework.q2, None, performance_team_of_period(framework.q2))
    assert [section.title for section in report.risks] == ["Corporate risks", "ICT risks"]
    corporate, ict = report.risks
    assert [row.risk.title for row in corporate.rows] == [
        "Budget gap widens",
        "Staff turnover rises",
    ]
    assert [row.risk.title for row in ict.rows] == ["Data centre outage"]  # above appetite only

    page = html.render(report).decode()
    word = Document(io.BytesIO(docx.render(report)))
    word_cells = [c.text for t in word.tables for r in t.rows for c in r.cells]
    book = load_workbook(io.BytesIO(xlsx.render(report)))
    sheet = book["Risks"]
    excel_rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    printed = pdf_text(pdf.render(report))
    words = set(printed.split())  # the PDF's table cells wrap: read it word by word
    for title in ("Budget gap widens", "Staff turnover rises", "Data centre outage"):
        assert title in page and title in word_cells and set(title.split()) <= words
        assert any(title in row for row in excel_rows)
    assert {"CORP-01", "CORP-02", "ICT-01"} <= words and "Corporate risks" in printed
    for absent in ("Printer contract lapses", "Never shown"):
        assert absent not in page and absent not in word_cells
        assert not any(absent in row for row in excel_rows)
    assert not {"Printer", "ICT-02", "OLD-01"} & words
    assert "16 Very high (4 × 4)" in page and "16 Very high (4 × 4)" in word_cells
    assert excel_rows[0][:3] == ["Corporate risks", "CORP-01", "Budget gap widens"]
    assert "9 Above appetite" in excel_rows[0]


def test_a_change_to_an_included_risk_renews_the_kept_documents(
    client, framework, reader, registers, media, django_capture_on_commit_callbacks
):
    choose(client, reader, registers[0])
    publish(framework, reader, django_capture_on_commit_callbacks)
    q2 = framework.q2
    kept.keep_documents(q2)
    version = kept.document_version(q2)
    assert kept.current_document(q2, "html", version) is not None
    assert b"16 Very high (4 \xc3\x97 4)" in kept.current_document(q2, "html", version).file.read()

    budget = registers[1]["budget"]
    review_risk(budget, 3, 4, "Savings agreed.", date(2027, 3, 1), reader)
    renewed = kept.document_version(q2)
    assert renewed != version  # the kept documents are no longer current
    assert kept.current_document(q2, "html", renewed) is None
    result = kept.keep_documents(q2)
    assert set(result.rendered) == set(kept.FORMATS)
    assert b"12 High (3 \xc3\x97 4)" in kept.current_document(q2, "html", renewed).file.read()

    review_risk(registers[1]["hidden"], 1, 1, "Not in the report.", date(2027, 3, 1), reader)
    assert kept.document_version(q2) == renewed  # a register not chosen changes nothing
    choose_none = {f"register-{registers[0][1].pk}": ""}
    client.post(reverse("reports:risks"), choose_none)
    assert kept.document_version(q2) != renewed  # nor does the choice go unnoticed
