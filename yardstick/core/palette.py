"""The colours of the rating bands and of key actions' statuses: one palette for the pages'
stylesheet (static/bands.css, written from here by `make assets`), the measure chart and every
document (HTML, PDF, Word, Excel).

GOV.UK's palette. Each fill has the text colour that gives it at least 4.5:1 contrast (WCAG
2.2 AA for normal text); the text label and a shape always go with the colour, so no rating is
carried by colour alone. Pure data, and the pure functions that print it.
"""

from __future__ import annotations

from dataclasses import dataclass

from yardstick.core.ratings import Band
from yardstick.core.spc import PointType

BLACK = "#0b0c0c"
WHITE = "#ffffff"
TINT_SHARE = 0.2  # a tint is this share of the fill over white: the chart's band strips


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

    @property
    def tint(self) -> str:
        """The fill faded to a fifth over white, '#cce2d8' for '#00703c': a background that
        lines, points and text stay readable on."""
        channels = _channels(self.fill)
        mixed = (round(255 - (255 - channel) * TINT_SHARE) for channel in channels)
        return "#" + "".join(f"{channel:02x}" for channel in mixed)


HIGH_GREEN = Swatch("#00703c", WHITE)
LOW_GREEN = Swatch("#85994b", BLACK)
AMBER = Swatch("#ffdd00", BLACK)
LOW_RED = Swatch("#f47738", BLACK)
HIGH_RED = Swatch("#d4351c", WHITE)
BLUE = Swatch("#1d70b8", WHITE)
GREY = Swatch("#f3f2f1", BLACK)

BAND_SWATCHES = {
    Band.BLUE: BLUE,
    Band.HIGH_GREEN: HIGH_GREEN,
    Band.LOW_GREEN: LOW_GREEN,
    Band.AMBER: AMBER,
    Band.LOW_RED: LOW_RED,
    Band.HIGH_RED: HIGH_RED,
    Band.GREEN: HIGH_GREEN,
    Band.RED: HIGH_RED,
}
NOT_RATED = GREY

# Key actions, by status ('' when there is no update this period).
STATUS_SWATCHES = {
    "green": HIGH_GREEN,
    "amber": AMBER,
    "red": HIGH_RED,
    "completed": BLUE,
    "": GREY,
}


# SPC charts, by the class of each point: Making Data Count's colours (grey, blue, orange,
# purple), darkened where theirs fall short of 3:1 against white (WCAG 2.2's 1.4.11 for
# graphics), each with a shape of its own so no class is told by colour alone.
SPC_SWATCHES = {
    PointType.COMMON_CAUSE: (Swatch("#6f777b", WHITE), "circle"),
    PointType.IMPROVEMENT: (Swatch("#1d70b8", WHITE), "square"),
    PointType.CONCERN: (Swatch("#e46c0a", BLACK), "diamond"),
    PointType.NEUTRAL_HIGH: (Swatch("#4c2c92", WHITE), "triangle-up"),
    PointType.NEUTRAL_LOW: (Swatch("#4c2c92", WHITE), "triangle-down"),
}


def band_swatch(band: Band | None) -> Swatch:
    return BAND_SWATCHES[band] if band else NOT_RATED


def status_swatch(status: str) -> Swatch:
    return STATUS_SWATCHES.get(status, GREY)


def band_class(band: Band | None) -> str:
    """The stylesheet's class for a band's colours: 'band-hg'; 'band-none' when not rated."""
    return f"band-{band.value.lower()}" if band else "band-none"


def status_class(status: str) -> str:
    """The stylesheet's class for a key action's status: 'status-amber', 'status-none'."""
    return f"status-{status or 'none'}"


def css() -> str:
    """The colour rules of every band, 'not rated' and every key-action status: the text of
    static/bands.css, which the pages link and the documents carry inside them."""
    rules = [(band_class(band), swatch) for band, swatch in BAND_SWATCHES.items()]
    rules.append((band_class(None), NOT_RATED))
    rules.extend((status_class(status), swatch) for status, swatch in STATUS_SWATCHES.items())
    lines = [
        "/* Band and status colours, written from yardstick/core/palette.py by `make assets`:",
        "   edit the palette, not this file (a test checks the two agree). */",
    ]
    lines.extend(
        f".{name} {{ background-color: {swatch.fill}; color: {swatch.text}; }}"
        for name, swatch in rules
    )
    return "\n".join(lines) + "\n"


def _channels(colour: str) -> tuple[int, int, int]:
    digits = colour.removeprefix("#")
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _luminance(colour: str) -> float:
    channels = [channel / 255 for channel in _channels(colour)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio of two '#rrggbb' colours, 1 to 21."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


if __name__ == "__main__":
    print(css(), end="")
