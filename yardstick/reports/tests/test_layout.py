"""The report's layout faults (issue 15), each read back as a reader meets it: the PDF with
poppler's pdftotext, Word with python-docx. A rating key alone on a page, an unnumbered
measure's code over its name, a key missing a band it uses, earlier columns' data-covers
dropped, no word on annual measures, the appendix of reasons always in, 'Draft' on one page
only, targets padded to the figures' places."""

from __future__ import annotations

import io
import subprocess
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from docx import Document

from tests.factories import FigureFactory, TargetFactory
from yardstick.measures.models import Figure
from yardstick.reports.renderers import get_format
from yardstick.reports.strategic import build_strategic_report
from yardstick.reports.tests.conftest import add_measure, performance_team_of_period
from yardstick.reports.tests.test_pdf import poppler

ANNUAL = "Annual measures are shown only in the quarter in which they report."


def pdf_pages(report, tmp_path, *, layout: bool = False) -> list[str]:
    path = tmp_path / "report.pdf"
    path.write_bytes(get_format("pdf").render(report))
    args = [poppler("pdftotext"), *(["-layout"] if layout else []), str(path), "-"]
    text = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return [page for page in text.split("\f") if page.strip()]


def flat(pages: list[str]) -> str:
    return " ".join(" ".join(pages).split())


def word(report) -> Document:
    return Document(io.BytesIO(get_format("docx").render(report)))


def word_text(document) -> str:
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join(" ".join(texts).split())


def built(framework, themes=None, **options):
    viewer = performance_team_of_period(framework.q2)
    return build_strategic_report(framework.q2, themes, viewer, **options)


def test_the_key_is_never_alone_on_a_page_but_ends_its_scorecard(framework, tmp_path):
    """Eleven more measures fill the scorecard's page so that the notes and the key fell
    on a page of their own: they now take the last rows with them."""
    periods = [framework.last_year, framework.q1, framework.q2]
    for n in range(11):
        add_measure(
            framework.place_card,
            periods,
            f"X{n:03d}",
            f"Extra measure {n} with a longer title to wrap",
            [("50", "51"), ("50", "52"), ("50", "53")],
        )
    pages = pdf_pages(built(framework, [framework.place]), tmp_path)
    with_key = [page for page in pages if "Key:" in page]
    assert with_key
    for page in with_key:
        assert "Extra measure 10" in page or "Target" in page, page


def test_an_unnumbered_measure_prints_its_code_before_its_title_not_over_it(framework, tmp_path):
    framework.place_card.entries.filter(measure=framework.measures["homes"]).update(number="")
    document = get_format("html").render(built(framework, [framework.place])).decode()
    assert '<span class="measure-code">M001</span> Number of new council homes' in document
    pages = pdf_pages(built(framework, [framework.place]), tmp_path)
    assert "M001 Number of new council homes built" in flat(pages)


def test_the_key_names_every_band_its_scorecards_use_g_included(framework, tmp_path):
    measure = add_measure(
        framework.place_card,
        [framework.last_year, framework.q1, framework.q2],
        "M009",
        "Ratio of spend to budget",
        [(None, None), (None, None), (None, "1.0")],
        value_type="number",
        polarity="in_range",
        decimals=1,
    )
    TargetFactory(
        measure=measure, period=framework.q2, kind="range", low=Decimal("0.9"), high=Decimal("1.1")
    )
    report = built(framework)
    assert any(band.value == "G" for band, _ in report.key)
    text = flat(pdf_pages(report, tmp_path))
    assert "G Green: within the target range" in text
    assert "G Green" in word_text(word(report))


def test_the_notes_keep_each_columns_data_covers_period_in_word(framework):
    figure = Figure.objects.get(measure=framework.measures["recycling"], period=framework.q1)
    figure.data_covers_start, figure.data_covers_end = date(2018, 1, 1), date(2018, 3, 31)
    figure.save()
    text = word_text(word(built(framework)))
    assert "Q1 2018/19 data covers" in text
    assert "Q2 2018/19 data covers" in text


def test_every_key_says_annual_measures_show_only_when_they_report(report, tmp_path):
    assert ANNUAL in flat(pdf_pages(report, tmp_path))
    assert ANNUAL in word_text(word(report))


def test_the_appendix_of_reasons_is_a_choice(framework, tmp_path):
    heading = "How the ratings were worked out"
    assert heading in flat(pdf_pages(built(framework), tmp_path))
    assert heading in word_text(word(built(framework)))
    without = built(framework, include_reasons=False)
    assert heading not in flat(pdf_pages(without, tmp_path))
    assert heading not in word_text(word(without))


def test_the_download_leaves_the_appendix_out_when_asked(client, framework, reader):
    client.force_login(reader)
    page = client.get("/reports/").content.decode()
    assert 'name="reasons"' in page and "checked" in page.split('name="reasons"')[1][:80]
    response = client.get(
        "/reports/",
        {"period": "2018-19-q2", "format": "docx"},  # the box unticked
    )
    assert response.status_code == 302 and "reasons=0" in response["Location"]
    with_reasons = client.get("/reports/2018-19-q2/docx/")
    without = client.get("/reports/2018-19-q2/docx/", {"reasons": "0"})
    heading = "How the ratings were worked out"
    assert heading in word_text(Document(io.BytesIO(with_reasons.content)))
    assert heading not in word_text(Document(io.BytesIO(without.content)))


def test_every_page_of_a_draft_in_word_says_draft(report):
    period = report.period
    period.status = "open"
    document = word(replace(report, period=period))
    headers = [section.header for section in document.sections]
    assert len(headers) > 3
    assert all("DRAFT: Q2 2018/19 is open" in header.paragraphs[0].text for header in headers)
    period.status = "published"
    document = word(replace(report, period=period))
    assert not any("DRAFT" in s.header.paragraphs[0].text for s in document.sections)


def test_a_target_prints_as_entered_not_padded_to_the_figures_places(framework, tmp_path):
    measure = add_measure(
        framework.place_card,
        [framework.last_year, framework.q1, framework.q2],
        "M010",
        "Percentage of invoices paid on time",
        [(None, None), (None, None), (None, None)],
        decimals=2,
    )
    TargetFactory(measure=measure, period=framework.q2, value=Decimal("76"))
    FigureFactory(measure=measure, period=framework.q2, value=Decimal("76.53"))
    report = built(framework, [framework.place])
    row = next(r for r in report.sections[0].scorecard.rows if r.code == "M010")
    assert (row.current.target, row.current.actual) == ("76%", "76.53%")
    text = flat(pdf_pages(report, tmp_path))
    assert "76.00%" not in text and "76%" in text
    assert "76.00%" not in word_text(word(report))


@pytest.mark.parametrize("value_type", ["percentage"])
def test_a_range_target_prints_as_entered(framework, value_type):
    measure = add_measure(
        framework.place_card,
        [framework.last_year, framework.q1, framework.q2],
        "M011",
        "Staff turnover",
        [(None, None), (None, None), (None, None)],
        value_type=value_type,
        polarity="in_range",
        decimals=1,
    )
    TargetFactory(
        measure=measure, period=framework.q2, kind="range", low=Decimal("7"), high=Decimal("15")
    )
    FigureFactory(measure=measure, period=framework.q2, value=Decimal("9.5"))
    row = next(
        r
        for r in built(framework, [framework.place]).sections[0].scorecard.rows
        if r.code == "M011"
    )
    assert row.current.target == "7-15%"
