"""Doors against each other: the same values, right and wrong, sent through every door a figure
comes in by. Each door accepts exactly the values the rules accept and refuses the others with
the rules' own words (`yardstick.measures.rules.figure_problems`); an import says them as
'row N, column C: <message without its full stop>'.

The doors: the entry form (save), its live preview, "Check the rating", a correction after
publishing, the admin's figure form, the figures import (`imports.services.import_file`, a CSV
file), the scorecard import, the command line (`manage.py import_data`) and the services
themselves (`measures.services.record_figure`).

Where a door cannot be asked a question the test says so, and checks what it does instead:
the entry form, its preview and "Check the rating" are pages of a measure in a period it
reports for, so a monthly period for a quarterly measure is not found there (404); a
correction is of a published period (Q1 here); the preview rates the figure, so it judges the
value, its counts and the period but not the texts beside it (a long commentary is refused
when the figure is saved or checked, not while it is typed); the scorecard import makes each
measure report for the periods its file gives, so it has no quarterly measure to send a month
to.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from decimal import Decimal
from html import unescape
from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

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
from yardstick.accounts.models import Membership, Role
from yardstick.collection.services import publish_period
from yardstick.core.targets import Target, TargetKind
from yardstick.core.values import Value, ValueType
from yardstick.imports.services import import_file
from yardstick.measures.models import Figure, FigureStatus, Measure
from yardstick.measures.models import Target as TargetModel
from yardstick.measures.rules import FigureInput, figure_problems, target_problems
from yardstick.measures.services import FigureRefused, record_figure, set_target

pytestmark = pytest.mark.django_db

LONG = "x" * 5001
PCT, NUM = (
    "BB-01",
    "BB-02",
)  # the codes the scorecard import gives measures 1 and 2 of "Better Borough"


@dataclass(frozen=True)
class Case:
    """A figure as each door takes it: typed in the form ('150%'), as an amount in the admin
    ('150'), printed in a file ('150%' or '50% (5/0)'), and as the core's value."""

    name: str
    code: str
    typed: str
    amount: str
    numerator: str = ""
    denominator: str = ""
    period: str = "2018-19 Q2"
    commentary: str = "As expected."

    @property
    def value_type(self) -> ValueType:
        return ValueType.PERCENTAGE if self.code == PCT else ValueType.NUMBER

    @property
    def printed(self) -> str:
        if self.numerator or self.denominator:
            return f"{self.typed} ({self.numerator}/{self.denominator})"
        return self.typed

    def value(self) -> Value:
        counts = [Decimal(c) if c else None for c in (self.numerator, self.denominator)]
        return Value(Decimal(self.amount), self.value_type, *counts)

    def entry(self) -> FigureInput:
        return FigureInput(self.value(), commentary=self.commentary)


CASES = [
    Case("a percentage of 75", PCT, "75%", "75"),
    Case("a number with thousands", NUM, "1,234.5", "1234.5"),
    Case("150% for a percentage measure", PCT, "150%", "150"),
    Case("104%", PCT, "104%", "104"),
    Case("-5% with no minimum", PCT, "-5%", "-5"),
    Case("a zero denominator", PCT, "50%", "50", "5", "0"),
    Case("a numerator over its denominator", PCT, "50%", "50", "12", "10"),
    Case("15 digits", NUM, "123456789012345", "123456789012345"),
    Case("7 decimal places", NUM, "1.1234567", "1.1234567"),
    Case("a monthly period for a quarterly measure", PCT, "75%", "75", period="2018-08"),
    Case("the year 2999", PCT, "75%", "75", period="2999-00 Q1"),
    Case("a 5001-character commentary", PCT, "75%", "75", commentary=LONG),
]
IDS = [case.name for case in CASES]


