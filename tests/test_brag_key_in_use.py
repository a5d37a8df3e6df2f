"""A BRAG key in the app (docs/keys.md, "A BRAG key: Blue for exceeding"): the organisation's
key set to docs/examples/brag.toml rates every page and document, Blue shows with its code,
label and shape in every output (the scorecard page, the overview, the report as a page, PDF,
Word and Excel, the public page and CSV), the printed key says what Blue means, Blue counts as
on target (never an exception or a key challenge), the scorecard filters by it, and a published
period keeps Blue after the key changes.

A theme scorecard of four "higher is better" measures against a target of 100: 106 (Blue), 101
(Green), 97 (Amber) and 90 (Red) in Q1 2018/19, published under the BRAG key; the key is then
set back to the seeds' five bands. Built, rendered and read once for the module, in a
transaction rolled back at the end.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests import outputs as read
from tests.factories import (
    MeasureFactory,
    OrganisationFactory,
    ScorecardEntryFactory,
    ScorecardFactory,
    ThemeFactory,
    UnitFactory,
    UserFactory,
    period,
)
from yardstick.accounts.access import access_for
from yardstick.accounts.models import Membership, Role
from yardstick.collection.services import publish_period
from yardstick.core import palette
from yardstick.core.keys import bundled_key_text, read_key
from yardstick.core.ratings import Band, Polarity
from yardstick.core.targets import Target, TargetKind
from yardstick.core.values import Value, ValueType
from yardstick.measures.key_services import set_rating_key
from yardstick.measures.models import FigureStatus, ReportedRating
from yardstick.measures.services import FigureInput, record_figure, set_target

pytestmark = pytest.mark.django_db

BRAG = (Path(__file__).resolve().parent.parent / "docs/examples/brag.toml").read_text()
Q1 = "Q1 2018/19"
FIGURES = {"Homes built": "106", "Calls answered": "101", "Visits made": "97", "Trees": "90"}
BANDS = {"Homes built": "B", "Calls answered": "G", "Visits made": "A", "Trees": "R"}
BLUE_WORDS = "Has exceeded target by 5% or more"


def build():
    council = OrganisationFactory(name="Blue Borough Council", slug="blue")
    team = UserFactory(username="blue-team", organisation=council)
    Membership.objects.create(user=team, organisation=council, role=Role.PERFORMANCE_TEAM)
    unit = UnitFactory(organisation=council, name="Resources")
    theme = ThemeFactory(plan__organisation=council, title="A Brighter Borough")
    scorecard = ScorecardFactory(
        organisation=council, theme=theme, title="A Brighter Borough", slug="brighter"
    )
    set_rating_key(council, BRAG, team)
    q1, q2 = period(council, "2018-19 Q1"), period(council, "2018-19 Q2")
    measures = []
    for number, (title, figure) in enumerate(FIGURES.items(), 1):
        measure = MeasureFactory(
            organisation=council,
            title=title,
            polarity=Polarity.HIGHER,
            value_type=ValueType.NUMBER,
            unit=unit,
        )
        ScorecardEntryFactory(scorecard=scorecard, measure=measure, number=str(number))
        set_target(measure, q1, Target(TargetKind.VALUE, value=Decimal(100)), team)
        entry = FigureInput(Value(Decimal(figure), ValueType.NUMBER), commentary="As expected.")
        record_figure(measure, q1, entry, team, status=FigureStatus.APPROVED)
        measures.append(measure)
    client = Client()
    client.force_login(team)
    url = reverse("scorecards:detail", args=[scorecard.financial_year, scorecard.slug])
    open_page = client.get(url, {"period": q1.key}).content.decode()
    blue_only = client.get(url, {"period": q1.key, "band": "B"}).content.decode()
    publish_period(q1, team)
    kept = dict(ReportedRating.objects.filter(period=q1).values_list("measure__title", "band"))
    set_rating_key(council, bundled_key_text("five-band"), team)  # the key changes
    rendered = read.every_output(scorecard, q1, q2, measures, team, access_for(team))
    return {
        "kept": kept,
        "kept key": ReportedRating.objects.get(period=q1, measure__title="Homes built").key_text,
        "open page": open_page,
        "blue only": blue_only,
        "outputs": rendered,
        "scorecard": scorecard.title,
        "directorate": unit.name,
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        built = build()
        transaction.set_rollback(True)
    return built


def bands(printed: dict) -> dict[str, str | None]:
    return {title: printed[(title, Q1)].band for title in FIGURES}


def test_the_open_scorecard_shows_blue_with_its_code_label_shape_and_colour(world):
    row = read.html_scorecard(world["open page"])
    assert {title: row[(title, Q1)].band for title in FIGURES} == BANDS
    page = world["open page"]
    assert palette.band_class(Band.BLUE) == "band-b"
    assert 'class="band band-b"><span class="band-shape" aria-hidden="true">✚</span> B</span>' in (
        page
    )  # the printed key, in Blue's colours, with its shape
    assert f"Blue: {BLUE_WORDS}" in read.page_text(page)
    assert ".band-b { background-color: #1d70b8; color: #ffffff; }" in palette.css()


def test_the_scorecard_filters_by_blue_and_on_target_or_better_includes_it(world):
    assert {title for title, _ in read.html_scorecard(world["blue only"])} == {"Homes built"}
    assert "band=B&amp;band=HG&amp;band=LG&amp;band=G" in world["open page"]
    assert "band=LR&amp;band=HR&amp;band=R" in world["open page"]


def test_a_published_period_keeps_blue_and_its_key_after_the_key_changes(world):
    assert world["kept"] == {title: Band(code) for title, code in BANDS.items()}
    assert read_key(world["kept key"]) == read_key(BRAG)


@pytest.mark.parametrize(
    ("output", "reader"),
    [
        ("scorecard", read.html_scorecard),
        ("report_page", read.html_scorecard),
        ("report_html", read.html_scorecard),
        ("public_page", read.html_scorecard),
        ("report_pdf", read.pdf_scorecards),
        ("report_docx", read.word_scorecards),
        ("report_xlsx", read.excel_scorecards),
    ],
)
def test_every_output_prints_the_kept_blue(world, output, reader):
    assert bands(reader(getattr(world["outputs"], output))) == BANDS


def test_every_printed_key_says_what_blue_means(world):
    texts = world["outputs"].texts()
    for output in (
        "the scorecard page",
        "the report's page",
        "the report as an HTML file",
        "the report as a PDF",
        "the report in Word",
        "the report in Excel",
        "the public scorecard page",
    ):
        assert BLUE_WORDS in texts[output], output
        assert "Blue" in texts[output], output


def test_the_pdf_prints_blues_shape(world):
    assert "✚" in read.pdf_text(world["outputs"].report_pdf)


def test_the_overview_counts_blue_as_a_band_of_its_own(world):
    tallies = read.overview(world["outputs"].overview)[world["scorecard"]]
    assert (tallies["B"], tallies["G"], tallies["A"], tallies["R"]) == (1, 1, 1, 1)


def test_blue_is_never_an_exception(world):
    listed = read.exception_report(world["outputs"].exceptions, Q1)
    assert {title for title, _ in listed} == {"Trees"}
