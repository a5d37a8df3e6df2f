"""Each label has one home, and these tests fail when a second one appears.

They read the source (Python and templates outside the tests) for the shapes a second answer
takes, and each pattern is first shown to catch the code it replaced, so none of them can pass
by matching nothing. The homes are named in docs/architecture.md ("Where each rule lives").
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORE = ROOT / "yardstick" / "core"


def source_files(*suffixes: str, include_core: bool = False) -> list[Path]:
    """The project's own Python and template files, not its tests or migrations."""
    found = []
    for folder in (ROOT / "yardstick", ROOT / "templates"):
        for path in sorted(folder.rglob("*")):
            if path.suffix not in suffixes or not path.is_file():
                continue
            parts = set(path.relative_to(ROOT).parts)
            if parts & {"tests", "migrations"}:
                continue
            if not include_core and path.is_relative_to(CORE):
                continue
            found.append(path)
    return found


def offences(patterns: dict[str, re.Pattern], files: list[Path]) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{number}: {why}: {line.strip()}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        for why, pattern in patterns.items()
        if pattern.search(line)
    ]


# --- the financial year's label: yardstick.core.periods.year_label ------------------------

HAND_BUILT_YEAR = {
    "two-digit year by arithmetic": re.compile(r"%\s*100\b"),
    "next year added by hand in a label": re.compile(
        r"\{[^{}]*year[^{}]*\}\s*[/-]\s*\{[^{}]*(year|\+\s*1)[^{}]*\}"
    ),
    "two-digit year by slicing": re.compile(r"year\)?\s*\)?\[\s*-?2\s*:\s*\]"),
    "two-digit year by strftime": re.compile(r"%y\b"),
}


@pytest.mark.parametrize(
    "old_code",
    [
        'return f"{year}/{(year + 1) % 100:02d}"',  # public/views.py, imports/kinds/base.py
        'suffix = f"-{year}-{(year + 1) % 100:02d}" if year else ""',  # imports/services.py
        'f"The {to_year}/{(to_year + 1) % 100:02d} framework already exists."',
        'f"{self.financial_year}/{self.financial_year + 1}"',
        "str(year)[2:]",
        'day.strftime("%y")',
    ],
)
def test_the_year_label_scan_catches_a_hand_built_label(old_code):
    assert any(pattern.search(old_code) for pattern in HAND_BUILT_YEAR.values())


def test_a_financial_year_is_labelled_only_by_the_core():
    """Every year label comes from core.periods.year_label (or a Period's own label), with
    the organisation's start month, so a council whose year starts in January prints '2018'
    everywhere, never '2018/19'."""
    found = offences(HAND_BUILT_YEAR, source_files(".py", ".html", ".txt"))
    assert not found, "Build year labels with yardstick.core.periods.year_label:\n" + "\n".join(
        found
    )


# --- the words for a polarity: yardstick.core.ratings (POLARITY_SHORT_LABELS and friends) ---

POLARITY_WORDS = {
    "a polarity mapped to words": re.compile(
        r"Polarity\.(HIGHER|LOWER|IN_RANGE|CONTEXTUAL)\s*:\s*[\"']"
    ),
    "a polarity's words chosen in a template": re.compile(r"polarity\s*==\s*[\"']"),
}


@pytest.mark.parametrize(
    "old_code",
    [
        '    Polarity.HIGHER: "Higher",',  # reports/renderers/common.py GOOD_IS
        '{% if row.polarity == "higher" %}Higher{% elif row.polarity == "lower" %}Lower',
    ],
)
def test_the_polarity_scan_catches_a_second_set_of_words(old_code):
    assert any(pattern.search(old_code) for pattern in POLARITY_WORDS.values())


def test_the_words_for_a_polarity_live_only_in_the_core():
    """'Higher', 'Lower', 'In range', 'Not rated' come from Polarity.short_label (on a
    scorecard row as Row.good_is), the same in every output."""
    found = offences(POLARITY_WORDS, source_files(".py", ".html", ".txt"))
    assert not found, "Name polarities with yardstick.core.ratings:\n" + "\n".join(found)


# --- the key to the ratings: yardstick.core.ratings.rating_key, by scorecards.rows.key_for ---

KEY_PROSE = {
    "a band mapped to words": re.compile(
        r"Band\.(HIGH_GREEN|LOW_GREEN|AMBER|LOW_RED|HIGH_RED|GREEN|RED)\s*:\s*[\"'](?!#)"
    ),
    "a threshold written into a key": re.compile(
        r"\d+(\.\d+)?%\s*(or more|off target)|(exceeded|off) target by \d", re.IGNORECASE
    ),
}