@dataclass
class Doors:
    council: object
    owner: object
    team: object
    measures: dict
    periods: dict = field(default_factory=dict)
    clients: dict = field(default_factory=dict)


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        council = OrganisationFactory(name="Doors Council", slug="doors")
        unit = UnitFactory(organisation=council, name="Resources", code="RES")
        owner = UserFactory(username="olive", organisation=council)
        Membership.objects.create(user=owner, organisation=council, role=Role.OWNER, unit=unit)
        team = UserFactory(username="priya", organisation=council, is_staff=True)
        Membership.objects.create(user=team, organisation=council, role=Role.PERFORMANCE_TEAM)
        team.user_permissions.set(Permission.objects.filter(content_type__app_label="measures"))
        theme = ThemeFactory(plan__organisation=council, plan__financial_year=2018)
        theme.title = "Better Borough"
        theme.save()
        card = ScorecardFactory(organisation=council, theme=theme, title="Better Borough")
        periods = {key: period(council, key) for key in ("2018-19 Q1", "2018-19 Q2")}
        periods |= {key: period(council, key) for key in ("2018-08", "2999-00 Q1")}
        measures = {}
        for number, (code, value_type) in enumerate(
            ((PCT, ValueType.PERCENTAGE), (NUM, ValueType.NUMBER)), start=1
        ):
            measure = MeasureFactory(
                organisation=council,
                unit=unit,
                owner=owner,
                code=code,
                title=f"Measure {number}",
                frequency="quarterly",
                value_type=value_type,
                polarity="higher",
            )
            if value_type == ValueType.PERCENTAGE:  # its form asks for the counts
                measure.numerator_label, measure.denominator_label = "Paid", "Invoices"
                measure.save()
            measure.themes.add(theme)
            ScorecardEntryFactory(scorecard=card, measure=measure, number=str(number))
            for key in ("2018-19 Q1", "2018-19 Q2"):
                set_target(measure, periods[key], Target(TargetKind.VALUE, Decimal(70)), team)
            record_figure(
                measure,
                periods["2018-19 Q1"],
                FigureInput(Value(Decimal(80), value_type), commentary="Fine."),
                owner,
                status=FigureStatus.APPROVED,
            )
            measures[code] = measure
        publish_period(periods["2018-19 Q1"], team)
        yield Doors(council, owner, team, measures, periods)
        transaction.set_rollback(True)


