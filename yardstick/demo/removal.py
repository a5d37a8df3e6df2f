"""Removing the demo council: what `load_demo --reset` does before building it again."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.db import transaction

from yardstick.accounts.models import User
from yardstick.actions.models import ActionUpdate, KeyAction, Programme
from yardstick.demo.risks import remove_risks
from yardstick.framework.models import Period, Plan, Theme, ThemeSummary
from yardstick.measures.models import Figure, Measure, ReportedRating, Target
from yardstick.meetings.models import (
    AgendaItem,
    AgreedAction,
    AgreedActionUpdate,
    Body,
    IssueForDecision,
    Meeting,
    Partner,
)
from yardstick.organisations.models import Organisation, OrganisationUnit, Partnership
from yardstick.packs.models import Pack, PackDocument
from yardstick.reports.models import KeptDocument
from yardstick.scorecards.models import Scorecard
from yardstick.scrutiny.models import Review


@transaction.atomic
def remove_demo(organisation_: Organisation) -> None:
    """Delete the demo council and everything in it, its people included. The demo's rows
    protect one another (a figure protects its period, a measure its unit), so they go in
    order, leaves first.

    Its figures and targets (well over a thousand rows, synthetic or copied from a public
    file) go in bulk together with their history: a deletion record for each would only make
    --reset slow. Everything else is deleted the ordinary way, its history recording it;
    the files of its kept documents are removed once that commits."""
    kept_files = list(
        KeptDocument.objects.filter(organisation=organisation_).values_list("file", flat=True)
    )
    kept_files += list(
        PackDocument.objects.filter(pack__meeting__body__organisation=organisation_).values_list(
            "file", flat=True
        )
    )
    transaction.on_commit(lambda: [default_storage.delete(name) for name in kept_files])
    measures = Measure.objects.filter(organisation=organisation_)
    ReportedRating.objects.filter(measure__in=measures).delete()
    for model in (Figure, Target):
        model.history.filter(measure_id__in=measures.values("id")).delete()
        rows = model.objects.filter(measure__in=measures)
        rows._raw_delete(rows.db)  # no signals: nothing else refers to these rows
    remove_risks(organisation_)
    AgreedActionUpdate.objects.filter(action__organisation=organisation_).delete()
    AgreedAction.objects.filter(organisation=organisation_).delete()
    Review.objects.filter(organisation=organisation_).delete()  # and its recommendations
    Pack.objects.filter(meeting__body__organisation=organisation_).delete()
    AgendaItem.objects.filter(meeting__body__organisation=organisation_).delete()
    IssueForDecision.objects.filter(meeting__body__organisation=organisation_).delete()
    Meeting.objects.filter(body__organisation=organisation_).delete()
    _delete_tree(Body.objects.filter(organisation=organisation_))
    Partner.objects.filter(organisation=organisation_).delete()  # and their people
    ActionUpdate.objects.filter(action__organisation=organisation_).delete()
    KeyAction.objects.filter(organisation=organisation_).delete()  # milestones, reviews too
    _delete_tree(Programme.objects.filter(organisation=organisation_))
    Scorecard.objects.filter(organisation=organisation_).delete()
    measures.delete()
    ThemeSummary.objects.filter(theme__plan__organisation=organisation_).delete()
    _delete_tree(Theme.objects.filter(plan__organisation=organisation_))
    _delete_tree(Plan.objects.filter(organisation=organisation_))
    Period.objects.filter(organisation=organisation_).delete()
    _delete_tree(OrganisationUnit.objects.filter(organisation=organisation_))
    Partnership.objects.filter(organisation=organisation_).delete()
    User.objects.filter(organisation=organisation_).delete()
    organisation_.delete()


def _delete_tree(rows) -> None:
    """Delete a tree whose parent link is protected: the leaves, then their parents ..."""
    while rows.exists():
        parents = rows.exclude(parent=None).values_list("parent_id", flat=True)
        rows.exclude(id__in=list(parents)).delete()
