"""Reminder e-mails: before the deadline and when overdue to owners, then escalated to the
approvers of the measure's area and to the performance team; and, once the deadline has
passed, to approvers about figures submitted and still awaiting their sign-off.

`reminders_owed(as_of)` works out what is owed on a day (the clock is a parameter);
`send_reminders(as_of)` sends what has not been sent before. Every reminder sent is a
`Reminder` row, unique per measure, period, kind and recipient, written in the same
transaction as the e-mail is handed to the mail server: running twice sends nothing twice,
and an e-mail that fails to send is not recorded, so the next run tries it again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from yardstick.accounts.access import access_for
from yardstick.accounts.mail import Outcome, reminder_from
from yardstick.accounts.models import Membership, Role
from yardstick.collection.deadlines import Stage, stages_due
from yardstick.collection.models import Reminder
from yardstick.collection.project_reminders import send_project_reminders
from yardstick.collection.queries import (
    ReturnState,
    due_date,
    expected_in,
    rules_by_type,
    state_of,
)
from yardstick.collection.statement_reminders import send_statement_reminders
from yardstick.framework.models import Period, PeriodStatus
from yardstick.logs import log_event
from yardstick.measures.models import Figure, Lifecycle, Measure
from yardstick.meetings.reminders import send_action_reminders
from yardstick.organisations.models import Organisation
from yardstick.risks.reminders import send_risk_reminders
from yardstick.scrutiny.reminders import send_follow_up_reminders

OUTSTANDING = (ReturnState.NOT_STARTED, ReturnState.DRAFT, ReturnState.RETURNED)


@dataclass(frozen=True)
class Owed:
    """One reminder owed: this person should hear about this measure's return at this stage."""

    stage: Stage
    recipient: object  # a User
    measure: Measure
    period: Period
    deadline: date | None  # none for a period opened before a deadline is set
    state: ReturnState


def _approvers(organisation: Organisation) -> list:
    """Approvers of the organisation with their access, the performance team role set aside:
    an approver is escalated to for the measures of their own area only."""
    memberships = Membership.objects.filter(
        organisation=organisation, role=Role.APPROVER, user__is_active=True
    ).select_related("user")
    users = {membership.user_id: membership.user for membership in memberships}
    return [
        (user, replace(access_for(user), roles=access_for(user).roles - {Role.PERFORMANCE_TEAM}))
        for user in users.values()
    ]


def _team(organisation: Organisation) -> list:
    memberships = Membership.objects.filter(
        organisation=organisation, role=Role.PERFORMANCE_TEAM, user__is_active=True
    ).select_related("user")
    return list({membership.user_id: membership.user for membership in memberships}.values())


def _owners(measure: Measure) -> list:
    """Who enters the measure's figures: its owner and delegates."""
    people = [measure.owner] if measure.owner is not None else []
    people += [person for person in measure.delegates.all() if person not in people]
    return [person for person in people if person.is_active]


def reminders_owed(as_of: date, organisations: Iterable[Organisation] | None = None) -> list[Owed]:
    """Every reminder owed on `as_of` in open periods with a deadline (their own, or from
    their frequency's rule): for returns not yet submitted, by `stages_due`; for figures
    submitted and not yet signed off once the deadline has passed, to their approvers."""
    if organisations is None:
        organisations = Organisation.objects.all()
    owed: list[Owed] = []
    for organisation in organisations:
        owed.extend(_owed_in(organisation, as_of))
    return owed


