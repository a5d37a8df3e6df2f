"""The pack as a Word document, drawn with the Strategic Performance Report's Word helpers
(`reports.renderers.docx`): the same styles, headings, captioned tables with repeated header
rows, ratings written out with their shape and shaded in the band's colours, the scorecard
table and the key. Narrative pages are A4 portrait; each scorecard is on A4 landscape."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_SECTION

from yardstick.core import palette
from yardstick.core.cells import writable
from yardstick.packs.builder import ExceptionItem, MeetingPack, Section
from yardstick.packs.models import SectionKind
from yardstick.packs.renderers.html import Titled, challenge_view
from yardstick.reports.renderers import common
from yardstick.reports.renderers.docx import (
    MUTED,
    add_appendix,
    add_blocks,
    add_key,
    add_rating_run,
    add_scorecard,
    body_row,
    header_row,
    landscape,
    new_table,
    portrait,
    set_widths,
    setup,
    write,
)


class _Named:
    """What `add_scorecard` and `add_appendix` read of a report's section: its theme's title
    and its scorecard."""

    def __init__(self, title: str, scorecard=None) -> None:
        self.theme = Titled(title)
        self.scorecard = scorecard


class _Appendix:
    """What `add_appendix` reads of a report: its period and its sections' scorecards."""

    def __init__(self, pack: MeetingPack) -> None:
        self.period = pack.period
        if pack.scorecards:
            self.sections = [_Named(r.scorecard.title, r) for r in pack.scorecards]
        else:
            rows = tuple(item.row for item in pack.exceptions)
            self.sections = [_Named("Exceptions", _Rows(rows))]


class _Rows:
    """The exceptions' rows, as `add_appendix` reads a scorecard's."""

    def __init__(self, rows) -> None:
        self.rows = rows


def add_cover(document, pack: MeetingPack) -> None:
    facts = [
        ("Meeting", f"{pack.body_name}, {pack.starts_at:%A %-d %B %Y, %H:%M}"),
        ("Place", pack.place or "Not set"),
        ("Scope", pack.scope.label),
        ("Period reviewed", pack.period.label),
    ]
    for label, value in facts:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(writable(value))
    document.add_heading("Agenda", level=2)
    if not pack.agenda:
        add_blocks(document, [], "No agenda items have been set for this meeting.")
    for item in pack.agenda:
        paragraph = document.add_paragraph(style="List Number")
        paragraph.add_run(writable(item.title)).bold = True
        if item.presenter:
            paragraph.add_run(writable(f" ({item.presenter})"))
        if item.summary:
            paragraph.add_run(writable(f": {item.summary}"))


def add_carried(document, pack: MeetingPack) -> None:
    document.add_paragraph(
        writable(
            f"The actions agreed at previous meetings of {pack.body_name} that are still "
            "open, and those closed since the last meeting, with their outcome."
        )
    )
    if not pack.carried:
        document.add_paragraph("No actions are carried forward to this meeting.")
        return
    table = new_table(
        document,
        4,
        "Actions from previous meetings",
        "One row per action: the date agreed, the action, its owner and the outcome.",
    )
    header_row(table, ["Date", "Action", "Owner", "Outcome"])
    for action in pack.carried:
        row = body_row(table)
        write(row.cells[0], f"{action.agreed_on:%-d %b %Y}", size=9)
        write(row.cells[1], action.text, size=9)
        write(row.cells[2], action.owner, size=9)
        outcome = action.outcome or "No update yet."
        if action.status != "Open":
            outcome = f"{action.status}. {outcome}"
        if action.overdue and action.due:
            outcome += f" Overdue (due {action.due:%-d %b %Y})."
        write(row.cells[3], outcome, size=9)
    set_widths(table, [1.8, 6.5, 2.7, 6.0])


def add_exception_table(document, pack: MeetingPack, items, caption: str, noted: bool) -> None:
    table = new_table(
        document,
        5,
        caption,
        "One row per measure: the measure and its scorecard, the figure against the target, "
        "the rating and trend, and "
        + ("why no discussion is needed." if noted else "the commentary."),
    )
    header_row(
        table,
        [
            "Measure",
            pack.period.label,
            "Rating",
            "Trend",
            "Why no discussion is needed" if noted else "Commentary",
        ],
    )
    for item in items:
        line: ExceptionItem = item
        row = body_row(table)
        number = f"{line.row.number}. " if line.row.number else ""
        write(row.cells[0], f"{number}{line.row.title} ({line.scorecard_title})", size=9)
        figure = line.row.current.actual or "No figure"
        if line.row.current.target:
            figure += f" against {line.row.current.target}"
        write(row.cells[1], figure, size=9)
        add_rating_run(row.cells[2].paragraphs[0], line.row.current)
        write(row.cells[3], common.trend_text(line.row) or "No comparison", size=9)
        write(
            row.cells[4],
            line.row.noted if noted else (line.row.commentary or common.NO_COMMENTARY),
            size=9,
        )
    set_widths(table, [5.0, 2.6, 3.0, 2.2, 4.2])


