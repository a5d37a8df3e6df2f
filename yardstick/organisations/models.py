"""The council (or other body), its organisation tree and its partnerships."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from yardstick.core.benchmark import AREA_CODE, AREA_CODE_HELP


class BankHolidayRegion(models.TextChoices):
    """Whose bank holidays a council's working days leave out (codes of the `holidays`
    package; Wales keeps England's)."""

    ENGLAND_AND_WALES = "ENG", "England and Wales"
    SCOTLAND = "SCT", "Scotland"
    NORTHERN_IRELAND = "NIR", "Northern Ireland"
    NONE = "", "None (every Monday to Friday is a working day)"


class Organisation(models.Model):
    """A council or other public body. A deployment may hold several, fully separated."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    notice = models.TextField(
        blank=True,
        help_text="Shown at the top of every page for this organisation, e.g. that it is a demo.",
    )
    financial_year_start_month = models.PositiveSmallIntegerField(
        default=4, help_text="The month the financial year starts: 4 for April."
    )
    bank_holidays = models.CharField(
        max_length=3,
        choices=BankHolidayRegion.choices,
        default=BankHolidayRegion.ENGLAND_AND_WALES,
        blank=True,
        help_text="The bank holidays left out when counting working days to a return's deadline.",
    )
    open_next_on_publish = models.BooleanField(
        default=True,
        help_text="Open the next period for returns as soon as one is published: its targets "
        "carried forward (or profiled from the year's) and its owners told.",
    )
    area_code = models.CharField(
        "area code",
        max_length=9,
        blank=True,
        validators=[RegexValidator(f"^{AREA_CODE.pattern}$", AREA_CODE_HELP)],
        help_text="The council's own area in comparator groups and files. " + AREA_CODE_HELP,
    )
    share_for_benchmarking = models.BooleanField(
        "share published figures for benchmarking",
        default=False,
        help_text="Other councils in this Yardstick may compare themselves with this council's "
        "published figures (only published ones, of measures not kept from publication). "
        "Needs the area code.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.share_for_benchmarking and not self.area_code:
            raise ValidationError(
                {
                    "area_code": "Give the council's area code to share its figures: others "
                    "find them by it."
                }
            )


class UnitKind(models.TextChoices):
    DIRECTORATE = "directorate", "Directorate"
    SERVICE = "service", "Service"
    TEAM = "team", "Team"


class OrganisationUnitQuerySet(models.QuerySet):
    def in_organisation(self, organisation: Organisation) -> "OrganisationUnitQuerySet":
        return self.filter(organisation=organisation)

    def directorates(self) -> "OrganisationUnitQuerySet":
        return self.filter(kind=UnitKind.DIRECTORATE)

    def directorate_names(self) -> dict[int, str]:
        """{unit id: the name of its directorate} for these units, in one query of plain
        values (pages of many measures name each measure's directorate)."""
        units = {
            row.id: row
            for row in self.order_by().values_list("id", "parent_id", "kind", "name", named=True)
        }
        return {
            unit_id: directorate_of(unit, lambda u: units[u.parent_id]).name
            for unit_id, unit in units.items()
        }


class OrganisationUnit(models.Model):
    """A directorate, service or team in the organisation tree."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="units")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    kind = models.CharField(max_length=20, choices=UnitKind.choices)
    name = models.CharField(max_length=200)
    code = models.CharField(max_length=40, help_text="A short reference, unique in the council.")
    head = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="units_headed",
        help_text="Director or head of service.",
    )
    history = HistoricalRecords()

    objects = OrganisationUnitQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="unique_unit_code"),
        ]

    def __str__(self) -> str:
        return self.name

    def directorate(self) -> "OrganisationUnit":
        return directorate_of(self, lambda unit: unit.parent)


def directorate_of(unit, parent_of):
    """The directorate `unit` is in: itself, or the nearest unit above it that is a
    directorate (or the top of its tree). `parent_of(unit)` gives the unit above."""
    while unit.kind != UnitKind.DIRECTORATE and unit.parent_id:
        unit = parent_of(unit)
    return unit


class Partnership(models.Model):
    """A multi-agency group, such as a community safety partnership board."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="partnerships"
    )
    name = models.CharField(max_length=200)
    code = models.CharField(max_length=40)
    description = models.TextField(blank=True)
    members = models.ManyToManyField("accounts.User", blank=True, related_name="partnerships")
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"], name="unique_partnership_code"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ContentVersion(models.Model):
    """The content token (`yardstick.organisations.content`): one row, renewed with a new random
    value after every transaction that writes what a page may show. Not data: a backup leaves
    it out (`kept_in_backups`), and a restore, being a write, renews it."""

    token = models.CharField(max_length=32)

    kept_in_backups = False

    class Meta:
        db_table = "yardstick_content_version"

    def __str__(self) -> str:
        return self.token
