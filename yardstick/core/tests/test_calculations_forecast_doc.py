"""Every worked example in the "Year-end forecasts" section of docs/calculations.md is checked
here: the page cannot say one thing while the core does another."""

from __future__ import annotations

from pathlib import Path

import pytest

from yardstick.core.forecast import ForecastMethod, forecast_rating, last_year_profile, run_rate
from yardstick.core.periods import parse_period
from yardstick.core.ratings import Polarity
from yardstick.core.targets import parse_target
from yardstick.core.values import ValueType, format_value, parse_value

DOC = Path(__file__).resolve().parents[3] / "docs" / "calculations.md"
HEADER = ("method", "type", "period", "to date", "last year then", "last year's outturn")


def examples() -> list:
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("<!-- section: forecast") : text.index("<!-- end section: forecast")]
    found, in_table = [], False
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|"):
            in_table = False
        elif tuple(cells[:6]) == HEADER:
            in_table = True
        elif in_table and not set("".join(cells)) <= set("-: "):
            found.append(pytest.param(*cells, id=" ".join(cells[:4])))
    return found


def test_the_section_has_its_examples() -> None:
    assert len(examples()) >= 8
    assert {param.values[0] for param in examples()} == set(ForecastMethod)


@pytest.mark.parametrize(
    (
        "method",
        "value_type",
        "period_text",
        "to_date",
        "then",
        "outturn",
        "shows",
        "year_target",
        "band",
        "says",
    ),
    examples(),
)
def test_each_worked_example(
    method, value_type, period_text, to_date, then, outturn, shows, year_target, band, says
) -> None:
    kind = ValueType(value_type)
    period = parse_period(period_text)
    figure = parse_value(to_date, kind)
    if ForecastMethod(method) is ForecastMethod.RUN_RATE:
        forecast = run_rate(figure, period)
    else:
        forecast = last_year_profile(
            figure, period, parse_value(then or None, kind), parse_value(outturn or None, kind)
        )
    assert forecast.explanation == says
    assert (format_value(forecast.value) if forecast.value else "") == shows
    rating = forecast_rating(forecast, parse_target(year_target, kind), Polarity.HIGHER)
    assert (rating.band.value if rating.band else "") == band
