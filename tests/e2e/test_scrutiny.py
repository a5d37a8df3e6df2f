"""The scrutiny tracker in Chromium: a scrutiny member opens it, filters it, downloads it as
Word (read back, the seed's table) and asks a question; the responsible officer adds a dated
update, refused first for a date in the future. Every page is checked with axe-core and
screenshotted."""

from __future__ import annotations

import re
from datetime import date, datetime, time

import pytest
from django.utils import timezone
from docx import Document
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility, sign_in
from tests.factories import UnitFactory, UserFactory, period
from yardstick.accounts.models import Membership, Role
from yardstick.meetings.models import Body, BodyKind, Meeting
from yardstick.risks.models import Register, RegisterKind
from yardstick.scrutiny.models import Recommendation, RecommendationUpdate, Review
from yardstick.scrutiny.services import ask_question

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def person(council, username: str, first: str, role: str, unit=None):
    user = UserFactory(username=username, first_name=first, last_name="Test", organisation=council)
    Membership.objects.create(user=user, organisation=council, role=role, unit=unit)
    return user


def test_a_member_filters_and_downloads_the_tracker_and_an_officer_adds_an_update(
    live_server, page, council, tmp_path
):
    adults = UnitFactory(organisation=council, name="Adults' Services", code="ADU")
    place = UnitFactory(organisation=council, name="Place Shaping", code="PLA")
    member = person(council, "margaret", "Margaret", Role.COUNCILLOR)
    person(council, "priya", "Priya", Role.PERFORMANCE_TEAM)
    officer = person(council, "olu", "Olu", Role.OWNER, adults)
    committee = Body.objects.create(
        organisation=council, name="Overview and Scrutiny Committee",
        kind=BodyKind.SCRUTINY_COMMITTEE,
    )  # fmt: skip
    session = Meeting.objects.create(
        body=committee, starts_at=timezone.make_aware(datetime.combine(date(2011, 1, 21), time(19)))
    )
    review = Review.objects.create(
        organisation=council, title="Use of Performance Information", body=committee,
        started_on=date(2010, 9, 1), status="monitoring",
    )  # fmt: skip
    review.members.add(member)
    Recommendation.objects.create(
        review=review, number=1, unit=adults, officer=officer, source_meeting=session,
        text="Recommend that the directorate develop local indicators for waiting times.",
        response="accepted", response_text="New indicators are being developed.",
        decided_on=date(2011, 4, 14), follow_up_period=period(council, "2011-12 Q3"),
    )  # fmt: skip
    Recommendation.objects.create(
        review=review, number=2, unit=place, officer=officer,
        text="Use customer satisfaction information on planning applications.",
        status="completed", evidence="Reported at Q2.", closed_on=date(2011, 11, 1),
    )  # fmt: skip
    Recommendation.objects.create(
        review=review, number=3, level="corporate", officer=officer,
        text="That the content of scorecards is subject to regular review.",
    )  # fmt: skip

    sign_in(page, live_server, "margaret", PASSWORD)
    page.get_by_role("link", name="Scrutiny").first.click()
    check_accessibility(page, "scrutiny-index")
    page.get_by_role("link", name="Use of Performance Information").click()
    check_accessibility(page, "scrutiny-tracker")
    page.get_by_label("Directorate or level").select_option(label="Adults' Services")
    page.get_by_label("Status").select_option(label="Open or in progress")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"status=live"))
    table = page.locator("#tracker").inner_text()
    assert "waiting times" in table and "planning applications" not in table
    assert "Will report back at Q3 2011/12" in table
    check_accessibility(page, "scrutiny-tracker-filtered")
    with page.expect_download() as download:
        page.get_by_role("link", name="Word file of the tracker").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    [word_table] = Document(str(saved)).tables
    rows = [[cell.text for cell in row.cells] for row in word_table.rows]
    assert rows[0] == ["Recommendation", "Response", "Update on Action"]
    assert rows[1][0] == "Recommendations specific to Adults' Services"
    assert len(rows) == 3  # the filters hold: one group, one recommendation

    page.get_by_role("link", name=re.compile("waiting times")).click()
    check_accessibility(page, "scrutiny-recommendation")
    page.get_by_role("link", name="Ask a question for the next meeting").click()
    page.get_by_label("Your question").fill("Will Q3 be reported in February?")
    page.get_by_role("button", name="Save the question").click()
    expect(page.get_by_role("status")).to_contain_text("Question saved", use_inner_text=True)

    page.context.clear_cookies()
    sign_in(page, live_server, "olu", PASSWORD)
    page.goto(f"{live_server.url}/scrutiny/{review.pk}/")
    page.get_by_role("link", name=re.compile("waiting times")).click()
    page.get_by_role("link", name="Add an update on action").click()
    page.get_by_label("Update on action").fill("Local indicators are on the scorecard.")
    page.get_by_label("Date of the update").fill("2099-01-01")
    page.get_by_role("button", name="Save the update").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "cannot be dated after today", use_inner_text=True
    )
    check_accessibility(page, "scrutiny-update-error")
    page.get_by_label("Date of the update").fill("2011-12-01")
    page.get_by_role("button", name="Save the update").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Update on action saved.", use_inner_text=True
    )
    assert RecommendationUpdate.objects.get().dated == date(2011, 12, 1)

    page.context.clear_cookies()
    sign_in(page, live_server, "priya", PASSWORD)
    page.goto(f"{live_server.url}/scrutiny/{review.pk}/")
    page.get_by_role("link", name=re.compile("regular review")).click()
    page.get_by_text("Record the executive's response").click()
    page.get_by_role("button", name="Save the response").click()  # nothing chosen: refused
    expect(page.get_by_role("alert")).to_contain_text("Choose accepted", use_inner_text=True)
    page.get_by_text("Close it with the evidence").click()
    check_accessibility(page, "scrutiny-recommendation-team")
    page.get_by_label("Partly accepted").check()
    page.get_by_label("The response in words").fill("Agreed in part.")
    page.get_by_label("Date of the Cabinet decision").fill("2011-04-14")
    page.get_by_role("button", name="Save the response").click()
    expect(page.get_by_role("status")).to_contain_text("Response recorded.", use_inner_text=True)
    expect(page.locator("main")).to_contain_text(
        "Partly accepted by Cabinet on 14 April 2011", use_inner_text=True
    )


