"""The demo council: `manage.py load_demo` and `manage.py demo_logins`.

Loading the demo takes a few seconds, so it is loaded once for this module (inside a
transaction rolled back at the end, so no other test sees it) and the tests read it.
"""

from __future__ import annotations

import csv
import io
import random
from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.hashers import check_password
from django.contrib.auth.password_validation import validate_password
from django.core.management import CommandError, call_command
from django.db import transaction

from tests.factories import UserFactory, fresh_assessments
from yardstick.accounts.access import performance_team_of
from yardstick.accounts.models import Membership, Role, User
from yardstick.actions.models import ActionUpdate, KeyAction, Programme, UpdateState
from yardstick.core import periods as core_periods
from yardstick.core.periods import Frequency, PeriodType
from yardstick.core.ratings import Polarity
from yardstick.core.trend import Trend
from yardstick.core.values import CollectionType, Value, ValueType, parse_value
from yardstick.demo import backfill, monthly, stories
from yardstick.demo.history import MeasureHistory, synthesise
from yardstick.demo.loader import demo_organisation, load_demo
from yardstick.demo.organisation import SERVICES, unit_code_for
from yardstick.demo.people import (
    APPROVERS,
    MEASURE_OWNERS,
    PERFORMANCE_TEAM,
    PERSONAS,
)
from yardstick.demo.removal import remove_demo
from yardstick.framework.models import Period, PeriodStatus, Theme, ThemeSummary
from yardstick.measures.models import (
    ALL_STATUSES,
    Figure,
    FigureSource,
    FigureStatus,
    Measure,
    RatingOrigin,
    ReportedRating,
    Target,
)
from yardstick.meetings.models import AgendaItem
from yardstick.organisations.models import UnitKind
from yardstick.reports.challenge_list import build_challenge_list
from yardstick.reports.kept import document_version
from yardstick.reports.models import DocumentRequest
from yardstick.reports.services import challenge_list_settings
from yardstick.scorecards.models import Scorecard, ScorecardKind, ScorecardLayout

SEED = Path(__file__).resolve().parents[1] / "data" / "seed-corporate-scorecards-2018-19.csv"


def seed_rows() -> list[dict[str, str]]:
    with SEED.open(encoding="utf-8") as file:
        return list(csv.DictReader(file))


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo council, loaded once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        summary = load_demo()
        yield summary
        transaction.set_rollback(True)


@pytest.fixture
def council(demo, db):
    """Read afresh for each test: removing the demo (a test below, rolled back after it)
    leaves the loaded object without its primary key."""
    return demo_organisation()


def measures(council) -> list[Measure]:
    return list(Measure.objects.in_organisation(council).select_related("unit", "owner"))


def figures_by_title(council) -> dict[tuple[str, str], Figure]:
    return {
        (figure.measure.title, figure.period.key): figure
        for figure in Figure.objects.filter(measure__organisation=council).select_related(
            "measure", "period"
        )
    }


# What the demo holds.


def test_load_demo_creates_85_measures_on_three_theme_scorecards(council):
    theme_cards = Scorecard.objects.in_organisation(council).filter(kind=ScorecardKind.THEME)
    assert theme_cards.count() == 3
    on_cards = Measure.objects.filter(scorecard_entries__scorecard__in=theme_cards).distinct()
    assert on_cards.count() == 85
    # And the four synthetic monthly measures on the partnership's scorecards, and its
    # contextual one.
    assert Measure.objects.in_organisation(council).count() == 85 + len(monthly.MEASURES) + 1


def test_every_measure_has_an_owner_and_a_directorate(council):
    for measure in measures(council):
        assert measure.owner is not None, measure
        assert MEASURE_OWNERS in measure.owner.groups.values_list("name", flat=True)
        assert measure.unit is not None, measure
        assert measure.unit.directorate().kind == UnitKind.DIRECTORATE
        assert measure.unit.directorate().head is not None


def test_every_seed_title_is_placed_by_a_rule_not_by_its_theme():
    services = {unit.code for unit in SERVICES}
    for row in seed_rows():
        assert unit_code_for(row["title"], row["scorecard"]) in services, row["title"]


