"""Content quality gates: pure checks every assessment in a Bundle must pass before it is served (schema and
references were already checked by the models). A gate never raises on content: whatever it cannot check is a
Finding, which names the assessment, the field at fault as a path into the assessment as served, and what is wrong.

Gates come in families, one file each, and each family lists its gates by where they run (`family.Family`): once
for the library, once per assessment, or on every answer set. Walking every answer set is the costly part, so it
is done once per assessment (`walk.py`), summarizing each answer set in every locale the library declares, and
every family's per-answer-set checks look at each answer set on that one pass.

- findings.py: what a gate reports; languages.py: what each locale's texts are held to;
- family.py: what a family is; walk.py: the one walk over answer sets, and `AnswerSetCheck`, the base of every
  per-answer-set check;
- the families: safety.py (red flags, emergencies, escalation), urgency.py (the action that leads, one call
  per number, one deadline per worry), effects.py (every question, rule and option
  does something; alternatives), repeats.py (one summary's texts), size.py (questions per path, minutes, plan
  steps, summary words), reading.py (reading level, "about N minutes"), provenance.py (sources, review date),
  library.py (across files: related links, locales), fhir.py (every Questionnaire said exactly and valid).

Adding a family: its file, ending in `FAMILY = Family(...)`, and one line in FAMILIES below.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial

from chalicelib.authoring.gates import effects, fhir, library, provenance, reading, repeats, safety, size, urgency
from chalicelib.authoring.gates.family import Family, Measured
from chalicelib.authoring.gates.findings import Finding, crashed, guarded
from chalicelib.authoring.gates.languages import measured
from chalicelib.authoring.gates.reading import Readability, readability
from chalicelib.authoring.gates.walk import PathWalk, walk
from chalicelib.core.content import Assessment, Bundle, LibraryFile
from chalicelib.core.fields import DEFAULT_LOCALE

FAMILIES: tuple[Family, ...] = (
    safety.FAMILY,
    urgency.FAMILY,
    effects.FAMILY,
    repeats.FAMILY,
    size.FAMILY,
    reading.FAMILY,
    provenance.FAMILY,
    library.FAMILY,
    fhir.FAMILY,
)

__all__ = [
    "FAMILIES",
    "Checked",
    "Finding",
    "Report",
    "check_assessment",
    "check_bundle",
    "check_library",
    "walk_paths",
]


@dataclass(frozen=True)
class Checked:
    """One assessment through every gate, and what was measured on the way."""

    findings: tuple[Finding, ...]
    walk: PathWalk
    readability: Mapping[str, Readability]  # by locale; a locale whose score could not be measured is left out
    seconds: float  # the gates' time for this assessment, the walk included


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...]
    walks: Mapping[str, PathWalk]
    readability: Mapping[str, Mapping[str, Readability]]  # by slug, then locale


def check_bundle(bundle: Bundle, today: datetime.date) -> Report:
    """Run every gate: the library's, then each assessment's, in every locale the library declares."""
    findings = check_library(bundle)
    walks: dict[str, PathWalk] = {}
    scores: dict[str, Mapping[str, Readability]] = {}
    for assessment in bundle.assessments:
        checked = check_assessment(assessment, bundle.library, today)
        findings += checked.findings
        walks[assessment.slug], scores[assessment.slug] = checked.walk, checked.readability
    return Report(tuple(findings), walks, scores)


def check_library(bundle: Bundle) -> list[Finding]:
    """The gates across the library's files (related links, locales)."""
    return [
        finding
        for family in FAMILIES
        for name, gate in family.per_library.items()
        for finding in guarded("", name, partial(gate, bundle))
    ]


def check_assessment(assessment: Assessment, library: LibraryFile, today: datetime.date) -> Checked:
    """Walk one assessment's answer sets, score its reading, then run every family's gates on it."""
    started = time.perf_counter()
    slug, locales = assessment.slug, measured(library.locales)
    findings: list[Finding] = []
    try:
        walked = walk_paths(assessment, library.disclaimer, locales)
    except Exception as error:  # noqa: BLE001 - a gate reports, it never stops the others
        findings.append(crashed(slug, "walk_paths", error))
        walked = PathWalk(slug, 0, 0, {}, (), complete=False)
    findings += walked.findings
    scores: dict[str, Readability] = {}
    for locale in locales:
        try:
            scores[locale] = readability(assessment, library.glossary.get(locale, ()), locale)
        except Exception as error:  # noqa: BLE001 - e.g. textstat missing: said once, never scored as 0
            findings.append(crashed(slug, "readability", error))
    context = Measured(assessment, library, locales, today, walked, scores)
    for family in FAMILIES:
        for name, gate in family.per_assessment.items():
            findings += guarded(slug, name, partial(gate, context))
    return Checked(tuple(findings), walked, scores, time.perf_counter() - started)


def walk_paths(
    assessment: Assessment, disclaimer: Mapping[str, str], locales: tuple[str, ...] = (DEFAULT_LOCALE,)
) -> PathWalk:
    """Summarize every answer set in every locale and hand each to every family's per-answer-set checks."""
    return walk(assessment, disclaimer, locales, [check for family in FAMILIES for check in family.per_answer_set])
