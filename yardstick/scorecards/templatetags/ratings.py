from django import template

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
