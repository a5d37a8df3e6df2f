"""Every table sits in its own scroll region (issue 15, phones): on a 390 px screen a wide
table scrolls inside a focusable, named region and the page never scrolls sideways. The
region's markup has one home, the `{% scrolls %}` tag (yardstick/layout.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Template, TemplateSyntaxError

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted(
    [*ROOT.glob("yardstick/**/templates/**/*.html"), *ROOT.glob("templates/**/*.html")]
)
MARKS = re.compile(r"\{% scrolls |\{% endscrolls %\}|<table\b")


def unwrapped_tables(text: str) -> list[int]:
    """The lines of the <table>s outside any {% scrolls %} ... {% endscrolls %}."""
    depth, lines = 0, []
    for match in MARKS.finditer(text):
        mark = match.group(0)
        if mark.startswith("{% scrolls"):
            depth += 1
        elif mark.startswith("{% endscrolls"):
            depth -= 1
        elif depth == 0:
            lines.append(text.count("\n", 0, match.start()) + 1)
    return lines


def test_every_template_table_is_in_a_scroll_region():
    assert len(TEMPLATES) > 50
    bare = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in TEMPLATES
        for line in unwrapped_tables(path.read_text())
    ]
    assert not bare, "tables outside {% scrolls %}:\n" + "\n".join(bare)


def test_the_region_markup_has_one_home():
    written = [
        str(path.relative_to(ROOT))
        for path in TEMPLATES
        if 'class="table-scroll' in path.read_text()
    ]
    assert not written, f"write {{% scrolls %}} instead of the region's markup: {written}"


def test_the_tag_names_the_region_by_its_caption_or_a_label():
    html = Template(
        '{% scrolls labelledby="t-{{ id }}-caption" %}<table></table>{% endscrolls %}'
        '{% scrolls label="Chart of {{ name }}" class="chart-scroll" %}<svg></svg>{% endscrolls %}'
    ).render(Context({"id": 7, "name": 'A "B" & C'}))
    assert html == (
        '<div class="table-scroll" role="region" aria-labelledby="t-7-caption" tabindex="0">'
        "<table></table></div>"
        '<div class="table-scroll chart-scroll" role="region" '
        'aria-label="Chart of A &quot;B&quot; &amp; C" tabindex="0"><svg></svg></div>'
    )


@pytest.mark.parametrize(
    "tag",
    [
        "{% scrolls %}",
        '{% scrolls labelledby="a" label="b" %}',
        '{% scrolls title="a" %}',
        "{% scrolls labelledby=caption %}",
    ],
)
def test_a_region_without_exactly_one_name_is_a_template_error(tag):
    with pytest.raises(TemplateSyntaxError):
        Template(tag + "<table></table>{% endscrolls %}")
