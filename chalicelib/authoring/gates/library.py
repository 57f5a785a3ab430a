"""Checks across the library's files: related links go both ways, and every parent-facing text (assessments, the
library, partners) has each declared locale and no other."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import BaseModel

from chalicelib.authoring.gates.family import Family
from chalicelib.authoring.gates.findings import Finding, Location
from chalicelib.authoring.gates.languages import LANGUAGES
from chalicelib.authoring.source import LIBRARY_FILE, PARTNERS_FILE
from chalicelib.core.content import Bundle

LANGUAGES_FILE = "chalicelib/authoring/gates/languages.py"


def related_both_ways(bundle: Bundle) -> list[Finding]:
    """If A lists B as related, B lists A: a parent can always get back."""
    by_slug = {a.slug: a for a in bundle.assessments}
    return [
        Finding("related", assessment.slug, ("related", index), f"'{other}' does not list '{assessment.slug}' back")
        for assessment in bundle.assessments
        for index, other in enumerate(assessment.related)
        if assessment.slug not in by_slug[other].related
    ]


def locales_complete(bundle: Bundle) -> list[Finding]:
    """Every parent-facing text (every LocalText: the assessments with the shared screen placed, the library,
    the partners) has each locale the library declares, and none it does not; and each declared locale has
    its standard in LANGUAGES."""
    declared = bundle.library.locales
    named = ", ".join(declared)
    findings = [
        Finding(
            "locales",
            "",
            ("locales",),
            f"'{locale}' has no reading or word standard: add it to LANGUAGES in {LANGUAGES_FILE}",
            LIBRARY_FILE,
        )
        for locale in declared
        if locale not in LANGUAGES
    ]
    wholes = [(a.slug, None, (), a) for a in bundle.assessments] + [("", LIBRARY_FILE, (), bundle.library)]
    wholes += [("", PARTNERS_FILE, ("partners", i), partner) for i, partner in enumerate(bundle.partners)]
    for slug, file, root, model in wholes:
        for location, text in local_texts(model, root):
            for locale in declared:
                if locale not in text:
                    message = f"has no '{locale}' text (the library declares locales: {named})"
                    findings.append(Finding("locales", slug, location, message, file))
            for locale in sorted(set(text) - set(declared)):
                message = f"has '{locale}' text, but the library does not declare '{locale}' (locales: {named})"
                findings.append(Finding("locales", slug, location, message, file))
    return findings


def local_texts(node: Any, location: Location = ()) -> Iterator[tuple[Location, Mapping[str, str]]]:
    """Every LocalText in a content model, with where it is. A LocalText is the models' only mapping of strings
    (`escalation_items` maps to tuples of them)."""
    if isinstance(node, BaseModel):
        for name, info in type(node).model_fields.items():
            yield from local_texts(getattr(node, name), (*location, info.alias or name))
    elif isinstance(node, tuple):
        for index, value in enumerate(node):
            yield from local_texts(value, (*location, index))
    elif isinstance(node, Mapping):
        if node and all(isinstance(value, str) for value in node.values()):
            yield location, node
        else:
            for key, value in node.items():
                yield from local_texts(value, (*location, key))


FAMILY = Family(per_library={"related_both_ways": related_both_ways, "locales_complete": locales_complete})
