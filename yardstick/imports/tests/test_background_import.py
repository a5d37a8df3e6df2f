"""A long upload is checked, and once confirmed imported, by the background worker
(`manage.py run_worker`, on this test database), with its progress on the page; the job is
idempotent: run again, or again after its worker died, it imports the file once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.urls import reverse
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.factories import MeasureFactory
from yardstick.imports import tasks
from yardstick.imports.models import ImportRun, ImportStage, ImportStatus
from yardstick.measures.models import Figure

# The worker commits as it goes, as in production: no test transaction around it.
pytestmark = pytest.mark.django_db(transaction=True)

INDEX = reverse("imports:index")
QUARTERS = ["2018-19 Q1", "2018-19 Q2", "2018-19 Q3", "2018-19 Q4"]


@pytest.fixture(autouse=True)
def long_means_more_than_five_rows(settings):
    settings.YARDSTICK_BACKGROUND_IMPORT_ROWS = 5


@pytest.fixture
def team(client, council, performance_officer):
    for number in range(3):
        MeasureFactory(organisation=council, code=f"M{number}", value_type="percentage")
    client.force_login(performance_officer)
    return client


def figures_csv(bad_row: int | None = None) -> bytes:
    rows = ["measure,period,actual"]
    for number in range(3):
        for index, quarter in enumerate(QUARTERS):
            rows.append(f"M{number},{quarter},{number * 10 + index}%")
    if bad_row is not None:
        rows[bad_row - 1] = "M2,2018-19 Q4,lots"
    return ("\n".join(rows) + "\n").encode()


def upload(client, content: bytes):
    return client.post(
        INDEX,
        {
            "kind": "figures",
            "file": SimpleUploadedFile("figures.csv", content, content_type="text/csv"),
            "figure_status": "submitted",
        },
    )


def run_worker() -> None:
    call_command("run_worker", "--batch", stdout=StringIO())


def test_a_long_upload_is_checked_then_imported_by_the_worker(team, performance_officer):
    response = upload(team, figures_csv())
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:preview", args=[run.pk])
    assert (run.status, run.in_background, run.rows_total) == (ImportStatus.QUEUED, True, 12)
    assert run.file.read() == figures_csv() and not run.content
    page = team.get(reverse("imports:preview", args=[run.pk])).content.decode()
    assert "Waiting for the background worker to start on 12 rows." in page
    assert f'hx-get="{reverse("imports:progress", args=[run.pk])}"' in page
    assert 'hx-trigger="every 2s"' in page

    run_worker()  # checks: nothing is written until the person confirms
    run.refresh_from_db()
    assert run.status == ImportStatus.PREVIEWED
    assert run.summary["figure"] == {"create": 12, "change": 0, "unchanged": 0}
    assert not Figure.objects.exists()
    page = team.get(reverse("imports:preview", args=[run.pk])).content.decode()
    assert "Import these changes" in page and "<progress" not in page

    team.post(reverse("imports:confirm", args=[run.pk]))
    run.refresh_from_db()
    assert (run.status, run.apply_when_checked) == (ImportStatus.QUEUED, True)
    assert "<progress" in team.get(reverse("imports:preview", args=[run.pk])).content.decode()
    run_worker()
    run.refresh_from_db()
    assert run.status == ImportStatus.APPLIED
    assert run.applied_by == performance_officer
    assert Figure.objects.count() == 12
    assert Figure.history.filter(history_user=performance_officer).count() == 12
    [job] = DBTaskResult.objects.filter(id=run.job_id)
    assert job.status == TaskResultStatus.SUCCESSFUL
    page = team.get(reverse("imports:preview", args=[run.pk])).content.decode()
    assert "What the import did" in page


def test_a_long_upload_with_a_bad_row_is_reported_by_row_and_imports_nothing(team):
    upload(team, figures_csv(bad_row=13))
    run_worker()
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.REJECTED
    assert run.problems == [
        {"row": 13, "column": "actual", "message": "'lots' is not a percentage"}
    ]
    page = team.get(reverse("imports:preview", args=[run.pk])).content.decode()
    assert "Row 13, column actual: &#x27;lots&#x27; is not a percentage" in page
    assert "Import these changes" not in page
    assert not Figure.objects.exists()


def test_the_job_run_again_imports_the_file_once(team):
    upload(team, figures_csv())
    run_worker()
    run = ImportRun.objects.get()
    team.post(reverse("imports:confirm", args=[run.pk]))
    run_worker()
    again = tasks.run_import.enqueue(run.pk)  # a second delivery of the same job
    run_worker()
    assert DBTaskResult.objects.get(id=again.id).return_value == {
        "status": "applied",
        "rows": 12,
    }
    assert Figure.objects.count() == 12 and Figure.history.count() == 12


def test_a_job_whose_worker_died_mid_import_is_run_again_and_imports_once(team):
    """A worker killed while writing leaves the run 'running' and nothing written (its
    transaction dies with it); the job, put back on the queue, imports the file once."""
    upload(team, figures_csv())
    run_worker()
    run = ImportRun.objects.get()
    team.post(reverse("imports:confirm", args=[run.pk]))
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportStatus.RUNNING, stage=ImportStage.WRITING, rows_done=5
    )
    run_worker()
    run.refresh_from_db()
    assert run.status == ImportStatus.APPLIED
    assert Figure.objects.count() == 12 and Figure.history.count() == 12


def test_the_progress_part_shows_a_labelled_bar_and_reloads_the_page_when_done(team):
    upload(team, figures_csv())
    run = ImportRun.objects.get()
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportStatus.RUNNING, stage=ImportStage.CHECKING, rows_done=6
    )
    url = reverse("imports:progress", args=[run.pk])
    part = team.get(url, headers={"HX-Request": "true"})
    assert "HX-Refresh" not in part
    html = part.content.decode()
    assert "Checked 6 of 12 rows (50%)." in html
    assert '<progress max="100" value="50" aria-labelledby="progress-title"' in html
    assert 'role="status"' in html
    run_worker()
    done = team.get(url, headers={"HX-Request": "true"})
    assert done["HX-Refresh"] == "true"


def test_a_short_upload_is_previewed_at_once_as_before(team):
    upload(team, b"measure,period,actual\nM0,2018-19 Q1,5%\n")
    run = ImportRun.objects.get()
    assert (run.status, run.in_background, bool(run.file)) == (
        ImportStatus.PREVIEWED,
        False,
        False,
    )
    assert not DBTaskResult.objects.exists()


def test_an_upload_over_the_size_limit_is_refused_saying_what_to_do(team, settings):
    settings.YARDSTICK_IMPORT_MAX_MB = 1
    content = b"measure,period,actual\n" + b"M0,2018-19 Q1,5%\n" * 70_000
    response = upload(team, content)
    assert response.status_code == 400
    assert (
        "The file is 1.1 MB; an upload can be at most 1 MB: split it into parts, or import it "
        "with the command line (manage.py import_data), which takes a file of any length."
    ) in response.content.decode()
    assert not ImportRun.objects.exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite lets one connection write at a time"
)
def test_the_writing_pass_reports_its_progress_while_its_transaction_is_open(team):
    upload(team, figures_csv())
    run = ImportRun.objects.get()
    with transaction.atomic():  # as the writing pass: its rows are not committed yet
        tasks.note_progress(run.pk, "written", 7)
        page = connections.create_connection(DEFAULT_DB_ALIAS)  # the page's request
        try:
            with page.cursor() as cursor:
                cursor.execute(
                    "SELECT stage, rows_done FROM imports_importrun WHERE id = %s", [run.pk]
                )
                assert cursor.fetchone() == (ImportStage.WRITING, 7)
        finally:
            page.close()


@pytest.mark.parametrize(("long", "status"), [(False, "previewed"), (True, "queued")])
def test_an_upload_kept_on_disk_by_django_is_kept_whole_either_way(team, settings, long, status):
    """Django writes an upload above FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file, which
    storage moves rather than copies: a short file is still read whole for its preview."""
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10
    content = figures_csv() if long else b"measure,period,actual\nM0,2018-19 Q1,5%\n"
    upload(team, content)
    run = ImportRun.objects.get()
    assert run.status == status
    kept = bytes(run.content) if status == "previewed" else run.file.read()
    assert kept == content
