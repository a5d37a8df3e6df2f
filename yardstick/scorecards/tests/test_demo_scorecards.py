"""Every cell of every theme scorecard of the demo council, in every period its page offers,
against what the core computes.

For each row and each of the three period columns (same period last year, previous period,
this period) the page must print the target, the actual, the band and the reason that the
core gives for that measure and period (`tests.factories.fresh_assessments`); for a
published period the page prints the rating kept when it was published, and that kept
rating must still equal a fresh rating by the core, since nothing has changed since. The
trend must be the core's direction of travel.

The page is read as HTML (lxml), not through the view's context, so what is checked is
what a councillor sees. The demo is loaded once for the module, in a transaction rolled
back at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

import lxml.html
import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory, fresh_assessments
from yardstick.accounts.models import Membership, Role
from yardstick.core.periods import DateRange, Frequency
from yardstick.core.ratings import BAND_LABELS, Band
from yardstick.core.targets import format_target
from yardstick.core.values import Value, format_value
from yardstick.framework.models import Period
from yardstick.measures.assessment import Assessment, core_target, core_value
from yardstick.measures.models import READER_STATUSES, ReportedRating
from yardstick.organisations.models import Organisation
from yardstick.scorecards.models import Scorecard, ScorecardEntry, ScorecardKind


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo council and a councillor to read it, loaded once for the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", verbosity=0)
        council = Organisation.objects.get(slug="demo")
        reader = UserFactory(username="scorecard-reader", organisation=council)
        Membership.objects.create(user=reader, organisation=council, role=Role.COUNCILLOR)
        yield council, reader
        transaction.set_rollback(True)


@pytest.fixture
def councillor_client(demo, db):
    client = Client()
    client.force_login(demo[1])
    return client


# What the page shows.


@dataclass(frozen=True)
class ShownCell:
    target: str
    actual: str
    covers: str
    band: str  # the code, '' when not rated
    band_label: str
    reason: str
    says_not_rated: bool


@dataclass(frozen=True)
class ShownRow:
    href: str
    number: str
    title: str
    cells: tuple[ShownCell, ShownCell, ShownCell]
    trend: str  # the class suffix: improved, deteriorated, no-change; '' when none
    trend_symbol: str
    trend_text: str


def text(element) -> str:
    return " ".join(element.text_content().split())


def shown_cell(target_td, actual_td, rating_td) -> ShownCell:
    covers = ""
    for span in actual_td.xpath('.//span[@class="covers"]'):
        covers = text(span)
        span.drop_tree()
    band = rating_td.xpath('.//span[contains(concat(" ", @class, " "), " band ")]/abbr')
    reason = rating_td.xpath('.//details[contains(@class, "reason")]/p')
    return ShownCell(
        target=text(target_td),
        actual=text(actual_td),
        covers=covers,
        band=text(band[0]) if band else "",
        band_label=band[0].get("title") if band else "",
        reason=text(reason[0]) if reason else "",
        says_not_rated=bool(rating_td.xpath('.//span[@class="not-rated"]')),
    )


def shown_rows(html: str) -> tuple[list[str], list[ShownRow]]:
    """The period headings and the rows of the scorecard table."""
    (table,) = lxml.html.fromstring(html).xpath('//table[contains(@class, "scorecard-table")]')
    headings = [
        text(th)
        for th in table.xpath('./thead/tr[1]/th[@scope="colgroup"]')
        if not text(th).startswith("Compared with ")  # the benchmarking columns' heading
    ]
    rows = []
    for tr in table.xpath("./tbody/tr"):
        (header,) = tr.xpath('./th[@scope="row"]')
        tds = tr.xpath("./td")
        # 13 columns, then any optional ones: SPC (1), benchmarking (3)
        assert len(tds) - 13 in (0, 1, 3, 4), text(tr)
        trend = tds[11].xpath('.//span[contains(concat(" ", @class, " "), " trend ")]')
        rows.append(
            ShownRow(
                href=header.xpath(".//a/@href")[0],
                number=text(tds[0]),
                title=text(header),
                cells=tuple(shown_cell(*tds[start : start + 3]) for start in (2, 5, 8)),
                trend=trend[0].get("class").split("trend-")[-1] if trend else "",
                trend_symbol=text(trend[0].xpath('./span[@aria-hidden="true"]')[0])
                if trend
                else "",
                trend_text=text(trend[0].xpath('./span[@class="visually-hidden"]')[0])
                if trend
                else "",
            )
        )
    return headings, rows


# What the core says.


def unpadded(amount: Decimal | None) -> Decimal | None:
    """The database keeps six places; a figure or target without its own decimal places
    prints as entered."""
    return amount.normalize() if amount is not None else None


def core_target_text(assessment: Assessment) -> str:
    """A target prints as the council set it, never padded to the measure's places."""
    if assessment.target is None:
        return ""
    return format_target(core_target(assessment.target), assessment.measure.value_type, None)


