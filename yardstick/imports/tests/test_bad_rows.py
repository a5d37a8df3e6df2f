"""A file with any bad row changes nothing, and says which rows and columns and why."""

import pytest

from yardstick.imports.changes import Problem
from yardstick.imports.models import ImportRun, ImportStatus
from yardstick.imports.services import import_file

from .conftest import row_counts, seed_text, with_lines

pytestmark = pytest.mark.django_db

# Row 11 of the seed: BBH-12 in 2017-18 Q2, actual '1.3%'.
UNREADABLE = seed_text().splitlines()[10].replace(",1.3%,", ",one point three,")


def test_a_file_with_an_unreadable_actual_creates_nothing(council):
    before = row_counts()
    result = import_file(
        council, "scorecard", with_lines(seed_text(), {11: UNREADABLE}), "bad.csv", None
    )
    assert not result.applied
    assert row_counts() == before


def test_the_report_gives_the_row_the_column_and_why(council):
    result = import_file(
        council, "scorecard", with_lines(seed_text(), {11: UNREADABLE}), "bad.csv", None
    )
    assert result.changes.problems == [
        Problem(11, "actual", "'one point three' is not a percentage")
    ]


def test_the_refused_import_is_recorded_with_its_problems(council):
    import_file(council, "scorecard", with_lines(seed_text(), {11: UNREADABLE}), "bad.csv", None)
    run = ImportRun.objects.get(organisation=council)
    assert run.status == ImportStatus.REJECTED
    assert run.problems == [
        {"row": 11, "column": "actual", "message": "'one point three' is not a percentage"}
    ]
    assert run.applied_at is None


def bbh1(
    title="Number of new council houses built (cumulative)",
    good_is="higher",
    period="2017-18 Q2",
    target="6",
    actual="6",
    data_period="",
) -> str:
    """A row of measure 1 of Build a Better Harrow, as the seed has it unless told."""
    return f"Build a Better Harrow,1,{title},{good_is},{period},{target},{actual},,{data_period}"


HEADER = "scorecard,measure_no,title,good_is,period,target,actual,note,data_period"


@pytest.mark.parametrize(
    ("replace", "problem"),
    [
        (
            {1: HEADER.replace("actual", "actuals")},
            (1, "actual", "the required column 'actual' is missing"),
        ),
        ({1: HEADER.replace("actual", "actuals")}, (1, "actuals", None)),
        (
            {2: bbh1(good_is="up")},
            (2, "good_is", "'up' is not one of: higher, lower, in_range, contextual"),
        ),
        ({2: bbh1(period="Q5 2017/18")}, (2, "period", None)),
        ({2: bbh1(period="")}, (2, "period", "is blank; it is needed")),
        (
            {2: bbh1(period="2010-11")},
            (
                2,
                "period",
                "'2010-11' could be November 2010 or the year 2010/11: write 'Month YYYY' or "
                "'YYYY/YY', or say which type of period it is",
            ),
        ),
        ({2: bbh1(target="six")}, (2, "target", None)),
        ({2: bbh1(data_period="Sometime")}, (2, "data_period", None)),
        ({2: bbh1(title="")}, (2, "title", "is blank; it is needed")),
        ({3: bbh1(title="Council homes", period="2018-19 Q1")}, (3, "title", None)),
        (
            {3: bbh1(good_is="lower", period="2018-19 Q1")},
            (
                3,
                "good_is",
                "measure 1 of 'Build a Better Harrow' is 'higher' on row 2; give one polarity",
            ),
        ),
        (
            {3: bbh1(period="2017-18 Q2")},
            (3, "period", "BBH-01 2017-18 Q2 is also on row 2; give each target once"),
        ),
        ({3: bbh1(period="2018-19 Q1", target="01:30")}, (3, "actual", None)),
    ],
)
def test_each_problem_is_reported_by_row_and_column(council, replace, problem):
    result = import_file(council, "scorecard", with_lines(seed_text(), replace), "bad.csv", None)
    assert not result.applied
    found = [(p.row, p.column) for p in result.changes.problems]
    assert (problem[0], problem[1]) in found
    if problem[2] is not None:
        assert problem[2] in [p.message for p in result.changes.problems]


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"", "empty.csv", "the file is empty: it needs a header row naming its columns"),
        (b"\xff\xfe\x00\x01", "binary.csv", None),
        (
            b"not a workbook",
            "sheet.xlsx",
            "the file is not an Excel workbook (.xlsx) that can be read",
        ),
        (b"a,b\n1,2\n", "notes.docx", None),
        (
            b"scorecard,scorecard\n",
            "twice.csv",
            "the column 'scorecard' appears twice in the header row",
        ),
    ],
)
def test_a_file_that_is_not_a_table_is_reported_not_raised(council, content, filename, message):
    result = import_file(council, "scorecard", content, filename, None)
    assert not result.applied
    assert len(result.changes.problems) == 1
    assert result.changes.problems[0].row is None
    if message:
        assert result.changes.problems[0].message == message


@pytest.mark.parametrize(
    ("decimals", "message"),
    [
        ("²", "'²' is not a whole number"),  # a digit to str.isdigit, not to int(): was a 500
        ("--5", "'--5' is not a whole number"),  # the same
        ("7", "7 is above 6"),  # only 6 places are kept: a seventh was never kept
        ("99999999999", "99999999999 is above 6"),  # past the column (PostgreSQL's smallint)
    ],
)
def test_a_measures_file_with_a_whole_number_out_of_bounds_says_why(council, decimals, message):
    content = f"code,title,polarity,decimals\nM1,A measure,higher,{decimals}\n".encode()
    result = import_file(council, "measures", content, "measures.csv", None)
    assert result.changes.problems == [Problem(2, "decimals", message)]
