"""A published period's documents are rendered by the background worker when it is published,
kept in storage and served from there; a correction renders them again; a render asked for
is queued once, however often the download is clicked or polled; and a worker that died
mid-job leaves, once its job is run again, one complete document per format."""

from __future__ import annotations

import os
import time
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from yardstick.collection.services import correct_figure, publish_period
from yardstick.core.values import Value, ValueType
from yardstick.framework.services import save_abbreviation
from yardstick.health.worker import recover_abandoned_jobs
from yardstick.imports.services import import_file
from yardstick.measures.models import Figure, FigureStatus
from yardstick.measures.rules import FigureInput
from yardstick.reports import kept
from yardstick.reports.models import DocumentRequest, KeptDocument
from yardstick.reports.renderers import FORMATS, Format
from yardstick.reports.tasks import render_documents
from yardstick.reports.tests.conftest import build_framework, parse_html, text_of

URL = "/reports/2018-19-q2/"
RENDER = "yardstick.reports.tasks.render_documents"


def renders() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=RENDER))


def publish(framework, reader, django_capture_on_commit_callbacks):
    """Publish Q2 with the homes figure signed off, running what publishing queues on
    commit (as the request's transaction would)."""
    Figure.objects.filter(measure=framework.measures["homes"]).update(status=FigureStatus.APPROVED)
    with django_capture_on_commit_callbacks(execute=True):
        publish_period(framework.q2, reader)
    framework.q2.refresh_from_db()


def homes_in_q2(content: bytes) -> str:
    """The homes figure for Q2 as the HTML document prints it."""
    tree = parse_html(content)
    for row in tree.xpath("//table[contains(@class, 'rp-scorecard-table')]/tbody/tr"):
        if text_of(row.xpath("th")[0]).startswith("Number of new council homes"):
            return text_of(row.xpath("td")[-4])
    raise AssertionError("no homes row")


def number(amount: str) -> FigureInput:
    return FigureInput(Value(Decimal(amount), ValueType.NUMBER))


@pytest.fixture
def signed_in(client, reader):
    client.force_login(reader)
    return client


def test_publishing_queues_exactly_one_render_of_the_periods_documents(
    framework, reader, django_capture_on_commit_callbacks
):
    publish(framework, reader, django_capture_on_commit_callbacks)

    [job] = renders()
    assert job.status == TaskResultStatus.READY
    assert job.args_kwargs == {"args": [framework.q2.pk], "kwargs": {}}
    [asked] = DocumentRequest.objects.all()
    assert (asked.period, asked.job_id) == (framework.q2, str(job.id))


