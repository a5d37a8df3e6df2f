"""The council's own key set in the app (docs/keys.md, "Which key rates a figure") rates every
page and document: the scorecard page, the report in Word and Excel, and the key printed
beside them says the key's own words. Changing the key never changes a kept rating or the key
printed beside it; an open period rates by the new key, and no cached summary outlives it."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from tests.factories import (
    MeasureFactory,
    ScorecardEntryFactory,
    ScorecardFactory,
    ThemeFactory,
    period,
)
from yardstick.accounts.access import ANONYMOUS, performance_team_of
from yardstick.collection.services import publish_period
from yardstick.core.keys import bundled_key_text, read_key
from yardstick.core.ratings import FIVE_BAND, Band, SchemeKind, ToleranceScheme
from yardstick.core.targets import Target, TargetKind
from yardstick.core.trend import Trend
from yardstick.core.values import Value, ValueType
from yardstick.measures.assessment import keys_for, rated_by
from yardstick.measures.key_services import set_rating_key
from yardstick.measures.models import FigureStatus, ReportedRating
from yardstick.measures.services import FigureInput, record_figure, set_target
from yardstick.measures.shown import live_ratings, shown_ratings, shown_summaries
from yardstick.reports.renderers import get_format
from yardstick.reports.strategic import build_strategic_report

pytestmark = pytest.mark.django_db

WITHIN_5 = (
    Path(__file__).resolve().parent.parent / "docs/examples/within-5-percent.toml"
).read_text()
GREEN_WORDS = "On, above or within 5% of target"
THREE_BAND = bundled_key_text("three-band")


def rated(measure, quarter, officer, actual: str, target: str = "100") -> None:
    set_target(measure, quarter, Target(TargetKind.VALUE, value=Decimal(target)), officer)
    record_figure(
        measure,
        quarter,
        FigureInput(Value(Decimal(actual), ValueType.NUMBER), commentary="Close."),
        officer,
        status=FigureStatus.APPROVED,
    )


@pytest.fixture
def scorecard(council, performance_officer):
    """A scorecard of one measure, 97 against a target of 100 (3% under) in Q1 2018/19, under
    the organisation's "within 5%" key."""
    theme = ThemeFactory(plan__organisation=council, title="Build a Better Borough")
    card = ScorecardFactory(organisation=council, theme=theme, title="Better", slug="better")
    measure = MeasureFactory(
        organisation=council, title="Homes built", polarity="higher", value_type=ValueType.NUMBER
    )
    ScorecardEntryFactory(scorecard=card, measure=measure, number="1")
    set_rating_key(council, WITHIN_5, performance_officer)
    q1 = period(council, "2018-19 Q1")
    rated(measure, q1, performance_officer, "97")
    return card, measure, q1


def row_text(page: str, title: str) -> str:
    """The text of the table row naming `title`, tags stripped."""
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", page, flags=re.S):
        text = " ".join(re.sub(r"<[^>]+>", " ", row).split())
        if title in text:
            return text
    raise AssertionError(f"no row for {title}")


