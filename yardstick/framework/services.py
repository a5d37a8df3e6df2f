"""Changes to the framework: its reporting periods.

Each function is one state change in one transaction, takes the acting user and leaves
its audit trail (django-simple-history rows, with a change reason) in the same transaction.
"""

from __future__ import annotations

from yardstick.core import periods as core_periods
from yardstick.framework.models import Period
from yardstick.organisations.models import Organisation


class FrameworkError(Exception):
    """A change the framework refuses, with a reason for a person."""


def period_for(organisation: Organisation, key_or_label: str) -> Period:
    """The organisation's period for a key or label ("2018-19 Q2", "Q2 2018/19"), created
    when it does not exist yet."""
    core = core_periods.parse_period(key_or_label, organisation.financial_year_start_month)
    return ensure_period(organisation, core)


def ensure_period(organisation: Organisation, core: core_periods.Period) -> Period:
    period, _ = Period.objects.get_or_create(
        organisation=organisation,
        key=core.key,
        defaults={"type": core.type, "start": core.start, "end": core.end, "label": core.label},
    )
    return period
