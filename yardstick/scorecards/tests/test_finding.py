"""Finding things: the measures list (search, the A-Z and the overview's filters), every
overview count linking to exactly the measures it counts, several bands in one filter, unit
scorecards and the council-wide exception report."""

from __future__ import annotations

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse, reverse_lazy

from tests.caching import clear_caches
from tests.factories import ThemeFactory, UnitFactory, UserFactory
from yardstick.measures.models import Measure
from yardstick.scorecards.rows import build_scorecard
from yardstick.scorecards.tests.conftest import add_measures

PERIOD = "2018-19 Q2"


def measures_url(**params) -> str:
    from urllib.parse import urlencode

    return reverse("scorecards:measures") + "?" + urlencode({"period": PERIOD, **params}, True)


def listed(html: str) -> list[str]:
    """The measure titles in the measures list's table, in order."""
    document = lxml.html.fromstring(html)
    return [
        th.text_content().strip()
        for th in document.xpath("//table[contains(@class,'measures-table')]/tbody/tr/th")
    ]


@pytest.fixture
def world(council, scorecard, directorate):
    """Ten measures on the scorecard, five in Resources and five in People (a service of
    it: the directorate is People)."""
    people = UnitFactory(organisation=council, name="People", code="PEO")
    children = UnitFactory(organisation=council, name="Children", code="CHI", parent=people)
    children.kind = "service"
    children.save()
    first = add_measures(council, scorecard, 5, unit=directorate)
    second = add_measures(council, scorecard, 5, unit=children)
    return first, second, children


@pytest.mark.django_db
def test_every_overview_count_links_to_a_list_of_exactly_that_many_measures(
    client, council, councillor, world
):
    client.force_login(councillor)
    page = client.get(reverse("scorecards:overview") + f"?period={PERIOD}").content.decode()
    document = lxml.html.fromstring(page)
    cells = document.xpath("//table[contains(@class,'tally-table')]/tbody/tr/td")
    assert len(cells) == 12 * 3  # one scorecard, two directorates; every column (8 bands)
    nonzero = 0
    for cell in cells:
        (link,) = cell.xpath("./a")
        count = int(link.text_content())
        nonzero += count > 0
        rows = listed(client.get(link.get("href")).content.decode())
        assert len(rows) == count, (link.get("href"), rows)
    assert nonzero >= 10  # the check would fail if the lists ignored their filters


@pytest.mark.django_db
def test_the_overview_links_each_directorate_to_its_scorecard(client, council, councillor, world):
    client.force_login(councillor)
    page = client.get(reverse("scorecards:overview") + f"?period={PERIOD}").content.decode()
    document = lxml.html.fromstring(page)
    (link,) = document.xpath("//th[@scope='row']/a[normalize-space()='People']")
    response = client.get(link.get("href"))
    assert response.status_code == 200
    assert len(response.context["report"].rows) == 5  # the service's measures too


@pytest.mark.django_db
def test_search_matches_code_title_definition_theme_and_owner_in_any_case(
    client, council, councillor, scorecard, directorate
):
    owner = UserFactory(username="tomr", first_name="Tom", last_name="Reilly", organisation=council)
    found = add_measures(council, scorecard, 5, unit=directorate)
    # Codes and titles of our own: the factory's sequence numbers (M1155, "Measure 1155")
    # would otherwise match "155" on whichever run reaches them
    for number, measure in enumerate(found):
        Measure.objects.filter(id=measure.id).update(code=f"RES {number}", title=f"Row {number}")
        measure.refresh_from_db()
    Measure.objects.filter(id=found[0].id).update(code="NI 155", title="Affordable homes")
    Measure.objects.filter(id=found[1].id).update(definition="Knife crime with injury")
    Measure.objects.filter(id=found[2].id).update(owner=owner)
    theme = ThemeFactory(plan__organisation=council, title="Protect the vulnerable")
    found[3].themes.add(theme)
    client.force_login(councillor)

    def search(text: str) -> list[str]:
        return listed(client.get(measures_url(q=text)).content.decode())

    assert search("ni 155") == ["Affordable homes"]
    assert search("AFFORDABLE") == ["Affordable homes"]
    assert search("knife") == [found[1].title]
    assert search("reilly") == [found[2].title]
    assert search("vulnerable") == [found[3].title]
    assert search("nothing like this") == []


