"""The tracker: a scrutiny member opens it, filters it, downloads it as Word (read back, it is
the seed's table), PDF and Excel; an officer adds a dated update and a member a question,
through the pages, and bad input gets a clear message, never a 500."""

from __future__ import annotations

import io
import subprocess
from datetime import date

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from tests.factories import UserFactory
from yardstick.accounts.models import Membership, Role
from yardstick.scrutiny.models import Question, RecommendationUpdate, Review

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


def test_a_councillor_reads_the_tracker_grouped_with_the_meetings_as_notes(
    signed_in, councillor, review, recommendations
):
    page = signed_in(councillor).get(reverse("scrutiny:tracker", args=[review.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    for words in (
        "Recommendations specific to Adults&#x27;",
        "Recommendations specific to Place Shaping",
        "General recommendations – Corporate level",
        "New indicators are being developed.",
        "Accepted by Cabinet on 14 April 2011",
        "Will report back at Q3 2011/12",
        "Overview and Scrutiny Committee, 29 November 2010.",
        "Overview and Scrutiny Committee, 21 January 2011.",
    ):
        assert words in html
    assert html.index("Adults") < html.index("Place Shaping") < html.index("Corporate level")


def test_the_filters_narrow_the_tracker_and_ignore_what_they_do_not_know(
    signed_in, councillor, review, recommendations, place
):
    client = signed_in(councillor)
    url = reverse("scrutiny:tracker", args=[review.pk])
    completed = client.get(url, {"status": "completed"}).content.decode()
    assert "customer satisfaction" in completed and "waiting times" not in completed
    adults = client.get(url, {"group": str(recommendations[0].unit_id)}).content.decode()
    assert "waiting times" in adults and "customer satisfaction" not in adults
    assert "regular review" not in adults
    corporate = client.get(url, {"group": "corporate", "status": "live"}).content.decode()
    assert "regular review" in corporate and "waiting times" not in corporate
    for nonsense in ({"status": "x" * 500}, {"group": "99999999999999999"}, {"review": "-1"}):
        page = client.get(url, nonsense)
        assert page.status_code == 200
        assert "waiting times" in page.content.decode()  # an unknown filter shows everything
        assert "Select a valid choice" not in page.content.decode()


def test_the_review_filter_opens_the_other_reviews_tracker(
    signed_in, councillor, review, committee
):
    phase2 = Review.objects.create(
        organisation=review.organisation, title="Phase 2", body=committee
    )
    page = signed_in(councillor).get(
        reverse("scrutiny:tracker", args=[review.pk]), {"review": phase2.pk, "status": "open"}
    )
    assert page.status_code == 302
    assert page["Location"] == reverse("scrutiny:tracker", args=[phase2.pk]) + "?status=open"


def test_the_word_download_reads_like_the_seeds_table(
    signed_in, councillor, review, recommendations
):
    response = signed_in(councillor).get(reverse("scrutiny:download", args=[review.pk, "docx"]))
    assert response.status_code == 200
    assert (
        'filename="scrutiny-tracker-use-of-performance-information-phase-1.docx"'
        in (response["Content-Disposition"])
    )
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Appendix 1" in text
    assert "Scrutiny Review recommendations – Use of Performance Information, Phase 1 – " in text
    assert "1 Overview and Scrutiny Committee, 29 November 2010." in text
    [table] = document.tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Recommendation", "Response", "Update on Action"]
    assert rows[1][0].startswith("Recommendations specific to Adults")
    recommendation, response_text, update = rows[2]
    assert recommendation.startswith("In order to supplement")
    assert "1. Recommend that the directorate develop local indicators" in recommendation
    assert recommendation.split("\n")[1].endswith("waiting times.1")  # the note's mark
    assert "New indicators are being developed." in response_text
    assert "Accepted by Cabinet on 14 April 2011" in response_text
    assert "Will report back at Q3 2011/12" in update
    assert [row[0] for row in rows if row[0] == row[1] == row[2]] == [
        "Recommendations specific to Adults' Services",
        "Recommendations specific to Place Shaping",
        "General recommendations – Corporate level",
    ]


def test_the_downloads_keep_the_filters(signed_in, councillor, review, recommendations):
    client = signed_in(councillor)
    url = reverse("scrutiny:download", args=[review.pk, "xlsx"])
    workbook = load_workbook(io.BytesIO(client.get(url, {"status": "completed"}).content))
    sheet = workbook["Tracker"]
    numbers = [row[0] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert numbers == [3]
    assert sheet["C3"].value == "Recommendation"
    everything = load_workbook(io.BytesIO(client.get(url).content))["Tracker"]
    assert [r[0] for r in everything.iter_rows(min_row=4, values_only=True)] == [1, 2, 3, 4]


def test_the_pdf_download_is_the_tracker(signed_in, councillor, review, recommendations, tmp_path):
    response = signed_in(councillor).get(reverse("scrutiny:download", args=[review.pk, "pdf"]))
    assert response.content.startswith(b"%PDF")
    path = tmp_path / "tracker.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Update on action" in text
    assert "Will report back at Q3 2011/12" in text
    assert "Overview and Scrutiny Committee, 21 January 2011." in text


def test_an_unknown_format_is_not_found(signed_in, councillor, review):
    client = signed_in(councillor)
    assert client.get(reverse("scrutiny:download", args=[review.pk, "exe"])).status_code == 404
    assert client.get(reverse("scrutiny:cover", args=[review.pk, "xlsx"])).status_code == 404


def test_the_cover_report_has_the_seeds_sections(signed_in, councillor, review, tmp_path):
    review.summary = "The attached report outlines the findings."
    review.decisions_sought = "Agree the report of the review group\nRefer the report to Cabinet"
    review.financial = "Not required at this stage."
    review.save()
    client = signed_in(councillor)
    document = Document(
        io.BytesIO(client.get(reverse("scrutiny:cover", args=[review.pk, "docx"])).content)
    )
    text = "\n".join(p.text for p in document.paragraphs)
    for words in (
        "Section 1 – Summary and Recommendations".replace("Recommendations", "recommendations"),
        "That the Overview and Scrutiny Committee:",
        "Refer the report to Cabinet",
        "Section 3 – Financial implications",
        "Section 4 – Legal implications",
        "Section 5 – Equalities implications",
        "Section 6 – Risk management implications",
    ):
        assert words in text
    pdf = client.get(reverse("scrutiny:cover", args=[review.pk, "pdf"])).content
    path = tmp_path / "cover.pdf"
    path.write_bytes(pdf)
    printed = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "Risk management implications" in printed


def test_the_officer_adds_a_dated_update_through_the_page(signed_in, officer, recommendations):
    client = signed_in(officer)
    first = recommendations[0]
    page = client.get(reverse("scrutiny:recommendation", args=[first.pk]))
    assert reverse("scrutiny:update", args=[first.pk]) in page.content.decode()
    url = reverse("scrutiny:update", args=[first.pk])
    refused = client.post(url, {"text": "Done.", "dated": "2099-01-01"})
    assert refused.status_code == 400
    assert "An update cannot be dated after today." in refused.content.decode()
    unreadable = client.post(url, {"text": "Done.", "dated": "the 32nd"})
    assert unreadable.status_code == 400
    assert "Enter a date such as" in unreadable.content.decode()
    too_long = client.post(url, {"text": "x" * 4001})
    assert too_long.status_code == 400
    saved = client.post(url, {"text": "Local indicators embedded.", "dated": "2011-12-01"})
    assert saved.status_code == 302
    assert RecommendationUpdate.objects.get().dated == date(2011, 12, 1)


def test_others_cannot_add_updates_and_a_member_asks_a_question(
    signed_in, elsewhere, councillor, recommendations
):
    first = recommendations[0]
    assert signed_in(elsewhere).get(reverse("scrutiny:update", args=[first.pk])).status_code == 403
    assert (
        signed_in(elsewhere).get(reverse("scrutiny:question", args=[first.pk])).status_code == 403
    )
    client = signed_in(councillor)
    url = reverse("scrutiny:question", args=[first.pk])
    assert client.post(url, {"text": ""}).status_code == 400
    assert client.post(url, {"text": "Is Q3 on track?"}).status_code == 302
    assert Question.objects.get().asked_by == councillor
    assert (
        "Is Q3 on track?"
        in client.get(reverse("scrutiny:recommendation", args=[first.pk])).content.decode()
    )


def test_the_team_records_a_response_and_closes_through_the_page(
    signed_in, performance_officer, councillor, recommendations
):
    second = recommendations[1]
    url = reverse("scrutiny:recommendation", args=[second.pk])
    assert signed_in(councillor).post(url, {"form": "close"}).status_code == 403
    client = signed_in(performance_officer)
    refused = client.post(url, {"form": "response", "response-decided_on": "2011-04-14"})
    assert refused.status_code == 400
    assert "Choose accepted, partly accepted or not accepted." in refused.content.decode()
    saved = client.post(
        url,
        {
            "form": "response",
            "response-response": "partly",
            "response-response_text": "In part.",
            "response-decided_on": "2011-04-14",
        },
    )
    assert saved.status_code == 302
    closed = client.post(
        url, {"form": "close", "close-status": "completed", "close-evidence": "Shown at Q3."}
    )
    assert closed.status_code == 302
    second.refresh_from_db()
    assert (second.response, second.status, second.evidence) == (
        "partly",
        "completed",
        "Shown at Q3.",
    )


def test_another_councils_reviews_are_not_found(signed_in, other_council, review):
    stranger = UserFactory(username="far", organisation=other_council)
    Membership.objects.create(user=stranger, organisation=other_council, role=Role.COUNCILLOR)
    client = signed_in(stranger)
    assert client.get(reverse("scrutiny:tracker", args=[review.pk])).status_code == 404
    assert client.get(reverse("scrutiny:index")).status_code == 200
