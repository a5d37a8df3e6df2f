"""`manage.py report` and `yardstick report`: the report for a period written to a file in
each format, and clear errors (never a traceback) for a period, theme or organisation that
does not exist."""

import io
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from yardstick.cli import main
from yardstick.reports.tests.conftest import parse_html, text_of


def report(*arguments, **options) -> str:
    out = io.StringIO()
    call_command("report", *arguments, stdout=out, **options)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "magic"),
    [("html", b"<!doctype html>"), ("docx", b"PK"), ("xlsx", b"PK"), ("pdf", b"%PDF-")],
)
def test_the_command_writes_each_format_to_the_file_named(framework, tmp_path, name, magic):
    path = tmp_path / f"report.{name}"
    said = report("2018-19 Q2", format=name, output=str(path))
    assert path.read_bytes().startswith(magic)
    assert said.startswith(f"Wrote {path} (")
    assert "Strategic Performance Report, Q2 2018/19, Harrow Test Council" in said


def test_the_format_follows_the_output_files_name(framework, tmp_path):
    path = tmp_path / "board.xlsx"
    report("Q2 2018/19", output=str(path), theme=["families"])
    assert load_workbook(path).sheetnames == [
        "Report",
        "Introduction",
        "Protect the Vulnerable",
        "Key challenges",
        "Key actions",
        "Key",
    ]


def test_without_an_output_the_file_takes_the_reports_name_here(framework, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    report("2018-19-q2", format="html")
    assert (tmp_path / "strategic-performance-report-2018-19-q2.html").exists()


def test_published_only_leaves_out_figures_not_yet_published(framework, tmp_path):
    def actuals(path) -> list[str]:
        tree = parse_html(path.read_bytes())
        row = tree.xpath("//tr[th[starts-with(normalize-space(), 'Number of new council')]]")[0]
        return [text_of(cell) for cell in row.xpath("td")[3:12:3]]

    report("2018-19 Q2", output=str(tmp_path / "all.html"))
    assert actuals(tmp_path / "all.html") == ["6", "4", "76"]
    report("2018-19 Q2", output=str(tmp_path / "public.html"), published_only=True)
    assert actuals(tmp_path / "public.html") == ["", "", ""]


@pytest.mark.parametrize(
    ("arguments", "options", "message"),
    [
        (["2030-31 Q4"], {}, "Harrow Test Council has no period Q4 2030/31."),
        (["whenever"], {}, "'whenever' is not a period"),
        (["2018-19 Q2"], {"theme": ["nope"]}, "No theme 'nope' has a scorecard in Q2 2018/19"),
        (["2018-19 Q2"], {"organisation": "atlantis"}, "There is no organisation 'atlantis'."),
    ],
)
def test_what_does_not_exist_is_a_command_error_saying_what_does(
    framework, tmp_path, arguments, options, message
):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        report(*arguments, output=str(tmp_path / "x.pdf"), **options)
    assert not (tmp_path / "x.pdf").exists()


def test_several_organisations_need_one_named(framework, other_council, tmp_path):
    with pytest.raises(CommandError, match="choose one with --organisation"):
        report("2018-19 Q2", output=str(tmp_path / "x.pdf"))
    report("2018-19 Q2", output=str(tmp_path / "x.html"), organisation="harrow-test")
    assert (tmp_path / "x.html").exists()


def test_an_unwritable_output_is_a_command_error(framework, tmp_path):
    with pytest.raises(CommandError, match="Could not write"):
        report("2018-19 Q2", output=str(tmp_path / "missing" / "x.html"))


def test_yardstick_report_writes_the_pdf(framework, tmp_path, capsys):
    path = tmp_path / "q2.pdf"
    assert main(["report", "Q2 2018/19", "--theme", "PLACE", "-o", str(path)]) == 0
    assert path.read_bytes().startswith(b"%PDF-")
    assert "Build a Better Place." in capsys.readouterr().out


def test_yardstick_report_explains_an_unknown_period_and_exits_1(framework, tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["report", "2030-31 Q4", "-o", str(tmp_path / "x.pdf")])
    assert stopped.value.code == 1
    error = capsys.readouterr().err
    assert error.startswith("CommandError: Harrow Test Council has no period Q4 2030/31.")
    assert "Traceback" not in error


def test_yardstick_report_refuses_an_unknown_format_before_touching_the_database():
    run = subprocess.run(
        [sys.executable, "-m", "yardstick", "report", "2018-19 Q2", "--format", "odt"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2
    assert "invalid choice: 'odt'" in run.stderr
    assert "Traceback" not in run.stderr
