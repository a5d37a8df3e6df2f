"""Risk registers: the council's scale, its registers (corporate, a directorate's, a service's,
a management group's, a partnership's), the risks on them with their controls and further
actions, and every review of a risk's scores.

Scores are the core's (`yardstick.core.risk`): a model stores likelihood and impact, never a
score of its own. Every write goes through `risks.services`, and every model keeps its history.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from yardstick.core import risk as core

TEXT_LIMIT = 2000  # a cause, an event, an effect, a control: a paragraph
NAME_LIMIT = 200
CODE_LIMIT = 20
REFERENCE_LIMIT = 30


class RiskScale(models.Model):
    """The council's scale: 4×4 or 5×5, the labels of each likelihood and impact level, the
    score bands and the appetite (the highest score tolerated, unless a risk sets its own).
    One per organisation; `services.scale_of` creates the default 5×5 when there is none."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="risk_scale"
    )
    size = models.PositiveSmallIntegerField(
        choices=[(4, "4×4"), (5, "5×5")], default=5, help_text="4×4 or 5×5."
    )
    likelihood_labels = models.TextField(
        max_length=500, help_text="One a line, the least likely first."
    )
    impact_labels = models.TextField(max_length=500, help_text="One a line, the least harm first.")
    bands = models.TextField(
        max_length=500,
        help_text="One a line, the band's lowest score then its name: '1 Low', '5 Medium', "
        "'10 High', '16 Very high'.",
    )
    appetite = models.PositiveSmallIntegerField(
        default=9, help_text="The highest score the council tolerates."
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Risk scale of {self.organisation}"

    def as_core(self) -> core.RiskScale:
        """The scale as the core reads it (raises ValueError if the bands cannot be read)."""
        return core.RiskScale(
            self.size,
            core.read_labels(self.likelihood_labels),
            core.read_labels(self.impact_labels),
            core.read_bands(self.bands),
            self.appetite,
        )

    def clean(self) -> None:
        try:
            problems = core.scale_problems(self.as_core())
        except ValueError as error:
            raise ValidationError({"bands": str(error)}) from None
        if problems:
            raise ValidationError(problems)


class RegisterKind(models.TextChoices):
    CORPORATE = "corporate", "Corporate"
    DIRECTORATE = "directorate", "Directorate"
    SERVICE = "service", "Service"
    MANAGEMENT_GROUP = "management_group", "Management group"
    PARTNERSHIP = "partnership", "Partnership"


# Where a risk on a register of each kind may be escalated to.
ESCALATES_TO = {
    RegisterKind.SERVICE: (RegisterKind.DIRECTORATE, RegisterKind.CORPORATE),
    RegisterKind.DIRECTORATE: (RegisterKind.CORPORATE,),
    RegisterKind.MANAGEMENT_GROUP: (RegisterKind.PARTNERSHIP,),
    RegisterKind.PARTNERSHIP: (),
    RegisterKind.CORPORATE: (),
}


class InReport(models.TextChoices):
    """Whether the council's Strategic Performance Report includes a register's risks."""

    NO = "", "Not in the report"
    ABOVE_APPETITE = "above", "Its risks above appetite"
    ALL_OPEN = "all", "All its open risks"


class RegisterQuerySet(models.QuerySet):
    def of(self, organisation_id: int) -> RegisterQuerySet:
        return self.filter(organisation_id=organisation_id)

    def in_report(self) -> RegisterQuerySet:
        """The registers the Strategic Performance Report includes."""
        return self.exclude(in_report=InReport.NO)


class Register(models.Model):
    """A risk register: the corporate register, a directorate's or a service's (its unit), a
    management group's (the group, a meetings Body) or a partnership's."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="risk_registers"
    )
    kind = models.CharField(max_length=20, choices=RegisterKind.choices)
    code = models.CharField(
        max_length=CODE_LIMIT, help_text="Starts each risk's reference: 'CORP' gives CORP-01."
    )
    title = models.CharField(max_length=NAME_LIMIT)
    unit = models.ForeignKey(
        "organisations.OrganisationUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="risk_registers",
        help_text="A directorate's or a service's register: its unit.",
    )
    body = models.ForeignKey(
        "meetings.Body",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="risk_registers",
        help_text="A management group's register: the group.",
    )
    partnership = models.ForeignKey(
        "organisations.Partnership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="risk_registers",
        help_text="A partnership's register: the partnership.",
    )
    in_report = models.CharField(
        "in the Strategic Performance Report",
        max_length=10,
        choices=InReport.choices,
        blank=True,
        default=InReport.NO,
        help_text="Whether the report includes its open risks, or only those above appetite.",
    )
    history = HistoricalRecords()

    objects = RegisterQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"], name="unique_risk_register_code"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def scope_label(self) -> str:
        if self.unit_id:
            return str(self.unit)
        if self.body_id:
            return str(self.body)
        if self.partnership_id:
            return str(self.partnership)
        return "the whole council"


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Category(models.TextChoices):
    STRATEGIC = "strategic", "Strategic"
    FINANCIAL = "financial", "Financial"
    OPERATIONAL = "operational", "Operational"
    REPUTATIONAL = "reputational", "Reputational"
    LEGAL = "legal", "Legal and regulatory"
    SAFEGUARDING = "safeguarding", "Safeguarding"
    PARTNERSHIP = "partnership", "Partnership"
    PEOPLE = "people", "People and workforce"
    INFORMATION = "information", "Information and technology"
    HEALTH_AND_SAFETY = "health_and_safety", "Health and safety"
    ENVIRONMENTAL = "environmental", "Environmental"


class RiskQuerySet(models.QuerySet):
    def open(self) -> RiskQuerySet:
        return self.filter(status=RiskStatus.OPEN)

    def of(self, organisation_id: int) -> RiskQuerySet:
        return self.filter(register__organisation_id=organisation_id)

    def for_lists(self) -> RiskQuerySet:
        """What a list of risks prints, in a fixed number of queries."""
        return self.select_related("register", "owner").prefetch_related("escalations")


class Risk(models.Model):
    """A risk on a register: what could happen (the event), why (the cause) and what would
    follow (the effect); its scores before any control (inherent), now (current) and aimed at
    (target); the themes, measures and key projects it threatens. A risk escalated to a
    higher register is a new risk there, `escalated_from` this one, so each names the other."""

    register = models.ForeignKey(Register, on_delete=models.PROTECT, related_name="risks")
    reference = models.CharField(max_length=REFERENCE_LIMIT)
    title = models.CharField(max_length=NAME_LIMIT)
    cause = models.TextField(max_length=TEXT_LIMIT, blank=True)
    event = models.TextField(max_length=TEXT_LIMIT, blank=True)
    effect = models.TextField(max_length=TEXT_LIMIT, blank=True)
    category = models.CharField(max_length=20, choices=Category.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="risks_owned"
    )
    themes = models.ManyToManyField("framework.Theme", blank=True, related_name="risks")
    measures = models.ManyToManyField("measures.Measure", blank=True, related_name="risks")
    key_actions = models.ManyToManyField(
        "actions.KeyAction", blank=True, related_name="risks", verbose_name="key projects"
    )
    partners = models.ManyToManyField(
        "meetings.Partner",
        blank=True,
        related_name="risks",
        help_text="For a shared partnership risk: the partners who hold it.",
    )
    inherent_likelihood = models.PositiveSmallIntegerField()
    inherent_impact = models.PositiveSmallIntegerField()
    current_likelihood = models.PositiveSmallIntegerField()
    current_impact = models.PositiveSmallIntegerField()
    target_likelihood = models.PositiveSmallIntegerField()
    target_impact = models.PositiveSmallIntegerField()
    appetite = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The highest score tolerated; blank for the scale's."
    )
    review_date = models.DateField()
    status = models.CharField(max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    closed_on = models.DateField(null=True, blank=True)
    escalated_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escalations",
        help_text="The risk on a lower register this one was escalated from.",
    )
    history = HistoricalRecords(m2m_fields=[themes, measures, key_actions, partners])

    objects = RiskQuerySet.as_manager()

    class Meta:
        ordering = ["register", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["register", "reference"], name="unique_risk_reference"),
        ]
        indexes = [models.Index(fields=["status", "review_date"], name="risk_status_review")]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def inherent_score(self) -> int:
        return self.inherent_likelihood * self.inherent_impact

    @property
    def current_score(self) -> int:
        return self.current_likelihood * self.current_impact

    @property
    def target_score(self) -> int:
        return self.target_likelihood * self.target_impact


class Control(models.Model):
    """A control in place: what already reduces the risk, and whose it is."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="controls")
    text = models.TextField(max_length=TEXT_LIMIT)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="risk_controls",
    )
    added_on = models.DateField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["risk", "added_on", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class FurtherAction(models.Model):
    """A further action to bring the risk to its target: what, whose, by when, and where it
    has got to (its progress, kept with each change in its history, as an action's is)."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="further_actions")
    text = models.TextField(max_length=TEXT_LIMIT)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="risk_actions"
    )
    due = models.DateField()
    status = models.CharField(
        max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    progress = models.TextField(max_length=TEXT_LIMIT, blank=True)
    updated_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["risk", "due", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class RiskReview(models.Model):
    """A review of a risk: on a day, by someone, its current likelihood and impact then, what
    they said, and the next review date they set. Creating a risk records its first."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="risk_reviews"
    )
    likelihood = models.PositiveSmallIntegerField()
    impact = models.PositiveSmallIntegerField()
    notes = models.TextField(max_length=TEXT_LIMIT, blank=True)
    next_review = models.DateField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["risk", "reviewed_on", "id"]

    def __str__(self) -> str:
        return f"{self.risk}: reviewed {self.reviewed_on:%d %B %Y}"

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


class RiskReminder(models.Model):
    """A reminder sent that a risk's review is due: one per risk, review date and recipient,
    so running `send_reminders` twice sends nothing twice."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="reminders")
    review_date = models.DateField()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="risk_reminders"
    )
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["risk", "review_date", "recipient"], name="unique_risk_reminder"
            ),
        ]

    def __str__(self) -> str:
        return f"Review due: {self.risk} to {self.recipient}"
