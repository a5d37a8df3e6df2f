"""The Strategic Performance Report as a web page at reports/<period>/: every row with its
band label and shape, each reason in a disclosure, accessible tables, and clear errors."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from yardstick.accounts.models import Membership, Role
from yardstick.collection.services import publish_period
from yardstick.measures.models import Figure, FigureStatus
from yardstick.reports.tasks import render_documents
from yardstick.reports.tests.conftest import CHALLENGES, EXPECTED, parse_html, text_of

URL = "/reports/2018-19-q2/"


@pytest.fixture
def page(client, framework, reader):
    client.force_login(reader)
    response = client.get(URL)
    assert response.status_code == 200
    return parse_html(response.content)


def scorecard_rows(tree):
    return tree.xpath("//table[contains(@class, 'rp-scorecard-table')]/tbody/tr[not(@class)]")


def test_the_page_is_at_the_periods_address_and_named_in_its_title(page):
    assert reverse("reports:strategic", args=["2018-19-q2"]) == URL
    assert "Strategic Performance Report, Q2 2018/19" in page.findtext(".//title")
    assert text_of(page.xpath("//h1")[0]) == "Strategic Performance Report, Q2 2018/19"


def test_every_scorecard_row_shows_each_periods_band_label_with_a_shape(page):
    rows = scorecard_rows(page)
    assert len(rows) == len(EXPECTED)
    for row in rows:
        title = text_of(row.xpath("th[@scope='row']")[0])
        ratings = [
            text_of(cell)
            for cell in row.xpath("td[contains(concat(' ', @class, ' '), ' rating ')]")
        ]
        for shown, expected in zip(ratings, EXPECTED[title], strict=True):
            assert (
                shown.startswith(expected if expected == "Not rated" else expected.split()[0])
                or expected in shown
            ), (title, shown, expected)
            assert expected.split(" ", 1)[-1] in shown  # the label in words, not colour alone
        for chip in row.xpath(".//span[contains(concat(' ', @class, ' '), ' band ')]"):
            shape = chip.xpath("span[@class='band-shape']")[0]
            assert shape.get("aria-hidden") == "true" and shape.text_content() in "★●◆▲■"


def test_every_rating_has_its_reason_in_a_details_disclosure_not_a_tooltip(page):
    for row in scorecard_rows(page):
        for cell in row.xpath("td[contains(concat(' ', @class, ' '), ' rating ')]"):
            details = cell.xpath("details")
            assert len(details) == 1
            assert text_of(details[0].xpath("summary")[0]).startswith("Why")
            assert text_of(details[0].xpath("p")[0])  # the rule and the numbers
    assert not page.xpath("//main//*[@title]")


def test_the_reason_names_the_numbers_behind_the_rating(page):
    homes = next(
        row for row in scorecard_rows(page) if "council homes" in text_of(row.xpath("th")[0])
    )
    reason = text_of(
        homes.xpath("td[contains(concat(' ', @class, ' '), ' rating ')]")[2].xpath(".//p")[0]
    )
    assert reason.startswith("76 is 153.3% better than the 30")


def test_each_trend_symbol_has_visually_hidden_words(page):
    trends = page.xpath("//span[contains(concat(' ', @class, ' '), ' trend ')]")
    assert trends
    for trend in trends:
        assert trend.xpath("span[@aria-hidden='true']")[0].text_content() in "▲▼–"
        assert trend.xpath("span[@class='visually-hidden']")[0].text_content() in {
            "Improved",
            "Deteriorated",
            "No change",
        }


def test_every_table_has_a_caption_and_scoped_headers(page):
    tables = page.xpath("//main//table")
    assert len(tables) >= 6  # at a glance, key, and per theme key actions and scorecard
    for table in tables:
        assert table.xpath("caption") and text_of(table.xpath("caption")[0])
        for header in table.xpath(".//thead//th"):
            assert header.get("scope") in {"col", "colgroup"}
        for header in table.xpath(".//tbody//th"):
            assert header.get("scope") in {"row", "rowgroup"}


def test_the_scorecard_groups_target_actual_and_rating_under_each_period(page):
    table = page.xpath("//table[contains(@class, 'rp-scorecard-table')]")[0]
    periods = [text_of(th) for th in table.xpath("thead/tr[1]/th[@scope='colgroup']")]
    assert periods == ["Q2 2017/18", "Q1 2018/19", "Q2 2018/19"]
    assert [text_of(th) for th in table.xpath("thead/tr[2]/th")][:3] == [
        "Target",
        "Actual",
        "Rating",
    ]


def test_the_report_works_without_javascript(page):
    assert not page.xpath("//main//script")
    assert not page.xpath("//main//*[@onclick]")


def test_each_theme_has_key_actions_scorecard_and_challenges(page):
    for theme in ("Build a Better Place", "Protect the Vulnerable"):
        section = page.xpath(f"//section[h2[normalize-space()='{theme}']]")[0]
        headings = [text_of(h) for h in section.xpath(".//h3")]
        assert headings == [
            "Key projects and initiatives",
            "Performance measures",
            "Summary of key challenges",
        ]
    place = text_of(page.xpath("//section[@id='theme-place']")[0])
    assert "Deliver the capital programme" in place and "£3.2m spent." in place


def test_the_summary_of_achievements_gathers_every_themes_achievements(page):
    """As the council's report does: under each theme's heading, before the themes' pages."""
    summary = page.xpath("//section[@id='achievements']")[0]
    assert [text_of(h) for h in summary.xpath(".//h3")] == [
        "Build a Better Place",
        "Protect the Vulnerable",
    ]
    assert "Three new homes at Atherton Court were handed over." in text_of(summary)
    bullets = summary.xpath(".//ul/li")
    assert "Recycling rates rose by six percentage points." in [text_of(li) for li in bullets]


