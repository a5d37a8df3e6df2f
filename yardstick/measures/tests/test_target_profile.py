"""A measure's target profile and trajectory: the performance team previews the targets they
would set and sets them through set_targets (history, the rules); targets set by hand are
listed and replaced only when asked; opening a period profiles a cumulative measure's target
by its method; the measure page says where each target came from."""

from __future__ import annotations

from decimal import Decimal
from html import escape

import pytest
from django.urls import reverse

from tests.factories import MeasureFactory, period
from yardstick.accounts.models import Role
from yardstick.collection import services as collection
from yardstick.collection.tests.conftest import member
from yardstick.core.profiles import ProfileMethod
from yardstick.core.targets import Target, TargetKind
from yardstick.core.values import Value, ValueType
from yardstick.framework.models import Period
from yardstick.measures.models import FigureStatus, TargetProfile
from yardstick.measures.models import Target as TargetRow
from yardstick.measures.profiles import ProfileSettings, set_profile
from yardstick.measures.services import FigureInput, record_figure, set_target

pytestmark = pytest.mark.django_db


def value(amount: str) -> Target:
    return Target(TargetKind.VALUE, value=Decimal(amount))


@pytest.fixture
def team(council):
    return member(council, "priya", Role.PERFORMANCE_TEAM)


def measure(council, code: str, collection_type: str, value_type: str = "number"):
    return MeasureFactory(
        organisation=council,
        code=code,
        frequency="quarterly",
        polarity="higher",
        value_type=value_type,
        collection_type=collection_type,
    )


@pytest.fixture
def homes(council, team):
    """Cumulative: 120 homes in 2019/20; last year 10, 30, 60 and 100 by each quarter's end."""
    made = measure(council, "HOM 1", "cumulative")
    set_target(made, period(council, "FY 2019-20"), value("120"), team)
    for number, running in enumerate(("10", "30", "60", "100"), start=1):
        record_figure(
            made,
            period(council, f"2018-19 Q{number}"),
            FigureInput(Value(Decimal(running), ValueType.NUMBER)),
            team,
            status=FigureStatus.APPROVED,
        )
    return made


@pytest.fixture
def visits(council, team):
    """In period: 10 visits in 2019/20."""
    made = measure(council, "VIS 1", "period")
    set_target(made, period(council, "FY 2019-20"), value("10"), team)
    return made


def url(made) -> str:
    return reverse("measures:target_profile", args=[made.code])


def post(client, made, action: str, **fields):
    data = {"method": "evenly", "year": "2019", "by_hand": "", "action": action, **fields}
    return client.post(url(made), data)


def targets(made) -> dict[str, tuple[Decimal, str]]:
    return {
        t.period.key: (t.value.normalize(), t.source)
        for t in TargetRow.objects.filter(measure=made, period__type="quarter")
    }


def test_opening_a_period_profiles_by_last_years_shape(council, team, homes):
    set_profile(homes, ProfileSettings(ProfileMethod.LAST_YEAR), team)
    collection.open_period(period(council, "2019-20 Q2"), team)
    (target,) = TargetRow.objects.filter(measure=homes, period__key="2019-20 Q2")
    assert target.value == 36  # 30% of 120: last year's Q2 running total was 30 of 100
    assert target.source == "Profiled by last year's shape from 2019/20's 120"


def test_opening_evenly_when_last_year_has_no_shape_says_why(council, team, homes):
    set_profile(homes, ProfileSettings(ProfileMethod.LAST_YEAR), team)
    homes.figures.filter(period__key="2018-19 Q3").delete()
    collection.open_period(period(council, "2019-20 Q3"), team)
    (target,) = TargetRow.objects.filter(measure=homes, period__key="2019-20 Q3")
    assert target.value == 90
    assert target.source == (
        "Profiled evenly from 2019/20's 120 (last year has no figure for Q3 2018/19: profile"
        " evenly or by hand)"
    )


