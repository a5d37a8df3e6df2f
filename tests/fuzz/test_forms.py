"""Generated values posted to every form a person can submit: each answer is a page (the
form shown again with messages counts) or a redirect, never a server error, and nothing the
rules refuse is ever kept (`stored_problems` reads back every figure, target and measure)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.urls import reverse
from hypothesis import currently_in_test_context, event, given
from hypothesis import strategies as st

from tests.fuzz.conftest import example
from tests.fuzz.strategies import (
    NASTY_NUMBERS,
    NASTY_RANGES,
    bounded_text,
    choice,
    count_fields,
    counts,
    dates,
    figure_fields,
    fuzz,
    numbers,
    some_of,
    texts,
    whole_numbers,
)
from tests.fuzz.world import measure_problems, stored_problems
from yardstick.core.values import Value, ValueType, parse_value
from yardstick.imports.tables import FileFormat, write_table
from yardstick.measures.models import Figure, Target
from yardstick.measures.rules import COMMENTARY_LENGTH, NOTE_LENGTH, REASON_LENGTH

pytestmark = pytest.mark.django_db

# A page (a form shown again with its messages), a redirect, or a bad request (a NUL character
# anywhere: yardstick.middleware).
OK = (200, 302, 400)


def answered(response, allowed=OK) -> None:
    if currently_in_test_context():
        event(f"answered {response.status_code}")
    assert response.status_code in allowed, response.status_code


def nothing_refused_is_kept() -> None:
    problems = stored_problems()
    assert not problems, "\n".join(problems)


def version_of(measure, period) -> str:
    figure = Figure.objects.filter(measure=measure, period=period).first()
    return str(figure.version if figure else 0)


measure_codes = st.sampled_from(("PCT", "NUM", "GBP", "DUR", "DAY", "YN", "RAT", "RPN"))
# A figure each measure's owner could type, to lay generated fields over.
TYPED = {
    "PCT": "80%",
    "NUM": "1,000",
    "GBP": "£2,000.50",
    "DUR": "01:30",
    "DAY": "12/03/2019",
    "YN": "Yes",
    "RAT": "1:4",
    "RPN": "6.5",
}
figure_posts = some_of({**figure_fields, **count_fields}, most=4)
actions = st.sampled_from(("save", "submit", "check", "", "publish"))


def figure_form(code: str, data: dict) -> dict:
    return {"value": TYPED[code], "commentary": "On track.", "missing_state": ""} | data


@fuzz(80)
@given(code=measure_codes, data=figure_posts, action=actions)
def test_the_entry_form_answers_and_keeps_only_what_the_rules_allow(
    world, signed_in, code, data, action
):
    measure = world.measures[code]
    client = signed_in("owner")
    url = reverse("collection:entry", args=[measure.pk, world.q2.pk])
    with example():
        posted = figure_form(code, data) | {"action": action}
        posted["version"] = version_of(measure, world.q2)
        answered(client.post(url, posted))
        nothing_refused_is_kept()


def natural_measure(text: str) -> str:
    """The measure a value is most likely typed for, by its form."""
    if "%" in text:
        return "PCT"
    if "£" in text:
        return "GBP"
    if ":" in text:
        return "DUR"
    if text.casefold() in ("yes", "no", "maybe"):
        return "YN"
    if "/" in text or text.count("-") == 2:
        return "DAY"
    return "NUM"


def kept_as_typed(measure, period, text: str) -> None:
    """The figure kept is the figure typed: not rounded, not cut (or there is none)."""
    figure = Figure.objects.get(measure=measure, period=period)
    typed = parse_value(text, ValueType(measure.value_type))
    if isinstance(typed, Value):
        assert figure.value == typed.amount, (figure.value, text)
        assert figure.numerator == typed.numerator and figure.denominator == typed.denominator


@pytest.mark.parametrize("value", NASTY_NUMBERS)
def test_a_nasty_figure_is_kept_exactly_or_refused_and_every_page_still_answers(
    world, signed_in, value
):
    client = signed_in("owner")
    for code in sorted({"NUM", natural_measure(value)}):
        measure = world.measures[code]
        url = reverse("collection:entry", args=[measure.pk, world.q2.pk])
        posted = {"value": value, "action": "save", "version": version_of(measure, world.q2)}
        response = client.post(url, posted)
        answered(response)
        nothing_refused_is_kept()
        if response.status_code == 302:
            kept_as_typed(measure, world.q2, value)
        answered(client.get(url), (200,))
    answered(client.get(reverse("collection:returns")), (200,))


NASTY_COUNTS = [
    ("", "10"),  # a denominator with no numerator
    ("5", ""),
    ("5", "0"),  # a zero denominator
    ("0", "0"),
    ("11", "10"),  # a part larger than its whole
    ("-5", "10"),  # a negative count
    ("5", "-10"),
    ("5", "10"),
    ("99999999999999999999999", "99999999999999999999999"),
    ("1234567890123.45", "2469135780246.9"),
    ("NaN", "10"),
    ("5", "Infinity"),
    ("1e309", "1e309"),
    ("5.1234567", "10"),
    ("five", "ten"),
]


@pytest.mark.parametrize(("numerator", "denominator"), NASTY_COUNTS)
def test_nasty_counts_are_kept_exactly_or_refused_with_a_message(
    world, signed_in, numerator, denominator
):
    measure = world.measures["PCT"]
    client = signed_in("owner")
    url = reverse("collection:entry", args=[measure.pk, world.q2.pk])
    for action in ("check", "save"):
        posted = {"value": "50%", "numerator": numerator, "denominator": denominator}
        posted |= {"action": action, "version": version_of(measure, world.q2)}
        response = client.post(url, posted)
        answered(response)
        nothing_refused_is_kept()
    figure = Figure.objects.get(measure=measure, period=world.q2)
    if response.status_code == 302:
        typed = tuple(Decimal(count) if count else None for count in (numerator, denominator))
        assert (figure.numerator, figure.denominator) == typed
    else:
        assert response.context["form"].errors
    preview = reverse("collection:preview", args=[measure.pk, world.q2.pk])
    answered(client.post(preview, posted, HTTP_HX_REQUEST="true"), (200,))


values = st.one_of(st.sampled_from(NASTY_NUMBERS), numbers)


@fuzz(80)
@given(code=measure_codes, value=values, action=st.sampled_from(("save", "check")))
def test_any_figure_typed_is_kept_exactly_or_refused_with_a_message(
    world, signed_in, code, value, action
):
    measure = world.measures[code]
    client = signed_in("owner")
    url = reverse("collection:entry", args=[measure.pk, world.q2.pk])
    with example():
        posted = {"value": value, "action": action, "version": version_of(measure, world.q2)}
        response = client.post(url, posted)
        answered(response)
        nothing_refused_is_kept()
        if response.status_code == 302:
            kept_as_typed(measure, world.q2, value)


@fuzz(50)
@given(code=measure_codes, data=figure_posts)
def test_the_live_preview_answers_every_figure_and_keeps_nothing(world, signed_in, code, data):
    measure = world.measures[code]
    client = signed_in("owner")
    url = reverse("collection:preview", args=[measure.pk, world.q2.pk])
    before = list(Figure.objects.values_list("pk", "version").order_by("pk"))
    with example():
        posted = figure_form(code, data) | {"version": "0"}
        answered(client.post(url, posted, HTTP_HX_REQUEST="true"), (200, 400))
        assert list(Figure.objects.values_list("pk", "version").order_by("pk")) == before


@fuzz(50)
@given(
    code=measure_codes,
    data=figure_posts,
    reason=st.one_of(st.just("The council restated it."), bounded_text(REASON_LENGTH)),
)
def test_a_correction_answers_and_keeps_only_what_the_rules_allow(
    world, signed_in, code, data, reason
):
    measure = world.measures[code]
    client = signed_in("team")
    url = reverse("collection:correct", args=[measure.pk, world.q1.pk])
    with example():
        posted = figure_form(code, data) | {"reason": reason}
        posted["version"] = version_of(measure, world.q1)
        answered(client.post(url, posted))
        nothing_refused_is_kept()


@fuzz(30)
@given(
    code=measure_codes,
    decision=choice("approve", "return"),
    reason=bounded_text(REASON_LENGTH),
    version=st.one_of(st.sampled_from(("current",)), whole_numbers),
)
def test_a_sign_off_decision_answers_whatever_is_posted(
    world, signed_in, code, decision, reason, version
):
    figure = Figure.objects.get(measure=world.measures[code], period=world.q2)
    client = signed_in("approver")
    with example():
        posted = {
            "decision": decision,
            "reason": reason,
            "version": str(figure.version) if version == "current" else version,
        }
        answered(client.post(reverse("collection:review", args=[figure.pk]), posted))
        nothing_refused_is_kept()


# Pages that read deadlines: a deadline kept must never break them.
DEADLINE_PAGES = ("collection:returns", "collection:sign_off", "collection:deadlines")


@fuzz(25)
@given(
    frequency=choice("monthly", "quarterly", "half_yearly", "annual", "termly"),
    fields=some_of(
        {
            "working_days_after": whole_numbers,
            "remind_days_before": whole_numbers,
            "escalate_days_after": whole_numbers,
        }
    ),
    region=st.one_of(st.none(), choice("", "england_and_wales", "scotland", "northern_ireland")),
)
def test_the_deadline_rules_answer_and_every_page_reading_them_still_does(
    world, signed_in, frequency, fields, region
):
    client = signed_in("team")
    url = reverse("collection:deadlines")
    with example():
        if region is None:
            fields = {"working_days_after": "15", "remind_days_before": "5"} | fields
            fields = {"escalate_days_after": "5"} | fields
            posted = {"frequency": frequency}
            posted |= {f"{frequency}-{name}": value for name, value in fields.items()}
        else:
            posted = {"bank_holidays": region}
        answered(client.post(url, posted), (*OK, 404))
        for page in DEADLINE_PAGES:
            answered(client.get(reverse(page)), (200,))
        answered(client.get(reverse("dataquality:page")), (200,))


@fuzz(25)
@given(which=st.sampled_from(("q1", "q2", "month")), deadline=dates)
def test_a_periods_deadline_answers_and_every_page_reading_it_still_does(
    world, signed_in, which, deadline
):
    period = getattr(world, which)
    client = signed_in("team")
    with example():
        url = reverse("collection:period_deadline", args=[period.pk])
        answered(client.post(url, {f"p{period.pk}-deadline": deadline}), (302, 400))
        for page in DEADLINE_PAGES:
            answered(client.get(reverse(page)), (200,))
        answered(client.get(reverse("dataquality:page")), (200,))
        owner = signed_in("owner")
        answered(owner.get(reverse("collection:returns")), (200,))
        measure = world.measures["PCT"]
        entry = reverse("collection:entry", args=[measure.pk, world.q2.pk])
        answered(owner.get(entry), (200,))


@fuzz(25)
@given(which=st.sampled_from(("q1", "q2", "month")), opens_on=dates, rule=st.booleans())
def test_when_periods_open_answers_and_every_page_reading_it_still_does(
    world, signed_in, which, opens_on, rule
):
    period = getattr(world, which)
    client = signed_in("team")
    with example():
        if rule:
            posted = {"form": "opening", "open_next_on_publish": opens_on[:3]}
            answered(client.post(reverse("collection:deadlines"), posted), OK)
        url = reverse("collection:period_opening", args=[period.pk])
        answered(client.post(url, {f"o{period.pk}-opens_on": opens_on}), (302, 400))
        for page in DEADLINE_PAGES:
            answered(client.get(reverse(page)), (200,))
        answered(signed_in("owner").get(reverse("collection:returns")), (200,))
        nothing_refused_is_kept()


@fuzz(5)
@given(confirm=st.one_of(st.none(), choice("on", "true", "")))
def test_publishing_answers_whatever_is_posted(world, signed_in, confirm):
    client = signed_in("team")
    with example():
        posted = {} if confirm is None else {"confirm": confirm}
        answered(client.post(reverse("collection:publish_period", args=[world.q2.pk]), posted))
        nothing_refused_is_kept()


@fuzz(30)
@given(
    persona=st.sampled_from(("team", "councillor", "owner")),
    measure=st.one_of(st.sampled_from(("PCT", "NUM")), whole_numbers),
    reason=bounded_text(2000),
    period=st.one_of(st.just(""), st.sampled_from(("2018-19 Q1", "2018-19 Q2")), texts),
)
def test_the_exception_note_answers_whatever_is_posted(
    world, signed_in, persona, measure, reason, period
):
    client = signed_in(persona)
    url = reverse("scorecards:exceptions", args=[2018, world.scorecard.slug])
    if period:
        url += "?" + urlencode({"period": period})
    if measure in world.measures:
        measure = str(world.measures[measure].pk)
    with example():
        answered(client.post(url, {"measure": measure, "reason": reason}), (*OK, 404))


def rows_of(**columns) -> st.SearchStrategy[list[dict]]:
    return st.lists(st.fixed_dictionaries(columns), min_size=1, max_size=4)


periods_named = st.one_of(
    st.sampled_from(("2018-19 Q2", "2018-19 Q1", "2018-08", "2999-00 Q1", "FY 2999-00")),
    st.sampled_from(("2018-19 Q2", "2018-19 Q3")),
    texts,
)
# Files of each kind the upload page takes, with generated cells in their own columns.
FILES = {
    "figures": rows_of(
        measure=st.one_of(measure_codes, texts),
        period=periods_named,
        actual=numbers,
        note=bounded_text(NOTE_LENGTH),
        commentary=bounded_text(COMMENTARY_LENGTH),
        data_period=st.one_of(st.just(""), st.sampled_from(NASTY_RANGES)),
        status=choice("", "draft", "submitted", "approved", "published"),
    ),
    "targets": rows_of(
        measure=st.one_of(measure_codes, texts),
        period=periods_named,
        target=st.one_of(
            st.sampled_from(("75%", "7-15%", "Year on year reduction of 5%", "BL", "-", "15-7")),
            numbers,
        ),
        amber_threshold=st.one_of(st.just(""), numbers),
    ),
    "measures": rows_of(
        code=st.one_of(st.sampled_from(("NEW 1", "PCT")), bounded_text(40)),
        title=bounded_text(400),
        polarity=choice("higher", "lower", "in_range", "contextual"),
        value_type=choice("number", "percentage", "date", "duration"),
        decimals=whole_numbers,
        rate_per=whole_numbers,
        minimum=st.one_of(st.just(""), numbers),
        maximum=st.one_of(st.just(""), numbers),
        reporting_lag_months=whole_numbers,
        high_green_threshold=st.one_of(st.just(""), numbers),
    ),
    "scorecard": rows_of(
        scorecard=st.one_of(st.just("Better"), texts),
        measure_no=st.one_of(st.sampled_from(("1", "2")), whole_numbers),
        title=bounded_text(400),
        good_is=choice("higher", "lower"),
        period=periods_named,
        target=st.one_of(st.sampled_from(("75%", "7-15%", "BL")), numbers),
        actual=numbers,
        note=bounded_text(NOTE_LENGTH),
        data_period=st.one_of(st.just(""), st.sampled_from(NASTY_RANGES)),
    ),
}
files = st.one_of(
    st.just("figures"), st.sampled_from(sorted(FILES)), choice("actions", "workbook")
).flatmap(lambda kind: st.tuples(st.just(kind), FILES.get(kind, FILES["figures"])))


def csv_bytes(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


@fuzz(60)
@given(
    file=files,
    xlsx=st.booleans(),
    raw=st.one_of(st.none(), st.none(), st.none(), st.binary(max_size=200)),
    name=st.one_of(
        st.just("figures.csv"),
        st.just("figures.csv"),
        st.sampled_from(("book.xlsx", "notes.txt", "figures", "x.CSV")),
        st.text(max_size=300).map(lambda text: text + ".csv"),
    ),
    status=st.one_of(st.just("submitted"), choice("approved", "draft", "published")),
    reason=st.one_of(st.just(""), st.just(""), bounded_text(REASON_LENGTH)),
)
def test_the_upload_page_answers_every_file_and_keeps_only_what_the_rules_allow(
    world, signed_in, file, xlsx, raw, name, status, reason
):
    kind, rows = file
    client = signed_in("team")
    content = csv_bytes(rows) if raw is None else raw
    if xlsx and raw is None:
        content = write_table(list(rows[0]), rows, FileFormat.XLSX, "Sheet")
        name = name.removesuffix(".csv") + ".xlsx"
    upload = SimpleUploadedFile(name.replace("/", "_").replace("\\", "_") or "x.csv", content)
    with example():
        posted = {
            "kind": kind,
            "file": upload,
            "figure_status": status,
            "correction_reason": reason,
        }
        response = client.post(reverse("imports:index"), posted)
        answered(response, (200, 302, 400))
        if response.status_code == 302:
            answered(client.get(response.url), (200,))
            answered(client.post(response.url + "confirm/"), (302,))
            answered(client.get(response.url), (200,))
        nothing_refused_is_kept()


def admin_url(model: str, view: str, *args) -> str:
    return reverse(f"admin:measures_{model}_{view}", args=args)


admin_figure_fields = {
    "value": numbers,
    "numerator": counts,
    "denominator": counts,
    "decimals": whole_numbers,
    "missing_state": figure_fields["missing_state"],
    "note": bounded_text(NOTE_LENGTH),
    "data_covers_start": dates,
    "data_covers_end": dates,
    "commentary": bounded_text(COMMENTARY_LENGTH),
    "proposed_action": bounded_text(COMMENTARY_LENGTH),
    "status": choice("draft", "submitted", "approved", "published"),
    "change_reason": bounded_text(100),
    "opened_version": whole_numbers,
}
target_fields = {
    "kind": choice("value", "range", "change", "none", "baseline", "zero"),
    "value": numbers,
    "low": numbers,
    "high": numbers,
    "change_amount": numbers,
    "change_percent": numbers,
    "change_direction": choice("", "reduction", "increase"),
    "scheme": choice("", "five_band", "three_band"),
    "high_green_threshold": numbers,
    "amber_threshold": numbers,
    "low_red_threshold": numbers,
    "absolute_tolerance": numbers,
    "change_reason": bounded_text(100),
}
periods = st.sampled_from(("q1", "q2", "month"))
# A figure or target as the admin takes it (an amount), to lay generated fields over.
ADMIN_TYPED = {
    "PCT": "80",
    "NUM": "1000",
    "GBP": "2000.50",
    "DUR": "90",
    "DAY": "737130",
    "YN": "1",
    "RAT": "0.25",
    "RPN": "6.5",
}


@fuzz(40)
@given(
    code=measure_codes,
    which=periods,
    change=st.booleans(),
    data=some_of(admin_figure_fields),
)
def test_the_admins_figure_form_answers_and_keeps_only_what_the_rules_allow(
    world, signed_in, code, which, change, data
):
    measure, period = world.measures[code], getattr(world, which)
    client = signed_in("team")
    with example():
        posted = {"measure": str(measure.pk), "period": str(period.pk), "status": "draft"}
        posted |= {"value": ADMIN_TYPED[code], "commentary": "On track."} | data
        if change:
            figure = Figure.objects.get(measure=measure, period=world.q2)
            url = admin_url("figure", "change", figure.pk)
        else:
            Figure.objects.filter(measure=measure, period=period).delete()
            url = admin_url("figure", "add")
        answered(client.post(url, posted))
        nothing_refused_is_kept()


@fuzz(40)
@given(
    code=measure_codes,
    which=periods,
    change=st.booleans(),
    data=some_of(target_fields),
)
def test_the_admins_target_form_answers_and_keeps_only_what_the_rules_allow(
    world, signed_in, code, which, change, data
):
    measure, period = world.measures[code], getattr(world, which)
    client = signed_in("team")
    with example():
        posted = {"measure": str(measure.pk), "period": str(period.pk), "kind": "value"}
        posted |= {"value": ADMIN_TYPED[code]} | data
        if change:
            target = Target.objects.get(measure=measure, period=world.q2)
            url = admin_url("target", "change", target.pk)
        else:
            Target.objects.filter(measure=measure, period=period).delete()
            url = admin_url("target", "add")
        answered(client.post(url, posted))
        nothing_refused_is_kept()


measure_fields = {
    "code": bounded_text(40),
    "title": bounded_text(400),
    "polarity": choice("higher", "lower", "in_range", "contextual"),
    "value_type": choice(
        "number", "percentage", "currency", "rate", "ratio", "duration", "yes_no", "date"
    ),
    "decimals": whole_numbers,
    "rate_per": whole_numbers,
    "frequency": choice("monthly", "quarterly", "annual"),
    "no_change_tolerance": numbers,
    "reporting_lag_months": whole_numbers,
    "scheme": choice("five_band", "three_band"),
    "high_green_threshold": numbers,
    "amber_threshold": numbers,
    "low_red_threshold": numbers,
    "absolute_tolerance": numbers,
    "minimum": numbers,
    "maximum": numbers,
    "introduced": dates,
    "retired": dates,
    "data_source": bounded_text(300),
    "numerator_label": bounded_text(200),
}
inline_figure = {
    "period": periods,
    "value": numbers,
    "numerator": counts,
    "denominator": counts,
    "missing_state": figure_fields["missing_state"],
    "note": bounded_text(NOTE_LENGTH),
    "status": choice("draft", "submitted", "approved"),
}
inline_target = {
    key: target_fields[key]
    for key in ("kind", "value", "low", "high", "change_amount", "change_percent")
}


def measure_form(measure) -> dict:
    """The measure's change form as the admin shows it, with no inline rows changed."""
    data = {}
    for name, value in model_to_dict(measure).items():
        if isinstance(value, list):
            data[name] = [str(item.pk if hasattr(item, "pk") else item) for item in value]
        elif value is not None:
            data[name] = str(value)
    for prefix in ("targets", "figures"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data


@fuzz(40)
@given(
    code=measure_codes,
    data=some_of(measure_fields),
    figure=st.one_of(st.none(), some_of(inline_figure)),
    target=st.one_of(st.none(), some_of(inline_target)),
)
def test_the_admins_measure_form_answers_and_keeps_only_what_the_rules_allow(
    world, signed_in, code, data, figure, target
):
    measure = world.measures[code]
    client = signed_in("team")
    with example():
        posted = measure_form(measure) | data
        for prefix, row in (("figures", figure), ("targets", target)):
            if row is None:
                continue
            Model = Figure if prefix == "figures" else Target
            Model.objects.filter(measure=measure, period=world.month).delete()
            row = {"period": "month", "value": ADMIN_TYPED[code], "kind": "value"} | row
            if prefix == "figures":
                row |= {"status": row.get("status", "draft")}
                row.pop("kind")
            row["period"] = str(getattr(world, row["period"]).pk)
            posted[f"{prefix}-TOTAL_FORMS"] = "1"
            posted |= {f"{prefix}-0-{name}": value for name, value in row.items()}
        answered(client.post(admin_url("measure", "change", measure.pk), posted))
        # A measure's own amounts must fit. Its figures are not judged again here: changing
        # a measure (its limits, its frequency) changes what the rules say of the figures it
        # already has (the data quality page lists those outside new limits), which is the
        # team's to decide, not a value stored around the rules.
        problems = measure_problems()
        assert not problems, "\n".join(problems)
        answered(client.get(admin_url("measure", "change", measure.pk)), (200,))
        answered(client.get(reverse("measures:detail", args=[measure.code])), (200, 404))


@fuzz(60)
@given(
    persona=st.sampled_from(("team", "councillor", "owner")),
    action=choice("save", "save_sign_off", "sign_off", "discard"),
    accuracy=bounded_text(2000),
    validity=texts,
    assessment=choice("", "met", "partly", "not_met"),
    risk=choice("", "low", "medium", "high"),
    review_date=dates,
)
def test_the_data_quality_statement_answers_and_keeps_only_what_the_rules_allow(
    world, signed_in, persona, action, accuracy, validity, assessment, risk, review_date
):
    from django.utils import timezone

    from yardstick.bounds import EARLIEST, latest_allowed
    from yardstick.core.statements import TEXT_LIMIT, Dimension, sign_off_problems
    from yardstick.measures.statement_services import StatementInput
    from yardstick.measures.statements import DataQualityStatement

    client = signed_in(persona)
    url = reverse("measures:statement", args=["PCT"])
    data = {d.value: "Checked." for d in Dimension}
    data |= {"accuracy": accuracy, "validity": validity, "accuracy_assessment": assessment}
    data |= {"risk": risk, "review_date": review_date, "action": action}
    with example():
        answered(client.post(url, data), (*OK, 403))
        for statement in DataQualityStatement.objects.all():
            entry = StatementInput.of(statement)
            assert all(len(text) <= TEXT_LIMIT for text in entry.texts.values())
            if statement.review_date is not None:
                assert EARLIEST <= statement.review_date <= latest_allowed()
            if statement.status == "signed_off":
                day = timezone.localdate(statement.signed_off_at)
                assert not sign_off_problems(entry.texts, entry.risk, entry.review_date, day)


@fuzz(40)
@given(
    persona=st.sampled_from(("team", "owner")),
    code=st.sampled_from(("PCT", "NUM", "DAY", "RAT")),
    action=choice("preview_profile", "set_profile", "preview_trajectory", "set_trajectory"),
    method=choice("evenly", "last_year", "by_hand"),
    by_hand=st.one_of(texts, st.just("25%, 25%, 25%, 25%"), st.just("1, 2, 3, 4")),
    year=st.one_of(whole_numbers.map(str), st.sampled_from(("2018", "2019"))),
    baseline_year=st.one_of(texts, st.sampled_from(("2018", "2017"))),
    baseline=st.one_of(texts, numbers),
    end_year=st.one_of(texts, st.sampled_from(("2020", "2021", "2018"))),
    end=st.one_of(texts, numbers),
    replace=choice("", "on"),
)
def test_the_target_profile_page_answers_and_keeps_only_what_the_rules_allow(
    world,
    signed_in,
    persona,
    code,
    action,
    method,
    by_hand,
    year,
    baseline_year,
    baseline,
    end_year,
    end,
    replace,
):
    client = signed_in(persona)
    url = reverse("measures:target_profile", args=[code])
    data = {"action": action, "method": method, "by_hand": by_hand, "year": year}
    data |= {"baseline_year": baseline_year, "baseline": baseline, "end_year": end_year}
    data |= {"end": end, "replace_by_hand": replace}
    with example():
        answered(client.post(url, data), (*OK, 403, 409))
        nothing_refused_is_kept()