def outputs(client, user, card, q1, viewer) -> dict[str, str]:
    """The scorecard page, and the report in Word and Excel, as text."""
    client.force_login(user)
    page = client.get(
        reverse("scorecards:detail", args=[2018, card.slug]), {"period": q1.key}
    ).content.decode()
    report = build_strategic_report(q1, None, viewer)
    word = Document(io.BytesIO(get_format("docx").render(report)))
    workbook = load_workbook(io.BytesIO(get_format("xlsx").render(report)))
    return {
        "page": page,
        "page row": row_text(page, "Homes built"),
        "word": " | ".join(
            " ".join(cell.text.split())
            for table in word.tables
            for row in table.rows
            for cell in row.cells
        )
        + " ".join(p.text for p in word.paragraphs),
        "excel": " | ".join(
            str(cell.value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None
        ),
    }


def test_a_figure_3_percent_under_target_is_green_by_the_within_5_percent_key_everywhere(
    client, scorecard, performance_officer
):
    card, _measure, q1 = scorecard
    found = outputs(client, performance_officer, card, q1, performance_team_of(q1.organisation_id))

    assert "Green" in found["page row"]
    assert "Amber" not in found["page row"]
    for output in ("page", "word", "excel"):
        assert GREEN_WORDS in found[output], output
        assert "Has met or exceeded target" not in found[output], output  # not the default
    assert "Green" in found["word"] and "Green" in found["excel"]


def test_changing_the_key_never_changes_a_kept_rating_or_its_printed_key(
    client, scorecard, performance_officer
):
    card, measure, q1 = scorecard
    publish_period(q1, performance_officer)
    kept = ReportedRating.objects.get(measure=measure, period=q1)
    assert kept.band == Band.GREEN
    assert read_key(kept.key_text) == read_key(WITHIN_5)
    before = outputs(client, performance_officer, card, q1, ANONYMOUS)

    set_rating_key(q1.organisation, THREE_BAND, performance_officer)
    after = outputs(client, performance_officer, card, q1, ANONYMOUS)

    assert after["page row"] == before["page row"]
    for output in ("page", "word", "excel"):
        assert GREEN_WORDS in after[output], output
    # An open period rates by the new key: 3% under is Amber by the three bands.
    q2 = period(q1.organisation, "2018-19 Q2")
    rated(measure, q2, performance_officer, "97")
    (summary,) = shown_summaries([measure], [q2], performance_team_of(q1.organisation_id)).values()
    assert summary.band is Band.AMBER
    assert summary.scheme == read_key(THREE_BAND)


def test_a_key_change_misses_the_cached_summaries(council, scorecard, performance_officer):
    _card, measure, q1 = scorecard
    viewer = performance_team_of(council.id)
    (first,) = shown_summaries([measure], [q1], viewer).values()
    (again,) = shown_summaries([measure], [q1], viewer).values()  # from the cache
    assert first.band is again.band is Band.GREEN

    set_rating_key(council, THREE_BAND, performance_officer)
    (changed,) = shown_summaries([measure], [q1], viewer).values()
    assert changed.band is Band.AMBER

    set_rating_key(council, WITHIN_5, performance_officer, measure)  # the measure's own
    (own,) = shown_summaries([measure], [q1], viewer).values()
    assert own.band is Band.GREEN


def test_which_key_rates_a_figure(council, performance_officer):
    """A target's override, then the measure's own key, then a measure's own scheme, then the
    organisation's key, then the default."""
    plain = MeasureFactory(organisation=council)
    tuned = MeasureFactory(organisation=council, amber_threshold=Decimal(3))
    keyed = MeasureFactory(organisation=council, amber_threshold=Decimal(3))
    q1 = period(council, "2018-19 Q1")
    target = Target(TargetKind.VALUE, value=Decimal(10))
    overridden = set_target(
        keyed, q1, target, performance_officer, scheme={"scheme": SchemeKind.THREE_BAND}
    )
    ids = [plain.id, tuned.id, keyed.id]

    assert rated_by(plain, None, keys_for([council.id], ids)) == FIVE_BAND
    set_rating_key(council, THREE_BAND, performance_officer)
    set_rating_key(council, WITHIN_5, performance_officer, keyed)
    keys = keys_for([council.id], ids)

    assert rated_by(plain, None, keys) == read_key(THREE_BAND)  # the organisation's key
    assert rated_by(tuned, None, keys) == ToleranceScheme(amber=Decimal(3))  # its own scheme
    assert rated_by(keyed, None, keys) == read_key(WITHIN_5)  # its own key
    assert rated_by(keyed, overridden, keys) == ToleranceScheme(
        kind=SchemeKind.THREE_BAND, amber=Decimal(3)
    )  # the target's override


def scorecard_queries(client, user, card, q1) -> int:
    client.force_login(user)
    url = reverse("scorecards:detail", args=[2018, card.slug])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"period": q1.key})
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_keys_are_read_in_queries_that_do_not_grow_with_the_measures(
    client, council, performance_officer
):
    """With an organisation key and measures' own keys, a scorecard of two measures and one of
    six read in the same number of queries (cache cleared each time)."""
    from tests.caching import clear_caches

    set_rating_key(council, WITHIN_5, performance_officer)
    q1 = period(council, "2018-19 Q1")
    counts = []
    for size, slug in ((2, "few"), (6, "many")):
        theme = ThemeFactory(plan__organisation=council, title=slug)
        card = ScorecardFactory(organisation=council, theme=theme, title=slug, slug=slug)
        for number in range(size):
            measure = MeasureFactory(organisation=council, value_type=ValueType.NUMBER)
            ScorecardEntryFactory(scorecard=card, measure=measure, number=str(number + 1))
            rated(measure, q1, performance_officer, str(90 + number))
            if number % 2:
                set_rating_key(council, THREE_BAND, performance_officer, measure)
        clear_caches()
        counts.append(scorecard_queries(client, performance_officer, card, q1))
    assert counts[0] == counts[1]


