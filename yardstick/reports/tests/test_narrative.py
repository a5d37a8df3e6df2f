"""The report's text written in the app: the introduction and summary (the performance team),
each theme's achievements (its lead officer), draft -> submitted -> signed off with history;
the glossary; and the report in every format printing them, signed-off text only once the
period is published."""

from __future__ import annotations

import html
import io
import re
import subprocess
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import UserFactory
from yardstick.accounts.access import performance_team_of
from yardstick.accounts.models import Membership, Role
from yardstick.framework.models import (
    NARRATIVE_LENGTH,
    Abbreviation,
    Introduction,
    NarrativeState,
    PeriodStatus,
    ThemeSummary,
)
from yardstick.framework.services import (
    NarrativeRefused,
    remove_abbreviation,
    return_narrative,
    save_abbreviation,
    save_achievements,
    save_introduction,
    sign_off_narrative,
    submit_narrative,
)
from yardstick.reports.renderers import get_format
from yardstick.reports.strategic import build_strategic_report
from yardstick.reports.tests.test_pdf import poppler

INTRO = "The Council adopted Harrow Ambition 2020, with three themes."
KNIFE = "A new knife crime strategy went to MOPAC in September."


@pytest.fixture
def lead(council, framework):
    """Lena, an owner and the lead officer of the families theme."""
    user = UserFactory(username="lena", organisation=council)
    Membership.objects.create(user=user, organisation=council, role=Role.OWNER)
    framework.families.lead_officer = user
    framework.families.save()
    return user


@pytest.fixture
def councillor(council):
    user = UserFactory(username="cllr", organisation=council)
    Membership.objects.create(user=user, organisation=council, role=Role.COUNCILLOR)
    return user


def report_of(framework):
    return build_strategic_report(
        framework.q2, None, performance_team_of(framework.q2.organisation_id)
    )


# --- services ---------------------------------------------------------------------------


def test_text_goes_from_draft_to_submitted_to_signed_off_with_its_history(framework, reader, lead):
    item = save_achievements(framework.families, framework.q2, KNIFE, lead)
    assert item.state == NarrativeState.DRAFT
    submit_narrative(item, lead)
    assert item.state == NarrativeState.SUBMITTED and item.submitted_by == lead
    sign_off_narrative(item, reader)
    item.refresh_from_db()
    assert item.state == NarrativeState.SIGNED_OFF and item.signed_off_by == reader
    reasons = list(
        item.history.order_by("history_id").values_list("history_change_reason", flat=True)
    )
    # (the first row is the framework's own achievements, written before)
    assert reasons[1:] == ["Achievements written", "Submitted for sign-off", "Signed off"]
    assert item.history.first().history_user == reader


def test_changing_signed_off_text_makes_it_a_draft_again(framework, reader):
    item = save_introduction(framework.q2, INTRO, "", reader)
    sign_off_narrative(item, reader)
    item = save_introduction(framework.q2, INTRO + " More.", "", reader)
    assert item.state == NarrativeState.DRAFT
    sign_off_narrative(item, reader)
    assert return_narrative(item, reader).state == NarrativeState.DRAFT


def test_only_the_lead_officer_and_the_team_write_a_themes_achievements(
    framework, lead, councillor
):
    with pytest.raises(PermissionDenied):
        save_achievements(framework.place, framework.q2, "Not my theme.", lead)
    with pytest.raises(PermissionDenied):
        save_achievements(framework.families, framework.q2, "A councillor.", councillor)
    item = save_achievements(framework.families, framework.q2, KNIFE, lead)
    with pytest.raises(PermissionDenied):
        sign_off_narrative(item, lead)  # the performance team signs off
    with pytest.raises(PermissionDenied):
        save_introduction(framework.q2, INTRO, "", lead)


def test_text_is_bounded_and_a_published_period_is_locked(framework, reader):
    with pytest.raises(NarrativeRefused) as refused:
        save_introduction(framework.q2, "x" * (NARRATIVE_LENGTH + 1), "", reader)
    assert "introduction" in refused.value.problems
    assert not Introduction.objects.exists()
    framework.q1.status = PeriodStatus.PUBLISHED
    framework.q1.save()
    with pytest.raises(NarrativeRefused, match="published"):
        save_achievements(framework.place, framework.q1, "Too late.", reader)


def test_nothing_to_submit_is_refused(framework, reader):
    item = save_achievements(framework.place, framework.q2, "", reader)
    with pytest.raises(NarrativeRefused, match="Write the text"):
        submit_narrative(item, reader)


def test_the_glossary_refuses_a_second_term_a_sentence_and_a_long_meaning(council, reader):
    save_abbreviation(council.pk, "MASH", "Multi-Agency Safeguarding Hub", reader)
    for term, meaning, field in (
        ("MASH", "again", "term"),
        ("two words", "x", "term"),
        ("CAMHS", "x" * 201, "meaning"),
        ("", "", "term"),
    ):
        with pytest.raises(NarrativeRefused) as refused:
            save_abbreviation(council.pk, term, meaning, reader)
        assert field in refused.value.problems
    assert Abbreviation.objects.count() == 1
    remove_abbreviation(Abbreviation.objects.get(), reader)
    assert not Abbreviation.objects.exists()


def test_only_the_team_keeps_the_glossary(council, lead):
    with pytest.raises(PermissionDenied):
        save_abbreviation(council.pk, "MASH", "Multi-Agency Safeguarding Hub", lead)


# --- the report ---------------------------------------------------------------------------


