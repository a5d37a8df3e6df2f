"""`yardstick spc`: a CSV of figures in, the same rows out with each point's XmR chart.

The reference values are NHSRplotthedots' own (spc-method.md §2): rnorm(20) with seed 123 has
mean 0.1416238, LPL -3.01138 and UPL 3.294627 under `--profile ptd`.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from yardstick.cli import main

ROOT = Path(__file__).resolve().parent.parent
RNORM_20 = [
    *("-0.56047565", "-0.23017749", "1.55870831", "0.07050839", "0.12928774", "1.71506499"),
    *("0.46091621", "-1.26506123", "-0.68685285", "-0.44566197", "1.22408180", "0.35981383"),
    *("0.40077145", "0.11068272", "-0.55584113", "1.78691314", "0.49785048", "-1.96661716"),
    *("0.70135590", "-0.47279141"),
]
VIGNETTE = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]
ADDED = [
    "mean",
    "lpl",
    "upl",
    "outside_limits",
    "close_to_limits",
    "special_cause_rule",
    "point_type",
    "variation_icon",
    "assurance_icon",
]


def sheet(tmp_path, rows: list[str], header: str = "series,date,value,direction,target,rebase"):
    path = tmp_path / "figures.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def days(values, series: str = "", direction: str = "increase", target: str = "") -> list[str]:
    return [
        f"{series},2021-{1 + index // 28:02d}-{1 + index % 28:02d},{value},{direction},{target},"
        for index, value in enumerate(values)
    ]


def spc(capsys, *arguments) -> tuple[int, list[dict[str, str]], str]:
    status = main(["spc", *(str(argument) for argument in arguments)])
    captured = capsys.readouterr()
    return status, list(csv.DictReader(io.StringIO(captured.out))), captured.err


def test_the_references_own_limits_under_the_ptd_profile(capsys, tmp_path):
    status, rows, err = spc(capsys, sheet(tmp_path, days(RNORM_20)), "--profile", "ptd")
    assert (status, err) == (0, "")
    assert {(row["mean"], row["lpl"], row["upl"]) for row in rows} == {
        ("0.1416238035", "-3.0113795941", "3.2946272011")  # printed in full
    }
    assert {row["point_type"] for row in rows} == {"common_cause"}
    assert {(row["variation_icon"], row["assurance_icon"]) for row in rows} == {
        ("common_cause", "")
    }


def test_the_output_is_the_input_rows_in_order_with_the_columns_added(capsys, tmp_path):
    path = sheet(tmp_path, days(range(1, 11)), header="series,date,value,direction,target,rebase")
    status, rows, _ = spc(capsys, path, "--profile", "ptd")
    assert status == 0
    assert list(rows[0]) == ["series", "date", "value", "direction", "target", "rebase", *ADDED]
    assert [row["value"] for row in rows] == [str(number) for number in range(1, 11)]
    first, third, last = rows[0], rows[2], rows[-1]
    assert (first["mean"], first["lpl"], first["upl"]) == ("5.5", "2.84", "8.16")
    assert (first["outside_limits"], first["special_cause_rule"], first["point_type"]) == (
        "true",
        "outside_limits",
        "special_cause_concern",
    )
    assert (third["special_cause_rule"], third["point_type"]) == (
        "trend",
        "special_cause_improvement",
    )
    assert (last["outside_limits"], last["variation_icon"]) == ("true", "improvement_high")


def test_the_profiles_and_the_screening_flag_give_the_vignettes_two_sets_of_limits(
    capsys, tmp_path
):
    path = sheet(tmp_path, days(VIGNETTE))
    limits = {}
    for arguments in (
        ["--profile", "ptd"],
        ["--profile", "mdc"],
        [],
        ["--profile", "ptd", "--no-screen-outliers"],
        ["--profile", "mdc", "--screen-outliers"],
        ["--profile", "mdc", "--screen-outliers=ptd"],
        ["--profile", "ptd", "--screen-outliers=mdc-sql"],
        ["--screen-outliers", "mdc-sql"],
    ):
        status, rows, _ = spc(capsys, path, *arguments)
        assert status == 0
        limits[" ".join(arguments)] = (rows[0]["lpl"][:7], rows[0]["upl"][:6])
    assert limits == {
        "--profile ptd": ("-0.7155", "4.6044"),
        "--profile mdc": ("-3.0626", "6.9515"),
        "": ("-3.0626", "6.9515"),
        "--profile ptd --no-screen-outliers": ("-3.0626", "6.9515"),
        "--profile mdc --screen-outliers": ("-0.7155", "4.6044"),
        "--profile mdc --screen-outliers=ptd": ("-0.7155", "4.6044"),
        # MDC's SQL query's screening also takes the mean without the 10 and the 1 after it.
        "--profile ptd --screen-outliers=mdc-sql": ("-1.16", "4.16"),
        "--screen-outliers mdc-sql": ("-1.16", "4.16"),
    }


def test_an_unknown_way_of_screening_is_refused(capsys, tmp_path):
    path = sheet(tmp_path, days(VIGNETTE))
    with pytest.raises(SystemExit) as stopped:
        main(["spc", str(path), "--screen-outliers=sql"])
    assert stopped.value.code == 2
    assert "invalid choice: 'sql'" in capsys.readouterr().err


def test_mdc_leaves_the_icons_blank_below_15_points_and_ptd_does_not(capsys, tmp_path):
    path = sheet(tmp_path, days([1, 3] * 7, target="9"))
    _, mdc, _ = spc(capsys, path)
    _, ptd, _ = spc(capsys, path, "--profile", "ptd")
    assert {(row["variation_icon"], row["assurance_icon"]) for row in mdc} == {("", "")}
    assert mdc[0]["lpl"] == "-3.32"  # limits are always computed
    assert {(row["variation_icon"], row["assurance_icon"]) for row in ptd} == {
        ("common_cause", "fail")
    }


def test_each_series_is_its_own_chart_in_date_order(capsys, tmp_path):
    # Two series, interleaved and out of date order: each is charted by its own dates.
    rows = [
        "b,2021-01-03,20,decrease,25,",
        "a,2021-01-02,3,increase,,",
        "b,2021-01-01,22,decrease,,",
        "a,2021-01-01,1,increase,,",
        "b,2021-01-02,20,decrease,25,",
    ]
    status, written, err = spc(capsys, sheet(tmp_path, rows), "--profile", "ptd")
    assert (status, err) == (0, "")
    assert [(row["series"], row["mean"]) for row in written] == [
        ("b", "20.66666666666666666666666667"),
        ("a", "2"),
        ("b", "20.66666666666666666666666667"),
        ("a", "2"),
        ("b", "20.66666666666666666666666667"),
    ]
    # b: 22, 20, 20 by date; mean 62/3, MR-bar 1, so limits 62/3 ± 2.66 and 25 > UPL: a
    # lower-is-better target above the UPL passes
    assert {row["assurance_icon"] for row in written if row["series"] == "b"} == {"pass"}
    assert {row["assurance_icon"] for row in written if row["series"] == "a"} == {""}


def test_a_rebase_starts_new_limits_at_its_point(capsys, tmp_path):
    rows = days([10, 12] * 6 + [20, 22] * 6)
    rows[12] = rows[12].removesuffix(",") + ",1"
    status, written, _ = spc(capsys, sheet(tmp_path, rows))
    assert status == 0
    assert {row["mean"] for row in written[:12]} == {"11"}
    assert {row["mean"] for row in written[12:]} == {"21"}
    assert {row["point_type"] for row in written} == {"common_cause"}


def test_a_baseline_fixes_the_limits_on_the_first_points(capsys, tmp_path):
    path = sheet(tmp_path, days([10, 12] * 6 + [30, 31]))
    status, written, _ = spc(capsys, path, "--baseline", "12")
    assert status == 0
    assert {(row["mean"], row["lpl"], row["upl"]) for row in written} == {("11", "5.68", "16.32")}
    assert [row["outside_limits"] for row in written[-2:]] == ["true", "true"]


def test_a_baseline_shorter_than_the_profile_allows_exits_2(capsys, tmp_path):
    status, rows, err = spc(
        capsys, sheet(tmp_path, days(VIGNETTE)), "--profile", "ptd", "--baseline", "6"
    )
    assert (status, rows) == (2, [])
    assert (
        err
        == "yardstick spc: --baseline 6: a baseline needs at least 12 points under --profile ptd\n"
    )


def test_bad_rows_are_reported_by_line_and_left_out_of_the_chart(capsys, tmp_path):
    rows = [
        ",2021-01-01,10,increase,,",
        ",2021-01-02,twelve,increase,,",  # line 3
        ",2021-13-01,10,increase,,",  # line 4
        ",2021-01-04,12,sideways,,",  # line 5
        ",2021-01-05,,increase,,",  # line 6
        ",2021-01-06,10,increase,,2",  # line 7
        ",2021-01-01,11,increase,,",  # line 8: the date of line 2
        ",2021-01-08,12,decrease,,",  # line 9: another direction
        ",2021-01-09,10,increase,5,",
        ",2021-01-10,12,increase,6,",  # line 11: another target
        ",2021-01-11,10,increase,,,extra",  # line 12
        ",2021-01-12,12,increase,,",
    ]
    status, written, err = spc(capsys, sheet(tmp_path, rows))
    assert status == 1
    assert err.splitlines() == [
        "line 3: the value 'twelve' cannot be read: 'twelve' is not a value: expected a number, "
        "a percentage, an amount in pounds, a duration, a date or Yes/No",
        "line 4: the date '2021-13-01' cannot be read: write a date such as 2021-03-22, or a "
        "period such as 2018-19 Q2",
        "line 5: 'sideways' is not a direction: write increase, decrease or neutral",
        "line 6: no value",
        "line 7: rebase is '2': write 1 on a point that starts new limits, else 0 or nothing",
        "line 8: duplicate of line 2: the same date",
        "line 9: the direction differs from line 2's: the series has one direction",
        "line 11: the target differs from line 10's: the series has one target",
        "line 12: the row has 7 cells but the header names 6 columns (the extra cells are not "
        "written)",
    ]
    assert len(written) == 12
    good = [written[index] for index in (0, 8, 11)]
    assert {row["mean"] for row in good} == {"10.66666666666666666666666667"}
    assert all(row[column] == "" for row in written[1:8] for column in ADDED)


def test_a_file_that_cannot_be_read_exits_2(capsys, tmp_path):
    status = main(["spc", str(tmp_path / "nowhere.csv")])
    assert status == 2
    assert "nowhere.csv: no such file" in capsys.readouterr().err
    path = tmp_path / "no-direction.csv"
    path.write_text("date,value\n2021-01-01,5\n")
    assert main(["spc", str(path)]) == 2
    assert "missing required column direction" in capsys.readouterr().err


def test_dates_may_be_periods_and_the_file_may_be_written_elsewhere(capsys, tmp_path):
    path = sheet(
        tmp_path,
        ["2018-19 Q2,5,neutral", "2018-19 Q1,3,neutral", "September 2018,4,neutral"],
        header="date,value,direction",
    )
    output = tmp_path / "out.csv"
    assert main(["spc", str(path), "-o", str(output)]) == 0
    assert capsys.readouterr().out == ""
    rows = list(csv.DictReader(io.StringIO(output.read_text(encoding="utf-8"))))
    assert [row["mean"] for row in rows] == ["4"] * 3
    assert list(rows[0])[:3] == ["date", "value", "direction"]


def test_the_command_runs_without_importing_django(tmp_path):
    path = sheet(tmp_path, days(VIGNETTE))
    code = (
        "import sys\n"
        "from yardstick.cli import main\n"
        f"status = main(['spc', {str(path)!r}, '-o', '/dev/null'])\n"
        "assert not [m for m in sys.modules if m.startswith('django')], 'django imported'\n"
        "sys.exit(status)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, cwd=ROOT, check=False, text=True
    )
    assert result.returncode == 0, result.stderr


def test_python_dash_m_yardstick_spc_writes_to_stdout(tmp_path):
    path = sheet(tmp_path, days(RNORM_20))
    result = subprocess.run(
        [sys.executable, "-m", "yardstick", "spc", str(path), "--profile", "ptd"],
        capture_output=True,
        cwd=ROOT,
        check=False,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "0.1416238035,-3.0113795941,3.2946272011" in result.stdout


# --- the example of docs/spc-command.md -------------------------------------------------------

PAGE = ROOT / "docs" / "spc-command.md"


def example() -> tuple[str, list[str], str]:
    """The page's input file, its console (stderr and exit status) and its output file."""
    text = PAGE.read_text(encoding="utf-8")
    figures = re.search(r"`figures\.csv`:.*?```csv\n(.*?)```", text, re.DOTALL)[1]
    console = re.search(r"```console\n(.*?)```", text, re.DOTALL)[1].splitlines()
    charted = re.search(r"`charted\.csv`:\s*```csv\n(.*?)```", text, re.DOTALL)[1]
    return figures, console, charted


