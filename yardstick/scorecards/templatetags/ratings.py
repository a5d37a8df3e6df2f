from django import template

from yardstick.core.ratings import Band

register = template.Library()


@register.filter
def band_shape(band) -> str:
    """The shape printed beside a band, so a rating is never carried by colour alone."""
    try:
        return Band(band).shape
    except ValueError:
        return ""
