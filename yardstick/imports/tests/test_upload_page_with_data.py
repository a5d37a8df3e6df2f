"""The import page on a council that has its data: previews of changes, and downloads."""

import pytest
from django.urls import reverse

from .conftest import SEED, seed_text, with_lines
from .test_upload_page import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, seeded, performance_officer):
    client.force_login(performance_officer)
    return client


def test_the_preview_shows_a_changed_figure_from_and_to(staff_client, seeded):
    changed = seed_text().splitlines()[1].replace(",6,6,,", ",6,7,,")
    response = upload(staff_client, with_lines(seed_text(), {2: changed}), "fixed.csv")
    page = staff_client.get(response["Location"]).content.decode()
    assert "To be changed (1)" in page
    assert "Figure BBH-01 2017-18 Q2" in page
    assert "Figure: from “6” to “7”" in page
    assert "Left alone (" in page


def test_uploading_the_same_file_again_has_nothing_to_import(staff_client, seeded):
    response = upload(staff_client, SEED.read_bytes())
    page = staff_client.get(response["Location"]).content.decode()
    assert "Everything in the file is already there" in page
    assert "Import these changes" not in page


def test_the_download_buttons_give_a_csv_and_an_excel_workbook(staff_client, seeded):
    response = staff_client.get(reverse("imports:export", args=["measures", "csv"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="harrow-test-measures.csv"'
    assert response.content.startswith(b"code,title,polarity,")
    workbook = staff_client.get(reverse("imports:export", args=["scorecard", "xlsx"]))
    assert workbook["Content-Type"].startswith("application/vnd.openxmlformats")
    assert workbook.content.startswith(b"PK")
