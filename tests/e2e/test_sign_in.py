"""Signing in, in Chromium: with the form, a failed attempt, and with the council's account
through a real OpenID provider (django-oidc-provider, started on localhost)."""

import base64

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS, check_accessibility, current_code, sign_in
from tests.factories import UserFactory
from yardstick.accounts import oidc
from yardstick.accounts.models import Membership, Role
from yardstick.accounts.tests.oidc_provider import ProviderPerson, running_provider

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def councillor(council):
    user = UserFactory(
        username="carol", first_name="Carol", organisation=council, email="carol@harrow.gov.uk"
    )
    Membership.objects.create(user=user, organisation=council, role=Role.COUNCILLOR)
    return user


def test_the_sign_in_form_signs_in_and_has_no_accessibility_violations(
    live_server, page, councillor
):
    page.goto(f"{live_server.url}/accounts/login/")
    check_accessibility(page, "sign-in")
    sign_in(page, live_server, "carol", PASSWORD)
    page.wait_for_url(f"{live_server.url}/overview/")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_a_failed_sign_in_says_what_is_wrong(live_server, page, councillor):
    sign_in(page, live_server, "carol", "not my password")
    alert = page.get_by_role("alert")
    alert.wait_for()
    expect(alert).to_contain_text("The username or password is not right", use_inner_text=True)
    assert page.title().startswith("Error: ")
    check_accessibility(page, "sign-in-failed")


def test_signing_in_with_the_council_account_through_a_real_provider(
    live_server, page, councillor, settings
):
    directory = [ProviderPerson("carol", "carols-council-password", "Carol@Harrow.gov.uk")]
    callback = f"{live_server.url}/accounts/oidc/callback/"
    with running_provider(directory, [callback]) as provider:
        settings.OIDC_RP_CLIENT_ID = provider.client_id
        settings.OIDC_RP_CLIENT_SECRET = provider.client_secret
        settings.OIDC_OP_DISCOVERY = provider.discovery
        oidc._discover.cache_clear()
        try:
            page.goto(f"{live_server.url}/accounts/login/")
            page.get_by_role("link", name="Sign in with your council account").click()
            page.get_by_label("Council username").fill("carol")
            page.get_by_label("Council password").fill("carols-council-password")
            page.get_by_role("button", name="Continue").click()
            page.get_by_role("button", name="Authorize").click()
            page.wait_for_url(f"{live_server.url}/overview/")
            expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        finally:
            oidc._discover.cache_clear()


def test_the_performance_team_signs_in_with_an_authenticator_app(live_server, page, council):
    user = UserFactory(username="pat", first_name="Pat", organisation=council)
    Membership.objects.create(user=user, organisation=council, role=Role.PERFORMANCE_TEAM)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("pat")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/two-factor/setup/**")
    expect(page.locator(".qr-code svg")).to_be_visible()
    check_accessibility(page, "two-factor-setup")
    page.screenshot(path=str(SCREENSHOTS / "two-factor-setup.png"), full_page=True)
    key = page.locator("#otp-key").inner_text().replace(" ", "")
    page.get_by_label("Code").fill("123")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("alert")).to_contain_text("does not match", use_inner_text=True)
    check_accessibility(page, "two-factor-setup-error")
    page.get_by_label("Code").fill(current_code(base64.b32decode(key + "=" * (-len(key) % 8))))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    check_accessibility(page, "two-factor-recovery-codes")
    page.get_by_role("link", name="I have kept my codes: continue").click()
    page.wait_for_url(f"{live_server.url}/overview/")
    page.get_by_role("button", name="Sign out").click()

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("pat")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/two-factor/**")
    check_accessibility(page, "two-factor-verify")
    page.goto(f"{live_server.url}/overview/")  # not without the code
    assert "/accounts/two-factor/" in page.url
    code = current_code(base64.b32decode(key + "=" * (-len(key) % 8)), drift=1)  # the next 30 s
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{live_server.url}/overview/")
