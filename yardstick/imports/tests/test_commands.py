"""`yardstick import` / `manage.py import_data` and `yardstick export` / `export_data`."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from yardstick.measures.models import Measure
from yardstick.organisations.models import OrganisationUnit

from .conftest import SEED, row_counts, seed_text, with_lines

YARDSTICK = Path(sys.executable).with_name("yardstick")
BAD_ROW = seed_text().splitlines()[10].replace(",1.3%,", ",one point three,")


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def bad_file(tmp_path) -> Path:
    path = tmp_path / "bad.csv"
    path.write_bytes(with_lines(seed_text(), {11: BAD_ROW}))
    return path


@pytest.mark.django_db
def test_import_data_imports_the_seed_and_says_what_it_did(council, performance_officer):
    out, _ = run(
        "import_data", "scorecard", str(SEED), "--organisation=harrow-test", "--user=priya"
    )
    assert "measure: 85 created, 0 changed, 0 left alone" in out
    assert Measure.objects.in_organisation(council).count() == 85
    figure = council.measures.get(code="BBH-01").figures.first()
    assert figure.history.get().history_user == performance_officer


@pytest.mark.django_db
def test_import_data_finds_the_only_organisation_by_itself(council):
    out, _ = run("import_data", "scorecard", str(SEED), "--dry-run")
    assert "Dry run, nothing was changed" in out
    assert Measure.objects.count() == 0


@pytest.mark.django_db
def test_import_data_with_a_bad_row_prints_the_report_and_fails(council, bad_file):
    before = row_counts()
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_data", "scorecard", str(bad_file), stdout=io.StringIO(), stderr=err)
    assert raised.value.returncode == 1
    assert "row 11, column actual: 'one point three' is not a percentage" in err.getvalue()
    assert "Nothing was imported" in err.getvalue()
    assert row_counts() == before


@pytest.mark.django_db
def test_import_data_lists_every_change_when_asked(council):
    out, _ = run("import_data", "scorecard", str(SEED), "--dry-run", "--verbosity=2")
    assert "  create measure BMBBF-09 (row 134)" in out


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["scorecard", "/no/such/file.csv"], "/no/such/file.csv: no such file"),
        (["scorecard", str(SEED), "--organisation=nowhere"], "There is no organisation 'nowhere'"),
        (["scorecard", str(SEED), "--user=nobody"], "There is no user 'nobody'."),
        (["sheets", str(SEED)], "invalid choice: 'sheets'"),
    ],
)
def test_import_data_refuses_what_it_cannot_do_with_a_message(council, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_data", *args, stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.django_db
def test_import_data_asks_which_organisation_when_there_are_several(council, other_council):
    with pytest.raises(CommandError, match="Say which organisation"):
        call_command("import_data", "scorecard", str(SEED), stdout=io.StringIO())


def test_the_console_script_reports_a_missing_file_without_a_traceback():
    finished = subprocess.run(
        [str(YARDSTICK), "import", "scorecard", "/no/such/file.csv"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert finished.returncode == 1
    assert "CommandError: /no/such/file.csv: no such file" in finished.stderr
    assert "Traceback" not in finished.stderr


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the script runs in another process: it needs a database it can reach (the SQLite "
    "test database lives in this process's memory)",
)
@pytest.mark.django_db(transaction=True)
def test_the_console_script_reports_a_bad_row_and_exits_non_zero(council, bad_file):
    database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
        f"{database['PORT']}/{database['NAME']}"
    )
    finished = subprocess.run(
        [str(YARDSTICK), "import", "scorecard", str(bad_file), "--organisation", "harrow-test"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "DATABASE_URL": url},
    )
    assert finished.returncode == 1
    assert "row 11, column actual: 'one point three' is not a percentage" in finished.stderr
    assert "Traceback" not in finished.stderr
    assert Measure.objects.count() == 0


def test_a_csv_file_excel_saved_in_the_uk_imports_and_the_report_says_how_it_was_read(
    council, performance_officer, tmp_path
):
    path = tmp_path / "units.csv"
    path.write_bytes("code,name,kind\nCAF,Café and Catering Services,service\n".encode("cp1252"))
    out, _ = run("import_data", "units", str(path), "--organisation=harrow-test", "--user=priya")
    assert "read as Windows-1252 (Excel's CSV on Windows)" in out
    assert OrganisationUnit.objects.get(code="CAF").name == "Café and Catering Services"
