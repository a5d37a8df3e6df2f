"""`yardstick setup` / `manage.py setup`: scripted with flags, or asking at a terminal."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tests.factories import OrganisationFactory, UserFactory
from yardstick.accounts.models import Membership, Role, User
from yardstick.organisations.models import Organisation
from yardstick.pages.management.commands import setup as setup_command

pytestmark = pytest.mark.django_db

PASSWORD = "Rainy-harbour-lantern-42"
ROOT = Path(__file__).resolve().parents[3]
FLAGS = (
    "--name=Harrow Council",
    "--slug=harrow",
    "--financial-year-start-month=April",
    "--bank-holidays=eng",
    "--username=priya",
    "--first-name=Priya",
    "--last-name=Shah",
    "--email=priya.shah@harrow.gov.uk",
)


@pytest.fixture
def password_file(tmp_path) -> Path:
    path = tmp_path / "password"
    path.write_text(PASSWORD + "\n")
    return path


def run(*flags: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("setup", *flags, "--no-input", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_scripted_command_sets_up_the_organisation_and_its_first_account(password_file):
    out, _ = run(*FLAGS, f"--password-file={password_file}")
    council = Organisation.objects.get()
    assert (council.name, council.slug) == ("Harrow Council", "harrow")
    assert (council.financial_year_start_month, council.bank_holidays) == (4, "ENG")
    priya = User.objects.get()
    assert (priya.first_name, priya.last_name, priya.email) == (
        "Priya",
        "Shah",
        "priya.shah@harrow.gov.uk",
    )
    assert priya.organisation == council
    assert priya.check_password(PASSWORD)
    assert priya.is_staff and not priya.is_superuser
    membership = Membership.objects.get()
    assert (membership.user, membership.organisation, membership.role) == (
        priya,
        council,
        Role.PERFORMANCE_TEAM,
    )
    assert priya.has_perm("measures.add_measure") and priya.has_perm("accounts.add_user")
    assert "Set up Harrow Council (harrow)" in out
    assert "Priya Shah can sign in as priya, in the performance team." in out
    assert PASSWORD not in out


def test_the_history_records_the_new_person_and_why(password_file):
    run(*FLAGS, f"--password-file={password_file}")
    priya = User.objects.get()
    created = Organisation.history.get()
    assert (created.history_user, created.history_change_reason) == (
        priya,
        "Set up with yardstick setup",
    )
    membership = Membership.history.get()
    assert (membership.history_user, membership.history_change_reason) == (
        priya,
        "Set up with yardstick setup",
    )


def test_the_short_name_is_made_from_the_name_and_other_answers_have_defaults(monkeypatch):
    monkeypatch.setenv("YARDSTICK_SETUP_PASSWORD", PASSWORD)
    run(
        "--name=Royal Borough of Kingston upon Thames",
        "--username=kay",
        "--first-name=Kay",
        "--last-name=Obi",
        "--email=kay@kingston.gov.uk",
    )
    council = Organisation.objects.get()
    assert council.slug == "royal-borough-of-kingston-upon-thames"
    assert (council.financial_year_start_month, council.bank_holidays) == (4, "ENG")
    assert User.objects.get().check_password(PASSWORD)


@pytest.mark.parametrize(
    ("month", "region", "expected"),
    [("1", "SCT", (1, "SCT")), ("september", "none", (9, "")), ("Jul", "nir", (7, "NIR"))],
)
def test_the_year_and_bank_holidays_can_be_given_several_ways(
    password_file, month, region, expected
):
    flags = [flag for flag in FLAGS if not flag.startswith(("--financial", "--bank"))]
    run(
        *flags,
        f"--financial-year-start-month={month}",
        f"--bank-holidays={region}",
        f"--password-file={password_file}",
    )
    council = Organisation.objects.get()
    assert (council.financial_year_start_month, council.bank_holidays) == expected


def test_an_organisation_already_there_is_refused_and_nothing_is_created(password_file):
    OrganisationFactory(name="HARROW COUNCIL", slug="elsewhere")
    UserFactory(username="Priya", organisation=None)
    with pytest.raises(CommandError) as refused:
        run(*FLAGS, f"--password-file={password_file}")
    assert str(refused.value) == (
        "Nothing was set up:\n"
        "  --name: There is already an organisation called HARROW COUNCIL.\n"
        "  --username: The username priya is taken: choose another."
    )
    assert Organisation.objects.count() == 1
    assert User.objects.count() == 1
    assert not Membership.objects.exists()


def test_a_short_name_already_taken_is_refused(password_file):
    OrganisationFactory(name="Somewhere else", slug="harrow")
    with pytest.raises(CommandError, match="--slug: The short name harrow is taken"):
        run(*FLAGS, f"--password-file={password_file}")


def test_a_weak_password_is_refused_with_the_password_rules(tmp_path):
    weak = tmp_path / "weak"
    weak.write_text("priyashah1\n")
    with pytest.raises(CommandError) as refused:
        run(*FLAGS, f"--password-file={weak}")
    message = str(refused.value)
    assert "password: This password is too short. It must contain at least 12 characters." in (
        message
    )
    assert not Organisation.objects.exists()
    assert "priyashah1" not in message


def test_without_a_terminal_every_answer_must_be_given():
    with pytest.raises(CommandError) as refused:
        run("--name=Harrow Council")
    assert str(refused.value) == (
        "Give every answer when not asked at a terminal; missing: --first-name, --last-name, "
        "--email, --username, --password-file (or YARDSTICK_SETUP_PASSWORD)"
    )


def test_it_writes_the_starter_workbook_when_asked(password_file, tmp_path):
    path = tmp_path / "starter.xlsx"
    out, _ = run(*FLAGS, f"--password-file={password_file}", f"--workbook={path}")
    assert load_workbook(path).sheetnames[:3] == ["Read me", "units", "plans"]
    assert f"yardstick import workbook {path}" in out


def test_without_a_workbook_it_says_where_to_find_one(password_file):
    out, _ = run(*FLAGS, f"--password-file={password_file}")
    assert "The starter workbook" in out and "Import and export page" in out


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_at_a_terminal_it_asks_each_question_again_until_the_answer_is_right(monkeypatch, tmp_path):
    answers = iter(
        [
            "Harrow Council",  # name
            "",  # short name: made from the name
            "Smarch",  # not a month: asked again
            "october",
            "",  # bank holidays: England and Wales
            "Priya",
            "Shah",
            "not an address",  # asked again
            "priya@harrow.gov.uk",
            "priya",
            str(tmp_path / "starter.xlsx"),  # the starter workbook
        ]
    )
    passwords = iter(["short", "short", PASSWORD, "typo", PASSWORD, PASSWORD])
    monkeypatch.setattr("sys.stdin", Terminal())
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    monkeypatch.setattr(setup_command.getpass, "getpass", lambda prompt="": next(passwords))
    out, err = io.StringIO(), io.StringIO()
    call_command("setup", stdout=out, stderr=err)
    council = Organisation.objects.get()
    assert (council.slug, council.financial_year_start_month) == ("harrow-council", 10)
    assert User.objects.get(username="priya").check_password(PASSWORD)
    assert "Smarch is not a month" in err.getvalue()
    assert "Enter an email address like name@council.gov.uk." in err.getvalue()
    assert "This password is too short." in err.getvalue()
    assert "The two passwords are not the same." in err.getvalue()
    assert PASSWORD not in out.getvalue() + err.getvalue()
    assert (tmp_path / "starter.xlsx").exists()


def test_the_console_script_sets_up_a_new_database(migrated_sqlite, password_file):
    """`yardstick setup` in its own process, against a new SQLite file just migrated: the
    flags reach the command and the exit status says it worked."""
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{migrated_sqlite}"}
    result = subprocess.run(
        [sys.executable, "-m", "yardstick", "setup", *FLAGS, f"--password-file={password_file}"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    assert "Set up Harrow Council (harrow)" in result.stdout
    again = subprocess.run(
        [sys.executable, "-m", "yardstick", "setup", *FLAGS, f"--password-file={password_file}"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert again.returncode == 1
    assert "There is already an organisation called Harrow Council" in again.stderr


def test_the_performance_team_group_holds_every_yardstick_permission(password_file):
    run(*FLAGS, f"--password-file={password_file}")
    group = User.objects.get().groups.get()
    assert group.name == "Performance team"
    yardstick = Permission.objects.filter(content_type__app_label__in=["measures", "imports"])
    assert set(yardstick) <= set(group.permissions.all())
    assert not group.permissions.filter(content_type__app_label="auth").exists()
