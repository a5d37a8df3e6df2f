"""Whatever is typed into the risk pages' forms, the answer is a page with its messages or a
redirect, never a server error, and nothing out of bounds is kept."""

from __future__ import annotations

import pytest
from django.urls import reverse

from yardstick.risks.models import Control, FurtherAction, Risk, RiskReview

pytestmark = pytest.mark.django_db

NASTY = [
    "",
    " ",
    "0",
    "-1",
    "6",
    "1.5",
    "1e3",
    "²",
    "٣",
    "99999999999999999999999",
    "2018-02-30",
    "0001-01-01",
    "9999-12-31",
    "x" * 5000,
    "<script>alert(1)</script>",
    "=HYPERLINK(1)",
    "a\x00b",
]

FORMS = {
    "review": ("likelihood", "impact", "notes", "next_review", "control", "control_owner"),
    "control": ("text", "owner"),
    "action": ("text", "owner", "due"),
    "escalate": ("register", "reason"),
    "close": ("reason",),
}


@pytest.mark.parametrize("value", NASTY)
def test_every_risk_form_answers_without_an_error_and_keeps_nothing_out_of_bounds(
    client, risk, performance_officer, value
):
    client.force_login(performance_officer)
    url = reverse("risks:risk", args=[risk.pk])
    for form, fields in FORMS.items():
        for field in fields:
            data = {"form": form, **{f"{form}-{name}": "3" for name in fields}}
            data[f"{form}-{field}"] = value
            response = client.post(url, data)
            assert response.status_code in (200, 302, 400), (form, field, value)
            risk.refresh_from_db()
            if risk.status == "closed":  # a close that was allowed: open it again for the rest
                Risk.objects.filter(pk=risk.pk).update(status="open", closed_on=None)
    for review in RiskReview.objects.all():
        assert 1 <= review.likelihood <= 5 and 1 <= review.impact <= 5
        assert len(review.notes) <= 2000
    assert all(len(c.text) <= 2000 for c in Control.objects.all())
    assert all(len(a.text) <= 2000 for a in FurtherAction.objects.all())


@pytest.mark.parametrize("value", NASTY)
def test_the_risk_form_answers_without_an_error(client, registers, performance_officer, value):
    client.force_login(performance_officer)
    url = reverse("risks:new", args=["PEO"])
    good = {
        "title": "T",
        "category": "operational",
        "owner": str(performance_officer.pk),
        "inherent_likelihood": "5",
        "inherent_impact": "5",
        "current_likelihood": "3",
        "current_impact": "3",
        "target_likelihood": "1",
        "target_impact": "1",
        "review_date": "2027-01-01",
        "appetite": "",
    }
    for field in good:
        response = client.post(url, {**good, field: value})
        assert response.status_code in (200, 302, 400), (field, value)
    for risk in Risk.objects.all():
        assert risk.current_score <= risk.inherent_score <= 25
        assert risk.appetite is None or 1 <= risk.appetite <= 25


@pytest.mark.parametrize("path", ["x" * 300, "PEO%00", "..", "PEO/new/../../"])
def test_odd_addresses_are_not_found_rather_than_errors(client, registers, councillor, path):
    client.force_login(councillor)
    assert client.get(f"/risks/{path}/").status_code in (200, 301, 302, 400, 404)
    assert client.get("/risks/PEO/?closed=%00").status_code in (200, 400)
    assert client.get(f"/reports/risk-registers/{path}/pdf/").status_code in (400, 404)
