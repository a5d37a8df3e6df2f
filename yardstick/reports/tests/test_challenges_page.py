"""The key challenges page (reports/<period>/challenges/): the performance team includes,
leaves out and orders a theme's key challenges, audited, and every format follows; an owner
may add their own measure only. A draft marks a challenge without commentary; a published
report prints no placeholder."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document

from tests.factories import UserFactory
from yardstick.accounts.models import Membership, Role
from yardstick.collection.services import publish_period
from yardstick.reports.renderers import common, get_format
from yardstick.reports.strategic import build_strategic_report
from yardstick.reports.tests.conftest import (
    CHALLENGES,
    add_measure,
    build_framework,
    parse_html,
    performance_team_of_period,
    text_of,
)
from yardstick.scorecards.models import ChallengeChoice, KeyChallenge
from yardstick.scorecards.services import ChallengeChoiceError, choose_challenge

pytestmark = pytest.mark.django_db

URL = "/reports/2018-19-q2/challenges/"
REPORT = "/reports/2018-19-q2/"
KNIFE = "Knife crime with injury (victims under 25)"
RECYCLING = "% of household waste recycled and composted"
HOMES = "Number of new council homes built (cumulative)"


def listed(client) -> list[str]:
    page = parse_html(client.get(REPORT).content)
    return [text_of(h) for h in page.xpath("//div[@class='rp-challenge']/h4")]


def post(client, framework, measure_key: str, action: str, **data):
    return client.post(
        URL,
        {
            "scorecard": framework.place_card.pk,
            "measure": framework.measures[measure_key].pk,
            "action": action,
            **data,
        },
    )


def test_the_report_page_links_to_the_choices_for_the_team(client, framework, reader):
    client.force_login(reader)
    page = client.get(REPORT).content.decode()
    assert f'href="{URL}"' in page


def test_the_team_leaves_a_challenge_out_and_puts_it_back_audited(client, framework, reader):
    client.force_login(reader)
    assert listed(client) == list(CHALLENGES)

    response = post(client, framework, "knife", "leave_out", reason="Discussed last quarter")

    assert response.status_code == 302
    assert KNIFE not in listed(client)
    choice = KeyChallenge.objects.get(measure=framework.measures["knife"])
    assert choice.choice == ChallengeChoice.LEAVE_OUT and choice.reason == "Discussed last quarter"
    assert choice.history.first().history_user == reader
    page = client.get(URL).content.decode()
    assert "Left out by the performance team: " in page and "Put back" in page
    assert '<span class="challenge-reason">Discussed last quarter</span>' in page

    post(client, framework, "knife", "rule")
    assert KNIFE in listed(client)
    assert choice.history.count() == 2


def test_leaving_a_challenge_out_asks_why_and_keeps_nothing_without_it(client, framework, reader):
    client.force_login(reader)
    page = parse_html(client.get(URL).content)
    [field] = page.xpath(
        f"//form[.//button[@value='leave_out'][contains(., '{KNIFE}')]]//input[@name='reason']"
    )
    assert field.get("required") is not None
    assert page.xpath(f"//label[@for='{field.get('id')}']")

    response = post(client, framework, "knife", "leave_out")
    blank = post(client, framework, "knife", "leave_out", reason="   ")

    assert response.status_code == blank.status_code == 400
    assert f"Say why {KNIFE} is left out of the key challenges." in response.content.decode()
    assert not KeyChallenge.objects.exists()
    assert KNIFE in listed(client)


def test_a_reason_is_bounded_by_every_door(framework, reader):
    access = performance_team_of_period(framework.q2)
    with pytest.raises(ChallengeChoiceError, match="500 characters or fewer"):
        choose_challenge(
            framework.place_card,
            framework.q2,
            framework.measures["knife"],
            "leave_out",
            access,
            reader,
            reason="x" * 501,
        )
    assert not KeyChallenge.objects.exists()


def test_the_team_includes_a_measure_and_orders_the_list(client, framework, reader):
    client.force_login(reader)
    post(client, framework, "homes", "include")
    assert listed(client)[:3] == [HOMES, RECYCLING, KNIFE]  # in scorecard order
    order = ",".join(str(framework.measures[key].pk) for key in ("homes", "recycling", "knife"))

    post(client, framework, "homes", "down", order=order)

    assert listed(client)[:3] == [RECYCLING, HOMES, KNIFE]
    # Every format follows the same list.
    report = build_strategic_report(framework.q2, None, performance_team_of_period(framework.q2))
    document = Document(io.BytesIO(get_format("docx").render(report)))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 3"]
    assert headings[:3] == [RECYCLING, HOMES, KNIFE]


def test_bad_choices_are_refused_with_a_message(client, framework, reader):
    client.force_login(reader)
    response = client.post(URL, {"scorecard": framework.place_card.pk, "action": "include"})
    assert response.status_code == 400
    assert "Choose a measure." in response.content.decode()
    # a measure of another theme's scorecard
    response = post(client, framework, "sickness", "include")
    assert response.status_code == 400
    assert "is not on the scorecard" in response.content.decode()
    assert not KeyChallenge.objects.exists()


def test_an_owner_adds_their_own_measure_but_leaves_nothing_out(client, framework, council):
    owner = UserFactory(organisation=council)
    Membership.objects.create(user=owner, organisation=council, role=Role.OWNER)
    homes = framework.measures["homes"]
    homes.owner = owner
    homes.save()
    client.force_login(owner)
    assert client.get(URL).status_code == 200

    assert post(client, framework, "homes", "include").status_code == 302
    assert post(client, framework, "knife", "leave_out").status_code == 403
    assert post(client, framework, "recycling", "include").status_code == 403  # not theirs

    assert KeyChallenge.objects.get().measure == homes
    assert "Remove<span" in client.get(URL).content.decode()  # and may take it off again
    assert post(client, framework, "homes", "rule").status_code == 302
    assert KeyChallenge.objects.get().choice == ""


def test_the_page_reads_in_a_fixed_number_of_queries(
    client, council, reader, django_assert_max_num_queries
):
    build_framework(council, extra_measures=12)
    client.force_login(reader)
    with django_assert_max_num_queries(60):
        response = client.get(URL)
    assert response.status_code == 200
    assert response.content.decode().count("Extra measure") == 12  # offered to include


def uncommented(framework):
    periods = [framework.last_year, framework.q1, framework.q2]
    return add_measure(
        framework.place_card,
        periods,
        "M020",
        "Rent collected",
        [("90", "91"), ("90", "89"), ("90", "70")],  # 22% off target in Q2: High Red
    )


def test_a_draft_marks_a_challenge_without_commentary(client, framework, reader):
    uncommented(framework)
    client.force_login(reader)
    page = parse_html(client.get(REPORT).content)
    rent = next(
        item
        for item in page.xpath("//div[@class='rp-challenge']")
        if text_of(item.xpath("h4")[0]) == "Rent collected"
    )
    assert common.COMMENTARY_MISSING in text_of(rent)


def test_a_published_report_prints_no_placeholder(client, framework, reader):
    uncommented(framework)
    publish_period(framework.q2, reader)
    framework.q2.refresh_from_db()
    client.force_login(reader)
    report = build_strategic_report(framework.q2, None, performance_team_of_period(framework.q2))
    page = client.get(REPORT).content.decode()
    word = "\n".join(
        p.text for p in Document(io.BytesIO(get_format("docx").render(report))).paragraphs
    )
    html = get_format("html").render(report).decode()
    assert "Rent collected" in page and "Rent collected" in word and "Rent collected" in html
    for text in (page, word, html):
        assert common.COMMENTARY_MISSING not in text
        assert "No commentary has been entered" not in text


def test_people_without_a_part_in_it_cannot_choose(client, framework, council):
    councillor = UserFactory(organisation=council)
    Membership.objects.create(user=councillor, organisation=council, role=Role.COUNCILLOR)
    client.force_login(councillor)
    assert client.get(URL).status_code == 403
    assert client.get(REPORT).status_code == 200
    assert f'href="{URL}"' not in client.get(REPORT).content.decode()
    assert reverse("reports:challenges", args=["2018-19-q2"]) == URL
