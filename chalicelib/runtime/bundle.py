"""The bundle as bytes: one JSON document named by the hash of its content."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from chalicelib.core.records import ShapeError, dump, load
from chalicelib.core.references import check_bundle
from chalicelib.core.served import Bundle

PARTS = ("library", "assessments", "partners")


class CorruptBundle(Exception):
    """Bytes that are not a valid bundle, or whose content does not match its version."""


def content_version(library: dict[str, Any], assessments: list[dict[str, Any]], partners: list[dict[str, Any]]) -> str:
    """A short hash of the content itself, so equal content always gets the same version."""
    canonical = json.dumps(
        {"library": library, "assessments": assessments, "partners": partners}, sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def to_json(bundle: Bundle) -> bytes:
    document = {
        "version": bundle.version,
        "library": dump(bundle.library),
        "assessments": [dump(a) for a in bundle.assessments],
        "partners": [dump(p) for p in bundle.partners],
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def from_json(data: bytes) -> Bundle:
    """Read a bundle: its content must hash to its version, have the shape of the records in `served.py` and
    keep the rules of `references.py`.

    Only content that passed the models and the gates is ever hashed and published; the hash catches damage,
    and the shape and reference checks catch a bundle written some other way (or by another version of this
    code) before it can fail requests. The records are built without pydantic, which a cold start cannot
    afford.
    """
    try:
        document = json.loads(data)
    except ValueError as error:
        raise CorruptBundle(f"not a valid bundle: not JSON ({error})") from None
    if type(document) is not dict or document.keys() != {"version", *PARTS}:
        raise CorruptBundle(f"not a valid bundle: it needs exactly the keys version, {', '.join(PARTS)}")
    if content_version(*(document[part] for part in PARTS)) != document["version"]:
        raise CorruptBundle(f"bundle content does not match its version {document['version']}")
    try:
        bundle = load(Bundle, document)
        check_bundle(bundle)  # references resolve: a bundle that breaks them would fail requests
    except (ShapeError, ValueError) as error:
        raise CorruptBundle(f"not a valid bundle: {error}") from None
    return bundle
