"""Bodies that meet (Improvement Boards, the corporate board, Cabinet, scrutiny, partnership
boards and their management groups), their meetings, and the actions they agree: the action
log each meeting starts from ("Actions from previous meetings").

Every write goes through `meetings.services`, and every model keeps its history.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

TEXT_LIMIT = 2000  # an action, an outcome: a paragraph, as the seeds' action logs have
NAME_LIMIT = 200
MINUTES_LIMIT = 5000  # an agenda item's minutes
PACK_DAYS_LIMIT = 30  # a pack due more than six working weeks ahead is a typing slip


class BodyKind(models.TextChoices):
    IMPROVEMENT_BOARD = "improvement_board", "Improvement Board"
    CORPORATE_BOARD = "corporate_board", "Corporate board"
    CABINET = "cabinet", "Cabinet"
    SCRUTINY_COMMITTEE = "scrutiny_committee", "Scrutiny committee"
    SCRUTINY_PANEL = "scrutiny_panel", "Scrutiny panel"
    PARTNERSHIP_BOARD = "partnership_board", "Partnership board"
    MANAGEMENT_GROUP = "management_group", "Management group"


class Sector(models.TextChoices):
    NHS = "nhs", "NHS"
    POLICE = "police", "Police"
    FIRE = "fire", "Fire and rescue"
    VOLUNTARY = "voluntary", "Voluntary and community sector"
    BUSINESS = "business", "Business"
    EDUCATION = "education", "Education"
    PUBLIC = "public", "Other public body"


class Partner(models.Model):
    """A partner organisation of the council's partnerships (the NHS trust, the police, the
    voluntary sector's council), whose people sit on its boards and groups."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="partners"
    )
    name = models.CharField(max_length=NAME_LIMIT)
    sector = models.CharField(max_length=20, choices=Sector.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_partner_name"),
        ]

    def __str__(self) -> str:
        return self.name


class PartnerPerson(models.Model):
    """Someone of a partner organisation who sits on a body, and may have no Yardstick
    account: named in attendance, and an action's owner by name."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(max_length=NAME_LIMIT)
    job_title = models.CharField(max_length=NAME_LIMIT, blank=True)
    email = models.EmailField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["partner", "name"]
        verbose_name_plural = "partner people"

    def __str__(self) -> str:
        return f"{self.name} ({self.partner})"


class Body(models.Model):
    """A board, committee or group that meets. Its scope is an organisation unit (a
    directorate's Improvement Board), a partnership (its board and management groups), or the
    whole council (neither). A management group sits under its partnership board."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="bodies"
    )
    name = models.CharField(max_length=NAME_LIMIT)
    short_name = models.CharField(
        max_length=40, blank=True, help_text='How action logs name it as an owner: "CCMG".'
    )
    kind = models.CharField(max_length=30, choices=BodyKind.choices)
    unit = models.ForeignKey(
        "organisations.OrganisationUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bodies",
        help_text="The directorate or service it oversees; blank for the whole council.",
    )
    partnership = models.ForeignKey(
        "organisations.Partnership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bodies",
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="groups",
        help_text="The board a management group reports to.",
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chaired_bodies",
    )
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="bodies")
    partners = models.ManyToManyField(Partner, blank=True, related_name="bodies")
    partner_members = models.ManyToManyField(
        PartnerPerson,
        blank=True,
        related_name="bodies",
        help_text="Members from partner organisations, who may have no account.",
    )
    pack_working_days = models.PositiveSmallIntegerField(
        default=5,
        validators=[MaxValueValidator(PACK_DAYS_LIMIT)],
        verbose_name="pack deadline",
        help_text="Working days before each meeting that its pack is due.",
    )
    history = HistoricalRecords(m2m_fields=[members, partner_members])

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name_plural = "bodies"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_body_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def owner_label(self) -> str:
        return self.short_name or self.name

    def clean(self) -> None:
        """What it oversees and the board it reports to are this council's own; a body does
        not report to itself or to a body under it."""
        problems = {}
        for name in ("unit", "partnership", "parent"):
            related = getattr(self, name)
            if related is not None and related.organisation_id != self.organisation_id:
                problems[name] = "Choose one of this council's own."
        above, seen = self.parent, set()
        while above is not None and above.pk not in seen:
            if self.pk is not None and above.pk == self.pk:
                problems["parent"] = "A body cannot report to itself or to a body under it."
                break
            seen.add(above.pk)
            above = above.parent
        if problems:
            raise ValidationError(problems)


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    PACK_PUBLISHED = "pack_published", "Pack published"
    HELD = "held", "Held"
    MINUTES_APPROVED = "minutes_approved", "Minutes approved"


