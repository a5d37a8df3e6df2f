"""The import options: a dry run says what an import would do and changes nothing; the
status option gives imported figures another status."""

import pytest

from yardstick.imports.models import ImportRun, ImportStatus
from yardstick.imports.services import import_file
from yardstick.measures.models import Figure, FigureStatus

from .conftest import SEED, row_counts

pytestmark = pytest.mark.django_db


def test_a_dry_run_changes_nothing(council, seed_bytes):
    before = row_counts()
    result = import_file(council, "scorecard", seed_bytes, SEED.name, None, dry_run=True)
    assert row_counts() == before
    assert not result.applied


def test_a_dry_run_says_what_the_import_would_create(council, seed_bytes):
    result = import_file(council, "scorecard", seed_bytes, SEED.name, None, dry_run=True)
    summary = result.changes.summary()
    assert summary["measure"]["create"] == 85
    assert summary["period"]["create"] == 3
    assert ImportRun.objects.get(organisation=council).status == ImportStatus.DRY_RUN


def test_the_status_option_gives_imported_figures_another_status(council, seed_bytes):
    import_file(council, "scorecard", seed_bytes, SEED.name, None, figure_status="approved")
    statuses = set(
        Figure.objects.filter(measure__organisation=council).values_list("status", flat=True)
    )
    assert statuses == {FigureStatus.APPROVED}