def _owed_in(organisation: Organisation, as_of: date) -> list[Owed]:
    rules = rules_by_type(organisation.id)
    schedule = []
    for period in Period.objects.filter(organisation=organisation, status=PeriodStatus.OPEN):
        deadline = due_date(period, rules)
        rule = rules.get(period.type)
        opened = period.opened_at is not None and timezone.localdate(period.opened_at) <= as_of
        stages = (Stage.OPENED,) if opened else ()
        if deadline is not None:
            remind = rule.remind_days_before if rule else 5
            escalate = rule.escalate_days_after if rule else 5
            stages += stages_due(as_of, deadline, remind, escalate)
        if stages:
            schedule.append((period, deadline, stages))
    if not schedule:
        return []
    measures = list(
        Measure.objects.filter(organisation=organisation)
        .exclude(lifecycle=Lifecycle.ARCHIVED)
        .select_related("owner", "unit")
        .prefetch_related("delegates")
    )
    figures = {
        (figure.measure_id, figure.period_id): figure
        for figure in Figure.objects.filter(period__in=[period for period, _, _ in schedule])
    }
    approvers = team = None
    owed = []
    for period, deadline, stages in schedule:
        for measure in measures:
            if not expected_in(measure, period):
                continue
            state = state_of(figures.get((measure.id, period.id)))
            if state == ReturnState.SUBMITTED and deadline is not None and as_of > deadline:
                due = [Stage.AWAITING_SIGN_OFF]
            elif state in OUTSTANDING:
                due = stages
            else:
                continue
            for stage in due:
                if stage in (Stage.OPENED, Stage.BEFORE_DEADLINE, Stage.OVERDUE):
                    recipients = _owners(measure)
                elif stage in (Stage.ESCALATED_TO_APPROVER, Stage.AWAITING_SIGN_OFF):
                    if approvers is None:
                        approvers = _approvers(organisation)
                    recipients = [user for user, access in approvers if access.can_approve(measure)]
                else:
                    if team is None:
                        team = _team(organisation)
                    recipients = team
                owed.extend(
                    Owed(stage, person, measure, period, deadline, state) for person in recipients
                )
    return owed


SUBJECTS = {
    Stage.OPENED: "Returns open: {period}{due}",
    Stage.BEFORE_DEADLINE: "Returns due by {deadline}: {period}",
    Stage.OVERDUE: "Overdue returns: {period} (due {deadline})",
    Stage.ESCALATED_TO_APPROVER: "Escalated: overdue returns in your area for {period}",
    Stage.ESCALATED_TO_TEAM: "Escalated to the performance team: overdue returns for {period}",
    Stage.AWAITING_SIGN_OFF: "Awaiting your sign-off: {period} (returns were due {deadline})",
}
OPENINGS = {
    Stage.OPENED: "{period} is open for returns{due}. These are yours to enter:",
    Stage.BEFORE_DEADLINE: "These returns for {period} are due by {deadline}:",
    Stage.OVERDUE: "These returns for {period} were due by {deadline} and are now overdue:",
    Stage.ESCALATED_TO_APPROVER: (
        "These returns for {period} in your area were due by {deadline} and are still "
        "outstanding. Their owners have been reminded:"
    ),
    Stage.ESCALATED_TO_TEAM: (
        "These returns for {period} were due by {deadline} and are still outstanding after "
        "reminders to their owners and approvers:"
    ),
    Stage.AWAITING_SIGN_OFF: (
        "Returns for {period} were due by {deadline}. These figures in your area have been "
        "submitted and are waiting for you to approve them or send them back:"
    ),
}
STATE_WORDS = {
    ReturnState.NOT_STARTED: "not started",
    ReturnState.DRAFT: "draft saved, not submitted",
    ReturnState.RETURNED: "returned by the approver, not resubmitted",
    ReturnState.SUBMITTED: "submitted",
}


def _day(value: date) -> str:
    return format_date(value, "l j F Y")


PAGES = {
    Stage.OPENED: "collection:returns",
    Stage.BEFORE_DEADLINE: "collection:returns",
    Stage.OVERDUE: "collection:returns",
    Stage.ESCALATED_TO_APPROVER: "collection:sign_off",
    Stage.ESCALATED_TO_TEAM: "collection:publish",
    Stage.AWAITING_SIGN_OFF: "collection:sign_off",
}
FOLLOW_UP = {
    Stage.OPENED: "Enter them at {url}",
    Stage.BEFORE_DEADLINE: "Enter them at {url}",
    Stage.OVERDUE: "Enter them at {url}",
    Stage.ESCALATED_TO_APPROVER: "Figures submitted for your sign-off are at {url}",
    Stage.ESCALATED_TO_TEAM: "What each open period still lacks is at {url}",
    Stage.AWAITING_SIGN_OFF: "Sign them off at {url}",
}


def base_url_setting() -> str:
    """Where Yardstick is served, for links in e-mails: YARDSTICK_BASE_URL, else none
    (the links are then relative, and the command says so)."""
    return getattr(settings, "YARDSTICK_BASE_URL", "")