def test_crime_measures_are_shared_with_the_community_safety_partnership(council):
    shared = Measure.objects.in_organisation(council).exclude(partnership=None)
    titles = sorted(shared.values_list("title", flat=True))
    assert any("Knife crime" in title for title in titles)
    assert any("Domestic abuse" in title for title in titles)
    assert not any("Council Tax" in title for title in titles)
    card = Scorecard.objects.get(organisation=council, slug="safer-demo-partnership")
    assert set(card.entries.values_list("measure__title", flat=True)) == set(titles)
    tracker = Scorecard.objects.get(organisation=council, layout=ScorecardLayout.TRACKER)
    assert tracker.partnership_id == card.partnership_id
    assert tracker.entries.count() == len(monthly.MEASURES)


def test_themes_and_measures_have_portfolio_holders(council):
    themes = Theme.objects.filter(plan__organisation=council)
    assert themes.count() >= 3
    holders = {theme.portfolio_holder.username for theme in themes}
    assert holders == {"anita", "robert"}
    assert not Measure.objects.in_organisation(council).filter(portfolio_holder=None).exists()


def test_at_least_half_the_measures_have_twelve_quarterly_figures(council):
    counts = Counter(
        Figure.objects.filter(measure__organisation=council, value__isnull=False)
        .exclude(period__status=PeriodStatus.OPEN)
        .values_list("measure_id", flat=True)
    )
    assert sum(1 for count in counts.values() if count >= 12) >= 85 / 2


def test_at_least_half_the_numeric_measures_have_targets_through_their_history(council):
    numeric = Measure.objects.in_organisation(council).exclude(
        value_type__in=[ValueType.YES_NO, ValueType.DATE]
    )
    synthetic_quarters = Period.objects.in_organisation(council).exclude(
        key__in=backfill.PUBLISHED_KEYS
    )
    targets = Counter(
        Target.objects.filter(measure__in=numeric, period__in=synthetic_quarters).values_list(
            "measure_id", flat=True
        )
    )
    assert sum(1 for count in targets.values() if count >= 8) >= numeric.count() / 2


def test_synthetic_figures_are_labelled_and_never_in_a_published_quarter(council):
    figures = Figure.objects.filter(measure__organisation=council)
    for figure in figures.exclude(period__key__in=backfill.PUBLISHED_KEYS):
        assert figure.note == backfill.SYNTHETIC_NOTE
    open_figures = figures.filter(period__key=backfill.OPEN_PERIOD)
    assert open_figures.exists()
    assert not open_figures.exclude(source=FigureSource.DEMO).exists()
    published_quarters = figures.filter(period__key__in=backfill.PUBLISHED_KEYS)
    assert not published_quarters.filter(note=backfill.SYNTHETIC_NOTE).exists()
    assert published_quarters.count() > 200


def test_the_past_is_loaded_as_published_history_with_its_ratings_kept_in_date_order(council):
    """Every past quarter came in through the published-history import: figures published,
    each quarter locked, and the ratings kept as loaded, each quarter's trend against the
    quarter before it."""
    quarters = Period.objects.filter(organisation=council, type=PeriodType.QUARTER)
    past = quarters.exclude(key=backfill.OPEN_PERIOD)
    assert all(period.is_published for period in past)
    kept = ReportedRating.objects.filter(period__in=past)
    assert kept.exists() and not kept.exclude(origin=RatingOrigin.LOADED).exists()
    q1 = Period.objects.get(organisation=council, key="2018-19 Q1")
    trends = set(kept.filter(period=q1).values_list("trend", flat=True))
    assert {"improved", "deteriorated"} <= trends  # compared with Q4 2017/18, made up


def test_published_figures_are_as_the_seed_file_prints_them(council):
    found = figures_by_title(council)
    compared = 0
    for row in seed_rows():
        figure = found.get((row["title"], row["period"]))
        value = parse_value(row["actual"] or None)
        if not isinstance(value, Value):
            continue
        assert figure is not None, row
        measure_type = ValueType(figure.measure.value_type)
        assert figure.value == parse_value(row["actual"], measure_type).amount, row
        assert figure.status == FigureStatus.PUBLISHED
        compared += 1
    assert compared > 200


def test_synthetic_history_respects_each_measures_kind(council):
    synthetic = Figure.objects.filter(measure__organisation=council, source=FigureSource.DEMO)
    for figure in synthetic.select_related("measure"):
        value_type = figure.measure.value_type
        if value_type == ValueType.PERCENTAGE:
            assert Decimal(-100) <= figure.value <= Decimal(100), figure
        elif value_type in (ValueType.DURATION, ValueType.RATIO):
            assert figure.value > 0, figure
        elif value_type == ValueType.NUMBER and figure.decimals == 0:
            assert figure.value == figure.value.to_integral_value(), figure


