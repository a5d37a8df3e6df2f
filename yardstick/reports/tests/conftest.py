"""A small framework for the report tests, built with the factories: two themes, each with a
scorecard whose measures have figures across three quarters (Q2 2017/18, Q1 2018/19 and
Q2 2018/19), rated HG, LG, A, HR and not rated, with a note, commentary, key actions and the
achievements of the quarter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from tests.factories import (
    FigureFactory,
    MeasureFactory,
    ScorecardEntryFactory,
    ScorecardFactory,
    TargetFactory,
    ThemeFactory,
    UnitFactory,
    UserFactory,
    period,
)
from yardstick.accounts.access import performance_team_of
from yardstick.accounts.models import Membership, Role
from yardstick.actions.models import ActionStatus, ActionUpdate, KeyAction
from yardstick.framework.models import Period, PlanKind, Theme, ThemeSummary
from yardstick.measures.models import Measure
from yardstick.scorecards.models import Scorecard, ScorecardSection

QUARTERS = ("2017-18 Q2", "2018-19 Q1", "2018-19 Q2")
ARREARS = "Data reported at least 3 months in arrears"

# Every scorecard row and its ratings in Q2 2017/18, Q1 2018/19 and Q2 2018/19, as the key
# gives them (the arithmetic is beside each measure in build_framework).
EXPECTED = {
    "Number of new council homes built (cumulative)": (
        "LG Low Green",
        "HR High Red",
        "HG High Green",
    ),
    "% of household waste recycled and composted": ("LR Low Red", "LR Low Red", "A Amber"),
    "Knife crime with injury (victims under 25)": ("HG High Green", "LR Low Red", "HR High Red"),
    "Number of active volunteers": ("Not rated", "Not rated", "Not rated"),
    "Complaints responded to within timescale (%)": (
        "LG Low Green",
        "HG High Green",
        "HG High Green",
    ),
    "Staff sickness: days lost per employee": ("LG Low Green", "HR High Red", "HR High Red"),
    "% of new attendances offered HIV testing": ("LG Low Green", "LG Low Green", "Not rated"),
}
# The key challenges by the rule: Amber, Low Red or High Red on the latest figure (recycling's
# Amber included, no green dips; HIV testing's latest figure, Q1's, is Low Green).
CHALLENGES = (
    "% of household waste recycled and composted",
    "Knife crime with injury (victims under 25)",
    "Staff sickness: days lost per employee",
)


@dataclass
class Framework:
    q2: Period
    q1: Period
    last_year: Period
    place: Theme
    families: Theme
    place_card: Scorecard
    families_card: Scorecard
    measures: dict[str, Measure]


def figures(measure: Measure, periods: list[Period], rows) -> None:
    """rows: one (target, actual) per period; None leaves it out."""
    for p, (target, actual) in zip(periods, rows, strict=True):
        if target is not None:
            TargetFactory(measure=measure, period=p, value=Decimal(target))
        if actual is not None:
            FigureFactory(measure=measure, period=p, value=Decimal(actual))


def add_measure(card: Scorecard, periods, code: str, title: str, rows, **fields) -> Measure:
    fields.setdefault("decimals", 0)
    measure = MeasureFactory(organisation=card.organisation, code=code, title=title, **fields)
    ScorecardEntryFactory(
        scorecard=card,
        measure=measure,
        number=code.removeprefix("M").lstrip("0"),
        section=card.sections.first(),
    )
    figures(measure, periods, rows)
    return measure


def build_framework(council, extra_measures: int = 0) -> Framework:
    last_year, q1, q2 = (period(council, key) for key in QUARTERS)
    periods = [last_year, q1, q2]
    directorate = UnitFactory(organisation=council, name="Community", code="COM")
    place = ThemeFactory(
        plan__organisation=council,
        plan__kind=PlanKind.CORPORATE,
        code="PLACE",
        title="Build a Better Place",
        position=1,
    )
    families = ThemeFactory(
        plan=place.plan, code="FAMILIES", title="Protect the Vulnerable", position=2
    )
    place_card = ScorecardFactory(
        organisation=council, theme=place, slug="place", title="Build a Better Place"
    )
    families_card = ScorecardFactory(
        organisation=council,
        theme=families,
        slug="families",
        title="Protect the Vulnerable",
        position=1,
    )
    for card in (place_card, families_card):
        ScorecardSection.objects.create(scorecard=card, title="Corporate measures")

    measures = {}
    measures["homes"] = add_measure(
        place_card,
        periods,
        "M001",
        "Number of new council homes built (cumulative)",
        [("6", "6"), ("6", "4"), ("30", "76")],  # met: LG; 33% worse: HR; 153% better: HG
        value_type="number",
        unit=directorate,
    )
    measures["recycling"] = add_measure(
        place_card,
        periods,
        "M002",
        "% of household waste recycled and composted",
        [("50", "45"), ("50", "47"), ("50", "49")],  # 10% worse: LR; 6%: LR; 2%: A
        unit=directorate,
    )
    measures["knife"] = add_measure(
        place_card,
        periods,
        "M003",
        "Knife crime with injury (victims under 25)",
        [("100", "95"), ("100", "110"), ("100", "125")],  # lower is better: 5% better HG; 10%
        # worse LR; 25% worse HR, and deteriorated: an exception
        value_type="number",
        polarity="lower",
    )
    measures["volunteers"] = add_measure(
        place_card,
        periods,
        "M004",
        "Number of active volunteers",
        [(None, "500"), (None, "540"), (None, "568")],  # no target: not rated
        value_type="number",
    )
    measures["complaints"] = add_measure(
        families_card,
        periods,
        "M005",
        "Complaints responded to within timescale (%)",
        [("90", "91"), ("90", "95"), ("90", "97")],  # 1.1% better: LG; 5.6%: HG; 7.8%: HG
    )
    measures["sickness"] = add_measure(
        families_card,
        periods,
        "M006",
        "Staff sickness: days lost per employee",
        [("8", "8"), ("8", "9.5"), ("8", "9.2")],  # met: LG; 18.8% worse: HR; 15%: HR
        value_type="number",
        polarity="lower",
        decimals=1,
    )
    measures["hiv"] = add_measure(
        families_card,
        periods,
        "M007",
        "% of new attendances offered HIV testing",
        [("95", "96"), ("95", "97"), ("95", None)],  # LG, LG, then not available: not rated
    )
    for i in range(extra_measures):
        add_measure(
            place_card,
            periods,
            f"X{i:03d}",
            f"Extra measure {i}",
            [("50", "51"), ("50", "52"), ("50", "53")],
            unit=directorate,
        )

    # Notes, commentary and dates the data covers.
    recycling = measures["recycling"].figures.get(period=q2)
    recycling.note = ARREARS
    recycling.data_covers_start = date(2018, 4, 1)
    recycling.data_covers_end = date(2018, 6, 30)
    recycling.commentary = "Below target; compositional analysis of residual waste is planned."
    recycling.save()
    knife = measures["knife"].figures.get(period=q2)
    knife.commentary = "The rise is in line with the national trend."
    knife.proposed_action = "Street doctors and a knife crime action plan."
    knife.save()
    FigureFactory(measure=measures["hiv"], period=q2, missing_state="not_available", note="Note 1")
    sickness = measures["sickness"].figures.get(period=q2)
    sickness.commentary = "In line with previous quarters; HR are addressing long-term absence."
    sickness.save()

    ThemeSummary.objects.create(
        theme=place,
        period=q2,
        achievements=(
            "Three new homes at Atherton Court were handed over.\n\n"
            "- Recycling rates rose by six percentage points.\n"
            "- A new Knife Crime Strategy was submitted on 28 September."
        ),
    )
    ThemeSummary.objects.create(
        theme=families, period=q2, achievements="The Youth Offending Team is performing well."
    )
    owner = UserFactory(organisation=council, first_name="Sam", last_name="Okafor")
    statuses = [
        (place, "Deliver the capital programme", ActionStatus.GREEN, "£3.2m spent."),
        (place, "Move into a new civic centre by 2020", ActionStatus.AMBER, "Audit under way."),
        (place, "Bring in commercial contributions of £15m", ActionStatus.RED, "Not met."),
        (families, "Deliver the couples project", ActionStatus.COMPLETED, "Completed."),
        (families, "Review respite care", None, ""),
    ]
    for position, (theme, title, status, progress) in enumerate(statuses):
        action = KeyAction.objects.create(
            organisation=council,
            code=f"A{position}",
            theme=theme,
            title=title,
            owner=owner,
            position=position,
        )
        if status:
            ActionUpdate.objects.create(action=action, period=q2, progress=progress, status=status)
    return Framework(
        q2=q2,
        q1=q1,
        last_year=last_year,
        place=place,
        families=families,
        place_card=place_card,
        families_card=families_card,
        measures=measures,
    )


@pytest.fixture
def reader(council):
    """Rhys in the performance team: sees every figure, draft or published."""
    user = UserFactory(username="rhys", first_name="Rhys", last_name="Evans", organisation=council)
    Membership.objects.create(user=user, organisation=council, role=Role.PERFORMANCE_TEAM)
    return user


@pytest.fixture
def framework(council) -> Framework:
    return build_framework(council)


@pytest.fixture
def report(framework):
    from yardstick.reports.strategic import build_strategic_report

    return build_strategic_report(framework.q2, None, performance_team_of_period(framework.q2))


def parse_html(content: bytes | str):
    """The document as an lxml tree, for XPath."""
    import lxml.html

    return lxml.html.fromstring(content)


def text_of(element) -> str:
    return " ".join(element.text_content().split())


def performance_team_of_period(period):
    """The performance team's sight of the period's organisation: everything."""
    return performance_team_of(period.organisation_id)


@pytest.fixture
def media(settings, tmp_path):
    """Kept documents stored under the test's own MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
