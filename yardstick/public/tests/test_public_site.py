"""The public site: the archive of every published period, a scorecard in any published
period, public measure pages and search, the published report and its catalogue link."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import MeasureFactory, PlanFactory, ThemeFactory, period
from yardstick.collection.forms import FigureForm
from yardstick.collection.services import publish_period
from yardstick.measures.models import FigureStatus
from yardstick.measures.services import record_figure
from yardstick.public.tests.data import PUBLISHED_VALUE, UNPUBLISHED_VALUES, figure

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_quarters(council, public_data, performance_officer):
    """Q2 and Q3 2018/19 published after Q1: M-PUB reported 72.5 in Q2 and 80.5 in Q3."""
    publish_period(period(council, "2018-19 Q2"), performance_officer)
    figure(public_data.published, "2018-19 Q3", "80.5", FigureStatus.APPROVED, performance_officer)
    publish_period(period(council, "2018-19 Q3"), performance_officer)
    return public_data


def test_the_archive_keeps_q2_after_q3_is_published(client, council, three_quarters):
    page = client.get(reverse("public:archive", args=[council.slug])).content.decode()
    for label, key in (("Q3 2018/19", "2018-19-q3"), ("Q2 2018/19", "2018-19-q2")):
        assert label in page
        assert reverse("public:period", args=[council.slug, key]) in page
    scorecard = three_quarters.scorecard
    args = [council.slug, scorecard.financial_year, scorecard.slug]
    latest = client.get(reverse("public:scorecard", args=args)).content.decode()
    assert "Build a Better Borough: Q3 2018/19" in latest
    q2 = client.get(reverse("public:scorecard_period", args=[*args, "2018-19-q2"]))
    assert q2.status_code == 200
    assert "Build a Better Borough: Q2 2018/19" in q2.content.decode()
    assert "72.5%" in q2.content.decode()
    period_page = client.get(reverse("public:period", args=[council.slug, "2018-19-q2"]))
    assert reverse("public:scorecard_period", args=[*args, "2018-19-q2"]) in (
        period_page.content.decode()
    )


def test_the_archive_takes_the_same_queries_however_many_periods(
    client, council, public_data, performance_officer, django_assert_max_num_queries
):
    url = reverse("public:archive", args=[council.slug])
    with django_assert_max_num_queries(3):
        client.get(url)
    publish_period(period(council, "2018-19 Q2"), performance_officer)
    with django_assert_max_num_queries(3):
        assert "Q2 2018/19" in client.get(url).content.decode()


def test_the_measure_page_shows_the_definition_chart_table_and_published_figures(
    client, council, three_quarters
):
    measure = three_quarters.published
    measure.definition = "The share of residents satisfied with their area as a place to live."
    measure.save()
    response = client.get(reverse("public:measure", args=[council.slug, "M-PUB"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert measure.definition in page
    assert "<svg" in page and "Residents satisfied with their area: figures by period" in page
    for value in ("61.5%", "72.5%", "80.5%"):
        assert value in page
    assert "High Green" in page  # the rating as reported, in words
    assert UNPUBLISHED_VALUES["submitted"] not in page
    assert "About 61.5" not in page  # commentary not marked for publication stays internal
    assert reverse("public:measure_figures", args=[council.slug, "M-PUB", "csv"]) in page


def test_a_measure_with_nothing_published_has_no_public_page(client, council, public_data):
    assert client.get(reverse("public:measure", args=[council.slug, "M-SUB"])).status_code == 404


def test_the_measure_page_takes_a_fixed_number_of_queries(
    client, council, three_quarters, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        assert (
            client.get(reverse("public:measure", args=[council.slug, "M-PUB"])).status_code == 200
        )


@pytest.fixture
def themed(council, public_data):
    plan = PlanFactory(organisation=council, title="Corporate Plan 2018-22")
    theme = ThemeFactory(plan=plan, title="Cleaner streets")
    public_data.published.themes.add(theme)
    return public_data


@pytest.mark.parametrize(
    "text, found",
    [
        ("M-PUB", ["M-PUB"]),
        ("satisfied", ["M-PUB"]),
        ("cleaner STREETS", ["M-PUB"]),
        ("corporate plan 2018", ["M-PUB"]),
        ("", ["M-PUB"]),
        ("recycled", []),
        ("nothing like this", []),
    ],
)
def test_search_finds_published_measures_by_code_title_theme_and_plan(
    client, council, themed, text, found
):
    response = client.get(reverse("public:measures", args=[council.slug]), {"q": text})
    page = response.content.decode()
    listed = [
        code
        for code in ("M-PUB", "M-LATE", "M-SUB")
        if reverse("public:measure", args=[council.slug, code]) in page
    ]
    assert listed == found  # M-LATE and M-SUB have nothing published: never listed


def test_search_takes_the_same_queries_however_many_measures(
    client, council, themed, performance_officer, django_assert_max_num_queries
):
    url = reverse("public:measures", args=[council.slug])
    with django_assert_max_num_queries(5):
        client.get(url)
    for number in range(8):
        measure = MeasureFactory(organisation=council, code=f"X-{number}")
        measure.themes.add(*themed.published.themes.all())
        measure.figures.create(
            period=period(council, "2018-19 Q1"), value=Decimal(1), status=FigureStatus.PUBLISHED
        )
    with django_assert_max_num_queries(5):
        assert "X-7" in client.get(url).content.decode()


def test_search_text_is_bounded(client, council, public_data):
    response = client.get(reverse("public:measures", args=[council.slug]), {"q": "x" * 5000})
    assert response.status_code == 200
    assert "x" * 101 not in response.content.decode()


def test_the_report_renders_for_a_published_period(client, council, themed):
    themed.scorecard.theme = themed.published.themes.first()
    themed.scorecard.save()
    response = client.get(reverse("public:report", args=[council.slug, "2018-19-q1"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Strategic Performance Report" in page
    assert "Cleaner streets" in page
    assert f"{PUBLISHED_VALUE}%" in page
    assert reverse("public:report_pdf", args=[council.slug, "2018-19-q1"]) in page


def test_the_reports_pdf_is_the_kept_one_or_being_prepared(client, council, themed):
    response = client.get(reverse("public:report_pdf", args=[council.slug, "2018-19-q1"]))
    assert response.status_code == 202
    page = response.content.decode()
    assert "being prepared" in page
    assert reverse("reports:index") not in page  # the public is never sent to sign in


@pytest.mark.parametrize(
    "name, args",
    [
        ("public:organisation", []),
        ("public:archive", []),
        ("public:period", ["2018-19-q1"]),
        ("public:measures", []),
        ("public:measure", ["M-PUB"]),
        ("public:report", ["2018-19-q1"]),
    ],
)
def test_public_pages_need_no_sign_in_and_link_their_catalogue(
    client, council, public_data, name, args
):
    response = client.get(reverse(name, args=[council.slug, *args]))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'type="password"' not in page  # read as it is: no sign-in asked for
    catalogue = reverse("public:catalogue", args=[council.slug])
    assert f'<link rel="alternate" type="application/ld+json" href="{catalogue}"' in page


def test_the_catalogue_is_dcat_json_ld_of_every_open_data_file(client, council, public_data):
    response = client.get(reverse("public:catalogue", args=[council.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    catalogue = json.loads(response.content)
    assert catalogue["@type"] == "dcat:Catalog"
    assert catalogue["dct:publisher"]["foaf:name"] == council.name
    assert catalogue["dct:license"].endswith("/open-government-licence/version/3/")
    titles = [dataset["dct:title"] for dataset in catalogue["dcat:dataset"]]
    assert titles == [
        f"{council.name}: every published performance figure",
        f"{council.name}: performance figures for Q1 2018/19",
        f"{council.name}: Build a Better Borough, 2018/19",
    ]
    for dataset in catalogue["dcat:dataset"]:
        assert dataset["@type"] == "dcat:Dataset"
        assert dataset["dct:license"] == catalogue["dct:license"]
        assert dataset["dct:modified"].startswith("20")
        media = {item["dct:format"] for item in dataset["dcat:distribution"]}
        assert media == {"text/csv", "application/json"}
        for distribution in dataset["dcat:distribution"]:
            path = distribution["dcat:downloadURL"].removeprefix("http://testserver")
            downloaded = client.get(path)
            assert downloaded.status_code == 200, path
            assert downloaded["Content-Type"].startswith(distribution["dct:format"])


def test_commentary_marked_for_publication_shows_on_the_public_measure_page(
    client, council, public_data, performance_officer
):
    """The owner ticks "Publish this commentary" on the entry form (FigureForm); once the
    period is published the public measure page shows it, and unmarked commentary never."""
    measure = public_data.published
    quarter = period(council, "2018-19 Q2")
    form = FigureForm(
        {
            "value": "72.5",
            "commentary": "Up after the new street cleaning rota.",
            "commentary_published": "on",
            "version": "1",
        },
        measure=measure,
        period=quarter,
    )
    assert form.is_valid(), form.errors
    assert form.entry.commentary_published
    record_figure(measure, quarter, form.entry, performance_officer, status=FigureStatus.APPROVED)
    publish_period(quarter, performance_officer)
    page = client.get(reverse("public:measure", args=[council.slug, "M-PUB"])).content.decode()
    assert "Up after the new street cleaning rota." in page
    assert "About 61.5" not in page  # Q1's commentary was not marked


def test_a_scorecard_read_from_outside_the_council_carries_only_published_commentary(
    client, council, public_data, performance_officer
):
    """`build_scorecard` gives a reader outside the council (the public report, the public
    scorecard, the anonymous API) the commentary its owner published and no proposed action;
    the council's own readers keep both. Q1's "About 61.5" was never marked for publication."""
    from django.core.cache import cache

    from yardstick.accounts.access import ANONYMOUS, board
    from yardstick.scorecards.rows import build_scorecard

    quarter = period(council, "2018-19 Q1")

    def row_of(viewer):
        report = build_scorecard(public_data.scorecard, quarter, viewer)
        return next(row for row in report.rows if row.code == "M-PUB")

    assert row_of(board(council.pk)).commentary == "About 61.5"
    assert row_of(ANONYMOUS).commentary == ""
    assert row_of(ANONYMOUS).proposed_action == ""
    api = client.get(
        f"/api/v1/organisations/{council.slug}/scorecards/{public_data.scorecard.pk}",
        {"period": quarter.pk},
    ).json()
    assert "About 61.5" not in json.dumps(api)

    figure_row = public_data.published.figures.get(period=quarter)
    figure_row.commentary_published = True
    figure_row.save()  # as the entry form's tick box would have left it
    cache.clear()  # a save outside the services: what the published period shows was cached
    assert row_of(ANONYMOUS).commentary == "About 61.5"


def test_the_public_measure_page_leaves_out_the_data_quality_statement(
    client, council, public_data, performance_officer
):
    """A statement has no publishing step of its own: signed off, it is shown on the internal
    measure page only (docs/calculations.md, "Data quality statements")."""
    from datetime import timedelta

    from django.utils import timezone

    from yardstick.core.statements import Dimension
    from yardstick.measures.statement_services import (
        StatementInput,
        save_statement,
        sign_off_statement,
    )

    measure = public_data.published
    texts = {d.value: "Keyed by hand, not yet checked." for d in Dimension}
    review = timezone.localdate() + timedelta(days=90)
    save_statement(measure, StatementInput(texts, {}, "high", review), performance_officer)
    sign_off_statement(measure, performance_officer)
    client.force_login(performance_officer)
    internal = client.get(reverse("measures:detail", args=["M-PUB"])).content.decode()
    assert "Keyed by hand, not yet checked." in internal
    client.logout()
    response = client.get(reverse("public:measure", args=[council.slug, "M-PUB"]))
    assert response.status_code == 200
    assert "Keyed by hand" not in response.content.decode()
    assert "Data quality statement" not in response.content.decode()
