"""Generated answers posted to the first-run page, before any organisation exists: it answers
the form again with its messages (400) or sets the council up and moves on (302), never a
server error; and whatever it sets up is what the answers said."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import event, given
from hypothesis import strategies as st

from tests.fuzz.strategies import bounded_text, choice, fuzz, some_of, texts
from yardstick.organisations.models import Organisation

pytestmark = pytest.mark.django_db

PASSWORD = "Rainy-harbour-lantern-42"
ANSWERS = {
    "name": "Harrow Council",
    "slug": "",
    "financial_year_start_month": "4",
    "bank_holidays": "ENG",
    "first_name": "Priya",
    "last_name": "Shah",
    "email": "priya@harrow.gov.uk",
    "username": "priya",
    "password": PASSWORD,
    "password_again": PASSWORD,
}
FIELDS = {
    "name": bounded_text(200),
    "slug": st.one_of(st.just("harrow"), bounded_text(50)),
    "financial_year_start_month": choice("1", "4", "12", "0", "13", "April", "-1"),
    "bank_holidays": choice("ENG", "SCT", "NIR", "none", ""),
    "first_name": bounded_text(150),
    "last_name": bounded_text(150),
    "email": st.one_of(st.just("a@b.gov.uk"), texts, st.emails()),
    "username": st.one_of(st.just("priya"), bounded_text(150)),
    "password": st.one_of(st.just(PASSWORD), texts),
    "password_again": st.one_of(st.just(PASSWORD), texts),
}


@pytest.fixture
def quick(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@fuzz(40)
@given(answers=some_of(FIELDS))
def test_the_first_run_page_answers_any_answers(quick, answers):
    with transaction.atomic():
        response = Client().post(reverse("pages:setup"), ANSWERS | answers)
        event(f"answered {response.status_code}")
        assert response.status_code in (302, 400), response.status_code
        if response.status_code == 302:
            (organisation,) = Organisation.objects.all()
            assert organisation.name == (ANSWERS | answers)["name"].strip()
        else:
            assert not Organisation.objects.exists()
        transaction.set_rollback(True)
