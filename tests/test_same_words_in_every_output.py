"""Every output of a scorecard prints the same words, from the one home of each: the app's
scorecard page, the public page and its open data, and the report as a web page, a document,
Word and Excel: what "Good is" says for each polarity (core.ratings.POLARITY_SHORT_LABELS,
carried on scorecards.rows.Row.good_is), and the key to the ratings, generated from the
tolerance schemes the ratings used (core.ratings.rating_key, by scorecards.rows.key_for)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from tests.factories import (
    MeasureFactory,
    ScorecardEntryFactory,
    ScorecardFactory,
    ThemeFactory,
    UserFactory,
    period,
)
from yardstick.accounts.access import ANONYMOUS
from yardstick.accounts.models import Membership, Role
from yardstick.collection.services import publish_period
from yardstick.core.ratings import BAND_ORDER, Band, Polarity
from yardstick.core.targets import Target, TargetKind
from yardstick.core.values import Value, ValueType
from yardstick.measures.models import FigureStatus
from yardstick.measures.services import FigureInput, record_figure, set_target
from yardstick.reports.renderers import get_format
from yardstick.reports.strategic import build_strategic_report

pytestmark = pytest.mark.django_db

GOOD_IS = {
    Polarity.HIGHER: "Higher",
    Polarity.LOWER: "Lower",
    Polarity.IN_RANGE: "In range",
    Polarity.CONTEXTUAL: "Not rated",
}
# (polarity, target, actual): each measure of the scorecard, rated in Q1 2018/19.
MEASURES = {
    "Homes built": (Polarity.HIGHER, Target(TargetKind.VALUE, value=Decimal(50)), "61"),
    "Days lost to sickness": (Polarity.LOWER, Target(TargetKind.VALUE, value=Decimal(8)), "9"),
    "Reoffending ratio": (
        Polarity.IN_RANGE,
        Target(TargetKind.RANGE, low=Decimal("0.9"), high=Decimal("1.1")),
        "1.12",  # 1.8% above the top of the range: Amber
    ),
    "Population": (Polarity.CONTEXTUAL, Target(TargetKind.NONE), "250000"),
}


@pytest.fixture
def published(council, performance_officer):
    """A theme scorecard of the four measures, Q1 2018/19 published."""
    theme = ThemeFactory(plan__organisation=council, title="Build a Better Borough")
    scorecard = ScorecardFactory(
        organisation=council, theme=theme, title="Build a Better Borough", slug="better"
    )
    q1 = period(council, "2018-19 Q1")
    for number, (title, (polarity, target, actual)) in enumerate(MEASURES.items(), start=1):
        measure = MeasureFactory(
            organisation=council, title=title, polarity=polarity, value_type=ValueType.NUMBER
        )
        ScorecardEntryFactory(scorecard=scorecard, measure=measure, number=str(number))
        set_target(measure, q1, target, performance_officer)
        record_figure(
            measure,
            q1,
            FigureInput(Value(Decimal(actual), ValueType.NUMBER), commentary="As expected."),
            performance_officer,
            status=FigureStatus.APPROVED,
        )
    publish_period(q1, performance_officer)
    return scorecard, q1


@pytest.fixture
def councillor(council):
    user = UserFactory(username="cllr", organisation=council)
    Membership.objects.create(user=user, organisation=council, role=Role.COUNCILLOR)
    return user


def good_is_by_title(rows: list[list[str]], title_column: int, good_column: int) -> dict:
    return {row[title_column]: row[good_column] for row in rows if row[title_column] in MEASURES}


def expected() -> dict[str, str]:
    return {title: GOOD_IS[polarity] for title, (polarity, _, _) in MEASURES.items()}


def html_rows(page: str) -> list[list[str]]:
    """The text of each cell of each table row, tags stripped."""
    import re

    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", page, flags=re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        rows.append([" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in cells])
    return rows


def test_the_core_names_every_polarity_once():
    assert {polarity: polarity.short_label for polarity in Polarity} == GOOD_IS
    assert Polarity.LOWER.label == "Lower is better"


@pytest.fixture
def outputs(client, published, councillor) -> dict:
    """Every output of the scorecard's Q1 2018/19: pages as HTML, the CSV as text, the Word
    document and the Excel workbook."""
    scorecard, q1 = published
    report = build_strategic_report(q1, None, ANONYMOUS)

    client.force_login(councillor)
    app_page = client.get(
        reverse("scorecards:detail", args=[2018, scorecard.slug]), {"period": q1.key}
    ).content.decode()
    client.logout()
    public_page = client.get(
        reverse("public:scorecard", args=[scorecard.organisation.slug, 2018, scorecard.slug])
    ).content.decode()
    public_csv = (
        client.get(
            reverse(
                "public:scorecard_csv", args=[scorecard.organisation.slug, 2018, scorecard.slug]
            )
        )
        .getvalue()
        .decode()
    )
    document = get_format("html").render(report).decode()
    word = Document(io.BytesIO(get_format("docx").render(report)))
    workbook = load_workbook(io.BytesIO(get_format("xlsx").render(report)))

    return {
        "app": app_page,
        "public": public_page,
        "csv": public_csv,
        "document": document,
        "word": word,
        "workbook": workbook,
        "report": report,
    }


def test_good_is_prints_the_same_words_in_every_output(outputs):
    csv_rows = list(csv.reader(io.StringIO(outputs["csv"])))
    workbook = outputs["workbook"]
    sheet = workbook[next(name for name in workbook.sheetnames if name.startswith("Build"))]
    sheet_rows = [[str(c.value or "") for c in row] for row in sheet.iter_rows()]
    word_rows = [
        [" ".join(cell.text.split()) for cell in row.cells]
        for table in outputs["word"].tables
        for row in table.rows
    ]
    found = {
        "the app's scorecard page": good_is_by_title(html_rows(outputs["app"]), 1, 2),
        "the public page": good_is_by_title(html_rows(outputs["public"]), 1, 2),
        "the public open data": good_is_by_title(csv_rows, 4, 5),
        "the report's web page": good_is_by_title(html_rows(outputs["document"]), 1, 2),
        "the report in Word": good_is_by_title(word_rows, 1, 2),
        "the report in Excel": good_is_by_title(sheet_rows, 1, 2),
    }
    for output, good_is in found.items():
        assert good_is == expected(), output


IN_RANGE_KEY = {
    Band.GREEN: "Within the target range",
    Band.AMBER: "Outside the target range by less than 5%",
    Band.RED: "Outside the target range by 5% or more",
}


def test_a_scorecard_with_an_in_range_measure_has_green_amber_and_red_in_its_key(outputs):
    """The in-range measure is rated Amber, beside a five-band Higher (HG) and Lower (HR): the
    key is the five-band key with the thresholds used, and the in-range key's G and R, and
    its meaning of Amber, for the one rating that used it."""
    key = dict(outputs["report"].key)

    # HG LG A LR HR, then G and R: every band but Blue, which only a key with it prints
    assert list(key) == [band for band in BAND_ORDER if band is not Band.BLUE]
    assert key[Band.GREEN] == IN_RANGE_KEY[Band.GREEN]
    assert key[Band.RED] == IN_RANGE_KEY[Band.RED]
    assert key[Band.AMBER] == (
        "Just off target - less than 5%; for 1 rating: Outside the target range by less than 5%"
    )
    workbook = outputs["workbook"]
    key_sheet = " ".join(
        str(cell.value) for row in workbook["Key"].iter_rows() for cell in row if cell.value
    )
    word = " ".join(p.text for p in outputs["word"].paragraphs) + " ".join(
        cell.text for table in outputs["word"].tables for row in table.rows for cell in row.cells
    )
    texts = {
        "the app's scorecard page": outputs["app"],
        "the public page": outputs["public"],
        "the report's web page": outputs["document"],
        "the report in Word": word,
        "the report in Excel": key_sheet,
    }
    for output, text in texts.items():
        for meaning in IN_RANGE_KEY.values():
            assert meaning in text, (output, meaning)


def scorecard_table(page: str) -> list[list[str]]:
    """The text of every row of the scorecard table on a page."""
    import lxml.html

    (table,) = lxml.html.fromstring(page).xpath(
        "//table[contains(concat(' ', @class, ' '), ' scorecard-table ')]"
    )
    return [
        [" ".join(cell.text_content().split()) for cell in row.xpath("./th | ./td")]
        for row in table.xpath(".//tr")
    ]


def test_the_app_the_public_page_and_the_report_show_one_scorecard_table(outputs):
    """One partial (scorecards/_scorecard_table.html) renders the table on all three, so
    every header and every cell reads the same, word for word."""
    app = scorecard_table(outputs["app"])
    public = scorecard_table(outputs["public"])
    report = scorecard_table(outputs["document"])

    assert app == public == report
    assert len(app) == 2 + len(MEASURES)
    assert app[2][:6] == ["1", "Homes built", "Higher", "", "", ""]
    assert app[2][9:11] == ["50", "61"]
    assert app[2][11].startswith("★ HG High Green Why: High Green, Homes built, Q1 2018/19")
