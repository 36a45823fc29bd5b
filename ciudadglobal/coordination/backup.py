"""A deployment's whole database and uploaded files in one portable archive, and back.

The archive is a zip file holding:

- ``manifest.json``: format version, when and from which database engine it was written, the
  applied migrations, and the number of rows of every model;
- ``data/<app_label>.json``: every row of each app, serialized by Django with natural keys
  for content types, permissions and users, so that it loads into any database engine;
- ``media/…``: every uploaded file under MEDIA_ROOT.

Content types and permissions are not written: ``migrate`` creates them in the target, and
rows refer to them by natural key. Sessions are not written either.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import override_settings
from django.utils import timezone

FORMAT = "ciudadglobal-backup/1"
#: Rows that ``migrate`` creates, or that are not worth keeping.
SKIPPED = frozenset({"contenttypes.contenttype", "auth.permission", "sessions.session"})
#: Reference rows that data migrations write (the SDG framework). A freshly migrated database
#: holds them, so they do not make it "not empty"; the restore replaces them with the
#: archive's. tests/coordination/test_backup.py checks this list against a fresh database.
MIGRATION_DATA = ("taxonomy.sdgindicator", "taxonomy.sdgtarget", "taxonomy.sdggoal")


class BackupError(Exception):
    """The archive cannot be written or restored; the message says why."""


@dataclass(frozen=True)
class RestoreResult:
    rows: int
    files: int


def backed_up_models() -> list:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.label_lower not in SKIPPED and not model._meta.proxy and model._meta.managed
    ]


def row_counts(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """The number of rows of every backed-up model, by ``app_label.model``."""
    return {
        model._meta.label_lower: model._base_manager.using(using).count()
        for model in backed_up_models()
    }


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> list[list[str]]:
    recorder = MigrationRecorder(connections[using])
    return sorted([app, name] for app, name in recorder.applied_migrations())


def write_backup(archive: Path, *, using: str = DEFAULT_DB_ALIAS) -> dict:
    """Write the whole database and MEDIA_ROOT to ``archive`` (a zip file); return the manifest."""
    archive = Path(archive)
    media_root = Path(settings.MEDIA_ROOT)
    with (
        transaction.atomic(using=using),
        zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle,
    ):
        # One snapshot: counts and rows are read in the same transaction.
        counts = row_counts(using)
        by_app: dict[str, list] = {}
        for model in backed_up_models():
            # Rows of automatic many-to-many tables travel with their owner's field; written
            # again on their own, they would be inserted twice. They are still counted.
            if not model._meta.auto_created:
                by_app.setdefault(model._meta.app_label, []).append(model)
        for app_label, models in sorted(by_app.items()):
            with bundle.open(f"data/{app_label}.json", "w") as stream:
                text = _TextSink(stream)
                objects = (
                    obj
                    for model in serializers.sort_dependencies([(None, models)], allow_cycles=True)
                    for obj in model._base_manager.using(using).order_by("pk").iterator()
                )
                serializers.serialize(
                    "json",
                    objects,
                    stream=text,
                    use_natural_foreign_keys=True,
                    use_natural_primary_keys=False,
                )
        files = []
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file():
                    name = path.relative_to(media_root).as_posix()
                    bundle.write(path, f"media/{name}")
                    files.append(name)
        manifest = {
            "format": FORMAT,
            "written_at": timezone.now().isoformat(),
            "engine": connections[using].vendor,
            "migrations": applied_migrations(using),
            "counts": counts,
            "files": files,
        }
        bundle.writestr("manifest.json", json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


def read_manifest(archive: Path) -> dict:
    try:
        with zipfile.ZipFile(archive) as bundle:
            manifest = json.loads(bundle.read("manifest.json"))
    except (OSError, KeyError, zipfile.BadZipFile, ValueError) as error:
        raise BackupError(f"{archive} is not a backup archive: {error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive} has format {manifest.get('format')!r}, expected {FORMAT}.")
    return manifest


def restore_backup(archive: Path, *, using: str = DEFAULT_DB_ALIAS) -> RestoreResult:
    """Load ``archive`` into an empty, migrated database and verify every count.

    Refuses when the database already holds rows, or when its migrations differ from the
    archive's. Everything is loaded in one transaction: a count that does not match the
    manifest rolls it all back."""
    archive = Path(archive)
    manifest = read_manifest(archive)
    missing = {tuple(item) for item in manifest["migrations"]} - {
        tuple(item) for item in applied_migrations(using)
    }
    if missing:
        sample = ", ".join(f"{app}.{name}" for app, name in sorted(missing)[:5])
        raise BackupError(
            f"The database lacks {len(missing)} migration(s) the archive was written with "
            f"({sample}…): run `manage.py migrate` with the same version of the code."
        )
    occupied = {
        label: count
        for label, count in row_counts(using).items()
        if count and label not in MIGRATION_DATA
    }
    if occupied:
        sample = ", ".join(f"{label} ({count})" for label, count in sorted(occupied.items())[:5])
        raise BackupError(f"The database is not empty: {sample}. Restore only into an empty one.")
    unknown = set(manifest["counts"]) - set(row_counts(using))
    if unknown:
        raise BackupError(f"The archive holds models this code does not know: {sorted(unknown)}")
    media_root = Path(settings.MEDIA_ROOT)
    with zipfile.ZipFile(archive) as bundle:
        names = bundle.namelist()
        fixtures = sorted(name for name in names if name.startswith("data/"))
        files = [name for name in names if name.startswith("media/") and not name.endswith("/")]
        with _extracted(bundle, fixtures) as paths, transaction.atomic(using=using):
            for label in MIGRATION_DATA:
                apps.get_model(label)._base_manager.using(using).all().delete()
            # The archive holds the history itself: loading must not write new history rows
            # (many-to-many changes would otherwise be recorded again).
            if paths:
                with override_settings(SIMPLE_HISTORY_ENABLED=False):
                    call_command("loaddata", *paths, database=using, verbosity=0)
            counts = row_counts(using)
            wrong = {
                label: (expected, counts.get(label))
                for label, expected in manifest["counts"].items()
                if counts.get(label) != expected
            }
            if wrong:
                raise BackupError(
                    "Counts differ from the archive's (expected, found): "
                    + ", ".join(f"{label} {pair}" for label, pair in sorted(wrong.items()))
                )
        for name in files:
            relative = PurePosixPath(name).relative_to("media")
            if relative.is_absolute() or ".." in relative.parts:
                raise BackupError(f"Refusing the file {name!r}: it points outside MEDIA_ROOT.")
            target = media_root.joinpath(*relative.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(bundle.read(name))
    return RestoreResult(rows=sum(manifest["counts"].values()), files=len(files))


class _TextSink:
    """A text stream over a binary zip member, for the serializer."""

    def __init__(self, binary):
        self.binary = binary

    def write(self, text: str) -> int:
        return self.binary.write(text.encode("utf-8"))


class _extracted:
    """The fixture members of the archive, written to a temporary directory (loaddata reads
    files by name and recognises their format by the extension)."""

    def __init__(self, bundle: zipfile.ZipFile, names: list[str]):
        self.bundle = bundle
        self.names = names

    def __enter__(self) -> list[str]:
        import tempfile

        self.directory = tempfile.TemporaryDirectory(prefix="ciudadglobal-restore-")
        paths = []
        for name in self.names:
            target = Path(self.directory.name) / PurePosixPath(name).name
            target.write_bytes(self.bundle.read(name))
            paths.append(str(target))
        return paths

    def __exit__(self, *exc_info) -> None:
        self.directory.cleanup()
