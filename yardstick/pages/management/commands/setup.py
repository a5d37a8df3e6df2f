"""`manage.py setup` (also `yardstick setup`): set up an organisation and its first
performance-team account, asking for each answer not given as a flag."""

from __future__ import annotations

import calendar
import getpass
import os
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from yardstick.accounts.services import SetupRefused
from yardstick.imports.starter import starter_filename, starter_workbook
from yardstick.organisations.models import BankHolidayRegion
from yardstick.pages.forms import NO_BANK_HOLIDAYS, SetupForm

REASON = "Set up with yardstick setup"
PASSWORD_VARIABLE = "YARDSTICK_SETUP_PASSWORD"
REGIONS = {value or NO_BANK_HOLIDAYS: label for value, label in BankHolidayRegion.choices}
# The answers in the order they are asked, each with its flag.
QUESTIONS = (
    ("name", "--name"),
    ("slug", "--slug"),
    ("financial_year_start_month", "--financial-year-start-month"),
    ("bank_holidays", "--bank-holidays"),
    ("first_name", "--first-name"),
    ("last_name", "--last-name"),
    ("email", "--email"),
    ("username", "--username"),
)


def region(text: str) -> str:
    """'eng' as 'ENG', 'none' as the form's choice for no bank holidays, blank as ENG."""
    text = text.strip()
    if not text:
        return "ENG"
    return NO_BANK_HOLIDAYS if text.casefold() == NO_BANK_HOLIDAYS else text.upper()


def month_number(text: str) -> str:
    """'4', 'April' or 'apr' as '4'; anything else unchanged, for the form to refuse."""
    text = text.strip()
    for number in range(1, 13):
        if text.casefold() in {
            calendar.month_name[number].casefold(),
            calendar.month_abbr[number].casefold(),
        }:
            return str(number)
    return text


