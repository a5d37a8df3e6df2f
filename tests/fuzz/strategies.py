"""What people (and scripts, and bad luck) type: hypothesis strategies for form fields and
query parameters, weighted towards the values that break things. Huge numbers, too many
decimals, NaN and infinity, negative zero, counts that cannot be, unicode digits, texts past
every length limit, dates far in the past and future, malformed dates and random text."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from yardstick.measures.rules import COMMENTARY_LENGTH, NOTE_LENGTH, OUTLIER_NOTE_LENGTH


# Every fuzz test: repeatable in CI, no deadline (a page can take a second on a busy
# machine), and the function-scoped fixtures (the client, the world) shared by the examples.
def fuzz(examples: int) -> settings:
    return settings(
        max_examples=examples,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


NASTY_NUMBERS = (
    "99999999999999999999999",
    "123456789012345678",
    "1" * 29,
    "9" * 40,
    "100000000000000",
    "99999999999999",
    "99999999999999.9",
    "99999999999999.99",
    "99999999999999.999999",
    "-99999999999999.999999",
    "12345678901234.123456",
    "1.1234567",
    "0.0000001",
    "0.000001",
    "NaN",
    "nan",
    "-NaN",
    "sNaN",
    "Infinity",
    "-Infinity",
    "inf",
    "1e309",
    "-1e309",
    "1E+5",
    "1e-7",
    "1e14",
    "-0",
    "-0.0",
    "0",
    "+5",
    "-5",
    "-1",
    "00000000000000000000000001",
    "1,000,000,000,000,000,000",
    "1,2,3",
    ".",
    "-",
    "--5",
    "5-",
    "١٢٣",
    "１２３",
    "𝟗",
    "½",
    "1_000",
    "0x10",
    "1 000",
    "12%",
    "150%",
    "104%",
    "-5%",
    "100.0000001%",
    "£1,234.56",
    "£99999999999999999999",
    "-£5",
    "01:36",
    "99999999999999999:59",
    "1:00:60",
    "-01:36",
    "1:0",
    "0:0",
    "99999999999999999999:1",
    "1:4",
    "yes",
    "No",
    "maybe",
    "12/03/2019",
    "31/02/2019",
    "0001-01-01",
    "9999-12-31",
    "2999-01-01",
    "1 Smarch 2019",
    "BL",
    "Not yet due",
    "Not available (why)",
    "Note 1",
    "-",
    "38.7% (53/137)",
    "50% (1/0)",
    "50% (99999999999999999999/1)",
    "52 (223)",
    "5 (-1)",
    "\x00",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    '=HYPERLINK("http://example.org")',
    " ",
    "\t\n",
    "Ⅻ",
    "1" * 101,
)

NASTY_DATES = (
    "0001-01-01",
    "9999-12-31",
    "2999-12-31",
    "2999-01-01",
    "1969-12-31",
    "1970-01-01",
    "2018-02-30",
    "2018-13-01",
    "2018-00-10",
    "31/12/9999",
    "01/01/0001",
    "99999-01-01",
    "-1-01-01",
    "0000-00-00",
    "2018-1-1",
    "not a date",
    "",
    "2018-07-01",
    "2018-09-30",
)

NASTY_RANGES = (
    "Jul 18 - Sep 18",
    "Jan 0001 - Dec 9999",
    "Jan 2999 - Dec 2999",
    "Dec 18 - Jan 18",
    "1 Jan 1900 - 31 Dec 1900",
    "Smarch 18 - Sep 18",
    "Jul 18 -",
    "- Sep 18",
)


def long_text(limit: int) -> st.SearchStrategy[str]:
    """Text around a length limit: just under, at, just over and far over."""
    return st.sampled_from((limit - 1, limit, limit + 1, limit * 3)).map(lambda n: "é" * n)


numbers = st.one_of(
    st.sampled_from(NASTY_NUMBERS),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers().map(str),
    st.floats().map(repr),
    st.from_regex(r"\A[+-]?[0-9,]{0,30}(\.[0-9]{0,12})?(%|e[+-]?[0-9]{1,4})?\Z"),
    st.text(max_size=20),
)
counts = st.one_of(
    st.just(""),
    st.sampled_from(NASTY_NUMBERS[:40]),
    st.integers().map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.text(max_size=10),
)
dates = st.one_of(
    st.sampled_from(NASTY_DATES),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat),
    st.text(max_size=12),
)
texts = st.one_of(st.just(""), st.text(max_size=40), st.sampled_from(NASTY_NUMBERS))


def bounded_text(limit: int) -> st.SearchStrategy[str]:
    return st.one_of(texts, long_text(limit))


whole_numbers = st.one_of(
    st.sampled_from(("0", "-1", "120", "121", "9" * 30, "", "1.5", "NaN", "١")),
    st.integers().map(str),
    st.text(max_size=8),
)
choices_of = st.sampled_from  # a field's own choices, to mix with random text


def choice(*values: str) -> st.SearchStrategy[str]:
    """One of a field's own choices, three times in four; random text otherwise."""
    own = st.sampled_from(values)
    return st.one_of(own, own, own, texts)


def mostly(value, other: st.SearchStrategy) -> st.SearchStrategy:
    """`value` three times in four, a generated one otherwise: so that most examples get past
    the first check to what is behind it."""
    return st.one_of(st.just(value), st.just(value), st.just(value), other)


def some_of(fields: dict, most: int = 3) -> st.SearchStrategy[dict]:
    """Up to `most` of the fields, each with a generated value: laid over a form that is
    otherwise right, so a generated value reaches the code behind the form's own checks."""
    return st.lists(st.sampled_from(sorted(fields)), max_size=most, unique=True).flatmap(
        lambda names: st.fixed_dictionaries({name: fields[name] for name in names})
    )


figure_fields = {
    "value": numbers,
    "missing_state": choice("", "not_yet_due", "not_available", "in_arrears", "baseline", "new"),
    "note": bounded_text(NOTE_LENGTH),
    "data_covers_start": dates,
    "data_covers_end": dates,
    "data_covers": st.one_of(st.just(""), st.sampled_from(NASTY_RANGES), st.text(max_size=70)),
    "commentary": bounded_text(COMMENTARY_LENGTH),
    "proposed_action": bounded_text(COMMENTARY_LENGTH),
    "outlier_confirmed": st.sampled_from(("", "on", "true", "x")),
    "outlier_note": bounded_text(OUTLIER_NOTE_LENGTH),
}
count_fields = {"numerator": counts, "denominator": counts}
query_values = st.one_of(
    st.just(""),
    st.text(max_size=30),
    st.sampled_from(NASTY_NUMBERS),
    st.sampled_from(NASTY_DATES),
    long_text(2000),
)
