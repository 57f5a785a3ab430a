"""Searching the library: the page in each language (a plain GET form in every page's header), the API's `?q=`,
bad queries, and a query that never reaches a log."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest

from chalicelib.core.content import pick
from chalicelib.core.search import fold
from chalicelib.web import words
from chalicelib.web.models.requests import MAX_QUERY_LENGTH
from tests.http.test_site import SITE, get, parsed, published

LOCALES = ("en", "es")


@pytest.fixture(autouse=True)
def site_url(monkeypatch):
    monkeypatch.setenv("SITE_URL", SITE)


def at(path: str, locale: str) -> str:
    return path if locale == "en" else f"/{locale}{path}"


def said(locale: str, message: str) -> str:
    return words.typographic(words.gettext(locale, message))


def shouted(text: str) -> str:
    """`text` in capitals with its accents taken off: what a hurried parent types."""
    return fold(text).upper()


def result_links(html: str) -> list[str]:
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    return re.findall(r'<h2 class="card-title"><a href="([^"]+)"', main)


def longest_word(text: str) -> str:
    return max(re.findall(r"\w+", text), key=len)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_page_has_a_labelled_get_search_form_in_its_language(client, catalog, locale):
    for path in [*published(catalog), "/search", "/no-such-page"]:
        html = get(client, at(path, locale)).body.decode()
        form = re.search(r'<form class="search" role="search" method="get" action="([^"]+)">(.*?)</form>', html, re.S)
        assert form, path
        assert form.group(1) == at("/search", locale)
        label = re.search(r'<label for="search-query">([^<]+)</label>', form.group(2))
        assert label and label.group(1) == said(locale, "Search the library")
        assert '<input id="search-query" type="search" name="q"' in form.group(2)


@pytest.mark.parametrize("locale", LOCALES)
def test_each_assessment_is_found_by_a_word_of_its_title_in_capitals_without_accents(client, catalog, locale):
    for assessment in catalog.entries():
        title = pick(assessment.title, locale)
        query = shouted(longest_word(title))
        response = get(client, at(f"/search?q={quote(query)}", locale))
        assert response.status_code == 200
        links = result_links(response.body.decode())
        assert at(f"/assessments/{assessment.slug}", locale) in links, (locale, query)


@pytest.mark.parametrize("locale", LOCALES)
def test_topic_and_category_names_find_their_assessments(client, catalog, locale):
    for category in catalog.library.categories:
        for topic in category.topics:
            for place, slugs in (
                (topic, topic.assessments),
                (category, [s for t in category.topics for s in t.assessments]),
            ):
                query = pick(place.title, locale)
                links = result_links(get(client, at(f"/search?q={quote(query)}", locale)).body.decode())
                assert {at(f"/assessments/{s}", locale) for s in slugs} <= set(links), query


@pytest.mark.parametrize("locale", LOCALES)
def test_the_page_keeps_the_query_in_the_box_and_the_language_switch(client, catalog, locale):
    word = shouted(longest_word(pick(catalog.entries()[0].title, locale)))
    html = get(client, at(f"/search?q={quote(word)}", locale)).body.decode()
    page = parsed_html(html)
    assert f'value="{word}"' in html
    other = "es" if locale == "en" else "en"
    assert at(f"/search?q={quote(word)}", other) in page.hrefs
    assert '<meta name="robots" content="noindex">' in html  # results are not pages to index


def parsed_html(html: str):
    class Response:
        body = html.encode()

    return parsed(Response)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("query", ["", "zzqxv", "¿?"])
def test_an_empty_or_fruitless_search_says_so_and_links_every_category(client, catalog, locale, query):
    response = get(client, at(f"/search?q={quote(query)}", locale))
    assert response.status_code == 200
    html = response.body.decode()
    assert result_links(html) == []
    if query.strip("¿?"):
        message = "No questionnaire matches “%(query)s”. Try other words, or browse by category."
    else:  # nothing to search for
        message = "Type a word or two in the search box, such as “surgery” or “records”."
    assert said(locale, message).split("“")[0] in html
    for category in catalog.library.categories:
        assert f'href="{at(f"/categories/{category.slug}", locale)}"' in html


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("query", ["a" * (MAX_QUERY_LENGTH + 1), "second\x00opinion"])
def test_a_too_long_or_malformed_search_gets_the_error_page_in_its_language_echoing_nothing(client, locale, query):
    response = get(client, at(f"/search?q={quote(query)}", locale))
    html = response.body.decode()
    assert response.status_code == 422 and f'<html lang="{locale}"' in html
    assert said(locale, "Search not understood") in html
    assert query not in html and "second" not in html.split("<main", 1)[1].split("</main>")[0]


def test_the_api_searches_in_the_chosen_language_ignoring_case_and_accents(client, catalog):
    for assessment in catalog.entries():
        for locale in LOCALES:
            query = shouted(longest_word(pick(assessment.title, locale)))
            response = client.http.get(f"/v1/assessments?q={quote(query)}&locale={locale}")
            assert response.status_code == 200 and response.headers["Content-Language"] == locale
            cards = response.json_body["assessments"]
            assert assessment.slug in [c["slug"] for c in cards], (locale, query)


def test_the_api_search_combines_with_category_and_topic(client, catalog):
    category = catalog.library.categories[0]
    topic = category.topics[0]
    query = quote(pick(category.title, "en"))
    everything = client.http.get(f"/v1/assessments?q={query}").json_body["assessments"]
    in_topic = client.http.get(f"/v1/assessments?q={query}&topic={topic.slug}").json_body["assessments"]
    assert [c["slug"] for c in in_topic] == [c["slug"] for c in everything if c["topic"] == topic.slug]
    assert set(topic.assessments) == {c["slug"] for c in in_topic}
    assert client.http.get("/v1/assessments?q=zzqxv").json_body["assessments"] == []


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        ("", "must not be empty"),
        ("a" * (MAX_QUERY_LENGTH + 1), f"must be at most {MAX_QUERY_LENGTH} characters"),
        ("second%07opinion", "must be words, without control characters"),
    ],
)
def test_an_empty_too_long_or_malformed_q_is_a_422_problem_naming_q_and_echoing_nothing(client, query, detail):
    response = client.http.get(f"/v1/assessments?q={query}")
    assert response.status_code == 422
    assert response.headers["Content-Type"] == "application/problem+json"
    body = response.json_body
    assert body["errors"] == [{"field": "q", "detail": detail}]
    assert "second" not in response.body.decode() and "aaaa" not in response.body.decode()


def test_q_is_documented_in_openapi_with_the_limits_the_api_enforces(client):
    spec = client.http.get("/v1/openapi.json").json_body
    parameters = {p["name"]: p for p in spec["paths"]["/v1/assessments"]["get"]["parameters"]}
    assert {"category", "topic", "q", "locale"} <= set(parameters)
    q = parameters["q"]
    assert q["in"] == "query" and q["required"] is False
    assert q["schema"]["minLength"] == 1 and q["schema"]["maxLength"] == MAX_QUERY_LENGTH
    assert re.match(q["schema"]["pattern"], "opinión de otro médico")
    assert not re.match(q["schema"]["pattern"], "second\x07opinion")


def test_a_search_query_never_reaches_the_log(client, capsys):
    canary = "canary-q7s9z"
    client.http.get(f"/search?q={canary}")
    client.http.get(f"/es/search?q={canary}")
    client.http.get(f"/v1/assessments?q={canary}")
    client.http.get(f"/v1/assessments?q={canary * 20}")  # a 422 too
    out = capsys.readouterr()
    lines = [json.loads(line) for line in out.out.splitlines() if '"event":"request"' in line]
    assert [line["route"] for line in lines] == ["/search", "/{locale}/search", "/v1/assessments", "/v1/assessments"]
    assert canary not in out.out + out.err
