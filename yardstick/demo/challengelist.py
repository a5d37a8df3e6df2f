"""The demo's challenge list: the performance team sets N and X (the defaults, 4 periods
running and 10%) through the service, so the settings page shows who set them and when, and
puts the list on the agenda of the Overview and Scrutiny Committee's next meeting (the
scrutiny review asked for the list). The demo's own figures already put measures on the list
for each reason (missed and beaten four quarters running, SPC fail and pass): nothing is
nudged."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from yardstick.accounts.access import performance_team_of
from yardstick.core.challenge_list import DEFAULT_MARGIN, DEFAULT_RUNS
from yardstick.meetings.models import BodyKind
from yardstick.organisations.models import Organisation
from yardstick.reports.challenge_list import build_challenge_list, put_on_agenda, upcoming_meetings
from yardstick.reports.services import set_challenge_list_settings

# The demo's day for the agenda: its meetings are those of 2018/19, so the committee's next
# (12 March 2019) is still to come on 1 March 2019 (the list goes only on a meeting still to
# come: `reports.challenge_list.check_upcoming`).
AGENDA_DAY = date(2019, 3, 1)


def create_challenge_list(organisation: Organisation, performance) -> None:
    settings = set_challenge_list_settings(
        organisation.pk, DEFAULT_RUNS, Decimal(DEFAULT_MARGIN), performance
    )
    scrutiny = [
        meeting
        for meeting in upcoming_meetings(organisation.pk, AGENDA_DAY)
        if meeting.body.kind == BodyKind.SCRUTINY_COMMITTEE
    ]
    if scrutiny:
        listed = build_challenge_list(
            organisation.pk, performance_team_of(organisation.pk), settings.runs, settings.margin
        )
        put_on_agenda(scrutiny[0], listed, performance, AGENDA_DAY)
