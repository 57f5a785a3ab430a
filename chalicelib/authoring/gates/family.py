"""How gates are grouped: each family of gates (one file of this package) lists its gates by where each runs,
and `gates/__init__.py` composes the families. Adding a family is its file and one line in FAMILIES there."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from chalicelib.authoring.gates.findings import Finding
from chalicelib.authoring.gates.walk import AnswerSetCheck, PathWalk
from chalicelib.core.content import Assessment, Bundle, LibraryFile

if TYPE_CHECKING:
    from chalicelib.authoring.gates.reading import Readability


@dataclass(frozen=True)
class Measured:
    """What a per-assessment gate may read: the assessment (the shared screen placed), its library, the day,
    and what was measured before any gate ran (the walk over its answer sets, its reading scores)."""

    assessment: Assessment
    library: LibraryFile
    locales: tuple[str, ...]  # the declared locales the gates measure (languages.measured), English first
    today: datetime.date
    walk: PathWalk
    readability: Mapping[str, Readability]  # by locale


@dataclass(frozen=True)
class Family:
    """A family's gates, by name, at each place gates run: once for the library (content across files), once per
    assessment (after its walk), and on every answer set of each assessment (checks fed by the one walk)."""

    per_library: Mapping[str, Callable[[Bundle], Iterable[Finding]]] = field(default_factory=dict)
    per_assessment: Mapping[str, Callable[[Measured], Iterable[Finding]]] = field(default_factory=dict)
    per_answer_set: tuple[type[AnswerSetCheck], ...] = ()
