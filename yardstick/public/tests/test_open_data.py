"""Open data: every published figure with its rating as reported, as CSV and JSON, for a
measure, a scorecard, a period or everything, under the Open Government Licence; and the
organisation's DCAT catalogue of them."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import MeasureFactory, ScorecardEntryFactory
from yardstick.measures.models import FigureStatus, Measure
from yardstick.public.opendata import CSV_HEADERS, LICENCE, LICENCE_URL
from yardstick.public.tests import data
from yardstick.public.tests.data import PUBLISHED_VALUE, UNPUBLISHED_VALUES, figure

pytestmark = pytest.mark.django_db

ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0"


def open_data_urls(council, public_data, format: str) -> dict[str, str]:
    scorecard = public_data.scorecard
    return {
        "everything": reverse("public:figures", args=[council.slug, format]),
        "one period": reverse("public:period_figures", args=[council.slug, "2018-19-q1", format]),
        "one scorecard": reverse(
            "public:scorecard_figures",
            args=[council.slug, scorecard.financial_year, scorecard.slug, format],
        ),
        "one measure": reverse("public:measure_figures", args=[council.slug, "M-PUB", format]),
    }


SCOPES = ("everything", "one period", "one scorecard", "one measure")


def csv_rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.getvalue().decode())))


@pytest.mark.parametrize("scope", SCOPES)
def test_the_csv_holds_the_published_figure_with_its_rating_and_licence(
    client, council, public_data, scope
):
    response = client.get(open_data_urls(council, public_data, "csv")[scope])
    assert response.status_code == 200
    assert response.streaming  # written as it is read: memory stays flat
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'<{LICENCE_URL}>; rel="license"' in response["Link"]
    rows = csv_rows(response)
    assert list(rows[0]) == CSV_HEADERS
    published = [row for row in rows if row["Measure code"] == "M-PUB"]
    assert [(row["Period"], row["Actual"], row["Value"]) for row in published] == [
        ("Q1 2018/19", f"{PUBLISHED_VALUE}%", PUBLISHED_VALUE)
    ]
    assert published[0]["Rating"] == "HG"
    assert published[0]["Rating meaning"] == "High Green"
    assert published[0]["Rating reason"].endswith("High Green")
    assert published[0]["Period start"] == "2018-04-01"
    for row in rows:
        assert row["Licence"] == LICENCE
        assert row["Licence URL"] == LICENCE_URL
        assert row["Attribution"].startswith(ATTRIBUTION)
        assert row["Attribution"].endswith(f"Published by {council.name}.")


@pytest.mark.parametrize("scope", SCOPES)
def test_the_json_holds_the_published_figure_with_its_licence(client, council, public_data, scope):
    response = client.get(open_data_urls(council, public_data, "json")[scope])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert f'<{LICENCE_URL}>; rel="license"' in response["Link"]
    document = json.loads(response.getvalue())
    assert document["licence"] == {"name": LICENCE, "url": LICENCE_URL}
    assert document["attribution"].startswith(ATTRIBUTION)
    assert document["publisher"] == council.name
    assert document["periods"] == ["Q1 2018/19"]
    published = [item for item in document["figures"] if item["measure_code"] == "M-PUB"]
    assert [(item["period"], item["value"], item["rating"]) for item in published] == [
        ("Q1 2018/19", PUBLISHED_VALUE, "HG")
    ]


@pytest.mark.parametrize("format", ["csv", "json"])
@pytest.mark.parametrize("scope", ["everything", "one scorecard"])
def test_open_data_never_holds_an_unpublished_figure(client, council, public_data, scope, format):
    text = client.get(open_data_urls(council, public_data, format)[scope]).getvalue().decode()
    for stage, value in UNPUBLISHED_VALUES.items():
        assert value not in text, stage
    assert "Q2 2018/19" not in text
    assert "About 61.5" not in text  # commentary is not open data


def test_a_late_figure_shows_as_not_signed_off(client, council, public_data):
    rows = csv_rows(client.get(open_data_urls(council, public_data, "csv")["everything"]))
    late = [row for row in rows if row["Measure code"] == "M-LATE"]
    assert [(row["Actual"], row["Rating"], row["Value"]) for row in late] == [
        ("No figure (not signed off)", "", "")
    ]


def test_open_data_gives_the_rating_as_reported_not_as_it_would_be_rated_now(
    client, council, public_data
):
    """The measure's polarity turned round after publishing: 61.5 against 50 would now be
    red, but the file keeps the High Green reported."""
    Measure.objects.filter(pk=public_data.published.pk).update(polarity="lower")
    rows = csv_rows(client.get(open_data_urls(council, public_data, "csv")["one measure"]))
    assert [row["Rating"] for row in rows] == ["HG"]


def test_the_scorecard_file_names_the_scorecard_and_the_others_the_scorecards_it_is_on(
    client, council, public_data
):
    urls = open_data_urls(council, public_data, "csv")
    for scope in ("one scorecard", "everything"):
        rows = csv_rows(client.get(urls[scope]))
        assert {row["Scorecard"] for row in rows} == {"Build a Better Borough"}, scope


def test_open_data_file_names_are_stable(client, council, public_data):
    urls = open_data_urls(council, public_data, "csv")
    names = {scope: client.get(url)["Content-Disposition"] for scope, url in urls.items()}
    assert names == {
        "everything": 'attachment; filename="harrow-test-figures.csv"',
        "one period": 'attachment; filename="harrow-test-2018-19-q1-figures.csv"',
        "one scorecard": 'attachment; filename="harrow-test-2018-19-better.csv"',
        "one measure": 'attachment; filename="harrow-test-m-pub-figures.csv"',
    }


def world_with_extra_measures(organisation, officer, count: int):
    """The public data's council with `count` more measures on its scorecard, each with a
    figure published in Q1 2018/19."""
    extra = []
    for number in range(count):
        measure = MeasureFactory(organisation=organisation, code=f"X-{number:03d}")
        figure(measure, "2018-19 Q1", "55", FigureStatus.APPROVED, officer)
        extra.append(measure)
    built = data.build(organisation, officer)
    for measure in extra:
        ScorecardEntryFactory(scorecard=built.scorecard, measure=measure)
    return built


@pytest.mark.parametrize("format", ["csv", "json"])
@pytest.mark.parametrize("scope", SCOPES)
def test_open_data_queries_do_not_grow_with_the_rows(
    client, council, other_council, performance_officer, scope, format
):
    few_data = world_with_extra_measures(council, performance_officer, 0)
    many_data = world_with_extra_measures(other_council, performance_officer, 12)

    def count(organisation, built) -> tuple[int, int]:
        url = open_data_urls(organisation, built, format)[scope]
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            text = response.getvalue().decode()
        return len(queries), text.count("Q1 2018/19")

    few, few_rows = count(council, few_data)
    many, many_rows = count(other_council, many_data)
    assert many == few
    if scope != "one measure":
        assert many_rows >= few_rows + 12