def test_clicking_and_polling_the_download_while_it_is_prepared_queues_nothing_more(
    framework, reader, signed_in, django_capture_on_commit_callbacks
):
    publish(framework, reader, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        for name in FORMATS:
            assert signed_in.get(f"{URL}{name}/").status_code == 202
        assert signed_in.get(f"{URL}pdf/", headers={"HX-Request": "true"}).status_code == 200
    assert len(renders()) == 1
    assert DocumentRequest.objects.count() == 1


def test_the_workers_run_keeps_one_file_per_format(
    framework, reader, media, django_capture_on_commit_callbacks
):
    publish(framework, reader, django_capture_on_commit_callbacks)

    outcome = render_documents.call(framework.q2.pk)

    assert sorted(outcome["rendered"]) == sorted(FORMATS)
    documents = KeptDocument.objects.filter(period=framework.q2).order_by("format")
    assert [document.format for document in documents] == sorted(FORMATS)
    for document in documents:
        path = media / document.file.name
        assert path.stat().st_size == document.size > 0
        assert document.filename == (
            f"strategic-performance-report-2018-19-q2.{FORMATS[document.format].extension}"
        )
    assert DocumentRequest.objects.get().done_at is not None


def test_running_the_job_twice_renders_nothing_the_second_time(
    framework, reader, media, django_capture_on_commit_callbacks, monkeypatch
):
    publish(framework, reader, django_capture_on_commit_callbacks)
    render_documents.call(framework.q2.pk)
    files = sorted(p.name for p in media.rglob("*") if p.is_file())

    def no_render(self, report):
        raise AssertionError(f"rendered {self.name} again")

    monkeypatch.setattr(Format, "render", no_render)
    outcome = render_documents.call(framework.q2.pk)

    assert outcome["rendered"] == [] and sorted(outcome["already"]) == sorted(FORMATS)
    assert sorted(p.name for p in media.rglob("*") if p.is_file()) == files
    assert KeptDocument.objects.count() == len(FORMATS)


@pytest.mark.parametrize("name", list(FORMATS))
def test_the_download_serves_the_kept_bytes_without_rendering(
    framework, reader, signed_in, media, django_capture_on_commit_callbacks, monkeypatch, name
):
    publish(framework, reader, django_capture_on_commit_callbacks)
    render_documents.call(framework.q2.pk)
    kept_file = KeptDocument.objects.get(period=framework.q2, format=name)

    def no_render(self, report):
        raise AssertionError("the download rendered the report")

    monkeypatch.setattr(Format, "render", no_render)
    response = signed_in.get(f"{URL}{name}/")

    assert response.status_code == 200
    assert response["Content-Type"] == FORMATS[name].media_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="strategic-performance-report-2018-19-q2.{name}"'
    )
    assert b"".join(response.streaming_content) == (media / kept_file.file.name).read_bytes()


def test_the_kept_download_takes_a_fixed_number_of_queries(
    framework, reader, signed_in, django_capture_on_commit_callbacks, django_assert_num_queries
):
    publish(framework, reader, django_capture_on_commit_callbacks)
    render_documents.call(framework.q2.pk)
    signed_in.get(f"{URL}pdf/")  # the session and access are loaded once per request anyway
    # session, the user with their organisation, access (one query), the period
    # (find_period, which gives it the organisation), the version (its kind's periods, given
    # the same organisation; the kept ratings, five histories (with the introduction's and
    # the glossary's), what is not for publication; the registers chosen for the report and
    # their history, kept.risk_token; the scorecards' and the comparators' history; the key
    # challenge choices) and the kept row: the same whatever the size of the report
    with django_assert_num_queries(20):
        response = signed_in.get(f"{URL}pdf/")
    assert response.status_code == 200


def test_the_preparing_page_offers_the_file_when_it_is_kept(
    framework, reader, signed_in, django_capture_on_commit_callbacks
):
    publish(framework, reader, django_capture_on_commit_callbacks)
    response = signed_in.get(f"{URL}docx/")
    assert response.status_code == 202
    tree = parse_html(response.content)
    status = tree.xpath("//*[@role='status']")[0]
    assert "The Word is being prepared" in text_of(status)
    [poller] = status.xpath(".//*[@hx-trigger]")
    assert (poller.get("hx-get"), poller.get("hx-trigger")) == (f"{URL}docx/", "every 3s")
    assert status.xpath(".//a/@href") == [f"{URL}docx/"]  # without JavaScript: check again

    render_documents.call(framework.q2.pk)
    poll = signed_in.get(f"{URL}docx/", headers={"HX-Request": "true"})

    assert poll.status_code == 200
    assert "HX-Request" in poll["Vary"] and "HX-Request" in response["Vary"]
    fragment = parse_html(poll.content)
    assert not fragment.xpath("//*[@hx-trigger]")  # ready: the polling stops
    [link] = fragment.xpath("//a")
    assert link.get("href") == f"{URL}docx/"
    assert text_of(link).startswith("Download the Word of the Strategic Performance Report")


