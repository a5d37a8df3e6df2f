"""Open data: every published figure with its rating as reported, as CSV and JSON, for one
measure, one scorecard, one period or everything an organisation has published.

A file is a `Dataset`: what it covers (its measures and published periods), its title and
its file name. `figure_rows` reads it a few periods at a time through
`measures.shown.shown_ratings` with the public's access (`ANONYMOUS`), so a published
period's ratings are the ones kept when it was published (or their restatement), never
rated again, and a figure that was not signed off never appears. `csv_stream` and
`json_stream` write the rows as they are read: memory stays flat however many rows there
are, and the queries grow with the number of periods, never with the number of rows.

Every file carries its licence (the Open Government Licence v3.0) in itself: a `Licence`,
`Licence URL` and `Attribution` column in every CSV row (a comment row would break CSV
readers), a `licence` object in the JSON; the responses add a `Link: <...>; rel="license"`
header (views.py).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.utils.text import slugify

from yardstick.accounts.access import ANONYMOUS
from yardstick.core.cells import neutralise
from yardstick.core.periods import year_label
from yardstick.core.ratings import Polarity
from yardstick.framework.models import Period
from yardstick.measures.models import Measure
from yardstick.measures.shown import Shown, shown_ratings
from yardstick.organisations.models import Organisation
from yardstick.public.queries import (
    financial_year,
    measure_periods,
    public_measures,
    public_scorecards,
    published_periods,
)
from yardstick.reports.lookup import period_slug
from yardstick.scorecards.models import Scorecard, ScorecardEntry
from yardstick.scorecards.rows import Cell

LICENCE = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."
PERIODS_AT_A_TIME = 4  # a year of quarters: the rows held in memory at once


def attribution(organisation: Organisation) -> str:
    """The attribution the licence asks re-users to give, naming the publisher."""
    return f"{ATTRIBUTION} Published by {organisation.name}."


# (CSV header, JSON key): one list, so the CSV and the JSON always carry the same fields.
# The first fifteen are the columns the scorecard's CSV has always had, in their order.
COLUMNS = (
    ("Organisation", "organisation"),
    ("Scorecard", "scorecards"),
    ("Period", "period"),
    ("Measure code", "measure_code"),
    ("Measure", "measure"),
    ("Good is", "good_is"),
    ("Target", "target"),
    ("Actual", "actual"),
    ("Rating", "rating"),
    ("Rating meaning", "rating_meaning"),
    ("Direction of travel", "direction_of_travel"),
    ("Restated", "restated"),
    ("Data covers", "data_covers"),
    ("Note", "note"),
    ("Licence", "licence"),
    ("Value", "value"),
    ("Rating reason", "rating_reason"),
    ("Period start", "period_start"),
    ("Period end", "period_end"),
    ("Published on", "published_on"),
    ("Licence URL", "licence_url"),
    ("Attribution", "attribution"),
)
CSV_HEADERS = [header for header, _ in COLUMNS]
JSON_KEYS = [key for _, key in COLUMNS]


@dataclass(frozen=True)
class Dataset:
    """What one open-data file covers: `measures` in `periods` (published, oldest first)."""

    organisation: Organisation
    title: str
    description: str
    filename: str  # without its extension
    measures: list[Measure]
    periods: list[Period]
    scorecard: Scorecard | None = None  # a scorecard's file names it in every row
    extra: dict = field(default_factory=dict)  # more about it for the JSON (the measure's code)

    @property
    def modified(self):
        """When the newest of its periods was published (None when it has none)."""
        dates = [period.published_at for period in self.periods if period.published_at]
        return max(dates) if dates else None


def restated(cell: Cell) -> str:
    """The 'Restated' column, in step with the scorecard's 'Restated' marker: 'No', or
    'Yes: <why>' when the rating (or figure) shown was restated after publishing."""
    if not cell.restated:
        return "No"
    return f"Yes: {cell.restatement_reason}" if cell.restatement_reason else "Yes"


def _scorecard_titles(dataset: Dataset, periods: list[Period]) -> dict[tuple[int, int], str]:
    """{(measure id, financial year): the titles of the public scorecards it is on}. One
    query (none for a scorecard's own file, which names that scorecard)."""
    if dataset.scorecard is not None:
        return {}
    years = {period.as_core().financial_year.start.year for period in periods}
    titles: dict[tuple[int, int], list[str]] = {}
    entries = (
        ScorecardEntry.objects.filter(
            scorecard__in=public_scorecards(dataset.organisation).filter(financial_year__in=years),
            measure_id__in=[measure.id for measure in dataset.measures],
        )
        .order_by("scorecard__position", "scorecard__title")
        .values_list("measure_id", "scorecard__financial_year", "scorecard__title")
    )
    for measure_id, year, title in entries:
        listed = titles.setdefault((measure_id, year), [])
        if title not in listed:
            listed.append(title)
    return {key: "; ".join(value) for key, value in titles.items()}


def _row(dataset: Dataset, shown: Shown, scorecards: str) -> dict[str, str]:
    cell = Cell.of(shown)
    period = shown.period
    measure = shown.measure
    amount = shown.amount
    values = (
        dataset.organisation.name,
        scorecards,
        period.label,
        measure.code,
        measure.title,
        Polarity(measure.polarity).short_label,
        cell.target,
        cell.actual,
        cell.band_code,
        cell.band_label,
        shown.direction.text if shown.trend else "",
        restated(cell),
        cell.data_covers,
        cell.note,
        LICENCE,
        "" if amount is None else str(amount),
        cell.reason,
        period.start.isoformat(),
        period.end.isoformat(),
        period.published_at.date().isoformat() if period.published_at else "",
        LICENCE_URL,
        attribution(dataset.organisation),
    )
    return dict(zip(JSON_KEYS, values, strict=True))


def figure_rows(dataset: Dataset) -> Iterator[dict[str, str]]:
    """Every published figure (and every rating kept without one) of the dataset, period by
    period, oldest first, in the measures' order: a few queries per `PERIODS_AT_A_TIME`
    periods, whatever the number of measures."""
    for start in range(0, len(dataset.periods), PERIODS_AT_A_TIME):
        periods = dataset.periods[start : start + PERIODS_AT_A_TIME]
        shown = shown_ratings(dataset.measures, periods, ANONYMOUS)
        titles = _scorecard_titles(dataset, periods)
        for period in periods:
            year = period.as_core().financial_year.start.year
            for measure in dataset.measures:
                item = shown[(measure.id, period.id)]
                if not item.reports:
                    continue
                scorecards = (
                    dataset.scorecard.title
                    if dataset.scorecard is not None
                    else titles.get((measure.id, year), "")
                )
                yield _row(dataset, item, scorecards)


class _Line:
    """A file-like object the csv writer writes one line to, handed straight back."""

    def write(self, text: str) -> str:
        return text


def csv_stream(rows: Iterable[dict[str, str]]) -> Iterator[str]:
    """The rows as CSV, a line at a time, every cell made safe to open in a spreadsheet
    (`core.cells.neutralise`)."""
    writer = csv.writer(_Line())
    yield writer.writerow(CSV_HEADERS)
    for row in rows:
        yield writer.writerow([neutralise(row[key]) for key in JSON_KEYS])


def metadata(dataset: Dataset, urls: dict[str, str]) -> dict:
    """What the JSON says about itself before its figures: title, publisher, licence."""
    modified = dataset.modified
    return {
        "title": dataset.title,
        "description": dataset.description,
        "publisher": dataset.organisation.name,
        "licence": {"name": LICENCE, "url": LICENCE_URL},
        "attribution": attribution(dataset.organisation),
        "modified": modified.isoformat() if modified else None,
        "periods": [period.label for period in dataset.periods],
        **dataset.extra,
        **urls,
    }


def json_stream(dataset: Dataset, urls: dict[str, str]) -> Iterator[str]:
    """One JSON object, `metadata` then "figures": [...], written a figure at a time."""
    head = json.dumps(metadata(dataset, urls), ensure_ascii=False, indent=None)
    yield head[:-1] + ', "figures": ['
    separator = ""
    for row in figure_rows(dataset):
        yield separator + "\n" + json.dumps(row, ensure_ascii=False)
        separator = ","
    yield "\n]}\n"


def organisation_dataset(organisation: Organisation) -> Dataset:
    """Everything the organisation has published."""
    return Dataset(
        organisation=organisation,
        title=f"{organisation.name}: every published performance figure",
        description=(
            f"Every performance figure {organisation.name} has published, with its target and "
            "its rating as reported when the period was published."
        ),
        filename=f"{organisation.slug}-figures",
        measures=list(public_measures(organisation).order_by("code")),
        periods=list(reversed(published_periods(organisation))),
    )


def period_dataset(organisation: Organisation, period: Period) -> Dataset:
    """Every figure published for one period."""
    return Dataset(
        organisation=organisation,
        title=f"{organisation.name}: performance figures for {period.label}",
        description=(
            f"Every performance figure {organisation.name} published for {period.label}, with "
            "its target and its rating as reported."
        ),
        filename=f"{organisation.slug}-{period_slug(period)}-figures",
        measures=list(public_measures(organisation).order_by("code")),
        periods=[period],
        extra={"period": period.label},
    )


def scorecard_dataset(organisation: Organisation, scorecard: Scorecard) -> Dataset:
    """A scorecard's measures in every published period of its year, in its order."""
    year = year_label(scorecard.financial_year, organisation.financial_year_start_month)
    periods = [
        period
        for period in reversed(published_periods(organisation))
        if financial_year(period) == scorecard.financial_year
    ]
    measures = list(
        public_measures(organisation)
        .filter(scorecard_entries__scorecard=scorecard)
        .order_by("scorecard_entries__section__position", "scorecard_entries__position")
    )
    file_year = year_label(
        scorecard.financial_year, organisation.financial_year_start_month, separator="-"
    )
    return Dataset(
        organisation=organisation,
        title=f"{organisation.name}: {scorecard.title}, {year}",
        description=(
            f"The published figures of the scorecard {scorecard.title} for {year}, with "
            "their targets and their ratings as reported."
        ),
        filename=f"{organisation.slug}-{file_year}-{scorecard.slug}",
        measures=list(dict.fromkeys(measures)),
        periods=periods,
        scorecard=scorecard,
        extra={"scorecard": scorecard.title, "financial_year": year},
    )


def measure_dataset(organisation: Organisation, measure: Measure) -> Dataset:
    """One measure in every period it was published."""
    return Dataset(
        organisation=organisation,
        title=f"{organisation.name}: {measure.code} {measure.title}",
        description=(
            f"Every published figure of the measure {measure.code} {measure.title}, with its "
            "target and its rating as reported."
        ),
        filename=f"{organisation.slug}-{slugify(measure.code)}-figures",
        measures=[measure],
        periods=measure_periods(measure),
        extra={"measure_code": measure.code, "measure": measure.title},
    )
