"""One published version being served: its index with the lookups built once (entries by slug, where each one sits,
partners), and each assessment read and prepared when first asked for, then kept while this version is served."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import NamedTuple, TypeVar

from chalicelib.core.content import Assessment, AssessmentEntry, Category, LibraryIndex, Partner, Topic
from chalicelib.core.prepared import PreparedAssessment

T = TypeVar("T")
_MEMO_MAX = 512  # views per locale and slug; bounded so odd locale requests cannot grow it without end


class Placement(NamedTuple):
    category: Category
    topic: Topic


class Catalog:
    """`read(position)` reads the assessment at that position of the index (or raises the Problem to answer);
    `previous`, the catalog this one replaces, lends the assessments it had read that did not change."""

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
        parts = {entry.part for entry in index.assessments}
        # Keyed by the hash of their content: an assessment a publish did not change is not read again.
        self._by_part = {p: a for p, a in (previous._by_part if previous else {}).items() if p in parts}

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
        position = self._position.get(slug)
        if position is None:
            return None
        part = self.index.assessments[position].part
        found = self._by_part.get(part)
        if found is None:
            with self._lock:
                found = self._by_part.get(part)
                if found is None:
                    found = self._by_part[part] = self._read(position)
        return found

    def prepared(self, slug: str) -> PreparedAssessment | None:
        """The assessment prepared for checking and summarizing answers, with this content's disclaimer and
        version; None when there is no such assessment."""
        found = self._prepared.get(slug)
        if found is None:
            assessment = self.assessment(slug)
            if assessment is None:
                return None
            found = self._prepared[slug] = PreparedAssessment(
                assessment, content_version=self.version, disclaimer=self.library.disclaimer
            )
        return found

    def placement(self, slug: str) -> Placement:
        return self._placement[slug]

    def partner(self, partner_id: str) -> Partner | None:
        return self._partners.get(partner_id)

    def category(self, slug: str) -> Category | None:
        return next((c for c in self.library.categories if c.slug == slug), None)

    def topic(self, slug: str) -> tuple[Category, Topic] | None:
        return next(((c, t) for c in self.library.categories for t in c.topics if t.slug == slug), None)
