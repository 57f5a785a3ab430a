"""The site in Spanish through chalice.test.Client: every page under /es/, its alternates and switch, its words.

Spanish content may still fall back to English while translations land, so content is compared with
`pick(text, "es")`; the interface's own words come from the Spanish catalog.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.dates import format_date
from babel.messages.pofile import read_po

from chalicelib.core.content import Assessment, Review, pick
from chalicelib.web import words
from tests.conftest import SEED
from tests.http.test_site import (
    CATEGORY,
    SITE,
    STEP,
    TOPIC,
    assert_page_headers,
    assert_well_formed,
    complete,
    get,
    in_spanish,
    parsed,
    post_form,
    published,
    spread,
    summary_from_api,
    summary_from_page,
)

CATALOGS = Path(__file__).resolve().parents[2] / "chalicelib" / "web" / "locales"


@pytest.fixture(autouse=True)
def site_url(monkeypatch):
    monkeypatch.setenv("SITE_URL", SITE)


def es(message: str) -> str:
    """A word of the interface as a Spanish page shows it (the catalog's, with typographic quotes)."""
    return words.typographic(words.gettext("es", message))


def test_every_public_page_is_under_es_in_spanish_with_its_canonical_address(client, catalog):
    titles = set()
    for path in published(catalog):
        response = get(client, in_spanish(path))
        assert response.status_code == 200, path
        assert_page_headers(response)
        body = response.body.decode()
        assert '<html lang="es">' in body
        page = parsed(response)
        assert_well_formed(page)
        assert page.links["canonical"] == page.meta["og:url"] == SITE + in_spanish(path)
        assert page.meta["og:locale"] == words.territory_locale("es")
        assert page.meta["og:locale:alternate"] == "en_US"
        assert page.title.endswith(" | " + es("The Assessment Library")) or page.title == es("The Assessment Library")
        titles.add(page.title)
    assert len(titles) == len(published(catalog)), "each Spanish page has its own title"
    category = parsed(get(client, in_spanish(f"/categories/{CATEGORY}")))
    assert category.headings[0] == (1, es("More in %(name)s") % {"name": pick(catalog.category(CATEGORY).title, "es")})


def test_each_page_names_both_languages_and_x_default_as_alternates_both_ways(client, catalog):
    for path in published(catalog):
        expected = {"en": SITE + path, "es": SITE + in_spanish(path), "x-default": SITE + path}
        assert parsed(get(client, path)).alternates == expected, path
        assert parsed(get(client, in_spanish(path))).alternates == expected, path


def switch(page) -> list[dict[str, str]]:
    """The language switch's links: the anchors that name their language."""
    return [a for a in page.anchors if "lang" in a]


def test_a_visible_language_switch_leads_to_the_same_page_in_the_other_language(client, catalog):
    for path in published(catalog):
        english, spanish = parsed(get(client, path)), parsed(get(client, in_spanish(path)))
        assert switch(english) == [{"href": in_spanish(path), "lang": "es", "hreflang": "es"}]
        assert switch(spanish) == [{"href": path, "lang": "en", "hreflang": "en"}]
    body = get(client, "/es/").body.decode()
    assert '<a href="/" lang="en" hreflang="en">English</a>' in body
    assert '<span lang="es" aria-current="true">Español</span>' in body
    assert '<a href="/es/" lang="es" hreflang="es">Español</a>' in get(client, "/").body.decode()
    assert f'<nav class="languages" aria-label="{es("Language")}">' in body


def internal(page) -> list[str]:
    """Every link to our own pages but the language switch (assets and in-page anchors left out)."""
    return [
        a.get("href", "")
        for a in page.anchors
        if a.get("href", "").startswith("/") and "lang" not in a and not a["href"].startswith("/static/")
    ]


def test_internal_links_and_forms_stay_in_the_pages_language(client, catalog):
    for path in published(catalog):
        page = parsed(get(client, in_spanish(path)))
        assert [href for href in internal(page) if not href.startswith("/es/")] == [], path
    body = get(client, in_spanish(f"/assessments/{SEED}")).body.decode()
    assert f'action="/es/assessments/{SEED}/questionnaire"' in body
    assert 'data-locale="es"' in body, "the widget's frame speaks Spanish too"
    crumbs = parsed(get(client, in_spanish(f"/topics/{TOPIC}"))).of_type("BreadcrumbList")["itemListElement"]
    assert [c["item"] for c in crumbs] == [
        SITE + "/es/",
        SITE + f"/es/categories/{CATEGORY}",
        SITE + f"/es/topics/{TOPIC}",
    ]
    assert crumbs[0]["name"] == pick(catalog.library.title, "es")


def test_spanish_pages_show_the_spanish_content(client, catalog, bundle):
    home = parsed(get(client, "/es/"))
    assert home.headings[0] == (1, pick(catalog.library.title, "es"))
    for assessment in bundle.assessments:
        assert pick(assessment.title, "es") in home.all_text
        minutes = assessment.estimated_minutes
        takes = words.translations("es").ngettext("Takes about %(num)d minute", "Takes about %(num)d minutes", minutes)
        assert takes % {"num": minutes} in home.all_text
        page = parsed(get(client, in_spanish(f"/assessments/{assessment.slug}")))
        assert page.headings[0] == (1, pick(assessment.title, "es"))
        for section in assessment.static_sections:
            assert (2, pick(section.title, "es")) in page.headings
        for item in assessment.faq:
            assert (3, pick(item.question, "es")) in page.headings
        assert pick(catalog.library.disclaimer, "es") in page.all_text
        first = assessment.questions[0]
        assert pick(first.prompt, "es") in page.all_text
        assert all(pick(o.label, "es") in page.all_text for o in first.options)


def test_spanish_pages_write_dates_in_spanish_and_say_the_translation_is_not_reviewed(client, catalog):
    assessment = catalog.assessment(SEED)
    text = parsed(get(client, in_spanish(f"/assessments/{SEED}"))).all_text
    day = format_date(assessment.last_reviewed, format="long", locale="es")
    assert f"{es('Checked by our editors on')} {day}" in text
    assert "de 20" in day, "a Spanish long date: 25 de noviembre de 2026"
    assert es("Not yet reviewed by a clinician") + "." in text, "the clinical review note stays as it is"
    assert "Traducción aún no revisada por un clínico." in text, "and the translation's is beside it"
    english = parsed(get(client, f"/assessments/{SEED}")).all_text
    assert "Translation" not in english and "Traducción" not in english


def test_the_translation_note_follows_the_contents_translation_review():
    from datetime import date

    review = Review(status="clinically-reviewed", reviewer="A. Nurse, RN", reviewed_on=date(2026, 11, 29))
    base = {
        "slug": "x",
        "title": "T",
        "description": "D",
        "intro": "I",
        "estimated_minutes": 1,
        "questions": [{"id": "q", "kind": "single", "prompt": "P", "options": [{"id": "a", "label": "A"},
                                                                               {"id": "b", "label": "B"}]}],
        "summary_sections": [{"id": "s", "title": "S"}],
        "rules": [{"id": "r", "section": "s", "items": ["Item"]}],
        "sources": [{"title": "S", "publisher": "P", "url": "https://example.org"}],
        "last_reviewed": "2026-11-25",
        "review": {"status": "not-clinically-reviewed"},
    }  # fmt: skip
    unreviewed = Assessment.model_validate(base)
    reviewed = Assessment.model_validate({**base, "translation_review": {"es": review.model_dump()}})
    assert words.translation_note(unreviewed, "en") is None and words.translation_note(reviewed, "en") is None
    assert words.translation_note(unreviewed, "es") == "Traducción aún no revisada por un clínico"
    assert words.translation_note(reviewed, "es") == "Traducción revisada por un clínico"
    with pytest.raises(ValueError, match="translation_review"):
        Assessment.model_validate({**base, "translation_review": {"en": review.model_dump()}})


@pytest.mark.parametrize(
    "path",
    ["/es/assessments/no-such-thing", "/es/categories/no-such-thing", "/es/topics/no-such-thing", "/es/no-such-page"],
)
def test_unknown_pages_under_es_get_the_friendly_404_in_spanish(client, path):
    response = get(client, path)
    assert response.status_code == 404
    assert_page_headers(response)
    body = response.body.decode()
    page = parsed(response)
    assert '<html lang="es">' in body
    assert page.headings[0] == (1, es("Page not found"))
    assert "/es/" in page.hrefs and page.meta["robots"] == "noindex"
    assert [href for href in internal(page) if not href.startswith("/es/")] == []
    assert switch(page) == [{"href": "/", "lang": "en", "hreflang": "en"}]


@pytest.mark.parametrize(
    "path", ["/fr/", "/fr", "/fr/categories/" + CATEGORY, "/en/", f"/en/assessments/{SEED}", "/xx/no-such-page"]
)
def test_a_first_segment_that_is_not_another_declared_language_is_the_english_404(client, path):
    response = get(client, path)
    assert response.status_code == 404
    assert '<html lang="en">' in response.body.decode()
    assert parsed(response).headings[0] == (1, "Page not found")


def test_the_home_page_answers_at_es_with_and_without_its_slash(client):
    for path in ("/es/", "/es"):
        page = parsed(get(client, path))
        assert page.links["canonical"] == SITE + "/es/"


def test_no_route_breaks_api_gateways_rule_of_one_variable_name_per_level():
    from app import app

    names: dict[str, set[str]] = {}  # parent path -> the variable names of its children
    for route in app.routes:
        parts = route.strip("/").split("/")
        for depth, part in enumerate(parts):
            if part.startswith("{"):
                names.setdefault("/".join(parts[:depth]), set()).add(part)
    assert {parent: found for parent, found in names.items() if len(found) > 1} == {}
    assert names[""] == {"{locale}"}


def test_the_questionnaire_without_javascript_in_spanish_gives_the_apis_spanish_summary(client, catalog, bundle):
    for assessment in bundle.assessments:
        for answers in spread(assessment, 3):
            seen, summary = complete(client, answers, assessment.slug, prefix="/es")
            assert [r.status_code for r in seen] == [200] * len(seen)
            assert summary_from_page(summary) == summary_from_api(client, answers, assessment.slug, "es")
            body = summary.body.decode()
            assert '<html lang="es">' in body
            assert parsed(summary).title.startswith(es("Your summary: %(title)s").split("%")[0])
            assert "Traducción aún no revisada por un clínico." in parsed(summary).all_text


def test_a_step_error_and_a_tampered_form_are_in_spanish(client):
    response = post_form(client, {"current": "reason", "go": "next"}, path="/es" + STEP)
    assert response.status_code == 422
    page = parsed(response)
    assert page.title.startswith(es("Error: %(title)s").split("%")[0])
    assert es("Please pick an answer to go on.") in page.all_text
    assert f'action="/es{STEP}"' in response.body.decode()
    tampered = post_form(client, {"current": "timing", "reason": "x", "timing": "no-rush"}, path="/es" + STEP)
    assert tampered.status_code == 400
    page = parsed(tampered)
    assert page.headings[0] == (1, es("Answers could not be read"))
    assert f"/es/assessments/{SEED}#questionnaire" in page.hrefs


def test_a_bookmarked_spanish_questionnaire_address_goes_back_to_the_spanish_landing_page(client):
    response = get(client, "/es" + STEP)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/es/assessments/{SEED}#questionnaire"


# No English left: every Spanish page, checked against the English catalog.


class Visible(HTMLParser):
    """The words a reader meets on a page, one string per text node or labelling attribute (no scripts)."""

    LABELS = ("aria-label", "alt", "title", "placeholder", "data-copied", "data-not-copied")

    def __init__(self, html: str):
        super().__init__()
        self.found: list[str] = []
        self._skip = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in {"script", "style"}:
            self._skip += 1
        self.found.extend(attributes[name] for name in self.LABELS if attributes.get(name))
        if tag == "meta" and attributes.get("name") == "description":
            self.found.append(attributes["content"])

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.found.append(" ".join(data.split()))


def english_phrases() -> set[str]:
    """Every run of 2+ words in an English msgid, between its placeholders and markup."""
    with (CATALOGS / "messages.pot").open("rb") as source:
        template = read_po(source)
    phrases = set()
    for message in template:
        for msgid in message.id if isinstance(message.id, tuple) else (message.id,):
            for part in re.split(r"<[^>]+>|%\(\w+\)[sd]|%[sd]", msgid or ""):
                part = " ".join(part.split()).strip(" ,.:;")
                if len(re.findall(r"[A-Za-z]+", part)) >= 2:
                    phrases.add(words.typographic(part))
    return phrases


def content_texts(bundle, extra: tuple[str, ...] = ()) -> list[str]:
    """Every content text as a Spanish page shows it (English where not yet translated), longest first."""
    found: list[str] = list(extra)

    def walk(value):
        if isinstance(value, dict) and "en" in value and all(isinstance(v, str) for v in value.values()):
            found.append(pick(value, "es"))
        elif isinstance(value, dict):
            for inner in value.values():
                walk(inner)
        elif isinstance(value, (list, tuple)):
            for inner in value:
                walk(inner)

    walk(bundle.model_dump())
    return sorted({" ".join(text.split()) for text in found}, key=len, reverse=True)


def english_left(html: str, phrases: set[str], content: list[str]) -> list[str]:
    """The English catalog's phrases a page shows outside its content."""
    left = []
    for text in Visible(html).found:
        if not any(phrase in text for phrase in phrases):
            continue
        for piece in content:
            text = text.replace(piece, "\x00")
        left.extend(f"{phrase!r} in {text!r}" for phrase in phrases if phrase in text)
    return left


def test_no_english_interface_words_on_any_spanish_page(client, catalog, bundle):
    phrases = english_phrases()
    assert "Browse the full library" in phrases and "Question" not in phrases
    content = content_texts(bundle)
    pages = {path: get(client, in_spanish(path)) for path in published(catalog)}
    pages["404"] = get(client, "/es/no-such-page")
    pages["step with an error"] = post_form(client, {"current": "reason", "go": "next"}, path="/es" + STEP)
    found = {name: english_left(r.body.decode(), phrases, content) for name, r in pages.items()}
    for assessment in bundle.assessments:
        answers = spread(assessment, 1)[0]
        seen, summary = complete(client, answers, assessment.slug, prefix="/es")
        said = tuple(
            t for title, items in summary_from_api(client, answers, assessment.slug, "es") for t in (title, *items)
        )
        with_summary = content_texts(bundle, said)
        for number, step in enumerate(seen[:-1], start=2):
            found[f"{assessment.slug} step {number}"] = english_left(step.body.decode(), phrases, content)
        found[f"{assessment.slug} summary"] = english_left(summary.body.decode(), phrases, with_summary)
    assert len(found) >= len(published(catalog)) + 2 + 2 * len(bundle.assessments)
    assert {name: left for name, left in found.items() if left} == {}


def test_a_method_a_spanish_page_does_not_take_gets_the_spanish_error_page(client):
    response = client.http.request("DELETE", in_spanish(f"/assessments/{SEED}"))
    body = response.body.decode()
    assert response.status_code == 405 and response.headers["Allow"]
    assert '<html lang="es"' in body
    assert words.gettext("es", "Method not allowed") in body and "Method not allowed" not in body
    english = client.http.request("DELETE", f"/assessments/{SEED}").body.decode()
    assert '<html lang="en"' in english and "Method not allowed" in english
