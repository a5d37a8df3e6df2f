"""The download page at reports/: choose a period, themes and a format, or follow a link for
each format; and the report files it links to."""

import html
import io

import pytest
from docx import Document
from openpyxl import load_workbook

from tests.factories import UserFactory
from yardstick.collection.services import publish_period
from yardstick.measures.models import Figure, FigureStatus
from yardstick.reports.tests.conftest import parse_html, text_of

INDEX = "/reports/"


@pytest.fixture
def signed_in(client, framework, reader):
    client.force_login(reader)
    return client


def test_the_page_offers_periods_themes_and_formats(signed_in):
    response = signed_in.get(INDEX)
    assert response.status_code == 200
    tree = parse_html(response.content)
    options = [text_of(o) for o in tree.xpath("//select[@name='period']/option")]
    assert options == ["Q2 2018/19", "Q1 2018/19"]  # periods of years with theme scorecards
    assert tree.xpath("//select[@name='period']/option[@selected]")[0].get("value") == "2018-19-q2"
    themes = [text_of(label) for label in tree.xpath("//fieldset[@id='theme-fieldset']//label")]
    assert themes == ["Build a Better Place", "Protect the Vulnerable"]
    formats = tree.xpath("//input[@name='format']/@value")
    assert formats == ["page", "html", "pdf", "docx", "xlsx"]
    for control in tree.xpath("//form//input[@type!='hidden'] | //form//select"):
        assert tree.xpath(f"//label[@for='{control.get('id')}']"), control.get("id")


def test_the_page_links_to_every_format_of_recent_periods(signed_in):
    tree = parse_html(signed_in.get(INDEX).content)
    first = tree.xpath("//table//tbody/tr")[0]
    assert text_of(first.xpath("th")[0]) == "Q2 2018/19"
    assert first.xpath(".//a/@href") == [
        "/reports/2018-19-q2/",
        "/reports/2018-19-q2/html/",
        "/reports/2018-19-q2/pdf/",
        "/reports/2018-19-q2/docx/",
        "/reports/2018-19-q2/xlsx/",
    ]


def test_choosing_a_file_format_sends_you_to_the_file_for_your_themes(signed_in):
    # The appendix's tick box is ticked as the page offers it.
    response = signed_in.get(
        INDEX, {"period": "2018-19-q1", "theme": ["PLACE"], "format": "docx", "reasons": "on"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/reports/2018-19-q1/docx/?theme=PLACE"


def test_choosing_the_web_page_sends_you_to_the_report_page(signed_in):
    response = signed_in.get(INDEX, {"period": "2018-19-q2", "format": "page"})
    assert response["Location"] == "/reports/2018-19-q2/"


def test_a_choice_that_is_not_offered_is_shown_as_an_error_beside_its_field(signed_in):
    response = signed_in.get(INDEX, {"period": "2018-19-q2", "theme": ["nope"], "format": "odt"})
    assert response.status_code == 400
    tree = parse_html(response.content)
    assert tree.xpath("//title")[0].text.startswith("Error:")
    summary = [text_of(a) for a in tree.xpath("//div[@class='error-summary']//a")]
    assert len(summary) == 2
    assert "nope is not a theme of the period you chose" in summary[0]


def test_people_not_signed_in_are_sent_to_sign_in(client, framework):
    assert client.get(INDEX).status_code == 302


def test_someone_without_a_role_is_offered_published_periods_only(
    client, framework, council, reader
):
    client.force_login(UserFactory(organisation=council))
    assert parse_html(client.get(INDEX).content).xpath("//select[@name='period']/option") == []
    Figure.objects.filter(measure=framework.measures["homes"]).update(status=FigureStatus.APPROVED)
    publish_period(framework.q2, reader)

    tree = parse_html(client.get(INDEX).content)

    options = [text_of(o) for o in tree.xpath("//select[@name='period']/option")]
    assert options == ["Q2 2018/19"]
    assert [text_of(th) for th in tree.xpath("//table//tbody/tr/th")] == ["Q2 2018/19"]


@pytest.mark.parametrize(
    ("name", "media_type", "magic"),
    [
        ("html", "text/html; charset=utf-8", b"<!doctype html>"),
        ("pdf", "application/pdf", b"%PDF-"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
    ],
)
def test_each_format_downloads_as_a_named_file(signed_in, name, media_type, magic):
    response = signed_in.get(f"/reports/2018-19-q2/{name}/")
    assert response.status_code == 200
    assert response["Content-Type"] == media_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="strategic-performance-report-2018-19-q2.{name}"'
    )
    assert response.content.startswith(magic)


def test_the_html_file_is_a_standalone_accessible_document(signed_in):
    tree = parse_html(signed_in.get("/reports/2018-19-q2/html/").content)
    assert tree.get("lang") == "en-GB"
    assert tree.xpath("//style") and not tree.xpath("//link[@rel='stylesheet'] | //script")
    assert len(tree.xpath("//table[contains(@class, 'rp-scorecard-table')]/tbody/tr")) == 7
    assert len(tree.xpath("//td[contains(concat(' ', @class, ' '), ' rating ')]/details")) == 7 * 3


def test_a_download_keeps_to_the_themes_asked_for(signed_in):
    response = signed_in.get("/reports/2018-19-q2/xlsx/", {"theme": "FAMILIES"})
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Report",
        "Introduction",
        "Protect the Vulnerable",
        "Key challenges",
        "Key actions",
        "Key",
    ]
    response = signed_in.get("/reports/2018-19-q2/docx/", {"theme": "place"})
    headings = [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    assert "Build a Better Place" in headings and "Protect the Vulnerable" not in headings


def test_an_unknown_format_is_not_found_and_names_the_formats(signed_in):
    response = signed_in.get("/reports/2018-19-q2/odt/")
    assert response.status_code == 404
    assert "choose one of html, pdf, docx, xlsx" in response.content.decode()


def test_an_unknown_period_or_theme_in_a_download_is_a_clear_client_error(signed_in):
    assert signed_in.get("/reports/1999-00-q1/pdf/").status_code == 404
    response = signed_in.get("/reports/2018-19-q2/pdf/", {"theme": "nope"})
    assert response.status_code == 400
    assert "No theme 'nope' has a scorecard in Q2 2018/19" in html.unescape(
        response.content.decode()
    )


def test_a_council_with_no_theme_scorecards_yet_is_told_so(client, other_council):
    client.force_login(UserFactory(organisation=other_council))
    response = client.get(INDEX)
    assert response.status_code == 200
    assert "There are no periods with a theme scorecard yet." in response.content.decode()
