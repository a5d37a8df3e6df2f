"""A meeting's performance pack: the sections the performance team chose, in their order,
for the period the meeting reviews; and, once published, the pack as published (its page,
PDF and Word document), which later changes to the figures never alter.

Every write goes through `packs.services`, and the pack and its sections keep their history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from yardstick.meetings.models import NAME_LIMIT, TEXT_LIMIT


class SectionKind(models.TextChoices):
    COVER = "cover", "Cover and agenda"
    CARRIED_FORWARD = "carried_forward", "Actions from previous meetings"
    ACHIEVEMENTS = "achievements", "Achievements and challenges"
    EXCEPTIONS = "exceptions", "Exceptions"
    ISSUES = "issues", "Issues for decision"
    KEY_PROJECTS = "key_projects", "Key projects and initiatives"
    MISSING_DATA = "missing_data", "Missing data"
    SCORECARDS = "scorecards", "Scorecards"
    SCRUTINY = "scrutiny", "Scrutiny recommendations"
    RISKS = "risks", "Risks above appetite"
    TEXT = "text", "A section of the team's own"


# A new pack's sections, in this order (the seed's morning report: the actions from previous
# meetings first, then achievements, then what the board must discuss and decide).
DEFAULT_SECTIONS = (
    SectionKind.COVER,
    SectionKind.CARRIED_FORWARD,
    SectionKind.ACHIEVEMENTS,
    SectionKind.EXCEPTIONS,
    SectionKind.ISSUES,
    SectionKind.KEY_PROJECTS,
    SectionKind.SCRUTINY,
    SectionKind.MISSING_DATA,
    SectionKind.RISKS,
    SectionKind.SCORECARDS,
)
SECTIONS_LIMIT = 40  # the built-in ten and the team's own


class Pack(models.Model):
    """The pack of one meeting, for the period it reviews."""

    meeting = models.OneToOneField(
        "meetings.Meeting", on_delete=models.PROTECT, related_name="pack"
    )
    period = models.ForeignKey(
        "framework.Period",
        on_delete=models.PROTECT,
        related_name="packs",
        help_text="The quarter the meeting reviews.",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(max_length=NAME_LIMIT + 100, blank=True, help_text="As published.")
    snapshot = models.TextField(
        blank=True, help_text="The pack's page as published: what readers see from then on."
    )
    history = HistoricalRecords(excluded_fields=["snapshot"])

    class Meta:
        ordering = ["meeting__starts_at"]

    def __str__(self) -> str:
        return f"Pack: {self.meeting}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class PackSection(models.Model):
    """One section of a pack: a built-in kind, or a heading and text of the team's own;
    included or left out, in the team's order."""

    pack = models.ForeignKey(Pack, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(max_length=20, choices=SectionKind.choices)
    position = models.PositiveIntegerField(default=0)
    included = models.BooleanField(default=True)
    heading = models.CharField(max_length=NAME_LIMIT, blank=True)
    text = models.TextField(max_length=TEXT_LIMIT, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pack", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pack", "kind"],
                condition=~models.Q(kind="text"),
                name="one_built_in_section_of_each_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.heading if self.kind == SectionKind.TEXT else SectionKind(self.kind).label


class PackFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word"


class PackDocument(models.Model):
    """A published pack's file in one format, kept in Django's default storage (MEDIA_ROOT)."""

    pack = models.ForeignKey(Pack, on_delete=models.CASCADE, related_name="documents")
    format = models.CharField(max_length=10, choices=PackFormat.choices)
    file = models.FileField(max_length=255)
    filename = models.CharField(max_length=200, help_text="The name the download offers.")
    size = models.PositiveBigIntegerField(help_text="Bytes.")
    rendered_at = models.DateTimeField()

    class Meta:
        ordering = ["pack", "format"]
        constraints = [
            models.UniqueConstraint(fields=["pack", "format"], name="one_pack_document_per_format"),
        ]

    def __str__(self) -> str:
        return self.filename
