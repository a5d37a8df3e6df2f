"""Targets set well in the demo (issue 13 §4): the non-domestic rates collected (BMBBF-24,
year to date) have 2018/19's target of 98% profiled by last year's shape (2017/18's
collection by each quarter's end), and key stage 2 attainment (BBH-29) is on a trajectory
from its 76% target in 2018/19 to 80% by 2021/22. Made through the services, as the performance team
would on the measure's target profile page."""

from __future__ import annotations

from decimal import Decimal

from yardstick.core import periods as core_periods
from yardstick.core.profiles import ProfileMethod
from yardstick.core.targets import Target, TargetKind
from yardstick.framework.services import ensure_period
from yardstick.measures import profiles
from yardstick.measures.models import Measure
from yardstick.measures.services import set_target
from yardstick.organisations.models import Organisation

SHAPED, YEAR, YEAR_TARGET = "BMBBF-24", 2018, Decimal("98.00")
ON_TRAJECTORY = "BBH-29"
TRAJECTORY = profiles.ProfileSettings(
    ProfileMethod.EVENLY, "", 2018, Decimal("76.00"), 2021, Decimal("80.00")
)


def create_profiles(organisation_: Organisation, performance) -> int:
    """Profile one measure's year target by last year's shape and put another on a
    trajectory; returns how many targets were set."""
    by_code = {
        m.code: m
        for m in Measure.objects.filter(
            organisation=organisation_, code__in=[SHAPED, ON_TRAJECTORY]
        )
    }
    count = 0
    shaped = by_code.get(SHAPED)
    if shaped is not None:
        start = organisation_.financial_year_start_month
        year = ensure_period(organisation_, core_periods.financial_year(YEAR, start))
        set_target(
            shaped,
            year,
            Target(TargetKind.VALUE, value=YEAR_TARGET),
            performance,
            reason="2018/19's collection target, agreed with the budget",
        )
        settings = profiles.ProfileSettings(ProfileMethod.LAST_YEAR)
        profiles.set_profile(shaped, settings, performance)
        # Q4 2018/19 is not made yet: it is profiled the same way when it opens. The open
        # quarter's target came with the demo's history; the team chose to replace it.
        proposals = [p for p in profiles.preview_profile(shaped, settings, YEAR) if p.period.pk]
        count += profiles.apply_proposals(
            proposals, performance, replace_by_hand=True, reason=proposals[0].source
        )
    on_trajectory = by_code.get(ON_TRAJECTORY)
    if on_trajectory is not None:
        profiles.set_profile(on_trajectory, TRAJECTORY, performance)
        proposals = profiles.preview_trajectory(on_trajectory, TRAJECTORY)
        count += profiles.apply_proposals(
            proposals, performance, replace_by_hand=False, reason=proposals[0].source
        )
    return count
