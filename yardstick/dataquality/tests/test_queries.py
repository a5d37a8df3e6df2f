"""The page reads in a fixed number of queries, whatever the number of measures."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UnitFactory
from yardstick.dataquality.tests.conftest import CURRENT, HISTORY, QUARTERS, figure, measure
from yardstick.measures.models import FigureStatus
from yardstick.organisations.models import UnitKind

pytestmark = pytest.mark.django_db


def add_measures(council, quarters, count: int, start: int, owner) -> None:
    """`count` measures in a service under a directorate, each with a figure in every quarter
    (every fifth an outlier, every seventh failing validation), a draft or nothing."""
    directorate = UnitFactory(organisation=council, name=f"Directorate {start}")
    service = UnitFactory(
        organisation=council, name=f"Service {start}", kind=UnitKind.SERVICE, parent=directorate
    )
    for index in range(start, start + count):
        found = measure(council, f"M{index:03d}", unit=service, owner=owner, data_source="")
        for key, amount in zip(QUARTERS[:-1], HISTORY, strict=True):
            figure(found, quarters[key], amount, status=FigureStatus.PUBLISHED)
        amount = "104" if index % 7 == 0 else "90" if index % 5 == 0 else "51"
        if index % 3:
            figure(found, quarters[CURRENT], amount, outlier_confirmed=index % 2 == 0)


def test_the_page_reads_in_the_same_number_of_queries_for_5_and_40_measures(
    client, council, quarters, team, officer, today
):
    url = reverse("dataquality:page")
    client.force_login(team)
    add_measures(council, quarters, 5, 0, officer)
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as few:
        small = client.get(url).content.decode()
    add_measures(council, quarters, 35, 5, officer)
    with CaptureQueriesContext(connection) as many:
        large = client.get(url).content.decode()
    assert small.count('<tr id="no-statement-') == 5
    assert large.count('<tr id="no-statement-') == 40
    assert "Outliers in Q3 2018/19" in large
    assert "failing a validation rule</caption>" in large
    assert len(many) == len(few)
    assert len(few) <= 12, [query["sql"] for query in few.captured_queries]