def test_the_example_on_the_commands_page_gives_the_output_shown(capsys, tmp_path):
    figures, console, charted = example()
    assert console[0] == "$ yardstick spc figures.csv -o charted.csv"
    assert console[-2:][0] == "$ echo $?"
    (tmp_path / "figures.csv").write_text(figures, encoding="utf-8")
    status = main(["spc", str(tmp_path / "figures.csv"), "-o", str(tmp_path / "charted.csv")])
    assert status == int(console[-1])
    assert capsys.readouterr().err.splitlines() == console[1:-2]
    assert (tmp_path / "charted.csv").read_text(encoding="utf-8") == charted


def test_the_example_without_its_rebase_mark_is_one_period_as_the_page_says(capsys, tmp_path):
    figures, _, _ = example()
    (tmp_path / "figures.csv").write_text(figures.replace(",1\n", ",\n"), encoding="utf-8")
    _, rows, _ = spc(capsys, tmp_path / "figures.csv")
    claimants = [row for row in rows if row["series"] == "Claimants"]
    assert {row["mean"] for row in claimants} == {"2550"}
    assert {(row["lpl"][:6], row["upl"][:6]) for row in claimants} == {("2437.3", "2662.6")}
    assert [row["point_type"] for row in claimants] == ["special_cause_concern"] * 12 + [
        "special_cause_improvement"
    ] * 6
    assert {row["special_cause_rule"] for row in claimants[:12]} == {"shift"}
    assert [row["outside_limits"] for row in claimants[12:]] == ["false", "true"] * 3
    assert [row["close_to_limits"] for row in claimants[12:]] == ["true", "false"] * 3
    assert {(row["variation_icon"], row["assurance_icon"]) for row in claimants} == {
        ("improvement_low", "fail")
    }


