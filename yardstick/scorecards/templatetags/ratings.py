import functools
import hashlib

from django import template
from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe

from yardstick.core import palette
from yardstick.core.ratings import Band

register = template.Library()


@register.filter
def band_shape(band) -> str:
    """The shape printed beside a band, so a rating is never carried by colour alone."""
    try:
        return Band(band).shape
    except ValueError:
        return ""


@register.filter
def fill_class(cell) -> str:
    """The palette's class that colours a whole rating cell (the printed report): the band's,
    grey for a cell with a target or a figure but no rating, none for an empty cell."""
    return "" if cell.is_blank else palette.band_class(cell.band)


@register.filter
def in_sections(rows, by_section: bool = False) -> list[tuple[str, list]]:
    """`rows` as [(section title, rows)]: consecutive rows of a section together when
    `by_section` and there is more than one section; else one untitled group. No rows, no
    groups."""
    rows = list(rows)
    if not rows:
        return []
    if not by_section or len({row.section for row in rows}) < 2:
        return [("", rows)]
    groups: list[tuple[str, list]] = []
    for row in rows:
        if groups and groups[-1][0] == row.section:
            groups[-1][1].append(row)
        else:
            groups.append((row.section, [row]))
    return groups


@register.filter
def band_class(band) -> str:
    """The palette's class for a band's colours ('band-hg'); 'band-none' for no band."""
    return palette.band_class(Band(band) if band else None)


ROW_TEMPLATE = "scorecards/_scorecard_row.html"
ROW_FLAGS = ("link_measures", "as_report", "for_print", "period_only")


def row_fingerprint(row) -> str:
    """Everything one scorecard row's HTML is drawn from (_scorecard_row.html, with
    _band.html and _reason.html): two rows with the same fingerprint print the same."""
    parts = [row.number, row.code, row.title, row.good_is, row.trend or "", row.trend_symbol]
    parts += [row.trend_text, row.trend_reason, *row.remarks, repr(row.spc), repr(row.forecast)]
    parts += [repr(row.benchmark)]
    for cell in row.cells:
        parts += [cell.period_label, cell.target, cell.actual, cell.data_covers, cell.band_code]
        parts += [cell.reason, "restated" if cell.restated else "", cell.disagreement]
    return "\x1f".join(parts)


@functools.cache
def _templates_digest() -> str:
    """The row's templates as deployed: a new release draws its rows afresh."""
    sources = (
        get_template(name).template.source
        for name in (ROW_TEMPLATE, "partials/_band.html", "partials/_reason.html")
    )
    return hashlib.blake2b("\x1e".join(sources).encode(), digest_size=8).hexdigest()


@register.simple_tag(takes_context=True)
def scorecard_rows(context, rows) -> str:
    """The <tr>s of `rows`, each drawn by _scorecard_row.html with the table's flags.

    A scorecard of 2,000 measures draws some 14,000 small templates; a row's HTML depends
    only on what it shows, so each is kept in the cache under a digest of that
    (`row_fingerprint`), the flags, the URL prefix and the templates themselves, and drawn
    only when it is not there. The key is the content: no entry is ever stale, and every
    worker draws the same row alike. With DEBUG on (templates edited while the server runs)
    every row is drawn afresh."""
    rows = list(rows)
    if not rows:
        return ""
    flags = {name: bool(context.get(name)) for name in ROW_FLAGS}
    template = get_template(ROW_TEMPLATE).template

    def draw(row) -> str:
        with context.push(row=row, **flags):
            return template.render(context)

    if settings.DEBUG:
        return mark_safe("".join(draw(row) for row in rows))
    prefix = "|".join(
        ["yardstick:row", _templates_digest(), get_script_prefix(), *map(str, flags.values())]
    )
    keys = [
        prefix + hashlib.blake2b(row_fingerprint(row).encode(), digest_size=16).hexdigest()
        for row in rows
    ]
    found = cache.get_many(keys)
    drawn = {}
    for key, row in zip(keys, rows, strict=True):
        if key not in found:
            drawn[key] = found[key] = draw(row)
    if drawn:
        cache.set_many(drawn)
    return mark_safe("".join(found[key] for key in keys))


FIELDS_TEMPLATE = "scorecards/_filter_fields.html"


def fields_fingerprint(form) -> str:
    """Everything a filter form's fields are drawn from (_filter_fields.html and Django's
    widget templates): each field's name, label, widget and its attributes, choices, value
    and errors, in order. Two forms with the same fingerprint draw the same fields."""
    parts = [type(form).__qualname__, str(form.prefix), str(form.auto_id)]
    for field in form:
        widget = field.field.widget
        parts += [field.name, str(field.label), type(widget).__qualname__, repr(widget.attrs)]
        parts += [repr(field.field.required), repr(field.field.disabled), repr(field.value())]
        parts += [repr(list(getattr(field.field, "choices", ()))), repr(list(field.errors))]
    return "\x1f".join(parts)


@register.simple_tag
def filter_fields(form) -> str:
    """A filter form's fields (_filter_fields.html), kept in the cache under a digest of what
    they are drawn from (`fields_fingerprint`) and the template. Django draws each option
    of a select and each ticked box through a template of its own: a scorecard's filters
    with a few years of periods cost some 10 ms a page, the same for every reader of it.
    The key is the content, so no entry is ever stale. With DEBUG on they are drawn afresh."""
    template = get_template(FIELDS_TEMPLATE)
    if settings.DEBUG:
        return template.render({"form": form})
    digest = hashlib.blake2b(
        "\x1e".join([template.template.source, fields_fingerprint(form)]).encode(),
        digest_size=16,
    ).hexdigest()
    key = f"yardstick:fields:{digest}"
    drawn = cache.get(key)
    if drawn is None:
        drawn = template.render({"form": form})
        cache.set(key, drawn)
    return mark_safe(drawn)
