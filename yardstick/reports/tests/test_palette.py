"""Band and status colours: text on every fill meets WCAG 2.2 AA (4.5:1)."""

import pytest

from yardstick.core.ratings import Band
from yardstick.reports.renderers import palette


@pytest.mark.parametrize("band", list(Band))
def test_every_band_has_text_with_at_least_4_5_to_1_contrast_on_its_fill(band):
    swatch = palette.band_swatch(band)
    assert palette.contrast_ratio(swatch.fill, swatch.text) >= 4.5


@pytest.mark.parametrize("status", list(palette.STATUS_SWATCHES))
def test_every_key_action_status_has_readable_text_on_its_fill(status):
    swatch = palette.status_swatch(status)
    assert palette.contrast_ratio(swatch.fill, swatch.text) >= 4.5


def test_the_bands_use_the_gov_uk_palette():
    assert palette.band_swatch(Band.HIGH_GREEN).fill == "#00703c"
    assert palette.band_swatch(Band.LOW_GREEN).fill == "#85994b"
    assert palette.band_swatch(Band.AMBER) == palette.Swatch("#ffdd00", palette.BLACK)
    assert palette.band_swatch(Band.LOW_RED).fill == "#f47738"
    assert palette.band_swatch(Band.HIGH_RED) == palette.Swatch("#d4351c", palette.WHITE)


def test_contrast_ratio_runs_from_1_to_21():
    assert palette.contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert palette.contrast_ratio("#777777", "#777777") == pytest.approx(1)
