"""The published bundle in parts, each named by the hash of its content: one object per assessment, and an index of
the rest (the taxonomy, the partners, and per assessment what cards and lists show and the hash of its object).

The version is the hash of the index, which names every assessment's hash, so it covers every byte of the content:
equal content, equal version. A reader reads the index, then each assessment when first asked for, and refuses
(CorruptBundle) a part whose content does not hash to its name or does not pass the content models.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from pydantic import ValidationError

from chalicelib.core.content import Assessment, AssessmentEntry, Bundle, LibraryIndex

PARTS = ("library", "assessments", "partners")
COPIED = tuple(name for name in AssessmentEntry.model_fields if name != "part")
"""The fields the index copies from each assessment."""


class CorruptBundle(Exception):
    """Bytes that are not a valid part of a bundle, or whose content does not match its name."""


def digest(data: Any) -> str:
    """A short hash of plain data, independent of key order: the name of a part, or of a version."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def parts(bundle: Bundle) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """The bundle's library, assessments and partners as plain data: the form its parts are hashed in."""
    library = bundle.library.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    assessments = [a.model_dump(mode="json", by_alias=True, exclude_defaults=True) for a in bundle.assessments]
    partners = [p.model_dump(mode="json", by_alias=True, exclude_defaults=True) for p in bundle.partners]
    return library, assessments, partners


def index_of(library: dict[str, Any], assessments: list[dict[str, Any]], partners: list[dict[str, Any]]) -> dict:
    """The index of this content, without its version (which is the hash of this)."""
    entries = [{**{name: a[name] for name in COPIED if name in a}, "part": digest(a)} for a in assessments]
    return {"library": library, "assessments": entries, "partners": partners}


def content_version(library: dict[str, Any], assessments: list[dict[str, Any]], partners: list[dict[str, Any]]) -> str:
    """The version of this content: the hash of its index."""
    return digest(index_of(library, assessments, partners))


def part_name(slug: str, part: str) -> str:
    """Where an assessment's object lives, under the store's prefix or folder."""
    return f"assessments/{slug}/{part}.json"


def read_index(data: bytes) -> LibraryIndex:
    """Read an index: its content must hash to its version and pass the content models, which also check the
    rules across parts (every assessment placed once, related assessments exist: `core/references.py`).

    Only content that passed the models and the gates is ever published; the hash catches damage, and the models
    catch a part written some other way (or by another version of this code) before it can fail requests. The
    models build their validators on first use (`defer_build`): the first read pays for them once.
    """
    document = _json(data)
    if document.keys() != {"version", *PARTS}:
        raise CorruptBundle(f"not a valid bundle: its index needs exactly the keys version, {', '.join(PARTS)}")
    version = document.pop("version")
    if digest(document) != version:
        raise CorruptBundle(f"bundle content does not match its version {version}")
    try:
        # Strict, from the bytes: a part holds exactly the JSON types the models write (no "yes" for true).
        return LibraryIndex.model_validate_json(data, strict=True)
    except ValidationError as error:
        raise CorruptBundle(f"not a valid bundle: {_described(error, ())}") from None


def read_assessment(data: bytes, index: LibraryIndex, position: int) -> Assessment:
    """Read the assessment at `position` in `index`: it must hash to the entry's `part`, pass the content models,
    and say what the entry says of it. Faults are named as in the whole bundle (`assessments.<position>...`)."""
    entry = index.assessments[position]
    if digest(_json(data)) != entry.part:
        raise CorruptBundle(f"assessment '{entry.slug}' does not match its hash {entry.part}")
    try:
        assessment = Assessment.model_validate_json(data, strict=True)
    except ValidationError as error:
        raise CorruptBundle(f"not a valid bundle: {_described(error, ('assessments', position))}") from None
    if any(getattr(assessment, name) != getattr(entry, name) for name in COPIED):
        raise CorruptBundle(f"assessment '{entry.slug}' does not match its entry in the index")
    return assessment


def _json(data: bytes) -> dict[str, Any]:
    try:
        document = json.loads(data)
    except ValueError as error:
        raise CorruptBundle(f"not a valid bundle: not JSON ({error})") from None
    if type(document) is not dict:
        raise CorruptBundle("not a valid bundle: a part is a JSON object")
    return document


def _described(error: ValidationError, where: tuple[Any, ...]) -> str:
    """Each fault as `where: what`, without the values (a bundle is content, but keep messages short)."""
    return "; ".join(
        f"{'.'.join(str(part) for part in (*where, *e['loc']) if '[' not in str(part))}: "
        f"{e['msg'].removeprefix('Value error, ')}"
        for e in error.errors(include_url=False, include_input=False)
    )
