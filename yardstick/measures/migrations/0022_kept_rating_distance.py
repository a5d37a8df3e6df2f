"""Kept ratings written before publishing kept their distance (`ReportedRating.distance`): each
gets the distance of its own figure and target where they are still the ones it printed and
still give the band it kept, by the scheme or key kept with it; otherwise it is left None (a
page shows no distance rather than another band's)."""

from django.db import migrations

from yardstick.core.ratings import Band, Polarity, rate
from yardstick.core.targets import same_target
from yardstick.core.values import format_value
from yardstick.measures.assessment import core_target, core_value, tolerance_scheme
from yardstick.measures.shown import distance_of, kept_scheme, target_text


def kept_distance(row, figure, target):
    """The distance of `row`'s kept band from its figure and target, or None."""
    measure = row.measure
    value = core_value(measure, figure)
    if format_value(value) != row.actual_text:
        return None  # corrected since: not the figure it printed
    if not same_target(row.target_text, target_text(measure, target), measure.value_type):
        return None
    again = rate(
        value,
        core_target(target),
        Polarity(measure.polarity),
        kept_scheme(row, tolerance_scheme(measure, target)),
        agreed=target is None or target.agreed,
    )
    return distance_of(again) if again.band is Band(row.band) else None


def backfill(apps, schema_editor):
    ReportedRating = apps.get_model("measures", "ReportedRating")
    Figure = apps.get_model("measures", "Figure")
    Target = apps.get_model("measures", "Target")
    rows = list(
        ReportedRating.objects.filter(distance__isnull=True)
        .exclude(band="")
        .select_related("measure")
    )
    if not rows:
        return
    period_ids = {row.period_id for row in rows}
    measure_ids = {row.measure_id for row in rows}
    figures = {
        (figure.measure_id, figure.period_id): figure
        for figure in Figure.objects.filter(
            measure_id__in=measure_ids, period_id__in=period_ids, status="published"
        )
    }
    targets = {
        (target.measure_id, target.period_id): target
        for target in Target.objects.filter(measure_id__in=measure_ids, period_id__in=period_ids)
    }
    changed = []
    for row in rows:
        key = (row.measure_id, row.period_id)
        if key not in figures:
            continue  # no figure of its own (a combined quarter): left None
        row.distance = kept_distance(row, figures[key], targets.get(key))
        if row.distance is not None:
            changed.append(row)
    ReportedRating.objects.bulk_update(changed, ["distance"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("measures", "0021_merge_20261207_0013")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
