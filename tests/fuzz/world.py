"""A small council for the fuzz tests, with one measure of every value type, the named
personas of every role, an open and a published quarter, a scorecard, a report and an
import, and a check that nothing stored breaks the rules every door applies."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import Permission
from django.utils import timezone

from tests.factories import (
    MeasureFactory,
    OrganisationFactory,
    PlanFactory,
    ScorecardEntryFactory,
    ScorecardFactory,
    ThemeFactory,
    UnitFactory,
    UserFactory,
    period,
)
from yardstick.accounts.models import Membership, Role
from yardstick.collection.models import DeadlineRule
from yardstick.collection.services import publish_period
from yardstick.core.targets import Target as CoreTarget
from yardstick.core.targets import TargetKind
from yardstick.core.values import Value, ValueType
from yardstick.imports.services import upload_import
from yardstick.measures.assessment import core_target, core_value
from yardstick.measures.models import Figure, FigureStatus, Measure, Target
from yardstick.measures.rules import (
    FigureInput,
    amount_problem,
    figure_problems,
    target_problems,
)
from yardstick.measures.services import record_figure, set_target

ADMIN_APPS = ["organisations", "framework", "measures", "scorecards", "actions", "accounts"]
MEASURE_AMOUNTS = (
    "minimum",
    "maximum",
    "high_green_threshold",
    "amber_threshold",
    "low_red_threshold",
    "absolute_tolerance",
    "no_change_tolerance",
)
PERSONAS = ("team", "owner", "approver", "councillor", "no_role", "anonymous")

# One measure of every value type, each as an owner would type its figure: (code, type,
# polarity, Q1's figure, Q2's submitted figure, target).
MEASURES = (
    ("PCT", ValueType.PERCENTAGE, "higher", "78", "80", "75"),
    ("NUM", ValueType.NUMBER, "lower", "1200", "1100", "1000"),
    ("GBP", ValueType.CURRENCY, "lower", "2500.50", "2400", "2000"),
    ("DUR", ValueType.DURATION, "lower", "96", "90", "120"),
    ("DAY", ValueType.DATE, "lower", "737150", "737160", "737170"),
    ("YN", ValueType.YES_NO, "higher", "1", "0", "1"),
    ("RAT", ValueType.RATIO, "higher", "0.25", "0.5", "0.3"),
    ("RPN", ValueType.RATE, "lower", "6.7", "6.1", "6"),
)


@dataclass
class World:
    council: object
    resources: object
    people: object
    users: dict  # persona -> user (no anonymous)
    measures: dict  # code -> Measure
    monthly: Measure
    q1: object  # published
    q2: object  # open
    month: object  # a month, open, for the monthly measure
    scorecard: object
    run_pk: int

    @property
    def team(self):
        return self.users["team"]

    @property
    def owner(self):
        return self.users["owner"]


def _person(council, username, role=None, unit=None, **fields):
    user = UserFactory(username=username, organisation=council, first_name=username.title())
    for name, value in fields.items():
        setattr(user, name, value)
    user.save()
    if role:
        Membership.objects.create(user=user, organisation=council, role=role, unit=unit)
    return user


def build_world() -> World:
    council = OrganisationFactory(name="Fuzz Borough Council", slug="fuzz")
    resources = UnitFactory(organisation=council, name="Resources", code="RES")
    people = UnitFactory(organisation=council, name="People", code="PEO")
    users = {
        "team": _person(council, "priya", Role.PERFORMANCE_TEAM, is_staff=True),
        "owner": _person(council, "olive", Role.OWNER, resources),
        "approver": _person(council, "alice", Role.APPROVER, resources),
        "councillor": _person(council, "colin", Role.COUNCILLOR),
        "no_role": _person(council, "nora"),
    }
    users["team"].user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=ADMIN_APPS)
    )
    DeadlineRule.objects.create(organisation=council, frequency="quarterly", working_days_after=15)
    theme = ThemeFactory(
        plan=PlanFactory(organisation=council, financial_year=2018), title="Better Borough"
    )
    scorecard = ScorecardFactory(
        organisation=council, financial_year=2018, theme=theme, slug="better", title="Better"
    )
    q1, q2 = period(council, "2018-19 Q1"), period(council, "2018-19 Q2")
    month = period(council, "2018-08")
    team, owner = users["team"], users["owner"]
    measures = {}
    for number, (code, value_type, polarity, first, second, target) in enumerate(MEASURES):
        measure = MeasureFactory(
            organisation=council,
            unit=resources,
            owner=owner,
            code=code,
            title=f"Measure {code}",
            frequency="quarterly",
            value_type=value_type,
            polarity=polarity,
        )
        if value_type == ValueType.PERCENTAGE:
            measure.numerator_label, measure.denominator_label = "Paid on time", "Invoices"
            measure.save()
        measure.themes.add(theme)
        ScorecardEntryFactory(scorecard=scorecard, measure=measure, number=str(number + 1))
        for quarter in (q1, q2):
            set_target(measure, quarter, CoreTarget(TargetKind.VALUE, Decimal(target)), team)
        record_figure(
            measure,
            q1,
            FigureInput(Value(Decimal(first), value_type), commentary="As expected."),
            owner,
            status=FigureStatus.APPROVED,
        )
        record_figure(
            measure,
            q2,
            FigureInput(Value(Decimal(second), value_type), commentary="Steady."),
            owner,
            status=FigureStatus.SUBMITTED,
        )
        measures[code] = measure
    monthly = MeasureFactory(
        organisation=council,
        unit=resources,
        owner=owner,
        code="MON",
        title="A monthly count",
        frequency="monthly",
        value_type=ValueType.NUMBER,
    )
    publish_period(q1, team)
    q1.refresh_from_db()
    csv = b"measure,period,actual\nNUM,2018-19 Q2,1050\n"
    run = upload_import(council, "figures", csv, "figures.csv", team)
    return World(
        council=council,
        resources=resources,
        people=people,
        users=users,
        measures=measures,
        monthly=monthly,
        q1=q1,
        q2=q2,
        month=month,
        scorecard=scorecard,
        run_pk=run.run.pk,
    )


def stored_problems() -> list[str]:
    """Every figure and target kept that the rules refuse, as 'code period: message'. A
    door that stores what the rules refuse shows up here."""
    today = timezone.localdate()
    found = []
    figures = Figure.objects.select_related("measure", "period")
    for figure in figures:
        measure = figure.measure
        entry = FigureInput(
            value=core_value(measure, figure),
            note=figure.note,
            commentary=figure.commentary,
            proposed_action=figure.proposed_action,
            data_covers_start=figure.data_covers_start,
            data_covers_end=figure.data_covers_end,
            outlier_confirmed=figure.outlier_confirmed,
            outlier_note=figure.outlier_note,
        )
        for problem in figure_problems(measure, figure.period, entry, today):
            found.append(f"figure {measure.code} {figure.period.key}: {problem.message}")
    for target in Target.objects.select_related("measure", "period"):
        for problem in target_problems(target.measure, target.period, core_target(target), today):
            found.append(f"target {target.measure.code} {target.period.key}: {problem.message}")
    return found + measure_problems()


def measure_problems() -> list[str]:
    """Every measure amount kept that cannot be kept (a limit, a threshold, a tolerance)."""
    found = []
    for measure in Measure.objects.all():
        for name in MEASURE_AMOUNTS:
            problem = amount_problem(name, getattr(measure, name))
            if problem is not None:
                found.append(f"measure {measure.code}: {problem.message}")
    return found
