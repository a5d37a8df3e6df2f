"""A figure far too large to keep, typed by an owner in real Chromium: the live preview says it
is not rated and why, saving it is refused with the rules' message and what was typed kept in
the field, and every main page still answers afterwards, for the owner and the performance
team. The largest figure that fits is then saved, and every page still answers with it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility
from tests.e2e.test_collection_flow import as_person, person
from tests.factories import (
    MeasureFactory,
    OrganisationFactory,
    ScorecardEntryFactory,
    ScorecardFactory,
    ThemeFactory,
    UnitFactory,
    period,
)
from yardstick.accounts.models import Role
from yardstick.accounts.services import performance_team_group
from yardstick.collection.models import DeadlineRule
from yardstick.collection.services import publish_period
from yardstick.core.targets import Target, TargetKind
from yardstick.core.values import Value, ValueType
from yardstick.measures.models import Figure, FigureStatus
from yardstick.measures.services import FigureInput, record_figure, set_target

pytestmark = pytest.mark.e2e

HUGE = "99999999999999999999999"
TOO_LARGE = "The figure is too large to keep: up to 14 digits before the decimal point."


@pytest.fixture
def world(db):
    council = OrganisationFactory(name="Harrow Test Council", slug="harrow-test")
    resources = UnitFactory(organisation=council, name="Resources", code="RES")
    owner = person(council, "olive", Role.OWNER, resources, first_name="Olive")
    team = person(council, "priya", Role.PERFORMANCE_TEAM, first_name="Priya")
    team.groups.add(performance_team_group())  # the administration's permissions
    DeadlineRule.objects.create(organisation=council, frequency="quarterly", working_days_after=15)
    theme = ThemeFactory(plan__organisation=council, plan__financial_year=2018, title="Homes")
    measure = MeasureFactory(
        organisation=council,
        unit=resources,
        owner=owner,
        code="RES 2",
        title="Council tax collected",
        frequency="quarterly",
        polarity="higher",
        value_type="currency",
    )
    measure.themes.add(theme)
    scorecard = ScorecardFactory(
        organisation=council, financial_year=2018, slug="resources", theme=theme
    )
    ScorecardEntryFactory(scorecard=scorecard, measure=measure, number="1")
    q1, q2 = period(council, "2018-19 Q1"), period(council, "2018-19 Q2")
    for quarter in (q1, q2):
        set_target(measure, quarter, Target(TargetKind.VALUE, value=Decimal(5000)), team)
    first = FigureInput(Value(Decimal(5200), ValueType.CURRENCY), commentary="On track.")
    record_figure(measure, q1, first, owner, status=FigureStatus.APPROVED)
    publish_period(q1, team)
    return {"measure": measure, "q2": q2}


def main_pages(world, periods: tuple[str, ...]) -> dict[str, list[str]]:
    """The pages people use most, for the owner and the team; those of a period for each of
    `periods` (a period is on the scorecards once it has a figure)."""
    measure, q2 = world["measure"], world["q2"]
    code = measure.code.replace(" ", "%20")
    entry = f"/collection/returns/{measure.pk}/{q2.pk}/"
    owner = ["/", "/collection/returns/", entry, f"/measures/{code}/"]
    team = [
        "/overview/",
        "/scorecards/2018/resources/",
        "/reports/",
        f"/measures/{code}/",
        "/collection/publish/",
        "/imports/",
        "/admin/measures/figure/",
        "/public/harrow-test/2018/resources/",
    ]
    for key in periods:
        query = f"?period={key.replace(' ', '+')}"
        team += [
            f"/overview/{query}",
            f"/scorecards/2018/resources/{query}",
            f"/scorecards/2018/resources/exceptions/{query}",
            f"/data-quality/{query}",
            f"/reports/{key.lower().replace(' ', '-')}/",
        ]
    return {"olive": owner, "priya": team}


def every_main_page_answers(browser, live_server, world, periods: tuple[str, ...]) -> None:
    for username, paths in main_pages(world, periods).items():
        context, page = as_person(browser, live_server, username)
        for path in paths:
            response = page.goto(f"{live_server.url}{path}")
            assert response is not None and response.status == 200, (username, path)
        context.close()


@pytest.mark.django_db(transaction=True)
def test_a_figure_too_large_to_keep_is_refused_with_the_rules_words_and_nothing_breaks(
    live_server, browser, world
):
    measure, q2 = world["measure"], world["q2"]
    context, page = as_person(browser, live_server, "olive")
    page.goto(f"{live_server.url}/collection/returns/{measure.pk}/{q2.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Council tax collected")

    figure = page.get_by_label("Figure", exact=True)
    figure.fill(HUGE)
    preview = page.locator("#rating-preview")
    expect(preview).to_contain_text(f"Not rated yet: {TOO_LARGE}")  # the live preview, htmx

    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".error-summary")).to_contain_text(TOO_LARGE)
    expect(page.get_by_label("Figure", exact=True)).to_have_value(HUGE)  # what was typed
    expect(page.locator("#rating-preview")).to_contain_text(f"Not rated yet: {TOO_LARGE}")
    assert not Figure.objects.filter(measure=measure, period=q2).exists()
    check_accessibility(page, "collection-entry-figure-too-large")

    page.get_by_role("button", name="Check the rating").click()  # saves nothing, says why
    expect(page.locator(".error-summary")).to_contain_text(TOO_LARGE)
    expect(page.get_by_label("Figure", exact=True)).to_have_value(HUGE)
    context.close()

    every_main_page_answers(browser, live_server, world, ("2018-19 Q1",))

    # The largest figure that can be kept is kept, exactly, and every page shows it.
    context, page = as_person(browser, live_server, "olive")
    page.goto(f"{live_server.url}/collection/returns/{measure.pk}/{q2.pk}/")
    page.get_by_label("Figure", exact=True).fill("£99,999,999,999,999.90")
    page.get_by_label("Commentary", exact=True).fill("Checked twice.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messages")).to_contain_text("Draft saved")
    expect(page.get_by_label("Figure", exact=True)).to_have_value("£99,999,999,999,999.90")
    context.close()
    assert Figure.objects.get(measure=measure, period=q2).value == Decimal("99999999999999.9")
    every_main_page_answers(browser, live_server, world, ("2018-19 Q1", "2018-19 Q2"))
