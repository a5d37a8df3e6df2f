"""The risk scale page: everyone in the council reads the scale; the performance team changes
it there (kept in its history with the reason); a change that would leave a risk's scores off
the scale is refused with the reason, and the form keeps what was typed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from yardstick.risks.models import RiskScale
from yardstick.risks.services import scale_of

pytestmark = pytest.mark.django_db

FOUR = {
    "size": "4",
    "likelihood_labels": "Rare\nUnlikely\nLikely\nAlmost certain",
    "impact_labels": "Minor\nModerate\nMajor\nSevere",
    "bands": "1 Low\n4 Medium\n8 High\n12 Very high",
    "appetite": "6",
    "reason": "Audit committee chose a 4×4 scale",
}


def test_the_team_changes_the_scale_on_its_page_and_the_change_is_audited(
    client, council, performance_officer
):
    client.force_login(performance_officer)
    url = reverse("risks:scale")
    assert "5×5" in client.get(url).content.decode()
    response = client.post(url, FOUR)
    assert response.status_code == 302
    row = RiskScale.objects.get(organisation=council)
    assert (row.size, row.appetite) == (4, 6)
    assert scale_of(council.pk).bands[-1].name == "Very high"
    latest = row.history.latest("history_id")
    assert latest.history_user == performance_officer
    assert latest.history_change_reason == "Audit committee chose a 4×4 scale"
    page = client.get(url).content.decode()
    assert "Audit committee chose a 4×4 scale" in page
    assert "16 Very high" in page  # the matrix of the new scale: 4 × 4 at its top right


def test_a_smaller_scale_is_refused_while_a_risk_is_scored_beyond_it(
    client, council, performance_officer, risk
):
    client.force_login(performance_officer)
    response = client.post(reverse("risks:scale"), FOUR)
    assert response.status_code == 400
    page = response.content.decode()
    assert risk.reference in page and "scored above 4" in page
    assert "Audit committee chose a 4×4 scale" in page  # nothing typed is lost
    assert RiskScale.objects.get(organisation=council).size == 5


def test_bands_the_core_cannot_read_are_refused_with_its_words(
    client, council, performance_officer
):
    client.force_login(performance_officer)
    response = client.post(reverse("risks:scale"), {**FOUR, "bands": "3 Low\n8 High"})
    assert response.status_code == 400
    assert "The first band must start at 1." in response.content.decode()
    assert RiskScale.objects.get(organisation=council).size == 5  # the default, untouched


def test_a_councillor_reads_the_scale_but_cannot_change_it(client, council, councillor):
    client.force_login(councillor)
    page = client.get(reverse("risks:scale"))
    assert page.status_code == 200 and "Change the scale" not in page.content.decode()
    assert client.post(reverse("risks:scale"), FOUR).status_code == 403
