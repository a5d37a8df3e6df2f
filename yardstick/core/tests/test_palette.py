"""The one palette: text on every band and status fill meets WCAG 2.2 AA (4.5:1), the colours
are GOV.UK's, and the committed stylesheet static/bands.css is exactly what the palette
writes (`make assets`)."""

import contextlib
import io
import runpy
from pathlib import Path

import pytest

from yardstick.core import palette
from yardstick.core.ratings import Band
from yardstick.core.spc import PointType

BANDS_CSS = Path(__file__).resolve().parents[3] / "static" / "bands.css"


@pytest.mark.parametrize("band", list(Band))
def test_every_band_has_text_with_at_least_4_5_to_1_contrast_on_its_fill(band):
    swatch = palette.band_swatch(band)
    assert palette.contrast_ratio(swatch.fill, swatch.text) >= 4.5


@pytest.mark.parametrize("status", list(palette.STATUS_SWATCHES))
def test_every_key_action_status_has_readable_text_on_its_fill(status):
    swatch = palette.status_swatch(status)
    assert palette.contrast_ratio(swatch.fill, swatch.text) >= 4.5


def test_not_rated_and_an_unknown_status_are_grey():
    assert palette.band_swatch(None) == palette.NOT_RATED == palette.GREY
    assert palette.status_swatch("unheard of") == palette.GREY


def test_the_bands_use_the_gov_uk_palette():
    assert palette.band_swatch(Band.HIGH_GREEN).fill == "#00703c"
    assert palette.band_swatch(Band.LOW_GREEN).fill == "#85994b"
    assert palette.band_swatch(Band.AMBER) == palette.Swatch("#ffdd00", palette.BLACK)
    assert palette.band_swatch(Band.LOW_RED).fill == "#f47738"
    assert palette.band_swatch(Band.HIGH_RED) == palette.Swatch("#d4351c", palette.WHITE)
    assert palette.band_swatch(Band.GREEN) == palette.band_swatch(Band.HIGH_GREEN)
    assert palette.band_swatch(Band.RED) == palette.band_swatch(Band.HIGH_RED)
    assert palette.band_swatch(Band.BLUE) == palette.Swatch("#1d70b8", palette.WHITE)


def test_word_and_excel_get_the_colours_as_bare_hex():
    assert (palette.HIGH_GREEN.fill_hex, palette.HIGH_GREEN.text_hex) == ("00703C", "FFFFFF")


@pytest.mark.parametrize(
    ("swatch", "tint"),
    [
        (palette.HIGH_GREEN, "#cce2d8"),
        (palette.AMBER, "#fff8cc"),
        (palette.HIGH_RED, "#f6d7d2"),
        (palette.Swatch("#ffffff", palette.BLACK), "#ffffff"),
    ],
)
def test_a_tint_is_a_fifth_of_the_fill_over_white(swatch, tint):
    assert swatch.tint == tint


@pytest.mark.parametrize("band", list(Band))
def test_the_black_line_and_text_of_a_chart_stay_readable_on_every_tint(band):
    assert palette.contrast_ratio(palette.band_swatch(band).tint, palette.BLACK) >= 4.5


def test_contrast_ratio_runs_from_1_to_21():
    assert palette.contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert palette.contrast_ratio("#777777", "#777777") == pytest.approx(1)


def test_the_stylesheet_has_a_rule_for_every_band_not_rated_and_every_status():
    css = palette.css()
    assert ".band-hg { background-color: #00703c; color: #ffffff; }" in css
    assert ".band-g { background-color: #00703c; color: #ffffff; }" in css
    assert ".band-none { background-color: #f3f2f1; color: #0b0c0c; }" in css
    assert ".status-completed { background-color: #1d70b8; color: #ffffff; }" in css
    assert ".status-none { background-color: #f3f2f1; color: #0b0c0c; }" in css
    assert css.count("{ background-color") == len(Band) + 1 + len(palette.STATUS_SWATCHES)


def test_the_committed_stylesheet_is_what_the_palette_writes():
    """static/bands.css is written by `make assets` (python -m yardstick.core.palette); edit
    the palette and run it, never the file."""
    written = io.StringIO()
    with contextlib.redirect_stdout(written):
        runpy.run_path(palette.__file__, run_name="__main__")
    assert written.getvalue() == palette.css()
    assert BANDS_CSS.read_text(encoding="utf-8") == palette.css(), "run `make assets`"


def test_every_spc_class_has_a_colour_that_stands_out_and_a_shape_of_its_own():
    """WCAG 2.2 1.4.11: graphics at least 3:1 against the white page; and never colour alone."""
    assert set(palette.SPC_SWATCHES) == set(PointType)
    for swatch, _ in palette.SPC_SWATCHES.values():
        assert palette.contrast_ratio(swatch.fill, palette.WHITE) >= 3
    shapes = [shape for _, shape in palette.SPC_SWATCHES.values()]
    assert len(set(shapes)) == len(shapes)