def test_no_cell_written_can_run_as_a_formula(capsys, tmp_path):
    rows = [f'"=HYPERLINK(""http://x"",""y"")",2021-01-0{day},{day},increase,,' for day in (1, 2)]
    status, written, _ = spc(capsys, sheet(tmp_path, rows))
    assert status == 0
    assert written[0]["series"] == '\'=HYPERLINK("http://x","y")'
    assert written[0]["lpl"] == "-1.16"  # a negative limit is a plain number, left as it is


def test_an_excluded_point_is_charted_but_left_out_of_every_calculation(capsys, tmp_path):
    """A `1` in the exclude column ghosts the point (MDC-SQL): the one-off 40 keeps its row,
    with the limits of the others (11 ± 5.32) and no signal; a bad mark is reported."""
    header = "series,date,value,direction,target,rebase,exclude"
    rows = [row + "," for row in days([10, 12, 10, 12, 10, 12, 40, 10, 12, 10, 12, 10, 12])]
    rows[6] += "1"  # the exclude column, after an empty rebase
    status, written, err = spc(capsys, sheet(tmp_path, rows, header=header))
    assert (status, err) == (0, "")
    assert [row["value"] for row in written][6] == "40"
    assert {(row["mean"], row["lpl"], row["upl"]) for row in written} == {("11", "5.68", "16.32")}
    assert written[6]["outside_limits"] == "false"
    assert written[6]["point_type"] == "common_cause"
    rows[7] += "yes"
    status, _, err = spc(capsys, sheet(tmp_path, rows, header=header))
    assert status == 1 and "exclude is 'yes'" in err


