"""Keeping a published period's documents: which version of them is current, the kept file
of a format if it is current, and rendering and storing every format (what the worker's job
`tasks.render_documents` does).

A period's documents are its Strategic Performance Report as the public reads it (published
figures only), in every format of `renderers.FORMATS`. They change only when what the report
shows of a published period changes, and `document_version` says when that is: a rating kept
again in the period or in a period its scorecards compare with (a correction's restatement,
which is also how an earlier period's correction reaches this one), or the period's
achievements, introduction, key action updates, exception notes or key challenge choices
edited (each edit adds a history row), or the glossary changed, or a scorecard or measure marked
or unmarked "not for publication" (`kept_off`), or the risks the report includes changed
(`risk_token`: the registers chosen for it, their risks and reviews, the council's scale), or a
scorecard's settings or the comparator figures its benchmarking columns print
(`scorecards_and_comparators`). Other edits after publishing (a measure's title, a scorecard's
rows) show in the documents when they are next rendered (`manage.py keep_documents PERIOD`
renders them again now).

Rendering writes each file under a new name of its own, then records it (in a transaction
that checks the version is still current) and only then removes the file it replaces. A
worker that dies mid-job therefore leaves at most a file nobody refers to, which the next run
removes; a download never sees a half-written file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string

from yardstick.accounts.access import ANONYMOUS
from yardstick.actions.models import ActionUpdate
from yardstick.framework.models import Abbreviation, Introduction, Period, ThemeSummary
from yardstick.measures.assessment import periods_like, related_periods
from yardstick.measures.comparators import ComparatorMember, ComparatorValue
from yardstick.measures.models import Measure, publishable
from yardstick.measures.queries import last_kept_in
from yardstick.reports.models import DocumentRequest, KeptDocument
from yardstick.reports.renderers import FORMATS, Format
from yardstick.reports.strategic import StrategicReport, build_strategic_report
from yardstick.risks.models import Register, Risk, RiskReview, RiskScale
from yardstick.scorecards.models import ExceptionNote, KeyChallenge, Scorecard

FOLDER = "reports"  # under MEDIA_ROOT: reports/<organisation id>/<period id>/
ORPHANS_AFTER = timedelta(minutes=30)  # a file nobody refers to, this old, was left by a crash


def risk_token(organisation_id: int) -> str:
    """What the report's risks print, as a short digest: the latest history row of the
    council's registers (a register chosen for the report, changed or dropped from it adds
    one), of the chosen registers' risks and reviews (every write of a risk, a review, an
    escalation onto a chosen register, a close, adds one), and the council's scale as it
    stands (read, never created). Two queries, five with a register chosen."""
    chosen = list(Register.objects.of(organisation_id).in_report().values_list("pk", flat=True))

    def latest(history) -> int:
        return history.aggregate(latest=models.Max("history_id"))["latest"] or 0

    parts: list = [latest(Register.history.filter(organisation_id=organisation_id))]
    if chosen:
        scale = (
            RiskScale.objects.filter(organisation_id=organisation_id)
            .values_list("size", "likelihood_labels", "impact_labels", "bands", "appetite")
            .first()
        )
        parts += [
            latest(Risk.history.filter(register_id__in=chosen)),
            latest(RiskReview.history.filter(risk__register_id__in=chosen)),
            repr(scale),
        ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:12]


def document_version(period: Period) -> str:
    """The version of `period`'s documents: it changes whenever what they show may have
    changed (see the module's docstring). Seventeen queries; twenty with a register chosen."""
    previous, last_year = related_periods(period, periods_like(period))

    def last_edit(model) -> int:
        latest = model.history.filter(period_id=period.pk).aggregate(
            latest=models.Max("history_id")
        )["latest"]
        return latest or 0

    published = period.published_at.strftime("%Y%m%dT%H%M%S%f") if period.published_at else "-"
    return (
        f"{published}.r{last_kept_in([period, previous, last_year])}"
        f".s{last_edit(ThemeSummary)}.a{last_edit(ActionUpdate)}.n{last_edit(ExceptionNote)}"
        f".c{last_edit(KeyChallenge)}"
        f".i{last_edit(Introduction)}.g{glossary_edit(period.organisation_id)}"
        f".p{kept_off(period.organisation_id)}"
        f".k{risk_token(period.organisation_id)}"
        f".b{scorecards_and_comparators(period.organisation_id)}"
    )


def glossary_edit(organisation_id: int) -> int:
    """The last change to the organisation's glossary (its footnotes are in every report)."""
    latest = Abbreviation.history.filter(organisation_id=organisation_id).aggregate(
        latest=models.Max("history_id")
    )["latest"]
    return latest or 0


def scorecards_and_comparators(organisation_id: int) -> str:
    """The latest history row of the council's scorecards (their optional columns, the group
    they compare with, the "not for publication" switch) and of every comparator group's
    areas and figures (an import adds rows): what the report's benchmarking columns print.
    Three queries."""

    def latest(history) -> int:
        return history.aggregate(latest=models.Max("history_id"))["latest"] or 0

    return (
        f"{latest(Scorecard.history.filter(organisation_id=organisation_id))}"
        f"-{latest(ComparatorMember.history.all())}-{latest(ComparatorValue.history.all())}"
    )


def kept_off(organisation_id: int) -> str:
    """A digest of the organisation's scorecards and measures marked "not for publication":
    the documents are the public's, so switching one changes what they may show. Two
    queries."""
    marked = [
        f"{model.__name__}{pk}"
        for model in (Scorecard, Measure)
        for pk in model.objects.filter(organisation_id=organisation_id)
        .exclude(publishable())
        .order_by("pk")
        .values_list("pk", flat=True)
    ]
    text = ",".join(marked)
    return hashlib.blake2b(text.encode(), digest_size=6).hexdigest()


def current_document(period: Period, format_name: str, version: str) -> KeptDocument | None:
    """The kept document of `period` in `format_name` if it is of `version` and its file is
    there (a database restored without its MEDIA_ROOT has rows whose files are not)."""
    kept = KeptDocument.objects.of(period, format_name).filter(version=version).first()
    if kept is None or not default_storage.exists(kept.file.name):
        return None
    return kept


def folder_of(period: Period) -> str:
    return f"{FOLDER}/{period.organisation_id}/{period.pk}"


def scorecard_file(period: Period, scorecard_id: int, format: Format, report: StrategicReport):
    """The public's document of one scorecard of published `period` in `format`, as bytes:
    rendered the first time it is asked for at the period's current `document_version` and
    stored (reports/<organisation>/<period>/scorecards/), read from storage after, so that
    anonymous downloads cost one render per version, not one each. Rendering a new version
    removes the scorecard's older files of that format. `report` is the scorecard's document
    (`scorecard_document`), built for the public."""
    folder = f"{folder_of(period)}/scorecards"
    stem = f"{scorecard_id}-{format.name}-"
    version = hashlib.blake2b(document_version(period).encode(), digest_size=8).hexdigest()
    name = f"{folder}/{stem}{version}.{format.extension}"
    if default_storage.exists(name):
        with default_storage.open(name) as kept:
            return kept.read()
    content = format.render(report)
    if default_storage.exists(folder):
        for old in default_storage.listdir(folder)[1]:
            if old.startswith(stem):
                default_storage.delete(f"{folder}/{old}")
    default_storage.save(name, ContentFile(content))  # a racing worker's copy: another name
    return content


def public_report(period: Period) -> StrategicReport:
    """The report the kept documents hold: every theme, published figures only."""
    return build_strategic_report(period, None, ANONYMOUS)


@dataclass(frozen=True)
class Kept:
    """What a run of `keep_documents` did, format by format."""

    version: str
    rendered: tuple[str, ...] = ()  # rendered and recorded
    already: tuple[str, ...] = ()  # kept at this version already: left alone
    superseded: tuple[str, ...] = ()  # the version changed while rendering: not recorded
    orphans_removed: int = 0


def keep_documents(period: Period, *, again: bool = False) -> Kept:
    """Render every format of `period`'s report that is not kept at the current version
    (every format, with `again`), store each file and record it, replacing the older one;
    then remove files a crashed run left. Idempotent: run again, it renders nothing."""
    version = document_version(period)
    report = None
    rendered, already, superseded = [], [], []
    for format in FORMATS.values():
        if not again and current_document(period, format.name, version) is not None:
            already.append(format.name)
            continue
        report = report or public_report(period)
        content = format.render(report)
        name = default_storage.save(
            f"{folder_of(period)}/{format.name}-{get_random_string(16).lower()}.{format.extension}",
            ContentFile(content),
        )
        if record(period, format, version, name, format.filename(report), len(content)):
            rendered.append(format.name)
        else:
            default_storage.delete(name)
            superseded.append(format.name)
    removed = remove_orphans(period)
    settle_requests(period)
    return Kept(version, tuple(rendered), tuple(already), tuple(superseded), removed)


@transaction.atomic
def record(period: Period, format: Format, version: str, name: str, filename: str, size: int):
    """Point the period's kept document of `format` at the file `name`, if `version` is still
    the period's; the file it replaces is removed once this commits. False when superseded."""
    if document_version(period) != version:
        return False
    kept = KeptDocument.objects.select_for_update().of(period, format.name).first()
    replaced = kept.file.name if kept is not None else ""
    kept = kept or KeptDocument(
        organisation_id=period.organisation_id, period=period, format=format.name
    )
    kept.version = version
    kept.file.name = name
    kept.filename = filename
    kept.size = size
    kept.rendered_at = timezone.now()
    kept.save()
    if replaced and replaced != name:
        transaction.on_commit(lambda: default_storage.delete(replaced))
    return True


def remove_orphans(period: Period) -> int:
    """Remove the period's files that no kept document refers to and that are older than
    ORPHANS_AFTER (a run still writing one is younger): what a worker killed between writing
    a file and recording it leaves."""
    folder = folder_of(period)
    if not default_storage.exists(folder):
        return 0
    referred = set(KeptDocument.objects.filter(period=period).values_list("file", flat=True))
    cutoff = timezone.now() - ORPHANS_AFTER
    removed = 0
    for name in default_storage.listdir(folder)[1]:
        path = f"{folder}/{name}"
        if path not in referred and default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            removed += 1
    return removed


def settle_requests(period: Period) -> None:
    """Mark the request of the current version done when every format is kept at it, and
    forget the requests of older versions (a newer request, if any, is left to its job)."""
    version = document_version(period)
    DocumentRequest.objects.filter(period=period).exclude(version=version).delete()
    kept = KeptDocument.objects.filter(period=period, version=version).count()
    if kept == len(FORMATS):
        DocumentRequest.objects.filter(period=period, version=version, done_at=None).update(
            done_at=timezone.now()
        )
