"""Only vetted figures in published outputs (issue 9, point 2).

Q2 2018/19 is published "anyway" (the publish page, confirmed) with one measure's figure left
as its owner's draft and another's submitted but not approved. In every output (tests/
outputs.py: the overview, the scorecard page, the exception report, the data quality page,
each measure's page and chart for the team and for the owner, the next period's entry page
for both, the Strategic Performance Report as its page, HTML, PDF, Word and Excel, the public
page and the public CSV) neither value nor its commentary appears anywhere; each shows "No
figure (not signed off)" with no rating and no point on the chart; the next period's entry
form does not give either as "last period"; the exception report leaves them out; and the
data quality page says why. The owner's work stays, unpublished.
"""

from __future__ import annotations

from decimal import Decimal

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
from yardstick.collection.services import publish_period, save_draft, submit_figure
from yardstick.core.ratings import Polarity
from yardstick.core.targets import Target, TargetKind
from yardstick.core.values import Value, ValueType
from yardstick.measures.models import Figure, FigureStatus
from yardstick.measures.services import FigureInput, record_figure, set_target

pytestmark = pytest.mark.django_db

Q1, Q2 = "Q1 2018/19", "Q2 2018/19"
NOT_SIGNED_OFF = "No figure (not signed off)"
DRAFT, SUBMITTED, SIGNED_OFF = "Homes built", "Council tax collected", "Days lost to sickness"
# title: polarity, value type, target, Q1 (published), Q2 and what happens to Q2's figure
MEASURES = {
    DRAFT: (Polarity.HIGHER, ValueType.NUMBER, Decimal(50), "45", "98765", "draft"),
    SUBMITTED: (Polarity.HIGHER, ValueType.PERCENTAGE, Decimal(96), "95.0", "87.6", "submitted"),
    SIGNED_OFF: (Polarity.LOWER, ValueType.NUMBER, Decimal(8), "9", "8.5", "approved"),
}
# What the unvetted figures would print as, and their commentary: none may appear.
UNVETTED = ("98,765", "98765", "87.6", "Owner's unvetted words")


