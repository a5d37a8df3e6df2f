"""Several figures on one page: the owner's returns for a period, each row checked by the
entry form's own rules, saved as drafts or submitted all or nothing, problems shown per row
with nothing typed lost, and the page's queries not growing with the number of measures."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import MeasureFactory
from yardstick.collection.tests.conftest import percent
from yardstick.core.targets import Target, TargetKind
from yardstick.measures.models import Figure, FigureStatus
from yardstick.measures.services import record_figure, set_target

pytestmark = pytest.mark.django_db


@pytest.fixture
def second(council, resources, officer, team, q1, q2):
    """A second Resources measure Olive owns, rated against 90%."""
    measure = MeasureFactory(
        organisation=council,
        unit=resources,
        owner=officer,
        code="RES 2",
        title="Calls answered",
        frequency="quarterly",
        polarity="higher",
        value_type="percentage",
    )
    set_target(measure, q2, Target(TargetKind.VALUE, value=Decimal(90)), team)
    return measure


def url(period) -> str:
    return reverse("collection:several", args=[period.pk])


def row(measure, **fields) -> dict:
    data = {
        "value": "",
        "missing_state": "",
        "note": "",
        "commentary": "",
        "version": "0",
    }
    data.update(fields)
    return {f"m{measure.pk}-{name}": value for name, value in data.items()}


def stored(measure, period) -> Figure | None:
    return Figure.objects.filter(measure=measure, period=period).first()


def test_the_page_lists_each_return_to_do_with_its_own_fields(client, officer, measure, second, q2):
    client.force_login(officer)
    html = client.get(url(q2)).content.decode()
    assert "Invoices paid in 30 days" in html and "Calls answered" in html
    assert f'name="m{measure.pk}-value"' in html and f'name="m{second.pk}-value"' in html
    assert "Target: 75%" in html


def test_my_returns_links_to_it_when_a_period_has_several_to_do(
    client, officer, measure, second, q2, settings
):
    client.force_login(officer)
    html = client.get(reverse("collection:returns")).content.decode()
    assert url(q2) in html


def test_saving_drafts_saves_the_rows_entered_and_leaves_blank_ones(
    client, officer, measure, second, q2
):
    client.force_login(officer)
    data = {"action": "save", **row(measure, value="80%"), **row(second)}
    response = client.post(url(q2), data)
    assert response.status_code == 302
    figure = stored(measure, q2)
    assert figure.status == FigureStatus.DRAFT and figure.value == Decimal(80)
    assert figure.history.first().history_user == officer
    assert stored(second, q2) is None


def test_submitting_submits_each_row_by_the_single_entry_rules(
    client, officer, measure, second, q2
):
    client.force_login(officer)
    data = {"action": "submit", **row(measure, value="80%"), **row(second, value="95%")}
    response = client.post(url(q2), data)
    assert response.status_code == 302
    assert stored(measure, q2).status == FigureStatus.SUBMITTED
    assert stored(second, q2).status == FigureStatus.SUBMITTED


def test_a_refused_row_saves_nothing_and_every_row_is_shown_again_as_typed(
    client, officer, measure, second, q2
):
    client.force_login(officer)
    data = {
        "action": "submit",
        **row(measure, value="80%", commentary="Kept"),
        **row(second, value="50%"),  # High Red with no commentary: refused on submitting
    }
    response = client.post(url(q2), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert stored(measure, q2) is None and stored(second, q2) is None
    assert "nothing is saved yet" in html
    assert "RES 2: Add commentary: it would be rated HR High Red" in html
    assert 'value="80%"' in html and "Kept</textarea>" in html and 'value="50%"' in html


def test_a_value_the_form_refuses_is_shown_against_its_row(client, officer, measure, second, q2):
    client.force_login(officer)
    data = {"action": "save", **row(measure, value="80%"), **row(second, value="lots")}
    html = client.post(url(q2), data).content.decode()
    assert stored(measure, q2) is None
    assert f'id="id_m{second.pk}-value_error"' in html and "is not a percentage" in html


def test_a_figure_changed_meanwhile_is_refused_and_can_be_overwritten_knowingly(
    client, officer, measure, second, q2
):
    record_figure(measure, q2, percent("70"), officer)  # version 1, opened as version 0
    client.force_login(officer)
    data = {"action": "save", **row(measure, value="81%"), **row(second, value="91%")}
    html = client.post(url(q2), data).content.decode()
    assert "Someone else saved this figure" in html and "it now reads 70%" in html
    assert stored(second, q2) is None  # all or nothing
    assert f'name="m{measure.pk}-version" value="1"' in html
    data[f"m{measure.pk}-version"] = "1"
    assert client.post(url(q2), data).status_code == 302
    assert stored(measure, q2).value == Decimal(81)


def test_nothing_entered_says_so(client, officer, measure, second, q2):
    client.force_login(officer)
    response = client.post(url(q2), {"action": "save", **row(measure), **row(second)}, follow=True)
    assert "Nothing to save" in response.content.decode()


def test_another_directorates_owner_sees_none_of_these_returns(
    client, outsider, measure, second, q2
):
    client.force_login(outsider)
    html = client.get(url(q2)).content.decode()
    assert "Invoices paid" not in html and "Nothing to enter" in html


def test_a_published_period_is_not_offered(client, officer, measure, q1):
    client.force_login(officer)
    response = client.get(url(q1))
    assert response.status_code == 302


def test_the_page_queries_do_not_grow_with_the_measures(
    client, council, resources, officer, measure, second, q2, django_assert_max_num_queries
):
    client.force_login(officer)
    client.get(url(q2))
    for number in range(3, 13):
        MeasureFactory(
            organisation=council,
            unit=resources,
            owner=officer,
            code=f"RES {number}",
            frequency="quarterly",
            value_type="percentage",
        )
    with django_assert_max_num_queries(25):
        html = client.get(url(q2)).content.decode()
    assert "RES 12" in html


def test_a_row_submitted_by_someone_else_meanwhile_is_named_and_nothing_is_saved(
    client, officer, measure, second, q2
):
    from yardstick.collection import services

    services.submit_figure(second, q2, percent("95"), officer, expected_version=None)
    client.force_login(officer)
    data = {"action": "save", **row(measure, value="80%"), **row(second, value="91%")}
    html = client.post(url(q2), data).content.decode()
    assert "RES 2 was submitted by someone else since you opened this page" in html
    assert stored(measure, q2) is None  # nothing saved: the person decides again
    assert stored(second, q2).value == Decimal(95)
    assert 'value="80%"' in html