def add_exceptions(document, pack: MeetingPack) -> None:
    document.add_paragraph(
        writable(
            f"The measures of {pack.scope.label} rated Low Red or High Red in "
            f"{pack.period.label}, or that deteriorated since the last comparable period."
        )
    )
    document.add_heading(f"For discussion ({len(pack.to_discuss)})", level=2)
    if pack.to_discuss:
        add_exception_table(document, pack, pack.to_discuss, "Exceptions for discussion", False)
    else:
        document.add_paragraph("No exceptions to discuss.")
    document.add_heading(f"Noted, no discussion needed ({len(pack.noted)})", level=2)
    if pack.noted:
        add_exception_table(
            document, pack, pack.noted, "Exceptions noted, no discussion needed", True
        )
    else:
        document.add_paragraph("None marked noted.")


def add_groups(document, pack: MeetingPack) -> None:
    if not pack.groups:
        document.add_paragraph(
            writable(f"There are no scorecards for {pack.scope.label} in this year.")
        )
    for group in pack.groups:
        document.add_heading(writable(f"{group.title}: achievements"), level=2)
        add_blocks(document, common.blocks(group.achievements), common.NO_ACHIEVEMENTS)
        document.add_heading("Summary of key challenges", level=2)
        if not group.challenges:
            document.add_paragraph(common.NO_CHALLENGES)
        for challenge in group.challenges:
            view = challenge_view(challenge)
            document.add_heading(writable(challenge.title), level=3)
            facts = document.add_paragraph()
            add_rating_run(facts, challenge.current)
            facts.add_run(writable(f" {common.challenge_facts(challenge)}"))
            if view.commentary:
                add_blocks(document, list(view.commentary))
            elif missing := common.missing_commentary(pack.period):
                document.add_paragraph().add_run(missing).bold = True
            if view.proposed_action:
                document.add_paragraph().add_run("What we are doing:").bold = True
                add_blocks(document, list(view.proposed_action))


def add_missing(document, pack: MeetingPack) -> None:
    document.add_paragraph(
        writable(
            f"Measures of {pack.scope.label} with no figure for {pack.period.label} that this "
            "meeting should have."
        )
    )
    if not pack.missing:
        document.add_paragraph("No figures are missing.")
        return
    table = new_table(
        document,
        5,
        f"Missing data for {pack.period.label}",
        "One row per measure: the measure, its directorate, its owner, why it has no figure "
        "and the deadline.",
    )
    header_row(table, ["Measure", "Directorate", "Owner", "Why", "Deadline"])
    for item in pack.missing:
        row = body_row(table)
        write(row.cells[0], f"{item.code} {item.title}", size=9)
        write(row.cells[1], item.directorate, size=9)
        write(row.cells[2], item.owner, size=9)
        write(row.cells[3], item.why, size=9)
        deadline = f"{item.deadline:%-d %b %Y}" if item.deadline else "None set"
        write(row.cells[4], deadline + (" Overdue" if item.overdue else ""), size=9)
    set_widths(table, [5.5, 3.0, 2.8, 3.5, 2.2])


def add_risks(document, pack: MeetingPack) -> None:
    document.add_paragraph(
        writable(
            f"The open risks of {pack.scope.label}'s risk registers whose current score is "
            "above their appetite, the highest first."
        )
    )
    if not pack.risks:
        document.add_paragraph("No risks are above appetite.")
        return
    table = new_table(
        document,
        6,
        "Risks above appetite",
        "One row per risk: its reference, title and register, its owner, its current score "
        "and band, its target, the direction since the last review and its review date.",
    )
    header_row(table, ["Ref", "Risk", "Owner", "Current", "Target", "Review by"])
    for item in pack.risks:
        row = body_row(table)
        write(row.cells[0], item.reference, size=9)
        write(row.cells[1], f"{item.title} ({item.register})", size=9)
        write(row.cells[2], item.owner, size=9)
        write(row.cells[3], f"{item.current}, appetite {item.appetite}. {item.direction}", size=9)
        write(row.cells[4], item.target, size=9)
        review = f"{item.review_date:%-d %b %Y}" + (" Overdue" if item.overdue else "")
        write(row.cells[5], review, size=9)
    set_widths(table, [1.8, 5.4, 2.6, 3.4, 2.2, 1.6])


def add_projects(document, pack: MeetingPack) -> None:
    if not pack.projects:
        add_blocks(
            document,
            [],
            f"No key projects or initiatives are recorded for {pack.scope.label}.",
        )
        return
    table = new_table(
        document,
        4,
        f"Key projects and initiatives of {pack.scope.label}",
        "One row per project: the project and its theme, its owner, progress this period "
        "and its status.",
    )
    header_row(table, ["Project", "Owner", "Progress", "Status"])
    for project in pack.projects:
        row = body_row(table)
        title = f"{project.title} ({project.theme})" if project.theme else project.title
        write(row.cells[0], title, size=9)
        write(row.cells[1], project.owner, size=9)
        write(row.cells[2], project.progress or "No update this period.", size=9)
        write(
            row.cells[3],
            project.status_label,
            bold=True,
            swatch=palette.status_swatch(project.status),
        )
    set_widths(table, [5.0, 2.8, 6.7, 2.5])