class Meeting(models.Model):
    """A meeting of a body, on a day at a time, in a place."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField()
    place = models.CharField(max_length=NAME_LIMIT, blank=True)
    status = models.CharField(
        max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    minutes = models.TextField(blank=True, max_length=20_000)
    history = HistoricalRecords()

    class Meta:
        ordering = ["body", "starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["body", "starts_at"], name="one_meeting_at_a_time"),
        ]

    def __str__(self) -> str:
        return f"{self.body}, {self.starts_at:%d %B %Y}"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class AgreedAction(models.Model):
    """An action a meeting agreed: what, whose, by when. Its owner is a person with an
    account, a body (a management group), or someone named in words (a partner's officer,
    "All"). Open, it is carried forward to every later meeting of the body until closed."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="agreed_actions"
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="actions")
    text = models.TextField(max_length=TEXT_LIMIT)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreed_actions",
    )
    owner_body = models.ForeignKey(
        Body, on_delete=models.PROTECT, null=True, blank=True, related_name="owned_actions"
    )
    owner_name = models.CharField(
        max_length=NAME_LIMIT, blank=True, help_text="An owner without an account, in words."
    )
    due = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=ActionStatus.choices, default="open")
    closed_at = models.DateTimeField(null=True, blank=True)
    measure = models.ForeignKey(
        "measures.Measure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreed_actions",
    )
    key_action = models.ForeignKey(
        "actions.KeyAction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreed_actions",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting__starts_at", "id"]
        indexes = [
            models.Index(fields=["owner", "status"], name="agreed_action_owner_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(owner__isnull=False, owner_body__isnull=True, owner_name="")
                    | models.Q(owner__isnull=True, owner_body__isnull=False, owner_name="")
                    | (
                        models.Q(owner__isnull=True, owner_body__isnull=True)
                        & ~models.Q(owner_name="")
                    )
                ),
                name="agreed_action_has_one_owner",
                violation_error_message="An action has one owner: a person, a body or a name.",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def owner_label(self) -> str:
        if self.owner_id:
            return self.owner.get_full_name() or self.owner.username
        if self.owner_body_id:
            return self.owner_body.owner_label
        return self.owner_name


class AgreedActionUpdate(models.Model):
    """Progress on an agreed action, dated, with the action's status after it: the
    "Outcome" column of the action log is its latest."""

    action = models.ForeignKey(AgreedAction, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField(max_length=TEXT_LIMIT)
    status = models.CharField(max_length=10, choices=ActionStatus.choices)
    written_at = models.DateTimeField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "written_at", "id"]

    def __str__(self) -> str:
        return f"{self.action}: {self.written_at:%d %B %Y}"


class ActionReminder(models.Model):
    """A reminder sent about an overdue action: unique per action, kind and recipient, so
    running `send_reminders` twice sends nothing twice."""

    action = models.ForeignKey(AgreedAction, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, default="overdue")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="action_reminders"
    )
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "kind", "recipient"], name="unique_action_reminder"
            ),
        ]

    def __str__(self) -> str:
        return f"Overdue: {self.action} to {self.recipient}"


class AgendaItem(models.Model):
    """An item on a meeting's agenda, in order: its title, what it is about, who presents it.
    The pack's cover lists them."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=NAME_LIMIT)
    summary = models.TextField(max_length=TEXT_LIMIT, blank=True)
    presenter = models.CharField(max_length=NAME_LIMIT, blank=True)
    minutes = models.TextField(
        max_length=MINUTES_LIMIT, blank=True, help_text="What the meeting said and decided."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position", "id"]

    def __str__(self) -> str:
        return self.title


class IssueForDecision(models.Model):
    """What a meeting of a body is asked to decide, and (once it has met) the decision and
    its outcome: the seed's "issues identified as requiring further discussion"."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="issues")
    title = models.CharField(max_length=NAME_LIMIT)
    question = models.TextField(
        max_length=TEXT_LIMIT, help_text="What the meeting is asked to decide."
    )
    decision = models.TextField(max_length=TEXT_LIMIT, blank=True)
    outcome = models.TextField(max_length=TEXT_LIMIT, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name_plural = "issues for decision"

    def __str__(self) -> str:
        return self.title


class Presence(models.TextChoices):
    ATTENDED = "attended", "Attended"
    APOLOGIES = "apologies", "Apologies"


class Attendance(models.Model):
    """Who attended a meeting, or sent apologies: a member with an account, a partner's
    person, or someone named (a guest, an officer presenting)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    partner_person = models.ForeignKey(
        PartnerPerson, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=NAME_LIMIT, blank=True)
    presence = models.CharField(max_length=20, choices=Presence.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "presence", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(user__isnull=False, partner_person__isnull=True, name="")
                    | models.Q(user__isnull=True, partner_person__isnull=False, name="")
                    | (
                        models.Q(user__isnull=True, partner_person__isnull=True)
                        & ~models.Q(name="")
                    )
                ),
                name="attendance_is_one_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.who}: {self.get_presence_display()}"

    @property
    def who(self) -> str:
        if self.user is not None:
            return self.user.get_full_name() or self.user.username
        if self.partner_person is not None:
            return f"{self.partner_person.name} ({self.partner_person.partner.name})"
        return self.name
