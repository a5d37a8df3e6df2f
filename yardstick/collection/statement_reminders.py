"""Reminders that data quality statements are past their review date: to each measure's
owner, one e-mail listing their measures whose signed-off statement's review date has passed,
once per statement version, review date and owner (`StatementReminder`), so a statement
reviewed and signed off again is chased only when its new date passes. Sent by
`send_reminders` with the figures' reminders, the same way: recorded as each e-mail is
handed to the mail server, so running twice sends nothing twice."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.mail import EmailMessage
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from yardstick.accounts.mail import Outcome, reminder_letter, send_to_each
from yardstick.measures.models import Lifecycle
from yardstick.measures.statements import (
    DataQualityStatement,
    StatementReminder,
)


def reviews_overdue_unreminded(
    as_of: date, organisation_ids: Iterable[int] | None = None
) -> list[DataQualityStatement]:
    """Signed-off statements of active measures with an owner, past their review date on
    `as_of` (`core.statements.review_overdue`: the date has passed), whose owner has not been
    told about this version and date."""
    told = StatementReminder.objects.filter(
        statement=OuterRef("pk"),
        review_date=OuterRef("review_date"),
        recipient=OuterRef("measure__owner"),
    )
    statements = (
        DataQualityStatement.objects.signed_off()
        .filter(
            review_date__lt=as_of,
            measure__lifecycle=Lifecycle.ACTIVE,
            measure__owner__isnull=False,
        )
        .exclude(Exists(told))
    )
    if organisation_ids is not None:
        statements = statements.filter(measure__organisation_id__in=list(organisation_ids))
    return list(
        statements.select_related("measure__owner").order_by(
            "measure__owner_id", "review_date", "measure__code"
        )
    )


def compose(owner, statements: list[DataQualityStatement], base_url: str) -> EmailMessage:
    entries = []
    for statement in statements:
        measure = statement.measure
        link = base_url.rstrip("/") + reverse("measures:statement", args=[measure.code])
        entries.append(
            f"- {measure.code} {measure.title} (review was due {statement.review_date:%-d %B %Y})"
        )
        entries.append(f"  Review it at {link}")
    count = len(statements)
    return reminder_letter(
        owner,
        subject=f"Review due: {count} data quality statement{'s' if count != 1 else ''}",
        intro="The data quality statements of these measures you own are past their review date:",
        entries=entries,
        closing="Check each dimension still holds, set the next review date and sign it off "
        "again; the signed-off statement stays shown meanwhile.",
    )


def send_statement_reminders(
    as_of: date,
    organisation_ids: Iterable[int] | None,
    connection,
    *,
    dry_run: bool = False,
    base_url: str = "",
) -> Outcome:
    def record(owner, statements: list[DataQualityStatement]) -> None:
        StatementReminder.objects.bulk_create(
            StatementReminder(
                statement=statement,
                review_date=statement.review_date,
                recipient=owner,
                sent_at=timezone.now(),
            )
            for statement in statements
        )

    return send_to_each(
        reviews_overdue_unreminded(as_of, organisation_ids),
        lambda statement: statement.measure.owner,
        lambda owner, statements: compose(owner, statements, base_url),
        record,
        connection,
        dry_run=dry_run,
    )
