"""Signing in, in Chromium: with the form, a failed attempt, and with the council's account
through a real OpenID provider (django-oidc-provider, started on localhost)."""

import pytest

from tests.e2e.conftest import check_accessibility, sign_in
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
    assert page.get_by_role("button", name="Sign out").is_visible()


def test_a_failed_sign_in_says_what_is_wrong(live_server, page, councillor):
    sign_in(page, live_server, "carol", "not my password")
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "The username or password is not right" in alert.inner_text()
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
            assert page.get_by_role("button", name="Sign out").is_visible()
        finally:
            oidc._discover.cache_clear()
