"""The permissions matrix: every persona against every page and action, allowed and refused.

Each row of MATRIX is one request (a page, or a form posted by hand) and what each persona
gets, in PERSONAS order:

    ok      the page (200)
    done    the action happened (a redirect, and `happened` says the change is there)
    kept    refused by a redirect with a message; `happened` says nothing changed
    403     forbidden (a role or scope that does not allow it)
    404     not found (another organisation's row, or a feature that is off)
    login   sent to Yardstick's sign-in page (the only one: the administration has none)
    admin   sent to the administration's own sign-in page (never expected: a second sign-in)

The personas: the performance team; owners of directorates A and B; an owner of directorate
B with Django's staff flag and the admin's model permissions but no other role ("owner_staff":
roles decide, not the flag); an approver of A; a councillor; someone signed in with no role
("no_role", who reads what the public reads); the performance team of another council; and
the public.

`shows` / `hides` name text that must / must not be on the page for the personas who get it
(drafts of another directorate, unpublished figures on public pages). Each persona's request
runs in its own rolled-back transaction, so one persona's action never helps the next.

`test_every_named_url_is_in_the_matrix` fails when a named URL exists that no row covers:
add a row when you add a page. A row whose URL is not in the URLconf is skipped, with its
name, until the page lands.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.factories import PlanFactory, ThemeFactory, UnitFactory, UserFactory, period
from yardstick.accounts.models import Membership, Role
from yardstick.actions.models import ActionUpdate, BenefitsReview, KeyAction
from yardstick.api.models import ApiToken, TokenScope
from yardstick.api.services import create_token
from yardstick.core.keys import bundled_key_text
from yardstick.framework.models import Abbreviation, Introduction, Period, PeriodStatus
from yardstick.imports.models import ImportRun
from yardstick.imports.services import upload_import
from yardstick.measures.key_services import set_rating_key
from yardstick.measures.models import (
    Figure,
    FigureStatus,
    RatingKey,
    SpcBaseline,
    SpcExclusion,
    SpcRecalculation,
)
from yardstick.measures.statements import DataQualityStatement
from yardstick.meetings.models import (
    AgendaItem,
    AgreedAction,
    AgreedActionUpdate,
    Body,
    BodyKind,
    Meeting,
)
from yardstick.meetings.services import ActionInput, agree_action, schedule_meeting
from yardstick.packs.models import Pack
from yardstick.packs.services import publish_pack, start_pack
from yardstick.public.tests import data
from yardstick.reports.tasks import render_documents
from yardstick.risks.models import Register, Risk, RiskReview
from yardstick.risks.services import RiskInput, create_risk
from yardstick.scorecards.models import ExceptionNote, KeyChallenge
from yardstick.scrutiny.models import Question, Recommendation, RecommendationUpdate, Review
from yardstick.scrutiny.services import ask_question

PERSONAS = [
    "team",
    "owner_a",
    "owner_b",
    "owner_staff",
    "approver_a",
    "councillor",
    "no_role",
    "outsider",
    "anonymous",
]

# Values in the world that tell the figures apart (see yardstick/public/tests/data.py).
PUBLISHED = "61.5"
APPROVED_Q2 = "72.5"
DRAFT_A = "83.5"  # M-LATE, directorate A, open period, draft
SUBMITTED_B = "27.5"  # M-SUB, directorate B, open period, submitted
DRAFT_IN_PUBLISHED = "94.5"  # M-LATE, directorate A, published period, left a draft
UNPUBLISHED = (APPROVED_Q2, DRAFT_A, SUBMITTED_B, DRAFT_IN_PUBLISHED)
# A figures import that changes directorate B's submitted figure (an owner of B with the staff
# flag once imported a published figure this way).
SUBMITTED_B_TO_55 = b"measure,period,actual\r\nM-SUB,2018-19 Q2,55%\r\n"


@dataclass
class World:
    council: object
    other_council: object
    directorate_a: object
    directorate_b: object
    public: data.PublicData
    q1: Period
    q2: Period
    run: ImportRun | None = None  # an import of this council awaiting confirmation
    body: Body | None = None  # a board of this council, with a meeting and an action
    meeting: Meeting | None = None
    upcoming: Meeting | None = None  # still to come: the challenge list may go on its agenda
    action: AgreedAction | None = None
    project: KeyAction | None = None  # a key project of directorate A, owned by owner_a
    review: Review | None = None  # a scrutiny review with a recommendation for owner_a
    recommendation: Recommendation | None = None
    people: dict = field(default_factory=dict)

    def figure(self, code: str, quarter: Period) -> Figure:
        return Figure.objects.get(
            measure__code=code, measure__organisation=self.council, period=quarter
        )


def build_world(council, other_council) -> World:
    def person(username, organisation, role=None, staff=False, **scope):
        user = UserFactory(
            username=username, organisation=organisation, is_staff=staff, password="!"
        )
        if role:
            Membership.objects.create(user=user, organisation=organisation, role=role, **scope)
        return user

    directorate_a = UnitFactory(organisation=council, name="Resources", code="RES")
    directorate_b = UnitFactory(organisation=council, name="Adult Care", code="ADU")
    team = person("perf", council, Role.PERFORMANCE_TEAM, staff=True)
    outsider = person("otto", other_council, Role.PERFORMANCE_TEAM, staff=True)
    admin_rights = Permission.objects.filter(
        content_type__app_label__in=["measures", "scorecards", "framework"],
        codename__regex=r"^(view|change)_",
    )
    owner_staff = person("stan", council, Role.OWNER, staff=True, unit=directorate_b)
    for user in (team, outsider, owner_staff):
        user.user_permissions.set(admin_rights)
    public = data.build(council, team, unit=directorate_a, other_unit=directorate_b)
    plan = PlanFactory(organisation=council, financial_year=2018)
    public.scorecard.theme = ThemeFactory(plan=plan, title="A Better Borough")
    public.scorecard.save()
    world = World(
        council=council,
        other_council=other_council,
        directorate_a=directorate_a,
        directorate_b=directorate_b,
        public=public,
        q1=period(council, "2018-19 Q1"),
        q2=period(council, "2018-19 Q2"),
    )
    world.run = upload_import(council, "figures", SUBMITTED_B_TO_55, "figures.csv", team).run
    world.people = {
        "team": team,
        "owner_a": person("olu", council, Role.OWNER, unit=directorate_a),
        "owner_b": person("bea", council, Role.OWNER, unit=directorate_b),
        "owner_staff": owner_staff,
        "approver_a": person("ada", council, Role.APPROVER, unit=directorate_a),
        "councillor": person("cllr", council, Role.COUNCILLOR),
        "no_role": person("nora", council),
        "outsider": outsider,
        "anonymous": None,
    }
    world.body = Body.objects.create(
        organisation=council, name="Resources Improvement Board", kind=BodyKind.IMPROVEMENT_BOARD
    )
    world.meeting = schedule_meeting(
        world.body, timezone.make_aware(datetime(2018, 9, 18, 10)), "Room 2", team
    )
    world.upcoming = schedule_meeting(
        Body.objects.create(
            organisation=council, name="Overview and Scrutiny", kind=BodyKind.SCRUTINY_COMMITTEE
        ),
        timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=30), time(18))),
        "Room 3",
        team,
    )
    world.action = agree_action(
        world.meeting, ActionInput("Bring a plan", owner=world.people["owner_a"]), team
    )
    world.project = KeyAction.objects.create(
        organisation=council,
        code="KP-1",
        title="Move contact online",
        owner=world.people["owner_a"],
        unit=directorate_a,
        closed_on=datetime(2018, 6, 30).date(),
    )
    BenefitsReview.objects.create(action=world.project, due=datetime(2018, 12, 31).date())
    world.body.members.add(world.people["owner_a"])  # a member reads the body's packs
    world.review = Review.objects.create(
        organisation=council, title="Use of performance information", body=world.body
    )
    world.recommendation = Recommendation.objects.create(
        review=world.review, number=1, unit=directorate_a, officer=world.people["owner_a"],
        text="Report the time taken to answer calls.",
    )  # fmt: skip
    return world


@dataclass(frozen=True)
class Row:
    label: str
    url_name: str
    args: Callable[[World], list] = lambda world: []
    expect: str = ""  # one outcome per persona, in PERSONAS order
    method: str = "get"
    query: Callable[[World], str] = lambda world: ""
    data: Callable[[World], dict] = lambda world: {}
    happened: Callable[[World], bool] | None = None
    shows: dict = field(default_factory=dict)  # text -> personas who must see it
    hides: tuple[str, ...] = ()  # text nobody who gets the page may see
    xfail: str = ""
    prepare: Callable[[World], object] | None = None  # run once the world is built
    # The API: each persona sends a token of their own (that may write) instead of signing
    # in, and a body is sent as JSON.
    token: bool = False


def risk_of(world: World) -> Risk:
    """Directorate A's risk register with one risk, owned by owner_a (made once per row)."""
    register, _ = Register.objects.get_or_create(
        organisation=world.council,
        code="RES-R",
        defaults={"kind": "directorate", "title": "Resources risks", "unit": world.directorate_a},
    )
    risk = register.risks.first()
    if risk is None:
        risk = create_risk(
            register,
            RiskInput(
                title="Move contact online risk",
                category="operational",
                owner=world.people["owner_a"],
                inherent_likelihood=4,
                inherent_impact=4,
                current_likelihood=3,
                current_impact=4,
                target_likelihood=1,
                target_impact=2,
                review_date=datetime(2027, 3, 1).date(),
            ),
            world.people["team"],
        )
    return risk