def build():
    council = OrganisationFactory(name="Vetting Borough Council", slug="vetting")
    team = UserFactory(username="vet-team", organisation=council)
    Membership.objects.create(user=team, organisation=council, role=Role.PERFORMANCE_TEAM)
    unit = UnitFactory(organisation=council, name="Housing")
    owner = UserFactory(username="vet-owner", organisation=council)
    Membership.objects.create(user=owner, organisation=council, role=Role.OWNER, unit=unit)
    theme = ThemeFactory(plan__organisation=council, title="Homes for All")
    scorecard = ScorecardFactory(
        organisation=council, theme=theme, title="Homes for All", slug="homes"
    )
    q1, q2, q3 = (period(council, f"2018-19 {quarter}") for quarter in ("Q1", "Q2", "Q3"))
    measures = []
    for number, (title, (polarity, value_type, target, *_)) in enumerate(MEASURES.items(), 1):
        measure = MeasureFactory(
            organisation=council,
            title=title,
            polarity=polarity,
            value_type=value_type,
            unit=unit,
            owner=owner,
        )
        ScorecardEntryFactory(scorecard=scorecard, measure=measure, number=str(number))
        for quarter in (q1, q2):
            set_target(measure, quarter, Target(TargetKind.VALUE, value=target), team)
        measures.append(measure)
    for measure in measures:
        _, value_type, _, first, *_ = MEASURES[measure.title]
        entry = FigureInput(Value(Decimal(first), value_type), commentary="As expected.")
        record_figure(measure, q1, entry, team, status=FigureStatus.APPROVED)
    publish_period(q1, team)
    for measure in measures:
        _, value_type, _, _, second, fate = MEASURES[measure.title]
        entry = FigureInput(Value(Decimal(second), value_type), commentary="Owner's unvetted words")
        if fate == "draft":
            save_draft(measure, q2, entry, owner, expected_version=None)
        elif fate == "submitted":
            submit_figure(measure, q2, entry, owner, expected_version=None)
        else:
            entry = FigureInput(Value(Decimal(second), value_type), commentary="Signed off.")
            record_figure(measure, q2, entry, team, status=FigureStatus.APPROVED)
    publishing = Client()
    publishing.force_login(team)
    response = publishing.post(
        reverse("collection:publish_period", args=[q2.pk]), {"confirm": "on"}
    )
    assert response.status_code == 302, response.content.decode()
    q2.refresh_from_db()
    assert q2.is_published
    councillor = UserFactory(username="vet-councillor", organisation=council)
    Membership.objects.create(user=councillor, organisation=council, role=Role.COUNCILLOR)
    rendered = read.every_output(
        scorecard,
        q2,
        q3,
        measures,
        team,
        access_for(team),
        measure_readers=(owner, councillor),
        entry_readers=(owner,),
    )
    return {
        "outputs": rendered,
        "statuses": {
            figure.measure.title: figure.status
            for figure in Figure.objects.filter(period=q2).select_related("measure")
        },
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        built = build()
        transaction.set_rollback(True)
    return built


@pytest.fixture(scope="module")
def outputs(world) -> read.Outputs:
    return world["outputs"]


def test_the_owners_work_stays_unpublished(world):
    assert world["statuses"] == {
        DRAFT: FigureStatus.DRAFT,
        SUBMITTED: FigureStatus.SUBMITTED,
        SIGNED_OFF: FigureStatus.PUBLISHED,
    }


def test_no_output_shows_an_unvetted_figure_or_its_commentary(outputs):
    """Anywhere in any output, less the measure page's audit trail of changes (the owner and
    the team see every version of the figure there, as its history; see the next test)."""
    texts = outputs.texts()
    # measure pages for the team, the owner and a councillor; entry pages for the team and owner
    assert len(texts) == 11 + 3 * 3 + 3 * 2
    for output, text in texts.items():
        assert Q2 in text, output  # the output was read, and is about Q2
        for unvetted in UNVETTED:
            assert unvetted not in text, (output, unvetted)


def test_only_those_who_may_see_drafts_see_them_in_the_measure_pages_changes(outputs):
    """The audit trail shows every version of a figure to its owner and the performance
    team, and to nobody else: a councillor's measure page has neither value anywhere."""
    for (username, title), page in outputs.measure_pages.items():
        text = read.page_text(page)
        shown = [unvetted for unvetted in UNVETTED if unvetted in text]
        if username == "vet-councillor" or title == SIGNED_OFF:
            assert shown == [], (username, title)
        else:
            assert shown, (username, title)  # the history of their work is there for them


NOT_SHOWN = read.Printed(actual=NOT_SIGNED_OFF, band="", trend=read.NO_COMPARISON)


def q2_cells(printed: dict) -> dict[str, read.Printed]:
    return {
        title: read.replace(
            printed[(title, Q2)], target=None, restated=None, restatement_reason=None
        )
        for title in (DRAFT, SUBMITTED)
    }


def test_every_scorecard_shows_no_figure_not_signed_off_and_no_rating(outputs):
    tables = {
        "the app's scorecard page": read.html_scorecard(outputs.scorecard),
        "the report's page": read.html_scorecard(outputs.report_page),
        "the report as an HTML file": read.html_scorecard(outputs.report_html),
        "the report as a PDF": read.pdf_scorecards(outputs.report_pdf),
        "the report in Word": read.word_scorecards(outputs.report_docx),
        "the report in Excel": read.excel_scorecards(outputs.report_xlsx),
        "the public scorecard page": read.html_scorecard(outputs.public_page),
    }
    for output, printed in tables.items():
        assert q2_cells(printed) == {DRAFT: NOT_SHOWN, SUBMITTED: NOT_SHOWN}, output
        assert printed[(SIGNED_OFF, Q2)].actual == "8.5", output


def test_the_open_data_shows_no_figure_not_signed_off_and_no_rating(outputs):
    printed = read.public_csv(outputs.public_csv)
    no_trend = read.replace(NOT_SHOWN, trend="No comparison")
    assert q2_cells(printed) == {DRAFT: no_trend, SUBMITTED: no_trend}


def test_the_measure_pages_show_no_figure_and_no_point_on_the_chart(outputs):
    for (username, title), page in outputs.measure_pages.items():
        printed = read.measure_page(page)[("", Q2)]
        points = read.chart_points(page)
        if title == SIGNED_OFF:
            assert printed.actual == "8.5" and Q2 in points, username
            continue
        assert read.replace(printed, target=None, restated=None, restatement_reason=None) == (
            NOT_SHOWN
        ), (username, title)
        assert Q2 not in points, (username, title)


def test_the_next_periods_entry_form_does_not_give_them_as_last_period(outputs):
    for (username, title), page in outputs.entry_pages.items():
        history = read.entry_history(page)
        last = read.entry_last_period(page)
        if title == SIGNED_OFF:
            assert last == f"8.5 ({Q2})", username
            continue
        assert history[("", Q2)].actual == NOT_SIGNED_OFF, (username, title)
        assert history[("", Q2)].band == "", (username, title)
        assert last == f"{NOT_SIGNED_OFF} ({Q2})", (username, title)


def test_the_exception_report_leaves_them_out(outputs):
    listed = {title for title, _ in read.exception_report(outputs.exceptions, Q2)}
    assert DRAFT not in listed and SUBMITTED not in listed
    assert SIGNED_OFF in listed  # Low Red: the report is not simply empty


def test_the_data_quality_page_says_why_there_is_no_figure(outputs):
    missing = {
        title: why
        for title in MEASURES
        for measure, why in read.data_quality_missing(outputs.data_quality).items()
        if measure.endswith(title)
    }
    assert missing == {
        DRAFT: f"Not signed off when {Q2} was published (left draft): reported as no figure",
        SUBMITTED: (
            f"Not signed off when {Q2} was published (left submitted): reported as no figure"
        ),
    }
