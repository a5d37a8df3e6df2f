"""Personal API tokens: created and revoked by their owner on the account page, shown once,
kept only as a SHA-256 digest (with a short prefix to recognise them by), each with a scope
(read, or read and write) and an expiry. Every change is audited (django-simple-history)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class TokenScope(models.TextChoices):
    READ = "read", "Read"
    WRITE = "write", "Read and write"


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, now=None) -> ApiTokenQuerySet:
        """Tokens not revoked and not expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for.")
    prefix = models.CharField(max_length=16, help_text="The token's first characters, shown.")
    digest = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the token.")
    scope = models.CharField(max_length=10, choices=TokenScope.choices)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def may_write(self) -> bool:
        return self.scope == TokenScope.WRITE

    def is_usable(self, now=None) -> bool:
        return self.revoked_at is None and self.expires_at > (now or timezone.now())
