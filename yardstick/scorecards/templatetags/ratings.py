from django import template

from yardstick.core.ratings import Band
from yardstick.reports.scorecard import SHAPES

register = template.Library()


@register.filter
def band_shape(band) -> str:
    """The shape printed beside a band, so a rating is never carried by colour alone."""
    try:
        return SHAPES.get(Band(band), "")
    except ValueError:
        return ""
