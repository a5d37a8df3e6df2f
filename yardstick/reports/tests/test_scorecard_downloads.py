"""A scorecard downloaded on its own (issue 15): the theme, directorate, partnership and unit
scorecard pages offer PDF, Word and Excel, printed by the Strategic Performance Report's
renderers (`scorecard_document`), with the missing data for the coming board where ticked;
the public site offers a published scorecard's, never one not for publication."""

from __future__ import annotations

import io
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document
from openpyxl import load_workbook

from yardstick.collection.services import publish_period
from yardstick.framework.services import save_abbreviation
from yardstick.reports.renderers import Format
from yardstick.reports.tests.conftest import add_measure
from yardstick.reports.tests.test_layout import word_text
from yardstick.reports.tests.test_pdf import poppler

Q2 = "2018-19 Q2"


def url(card, **query) -> str:
    from urllib.parse import urlencode

    return f"/scorecards/{card.financial_year}/{card.slug}/download/?" + urlencode(
        {"period": Q2, **query}
    )


@pytest.fixture
def signed_in(client, framework, reader):
    client.force_login(reader)
    return client


def test_the_scorecard_page_offers_the_download_choice(signed_in, framework):
    card = framework.families_card
    page = signed_in.get(f"/scorecards/{card.financial_year}/{card.slug}/?period={Q2}")
    text = page.content.decode()
    assert f'action="/scorecards/{card.financial_year}/{card.slug}/download/"' in text
    for value in ("pdf", "docx", "xlsx"):
        assert f'name="format" value="{value}"' in text
    assert 'name="missing"' in text


def test_a_scorecard_downloads_as_word_with_its_rows_and_no_theme_narrative(signed_in, framework):
    response = signed_in.get(url(framework.families_card, format="docx"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="protect-the-vulnerable-2018-19-q2.docx"'
    )
    document = Document(io.BytesIO(response.content))
    text = word_text(document)
    assert "Protect the Vulnerable, Q2 2018/19" in text
    assert "Staff sickness: days lost per employee" in text
    assert "Summary of achievements" not in text and "Deliver the couples project" not in text
    assert "Missing data for the coming board" not in text
    assert "How the ratings were worked out" not in text


def test_the_missing_data_and_the_reasons_come_when_ticked(signed_in, framework):
    response = signed_in.get(url(framework.families_card, format="docx", missing=1, reasons=1))
    text = word_text(Document(io.BytesIO(response.content)))
    assert "Missing data for the coming board" in text
    assert "M007 % of new attendances offered HIV testing" in text  # not available in Q2
    assert "How the ratings were worked out" in text
    book = load_workbook(
        io.BytesIO(signed_in.get(url(framework.families_card, format="xlsx", missing=1)).content)
    )
    assert book.sheetnames == [
        "Report",
        "Protect the Vulnerable",
        "Key challenges",
        "Missing data",
        "Key",
    ]
    rows = {row[0].value: row[3].value for row in book["Missing data"].iter_rows(min_row=4)}
    # Only this scorecard's measures (the place scorecard's M001-M004 are not on it), each
    # with why, as the data quality page says it.
    assert set(rows) <= {"M005", "M006", "M007"} and "M007" in rows
    assert all(rows.values())


def test_a_directorates_scorecard_downloads_as_a_pdf(signed_in, framework, tmp_path):
    response = signed_in.get(f"/units/COM/scorecard/download/?period={Q2}&format=pdf")
    assert response.status_code == 200
    assert "community-directorate-2018-19-q2.pdf" in response["Content-Disposition"]
    path = tmp_path / "unit.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        [poppler("pdftotext"), str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    flat = " ".join(text.split())
    assert "Community (directorate), Q2 2018/19" in flat
    # Its measures have no number on it: the code prints before the title.
    assert "M001 Number of new council homes built" in flat


def test_an_unknown_format_is_a_clear_client_error(signed_in, framework):
    response = signed_in.get(url(framework.families_card, format="odt"))
    assert response.status_code == 400
    assert "downloads as pdf, docx, xlsx" in response.content.decode()


def test_the_download_reads_as_many_queries_whatever_the_number_of_measures(signed_in, framework):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = signed_in.get(url(framework.place_card, format="xlsx", missing=1))
        assert response.status_code == 200
        return len(queries)

    before = count()
    periods = [framework.last_year, framework.q1, framework.q2]
    for n in range(5):
        add_measure(framework.place_card, periods, f"Y{n:03d}", f"More {n}", [("5", "6")] * 3)
    assert count() == before


def test_the_public_site_offers_a_published_scorecards_download_only(client, framework, reader):
    publish_period(framework.q2, reader)
    council = framework.q2.organisation
    card = framework.families_card
    base = f"/public/{council.slug}/{card.financial_year}/{card.slug}/2018-19-q2/download/"
    page = client.get(f"/public/{council.slug}/{card.financial_year}/{card.slug}/").content
    assert base.encode() in page
    response = client.get(base + "?format=xlsx")
    assert response.status_code == 200
    assert "Protect the Vulnerable" in load_workbook(io.BytesIO(response.content)).sheetnames
    card.not_for_publication = True
    card.save()
    assert client.get(base + "?format=xlsx").status_code == 404
    assert client.get(base + "?format=pdf").status_code == 404


def test_the_publics_scorecard_download_is_rendered_once_a_version(
    client, framework, reader, media, monkeypatch
):
    """Anonymous downloads of a published scorecard cost one render per version of the
    period's documents (`kept.scorecard_file`): the second is read from storage, and a change
    to what the documents show (here the glossary) renders it again, replacing the old file."""
    publish_period(framework.q2, reader)
    council = framework.q2.organisation
    card = framework.families_card
    base = f"/public/{council.slug}/{card.financial_year}/{card.slug}/2018-19-q2/download/"
    rendered = []
    real_render = Format.render

    def counted(self, report):
        rendered.append(self.name)
        return real_render(self, report)

    monkeypatch.setattr(Format, "render", counted)
    first = client.get(base + "?format=xlsx")
    second = client.get(base + "?format=xlsx")
    assert first.status_code == second.status_code == 200
    assert rendered == ["xlsx"]
    assert first.content == second.content
    assert second["Content-Disposition"].endswith('.xlsx"')
    save_abbreviation(council.pk, "YOT", "Youth Offending Team", reader)
    assert client.get(base + "?format=xlsx").status_code == 200
    assert rendered == ["xlsx", "xlsx"]
    kept_files = [path.name for path in media.rglob("*") if path.is_file()]
    assert len(kept_files) == 1 and kept_files[0].startswith(f"{card.pk}-xlsx-")
