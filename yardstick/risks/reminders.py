"""Reminders that risks are past their review date: to each owner, one e-mail listing their
open risks whose review date has passed, once per risk and review date (`RiskReminder`), so
a risk reviewed and given a new date is chased again only when that one passes. Sent by
`send_reminders` with the figures' reminders, the same way: recorded as each e-mail is handed
to the mail server, so running twice sends nothing twice."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.mail import EmailMessage
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from yardstick.accounts.mail import Outcome, reminder_letter, send_to_each
from yardstick.risks.models import Risk, RiskReminder, RiskStatus


def reviews_overdue_unreminded(as_of: date, organisation_ids: Iterable[int] | None = None):
    """Open risks past their review date whose owner has not been told about this date."""
    told = RiskReminder.objects.filter(
        risk=OuterRef("pk"), review_date=OuterRef("review_date"), recipient=OuterRef("owner")
    )
    risks = Risk.objects.filter(status=RiskStatus.OPEN, review_date__lt=as_of).exclude(Exists(told))
    if organisation_ids is not None:
        risks = risks.filter(register__organisation_id__in=list(organisation_ids))
    return list(risks.select_related("owner", "register").order_by("owner_id", "review_date", "id"))


def compose(owner, risks: list[Risk], base_url: str) -> EmailMessage:
    entries = []
    for risk in risks:
        link = base_url.rstrip("/") + reverse("risks:risk", args=[risk.pk])
        entries.append(
            f"- {risk.reference} {risk.title} ({risk.register.title}; review was due "
            f"{risk.review_date:%-d %B %Y})"
        )
        entries.append(f"  Review it at {link}")
    count = len(risks)
    return reminder_letter(
        owner,
        subject=f"Review due: {count} risk{'s' if count != 1 else ''}",
        intro="These risks you own are past their review date:",
        entries=entries,
        closing="A review records the scores now and sets the next review date.",
    )


def send_risk_reminders(
    as_of: date,
    organisation_ids: Iterable[int] | None,
    connection,
    *,
    dry_run: bool = False,
    base_url: str = "",
) -> Outcome:
    def record(owner, risks: list[Risk]) -> None:
        RiskReminder.objects.bulk_create(
            RiskReminder(
                risk=risk, review_date=risk.review_date, recipient=owner, sent_at=timezone.now()
            )
            for risk in risks
        )

    return send_to_each(
        reviews_overdue_unreminded(as_of, organisation_ids),
        lambda risk: risk.owner,
        lambda owner, risks: compose(owner, risks, base_url),
        record,
        connection,
        dry_run=dry_run,
    )