def test_a_chart_draws_a_key_in_points_in_the_measures_own_units():
    """Green within 2 points of a 60% target reaches down to 58%, not to 60% less 2%."""
    from yardstick.measures.charts import _band_rects

    key = read_key(
        'name = "Points"\ndistance = "points"\n[[bands]]\ncode = "G"\nat_least = -2\n'
        '[[bands]]\ncode = "R"\n'
    )
    rects = _band_rects(
        Decimal(60), "higher", key, False, (Decimal(0), Decimal(100)), 0, 10, lambda v: float(v)
    )
    green = next(rect for rect in rects if rect.band is Band.GREEN)
    assert (green.y, green.y + green.height) == (58.0, 100.0)


def keyed(trend_against: str, no_change: str | None = None) -> str:
    """The three-band key comparing every trend as `trend_against` says, with a no-change
    tolerance of its own when `no_change` is given."""
    text = THREE_BAND.replace('trend_against = "by_measure"', f'trend_against = "{trend_against}"')
    assert f'trend_against = "{trend_against}"' in text
    if no_change is not None:
        text = text.replace("[[bands]]", f"no_change_tolerance = {no_change}\n\n[[bands]]", 1)
    return text


@pytest.fixture
def three_quarters(council, performance_officer):
    """A measure collected in the period, higher is better: 100 in Q2 2017/18, 90 in Q1
    2018/19, 95 in Q2 2018/19 (up on the previous quarter, down on the year)."""
    measure = MeasureFactory(
        organisation=council, title="Visits", polarity="higher", value_type=ValueType.NUMBER
    )
    quarters = {}
    for key, actual in (("2017-18 Q2", "100"), ("2018-19 Q1", "90"), ("2018-19 Q2", "95")):
        quarters[key] = period(council, key)
        rated(measure, quarters[key], performance_officer, actual)
    return measure, quarters


def test_the_key_says_what_every_trend_compares_with_and_what_is_no_change(
    council, three_quarters, performance_officer
):
    measure, quarters = three_quarters
    q2 = quarters["2018-19 Q2"]
    viewer = performance_team_of(council.pk)

    def trend():
        shown = live_ratings([measure], q2, viewer)[measure.id]
        return shown.direction.trend, shown.comparison_label

    assert trend() == (Trend.IMPROVED, "Q1 2018/19")  # the measure's own rule: the last quarter
    set_rating_key(council, keyed("last_year"), performance_officer)
    assert trend() == (Trend.DETERIORATED, "Q2 2017/18")
    set_rating_key(council, keyed("previous", no_change="5"), performance_officer)
    assert trend() == (Trend.NO_CHANGE, "Q1 2018/19")  # up 5: within the key's tolerance


def test_a_kept_trend_keeps_what_it_compared_with_when_the_key_changes(
    council, three_quarters, performance_officer
):
    measure, quarters = three_quarters
    viewer = performance_team_of(council.pk)
    set_rating_key(council, keyed("last_year"), performance_officer)
    publish_period(quarters["2017-18 Q2"], performance_officer)
    publish_period(quarters["2018-19 Q1"], performance_officer)
    q2 = quarters["2018-19 Q2"]
    publish_period(q2, performance_officer)
    set_rating_key(council, keyed("previous"), performance_officer)
    shown = shown_ratings([measure], [q2], viewer)[(measure.id, q2.id)]
    assert shown.kept is not None
    assert (shown.direction.trend, shown.comparison_label) == (Trend.DETERIORATED, "Q2 2017/18")
    live = live_ratings([measure], q2, viewer)[measure.id]  # what a restatement would say now
    assert (live.direction.trend, live.comparison_label) == (Trend.IMPROVED, "Q1 2018/19")