def test_key_challenges_are_those_off_target_with_their_commentary(page):
    challenges = [text_of(h) for h in page.xpath("//div[@class='rp-challenge']/h4")]
    assert tuple(challenges) == CHALLENGES
    recycling = text_of(page.xpath("//div[@class='rp-challenge']")[0])
    assert "A Amber Q2 2018/19, data covering Apr 18 - Jun 18: 49%" in recycling
    knife = text_of(page.xpath("//div[@class='rp-challenge']")[1])
    assert "HR High Red" in knife
    assert "The rise is in line with the national trend." in knife
    assert "Street doctors and a knife crime action plan." in knife


def test_the_key_and_the_notes_are_on_the_page(page):
    key = {
        text_of(row.xpath("th")[0]): text_of(row.xpath("td")[0])
        for row in page.xpath("//section[@id='key']//tbody/tr")
    }
    assert key["★ HG High Green"] == "Has exceeded target by 5% or more"
    assert key["■ HR High Red"] == "More than 10% off target"
    assert "Not rated" in key
    notes = [text_of(li) for li in page.xpath("//div[@class='rp-footnotes']//li")]
    assert "Data reported at least 3 months in arrears" in notes
    assert "Note 1" in notes


def test_the_page_links_to_every_format(page):
    links = [a.get("href") for a in page.xpath("//ul[@class='rp-downloads']//a")]
    assert links == [f"{URL}{name}/" for name in ("html", "pdf", "docx", "xlsx")]


def test_a_draft_period_says_its_ratings_may_change(page):
    assert "may change until the period is published" in text_of(page.xpath("//main")[0])


def test_choosing_a_theme_shows_that_theme_only(client, framework, reader):
    client.force_login(reader)
    tree = parse_html(client.get(URL, {"theme": "families"}).content)
    assert [text_of(h) for h in tree.xpath("//h2[@class='rp-theme-title']")] == [
        "Protect the Vulnerable"
    ]
    assert tree.xpath("//ul[@class='rp-downloads']//a")[1].get("href").endswith("?theme=FAMILIES")