def abbreviation_of(world: World) -> Abbreviation:
    return Abbreviation.objects.get_or_create(
        organisation=world.council, term="SEND", defaults={"meaning": "Special needs"}
    )[0]


def q2_key(world: World) -> str:
    return f"?period={world.q2.key}"


def scorecard_args(world: World) -> list:
    return [2018, world.public.scorecard.slug]


Q1 = "2018-19-q1"  # the published quarter, as the public site's addresses name it


def public_args(world: World) -> list:
    return [world.council.slug, 2018, world.public.scorecard.slug]


def figure_value(code: str, quarter: str) -> Callable[[World], bool]:
    """Whether the figure was changed to 55 (what the entry rows post)."""

    def changed(world: World) -> bool:
        figure = world.figure(code, getattr(world, quarter))
        return figure.value is not None and figure.value == 55

    return changed


def entry(code: str, quarter: str = "q2"):
    def args(world: World) -> list:
        figure = world.figure(code, getattr(world, quarter))
        return [figure.measure_id, figure.period_id]

    return args


def entry_post(code: str, quarter: str = "q2"):
    def post(world: World) -> dict:
        figure = world.figure(code, getattr(world, quarter))
        return {"value": "55%", "version": figure.version, "action": "save", "commentary": "x"}

    return post


def several_post(code: str):
    def post(world: World) -> dict:
        figure = world.figure(code, world.q2)
        prefix = f"m{figure.measure_id}-"
        return {
            f"{prefix}value": "55%",
            f"{prefix}version": figure.version,
            f"{prefix}commentary": "x",
            "action": "save",
        }

    return post


def reviewed(world: World) -> bool:
    return world.figure("M-SUB", world.q2).status == FigureStatus.APPROVED


def uploaded(world: World) -> bool:
    return ImportRun.objects.filter(organisation=world.council, filename="by-hand.csv").exists()


def upload_post(world: World) -> dict:
    return {
        "kind": "figures",
        "file": SimpleUploadedFile("by-hand.csv", SUBMITTED_B_TO_55, content_type="text/csv"),
        "figure_status": FigureStatus.SUBMITTED,
    }


def measure_pk(code: str) -> Callable[[World], list]:
    def args(world: World) -> list:
        return [world.figure(code, world.q2).measure_id]

    return args


