"""Where content lives, behind one small interface: `fetch(known) -> (tag, Bundle) | None`.

`known` is the tag of the content already held; a store answers None when it has not changed, so a
warm reader revalidates with one cheap conditional request.

A folder and an S3 prefix hold published content the same way: `current.json` names the current version,
and `bundles/<version>.json` holds each published bundle. Authoring publishes into either (`publish`).
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from chalicelib.core.content import Bundle
from chalicelib.runtime import bundle as bundle_json

POINTER_KEY = "current.json"
BUNDLES_DIR = "bundles"
VERSION = re.compile(r"[0-9a-f]{16}")


class ContentStore(Protocol):
    def fetch(self, known: str | None) -> tuple[str, Bundle] | None: ...


class PointerMoved(Exception):
    """Someone else moved current.json since it was read: nothing was changed; read again and retry."""


class UnknownVersion(Exception):
    """No bundle with that version has been published."""


class Pointer(NamedTuple):
    version: str
    etag: str


class Published(NamedTuple):
    version: str
    published_at: datetime.datetime


class FolderStore:
    """Published bundles in a folder (for editors, tests and a run without AWS); tagged by version."""

    def __init__(self, folder: Path):
        self.folder = folder

    def fetch(self, known: str | None) -> tuple[str, Bundle] | None:
        version = _pointer_version((self.folder / POINTER_KEY).read_bytes())
        return None if version == known else (version, self.load_version(version))

    def load_version(self, version: str) -> Bundle:
        bundle = bundle_json.from_json(self._bundle_path(version).read_bytes())
        if bundle.version != version:
            raise bundle_json.CorruptBundle(f"bundles/{version}.json holds version {bundle.version}")
        return bundle

    def pointer(self) -> Pointer | None:
        """What current.json names now (its version is its tag); None before the first publish."""
        try:
            version = _pointer_version((self.folder / POINTER_KEY).read_bytes())
        except FileNotFoundError:
            return None
        return Pointer(version, version)

    def upload(self, bundle: Bundle) -> None:
        """Store the bundle under its hash (a no-op when that version is already there)."""
        path = self._bundle_path(bundle.version)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(bundle_json.to_json(bundle))

    def move_pointer(self, version: str, expected: Pointer | None) -> None:
        """Point current.json at `version` only if it is still `expected` (else PointerMoved, nothing changed).
        One writer at a time: a folder is a local store, without S3's conditional writes."""
        if not self.has_version(version):
            raise UnknownVersion(version)
        if self.pointer() != expected:
            raise PointerMoved(version)
        temporary = self.folder / f".{POINTER_KEY}.new"
        temporary.write_text(json.dumps({"version": version}))
        temporary.replace(self.folder / POINTER_KEY)  # readers see the old pointer or the new, never half

    def has_version(self, version: str) -> bool:
        return self._bundle_path(version).exists()

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
            if known and _status(error) == 304:
                return None
            raise
        version = _pointer_version(response["Body"].read())
        return response["ETag"], self.load_version(version)

    def load_version(self, version: str) -> Bundle:
        body = self._client().get_object(Bucket=self.bucket, Key=self.bundle_key(version))["Body"].read()
        bundle = bundle_json.from_json(body)
        if bundle.version != version:
            raise bundle_json.CorruptBundle(f"bundles/{version}.json holds version {bundle.version}")
        return bundle

    def pointer(self) -> Pointer | None:
        """What current.json names now, with its ETag; None before the first publish."""
        try:
            response = self._client().get_object(Bucket=self.bucket, Key=self.key(POINTER_KEY))
        except Exception as error:
            if _code(error) == "NoSuchKey":
                return None
            raise
        return Pointer(_pointer_version(response["Body"].read()), response["ETag"])

    def upload(self, bundle: Bundle) -> None:
        """Store the bundle under its hash (a no-op when that version is already there)."""
        try:
            self._client().put_object(
                Bucket=self.bucket,
                Key=self.bundle_key(bundle.version),
                Body=bundle_json.to_json(bundle),
                ContentType="application/json",
                IfNoneMatch="*",
            )
        except Exception as error:
            if _status(error) != 412:  # 412: the same hash, so the same bytes, is already stored
                raise

    def move_pointer(self, version: str, expected: Pointer | None) -> None:
        """Point current.json at `version` only if it is still `expected` (else PointerMoved, nothing changed)."""
        if not self.has_version(version):
            raise UnknownVersion(version)
        condition = {"IfMatch": expected.etag} if expected else {"IfNoneMatch": "*"}
        body = json.dumps({"version": version}).encode()
        try:
            self._client().put_object(
                Bucket=self.bucket,
                Key=self.key(POINTER_KEY),
                Body=body,
                ContentType="application/json",
                CacheControl="no-cache",
                **condition,
            )
        except Exception as error:
            # 412: the ETag no longer matches; 409: a concurrent conditional write won; 404: deleted since read.
            if _status(error) in (404, 409, 412):
                raise PointerMoved(version) from None
            raise

    def has_version(self, version: str) -> bool:
        try:
            self._client().head_object(Bucket=self.bucket, Key=self.bundle_key(version))
        except Exception as error:
            if _status(error) == 404:
                return False
            raise
        return True

    def published(self) -> list[Published]:
        """Every bundle in the bucket, oldest first."""
        paginator = self._client().get_paginator("list_objects_v2")
        folder = self.key(f"{BUNDLES_DIR}/")
        found = [
            Published(item["Key"].removeprefix(folder).removesuffix(".json"), item["LastModified"])
            for page in paginator.paginate(Bucket=self.bucket, Prefix=folder)
            for item in page.get("Contents", [])
            if item["Key"].endswith(".json")
        ]
        return sorted(found, key=lambda p: (p.published_at, p.version))

    def _client(self) -> Any:
        return self._client_factory()


def _pointer_version(raw: bytes) -> str:
    try:
        version = json.loads(raw)["version"]
    except (ValueError, KeyError, TypeError):
        raise bundle_json.CorruptBundle("current.json is not a pointer") from None
    if not isinstance(version, str) or not VERSION.fullmatch(version):
        raise bundle_json.CorruptBundle("current.json names no valid version")
    return version


def _status(error: Exception) -> int | None:
    response = getattr(error, "response", None) or {}
    return response.get("ResponseMetadata", {}).get("HTTPStatusCode")


def _code(error: Exception) -> str | None:
    response = getattr(error, "response", None) or {}
    return response.get("Error", {}).get("Code")
