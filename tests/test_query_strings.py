"""Every value put in a link's query string is URL-encoded (issue 9): `|urlencode` in a
template, `urllib.parse.urlencode` in Python. A period's key has a space ('2018-19 Q2'); a
slug or a name with '&', '#' or '+' in it would otherwise end the value early or change it.

The test scans every template and every module of the app for a query value written in
without encoding, and first shows that its patterns catch the shapes it is looking for (the
scorecard pages' links and `scorecards.views.scorecard_url` were written that way). A place
that may stay as it is is listed in ALLOWED with the file, the value and the reason.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.template import Context, Template

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted(
    [*ROOT.glob("templates/**/*.html"), *ROOT.glob("yardstick/**/templates/**/*.html")]
)
MODULES = sorted(path for path in ROOT.glob("yardstick/**/*.py") if "tests" not in path.parts)

# '?name={{ value }}' or '&name={{ value }}' (or '&amp;name='): the value's filters must
# include urlencode.
TEMPLATE_VALUE = re.compile(r"[?&](?:amp;)?[\w.-]+=\{\{\s*(?P<value>[^}]*?)\s*\}\}")
# f"...?name={value}" or f"...&name={value}" in Python.
PYTHON_VALUE = re.compile(r"[?&][\w.-]+=\{(?P<value>[^}]*)\}")

# (file, the value as written): why it may stay unencoded.
ALLOWED = {
    ("yardstick/imports/templates/imports/index.html", "organisation.slug"): (
        "a SlugField: letters, digits, hyphens and underscores only, which need no encoding "
        "(yardstick/imports is another branch's this round: encode it there when next touched)"
    ),
}


def template_problems(path: str, text: str) -> list[str]:
    problems = []
    for match in TEMPLATE_VALUE.finditer(text):
        value = match.group("value")
        filters = [part.strip().split(":")[0] for part in value.split("|")[1:]]
        if "urlencode" in filters or (path, value) in ALLOWED:
            continue
        line = text.count("\n", 0, match.start()) + 1
        problems.append(f"{path}:{line}: {match.group(0)} is not |urlencode'd")
    return problems


def python_problems(path: str, text: str) -> list[str]:
    problems = []
    for match in PYTHON_VALUE.finditer(text):
        if (path, match.group("value")) in ALLOWED:
            continue
        line = text.count("\n", 0, match.start()) + 1
        problems.append(f"{path}:{line}: {match.group(0)} is not built with urlencode")
    return problems


def relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_the_patterns_catch_a_query_value_written_in_unencoded():
    before = "<a href=\"{% url 'scorecards:overview' %}?period={{ period.key }}\">Overview</a>"
    after = "<a href=\"{% url 'scorecards:overview' %}?period={{ period.key|urlencode }}\">"
    assert template_problems("x.html", before) == [
        "x.html:1: ?period={{ period.key }} is not |urlencode'd"
    ]
    assert template_problems("x.html", after) == []
    assert template_problems("x.html", '<a href="?a=1&amp;b={{ b|lower }}">') == [
        "x.html:1: &amp;b={{ b|lower }} is not |urlencode'd"
    ]
    assert python_problems("x.py", 'return f"{url}?period={period.key}"') == [
        "x.py:1: ?period={period.key} is not built with urlencode"
    ]
    assert python_problems("x.py", "return f\"{url}?{urlencode({'period': key})}\"") == []


def test_the_scan_finds_the_files_it_should():
    assert any(path.name == "_scorecard_table.html" for path in TEMPLATES)
    assert any(relative(path) == "yardstick/scorecards/views.py" for path in MODULES)
    assert all("tests" not in path.parts for path in MODULES)


def test_every_query_value_in_a_template_is_url_encoded():
    problems = [
        problem
        for path in TEMPLATES
        for problem in template_problems(relative(path), path.read_text(encoding="utf-8"))
    ]
    assert problems == []


def test_every_query_value_built_in_python_is_url_encoded():
    problems = [
        problem
        for path in MODULES
        for problem in python_problems(relative(path), path.read_text(encoding="utf-8"))
    ]
    assert problems == []


def test_every_allowed_exception_is_still_there():
    """An exception that no longer matches anything is removed, so the list stays true."""
    for path, value in ALLOWED:
        text = (ROOT / path).read_text(encoding="utf-8")
        assert f"={{{{ {value} }}}}" in text, (path, value)


@pytest.mark.parametrize("key", ["2018-19 Q2", "a&b=c#d+e"])
def test_a_period_key_survives_the_round_trip(key):
    """What the scorecard links carry is read back as the key itself."""
    from yardstick.scorecards.views import scorecard_url

    class Card:
        financial_year, slug = 2018, "better"

    class Period:
        pass

    period = Period()
    period.key = key
    url = scorecard_url(Card(), period)
    assert parse_qs(urlsplit(url).query) == {"period": [key]}
    link = Template("?period={{ key|urlencode }}").render(Context({"key": key}))
    assert parse_qs(link.removeprefix("?")) == {"period": [key]}
