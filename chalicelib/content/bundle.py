"""The bundle as bytes: one JSON document named by the hash of its content."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from chalicelib.models.content import Bundle


class CorruptBundle(Exception):
    """Bytes that are not a valid bundle, or whose content does not match its version."""


def content_version(library: dict[str, Any], assessments: list[dict[str, Any]], partners: list[dict[str, Any]]) -> str:
    """A short hash of the content itself, so equal content always gets the same version."""
    canonical = json.dumps(
        {"library": library, "assessments": assessments, "partners": partners}, sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def dumped(bundle: Bundle) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """The bundle's library, assessments and partners as plain data, the form its version is computed from."""
    library = bundle.library.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    assessments = [a.model_dump(mode="json", by_alias=True, exclude_defaults=True) for a in bundle.assessments]
    partners = [p.model_dump(mode="json", by_alias=True, exclude_defaults=True) for p in bundle.partners]
    return library, assessments, partners


def to_json(bundle: Bundle) -> bytes:
    library, assessments, partners = dumped(bundle)
    document = {"version": bundle.version, "library": library, "assessments": assessments, "partners": partners}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def from_json(data: bytes) -> Bundle:
    """Parse and validate a bundle, checking that its content hashes to its version."""
    try:
        bundle = Bundle.model_validate_json(data)
    except ValueError as error:
        raise CorruptBundle(f"not a valid bundle: {str(error).splitlines()[0]}") from None
    if content_version(*dumped(bundle)) != bundle.version:
        raise CorruptBundle(f"bundle content does not match its version {bundle.version}")
    return bundle
