"""The data quality page in real Chromium: returns by directorate, missing data for the coming
board, outliers and data quality statements, checked with axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility, sign_in
from tests.factories import OrganisationFactory, UnitFactory, period
from yardstick.accounts.models import Role
from yardstick.dataquality.tests.conftest import (
    CURRENT,
    HISTORY,
    QUARTERS,
    figure,
    measure,
    person,
)
from yardstick.framework.models import PeriodStatus
from yardstick.measures.models import FigureStatus

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def council():
    """Two directorates; quarters from 2016/17 to 2018/19 Q3 (open, deadline 25 January 2019);
    in Q3 one measure submitted on time, one late, one an unconfirmed outlier, one with no
    figure (and no data quality statement), one only a draft."""
    council = OrganisationFactory(name="Harrow Test Council", slug="harrow-test")
    quarters = {}
    for key in QUARTERS:
        quarter = period(council, key)
        if key == CURRENT:
            quarter.deadline = date(2019, 1, 25)
        else:
            quarter.status = PeriodStatus.PUBLISHED
            quarter.deadline = date.fromordinal(quarter.end.toordinal() + 25)
        quarter.save()
        quarters[key] = quarter
    q3 = quarters[CURRENT]
    people = UnitFactory(organisation=council, name="People", code="PEO")
    resources = UnitFactory(organisation=council, name="Resources", code="RES")
    owner = person(council, "olu", Role.OWNER, first_name="Olu", last_name="Owens")
    codes = {"NI 155": resources, "NI 156": resources, "NI 32": people, "NI 140": people}
    found = {}
    for code, unit in codes.items():
        found[code] = measure(council, code, unit=unit, owner=owner)
        for key, amount in zip(QUARTERS[:-1], HISTORY, strict=True):
            figure(found[code], quarters[key], amount, status=FigureStatus.PUBLISHED)
    figure(found["NI 155"], q3, "51", submitted=date(2019, 1, 20))
    figure(found["NI 156"], q3, "53", submitted=date(2019, 1, 28))
    figure(found["NI 32"], q3, "104", submitted=date(2019, 1, 21))
    figure(found["NI 140"], q3, "50", status=FigureStatus.DRAFT)
    measure(council, "NI 152", unit=people, owner=owner, data_source="", collection_method="")
    person(council, "tom", Role.PERFORMANCE_TEAM, first_name="Tom", last_name="Team")
    return council


def test_the_performance_team_reads_the_data_quality_page(live_server, page, council):
    sign_in(page, live_server, "tom", PASSWORD)
    page.goto(f"{live_server.url}{reverse('dataquality:page')}")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Data quality: Q3 2018/19", use_inner_text=True
    )

    returns = page.get_by_role("table", name="Returns for Q3 2018/19 by directorate")
    assert returns.get_by_role("rowheader").all_inner_texts() == [
        "People",
        "Resources",
        "All directorates",
    ]
    resources = returns.get_by_role("row", name=re.compile("^Resources"))
    assert resources.get_by_role("cell").all_inner_texts() == [
        "2",
        "2 (100.0%)",
        "1 (50.0%)",
        "1 (50.0%)",
        "0 (0.0%)",
    ]

    missing = page.get_by_role("table", name="Measures with no figure for Q3 2018/19")
    assert missing.get_by_role("rowheader").all_inner_texts() == [
        "NI 140 Measure NI 140",
        "NI 152 Measure NI 152",
    ]
    expect(missing).to_contain_text("Draft only, not submitted", use_inner_text=True)

    outliers = page.get_by_role("table", name="Outliers in Q3 2018/19")
    assert outliers.get_by_role("rowheader").all_inner_texts() == ["NI 32 Measure NI 32\nPeople"]
    expect(outliers).to_contain_text("Not confirmed", use_inner_text=True)

    page.get_by_role("link", name="5 with no statement signed off").click()
    assert page.url.endswith("#no-statement")
    lacking = page.get_by_role(
        "table", name="Active measures with no data quality statement signed off"
    )
    assert lacking.get_by_role("row").count() == 6  # the header and five measures
    check_accessibility(page, "data-quality")


def test_an_owner_writes_and_signs_off_a_statement_the_measure_page_shows(
    live_server, page, council
):
    sign_in(page, live_server, "olu", PASSWORD)
    page.goto(f"{live_server.url}{reverse('measures:detail', args=['NI 152'])}")
    page.get_by_role("link", name="Write the data quality statement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"^Data quality statement"), use_inner_text=True
    )
    check_accessibility(page, "statement-form")
    page.get_by_label("Accuracy: how the data meets it").fill("Sampled against case files.")
    page.get_by_label("Accuracy: assessment").select_option("partly")
    page.get_by_label("Data quality risk").select_option("high")
    page.get_by_role("button", name="Save and sign off").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Say how the data meets validity.", use_inner_text=True)
    check_accessibility(page, "statement-refused")
    expect(page.get_by_role("heading", name="Draft awaiting sign-off")).to_be_visible()
    for name in ("Validity", "Reliability", "Timeliness", "Relevance", "Completeness"):
        page.get_by_label(f"{name}: how the data meets it").fill(f"{name} is checked.")
    page.get_by_label("Next review by").fill("2030-03-31")
    page.get_by_role("button", name="Save and sign off").click()
    expect(page.locator("body")).to_contain_text(
        "Version 1 of the statement is signed off.", use_inner_text=True
    )
    assert page.url.endswith("#data-quality")
    table = page.get_by_role(
        "table", name="The data quality statement by the Audit Commission's six dimensions"
    )
    accuracy = table.get_by_role("row", name=re.compile("^Accuracy"))
    assert accuracy.get_by_role("cell").all_inner_texts() == [
        "Partly met",
        "Sampled against case files.",
    ]
    assert "31 March 2030" in page.inner_text("#main")
    check_accessibility(page, "measure-with-statement")


def test_another_period_is_chosen_without_javascript(browser, live_server, council):
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    sign_in(page, live_server, "tom", PASSWORD)
    page.goto(f"{live_server.url}{reverse('dataquality:page')}")
    page.get_by_label("Period").select_option("2018-19 Q2")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Data quality: Q2 2018/19", use_inner_text=True
    )
    expect(page.get_by_role("table", name="Returns for Q2 2018/19")).to_be_visible()
    context.close()