@pytest.mark.parametrize(
    "old_code",
    [
        '    Band.GREEN: "On target, or inside its range (three-band and in-range measures)",',
        '    Band.RED: "Outside the target range, or off target, by the Amber threshold or more",',
        "<li>HG High Green: Has exceeded target by 5% or more</li>",
        "<p>Amber: less than 5% off target</p>",
    ],
)
def test_the_key_scan_catches_fixed_key_prose(old_code):
    assert any(pattern.search(old_code) for pattern in KEY_PROSE.values())


def test_the_key_to_the_ratings_is_only_generated_by_the_core():
    """Every key is generated from the tolerance schemes the ratings used
    (core.ratings.rating_key, gathered by scorecards.rows.key_for); no band's meaning or
    threshold is written anywhere else."""
    found = offences(KEY_PROSE, source_files(".py", ".html", ".txt"))
    assert not found, "Generate keys with yardstick.core.ratings.rating_key:\n" + "\n".join(found)


# --- the band palette: yardstick.core.palette (and static/bands.css, written from it) -------

SECOND_PALETTE = {
    "a band mapped to a colour": re.compile(
        r"Band\.(HIGH_GREEN|LOW_GREEN|AMBER|LOW_RED|HIGH_RED|GREEN|RED)\s*:\s*[\"']#"
    ),
    "a swatch made outside the palette": re.compile(r"Swatch\(\s*[\"']#"),
    "a swatch printed into a stylesheet by hand": re.compile(r"swatch\.(fill|text)\s*\}\}"),
    "a band or status coloured by hand": re.compile(
        r"\.(band|rating|status)-[a-z]+\b[^{}]*\{[^}]*\b(background|color|fill)\b"
    ),
}


def stylesheets() -> list[Path]:
    """The project's own stylesheets, but the one written from the palette."""
    return [path for path in sorted((ROOT / "static").glob("*.css")) if path.name != "bands.css"]


@pytest.mark.parametrize(
    "old_code",
    [
        '    Band.AMBER: "#b58800",',  # measures/charts.py POINT_FILLS
        '    Band.LOW_GREEN: "#e5f0eb",',  # measures/charts.py BAND_FILLS
        'HIGH_GREEN = Swatch("#00703c", WHITE)',  # reports/renderers/palette.py
        ".band-lg, .band-g { background: #cce2d8; color: #005a30; }",  # static/yardstick.css
        "{% for css, swatch in swatches %}.{{ css }} { background-color: {{ swatch.fill }}; }",
        ".rating-hg { background-color: #00703c; color: #ffffff; }",
    ],
)
def test_the_palette_scan_catches_a_second_palette(old_code):
    assert any(pattern.search(old_code) for pattern in SECOND_PALETTE.values())


def test_the_band_colours_live_only_in_the_core_palette():
    """The pages' stylesheet (bands.css), the measure chart and every document take the band
    and status colours from yardstick.core.palette; no other module, template or stylesheet
    names them."""
    files = source_files(".py", ".html", ".css") + stylesheets()
    found = offences(SECOND_PALETTE, files)
    assert not found, "Take band colours from yardstick.core.palette:\n" + "\n".join(found)
    assert any(path.name == "yardstick.css" for path in stylesheets())


# --- the scorecard table: yardstick/scorecards/templates/scorecards/_scorecard_table.html -----

TABLE = ROOT / "yardstick" / "scorecards" / "templates" / "scorecards" / "_scorecard_table.html"
TABLE_MARKERS = re.compile(
    r">\s*Good is\s*</th>|scope=\"colgroup\" colspan=\"3\"|rp-scorecard-table"
)
INCLUDES_TABLE = re.compile(r"\{%\s*include\s+\"scorecards/_scorecard_table\.html\"")


@pytest.mark.parametrize(
    "old_code",
    [
        '<th scope="colgroup" colspan="3" class="period-start">{{ period.label }}</th>',
        '<table class="rp-table rp-scorecard-table">',  # reports/_scorecard.html
        '<th scope="col" rowspan="2">Good is</th>',
    ],
)
def test_the_table_scan_catches_a_second_scorecard_table(old_code):
    assert TABLE_MARKERS.search(old_code)


def test_one_partial_draws_every_scorecard_table():
    """The app's scorecard page, the public page, the report (page, HTML file and PDF), a
    meeting's pack (page and PDF) and a portfolio include the one scorecard table; no other
    template draws one."""
    templates = source_files(".html")
    drawing = [path for path in templates if TABLE_MARKERS.search(path.read_text("utf-8"))]
    including = {
        str(path.relative_to(ROOT))
        for path in templates
        if INCLUDES_TABLE.search(path.read_text("utf-8"))
    }
    assert drawing == [TABLE]
    assert including == {
        "yardstick/scorecards/templates/scorecards/_scorecard_results.html",
        "yardstick/public/templates/public/scorecard.html",
        "yardstick/reports/templates/reports/_scorecard.html",
        "yardstick/packs/templates/packs/_section_scorecards.html",
        "yardstick/pages/templates/pages/portfolio.html",
    }
