"""Where content lives, behind one small interface: `fetch(known)` for the index, `assessment(index, position)` for
one assessment when it is first asked for.

`known` is the tag of the index already held; a store answers None when it has not changed, so a warm reader
revalidates with one cheap conditional request.

A folder and an S3 prefix hold published content the same way (`runtime/bundle.py` says what each part holds):

    current.json                        the current version's index: the one object a publish or rollback replaces
    indexes/<version>.json              every published version's index (what `rollback` can point back at)
    assessments/<slug>/<hash>.json      each assessment, named by the hash of its content, shared by the versions

Parts are immutable (a name is the hash of its content), so the one-object swap of current.json is the only change
readers ever see: a reader holds either the old version or the new one, never a mix. This is the reading half:
publishing writes through `authoring/store_writers.py`, which extends these classes, so the Lambda zip carries no
write code.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from chalicelib.core.content import Assessment, LibraryIndex
from chalicelib.runtime import bundle as bundle_json

POINTER_KEY = "current.json"
VERSION = re.compile(r"[0-9a-f]{16}")


class ContentStore(Protocol):
    def fetch(self, known: str | None) -> tuple[str, LibraryIndex] | None: ...

    def assessment(self, index: LibraryIndex, position: int) -> Assessment: ...


class FolderStore:
    """Published content in a folder (for editors, tests, a run without AWS, and the bundle baked into the
    package); tagged by version."""

    def __init__(self, folder: Path):
        self.folder = folder

    def fetch(self, known: str | None) -> tuple[str, LibraryIndex] | None:
        raw = (self.folder / POINTER_KEY).read_bytes()
        version = pointer_version(raw)
        return None if version == known else (version, bundle_json.read_index(raw))

    def assessment(self, index: LibraryIndex, position: int) -> Assessment:
        entry = index.assessments[position]
        raw = (self.folder / bundle_json.part_name(entry.slug, entry.part)).read_bytes()
        return bundle_json.read_assessment(raw, index, position)


class S3Store:
    """Published content under an S3 prefix; tagged by current.json's ETag."""

    def __init__(self, client_factory: Callable[[], Any], bucket: str, prefix: str):
        self._client_factory = client_factory
        self.bucket = bucket
        self.prefix = prefix.strip("/")

    def key(self, name: str) -> str:
        return f"{self.prefix}/{name}" if self.prefix else name

    def fetch(self, known: str | None) -> tuple[str, LibraryIndex] | None:
        """current.json's ETag and the index it holds; None when it still has ETag `known` (a 304)."""
        extra = {"IfNoneMatch": known} if known else {}
        try:
            response = self._client().get_object(Bucket=self.bucket, Key=self.key(POINTER_KEY), **extra)
        except Exception as error:
            if known and status(error) == 304:
                return None
            raise
        return response["ETag"], bundle_json.read_index(response["Body"].read())

    def assessment(self, index: LibraryIndex, position: int) -> Assessment:
        entry = index.assessments[position]
        key = self.key(bundle_json.part_name(entry.slug, entry.part))
        raw = self._client().get_object(Bucket=self.bucket, Key=key)["Body"].read()
        return bundle_json.read_assessment(raw, index, position)

    def _client(self) -> Any:
        return self._client_factory()


def pointer_version(raw: bytes) -> str:
    """The version current.json (or an index) names, read without checking the rest."""
    try:
        version = json.loads(raw)["version"]
    except (ValueError, KeyError, TypeError):
        raise bundle_json.CorruptBundle("current.json is not an index") from None
    if not isinstance(version, str) or not VERSION.fullmatch(version):
        raise bundle_json.CorruptBundle("current.json names no valid version")
    return version


def status(error: Exception) -> int | None:
    response = getattr(error, "response", None) or {}
    return response.get("ResponseMetadata", {}).get("HTTPStatusCode")
