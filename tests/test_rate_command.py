"""`yardstick rate`: a scorecard CSV in, the same rows out with ratings and trends by the key.

The key test compares the command's rating of every row of the seed scorecards with
tests/data/seed-expected-ratings.csv, which was worked out by hand from the key (the arithmetic
is in its `working` column), not produced by the code.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from yardstick.cli import main
from yardstick.core.cells import restore
from yardstick.ratesheet import is_cumulative

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SEED = ROOT / "yardstick" / "demo" / "data" / "seed-corporate-scorecards-2018-19.csv"
EXPECTED = DATA / "seed-expected-ratings.csv"
BAD_ROWS = DATA / "seed-with-bad-rows.csv"
PUBLISHED = DATA / "published-ratings.csv"
FOOTNOTES = DATA / "footnotes.csv"

HARROW = "Build a Better Harrow"
BUSINESS = "Be more business-like and business friendly"
PROTECT = "Protect the most vulnerable and support families"
EQUALITY = "Adult Social Care - Equality of Service Provision (equalities measure)"
ADDED = ["rating", "rating_reason", "trend", "trend_basis"]


def rate(capsys, *arguments: str) -> tuple[int, list[dict[str, str]], str]:
    """Run `yardstick rate` and return (exit status, rows written to stdout, stderr)."""
    status = main(["rate", *(str(argument) for argument in arguments)])
    captured = capsys.readouterr()
    return status, list(csv.DictReader(io.StringIO(captured.out))), captured.err


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def key(row: dict[str, str]) -> tuple[str, str, str]:
    return row["scorecard"], row["measure_no"] or row["title"], row["period"]


def find(rows: list[dict[str, str]], scorecard: str, measure: str, period: str) -> dict:
    (row,) = [row for row in rows if key(row) == (scorecard, measure, period)]
    return row


@pytest.fixture(scope="module")
def rated_seed(tmp_path_factory) -> list[dict[str, str]]:
    """The rated seed, each cell as it stands for ('-' for no target is written "'-")."""
    output = tmp_path_factory.mktemp("rated") / "rated.csv"
    assert main(["rate", str(SEED), "-o", str(output)]) == 0
    return [{name: restore(cell) for name, cell in row.items()} for row in read_csv(output)]


# --- (1) the key ------------------------------------------------------------------------------


def test_every_seed_row_gets_the_rating_worked_out_by_hand(rated_seed):
    expected = {key(row): row for row in read_csv(EXPECTED)}
    disagreements = []
    for row in rated_seed:
        worked = expected.get(key(row))
        want = worked["expected_rating"] if worked else ""
        if row["rating"] != want:
            working = worked["working"] if worked else "no target and actual: not rated"
            disagreements.append(
                f"{key(row)}: rated {row['rating']!r} ({row['rating_reason']}), "
                f"by hand {want!r} ({working})"
            )
    assert not disagreements, "\n".join(disagreements)


def test_the_hand_worked_file_covers_every_seed_row_with_a_target_and_an_actual():
    printed = [
        key(row)
        for row in read_csv(SEED)
        if row["target"] not in ("", "-", "BL") and row["actual"] not in ("", "-")
    ]
    assert sorted(printed) == sorted(key(row) for row in read_csv(EXPECTED))


def test_every_row_with_a_target_an_actual_and_no_note_is_rated(rated_seed):
    seed = {key(row): row for row in read_csv(SEED)}
    unrated = []
    for row in rated_seed:
        if row["note"] or row["target"] in ("", "-", "BL") or row["actual"] in ("", "-"):
            continue
        if row["target"] == "Year on year reduction":
            _, measure, period = key(row)
            start = int(period[:4])
            last_year = f"{start - 1}-{str(start)[2:]}{period[7:]}"
            earlier = seed.get((row["scorecard"], measure, last_year))
            if earlier is None or earlier["actual"] in ("", "-"):
                continue  # no figure for last year, so no target
        if not row["rating"]:
            unrated.append(f"{key(row)}: {row['rating_reason']}")
    assert not unrated, "\n".join(unrated)


@pytest.mark.parametrize(
    ("scorecard", "measure", "period", "band", "what"),
    [
        (BUSINESS, "13", "2017-18 Q2", "HG", "negative target -10%, actual -28%"),
        (BUSINESS, "14", "2018-19 Q1", "HR", "negative target -10%, actual 9%"),
        (HARROW, "27", "2018-19 Q2", "LG", "zero target met exactly"),
        (PROTECT, "1", "2017-18 Q2", "LG", "range target 7-15% on a lower measure"),
        (HARROW, EQUALITY, "2018-19 Q1", "G", "in-range measure 0.9-1.1"),
        (BUSINESS, "9", "2017-18 Q2", "LR", "mm:ss, 01:36 against 01:30"),
        (BUSINESS, "9", "2018-19 Q2", "HG", "mm:ss, 01:20 against 01:30"),
        (PROTECT, "8", "2018-19 Q2", "A", "year on year reduction, 40.4% against 38.7%"),
        (PROTECT, "10", "2018-19 Q2", "HG", "year on year reduction, 52 against 72"),
    ],
)
def test_awkward_targets_are_rated_by_the_key(rated_seed, scorecard, measure, period, band, what):
    row = find(rated_seed, scorecard, measure, period)
    assert row["rating"] == band, f"{what}: {row['rating_reason']}"


def test_a_row_whose_note_stands_in_place_of_a_rating_is_not_rated(rated_seed):
    row = find(rated_seed, HARROW, "50", "2017-18 Q2")  # prints 50% and 45% beside Note 6
    assert row["rating"] == ""
    assert row["rating_reason"] == "Not rated: the report gives 'Note 6' in place of a rating"


def test_a_footnotes_file_explains_the_note(capsys):
    status, rows, _ = rate(capsys, SEED, "--footnotes", FOOTNOTES)
    assert status == 0
    row = find(rows, HARROW, "50", "2017-18 Q2")
    assert row["rating_reason"] == (
        "Not rated: the report gives 'Note 6' (Data reported at least 3 months in arrears) "
        "in place of a rating"
    )
    other_scorecard = find(rows, BUSINESS, "18", "2018-19 Q1")
    assert "'Note 1' (Data not currently available)" in other_scorecard["rating_reason"]


def test_a_row_without_a_figure_or_a_target_says_so(capsys, tmp_path):
    sheet = tmp_path / "gaps.csv"
    sheet.write_text(
        "scorecard,measure_no,title,good_is,period,target,actual,note\n"
        "Card,1,Visits,higher,2018-19 Q1,100,,\n"
        "Card,1,Visits,higher,2018-19 Q2,-,96,\n"
    )
    status, rows, _ = rate(capsys, sheet)
    assert status == 0
    assert [(row["rating"], row["rating_reason"]) for row in rows] == [
        ("", "Not rated: no figure for this period"),
        ("", "Not rated: no target set"),
    ]


def test_year_on_year_reduction_without_last_years_figure_says_which_figure_is_missing(
    rated_seed,
):
    row = find(rated_seed, PROTECT, "9", "2018-19 Q2")  # Q2 2017/18 printed '-'
    assert row["rating"] == ""
    assert row["rating_reason"] == (
        "Not rated: the target 'Year on year reduction' needs the figure for Q2 2017/18, "
        "the same period last year, and the sheet has none"
    )


# --- (2) direction of travel ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scorecard", "measure", "period", "trend", "basis"),
    [
        # lower is better: 13.3% in Q2 against 13.1% in Q1
        (PROTECT, "1", "2018-19 Q2", "deteriorated", "Q1 2018/19"),
        # lower is better: 1,797 against 1,788
        (PROTECT, "11", "2018-19 Q2", "deteriorated", "Q1 2018/19"),
        # higher is better: 1,089 both quarters
        (HARROW, "46", "2018-19 Q2", "no change", "Q1 2018/19"),
        # lower is better: 1.7 against 0.68
        (PROTECT, "18", "2018-19 Q2", "deteriorated", "Q1 2018/19"),
        # higher is better: 74% against 68%
        (PROTECT, "5", "2018-19 Q2", "improved", "Q1 2018/19"),
        # cumulative, higher is better: 56.2% against 56.57% a year earlier (not 30.33% in Q1)
        (BUSINESS, "23", "2018-19 Q2", "deteriorated", "Q2 2017/18"),
        # cumulative, higher is better: 60.2% against 59.34% a year earlier
        (BUSINESS, "24", "2018-19 Q2", "improved", "Q2 2017/18"),
        # in range 0.9-1.1: 0.97 and 0.93 are both inside
        (HARROW, EQUALITY, "2018-19 Q2", "no change", "Q1 2018/19"),
        # no Q4 2017/18 row in the file to compare Q1 with
        (PROTECT, "1", "2018-19 Q1", "", ""),
        # cumulative: no Q1 2017/18 row in the file
        (BUSINESS, "23", "2018-19 Q1", "", ""),
        # the comparison period's row has no figure ('-')
        (HARROW, "33", "2018-19 Q2", "", ""),
    ],
)
def test_trend_compares_with_the_last_comparable_period(
    rated_seed, scorecard, measure, period, trend, basis
):
    row = find(rated_seed, scorecard, measure, period)
    assert (row["trend"], row["trend_basis"]) == (trend, basis)


def test_trend_basis_option_overrides_the_comparison_for_every_row(capsys):
    _, last_year, _ = rate(capsys, SEED, "--trend-basis", "last-year")
    row = find(last_year, PROTECT, "1", "2018-19 Q2")  # 13.3% against 13.7% a year earlier
    assert (row["trend"], row["trend_basis"]) == ("improved", "Q2 2017/18")

    _, previous, _ = rate(capsys, SEED, "--trend-basis", "previous")
    row = find(previous, BUSINESS, "23", "2018-19 Q2")  # 56.2% against 30.33% in Q1
    assert (row["trend"], row["trend_basis"]) == ("improved", "Q1 2018/19")


# --- (3) checking a published scorecard against the key ----------------------------------------


def test_agrees_says_whether_the_published_rating_matches_the_key(capsys):
    status, rows, _ = rate(capsys, PUBLISHED)
    assert status == 0
    assert [(row["published_rating"], row["rating"], row["agrees"]) for row in rows] == [
        ("HG", "HG", "yes"),
        ("LG", "HG", "no"),
        ("Low Red", "LR", "yes"),  # a band's name counts as well as its letters
        ("", "A", ""),  # nothing published
        ("A", "", ""),  # a note stands in place of our rating
    ]


def test_agrees_is_added_only_when_the_sheet_has_a_published_rating(rated_seed):
    assert "agrees" not in rated_seed[0]


# --- (4) bad rows ---------------------------------------------------------------------------


def test_bad_rows_are_reported_by_line_and_the_rest_are_still_rated(capsys):
    status, rows, err = rate(capsys, BAD_ROWS)
    assert status == 1
    lines = err.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "line 5",
        "line 6",
        "line 7",
        "line 10",
        "line 11",
    ]
    assert lines[0].startswith("line 5: duplicate of line 4")
    assert "unknown polarity 'sideways'" in lines[1]
    assert "the actual '12.3.4' cannot be read" in lines[2]
    assert "the target 'eighteen' cannot be read" in lines[3]
    assert "the period '2018-19 Q5' cannot be read" in lines[4]

    assert len(rows) == 12  # every row is written, in order
    bad = [rows[3], rows[4], rows[5], rows[7], rows[8]]
    assert all(row["rating"] == "" for row in bad)
    assert all(row["rating_reason"].startswith("Not rated: ") for row in bad)
    assert "duplicate of line 4" in rows[3]["rating_reason"]
    good = [rows[0], rows[1], rows[2], rows[6], rows[9], rows[10], rows[11]]
    assert [row["rating"] for row in good] == ["LG", "HG", "HG", "HR", "A", "LG", "A"]
    assert rows[6]["title"] == "Workforce with up-to-date appraisal\n(all staff)"


def test_the_first_of_two_duplicate_rows_is_the_one_compared_with(capsys):
    _, rows, _ = rate(capsys, BAD_ROWS)
    assert (rows[2]["trend"], rows[2]["trend_basis"]) == ("deteriorated", "Q1 2018/19")


def test_a_missing_file_exits_2_without_a_traceback(capsys, tmp_path):
    status = main(["rate", str(tmp_path / "nowhere.csv")])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""
    assert "nowhere.csv: no such file" in captured.err
    assert "Traceback" not in captured.err


@pytest.mark.parametrize(
    ("content", "arguments", "message"),
    [
        (b"", [], "the file is empty"),
        (b"scorecard,title\n\xff\n", [], "not UTF-8 text"),
        (SEED.read_bytes(), ["--footnotes", "/no/such/footnotes.csv"], "no such file"),
        (SEED.read_bytes(), ["--footnotes", str(SEED)], "missing footnote column text"),
        (SEED.read_bytes(), ["-o", "/no/such/folder/out.csv"], "No such file or directory"),
    ],
)
def test_a_sheet_that_cannot_be_read_or_written_exits_2_with_a_message(
    capsys, tmp_path, content, arguments, message
):
    sheet = tmp_path / "sheet.csv"
    sheet.write_bytes(content)
    status = main(["rate", str(sheet), *arguments])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.err.startswith("yardstick rate: ")
    assert message in captured.err


def test_a_row_with_more_cells_than_the_header_is_a_bad_row(capsys, tmp_path):
    sheet = tmp_path / "wide.csv"
    sheet.write_text(
        "scorecard,measure_no,title,good_is,period,target,actual\n"
        "Card,1,Visits,higher,2018-19 Q1,100,106,,\n"  # empty extra cells are ignored
        "Card,1,Visits,higher,2018-19 Q2,100,96,oops\n"
    )
    status, rows, err = rate(capsys, sheet)
    assert status == 1
    assert err == (
        "line 3: the row has 8 cells but the header names 7 columns "
        "(the extra cells are not written)\n"
    )
    assert [row["rating"] for row in rows] == ["HG", ""]


def test_a_dash_reads_the_sheet_from_stdin(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(SEED.read_text(encoding="utf-8")))
    status, rows, _ = rate(capsys, "-")
    assert status == 0
    assert len(rows) == len(read_csv(SEED))


@pytest.mark.parametrize(
    ("title", "cumulative"),
    [
        ("Number of new council houses built (cumulative)", True),
        ("Number of cases where positive action is taken (year to date)", True),
        ("Income collected YTD", True),
        ("Knife crime with injury rolling 12 months", False),
        ("Households in B&B (snapshot)", False),
    ],
)
def test_cumulative_measures_are_recognised_by_their_title(title, cumulative):
    assert is_cumulative(title) is cumulative


def test_a_missing_required_column_exits_2(capsys, tmp_path):
    sheet = tmp_path / "no-polarity.csv"
    sheet.write_text("scorecard,measure_no,title,period,target,actual\nA,1,T,2018-19 Q1,5,6\n")
    status = main(["rate", str(sheet)])
    captured = capsys.readouterr()
    assert status == 2
    assert "missing required column good_is" in captured.err
    assert captured.out == ""


# --- (5) where the output goes ---------------------------------------------------------------


def test_output_option_writes_the_file_and_nothing_to_stdout(capsys, tmp_path):
    output = tmp_path / "out.csv"
    assert main(["rate", str(SEED), "-o", str(output)]) == 0
    assert capsys.readouterr().out == ""
    assert output.read_text(encoding="utf-8").startswith("scorecard,measure_no,title,")


def test_the_same_rows_come_back_in_the_same_order_with_four_columns_added(capsys, rated_seed):
    seed = read_csv(SEED)
    status, written, _ = rate(capsys, SEED)
    assert status == 0
    rows = [{name: restore(cell) for name, cell in row.items()} for row in written]
    assert rows == rated_seed
    assert list(rows[0]) == list(seed[0]) + ADDED
    assert [{name: row[name] for name in seed[0]} for row in rows] == seed


def test_other_columns_pass_through_and_the_dialect_is_kept(capsys, tmp_path):
    sheet = tmp_path / "semicolons.csv"
    sheet.write_text(
        "ref;scorecard;measure_no;title;good_is;period;target;actual;note;owner\r\n"
        "X1;Card;1;Visits;higher;2018-19 Q1;100;106;;Ann\r\n"
        "X2;Card;1;Visits;higher;2018-19 Q2;100;96;;Ann\r\n",
        encoding="utf-8",
        newline="",
    )
    output = tmp_path / "rated.csv"
    assert main(["rate", str(sheet), "-o", str(output)]) == 0
    lines = output.read_bytes().decode("utf-8").split("\r\n")
    assert lines[0] == (
        "ref;scorecard;measure_no;title;good_is;period;target;actual;note;owner;"
        "rating;rating_reason;trend;trend_basis"
    )
    assert lines[1].startswith("X1;Card;1;Visits;higher;2018-19 Q1;100;106;;Ann;HG;")
    assert lines[2].startswith("X2;Card;1;Visits;higher;2018-19 Q2;100;96;;Ann;A;")
    assert lines[2].endswith(";deteriorated;Q1 2018/19")


def test_python_dash_m_yardstick_rate_writes_utf8_to_stdout():
    result = subprocess.run(
        [sys.executable, "-m", "yardstick", "rate", str(SEED)],
        capture_output=True,
        cwd=ROOT,
        check=False,
        env={"PATH": "/usr/bin:/bin", "LC_ALL": "C", "PYTHONIOENCODING": "ascii"},
    )
    assert result.returncode == 0, result.stderr.decode()
    text = result.stdout.decode("utf-8")
    assert "2-2½ year review" in text
    assert "% Personal Budgets – users" in text
    assert len(list(csv.DictReader(io.StringIO(text)))) == len(read_csv(SEED))


def test_the_command_runs_without_importing_django():
    code = (
        "import sys\n"
        "from yardstick.cli import main\n"
        f"status = main(['rate', {str(SEED)!r}, '-o', '/dev/null'])\n"
        "assert not [m for m in sys.modules if m.startswith('django')], 'django imported'\n"
        "sys.exit(status)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, cwd=ROOT, check=False, text=True
    )
    assert result.returncode == 0, result.stderr


def test_no_cell_written_can_run_as_a_formula_and_a_rated_sheet_rates_again_the_same(
    capsys, tmp_path
):
    """Every cell is written as yardstick.core.cells.neutralise says (OWASP CSV injection),
    and read back as `restore` says, so rating the rated sheet changes nothing."""
    sheet = tmp_path / "injected.csv"
    sheet.write_text(
        "scorecard,measure_no,title,good_is,period,target,actual,note\r\n"
        'Card,1,"=HYPERLINK(""http://x"",""y"")",higher,2018-19 Q1,-,96,-1+1|cmd\r\n'
        "Card,2,Falls,lower,2018-19 Q1,-10%,-12%,@SUM(A1)\r\n"
    )
    rated = tmp_path / "rated.csv"
    assert main(["rate", str(sheet), "-o", str(rated)]) == 0
    rows = read_csv(rated)
    assert rows[0]["title"] == '\'=HYPERLINK("http://x","y")'
    assert (rows[0]["target"], rows[0]["note"]) == ("'-", "'-1+1|cmd")
    assert (rows[1]["target"], rows[1]["actual"], rows[1]["note"]) == ("-10%", "-12%", "'@SUM(A1)")
    again = tmp_path / "again.csv"
    assert main(["rate", str(rated), "-o", str(again)]) == 0
    assert again.read_bytes() == rated.read_bytes()
