"""Risk registers, risks, controls, further actions and reviews from a file: a good file
imports through the services with the import's reason in the history; a bad one is refused
whole, each problem by row and column; a file imported twice changes nothing the second
time; only the performance team may import. (Every kind's round trip:
imports/tests/test_round_trips.py.)"""

from __future__ import annotations

import pytest

from yardstick.imports.services import export_file, import_file
from yardstick.risks.models import Control, FurtherAction, Register, Risk, RiskReview
from yardstick.risks.services import close_risk

pytestmark = pytest.mark.django_db

REGISTERS = (
    "code,kind,title,unit,body,partnership\n"
    "PEO2,directorate,People (imported),PEO,,\n"
    "CORP2,corporate,Corporate (imported),,,\n"
)
RISKS = (
    "register,reference,title,category,owner,inherent_likelihood,inherent_impact,"
    "current_likelihood,current_impact,target_likelihood,target_impact,review_date,"
    "escalated_from\n"
    "CORP2,CORP2-01,Care market fails,operational,rosa,5,5,4,4,2,3,2027-03-31,PEO2/PEO2-01\n"
    "PEO2,PEO2-01,Care market fails,operational,rosa,5,5,4,4,2,3,2027-03-31,\n"
)
CONTROLS = "register,reference,text,owner,added_on\nPEO2,PEO2-01,Weekly meeting,rosa,2026-04-20\n"
ACTIONS = (
    "register,reference,text,owner,due,status,progress,updated_on,closed_on\n"
    "PEO2,PEO2-01,Recruit two providers,rosa,2027-03-31,open,One signed,2026-11-02,\n"
    "PEO2,PEO2-01,Review fees,rosa,2026-09-30,done,Agreed,2026-09-20,2026-09-28\n"
)
REVIEWS = (
    "register,reference,reviewed_on,reviewer,likelihood,impact,notes,next_review\n"
    "PEO2,PEO2-01,2026-07-12,rosa,4,4,First look,2026-10-11\n"
)


def imported(organisation, kind: str, text: str, user):
    return import_file(organisation, kind, text.encode(), f"{kind}.csv", user)


def problems(result) -> list[tuple]:
    return [(p.row, p.column, p.message) for p in result.changes.sorted_problems()]