def core_actual_text(assessment: Assessment) -> str:
    value = core_value(assessment.measure, assessment.figure)
    if isinstance(value, Value) and value.decimals is None:
        value = replace(value, amount=unpadded(value.amount))
    return format_value(value)


def covers_text(assessment: Assessment) -> str:
    figure = assessment.figure
    if figure is None or not (figure.data_covers_start and figure.data_covers_end):
        return ""
    return DateRange(figure.data_covers_start, figure.data_covers_end).label


def kept_ratings(measure_ids: list[int]) -> dict[tuple[int, int], ReportedRating]:
    """The latest rating kept for each measure and published period."""
    kept = {}
    for rating in ReportedRating.objects.filter(measure_id__in=measure_ids).order_by(
        "reported_at", "id"
    ):
        kept[(rating.measure_id, rating.period_id)] = rating
    return kept


def expected_cell(assessment: Assessment, kept: ReportedRating | None, problems: list) -> dict:
    """The cell the core gives; for a published period the kept rating, checked first
    against a fresh rating by the core."""
    fresh = {
        "target": core_target_text(assessment),
        "actual": core_actual_text(assessment),
        "band": assessment.rating.band.value if assessment.rating.band else "",
        "reason": assessment.rating.reason,
    }
    where = f"{assessment.measure.code} {assessment.period.label}"
    if kept is None:
        return fresh
    as_kept = {
        "target": kept.target_text,
        "actual": kept.actual_text,
        "band": kept.band,
        "reason": kept.reason,
    }
    if as_kept != fresh:
        problems.append(f"{where}: kept at publishing {as_kept} but the core now gives {fresh}")
    direction = assessment.direction.trend.value if assessment.direction.trend else ""
    if kept.trend != direction:
        problems.append(f"{where}: trend kept {kept.trend!r}, the core now gives {direction!r}")
    return as_kept


def appears(assessment: Assessment) -> bool:
    """An annual measure is on a scorecard only in a period it has a figure or target in."""
    if assessment.measure.frequency != Frequency.ANNUAL:
        return True
    return assessment.figure is not None or assessment.target is not None


def scorecard_periods(council, year: int) -> list[Period]:
    """The quarters a scorecard's page offers: those with figures in its year or the year
    before, newest first (the months of the demo's monthly measures are offered too; the theme
    scorecards have none of those)."""
    periods = Period.objects.filter(
        organisation=council, figures__isnull=False, type="quarter"
    ).distinct()
    return [
        period
        for period in periods.order_by("-end", "start")
        if period.as_core().financial_year.start.year in (year, year - 1)
    ]


