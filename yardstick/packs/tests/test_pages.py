"""The pack pages: the team builds a pack (bad input re-shown, never a 500), publishes it;
members read and download it as published, whatever changes after; the files open and say
what the pack says; and the pages' queries do not grow with the number of actions or
meetings."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document

from tests.factories import period
from yardstick.core.values import Value, ValueType
from yardstick.measures.models import FigureStatus
from yardstick.measures.services import FigureInput, record_figure
from yardstick.meetings.models import ActionStatus, MeetingStatus
from yardstick.meetings.services import ActionInput, agree_action, schedule_meeting, update_action
from yardstick.packs.builder import build_pack
from yardstick.packs.models import Pack, PackDocument
from yardstick.packs.services import publish_pack, start_pack
from yardstick.packs.tests.conftest import CARRIED_TEXT, at

pytestmark = pytest.mark.django_db


def url(meeting, tail: str = "") -> str:
    return f"/meetings/{meeting.pk}/pack/{tail}"


def test_the_team_starts_arranges_and_publishes_a_pack(client, world, performance_officer):
    client.force_login(performance_officer)
    assert "Start the pack" in client.get(url(world.november)).content.decode()

    client.post(url(world.november), {"action": "start"})
    pack = Pack.objects.get(meeting=world.november)
    sections = {s.kind: s for s in pack.sections.all()}
    posted = {"action": "arrange"}
    for section in pack.sections.all():
        posted[f"position-{section.pk}"] = str(section.position)
        if section.kind != "scorecards":
            posted[f"included-{section.pk}"] = "on"
    assert client.post(url(world.november), posted).status_code == 302
    assert not pack.sections.get(kind="scorecards").included
    client.post(url(world.november), {"action": "up", "section": sections["exceptions"].pk})
    client.post(
        url(world.november),
        {"action": "add", "new-heading": "Introduction", "new-text": "The quarter in brief."},
    )
    preview = client.get(url(world.november, "read/")).content.decode()
    assert "Draft." in preview and CARRIED_TEXT in preview
    assert preview.index("Exceptions") < preview.index("Achievements and challenges")
    assert "The quarter in brief." in preview

    response = client.post(url(world.november), {"action": "publish", "confirm": "on"})

    assert response.status_code == 302
    world.november.refresh_from_db()
    assert world.november.status == MeetingStatus.PACK_PUBLISHED
    assert set(PackDocument.objects.values_list("format", flat=True)) == {"pdf", "docx"}
    page = client.get(url(world.november, "read/")).content.decode()
    assert "Published on" in page and "Residents satisfied with the council" in page
    assert "Care packages reviewed" not in page  # Adult Care's exception: not this board's
    assert "Noted, no discussion needed: Collection catches up by March." in page


def test_bad_input_is_shown_again_with_what_is_wrong_and_never_a_500(
    client, world, performance_officer
):
    client.force_login(performance_officer)
    client.post(url(world.november), {"action": "start"})
    pack = Pack.objects.get(meeting=world.november)
    first = pack.sections.first()

    cases = [
        ({"action": "add", "new-heading": "", "new-text": "x" * 2001}, "Enter the section"),
        ({"action": "arrange", f"position-{first.pk}": "first"}, "Enter a whole number"),
        (
            {"action": "arrange", **{f"position-{s.pk}": "1" for s in pack.sections.all()}},
            "Number the sections 1 to 10, each number once.",
        ),
        ({"action": "period", "period": "999999"}, "Choose a quarter that began before"),
        ({"action": "publish"}, "Tick the box"),
        ({"action": "up", "section": "x" * 40}, "There is no such section"),
        ({"action": "remove", "section": str(first.pk)}, "no such section of the team"),
        ({"action": "nonsense"}, "Choose what to do"),
    ]
    for data, words in cases:
        response = client.post(url(world.november), data)
        assert response.status_code == 400, data
        assert words in response.content.decode(), data
    assert not Pack.objects.get(pk=pack.pk).is_published


def test_a_published_pack_does_not_change_when_a_figure_changes_afterwards(
    client, world, performance_officer
):
    pack = publish_pack(start_pack(world.november, performance_officer), performance_officer)
    record_figure(
        world.measures["R-LOW"],
        period(world.board.organisation, "2018-19 Q2"),
        FigureInput(Value(Decimal("47.5"), ValueType.PERCENTAGE), commentary="Recovered"),
        performance_officer,
        status=FigureStatus.APPROVED,
    )
    client.force_login(world.member)

    page = client.get(url(world.november, "read/")).content.decode()
    kept = Document(
        io.BytesIO(b"".join(client.get(url(world.november, "docx/")).streaming_content))
    )

    assert "30% against 50%" in page and "Recovered" not in page
    words = "\n".join(
        cell.text for table in kept.tables for row in table.rows for cell in row.cells
    )
    assert "30% against 50%" in words and "Recovered" not in words
    rebuilt = build_pack(Pack.objects.get(pk=pack.pk), today=date(2018, 11, 13))
    low = next(row for row in rebuilt.scorecards[0].rows if row.code == "R-LOW")
    assert low.current.actual != "30%" and low.commentary == "Recovered"  # the data changed


def pdftotext(pdf: bytes, folder) -> str:
    """The PDF's words in reading order, by poppler's pdftotext (`make test` installs it)."""
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = folder / "pack.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        [tool, "-raw", str(path), "-"], check=True, capture_output=True, text=True
    )
    return " ".join(text.stdout.split())


def test_the_pdf_and_word_files_open_and_hold_the_actions_and_exceptions(
    client, world, performance_officer, tmp_path
):
    publish_pack(start_pack(world.november, performance_officer), performance_officer)
    client.force_login(world.member)

    pdf = client.get(url(world.november, "pdf/"))
    word = client.get(url(world.november, "docx/"))

    assert pdf["Content-Type"] == "application/pdf"
    assert "resources-improvement-board-2018-11-20-pack.pdf" in pdf["Content-Disposition"]
    pdf_text = pdftotext(b"".join(pdf.streaming_content), tmp_path)
    assert "That a recovery plan for resident satisfaction" in pdf_text
    assert "Residents satisfied with the council" in pdf_text
    assert "30% against 50%" in pdf_text
    document = Document(io.BytesIO(b"".join(word.streaming_content)))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert CARRIED_TEXT in cells
    assert "Residents satisfied with the council" in cells
    assert "Actions from previous meetings" in paragraphs
    assert "Care packages reviewed" not in cells + paragraphs + pdf_text


def test_who_reads_a_pack_and_when(client, world, council, performance_officer):
    start_pack(world.november, performance_officer)
    client.force_login(world.member)
    assert client.get(url(world.november, "read/")).status_code == 404  # not published yet
    client.force_login(world.owner)  # a role in the council, not a member of the board
    assert client.get(url(world.november, "read/")).status_code == 403
    assert client.get(url(world.november)).status_code == 403  # the builder: the team's
    publish_pack(Pack.objects.get(meeting=world.november), performance_officer)
    assert client.get(url(world.november, "pdf/")).status_code == 403
    client.force_login(world.member)
    assert client.get(url(world.november, "read/")).status_code == 200
    assert client.get(url(world.november, "xlsx/")).status_code == 404


def test_the_pack_pages_take_as_many_queries_for_many_actions_and_meetings_as_for_few(
    client, world, performance_officer
):
    pack = start_pack(world.november, performance_officer)
    client.force_login(performance_officer)

    def queries() -> int:
        client.get(url(world.november, "read/"))  # per-process caches filled
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(world.november, "read/")).status_code == 200
            assert client.get(url(world.november)).status_code == 200
        return len(captured.captured_queries)

    few = queries()
    june = schedule_meeting(world.board, at(date(2018, 6, 19)), "", performance_officer)
    for meeting in (june, world.september):
        for number in range(5):
            action = agree_action(
                meeting, ActionInput(f"Action {number}", owner=world.owner), performance_officer
            )
            update_action(action, "Progress", ActionStatus.OPEN, world.owner)
    schedule_meeting(world.board, at(date(2018, 7, 19)), "", performance_officer)

    assert queries() == few
    assert pack.pk
