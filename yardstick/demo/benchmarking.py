"""The demo's benchmarking: two comparator groups and clearly synthetic figures of their
areas for a dozen measures, loaded through the importer's two benchmarking files (as a
council would load an LG Inform download). The areas and their ONS codes are real; every
figure is made up, scattered around the demo council's own, and says so in its source."""

from __future__ import annotations

import csv
import io
import random
from datetime import date
from decimal import Decimal

from yardstick.core.ratings import Polarity
from yardstick.core.values import ValueType
from yardstick.imports.services import import_file
from yardstick.measures.models import ComparatorGroup, Figure, FigureStatus, Measure
from yardstick.scorecards.models import Scorecard

# The demo council's own area (its seed's figures are Harrow's).
AREA_CODE = "E09000015"
SOURCE = "Synthetic demo figures (made up, not LG Inform data)"
TAKEN_ON = date(2019, 2, 1)
MEASURES = 12
SCORECARD = "build-a-better-harrow"
LONDON = {
    "E09000001": "City of London",
    "E09000002": "Barking and Dagenham",
    "E09000003": "Barnet",
    "E09000004": "Bexley",
    "E09000005": "Brent",
    "E09000006": "Bromley",
    "E09000007": "Camden",
    "E09000008": "Croydon",
    "E09000009": "Ealing",
    "E09000010": "Enfield",
    "E09000011": "Greenwich",
    "E09000012": "Hackney",
    "E09000013": "Hammersmith and Fulham",
    "E09000014": "Haringey",
    "E09000015": "Harrow",
    "E09000016": "Havering",
    "E09000017": "Hillingdon",
    "E09000018": "Hounslow",
    "E09000019": "Islington",
    "E09000020": "Kensington and Chelsea",
    "E09000021": "Kingston upon Thames",
    "E09000022": "Lambeth",
    "E09000023": "Lewisham",
    "E09000024": "Merton",
    "E09000025": "Newham",
    "E09000026": "Redbridge",
    "E09000027": "Richmond upon Thames",
    "E09000028": "Southwark",
    "E09000029": "Sutton",
    "E09000030": "Tower Hamlets",
    "E09000031": "Waltham Forest",
    "E09000032": "Wandsworth",
    "E09000033": "Westminster",
}
NEIGHBOURS = {
    "E09000003": "Barnet",
    "E09000004": "Bexley",
    "E09000006": "Bromley",
    "E09000009": "Ealing",
    "E09000010": "Enfield",
    "E09000016": "Havering",
    "E09000017": "Hillingdon",
    "E09000018": "Hounslow",
    "E09000021": "Kingston upon Thames",
    "E09000024": "Merton",
    "E09000026": "Redbridge",
    "E09000029": "Sutton",
    "E06000038": "Reading",
    "E06000039": "Slough",
    "E08000009": "Trafford",
}
GROUPS = (
    ("london", "London boroughs (synthetic)", LONDON),
    ("cipfa", "CIPFA nearest neighbours (synthetic)", NEIGHBOURS),
)


def create_benchmarking(organisation, performance) -> int:
    """The groups, the council's area code, and the synthetic figures; returns how many."""
    organisation.area_code = AREA_CODE
    organisation._change_reason = "Demo: the council's area for benchmarking"
    organisation.save(update_fields=["area_code"])
    _import(organisation, "comparator-groups", _groups_file(), performance)
    rows = _figures(organisation)
    _import(organisation, "comparators", _csv(rows), performance)
    # One scorecard shows the benchmarking columns (the others can be switched on in the
    # administration): the one whose measures have the synthetic figures.
    scorecard = Scorecard.objects.filter(organisation=organisation, slug=SCORECARD).first()
    if scorecard is not None:
        scorecard.compare_with = ComparatorGroup.objects.get(
            organisation=organisation, code=GROUPS[0][0]
        )
        scorecard._change_reason = "Demo: compared with the London boroughs (synthetic)"
        scorecard.save(update_fields=["compare_with"])
    return len(rows) - 1


def _import(organisation, kind: str, content: bytes, performance) -> None:
    result = import_file(organisation, kind, content, f"demo-{kind}.csv", performance)
    if not result.applied:
        raise ValueError([str(problem) for problem in result.changes.problems][:5])


def _groups_file() -> bytes:
    rows = [("group", "group_name", "area_code", "area_name")]
    for code, name, areas in GROUPS:
        rows += [(code, name, area, area_name) for area, area_name in areas.items()]
    return _csv(rows)


def _figures(organisation) -> list[tuple]:
    """A dozen rated measures' published quarters, each area's figure scattered around the
    council's (a fixed seed per measure, area and period, so every load is the same)."""
    measures = list(
        Measure.objects.in_organisation(organisation)
        .filter(polarity__in=[Polarity.HIGHER, Polarity.LOWER])
        .exclude(value_type__in=[ValueType.DATE, ValueType.YES_NO, ValueType.DURATION])
        .order_by("code")
    )
    published = (
        Figure.objects.filter(
            measure__in=measures,
            status=FigureStatus.PUBLISHED,
            value__isnull=False,
            period__type="quarter",
        )
        .order_by("period__start")
        .values_list("measure__code", "measure__value_type", "period__key", "value")
    )
    by_measure: dict[str, list] = {}
    for code, value_type, key, value in published:
        by_measure.setdefault(code, []).append((value_type, key, value))
    chosen = [code for code, rows in by_measure.items() if len(rows) >= 4][:MEASURES]
    areas = {**LONDON, **NEIGHBOURS}
    rows = [("measure", "period", "area_code", "area_name", "value", "source", "taken_on")]
    for code in chosen:
        # Each measure's areas lean one way, so the council is near the top of some groups,
        # near the bottom of others.
        lean = Decimal(random.Random(code).randint(-250, 250)) / 1000
        for value_type, key, own in by_measure[code]:
            for area, name in areas.items():
                if area == AREA_CODE:
                    continue
                scatter = Decimal(random.Random(f"{code}|{area}|{key}").randint(-300, 300))
                amount = (own * (1 + lean + scatter / 1000)).quantize(Decimal("0.1"))
                if value_type == ValueType.PERCENTAGE:
                    amount = min(max(amount, Decimal(0)), Decimal(100))
                rows.append((code, key, area, name, amount, SOURCE, TAKEN_ON.isoformat()))
    return rows


def _csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()
