"""Back up a rich database and restore it into fresh databases: every row of every table
comes back exactly, nothing added. The suite runs once on SQLite and once on PostgreSQL, so
between the two runs a backup goes SQLite -> SQLite file, SQLite -> PostgreSQL, PostgreSQL ->
PostgreSQL and PostgreSQL -> SQLite file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connections, transaction

from yardstick.backups.services import back_up
from yardstick.imports.models import ImportRun
from yardstick.measures.models import Figure, Measure
from yardstick.organisations.models import ContentVersion
from yardstick.reports.models import DocumentRequest, KeptDocument
from yardstick.scorecards.models import ExceptionNote

from .conftest import BINARY, COMMENTARY, NOTED_AT, database, differences, new_postgres_database

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


def restore_with_the_console_script(backup: Path, url: str) -> subprocess.CompletedProcess:
    """`yardstick restore FILE` in its own process, as an operator runs it."""
    environment = {**os.environ, "DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "yardstick", "restore", str(backup)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def check_ids_carry_on(alias: str, facts: dict) -> None:
    """A figure deleted before the backup had the largest id: a new figure after the
    restore must not be given it (its history would become the new figure's)."""
    measure = Measure.objects.using(alias).get(pk=facts["measure"])
    period_id = Figure.objects.using(alias).filter(measure=measure).first().period_id
    Figure.objects.using(alias).filter(measure=measure, period_id=period_id).delete()
    new = Figure.objects.using(alias).create(measure=measure, period_id=period_id)
    assert new.pk > facts["deleted_figure"]


@pytest.fixture(scope="module")
def restored(backup_file, tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    """The backup restored once, by `yardstick restore` in its own process, into a new
    SQLite file (a restore applies every migration: half a minute). The tests that read it
    read it; the one that writes to it writes to a copy."""
    target = tmp_path_factory.mktemp("restored") / "restored.sqlite3"
    return restore_with_the_console_script(backup_file, f"sqlite:///{target}"), target


def test_a_restore_into_a_new_sqlite_file_gives_back_every_row_of_every_table(
    rich_database, restored, tmp_path
):
    result, target = restored
    assert result.returncode == 0, result.stderr
    assert "Restored" in result.stdout
    assert "the backup's were made first" in result.stdout
    with database("restored", f"sqlite:///{target}") as alias:
        assert differences("default", alias) == []
        # The content token is not in the backup: the restore's writes gave it a new one,
        # so no worker reads a page part kept from before (organisations/content.py).
        restored_token = ContentVersion.objects.using(alias).get(pk=1).token
        assert restored_token not in ContentVersion.objects.values_list("token", flat=True)
    copy = tmp_path / "copy.sqlite3"
    shutil.copyfile(target, copy)
    with database("copy", f"sqlite:///{copy}") as alias:
        check_ids_carry_on(alias, rich_database)


def test_a_restore_into_a_new_postgresql_database_gives_back_every_row_of_every_table(
    rich_database, backup_file
):
    with new_postgres_database("restore") as url, database("restored", url) as alias:
        call_command("restore", str(backup_file), database=alias, verbosity=0)
        assert differences("default", alias) == []
        check_ids_carry_on(alias, rich_database)


def test_the_kept_documents_and_the_requests_for_them_come_back(rich_database, restored):
    """Their rows come back; their files are MEDIA_ROOT's, outside the backup: a document
    whose file is missing is rendered again when asked for (reports' tests show it)."""
    with database("restored", f"sqlite:///{restored[1]}") as alias:
        for model in (KeptDocument, DocumentRequest):
            restored = list(model.objects.using(alias).order_by("pk").values())
            assert restored == list(model.objects.order_by("pk").values()) != []


def test_a_restore_into_a_database_just_made_by_migrate_replaces_its_content_types(
    rich_database, backup_file, migrated_sqlite
):
    """`migrate` fills the content types and permissions itself, perhaps with other ids
    than the backed-up database's; the restore puts the backup's in their place."""
    with database("migrated", f"sqlite:///{migrated_sqlite}") as alias:
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            # as if made in another order: other ids than the backed-up database's
            cursor.execute("UPDATE auth_permission SET content_type_id = content_type_id + 1000")
            cursor.execute("UPDATE django_content_type SET id = id + 1000")
        call_command("restore", str(backup_file), database=alias, verbosity=0)
        assert differences("default", alias) == []


def test_the_restore_adds_no_history_and_keeps_auto_now_times_and_microseconds(
    rich_database, restored
):
    with database("restored", f"sqlite:///{restored[1]}") as alias:
        assert Measure.history.using(alias).count() == Measure.history.count()
        assert (
            Measure.history.model.themes.model.objects.using(alias).count()
            == Measure.history.model.themes.model.objects.count()
        )
        assert ExceptionNote.objects.using(alias).get(pk=rich_database["note"]).noted_at == (
            NOTED_AT
        )
        corrected = Figure.objects.using(alias).get(pk=rich_database["corrected"])
        assert corrected.commentary == COMMENTARY
        assert corrected.entered_at.microsecond == (
            Figure.objects.get(pk=rich_database["corrected"]).entered_at.microsecond
        )
        assert bytes(ImportRun.objects.using(alias).get(filename="units.xlsx").content) == BINARY


def test_the_file_keeps_full_precision_times_decimals_as_text_and_binary_as_base64(
    rich_database, backup_file
):
    with zipfile.ZipFile(backup_file) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        tables = {table["name"]: table for table in manifest["tables"]}
        notes = tables["scorecards_exceptionnote"]
        row = json.loads(archive.read(notes["file"]).splitlines()[0])
        assert row[notes["columns"].index("noted_at")] == "2018-11-05T09:30:15.123456+00:00"
        targets = tables["measures_historicaltarget"]
        values = [
            json.loads(line)[targets["columns"].index("value")]
            for line in archive.read(targets["file"]).splitlines()
        ]
        assert "12.345678" in values
        runs = tables["imports_importrun"]
        # the demo's (its history and its comparator groups and figures) and the rejected one
        assert runs["rows"] == ImportRun.objects.count() == 4
    assert manifest["format"] == "yardstick-backup"
    assert manifest["format_version"] == 1
    assert manifest["database"] == connections["default"].vendor
    assert manifest["migrations"]["measures"][0] == "0001_initial"
    assert tables["measures_figure"]["last_id"] >= rich_database["deleted_figure"]
    loaded = [table["name"] for table in manifest["tables"]]
    assert loaded.index("organisations_organisation") < loaded.index("measures_measure")
    assert loaded.index("measures_measure") < loaded.index("measures_historicalmeasure_themes")
    assert "yardstick_content_version" not in loaded  # a cache key, not data


def test_two_backups_of_the_same_data_hold_the_same_bytes_for_every_table(
    rich_database, backup_file, tmp_path
):
    again = tmp_path / "again.zip"
    back_up(again)
    with zipfile.ZipFile(backup_file) as first, zipfile.ZipFile(again) as second:
        names = [name for name in first.namelist() if name.startswith("tables/")]
        assert names == [name for name in second.namelist() if name.startswith("tables/")]
        for name in names:
            assert first.read(name) == second.read(name), name
