"""Entering figures in real Chromium: several on one page (an error on one row re-shown with
everything typed kept, then saved and submitted), the live preview's validation message, and
the correction page's live preview of the corrected rating. axe-core checks each page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility
from tests.e2e.test_collection_flow import as_person, person
from tests.factories import MeasureFactory, OrganisationFactory, UnitFactory, period
from yardstick.accounts.models import Role
from yardstick.collection.models import DeadlineRule
from yardstick.collection.services import publish_period
from yardstick.core.targets import Target, TargetKind
from yardstick.core.values import Value, ValueType
from yardstick.measures.models import Figure, FigureStatus
from yardstick.measures.services import FigureInput, record_figure, set_target

pytestmark = pytest.mark.e2e


@pytest.fixture
def world(db):
    council = OrganisationFactory(name="Harrow Test Council", slug="harrow-test")
    resources = UnitFactory(organisation=council, name="Resources", code="RES")
    officer = person(council, "olive", Role.OWNER, resources, first_name="Olive")
    team = person(council, "priya", Role.PERFORMANCE_TEAM, first_name="Priya")
    DeadlineRule.objects.create(organisation=council, frequency="quarterly", working_days_after=15)
    q1, q2 = period(council, "2018-19 Q1"), period(council, "2018-19 Q2")
    measures = []
    for code, title, target in (
        ("RES 1", "Invoices paid in 30 days", 75),
        ("RES 2", "Calls answered", 90),
    ):
        measure = MeasureFactory(
            organisation=council,
            unit=resources,
            owner=officer,
            code=code,
            title=title,
            frequency="quarterly",
            polarity="higher",
            value_type="percentage",
            decimals=0,
        )
        for quarter in (q1, q2):
            set_target(measure, quarter, Target(TargetKind.VALUE, value=Decimal(target)), team)
        last = FigureInput(Value(Decimal(target + 3), ValueType.PERCENTAGE))
        record_figure(measure, q1, last, officer, status=FigureStatus.APPROVED)
        measures.append(measure)
    publish_period(q1, team)
    return {"measures": measures, "q1": q1, "q2": q2}


@pytest.mark.django_db(transaction=True)
def test_an_owner_enters_several_figures_on_one_page(live_server, browser, world):
    first, second = world["measures"]
    context, page = as_person(browser, live_server, "olive")
    page.goto(f"{live_server.url}/collection/returns/")
    page.get_by_role("link", name="Enter your 2 Q2 2018/19 figures on one page").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Several figures on one page")
    check_accessibility(page, "collection-several")

    one = page.locator(f"#row-{first.pk}")
    two = page.locator(f"#row-{second.pk}")
    one.get_by_label("Figure", exact=True).fill("80%")
    one.get_by_label("Commentary", exact=True).fill("Steady.")
    two.get_by_label("Figure", exact=True).fill("lots")
    page.get_by_role("button", name="Save as drafts").click()

    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("RES 2: ")
    expect(summary).to_contain_text("is not a percentage")
    expect(one.get_by_label("Figure", exact=True)).to_have_value("80%")  # nothing lost
    expect(one.get_by_label("Commentary", exact=True)).to_have_value("Steady.")
    expect(two.get_by_label("Figure", exact=True)).to_have_value("lots")
    assert not Figure.objects.filter(period=world["q2"]).exists()  # all or nothing
    check_accessibility(page, "collection-several-error")
    summary.get_by_role("link").first.click()
    expect(two.get_by_label("Figure", exact=True)).to_be_focused()

    two.get_by_label("Figure", exact=True).fill("95%")
    page.get_by_role("button", name="Save as drafts").click()
    expect(page.locator(".messages")).to_contain_text("2 figures saved as drafts")
    expect(one).to_contain_text("Draft saved")
    expect(one.get_by_label("Figure", exact=True)).to_have_value("80%")

    page.get_by_role("button", name="Submit these for sign-off").click()
    expect(page.locator(".messages")).to_contain_text("2 figures for Q2 2018/19 submitted")
    expect(page.locator("#waiting")).to_contain_text("RES 1")
    expect(page.locator("#waiting")).to_contain_text("RES 2")
    assert set(Figure.objects.filter(period=world["q2"]).values_list("status", flat=True)) == {
        FigureStatus.SUBMITTED
    }
    context.close()


@pytest.mark.django_db(transaction=True)
def test_the_live_previews_say_what_the_form_refuses_and_rate_a_correction(
    live_server, browser, world
):
    first, _ = world["measures"]
    context, page = as_person(browser, live_server, "olive")
    page.goto(f"{live_server.url}/collection/returns/{first.pk}/{world['q2'].pk}/")
    page.get_by_label("Figure", exact=True).fill("80%")
    preview = page.locator("#rating-preview")
    expect(preview).to_contain_text("High Green")
    page.get_by_label("If there is no figure, why not").select_option(index=1)
    expect(preview).to_contain_text("Not rated yet: Enter a figure or choose why there is none")
    check_accessibility(page, "collection-entry-preview-refused")
    context.close()

    context, page = as_person(browser, live_server, "priya")
    page.goto(f"{live_server.url}/collection/corrections/{first.pk}/{world['q1'].pk}/")
    preview = page.locator("#rating-preview")
    expect(preview).to_contain_text("Rating once corrected")
    page.get_by_label("Figure", exact=True).fill("60%")
    expect(preview).to_contain_text("High Red")  # 60 is 20% under 75, live over htmx
    check_accessibility(page, "collection-correction-preview")
    context.close()
