"""What a caller may read in an organisation: the rows each list starts from. The public
reads published periods only; people of the organisation read it as its pages show it
(`accounts.access`). A row the caller may not read is "not found", never "forbidden"."""

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
    return rows if access.is_internal_reader else rows.published()


def period(access: Access, organisation_id: int, period_id: int) -> Period:
    found = periods(access, organisation_id).filter(pk=period_id).first()
    if found is None:
        raise Http404("There is no such period, or it is not published.")
    return found


def measures(access: Access, organisation_id: int):
    """The measures `access` may read."""
    return Measure.objects.filter(organisation_id=organisation_id)


def measure(access: Access, organisation_id: int, measure_id: int) -> Measure:
    found = measures(access, organisation_id).filter(pk=measure_id).first()
    if found is None:
        raise Http404("There is no such measure.")
    return found


def scorecards(access: Access, organisation_id: int):
    """The scorecards `access` may read."""
    return Scorecard.objects.filter(organisation_id=organisation_id)


def require_reader(access: Access) -> None:
    """Internal data (drafts' owners, key projects): people of the organisation only."""
    if not access.is_internal_reader:
        raise Http404("Not found: sign in with a token of this organisation to read this.")
