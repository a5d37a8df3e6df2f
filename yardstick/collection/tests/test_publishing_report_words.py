"""Publishing lists the key projects without an update for the period and the themes without
achievements for it, as it lists missing figures; they never stop a period being published."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    MeasureFactory,
    PlanFactory,
    ScorecardEntryFactory,
    ScorecardFactory,
    ThemeFactory,
    period,
)
from yardstick.actions.models import ActionStatus, ActionUpdate, KeyAction
from yardstick.collection import services
from yardstick.collection.queries import open_periods, readiness
from yardstick.collection.tests.conftest import percent
from yardstick.framework.models import (
    Introduction,
    NarrativeState,
    PeriodStatus,
    Theme,
    ThemeSummary,
)
from yardstick.framework.services import sign_off_narrative
from yardstick.scorecards.models import Scorecard

pytestmark = pytest.mark.django_db


@dataclass
class Report:
    """The themes of 2018/19's report (those with a scorecard that year) and one without."""

    place: Theme  # a scorecard in 2018/19, achievements written for Q2
    people: Theme  # a scorecard in 2018/19, achievements left blank for Q2
    unreported: Theme  # no scorecard in 2018/19: not in the report


def action(council, theme, code: str, title: str, owner=None) -> KeyAction:
    return KeyAction.objects.create(
        organisation=council, theme=theme, code=code, title=title, owner=owner
    )


def update(key_action: KeyAction, quarter) -> None:
    ActionUpdate.objects.create(
        action=key_action, period=quarter, progress="On track", status=ActionStatus.GREEN
    )


@pytest.fixture
def report(council, officer, q1, q2) -> Report:
    plan = PlanFactory(organisation=council, financial_year=2018)
    place = ThemeFactory(plan=plan, code="PLACE", title="A better place")
    people = ThemeFactory(plan=plan, code="PEOPLE", title="Healthy people")
    unreported = ThemeFactory(plan=plan, code="OTHER", title="Not reported on")
    for theme in (place, people):
        ScorecardFactory(organisation=council, financial_year=2018, theme=theme)
    ScorecardFactory(organisation=council, financial_year=2017, theme=unreported)
    signed_off = NarrativeState.SIGNED_OFF
    ThemeSummary.objects.create(
        theme=place, period=q2, achievements="Homes handed over.", state=signed_off
    )
    ThemeSummary.objects.create(theme=people, period=q2, achievements="  ", state=signed_off)
    ThemeSummary.objects.create(
        theme=people, period=q1, achievements="Q1 went well.", state=signed_off
    )
    update(action(council, place, "KA-1", "Deliver the capital programme"), q2)
    update(action(council, place, "KA-2", "Open the civic centre", officer), q1)  # Q1 only
    action(council, people, "KA-3", "Review respite care")
    action(council, unreported, "KA-9", "Something for another year")
    return Report(place, people, unreported)


def publish_url(quarter) -> str:
    return reverse("collection:publish_period", args=[quarter.pk])


def test_readiness_names_key_projects_without_an_update_and_themes_without_achievements(
    council, report, q1, q2
):
    ready = {item.period: item for item in readiness(council.pk, [q1, q2])}

    assert [a.code for a in ready[q2].actions_without_update] == ["KA-2", "KA-3"]
    assert list(ready[q2].themes_without_achievements) == [report.people]
    assert [a.code for a in ready[q1].actions_without_update] == ["KA-1", "KA-3"]
    assert list(ready[q1].themes_without_achievements) == [report.place]
    assert ready[q2].introduction_missing and ready[q1].introduction_missing
    assert ready[q2].words_missing == 4


def test_achievements_and_an_introduction_count_only_once_signed_off(council, report, q2, team):
    """A published report prints signed-off text only: a draft is still missing."""
    place = ThemeSummary.objects.get(theme=report.place, period=q2)
    place.state = NarrativeState.SUBMITTED
    place.save()
    Introduction.objects.create(period=q2, introduction="The plan.", state=NarrativeState.DRAFT)
    ready = readiness(council.pk, [q2])[0]
    assert report.place in ready.themes_without_achievements and ready.introduction_missing

    sign_off_narrative(place, team)
    sign_off_narrative(Introduction.objects.get(period=q2), team)
    ready = readiness(council.pk, [q2])[0]
    assert report.place not in ready.themes_without_achievements
    assert not ready.introduction_missing


def test_a_period_whose_year_has_no_theme_scorecard_lacks_no_words(council, report):
    next_year = period(council, "2019-20 Q1")

    ready = readiness(council.pk, [next_year])[0]

    assert ready.actions_without_update == () and ready.themes_without_achievements == ()


def add_to_scorecard(council, report, how_many: int) -> None:
    """More measures on the place theme's scorecard (no figure yet: expected, not started)."""
    card = Scorecard.objects.get(theme=report.place)
    start = card.entries.count()
    for number in range(start, start + how_many):
        more = MeasureFactory(organisation=council, code=f"MORE-{number}")
        ScorecardEntryFactory(scorecard=card, measure=more, number=f"M{number}")


def count_queries(work) -> int:
    with CaptureQueriesContext(connection) as queries:
        work()
    return len(queries)


