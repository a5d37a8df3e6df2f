"""The colours of the bands and key-action statuses, shared by every renderer.

GOV.UK's palette. Each fill has the text colour that gives it at least 4.5:1 contrast (WCAG
2.2 AA for normal text); the text label and a shape always go with the colour, so no rating is
carried by colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from yardstick.core.ratings import Band

BLACK = "#0b0c0c"
WHITE = "#ffffff"


@dataclass(frozen=True)
class Swatch:
    fill: str  # "#00703c"
    text: str

    @property
    def fill_hex(self) -> str:
        """'00703C', as Word and Excel want it."""
        return self.fill.removeprefix("#").upper()

    @property
    def text_hex(self) -> str:
        return self.text.removeprefix("#").upper()


HIGH_GREEN = Swatch("#00703c", WHITE)
LOW_GREEN = Swatch("#85994b", BLACK)
AMBER = Swatch("#ffdd00", BLACK)
LOW_RED = Swatch("#f47738", BLACK)
HIGH_RED = Swatch("#d4351c", WHITE)
BLUE = Swatch("#1d70b8", WHITE)
GREY = Swatch("#f3f2f1", BLACK)

BAND_SWATCHES = {
    Band.HIGH_GREEN: HIGH_GREEN,
    Band.LOW_GREEN: LOW_GREEN,
    Band.AMBER: AMBER,
    Band.LOW_RED: LOW_RED,
    Band.HIGH_RED: HIGH_RED,
    Band.GREEN: HIGH_GREEN,
    Band.RED: HIGH_RED,
}
NOT_RATED = GREY

# Key actions: an ActionStatus value ('' when there is no update this period).
STATUS_SWATCHES = {
    "green": HIGH_GREEN,
    "amber": AMBER,
    "red": HIGH_RED,
    "completed": BLUE,
    "": GREY,
}


def band_swatch(band: Band | None) -> Swatch:
    return BAND_SWATCHES[band] if band else NOT_RATED


def status_swatch(status: str) -> Swatch:
    return STATUS_SWATCHES.get(status, GREY)


def _luminance(colour: str) -> float:
    channels = [int(colour.removeprefix("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio of two '#rrggbb' colours, 1 to 21."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
