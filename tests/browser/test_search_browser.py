"""Searching the library in real Chromium with JavaScript off, in each language: the header's GET form, results
as cards, the language switch keeping the search, an empty result linking the categories."""

from __future__ import annotations

import re

import pytest

from chalicelib.core.content import pick
from chalicelib.core.search import fold
from tests.browser.test_site_browser import axe_violations, said


@pytest.fixture
def no_js_page(browser):
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("locale", ["en", "es"], ids=["English", "Spanish"])
def test_searching_without_javascript_finds_an_assessment_and_opens_it(no_js_page, live_server, catalog, locale):
    page, prefix = no_js_page, "" if locale == "en" else f"/{locale}"
    wanted = catalog.entries()[-1]
    title = pick(wanted.title, locale)
    typed = fold(max(re.findall(r"\w+", title), key=len)).upper()  # capitals, no accents
    page.goto(f"{live_server}{prefix}/")
    page.get_by_label(said(locale, "Search the library"), exact=True).fill(typed)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"{re.escape(live_server)}{prefix}/search\?q="))
    assert page.locator("html").get_attribute("lang") == locale
    assert page.get_by_label(said(locale, "Search the library"), exact=True).input_value() == typed
    page.locator("main").get_by_role("link", name=title, exact=True).click()
    page.wait_for_url(f"{live_server}{prefix}/assessments/{wanted.slug}")
    assert page.get_by_role("heading", level=1).inner_text() == title


@pytest.mark.parametrize("locale", ["en", "es"], ids=["English", "Spanish"])
def test_a_fruitless_search_says_so_links_every_category_and_switches_language_with_its_query(
    no_js_page, live_server, catalog, locale
):
    page, prefix = no_js_page, "" if locale == "en" else f"/{locale}"
    page.goto(f"{live_server}{prefix}/topics/{catalog.library.categories[0].topics[0].slug}")
    page.get_by_label(said(locale, "Search the library"), exact=True).fill("zzqxv")
    page.get_by_role("button", name=said(locale, "Search"), exact=True).click()
    page.wait_for_url(re.compile(r"/search\?q=zzqxv$"))
    main = page.locator("main")
    assert said(locale, "No questionnaire matches “%(query)s”. Try other words, or browse by category.") in (
        main.inner_text()
    )
    for category in catalog.library.categories:
        assert main.get_by_role("link", name=pick(category.title, locale), exact=True).count() == 1
    other = "es" if locale == "en" else "en"
    page.locator(f'.languages a[hreflang="{other}"]').click()
    page.wait_for_url(re.compile(r"/search\?q=zzqxv$"))
    assert page.locator("html").get_attribute("lang") == other
    assert page.get_by_label(said(other, "Search the library"), exact=True).input_value() == "zzqxv"


def test_the_search_page_has_no_wcag_violation(page, live_server, catalog):
    word = pick(catalog.entries()[0].title, "es").split()[-1]
    for path in ("/search?q=opinion", "/search?q=zzqxv", f"/es/search?q={word}", "/es/search"):
        page.goto(live_server + path)
        assert axe_violations(page) == [], path