def add_issues(document, pack: MeetingPack) -> None:
    if not pack.issues:
        document.add_paragraph("No issues are put to this meeting for decision.")
    for issue in pack.issues:
        document.add_heading(writable(issue.title), level=2)
        paragraph = document.add_paragraph()
        paragraph.add_run("The meeting is asked: ").bold = True
        paragraph.add_run(writable(issue.question))
        if issue.decision:
            paragraph = document.add_paragraph()
            when = f" ({issue.decided_on:%-d %B %Y})" if issue.decided_on else ""
            paragraph.add_run(f"Decision{when}: ").bold = True
            paragraph.add_run(writable(issue.decision))
        if issue.outcome:
            paragraph = document.add_paragraph()
            paragraph.add_run("Outcome: ").bold = True
            paragraph.add_run(writable(issue.outcome))


def add_scrutiny(document, pack: MeetingPack) -> None:
    document.add_paragraph(
        writable(
            f"The scrutiny recommendations still open for {pack.scope.label}, with the "
            "executive's response and the latest update on action."
        )
    )
    if not pack.scrutiny:
        document.add_paragraph("No scrutiny recommendation is open for this scope.")
        return
    table = new_table(
        document,
        3,
        "Scrutiny recommendations",
        "One row per open recommendation: the review and recommendation, the response and "
        "the latest update on action.",
    )
    header_row(table, ["Recommendation", "Response", "Update on action"])
    for item in pack.scrutiny:
        row = body_row(table)
        write(row.cells[0], f"{item.review_title}, {item.number}. {item.text}", size=9)
        write(row.cells[1], item.response or "Awaiting the executive's response.", size=9)
        update = item.latest_update or "No update yet."
        if item.agenda_update:
            update = (
                f"The update on this meeting's agenda ({item.agenda_update_on:%-d %B %Y}): "
                f"{item.agenda_update}"
            )
        if item.follow_up:
            update += f" {item.follow_up}."
        write(row.cells[2], f"{update} ({item.status})", size=9)
    set_widths(table, [6.5, 5.0, 5.5])


def add_scorecards(document, pack: MeetingPack) -> None:
    if not pack.scorecards:
        document.add_paragraph(
            writable(f"There are no scorecards for {pack.scope.label} in this year.")
        )
    for report in pack.scorecards:
        landscape(document.add_section(WD_SECTION.NEW_PAGE))
        add_scorecard(document, _Named(report.scorecard.title), report, pack.key)


WRITERS = {
    SectionKind.COVER: add_cover,
    SectionKind.CARRIED_FORWARD: add_carried,
    SectionKind.EXCEPTIONS: add_exceptions,
    SectionKind.ACHIEVEMENTS: add_groups,
    SectionKind.MISSING_DATA: add_missing,
    SectionKind.KEY_PROJECTS: add_projects,
    SectionKind.ISSUES: add_issues,
    SectionKind.SCORECARDS: add_scorecards,
    SectionKind.SCRUTINY: add_scrutiny,
    SectionKind.RISKS: add_risks,
}


def add_section(document, pack: MeetingPack, section: Section, first: bool) -> None:
    if not first:
        portrait(document.add_section(WD_SECTION.NEW_PAGE))
    document.add_heading(writable(section.title), level=1)
    if section.kind == SectionKind.TEXT:
        add_blocks(document, list(section.blocks))
    else:
        WRITERS[SectionKind(section.kind)](document, pack)


def render(pack: MeetingPack) -> bytes:
    document = Document()
    setup(document, pack)
    properties = document.core_properties
    properties.subject = writable(f"The performance pack of {pack.body_name}")
    properties.keywords = "performance; meeting pack; action log; exceptions; scorecard"
    document.add_heading(writable(pack.title), level=0)
    meta = document.add_paragraph()
    meta.add_run(
        writable(
            f"{pack.organisation_name}. Reviews {pack.period.label} "
            f"({pack.period.start:%-d %B %Y} to {pack.period.end:%-d %B %Y}) for "
            f"{pack.scope.label}."
        )
    ).font.color.rgb = MUTED
    if pack.published_at:
        document.add_paragraph(
            f"Published on {pack.published_at:%-d %B %Y}: kept as published, whatever "
            "changes after."
        )
    else:
        notice = document.add_paragraph()
        notice.add_run("Draft. ").bold = True
        notice.add_run("This pack is not published: it shows the figures as they are now.")
    if not pack.period.is_published:
        document.add_paragraph(
            f"{pack.period.label} is open for returns: its figures and ratings may change "
            "until it is published."
        )
    for index, section in enumerate(pack.sections):
        add_section(document, pack, section, first=index == 0)
    if pack.scorecards or pack.exceptions:
        portrait(document.add_section(WD_SECTION.NEW_PAGE))
        add_key(document, pack)
        landscape(document.add_section(WD_SECTION.NEW_PAGE))
        add_appendix(document, _Appendix(pack))
    if not pack.sections:
        document.add_paragraph("Every section of this pack is left out.")
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
