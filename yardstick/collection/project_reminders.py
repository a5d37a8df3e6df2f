"""Reminders about key projects: to each owner with an account, one e-mail listing their
projects whose quarter's return is past its deadline and not yet submitted, and their
completed projects' benefits reviews past due. Once per project, quarter and owner
(`ProjectReminder`), recorded as the e-mail is handed to the mail server, so running
`send_reminders` twice sends nothing twice; sent with the figures' reminders."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone

from yardstick.accounts.mail import Outcome, reminder_letter, send_to_each
from yardstick.actions.models import (
    ActionUpdate,
    BenefitsReview,
    KeyAction,
    ProjectReminder,
    ReviewStatus,
    UpdateState,
)
from yardstick.collection.queries import due_date, open_periods, rules_by_type
from yardstick.core.periods import Frequency, period_type_for
from yardstick.framework.models import Period
from yardstick.organisations.models import Organisation

RETURN_OVERDUE = "return_overdue"
REVIEW_OVERDUE = "review_overdue"
OUTSTANDING = (UpdateState.DRAFT, UpdateState.RETURNED)


@dataclass(frozen=True)
class OwedProject:
    kind: str
    action: KeyAction
    period: Period | None  # None for a benefits review
    due: date

    def line(self, base_url: str) -> tuple[str, str]:
        if self.kind == RETURN_OVERDUE:
            what = f"{self.action.code} {self.action.title}: return for {self.period.label}"
            link = reverse("collection:project_return", args=[self.action.pk, self.period.pk])
        else:
            what = f"{self.action.code} {self.action.title}: benefits review"
            link = reverse("collection:benefits_review", args=[self.action.pk])
        return f"- {what} (due {self.due:%-d %B %Y})", base_url.rstrip("/") + link


def overdue_projects(as_of: date, organisations: Iterable[Organisation]) -> list[OwedProject]:
    """Returns and benefits reviews past due on `as_of`, of projects with an owner, that
    their owner has not been told about."""
    owed: list[OwedProject] = []
    quarter = period_type_for(Frequency.QUARTERLY)
    for organisation in organisations:
        rules = rules_by_type(organisation.id)
        periods = [
            (period, deadline)
            for period in open_periods(organisation.id, ended_by=as_of)
            if period.type == quarter
            and (deadline := due_date(period, rules)) is not None
            and deadline < as_of
        ]
        if periods:
            actions = list(
                KeyAction.objects.filter(
                    organisation=organisation, closed_on__isnull=True, owner__isnull=False
                ).select_related("owner")
            )
            states = {
                (action_id, period_id): state
                for action_id, period_id, state in ActionUpdate.objects.filter(
                    action__in=actions, period__in=[period for period, _ in periods]
                ).values_list("action_id", "period_id", "state")
            }
            for period, deadline in periods:
                for action in actions:
                    state = states.get((action.pk, period.pk))
                    if state is None or state in OUTSTANDING:
                        owed.append(OwedProject(RETURN_OVERDUE, action, period, deadline))
        reviews = BenefitsReview.objects.filter(
            action__organisation=organisation,
            action__owner__isnull=False,
            status=ReviewStatus.OPEN,
            due__lt=as_of,
        ).select_related("action__owner")
        owed += [OwedProject(REVIEW_OVERDUE, r.action, None, r.due) for r in reviews]
    if not owed:
        return []
    told = set(
        ProjectReminder.objects.filter(action__in={item.action for item in owed}).values_list(
            "action_id", "period_id", "kind", "recipient_id"
        )
    )
    return [
        item
        for item in owed
        if (item.action.pk, item.period.pk if item.period else None, item.kind,
            item.action.owner_id) not in told
    ]  # fmt: skip


def compose(owner, items: list[OwedProject], base_url: str) -> EmailMessage:
    entries = []
    for item in items:
        text, link = item.line(base_url)
        entries += [text, f"  Write it at {link}"]
    count = len(items)
    return reminder_letter(
        owner,
        subject=f"Overdue: {count} key project return{'s' if count != 1 else ''} or review"
        f"{'s' if count != 1 else ''}",
        intro="These key project returns and benefits reviews of yours are overdue:",
        entries=entries,
        closing="The board reads each return once an approver has signed it off.",
    )


def send_project_reminders(
    as_of: date,
    organisations: Iterable[Organisation],
    connection,
    *,
    dry_run: bool = False,
    base_url: str = "",
) -> Outcome:
    def record(owner, items: list[OwedProject]) -> None:
        ProjectReminder.objects.bulk_create(
            ProjectReminder(
                action=item.action,
                period=item.period,
                kind=item.kind,
                recipient=owner,
                sent_at=timezone.now(),
            )
            for item in items
        )

    return send_to_each(
        overdue_projects(as_of, organisations),
        lambda item: item.action.owner,
        lambda owner, items: compose(owner, items, base_url),
        record,
        connection,
        dry_run=dry_run,
    )
