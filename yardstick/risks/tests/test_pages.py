"""The risk pages: the performance team reviews a risk (new scores, a control), escalates it to
the corporate register and sees both registers' heat maps and the history; the forms show
the services' words; councillors read; the register downloads as Word, PDF and Excel."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from tests.factories import UserFactory
from yardstick.accounts.models import Membership, Role
from yardstick.risks import services
from yardstick.risks.models import Risk
from yardstick.risks.tests.conftest import given

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", response.content.decode()))


def test_the_team_reviews_escalates_and_sees_both_heat_maps_and_the_history(
    client, risk, registers, performance_officer, risk_owner
):
    client.force_login(performance_officer)
    url = reverse("risks:risk", args=[risk.pk])
    response = client.post(
        url,
        {
            "form": "review",
            "review-likelihood": "3",
            "review-impact": "4",
            "review-notes": "Two providers recruited.",
            "review-next_review": "2027-03-01",
            "review-control": "Weekly brokerage meeting",
            "review-control_owner": str(risk_owner.pk),
        },
    )
    assert response.status_code == 302
    risk.refresh_from_db()
    assert risk.current_score == 12
    response = client.post(
        url,
        {
            "form": "escalate",
            "escalate-register": str(registers["corporate"].pk),
            "escalate-reason": "A year above appetite.",
        },
    )
    higher = Risk.objects.get(register=registers["corporate"])
    assert response.status_code == 302 and response.url == reverse("risks:risk", args=[higher.pk])

    page = text_of(client.get(url))
    assert "Weekly brokerage meeting" in page
    assert "Escalated toCORP-01 Care market fails to meet demand, Corporate" in page
    assert "Falling (better)" in page and "Two providers recruited." in page
    page = text_of(client.get(reverse("risks:risk", args=[higher.pk])))
    assert "Escalated fromPEO-01 Care market fails to meet demand, People" in page

    for register in (registers["people"], registers["corporate"]):
        page = text_of(client.get(reverse("risks:register", args=[register.code])))
        assert "Heat map: 1 open risk by current likelihood and impact" in page
        assert "1 risk 12 High ▲" in page  # count, score, band and the appetite in words
        assert "Above appetite" in page
    index = text_of(client.get(reverse("risks:index")))
    assert "Corporate" in index and "People" in index


def test_the_forms_show_the_services_words_and_keep_what_was_typed(
    client, risk, performance_officer
):
    client.force_login(performance_officer)
    response = client.post(
        reverse("risks:risk", args=[risk.pk]),
        {
            "form": "review",
            "review-likelihood": "9",
            "review-impact": "2",
            "review-next_review": "not a day",
            "review-notes": "kept words",
        },
    )
    page = text_of(response)
    assert response.status_code == 400
    assert "Choose the likelihood from the list." in page
    assert "Enter a date such as" in page
    assert "kept words" in page
    response = client.post(
        reverse("risks:risk", args=[risk.pk]),
        {"form": "escalate", "escalate-register": str(risk.register.pk)},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in text_of(response)


def test_a_new_risk_through_the_form_and_its_bad_input(client, registers, performance_officer):
    client.force_login(performance_officer)
    url = reverse("risks:new", args=["PLA"])
    data = {
        "title": "Flooding of the depot",
        "category": "operational",
        "owner": str(performance_officer.pk),
        "inherent_likelihood": "3",
        "inherent_impact": "5",
        "current_likelihood": "4",
        "current_impact": "5",
        "target_likelihood": "1",
        "target_impact": "5",
        "review_date": "2027-02-01",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "cannot be above the inherent score" in text_of(response)
    response = client.post(url, {**data, "current_likelihood": "2", "review_date": "2099-01-01"})
    assert "within 10 years" in text_of(response)
    response = client.post(url, {**data, "current_likelihood": "2"})
    assert response.status_code == 302
    assert Risk.objects.get().reference == "PLA-01"


def test_councillors_read_but_may_not_write(client, risk, councillor):
    client.force_login(councillor)
    url = reverse("risks:risk", args=[risk.pk])
    page = text_of(client.get(url))
    assert "Review the risk" not in page and "Escalate the risk" not in page
    response = client.post(url, {"form": "review", "review-likelihood": "1", "review-impact": "1"})
    assert response.status_code == 403
    assert client.get(reverse("risks:new", args=["PEO"])).status_code == 403
    assert client.get(reverse("risks:edit", args=[risk.pk])).status_code == 403


def test_another_councils_register_is_not_found(client, risk, other_council):
    outsider = UserFactory(username="out", organisation=other_council)
    Membership.objects.create(user=outsider, organisation=other_council, role=Role.COUNCILLOR)
    client.force_login(outsider)
    assert client.get(reverse("risks:register", args=["PEO"])).status_code == 404
    assert client.get(reverse("risks:risk", args=[risk.pk])).status_code == 404
    url = reverse("reports:risk_register", args=["PEO", "docx"])
    assert client.get(url).status_code == 404


def test_the_register_downloads_as_word_pdf_and_excel(
    client, risk, registers, councillor, risk_owner, performance_officer
):
    services.create_risk(
        registers["people"],
        given(risk_owner, title="Low risk", current_likelihood=1, current_impact=2,
              target_likelihood=1, target_impact=1),
        performance_officer,
    )  # fmt: skip
    client.force_login(councillor)
    word = client.get(reverse("reports:risk_register", args=["PEO", "docx"]))
    assert word.status_code == 200
    document = Document(io.BytesIO(word.content))
    heat, risks = document.tables
    assert heat.rows[2].cells[4].text == "1: 16 Very high ▲"  # likelihood 5 first, then 4
    assert [row.cells[0].text for row in risks.rows] == ["Ref", "PEO-01", "PEO-02"]
    assert risks.rows[1].cells[4].text == "16 Very high (4 × 4)"
    excel = client.get(reverse("reports:risk_register", args=["PEO", "xlsx"]))
    sheet = load_workbook(io.BytesIO(excel.content))["Risks"]
    assert [sheet.cell(row=r, column=1).value for r in (4, 5)] == ["PEO-01", "PEO-02"]
    assert sheet.cell(row=4, column=9).value == "Yes"
    pdf = client.get(reverse("reports:risk_register", args=["PEO", "pdf"]))
    assert pdf.content.startswith(b"%PDF")
    assert client.get(reverse("reports:risk_register", args=["PEO", "odt"])).status_code == 404


def test_a_register_page_takes_as_many_queries_for_many_risks_as_for_few(
    client, registers, risk_owner, performance_officer
):
    client.force_login(performance_officer)
    url = reverse("risks:register", args=["PEO"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    services.create_risk(registers["people"], given(risk_owner), performance_officer)
    few = queries()
    for number in range(6):
        risk = services.create_risk(
            registers["people"], given(risk_owner, title=f"Risk {number}"), performance_officer
        )
        services.review_risk(risk, 3, 3, "", date(2027, 5, 1), performance_officer)
    services.escalate_risk(risk, registers["corporate"], performance_officer)
    assert queries() == few
