from django.contrib.auth.models import AbstractUser
from django.db import models
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history import register
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    """A person who signs in: an officer, a director, a councillor, the performance team.

    Defined from the first migration so roles and organisation scoping can be added to
    it without swapping the user model later.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    job_title = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    PERFORMANCE_TEAM = "performance_team", "Performance team"
    OWNER = "owner", "Measure owner"
    APPROVER = "approver", "Approver"
    COUNCILLOR = "councillor", "Councillor"


class Membership(models.Model):
    """A role a person holds in an organisation, scoped to an organisation unit (its
    directorate and everything under it) or a partnership where the role needs one."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    unit = models.ForeignKey(
        "organisations.OrganisationUnit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        help_text="For owners and approvers: the directorate or service they act for.",
    )
    partnership = models.ForeignKey(
        "organisations.Partnership",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "user", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role", "unit", "partnership"],
                name="unique_membership",
            ),
        ]

    def __str__(self) -> str:
        scope = self.unit or self.partnership
        return f"{self.user}: {self.get_role_display()}" + (f" ({scope})" if scope else "")


# The second-factor devices (django-otp's models) keep a history like every other record:
# who set up, replaced or removed an authenticator app or recovery codes, and when. The
# app's secret key stays out of the history: it is kept in one place only.
register(TOTPDevice, app="yardstick.accounts", excluded_fields=["key"])
register(StaticDevice, app="yardstick.accounts")
