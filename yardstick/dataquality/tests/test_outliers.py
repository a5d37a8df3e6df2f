"""Outliers: figures of the period far from the measure's own history, confirmed or not."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from yardstick.dataquality.queries import choosable_periods, data_quality
from yardstick.dataquality.tests.conftest import (
    CURRENT,
    HISTORY,
    QUARTERS,
    TODAY,
    figure,
    measure,
)
from yardstick.measures.models import FigureStatus

pytestmark = pytest.mark.django_db


def with_history(council, quarters, code, amounts=HISTORY, **fields):
    """A measure with `amounts` in the quarters before 2018/19 Q3, the last one latest."""
    found = measure(council, code, **fields)
    earlier = QUARTERS[: QUARTERS.index(CURRENT)][-len(amounts) :] if amounts else []
    for key, amount in zip(earlier, amounts, strict=True):
        figure(found, quarters[key], amount, status=FigureStatus.PUBLISHED)
    return found


def report_for(council, quarters):
    return data_quality(council.id, quarters[CURRENT], choosable_periods(council.id), TODAY)


def test_a_figure_far_from_the_measures_history_is_an_outlier(council, quarters):
    far = with_history(council, quarters, "FAR")
    usual = with_history(council, quarters, "USUAL")
    figure(far, quarters[CURRENT], "104")
    figure(usual, quarters[CURRENT], "53")
    report = report_for(council, quarters)
    [flagged] = report.outliers
    assert flagged.measure == far
    assert flagged.printed == "104%"
    assert flagged.median == "52%"
    assert flagged.outlier.reason == (
        "much higher than usual: the last 10 quarters were 49% to 55%"
    )
    assert (report.outliers_checked, report.outliers_not_judged) == (2, 0)


def test_a_figure_with_too_little_history_is_checked_but_not_judged(council, quarters):
    short = with_history(council, quarters, "SHORT", amounts=["50", "51", "52"])
    figure(short, quarters[CURRENT], "500")
    report = report_for(council, quarters)
    assert report.outliers == ()
    assert (report.outliers_checked, report.outliers_not_judged) == (1, 1)


def test_drafts_in_the_history_are_left_out(council, quarters):
    found = with_history(council, quarters, "DRAFTY", amounts=HISTORY[:7])
    figure(found, quarters["2016-17 Q3"], "52", status=FigureStatus.DRAFT)
    figure(found, quarters[CURRENT], "104")
    assert report_for(council, quarters).outliers_not_judged == 1  # 7 submitted, 8 needed


def test_an_outlier_confirmed_by_its_owner_shows_the_owners_note(
    client, council, quarters, team, today
):
    confirmed = with_history(council, quarters, "CONF")
    unconfirmed = with_history(council, quarters, "UNCONF")
    figure(
        confirmed,
        quarters[CURRENT],
        "104",
        outlier_confirmed=True,
        outlier_note="A new care home opened in the quarter.",
    )
    figure(unconfirmed, quarters[CURRENT], "5")
    client.force_login(team)
    html = client.get(reverse("dataquality:page")).content.decode()
    table = re.search(r"<caption[^>]*>Outliers in Q3 2018/19</caption>(.*?)</table>", html, re.S)[1]
    rows = {
        code: row
        for row in table.split("</tr>")
        for code in ("CONF", "UNCONF")
        if f">{code} Measure {code}</a>" in row
    }
    assert "Confirmed: “A new care home opened in the quarter.”" in rows["CONF"]
    assert "Not confirmed" not in rows["CONF"]
    assert '<strong class="tag">Not confirmed</strong>' in rows["UNCONF"]
    assert "2 figures, 1 not confirmed by the owner" in html
