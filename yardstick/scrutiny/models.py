"""Scrutiny reviews and their recommendations tracker: a review by a committee or panel, its
recommendations grouped by directorate or level, the executive's response to each, dated
updates on action by the responsible officer, the follow-up promised ("report back at Q3
2011/12"), closing with evidence, and scrutiny members' questions for the next meeting.

Every write goes through `scrutiny.services`, and every model keeps its history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

TEXT_LIMIT = 4000  # a recommendation, a response, an update: the seed's longest is ~1,500
NAME_LIMIT = 200
LEAD_IN_LIMIT = 300  # "In order to supplement the changes to nationally-required reporting, we:"
NUMBER_LIMIT = 999  # a review with more recommendations than this is a typing slip


class ReviewStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    UNDER_WAY = "under_way", "Under way"
    REPORTED = "reported", "Reported to Cabinet"
    MONITORING = "monitoring", "Monitoring recommendations"
    CLOSED = "closed", "Closed"


class Review(models.Model):
    """A scrutiny review: its title, the committee or panel that runs it, its members, its
    scope, dates and status; and the sections of its cover report to committee."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="scrutiny_reviews"
    )
    title = models.CharField(max_length=NAME_LIMIT)
    body = models.ForeignKey(
        "meetings.Body",
        on_delete=models.PROTECT,
        related_name="scrutiny_reviews",
        verbose_name="committee or panel",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="scrutiny_reviews"
    )
    scope = models.TextField(max_length=TEXT_LIMIT, blank=True)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.UNDER_WAY
    )
    # The cover report that takes the review to committee (the seed's sections).
    summary = models.TextField(
        max_length=TEXT_LIMIT, blank=True, help_text="Section 1: what the report is about."
    )
    decisions_sought = models.TextField(
        max_length=TEXT_LIMIT,
        blank=True,
        help_text="The committee is asked to: one per line ('Agree the report of the review "
        "group').",
    )
    reasons = models.TextField(max_length=TEXT_LIMIT, blank=True, verbose_name="report")
    financial = models.TextField(
        max_length=TEXT_LIMIT, blank=True, verbose_name="financial implications"
    )
    legal = models.TextField(max_length=TEXT_LIMIT, blank=True, verbose_name="legal implications")
    equalities = models.TextField(
        max_length=TEXT_LIMIT, blank=True, verbose_name="equalities implications"
    )
    risk = models.TextField(
        max_length=TEXT_LIMIT, blank=True, verbose_name="risk management implications"
    )
    contact = models.TextField(max_length=TEXT_LIMIT, blank=True, verbose_name="contact details")
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ["organisation", "-started_on", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "title"], name="unique_scrutiny_review_title"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Level(models.TextChoices):
    """A recommendation's group when it is not one directorate's."""

    DIRECTORATE = "directorate", "General – Directorate level"
    CORPORATE = "corporate", "General – Corporate level"


