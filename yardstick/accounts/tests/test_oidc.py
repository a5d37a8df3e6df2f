"""Signing in with the council's identity provider, against a real OpenID provider
(django-oidc-provider, started on localhost by the `provider` fixture): Yardstick's
redirect, the provider's login and consent pages, the callback, the code exchanged for
tokens over HTTP, the ID token checked against the provider's keys, userinfo, and the
person matched by e-mail. The Django test client is the browser on Yardstick's side and a
requests session the browser on the provider's side."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from django.contrib.messages import get_messages
from django.core.exceptions import SuspiciousOperation
from django.urls import reverse

from yardstick.accounts import oidc
from yardstick.accounts.models import Role
from yardstick.accounts.tests.conftest import person
from yardstick.accounts.tests.oidc_provider import ProviderPerson, running_provider

pytestmark = pytest.mark.django_db

CALLBACK = "http://testserver/accounts/oidc/callback/"
DIRECTORY = [
    ProviderPerson("alice", "alice-provider-pw", "Alice.Ahmed@Harrow.gov.uk"),
    ProviderPerson("stranger", "stranger-provider-pw", "stranger@harrow.gov.uk"),
    ProviderPerson("shared", "shared-provider-pw", "shared@harrow.gov.uk"),
    ProviderPerson("unchecked", "unchecked-provider-pw", "unchecked@harrow.gov.uk", False),
]


@pytest.fixture(scope="module")
def provider():
    with running_provider(DIRECTORY, [CALLBACK]) as running:
        yield running


@pytest.fixture
def configured(settings, provider):
    settings.OIDC_RP_CLIENT_ID = provider.client_id
    settings.OIDC_RP_CLIENT_SECRET = provider.client_secret
    settings.OIDC_OP_DISCOVERY = provider.issuer
    oidc._discover.cache_clear()
    yield provider
    oidc._discover.cache_clear()


@pytest.fixture
def alice(council):
    user = person("alice.ahmed", council, Role.COUNCILLOR)
    user.email = "alice.ahmed@harrow.gov.uk"
    user.save()
    return user


class Forms(HTMLParser):
    """The forms of a page: action and inputs (name -> value), submit buttons apart."""

    def __init__(self, html: str):
        super().__init__()
        self.forms: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action", ""), "fields": {}, "buttons": {}})
        elif tag == "input" and self.forms and attrs.get("name"):
            kind = "buttons" if attrs.get("type") == "submit" else "fields"
            self.forms[-1][kind][attrs["name"]] = attrs.get("value", "")


def submit(browser: requests.Session, page: requests.Response, data: dict, follow=True):
    form = Forms(page.text).forms[0]
    return browser.post(
        urljoin(page.url, form["action"]), data={**form["fields"], **data}, allow_redirects=follow
    )


def at_provider(client, username: str, password: str, consent: str = "allow", start: str = ""):
    """Press the button, sign in at the provider, answer its consent page; return the URL
    the provider sends the browser back to."""
    response = client.get(reverse("oidc_authentication_init") + start)
    assert response.status_code == 302
    browser = requests.Session()
    login_page = browser.get(response["Location"], timeout=30)
    assert "Council sign-in" in login_page.text
    consent_page = submit(browser, login_page, {"username": username, "password": password})
    assert "Request for Permission" in consent_page.text
    answer = {"allow": "Authorize"} if consent == "allow" else {}
    back = submit(browser, consent_page, answer, follow=False)
    assert back.status_code == 302
    return back.headers["Location"]


def come_back(client, location: str):
    url = urlsplit(location)
    assert f"{url.scheme}://{url.netloc}{url.path}" == CALLBACK
    return client.get(f"{url.path}?{url.query}")


def message(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_the_sign_in_page_offers_the_council_account(client, configured):
    page = client.get(reverse("login")).content.decode()
    assert "Sign in with your council account" in page


def test_a_council_account_signs_in_as_the_yardstick_user_with_that_email(
    client, configured, alice
):
    response = come_back(client, at_provider(client, "alice", "alice-provider-pw"))
    assert response.status_code == 302
    assert response["Location"] == reverse("scorecards:overview")
    assert client.session["_auth_user_id"] == str(alice.pk)
    assert client.get(reverse("scorecards:overview")).status_code == 200


def test_signing_in_returns_to_the_page_asked_for(client, configured, alice):
    location = at_provider(client, "alice", "alice-provider-pw", start="?next=/overview/?x=1")
    assert come_back(client, location)["Location"] == "/overview/?x=1"


def test_an_unknown_email_is_told_to_ask_the_performance_team(client, configured, alice):
    response = come_back(client, at_provider(client, "stranger", "stranger-provider-pw"))
    assert response["Location"] == reverse("login")
    assert "stranger@harrow.gov.uk has no Yardstick account" in message(response)
    assert "Ask your performance team" in message(response)
    assert "_auth_user_id" not in client.session
    assert not type(alice).objects.filter(email="stranger@harrow.gov.uk").exists()


def test_an_email_two_accounts_share_is_refused(client, configured, council):
    for username in ("shared1", "shared2"):
        user = person(username, council, Role.OWNER)
        user.email = "shared@harrow.gov.uk"
        user.save()
    response = come_back(client, at_provider(client, "shared", "shared-provider-pw"))
    assert "More than one Yardstick account" in message(response)
    assert "_auth_user_id" not in client.session


def test_an_unverified_email_is_refused(client, configured, council):
    user = person("unchecked", council, Role.OWNER)
    user.email = "unchecked@harrow.gov.uk"
    user.save()
    response = come_back(client, at_provider(client, "unchecked", "unchecked-provider-pw"))
    assert "has not verified the e-mail address" in message(response)
    assert "_auth_user_id" not in client.session


def test_a_switched_off_account_cannot_sign_in(client, configured, alice):
    alice.is_active = False
    alice.save()
    response = come_back(client, at_provider(client, "alice", "alice-provider-pw"))
    assert "has no Yardstick account" in message(response)
    assert "_auth_user_id" not in client.session


def test_declining_consent_at_the_provider_signs_nobody_in(client, configured, alice):
    response = come_back(client, at_provider(client, "alice", "alice-provider-pw", "decline"))
    assert response["Location"] == reverse("login")
    assert "did not finish" in message(response)
    assert "_auth_user_id" not in client.session


def test_a_provider_that_cannot_be_reached_is_explained(client, settings):
    settings.OIDC_RP_CLIENT_ID = "yardstick"
    settings.OIDC_OP_DISCOVERY = "http://127.0.0.1:9"  # the discard port: nothing listens
    settings.OIDC_TIMEOUT = 2
    oidc._discover.cache_clear()
    response = client.get(reverse("oidc_authentication_init"))
    assert response["Location"] == reverse("login")
    assert "cannot reach the council's sign-in service" in message(response)


def test_password_sign_in_still_works_when_the_provider_is_down(client, settings, alice):
    settings.OIDC_RP_CLIENT_ID = "yardstick"
    settings.OIDC_OP_DISCOVERY = "http://127.0.0.1:9"
    oidc._discover.cache_clear()
    response = client.post(
        reverse("login"),
        {"username": "alice.ahmed", "password": "correct horse battery staple"},
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "claims",
    [
        {"aud": "someone-else", "iss": "https://idp"},
        {"aud": ["yardstick", "other"], "azp": "other", "iss": "https://idp"},
        {"aud": "yardstick", "iss": "https://elsewhere"},
    ],
)
def test_an_id_token_for_another_client_or_from_another_issuer_is_refused(claims):
    with pytest.raises(SuspiciousOperation):
        oidc.check_id_token(claims, "yardstick", "https://idp")


def test_an_id_token_for_this_client_from_this_issuer_passes():
    oidc.check_id_token({"aud": ["yardstick"], "iss": "https://idp"}, "yardstick", "https://idp")


def test_discovery_takes_an_issuer_or_the_documents_url():
    document = "https://idp/.well-known/openid-configuration"
    assert oidc.discovery_url("https://idp/") == document
    assert oidc.discovery_url(document) == document


@pytest.mark.parametrize(
    ("claims", "trusted", "verified"),
    [
        ({"email_verified": True}, False, True),
        ({"email_verified": "true"}, False, True),
        ({"email_verified": False}, True, False),
        ({"email_verified": "false"}, True, False),
        ({"email_verified": 1}, False, False),
        ({}, False, False),  # no claim: an address the person may have typed themselves
        ({}, True, True),  # ... unless the council says its provider gives only its own
    ],
)
def test_only_an_email_the_provider_vouches_for_matches_an_account(
    settings, claims, trusted, verified
):
    settings.OIDC_TRUST_UNVERIFIED_EMAIL = trusted
    assert oidc.email_is_verified(claims) is verified
    backend = oidc.CouncilAccountBackend()
    assert backend.verify_claims({"email": "a@b.gov.uk", **claims}) is verified
