"""The import page: upload, preview (created, changed, left alone, problems), confirm; and
the download buttons."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import UserFactory
from yardstick.accounts.models import Membership, Role
from yardstick.imports.models import ImportRun, ImportStatus
from yardstick.measures.models import Figure, Measure

from .conftest import SEED, row_counts, seed_text, with_lines

pytestmark = pytest.mark.django_db

INDEX = reverse("imports:index")


@pytest.fixture
def staff_client(client, performance_officer):
    client.force_login(performance_officer)
    return client


def upload(client, content: bytes, name: str = SEED.name, kind: str = "scorecard"):
    return client.post(
        INDEX,
        {
            "kind": kind,
            "file": SimpleUploadedFile(name, content, content_type="text/csv"),
            "figure_status": "submitted",
        },
    )


def test_the_page_is_for_the_performance_team_only(client, council):
    owner = UserFactory(username="olu", organisation=council, is_staff=True)
    Membership.objects.create(user=owner, organisation=council, role=Role.OWNER)
    client.force_login(owner)
    assert client.get(INDEX).status_code == 403
    client.logout()
    response = client.get(INDEX)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={INDEX}"


def test_the_page_offers_the_upload_form_with_labels_and_a_download_per_kind(staff_client):
    response = staff_client.get(INDEX)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<label for="id_kind">What the file holds</label>' in page
    assert '<label for="id_file">File</label>' in page
    for kind in ("units", "plans", "themes", "measures", "targets", "figures", "actions"):
        assert reverse("imports:export", args=[kind, "csv"]) in page
        assert reverse("imports:export", args=[kind, "xlsx"]) in page
    assert '<th scope="row">Scorecard</th>' in page


def test_uploading_shows_what_would_be_created_and_changes_nothing_yet(staff_client, council):
    before = row_counts()
    response = upload(staff_client, SEED.read_bytes())
    run = ImportRun.objects.get(organisation=council)
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:preview", args=[run.pk])
    assert run.status == ImportStatus.PREVIEWED
    assert row_counts() == before
    page = staff_client.get(response["Location"]).content.decode()
    assert "What the import will do" in page
    assert '<tr><th scope="row">Measure</th><td>85</td><td>0</td><td>0</td></tr>' in page
    assert "Measure BMBBF-09" in page
    assert "Import these changes" in page


def test_confirming_applies_the_import_as_the_person_who_confirmed(
    staff_client, council, performance_officer
):
    upload(staff_client, SEED.read_bytes())
    run = ImportRun.objects.get(organisation=council)
    response = staff_client.post(reverse("imports:confirm", args=[run.pk]))
    assert response.status_code == 302
    run.refresh_from_db()
    assert (run.status, run.applied_by) == (ImportStatus.APPLIED, performance_officer)
    assert Measure.objects.in_organisation(council).count() == 85
    figure = Figure.objects.filter(measure__organisation=council).first()
    assert figure.history.get().history_user == performance_officer
    page = staff_client.get(response["Location"]).content.decode()
    assert "What the import did" in page
    assert f"Imported {SEED.name}." in page


def test_an_applied_import_cannot_be_applied_twice(staff_client, council):
    upload(staff_client, SEED.read_bytes())
    run = ImportRun.objects.get(organisation=council)
    staff_client.post(reverse("imports:confirm", args=[run.pk]))
    before = row_counts()
    response = staff_client.post(reverse("imports:confirm", args=[run.pk]), follow=True)
    assert "cannot be applied again" in response.content.decode()
    assert row_counts() == before


def test_a_file_with_a_bad_row_shows_its_problems_and_no_confirm_button(staff_client, council):
    bad = seed_text().splitlines()[10].replace(",1.3%,", ",one point three,")
    response = upload(staff_client, with_lines(seed_text(), {11: bad}), "bad.csv")
    run = ImportRun.objects.get(organisation=council)
    assert run.status == ImportStatus.REJECTED
    page = staff_client.get(response["Location"]).content.decode()
    assert 'role="alert"' in page
    assert (
        '<a href="#problem-1">Row 11, column actual: &#x27;one point three&#x27; is not a '
        "percentage</a>"
    ) in page
    assert '<tr id="problem-1"><th scope="row">11</th><td>actual</td>' in page
    assert "Import these changes" not in page
    response = staff_client.post(reverse("imports:confirm", args=[run.pk]), follow=True)
    assert "cannot be applied again" in response.content.decode()
    assert Measure.objects.count() == 0


def test_a_missing_file_is_an_error_linked_from_the_summary(staff_client):
    response = staff_client.post(INDEX, {"kind": "scorecard", "figure_status": "submitted"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert '<a href="#id_file">File: This field is required.</a>' in page
    assert 'aria-describedby="id_file_helptext id_file_error"' in page
    assert 'aria-invalid="true"' in page


def test_a_file_of_another_type_is_refused_before_reading(staff_client):
    response = upload(staff_client, b"PK\x03\x04", "notes.docx")
    assert response.status_code == 400
    assert "The file must be a CSV file (.csv) or an Excel workbook (.xlsx)." in (
        response.content.decode()
    )
    assert not ImportRun.objects.filter(filename="notes.docx").exists()


def test_a_file_that_is_not_a_spreadsheet_is_a_problem_not_an_error_page(staff_client, council):
    response = upload(staff_client, b"\x00\x01not a workbook", "sheet.xlsx")
    page = staff_client.get(response["Location"]).content.decode()
    assert "The file, : the file is not an Excel workbook" not in page
    assert "The file: the file is not an Excel workbook (.xlsx) that can be read" in page


def test_another_councils_import_is_not_found(staff_client, other_council):
    run = ImportRun.objects.create(
        organisation=other_council, kind="scorecard", filename="x.csv", content=b""
    )
    assert staff_client.get(reverse("imports:preview", args=[run.pk])).status_code == 404
    assert staff_client.post(reverse("imports:confirm", args=[run.pk])).status_code == 404


def test_an_unknown_download_is_not_found(staff_client):
    assert staff_client.get(reverse("imports:export", args=["hazards", "csv"])).status_code == 404
    assert staff_client.get(reverse("imports:export", args=["measures", "pdf"])).status_code == 404
