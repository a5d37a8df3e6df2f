"""A year's key says "FY" ("FY 2010-11"), so it is never the same text as a month's key
("2010-11" is November 2010). Existing years are re-keyed; their history keeps the old key."""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Concat, Substr


def forwards(apps, schema_editor):
    Period = apps.get_model("framework", "Period")
    Period.objects.filter(type="year").exclude(key__startswith="FY ").update(
        key=Concat(Value("FY "), "key")
    )


def backwards(apps, schema_editor):
    Period = apps.get_model("framework", "Period")
    Period.objects.filter(type="year", key__startswith="FY ").update(key=Substr("key", 4))


class Migration(migrations.Migration):
    dependencies = [("framework", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
