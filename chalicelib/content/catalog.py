"""A served bundle with its lookups built once: assessments by slug, and where each one sits."""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.models.content import Assessment, Bundle, Category, Partner, Topic


@dataclass(frozen=True)
class Placement:
    category: Category
    topic: Topic


class Catalog:
    def __init__(self, bundle: Bundle):
        self.bundle = bundle
        self.version = bundle.version
        self.library = bundle.library
        self.locales = set(bundle.library.title)
        self._by_slug = {a.slug: a for a in bundle.assessments}
        self._partners = {p.id: p for p in bundle.partners}
        self._placement = {
            slug: Placement(category, topic)
            for category in bundle.library.categories
            for topic in category.topics
            for slug in topic.assessments
        }

    def assessment(self, slug: str) -> Assessment | None:
        return self._by_slug.get(slug)

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