@pytest.mark.django_db
def test_the_a_to_z_lists_the_measures_starting_with_a_letter(
    client, council, councillor, scorecard
):
    measures = add_measures(council, scorecard, 3)
    for measure, title in zip(measures, ["Zebra crossings", "apples sold", "5 a day"], strict=True):
        Measure.objects.filter(id=measure.id).update(title=title)
    client.force_login(councillor)
    assert listed(client.get(measures_url(letter="Z")).content.decode()) == ["Zebra crossings"]
    assert listed(client.get(measures_url(letter="A")).content.decode()) == ["apples sold"]
    assert listed(client.get(measures_url(letter="#")).content.decode()) == ["5 a day"]
    everything = listed(client.get(measures_url()).content.decode())
    assert everything == ["5 a day", "apples sold", "Zebra crossings"]


@pytest.mark.django_db
def test_a_search_too_long_or_a_bad_filter_reshows_the_form_with_a_message(
    client, council, councillor, scorecard
):
    add_measures(council, scorecard, 2)
    client.force_login(councillor)
    for params in ({"q": "x" * 201}, {"band": "purple"}, {"letter": "AB"}, {"trend": "up"}):
        response = client.get(measures_url(**params))
        assert response.status_code == 200
        assert "Some filters could not be used" in response.content.decode()


@pytest.mark.django_db
def test_the_measures_list_queries_do_not_grow_with_the_number_of_measures(
    client, council, scorecard, councillor, directorate
):
    def cold() -> int:
        clear_caches()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(measures_url(q="Measure", band=["LR", "HR"]))
        assert response.status_code == 200
        return len(queries)

    add_measures(council, scorecard, 3, unit=directorate)
    client.force_login(councillor)
    client.get(measures_url())
    few = cold()
    add_measures(council, scorecard, 20, unit=directorate)
    assert cold() == few


@pytest.mark.django_db
def test_the_scorecard_filter_takes_several_bands(client, council, scorecard, councillor):
    add_measures(council, scorecard, 5)
    client.force_login(councillor)
    url = reverse("scorecards:detail", args=[2018, scorecard.slug])
    response = client.get(url, {"period": PERIOD, "band": ["LR", "HR"]})
    rows = response.context["rows"]
    assert sorted(row.current.band_code for row in rows) == ["HR", "LR"]
    assert "2 of 5 measures (filtered)" in response.content.decode()
    htmx = client.get(url, {"period": PERIOD, "band": ["LR", "HR", "A"]}, HTTP_HX_REQUEST="true")
    assert len(htmx.context["rows"]) == 3
    assert b"<html" not in htmx.content  # the table alone, for htmx to swap in


@pytest.mark.django_db
def test_a_unit_scorecard_shows_its_measures_as_their_scorecard_does(
    client, council, scorecard, councillor, world
):
    _, second, _ = world
    client.force_login(councillor)
    response = client.get(reverse("scorecards:unit", args=["PEO"]) + f"?period={PERIOD}")
    assert response.status_code == 200
    rows = {row.measure_id: row for row in response.context["report"].rows}
    assert set(rows) == {measure.id for measure in second}
    kept = build_scorecard(scorecard, response.context["period"], response.wsgi_request.access)
    for row in kept.rows:
        if row.measure_id in rows:
            assert rows[row.measure_id].cells == row.cells
            assert rows[row.measure_id].trend == row.trend
    service = client.get(reverse("scorecards:unit", args=["CHI"]) + f"?period={PERIOD}")
    assert len(service.context["report"].rows) == 5
    assert client.get(reverse("scorecards:unit", args=["NOPE"])).status_code == 404


@pytest.mark.django_db
def test_the_council_wide_exception_report_groups_the_exceptions_by_directorate(
    client, council, scorecard, councillor, world
):
    client.force_login(councillor)
    response = client.get(reverse("scorecards:council_exceptions") + f"?period={PERIOD}")
    assert response.status_code == 200
    groups = response.context["groups"]
    assert set(groups) == {"People", "Resources"}
    kept = build_scorecard(scorecard, response.context["period"], response.wsgi_request.access)
    expected = {row.measure_id for row in kept.exceptions}
    assert expected  # the boards' rule picks some
    assert {row.measure_id for rows in groups.values() for row in rows} == expected
    html = response.content.decode()
    assert "Mark noted" not in html  # noting is the board's exception report's


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        reverse_lazy("scorecards:unit", args=["RES"]),
        reverse_lazy("scorecards:council_exceptions"),
        reverse_lazy("scorecards:overview"),
    ],
)
def test_unit_scorecards_the_exceptions_and_the_overview_read_a_fixed_number_of_queries(
    client, council, scorecard, councillor, directorate, path
):
    def cold() -> int:
        clear_caches()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{path}?period={PERIOD}")
        assert response.status_code == 200
        return len(queries)

    add_measures(council, scorecard, 3, unit=directorate)
    client.force_login(councillor)
    client.get(f"{path}?period={PERIOD}")
    few = cold()
    add_measures(council, scorecard, 20, unit=directorate)
    assert cold() == few
