"""The performance team's choice of the Q2 2018/19 report's key challenges
(data/key_challenges.toml): the rule's list less the measures the council's report did not
discuss, in the report's order, made through the services as the team would make it."""

from __future__ import annotations

import tomllib
from pathlib import Path

from yardstick.accounts.access import access_for
from yardstick.framework.models import Period
from yardstick.measures.models import Measure
from yardstick.organisations.models import Organisation
from yardstick.scorecards import services
from yardstick.scorecards.challenges import scorecard_challenges
from yardstick.scorecards.models import Scorecard, ScorecardEntry
from yardstick.scorecards.rows import build_scorecard

DATA = Path(__file__).parent / "data" / "key_challenges.toml"


def choose_key_challenges(organisation_: Organisation, performance) -> int:
    """Leave out and order the key challenges as the council's report listed them; returns
    how many are listed."""
    with DATA.open("rb") as file:
        chosen = tomllib.load(file)
    period = Period.objects.filter(
        organisation=organisation_, key=chosen["period"], type="quarter"
    ).first()
    if period is None:
        return 0
    access = access_for(performance, organisation_.pk)
    listed = 0
    for theme in chosen["theme"]:
        scorecard = Scorecard.objects.filter(
            organisation=organisation_, title=theme["scorecard"], theme__isnull=False
        ).first()
        if scorecard is None:
            continue
        numbers = dict(
            ScorecardEntry.objects.filter(scorecard=scorecard).values_list("number", "measure_id")
        )
        order = [numbers[number] for number in theme["listed"] if number in numbers]
        report = build_scorecard(scorecard, period, access)
        for challenge in scorecard_challenges([report], access)[scorecard.pk]:
            if challenge.measure_id not in order:
                services.choose_challenge(
                    scorecard,
                    period,
                    Measure.objects.get(pk=challenge.measure_id),
                    "leave_out",
                    access,
                    performance,
                    reason=chosen["reason"],
                )
        services.order_challenges(scorecard, period, order, access, performance)
        listed += len(order)
    return listed
