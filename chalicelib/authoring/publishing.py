"""Publishing: build content/ into one checked bundle, upload it, move the pointer; or move it back.

The pointer moves with a conditional write on the ETag read at the start, so when two editors publish at
once exactly one wins; the other gets PointerMoved, with nothing changed, and can simply run it again.
"""

from __future__ import annotations

import datetime
import shutil
from dataclasses import dataclass
from pathlib import Path

from chalicelib.authoring import gates
from chalicelib.authoring.source import load_folder
from chalicelib.authoring.store_writers import FolderWriter, S3Writer, UnknownVersion
from chalicelib.core.content import Bundle
from chalicelib.runtime.provider import FALLBACK_BUNDLE
from chalicelib.runtime.stores import POINTER_KEY


@dataclass(frozen=True)
class Outcome:
    version: str
    previous: str | None
    changed: bool


class GatesFailed(Exception):
    """Content that loads but fails a content gate; nothing may be published."""

    def __init__(self, findings: tuple[gates.Finding, ...]):
        self.findings = findings
        super().__init__(f"{len(findings)} content gate finding(s)")


def build(folder: Path, today: datetime.date | None = None) -> Bundle:
    """The bundle of `folder`; ContentError if the models refuse it, GatesFailed if any content gate does.

    The gates render every rule text on every answer path in the engine's sandbox, so a template that
    reaches into Python objects is refused here, before anything is uploaded.
    """
    bundle = load_folder(folder)
    findings = gates.check_bundle(bundle, today or datetime.date.today()).findings
    if findings:
        raise GatesFailed(findings)
    return bundle


def write_fallback(bundle: Bundle, folder: Path = FALLBACK_BUNDLE) -> None:
    """Bake `bundle` into `folder`, made anew: a published folder holding this version only (the package's
    fallback). A folder of other files is refused rather than replaced."""
    ours = folder == FALLBACK_BUNDLE or (folder / POINTER_KEY).exists()
    if folder.exists() and not ours and any(folder.iterdir()):
        raise SystemExit(f"{folder} holds other files: name a new folder to bake the bundle into")
    shutil.rmtree(folder, ignore_errors=True)
    publish(FolderWriter(folder), bundle)


def publish(store: S3Writer | FolderWriter, bundle: Bundle, *, dry_run: bool = False) -> Outcome:
    """Upload the bundle, then point current.json at it (PointerMoved if someone else moved it meanwhile)."""
    current = store.pointer()
    previous = current.version if current else None
    if dry_run or previous == bundle.version:
        return Outcome(bundle.version, previous, changed=False)
    store.upload(bundle)
    store.move_pointer(bundle.version, current)
    return Outcome(bundle.version, previous, changed=True)


def rollback(store: S3Writer | FolderWriter, version: str, *, dry_run: bool = False) -> Outcome:
    """Point current.json back at an earlier bundle (UnknownVersion if it was never published)."""
    current = store.pointer()
    previous = current.version if current else None
    if not store.has_version(version):
        raise UnknownVersion(version)
    if dry_run or previous == version:
        return Outcome(version, previous, changed=False)
    store.move_pointer(version, current)
    return Outcome(version, previous, changed=True)