class Command(BaseCommand):
    help = (
        "Set up an organisation (its name, short name, financial year and bank holidays) and "
        "its first performance-team account, and offer a starter workbook to fill in. Asks "
        "for each answer not given as a flag; with --no-input (or no terminal) every answer "
        "must be given. The password comes from --password-file, the "
        f"{PASSWORD_VARIABLE} environment variable, or the prompt; it is never echoed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", help="the organisation's name, as its reports print it")
        parser.add_argument(
            "--slug", help="its short name for web addresses (default: made from the name)"
        )
        parser.add_argument(
            "--financial-year-start-month",
            metavar="MONTH",
            help="the month its financial year starts: 4 or April (default: April)",
        )
        parser.add_argument(
            "--bank-holidays",
            metavar="REGION",
            help="whose bank holidays deadlines leave out: "
            + ", ".join(f"{code} ({label})" for code, label in REGIONS.items())
            + " (default: ENG)",
        )
        parser.add_argument("--username", help="the first account's username")
        parser.add_argument("--first-name", help="the first account's first name")
        parser.add_argument("--last-name", help="the first account's last name")
        parser.add_argument("--email", help="the first account's e-mail address")
        parser.add_argument(
            "--password-file",
            metavar="FILE",
            help=f"read the password from FILE's first line (or set {PASSWORD_VARIABLE})",
        )
        parser.add_argument(
            "--workbook",
            metavar="FILE",
            help="write the starter workbook (a sheet per kind of record) to FILE",
        )
        parser.add_argument(
            "--no-input", action="store_true", help="never ask: every answer comes from flags"
        )

    def handle(self, *args, **options) -> None:
        interactive = not options["no_input"] and sys.stdin.isatty()
        answers = self.given(options)
        if interactive:
            self.stdout.write("Set up Yardstick: your organisation, then your account.")
            for name, _ in QUESTIONS:
                if name not in answers:
                    answers[name] = self.ask(name, answers)
            if "password" not in answers:
                answers.update(self.ask_password(answers))
        else:
            defaults = {"financial_year_start_month": "4", "bank_holidays": "ENG", "slug": ""}
            for name, value in defaults.items():
                answers.setdefault(name, value)
            missing = [flag for name, flag in QUESTIONS if name not in answers]
            if "password" not in answers:
                missing.append(f"--password-file (or {PASSWORD_VARIABLE})")
            if missing:
                raise CommandError(
                    "Give every answer when not asked at a terminal; missing: " + ", ".join(missing)
                )
        form = SetupForm(data=answers)
        if not form.is_valid():
            flags = dict(QUESTIONS) | {"password": "password", "password_again": "password"}
            problems = [
                f"{flags.get(name, name)}: {' '.join(errors)}"
                for name, errors in form.errors.items()
            ]
            raise CommandError("Nothing was set up:\n  " + "\n  ".join(problems))
        try:
            done = form.set_up(reason=REASON)
        except SetupRefused as error:
            raise CommandError(f"Nothing was set up: {error}") from None
        organisation, user = done.organisation, done.user
        self.stdout.write(
            self.style.SUCCESS(
                f"Set up {organisation.name} ({organisation.slug}), its financial year "
                f"starting in {calendar.month_name[organisation.financial_year_start_month]}, "
                f"bank holidays: {REGIONS[organisation.bank_holidays or NO_BANK_HOLIDAYS]}."
            )
        )
        self.stdout.write(
            f"{user.get_full_name()} can sign in as {user.username}, in the performance team."
        )
        self.offer_workbook(options["workbook"], organisation, interactive)

    def given(self, options) -> dict[str, str]:
        answers = {name: options[name] for name, _ in QUESTIONS if options.get(name) is not None}
        if "financial_year_start_month" in answers:
            answers["financial_year_start_month"] = month_number(
                answers["financial_year_start_month"]
            )
        if "bank_holidays" in answers:
            answers["bank_holidays"] = region(answers["bank_holidays"])
        password = None
        if options["password_file"]:
            try:
                lines = Path(options["password_file"]).read_text(encoding="utf-8").splitlines()
            except OSError as error:
                raise CommandError(
                    f"{options['password_file']}: {error.strerror or error}"
                ) from None
            password = lines[0] if lines else ""
        elif os.environ.get(PASSWORD_VARIABLE):
            password = os.environ[PASSWORD_VARIABLE]
        if password is not None:
            answers["password"] = answers["password_again"] = password
        return answers

    def ask(self, name: str, answers: dict[str, str]) -> str:
        """Ask for one answer until the form accepts it."""
        field = SetupForm.base_fields[name]
        prompts = {
            "slug": "Short name for web addresses (Enter: made from the name)",
            "financial_year_start_month": "Month your financial year starts [April]",
            "bank_holidays": "Bank holidays to leave out of deadlines: "
            + ", ".join(f"{code} {label}" for code, label in REGIONS.items())
            + " [ENG]",
        }
        defaults = {"financial_year_start_month": "4", "bank_holidays": "ENG", "slug": ""}
        while True:
            answer = input(f"{prompts.get(name, field.label)}: ").strip()
            if not answer and name in defaults:
                answer = defaults[name]
            if name == "financial_year_start_month":
                answer = month_number(answer)
            if name == "bank_holidays":
                answer = region(answer)
            form = SetupForm(data={**answers, name: answer})
            form.is_valid()
            errors = form.errors.get(name)
            if not errors:
                return answer
            self.stderr.write(" ".join(errors))

    def ask_password(self, answers: dict[str, str]) -> dict[str, str]:
        """Ask for the password twice, unseen, until the password rules accept it."""
        self.stdout.write(SetupForm.base_fields["password"].help_text)
        while True:
            password = getpass.getpass("Password: ")
            again = getpass.getpass("Password again: ")
            given = {"password": password, "password_again": again}
            form = SetupForm(data={**answers, **given})
            form.is_valid()
            errors = form.errors.get("password") or form.errors.get("password_again")
            if not errors:
                return given
            self.stderr.write(" ".join(errors))

    def offer_workbook(self, path: str | None, organisation, interactive: bool) -> None:
        today = timezone.localdate()
        suggested = starter_filename(today, organisation.financial_year_start_month)
        if path is None and interactive:
            answer = input(
                f"Write a starter workbook to fill in? File name [{suggested}], or 'no': "
            ).strip()
            path = None if answer.lower() in {"no", "n"} else (answer or suggested)
        if path is None:
            self.stdout.write(
                "The starter workbook (a sheet per kind of record, to fill in and import in "
                "one go) is on the Import and export page once you sign in."
            )
            return
        try:
            Path(path).write_bytes(starter_workbook(today, organisation.financial_year_start_month))
        except OSError as error:
            self.stderr.write(
                f"The starter workbook could not be written to {path} "
                f"({error.strerror or error}); it is on the Import and export page too."
            )
            return
        self.stdout.write(
            f"Wrote the starter workbook to {path}: fill it in and import it with "
            f"`yardstick import workbook {path}` (see docs/operations.md)."
        )