def test_a_failed_render_is_told_and_retried_on_a_click_never_on_a_poll(
    framework, reader, signed_in, django_capture_on_commit_callbacks
):
    publish(framework, reader, django_capture_on_commit_callbacks)
    DBTaskResult.objects.filter(task_path=RENDER).update(status=TaskResultStatus.FAILED)

    with django_capture_on_commit_callbacks(execute=True):
        poll = signed_in.get(f"{URL}pdf/", headers={"HX-Request": "true"})
    assert "could not be prepared" in poll.content.decode()
    assert not parse_html(poll.content).xpath("//*[@hx-trigger]")
    assert len(renders()) == 1

    with django_capture_on_commit_callbacks(execute=True):
        click = signed_in.get(f"{URL}pdf/")
    assert click.status_code == 202 and "is being prepared" in click.content.decode()
    assert len(renders()) == 2
    assert DocumentRequest.objects.get().job_id == str(
        DBTaskResult.objects.filter(status=TaskResultStatus.READY).get().id
    )


def test_a_correction_renders_the_documents_again_and_the_download_shows_the_corrected_figure(
    framework, reader, signed_in, django_capture_on_commit_callbacks
):
    publish(framework, reader, django_capture_on_commit_callbacks)
    render_documents.call(framework.q2.pk)
    assert homes_in_q2(b"".join(signed_in.get(f"{URL}html/").streaming_content)) == "76"

    with django_capture_on_commit_callbacks(execute=True):
        correct_figure(
            framework.measures["homes"],
            framework.q2,
            number("81"),
            reader,
            "The September completions were counted late.",
        )

    [_, again] = renders()
    assert again.args_kwargs["args"] == [framework.q2.pk]
    response = signed_in.get(f"{URL}html/")
    assert response.status_code == 202  # the kept file is of the version before
    render_documents.call(framework.q2.pk)
    response = signed_in.get(f"{URL}html/")
    assert response.status_code == 200
    assert homes_in_q2(b"".join(response.streaming_content)) == "81"
    assert KeptDocument.objects.count() == len(FORMATS)  # replaced, not added


def test_a_correction_imported_from_a_file_renders_the_documents_again_as_one_typed_does(
    framework, reader, signed_in, django_capture_on_commit_callbacks
):
    publish(framework, reader, django_capture_on_commit_callbacks)
    render_documents.call(framework.q2.pk)
    homes = framework.measures["homes"]

    with django_capture_on_commit_callbacks(execute=True):
        result = import_file(
            framework.q2.organisation,
            "figures",
            f"measure,period,actual\n{homes.code},2018-19 Q2,81\n".encode(),
            "late-return.csv",
            reader,
            correction_reason="The September completions were counted late.",
        )
    assert result.applied, result.changes.problems

    [_, again] = renders()
    assert again.args_kwargs["args"] == [framework.q2.pk]
    render_documents.call(framework.q2.pk)
    response = signed_in.get(f"{URL}html/")
    assert response.status_code == 200
    assert homes_in_q2(b"".join(response.streaming_content)) == "81"


def test_correcting_an_earlier_period_renders_the_later_ones_that_compare_with_it(
    framework, reader, django_capture_on_commit_callbacks
):
    homes = Figure.objects.filter(measure=framework.measures["homes"])
    homes.update(status=FigureStatus.APPROVED, commentary="Two sites were delayed.")
    with django_capture_on_commit_callbacks(execute=True):
        publish_period(framework.q1, reader)
        publish_period(framework.q2, reader)
    framework.q1.refresh_from_db()
    framework.q2.refresh_from_db()
    before = kept.document_version(framework.q2)

    with django_capture_on_commit_callbacks(execute=True):
        correct_figure(framework.measures["homes"], framework.q1, number("5"), reader, "Late.")

    assert kept.document_version(framework.q2) != before
    queued = [job.args_kwargs["args"][0] for job in renders()]
    assert sorted(queued[2:]) == sorted([framework.q1.pk, framework.q2.pk])