def compose(
    stage: Stage,
    recipient,
    period: Period,
    deadline: date | None,
    items: list[Owed],
    base_url: str = "",
):
    """The e-mail for one person, one period and one stage, listing every return in it."""
    words = {
        "period": period.label,
        "deadline": _day(deadline) if deadline else "",
        "due": f", due by {_day(deadline)}" if deadline else "",
    }
    lines = [f"Dear {recipient.get_full_name() or recipient.username},", ""]
    lines.append(OPENINGS[stage].format(**words))
    lines.append("")
    for item in sorted(items, key=lambda owed: owed.measure.code):
        owner = item.measure.owner
        who = f"; owner {owner.get_full_name() or owner.username}" if owner else ""
        if stage in (Stage.OPENED, Stage.BEFORE_DEADLINE, Stage.OVERDUE):
            who = ""
        lines.append(f"- {item.measure.code} {item.measure.title} ({STATE_WORDS[item.state]}{who})")
    lines += ["", FOLLOW_UP[stage].format(url=base_url.rstrip("/") + reverse(PAGES[stage]))]
    lines += ["", "This is an automatic reminder from Yardstick."]
    return EmailMessage(
        subject=SUBJECTS[stage].format(**words),
        body="\n".join(lines),
        from_email=reminder_from(),
        to=[recipient.email],
    )


def send_reminders(
    as_of: date,
    organisations: Iterable[Organisation] | None = None,
    *,
    connection=None,
    dry_run: bool = False,
    base_url: str | None = None,
) -> Outcome:
    """Send every reminder owed on `as_of` that has not been sent before: one e-mail per
    person, period and stage, listing its returns; one per person listing their actions
    from meetings that have become overdue (`meetings.reminders`); and one per person listing
    their key projects' overdue returns and benefits reviews (`project_reminders`); and one
    per person listing their risks past their review date (`risks.reminders`); and one per
    owner listing their data quality statements past their review date
    (`statement_reminders`)."""
    if organisations is None:
        organisations = list(Organisation.objects.all())
    owed = reminders_owed(as_of, organisations)
    sent = set(
        Reminder.objects.filter(
            measure_id__in={item.measure.id for item in owed},
            period_id__in={item.period.id for item in owed},
        ).values_list("measure_id", "period_id", "kind", "recipient_id")
    )
    batches: dict[tuple, list[Owed]] = defaultdict(list)
    outcome = Outcome()
    for item in owed:
        if (item.measure.id, item.period.id, item.stage.value, item.recipient.pk) in sent:
            continue
        if not item.recipient.email:
            outcome.skipped_no_email.add(item.recipient.username)
            continue
        batches[(item.recipient.pk, item.period.id, item.stage)].append(item)
    base_url = base_url_setting() if base_url is None else base_url
    organisation_ids = [o.pk for o in organisations]
    if dry_run:
        outcome.emails = len(batches)
        outcome.reminders = sum(len(items) for items in batches.values())
        outcome.add(send_action_reminders(as_of, organisation_ids, None, dry_run=True))
        outcome.add(send_project_reminders(as_of, organisations, None, dry_run=True))
        outcome.add(send_follow_up_reminders(as_of, organisation_ids, None, dry_run=True))
        outcome.add(send_risk_reminders(as_of, organisation_ids, None, dry_run=True))
        outcome.add(send_statement_reminders(as_of, organisation_ids, None, dry_run=True))
        return outcome
    connection = connection or get_connection()
    for (_, _, stage), items in sorted(batches.items(), key=lambda pair: pair[0]):
        first = items[0]
        message = compose(
            stage,
            first.recipient,
            first.period,
            first.deadline,
            items,
            base_url,
        )
        message.connection = connection

        def record(items=items, stage=stage) -> None:
            Reminder.objects.bulk_create(
                Reminder(
                    measure=item.measure,
                    period=item.period,
                    kind=stage.value,
                    recipient=item.recipient,
                    sent_at=timezone.now(),
                )
                for item in items
            )

        outcome.send(message, record, len(items))
    outcome.add(send_action_reminders(as_of, organisation_ids, connection, base_url=base_url))
    outcome.add(send_project_reminders(as_of, organisations, connection, base_url=base_url))
    outcome.add(send_follow_up_reminders(as_of, organisation_ids, connection, base_url=base_url))
    outcome.add(send_risk_reminders(as_of, organisation_ids, connection, base_url=base_url))
    outcome.add(send_statement_reminders(as_of, organisation_ids, connection, base_url=base_url))
    log_event(
        "reminders_sent",
        as_of=as_of.isoformat(),
        emails=outcome.emails,
        reminders=outcome.reminders,
        failures=len(outcome.failures),
    )
    return outcome
