"""The demo's contextual measure and its proposed target (issue 13 §4 gaps).

A **contextual** measure (`Polarity.CONTEXTUAL`) is reported for context and never rated: no
target, no band, but its direction of travel (↑ or ↓, with the words) still shows which way the
figure moved. The demo's is a synthetic monthly count of residents claiming out-of-work
benefits, as the partnership report carries the claimant count beside its own measures: its
months from April 2017 are published history (loaded with the monthly measures' months, by
`monthly.create_monthly`) and its quarters (the last month's count, as a
snapshot) sit on the partnership's scorecard, in a section of their own.

And one **proposed** target in the open quarter: the first measure on the partnership's
scorecard with a target for Q3 2018/19 has it proposed, not agreed, so the publish page lists
it under "Targets not yet agreed" and links to the page that agrees it. Every figure here is
synthetic.
"""

from __future__ import annotations

from decimal import Decimal

from yardstick.accounts.models import User
from yardstick.core.values import CollectionType, ValueType
from yardstick.demo.backfill import OPEN_PERIOD, SYNTHETIC_REASON
from yardstick.demo.monthly import Monthly, _measure
from yardstick.framework.models import Period
from yardstick.measures.assessment import core_target
from yardstick.measures.models import Measure, Target
from yardstick.measures.rules import Agreement
from yardstick.measures.services import set_target
from yardstick.organisations.models import Organisation, OrganisationUnit, Partnership
from yardstick.scorecards.models import Scorecard, ScorecardEntry, ScorecardSection

SECTION = "Context: reported, not rated (synthetic)"
CLAIMANTS = Monthly(
    "SDP-C1",
    "Residents claiming out-of-work benefits (context, synthetic)",
    "contextual",
    ValueType.NUMBER,
    target=Decimal(0),  # unused: a contextual measure has no target
    level=4200,
    swing=120,
    drift=-9,
    collection_type=CollectionType.SNAPSHOT,
)
DEFINITION = (
    "A synthetic monthly count of residents claiming out-of-work benefits at the end of each "
    "month: the demo's own, not published data. Reported as context for the partnership's "
    "measures and never rated; its arrow shows whether the count rose or fell."
)


def create_contextual(
    organisation: Organisation,
    partnership: Partnership,
    owner: User,
    holder: User,
    performance: User,
) -> list[tuple[Measure, Monthly]]:
    """The contextual measure, on the partnership's scorecard, and the open quarter's
    proposed target. Returns the measure with its synthetic series, for
    `monthly.create_monthly` to load its months with the others' (a month is published once)."""
    unit = OrganisationUnit.objects.get(organisation=organisation, code="COM-CSF")
    measure = _measure(organisation, CLAIMANTS, unit, partnership, (owner, holder), performance)
    measure.definition = DEFINITION
    measure._history_user = performance
    measure._change_reason = SYNTHETIC_REASON
    measure.save()
    scorecard = Scorecard.objects.get(organisation=organisation, slug="safer-demo-partnership")
    section = ScorecardSection.objects.create(scorecard=scorecard, title=SECTION, position=3)
    ScorecardEntry.objects.create(
        scorecard=scorecard, section=section, measure=measure, position=200
    )
    propose_a_target(organisation, performance)
    return [(measure, CLAIMANTS)]


def propose_a_target(organisation: Organisation, performance: User) -> Target | None:
    """The open quarter's target of the first measure on the partnership's scorecard that
    has one, made a proposal (the same target, not yet agreed), through the service."""
    period = Period.objects.get(organisation=organisation, key=OPEN_PERIOD)
    target = (
        Target.objects.filter(
            period=period,
            measure__scorecard_entries__scorecard__slug="safer-demo-partnership",
            measure__scorecard_entries__scorecard__organisation=organisation,
        )
        .select_related("measure")
        .order_by("measure__scorecard_entries__position", "measure__code")
        .first()
    )
    if target is None:
        return None
    return set_target(
        target.measure,
        period,
        core_target(target),
        performance,
        reason="Proposed for the partnership board to agree (synthetic, for the demo)",
        agreement=Agreement(agreed=False),
    )
