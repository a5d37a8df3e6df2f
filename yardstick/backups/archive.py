"""The backup file: a zip archive holding one JSON-lines file per table and a manifest.

    manifest.json                       what the backup holds (below)
    tables/<table>.jsonl                one row per line: a JSON array of the row's values,
                                        in the manifest's column order, rows in id order
    README.txt                          what the file is, for someone who finds it

The manifest gives the format and its version, the Yardstick version and database that made
it, the migrations applied in every app, and for every table (in the order a restore loads
them) its model, columns, row count, the SHA-256 of its file and the largest id the database
had given out. Everything is written in a stable order with fixed timestamps inside the
archive, so two backups of the same data differ only in the manifest's `created_at`.
docs/operations.md describes the format for people.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

FORMAT = "yardstick-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: the same bytes every time
README = """This is a Yardstick backup: every table of a Yardstick database, exactly.

Restore it into an empty database with `yardstick restore FILE` (see docs/operations.md).
manifest.json says what it holds; tables/<table>.jsonl has one row per line, a JSON array
of the row's values in the manifest's column order.
"""


class BackupUnreadable(Exception):
    """The file is not a backup Yardstick can read, or it is damaged; says which, for a
    person."""


@dataclass(frozen=True)
class TableEntry:
    name: str
    model: str
    file: str
    columns: list[str]
    rows: int
    sha256: str
    last_id: int | None = None


@dataclass(frozen=True)
class Manifest:
    yardstick_version: str
    created_at: str
    database: str
    migrations: dict[str, list[str]]
    tables: list[TableEntry] = field(default_factory=list)
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    @property
    def row_count(self) -> int:
        return sum(table.rows for table in self.tables)

    def to_json(self) -> bytes:
        data = {
            "format": self.format,
            "format_version": self.format_version,
            "yardstick_version": self.yardstick_version,
            "created_at": self.created_at,
            "database": self.database,
            "migrations": self.migrations,
            "tables": [asdict(table) for table in self.tables],
        }
        return (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8")

    @classmethod
    def from_json(cls, content: bytes) -> Manifest:
        try:
            data = json.loads(content.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise BackupUnreadable(f"its manifest cannot be read ({error})") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise BackupUnreadable("it is not a Yardstick backup (its manifest says otherwise)")
        version = data.get("format_version")
        if not isinstance(version, int):
            raise BackupUnreadable("its manifest has no format version")
        if version > FORMAT_VERSION:
            raise BackupUnreadable(
                f"it was made by a newer Yardstick (backup format {version}; this Yardstick "
                f"reads format {FORMAT_VERSION}): upgrade Yardstick to "
                f"{data.get('yardstick_version', 'the version that made it')} or later and "
                "restore again"
            )
        try:
            tables = [TableEntry(**table) for table in data["tables"]]
            manifest = cls(
                yardstick_version=str(data["yardstick_version"]),
                created_at=str(data["created_at"]),
                database=str(data["database"]),
                migrations={
                    str(app): [str(name) for name in names]
                    for app, names in data["migrations"].items()
                },
                tables=tables,
                format_version=version,
            )
        except (KeyError, TypeError, AttributeError) as error:
            raise BackupUnreadable(f"its manifest is incomplete ({error})") from None
        for table in tables:
            if not isinstance(table.rows, int) or not isinstance(table.columns, list):
                raise BackupUnreadable(f"its manifest's entry for {table.name} is damaged")
        return manifest


class BackupWriter:
    """Writes a backup to `path` through a temporary file beside it, renamed into place only
    when complete, so a failed backup never leaves a file that looks whole."""

    def __init__(self, path: Path):
        self.path = path
        self.partial = path.with_name(f".{path.name}.partial")
        self.entries: list[TableEntry] = []
        self.zip = zipfile.ZipFile(self.partial, "w", zipfile.ZIP_DEFLATED, allowZip64=True)

    def __enter__(self) -> BackupWriter:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        self.zip.close()
        if error is not None:
            self.partial.unlink(missing_ok=True)

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        return info

    def add_table(
        self,
        name: str,
        model: str,
        columns: list[str],
        rows: Iterable[list[Any]],
        last_id: int | None,
    ) -> TableEntry:
        file = f"tables/{name}.jsonl"
        digest = hashlib.sha256()
        count = 0
        with self.zip.open(self._info(file), "w", force_zip64=True) as out:
            for row in rows:
                line = (json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n").encode(
                    "utf-8"
                )
                digest.update(line)
                out.write(line)
                count += 1
        entry = TableEntry(name, model, file, list(columns), count, digest.hexdigest(), last_id)
        self.entries.append(entry)
        return entry

    def finish(self, manifest: Manifest) -> None:
        self.zip.writestr(self._info("README.txt"), README)
        self.zip.writestr(self._info(MANIFEST), manifest.to_json())
        self.zip.close()
        os.replace(self.partial, self.path)


class BackupReader:
    """A backup opened for reading. `rows` streams a table's rows and checks them against
    the manifest (count, checksum, shape) as it goes; any damage is BackupUnreadable."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.zip = zipfile.ZipFile(path)
        except FileNotFoundError:
            raise BackupUnreadable("there is no such file") from None
        except IsADirectoryError:
            raise BackupUnreadable("it is a folder, not a file") from None
        except PermissionError:
            raise BackupUnreadable("it cannot be read (permission denied)") from None
        except (zipfile.BadZipFile, OSError, EOFError):
            raise BackupUnreadable(
                "it is not a Yardstick backup, or it is damaged or cut short (it cannot be "
                "opened as a zip archive)"
            ) from None
        try:
            content = self.zip.read(MANIFEST)
        except KeyError:
            self.zip.close()
            raise BackupUnreadable("it is not a Yardstick backup (it has no manifest)") from None
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as error:
            self.zip.close()
            raise BackupUnreadable(f"its manifest is damaged ({error})") from None
        self.manifest = Manifest.from_json(content)

    def __enter__(self) -> BackupReader:
        return self

    def __exit__(self, *exc) -> None:
        self.zip.close()

    def rows(self, entry: TableEntry) -> Iterator[list[Any]]:
        digest = hashlib.sha256()
        count = 0
        width = len(entry.columns)
        try:
            with self.zip.open(entry.file) as raw:
                for line in raw:
                    digest.update(line)
                    count += 1
                    try:
                        row = json.loads(line)
                    except (UnicodeDecodeError, json.JSONDecodeError):
                        raise BackupUnreadable(
                            f"{entry.file}, line {count}, is damaged: it is not JSON"
                        ) from None
                    if not isinstance(row, list) or len(row) != width:
                        raise BackupUnreadable(
                            f"{entry.file}, line {count}, is damaged: it does not have the "
                            f"table's {width} columns"
                        )
                    yield row
        except KeyError:
            raise BackupUnreadable(f"it has no {entry.file}, which its manifest lists") from None
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as error:
            raise BackupUnreadable(f"{entry.file} is damaged ({error})") from None
        if count != entry.rows:
            raise BackupUnreadable(
                f"{entry.file} has {count} rows where the manifest says {entry.rows}: the "
                "backup is damaged or incomplete"
            )
        if digest.hexdigest() != entry.sha256:
            raise BackupUnreadable(
                f"{entry.file} does not match its checksum in the manifest: the backup is damaged"
            )
