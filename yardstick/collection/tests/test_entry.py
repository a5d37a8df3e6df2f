"""The entry form: save a draft, submit it, commentary when off target, bad input re-shown
with nothing lost, the live rating preview, two people editing at once, and access."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import MeasureFactory, OrganisationFactory, UserFactory, core_rating, period
from yardstick.collection.checks import earlier_amounts
from yardstick.collection.tests.conftest import percent
from yardstick.core.ratings import Band
from yardstick.dataquality.queries import choosable_periods, data_quality
from yardstick.framework.models import PeriodStatus
from yardstick.measures.models import Figure, FigureStatus
from yardstick.measures.services import record_figure

pytestmark = pytest.mark.django_db


def entry_url(measure, period) -> str:
    return reverse("collection:entry", args=[measure.pk, period.pk])


def form(**fields) -> dict:
    data = {
        "value": "",
        "missing_state": "",
        "note": "",
        "data_covers_start": "",
        "data_covers_end": "",
        "data_covers": "",
        "commentary": "",
        "proposed_action": "",
        "version": "0",
        "action": "save",
    }
    data.update(fields)
    return data


def stored(measure, period) -> Figure | None:
    return Figure.objects.filter(measure=measure, period=period).first()


def test_the_form_shows_the_target_last_figure_and_deadline(client, officer, measure, q2):
    client.force_login(officer)
    response = client.get(entry_url(measure, q2))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Invoices paid in 30 days" in html
    assert "75%" in html and "78% (Q1 2018/19)" in html
    assert "19 October 2018" in html
    assert 'name="version" value="0"' in html


def test_saving_a_draft_records_the_figure_with_who_and_why(client, officer, measure, q2):
    client.force_login(officer)
    response = client.post(
        entry_url(measure, q2),
        form(value="80%", data_covers="Jul 18 - Sep 18", commentary="Steady"),
    )
    assert response.status_code == 302
    figure = stored(measure, q2)
    assert figure.status == FigureStatus.DRAFT
    assert figure.value == Decimal("80")
    assert (figure.data_covers_start, figure.data_covers_end) == (
        date(2018, 7, 1),
        date(2018, 9, 30),
    )
    latest = figure.history.first()
    assert latest.history_user == officer
    assert latest.history_change_reason == "Draft saved"


def test_data_covers_can_be_two_dates(client, officer, measure, q2):
    client.force_login(officer)
    client.post(
        entry_url(measure, q2),
        form(value="80", data_covers_start="2018-06-01", data_covers_end="2018-08-31"),
    )
    figure = stored(measure, q2)
    assert (figure.data_covers_start, figure.data_covers_end) == (
        date(2018, 6, 1),
        date(2018, 8, 31),
    )


def test_an_off_target_figure_cannot_be_submitted_without_commentary(client, officer, measure, q2):
    client.force_login(officer)
    response = client.post(
        entry_url(measure, q2),
        form(value="70%", proposed_action="Chase suppliers", action="submit"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Add commentary" in html and "LR Low Red" in html
    assert 'href="#id_commentary"' in html  # the summary links to the field
    assert stored(measure, q2) is None  # nothing saved
    assert 'value="70%"' in html and "Chase suppliers" in html  # nothing typed is lost


def test_a_deteriorating_figure_needs_commentary_even_on_target(client, officer, measure, q2):
    client.force_login(officer)
    response = client.post(entry_url(measure, q2), form(value="76%", action="submit"))
    html = response.content.decode()
    assert "Add commentary" in html and "deteriorated" in html
    assert stored(measure, q2) is None


def test_with_commentary_the_figure_is_submitted_for_sign_off(client, officer, measure, q2):
    client.force_login(officer)
    response = client.post(
        entry_url(measure, q2),
        form(value="70%", commentary="A supplier changed its system.", action="submit"),
    )
    assert response.status_code == 302
    assert response.url == reverse("collection:returns")
    figure = stored(measure, q2)
    assert figure.status == FigureStatus.SUBMITTED
    assert figure.submitted_by == officer and figure.submitted_at is not None
    reasons = [row.history_change_reason for row in figure.history.order_by("history_id")]
    assert reasons == ["Figure recorded", "Submitted for sign-off"]


def test_a_figure_on_target_and_improving_needs_no_commentary(client, officer, measure, q2):
    client.force_login(officer)
    response = client.post(entry_url(measure, q2), form(value="80%", action="submit"))
    assert response.status_code == 302
    assert stored(measure, q2).status == FigureStatus.SUBMITTED


def test_no_figure_can_be_submitted_with_the_reason_and_a_note(client, officer, measure, q2):
    client.force_login(officer)
    response = client.post(
        entry_url(measure, q2),
        form(missing_state="not_available", note="DWP data not released", action="submit"),
    )
    assert response.status_code == 302
    figure = stored(measure, q2)
    assert figure.value is None
    assert figure.missing_state == "not_available"
    assert figure.note == "DWP data not released"


def test_submitting_nothing_says_what_is_needed(client, officer, measure, q2):
    client.force_login(officer)
    response = client.post(entry_url(measure, q2), form(action="submit"))
    assert "Enter the figure, or choose why there is none" in response.content.decode()
    assert stored(measure, q2) is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"value": "seventy"}, "is not a percentage"),
        ({"value": "120%"}, "between 0 and 100"),
        ({"value": "70%", "missing_state": "in_arrears"}, "not both"),
        ({"value": "70%", "data_covers": "last summer"}, "is not a date range"),
        ({"value": "70%", "data_covers_start": "2018-07-01"}, "Enter both dates"),
        (
            {"value": "70%", "data_covers_start": "2018-09-30", "data_covers_end": "2018-07-01"},
            "cannot end before it starts",
        ),
        (
            {
                "value": "70%",
                "data_covers": "Apr 18 - Jun 18",
                "data_covers_start": "2018-07-01",
                "data_covers_end": "2018-09-30",
            },
            "disagree",
        ),
    ],
)
def test_bad_input_reshows_the_form_with_a_message_and_loses_nothing(
    client, officer, measure, q2, fields, message
):
    client.force_login(officer)
    typed = form(
        commentary="Typed commentary kept",
        proposed_action="Typed action kept",
        note="Typed note kept",
        **fields,
    )
    response = client.post(entry_url(measure, q2), typed)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    for kept in ("Typed commentary kept", "Typed action kept", "Typed note kept"):
        assert kept in html
    for name in ("value", "data_covers"):
        if fields.get(name):
            assert f'value="{fields[name]}"' in html
    assert stored(measure, q2) is None


def test_numerator_and_denominator_are_asked_for_when_the_measure_counts_them(
    client, council, resources, officer, q2, quarterly_rule
):
    measure = MeasureFactory(
        organisation=council,
        unit=resources,
        owner=officer,
        frequency="quarterly",
        numerator_label="Invoices paid in 30 days",
        denominator_label="Invoices received",
    )
    client.force_login(officer)
    html = client.get(entry_url(measure, q2)).content.decode()
    assert "Invoices received" in html
    response = client.post(
        entry_url(measure, q2), form(value="60%", numerator="70", denominator="60")
    )
    assert "cannot be more than the denominator" in response.content.decode()
    client.post(entry_url(measure, q2), form(value="60%", numerator="60", denominator="100"))
    figure = stored(measure, q2)
    assert (figure.value, figure.numerator, figure.denominator) == (60, 60, 100)


def test_the_preview_gives_the_rating_the_core_gives_and_says_commentary_is_needed(
    client, officer, measure, q2
):
    measure.decimals = 0
    measure.save()
    client.force_login(officer)
    url = reverse("collection:preview", args=[measure.pk, q2.pk])
    response = client.post(url, form(value="70"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert stored(measure, q2) is None  # a preview saves nothing
    record_figure(measure, q2, percent("70"), officer)  # what the core says once saved
    rating = core_rating(measure, q2)
    assert rating.band == Band.LOW_RED  # 70 is 6.7% under 75
    assert rating.reason in html
    assert "LR</span> Low Red" in html
    assert 'id="commentary-requirement" hx-swap-oob="true"' in html
    assert "Commentary is required" in html


def test_the_preview_says_what_it_cannot_read(client, officer, measure, q2):
    client.force_login(officer)
    url = reverse("collection:preview", args=[measure.pk, q2.pk])
    html = client.post(url, form(value="lots")).content.decode()
    assert "Not rated yet" in html and "is not a percentage" in html


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"value": "80%", "missing_state": "not_available"},
            "Enter a figure or choose why there is none, not both",
        ),
        ({"value": "80%", "data_covers": "next Tuesday"}, "is not a date range"),
    ],
)
def test_the_preview_shows_the_forms_message_rather_than_rate_what_it_refuses(
    client, officer, measure, q2, fields, message
):
    client.force_login(officer)
    url = reverse("collection:preview", args=[measure.pk, q2.pk])
    html = client.post(url, form(**fields)).content.decode()
    assert "Not rated yet" in html and message in html
    assert "band-" not in html  # no rating is shown for a figure the form refuses
    entry_page = client.post(entry_url(measure, q2), form(**fields)).content.decode()
    assert message.removeprefix("Not rated yet: ") in entry_page
    assert stored(measure, q2) is None


def test_check_the_rating_works_without_javascript_and_saves_nothing(client, officer, measure, q2):
    client.force_login(officer)
    response = client.post(entry_url(measure, q2), form(value="79%", action="check"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "LG" in html
    assert stored(measure, q2) is None


def test_the_second_of_two_editors_is_refused_and_shown_the_other_figure(
    client, council, officer, measure, q2
):
    colleague = UserFactory(
        username="cara", first_name="Cara", last_name="Cole", organisation=council
    )
    record_figure(measure, q2, percent("80"), officer)  # both open version 1
    measure.delegates.add(colleague)
    client.force_login(colleague)
    first = client.post(entry_url(measure, q2), form(value="82%", version="1"))
    assert first.status_code == 302

    client.force_login(officer)
    second = client.post(entry_url(measure, q2), form(value="79%", commentary="Mine", version="1"))
    assert second.status_code == 200
    html = second.content.decode()
    assert "Cara Cole saved this figure since you opened it" in html
    assert "<strong>82%</strong>" in html  # their figure
    assert 'value="79%"' in html and "Mine" in html  # what this person typed, kept
    assert stored(measure, q2).value == Decimal("82")  # not overwritten
    assert 'name="version" value="2"' in html  # saving again now overwrites, knowingly

    again = client.post(entry_url(measure, q2), form(value="79%", commentary="Mine", version="2"))
    assert again.status_code == 302
    assert stored(measure, q2).value == Decimal("79")


def test_a_returned_figure_shows_the_approvers_reason(client, officer, measure, q2):
    figure = record_figure(measure, q2, percent("80"), officer)
    figure.returned_reason = "Please check against the finance system."
    figure.save()
    client.force_login(officer)
    html = client.get(entry_url(measure, q2)).content.decode()
    assert "Returned to you by the approver" in html
    assert "Please check against the finance system." in html
    html = client.get(reverse("collection:returns")).content.decode()
    assert "Returned to you" in html and "Please check against the finance system." in html


def test_the_entry_form_and_the_data_quality_page_judge_outliers_on_the_same_history(
    client, council, officer, measure, q1, q2
):
    """The 12 quarters before Q2 2018/19, received figures only: a figure further back and a
    draft do not count, so with seven figures 99% is not judged, on the form or the page."""
    quarters = [
        period(council, f"{2015 + n // 4}-{(2016 + n // 4) % 100:02d} Q{n % 4 + 1}")
        for n in range(12)
    ]  # Q1 2015/16 to Q4 2017/18; Q1 2018/19 has 78% published
    published = {0: "60", 2: "76", 4: "77", 6: "78", 8: "76", 10: "77", 11: "78"}
    for index, amount in published.items():
        Figure.objects.create(
            measure=measure, period=quarters[index], value=Decimal(amount), status="published"
        )
    Figure.objects.create(measure=measure, period=quarters[9], value=Decimal(77), status="draft")
    assert earlier_amounts(measure, q2) == [Decimal(n) for n in (76, 77, 78, 76, 77, 78, 78)]

    client.force_login(officer)
    submitted = client.post(entry_url(measure, q2), form(value="99%", action="submit"))
    assert submitted.status_code == 302  # not stopped to confirm an unusual figure
    assert stored(measure, q2).status == FigureStatus.SUBMITTED
    page = data_quality(council.id, q2, choosable_periods(council.id), date(2018, 10, 15))
    assert page.outliers == () and page.outliers_not_judged == 1


def test_an_ordinary_movement_needs_no_confirming_though_its_score_is_high(
    client, council, officer, measure, q2
):
    for number, amount in enumerate(["76", "77", "78", "76", "77", "78", "76", "77"]):
        year = 2015 + number // 4
        earlier = period(council, f"{year}-{(year + 1) % 100:02d} Q{number % 4 + 1}")
        Figure.objects.create(
            measure=measure, period=earlier, value=Decimal(amount), status="published"
        )
    client.force_login(officer)
    preview = reverse("collection:preview", args=[measure.pk, q2.pk])
    html = client.post(preview, form(value="84%")).content.decode()  # robust z-score 4.7
    assert "Check this figure" not in html
    submitted = client.post(entry_url(measure, q2), form(value="84%", action="submit"))
    assert submitted.status_code == 302  # within 7.7 points (a tenth of 77) of 78%
    assert stored(measure, q2).status == FigureStatus.SUBMITTED


def test_an_unusual_figure_must_be_confirmed_with_a_reason_before_submitting(
    client, council, officer, measure, q2
):
    for number, amount in enumerate(["76", "77", "78", "76", "77", "78", "76", "77"]):
        year = 2015 + number // 4
        earlier = period(council, f"{year}-{(year + 1) % 100:02d} Q{number % 4 + 1}")
        Figure.objects.create(
            measure=measure, period=earlier, value=Decimal(amount), status="published"
        )
    client.force_login(officer)
    refused = client.post(entry_url(measure, q2), form(value="99%", action="submit"))
    html = refused.content.decode()
    assert (
        "Check this figure: it is much higher than usual: the last 9 quarters were 76% to 78%."
        in html
    )
    assert stored(measure, q2) is None
    unexplained = client.post(
        entry_url(measure, q2), form(value="99%", outlier_confirmed="on", action="submit")
    )
    assert "Say why this unusual figure is right" in unexplained.content.decode()
    accepted = client.post(
        entry_url(measure, q2),
        form(
            value="99%",
            outlier_confirmed="on",
            outlier_note="A backlog was cleared.",
            action="submit",
        ),
    )
    assert accepted.status_code == 302
    figure = stored(measure, q2)
    assert figure.outlier_confirmed and figure.outlier_note == "A backlog was cleared."


# --- access ---------------------------------------------------------------------------------


def test_an_owner_cannot_read_another_directorates_draft_by_editing_the_url(
    client, officer, outsider, people_measure, q2
):
    record_figure(people_measure, q2, percent("61", commentary="Secret draft"), outsider)
    client.force_login(officer)
    response = client.get(entry_url(people_measure, q2))
    assert response.status_code == 403
    assert "Secret draft" not in response.content.decode()


def test_an_owner_cannot_change_another_directorates_figure_by_posting_a_form(
    client, officer, outsider, people_measure, q2
):
    record_figure(people_measure, q2, percent("61"), outsider)
    client.force_login(officer)
    for action in ("save", "submit"):
        response = client.post(
            entry_url(people_measure, q2), form(value="99%", version="1", action=action)
        )
        assert response.status_code == 403
    preview = client.post(
        reverse("collection:preview", args=[people_measure.pk, q2.pk]), form(value="1")
    )
    assert preview.status_code == 403
    assert stored(people_measure, q2).value == Decimal("61")


def test_another_organisations_measure_is_not_found(client, officer, q2):
    elsewhere = OrganisationFactory(slug="elsewhere")
    theirs = MeasureFactory(organisation=elsewhere, frequency="quarterly")
    their_period = period(elsewhere, "2018-19 Q2")
    client.force_login(officer)
    assert client.get(entry_url(theirs, their_period)).status_code == 404
    assert client.get(entry_url(theirs, q2)).status_code == 404


def test_a_period_of_another_kind_is_not_found(client, council, officer, measure):
    month = period(council, "2018-09")
    client.force_login(officer)
    assert client.get(entry_url(measure, month)).status_code == 404


def test_a_published_period_is_locked_for_owners(client, officer, measure, q2):
    record_figure(measure, q2, percent("80"), officer)
    q2.status = PeriodStatus.PUBLISHED
    q2.save()
    client.force_login(officer)
    html = client.get(entry_url(measure, q2)).content.decode()
    assert "published and locked" in html
    response = client.post(entry_url(measure, q2), form(value="10%", version="1"))
    assert "published and locked" in response.content.decode()
    assert stored(measure, q2).value == Decimal("80")
