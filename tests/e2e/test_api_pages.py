"""The API's pages in real Chromium: the interactive documentation works under the site's
Content-Security-Policy (its assets are served from the site, no CDN) and lists the
operations; the API tokens page makes a token, shows it once and revokes it, and passes
axe-core. Screenshots go to var/screenshots/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility, sign_in
from tests.e2e.test_content_security_policy import LISTENER
from tests.factories import UserFactory
from yardstick.accounts.models import Membership, Role
from yardstick.api.models import ApiToken
from yardstick.api.services import token_digest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_documentation_page_works_under_the_content_security_policy(page, live_server):
    problems = []
    page.context.add_init_script(LISTENER)
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    response = page.goto(f"{live_server.url}/api/v1/docs")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.get_by_text("/api/v1/organisations/{slug}/scorecards/{scorecard_id}").first.wait_for()
    problems += page.evaluate("window.__cspViolations")
    page.screenshot(path="var/screenshots/api-docs.png", full_page=False)
    assert problems == []
    assert page.get_by_role("button", name="Authorize").count() == 1


def test_a_person_makes_a_token_sees_it_once_and_revokes_it(page, live_server, council):
    user = UserFactory(username="olive", organisation=council)
    user.set_password("a long password 2026")
    user.save()
    Membership.objects.create(user=user, organisation=council, role=Role.COUNCILLOR)
    sign_in(page, live_server, "olive", "a long password 2026")
    page.get_by_role("link", name="API tokens").click()
    check_accessibility(page, "api-tokens-empty")

    page.get_by_label("What the token is for").fill("Power BI")
    page.get_by_label("Days until it expires").fill("400")
    page.get_by_role("button", name="Make the token").click()
    expect(page.get_by_text("A token lasts from 1 to 365 days.").first).to_be_visible()
    check_accessibility(page, "api-tokens-error")
    assert page.get_by_label("What the token is for").input_value() == "Power BI"

    page.get_by_label("Days until it expires").fill("30")
    page.get_by_role("button", name="Make the token").click()
    made = page.get_by_label("Token for Power BI")
    expect(made).not_to_have_value("")
    secret = made.input_value()
    check_accessibility(page, "api-tokens-new")
    token = ApiToken.objects.get(user=user)
    assert token.digest == token_digest(secret) and secret not in (token.digest, token.prefix)

    page.goto(f"{live_server.url}/accounts/api-tokens/")  # shown once: never again
    assert secret not in page.content()
    page.get_by_role("button", name="Revoke Power BI").click()
    expect(page.get_by_text("Revoked").first).to_be_visible()
    token.refresh_from_db()
    assert token.revoked_at is not None
