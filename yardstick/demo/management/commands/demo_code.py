"""`manage.py demo_code USERNAME`: the code a demo account's authenticator app shows now."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp

from yardstick.demo.people import PERFORMANCE_TEAM, PERSONAS, second_factor_key


class Command(BaseCommand):
    help = "Print the second-factor code a demo performance-team account's app shows now."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options) -> None:
        team = [p.username for p in PERSONAS if PERFORMANCE_TEAM in p.groups]
        if username not in team:
            raise CommandError(
                f"Only the demo's performance team has a second factor: {', '.join(team)}."
            )
        self.stdout.write(f"{totp(bytes.fromhex(second_factor_key(username))):06d}")
