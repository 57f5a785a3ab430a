"""What makes the site findable: addresses per language, absolute URLs, breadcrumbs, JSON-LD, the sitemap and
robots.txt.

English pages live at their plain paths (`/topics/x`); each other language the library declares puts its code in
front (`/es/topics/x`). Absolute URLs always come from settings.SITE_URL, never from request headers (which a
client controls).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from markupsafe import Markup, escape

from chalicelib.core.content import pick
from chalicelib.core.fields import DEFAULT_LOCALE
from chalicelib.runtime import settings
from chalicelib.runtime.catalog import Catalog
from chalicelib.web import words

if TYPE_CHECKING:
    from chalicelib.web.models.views import FaqView


class Crumb(NamedTuple):
    name: str
    path: str


class Language(NamedTuple):
    """One language a page is offered in: for the language switch and the hreflang alternates."""

    locale: str
    name: str  # in the language itself: "English", "Español"
    path: str  # the same page in that language


def absolute(path: str) -> str:
    return settings.current().site_url + path


def localized(path: str, locale: str) -> str:
    """The address of the page at English `path` in `locale`: `/es/topics/x`; the home page is `/es/`."""
    return path if locale == DEFAULT_LOCALE else f"/{locale}{path}"


def languages(path: str, locales: Sequence[str]) -> tuple[Language, ...]:
    """The page at English `path` in each of `locales` (the library's, English first)."""
    return tuple(Language(locale, words.language_name(locale), localized(path, locale)) for locale in locales)


def alternates(path: str, locales: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """(hreflang, absolute URL) for each language of the page at English `path`, then `x-default`: English."""
    found = tuple((locale, absolute(localized(path, locale))) for locale in locales)
    return (*found, ("x-default", absolute(path)))


def home_path() -> str:
    return "/"


def search_path() -> str:
    return "/search"


def category_path(slug: str) -> str:
    return f"/categories/{slug}"


def topic_path(slug: str) -> str:
    return f"/topics/{slug}"


def assessment_path(slug: str) -> str:
    return f"/assessments/{slug}"


def crumbs(catalog: Catalog, locale: str, category: str | None = None, topic: str | None = None) -> tuple[Crumb, ...]:
    """The trail from the library down to a category and, optionally, one of its topics, in `locale`."""
    trail = [Crumb(pick(catalog.library.title, locale), localized(home_path(), locale))]
    if category is not None:
        found = catalog.category(category)
        trail.append(Crumb(pick(found.title, locale), localized(category_path(category), locale)))
    if topic is not None:
        _, found_topic = catalog.topic(topic)
        trail.append(Crumb(pick(found_topic.title, locale), localized(topic_path(topic), locale)))
    return tuple(trail)


def breadcrumb_ld(trail: tuple[Crumb, ...]) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": crumb.name, "item": absolute(crumb.path)}
            for n, crumb in enumerate(trail, start=1)
        ],
    }


def faq_ld(faq: tuple[FaqView, ...]) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {"@type": "Question", "name": f.question, "acceptedAnswer": {"@type": "Answer", "text": f.answer}}
            for f in faq
        ],
    }


def json_ld(data: dict) -> Markup:
    """JSON for a <script type="application/ld+json"> block: '<', '>' and '&' escaped so it cannot end the block."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def published_paths(catalog: Catalog) -> list[str]:
    """Every public page of the site, in library order, by its English path."""
    paths = [home_path()]
    for category in catalog.library.categories:
        paths.append(category_path(category.slug))
        for topic in category.topics:
            paths.append(topic_path(topic.slug))
            paths.extend(assessment_path(slug) for slug in topic.assessments)
    return paths


def sitemap_xml(catalog: Catalog) -> str:
    """Every public page in every language, each naming its other languages (and `x-default`) as alternates."""
    reviewed = {assessment_path(e.slug): e.last_reviewed.isoformat() for e in catalog.index.assessments}
    locales = catalog.library.locales
    entries = []
    for locale in locales:
        for path in published_paths(catalog):
            lastmod = f"<lastmod>{reviewed[path]}</lastmod>" if path in reviewed else ""
            links = "".join(
                f'<xhtml:link rel="alternate" hreflang="{hreflang}" href="{escape(url)}"/>'
                for hreflang, url in alternates(path, locales)
            )
            entries.append(f"  <url><loc>{escape(absolute(localized(path, locale)))}</loc>{lastmod}{links}</url>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
        + "\n".join(entries)
        + "\n</urlset>\n"
    )


def robots_txt() -> str:
    # The API and the framed questionnaire are not pages to list; the summary is reached by POST only.
    return f"User-agent: *\nDisallow: /v1/\nDisallow: /embed/\nAllow: /\n\nSitemap: {absolute('/sitemap.xml')}\n"