# The six with a role in the council: team, owner_a, owner_b, owner_staff, approver_a,
# councillor. Then no_role, outsider and anonymous.
ALL_READERS = "ok ok ok ok ok ok"
NOT_THE_TEAM = "403 403 403 403 403 403"  # everyone of the council but the team
OWNER_B = {"owner_b", "owner_staff"}
MATRIX = [
    # Home, sign-in and the account pages.
    Row("home page", "pages:home", expect="ok " * 9),
    Row("sign-in page", "login", expect="302 " * 8 + "ok"),
    Row("sign out", "logout", method="post", expect="302 " * 9),
    Row("password change", "password_change", expect=f"{ALL_READERS} ok ok login"),
    Row("password changed", "password_change_done", expect=f"{ALL_READERS} ok ok login"),
    # Two-factor sign-in: nobody here has an app yet, so the code page sends them to set one up.
    Row("second factor: the code", "two_factor_verify", expect="302 " * 8 + "login"),
    Row("second factor: set up", "two_factor_setup", expect=f"{ALL_READERS} ok ok login"),
    Row("second factor: settings", "two_factor_settings", expect=f"{ALL_READERS} ok ok login"),
    Row("council account sign-in (off)", "oidc_authentication_init", expect="404 " * 9),
    Row("council account callback (off)", "oidc_authentication_callback", expect="404 " * 9),
    # Internal scorecard pages: roles of this council only; drafts for the team alone.
    Row(
        "overview",
        "scorecards:overview",
        query=q2_key,
        expect=f"{ALL_READERS} 403 404 login",
        shows={"Build a Better Borough": set(PERSONAS) - {"outsider"}},
    ),
    Row(
        "scorecard",
        "scorecards:detail",
        scorecard_args,
        query=q2_key,
        expect=f"{ALL_READERS} 403 404 login",
        shows={
            APPROVED_Q2: {"team", "approver_a", "councillor", "owner_a"} | OWNER_B,
            DRAFT_A: {"team"},
            SUBMITTED_B: {"team"},
        },
    ),
    Row(
        "exception report",
        "scorecards:exceptions",
        scorecard_args,
        query=q2_key,
        expect=f"{ALL_READERS} 403 404 login",
        shows={SUBMITTED_B: {"team"}},
    ),
    Row(
        "mark an exception noted (posted by hand)",
        "scorecards:exceptions",
        scorecard_args,
        method="post",
        query=q2_key,
        data=lambda world: {"measure": world.public.submitted.pk, "reason": "Known issue"},
        happened=lambda world: ExceptionNote.objects.exists(),
        expect="done kept kept kept kept kept 403 404 login",
    ),
    Row(
        "measure page, directorate A draft",
        "measures:detail",
        lambda world: ["M-LATE"],
        expect=f"{ALL_READERS} 403 404 login",
        shows={DRAFT_A: {"team", "owner_a", "approver_a"}},
    ),
    Row(
        "SPC recalculation point (the team's form on the measure page)",
        "measures:recalculate",
        lambda world: ["M-LATE"],
        method="post",
        data=lambda world: {
            "period": str(
                Figure.objects.filter(measure__code="M-LATE")
                .order_by("-period__start")
                .values_list("period_id", flat=True)
                .first()
            ),
            "reason": "The way the figures are counted changed",
        },
        happened=lambda world: SpcRecalculation.objects.exists(),
        # The team's form answers (M-LATE has too few figures for a chart, so it is refused
        # with its message); everyone else is refused before any rule is read.
        expect="400 403 403 403 403 403 403 404 login",
    ),
    Row(
        "SPC excluded figure (the team's form on the measure page)",
        "measures:exclude",
        lambda world: ["M-LATE"],
        method="post",
        data=lambda world: {"exclude-period": "0", "exclude-reason": "Counted twice that month"},
        happened=lambda world: SpcExclusion.objects.exists(),
        # The team's form answers (no such period on the chart: refused with its message);
        # everyone else is refused before any rule is read.
        expect="400 403 403 403 403 403 403 404 login",
    ),
    Row(
        "SPC baseline (the team's form on the measure page)",
        "measures:spc_baseline",
        lambda world: ["M-LATE"],
        method="post",
        data=lambda world: {
            "baseline-kind": "points",
            "baseline-points": "12",
            "baseline-reason": "The year before the new service",
        },
        happened=lambda world: SpcBaseline.objects.exists(),
        # The team sets it (a number of figures needs no chart); everyone else is refused
        # before any rule is read.
        expect="done 403 403 403 403 403 403 404 login",
    ),
    # The data quality statement: written by those who enter the measure's figures, signed
    # off by its owner or those who sign off its figures; read by everyone on the measure page.
    Row(
        "data quality statement page, directorate A",
        "measures:statement",
        lambda world: ["M-LATE"],
        expect="ok ok 403 403 ok 403 403 404 login",
    ),
    Row(
        "save a data quality statement draft (posted by hand)",
        "measures:statement",
        lambda world: ["M-LATE"],
        method="post",
        data=lambda world: {"action": "save", "accuracy": "Checked against case records"},
        happened=lambda world: DataQualityStatement.objects.exists(),
        # The approver signs off but does not write.
        expect="done done 403 403 403 403 403 404 login",
    ),
    Row(
        "measure page, directorate B submitted",
        "measures:detail",
        lambda world: ["M-SUB"],
        expect=f"{ALL_READERS} 403 404 login",
        shows={SUBMITTED_B: {"team"} | OWNER_B},
    ),
    # Reports: every signed-in person of the council; someone with no role reads what the
    # public reads (published periods, published figures), never an open period.
    Row("reports page", "reports:index", expect=f"{ALL_READERS} ok ok login"),
    Row(
        "strategic report page, open period",
        "reports:strategic",
        lambda world: ["2018-19-q2"],
        expect=f"{ALL_READERS} 404 404 login",
        shows={APPROVED_Q2: set(PERSONAS), DRAFT_A: {"team"}},
    ),
    Row(
        "strategic report download, open period",
        "reports:download",
        lambda world: ["2018-19-q2", "xlsx"],
        expect=f"{ALL_READERS} 404 404 login",
    ),
    Row(
        "strategic report download of an open period's web page",
        "reports:download",
        lambda world: ["2018-19-q2", "html"],
        expect=f"{ALL_READERS} 404 404 login",
        shows={SUBMITTED_B: {"team"}},
    ),
    Row(
        "strategic report page, published period",
        "reports:strategic",
        lambda world: ["2018-19-q1"],
        expect=f"{ALL_READERS} ok 404 login",
        shows={PUBLISHED: set(PERSONAS)},
        hides=(DRAFT_IN_PUBLISHED,),
    ),
    # A published period's documents are rendered by the worker and kept: until they are,
    # the download answers 202 with a page saying they are being prepared.
    Row(
        "strategic report download, published period, being prepared",
        "reports:download",
        lambda world: ["2018-19-q1", "pdf"],
        expect="202 " * 7 + "404 login",
    ),
    Row(
        "strategic report download, published period, kept",
        "reports:download",
        lambda world: ["2018-19-q1", "html"],
        expect=f"{ALL_READERS} ok 404 login",
        shows={PUBLISHED: set(PERSONAS)},
        hides=(DRAFT_IN_PUBLISHED,),
        prepare=lambda world: render_documents.call(world.q1.pk),
    ),
    # The administration, imports and exports: the performance team (of its own council),
    # whatever anyone's staff flag or model permissions; one sign-in, Yardstick's.
    Row("administration", "admin:index", expect=f"ok {NOT_THE_TEAM} ok login"),
    Row(
        "administration's own sign-in page",
        "admin:login",
        expect=f"302 {NOT_THE_TEAM} 302 login",
    ),
    Row(
        "administration: measures",
        "admin:measures_measure_changelist",
        expect=f"ok {NOT_THE_TEAM} ok login",
        shows={"M-LATE": {"team"}},
    ),
    Row(
        "administration: directorate B's measure",
        "admin:measures_measure_change",
        measure_pk("M-SUB"),
        expect=f"ok {NOT_THE_TEAM} 302 login",
    ),
    Row("imports", "imports:index", expect=f"ok {NOT_THE_TEAM} ok login"),
    Row(
        "imports: upload posted by hand",
        "imports:index",
        method="post",
        data=upload_post,
        happened=uploaded,
        expect=f"done {NOT_THE_TEAM} kept login",
    ),
    Row(
        "imports: preview of this council's run",
        "imports:preview",
        lambda world: [world.run.pk],
        expect=f"ok {NOT_THE_TEAM} 404 login",
    ),
    Row(
        "imports: confirm this council's run by hand",
        "imports:confirm",
        lambda world: [world.run.pk],
        method="post",
        happened=figure_value("M-SUB", "q2"),
        expect=f"done {NOT_THE_TEAM} 404 login",
    ),
    Row(
        "imports: progress of this council's run",
        "imports:progress",
        lambda world: [world.run.pk],
        expect=f"ok {NOT_THE_TEAM} 404 login",
    ),
    Row(
        "imports: progress of another organisation's run",
        "imports:progress",
        lambda world: [0],
        expect=f"404 {NOT_THE_TEAM} 404 login",
    ),
    Row(
        "imports: preview of another organisation's run",
        "imports:preview",
        lambda world: [0],
        expect=f"404 {NOT_THE_TEAM} 404 login",
    ),
    Row(
        "imports: export",
        "imports:export",
        lambda world: ["measures", "csv"],
        expect=f"ok {NOT_THE_TEAM} ok login",
    ),
    Row(
        "imports: the starter workbook",
        "imports:starter",
        expect=f"ok {NOT_THE_TEAM} ok login",
    ),
    # The first-run page is not found once any organisation exists, whoever asks.
    Row("first-run set-up page", "pages:setup", expect="404 " * 9),
    Row(
        "first-run set-up posted by hand",
        "pages:setup",
        method="post",
        data=lambda world: {"name": "A second council", "username": "mallory"},
        expect="404 " * 9,
    ),
    Row("next steps after setting up", "pages:setup_next_steps", expect="ok " * 8 + "login"),
    Row("data quality", "dataquality:page", expect=f"ok {NOT_THE_TEAM} ok login"),
    # Collecting the figures.
    Row("my returns", "collection:returns", expect=f"{ALL_READERS} 403 ok login"),
    Row("my calendar", "collection:calendar", expect=f"{ALL_READERS} 403 ok login"),
    Row(
        "a calendar feed without a link made",
        "collection:calendar_feed",
        lambda world: ["no-such-link"],
        expect="404 " * 9,
    ),
    # Portfolios.
    # Finding things: the measures list (search, A-Z), the council-wide exceptions, the
    # in-year changes, a unit's scorecard and the plans: the council's readers.
    Row("measures list", "scorecards:measures", expect=f"{ALL_READERS} 403 ok login"),
    Row(
        "council-wide exceptions",
        "scorecards:council_exceptions",
        expect=f"{ALL_READERS} 403 404 login",  # the outsider's council has no period
    ),
    Row("in-year scorecard changes", "scorecards:changes", expect=f"{ALL_READERS} 403 404 login"),
    Row(
        "a directorate's scorecard",
        "scorecards:unit",
        lambda world: [world.directorate_a.code],
        expect=f"{ALL_READERS} 403 404 login",
    ),
    Row(
        "a scorecard's download (Excel, with the missing data)",
        "downloads:scorecard",
        scorecard_args,
        query=lambda world: f"{q2_key(world)}&format=xlsx&missing=1",
        expect=f"{ALL_READERS} 403 404 login",
    ),
    Row(
        "a directorate's scorecard's download (Word)",
        "downloads:unit",
        lambda world: [world.directorate_a.code],
        query=lambda world: f"{q2_key(world)}&format=docx",
        expect=f"{ALL_READERS} 403 404 login",
    ),
    Row("plans", "pages:plans", expect=f"{ALL_READERS} 403 ok login"),
    Row("portfolios", "pages:portfolios", expect=f"{ALL_READERS} 403 ok login"),
    Row(
        "a portfolio",
        "pages:portfolio",
        lambda world: [world.people["councillor"].pk],
        expect=f"{ALL_READERS} 403 404 login",
    ),
    # Meetings and their actions.
    Row("meetings", "meetings:index", expect=f"{ALL_READERS} 403 ok login"),
    Row(
        "a body's meetings and action log",
        "meetings:body",
        lambda world: [world.body.pk],
        expect=f"{ALL_READERS} 403 404 login",
        shows={"Bring a plan": set(PERSONAS) - {"no_role", "outsider", "anonymous"}},
    ),
    Row(
        "a meeting",
        "meetings:meeting",
        lambda world: [world.meeting.pk],
        expect=f"{ALL_READERS} 403 404 login",
    ),
    Row(
        "a meeting's attendance and minutes",
        "meetings:minutes",
        lambda world: [world.meeting.pk],
        expect=f"{ALL_READERS} 403 404 login",
    ),
    Row(
        "record a meeting's minutes by posting the form by hand",
        "meetings:minutes",
        lambda world: [world.meeting.pk],
        method="post",
        data=lambda world: {"minutes": "Agreed.", "others_attended": "A guest"},
        happened=lambda world: Meeting.objects.filter(minutes="Agreed.").exists(),
        expect=f"done {NOT_THE_TEAM} 404 login",
    ),
    Row(
        "an action",
        "meetings:action",
        lambda world: [world.action.pk],
        expect=f"{ALL_READERS} 403 404 login",
    ),
    Row(
        "schedule a meeting by posting the form by hand",
        "meetings:body",
        lambda world: [world.body.pk],
        method="post",
        data=lambda world: {"day": "2018-12-11", "time": "10:00", "place": "Room 2"},
        happened=lambda world: Meeting.objects.filter(body=world.body).count() == 2,
        expect=f"done {NOT_THE_TEAM} 404 login",
    ),
    Row(
        "record an action by posting the form by hand",
        "meetings:meeting",
        lambda world: [world.meeting.pk],
        method="post",
        data=lambda world: {"text": "Another", "owner_name": "All"},
        happened=lambda world: AgreedAction.objects.filter(text="Another").exists(),
        expect=f"done {NOT_THE_TEAM} 404 login",
    ),
    Row(
        "set a meeting's status by posting the form by hand",
        "meetings:meeting",
        lambda world: [world.meeting.pk],
        method="post",
        data=lambda world: {"status": "held"},
        happened=lambda world: Meeting.objects.filter(status="held").exists(),
        expect=f"done {NOT_THE_TEAM} 404 login",
    ),
    Row(
        "update an action: its owner and the team only",
        "meetings:action",
        lambda world: [world.action.pk],
        method="post",
        data=lambda world: {"text": "Progress", "status": "open"},
        happened=lambda world: AgreedActionUpdate.objects.exists(),
        expect="done done 403 403 403 403 403 404 login",
    ),
    # Scrutiny: every reader reads the tracker; the officer (and owners of the
    # recommendation's directorate) add updates; councillors and members ask questions; the
    # team records responses and closes recommendations.
    Row("scrutiny reviews", "scrutiny:index", expect=f"{ALL_READERS} 403 ok login"),
    Row(
        "a review's recommendations tracker",
        "scrutiny:tracker",
        lambda world: [world.review.pk],
        expect=f"{ALL_READERS} 403 404 login",
        shows={"Report the time taken": set(PERSONAS) - {"no_role", "outsider", "anonymous"}},
    ),
    Row(
        "the tracker as Word",
        "scrutiny:download",
        lambda world: [world.review.pk, "docx"],
        expect=f"{ALL_READERS} 403 404 login",
    ),
    Row(
        "a review's cover report as Word",
        "scrutiny:cover",
        lambda world: [world.review.pk, "docx"],
        expect=f"{ALL_READERS} 403 404 login",
    ),
    Row(
        "a recommendation",
        "scrutiny:recommendation",
        lambda world: [world.recommendation.pk],
        expect=f"{ALL_READERS} 403 404 login",
    ),
    Row(
        "close a recommendation by posting the form by hand",
        "scrutiny:recommendation",
        lambda world: [world.recommendation.pk],
        method="post",
        data=lambda world: {"form": "close", "close-status": "closed", "close-evidence": "Done"},
        happened=lambda world: Recommendation.objects.filter(status="closed").exists(),
        expect=f"done {NOT_THE_TEAM} 404 login",
    ),
    Row(
        "the page to add an update on a recommendation",
        "scrutiny:update",
        lambda world: [world.recommendation.pk],
        expect="ok ok 403 403 403 403 403 404 login",
    ),
    Row(
        "add an update: the officer, their directorate's owners and the team only",
        "scrutiny:update",
        lambda world: [world.recommendation.pk],
        method="post",
        data=lambda world: {"text": "Progress"},
        happened=lambda world: RecommendationUpdate.objects.exists(),
        expect="done done 403 403 403 403 403 404 login",
    ),
    Row(
        # owner_a sits on the review's committee (world.body): a member may ask.
        "ask a question on a recommendation: councillors, members and the team",
        "scrutiny:question",
        lambda world: [world.recommendation.pk],
        method="post",
        data=lambda world: {"text": "When?"},
        happened=lambda world: Question.objects.exists(),
        expect="done done 403 403 403 done 403 404 login",
    ),
    # Scrutiny's own pages: the team creates and changes reviews and recommendations; the
    # responsible officer (owner_a), their directorate's owners and the team answer questions.
    # (the outsider is another council's team: their own council's pages)
    Row("new scrutiny review", "scrutiny:new_review", expect=f"ok {NOT_THE_TEAM} ok login"),
    Row(
        "change a scrutiny review",
        "scrutiny:change_review",
        lambda world: [world.review.pk],
        expect=f"ok {NOT_THE_TEAM} 404 login",
    ),
    Row(
        "new recommendation",
        "scrutiny:new_recommendation",
        lambda world: [world.review.pk],
        expect=f"ok {NOT_THE_TEAM} 404 login",
    ),
    Row(
        "change a recommendation",
        "scrutiny:change_recommendation",
        lambda world: [world.recommendation.pk],
        expect=f"ok {NOT_THE_TEAM} 404 login",
    ),
    Row(
        "answer a member's question",
        "scrutiny:answer",
        lambda world: [Question.objects.get().pk],
        prepare=lambda world: ask_question(world.recommendation, "When?", world.people["team"]),
        expect="ok ok 403 403 403 403 403 404 login",
    ),
    # A meeting's pack: the team builds it; the team, councillors and the body's members
    # (owner_a) read it once published; before that only the team.
    Row(
        "a meeting's pack builder",
        "packs:builder",
        lambda world: [world.meeting.pk],
        expect=f"ok {NOT_THE_TEAM} 404 login",
    ),
    Row(
        "start a meeting's pack by posting by hand",
        "packs:builder",
        lambda world: [world.meeting.pk],
        method="post",
        data=lambda world: {"action": "start"},
        happened=lambda world: Pack.objects.filter(meeting=world.meeting).exists(),
        expect=f"done {NOT_THE_TEAM} 404 login",
    ),
    Row(
        "a meeting's draft pack",
        "packs:read",
        lambda world: [world.meeting.pk],
        prepare=lambda world: start_pack(world.meeting, world.people["team"]),
        expect="ok 404 403 403 403 404 403 404 login",
    ),
    Row(
        "a meeting's published pack",
        "packs:read",
        lambda world: [world.meeting.pk],
        prepare=lambda world: publish_pack(
            start_pack(world.meeting, world.people["team"]), world.people["team"]
        ),
        expect="ok ok 403 403 403 ok 403 404 login",
        shows={PUBLISHED: {"team", "owner_a", "councillor"}},
        hides=UNPUBLISHED,
    ),
    Row(
        "a meeting's published pack as Word",
        "packs:download",
        lambda world: [world.meeting.pk, "docx"],
        prepare=lambda world: publish_pack(
            start_pack(world.meeting, world.people["team"]), world.people["team"]
        ),
        expect="ok ok 403 403 403 ok 403 404 login",
    ),
    # Risk registers: everyone of the council reads them; the team (and a register's director)
    # adds and changes risks; a risk's owner reviews it.
    Row("risk registers", "risks:index", expect=f"{ALL_READERS} 403 ok login"),
    Row("the risk scale", "risks:scale", expect=f"{ALL_READERS} 403 ok login"),
    Row("risks in the report", "reports:risks", expect=f"ok {NOT_THE_TEAM} ok login"),
    # The report's key challenges: the team chooses; owners may add their own measures.
    Row(
        "key challenges of a period's report",
        "reports:challenges",
        lambda world: ["2018-19-q2"],
        expect="ok ok ok ok 403 403 403 404 login",
    ),
    Row(
        "include a key challenge (posted by hand): the team, or the measure's owner",
        "reports:challenges",
        lambda world: ["2018-19-q2"],
        method="post",
        data=lambda world: {
            "scorecard": world.public.scorecard.pk,
            "measure": world.public.late.pk,
            "action": "include",
        },
        happened=lambda world: KeyChallenge.objects.filter(choice="include").exists(),
        expect="done done 403 403 403 403 403 404 login",
    ),
    Row(
        "leave out a key challenge (posted by hand): the team only",
        "reports:challenges",
        lambda world: ["2018-19-q2"],
        method="post",
        data=lambda world: {
            "scorecard": world.public.scorecard.pk,
            "measure": world.public.late.pk,
            "action": "leave_out",
            "reason": "Discussed at the last board",
        },
        happened=lambda world: KeyChallenge.objects.filter(choice="leave_out").exists(),
        expect="done 403 403 403 403 403 403 404 login",
    ),
    # The report's text: the performance team (and a theme's lead officer, none here) writes
    # it; someone with no role is refused; another council's team has no such period.
    Row(
        "the report's text",
        "reports:narrative",
        lambda world: ["2018-19-q2"],
        expect=f"ok {NOT_THE_TEAM} 404 login",
    ),
    Row(
        "the report's introduction",
        "reports:introduction",
        lambda world: ["2018-19-q2"],
        expect=f"ok {NOT_THE_TEAM} 404 login",
    ),
    Row(
        "the report's introduction (posted by hand)",
        "reports:introduction",
        lambda world: ["2018-19-q2"],
        method="post",
        data=lambda world: {"introduction": "The plan.", "summary": "", "step": "save"},
        happened=lambda world: Introduction.objects.exists(),
        expect=f"done {NOT_THE_TEAM} 404 login",
    ),
    Row(
        "a theme's achievements",
        "reports:achievements",
        lambda world: ["2018-19-q2", world.public.scorecard.theme.code],
        expect=f"ok {NOT_THE_TEAM} 404 login",
    ),
    Row("the glossary", "reports:glossary", expect=f"ok {NOT_THE_TEAM} ok login"),
    Row(
        "the glossary: add a term (posted by hand)",
        "reports:glossary",
        method="post",
        data=lambda world: {"term": "MASH", "meaning": "Multi-Agency Safeguarding Hub"},
        happened=lambda world: Abbreviation.objects.filter(organisation=world.council).exists(),
        # another council's team adds the term to its own glossary, never to this council's
        expect=f"done {NOT_THE_TEAM} kept login",
    ),
    Row(
        "a term of the glossary",
        "reports:abbreviation",
        lambda world: [abbreviation_of(world).pk],
        expect=f"ok {NOT_THE_TEAM} 404 login",
    ),
    Row(
        "a risk register",
        "risks:register",
        lambda world: ["RES-R"],
        prepare=lambda world: risk_of(world),
        expect=f"{ALL_READERS} 403 404 login",
        shows={"Move contact online risk": set(PERSONAS) - {"no_role", "outsider", "anonymous"}},
    ),
    Row(
        "a risk register as Excel",
        "reports:risk_register",
        lambda world: ["RES-R", "xlsx"],
        prepare=lambda world: risk_of(world),
        expect=f"{ALL_READERS} 403 404 login",
    ),
    Row(
        "a risk",
        "risks:risk",
        lambda world: [risk_of(world).pk],
        expect=f"{ALL_READERS} 403 404 login",
    ),
    Row(
        "add a risk",
        "risks:new",
        lambda world: ["RES-R"],
        prepare=lambda world: risk_of(world),
        expect="ok 403 403 403 403 403 403 404 login",
    ),
    Row(
        "change a risk",
        "risks:edit",
        lambda world: [risk_of(world).pk],
        expect="ok 403 403 403 403 403 403 404 login",
    ),
    Row(
        "review a risk by posting the form by hand: its owner and the team",
        "risks:risk",
        lambda world: [risk_of(world).pk],
        method="post",
        data=lambda world: {
            "form": "review",
            "review-likelihood": "2",
            "review-impact": "2",
            "review-next_review": "2027-06-01",
        },
        happened=lambda world: RiskReview.objects.count() == 2,
        expect="done done 403 403 403 403 403 404 login",
    ),
    Row(
        "close a risk by posting the form by hand: the team",
        "risks:risk",
        lambda world: [risk_of(world).pk],
        method="post",
        data=lambda world: {"form": "close", "close-reason": "Passed"},
        happened=lambda world: Risk.objects.filter(status="closed").exists(),
        expect="done 403 403 403 403 403 403 404 login",
    ),
    Row(
        "a key project's return: its owner, its unit's approver and the team",
        "collection:project_return",
        lambda world: [world.project.pk, world.q2.pk],
        expect="ok ok 403 403 ok 403 403 404 login",
    ),
    Row(
        "submit a key project's return by posting the form by hand",
        "collection:project_return",
        lambda world: [world.project.pk, world.q2.pk],
        method="post",
        data=lambda world: {"step": "submit", "progress": "Done", "status": "green"},
        happened=lambda world: ActionUpdate.objects.filter(state="submitted").exists(),
        expect="done done 403 403 403 403 403 404 login",
    ),
    Row(
        "a completed key project's benefits review",
        "collection:benefits_review",
        lambda world: [world.project.pk],
        expect="ok ok 403 403 403 403 403 404 login",
    ),
    Row(
        "enter a figure, own directorate",
        "collection:entry",
        entry("M-LATE"),
        expect="ok ok 403 403 403 403 403 404 login",
    ),
    Row(
        "change directorate A's draft by posting the form by hand",
        "collection:entry",
        entry("M-LATE"),
        method="post",
        data=entry_post("M-LATE"),
        happened=figure_value("M-LATE", "q2"),
        expect="done done 403 403 403 403 403 404 login",
    ),
    Row(
        "read directorate B's submitted figure by editing the URL",
        "collection:entry",
        entry("M-SUB"),
        expect="ok 403 ok ok 403 403 403 404 login",
    ),
    Row(
        "several figures on one page",
        "collection:several",
        lambda world: [world.q2.pk],
        expect=f"{ALL_READERS} 403 404 login",
    ),
    Row(
        "several figures: directorate A's draft posted by hand",
        "collection:several",
        lambda world: [world.q2.pk],
        method="post",
        data=several_post("M-LATE"),
        happened=figure_value("M-LATE", "q2"),
        expect="done done kept kept kept kept 403 404 login",
    ),
    Row(
        "entry preview posted by hand",
        "collection:preview",
        entry("M-LATE"),
        method="post",
        data=lambda world: {"value": "55%"},
        expect="ok ok 403 403 403 403 403 404 login",
    ),
    Row("sign-off list", "collection:sign_off", expect=f"{ALL_READERS} 403 ok login"),
    Row(
        "sign off directorate B's figure",
        "collection:review",
        lambda world: [world.figure("M-SUB", world.q2).pk],
        expect=f"ok {NOT_THE_TEAM} 404 login",
    ),
    Row(
        "approve directorate B's figure by posting by hand",
        "collection:review",
        lambda world: [world.figure("M-SUB", world.q2).pk],
        method="post",
        data=lambda world: {
            "decision": "approve",
            "version": world.figure("M-SUB", world.q2).version,
        },
        happened=reviewed,
        expect=f"done {NOT_THE_TEAM} 404 login",
    ),
    Row("publishing", "collection:publish", expect=f"ok {NOT_THE_TEAM} ok login"),
    Row(
        "publish a period by posting by hand",
        "collection:publish_period",
        lambda world: [world.q2.pk],
        method="post",
        data=lambda world: {"confirm": "on"},
        happened=lambda world: Period.objects.get(pk=world.q2.pk).status == PeriodStatus.PUBLISHED,
        expect=f"done {NOT_THE_TEAM} 404 login",
    ),
    Row(
        "agree a period's proposed targets",
        "collection:agree_targets",
        lambda world: [world.q2.pk],
        expect=f"ok {NOT_THE_TEAM} 404 login",
    ),
    # A measure's target profile and trajectory: the performance team.
    Row(
        "a measure's target profile",
        "measures:target_profile",
        lambda world: ["M-LATE"],
        expect=f"ok {NOT_THE_TEAM} 404 login",
    ),
    # The council's own rating key: the performance team sets and removes it.
    Row("rating keys", "rating_keys:page", expect=f"ok {NOT_THE_TEAM} ok login"),
    Row(
        "remove the council's rating key (posted by hand)",
        "rating_keys:remove",
        lambda world: [RatingKey.objects.get(organisation=world.council).pk],
        method="post",
        prepare=lambda world: set_rating_key(
            world.council, bundled_key_text("five-band"), world.people["team"]
        ),
        happened=lambda world: not RatingKey.objects.filter(organisation=world.council).exists(),
        expect="done 403 403 403 403 403 403 404 login",
    ),
    # A key written field by field: the team opens a measure's (another council's cannot).
    Row(
        "a measure's rating key in the form",
        "rating_keys:form",
        query=lambda world: "?whose=M-LATE",
        expect=f"ok {NOT_THE_TEAM} 404 login",
    ),
    Row(
        "set the council's rating key in the form (posted by hand)",
        "rating_keys:form",
        method="post",
        data=lambda world: {
            "whose": "",
            "name": "Set in the form",
            "bands-TOTAL_FORMS": "2",
            "bands-INITIAL_FORMS": "0",
            "bands-0-code": "G",
            "bands-0-bound": "0",
            "bands-1-code": "R",
        },
        happened=lambda world: RatingKey.objects.filter(
            organisation=world.council, name="Set in the form"
        ).exists(),
        # another council's team sets its own council's key: this council's is kept
        expect="done 403 403 403 403 403 403 kept login",
    ),
    # The challenge list: every internal reader; its settings and the agenda: the team.
    Row("the challenge list", "reports:challenge_list", expect=f"{ALL_READERS} 403 ok login"),
    Row(
        "the challenge list's settings",
        "reports:challenge_list_settings",
        expect=f"ok {NOT_THE_TEAM} ok login",
    ),
    Row(
        "put the challenge list on a meeting's agenda (posted by hand)",
        "reports:challenge_list_agenda",
        method="post",
        data=lambda world: {"meeting": world.upcoming.pk},
        happened=lambda world: AgendaItem.objects.filter(
            meeting=world.upcoming, title__startswith="Challenge list"
        ).exists(),
        # Another council's team is offered none of this council's meetings.
        expect="done 403 403 403 403 403 403 kept login",
    ),
    Row(
        "correct a published figure",
        "collection:correct",
        entry("M-PUB", "q1"),
        expect=f"ok {NOT_THE_TEAM} 404 login",
    ),
    Row("deadlines", "collection:deadlines", expect=f"ok {NOT_THE_TEAM} ok login"),
    Row(
        "set a period's deadline by hand",
        "collection:period_deadline",
        lambda world: [world.q2.pk],
        method="post",
        data=lambda world: {f"p{world.q2.pk}-deadline": "2018-10-31"},
        happened=lambda world: Period.objects.get(pk=world.q2.pk).deadline is not None,
        expect=f"done {NOT_THE_TEAM} 404 login",
    ),
    Row(
        "set the day a period opens for returns",
        "collection:period_opening",
        lambda world: [period(world.council, "2019-20 Q1").pk],
        method="post",
        data=lambda world: {f"o{period(world.council, '2019-20 Q1').pk}-opens_on": "2019-04-01"},
        happened=lambda world: period(world.council, "2019-20 Q1").opens_on is not None,
        expect=f"done {NOT_THE_TEAM} 404 login",
    ),
    # The public pages: everyone, published figures only, whoever is signed in.
    # Operations: the health check answers anyone (503 here: no background worker runs);
    # the deliberate error is for superusers, and nobody here is one.
    Row("health check", "health:healthz", expect="503 " * 9),
    Row("deliberate error", "health:deliberate_error", expect="404 " * 9),
    Row("public index", "public:index", expect="ok " * 9),
    Row(
        "public organisation page",
        "public:organisation",
        lambda world: [world.council.slug],
        expect="ok " * 9,
    ),
    Row(
        "public scorecard",
        "public:scorecard",
        public_args,
        expect="ok " * 9,
        shows={PUBLISHED: set(PERSONAS)},
        hides=UNPUBLISHED,
    ),
    Row(
        "public CSV",
        "public:scorecard_csv",
        public_args,
        expect="ok " * 9,
        shows={PUBLISHED: set(PERSONAS)},
        hides=UNPUBLISHED,
    ),
    # The API (docs/api.md): each persona with a token of their own. People of the council
    # read it as its pages show it; the public (no role, another council's people, no token)
    # reads what the public site shows; writes follow the entry pages' rules.
    Row("API organisations", "api:list_organisations", expect="ok " * 9, token=True),
    *(
        Row(
            f"API {name}",
            f"api:{name}",
            lambda world: [world.council.slug],
            expect="ok " * 9,
            token=True,
        )
        for name in (
            "get_organisation",
            "list_units",
            "list_plans",
            "list_themes",
            "list_measures",
            "list_targets",
            "list_scorecards",
        )
    ),
    Row(
        "API periods",
        "api:list_periods",
        lambda world: [world.council.slug],
        expect="ok " * 9,
        token=True,
        shows={
            "2018-19 Q2": {"team", "owner_a", "owner_b", "owner_staff", "approver_a", "councillor"}
        },
    ),
    Row(
        "API an open period",
        "api:get_period",
        lambda world: [world.council.slug, world.q2.pk],
        expect=f"{ALL_READERS} 404 404 404",
        token=True,
    ),
    Row(
        "API a measure",
        "api:get_measure",
        lambda world: [world.council.slug, world.public.late.pk],
        expect="ok " * 9,
        token=True,
    ),
    Row(
        "API figures",
        "api:list_figures",
        lambda world: [world.council.slug],
        query=lambda world: "?page_size=200",
        expect="ok " * 9,
        token=True,
        shows={
            PUBLISHED: set(PERSONAS),
            DRAFT_A: {"team", "owner_a", "approver_a"},
            APPROVED_Q2: {"team", "owner_a", "owner_b", "owner_staff", "approver_a", "councillor"},
        },
    ),
    Row(
        "API a draft figure",
        "api:get_figure",
        lambda world: [world.council.slug, world.public.late.pk, world.q2.pk],
        expect="ok ok 404 404 ok 404 404 404 404",
        token=True,
        shows={DRAFT_A: {"team", "owner_a", "approver_a"}},
    ),
    Row(
        "API enter a figure",
        "api:put_figure",
        lambda world: [world.council.slug, world.public.late.pk, world.q2.pk],
        method="put",
        data=lambda world: {"value": "80", "version": world.figure("M-LATE", world.q2).version},
        expect="ok ok 403 403 403 403 404 404 401",
        token=True,
    ),
    Row(
        "API ratings of an open period",
        "api:list_ratings",
        lambda world: [world.council.slug],
        query=lambda world: f"?period={world.q2.pk}",
        expect=f"{ALL_READERS} 404 404 404",
        token=True,
    ),
    Row(
        "API a scorecard",
        "api:get_scorecard",
        lambda world: [world.council.slug, world.public.scorecard.pk],
        expect="ok " * 9,
        token=True,
        shows={PUBLISHED: set(PERSONAS)},
        hides=(DRAFT_A, SUBMITTED_B, DRAFT_IN_PUBLISHED),
    ),
    Row(
        "API key projects",
        "api:list_projects",
        lambda world: [world.council.slug],
        expect=f"{ALL_READERS} 403 403 401",
        token=True,
    ),
    Row(
        "API a key project's returns",
        "api:list_returns",
        lambda world: [world.council.slug, world.project.pk],
        expect=f"{ALL_READERS} 403 403 401",
        token=True,
    ),
    Row(
        "API a key project's return",
        "api:put_return",
        lambda world: [world.council.slug, world.project.pk, world.q2.pk],
        method="put",
        data=lambda world: {"progress": "On track.", "status": "green"},
        expect="ok ok 403 403 403 403 403 403 401",
        token=True,
    ),
    Row(
        "API data quality statements",
        "api:list_statements",
        lambda world: [world.council.slug],
        expect=f"{ALL_READERS} 403 403 401",
        token=True,
    ),
    Row(
        "API a measure's data quality statement (none signed off)",
        "api:get_statement",
        lambda world: [world.council.slug, world.public.late.pk],
        expect="404 404 404 404 404 404 403 403 401",
        token=True,
    ),
    Row("API schema", "api:openapi-json", expect="ok " * 9, token=True),
    Row("API documentation", "api:openapi-view", expect="ok " * 9, token=True),
    Row("API root", "api:api-root", expect="404 " * 9, token=True),
    Row("API tokens", "api_tokens:list", expect=f"{ALL_READERS} ok ok login"),
    Row(
        "revoke an API token",
        "api_tokens:revoke",
        lambda world: [ApiToken.objects.get(user=world.people["team"], name="mine").pk],
        method="post",
        prepare=lambda world: create_token(world.people["team"], "mine", TokenScope.READ, 5),
        happened=lambda world: ApiToken.objects.get(name="mine").revoked_at is not None,
        expect="done 404 404 404 404 404 404 404 login",
    ),
    *(
        Row(
            label,
            name,
            args,
            expect="ok " * 9,
            shows={PUBLISHED: set(PERSONAS)} if shows else {},
            hides=UNPUBLISHED,
        )
        for label, name, args, shows in (
            ("public archive", "public:archive", lambda world: [world.council.slug], False),
            ("public period", "public:period", lambda world: [world.council.slug, Q1], False),
            (
                "public period's open data",
                "public:period_figures",
                lambda world: [world.council.slug, Q1, "json"],
                True,
            ),
            ("public report", "public:report", lambda world: [world.council.slug, Q1], False),
            ("public open data", "public:figures", lambda world: [world.council.slug, "csv"], True),
            ("public catalogue", "public:catalogue", lambda world: [world.council.slug], False),
            ("public search", "public:measures", lambda world: [world.council.slug], False),
            (
                "public measure page",
                "public:measure",
                lambda world: [world.council.slug, "M-PUB"],
                True,
            ),
            (
                "public measure's open data",
                "public:measure_figures",
                lambda world: [world.council.slug, "M-PUB", "csv"],
                True,
            ),
            (
                "public scorecard's open data",
                "public:scorecard_figures",
                lambda world: [*public_args(world), "json"],
                True,
            ),
            (
                "public scorecard in a period",
                "public:scorecard_period",
                lambda world: [*public_args(world), Q1],
                True,
            ),
        )
    ),
    Row(
        "public scorecard's download (Excel)",
        "public:scorecard_download",
        lambda world: [*public_args(world), Q1],
        query=lambda world: "?format=xlsx",
        expect="ok " * 9,
    ),
    # The report's PDF is the worker's to render and keep: 202 while it prepares it.
    Row(
        "public report PDF",
        "public:report_pdf",
        lambda world: [world.council.slug, Q1],
        expect="202 " * 9,
        hides=UNPUBLISHED,
    ),
]