def test_cumulative_measures_rise_through_each_year(council):
    years: dict[tuple[int, int], list[Decimal]] = defaultdict(list)
    cumulative = Figure.objects.filter(
        measure__organisation=council,
        measure__collection_type=CollectionType.CUMULATIVE,
        value__isnull=False,
    )
    for figure in cumulative.select_related("period").order_by("period__start"):
        year = figure.period.as_core().financial_year.start.year
        years[figure.measure_id, year].append(figure.value)
    assert len(years) > 10
    for values in years.values():
        assert values == sorted(values)


def test_every_quarter_to_q2_2018_19_is_published_and_q3_is_open_with_a_deadline(council):
    periods = list(
        Period.objects.in_organisation(council).filter(type=PeriodType.QUARTER).order_by("start")
    )
    assert periods[0].key == "2015-16 Q1"
    *past, open_period = periods
    assert all(period.is_published for period in past)
    assert [p.published_at for p in past] == sorted(p.published_at for p in past)
    assert ReportedRating.objects.filter(period=past[0]).exclude(band="").count() > 40
    assert open_period.key == "2018-19 Q3"
    assert open_period.status == PeriodStatus.OPEN and open_period.deadline is not None
    entered = Figure.objects.filter(period=open_period)
    assert 0 < entered.count() < Measure.objects.in_organisation(council).count() / 4
    assert set(entered.values_list("status", flat=True)) <= {
        FigureStatus.DRAFT,
        FigureStatus.SUBMITTED,
    }
    assert Target.objects.filter(period=open_period).count() > 40


def test_off_target_q2_figures_carry_their_owners_written_commentary(council):
    period = Period.objects.get(organisation=council, key="2018-19 Q2")
    off_target = [
        assessment
        for assessment in fresh_assessments(measures(council), period, ALL_STATUSES).values()
        if assessment.rating.band in stories.OFF_TARGET
    ]
    assert len(off_target) >= 10
    for assessment in off_target:
        written = stories.commentary_for(assessment.measure.title)
        assert written is not stories.FALLBACK, assessment.measure.title
        assert assessment.figure.commentary == written.commentary
        assert assessment.figure.proposed_action == written.proposed_action
    fresh = fresh_assessments(measures(council), period, ALL_STATUSES).values()
    steady = [
        a
        for a in fresh
        if a.figure is not None
        and a.rating.band not in stories.OFF_TARGET
        and a.direction.trend != Trend.DETERIORATED
    ]
    assert steady
    assert all(a.figure.commentary == "" for a in steady)


def test_each_theme_has_key_actions_with_q1_and_q2_progress_and_achievements(council):
    for theme in Theme.objects.filter(plan__organisation=council, parent=None):
        actions = KeyAction.objects.for_theme(theme)
        assert 4 <= actions.count() <= 6, theme
        for action in actions:
            keys = set(action.updates.signed_off().values_list("period__key", flat=True))
            assert keys == {"2018-19 Q1", "2018-19 Q2"}
            assert action.milestones.count() == 3
            latest = action.updates.get(period__key="2018-19 Q2")
            assert action.status == latest.status
        summary = ThemeSummary.objects.get(theme=theme, period__key="2018-19 Q2")
        assert summary.achievements.strip()
    statuses = set(
        ActionUpdate.objects.filter(action__organisation=council).values_list("status", flat=True)
    )
    assert statuses == {"green", "amber", "red", "completed"}


def test_key_projects_sit_in_the_programme_and_each_owner_has_a_q3_return_to_sign_off(council):
    programme = Programme.objects.get(organisation=council, parent=None)
    assert programme.name == "Better Deal for Residents"
    assert programme.workstreams.count() == 3
    assert KeyAction.objects.filter(organisation=council, programme__parent=programme).exists()
    assert not KeyAction.objects.filter(organisation=council, unit=None).exists()
    q3 = ActionUpdate.objects.filter(action__organisation=council, period__key="2018-19 Q3")
    owners = set(
        KeyAction.objects.filter(organisation=council)
        .exclude(status="completed")
        .values_list("owner", flat=True)
    )
    assert {update.state for update in q3} == {UpdateState.SUBMITTED}
    assert set(q3.values_list("action__owner", flat=True)) == owners
    completed = KeyAction.objects.filter(organisation=council, status="completed")
    assert completed.exists()
    for project in completed:  # closed with Q2, its benefits review due six months on
        assert project.closed_on == date(2018, 9, 30)
        review = project.benefits_review
        assert (review.due, review.status) == (date(2019, 3, 30), "open")


