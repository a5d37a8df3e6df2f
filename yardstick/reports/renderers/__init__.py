"""One renderer per format, each a module with the same signature:

    render(report: StrategicReport) -> bytes

chosen by name from `FORMATS`. Every renderer reads only the format-neutral report object
(`yardstick.reports.strategic`), never the database, so every format shows the same figures
and ratings. Adding a format means copying a sibling module and adding one line here.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from yardstick.reports.strategic import StrategicReport


@dataclass(frozen=True)
class Format:
    name: str  # the module in this package, and the name on the command line and in URLs
    label: str
    extension: str
    media_type: str
    description: str

    def render(self, report: StrategicReport) -> bytes:
        module = import_module(f"{__name__}.{self.name}")  # WeasyPrint loads only when asked
        return module.render(report)

    def filename(self, report: StrategicReport) -> str:
        """'strategic-performance-report-2018-19-q2.pdf' (a scorecard: its title's)."""
        return f"{report.file_stem}.{self.extension}"


FORMATS = {
    format.name: format
    for format in (
        Format(
            "html",
            "HTML file",
            "html",
            "text/html; charset=utf-8",
            "One self-contained, accessible web page, to save or publish on a website.",
        ),
        Format(
            "pdf",
            "PDF",
            "pdf",
            "application/pdf",
            "Tagged PDF (PDF/UA-1), A4, scorecards in landscape, for printing and boards.",
        ),
        Format(
            "docx",
            "Word",
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "A Word document with real tables, to edit before a meeting.",
        ),
        Format(
            "xlsx",
            "Excel",
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "A workbook with a sheet per scorecard and one for key actions, to sort and filter.",
        ),
    )
}


# The formats a scorecard downloads in on its own (its page is the web page).
SCORECARD_FORMATS = ("pdf", "docx", "xlsx")


class UnknownFormat(ValueError):
    """A format name that is not in FORMATS; the message lists those that are."""


def get_format(name: str) -> Format:
    try:
        return FORMATS[name.strip().lower()]
    except KeyError:
        known = ", ".join(FORMATS)
        raise UnknownFormat(f"There is no report format {name!r}: choose one of {known}.") from None


def render(report: StrategicReport, format_name: str) -> bytes:
    return get_format(format_name).render(report)
