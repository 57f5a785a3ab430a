"""The bundle as bytes: one JSON document named by the hash of its content."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from pydantic import ValidationError

from chalicelib.core.content import Bundle

PARTS = ("library", "assessments", "partners")


class CorruptBundle(Exception):
    """Bytes that are not a valid bundle, or whose content does not match its version."""


def content_version(library: dict[str, Any], assessments: list[dict[str, Any]], partners: list[dict[str, Any]]) -> str:
    """A short hash of the content itself, so equal content always gets the same version."""
    canonical = json.dumps(
        {"library": library, "assessments": assessments, "partners": partners}, sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def parts(bundle: Bundle) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """The bundle's library, assessments and partners as plain data: the form its version is computed from."""
    library = bundle.library.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    assessments = [a.model_dump(mode="json", by_alias=True, exclude_defaults=True) for a in bundle.assessments]
    partners = [p.model_dump(mode="json", by_alias=True, exclude_defaults=True) for p in bundle.partners]
    return library, assessments, partners


def to_json(bundle: Bundle) -> bytes:
    library, assessments, partners = parts(bundle)
    document = {"version": bundle.version, "library": library, "assessments": assessments, "partners": partners}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def from_json(data: bytes) -> Bundle:
    """Read a bundle: its content must hash to its version and pass the content models, which also check the
    rules across parts (`core/references.py`).

    Only content that passed the models and the gates is ever hashed and published; the hash catches damage,
    and the models catch a bundle written some other way (or by another version of this code) before it can
    fail requests. The models build their validators on first use (`defer_build`), so this first read pays
    for them once: about 7 ms of a cold start, 8 ms less than building them all at import.
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
        # Strict, from the bytes: a bundle holds exactly the JSON types the models write (no "yes" for true).
        return Bundle.model_validate_json(data, strict=True)
    except ValidationError as error:
        raise CorruptBundle(f"not a valid bundle: {_described(error)}") from None


def _described(error: ValidationError) -> str:
    """Each fault as `where: what`, without the values (a bundle is content, but keep messages short)."""
    return "; ".join(
        f"{'.'.join(str(part) for part in e['loc'] if '[' not in str(part))}: {e['msg'].removeprefix('Value error, ')}"
        for e in error.errors(include_url=False, include_input=False)
    )