def test_a_good_set_of_files_imports_through_the_services_and_again_changes_nothing(
    council, registers, risk_owner, performance_officer
):
    for kind, text in (
        ("risk-registers", REGISTERS),
        ("risks", RISKS),
        ("risk-controls", CONTROLS),
        ("risk-actions", ACTIONS),
        ("risk-reviews", REVIEWS),
    ):
        result = imported(council, kind, text, performance_officer)
        assert result.applied, problems(result)
    higher = Risk.objects.get(reference="CORP2-01")
    assert higher.escalated_from.reference == "PEO2-01"
    assert higher.reviews.count() == 0  # a file of reviews carries the history
    assert higher.history.first().history_change_reason == "Imported from risks.csv"
    assert Control.objects.get().text == "Weekly meeting"
    done = FurtherAction.objects.get(text="Review fees")
    assert (done.status, done.closed_on.isoformat(), done.owner.username) == (
        "done",
        "2026-09-28",
        "rosa",
    )
    assert done.history.get().history_change_reason == "Imported from risk-actions.csv"
    assert RiskReview.objects.get().notes == "First look"
    for kind in ("risk-registers", "risks", "risk-controls", "risk-actions", "risk-reviews"):
        again = imported(council, kind, export_file(council, kind, "csv").decode(), None)
        assert again.applied
        assert [c for c in again.changes.changes if c.action != "unchanged"] == [], kind


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        (
            "risk-registers",
            "code,kind,title,unit\nX1,directorate,X,\nX2,corporate,Y,PEO\nX 3,galaxy,Z,\n",
            [
                (2, "unit", "A directorate register belongs to a unit: choose it."),
                (3, "unit", "A corporate register does not belong to a unit: leave it blank."),
                (4, "kind", "'galaxy' is not one of: corporate, directorate, service, "
                 "management_group, partnership"),
            ],
        ),
        (
            "risks",
            "register,reference,title,category,owner,inherent_likelihood,inherent_impact,"
            "current_likelihood,current_impact,target_likelihood,target_impact,review_date,"
            "escalated_from\n"
            "PEO,PEO-09,A,operational,rosa,5,5,6,1,1,1,2027-01-01,\n"
            "PEO,PEO-10,B,operational,nobody,5,5,4,4,1,1,2027-01-01,\n"
            "PEO,PEO-11,C,operational,rosa,2,2,4,4,1,1,2027-01-01,\n"
            "CORP,CORP-09,D,operational,rosa,5,5,4,4,1,1,2027-01-01,PLA/PLA-01\n"
            "PLA,PLA-09,E,operational,rosa,5,5,4,4,1,1,2099-01-01,\n"
            "PEO,PEO-12,F,weather,rosa,5,5,4,4,1,1,2027-01-01,PEO-01\n",
            [
                (2, "current_likelihood", "The current likelihood must be from 1 to 5."),
                (3, "owner", "there is no user 'nobody' in this organisation"),
                (4, "current_likelihood", "The current score (16) cannot be above the inherent "
                 "score (4): the inherent score is the risk before any control."),
                (5, "escalated_from", "there is no risk PLA/PLA-01, in the file or already"),
                (6, "review_date", "The review date must be within 10 years of today, by "),
                (7, "category", "'weather' is not one of: strategic, financial, operational, "
                 "reputational, legal, safeguarding, partnership, people, information, "
                 "health_and_safety, environmental"),
                (7, "escalated_from", "'PEO-01' is not a risk: write its register's code, '/' "
                 "and its reference, like 'PEO/PEO-01'"),
            ],
        ),
        (
            "risk-actions",
            "register,reference,text,owner,due,status,progress,updated_on,closed_on\n"
            "PEO,PEO-01,Recruit,rosa,2027-03-31,done,,,\n"
            "PEO,PEO-01,Brokerage,rosa,2027-03-31,open,,,2026-10-01\n"
            "PEO,PEO-01,Fees,nobody,2027-03-31,open,,,\n"
            "PEO,PEO-77,Market,rosa,2027-03-31,open,,,\n"
            "PEO,PEO-01,Later,rosa,2099-03-31,open,,,\n"
            "PEO,PEO-01,Paused,rosa,2027-03-31,paused,,,\n"
            "PEO,PEO-01,Ahead,rosa,2027-03-31,open,,2099-01-01,\n",
            [
                (2, "closed_on", "A done or dropped action needs the day it was closed."),
                (3, "closed_on", "An open action has no closing day: leave it blank."),
                (4, "owner", "there is no user 'nobody' in this organisation"),
                (5, "reference", "there is no risk PEO-77 on PEO: import the risks first"),
                (6, "due", "The due date must be within 10 years of today"),
                (7, "status", "'paused' is not one of: open, done, dropped"),
                (8, "updated_on", "The update's day must be within 10 years of today"),
            ],
        ),
        (
            "risk-reviews",
            "register,reference,reviewed_on,reviewer,likelihood,impact,notes,next_review\n"
            "PEO,PEO-01,2026-07-12,rosa,4,4,,2026-07-01\n"
            "PEO,PEO-77,2026-07-12,rosa,4,4,,2026-10-01\n"
            "PEO,PEO-01,2099-07-12,rosa,4,4,,2099-10-01\n",
            [
                (2, "next_review", "The next review date must be after the review."),
                (3, "reference", "there is no risk PEO-77 on PEO: import the risks first"),
                (4, "reviewed_on", "The day of the review must be within 10 years of today"),
            ],
        ),
    ],
)  # fmt: skip
def test_a_bad_file_is_refused_whole_with_each_problem_by_row_and_column(
    council, risk, performance_officer, kind, text, expected
):
    before = (
        Register.objects.count(),
        Risk.objects.count(),
        RiskReview.objects.count(),
        FurtherAction.objects.count(),
    )
    result = imported(council, kind, text, performance_officer)
    assert not result.applied
    found = problems(result)
    assert len(found) == len(expected), found
    for (row, column, message), (want_row, want_column, want_message) in zip(
        found, expected, strict=True
    ):
        assert (row, column) == (want_row, want_column), found
        assert message.startswith(want_message), (message, want_message)
    assert (
        Register.objects.count(),
        Risk.objects.count(),
        RiskReview.objects.count(),
        FurtherAction.objects.count(),
    ) == before


def test_a_closed_risk_takes_no_changes_from_a_file(council, risk, performance_officer):
    close_risk(risk, "Passed", performance_officer)
    text = export_file(council, "risks", "csv").decode().replace("Care market", "Care markets")
    result = imported(council, "risks", text, performance_officer)
    assert not result.applied
    assert problems(result)[0][1:] == ("status", "This risk is closed: it takes no more changes.")


def test_only_the_performance_team_imports_risks(council, registers, councillor):
    result = imported(council, "risk-registers", REGISTERS, councillor)
    assert not result.applied
    assert not Register.objects.filter(code="PEO2").exists()