def test_a_kept_file_missing_from_storage_is_rendered_again_when_asked_for(
    framework, reader, signed_in, media, django_capture_on_commit_callbacks
):
    """A database restored without its MEDIA_ROOT: the rows say kept, the files are not."""
    publish(framework, reader, django_capture_on_commit_callbacks)
    render_documents.call(framework.q2.pk)
    for document in KeptDocument.objects.all():
        default_storage.delete(document.file.name)

    DocumentRequest.objects.update(requested_at=timezone.now() - timedelta(days=30))

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.get(f"{URL}xlsx/")
    assert response.status_code == 202
    assert "The Excel is being prepared" in response.content.decode()
    assert len(renders()) == 2
    render_documents.call(framework.q2.pk)
    assert signed_in.get(f"{URL}xlsx/").status_code == 200


def test_a_choice_of_themes_and_an_open_period_are_rendered_when_asked_for(
    framework, reader, signed_in, django_capture_on_commit_callbacks
):
    response = signed_in.get(f"{URL}html/")  # Q2 is open: the performance team reads drafts
    assert response.status_code == 200 and homes_in_q2(response.content) == "76"
    publish(framework, reader, django_capture_on_commit_callbacks)
    response = signed_in.get(f"{URL}html/", {"theme": "PLACE"})
    assert response.status_code == 200 and homes_in_q2(response.content) == "76"
    assert not KeptDocument.objects.exists()


def test_a_render_of_an_unpublished_period_keeps_nothing(framework):
    assert render_documents.call(framework.q2.pk)["rendered"] == []
    assert not KeptDocument.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_job_left_running_by_a_killed_worker_is_run_again_and_keeps_one_document_per_format(
    council, reader, media, django_capture_on_commit_callbacks
):
    framework = build_framework(council)
    publish(framework, reader, django_capture_on_commit_callbacks)
    [job] = renders()
    # The worker claimed the job, wrote part of a file and was killed: the job is left
    # RUNNING, its worker never heard from again, the half-written file in the folder.
    DBTaskResult.objects.filter(pk=job.pk).update(
        status=TaskResultStatus.RUNNING,
        started_at=job.enqueued_at,
        worker_ids=["killed-worker"],
    )
    folder = media / kept.folder_of(framework.q2)
    folder.mkdir(parents=True)
    half = folder / "pdf-halfwritten000.pdf"
    half.write_bytes(b"%PDF-1.7\n% cut off")
    long_ago = time.time() - kept.ORPHANS_AFTER.total_seconds() - 60
    os.utime(half, (long_ago, long_ago))

    # what every live worker's heartbeat does, once the dead one has been quiet long enough
    later = timezone.now() + timedelta(minutes=5)
    assert recover_abandoned_jobs(as_of=later).requeued == 1
    call_command("run_worker", "--batch", stdout=StringIO())

    job.refresh_from_db()
    assert job.status == TaskResultStatus.SUCCESSFUL
    assert job.worker_ids[0] == "killed-worker" and len(job.worker_ids) == 2
    documents = list(KeptDocument.objects.filter(period=framework.q2))
    assert sorted(document.format for document in documents) == sorted(FORMATS)
    assert not half.exists()
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        document.file.name.rsplit("/", 1)[1] for document in documents
    )
    pdf = (media / next(d for d in documents if d.format == "pdf").file.name).read_bytes()
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")


def test_a_render_superseded_by_a_correction_while_it_ran_is_not_recorded(
    framework, reader, media, django_capture_on_commit_callbacks, monkeypatch
):
    publish(framework, reader, django_capture_on_commit_callbacks)
    real = kept.public_report

    def corrected_meanwhile(period):
        report = real(period)
        correct_figure(framework.measures["homes"], framework.q2, number("81"), reader, "Late.")
        return report

    monkeypatch.setattr(kept, "public_report", corrected_meanwhile)
    outcome = render_documents.call(framework.q2.pk)

    assert sorted(outcome["superseded"]) == sorted(FORMATS)
    assert not KeptDocument.objects.exists()
    assert not [p for p in media.rglob("*") if p.is_file()]  # the files written are removed


