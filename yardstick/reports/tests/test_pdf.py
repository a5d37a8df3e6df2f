"""The report as a PDF: it opens, every page renders, scorecards are on landscape pages, and
it is tagged PDF/UA-1 with its language and title. Read back with poppler's tools (pdftoppm,
pdfinfo, pdftotext), which `make test` installs."""

import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest
from PIL import Image

from yardstick.reports.renderers import get_format
from yardstick.reports.tests.conftest import CHALLENGES, EXPECTED


def poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    return path


def inflated(pdf: bytes) -> bytes:
    """The PDF with every compressed stream inflated, to look for its structure."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n", pdf):
        end = pdf.find(b"endstream", match.end())
        try:
            parts.append(zlib.decompressobj().decompress(pdf[match.end() : end]))
        except zlib.error:
            continue
    return b"".join(parts)


@pytest.fixture
def pdf(report, tmp_path) -> Path:
    path = tmp_path / "report.pdf"
    path.write_bytes(get_format("pdf").render(report))
    return path


def test_the_pdf_opens_and_every_page_renders_with_scorecards_in_landscape(pdf, tmp_path):
    content = pdf.read_bytes()
    assert content.startswith(b"%PDF-")
    pages = int(re.search(rb"/Type /Pages.*?/Count (\d+)", inflated(content), re.S).group(1))
    # The cover; per theme a portrait page and a landscape scorecard; the ratings explained.
    assert pages >= 6
    subprocess.run(
        [poppler("pdftoppm"), "-r", "20", "-png", str(pdf), str(tmp_path / "page")], check=True
    )
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == pages
    shapes = []
    for image in images:
        with Image.open(image) as page:
            assert page.getbbox()  # something was drawn
            shapes.append("landscape" if page.width > page.height else "portrait")
    assert shapes[0] == "portrait"
    assert shapes.count("landscape") >= 2  # one scorecard per theme, at least


def test_the_pdf_is_tagged_pdf_ua_with_its_language_and_title(pdf):
    structure = inflated(pdf.read_bytes())
    assert b"/Lang (en-GB)" in structure
    assert b"/StructTreeRoot" in structure and b"/Marked true" in structure
    assert b'pdfuaid:part="1"' in structure  # the XMP metadata declares PDF/UA-1
    assert b"/DisplayDocTitle true" in structure
    for tag in (b"/Table", b"/TH", b"/Caption", b"/H1", b"/H2"):
        assert tag in structure
    info = subprocess.run(
        [poppler("pdfinfo"), str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    assert re.search(r"^Title:\s+Strategic Performance Report, Q2 2018/19", info, re.M)
    assert re.search(r"^Tagged:\s+yes", info, re.M)


def test_the_pdf_has_every_scorecard_row_with_its_rating_and_the_running_header(pdf):
    text = subprocess.run(
        [poppler("pdftotext"), str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    flat = " ".join(text.split())
    for title, ratings in EXPECTED.items():
        assert title.split(" (")[0] in flat
        for rating in ratings:
            code, _, label = rating.partition(" ")
            assert code in flat and (label in flat or rating == "Not rated")
    for title in CHALLENGES:
        assert title in flat
    pages = text.split("\f")
    assert all(
        "Strategic Performance Report, Q2 2018/19" in " ".join(page.split())
        for page in pages
        if page.strip()
    )
    assert "Page 2 of" in flat
    assert "How the ratings were worked out" in flat


def test_every_page_of_a_draft_says_draft_and_a_published_report_never(report, tmp_path):
    """A draft printed and handed round loses its first page: each page must say so."""
    from dataclasses import replace

    def pages_of(made) -> list[str]:
        path = tmp_path / "made.pdf"
        path.write_bytes(get_format("pdf").render(made))
        text = subprocess.run(
            [poppler("pdftotext"), str(path), "-"], check=True, capture_output=True, text=True
        ).stdout
        return [" ".join(page.split()) for page in text.split("\f") if page.strip()]

    period = report.period
    period.status = "open"
    draft = pages_of(replace(report, period=period))
    assert len(draft) > 3
    assert all(f"DRAFT: {period.label} is open" in page for page in draft)
    period.status = "published"
    assert not any("DRAFT" in page for page in pages_of(replace(report, period=period)))


def test_the_pdf_passes_the_pdfua_checker_and_each_table_is_tagged_as_one_table(pdf):
    """Checked with `pdfua` (PyPI, on pikepdf: the machine-checkable subset of PDF/UA-1 that
    runs here; veraPDF needs Java and a download). No error; no table without rows. What it
    still warns of: header cells carry no /Scope (WeasyPrint ties each data cell to its
    headers with /Headers and /IDs instead, which PDF/UA-1 7.5 accepts; the checker's
    heuristic reads only the header cells)."""
    import pikepdf
    from pdfua import Severity, validate

    findings = [finding for outcome in validate(str(pdf)).outcomes for finding in outcome.findings]
    assert [f.message for f in findings if f.severity == Severity.ERROR] == []
    assert [f.message for f in findings if "no /TR rows" in f.message] == []
    assert {f.rule_id for f in findings} <= {"UA-15-003"}

    # Each /Table holds its caption and rows: no table nested in a table (what a visually
    # hidden, absolutely positioned caption made of it), and its data cells name headers.
    parts = {"/Caption", "/THead", "/TBody", "/TFoot", "/TR"}
    tables = cells = 0
    with pikepdf.open(pdf) as document:
        stack = [document.Root.StructTreeRoot]
        while stack:
            element = stack.pop()
            kids = element.get("/K")
            kids = kids if isinstance(kids, pikepdf.Array) else [kids]
            kids = [k for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k]
            if element.get("/S") == "/Table":
                tables += 1
                assert {str(kid.S) for kid in kids} <= parts
            if element.get("/S") == "/TD" and "/A" in element and "/Headers" in element.A:
                cells += bool(len(element.A.Headers))
            stack.extend(kids)
    assert tables >= 6 and cells > 100
