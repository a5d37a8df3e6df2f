"""Agreeing proposed targets in real Chromium (issue 13 §4): the performance team follows the
publish page's link to the target agreement page, is told what is missing, and agrees the
target. axe-core checks the page, and the page with its errors."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility
from tests.e2e.test_collection_flow import as_person, person
from tests.factories import MeasureFactory, OrganisationFactory, UnitFactory, period
from yardstick.accounts.models import Role
from yardstick.core.targets import Target, TargetKind
from yardstick.measures.models import Target as TargetModel
from yardstick.measures.rules import Agreement
from yardstick.measures.services import set_target

pytestmark = pytest.mark.e2e


@pytest.fixture
def world(db):
    council = OrganisationFactory(name="Harrow Test Council", slug="harrow-test")
    resources = UnitFactory(organisation=council, name="Resources", code="RES")
    officer = person(council, "olive", Role.OWNER, resources, first_name="Olive")
    team = person(council, "priya", Role.PERFORMANCE_TEAM, first_name="Priya")
    q2 = period(council, "2018-19 Q2")
    for code, title in (("RES 1", "Invoices paid in 30 days"), ("RES 2", "Calls answered")):
        measure = MeasureFactory(
            organisation=council,
            unit=resources,
            owner=officer,
            code=code,
            title=title,
            frequency="quarterly",
            polarity="higher",
            value_type="percentage",
        )
        set_target(
            measure,
            q2,
            Target(TargetKind.VALUE, value=Decimal(75)),
            team,
            agreement=Agreement(agreed=False),
        )
    return {"q2": q2}


@pytest.mark.django_db(transaction=True)
def test_the_performance_team_agrees_a_proposed_target(live_server, browser, world):
    context, page = as_person(browser, live_server, "priya")
    page.goto(f"{live_server.url}/collection/publish/{world['q2'].pk}/")
    expect(page.get_by_role("heading", name="Targets not yet agreed (2)")).to_be_visible()
    page.get_by_role("link", name="Agree the targets for Q2 2018/19").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Agree targets for Q2 2018/19")
    check_accessibility(page, "collection-agree-targets")

    page.get_by_label("Agree the target for RES 1").check()
    page.get_by_role("button", name="Agree the ticked targets").first.click()
    expect(page.locator(".error-summary")).to_contain_text("Say who agreed it")
    expect(page.get_by_label("Agree the target for RES 1")).to_be_checked()  # nothing lost
    check_accessibility(page, "collection-agree-targets-errors")

    page.get_by_label("Agreed by").fill("Cabinet")
    page.get_by_label("Agreed on").fill("2018-07-12")
    page.get_by_role("button", name="Agree this one for RES 2").click()
    expect(page.get_by_text("1 target agreed by Cabinet: RES 2.")).to_be_visible()
    agreed = TargetModel.objects.get(measure__code="RES 2")
    assert (agreed.agreed, agreed.agreed_by) == (True, "Cabinet")
    assert not TargetModel.objects.get(measure__code="RES 1").agreed
    context.close()
