"""A scorecard or a measure marked "not for publication" reaches no public door, while the
council's own readers still see it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import period
from yardstick.accounts.access import ANONYMOUS, performance_team_of
from yardstick.public.tests.data import PUBLISHED_VALUE
from yardstick.scorecards.rows import build_scorecard

pytestmark = pytest.mark.django_db


def public_urls(council, scorecard) -> list[str]:
    args = [council.slug, scorecard.financial_year, scorecard.slug]
    return [reverse("public:scorecard", args=args), reverse("public:scorecard_csv", args=args)]


def test_a_scorecard_not_for_publication_is_on_no_public_page_or_file(client, council, public_data):
    scorecard = public_data.scorecard
    for url in public_urls(council, scorecard):
        assert client.get(url).status_code == 200  # published, before the switch
    scorecard.not_for_publication = True
    scorecard.save()
    organisation_page = client.get(reverse("public:organisation", args=[council.slug]))
    assert scorecard.title not in organisation_page.content.decode()
    for url in public_urls(council, scorecard):
        assert client.get(url).status_code == 404


def test_a_measure_not_for_publication_leaves_the_public_scorecard_and_csv(
    client, council, public_data
):
    measure = public_data.published
    measure.not_for_publication = True
    measure.save()
    for url in public_urls(council, public_data.scorecard):
        content = client.get(url).getvalue().decode()  # the CSV is streamed
        assert measure.title not in content
        assert PUBLISHED_VALUE not in content
    assert public_data.late.title in content  # the scorecard's other rows stay


def test_the_councils_own_readers_still_see_what_is_kept_off_the_public_site(council, public_data):
    measure = public_data.published
    measure.not_for_publication = True
    measure.save()
    quarter = period(council, "2018-19 Q1")
    internal = build_scorecard(public_data.scorecard, quarter, performance_team_of(council.id))
    public = build_scorecard(public_data.scorecard, quarter, ANONYMOUS)
    assert measure.id in {row.measure_id for row in internal.rows}
    assert measure.id not in {row.measure_id for row in public.rows}
