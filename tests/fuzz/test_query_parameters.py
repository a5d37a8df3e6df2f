"""Generated query parameters and addresses to every page that reads them, as every persona:
the performance team, an owner, an approver, a councillor, someone signed in with no role,
an administrator in no organisation, and anyone not signed in. A page may say "not found",
"not allowed" or "that is not a choice", but it never answers with a server error."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from hypothesis import currently_in_test_context, event, given
from hypothesis import strategies as st

from tests.factories import UserFactory
from tests.fuzz.conftest import example
from tests.fuzz.strategies import NASTY_DATES, NASTY_NUMBERS, fuzz, mostly, query_values, texts
from tests.fuzz.world import ADMIN_APPS, PERSONAS
from yardstick.meetings.models import Body, BodyKind
from yardstick.scrutiny.models import Recommendation, Review

pytestmark = pytest.mark.django_db

NEVER = range(500, 600)
personas = st.sampled_from((*PERSONAS, "administrator"))
readers = st.sampled_from(("team", "owner", "approver", "councillor", "team", "councillor"))


@pytest.fixture
def visit(world, signed_in):
    """visit(persona, path, params) -> the response; never a server error."""
    administrator = UserFactory(username="root", organisation=None, is_staff=True)
    administrator.is_superuser = True
    administrator.save()
    administrator.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=ADMIN_APPS)
    )
    root = Client()
    root.force_login(administrator)

    def get(persona: str, path: str, params=None, **headers):
        client = root if persona == "administrator" else signed_in(persona)
        with example():
            response = client.get(path, params or {}, **headers)
            if response.streaming:
                response.getvalue()  # a streamed file (the open data) fails as it is read
        if currently_in_test_context():
            event(f"answered {response.status_code}")
        assert response.status_code not in NEVER, (persona, path, params)
        return response

    return get


def segment(text: str) -> str:
    """Text as one segment of an address: every character escaped, none empty."""
    return quote(text, safe="") or "-"


periods = st.one_of(
    st.sampled_from(("2018-19 Q1", "2018-19 Q2", "2018-08", "2018-19-q2", "FY 2018-19")),
    st.sampled_from(("2018-19 Q1", "2018-19 Q2")),
    query_values,
)
several = st.lists(query_values, max_size=3)
value_or_list = st.one_of(query_values, several)


def params(**fields) -> st.SearchStrategy[dict]:
    return st.fixed_dictionaries({}, optional=fields)


@fuzz(150)
@given(
    persona=st.one_of(readers, personas),
    year=mostly(2018, st.integers()),
    slug=mostly("better", texts),
    query=params(
        period=periods,
        band=st.one_of(st.sampled_from(("HG", "LG", "A", "LR", "HR", "none")), value_or_list),
        directorate=st.one_of(st.just("Resources"), value_or_list),
        polarity=st.one_of(st.sampled_from(("higher", "lower")), value_or_list),
        sort=st.one_of(st.sampled_from(("band", "title", "trend")), value_or_list),
    ),
    htmx=st.booleans(),
    exceptions=st.booleans(),
)
def test_the_scorecard_and_its_exceptions_answer_any_filter(
    visit, persona, year, slug, query, htmx, exceptions
):
    path = f"/scorecards/{year}/{segment(slug)}/" + ("exceptions/" if exceptions else "")
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    visit(persona, path, query, **headers)


@fuzz(60)
@given(
    persona=st.one_of(readers, personas),
    page=st.sampled_from(("/overview/", "/data-quality/", "/collection/returns/")),
    query=params(period=periods, organisation=query_values),
)
def test_the_overview_data_quality_and_returns_answer_any_period(visit, persona, page, query):
    visit(persona, page, query)


@fuzz(100)
@given(
    persona=st.one_of(readers, personas),
    query=params(
        period=st.one_of(
            st.sampled_from(("2018-19-q1", "2018-19-q2")),
            st.sampled_from(("2018-19-q1", "2018-19-q2")),
            query_values,
        ),
        format=st.one_of(st.sampled_from(("page", "html", "pdf", "docx", "xlsx")), query_values),
        theme=st.one_of(st.just("Better Borough"), value_or_list),
        organisation=st.one_of(st.just("fuzz"), query_values),
    ),
)
def test_the_reports_page_answers_any_choice(visit, persona, query):
    visit(persona, "/reports/", query)


@fuzz(60)
@given(
    persona=st.one_of(readers, personas),
    period=st.one_of(
        st.sampled_from(("2018-19-q1", "Q2 2018/19", "FY 2018-19", "2018-19-q2")),
        st.sampled_from(("2018-19-q1", "2018-19-q2")),
        texts,
    ),
    theme=st.one_of(st.just([]), st.just(["Better Borough"]), several),
    fmt=st.one_of(st.just(None), st.just(None), st.sampled_from(("html", "xlsx")), texts),
)
def test_the_report_and_its_downloads_answer_any_period_theme_and_format(
    visit, persona, period, theme, fmt
):
    path = f"/reports/{segment(period)}/" + (f"{segment(fmt)}/" if fmt is not None else "")
    visit(persona, path, {"theme": theme} if theme else {})


@fuzz(100)
@given(
    persona=st.one_of(readers, personas),
    organisation=mostly("fuzz", texts),
    year=mostly(2018, st.integers()),
    slug=mostly("better", texts),
    page=st.sampled_from(("", "organisation", "scorecard", "csv", "json", "in period")),
    query=params(period=periods, year=query_values, q=query_values, page=query_values),
    period=st.one_of(st.sampled_from(("2018-19-q1", "2018-19-q2")), texts),
)
def test_the_public_pages_answer_any_address(
    visit, persona, organisation, year, slug, page, query, period
):
    path = "/public/"
    if page:
        path += f"{segment(organisation)}/"
    if page in ("scorecard", "csv", "json", "in period"):
        path += f"{year}/{segment(slug)}/"
    if page in ("csv", "json"):
        path += f"figures.{page}"
    if page == "in period":
        path += f"{segment(period)}/"
    visit(persona, path, query)


@fuzz(100)
@given(
    persona=st.one_of(readers, personas),
    organisation=mostly("fuzz", texts),
    key=st.one_of(st.sampled_from(("2018-19-q1", "2018-19-q2")), texts),
    code=st.one_of(st.sampled_from(("PCT", "NUM", "MON")), texts),
    page=st.sampled_from(
        (
            "periods/",
            "periods/{key}/",
            "periods/{key}/figures.csv",
            "periods/{key}/figures.json",
            "periods/{key}/report/",
            "periods/{key}/report.pdf",
            "figures.csv",
            "figures.json",
            "catalogue.jsonld",
            "measures/",
            "measures/{code}/",
            "measures/{code}/figures.csv",
            "measures/{code}/figures.json",
        )
    ),
    query=params(q=query_values, page=query_values),
)
def test_the_public_archive_measures_report_and_open_data_answer_any_address(
    visit, persona, organisation, key, code, page, query
):
    path = page.format(key=segment(key), code=segment(code))
    visit(persona, f"/public/{segment(organisation)}/{path}", query)


@fuzz(80)
@given(
    persona=st.one_of(readers, personas),
    code=st.one_of(st.sampled_from(("PCT", "NUM", "MON")), texts, st.sampled_from(NASTY_NUMBERS)),
    query=params(period=periods),
)
def test_the_measure_page_answers_any_code(visit, persona, code, query):
    visit(persona, f"/measures/{segment(code)}/", query)


ids = st.one_of(
    st.integers(min_value=-1, max_value=20),
    st.integers(),
    st.sampled_from((2**31, 2**63, 10**30)),
)


@fuzz(120)
@given(
    persona=st.one_of(readers, personas),
    page=st.sampled_from(
        (
            "/collection/returns/{a}/{b}/",
            "/collection/corrections/{a}/{b}/",
            "/collection/sign-off/{a}/",
            "/collection/publish/{a}/",
            "/imports/{a}/",
            "/admin/measures/figure/{a}/change/",
            "/admin/measures/measure/{a}/full-history/",
            "/admin/measures/target/{a}/history/",
        )
    ),
    a=ids,
    b=ids,
)
def test_pages_of_one_row_answer_any_id(visit, persona, page, a, b):
    visit(persona, page.format(a=a, b=b))


@fuzz(100)
@given(
    persona=st.one_of(readers, personas),
    model=st.sampled_from(("figure", "target", "measure", "reportedrating")),
    query=params(
        q=query_values,
        o=st.one_of(st.sampled_from(("1", "-2", "1.2")), query_values),
        p=st.one_of(st.sampled_from(("0", "1", "99999999999999999999")), query_values),
        status__exact=query_values,
        period__id__exact=st.one_of(st.sampled_from(NASTY_NUMBERS), query_values),
        period__status__exact=query_values,
        kind__exact=query_values,
        value__gte=st.sampled_from(NASTY_NUMBERS),
        organisation=query_values,
        _changelist_filters=query_values,
    ),
)
def test_the_admin_lists_answer_any_search_order_page_and_filter(visit, persona, model, query):
    visit(persona, f"/admin/measures/{model}/", query)


@fuzz(40)
@given(
    persona=st.one_of(readers, personas),
    kind=st.one_of(st.sampled_from(("figures", "targets", "scorecard")), texts),
    fmt=st.one_of(st.sampled_from(("csv", "xlsx")), texts),
    query=params(organisation=query_values, year=st.sampled_from(NASTY_DATES)),
)
def test_the_exports_answer_any_kind_and_format(visit, persona, kind, fmt, query):
    visit(persona, f"/imports/export/{segment(kind)}.{segment(fmt)}", query)


@pytest.fixture
def scrutiny_review(world):
    committee = Body.objects.create(
        organisation=world.council, name="Scrutiny Committee", kind=BodyKind.SCRUTINY_COMMITTEE
    )
    review = Review.objects.create(organisation=world.council, title="A review", body=committee)
    Recommendation.objects.create(
        review=review, number=1, unit=world.resources, text="Recommend a thing."
    )
    Recommendation.objects.create(review=review, number=2, level="corporate", text="And this.")
    return review


@fuzz(80)
@given(
    persona=st.one_of(readers, personas),
    query=params(
        review=st.one_of(st.just("1"), value_or_list),
        status=st.one_of(st.sampled_from(("live", "open", "closed", "completed")), value_or_list),
        group=st.one_of(st.sampled_from(("corporate", "directorate")), value_or_list),
    ),
    fmt=st.sampled_from((None, None, "docx", "xlsx", "exe")),
)
def test_the_scrutiny_tracker_and_its_downloads_answer_any_filter(
    visit, scrutiny_review, persona, query, fmt
):
    path = f"/scrutiny/{scrutiny_review.pk}/" + (f"tracker.{fmt}" if fmt else "")
    visit(persona, path, query)


@fuzz(60)
@given(
    persona=readers,
    form=st.sampled_from(("update", "question", "response", "close", "agenda")),
    text=st.one_of(texts, st.just("x" * 4001)),
    day=st.one_of(st.sampled_from(NASTY_DATES), texts),
    choice=st.one_of(st.sampled_from(("accepted", "completed", "closed", "1")), texts),
)
def test_the_scrutiny_forms_answer_whatever_is_posted(
    world, signed_in, scrutiny_review, persona, form, text, day, choice
):
    recommendation = scrutiny_review.recommendations.first()
    client = signed_in(persona)
    base = f"/scrutiny/recommendations/{recommendation.pk}/"
    if form in ("update", "question"):
        path, data = f"{base}{form}/", {"text": text, "dated": day, "completed": choice}
    else:
        path = base
        data = {
            "form": form, f"{form}-response": choice, f"{form}-response_text": text,
            f"{form}-decided_on": day, f"{form}-status": choice, f"{form}-evidence": text,
            f"{form}-meeting": choice,
        }  # fmt: skip
    with example():
        response = client.post(path, data)
    assert response.status_code not in NEVER, (persona, path, data)
