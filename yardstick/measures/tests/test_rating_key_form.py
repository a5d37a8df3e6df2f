"""A key written field by field (/rating-keys/form/): another door to the key file's rules. The
form and the file give the same key and are refused for the same reasons (each door is tested
against the other); the form opens filled from the key it sets, keeps what was typed when it is
refused, adds and removes bands without JavaScript, and only the performance team writes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import MeasureFactory, UserFactory
from yardstick.accounts.models import Membership, Role
from yardstick.core.keys import bundled_key, read_key
from yardstick.core.ratings import Band
from yardstick.measures.key_services import set_rating_key
from yardstick.measures.models import RatingKey

pytestmark = pytest.mark.django_db

FORM = "/rating-keys/form/"
FILE = "/rating-keys/"

WITHIN_5 = """name = "Within 5%"
distance = "points"
trend_against = "last_year"
zero_target_tolerance = 2
no_change_tolerance = 0.5

[[bands]]
code = "G"
label = "Green"
at_least = -5
meaning = "On, above or within 5 points of target"

[[bands]]
code = "A"
above = -10

[[bands]]
code = "R"
label = "Red"
"""
FIELDS = {
    "name": "Within 5%",
    "distance": "points",
    "trend_against": "last_year",
    "zero_target_tolerance": "2",
    "no_change_tolerance": "0.5",
}
BANDS = [
    {
        "code": "G",
        "label": "Green",
        "bound_kind": "at_least",
        "bound": "-5",
        "meaning": "On, above or within 5 points of target",
    },
    {"code": "A", "label": "", "bound_kind": "above", "bound": "-10", "meaning": ""},
    {"code": "R", "label": "Red", "bound_kind": "at_least", "bound": "", "meaning": ""},
]


def posted(fields=FIELDS, bands=BANDS, whose="", **extra) -> dict[str, str]:
    data = {"whose": whose, **fields, **extra}
    data.update({"bands-TOTAL_FORMS": str(len(bands)), "bands-INITIAL_FORMS": "0"})
    for index, band in enumerate(bands):
        data.update({f"bands-{index}-{name}": value for name, value in band.items()})
    return data


def changed(index: int, **changes: str) -> list[dict[str, str]]:
    bands = [dict(band) for band in BANDS]
    bands[index].update(changes)
    return bands


def test_the_form_and_the_file_set_the_same_key_with_history(client, council, performance_officer):
    client.force_login(performance_officer)
    response = client.post(FORM, posted())
    assert response.status_code == 302
    row = RatingKey.objects.get(organisation=council, measure=None)
    by_form = read_key(row.text)
    (entry,) = row.history.all()
    assert entry.history_user == performance_officer
    assert entry.history_change_reason == "The organisation's key set to 'Within 5%'"
    assert client.post(FILE, {"whose": "", "text": WITHIN_5}).status_code == 302
    assert read_key(RatingKey.objects.get(pk=row.pk).text) == by_form
    assert row.history.count() == 2


@pytest.mark.parametrize(
    ("file_change", "fields", "bands", "band", "field"),
    [
        # a bound out of order
        (("above = -10", "above = -5"), FIELDS, changed(1, bound="-5"), 1, "bound"),
        # a bound missing
        (("above = -10\n", ""), FIELDS, changed(1, bound=""), 1, "bound"),
        # the same code twice
        (('code = "A"', 'code = "G"'), FIELDS, changed(1, code="G"), 1, "code"),
        # a code the core does not have
        (('code = "A"', 'code = "X"'), FIELDS, changed(1, code="X"), 1, "code"),
        # a bound on the last band
        (
            ('label = "Red"', 'label = "Red"\nat_least = -20'),
            FIELDS,
            changed(2, bound="-20"),
            2,
            "bound",
        ),
        # a bound that is not a number
        (("at_least = -5", 'at_least = "-5%"'), FIELDS, changed(0, bound="-5%"), 0, "bound"),
        # a bound too far
        (("at_least = -5", "at_least = -5000"), FIELDS, changed(0, bound="-5000"), 0, "bound"),
        # a label too long
        (
            ('label = "Green"', f'label = "{"x" * 41}"'),
            FIELDS,
            changed(0, label="x" * 41),
            0,
            "label",
        ),
        # the key's own fields
        (('name = "Within 5%"', 'name = ""'), {**FIELDS, "name": ""}, BANDS, None, "name"),
        (('"points"', '"miles"'), {**FIELDS, "distance": "miles"}, BANDS, None, "distance"),
        (
            ("zero_target_tolerance = 2", "zero_target_tolerance = -2"),
            {**FIELDS, "zero_target_tolerance": "-2"},
            BANDS,
            None,
            "zero_target_tolerance",
        ),
        (
            ("no_change_tolerance = 0.5", 'no_change_tolerance = "half"'),
            {**FIELDS, "no_change_tolerance": "half"},
            BANDS,
            None,
            "no_change_tolerance",
        ),
    ],
)
def test_the_form_refuses_what_the_file_refuses_for_the_same_reason_at_the_field(
    client, performance_officer, file_change, fields, bands, band, field
):
    client.force_login(performance_officer)
    old, new = file_change
    assert old in WITHIN_5
    by_file = client.post(FILE, {"whose": "", "text": WITHIN_5.replace(old, new, 1)})
    (refusal,) = by_file.context["form"].errors["text"]
    reason = refusal.split(": ", 1)[1]  # "line N: reason"
    response = client.post(FORM, posted(fields, bands))
    assert response.status_code == 200
    form = response.context["form"] if band is None else response.context["bands"].forms[band]
    assert form.errors[field] == [reason]
    page = response.content.decode()
    assert "There is a problem" in page
    assert not RatingKey.objects.exists()
    typed = fields[field] if band is None else bands[band][field]
    assert form[field].value() == typed  # what was typed is kept


def test_a_key_of_one_band_is_refused_as_the_file_is(client, performance_officer):
    client.force_login(performance_officer)
    response = client.post(FORM, posted(bands=BANDS[-1:]))
    assert response.context["form"].non_field_errors() == ["a key needs at least two bands"]
    response = client.post(FORM, posted(bands=[]))
    assert response.context["form"].non_field_errors() == ["a key needs at least two bands"]
    assert not RatingKey.objects.exists()


def test_editing_opens_the_form_filled_from_the_key(client, council, performance_officer):
    measure = MeasureFactory(organisation=council, code="CT1", title="Council Tax")
    client.force_login(performance_officer)
    response = client.get(FORM)  # nothing set: the five-band key
    assert response.context["form"].initial["name"] == bundled_key("five-band").name
    assert [band["code"] for band in response.context["bands"].initial] == [
        "HG",
        "LG",
        "A",
        "LR",
        "HR",
    ]
    set_rating_key(council, WITHIN_5, performance_officer)
    response = client.get(FORM, {"whose": "CT1"})  # no own key: the organisation's
    assert response.context["form"].initial["whose"] == "CT1"
    assert response.context["form"].initial["distance"] == "points"
    set_rating_key(council, WITHIN_5.replace("Within 5%", "CT1's"), performance_officer, measure)
    response = client.get(FORM, {"whose": "CT1"})
    assert response.context["form"].initial["name"] == "CT1's"
    assert response.context["bands"].initial[1] == BANDS[1]
    assert response.context["form"].initial["no_change_tolerance"] == "0.5"
    assert "CT1 Council Tax: its own key" in response.content.decode()
    assert client.get(FORM, {"whose": "NOPE"}).status_code == 404


def test_a_measure_gets_its_own_key_from_the_form(client, council, performance_officer):
    measure = MeasureFactory(organisation=council, code="CT1")
    client.force_login(performance_officer)
    assert client.post(FORM, posted(whose="CT1")).status_code == 302
    assert measure.own_rating_key.name == "Within 5%"
    assert not RatingKey.objects.filter(measure=None).exists()
    response = client.post(FORM, posted(whose="NOPE"))
    assert response.context["form"].errors["whose"] == [
        "Choose the organisation or one of its measures."
    ]


def test_a_band_is_added_and_removed_without_javascript(client, council, performance_officer):
    client.force_login(performance_officer)
    response = client.post(FORM, posted(add_band="1"))
    assert response.status_code == 200
    bands = response.context["bands"]
    assert len(bands.forms) == 4
    assert bands.forms[0]["bound"].value() == "-5"  # what was typed is kept
    assert bands.forms[3]["code"].value() in (None, "")
    assert not RatingKey.objects.exists()
    # the new band is left blank: it is no band
    data = posted(bands=[*BANDS, {"code": "", "bound_kind": "at_least"}])
    assert client.post(FORM, data).status_code == 302
    assert len(read_key(RatingKey.objects.get().text).bands) == 3
    # five bands, then one removed
    five = [
        {"code": "HG", "bound": "5"},
        {"code": "LG", "bound": "0"},
        {"code": "A", "bound_kind": "above", "bound": "-5"},
        {"code": "LR", "bound": "-10", "DELETE": "on"},
        {"code": "HR"},
    ]
    assert client.post(FORM, posted(bands=five)).status_code == 302
    key = read_key(RatingKey.objects.get().text)
    assert [band.band for band in key.bands] == [
        Band.HIGH_GREEN,
        Band.LOW_GREEN,
        Band.AMBER,
        Band.HIGH_RED,
    ]


def test_a_bands_code_is_chosen_from_every_band_the_core_has(client, performance_officer):
    client.force_login(performance_officer)
    response = client.get(FORM)
    field = response.context["bands"].forms[0].fields["code"]
    assert [value for value, _ in field.widget.choices][1:] == [band.value for band in Band]


def test_only_the_performance_team_writes_a_key(client, council):
    reader = UserFactory(username="reader", organisation=council)
    Membership.objects.create(user=reader, organisation=council, role=Role.COUNCILLOR)
    client.force_login(reader)
    assert client.get(FORM).status_code == 403
    assert client.post(FORM, posted()).status_code == 403
    assert not RatingKey.objects.exists()


def test_the_forms_queries_do_not_grow_with_the_number_of_measures(
    client, council, performance_officer
):
    client.force_login(performance_officer)
    counts = []
    for number in (2, 12):
        while council.measures.count() < number:
            measure = MeasureFactory(organisation=council)
            set_rating_key(council, WITHIN_5, performance_officer, measure)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(FORM).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("total", ["x", "999", "-1"])
def test_a_tampered_count_of_bands_is_refused_not_an_error(client, performance_officer, total):
    client.force_login(performance_officer)
    for extra in ({}, {"add_band": "1"}):
        data = {**posted(), "bands-TOTAL_FORMS": total, **extra}
        response = client.post(FORM, data)
        assert response.status_code == 200
        assert len(response.context["bands"].forms) <= len(Band)
    assert not RatingKey.objects.exists()


def test_a_band_moves_up_one_place_without_javascript(client, performance_officer):
    client.force_login(performance_officer)
    bands = [*BANDS[:2], {"code": "HG", "bound": "5", "DELETE": "on"}, BANDS[2]]
    response = client.post(FORM, posted(bands=bands, move_up="1", move_band="2"))
    assert response.status_code == 200
    moved = response.context["bands"].forms
    assert [band["code"].value() for band in moved] == ["G", "HG", "A", "R"]
    assert moved[1]["DELETE"].value() and not moved[2]["DELETE"].value()  # its box moves too
    assert moved[2]["bound"].value() == "-10"
    assert not RatingKey.objects.exists()
    for nowhere in ("0", "4", "x"):  # the first band, past the last, not a place: unchanged
        response = client.post(FORM, posted(move_up="1", move_band=nowhere))
        assert [band["code"].value() for band in response.context["bands"].forms] == ["G", "A", "R"]
