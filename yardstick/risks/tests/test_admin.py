"""The administration's doors to the risk registers: a register and the scale are checked by
the services' rules, shown in their words, and kept with their history and reason; risks are
read only there."""

from __future__ import annotations

import pytest
from django.urls import reverse

from yardstick.accounts.services import performance_team_group
from yardstick.risks.models import Register, RiskScale

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def team_permissions(performance_officer):
    """The performance team's group, which gives it every Yardstick model's permissions."""
    performance_officer.groups.add(performance_team_group())


def test_a_register_is_added_with_its_reason_and_a_bad_one_is_shown_why(
    client, units, council, performance_officer
):
    client.force_login(performance_officer)
    url = reverse("admin:risks_register_add")
    data = {
        "organisation": str(council.pk),
        "kind": "directorate",
        "code": "PEO",
        "title": "People risks",
        "unit": "",
        "change_reason": "Set up at the risk workshop",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "A directorate register belongs to a unit: choose it." in response.content.decode()
    response = client.post(url, {**data, "unit": str(units[1].pk)})  # a service
    assert "A directorate register belongs to a directorate." in response.content.decode()
    assert not Register.objects.exists()
    response = client.post(url, {**data, "unit": str(units[0].pk)})
    assert response.status_code == 302
    register = Register.objects.get()
    assert register.history.get().history_change_reason == "Set up at the risk workshop"
    assert register.history.get().history_user == performance_officer


def test_the_scale_is_checked_by_the_core_and_saved_with_its_history(
    client, council, performance_officer, risk
):
    client.force_login(performance_officer)
    row = RiskScale.objects.get(organisation=council)
    url = reverse("admin:risks_riskscale_change", args=[row.pk])
    data = {
        "organisation": str(council.pk),
        "size": "5",
        "likelihood_labels": "A\nB\nC\nD\nE",
        "impact_labels": "a\nb\nc\nd\ne",
        "bands": "1 Low\nten High",
        "appetite": "9",
        "change_reason": "",
    }
    assert "Line 2 of the bands" in client.post(url, data).content.decode()
    four = {"size": "4", "likelihood_labels": "A\nB\nC\nD", "impact_labels": "a\nb\nc\nd"}
    response = client.post(url, {**data, "bands": "1 Low\n12 High", **four})
    assert "scored above 4 (now or in a past review)" in response.content.decode()
    response = client.post(url, {**data, "bands": "1 Low\n12 High", "appetite": "30"})
    assert "The appetite must be a score from 1 to 25." in response.content.decode()
    response = client.post(url, {**data, "bands": "1 Low\n12 High"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.as_core().bands[1].name == "High"
    assert row.history.count() == 2


def test_risks_are_read_only_in_the_administration(client, risk, performance_officer):
    client.force_login(performance_officer)
    assert client.get(reverse("admin:risks_risk_change", args=[risk.pk])).status_code == 200
    assert client.get(reverse("admin:risks_risk_add")).status_code == 403