def test_the_preview_sets_nothing_and_setting_goes_through_the_history(client, team, visits):
    client.force_login(team)
    response = post(client, visits, "preview_profile")
    assert response.status_code == 200
    shown = [(p.period.key, p.printed) for p in response.context["proposals"]]
    assert shown == [
        ("2019-20 Q1", "3"),
        ("2019-20 Q2", "2"),
        ("2019-20 Q3", "3"),
        ("2019-20 Q4", "2"),
    ]
    assert targets(visits) == {}
    assert not TargetProfile.objects.exists()
    assert not Period.objects.filter(type="quarter").exists()  # made when set, not previewed

    response = post(client, visits, "set_profile")
    assert response.status_code == 302
    source = "Profiled evenly from 2019/20's 10"
    assert targets(visits) == {
        "2019-20 Q1": (3, source),
        "2019-20 Q2": (2, source),
        "2019-20 Q3": (3, source),
        "2019-20 Q4": (2, source),
    }
    history = TargetRow.objects.get(measure=visits, period__key="2019-20 Q1").history.get()
    assert history.history_user == team and history.history_change_reason == source
    assert TargetProfile.objects.get(measure=visits).history.get().history_user == team
    page = client.get(reverse("measures:detail", args=[visits.code])).content.decode()
    assert escape(source) in page


def test_a_target_set_by_hand_is_listed_and_replaced_only_when_asked(client, council, team, visits):
    set_target(visits, period(council, "2019-20 Q2"), value("4"), team, reason="Board")
    client.force_login(team)
    response = post(client, visits, "set_profile")
    assert response.status_code == 409
    assert [p.period.label for p in response.context["by_hand"]] == ["Q2 2019/20"]
    assert "Q2 2019/20: set by hand, would become 2" in response.content.decode()
    assert targets(visits) == {"2019-20 Q2": (4, "")}
    assert not TargetProfile.objects.exists()  # all or nothing

    response = post(client, visits, "set_profile", replace_by_hand="on")
    assert response.status_code == 302
    assert targets(visits)["2019-20 Q2"] == (2, "Profiled evenly from 2019/20's 10")


def test_a_trajectory_sets_the_years_between(client, council, team):
    made = measure(council, "REC 1", "period", "percentage")
    client.force_login(team)
    fields = {"baseline_year": "2016", "baseline": "42%", "end_year": "2020", "end": "50%"}
    response = post(client, made, "set_trajectory", **fields)
    assert response.status_code == 302
    years = {
        t.period.key: (int(t.value), t.source)
        for t in TargetRow.objects.filter(measure=made, period__type="year")
    }
    source = "On the trajectory to 50% by 2020/21"
    assert years == {
        "FY 2017-18": (44, source),
        "FY 2018-19": (46, source),
        "FY 2019-20": (48, source),
        "FY 2020-21": (50, source),
    }
    page = client.get(url(made)).content.decode()
    assert "on the trajectory to 50% by 2020/21, from 42% in 2016/17" in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"method": "by_hand", "by_hand": "25%, 25%, 25%, 20%"}, "5% short of 100%"),
        ({"method": "by_hand", "by_hand": "25%, 75%"}, "Give 4 shares"),
        ({"method": "by_hand", "by_hand": "2, 2, 2, 2"}, "8, 2 short of the year&#x27;s 10"),
        ({"method": "by_hand", "by_hand": "25%, 25, 25%, 25%"}, "every one as an amount"),
        ({"method": "by_hand", "by_hand": "x" * 201}, "at most 200 characters"),
        ({"method": "sideways"}, "Select a valid choice"),
        ({"year": "1066"}, "Select a valid choice"),
        ({"method": "last_year"}, "Last year has no figure for Q1 2018/19"),
    ],
)
def test_bad_profiles_are_shown_again_with_a_message(client, team, visits, fields, message):
    client.force_login(team)
    response = post(client, visits, "set_profile", **fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert targets(visits) == {}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"baseline_year": "2020", "baseline": "42", "end_year": "2020", "end": "50"},
            "after its baseline",
        ),
        (
            {"baseline_year": "2016", "baseline": "", "end_year": "2020", "end": "50"},
            "needs its baseline",
        ),
        (
            {"baseline_year": "2016", "baseline": "lots", "end_year": "2020", "end": "50"},
            "not a number",
        ),
    ],
)
def test_bad_trajectories_are_shown_again_with_a_message(client, team, visits, fields, message):
    client.force_login(team)
    response = post(client, visits, "set_trajectory", **fields)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_only_the_performance_team_opens_the_page(client, council, visits):
    owner = member(council, "olive", Role.OWNER)
    client.force_login(owner)
    assert client.get(url(visits)).status_code == 403
    assert post(client, visits, "set_profile").status_code == 403