class Response(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    PARTLY = "partly", "Partly accepted"
    NOT_ACCEPTED = "not_accepted", "Not accepted"


class RecommendationStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    CLOSED = "closed", "Closed"


LIVE = (RecommendationStatus.OPEN, RecommendationStatus.IN_PROGRESS)


class RecommendationQuerySet(models.QuerySet):
    def live(self) -> RecommendationQuerySet:
        """Open or in progress: what is still tracked and chased."""
        return self.filter(status__in=LIVE)

    def in_units(self, unit_ids) -> RecommendationQuerySet:
        return self.filter(unit_id__in=list(unit_ids))


class Recommendation(models.Model):
    """One recommendation of a review: its group (a directorate, or a level), the meeting it
    came from (the tracker's footnote), what it concerns, who answers for it, the executive's
    response, the follow-up promised, and its status through to closed with the evidence."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveSmallIntegerField()
    lead_in = models.CharField(
        max_length=LEAD_IN_LIMIT,
        blank=True,
        help_text="The words that introduce it: 'With regard to replacing the National "
        "Indicators we:'.",
    )
    text = models.TextField(max_length=TEXT_LIMIT)
    unit = models.ForeignKey(
        "organisations.OrganisationUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scrutiny_recommendations",
        verbose_name="directorate",
    )
    level = models.CharField(max_length=20, choices=Level.choices, blank=True)
    source_meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="scrutiny_recommendations",
        help_text="The meeting it came from, printed as a note.",
    )
    measures = models.ManyToManyField(
        "measures.Measure", blank=True, related_name="scrutiny_recommendations"
    )
    plans = models.ManyToManyField(
        "framework.Plan", blank=True, related_name="scrutiny_recommendations"
    )
    themes = models.ManyToManyField(
        "framework.Theme", blank=True, related_name="scrutiny_recommendations"
    )
    key_actions = models.ManyToManyField(
        "actions.KeyAction", blank=True, related_name="scrutiny_recommendations"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scrutiny_recommendations",
        verbose_name="responsible officer",
    )
    response = models.CharField(max_length=20, choices=Response.choices, blank=True)
    response_text = models.TextField(max_length=TEXT_LIMIT, blank=True)
    decided_on = models.DateField(
        null=True, blank=True, verbose_name="Cabinet decision", help_text="The date of it."
    )
    follow_up_period = models.ForeignKey(
        "framework.Period",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Report back at this period ('Will report back at Q3 2011/12').",
    )
    follow_up_on = models.DateField(
        null=True, blank=True, help_text="Or on this day ('Meeting arranged for 27 February')."
    )
    status = models.CharField(
        max_length=20, choices=RecommendationStatus.choices, default=RecommendationStatus.OPEN
    )
    evidence = models.TextField(
        max_length=TEXT_LIMIT, blank=True, help_text="What shows it is done, when closed."
    )
    closed_on = models.DateField(null=True, blank=True)
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="scrutiny_recommendations",
        help_text="The meeting agenda item it is on.",
    )
    history = HistoricalRecords(m2m_fields=[measures, plans, themes, key_actions])

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["review", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "number"], name="unique_recommendation_number"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(unit__isnull=False, level="")
                    | (models.Q(unit__isnull=True) & ~models.Q(level=""))
                ),
                name="recommendation_has_one_group",
                violation_error_message="A recommendation is one directorate's, or general.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"

    @property
    def group_label(self) -> str:
        if self.unit_id:
            return f"Recommendations specific to {self.unit.name}"
        return f"General recommendations – {Level(self.level).label.split('– ')[-1]}"

    @property
    def is_live(self) -> bool:
        return self.status in LIVE


class RecommendationUpdate(models.Model):
    """A dated update on action, by the responsible officer or their team: the tracker's
    "Update on action" column lists them, latest last."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="updates"
    )
    dated = models.DateField(help_text="The day the update speaks for.")
    text = models.TextField(max_length=TEXT_LIMIT)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField()
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="scrutiny_updates",
        help_text="The meeting agenda item this update is on, by itself (a report back).",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["recommendation", "dated", "id"]

    def __str__(self) -> str:
        return f"{self.recommendation}: {self.dated:%d %B %Y}"


class Question(models.Model):
    """A scrutiny member's question on a recommendation, for the next meeting of the review's
    committee or panel; the answer when given, with who gave it and when."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="questions"
    )
    text = models.TextField(max_length=TEXT_LIMIT)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField()
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="scrutiny_questions",
        help_text="The meeting it is for.",
    )
    answer = models.TextField(max_length=TEXT_LIMIT, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["recommendation", "asked_at", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class FollowUpReminder(models.Model):
    """A reminder sent to a recommendation's responsible officer that its follow-up is due:
    unique per recommendation, follow-up (its due day) and recipient, so running
    `send_reminders` twice sends nothing twice, and a new follow-up is chased afresh."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="reminders"
    )
    due = models.DateField()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scrutiny_reminders"
    )
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "due", "recipient"], name="unique_follow_up_reminder"
            ),
        ]

    def __str__(self) -> str:
        return f"Follow-up due {self.due}: {self.recommendation} to {self.recipient}"