def outcome(response, row: Row, world: World) -> str:
    code = response.status_code
    if code in (301, 302):
        location = response["Location"]
        if location.startswith(reverse("admin:login")):
            return "admin"
        if location.startswith(reverse("login")):
            return "login"
        if row.happened is not None:
            return "done" if row.happened(world) else "kept"
        return "302"
    if code == 200 and row.happened is not None and row.method == "post":
        return "done" if row.happened(world) else "200 (no change)"
    return "ok" if code == 200 else str(code)


def url_of(row: Row, world: World) -> str:
    return reverse(row.url_name, args=row.args(world)) + row.query(world)


def params():
    for row in MATRIX:
        marks = [pytest.mark.xfail(strict=True, reason=row.xfail)] if row.xfail else []
        yield pytest.param(row, id=row.label, marks=marks)


@pytest.mark.django_db
@pytest.mark.parametrize("row", list(params()))
def test_permissions(row: Row, client, council, other_council):
    if not row.url_name.startswith("admin:") and row.url_name not in named_urls():
        pytest.skip(f"{row.url_name} is not in the URLconf yet")
    world = build_world(council, other_council)
    if row.prepare is not None:
        row.prepare(world)
    expected = row.expect.split()
    assert len(expected) == len(PERSONAS), f"{row.label}: one outcome per persona"
    problems = []
    for persona, wanted in zip(PERSONAS, expected, strict=True):
        with transaction.atomic():
            client.logout()
            person, extra = world.people[persona], {}
            if row.token:
                extra["content_type"] = "application/json"
                if person is not None:
                    secret = create_token(person, "matrix", TokenScope.WRITE, 1).secret
                    extra["headers"] = {"Authorization": f"Bearer {secret}"}
            elif person is not None:
                client.force_login(person)
            url = url_of(row, world)
            response = getattr(client, row.method)(url, row.data(world), **extra)
            got = outcome(response, row, world)
            if got != wanted:
                problems.append(f"{persona}: expected {wanted}, got {got} ({url})")
            elif got == "ok":
                body = b"".join(
                    response.streaming_content if response.streaming else [response.content]
                ).decode(errors="replace")
                for text, who in row.shows.items():
                    if (text in body) != (persona in who):
                        seen = "saw" if text in body else "did not see"
                        problems.append(f"{persona} {seen} {text!r} on {url}")
                for text in row.hides:
                    if text in body:
                        problems.append(f"{persona} saw {text!r} on {url}")
            transaction.set_rollback(True)
    assert not problems, f"{row.label}:\n" + "\n".join(problems)


def named_urls() -> set[str]:
    """Every named URL outside the administration, namespaced (the administration's own
    pages are Django's; the matrix checks its index and a change list)."""
    names: set[str] = set()

    def walk(patterns, namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                full = f"{namespace}:{inner}" if namespace and inner else inner or namespace
                if full != "admin":
                    walk(pattern.url_patterns, full)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return names


def test_every_named_url_is_in_the_matrix():
    covered = {row.url_name for row in MATRIX}
    missing = sorted(named_urls() - covered)
    assert not missing, (
        "These named URLs have no row in the permissions matrix "
        f"(yardstick/accounts/tests/test_permissions_matrix.py): {missing}"
    )


def test_every_row_has_one_outcome_per_persona():
    for row in MATRIX:
        assert len(row.expect.split()) == len(PERSONAS), row.label
