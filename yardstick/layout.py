"""Template tags every page may use without `{% load %}` (a builtin: settings.TEMPLATES).

`{% scrolls labelledby="x-caption" %}<table>...</table>{% endscrolls %}` (or `label="..."`)
puts a table in its own scroll region: on a phone a wide table scrolls inside the region and
the page never scrolls sideways. The region is focusable (tabindex=0) so a keyboard can
scroll it, and named (role=region with the table's caption or a label) so a screen reader
says what it is. This is the one place the wrapper's markup is written; the stylesheet's
`.table-scroll` rule is its look.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html

register = template.Library()

NAMES = ("labelledby", "label")


class ScrollNode(template.Node):
    def __init__(self, nodelist, name: str, value, extra_class: str):
        self.nodelist, self.name, self.value, self.extra_class = nodelist, name, value, extra_class

    def render(self, context) -> str:
        value = self.value.render(context)
        extra = f" {self.extra_class}" if self.extra_class else ""
        return format_html(
            '<div class="table-scroll{}" role="region" aria-{}="{}" tabindex="0">{}</div>',
            extra,
            self.name,
            value,
            self.nodelist.render(context),
        )


@register.tag
def scrolls(parser, token):
    """`{% scrolls labelledby="<id>" %}` or `{% scrolls label="<text>" %}`, optionally with
    `class="<more classes>"`; closed by `{% endscrolls %}`. The quoted name may hold
    `{{ variables }}`, rendered (and escaped) as in a template."""
    kwargs = {}
    for bit in token.split_contents()[1:]:
        name, _, value = bit.partition("=")
        if len(value) < 2 or value[0] not in "\"'" or value[-1] != value[0]:
            raise template.TemplateSyntaxError(
                f'{{% scrolls %}}: {bit!r} is not name="quoted text"'
            )
        kwargs[name] = value[1:-1]
    names = [name for name in NAMES if name in kwargs]
    unknown = set(kwargs) - set(NAMES) - {"class"}
    if len(names) != 1 or unknown:
        raise template.TemplateSyntaxError(
            "{% scrolls %} takes exactly one of labelledby=... or label=... (and class=...)"
        )
    nodelist = parser.parse(("endscrolls",))
    parser.delete_first_token()
    name = names[0]
    # The name may hold {{ variables }} (an id made from a loop's item): a small template.
    inner = template.base.Parser(template.base.Lexer(kwargs[name]).tokenize(), origin=parser.origin)
    inner.tags, inner.filters = parser.tags, parser.filters
    value = inner.parse()
    return ScrollNode(nodelist, name, value, kwargs.get("class", ""))
