"""No 500 from stored data. Figures and targets are written straight into the database, around
the services, as an old row or a bug might leave them: the largest amount the database keeps
either way, six places, negative counts, a zero denominator, a numerator larger than its
denominator, a percentage of 104, a yes/no of 2, a date that is no day, far too many decimal
places to print, data covering 0001 to 9999, texts with control characters and spreadsheet
formulas, a range target upside down. Every page that shows figures then answers 200 for the
people who may see it, and so does publishing the period and every page after."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.fuzz.world import World
from yardstick.collection.services import publish_period
from yardstick.core.values import LARGEST_KEPT
from yardstick.measures.models import Figure, Target
from yardstick.reports.tasks import render_documents

pytestmark = pytest.mark.django_db

CONTROL = 'Steady\x0b, see\x1f note\x07 =HYPERLINK("http://example.org")\r\n-1+1|cmd'
EDGES = {
    # measure: (Q1's figure, Q2's figure), each {field: value} written over the world's
    "NUM": ({"value": -LARGEST_KEPT}, {"value": LARGEST_KEPT, "decimals": 6}),
    "GBP": ({"value": Decimal("12345678.123456")}, {"value": -LARGEST_KEPT, "decimals": 200}),
    "PCT": (
        {"value": Decimal(50), "numerator": Decimal(-5), "denominator": Decimal(0)},
        {"value": Decimal(104), "numerator": Decimal(104), "denominator": Decimal(100)},
    ),
    "RAT": (
        {"value": Decimal("0.000001"), "numerator": Decimal(1), "denominator": Decimal(0)},
        {"value": LARGEST_KEPT, "numerator": LARGEST_KEPT, "denominator": Decimal("0.000001")},
    ),
    "DUR": ({"value": -LARGEST_KEPT}, {"value": LARGEST_KEPT}),
    "DAY": ({"value": Decimal("0.5")}, {"value": LARGEST_KEPT}),
    "YN": ({"value": Decimal(2)}, {"value": Decimal(-1)}),
    "RPN": (
        {"value": Decimal("6.123456"), "numerator": Decimal(-3)},
        {"value": Decimal("-0.000001"), "decimals": 32767},
    ),
}
TEXTS = {
    "commentary": CONTROL + "x" * 20000,
    "proposed_action": CONTROL,
    "note": CONTROL[:300],
    "data_covers_start": date(1, 1, 1),
    "data_covers_end": date(9999, 12, 31),
}
TARGETS = {
    "NUM": {"value": LARGEST_KEPT},
    "GBP": {"value": -LARGEST_KEPT},
    "PCT": {"kind": "range", "low": Decimal(90), "high": Decimal(10)},
    "RAT": {"value": Decimal(0)},
    "DUR": {"kind": "value", "value": None},
    "DAY": {"value": -LARGEST_KEPT},
    "YN": {
        "kind": "change_on_last_year",
        "change_percent": LARGEST_KEPT,
        "change_amount": LARGEST_KEPT,
    },
    "RPN": {"value": Decimal("0.000001"), "amber_threshold": Decimal(0)},
}


def store_the_edges(world: World) -> None:
    for code, (first, second) in EDGES.items():
        measure = world.measures[code]
        for period, fields in ((world.q1, first), (world.q2, second)):
            Figure.objects.filter(measure=measure, period=period).update(**fields, **TEXTS)
        Target.objects.filter(measure=measure, period=world.q2).update(**TARGETS[code])
    Figure.objects.create(
        measure=world.monthly, period=world.month, value=LARGEST_KEPT, status="submitted"
    )


def pages(world: World) -> dict[str, list[str]]:
    """Every page that shows figures, by the persona who may see it."""
    year, slug = world.scorecard.financial_year, world.scorecard.slug
    measures = list(world.measures.values())
    team = [
        reverse("scorecards:overview"),
        reverse("dataquality:page"),
        reverse("reports:index"),
        reverse("collection:publish"),
        reverse("admin:measures_figure_changelist"),
        reverse("admin:measures_target_changelist"),
        reverse("admin:measures_reportedrating_changelist"),
        reverse("imports:index"),
    ]
    if not world.q2.is_published:
        team.append(reverse("collection:publish_period", args=[world.q2.pk]))
    for period in (world.q1, world.q2):
        query = f"?period={period.key}"
        key = period.key.lower().replace(" ", "-")
        team += [
            reverse("scorecards:overview") + query,
            reverse("scorecards:detail", args=[year, slug]) + query,
            reverse("scorecards:exceptions", args=[year, slug]) + query,
            reverse("dataquality:page") + query,
            reverse("reports:strategic", args=[key]),
            *(reverse("reports:download", args=[key, name]) for name in REPORT_FORMATS),
        ]
    for measure in measures:
        team += [
            reverse("measures:detail", args=[measure.code]),
            reverse("collection:correct", args=[measure.pk, world.q1.pk]),
            reverse("admin:measures_measure_change", args=[measure.pk]),
            reverse("admin:measures_measure_full_history", args=[measure.pk]),
        ]
    for figure in Figure.objects.all():
        team.append(reverse("admin:measures_figure_change", args=[figure.pk]))
        team.append(reverse("admin:measures_figure_history", args=[figure.pk]))
    for target in Target.objects.all():
        team.append(reverse("admin:measures_target_change", args=[target.pk]))
    for kind in ("figures", "targets", "scorecard", "measures", "history"):
        for file_format in ("csv", "xlsx"):
            team.append(reverse("imports:export", args=[kind, file_format]))
    team.append(reverse("imports:preview", args=[world.run_pk]))
    owner = [reverse("collection:returns")]
    owner += [reverse("collection:entry", args=[m.pk, world.q2.pk]) for m in measures]
    owner += [reverse("collection:entry", args=[world.monthly.pk, world.month.pk])]
    owner += [reverse("measures:detail", args=[m.code]) for m in measures]
    approver = [reverse("collection:sign_off")]
    approver += [
        reverse("collection:review", args=[figure.pk])
        for figure in Figure.objects.filter(period=world.q2)
    ]
    councillor = [
        reverse("scorecards:overview"),
        reverse("scorecards:detail", args=[year, slug]),
        reverse("scorecards:exceptions", args=[year, slug]),
        reverse("reports:index"),
        reverse("measures:detail", args=[measures[0].code]),
    ]
    anonymous = [
        reverse("pages:home"),
        reverse("public:index"),
        reverse("public:organisation", args=[world.council.slug]),
        reverse("public:scorecard", args=[world.council.slug, year, slug]),
        reverse("public:scorecard_csv", args=[world.council.slug, year, slug]),
    ]
    return {
        "team": team,
        "owner": owner,
        "approver": approver,
        "councillor": councillor,
        "no_role": [reverse("public:index"), reverse("reports:index")],
        "anonymous": anonymous,
    }


REPORT_FORMATS = ("html", "pdf", "docx", "xlsx")


def failing(world: World, signed_in) -> list[str]:
    failures = []
    # A published period's files are the worker's to render (its downloads serve them): it
    # meets the stored edges first, and must keep every format.
    for period in (world.q1, world.q2):
        period.refresh_from_db()
        if period.is_published:
            try:
                kept = render_documents.call(period.pk)["rendered"]
            except Exception as error:
                kept = [f"{type(error).__name__}: {error}"[:300]]
            if sorted(kept) != sorted(REPORT_FORMATS):
                failures.append(f"the worker rendering {period.label}: kept {kept}")
    for persona, paths in pages(world).items():
        client = signed_in(persona)
        for path in paths:
            try:
                response = client.get(path)
                response.getvalue()  # a streamed file fails as it is read
                status = response.status_code
            except Exception as error:  # the page failed: say how, and go on to the next
                status = f"{type(error).__name__}: {error}"[:300]
            if status != 200:
                failures.append(f"{persona} {path}: {status}")
    return failures


def test_every_page_answers_with_figures_at_the_edges_the_database_keeps(world, signed_in):
    store_the_edges(world)
    failures = failing(world, signed_in)
    assert not failures, "\n".join(failures)


def test_publishing_figures_at_the_edges_keeps_them_and_every_page_still_answers(world, signed_in):
    store_the_edges(world)
    Figure.objects.filter(period=world.q2).update(status="approved")
    publish_period(world.q2, world.team)
    world.q2.refresh_from_db()
    assert world.q2.is_published
    failures = failing(world, signed_in)
    assert not failures, "\n".join(failures)
