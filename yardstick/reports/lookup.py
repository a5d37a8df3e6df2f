"""Finding what a report is asked for by name: the organisation, the period and the themes,
for the pages and the `report` command alike. Each failure is a `ReportNotFound` whose
message tells a person what to type instead."""

from __future__ import annotations

from django.utils.text import slugify

from yardstick.core.periods import PeriodParseError, parse_period
from yardstick.framework.models import Period, Theme
from yardstick.organisations.models import Organisation
from yardstick.reports.strategic import themes_for

LISTED = 8  # how many choices an error message lists


class ReportNotFound(LookupError):
    """Something named for a report does not exist; the message says what does."""


def _listing(names: list[str]) -> str:
    shown = ", ".join(names[:LISTED])
    return shown + (f" and {len(names) - LISTED} more" if len(names) > LISTED else "")


def period_slug(period: Period) -> str:
    """The period in a URL: '2018-19-q2'."""
    return slugify(period.key)


def find_organisation(slug: str | None) -> Organisation:
    """The organisation with `slug`, or the only one when no slug is given."""
    if slug:
        found = Organisation.objects.filter(slug=slug).first()
        if found is None:
            names = list(Organisation.objects.values_list("slug", flat=True))
            raise ReportNotFound(
                f"There is no organisation {slug!r}."
                + (f" Organisations: {_listing(names)}." if names else "")
            )
        return found
    organisations = list(Organisation.objects.all()[: LISTED + 1])
    if not organisations:
        raise ReportNotFound("There are no organisations yet: load one first (load_demo).")
    if len(organisations) > 1:
        names = [organisation.slug for organisation in organisations]
        raise ReportNotFound(
            f"There are several organisations: choose one with --organisation ({_listing(names)})."
        )
    return organisations[0]


def find_period(organisation: Organisation, text: str, *, published_only: bool = False) -> Period:
    """The organisation's period for its key, label or URL form: '2018-19 Q2', 'Q2 2018/19',
    '2018-19-q2'; with `published_only`, only its published periods are found (and named).
    Never creates one."""
    periods = Period.objects.in_organisation(organisation)
    if published_only:
        periods = periods.published()
    # The one given: what the reports ask of the period is not read again.
    periods = Period.given_organisation(list(periods.order_by("start", "end")), organisation)
    wanted = slugify(text)
    for period in periods:
        if wanted and wanted in (slugify(period.key), slugify(period.label)):
            return period
    available = (
        f" Its periods: {_listing([p.label for p in reversed(periods)])}." if periods else ""
    )
    try:
        core = parse_period(text, organisation.financial_year_start_month)
    except PeriodParseError as error:
        raise ReportNotFound(f"{error}.{available}") from None
    for period in periods:
        if period.key == core.key:
            return period
    published = "published " if published_only else ""
    raise ReportNotFound(f"{organisation.name} has no {published}period {core.label}.{available}")


def find_themes(period: Period, wanted: list[str] | None) -> list[Theme]:
    """The themes asked for, by code or title, in plan order; all of the period's themes
    when none are asked for."""
    available = themes_for(period)
    if not wanted:
        return available
    index: dict[str, Theme] = {}
    for theme in available:
        index[theme.code.casefold()] = theme
        index[slugify(theme.title)] = theme
    chosen: list[Theme] = []
    unknown = []
    for name in wanted:
        theme = index.get(name.strip().casefold()) or index.get(slugify(name))
        if theme is None:
            unknown.append(name)
        elif theme not in chosen:
            chosen.append(theme)
    if unknown:
        names = [f"{theme.code} ({theme.title})" for theme in available]
        raise ReportNotFound(
            f"No theme {', '.join(repr(name) for name in unknown)} has a scorecard in "
            f"{period.label}."
            + (f" Its themes: {_listing(names)}." if names else " It has no themes.")
        )
    return [theme for theme in available if theme in chosen]
