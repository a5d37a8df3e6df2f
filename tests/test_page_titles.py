"""Every page's title ends the same way: what the page is, an en dash, then the site (or, on
the public site, the council): "Publish Q3 2018/19 – Yardstick", as GOV.UK writes its titles.
Two spellings of the separator (a hyphen on some pages, a dash on others) read as two
products in a browser's tabs and a screen reader's window list."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TITLE = re.compile(r"{% block title %}(.*?){% endblock %}", re.S)
SITE = re.compile(r" – (Yardstick|{{ organisation\.name }})$")


def title_blocks():
    for path in sorted((ROOT / "yardstick").rglob("*.html")) + sorted(
        (ROOT / "templates").rglob("*.html")
    ):
        if "/admin/" in path.as_posix():  # Django's admin writes its own titles
            continue
        for match in TITLE.finditer(path.read_text(encoding="utf-8")):
            yield path.relative_to(ROOT), match.group(1)


def test_every_page_title_ends_with_an_en_dash_and_the_site():
    found = list(title_blocks())
    assert len(found) > 50
    wrong = [
        f"{path}: {title}"
        for path, title in found
        if title != "Yardstick" and not SITE.search(title)
    ]
    assert not wrong, "\n".join(wrong)
