"""A filter form's fields are drawn once and then read from the cache (the filter_fields tag),
and a form that differs in anything it shows is never given another's HTML."""

from __future__ import annotations

from types import SimpleNamespace

from django.http import QueryDict
from django.template.loader import get_template

from yardstick.scorecards.forms import ScorecardFilterForm
from yardstick.scorecards.templatetags import ratings

PERIODS = [SimpleNamespace(key=f"2018-19 Q{q}", label=f"Q{q} 2018/19") for q in (1, 2, 3)]


def form(query: str, periods=PERIODS, directorates=("People", "Resources")):
    bound = ScorecardFilterForm(QueryDict(query), periods=periods, directorates=directorates)
    bound.is_valid()
    return bound


def fresh(bound) -> str:
    return get_template(ratings.FIELDS_TEMPLATE).render({"form": bound})


def test_the_fields_from_the_cache_are_what_a_fresh_drawing_gives(settings):
    settings.DEBUG = False
    for query in ("period=2018-19+Q2", "period=2018-19+Q3&band=LR&band=HR", "sort=nonsense"):
        first = ratings.filter_fields(form(query))
        again = ratings.filter_fields(form(query))
        assert first == again == fresh(form(query))


def test_a_second_drawing_of_the_same_fields_is_read_from_the_cache(settings, monkeypatch):
    settings.DEBUG = False
    ratings.filter_fields(form("period=2018-19+Q1&polarity=higher"))
    drawn = []
    template = get_template(ratings.FIELDS_TEMPLATE)
    monkeypatch.setattr(template, "render", lambda *args: drawn.append(args) or "")
    monkeypatch.setattr(ratings, "get_template", lambda name: template)
    ratings.filter_fields(form("period=2018-19+Q1&polarity=higher"))
    assert drawn == []
    ratings.filter_fields(form("period=2018-19+Q1&polarity=lower"))
    assert len(drawn) == 1


def test_fields_that_differ_in_what_they_show_are_drawn_each_their_own(settings):
    settings.DEBUG = False
    chosen = ratings.filter_fields(form("period=2018-19+Q2"))
    assert 'value="2018-19 Q2" selected' in chosen
    other_period = ratings.filter_fields(form("period=2018-19+Q3"))
    assert 'value="2018-19 Q3" selected' in other_period
    more_periods = [*PERIODS, SimpleNamespace(key="2019-20 Q1", label="Q1 2019/20")]
    assert "Q1 2019/20" in ratings.filter_fields(form("period=2018-19+Q2", periods=more_periods))
    other_units = ratings.filter_fields(form("period=2018-19+Q2", directorates=("Places",)))
    assert "Places" in other_units and "Resources" not in other_units
    refused = ratings.filter_fields(form("period=2018-19+Q2&sort=nonsense"))
    assert refused == fresh(form("period=2018-19+Q2&sort=nonsense")) != chosen