def test_the_team_adds_a_review_and_a_recommendation_and_an_officer_answers_a_question(
    live_server, page, council
):
    """The performance team's pages (a review, a recommendation, the risk scale, the risks in
    the report) and the officer's answer page, each refused once and checked with axe-core."""
    adults = UnitFactory(organisation=council, name="Adults' Services", code="ADU")
    member = person(council, "margaret", "Margaret", Role.COUNCILLOR)
    person(council, "priya", "Priya", Role.PERFORMANCE_TEAM)
    officer = person(council, "olu", "Olu", Role.OWNER, adults)
    Body.objects.create(
        organisation=council, name="Overview and Scrutiny Committee",
        kind=BodyKind.SCRUTINY_COMMITTEE,
    )  # fmt: skip
    Register.objects.create(
        organisation=council, kind=RegisterKind.CORPORATE, code="CORP", title="Corporate risks"
    )

    sign_in(page, live_server, "priya", PASSWORD)
    page.goto(f"{live_server.url}/scrutiny/")
    page.get_by_role("link", name="Add a review").click()
    page.get_by_label("Title").fill("Missed bins")
    page.get_by_label("Why it changes").fill("Agreed by the committee")
    page.get_by_role("button", name="Add the review").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Choose the committee or panel.", use_inner_text=True
    )
    check_accessibility(page, "scrutiny-review-form-error")
    page.get_by_label("Committee or panel").select_option(label="Overview and Scrutiny Committee")
    page.get_by_role("button", name="Add the review").click()
    expect(page.get_by_role("status")).to_contain_text("Review saved.", use_inner_text=True)
    page.get_by_role("link", name="Add a recommendation").click()
    page.get_by_label("Recommendation", exact=True).fill("Publish missed-bin figures monthly.")
    page.get_by_label("Directorate").select_option(label="Adults' Services")
    page.get_by_label("Responsible officer").select_option(label="Olu Test")
    page.get_by_label("Why it changes").fill("From the final report")
    page.get_by_role("button", name="Add the recommendation").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Recommendation 1 saved.", use_inner_text=True
    )
    check_accessibility(page, "scrutiny-recommendation-added")
    recommendation = Recommendation.objects.get(review__title="Missed bins")
    assert recommendation.officer == officer

    page.goto(f"{live_server.url}/risks/scale/")
    page.get_by_label("4×4").check()
    page.get_by_label("Why it changes").fill("A smaller scale")
    page.get_by_role("button", name="Save the scale").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Give 4 likelihood labels", use_inner_text=True
    )
    check_accessibility(page, "risk-scale-error")
    page.goto(f"{live_server.url}/reports/risks/")
    page.get_by_label("All its open risks").check()
    page.get_by_role("button", name="Save the report's risks").click()
    expect(page.get_by_role("status")).to_contain_text(
        "The report's risks saved (1 change).", use_inner_text=True
    )
    check_accessibility(page, "report-risks")

    ask_question(recommendation, "When will the first figures be out?", member)
    page.context.clear_cookies()
    sign_in(page, live_server, "olu", PASSWORD)
    page.goto(f"{live_server.url}/scrutiny/recommendations/{recommendation.pk}/")
    page.get_by_role("link", name="Answer question 1").click()
    page.get_by_role("button", name="Save the answer").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the answer.", use_inner_text=True)
    check_accessibility(page, "scrutiny-answer-error")
    page.get_by_label("The answer").fill("In January.")
    page.get_by_role("button", name="Save the answer").click()
    expect(page.locator("main")).to_contain_text("Answered by Olu Test", use_inner_text=True)
    page.goto(f"{live_server.url}/scrutiny/{recommendation.review_id}/")
    expect(page.locator("#tracker")).to_contain_text(
        "A: In January. (Olu Test", use_inner_text=True
    )
