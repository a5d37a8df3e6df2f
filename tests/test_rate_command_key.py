"""`yardstick rate --key FILE`: a sheet rated by a council's own key (docs/keys.md).

The seeds' key as a key file gives exactly the ratings worked out by hand from the key
(tests/data/seed-expected-ratings.csv), and exactly the rows the default gives; the "within 5%"
three-band key of docs/examples rates a sheet by it; a bad key file exits 2 with FILE:LINE.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from yardstick.cli import main
from yardstick.core.cells import restore

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "yardstick" / "demo" / "data" / "seed-corporate-scorecards-2018-19.csv"
EXPECTED = Path(__file__).resolve().parent / "data" / "seed-expected-ratings.csv"
FIVE_BAND = ROOT / "yardstick" / "core" / "keyfiles" / "five-band.toml"
THREE_BAND = ROOT / "yardstick" / "core" / "keyfiles" / "three-band.toml"
WITHIN_5 = ROOT / "docs" / "examples" / "within-5-percent.toml"
BRAG = ROOT / "docs" / "examples" / "brag.toml"

HEADER = "scorecard,measure_no,title,good_is,period,target,actual,note\n"


def rate(capsys, *arguments) -> tuple[int, list[dict[str, str]], str]:
    status = main(["rate", *(str(argument) for argument in arguments)])
    captured = capsys.readouterr()
    rows = [
        {name: restore(cell) for name, cell in row.items()}
        for row in csv.DictReader(io.StringIO(captured.out))
    ]
    return status, rows, captured.err


def key(row: dict[str, str]) -> tuple[str, str, str]:
    return row["scorecard"], row["measure_no"] or row["title"], row["period"]


def test_the_seeds_key_file_gives_every_seed_row_the_rating_worked_out_by_hand(capsys):
    status, rated, _ = rate(capsys, SEED, "--key", FIVE_BAND)
    assert status == 0
    with open(EXPECTED, encoding="utf-8", newline="") as handle:
        expected = {key(row): row["expected_rating"] for row in csv.DictReader(handle)}
    assert len(rated) > len(expected) > 100
    assert {key(row): row["rating"] for row in rated} == {
        key(row): expected.get(key(row), "") for row in rated
    }


def test_the_seeds_key_file_writes_exactly_what_the_default_writes(capsys):
    _, by_default, _ = rate(capsys, SEED)
    status, by_file, _ = rate(capsys, SEED, "--key", FIVE_BAND)
    assert status == 0
    assert by_file == by_default


def test_the_three_band_key_file_rates_green_amber_and_red(capsys, tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        HEADER
        + "S,1,Met,higher,2018-19 Q2,100,100,\n"
        + "S,2,Just off,higher,2018-19 Q2,100,97,\n"
        + "S,3,Five off,higher,2018-19 Q2,100,95,\n",
        encoding="utf-8",
    )
    _, rated, _ = rate(capsys, sheet, "--key", THREE_BAND)
    assert [row["rating"] for row in rated] == ["G", "A", "R"]


def test_the_within_5_percent_key_rates_a_sheet_by_it(capsys, tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        HEADER
        + "S,1,Visits,higher,2018-19 Q1,100,90,\n"
        + "S,1,Visits,higher,2018-19 Q2,100,97,\n"  # 3% under target: Green by this key
        + "S,2,Calls,lower,2018-19 Q2,100,105,\n"  # 5% over, lower is better: still Green
        + "S,3,Homes,higher,2018-19 Q2,100,92,\n"  # 8% under: Amber
        + "S,4,Rent,higher,2018-19 Q2,100,90,\n"  # 10% under: Amber (at_least -10)
        + "S,5,Tax,higher,2018-19 Q2,100,89.9,\n"  # 10.1% under: Red
        + "S,6,Ratio,in_range,2018-19 Q2,0.9-1.1,0.88,\n",  # outside a range is never Green
        encoding="utf-8",
    )
    status, rated, err = rate(capsys, sheet, "--key", WITHIN_5)
    assert (status, err) == (0, "")
    assert [row["rating"] for row in rated] == ["A", "G", "G", "A", "A", "R", "A"]
    assert rated[1]["rating_reason"] == (
        "97 is 3.0% worse than the 100 target (higher is better): Green"
    )
    # The key compares with the previous period whatever the measure.
    assert (rated[1]["trend"], rated[1]["trend_basis"]) == ("improved", "Q1 2018/19")
    _, by_default, _ = rate(capsys, sheet)
    assert by_default[1]["rating"] == "A"  # the default key: 3% under is Amber


def test_the_brag_key_rates_blue_green_amber_and_red(capsys, tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        HEADER
        + "S,1,Visits,higher,2018-19 Q2,100,105,\n"  # 5% better: Blue
        + "S,2,Calls,lower,2018-19 Q2,100,96,\n"  # 4% better: Green
        + "S,3,Homes,higher,2018-19 Q2,100,96,\n"  # 4% under: Amber
        + "S,4,Rent,higher,2018-19 Q2,100,95,\n"  # 5% under: Red
        + "S,5,Incidents,lower,2018-19 Q2,0,0,\n"  # a zero target met: Green, never Blue
        + "S,6,Ratio,in_range,2018-19 Q2,0.9-1.1,1.0,\n",  # inside a range: Green
        encoding="utf-8",
    )
    status, rated, err = rate(capsys, sheet, "--key", BRAG)
    assert (status, err) == (0, "")
    assert [row["rating"] for row in rated] == ["B", "G", "A", "R", "G", "G"]
    assert rated[0]["rating_reason"] == (
        "105 is 5.0% better than the 100 target (higher is better): Blue"
    )


def test_a_percentage_points_key_rates_percentages_in_points(capsys, tmp_path):
    points = tmp_path / "points.toml"
    points.write_text(
        'name = "Points"\ndistance = "points"\n'
        '[[bands]]\ncode = "G"\nat_least = -2\n[[bands]]\ncode = "A"\nat_least = -5\n'
        '[[bands]]\ncode = "R"\n',
        encoding="utf-8",
    )
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        HEADER
        + "S,1,Collected,higher,2018-19 Q2,50%,48.5%,\n"  # 1.5 points under (3% of target)
        + "S,2,Collected,higher,2018-19 Q2,50%,46%,\n",  # 4 points under
        encoding="utf-8",
    )
    _, rated, _ = rate(capsys, sheet, "--key", points)
    assert [row["rating"] for row in rated] == ["G", "A"]
    assert rated[0]["rating_reason"] == (
        "48.5% is 1.5 percentage points worse than the 50% target (higher is better): Green"
    )


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ('name = "x"\n[[bands]]\ncode = "G"\nat_least = 0\nabove = 1\n', 5, "not both"),
        ('name = "x"\n[[bands]]\ncode = "G"\n[[bands]]\ncode = "R"\n', 2, "needs a bound"),
        ('name = "x"\ncolour = "red"\n', 2, "unknown field 'colour'"),
        ('name = "x"\n[[bands]\n', 2, "not valid TOML"),
    ],
)
def test_a_bad_key_file_exits_2_with_the_file_the_line_and_the_reason(
    capsys, tmp_path, text, line, reason
):
    bad = tmp_path / "bad.toml"
    bad.write_text(text, encoding="utf-8")
    status, rows, err = rate(capsys, SEED, "--key", bad)
    assert (status, rows) == (2, [])
    assert f"{bad}:{line}: " in err
    assert reason in err


def test_a_missing_or_unreadable_key_file_exits_2(capsys, tmp_path):
    status, _, err = rate(capsys, SEED, "--key", tmp_path / "absent.toml")
    assert status == 2
    assert "absent.toml: no such file" in err
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"name = \xff\n")
    status, _, err = rate(capsys, SEED, "--key", binary)
    assert status == 2
    assert "binary.toml:1: not UTF-8 text" in err
    status, _, err = rate(capsys, SEED, "--key", tmp_path)
    assert status == 2
