"""Sign-off: the approver sees the figures submitted for their area, approves them or returns
them with a reason; the owner sees the reason."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from yardstick.collection import services
from yardstick.collection.tests.conftest import percent
from yardstick.measures.models import FigureStatus
from yardstick.measures.services import record_figure

pytestmark = pytest.mark.django_db

SIGN_OFF = reverse("collection:sign_off")


def review_url(figure) -> str:
    return reverse("collection:review", args=[figure.pk])


@pytest.fixture
def submitted(measure, q2, officer):
    return services.submit_figure(
        measure,
        q2,
        percent("70", commentary="A supplier changed its system."),
        officer,
        expected_version=None,
    )


def test_the_approver_sees_submitted_figures_of_their_area_only(
    client, approver, submitted, people_measure, q2, outsider
):
    theirs = record_figure(people_measure, q2, percent("90"), outsider, status="submitted")
    client.force_login(approver)
    response = client.get(SIGN_OFF)
    html = response.content.decode()
    assert "RES 1 Invoices paid in 30 days" in html
    assert review_url(submitted) in html
    assert "A supplier changed its system." in html
    assert "PEO 1" not in html and review_url(theirs) not in html


def test_the_review_page_shows_the_rating_and_commentary(client, approver, submitted):
    client.force_login(approver)
    html = client.get(review_url(submitted)).content.decode()
    assert "Low Red" in html
    assert "A supplier changed its system." in html
    assert "Olive Owen" in html  # submitted by


def test_approving_signs_the_figure_off(client, approver, submitted):
    client.force_login(approver)
    response = client.post(
        review_url(submitted), {"decision": "approve", "version": submitted.version}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == FigureStatus.APPROVED
    assert submitted.approved_by == approver and submitted.approved_at is not None
    latest = submitted.history.first()
    assert (latest.history_user, latest.history_change_reason) == (approver, "Approved")


def test_returning_needs_a_reason(client, approver, submitted):
    client.force_login(approver)
    response = client.post(
        review_url(submitted), {"decision": "return", "reason": " ", "version": submitted.version}
    )
    assert response.status_code == 200
    assert "Say why you are returning the figure." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == FigureStatus.SUBMITTED


def test_a_returned_figure_goes_back_to_its_owner_as_a_draft_with_the_reason(
    client, approver, officer, submitted, measure, q2
):
    client.force_login(approver)
    client.post(
        review_url(submitted),
        {"decision": "return", "reason": "Check the July invoices.", "version": submitted.version},
    )
    submitted.refresh_from_db()
    assert submitted.status == FigureStatus.DRAFT
    assert submitted.returned_reason == "Check the July invoices."
    assert submitted.history.first().history_change_reason == (
        "Returned to its owner: Check the July invoices."
    )
    client.force_login(officer)
    returns = client.get(reverse("collection:returns")).content.decode()
    assert "Returned to you" in returns and "Check the July invoices." in returns
    entry = reverse("collection:entry", args=[measure.pk, q2.pk])
    assert "Check the July invoices." in client.get(entry).content.decode()
    # Submitting again clears the reason.
    client.post(
        entry,
        {
            "value": "71%",
            "commentary": "Checked: one invoice was late.",
            "version": submitted.version,
            "action": "submit",
        },
    )
    submitted.refresh_from_db()
    assert submitted.status == FigureStatus.SUBMITTED and submitted.returned_reason == ""


def test_an_approver_of_another_directorate_cannot_review_or_decide(
    client, other_approver, submitted
):
    client.force_login(other_approver)
    assert client.get(review_url(submitted)).status_code == 403
    response = client.post(
        review_url(submitted), {"decision": "approve", "version": submitted.version}
    )
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == FigureStatus.SUBMITTED


def test_an_owner_cannot_approve_their_own_figure_by_posting_a_form(client, officer, submitted):
    client.force_login(officer)
    response = client.post(
        review_url(submitted), {"decision": "approve", "version": submitted.version}
    )
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == FigureStatus.SUBMITTED


def test_approving_a_figure_changed_since_it_was_opened_is_refused(
    client, approver, officer, submitted, measure, q2
):
    opened = submitted.version
    services.submit_figure(
        measure,
        q2,
        percent("72", commentary="Corrected after a late invoice."),
        officer,
        expected_version=opened,
    )
    client.force_login(approver)
    response = client.post(review_url(submitted), {"decision": "approve", "version": opened})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Olive Owen changed this figure since you opened it" in html
    assert "72%" in html
    submitted.refresh_from_db()
    assert submitted.status == FigureStatus.SUBMITTED
    assert submitted.value == Decimal("72")


def test_a_draft_cannot_be_approved(measure, q2, officer, approver):
    draft = record_figure(measure, q2, percent("80"), officer)
    with pytest.raises(services.WrongStatus, match="draft, so it cannot be approved"):
        services.approve_figure(draft, approver, expected_version=draft.version)


def test_the_services_check_who_may_act(measure, q2, officer, outsider, other_approver):
    with pytest.raises(PermissionDenied):
        services.save_draft(measure, q2, percent("80"), outsider, expected_version=None)
    draft = record_figure(measure, q2, percent("80"), officer, status="submitted")
    with pytest.raises(PermissionDenied):
        services.approve_figure(draft, other_approver, expected_version=None)
    with pytest.raises(PermissionDenied):
        services.return_figure(draft, officer, "No", expected_version=None)


def test_the_sign_off_page_queries_do_not_grow_with_the_number_of_figures(
    client, council, resources, officer, approver, submitted, q1, q2
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from yardstick.collection.tests.conftest import add_measure

    client.force_login(approver)
    client.get(SIGN_OFF)
    with CaptureQueriesContext(connection) as few:
        client.get(SIGN_OFF)
    for number in range(2, 12):
        extra = add_measure(council, resources, officer, q1, q2, code=f"RES {number}")
        record_figure(extra, q2, percent("80"), officer, status=FigureStatus.SUBMITTED)
    with CaptureQueriesContext(connection) as many:
        response = client.get(SIGN_OFF)
    assert len(response.context["submitted"]) == 11
    assert len(many) == len(few)
