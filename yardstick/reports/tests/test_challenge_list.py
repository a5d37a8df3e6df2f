"""The challenge list (reports/challenge-list/): measures whose targets missed or were beaten N
periods running, or whose SPC assurance is fail or pass, from the ratings every page shows;
N and X set by the performance team, audited; the list put on a meeting's agenda."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories import (
    FigureFactory,
    MeasureFactory,
    OrganisationFactory,
    TargetFactory,
    ThemeFactory,
    UnitFactory,
    UserFactory,
    period,
)
from yardstick.accounts.access import performance_team_of
from yardstick.accounts.models import Membership, Role
from yardstick.bounds import TEXT_LIMIT, Refused
from yardstick.collection.services import publish_period
from yardstick.core import periods as core_periods
from yardstick.core.challenge_list import Reason
from yardstick.measures.models import ReportedRating
from yardstick.meetings.models import AgendaItem, Body, BodyKind, MeetingStatus
from yardstick.meetings.services import schedule_meeting, set_meeting_status
from yardstick.organisations.models import UnitKind
from yardstick.reports import services
from yardstick.reports.challenge_list import (
    agenda_summary,
    build_challenge_list,
    put_on_agenda,
    upcoming_meetings,
)
from yardstick.reports.models import ChallengeListSettings

pytestmark = pytest.mark.django_db

URL = "/reports/challenge-list/"
SETTINGS_URL = "/reports/challenge-list/settings/"
AGENDA_URL = "/reports/challenge-list/agenda/"
LAST = "2018-19 Q2"


def quarters(council, count: int) -> list:
    """The `count` quarters ending with Q2 2018/19, oldest first."""
    core = core_periods.parse_period(LAST, council.financial_year_start_month)
    cores = [core]
    while len(cores) < count:
        cores.insert(0, core_periods.previous(cores[0]))
    return [period(council, item.key) for item in cores]


def measure(council, code: str, rows, periods, **fields):
    """rows: (target, actual) per period, None for neither."""
    made = MeasureFactory(organisation=council, code=code, title=f"Measure {code}", **fields)
    for p, row in zip(periods, rows, strict=True):
        if row is None:
            continue
        target, actual = row
        if target is not None:
            TargetFactory(measure=made, period=p, value=Decimal(target))
        if actual is not None:
            FigureFactory(
                measure=made,
                period=p,
                value=Decimal(actual),
                status="approved",
                commentary="Explained.",
            )
    return made


@pytest.fixture
def council():
    return OrganisationFactory(slug="challenge-council")


@pytest.fixture
def team(council):
    user = UserFactory(organisation=council, username="team")
    Membership.objects.create(user=user, organisation=council, role=Role.PERFORMANCE_TEAM)
    return user


@pytest.fixture
def councillor(council):
    user = UserFactory(organisation=council, username="councillor")
    Membership.objects.create(user=user, organisation=council, role=Role.COUNCILLOR)
    return user


@pytest.fixture
def world(council):
    """Four quarters of: a target missed every time, one beaten by 20% every time, one met
    narrowly, one missed but for a quarter with no figure; and sixteen quarters of a process
    far below its target (SPC fail) and one far above (SPC pass)."""
    four = quarters(council, 4)
    sixteen = quarters(council, 16)
    made = {
        "MISS": measure(council, "MISS", [(50, 40)] * 4, four),
        "BEAT": measure(council, "BEAT", [(50, 60)] * 4, four),
        "NEAR": measure(council, "NEAR", [(50, 51)] * 4, four),
        "GAP": measure(council, "GAP", [(50, None), (50, 40), (50, 40), (50, 40)], four),
        "LOW": measure(
            council, "LOW", [(60, 40 + (n % 2) * 2) for n in range(16)], sixteen, polarity="higher"
        ),
        "HIGH": measure(
            council, "HIGH", [(None, 80 + (n % 2) * 2) for n in range(15)] + [(70, 81)], sixteen
        ),
    }
    return made


def codes(listed, reason: Reason) -> list[str]:
    group = next(group for group in listed.groups if group.reason is reason)
    return [entry.measure.code for entry in group.entries]


def test_each_measure_is_listed_for_its_reasons(council, world):
    listed = build_challenge_list(council.pk, performance_team_of(council.pk), 4, Decimal(10))
    assert codes(listed, Reason.MISSED) == ["LOW", "MISS"]
    assert codes(listed, Reason.BEATEN) == ["BEAT"]
    assert codes(listed, Reason.SPC_FAIL) == ["LOW"]
    assert codes(listed, Reason.SPC_PASS) == ["HIGH"]
    assert listed.listed == 4
    assert [(d.noun, d.period.key) for d in listed.drawn_for] == [("quarter", "2018-19 Q2")]


def test_n_and_x_change_the_list(council, world):
    viewer = performance_team_of(council.pk)
    # Beaten by 20%: not by more than 20%.
    assert codes(build_challenge_list(council.pk, viewer, 4, Decimal(20)), Reason.BEATEN) == []
    # Three quarters running: the gap is four quarters back, so GAP is listed now.
    assert "GAP" in codes(build_challenge_list(council.pk, viewer, 3, Decimal(10)), Reason.MISSED)


def test_a_published_quarter_keeps_its_band_and_its_distance_counts(council, world, team):
    four = quarters(council, 4)
    publish_period(four[0], team)
    publish_period(four[1], team)
    kept = ReportedRating.objects.get(measure=world["BEAT"], period=four[0])
    assert kept.distance == 20  # kept when published, and read from there
    listed = build_challenge_list(council.pk, performance_team_of(council.pk), 4, Decimal(10))
    assert codes(listed, Reason.BEATEN) == ["BEAT"]
    assert "MISS" in codes(listed, Reason.MISSED)


def test_a_period_after_the_latest_figure_is_not_a_gap(council, world):
    # An open quarter with no figure yet (and one still to come) does not break every run.
    period(council, "2018-19 Q3")
    period(council, "2030-31 Q1")
    listed = build_challenge_list(council.pk, performance_team_of(council.pk), 4, Decimal(10))
    assert codes(listed, Reason.BEATEN) == ["BEAT"]


def test_a_theme_filters_the_list(council, world, councillor, client):
    theme = ThemeFactory(plan__organisation=council, title="Place")
    world["BEAT"].themes.add(theme)
    client.force_login(councillor)
    page = client.get(URL, {"theme": theme.pk}).content.decode()
    assert "Measure BEAT" in page
    assert "Measure MISS" not in page
    assert client.get(URL, {"theme": "999999"}).status_code == 400


@pytest.fixture
def units(council, world):
    """A directorate (MISS) over a service (BEAT) over a team (LOW); GAP in another directorate."""
    place = UnitFactory(organisation=council, name="Place", code="PL&CE 1")
    housing = UnitFactory(
        organisation=council, name="Housing", code="HSG", kind=UnitKind.SERVICE, parent=place
    )
    team = UnitFactory(
        organisation=council, name="Lettings", code="LET", kind=UnitKind.TEAM, parent=housing
    )
    people = UnitFactory(organisation=council, name="People", code="PPL")
    for code, unit in (("MISS", place), ("BEAT", housing), ("LOW", team), ("GAP", people)):
        world[code].unit = unit
        world[code].save()
    return {"place": place, "housing": housing, "team": team, "people": people}


def test_a_unit_filters_the_list_to_it_and_the_units_under_it(
    council, world, units, councillor, client
):
    client.force_login(councillor)
    page = client.get(URL, {"unit": "PL&CE 1"}).content.decode()
    assert all(f"Measure {code}" in page for code in ("MISS", "BEAT", "LOW"))
    assert "Measure GAP" not in page and "Measure HIGH" not in page
    assert "Place (directorate) and the units under it" in page
    page = client.get(URL, {"unit": "HSG"}).content.decode()
    assert "Measure BEAT" in page and "Measure LOW" in page and "Measure MISS" not in page
    assert "Lettings" not in page  # teams are not offered: directorates and services
    assert client.get(URL, {"unit": "LET"}).status_code == 400
    assert client.get(URL, {"unit": "NOPE"}).status_code == 400


def test_the_downloads_follow_the_filter_url_encoded(council, world, units, councillor, client):
    theme = ThemeFactory(plan__organisation=council, title="Place")
    world["BEAT"].themes.add(theme)
    world["MISS"].themes.add(theme)
    client.force_login(councillor)
    page = client.get(URL, {"unit": "PL&CE 1", "theme": theme.pk}).content.decode()
    assert f"?theme={theme.pk}&amp;unit=PL%26CE+1&amp;format=xlsx" in page
    assert f"?theme={theme.pk}&amp;unit=PL%26CE+1&amp;format=csv" in page
    response = client.get(URL, {"unit": "PL&CE 1", "theme": theme.pk, "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert sorted(row[1] for row in rows[1:]) == ["BEAT", "MISS"]
    response = client.get(URL, {"unit": "HSG", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sorted(sheet.cell(row=r, column=2).value for r in range(4, sheet.max_row + 1)) == [
        "BEAT",
        "LOW",
        "LOW",
    ]


def test_the_page_downloads_as_excel_with_the_rule_at_the_top(council, world, councillor, client):
    client.force_login(councillor)
    response = client.get(URL, {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="challenge-list.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Challenge list: are our targets set well?"
    assert "missed its target in each of the last 4 periods" in sheet["A2"].value
    assert "X = 10%" in sheet["A2"].value
    assert [cell.value for cell in sheet[3]] == [
        "Reason",
        "Code",
        "Measure",
        "Why",
        "Latest period",
        "Rating",
        "Figure",
        "Target",
    ]
    assert sheet.freeze_panes == "C4"
    assert sheet.print_title_rows == "$3:$3"
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    assert sheet.auto_filter.ref.startswith("A3:")
    found = {sheet.cell(row=r, column=2).value: r for r in range(4, sheet.max_row + 1)}
    miss = found["MISS"]
    assert sheet.cell(row=miss, column=7).value == 40  # a number, not text
    assert sheet.cell(row=miss, column=8).value == 50
    assert sheet.cell(row=miss, column=6).fill.fgColor.rgb != "00000000"  # the band's colour
    assert sheet.max_row == 3 + 5


def test_an_unknown_format_is_refused(council, world, councillor, client):
    client.force_login(councillor)
    assert client.get(URL, {"format": "pdf"}).status_code == 400


def test_the_page_states_the_rule_and_links_each_measure(council, world, councillor, client):
    client.force_login(councillor)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "missed its target in each of the last 4 periods" in page
    assert "beat its target by more than 10%" in page
    assert 'href="/measures/MISS/"' in page
    assert "Missed its target in each of the last 4 quarters" in page
    assert "Put the list on a meeting" not in page  # the team's only
    assert "Change N and X" not in page


def test_only_internal_readers_read_it(council, world, client):
    client.force_login(UserFactory(organisation=council, username="nobody"))
    assert client.get(URL).status_code == 403


def test_the_page_downloads_as_csv(council, world, councillor, client):
    client.force_login(councillor)
    response = client.get(URL, {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["Reason", "Code", "Measure", "Why"]
    assert ["MISS", "Measure MISS"] in [row[1:3] for row in rows]
    assert len(rows) == 1 + 5  # MISS, LOW missed; BEAT; LOW fail; HIGH pass


def test_query_count_does_not_grow_with_the_measures(council, world, councillor, client):
    client.force_login(councillor)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    four = quarters(council, 4)
    for number in range(8):
        measure(council, f"MORE{number}", [(50, 40)] * 4, four, frequency="quarterly")
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert response.content.decode().count("Missed its target in each") == 10
    assert len(many) == len(few)


def test_the_team_sets_n_and_x_with_history(council, team, client):
    client.force_login(team)
    assert client.get(SETTINGS_URL).status_code == 200
    response = client.post(SETTINGS_URL, {"runs": "6", "margin": "7.5"})
    assert response.status_code == 302
    saved = ChallengeListSettings.objects.get(organisation=council)
    assert (saved.runs, saved.margin) == (6, Decimal("7.5"))
    latest = saved.history.first()
    assert latest.history_user == team
    assert "6 periods running, more than 7.5%" in latest.history_change_reason
    page = client.get(URL).content.decode()
    assert "each of the last 6 periods" in page
    assert "more than 7.5%" in page


@pytest.mark.parametrize(
    ("runs", "margin", "message"),
    [
        ("13", "10", "less than or equal to 12"),
        ("1", "10", "greater than or equal to 2"),
        ("4", "100.5", "less than or equal to 100"),
        ("4", "-1", "greater than or equal to 0"),
        ("4", "7.25", "decimal place"),
        ("four", "10", "whole number"),
    ],
)
def test_bad_settings_are_refused_and_change_nothing(council, team, client, runs, margin, message):
    client.force_login(team)
    response = client.post(SETTINGS_URL, {"runs": runs, "margin": margin})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ChallengeListSettings.objects.filter(organisation=council).exists()


def test_the_service_applies_the_same_bounds(council, team):
    with pytest.raises(Refused, match="2 to 12") as error:
        services.set_challenge_list_settings(council.pk, 13, Decimal(10), team)
    assert error.value.field == "runs"
    with pytest.raises(Refused, match="0% to 100%") as error:
        services.set_challenge_list_settings(council.pk, 4, Decimal(101), team)
    assert error.value.field == "margin"
    with pytest.raises(Refused, match="one decimal place"):
        services.set_challenge_list_settings(council.pk, 4, Decimal("7.25"), team)


def test_only_the_team_sets_them(council, councillor, client):
    client.force_login(councillor)
    assert client.get(SETTINGS_URL).status_code == 403
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.set_challenge_list_settings(council.pk, 4, Decimal(10), councillor)


def test_defaults_without_settings(council):
    settings = services.challenge_list_settings(council.pk)
    assert (settings.runs, settings.margin) == (4, Decimal(10))


@pytest.fixture
def meeting(council, team):
    body = Body.objects.create(
        organisation=council, name="Scrutiny", kind=BodyKind.SCRUTINY_COMMITTEE
    )
    starts = timezone.make_aware(datetime.combine(date.today() + timedelta(days=14), time(10)))
    return schedule_meeting(body, starts, "Room 1", team)


def test_the_team_puts_the_list_on_an_agenda(council, world, team, meeting, client):
    client.force_login(team)
    page = client.get(URL).content.decode()
    assert "Scrutiny," in page
    response = client.post(AGENDA_URL, {"meeting": meeting.pk})
    assert response.status_code == 302
    assert response["Location"] == f"/meetings/{meeting.pk}/"
    item = AgendaItem.objects.get(meeting=meeting)
    assert item.title == "Challenge list: targets to review (4 listed)"
    assert "- MISS Measure MISS: Missed its target in each of the last 4 quarters" in item.summary
    assert "more than 10%" in item.summary
    assert item.history.first().history_user == team


def test_a_meeting_of_another_council_or_already_held_is_refused(council, world, team, client):
    other = OrganisationFactory(slug="elsewhere")
    body = Body.objects.create(organisation=other, name="Theirs", kind=BodyKind.SCRUTINY_COMMITTEE)
    other_team = UserFactory(organisation=other, username="theirteam")
    Membership.objects.create(user=other_team, organisation=other, role=Role.PERFORMANCE_TEAM)
    starts = timezone.make_aware(datetime.combine(date.today() + timedelta(days=7), time(10)))
    theirs = schedule_meeting(body, starts, "", other_team)
    client.force_login(team)
    response = client.post(AGENDA_URL, {"meeting": theirs.pk}, follow=True)
    assert "Choose one of the planned meetings" in response.content.decode()
    held = schedule_meeting(
        Body.objects.create(organisation=council, name="Ours", kind=BodyKind.CABINET),
        starts,
        "",
        team,
    )
    set_meeting_status(held, MeetingStatus.HELD, team)
    response = client.post(AGENDA_URL, {"meeting": held.pk}, follow=True)
    assert "Choose one of the planned meetings" in response.content.decode()
    assert not AgendaItem.objects.exists()


def test_a_planned_meeting_whose_day_has_passed_is_not_offered_and_is_refused(
    council, world, team, client
):
    body = Body.objects.create(organisation=council, name="Overview", kind=BodyKind.CABINET)
    yesterday = timezone.make_aware(datetime.combine(date.today() - timedelta(days=1), time(18)))
    today = timezone.make_aware(datetime.combine(date.today(), time(0, 30)))
    past = schedule_meeting(body, yesterday, "", team)
    todays = schedule_meeting(body, today, "", team)
    assert past.status == MeetingStatus.PLANNED
    assert upcoming_meetings(council.pk) == [todays]
    client.force_login(team)
    page = client.get(URL).content.decode()
    assert f'value="{todays.pk}"' in page and f'value="{past.pk}"' not in page
    response = client.post(AGENDA_URL, {"meeting": past.pk}, follow=True)
    assert "Choose one of the planned meetings still to come" in response.content.decode()
    listed = build_challenge_list(council.pk, performance_team_of(council.pk), 4, Decimal(10))
    with pytest.raises(Refused, match="before today: the list goes only on a meeting still to"):
        put_on_agenda(past, listed, team)
    set_meeting_status(todays, MeetingStatus.PACK_PUBLISHED, team)
    todays.refresh_from_db()
    with pytest.raises(Refused, match="marked pack published"):
        put_on_agenda(todays, listed, team)
    assert not AgendaItem.objects.exists()


def test_a_councillor_cannot_put_it_on_an_agenda(council, councillor, meeting, client):
    client.force_login(councillor)
    assert client.post(AGENDA_URL, {"meeting": meeting.pk}).status_code == 403
    assert not AgendaItem.objects.exists()


def test_a_long_list_is_cut_to_fit_the_agenda_saying_how_many_more(council):
    four = quarters(council, 4)
    for number in range(60):
        measure(council, f"LONG{number:02d}", [(50, 40)] * 4, four)
    listed = build_challenge_list(council.pk, performance_team_of(council.pk), 4, Decimal(10))
    text = agenda_summary(listed, date(2026, 12, 6))
    assert len(text) <= TEXT_LIMIT
    assert text.endswith("more entries: see the challenge list in Yardstick.")
    shown = text.count("\n- ")
    assert f"... and {60 - shown} more entries" in text


def test_an_empty_list_says_so_on_the_agenda(council):
    listed = build_challenge_list(council.pk, performance_team_of(council.pk), 4, Decimal(10))
    assert listed.listed == 0
    assert "No measure is on the list." in agenda_summary(listed, date(2026, 12, 6))


def test_the_reports_page_links_to_it_for_internal_readers_only(council, councillor, client):
    client.force_login(councillor)
    assert f'href="{URL}"' in client.get("/reports/").content.decode()
    client.force_login(UserFactory(organisation=council, username="norole"))
    assert f'href="{URL}"' not in client.get("/reports/").content.decode()
