"""The demo's scrutiny review: a dozen recommendations at every stage, grouped by directorate
and level, a follow-up past due for `send_reminders` to chase, one on the Resources
Improvement Board's next agenda and in its pack, a member's question; removed with the demo."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from django.db import transaction

from yardstick.demo.loader import load_demo
from yardstick.demo.removal import remove_demo
from yardstick.packs.builder import build_pack
from yardstick.packs.models import Pack
from yardstick.scrutiny.models import Question, Recommendation, Review
from yardstick.scrutiny.reminders import follow_ups_owed
from yardstick.scrutiny.tracker import Filters, build_tracker


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        summary = load_demo()
        yield summary
        transaction.set_rollback(True)


@pytest.fixture
def council(demo, db):
    return demo.organisation


def test_the_demo_review_has_a_dozen_recommendations_at_every_stage(council):
    review = Review.objects.get(organisation=council)
    recommendations = list(review.recommendations.all())
    assert len(recommendations) == 12
    statuses = Counter(r.status for r in recommendations)
    assert set(statuses) == {"open", "in_progress", "completed", "closed"}
    responses = Counter(r.response for r in recommendations)
    assert set(responses) == {"", "accepted", "partly", "not_accepted"}
    tracker = build_tracker(review, Filters(), as_of=date(2019, 1, 31))
    assert [group.title for group in tracker.groups] == [
        "Recommendations specific to Resources",
        "Recommendations specific to Community",
        "Recommendations specific to People",
        "General recommendations – Directorate level",
        "General recommendations – Corporate level",
    ]
    assert [note.text for note in tracker.notes] == [
        "Overview and Scrutiny Committee, 28 November 2017.",
        "Overview and Scrutiny Committee, 23 January 2018.",
    ]
    assert Question.objects.filter(recommendation__review=review).count() == 1
    assert list(recommendations[0].measures.values_list("code", flat=True).order_by("code")) == [
        "BMBBF-10",
        "BMBBF-15",
    ]


def test_a_follow_up_is_due_for_send_reminders_to_chase(council):
    owed = follow_ups_owed(date(2018, 10, 15), [council.pk])
    # Street cleanliness (no update) and data quality (updated before Q2 began), both due
    # to report back at Q2 2018/19.
    assert sorted(r.number for r, _ in owed) == [4, 10]
    assert {f.label for _, f in owed} == {"Q2 2018/19"}


def test_the_resources_boards_next_pack_lists_its_open_recommendations(council):
    pack = Pack.objects.get(
        meeting__body__organisation=council,
        meeting__body__name="Resources Improvement Board",
        published_at__isnull=True,
    )
    built = build_pack(pack, today=date(2019, 2, 1))
    assert [item.number for item in built.scrutiny] == [2, 3]
    assert built.scrutiny[1].on_agenda


def test_the_review_goes_with_the_demo(council):
    remove_demo(council)
    assert not Review.objects.exists() and not Recommendation.objects.exists()
