"""One published version being served: its index with the lookups built once (entries by slug, where each one sits,
partners), and each assessment read and prepared when first asked for, then kept while this version is served.

An assessment of this version that cannot be read is served as the earlier version served it (its last good copy,
under that version), when this instance served one; otherwise it is a 503 for it alone.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import NamedTuple, TypeVar

from chalicelib.core.content import Assessment, AssessmentEntry, Category, LibraryIndex, Partner, Topic
from chalicelib.core.prepared import PreparedAssessment
from chalicelib.core.problems import Problem

T = TypeVar("T")
_MEMO_MAX = 512  # views per locale and slug; bounded so odd locale requests cannot grow it without end


class Placement(NamedTuple):
    category: Category
    topic: Topic


class Served(NamedTuple):
    """An assessment being served, with the version it was read from and that version's disclaimer."""

    assessment: Assessment
    version: str
    disclaimer: Mapping[str, str]


class Catalog:
    """`read(position)` reads the assessment at that position of the index (or raises the Problem to answer);
    `previous`, the catalog this one replaces, hands over what it served: the assessments this version did not
    change are served as they are, the others are kept as their last good copies."""

    def __init__(self, index: LibraryIndex, read: Callable[[int], Assessment], previous: Catalog | None = None):
        self.index = index
        self.version = index.version
        self.library = index.library
        self.locales = set(index.library.locales)
        self._read = read
        self._lock = threading.Lock()  # one read at a time: the others then find it read
        self._position = {entry.slug: position for position, entry in enumerate(index.assessments)}
        self._partners = {p.id: p for p in index.partners}
        self._memo: dict[tuple, object] = {}
        self._prepared: dict[str, PreparedAssessment] = {}
        self._placement = {
            slug: Placement(category, topic)
            for category in index.library.categories
            for topic in category.topics
            for slug in topic.assessments
        }
        self._served: dict[str, Served] = {}
        self._last_good: dict[str, Served] = {}
        for slug, served in ({**previous._last_good, **previous._served} if previous else {}).items():
            entry = self.entry(slug)
            if entry is None:
                continue
            if served.version == previous.version and entry.part == previous.entry(slug).part:
                self._served[slug] = Served(served.assessment, self.version, self.library.disclaimer)  # unchanged
            else:
                self._last_good[slug] = served

    def memo(self, key: tuple, make: Callable[[], T]) -> T:
        """A value derived from this content, made once: the content never changes under a catalog."""
        if key not in self._memo:
            if len(self._memo) >= _MEMO_MAX:
                self._memo.clear()
            self._memo[key] = make()
        return self._memo[key]

    def entry(self, slug: str) -> AssessmentEntry | None:
        """What the index says of an assessment (its card), without reading it; None when there is none."""
        position = self._position.get(slug)
        return None if position is None else self.index.assessments[position]

    def entries(self, category: str | None = None, topic: str | None = None) -> list[AssessmentEntry]:
        """Entries in library order, optionally only those in a category and/or topic."""
        return [
            self.index.assessments[self._position[slug]]
            for slug, place in self._placement.items()
            if (category is None or place.category.slug == category) and (topic is None or place.topic.slug == topic)
        ]

    def assessment(self, slug: str) -> Assessment | None:
        """The whole assessment, read on first use; None when there is no such assessment."""
        served = self._serve(slug)
        return None if served is None else served.assessment

    def prepared(self, slug: str) -> PreparedAssessment | None:
        """The assessment prepared for checking and summarizing answers, with the disclaimer and version of the
        content it was read from; None when there is no such assessment."""
        found = self._prepared.get(slug)
        if found is None:
            served = self._serve(slug)
            if served is None:
                return None
            found = self._prepared[slug] = PreparedAssessment(
                served.assessment, content_version=served.version, disclaimer=served.disclaimer, fallback=True
            )
        return found

    def _serve(self, slug: str) -> Served | None:
        position = self._position.get(slug)
        if position is None:
            return None
        found = self._served.get(slug)
        if found is None:
            with self._lock:
                found = self._served.get(slug)
                if found is None:
                    found = self._served[slug] = self._read_or_last_good(slug, position)
        return found

    def _read_or_last_good(self, slug: str, position: int) -> Served:
        try:
            return Served(self._read(position), self.version, self.library.disclaimer)
        except Problem:
            if slug not in self._last_good:
                raise
            # Kept while this version is served: a refused part never changes under its name (a store fault may
            # pass, but what is served meanwhile is content this instance served before).
            return self._last_good[slug]

    def placement(self, slug: str) -> Placement:
        return self._placement[slug]

    def partner(self, partner_id: str) -> Partner | None:
        return self._partners.get(partner_id)

    def category(self, slug: str) -> Category | None:
        return next((c for c in self.library.categories if c.slug == slug), None)

    def topic(self, slug: str) -> tuple[Category, Topic] | None:
        return next(((c, t) for c in self.library.categories for t in c.topics if t.slug == slug), None)