def test_keep_documents_renders_a_periods_documents_again_after_an_edit_without_a_correction(
    framework, reader, signed_in, django_capture_on_commit_callbacks
):
    publish(framework, reader, django_capture_on_commit_callbacks)
    render_documents.call(framework.q2.pk)
    homes = framework.measures["homes"]
    homes.title = "Council homes completed (cumulative)"
    homes.save()
    stale = b"".join(signed_in.get(f"{URL}html/").streaming_content).decode()
    assert "Council homes completed" not in stale  # the version did not change

    out = StringIO()
    call_command("keep_documents", "2018-19 Q2", stdout=out)

    assert out.getvalue() == "Q2 2018/19: kept html, pdf, docx, xlsx.\n"
    fresh = b"".join(signed_in.get(f"{URL}html/").streaming_content).decode()
    assert "Council homes completed" in fresh
    assert KeptDocument.objects.count() == len(FORMATS)


def test_keep_documents_enqueue_queues_a_render_of_every_published_period(
    framework, reader, django_capture_on_commit_callbacks
):
    publish(framework, reader, django_capture_on_commit_callbacks)
    out = StringIO()
    call_command("keep_documents", "--enqueue", stdout=out)
    [_, job] = renders()
    assert job.args_kwargs == {"args": [framework.q2.pk, True], "kwargs": {}}
    assert out.getvalue() == f"Q2 2018/19: queued job {job.id}.\n"
    assert not KeptDocument.objects.exists()


def test_keep_documents_refuses_a_period_that_is_not_published(framework):
    with pytest.raises(CommandError, match="has no published period Q1 2018/19"):
        call_command("keep_documents", "2018-19 Q1", stdout=StringIO())


def test_a_kept_file_replaced_between_looking_it_up_and_opening_it_is_prepared_not_a_500(
    framework, reader, signed_in, django_capture_on_commit_callbacks, monkeypatch
):
    publish(framework, reader, django_capture_on_commit_callbacks)
    render_documents.call(framework.q2.pk)
    found = KeptDocument.objects.get(format="pdf")
    monkeypatch.setattr(
        "yardstick.reports.views.current_document", lambda period, name, version: found
    )
    default_storage.delete(found.file.name)  # a newer render removed it meanwhile

    response = signed_in.get(f"{URL}pdf/")

    assert response.status_code == 202


def test_the_admin_links_a_kept_document_to_its_download_never_to_the_stored_file(
    framework, reader, client, django_capture_on_commit_callbacks
):
    """The files under MEDIA_ROOT are not served: the download page serves them to whoever
    may read the period (the production crawl found the admin linking to the file)."""
    publish(framework, reader, django_capture_on_commit_callbacks)
    kept_document = KeptDocument.objects.create(
        organisation=framework.q2.organisation,
        period=framework.q2,
        format="pdf",
        version=kept.document_version(framework.q2),
        file=f"{kept.folder_of(framework.q2)}/pdf-abc.pdf",
        filename="strategic-performance-report-2018-19-q2.pdf",
        size=1,
        rendered_at=timezone.now(),
    )
    reader.user_permissions.add(Permission.objects.get(codename="view_keptdocument"))
    client.force_login(reader)
    for page in (
        "/admin/reports/keptdocument/",
        f"/admin/reports/keptdocument/{kept_document.pk}/change/",
    ):
        response = client.get(page)
        assert response.status_code == 200
        body = response.content.decode()
        assert f'href="{URL}pdf/"' in body
        assert "pdf-abc.pdf" not in body.split("Stored as")[0]  # named, never linked
        assert 'href="/reports/' + str(framework.q2.organisation_id) not in body


def test_a_change_to_the_glossary_makes_the_kept_documents_out_of_date(
    framework, reader, django_capture_on_commit_callbacks
):
    """The glossary's notes are in every report: adding a term after publishing changes the
    published period's version, so its documents are rendered again when next asked for."""
    publish(framework, reader, django_capture_on_commit_callbacks)
    framework.q2.refresh_from_db()
    before = kept.document_version(framework.q2)

    save_abbreviation(framework.q2.organisation_id, "YOT", "Youth Offending Team", reader)

    assert kept.document_version(framework.q2) != before
