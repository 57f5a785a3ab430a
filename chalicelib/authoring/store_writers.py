"""The write side of the content stores: store a bundle's parts, move the pointer, list what is published.

Only publishing writes (`authoring/publishing.py`); the service reads through `runtime/stores.py`, whose classes
these extend, so the Lambda zip carries only the reading half. The layout is described there.
"""

from __future__ import annotations

import datetime
import json
from typing import Any, NamedTuple

from chalicelib.core.content import Bundle
from chalicelib.runtime import bundle as bundle_json
from chalicelib.runtime.stores import POINTER_KEY, FolderStore, S3Store, pointer_version, status

INDEXES_DIR = "indexes"


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


def index_name(version: str) -> str:
    return f"{INDEXES_DIR}/{version}.json"


def laid_out(
    library: dict[str, Any], assessments: list[dict[str, Any]], partners: list[dict[str, Any]]
) -> tuple[str, dict[str, bytes]]:
    """The version of this content and its files by name, in the order to write them: each assessment, then the
    index (so a version that is listed always has its parts). Plain data in, so a test can lay out content the
    models would refuse, as someone writing around `publish` could."""
    index = bundle_json.index_of(library, assessments, partners)
    version = bundle_json.digest(index)
    files = {
        bundle_json.part_name(entry["slug"], entry["part"]): _json(assessment)
        for entry, assessment in zip(index["assessments"], assessments, strict=True)
    }
    files[index_name(version)] = _json({"version": version, **index})
    return version, files


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class FolderWriter(FolderStore):
    """Publishing into a folder (for editors, tests, a run without AWS and the baked bundle). One writer at a time:
    a folder is a local store, without S3's conditional writes."""

    def pointer(self) -> Pointer | None:
        """What current.json names now (its version is its tag); None before the first publish."""
        try:
            version = pointer_version((self.folder / POINTER_KEY).read_bytes())
        except FileNotFoundError:
            return None
        return Pointer(version, version)

    def upload(self, bundle: Bundle) -> None:
        """Store the bundle's parts that are not there yet (each name is the hash of its content)."""
        for name, body in laid_out(*bundle_json.parts(bundle))[1].items():
            path = self.folder / name
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(body)

    def move_pointer(self, version: str, expected: Pointer | None) -> None:
        """Make `version` current only if current.json is still `expected` (else PointerMoved, nothing changed)."""
        if not self.has_version(version):
            raise UnknownVersion(version)
        if self.pointer() != expected:
            raise PointerMoved(version)
        temporary = self.folder / f".{POINTER_KEY}.new"
        temporary.write_bytes((self.folder / index_name(version)).read_bytes())
        temporary.replace(self.folder / POINTER_KEY)  # readers see the old index or the new, never half

    def has_version(self, version: str) -> bool:
        return (self.folder / index_name(version)).exists()


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
        """Store the bundle's parts that are not there yet (each name is the hash of its content)."""
        for name, body in laid_out(*bundle_json.parts(bundle))[1].items():
            try:
                self._client().put_object(
                    Bucket=self.bucket, Key=self.key(name), Body=body, ContentType="application/json", IfNoneMatch="*"
                )
            except Exception as error:
                if status(error) != 412:  # 412: the same hash, so the same bytes, is already stored
                    raise

    def move_pointer(self, version: str, expected: Pointer | None) -> None:
        """Make `version` current only if current.json is still `expected` (else PointerMoved, nothing changed)."""
        try:
            body = self._client().get_object(Bucket=self.bucket, Key=self.key(index_name(version)))["Body"].read()
        except Exception as error:
            if _code(error) == "NoSuchKey":
                raise UnknownVersion(version) from None
            raise
        condition = {"IfMatch": expected.etag} if expected else {"IfNoneMatch": "*"}
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
            self._client().head_object(Bucket=self.bucket, Key=self.key(index_name(version)))
        except Exception as error:
            if status(error) == 404:
                return False
            raise
        return True

    def published(self) -> list[Published]:
        """Every published version, oldest first."""
        paginator = self._client().get_paginator("list_objects_v2")
        folder = self.key(f"{INDEXES_DIR}/")
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
