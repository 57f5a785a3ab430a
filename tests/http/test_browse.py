"""Browsing the library in each language: every category on the home page, every assessment on its category and
topic pages with its one-line description, three related assessments on every assessment page."""

from __future__ import annotations

import re
from html import unescape

import pytest

from chalicelib.core.content import pick
from chalicelib.web.words import typographic
from tests.http.test_site import SITE, get, parsed

LOCALES = ("en", "es")


@pytest.fixture(autouse=True)
def site_url(monkeypatch):
    monkeypatch.setenv("SITE_URL", SITE)


def at(path: str, locale: str) -> str:
    return path if locale == "en" else f"/{locale}{path}"


def shown(text: str) -> str:
    """Content text as a page shows it: typographic quotes."""
    return typographic(text)


def related_links(html: str) -> list[str]:
    section = re.search(r'<section class="related"[^>]*>(.*?)</section>', html, re.S)
    return re.findall(r'<a href="([^"]+)"', section.group(1)) if section else []


@pytest.mark.parametrize("locale", LOCALES)
def test_the_home_page_links_every_category_and_topic(client, catalog, locale):
    page = parsed(get(client, at("/", locale)))
    for category in catalog.library.categories:
        assert at(f"/categories/{category.slug}", locale) in page.hrefs
        assert unescape(shown(pick(category.title, locale))) in page.all_text
        for topic in category.topics:
            assert at(f"/topics/{topic.slug}", locale) in page.hrefs


@pytest.mark.parametrize("locale", LOCALES)
def test_category_and_topic_pages_list_each_of_their_assessments_with_its_description(client, catalog, locale):
    for category in catalog.library.categories:
        pages = [(at(f"/categories/{category.slug}", locale), category.topics)]
        pages += [(at(f"/topics/{topic.slug}", locale), (topic,)) for topic in category.topics]
        for path, topics in pages:
            page = parsed(get(client, path))
            for slug in (s for t in topics for s in t.assessments):
                assessment = catalog.assessment(slug)
                assert at(f"/assessments/{slug}", locale) in page.hrefs, (path, slug)
                assert shown(pick(assessment.description, locale)) in page.all_text, (path, slug)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_assessment_page_shows_three_related_declared_first_in_its_language(client, catalog, locale):
    everyone = [a.slug for a in catalog.entries()]
    for slug in everyone:
        links = related_links(get(client, at(f"/assessments/{slug}", locale)).body.decode())
        found = [link.rsplit("/", 1)[1] for link in links]
        assert links == [at(f"/assessments/{s}", locale) for s in found]
        assert len(found) == min(3, len(everyone) - 1) == len(set(found)) and slug not in found
        declared = list(catalog.assessment(slug).related)[:3]
        assert found[: len(declared)] == declared, slug


def test_the_api_suggests_the_same_related_assessments_as_the_page_in_every_language(client, catalog):
    for assessment in catalog.entries():
        slugs = {}
        for locale in LOCALES:
            view = client.http.get(f"/v1/assessments/{assessment.slug}?locale={locale}").json_body
            slugs[locale] = [card["slug"] for card in view["related"]]
            page = get(client, at(f"/assessments/{assessment.slug}", locale)).body.decode()
            assert [link.rsplit("/", 1)[1] for link in related_links(page)] == slugs[locale]
            titles = [card["title"] for card in view["related"]]
            assert titles == [pick(catalog.assessment(s).title, locale) for s in slugs[locale]]
        assert slugs["en"] == slugs["es"], assessment.slug


def test_computed_related_fill_from_the_same_topic_then_the_same_category_then_the_rest(client, catalog):
    """An assessment that declares fewer than three is filled from its own topic group before the rest."""
    for assessment in catalog.entries():
        if len(assessment.related) >= 3:
            continue
        view = client.http.get(f"/v1/assessments/{assessment.slug}").json_body
        computed = [card for card in view["related"] if card["slug"] not in assessment.related]
        place = catalog.placement(assessment.slug)
        tiers = [(c["topic"] != place.topic.slug) + (c["category"] != place.category.slug) for c in computed]
        assert tiers == sorted(tiers), assessment.slug