@pytest.fixture
def written(framework, reader, council):
    save_introduction(framework.q2, INTRO, "A few key, strategic achievements.", reader)
    save_achievements(framework.families, framework.q2, f"- {KNIFE}\n- MOPAC agreed it.", reader)
    save_abbreviation(council.pk, "MOPAC", "Mayor's Office for Policing and Crime", reader)
    save_abbreviation(council.pk, "CAMHS", "Child and Adolescent Mental Health Services", reader)
    return framework


def test_the_report_object_carries_the_text_and_the_glossary(written):
    report = report_of(written)
    assert report.introduction == INTRO
    assert report.summary == "A few key, strategic achievements."
    assert dict(report.glossary)["MOPAC"] == "Mayor's Office for Policing and Crime"


def test_a_published_report_prints_signed_off_text_only(written, reader):
    written.q2.status = PeriodStatus.PUBLISHED
    written.q2.save()
    report = report_of(written)
    assert report.introduction == ""
    assert all(section.achievements == "" for section in report.sections)
    Introduction.objects.update(state=NarrativeState.SIGNED_OFF)
    ThemeSummary.objects.filter(theme=written.families).update(state=NarrativeState.SIGNED_OFF)
    report = report_of(written)
    assert report.introduction == INTRO
    assert KNIFE in next(s for s in report.sections if s.theme == written.families).achievements
    page = get_format("html").render(report).decode()
    assert "No introduction has been written" not in page  # no placeholder once published


@pytest.mark.parametrize("format_name", ["html", "pdf", "docx", "xlsx"])
def test_every_format_prints_the_introduction_achievements_and_the_note(written, format_name):
    content = get_format(format_name).render(report_of(written))
    text = text_of(format_name, content)
    for expected in (INTRO, "A few key, strategic achievements.", "knife crime strategy"):
        assert expected in text, expected
    assert "Mayor's Office for Policing and Crime" in text
    assert "Child and Adolescent" not in text  # in the glossary, not used by the report


def test_the_html_marks_only_the_first_use_with_a_note_and_lists_it(written):
    page = get_format("html").render(report_of(written)).decode()
    assert page.count('href="#note-1"') == 1
    assert 'id="note-1"' in page and 'href="#note-2"' not in page
    assert 'id="glossary"' in page


def text_of(format_name: str, content: bytes) -> str:
    if format_name == "html":
        return html.unescape(content.decode())
    if format_name == "pdf":
        text = subprocess.run(
            [poppler("pdftotext"), "-", "-"], input=content, check=True, capture_output=True
        ).stdout.decode()
        return " ".join(text.split())
    if format_name == "docx":
        with zipfile.ZipFile(io.BytesIO(content)) as docx:
            xml = docx.read("word/document.xml").decode()
        return re.sub(r"<[^>]+>", "", xml.replace("</w:p>", "\n"))
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["Introduction"]
    return "\n".join(str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value)


# --- the pages ------------------------------------------------------------------------------


def test_the_lead_officer_writes_and_submits_on_the_page(client, framework, lead):
    client.force_login(lead)
    url = reverse("reports:achievements", args=["2018-19-q2", framework.families.code])
    assert client.get(url).status_code == 200
    response = client.post(url, {"achievements": KNIFE, "step": "submit"})
    assert response.status_code == 302
    item = ThemeSummary.objects.get(theme=framework.families, period=framework.q2)
    assert item.state == NarrativeState.SUBMITTED and item.achievements == KNIFE
    page = client.get(reverse("reports:narrative", args=["2018-19-q2"])).content.decode()
    assert "Submitted for sign-off" in page
    other = reverse("reports:achievements", args=["2018-19-q2", framework.place.code])
    assert client.get(other).status_code == 403


def test_too_long_text_is_shown_again_with_the_message(client, framework, reader):
    client.force_login(reader)
    url = reverse("reports:introduction", args=["2018-19-q2"])
    long_text = "y" * (NARRATIVE_LENGTH + 1)
    response = client.post(url, {"introduction": long_text, "summary": "", "step": "save"})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert long_text in response.content.decode()
    assert not Introduction.objects.exists()


def test_the_report_page_links_the_text_page_for_the_team_not_a_councillor(
    client, framework, reader, councillor
):
    url = reverse("reports:strategic", args=["2018-19-q2"])
    text = reverse("reports:narrative", args=["2018-19-q2"])
    client.force_login(reader)
    assert text in client.get(url).content.decode()
    client.force_login(councillor)
    assert text not in client.get(url).content.decode()
    assert client.get(text).status_code == 403


def test_the_team_adds_a_term_on_the_glossary_page(client, reader):
    client.force_login(reader)
    url = reverse("reports:glossary")
    response = client.post(url, {"term": "MASH", "meaning": "Multi-Agency Safeguarding Hub"})
    assert response.status_code == 302
    response = client.post(url, {"term": "MASH", "meaning": "Again"})
    assert response.status_code == 400 and "in the glossary already" in response.content.decode()
    assert Abbreviation.objects.count() == 1


def test_the_text_page_reads_in_a_fixed_number_of_queries(
    client, framework, reader, django_assert_max_num_queries
):
    """Session, user, access, the period, the themes, their summaries and the introduction:
    nothing per measure or per theme."""
    client.force_login(reader)
    client.get(reverse("reports:narrative", args=["2018-19-q2"]))
    with django_assert_max_num_queries(16):
        response = client.get(reverse("reports:narrative", args=["2018-19-q2"]))
    assert response.status_code == 200
