"""The risk-reviews kind: the history of each risk's reviews, added and never changed."""

from __future__ import annotations

from yardstick.imports.changes import ChangeSet, Writer
from yardstick.imports.kinds.base import (
    ABSENT,
    Cells,
    Column,
    ImportContext,
    Kind,
    Wanted,
    diff_records,
    load_users,
    show_value,
    username,
    usernames,
)
from yardstick.imports.kinds.risks.common import (
    refused_in_row,
    risk_key,
    risk_of,
    risks_by_key,
    shown,
    written,
)
from yardstick.imports.tables import Table
from yardstick.organisations.models import Organisation
from yardstick.risks.models import (
    RiskReview,
)
from yardstick.risks.services import (
    RiskRefused,
    check_imported_review,
    save_review,
)

REVIEW_KEY = ("reviewed_on", "reviewer", "likelihood", "impact", "next_review", "notes")


class ReviewsKind(Kind):
    def plan(self, context: ImportContext, table: Table) -> ChangeSet:
        changes = ChangeSet(self.name, rows=len(table.rows))
        if not self.check_columns(table, changes):
            return changes
        organisation = context.organisation
        risks = risks_by_key(organisation)
        existing: dict[tuple, RiskReview] = {}
        for review in RiskReview.objects.filter(
            risk__register__organisation=organisation
        ).select_related("risk__register", "reviewer"):
            existing.setdefault(_review_key(review), review)
        users = load_users(organisation, usernames(table, "reviewer"))
        wanted, made = [], {}
        for row in table.rows:
            cells = Cells(row, changes)
            risk = risk_of(cells, risks)
            reviewed_on = cells.date("reviewed_on")
            reviewer = cells.user("reviewer", users)
            likelihood = cells.integer("likelihood", required=True, maximum=99)
            impact = cells.integer("impact", required=True, maximum=99)
            next_review = cells.date("next_review")
            notes = cells.text("notes", max_length=2000)
            for name, value in (("reviewed_on", reviewed_on), ("next_review", next_review)):
                if value is None:
                    cells.problem(name, "is blank; it is needed")
            if reviewer is None:
                cells.problem("reviewer", "is blank; it is needed: the reviewer's username")
            if cells.bad:
                continue
            notes = "" if notes is ABSENT else notes
            review = RiskReview(
                risk=risk,
                reviewed_on=reviewed_on,
                reviewer=reviewer,
                likelihood=likelihood,
                impact=impact,
                next_review=next_review,
                notes=notes,
            )
            key = _review_key(review)
            made[key] = review
            wanted.append(Wanted(row, key, {}))
        diff = diff_records(
            changes,
            model_label="risk review",
            wanted=wanted,
            existing=existing,
            make=lambda key: made[key],
            show=shown,
            key_text=lambda key: f"{key[0]} {key[1]}",
            key_column="reviewed_on",
        )
        rows = {id(diff.by_key[item.key]): item.row.number for item in wanted}
        for review in diff.new:
            try:
                check_imported_review(review)
            except RiskRefused as refused:
                refused_in_row(changes, rows[id(review)], refused)

        def write(writer: Writer) -> None:
            for review in diff.new:
                written(
                    lambda review=review: save_review(
                        review, writer.acting_user, reason=writer.reason
                    )
                )

        changes.steps.append(write)
        return changes

    def export(self, organisation: Organisation, year: int | None) -> list[dict[str, str]]:
        reviews = RiskReview.objects.filter(
            risk__register__organisation=organisation
        ).select_related("risk__register", "reviewer")
        return [
            {
                "register": review.risk.register.code,
                "reference": review.risk.reference,
                "reviewed_on": show_value("reviewed_on", review.reviewed_on),
                "reviewer": username(review.reviewer),
                "likelihood": str(review.likelihood),
                "impact": str(review.impact),
                "notes": review.notes,
                "next_review": show_value("next_review", review.next_review),
            }
            for review in sorted(
                reviews,
                key=lambda r: (r.risk.register.code, r.risk.reference, r.reviewed_on, r.pk),
            )
        ]


def _review_key(review: RiskReview) -> tuple:
    """A review is known by its risk and everything it says: a file adds reviews, it never
    changes one (each is kept as it was recorded)."""
    return (
        risk_key(review.risk),
        review.reviewed_on.isoformat(),
        review.reviewer.username,
        review.likelihood,
        review.impact,
        review.next_review.isoformat(),
        review.notes,
    )


RISK_REVIEWS = ReviewsKind(
    name="risk-reviews",
    label="Risk reviews",
    description="The history of each risk's reviews: added, never changed.",
    columns=(
        Column("register", True, "The risk's register's code."),
        Column("reference", True, "The risk's reference (import the risks first)."),
        Column("reviewed_on", True, "The day of the review: 2018-07-12 (not in the future)."),
        Column("reviewer", True, "The reviewer's username."),
        Column("likelihood", True, "The likelihood then, a level on the council's scale."),
        Column("impact", True, "The impact then, a level on the council's scale."),
        Column("notes", help="What the review said (up to 2,000 characters)."),
        Column("next_review", True, "The next review date it set: 2018-10-11."),
    ),
)
