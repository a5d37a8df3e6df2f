"""`manage.py demo_logins`: the demo council's accounts and their passwords, as a table."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from yardstick.demo.loader import demo_organisation
from yardstick.demo.people import PERFORMANCE_TEAM, demo_users, second_factor_text

COLUMNS = ("Role", "Name", "Username", "Password", "Try first")


class Command(BaseCommand):
    help = "Print the demo council's sign-ins: role, name, username, password, what to try first."

    def handle(self, *args, **options) -> None:
        organisation = demo_organisation()
        accounts = demo_users(organisation)
        if not accounts:
            self.stdout.write("There is no demo council yet: run `manage.py load_demo` first.")
            return
        rows = [
            (persona.role, user.get_full_name(), user.username, persona.password, persona.try_first)
            for persona, user in accounts
        ]
        widths = [max(len(row[i]) for row in (COLUMNS, *rows)) for i in range(len(COLUMNS))]

        def line(cells) -> str:
            return "  ".join(
                cell.ljust(width) for cell, width in zip(cells, widths, strict=True)
            ).rstrip()

        self.stdout.write(
            f"Demo sign-ins for {organisation.name}. The passwords are public: use them only "
            "on the demo, never on a council's own data."
        )
        self.stdout.write(line(COLUMNS))
        self.stdout.write(line(["-" * width for width in widths]))
        for row in rows:
            self.stdout.write(line(row))
        team = [user.username for persona, user in accounts if PERFORMANCE_TEAM in persona.groups]
        for username in team:
            self.stdout.write(
                f"\n{username} signs in with a second factor, as the performance team must. Add "
                f"this key to an authenticator app (time-based, 6 digits): "
                f"{second_factor_text(username)}\nor print the code of the moment with "
                f"`manage.py demo_code {username}`."
            )
