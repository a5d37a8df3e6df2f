from datetime import date

from yardstick.core.statements import Dimension, review_overdue, sign_off_problems

TODAY = date(2019, 3, 31)
FULL = {dimension.value: "Checked monthly against the source." for dimension in Dimension}


def test_a_review_is_overdue_the_day_after_its_date():
    """docs/calculations.md: due 31 March 2019, overdue on 1 April, not on 31 March."""
    assert not review_overdue(date(2019, 3, 31), date(2019, 3, 31))
    assert review_overdue(date(2019, 3, 31), date(2019, 4, 1))
    assert not review_overdue(None, TODAY)


def test_a_complete_statement_with_a_later_review_may_be_signed_off():
    """docs/calculations.md: signed off on 31 March 2019, 30 September 2019 is accepted."""
    assert sign_off_problems(FULL, "low", date(2019, 9, 30), TODAY) == []
    assert sign_off_problems(FULL, "low", date(2019, 4, 1), TODAY) == []


def test_sign_off_needs_every_dimension_a_risk_and_a_review_after_today():
    texts = dict(FULL, timeliness="  ")
    problems = sign_off_problems(texts, "", TODAY, TODAY)
    assert [problem.field for problem in problems] == ["timeliness", "risk", "review_date"]
    assert "after today" in problems[-1].message
    assert sign_off_problems(FULL, "high", None, TODAY)[0].field == "review_date"
