import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_home_page_links_each_organisations_public_pages_and_sign_in(
    client, council, other_council
):
    page = client.get(reverse("pages:home")).content.decode()
    assert reverse("public:organisation", args=[council.slug]) in page
    assert reverse("public:organisation", args=[other_council.slug]) in page
    assert reverse("login") in page


def test_someone_signed_in_is_offered_the_overview_and_a_password_change(
    client, performance_officer
):
    client.force_login(performance_officer)
    page = client.get(reverse("pages:home")).content.decode()
    assert reverse("scorecards:overview") in page
    assert reverse("password_change") in page


def test_every_page_offers_a_visitor_sign_in_in_its_header_and_not_someone_signed_in(
    client, council, performance_officer
):
    header_link = f'<li><a href="{reverse("login")}">Sign in</a></li>'
    public = reverse("public:organisation", args=[council.slug])
    assert header_link in client.get(public).content.decode()
    client.force_login(performance_officer)
    assert header_link not in client.get(reverse("pages:home")).content.decode()
