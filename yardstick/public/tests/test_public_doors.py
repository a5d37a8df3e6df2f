"""Every public door (page, CSV, JSON, catalogue, report) refuses a scorecard or a measure
marked "not for publication" and a period that is not published, while showing them before
the switch (so each check would fail if the door let them through)."""

from __future__ import annotations

import pytest
from django.urls import resolve, reverse

from tests.factories import ThemeFactory, period
from yardstick.public import urls as public_urls
from yardstick.public.tests.data import PUBLISHED_VALUE
from yardstick.reports.kept import document_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_data(public_data, council):
    """The public data's scorecard is a theme's, so the report prints it."""
    public_data.scorecard.theme = ThemeFactory(plan__organisation=council, title="A better place")
    public_data.scorecard.save()
    return public_data


def doors(council, scorecard, key: str = "2018-19-q1") -> dict[str, str]:
    """Every public URL of the council, for period `key`."""
    slug, year = council.slug, scorecard.financial_year
    card = [slug, year, scorecard.slug]
    return {
        "organisation page": reverse("public:organisation", args=[slug]),
        "archive": reverse("public:archive", args=[slug]),
        "period page": reverse("public:period", args=[slug, key]),
        "period CSV": reverse("public:period_figures", args=[slug, key, "csv"]),
        "period JSON": reverse("public:period_figures", args=[slug, key, "json"]),
        "report": reverse("public:report", args=[slug, key]),
        "report PDF": reverse("public:report_pdf", args=[slug, key]),
        "everything CSV": reverse("public:figures", args=[slug, "csv"]),
        "everything JSON": reverse("public:figures", args=[slug, "json"]),
        "catalogue": reverse("public:catalogue", args=[slug]),
        "search": reverse("public:measures", args=[slug]),
        "measure page": reverse("public:measure", args=[slug, "M-PUB"]),
        "measure CSV": reverse("public:measure_figures", args=[slug, "M-PUB", "csv"]),
        "measure JSON": reverse("public:measure_figures", args=[slug, "M-PUB", "json"]),
        "scorecard page": reverse("public:scorecard", args=card),
        "scorecard in the period": reverse("public:scorecard_period", args=[*card, key]),
        "scorecard CSV": reverse("public:scorecard_csv", args=card),
        "scorecard JSON": reverse("public:scorecard_figures", args=[*card, "json"]),
        "scorecard file": reverse("public:scorecard_download", args=[*card, key]),
    }


DOORS = [
    "organisation page",
    "archive",
    "period page",
    "period CSV",
    "period JSON",
    "report",
    "report PDF",
    "everything CSV",
    "everything JSON",
    "catalogue",
    "search",
    "measure page",
    "measure CSV",
    "measure JSON",
    "scorecard page",
    "scorecard in the period",
    "scorecard CSV",
    "scorecard JSON",
    "scorecard file",
]
# Doors about one scorecard, one measure or one period: refused outright (404).
SCORECARD_DOORS = {
    "scorecard page",
    "scorecard in the period",
    "scorecard CSV",
    "scorecard JSON",
    "scorecard file",
}
MEASURE_DOORS = {"measure page", "measure CSV", "measure JSON"}
PERIOD_DOORS = {
    "period page",
    "period CSV",
    "period JSON",
    "report",
    "report PDF",
    "scorecard in the period",
    "scorecard file",
}

# Doors that show the scorecard or the measure before it is switched off.
SHOW_THE_SCORECARD = SCORECARD_DOORS - {"scorecard CSV", "scorecard file"} | {
    "organisation page",
    "period page",
    "everything CSV",
    "everything JSON",
    "period CSV",
    "period JSON",
    "catalogue",
    "report",
}
SHOW_THE_MEASURE = set(DOORS) - {
    "organisation page",
    "archive",
    "period page",
    "catalogue",
    "report PDF",
    "scorecard file",  # a PDF: its text is compressed (the scorecard's rows are the page's)
}


def read(client, url: str) -> tuple[int, str]:
    response = client.get(url)
    body = response.getvalue()
    return response.status_code, body.decode(errors="replace")


def test_the_doors_are_every_public_url(council, public_data):
    """A new public URL must join the doors (the index lists organisations only)."""
    urls = doors(council, public_data.scorecard)
    assert sorted(urls) == sorted(DOORS)
    names = {pattern.name for pattern in public_urls.urlpatterns} - {"index"}
    assert {resolve(url).url_name for url in urls.values()} == names


@pytest.mark.parametrize("door", DOORS)
def test_no_door_shows_a_scorecard_not_for_publication(client, council, public_data, door):
    scorecard = public_data.scorecard
    url = doors(council, scorecard)[door]
    status, before = read(client, url)
    assert status in (200, 202)  # the report's PDF: 202 while the worker prepares it
    if door in SHOW_THE_SCORECARD:
        assert scorecard.title in before
    scorecard.not_for_publication = True
    scorecard.save()
    status, after = read(client, url)
    if door in SCORECARD_DOORS:
        assert status == 404
    else:
        assert status in (200, 202)
        assert scorecard.title not in after
        assert f"/{scorecard.slug}/" not in after


@pytest.mark.parametrize("door", DOORS)
def test_no_door_shows_a_measure_not_for_publication(client, council, public_data, door):
    measure = public_data.published
    url = doors(council, public_data.scorecard)[door]
    status, before = read(client, url)
    assert status in (200, 202)
    if door in SHOW_THE_MEASURE:
        assert measure.title in before
    measure.not_for_publication = True
    measure.save()
    status, after = read(client, url)
    if door in MEASURE_DOORS:
        assert status == 404
    else:
        assert status in (200, 202)
        assert measure.title not in after
        assert f"{PUBLISHED_VALUE}%" not in after


@pytest.mark.parametrize("door", sorted(PERIOD_DOORS))
def test_no_door_opens_a_period_that_is_not_published(client, council, public_data, door):
    open_quarter = period(council, "2018-19 Q2")
    assert not open_quarter.is_published
    url = doors(council, public_data.scorecard, key="2018-19-q2")[door]
    assert client.get(url).status_code == 404
    published = doors(council, public_data.scorecard)[door]
    assert client.get(published).status_code in (200, 202)


def test_switching_a_scorecard_or_measure_off_makes_the_kept_report_documents_stale(
    council, public_data
):
    """The kept PDF is the public's: switched off after publishing, it is rendered again
    (its version changes, so the old file is no longer served)."""
    quarter = period(council, "2018-19 Q1")
    first = document_version(quarter)
    public_data.scorecard.not_for_publication = True
    public_data.scorecard.save()
    second = document_version(quarter)
    public_data.published.not_for_publication = True
    public_data.published.save()
    assert len({first, second, document_version(quarter)}) == 3
