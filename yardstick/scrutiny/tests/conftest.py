"""A council with two directorates, a scrutiny committee that met twice, and a review whose
recommendations are grouped as the seed's: personas for the performance team (Priya), the
responsible officer (Olu), a colleague in his directorate (Tess), a councillor (Cllr Chen)
and an officer elsewhere (Ed)."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from tests.factories import UnitFactory, UserFactory, period
from yardstick.accounts.models import Membership, Role
from yardstick.meetings.models import Body, BodyKind, Meeting
from yardstick.scrutiny.models import Level, Recommendation, Review


def at(day: date, hour: int = 19) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 30)))


@pytest.fixture
def adults(council):
    return UnitFactory(organisation=council, name="Adults' Services", code="ADU")


@pytest.fixture
def place(council):
    return UnitFactory(organisation=council, name="Place Shaping", code="PLA")


def person(council, username, first, last, role=None, unit=None):
    user = UserFactory(
        username=username, first_name=first, last_name=last, organisation=council,
        email=f"{username}@example.org",
    )  # fmt: skip
    if role:
        Membership.objects.create(user=user, organisation=council, role=role, unit=unit)
    return user


@pytest.fixture
def officer(council, adults):
    return person(council, "olu", "Olu", "Adeyemi", Role.OWNER, adults)


@pytest.fixture
def colleague(council, adults):
    return person(council, "tess", "Tess", "Morgan", Role.OWNER, adults)


@pytest.fixture
def elsewhere(council, place):
    return person(council, "ed", "Ed", "Sharma", Role.OWNER, place)


@pytest.fixture
def councillor(council):
    return person(council, "chen", "Cllr Wei", "Chen", Role.COUNCILLOR)


@pytest.fixture
def committee(council):
    return Body.objects.create(
        organisation=council, name="Overview and Scrutiny Committee",
        kind=BodyKind.SCRUTINY_COMMITTEE,
    )  # fmt: skip


@pytest.fixture
def sessions(committee):
    """The review group's evidence sessions: the notes of the tracker."""
    return [
        Meeting.objects.create(body=committee, starts_at=at(date(2010, 11, 29))),
        Meeting.objects.create(body=committee, starts_at=at(date(2011, 1, 21))),
    ]


@pytest.fixture
def review(council, committee, councillor):
    review = Review.objects.create(
        organisation=council,
        title="Use of Performance Information, Phase 1",
        body=committee,
        scope="How the council uses performance information.",
        started_on=date(2010, 9, 1),
        ended_on=date(2011, 3, 31),
        status="monitoring",
    )
    review.members.add(councillor)
    return review


@pytest.fixture
def q3(council):
    return period(council, "2011-12 Q3")


@pytest.fixture
def recommendations(review, adults, place, officer, elsewhere, sessions, q3):
    """Four recommendations: two of Adults' (one accepted, reporting back at Q3 2011/12),
    one of Place Shaping, one general at corporate level from the second session."""
    return [
        Recommendation.objects.create(
            review=review, number=1, unit=adults, officer=officer,
            lead_in="In order to supplement the changes to nationally-required reporting, we:",
            text="Recommend that the directorate develop local indicators for waiting times.",
            response="accepted", response_text="New indicators are being developed.",
            decided_on=date(2011, 4, 14), follow_up_period=q3, source_meeting=sessions[0],
        ),
        Recommendation.objects.create(
            review=review, number=2, unit=adults, officer=officer,
            text="Endorse the plans for reablement indicators.",
        ),
        Recommendation.objects.create(
            review=review, number=3, unit=place, officer=elsewhere,
            text="Use customer satisfaction information on planning applications.",
            status="completed", evidence="Survey results reported at Q2.",
            closed_on=date(2011, 11, 1),
        ),
        Recommendation.objects.create(
            review=review, number=4, level=Level.CORPORATE, officer=officer,
            text="That the content of scorecards is subject to regular review.",
            source_meeting=sessions[1],
        ),
    ]  # fmt: skip
