"""Where content lives, behind one small interface: `fetch(known) -> (tag, Bundle) | None`.

`known` is the tag of the content already held; a store answers None when it has not changed, so a
warm reader revalidates with one cheap conditional request.

A folder and an S3 prefix hold published content the same way: `current.json` names the current version,
and `bundles/<version>.json` holds each published bundle. This is the reading half: publishing writes through
`authoring/store_writers.py`, which extends these classes, so the Lambda zip carries no write code.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from chalicelib.core.content import Bundle
from chalicelib.runtime import bundle as bundle_json

POINTER_KEY = "current.json"
BUNDLES_DIR = "bundles"
VERSION = re.compile(r"[0-9a-f]{16}")


class ContentStore(Protocol):
    def fetch(self, known: str | None) -> tuple[str, Bundle] | None: ...


class FolderStore:
    """Published bundles in a folder (for editors, tests and a run without AWS); tagged by version."""

    def __init__(self, folder: Path):
        self.folder = folder

    def fetch(self, known: str | None) -> tuple[str, Bundle] | None:
        version = pointer_version((self.folder / POINTER_KEY).read_bytes())
        return None if version == known else (version, self.load_version(version))

    def load_version(self, version: str) -> Bundle:
        bundle = bundle_json.from_json(self._bundle_path(version).read_bytes())
        if bundle.version != version:
            raise bundle_json.CorruptBundle(f"bundles/{version}.json holds version {bundle.version}")
        return bundle

    def _bundle_path(self, version: str) -> Path:
        return self.folder / BUNDLES_DIR / f"{version}.json"


class BundleFileStore:
    """One bundle file, such as the one baked into the package: content without any network."""

    def __init__(self, path: Path):
        self.path = path

    def fetch(self, known: str | None) -> tuple[str, Bundle] | None:
        bundle = bundle_json.from_json(self.path.read_bytes())
        return None if bundle.version == known else (bundle.version, bundle)


class S3Store:
    """Published bundles in S3: PREFIX/current.json names PREFIX/bundles/HASH.json; tagged by the pointer's ETag.

    Bundles are immutable (a key is the hash of its content), so the one-object pointer swap is the only
    change readers ever see: a reader holds either the old bundle or the new one, never a mix.
    """

    def __init__(self, client_factory: Callable[[], Any], bucket: str, prefix: str):
        self._client_factory = client_factory
        self.bucket = bucket
        self.prefix = prefix.strip("/")

    def key(self, name: str) -> str:
        return f"{self.prefix}/{name}" if self.prefix else name

    def bundle_key(self, version: str) -> str:
        return self.key(f"{BUNDLES_DIR}/{version}.json")

    def fetch(self, known: str | None) -> tuple[str, Bundle] | None:
        """The pointer's ETag and the bundle it names; None when the pointer still has ETag `known` (304)."""
        extra = {"IfNoneMatch": known} if known else {}
        try:
            response = self._client().get_object(Bucket=self.bucket, Key=self.key(POINTER_KEY), **extra)
        except Exception as error:
            if known and status(error) == 304:
                return None
            raise
        version = pointer_version(response["Body"].read())
        return response["ETag"], self.load_version(version)

    def load_version(self, version: str) -> Bundle:
        body = self._client().get_object(Bucket=self.bucket, Key=self.bundle_key(version))["Body"].read()
        bundle = bundle_json.from_json(body)
        if bundle.version != version:
            raise bundle_json.CorruptBundle(f"bundles/{version}.json holds version {bundle.version}")
        return bundle

    def _client(self) -> Any:
        return self._client_factory()


def pointer_version(raw: bytes) -> str:
    try:
        version = json.loads(raw)["version"]
    except (ValueError, KeyError, TypeError):
        raise bundle_json.CorruptBundle("current.json is not a pointer") from None
    if not isinstance(version, str) or not VERSION.fullmatch(version):
        raise bundle_json.CorruptBundle("current.json names no valid version")
    return version


def status(error: Exception) -> int | None:
    response = getattr(error, "response", None) or {}
    return response.get("ResponseMetadata", {}).get("HTTPStatusCode")
