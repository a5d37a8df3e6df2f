"""The Strategic Performance Report, format-neutral: the introduction and the summary of
achievements across the themes, with the glossary's abbreviations the text uses; per theme the
key projects and initiatives, the scorecard and the key challenges (`scorecards.challenges`: the
measures off target on their latest figure, as the performance team chose, with their
commentary), with the key to the bands and the footnotes collected from the notes; and the
risk registers the performance team chose for it (`Register.in_report`), each with its open risks
or only those above appetite, above appetite first."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F
from django.utils.text import slugify

from yardstick.accounts.access import Access
from yardstick.actions.models import ActionStatus, ActionUpdate, KeyAction
from yardstick.framework.models import Abbreviation, Introduction, Period, Theme, ThemeSummary
from yardstick.risks import queries as risk_queries
from yardstick.risks.models import InReport, Register
from yardstick.risks.services import scale_of
from yardstick.scorecards.challenges import Challenge, scorecard_challenges
from yardstick.scorecards.models import Scorecard
from yardstick.scorecards.rows import ScorecardReport, build_scorecard, key_for


@dataclass(frozen=True)
class ActionRow:
    title: str
    progress: str
    status: str  # an ActionStatus value
    owner: str

    @property
    def status_label(self) -> str:
        return ActionStatus(self.status).label if self.status else "No update"


@dataclass(frozen=True)
class ThemeSection:
    theme: Theme
    achievements: str
    actions: tuple[ActionRow, ...]
    scorecard: ScorecardReport | None
    # The key challenges, by the rule and the performance team's choices
    # (`scorecards.challenges`).
    challenges: tuple[Challenge, ...] = ()


RISK_HEADERS = ["Ref", "Risk", "Owner", "Current", "Target", "Appetite", "Since last review"]


@dataclass(frozen=True)
class RiskSection:
    """A chosen register in the report: its open risks (or only those above appetite),
    above appetite first, as `risks.queries` rows (scores, bands and directions are the
    core's)."""

    register: Register
    above_appetite_only: bool
    rows: tuple[risk_queries.RiskRow, ...]

    @property
    def title(self) -> str:
        return self.register.title

    @property
    def describe(self) -> str:
        which = "Risks above appetite" if self.above_appetite_only else "Open risks"
        return f"{which}, above appetite first: {len(self.rows)}."

    @staticmethod
    def cells(row: risk_queries.RiskRow) -> list[str]:
        """A risk's cells, in RISK_HEADERS' order: every format prints these."""
        risk = row.risk
        return [
            risk.reference,
            risk.title,
            risk.owner.get_full_name() or risk.owner.username,
            risk_queries.score_text(row.current),
            risk_queries.score_text(row.target),
            f"{row.appetite}" + (" Above appetite" if row.above_appetite else ""),
            f"{row.direction_symbol} {row.direction_text}".strip(),
        ]


def report_risks(organisation_id: int, as_of) -> tuple[RiskSection, ...]:
    """The registers chosen for the report, by title, with their rows: four queries, however
    many registers and risks."""
    chosen = list(Register.objects.of(organisation_id).in_report().order_by("title"))
    if not chosen:
        return ()
    scale = scale_of(organisation_id)
    rows = risk_queries.open_rows_by_register([r.pk for r in chosen], scale, as_of)
    return tuple(
        RiskSection(
            register,
            register.in_report == InReport.ABOVE_APPETITE,
            tuple(
                row
                for row in rows[register.pk]
                if row.above_appetite or register.in_report != InReport.ABOVE_APPETITE
            ),
        )
        for register in chosen
    )


MISSING_HEADERS = ["Code", "Measure", "Owner", "Why there is no figure", "Due"]


@dataclass(frozen=True)
class MissingLine:
    """A measure of the document with no figure for the coming board (the partnership
    report's data quality section): from `dataquality.queries.data_quality`, its caller's."""

    code: str
    title: str
    owner: str
    why: str
    due: str  # '15 October 2018 (overdue)', or ''

    @property
    def cells(self) -> list[str]:
        """In MISSING_HEADERS' order: every format prints these."""
        return [self.code, self.title, self.owner, self.why, self.due]


@dataclass(frozen=True)
class StrategicReport:
    organisation_name: str
    period: Period
    sections: tuple[ThemeSection, ...]
    risks: tuple[RiskSection, ...] = ()
    # The appendix of how each rating was worked out (the PDF and Word): a choice, on by
    # default, as the kept documents of a published period have it.
    include_reasons: bool = True
    # A scorecard downloaded on its own (`scorecard_document`): its title, no achievements
    # or key projects, and, where asked for, the measures with no figure for the board.
    scorecard_title: str = ""
    missing: tuple[MissingLine, ...] | None = None

    @property
    def is_scorecard(self) -> bool:
        return bool(self.scorecard_title)

    @property
    def kind_label(self) -> str:
        """What the document is, for its properties: 'Strategic Performance Report'."""
        return "Scorecard" if self.is_scorecard else "Strategic Performance Report"

    @property
    def file_stem(self) -> str:
        """'strategic-performance-report-2018-19-q2', or the scorecard's
        'safer-harrow-partnership-2018-19-q2'."""
        return f"{slugify(self.scorecard_title or 'strategic-performance-report')}-" + slugify(
            self.period.key
        )

    introduction: str = ""
    summary: str = ""  # of achievements across the themes, before each theme's
    glossary: tuple[tuple[str, str], ...] = ()  # (term, meaning): the organisation's

    @property
    def key(self) -> tuple:
        """The key to the bands of every scorecard in the report, from the schemes used."""
        return key_for(
            cell
            for section in self.sections
            if section.scorecard
            for row in section.scorecard.rows
            for cell in row.cells
        )

    @property
    def title(self) -> str:
        if self.scorecard_title:
            return f"{self.scorecard_title}, {self.period.label}"
        return f"Strategic Performance Report, {self.period.label}"

    @property
    def footnotes(self) -> tuple[str, ...]:
        notes: list[str] = []
        for section in self.sections:
            if section.scorecard:
                notes.extend(n for n in section.scorecard.footnotes if n not in notes)
        return tuple(notes)


def financial_year_of(period: Period) -> int:
    return period.as_core().financial_year.start.year


def themes_for(period: Period) -> list[Theme]:
    """The themes that have a scorecard in the period's financial year, in plan order: the
    themes of the period's Strategic Performance Report."""
    return themes_of_periods([period])[period.pk]


def themes_of_periods(periods: list[Period]) -> dict[int, list[Theme]]:
    """{period id: `themes_for(period)`} for periods of one organisation, in one query."""
    if not periods:
        return {}
    years = {financial_year_of(period) for period in periods}
    found: dict[int, list[Theme]] = {year: [] for year in years}
    themes = (
        Theme.objects.filter(
            scorecards__organisation_id=periods[0].organisation_id,
            scorecards__financial_year__in=years,
        )
        .annotate(report_year=F("scorecards__financial_year"))
        .order_by("plan__id", "position", "title")
    )
    for theme in themes:
        if theme not in found[theme.report_year]:
            found[theme.report_year].append(theme)
    return {period.pk: found[financial_year_of(period)] for period in periods}


def printable(item, period: Period, *, signed_off_only: bool = False) -> str:
    """The written text (a `framework.models.Narrative`) a document prints: signed-off text
    only once the period is published, and always in what a board reads (a meeting pack:
    `signed_off_only`); while the period is open, the draft report prints whatever is
    written. The one answer to "may this text be printed here"."""
    if item is None:
        return ""
    if (signed_off_only or period.is_published) and not item.is_signed_off:
        return ""
    return item.text


def build_strategic_report(
    period: Period, themes: list[Theme] | None, viewer: Access, *, include_reasons: bool = True
) -> StrategicReport:
    themes = themes if themes is not None else themes_for(period)
    theme_ids = [theme.id for theme in themes]
    summaries = {
        summary.theme_id: printable(summary, period)
        for summary in ThemeSummary.objects.filter(theme_id__in=theme_ids, period=period)
    }
    front = Introduction.objects.filter(period=period).first()
    if not printable(front, period):
        front = None
    actions = list(
        KeyAction.objects.filter(theme_id__in=theme_ids)
        .select_related("owner")
        .order_by("theme_id", "position")
    )
    updates = {
        update.action_id: update
        for update in ActionUpdate.objects.signed_off().filter(action__in=actions, period=period)
    }
    scorecards = Scorecard.objects.filter(
        theme_id__in=theme_ids, financial_year=financial_year_of(period)
    )
    if not viewer.reads_internally(period.organisation_id):
        scorecards = scorecards.publishable()  # the public's report leaves them out
    scorecards = {scorecard.theme_id: scorecard for scorecard in scorecards.order_by("position")}
    built = {
        theme_id: build_scorecard(scorecard, period, viewer)
        for theme_id, scorecard in scorecards.items()
    }
    challenges = scorecard_challenges(built.values(), viewer)
    sections = []
    for theme in themes:
        rows = tuple(
            ActionRow(
                title=action.title,
                progress=updates[action.id].progress if action.id in updates else "",
                status=updates[action.id].status if action.id in updates else "",
                owner=str(action.owner) if action.owner else "",
            )
            for action in actions
            if action.theme_id == theme.id
        )
        scorecard = built.get(theme.id)
        sections.append(
            ThemeSection(
                theme=theme,
                achievements=summaries.get(theme.id, ""),
                actions=rows,
                scorecard=scorecard,
                challenges=challenges.get(scorecard.scorecard.pk, ()) if scorecard else (),
            )
        )
    return StrategicReport(
        organisation_name=period.organisation.name,
        period=period,
        sections=tuple(sections),
        risks=report_risks(period.organisation_id, period.end),
        introduction=front.introduction if front else "",
        summary=front.summary if front else "",
        glossary=tuple(
            Abbreviation.objects.filter(organisation_id=period.organisation_id).values_list(
                "term", "meaning"
            )
        ),
        include_reasons=include_reasons,
    )


def scorecard_document(
    scorecard: ScorecardReport,
    *,
    missing: tuple[MissingLine, ...] | None = None,
    include_reasons: bool = True,
) -> StrategicReport:
    """One scorecard (a kept one: a theme's, a directorate's, a partnership's; or a unit's
    made by `measures_scorecard`) as a document every renderer prints as it prints the
    Strategic Performance Report: the scorecard, its key challenges and key, the reasons if
    asked for, and the measures with no figure for the board if given. No achievements or
    key projects: a scorecard has none of its own. The caller built `scorecard` for `viewer`
    (`build_scorecard`), so the public's leaves out what they may not read."""
    card = scorecard.scorecard
    # The section's heading: an unsaved theme carries the scorecard's title and code.
    theme = Theme(title=card.title, code=card.slug or slugify(card.title))
    return StrategicReport(
        organisation_name=scorecard.period.organisation.name,
        period=scorecard.period,
        sections=(ThemeSection(theme=theme, achievements="", actions=(), scorecard=scorecard),),
        include_reasons=include_reasons,
        scorecard_title=card.title,
        missing=missing,
    )
