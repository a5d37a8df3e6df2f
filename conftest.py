"""Shared fixtures: an organisation and named personas, and a database just made by
`migrate`."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from tests.caching import clear_caches
from tests.factories import OrganisationFactory, UserFactory
from yardstick.accounts.models import Membership, Role


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: tests write rows straight into the database
    (factories, rolled-back transactions) where a council's server only writes through the
    services that renew the cache's keys, so an entry from one test could be read by the
    next. The pages' kept parts too (organisations/content.py renews their token on every
    write, but a test's rolled-back writes may leave the token where an earlier test had
    it)."""
    clear_caches()
    yield
    clear_caches()


@pytest.fixture
def council(db):
    return OrganisationFactory(name="Harrow Test Council", slug="harrow-test")


@pytest.fixture
def other_council(db):
    return OrganisationFactory(name="Elsewhere Borough Council", slug="elsewhere")


@pytest.fixture
def performance_officer(council):
    """Priya in the performance team (her role, not a staff flag, opens the administration
    and the import pages): runs the framework."""
    priya = UserFactory(
        username="priya", first_name="Priya", last_name="Shah", organisation=council
    )
    Membership.objects.create(user=priya, organisation=council, role=Role.PERFORMANCE_TEAM)
    return priya


@pytest.fixture(scope="session", autouse=True)
def _quick_password_hashes():
    """Tests hash passwords with MD5: the site's Argon2 takes 0.1 to 0.4 s a password on two
    cores, and the tests make thousands of accounts (the permissions matrix alone made some
    1,600, a sixth of the suite's time). The site's own hashers stay listed after it, so a
    hash they made still signs in. `accounts/tests/test_sign_in.py` puts the site's hashers
    back and checks them: new passwords Argon2, old PBKDF2 hashes upgraded on sign-in."""
    quick = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]
    with override_settings(PASSWORD_HASHERS=quick):
        yield


ROOT = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def _migrated_template(tmp_path_factory) -> Path:
    """A SQLite file made by `manage.py migrate` in its own process, once per test process:
    applying every migration takes half a minute."""
    path = tmp_path_factory.mktemp("migrated") / "template.sqlite3"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "--verbosity=0"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{path}"},
        check=True,
        timeout=300,
    )
    return path


@pytest.fixture
def migrated_sqlite(_migrated_template, tmp_path) -> Path:
    """A new SQLite file as `manage.py migrate` leaves a new database (every table, the
    content types and permissions, no rows of Yardstick's own): a copy of the run's one."""
    target = tmp_path / "migrated.sqlite3"
    shutil.copyfile(_migrated_template, target)
    return target


class _NoMigrations:
    """MIGRATION_MODULES for "every app without migrations", as pytest-django's
    --no-migrations has it."""

    def __contains__(self, app_label: str) -> bool:
        return True

    def __getitem__(self, app_label: str) -> None:
        return None


@pytest.fixture(scope="session")
def _test_tables_from_the_models():
    """While the test databases are made: each table is made straight from its model, and
    every migration is then recorded as applied, in place of applying the 140 migrations
    one by one (Django renders every model again for each: 40 seconds a database, on each
    worker, on each run). `makemigrations --check` (make test) holds the models and the
    migrations to the same tables, tests/test_test_database.py compares the tables made
    with those `migrate` makes, and the migrations themselves still run in the suite:
    `migrated_sqlite` above, every restore (yardstick/backups/tests), the killed worker's
    database on PostgreSQL and the production server's (tests/production/)."""
    from django.core.management.commands import migrate

    original = migrate.Command.handle

    def handle(self, *args, **options):
        with override_settings(MIGRATION_MODULES=_NoMigrations()):
            original(self, *args, **{**options, "run_syncdb": True})
        return original(self, *args, **{**options, "run_syncdb": False, "fake": True})

    def put_back():
        migrate.Command.handle = original

    migrate.Command.handle = handle
    yield put_back
    put_back()


@pytest.fixture(scope="session")
def django_db_setup(_test_tables_from_the_models, django_db_setup):
    """pytest-django's, with the tables made from the models (above); `migrate` is itself
    again as soon as they are made, for the tests that run it."""
    _test_tables_from_the_models()
    yield
