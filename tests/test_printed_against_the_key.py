"""A council's past report loaded as it printed it says where the key disagrees (issue 9,
point 3): a figure of 61 against a target of 50 is High Green by the key; the report printed
Low Green. The rating kept and shown is the printed one, and the scorecard, the measure page,
the report in every format and the public page say "Printed Low Green; by the key High
Green" beside it (tests/outputs.py reads each)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction

from tests import outputs as read
from tests.factories import (
    MeasureFactory,
    OrganisationFactory,
    ScorecardEntryFactory,
    ScorecardFactory,
    ThemeFactory,
    UserFactory,
    period,
)
from yardstick.accounts.access import access_for
from yardstick.accounts.models import Membership, Role
from yardstick.core.ratings import Band
from yardstick.core.targets import Target, TargetKind
from yardstick.core.values import Value, ValueType
from yardstick.measures.services import (
    FigureInput,
    HistoryRow,
    load_published_history,
    set_target,
)

pytestmark = pytest.mark.django_db

Q1 = "Q1 2018/19"
TITLE = "Homes built"
SAYS = "Printed Low Green; by the key High Green"


@pytest.fixture(scope="module")
def outputs(django_db_setup, django_db_blocker) -> read.Outputs:
    with django_db_blocker.unblock(), transaction.atomic():
        council = OrganisationFactory(name="Printing Borough Council", slug="printing")
        team = UserFactory(username="print-team", organisation=council)
        Membership.objects.create(user=team, organisation=council, role=Role.PERFORMANCE_TEAM)
        theme = ThemeFactory(plan__organisation=council, title="Homes")
        scorecard = ScorecardFactory(organisation=council, theme=theme, title="Homes", slug="homes")
        measure = MeasureFactory(organisation=council, title=TITLE, value_type=ValueType.NUMBER)
        ScorecardEntryFactory(scorecard=scorecard, measure=measure, number="1")
        q1, q2 = period(council, "2018-19 Q1"), period(council, "2018-19 Q2")
        set_target(measure, q1, Target(TargetKind.VALUE, value=Decimal(50)), team)
        entry = FigureInput(Value(Decimal(61), ValueType.NUMBER), commentary="Ahead.")
        load_published_history(
            [HistoryRow(measure, q1, entry, printed=Band.LOW_GREEN)],
            team,
            reason="The Q1 report to Cabinet",
        )
        built = read.every_output(scorecard, q1, q2, [measure], team, access_for(team))
        transaction.set_rollback(True)
    return built


def test_every_scorecard_shows_the_printed_band(outputs):
    tables = {
        "the app's scorecard page": read.html_scorecard(outputs.scorecard),
        "the report's page": read.html_scorecard(outputs.report_page),
        "the report as an HTML file": read.html_scorecard(outputs.report_html),
        "the report as a PDF": read.pdf_scorecards(outputs.report_pdf),
        "the report in Word": read.word_scorecards(outputs.report_docx),
        "the report in Excel": read.excel_scorecards(outputs.report_xlsx),
        "the public scorecard page": read.html_scorecard(outputs.public_page),
        "the public CSV": read.public_csv(outputs.public_csv),
    }
    for output, printed in tables.items():
        assert printed[(TITLE, Q1)].band == "LG", output
    assert read.measure_page(outputs.measure_pages[("print-team", TITLE)])[("", Q1)].band == "LG"


def test_every_output_but_the_open_data_says_where_the_key_disagrees(outputs):
    texts = outputs.texts()
    says = {
        output: SAYS in text
        for output, text in texts.items()
        if output != "the data quality page" and not output.startswith("the next period")
    }
    assert says == {
        "the overview": False,  # counts, no ratings to annotate
        "the scorecard page": True,
        "the exception report": False,  # High Green is no exception
        "the report's page": True,
        "the report as an HTML file": True,
        "the report as a PDF": True,
        "the report in Word": True,
        "the report in Excel": True,
        "the public scorecard page": True,
        "the public CSV": False,
        f"the measure page of {TITLE} for print-team": True,
    }
