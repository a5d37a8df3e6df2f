"""Publishing a period (performance team): what is still missing first, then lock it and keep
its ratings as reported. Corrections after publishing: performance team only, with a reason,
shown in the history and as a restatement on the next report."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import ScorecardEntryFactory, ScorecardFactory, period
from yardstick.accounts.access import board
from yardstick.collection import services
from yardstick.collection.tests.conftest import add_measure, percent
from yardstick.core.values import Missing, MissingState
from yardstick.framework.models import PeriodStatus
from yardstick.measures.models import FigureStatus, ReportedRating
from yardstick.measures.queries import measure_history
from yardstick.measures.services import FigureInput, record_figure
from yardstick.scorecards.rows import build_scorecard

pytestmark = pytest.mark.django_db


def publish_url(period) -> str:
    return reverse("collection:publish_period", args=[period.pk])


def correct_url(measure, period) -> str:
    return reverse("collection:correct", args=[measure.pk, period.pk])


@pytest.fixture
def approved(measure, q2, officer, approver):
    figure = services.submit_figure(measure, q2, percent("80"), officer, expected_version=None)
    return services.approve_figure(figure, approver, expected_version=figure.version)


def test_the_publish_page_lists_what_is_missing_or_not_signed_off(
    client, council, resources, team, officer, approved, q1, q2
):
    draft_measure = add_measure(council, resources, officer, q1, q2, code="RES 2")
    record_figure(draft_measure, q2, percent("70"), officer)
    add_measure(council, resources, officer, q1, q2, code="RES 3", title="Nothing entered")
    client.force_login(team)
    index = client.get(reverse("collection:publish")).content.decode()
    assert "Q2 2018/19" in index and publish_url(q2) in index
    html = client.get(publish_url(q2)).content.decode()
    assert "Not started (1)" in html and "RES 3 Nothing entered" in html
    assert "Draft or returned, not submitted (1)" in html and "RES 2" in html
    assert "Publish anyway" in html


def test_publishing_with_figures_outstanding_needs_confirming(
    client, council, resources, team, officer, approved, q1, q2
):
    add_measure(council, resources, officer, q1, q2, code="RES 3")
    client.force_login(team)
    response = client.post(publish_url(q2), {})
    assert response.status_code == 200
    assert "1 figure is not signed off" in response.content.decode()
    q2.refresh_from_db()
    assert q2.status == PeriodStatus.OPEN


def test_publishing_locks_the_period_and_keeps_signed_off_ratings_only(
    client, council, resources, team, officer, approved, measure, q1, q2
):
    drafted = add_measure(council, resources, officer, q1, q2, code="RES 2")
    record_figure(drafted, q2, percent("99"), officer)  # never submitted
    client.force_login(team)
    response = client.post(publish_url(q2), {"confirm": "on"})
    assert response.status_code == 302
    q2.refresh_from_db()
    assert q2.status == PeriodStatus.PUBLISHED and q2.published_by == team
    approved.refresh_from_db()
    assert approved.status == FigureStatus.PUBLISHED
    kept = {row.measure.code: row for row in ReportedRating.objects.filter(period=q2)}
    assert kept["RES 1"].actual_text == "80%" and kept["RES 1"].band == "HG"
    assert kept["RES 2"].actual_text == "" and kept["RES 2"].band == ""  # the draft is not reported


def test_only_the_performance_team_can_publish(client, approver, officer, approved, q2):
    for person in (approver, officer):
        client.force_login(person)
        assert client.get(publish_url(q2)).status_code == 403
        assert client.post(publish_url(q2), {"confirm": "on"}).status_code == 403
    q2.refresh_from_db()
    assert q2.status == PeriodStatus.OPEN


@pytest.fixture
def published(q2, team, approved):
    services.publish(q2, team)
    q2.refresh_from_db()
    return q2


def correction(**fields) -> dict:
    data = {"value": "70%", "version": "0", "reason": "The finance system double-counted July."}
    data.update(fields)
    return data


def test_after_publishing_owners_and_approvers_cannot_change_the_figure(
    client, officer, approver, measure, published, approved
):
    client.force_login(officer)
    entry = reverse("collection:entry", args=[measure.pk, published.pk])
    client.post(entry, {"value": "10%", "version": approved.version, "action": "save"})
    assert client.get(correct_url(measure, published)).status_code == 403
    assert client.post(correct_url(measure, published), correction()).status_code == 403
    client.force_login(approver)
    assert client.post(correct_url(measure, published), correction()).status_code == 403
    approved.refresh_from_db()
    assert approved.value == Decimal("80")


def test_the_performance_team_corrects_with_a_reason_and_the_rating_is_restated(
    client, council, team, measure, published, approved
):
    scorecard = ScorecardFactory(organisation=council, slug="resources")
    ScorecardEntryFactory(scorecard=scorecard, measure=measure)
    before = build_scorecard(scorecard, published, board(published.organisation_id)).rows[0].current
    assert not before.restated and before.actual == "80%"

    client.force_login(team)
    assert client.get(reverse("collection:entry", args=[measure.pk, published.pk])).status_code == (
        302
    )
    page = client.get(correct_url(measure, published)).content.decode()
    assert "As reported" in page and "<strong>80%</strong>" in page
    refused = client.post(correct_url(measure, published), correction(reason=""))
    assert "This field is required" in refused.content.decode()
    approved.refresh_from_db()
    opened = str(approved.version)
    response = client.post(correct_url(measure, published), correction(version=opened))
    assert response.status_code == 302
    assert response.url == reverse("measures:detail", args=[measure.code])

    approved.refresh_from_db()
    assert approved.value == Decimal("70") and approved.status == FigureStatus.PUBLISHED
    rows = ReportedRating.objects.filter(measure=measure, period=published).order_by("id")
    assert [(row.band, row.is_restatement) for row in rows] == [("HG", False), ("LR", True)]
    after = build_scorecard(scorecard, published, board(published.organisation_id)).rows[0].current
    assert after.restated and after.actual == "70%"
    changes = [change.reason for change in measure_history(measure)]
    assert "Correction after publishing: The finance system double-counted July." in changes
    page = client.get(reverse("measures:detail", args=[measure.code])).content.decode()
    assert "The finance system double-counted July." in page


def test_a_long_correction_reason_is_kept_in_full_with_the_restatement(team, measure, published):
    reason = "The finance system double-counted July. " * 6
    services.correct_figure(measure, published, percent("70"), team, reason)
    restated = ReportedRating.objects.filter(measure=measure, is_restatement=True).get()
    assert restated.restatement_reason == reason.strip()
    cut = measure.figures.get(period=published).history.first().history_change_reason
    assert len(cut) == 100 and cut.endswith("…")


def test_publishing_a_period_twice_is_refused(council, team):
    q1 = period(council, "2018-19 Q1")
    services.publish_period(q1, team)

    with pytest.raises(services.PublishRefused, match="already published"):
        services.publish_period(q1, team)

    assert not ReportedRating.objects.exists()


def test_a_second_correction_made_at_the_same_time_is_refused_and_says_whose_stands(
    client, council, team, measure, published, approved
):
    approved.refresh_from_db()
    opened = str(approved.version)
    client.force_login(team)
    first = client.post(correct_url(measure, published), correction(version=opened))
    assert first.status_code == 302
    second = client.post(
        correct_url(measure, published),
        correction(value="71%", version=opened, reason="Another reading of July."),
    )
    assert second.status_code == 200
    assert "corrected this figure since you opened it" in second.content.decode()
    approved.refresh_from_db()
    assert approved.value == Decimal("70")
    assert ReportedRating.objects.filter(measure=measure, period=published).count() == 2


def test_a_figure_not_available_with_a_long_note_is_kept_in_full_when_published(
    client, team, officer, measure, q2
):
    """The seed report's own footnote is 104 characters: on PostgreSQL the rating kept as
    reported held 100, so publishing the period answered 500."""
    note = (
        "Since a change in the form of report to the Ministry on 1 April 2018, no reports "
        "have been made available"
    )
    entry = FigureInput(Missing(MissingState.NOT_AVAILABLE, note), commentary="As noted")
    record_figure(measure, q2, entry, officer, status=FigureStatus.APPROVED)
    client.force_login(team)
    assert client.post(publish_url(q2)).status_code == 302
    kept = ReportedRating.objects.get(measure=measure, period=q2)
    assert kept.actual_text == f"Not available ({note})"


def test_the_correction_page_previews_the_corrected_rating_live_as_the_entry_form_does(
    client, officer, team, measure, published, approved
):
    preview = reverse("collection:preview", args=[measure.pk, published.pk])
    client.force_login(team)
    page = client.get(correct_url(measure, published)).content.decode()
    assert f'hx-post="{preview}"' in page and "htmx.min.js" in page
    assert 'value="check"' not in page  # a correction's form has no check-only button

    html = client.post(preview, correction(value="70%")).content.decode()
    assert "Rating once corrected" in html
    assert "LR</span> Low Red" in html  # 70 is 6.7% under 75
    refused = client.post(preview, correction(value="170%")).content.decode()
    assert "Not rated yet: A percentage must be between 0 and 100" in refused
    approved.refresh_from_db()
    assert approved.value == Decimal("80")  # a preview corrects nothing

    client.force_login(officer)
    assert client.post(preview, correction(value="70%")).status_code == 403