def check_scorecard_period(client, scorecard: Scorecard, period: Period, kept, problems) -> dict:
    entries = list(
        ScorecardEntry.objects.filter(scorecard=scorecard)
        .select_related("measure", "section")
        .order_by("section__position", "position")
    )
    measures = [entry.measure for entry in entries]
    now = fresh_assessments(measures, period, READER_STATUSES)
    sample = next(iter(now.values()))
    columns = [sample.last_year_period, sample.previous_period, period]
    assessed = {
        column.id: fresh_assessments(measures, column, READER_STATUSES) if column != period else now
        for column in columns
        if column is not None
    }
    url = reverse("scorecards:detail", args=[scorecard.financial_year, scorecard.slug])
    response = client.get(url, {"period": period.key})
    assert response.status_code == 200
    headings, rows = shown_rows(response.content.decode())
    where = f"{scorecard.title}, {period.label}"
    assert headings == [
        columns[0].label if columns[0] else "Same period last year",
        columns[1].label if columns[1] else "Previous period",
        period.label,
    ], where

    expected_entries = [entry for entry in entries if appears(now[entry.measure_id])]
    assert [row.title for row in rows] == [e.measure.title for e in expected_entries], where
    bands = []
    for entry, row in zip(expected_entries, rows, strict=True):
        measure = entry.measure
        assert row.href == reverse("measures:detail", args=[measure.code]), where
        assert row.number == (entry.number or measure.code), (where, measure.code)
        for column, cell in zip(columns, row.cells, strict=True):
            if column is None:
                assert cell == ShownCell("", "", "", "", "", "", False), (where, measure.code)
                continue
            assessment = assessed[column.id][measure.id]
            kept_rating = kept.get((measure.id, column.id)) if column.is_published else None
            expected = expected_cell(assessment, kept_rating, problems)
            if not (expected["band"] or expected["target"] or expected["actual"]):
                expected["reason"] = ""  # a blank cell is left empty, in every output
            shown = {
                "target": cell.target,
                "actual": cell.actual,
                "band": cell.band,
                "reason": cell.reason,
            }
            if shown != expected:
                problems.append(
                    f"{where}: {measure.code} {column.label} shows {shown}, expected {expected}"
                )
            if cell.covers != covers_text(assessment):
                problems.append(
                    f"{where}: {measure.code} {column.label} data covers "
                    f"{cell.covers!r}, expected {covers_text(assessment)!r}"
                )
            label = BAND_LABELS[Band(expected["band"])] if expected["band"] else ""
            assert cell.band_label == label, (where, measure.code, column.label)
            assert cell.says_not_rated == (not expected["band"] and bool(expected["reason"]))
        direction = now[measure.id].direction
        shown_trend = (row.trend, row.trend_symbol, row.trend_text)
        expected_trend = (
            (direction.trend.value.replace(" ", "-"), direction.symbol, direction.text)
            if direction.trend
            else ("", "", "")
        )
        if shown_trend != expected_trend:
            problems.append(
                f"{where}: {measure.code} trend {shown_trend}, expected {expected_trend}"
            )
        bands.append(row.cells[2].band)
    return {"rows": len(rows), "bands": bands}


def test_every_cell_of_every_theme_scorecard_is_the_cores_rating_in_every_period(
    demo, councillor_client
):
    council, _ = demo
    scorecards = list(
        Scorecard.objects.filter(organisation=council, kind=ScorecardKind.THEME).order_by(
            "position"
        )
    )
    assert len(scorecards) == 3
    measure_ids = list(
        ScorecardEntry.objects.filter(scorecard__in=scorecards).values_list("measure_id", flat=True)
    )
    kept = kept_ratings(measure_ids)
    problems: list[str] = []
    checked = {}
    for scorecard in scorecards:
        periods = scorecard_periods(council, scorecard.financial_year)
        assert [p.key for p in periods][:3] == ["2018-19 Q3", "2018-19 Q2", "2018-19 Q1"]
        for period in periods:
            checked[(scorecard.slug, period.key)] = check_scorecard_period(
                councillor_client, scorecard, period, kept, problems
            )
    assert not problems, f"{len(problems)} cells differ:\n" + "\n".join(problems[:40])

    # The test is not vacuous: every scorecard shows rows in every period, published
    # periods have kept ratings, and every band of the key appears somewhere.
    assert all(result["rows"] for result in checked.values())
    assert len(kept) > 500
    shown_bands = {band for result in checked.values() for band in result["bands"]}
    assert {"HG", "LG", "A", "LR", "HR"} <= shown_bands
    q2 = checked[("build-a-better-harrow", "2018-19 Q2")]
    assert q2["rows"] == 40


def test_a_published_scorecard_shows_the_band_and_reason_kept_at_publishing(
    demo, councillor_client
):
    """The page reads the kept rating, not a fresh one: change a kept reason in the
    database (as a restatement would) and the page follows it."""
    council, _ = demo
    scorecard = Scorecard.objects.get(organisation=council, slug="build-a-better-harrow")
    period = Period.objects.get(organisation=council, key="2018-19 Q2")
    entry = ScorecardEntry.objects.filter(scorecard=scorecard).order_by("position").first()
    kept = (
        ReportedRating.objects.filter(measure=entry.measure, period=period)
        .order_by("reported_at", "id")
        .last()
    )
    ReportedRating.objects.filter(pk=kept.pk).update(reason="Kept reason, as published")
    url = reverse("scorecards:detail", args=[scorecard.financial_year, scorecard.slug])
    html = councillor_client.get(url, {"period": period.key}).content.decode()
    _, rows = shown_rows(html)
    (row,) = [r for r in rows if r.title == entry.measure.title]
    assert row.cells[2].reason == "Kept reason, as published"