def test_a_period_written_another_way_redirects_to_its_address(client, framework, reader):
    client.force_login(reader)
    response = client.get("/reports/Q2 2018-19/")
    assert response.status_code == 302
    assert response["Location"] == URL


def test_an_unknown_period_is_not_found_and_says_which_periods_there_are(client, framework, reader):
    client.force_login(reader)
    response = client.get("/reports/2030-31-q4/")
    assert response.status_code == 404
    assert "has no period Q4 2030/31" in response.content.decode()
    assert "Q2 2018/19" in response.content.decode()


def test_nonsense_for_a_period_is_not_found_with_how_to_write_one(client, framework, reader):
    client.force_login(reader)
    response = client.get("/reports/last-tuesday/")
    assert response.status_code == 404
    assert "write it like" in response.content.decode()


def test_an_unknown_theme_is_a_bad_request_naming_the_themes(client, framework, reader):
    client.force_login(reader)
    response = client.get(URL, {"theme": "nope"})
    assert response.status_code == 400
    assert "PLACE (Build a Better Place)" in response.content.decode()


def test_people_not_signed_in_are_sent_to_sign_in(client, framework):
    response = client.get(URL)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_someone_from_another_council_cannot_see_this_councils_periods(
    client, framework, other_council
):
    outsider = UserFactory(organisation=other_council)
    Membership.objects.create(user=outsider, organisation=other_council, role=Role.PERFORMANCE_TEAM)
    client.force_login(outsider)
    assert client.get(URL).status_code == 404


def test_someone_without_a_role_sees_published_figures_of_published_periods_only(
    client, framework, council, reader
):
    Figure.objects.filter(measure=framework.measures["homes"]).update(status=FigureStatus.APPROVED)
    client.force_login(UserFactory(organisation=council))
    assert client.get(URL).status_code == 404  # Q2 is open: the public does not read it
    for format_name in ("html", "pdf", "docx", "xlsx"):
        assert client.get(f"{URL}{format_name}/").status_code == 404, format_name

    publish_period(framework.q2, reader)

    tree = parse_html(client.get(URL).content)
    actuals = {
        text_of(row.xpath("th")[0]): text_of(row.xpath("td")[-4]) for row in scorecard_rows(tree)
    }
    assert actuals["Number of new council homes built (cumulative)"] == "76"
    # a draft when Q2 was published
    assert actuals["Number of active volunteers"] == "No figure (not signed off)"
    page = client.get(URL).content.decode()
    assert "568" not in page and "540" not in page  # its drafts, of Q2 and of open Q1
    assert client.get(f"{URL}xlsx/").status_code == 202  # being prepared by the worker
    render_documents.call(framework.q2.pk)
    assert client.get(f"{URL}xlsx/").status_code == 200


def test_someone_without_a_role_is_told_only_of_published_periods(
    client, framework, council, reader
):
    Figure.objects.filter(measure=framework.measures["homes"]).update(status=FigureStatus.APPROVED)
    publish_period(framework.q2, reader)
    client.force_login(UserFactory(organisation=council))

    response = client.get("/reports/2018-19-q1/")

    assert response.status_code == 404
    message = response.content.decode()
    assert "has no published period Q1 2018/19" in message
    assert "Its periods: Q2 2018/19." in message


def test_a_superuser_with_no_organisation_reads_the_only_councils_report(client, framework):
    client.force_login(UserFactory(organisation=None, is_superuser=True, is_staff=True))
    response = client.get(URL, {"organisation": "harrow-test"})
    assert response.status_code == 200
    assert len(scorecard_rows(parse_html(response.content))) == len(EXPECTED)


def test_someone_attached_to_no_organisation_is_refused(client, framework):
    client.force_login(UserFactory(organisation=None))
    assert client.get(URL).status_code == 403
