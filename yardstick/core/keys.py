"""Key files: a council's key (its bands, best first, and how far from target each reaches) in
TOML, read into a `Key` that `core.ratings.rate` rates by, and written back.

The format, with examples, is in docs/keys.md. A bad file is refused with the line at fault and
the reason (`KeyFileError`), so `yardstick rate --key`, an upload and a form say the same thing.
Today's five-band and three-band keys ship as key files (``keyfiles/``). Pure Python.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from yardstick.core.palette import band_swatch
from yardstick.core.ratings import (
    Band,
    Distance,
    Key,
    KeyBand,
    TrendAgainst,
    check_bands,
)
from yardstick.core.values import format_amount

__all__ = [
    "Key",
    "KeyBand",
    "KeyFileError",
    "bundled_key",
    "key_fields",
    "read_key",
    "write_key",
    "write_key_fields",
]

KEY_FILES = Path(__file__).resolve().parent / "keyfiles"
BUNDLED_KEYS = ("five-band", "three-band")  # five-band is the seeds' key, today's default

MAX_TEXT = 100_000  # characters in a key file
MAX_NAME = 200
MAX_LABEL = 40
MAX_MEANING = 200
MAX_BOUND = Decimal(1000)  # a bound is a distance of at most 1000 (% or points) either way
MAX_TOLERANCE = Decimal(1_000_000)  # in a measure's own units
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")

KEY_FIELDS = ("name", "distance", "trend_against", "zero_target_tolerance", "no_change_tolerance")
BAND_FIELDS = ("code", "label", "at_least", "above", "colour", "shape", "meaning")
CODES = ", ".join(band.value for band in Band)


class KeyFileError(ValueError):
    """A key file that cannot be used: the line at fault (from 1) and the reason."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason


@dataclass
class _Lines:
    """Where each field of a key file is written: the line of its first mention."""

    top: dict[str, int] = field(default_factory=dict)
    bands: list[dict[str, int]] = field(default_factory=list)  # "" is the [[bands]] line

    @classmethod
    def of(cls, text: str) -> _Lines:
        lines = cls()
        section = lines.top
        for number, line in enumerate(text.splitlines(), 1):
            if re.match(r"\s*\[\[\s*bands\s*\]\]", line):
                section = {"": number}
                lines.bands.append(section)
            elif header := re.match(r"\s*\[+\s*([^\].\s]+)", line):
                lines.top.setdefault(header.group(1).strip("\"'"), number)
                section = {}
            elif name := re.match(r"""\s*("[^"]*"|'[^']*'|[\w-]+)\s*[=.]""", line):
                section.setdefault(name.group(1).strip("\"'"), number)
        return lines

    def key(self, name: str) -> int:
        return self.top.get(name, 1)

    def band(self, index: int, *names: str) -> int:
        """The line of the band's first field named (its [[bands]] line when none is there)."""
        if index >= len(self.bands):
            return self.key("bands")
        written = self.bands[index]
        return next((written[name] for name in names if name in written), written[""])


def read_key(text: str) -> Key:
    """The key a key file describes. KeyFileError (line and reason) for a file that is not
    TOML, or is missing a field, has an unknown one, a value out of bounds, an unknown band
    code, bands out of order, a bound missing (or on the last band), both bounds on a band, or
    a colour or shape not the band's own."""
    if len(text) > MAX_TEXT:
        raise KeyFileError(1, f"a key file is at most {MAX_TEXT:,} characters")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        at = re.search(r"\s*\(at line (\d+), column \d+\)$", message)
        if at:
            line, reason = int(at.group(1)), message[: at.start()]
        else:
            line = text.count("\n") + 1
            reason = re.sub(r"\s*\(at end of document\)$", "", message)
        raise KeyFileError(line, f"not valid TOML: {reason}") from None
    lines = _Lines.of(text)
    _no_unknown(data, (*KEY_FIELDS, "bands"), lines.key, "a key")
    name = _text(data, "name", MAX_NAME, lines.key("name"), required=True)
    distance = _choice(data, "distance", Distance, Distance.PERCENT, lines.key("distance"))
    trend_against = _choice(
        data, "trend_against", TrendAgainst, TrendAgainst.BY_MEASURE, lines.key("trend_against")
    )
    zero = _number(data, "zero_target_tolerance", lines.key("zero_target_tolerance"))
    no_change = _number(data, "no_change_tolerance", lines.key("no_change_tolerance"))
    for tolerance, what in ((zero, "zero_target_tolerance"), (no_change, "no_change_tolerance")):
        if tolerance is not None and not 0 <= tolerance <= MAX_TOLERANCE:
            raise KeyFileError(
                lines.key(what), f"{what} is from 0 to {format_amount(MAX_TOLERANCE)}"
            )
    raw_bands = data.get("bands")
    if not isinstance(raw_bands, list) or not all(isinstance(band, dict) for band in raw_bands):
        raise KeyFileError(
            lines.key("bands"), "the key needs its bands: a [[bands]] table for each, best first"
        )
    bands = tuple(_read_band(index, raw, lines) for index, raw in enumerate(raw_bands))
    problem = check_bands(bands)
    if problem is not None:
        index, at_fault, reason = problem
        names = {"code": ("code",), "bound": ("at_least", "above"), "": ()}[at_fault]
        raise KeyFileError(lines.band(index, *names), reason)
    return Key(
        name=name,
        bands=bands,
        distance=distance,
        trend_against=trend_against,
        absolute_tolerance=zero or Decimal(0),
        no_change_tolerance=no_change,
    )