@pytest.fixture
def doors(built, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    for person in ("owner", "team"):
        client = Client()
        client.force_login(getattr(built, person))
        built.clients[person] = client
    for key, found in built.periods.items():
        found.refresh_from_db()
        built.periods[key] = found
    return built


def rules_say(doors: Doors, case: Case, period_key: str | None = None) -> list[str]:
    """What the rules give for the case: the one answer every door must give."""
    measure = doors.measures[case.code]
    found = doors.periods[period_key or case.period]
    return [p.message for p in figure_problems(measure, found, case.entry(), timezone.localdate())]


def stopped(message: str) -> str:
    return message.removesuffix(".")


# The doors. Each sends a case and returns what it said: [] when it took the figure, the
# messages when it refused it.


def form_messages(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    form = response.context["form"]
    return [message for errors in form.errors.values() for message in errors]


def entry_post(doors: Doors, case: Case, action: str, period_key: str):
    measure = doors.measures[case.code]
    found = doors.periods[period_key]
    url = reverse("collection:entry", args=[measure.pk, found.pk])
    figure = Figure.objects.filter(measure=measure, period=found).first()
    posted = {
        "value": case.typed,
        "numerator": case.numerator,
        "denominator": case.denominator,
        "commentary": case.commentary,
        "version": str(figure.version if figure else 0),
        "action": action,
    }
    return doors.clients["owner"].post(url, posted)


def entry_form(doors: Doors, case: Case) -> list[str]:
    response = entry_post(doors, case, "save", case.period)
    return [] if response.status_code == 302 else form_messages(response)


def check_the_rating(doors: Doors, case: Case) -> list[str]:
    response = entry_post(doors, case, "check", case.period)
    messages = form_messages(response)
    assert response.context["checked"] == (not messages)
    return messages


PREVIEW_REFUSES = re.compile(r"<p>Not rated yet: (?P<messages>.*?)</p>", re.DOTALL)
SENTENCE_END = re.compile(r"(?<=\.) ")


def live_preview(doors: Doors, case: Case) -> list[str]:
    measure = doors.measures[case.code]
    found = doors.periods[case.period]
    url = reverse("collection:preview", args=[measure.pk, found.pk])
    posted = {
        "value": case.typed,
        "numerator": case.numerator,
        "denominator": case.denominator,
        "commentary": case.commentary,
        "version": "0",
    }
    response = doors.clients["owner"].post(url, posted, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    refused = PREVIEW_REFUSES.search(response.content.decode())
    if refused is None:
        return []
    return [unescape(message) for message in SENTENCE_END.split(refused["messages"])]


def correction(doors: Doors, case: Case) -> list[str]:
    measure = doors.measures[case.code]
    found = doors.periods["2018-19 Q1"]
    figure = Figure.objects.get(measure=measure, period=found)
    posted = {
        "value": case.typed,
        "numerator": case.numerator,
        "denominator": case.denominator,
        "commentary": case.commentary,
        "reason": "The service restated it.",
        "version": str(figure.version),
    }
    url = reverse("collection:correct", args=[measure.pk, found.pk])
    response = doors.clients["team"].post(url, posted)
    return [] if response.status_code == 302 else form_messages(response)


def admin_form(doors: Doors, case: Case) -> list[str]:
    measure = doors.measures[case.code]
    found = doors.periods[case.period]
    Figure.objects.filter(measure=measure, period=found).delete()
    posted = {
        "measure": str(measure.pk),
        "period": str(found.pk),
        "value": case.amount,
        "numerator": case.numerator,
        "denominator": case.denominator,
        "commentary": case.commentary,
        "status": "draft",
    }
    response = doors.clients["team"].post(reverse("admin:measures_figure_add"), posted)
    if response.status_code == 302:
        return []
    assert response.status_code == 200
    adminform = response.context["adminform"].form
    return [message for errors in adminform.errors.values() for message in errors]


IMPORT_PROBLEM = re.compile(r"row (?P<row>\d+), column (?P<column>\w+): (?P<message>.*)")


def csv_text(*rows: list[str]) -> str:
    out = StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


def file_text(case: Case) -> str:
    return csv_text(
        ["measure", "period", "actual", "commentary"],
        [case.code, case.period, case.printed, case.commentary],
    )


def figures_import(doors: Doors, case: Case) -> list[str]:
    result = import_file(doors.council, "figures", file_text(case).encode(), "f.csv", doors.team)
    return [str(problem) for problem in result.changes.sorted_problems()]


def scorecard_import(doors: Doors, case: Case) -> list[str]:
    number = "1" if case.code == PCT else "2"
    target = "70%" if case.code == PCT else "70"
    header = ["scorecard", "measure_no", "title", "good_is", "period", "target", "actual"]
    measure = ["Better Borough", number, f"Measure {number}", "higher", case.period, target]
    content = csv_text(
        [*header, "note", "data_period"],
        [*measure, case.printed, "", ""],
    )
    result = import_file(doors.council, "scorecard", content.encode(), "card.csv", doors.team)
    return [str(problem) for problem in result.changes.sorted_problems()]


def command_line(doors: Doors, case: Case, tmp_path) -> list[str]:
    path = tmp_path / "figures.csv"
    path.write_text(file_text(case), encoding="utf-8")
    errors = StringIO()
    try:
        call_command(
            "import_data",
            "figures",
            str(path),
            organisation="doors",
            user="priya",
            stdout=StringIO(),
            stderr=errors,
        )
    except CommandError:
        return [line.strip() for line in errors.getvalue().splitlines() if line.startswith("  ")]
    return []


def services(doors: Doors, case: Case) -> list[str]:
    measure = doors.measures[case.code]
    found = doors.periods[case.period]
    try:
        record_figure(measure, found, case.entry(), doors.owner)
    except FigureRefused as refused:
        return [problem.message for problem in refused.problems]
    return []


def as_imported(doors: Doors, case: Case) -> list[str]:
    """The rules' messages as an import says them: the row, the column, no full stop."""
    columns = {"period": "period", "commentary": "commentary"}
    found = doors.periods[case.period]
    problems = figure_problems(doors.measures[case.code], found, case.entry(), timezone.localdate())
    return sorted(
        f"row 2, column {columns.get(p.field, 'actual')}: {stopped(p.message)}" for p in problems
    )


# The tests: one per door, each case against the rules' answer.


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_services_give_the_rules_answer(doors, case):
    assert services(doors, case) == rules_say(doors, case)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_entry_form_gives_the_rules_answer(doors, case):
    if case.period == "2018-08":
        response = entry_post(doors, case, "save", case.period)
        assert response.status_code == 404  # no form for a period the measure does not report
        return
    assert sorted(entry_form(doors, case)) == sorted(rules_say(doors, case))


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_check_the_rating_gives_the_rules_answer(doors, case):
    if case.period == "2018-08":
        assert entry_post(doors, case, "check", case.period).status_code == 404
        return
    assert sorted(check_the_rating(doors, case)) == sorted(rules_say(doors, case))


FIGURE_FIELDS = ("value", "numerator", "denominator", "period")


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_live_preview_gives_the_rules_answer_about_the_figure(doors, case):
    if case.period == "2018-08":
        measure, found = doors.measures[case.code], doors.periods[case.period]
        url = reverse("collection:preview", args=[measure.pk, found.pk])
        assert doors.clients["owner"].post(url, {"value": "1"}).status_code == 404
        return
    measure, found = doors.measures[case.code], doors.periods[case.period]
    problems = figure_problems(measure, found, case.entry(), timezone.localdate())
    about_the_figure = [p.message for p in problems if p.field in FIGURE_FIELDS]
    assert sorted(live_preview(doors, case)) == sorted(about_the_figure)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_correction_gives_the_rules_answer(doors, case):
    if case.period != "2018-19 Q2":  # a correction is of a published period: Q1
        return
    assert sorted(correction(doors, case)) == sorted(rules_say(doors, case, "2018-19 Q1"))


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_admin_gives_the_rules_answer(doors, case):
    assert sorted(admin_form(doors, case)) == sorted(rules_say(doors, case))


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_figures_import_gives_the_rules_answer(doors, case):
    assert figures_import(doors, case) == as_imported(doors, case)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_command_line_gives_the_rules_answer(doors, case, tmp_path):
    assert command_line(doors, case, tmp_path) == as_imported(doors, case)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_scorecard_import_gives_the_rules_answer(doors, case):
    if case.period == "2018-08":  # the file makes the measure monthly: nothing to refuse
        return
    said = scorecard_import(doors, case)
    if case.name == "-5% with no minimum":
        # A percentage the file prints below zero is a change: the import gives the measure
        # the lowest figure -100% (docs/import-formats.md), so there is no measure without a
        # minimum to send it to, and -5% is a figure that measure may have.
        assert said == []
        assert Measure.objects.get(code=PCT).minimum == -100
        return
    expected = as_imported(doors, case)
    if case.commentary == LONG:  # the scorecard layout has no commentary column
        expected = []
    assert said == expected


# Targets: the same rules at the admin's target form, the targets import and the service.


@dataclass(frozen=True)
class TargetCase:
    name: str
    printed: str  # as a file prints it
    target: Target  # as the core and the admin take it

    def admin_fields(self) -> dict[str, str]:
        if self.target.kind == TargetKind.RANGE:
            return {"kind": "range", "low": str(self.target.low), "high": str(self.target.high)}
        return {"kind": "value", "value": str(self.target.value)}


TARGET_CASES = [
    TargetCase("a target of 75", "75", Target(TargetKind.VALUE, Decimal(75))),
    TargetCase(
        "a target too large to keep",
        "123456789012345678",
        Target(TargetKind.VALUE, Decimal("123456789012345678")),
    ),
    TargetCase(
        "a target with 7 places", "1.1234567", Target(TargetKind.VALUE, Decimal("1.1234567"))
    ),
    TargetCase(
        "a range upside down",
        "15-7",
        Target(TargetKind.RANGE, low=Decimal(15), high=Decimal(7)),
    ),
]
TARGET_IDS = [case.name for case in TARGET_CASES]


def target_rules_say(doors: Doors, case: TargetCase) -> list[str]:
    measure, found = doors.measures[NUM], doors.periods["2018-19 Q2"]
    return [p.message for p in target_problems(measure, found, case.target, timezone.localdate())]


def admin_target_form(doors: Doors, case: TargetCase) -> list[str]:
    measure, found = doors.measures[NUM], doors.periods["2018-19 Q2"]
    # The form adds the target, so the fixture's target for the period goes first (as
    # admin_form does with the figure); the test's transaction puts it back.
    TargetModel.objects.filter(measure=measure, period=found).delete()
    posted = {"measure": str(measure.pk), "period": str(found.pk), **case.admin_fields()}
    response = doors.clients["team"].post(reverse("admin:measures_target_add"), posted)
    if response.status_code == 302:
        return []
    assert response.status_code == 200
    adminform = response.context["adminform"].form
    return [message for errors in adminform.errors.values() for message in errors]


def targets_import(doors: Doors, case: TargetCase) -> list[str]:
    content = csv_text(["measure", "period", "target"], [NUM, "2018-19 Q2", case.printed])
    result = import_file(doors.council, "targets", content.encode(), "t.csv", doors.team)
    return [str(problem) for problem in result.changes.sorted_problems()]


def target_service(doors: Doors, case: TargetCase) -> list[str]:
    measure, found = doors.measures[NUM], doors.periods["2018-19 Q2"]
    try:
        with transaction.atomic():
            set_target(measure, found, case.target, doors.team)
            transaction.set_rollback(True)
    except FigureRefused as refused:
        return [problem.message for problem in refused.problems]
    return []


@pytest.mark.parametrize("case", TARGET_CASES, ids=TARGET_IDS)
def test_the_admin_target_form_gives_the_rules_answer(doors, case):
    assert admin_target_form(doors, case) == target_rules_say(doors, case)


@pytest.mark.parametrize("case", TARGET_CASES, ids=TARGET_IDS)
def test_the_target_service_gives_the_rules_answer(doors, case):
    assert target_service(doors, case) == target_rules_say(doors, case)


IMPORTABLE = [case for case in TARGET_CASES if case.name != "a range upside down"]


@pytest.mark.parametrize("case", IMPORTABLE, ids=[case.name for case in IMPORTABLE])
def test_the_targets_import_gives_the_rules_answer(doors, case):
    expected = [f"row 2, column target: {stopped(m)}" for m in target_rules_say(doors, case)]
    assert targets_import(doors, case) == expected


def test_a_printed_range_upside_down_is_refused_by_the_reader_with_what_was_printed(doors):
    """A file prints a target ('15-7'), which the core's reader reads before any rule can
    judge it; it refuses an upside-down range itself, quoting what the file printed (the
    admin and the service take the two ends apart and answer in the rules' words)."""
    case = next(case for case in TARGET_CASES if case.name == "a range upside down")
    assert targets_import(doors, case) == [
        "row 2, column target: '15-7' is not a target: a range's low end (15) is above its"
        " high end (7)"
    ]


def test_the_target_cases_include_refusals(doors):
    """Three of the four cases are refused by the rules, so the tests above compare words."""
    assert [bool(target_rules_say(doors, case)) for case in TARGET_CASES] == [
        False,
        True,
        True,
        True,
    ]