def test_a_series_with_every_point_excluded_is_reported(capsys, tmp_path):
    header = "series,date,value,direction,target,rebase,exclude"
    rows = [row + ",1" for row in days([10, 12], series="A")] + [
        row + "," for row in days([10, 12, 11], series="B")
    ]
    status, written, err = spc(capsys, sheet(tmp_path, rows, header=header))
    assert status == 1 and "every point of the series is excluded" in err
    assert [row["mean"] for row in written] == ["", "", "11", "11", "11"]


def quarters(values, series: str = "") -> list[str]:
    """A quarterly series from 2016-17 Q1, one quarter a row."""
    return [
        f"{series},{2016 + index // 4}-{(17 + index // 4) % 100:02d} Q{1 + index % 4},"
        f"{value},increase,,"
        for index, value in enumerate(values)
    ]


def test_a_baseline_until_a_date_fixes_the_limits_on_the_points_to_it(capsys, tmp_path):
    # 2016/17 to 2018/19 (12 quarters) are B: mean 11, limits 5.68 to 16.32; then 20s.
    path = sheet(tmp_path, quarters([10, 12] * 6 + [20] * 4))
    for until in ("2018-19", "2019-03-31", "2018-19 Q4", "2019-04-30"):
        status, rows, err = spc(capsys, path, "--profile", "ptd", "--baseline-until", until)
        assert (status, err) == (0, "")
        assert {(row["mean"], row["lpl"], row["upl"]) for row in rows} == {
            ("11", "5.68", "16.32")
        }, until
        assert [row["outside_limits"] for row in rows[-4:]] == ["true"] * 4
    _, unfixed, _ = spc(capsys, path, "--profile", "ptd")
    assert unfixed[0]["mean"] != "11"