# People.


def test_people_hold_their_groups_roles_and_printed_passwords(council):
    users = {user.username: user for user in User.objects.filter(organisation=council)}
    assert set(users) == {p.username for p in PERSONAS}
    for persona in PERSONAS:
        user = users[persona.username]
        assert user.job_title == persona.job_title
        assert set(user.groups.values_list("name", flat=True)) == set(persona.groups)
        assert check_password(persona.password, user.password)
        validate_password(persona.password, user)
        assert not user.is_superuser
    priya = users["priya"]
    assert priya.is_staff and PERFORMANCE_TEAM in priya.groups.values_list("name", flat=True)
    assert priya.has_perm("measures.change_figure")
    assert priya.has_perm("framework.add_period")
    assert not users["tom"].has_perm("measures.change_figure")
    heads = {unit.head.username for unit in council.units.filter(kind=UnitKind.DIRECTORATE)}
    assert heads == {p.username for p in PERSONAS if APPROVERS in p.groups}
    assert Membership.objects.filter(user=priya, role=Role.PERFORMANCE_TEAM).exists()
    assert Membership.objects.filter(user=users["daniel"], role=Role.APPROVER).count() == 1


def test_demo_logins_prints_every_demo_user(council):
    out = StringIO()
    call_command("demo_logins", stdout=out)
    printed = out.getvalue()
    for persona in PERSONAS:
        line = next(line for line in printed.splitlines() if f" {persona.username} " in line)
        assert persona.password in line
        assert persona.name in line
        assert persona.try_first in line


# Loading again.


def test_a_second_load_says_the_demo_is_there_and_changes_nothing(council):
    def census() -> tuple[int, ...]:
        return (
            Figure.objects.count(),
            Target.objects.count(),
            ReportedRating.objects.count(),
            User.objects.count(),
            KeyAction.objects.count(),
        )

    before = census()
    assert load_demo() is None
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "already loaded" in out.getvalue()
    assert census() == before
    assert demo_organisation() == council


def test_the_synthetic_history_is_the_same_on_every_load(council):
    """Built again from the seed, the history file is the same, byte for byte: --reset (which
    removes the demo and builds it again) gives the same figures."""
    seed = SEED.read_bytes()
    first = backfill.build(seed, council.financial_year_start_month)
    again = backfill.build(seed, council.financial_year_start_month)
    assert first.content == again.content
    stored = {
        (figure.measure.code, figure.period.key): figure.value
        for figure in Figure.objects.filter(
            measure__organisation=council, note=backfill.SYNTHETIC_NOTE
        )
        .exclude(period__key=backfill.OPEN_PERIOD)
        .exclude(measure__frequency=Frequency.MONTHLY)  # the monthly measures' own months
        .select_related("period", "measure")
    }
    rows = list(csv.DictReader(io.StringIO(first.content.decode())))
    synthetic = [row for row in rows if row["note"] == backfill.SYNTHETIC_NOTE]
    assert len(synthetic) == len(stored)


def test_the_latest_published_quarters_documents_are_queued_for_the_worker(council):
    """As publishing a quarter does: the worker keeps them before anyone downloads them."""
    [asked] = DocumentRequest.objects.filter(period__organisation=council)
    assert asked.period.label == "Q2 2018/19"
    assert asked.version == document_version(asked.period) and asked.done_at is None


def test_removing_the_demo_leaves_nothing_of_it(council):
    """What --reset does before building again."""
    usernames = [persona.username for persona in PERSONAS]
    remove_demo(council)
    assert demo_organisation() is None
    assert not User.objects.filter(username__in=usernames).exists()
    assert not Figure.objects.filter(measure__organisation_id=council.id).exists()
    assert not Period.objects.filter(organisation_id=council.id).exists()


# Without the demo.


@pytest.fixture
def no_demo(db):
    """No demo council, whether or not this module's has been loaded (rolled back after)."""
    if demo_organisation() is not None:
        remove_demo(demo_organisation())


def test_load_demo_refuses_when_a_demo_username_is_taken(no_demo):
    UserFactory(username="priya")
    with pytest.raises(CommandError, match="usernames are taken by accounts outside the demo"):
        call_command("load_demo", stdout=StringIO())
    assert demo_organisation() is None


def test_demo_logins_before_the_demo_is_loaded_says_how_to_load_it(no_demo):
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "load_demo" in out.getvalue()


# The generator on its own.


