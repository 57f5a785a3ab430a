"""A served bundle with its lookups built once: assessments by slug, where each one sits, and each one prepared
for serving (made on first use and kept while this content is served)."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple, TypeVar

from chalicelib.core.content import Assessment, Bundle, Category, Partner, Topic
from chalicelib.core.prepared import PreparedAssessment

T = TypeVar("T")
_MEMO_MAX = 512  # views per locale and slug; bounded so odd locale requests cannot grow it without end


class Placement(NamedTuple):
    category: Category
    topic: Topic


class Catalog:
    def __init__(self, bundle: Bundle):
        self.bundle = bundle
        self.version = bundle.version
        self.library = bundle.library
        self.locales = set(bundle.library.locales)
        self._by_slug = {a.slug: a for a in bundle.assessments}
        self._partners = {p.id: p for p in bundle.partners}
        self._memo: dict[tuple, object] = {}
        self._prepared: dict[str, PreparedAssessment] = {}
        self._placement = {
            slug: Placement(category, topic)
            for category in bundle.library.categories
            for topic in category.topics
            for slug in topic.assessments
        }

    def memo(self, key: tuple, make: Callable[[], T]) -> T:
        """A value derived from this content, made once: the content never changes under a catalog."""
        if key not in self._memo:
            if len(self._memo) >= _MEMO_MAX:
                self._memo.clear()
            self._memo[key] = make()
        return self._memo[key]

    def assessment(self, slug: str) -> Assessment | None:
        return self._by_slug.get(slug)

    def prepared(self, slug: str) -> PreparedAssessment | None:
        """The assessment prepared for checking and summarizing answers, with this content's disclaimer and
        version; None when there is no such assessment."""
        found = self._prepared.get(slug)
        if found is None:
            assessment = self._by_slug.get(slug)
            if assessment is None:
                return None
            found = self._prepared[slug] = PreparedAssessment(
                assessment, content_version=self.version, disclaimer=self.library.disclaimer, fallback=True
            )
        return found

    def placement(self, slug: str) -> Placement:
        return self._placement[slug]

    def assessments(self, category: str | None = None, topic: str | None = None) -> list[Assessment]:
        """Assessments in library order, optionally only those in a category and/or topic."""
        return [
            self._by_slug[slug]
            for slug, place in self._placement.items()
            if (category is None or place.category.slug == category) and (topic is None or place.topic.slug == topic)
        ]

    def partner(self, partner_id: str) -> Partner | None:
        return self._partners.get(partner_id)

    def category(self, slug: str) -> Category | None:
        return next((c for c in self.library.categories if c.slug == slug), None)

    def topic(self, slug: str) -> tuple[Category, Topic] | None:
        return next(((c, t) for c in self.library.categories for t in c.topics if t.slug == slug), None)