def test_a_baseline_until_a_date_too_early_for_the_profile_is_refused_with_the_reason(
    capsys, tmp_path
):
    path = sheet(tmp_path, quarters([10, 12] * 6 + [20] * 4, series="calls"))
    status, rows, err = spc(capsys, path, "--profile", "ptd", "--baseline-until", "2017-18")
    assert status == 1
    assert err == (
        "line 2: --baseline-until 2018-03-31: series 'calls': A baseline needs at least 12 "
        "points under the PTD settings: it ends too early, after 8.\n"
    )
    assert {row["mean"] for row in rows} == {""}
    status, _, err = spc(capsys, path, "--baseline-until", "2015-01-01")
    assert status == 1 and "it ends too early, after 0." in err  # before every point
    assert spc(capsys, path, "--baseline-until", "2016-06-30")[0] == 1  # 1 point: too few
    assert spc(capsys, path, "--baseline-until", "2016-09-30")[0] == 0  # 2 do under mdc


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--baseline-until", "soon"], "--baseline-until soon: write a date such as"),
        (["--baseline-until", "2018-19", "--baseline", "12"], "not both"),
    ],
)
def test_a_baseline_until_that_cannot_be_read_stops_the_command(
    capsys, tmp_path, arguments, message
):
    path = sheet(tmp_path, quarters([10, 12] * 6))
    status, rows, err = spc(capsys, path, *arguments)
    assert status == 2 and rows == []
    assert message in err
