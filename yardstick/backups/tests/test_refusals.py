"""What a restore refuses, and that a refusal changes nothing: a database holding data, a
file cut short or damaged, a file that is not a backup, and a backup from a newer Yardstick
or another migration state. And a backup never overwrites a file unless told to."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from tests.factories import MeasureFactory, OrganisationFactory, UserFactory
from yardstick.backups.services import (
    BackupRefused,
    BackupUnreadable,
    RestoreRefused,
    back_up,
    restore,
)
from yardstick.measures.models import Measure
from yardstick.organisations.models import Organisation

from .conftest import database

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def backup(tmp_path) -> Path:
    council = OrganisationFactory(name="Harrow Test Council", slug="harrow-test")
    UserFactory(username="priya", organisation=council)
    MeasureFactory.create_batch(3, organisation=council)
    path = tmp_path / "backup.zip"
    back_up(path)
    return path


def rewritten(
    path: Path, out: Path, *, manifest=None, table: str = "", lines=None, checksum=False
) -> Path:
    """A copy of a backup with its manifest or one table's lines changed; the table's
    checksum in the manifest is left as it was unless `checksum`."""
    with zipfile.ZipFile(path) as source:
        files = {name: source.read(name) for name in source.namelist()}
    data = json.loads(files["manifest.json"])
    if lines is not None:
        name = f"tables/{table}.jsonl"
        changed = lines(files[name])
        assert changed != files[name], "the test meant to change this table"
        files[name] = changed
        if checksum:
            entry = next(entry for entry in data["tables"] if entry["name"] == table)
            entry["sha256"] = hashlib.sha256(files[name]).hexdigest()
    if manifest is not None:
        manifest(data)
    files["manifest.json"] = json.dumps(data).encode()
    with zipfile.ZipFile(out, "w") as copy:
        for name, content in files.items():
            copy.writestr(name, content)
    return out


def no_tables(alias: str) -> bool:
    return connections[alias].introspection.table_names() == []


def test_a_database_that_holds_data_is_refused_and_left_as_it_was(backup):
    before = (Organisation.objects.count(), Measure.objects.count(), Measure.history.count())
    with pytest.raises(RestoreRefused) as refused:
        restore(backup)
    message = str(refused.value)
    assert message.startswith("The database already holds data, so nothing was restored:")
    assert "measures_measure 3" in message
    after = (Organisation.objects.count(), Measure.objects.count(), Measure.history.count())
    assert after == before


@pytest.mark.parametrize("keep", [0.3, 0.9])
def test_a_file_cut_short_is_refused_and_nothing_is_made(backup, tmp_path, keep):
    content = backup.read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(content[: int(len(content) * keep)])
    with database("empty", f"sqlite:///{tmp_path / 'empty.sqlite3'}") as alias:
        with pytest.raises(BackupUnreadable) as refused:
            restore(cut, using=alias)
        assert no_tables(alias)
    assert str(refused.value) == (
        "cut.zip: it is not a Yardstick backup, or it is damaged or cut short (it cannot be "
        "opened as a zip archive)"
    )


def test_a_damaged_table_is_refused_by_its_checksum_and_nothing_is_made(backup, tmp_path):
    damaged = rewritten(
        backup,
        tmp_path / "damaged.zip",
        table="measures_measure",
        lines=lambda content: content.replace(b'"Measure ', b'"Meazure ', 1),
    )
    with database("empty", f"sqlite:///{tmp_path / 'empty.sqlite3'}") as alias:
        with pytest.raises(BackupUnreadable) as refused:
            restore(damaged, using=alias)
        assert no_tables(alias)
    assert str(refused.value) == (
        "damaged.zip: tables/measures_measure.jsonl does not match its checksum in the "
        "manifest: the backup is damaged"
    )


def test_a_flipped_byte_inside_the_archive_is_refused(backup, tmp_path):
    content = bytearray(backup.read_bytes())
    with zipfile.ZipFile(backup) as archive:
        info = archive.getinfo("tables/measures_historicalmeasure.jsonl")
    middle = info.header_offset + 30 + len(info.filename) + info.compress_size // 2
    content[middle] ^= 0xFF
    flipped = tmp_path / "flipped.zip"
    flipped.write_bytes(bytes(content))
    with database("empty", f"sqlite:///{tmp_path / 'empty.sqlite3'}") as alias:
        with pytest.raises(BackupUnreadable) as refused:
            restore(flipped, using=alias)
        assert no_tables(alias)
    assert str(refused.value).startswith("flipped.zip: tables/measures_historicalmeasure.jsonl")
    assert "damaged" in str(refused.value)


def test_a_row_with_a_value_its_column_cannot_take_is_refused_before_anything_is_made(
    backup, tmp_path
):
    with zipfile.ZipFile(backup) as source:
        manifest = json.loads(source.read("manifest.json"))
    users = next(entry for entry in manifest["tables"] if entry["name"] == "accounts_user")
    column = users["columns"].index("date_joined")

    def bad_date(content: bytes) -> bytes:
        rows = [json.loads(line) for line in content.splitlines()]
        rows[0][column] = "the fifth of never"
        return b"".join(json.dumps(row).encode() + b"\n" for row in rows)

    broken = rewritten(
        backup, tmp_path / "broken.zip", table="accounts_user", lines=bad_date, checksum=True
    )
    with database("empty", f"sqlite:///{tmp_path / 'empty.sqlite3'}") as alias:
        with pytest.raises(BackupUnreadable) as refused:
            restore(broken, using=alias)
        assert no_tables(alias)
    assert str(refused.value) == (
        "broken.zip: tables/accounts_user.jsonl, line 1: 'the fifth of never' is not a "
        "date and time"
    )


def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    workbook = tmp_path / "figures.zip"
    with zipfile.ZipFile(workbook, "w") as archive:
        archive.writestr("figures.csv", "measure,period,actual\n")
    with pytest.raises(BackupUnreadable, match="it is not a Yardstick backup"):
        restore(workbook)
    with pytest.raises(BackupUnreadable, match="there is no such file"):
        restore(tmp_path / "missing.zip")


def test_a_backup_from_a_newer_yardstick_is_refused_naming_what_it_has(backup, tmp_path):
    def from_the_future(data):
        data["yardstick_version"] = "9.0.0"
        data["migrations"]["measures"].append("0099_from_the_future")

    newer = rewritten(backup, tmp_path / "newer.zip", manifest=from_the_future)
    with database("empty", f"sqlite:///{tmp_path / 'empty.sqlite3'}") as alias:
        with pytest.raises(RestoreRefused) as refused:
            restore(newer, using=alias)
        assert no_tables(alias)
    message = str(refused.value)
    assert message.startswith("The backup was made by a newer Yardstick (9.0.0)")
    assert "measures.0099_from_the_future" in message
    assert "Restore it with Yardstick 9.0.0 or later" in message


def test_a_newer_backup_format_is_refused(backup, tmp_path):
    def format_2(data):
        data["format_version"] = 2

    newer = rewritten(backup, tmp_path / "format2.zip", manifest=format_2)
    with pytest.raises(BackupUnreadable, match=r"made by a newer Yardstick \(backup format 2"):
        restore(newer)


def test_a_database_at_another_migration_state_is_refused(backup, tmp_path, migrated_sqlite):
    with zipfile.ZipFile(backup) as archive:
        latest = json.loads(archive.read("manifest.json"))["migrations"]["measures"][-1]

    def older(data):
        data["migrations"]["measures"] = data["migrations"]["measures"][:-1]

    old = rewritten(backup, tmp_path / "older.zip", manifest=older)
    with database("migrated", f"sqlite:///{migrated_sqlite}") as alias:
        with pytest.raises(RestoreRefused) as refused:
            restore(old, using=alias)
        assert Organisation.objects.using(alias).count() == 0
    assert str(refused.value).startswith(
        f"The database is not at the backup's migration state (only the database has "
        f"measures.{latest})"
    )


def test_the_command_says_why_nothing_was_restored(backup, tmp_path):
    (tmp_path / "notes.txt").write_text("not a backup")
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(tmp_path / "notes.txt"))
    assert str(refused.value).startswith("Nothing was restored: notes.txt: it is not a")


def test_the_console_script_exits_with_status_1_and_the_reason(tmp_path):
    (tmp_path / "notes.txt").write_text("not a backup")
    result = subprocess.run(
        [sys.executable, "-m", "yardstick", "restore", str(tmp_path / "notes.txt")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Nothing was restored: notes.txt: it is not a Yardstick backup" in result.stderr


def test_a_backup_never_overwrites_a_file_unless_told_to(backup):
    before = backup.read_bytes()
    with pytest.raises(BackupRefused, match="is there already"):
        back_up(backup)
    assert backup.read_bytes() == before
    back_up(backup, overwrite=True)
    assert zipfile.ZipFile(backup).read("manifest.json") != json.dumps({}).encode()


def test_the_backup_command_says_what_it_wrote_and_why_it_will_not(backup, tmp_path):
    out = io.StringIO()
    call_command("backup", str(tmp_path / "new.zip"), stdout=out)
    assert out.getvalue().startswith("Backed up ")
    assert f"rows in {len(zipfile.ZipFile(backup).namelist()) - 2} tables" in out.getvalue()
    with pytest.raises(CommandError, match="is there already: give another name, or --overwrite"):
        call_command("backup", str(backup))
    with pytest.raises(CommandError, match="No such file or directory"):
        call_command("backup", str(tmp_path / "no" / "such" / "folder.zip"))