def quarters() -> list[core_periods.Period]:
    return [core_periods.quarter(year, n) for year in range(2015, 2019) for n in (1, 2, 3, 4)][:15]


def test_the_generator_gives_the_same_history_for_the_same_measure():
    measure = MeasureHistory(
        code="BB-9",
        value_type=ValueType.PERCENTAGE,
        polarity=Polarity.HIGHER,
        published={"2018-19 Q1": Value(Decimal("42.5"), ValueType.PERCENTAGE, decimals=1)},
    )
    fill = [q.key for q in quarters() if q.key != "2018-19 Q1"]
    random.seed(1)
    first = synthesise(measure, quarters(), fill)
    random.seed(2)
    assert synthesise(measure, quarters(), fill) == first
    assert len(first.figures) == 14


def test_a_cumulative_measure_rises_through_each_year_and_stops_short_of_100_percent():
    measure = MeasureHistory(
        code="COLLECT",
        value_type=ValueType.PERCENTAGE,
        polarity=Polarity.HIGHER,
        cumulative=True,
        published={
            "2018-19 Q1": Value(Decimal("30.33"), ValueType.PERCENTAGE, decimals=2),
            "2018-19 Q2": Value(Decimal("56.2"), ValueType.PERCENTAGE, decimals=1),
        },
    )
    fill = [q.key for q in quarters() if q.key not in ("2018-19 Q1", "2018-19 Q2")]
    made = synthesise(measure, quarters(), fill)
    for year in (2015, 2016, 2017):
        keys = [core_periods.quarter(year, n).key for n in (1, 2, 3, 4)]
        amounts = [made.figures[key].amount for key in keys]
        assert amounts == sorted(amounts)
        assert amounts[-1] < 100
    assert made.figures["2018-19 Q3"].amount >= Decimal("56.2")


def test_a_new_measure_has_no_history_before_it_started():
    measure = MeasureHistory(
        code="NEW",
        value_type=ValueType.NUMBER,
        polarity=Polarity.LOWER,
        first_key="2017-18 Q4",
        published={"2018-19 Q1": Value(Decimal("12"), decimals=0)},
    )
    fill = [q.key for q in quarters() if q.key != "2018-19 Q1"]
    made = synthesise(measure, quarters(), fill)
    assert sorted(made.figures) == ["2017-18 Q4", "2018-19 Q2", "2018-19 Q3"]
    assert all(v.amount == v.amount.to_integral_value() for v in made.figures.values())


def test_the_demo_has_a_challenge_list_with_an_entry_of_each_kind(council):
    settings = challenge_list_settings(council.pk)
    assert settings.pk is not None and (settings.runs, settings.margin) == (4, 10)
    assert settings.history.first().history_user.username == "priya"
    listed = build_challenge_list(
        council.pk, performance_team_of(council.pk), settings.runs, settings.margin
    )
    assert all(group.entries for group in listed.groups), [g.reason for g in listed.groups]
    item = AgendaItem.objects.get(
        meeting__body__organisation=council, title__startswith="Challenge list"
    )
    assert item.meeting.body.kind == "scrutiny_committee"
    assert "Missed its target in each of the last 4 quarters" in item.summary


def test_the_demo_has_a_contextual_measure_with_history_on_the_partnership_scorecard(council):
    from yardstick.demo import contextual

    measure = Measure.objects.get(organisation=council, code=contextual.CLAIMANTS.code)
    assert measure.polarity == Polarity.CONTEXTUAL
    assert "synthetic" in measure.title
    assert measure.scorecard_entries.filter(scorecard__slug="safer-demo-partnership").exists()
    figures = Figure.objects.filter(measure=measure)
    assert figures.filter(status=FigureStatus.PUBLISHED).count() == 18  # April 2017 on
    assert not Target.objects.filter(measure=measure).exists()
    assert not figures.exclude(note=backfill.SYNTHETIC_NOTE).exists()
    kept = ReportedRating.objects.filter(measure=measure)
    assert kept.exists() and not kept.exclude(band="").exists()  # reported, never rated


def test_the_open_quarter_has_one_proposed_target_for_the_publish_page(council):
    from yardstick.collection.queries import readiness

    q3 = Period.objects.get(organisation=council, key=backfill.OPEN_PERIOD)
    proposed = Target.objects.filter(measure__organisation=council, agreed=False)
    assert [target.period for target in proposed] == [q3]
    (ready,) = readiness(council.id, [q3])
    assert [target.pk for target in ready.proposed_targets] == [proposed.get().pk]
