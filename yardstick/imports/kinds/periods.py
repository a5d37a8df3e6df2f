"""The periods a file names: those that exist, and those an import creates when applied."""

from __future__ import annotations

from dataclasses import dataclass, field

from yardstick.core import periods as core_periods
from yardstick.framework.models import Period
from yardstick.framework.services import ensure_period
from yardstick.imports.changes import Action, ChangeSet, FieldChange, Writer
from yardstick.organisations.models import Organisation


@dataclass
class Periods:
    """The organisation's periods by key (one query); the ones a file needs that do not exist
    yet are created when the import is applied, through framework.services.ensure_period."""

    organisation: Organisation
    existing: dict[str, Period]
    needed: dict[str, core_periods.Period] = field(default_factory=dict)
    first_row: dict[str, int] = field(default_factory=dict)
    created: dict[str, Period] | None = None

    @classmethod
    def load(cls, organisation: Organisation) -> Periods:
        found = Period.objects.in_organisation(organisation).select_related("organisation")
        return cls(organisation, {period.key: period for period in found})

    def need(self, core: core_periods.Period, row: int) -> str:
        if core.key not in self.existing and core.key not in self.needed:
            self.needed[core.key] = core
            self.first_row[core.key] = row
        return core.key

    def get(self, key: str) -> Period | None:
        """The period with `key` if it exists now (None for one the import will create)."""
        return self.existing.get(key)

    def record(self, changes: ChangeSet) -> None:
        for key, core in sorted(self.needed.items(), key=lambda item: item[1]):
            changes.record(
                Action.CREATE,
                "period",
                key,
                self.first_row[key],
                [FieldChange("label", "", core.label)],
            )

    def ensure(self, writer: Writer) -> dict[str, Period]:
        """Every period the file needs so far, creating the missing ones (each once, however
        often it is called: a file read as a stream names more as it goes); their history
        rows get the acting user and the reason."""
        if self.created is None:
            self.created = {}
        missing = sorted(
            ((key, core) for key, core in self.needed.items() if key not in self.created),
            key=lambda item: item[1],
        )
        made = [ensure_period(self.organisation, core) for _, core in missing]
        if made:
            self.created |= {key: period for (key, _), period in zip(missing, made, strict=True)}
            Period.history.filter(
                id__in=[period.pk for period in made],
                history_type="+",
                history_date__gte=writer.when,
            ).update(history_user=writer.acting_user, history_change_reason=writer.reason)
        return self.existing | self.created
