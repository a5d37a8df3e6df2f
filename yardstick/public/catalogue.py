"""An organisation's open-data catalogue: a DCAT catalogue (W3C Data Catalog Vocabulary,
version 3) in JSON-LD, with a dataset for everything it has published, one per published
period and one per public scorecard, each with its CSV and JSON distributions.

The datasets are the open-data files of `opendata.py`, described from the same queries that
build them (`public_scorecards`, `published_periods`), so the catalogue lists exactly what
may be downloaded."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from yardstick.core.periods import year_label
from yardstick.framework.models import Period
from yardstick.organisations.models import Organisation
from yardstick.public.opendata import ATTRIBUTION, LICENCE, LICENCE_URL
from yardstick.public.queries import financial_year, public_scorecards, published_periods
from yardstick.reports.lookup import period_slug

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dct:modified": {"@type": "xsd:dateTime"},
    "dct:issued": {"@type": "xsd:dateTime"},
    "dct:license": {"@type": "@id"},
    "dcat:downloadURL": {"@type": "@id"},
    "dcat:landingPage": {"@type": "@id"},
    "dcat:mediaType": {"@type": "@id"},
}
MEDIA_TYPES = {"csv": "text/csv", "json": "application/json"}

# The URLs of the things a catalogue names, given by the views (which know the request).
Urls = Callable[[str, list], str]


def _stamp(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _distributions(title: str, files: dict[str, str]) -> list[dict]:
    return [
        {
            "@type": "dcat:Distribution",
            "dct:title": f"{title} ({extension.upper()})",
            "dcat:downloadURL": url,
            "dcat:mediaType": f"https://www.iana.org/assignments/media-types/{MEDIA_TYPES[extension]}",
            "dct:format": MEDIA_TYPES[extension],
            "dct:license": LICENCE_URL,
        }
        for extension, url in files.items()
    ]


def _dataset(identifier: str, title: str, description: str, modified, landing, files, publisher):
    return {
        "@type": "dcat:Dataset",
        "@id": identifier,
        "dct:identifier": identifier,
        "dct:title": title,
        "dct:description": description,
        "dct:publisher": publisher,
        "dct:license": LICENCE_URL,
        "dct:rights": ATTRIBUTION,
        "dct:modified": _stamp(modified),
        "dcat:landingPage": landing,
        "dcat:distribution": _distributions(title, files),
    }


def build_catalogue(organisation: Organisation, url: Urls) -> dict:
    """The catalogue as a JSON-LD document. Two queries whatever its size. `url(name, args)`
    gives the absolute URL of a public view."""
    periods = published_periods(organisation)  # newest first
    modified = max((p.published_at for p in periods if p.published_at), default=None)
    by_year: dict[int, Period] = {}
    for period in periods:
        if period.published_at:
            by_year.setdefault(financial_year(period), period)
    publisher = {
        "@type": "foaf:Organization",
        "@id": url("public:organisation", [organisation.slug]),
        "foaf:name": organisation.name,
    }
    slug = organisation.slug
    datasets = [
        _dataset(
            url("public:figures", [slug, "json"]),
            f"{organisation.name}: every published performance figure",
            f"Every performance figure {organisation.name} has published, with its target and "
            "its rating as reported when the period was published.",
            modified,
            url("public:organisation", [slug]),
            {ext: url("public:figures", [slug, ext]) for ext in MEDIA_TYPES},
            publisher,
        )
    ]
    for period in periods:
        key = period_slug(period)
        datasets.append(
            _dataset(
                url("public:period_figures", [slug, key, "json"]),
                f"{organisation.name}: performance figures for {period.label}",
                f"Every performance figure {organisation.name} published for {period.label}, "
                "with its target and its rating as reported.",
                period.published_at,
                url("public:period", [slug, key]),
                {ext: url("public:period_figures", [slug, key, ext]) for ext in MEDIA_TYPES},
                publisher,
            )
        )
    for scorecard in public_scorecards(organisation).filter(financial_year__in=list(by_year)):
        year = year_label(scorecard.financial_year, organisation.financial_year_start_month)
        args = [slug, scorecard.financial_year, scorecard.slug]
        datasets.append(
            _dataset(
                url("public:scorecard_figures", [*args, "json"]),
                f"{organisation.name}: {scorecard.title}, {year}",
                f"The published figures of the scorecard {scorecard.title} for {year}, with "
                "their targets and their ratings as reported.",
                by_year[scorecard.financial_year].published_at,
                url("public:scorecard", args),
                {ext: url("public:scorecard_figures", [*args, ext]) for ext in MEDIA_TYPES},
                publisher,
            )
        )
    return {
        "@context": CONTEXT,
        "@type": "dcat:Catalog",
        "@id": url("public:catalogue", [slug]),
        "dct:title": f"{organisation.name}: open performance data",
        "dct:description": (
            f"The performance figures {organisation.name} has published, as CSV and JSON, "
            f"under the {LICENCE}."
        ),
        "dct:publisher": publisher,
        "dct:license": LICENCE_URL,
        "dct:modified": _stamp(modified),
        "dcat:dataset": datasets,
    }
