"""The content token (organisations/content.py): every write of what a page may show renews
it, at once in this process and after the commit for every worker; writes no page shows
leave it alone."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.factories import OrganisationFactory
from yardstick.accounts.models import User
from yardstick.organisations.content import TABLE, content_token, shows
from yardstick.organisations.models import ContentVersion, OrganisationUnit


def row_token() -> str | None:
    found = ContentVersion.objects.filter(pk=1).values_list("token", flat=True).first()
    return found


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ('INSERT INTO "measures_figure" ("measure_id") VALUES (%s)', True),
        ('UPDATE "measures_measure" SET "title" = %s WHERE "measures_measure"."id" = %s', True),
        ('DELETE FROM "measures_target" WHERE "measures_target"."id" IN (%s)', True),
        ("INSERT INTO measures_historicalfigure (id) SELECT id FROM measures_figure", True),
        ('UPDATE "accounts_user" SET "first_name" = %s WHERE "accounts_user"."id" = %s', True),
        # What no page shows: a sign-in's last_login, sessions, the worker's heartbeat.
        ('UPDATE "accounts_user" SET "last_login" = %s WHERE "accounts_user"."id" = %s', False),
        ('INSERT INTO "django_session" ("session_key") VALUES (%s)', False),
        ('UPDATE "health_workerheartbeat" SET "seen_at" = %s WHERE "id" = %s', False),
        (f"UPDATE {TABLE} SET token = %s WHERE id = 1", False),
        ('SELECT "measures_figure"."id" FROM "measures_figure"', False),
    ],
)
def test_which_statements_renew_the_token(sql, expected):
    assert shows(sql) is expected


@pytest.mark.django_db(transaction=True)
def test_a_write_renews_the_token_at_once_here_and_in_the_row_after_its_commit():
    council = OrganisationFactory()
    before, row_before = content_token(), row_token()
    with transaction.atomic():
        OrganisationUnit.objects.create(organisation=council, name="People", code="PEO")
        inside = content_token()
        assert inside != before  # this process reads afresh at once, even before the commit
        assert row_token() == row_before  # other workers: after the commit
    assert row_token() != row_before
    assert content_token() not in (before, inside)


@pytest.mark.django_db(transaction=True)
def test_a_transaction_renews_the_row_once_however_many_rows_it_writes():
    council = OrganisationFactory()
    with CaptureQueriesContext(connection) as captured, transaction.atomic():
        for number in range(5):
            OrganisationUnit.objects.create(
                organisation=council, name=f"U{number}", code=f"U{number}"
            )
    renewals = [query for query in captured if TABLE in query["sql"]]
    assert len(renewals) == 1


@pytest.mark.django_db(transaction=True)
def test_a_write_after_a_rolled_back_savepoint_still_renews_the_row():
    council = OrganisationFactory()
    row_before = row_token()
    with transaction.atomic():
        try:
            with transaction.atomic():
                OrganisationUnit.objects.create(organisation=council, name="A", code="A")
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        OrganisationUnit.objects.create(organisation=council, name="B", code="B")
    assert row_token() != row_before


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_leaves_the_row_alone():
    council = OrganisationFactory()
    row_before = row_token()
    with pytest.raises(RuntimeError), transaction.atomic():
        OrganisationUnit.objects.create(organisation=council, name="A", code="A")
        raise RuntimeError("rolled back")
    assert row_token() == row_before


@pytest.mark.django_db(transaction=True)
def test_raw_sql_and_queryset_updates_renew_it_too():
    council = OrganisationFactory()
    unit = OrganisationUnit.objects.create(organisation=council, name="People", code="PEO")
    before = row_token()
    OrganisationUnit.objects.filter(pk=unit.pk).update(name="People and Care")
    after_update = row_token()
    assert after_update != before
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {OrganisationUnit._meta.db_table} SET name = %s WHERE id = %s",
            ["People", unit.pk],
        )
    assert row_token() != after_update


@pytest.mark.django_db(transaction=True)
def test_a_sign_in_leaves_it_alone(client):
    User.objects.create_user(username="reader", password="a long enough password 1")
    before, row_before = content_token(), row_token()
    assert client.login(username="reader", password="a long enough password 1")
    assert (content_token(), row_token()) == (before, row_before)