def _no_unknown(data: dict, known: tuple[str, ...], line_of, what: str) -> None:
    unknown = [name for name in data if name not in known]
    if unknown:
        name = min(unknown, key=line_of)
        raise KeyFileError(line_of(name), f"unknown field '{name}': {what} has {', '.join(known)}")


def _read_band(index: int, raw: dict, lines: _Lines) -> KeyBand:
    def line(*names: str) -> int:
        return lines.band(index, *names)

    _no_unknown(raw, BAND_FIELDS, line, "a band")
    written = _text(raw, "code", 5, line("code"), required=True)
    try:
        band = Band(written.strip().upper())
    except ValueError:
        raise KeyFileError(
            line("code"),
            f"unknown band code '{written}': a band's code is one of {CODES}, the codes every "
            "page, colour and kept rating uses",
        ) from None
    if "at_least" in raw and "above" in raw:
        raise KeyFileError(
            max(line("at_least"), line("above")),
            "a band has one bound, at_least = X or above = X, not both",
        )
    bound_name = "at_least" if "at_least" in raw else "above"
    bound = _number(raw, bound_name, line(bound_name))
    if bound is not None and abs(bound) > MAX_BOUND:
        raise KeyFileError(
            line(bound_name),
            f"{bound_name} is a distance from the target from -{MAX_BOUND} to {MAX_BOUND}",
        )
    colour = _text(raw, "colour", 7, line("colour"))
    own_colour = band_swatch(band).fill
    if colour and not COLOUR.fullmatch(colour):
        raise KeyFileError(line("colour"), f"bad colour '{colour}': write it as #rrggbb")
    if colour and colour.lower() != own_colour:
        raise KeyFileError(
            line("colour"),
            f"the colour of {band.value} is {own_colour} on every page and document "
            f"(core/palette.py), not {colour}: leave colour out or write {own_colour}",
        )
    shape = _text(raw, "shape", 2, line("shape"))
    if shape and shape != band.shape:
        raise KeyFileError(
            line("shape"),
            f"the shape of {band.value} is {band.shape} on every page and document, not "
            f"'{shape}': leave shape out or write {band.shape}",
        )
    return KeyBand(
        band=band,
        bound=bound,
        inclusive="above" not in raw,
        label=_text(raw, "label", MAX_LABEL, line("label")),
        meaning=_text(raw, "meaning", MAX_MEANING, line("meaning")),
        colour=colour,
        shape=shape,
    )


def _text(data: dict, name: str, longest: int, line: int, *, required: bool = False) -> str:
    value = data.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise KeyFileError(line, f'{name} is a text in quotes, such as {name} = "..."')
    if len(value) > longest:
        raise KeyFileError(line, f"{name} is at most {longest} characters")
    return value.strip()


def _choice(data: dict, name: str, choices, default, line: int):
    value = data.get(name, default.value)
    try:
        return choices(value)
    except ValueError:
        options = " or ".join(f'"{choice.value}"' for choice in choices)
        raise KeyFileError(line, f"{name} is {options}, not {value!r}") from None


def _number(data: dict, name: str, line: int) -> Decimal | None:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise KeyFileError(line, f"{name} is a number, such as {name} = 5")
    return Decimal(str(value))


def bundled_key_text(name: str) -> str:
    """The text of a key file that ships with Yardstick ('five-band', 'three-band')."""
    if name not in BUNDLED_KEYS:
        raise ValueError(f"no key file '{name}': there are {', '.join(BUNDLED_KEYS)}")
    return (KEY_FILES / f"{name}.toml").read_text(encoding="utf-8")


def bundled_key(name: str) -> Key:
    return read_key(bundled_key_text(name))


