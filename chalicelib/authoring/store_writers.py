"""The write side of the content stores: store a bundle under its version, move the pointer, list what is published.

Only publishing writes (`authoring/publishing.py`); the service reads through `runtime/stores.py`, whose classes
these extend, so the Lambda zip carries only the reading half.
"""

from __future__ import annotations

import datetime
import json
from typing import NamedTuple

from chalicelib.core.content import Bundle
from chalicelib.runtime import bundle as bundle_json
from chalicelib.runtime.stores import BUNDLES_DIR, POINTER_KEY, FolderStore, S3Store, pointer_version, status


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


class FolderWriter(FolderStore):
    """Publishing into a folder (for editors, tests and a run without AWS). One writer at a time: a folder is a
    local store, without S3's conditional writes."""

    def pointer(self) -> Pointer | None:
        """What current.json names now (its version is its tag); None before the first publish."""
        try:
            version = pointer_version((self.folder / POINTER_KEY).read_bytes())
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
        """Point current.json at `version` only if it is still `expected` (else PointerMoved, nothing changed)."""
        if not self.has_version(version):
            raise UnknownVersion(version)
        if self.pointer() != expected:
            raise PointerMoved(version)
        temporary = self.folder / f".{POINTER_KEY}.new"
        temporary.write_text(json.dumps({"version": version}))
        temporary.replace(self.folder / POINTER_KEY)  # readers see the old pointer or the new, never half

    def has_version(self, version: str) -> bool:
        return self._bundle_path(version).exists()


class S3Writer(S3Store):
    """Publishing into S3 with conditional writes, so two editors publishing at once never both win."""

    def pointer(self) -> Pointer | None:
        """What current.json names now, with its ETag; None before the first publish."""
        try:
            response = self._client().get_object(Bucket=self.bucket, Key=self.key(POINTER_KEY))
        except Exception as error:
            if _code(error) == "NoSuchKey":
                return None
            raise
        return Pointer(pointer_version(response["Body"].read()), response["ETag"])

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
            if status(error) != 412:  # 412: the same hash, so the same bytes, is already stored
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
            if status(error) in (404, 409, 412):
                raise PointerMoved(version) from None
            raise

    def has_version(self, version: str) -> bool:
        try:
            self._client().head_object(Bucket=self.bucket, Key=self.bundle_key(version))
        except Exception as error:
            if status(error) == 404:
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


def _code(error: Exception) -> str | None:
    response = getattr(error, "response", None) or {}
    return response.get("Error", {}).get("Code")
