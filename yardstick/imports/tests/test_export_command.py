"""`yardstick export` / `manage.py export_data` on the seeded council."""

import io

import pytest
from django.core.management import CommandError, call_command

from yardstick.imports.tables import read_table


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_export_data_writes_csv_to_standard_output(seeded):
    out = run("export_data", "measures", "--organisation=harrow-test")
    table = read_table(out.encode(), "measures.csv")
    assert len(table.rows) == 85
    assert table.rows[0].get("code") == "BBH-01"


@pytest.mark.django_db
def test_export_data_writes_an_excel_workbook_to_a_file(seeded, tmp_path):
    path = tmp_path / "scorecards.xlsx"
    run("export_data", "scorecard", "-o", str(path), "--year=2018/19")
    table = read_table(path.read_bytes(), path.name)
    assert len(table.rows) == 255


@pytest.mark.django_db
def test_export_data_refuses_a_year_it_cannot_read(seeded):
    with pytest.raises(CommandError, match="--year"):
        call_command("export_data", "plans", "--year=Q2", stdout=io.StringIO())
