"""Where content lives, behind one small interface: `load() -> Bundle`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from chalicelib.content import bundle as bundle_json
from chalicelib.content.source import load_folder
from chalicelib.models.content import Bundle

POINTER_KEY = "current.json"


class ContentStore(Protocol):
    def load(self) -> Bundle: ...


class FolderStore:
    """The YAML sources in a folder, validated on every load (for editors and tests)."""

    def __init__(self, folder: Path):
        self.folder = folder

    def load(self) -> Bundle:
        return load_folder(self.folder)


class S3Store:
    """Published bundles in S3: PREFIX/current.json names PREFIX/bundles/HASH.json."""

    def __init__(self, client_factory: Callable[[], Any], bucket: str, prefix: str):
        self._client_factory = client_factory
        self.bucket = bucket
        self.prefix = prefix.strip("/")

    def key(self, name: str) -> str:
        return f"{self.prefix}/{name}" if self.prefix else name

    def bundle_key(self, version: str) -> str:
        return self.key(f"bundles/{version}.json")

    def load(self) -> Bundle:
        client = self._client_factory()
        pointer = json.loads(client.get_object(Bucket=self.bucket, Key=self.key(POINTER_KEY))["Body"].read())
        body = client.get_object(Bucket=self.bucket, Key=self.bundle_key(pointer["version"]))["Body"].read()
        return bundle_json.from_json(body)

    def publish(self, bundle: Bundle) -> None:
        """Upload the bundle, then point current.json at it."""
        client = self._client_factory()
        client.put_object(
            Bucket=self.bucket,
            Key=self.bundle_key(bundle.version),
            Body=bundle_json.to_json(bundle),
            ContentType="application/json",
        )
        pointer = json.dumps({"version": bundle.version}).encode()
        client.put_object(Bucket=self.bucket, Key=self.key(POINTER_KEY), Body=pointer, ContentType="application/json")
