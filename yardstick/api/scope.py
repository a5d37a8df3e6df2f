"""What a caller may read in an organisation: the rows each list starts from. The public
(anyone who does not read the organisation internally: `Access.reads_internally`) reads
published periods only, and no measure or scorecard marked "not for publication" (the
models' `publishable()` querysets, as every public door); people of the organisation read
it as its pages show it (`accounts.access`). A row the caller may not read is "not found",
never "forbidden"."""

from __future__ import annotations

from django.http import Http404

from yardstick.accounts.access import Access
from yardstick.framework.models import Period
from yardstick.measures.models import Measure
from yardstick.organisations.models import Organisation
from yardstick.scorecards.models import Scorecard


def organisation(slug: str) -> Organisation:
    found = Organisation.objects.filter(slug=slug).first()
    if found is None:
        raise Http404("There is no such organisation.")
    return found


def periods(access: Access, organisation_id: int):
    """The periods `access` may read: every one for its people, published ones otherwise."""
    rows = Period.objects.filter(organisation_id=organisation_id).select_related("organisation")
    return rows if access.reads_internally(organisation_id) else rows.published()


def period(access: Access, organisation_id: int, period_id: int) -> Period:
    found = periods(access, organisation_id).filter(pk=period_id).first()
    if found is None:
        raise Http404("There is no such period, or it is not published.")
    return found


def measures(access: Access, organisation_id: int):
    """The measures `access` may read: the public, those not kept from publication."""
    rows = Measure.objects.filter(organisation_id=organisation_id)
    return rows if access.reads_internally(organisation_id) else rows.publishable()


def measure(access: Access, organisation_id: int, measure_id: int) -> Measure:
    found = measures(access, organisation_id).filter(pk=measure_id).first()
    if found is None:
        raise Http404("There is no such measure.")
    return found


def scorecards(access: Access, organisation_id: int):
    """The scorecards `access` may read: the public, those not kept from publication."""
    rows = Scorecard.objects.filter(organisation_id=organisation_id)
    return rows if access.reads_internally(organisation_id) else rows.publishable()