def test_the_list_of_open_periods_reads_in_a_fixed_number_of_queries(
    council, report, q1, q2, measure, client, team
):
    """The figures and the words in the same few queries whatever the number of periods and
    measures: the list builds no scorecard (its key challenges are the period's page's)."""
    period(council, "2017-18 Q4")
    add_to_scorecard(council, report, 1)
    # As the page reads them (`open_periods`: each with its organisation).
    periods = open_periods(council.pk)
    [q2] = [found for found in periods if found.pk == q2.pk]

    one = count_queries(lambda: readiness(council.pk, [q2]))
    three = count_queries(lambda: readiness(council.pk, periods))
    add_to_scorecard(council, report, 5)
    more_measures = count_queries(lambda: readiness(council.pk, periods))

    assert len(periods) == 2  # Q1 is published
    assert one == three == more_measures <= 9
    assert readiness(council.pk, [q2])[0].challenges_without_commentary is None
    client.force_login(team)
    page = count_queries(lambda: client.get(reverse("collection:publish")))
    period(council, "2018-19 Q3")
    assert count_queries(lambda: client.get(reverse("collection:publish"))) == page


def test_the_publish_page_reads_its_key_challenges_in_queries_not_growing_with_measures(
    council, report, q2, measure, client, team
):
    add_to_scorecard(council, report, 1)
    few = count_queries(lambda: readiness(council.pk, [q2], with_challenges=True))
    add_to_scorecard(council, report, 5)

    many = count_queries(lambda: readiness(council.pk, [q2], with_challenges=True))

    # Two themes: a fixed number per theme scorecard (with its council keys, one query).
    assert many == few <= 31
    assert readiness(council.pk, [q2], with_challenges=True)[0].challenges_without_commentary == ()


def test_readiness_lists_the_key_challenges_without_commentary(
    client, team, council, report, measure, officer, approver, q2
):
    """A measure off target on its latest figure with no commentary is listed and counted, as
    is one whose commentary is not marked for publication; one with published commentary is
    not; the publish page names it."""
    card = Scorecard.objects.get(theme=report.place)
    ScorecardEntryFactory(scorecard=card, measure=measure, number="7")
    figure = services.submit_figure(
        measure, q2, percent("60", commentary="Late runs."), officer, expected_version=None
    )  # 60% against 75%: 20% off target, High Red
    services.approve_figure(figure, approver, expected_version=figure.version)
    figure.refresh_from_db()
    figure.commentary = ""  # as a figure loaded without any
    figure.save()

    ready = readiness(council.pk, [q2], with_challenges=True)[0]

    assert [c.title for _, c in ready.challenges_without_commentary] == [measure.title]
    # two key projects, a theme, this challenge and the introduction not yet written
    assert ready.introduction_missing
    assert ready.words_missing == 3 + 1 + 1
    client.force_login(team)
    page = client.get(publish_url(q2)).content.decode()
    assert "Key challenges without published commentary (1)" in page
    assert f"{measure.code} {measure.title}" in page

    # Commentary for the council only is not enough: the published report is the public's.
    figure.commentary = "Two late payment runs in August."
    figure.save()
    assert (
        len(readiness(council.pk, [q2], with_challenges=True)[0].challenges_without_commentary) == 1
    )
    figure.commentary_published = True
    figure.save()
    assert readiness(council.pk, [q2], with_challenges=True)[0].challenges_without_commentary == ()


def test_the_publish_page_lists_them_and_says_they_do_not_stop_publishing(client, team, report, q2):
    client.force_login(team)

    page = client.get(publish_url(q2)).content.decode()

    assert "Key projects without an update for Q2 2018/19 (2)" in page
    assert "KA-2 Open the civic centre" in page and "(owner Olive Owen)" in page
    assert "KA-3 Review respite care" in page
    assert "KA-1" not in page and "KA-9" not in page
    assert "Themes without signed-off achievements for Q2 2018/19 (1)" in page
    assert "PEOPLE Healthy people" in page and "PLACE A better place" not in page
    assert "These do not stop you publishing" in page


def test_the_publish_index_counts_them(client, team, report, q2):
    client.force_login(team)

    page = client.get(reverse("collection:publish")).content.decode()

    assert "Key projects without an update</th>" in page
    assert "Themes without achievements</th>" in page
    row = page[page.index('<th scope="row">Q2 2018/19</th>') :].split("</tr>")[0]
    assert '<td class="num">2</td>\n      <td class="num">1</td>' in row
    assert "they do not stop a period being published" in page


def test_a_period_lacking_only_words_is_published_without_publishing_anyway(
    client, team, report, measure, officer, approver, q2
):
    figure = services.submit_figure(measure, q2, percent("80"), officer, expected_version=None)
    services.approve_figure(figure, approver, expected_version=figure.version)
    client.force_login(team)
    page = client.get(publish_url(q2)).content.decode()
    assert "Every expected figure is signed off." in page
    assert 'name="confirm"' not in page

    response = client.post(publish_url(q2), {})

    assert response.status_code == 302
    q2.refresh_from_db()
    assert q2.status == PeriodStatus.PUBLISHED