def write_key(key: Key) -> str:
    """The key file of ``key``, which `read_key` reads back as the same key."""
    lines = [f"name = {_quote(key.name)}", f'distance = "{key.distance.value}"']
    lines.append(f'trend_against = "{key.trend_against.value}"')
    lines.append(f"zero_target_tolerance = {_toml_number(key.absolute_tolerance)}")
    if key.no_change_tolerance is not None:
        lines.append(f"no_change_tolerance = {_toml_number(key.no_change_tolerance)}")
    for band in key.bands:
        lines += ["", "[[bands]]", f'code = "{band.band.value}"']
        if band.label:
            lines.append(f"label = {_quote(band.label)}")
        if band.bound is not None:
            bound = "at_least" if band.inclusive else "above"
            lines.append(f"{bound} = {_toml_number(band.bound)}")
        for name in ("colour", "shape", "meaning"):
            if getattr(band, name):
                lines.append(f"{name} = {_quote(getattr(band, name))}")
    return "\n".join(lines) + "\n"


# A form's fields: the key's own (KEY_FIELDS), and each band's (its bound as kind and number).
FORM_BAND_FIELDS = ("code", "label", "bound_kind", "bound", "meaning")
BOUND_KINDS = ("at_least", "above")
TYPED_NUMBER = re.compile(r"[+-]?\d{1,30}(?:\.\d{1,30})?")


def key_fields(key: Key) -> tuple[dict[str, str], list[dict[str, str]]]:
    """``key`` as a form shows it, every field as text: the key's own fields, and each band's
    code, label, bound_kind (at_least or above), bound and meaning. `write_key_fields` writes
    them back as the key file of the same key (less any colour or shape, always the band's own)."""
    fields = {
        "name": key.name,
        "distance": key.distance.value,
        "trend_against": key.trend_against.value,
        "zero_target_tolerance": _toml_number(key.absolute_tolerance),
        "no_change_tolerance": (
            "" if key.no_change_tolerance is None else _toml_number(key.no_change_tolerance)
        ),
    }
    bands = [
        {
            "code": band.band.value,
            "label": band.label,
            "bound_kind": "at_least" if band.inclusive else "above",
            "bound": "" if band.bound is None else _toml_number(band.bound),
            "meaning": band.meaning,
        }
        for band in key.bands
    ]
    return fields, bands


def write_key_fields(
    fields: dict[str, str], bands: list[dict[str, str]]
) -> tuple[str, dict[int, tuple[int | None, str]]]:
    """The key file of a key's fields as a form holds them (text as typed; see `key_fields`),
    and which field each of its lines holds: (None, field) for the key's own, (band index,
    field) for a band's, (band index, "") for its [[bands]] line, (None, "bands") for a key
    without bands. So `read_key` judges a form by the rules it judges a file by, and its
    `KeyFileError.line` says which field is at fault. A number field is written as a number
    when it reads as one and as a text otherwise, which `read_key` refuses with its own reason
    ("at_least is a number"); a blank field is left out, but for the name and a band's code,
    which are required; a bound of an unknown kind is written under that name, an unknown
    field."""
    lines: list[str] = []
    where: dict[int, tuple[int | None, str]] = {}

    def put(line: str, index: int | None, name: str) -> None:
        lines.append(line)
        where[len(lines)] = (index, name)

    put(f"name = {_quote(fields.get('name', ''))}", None, "name")
    for name in ("distance", "trend_against"):
        if fields.get(name, "").strip():
            put(f"{name} = {_quote(fields[name].strip())}", None, name)
    for name in ("zero_target_tolerance", "no_change_tolerance"):
        if fields.get(name, "").strip():
            put(f"{name} = {_typed_number(fields[name])}", None, name)
    if not bands:
        put("bands = []", None, "bands")
    for index, band in enumerate(bands):
        lines.append("")
        put("[[bands]]", index, "")
        put(f"code = {_quote(band.get('code', '').strip())}", index, "code")
        if band.get("label", "").strip():
            put(f"label = {_quote(band['label'])}", index, "label")
        if band.get("bound", "").strip():
            kind = band.get("bound_kind", "").strip() or "at_least"
            kind = kind if kind in BOUND_KINDS else _quote(kind)
            put(f"{kind} = {_typed_number(band['bound'])}", index, "bound")
        if band.get("meaning", "").strip():
            put(f"meaning = {_quote(band['meaning'])}", index, "meaning")
    return "\n".join(lines) + "\n", where


def _typed_number(typed: str) -> str:
    typed = typed.strip()
    return _toml_number(Decimal(typed)) if TYPED_NUMBER.fullmatch(typed) else _quote(typed)


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    for character, escape in (("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t")):
        escaped = escaped.replace(character, escape)
    return f'"{escaped}"'


def _toml_number(amount: Decimal) -> str:
    """A TOML number that reads back as ``amount``: 5, -2.5."""
    text = format(amount.normalize(), "f")
    return text if text != "-0" else "0"
