"""The API and the widget in each locale the library offers: `?locale=` and the POST's `locale` answer in it with
Content-Language; a locale we do not offer is a 422 naming the ones we do; OpenAPI and the CDN know the locales.

Spanish content is compared with `pick(text, "es")` (it falls back to English until every translation is
published); the words of the interface come from the Spanish catalog and are written here as they read."""

from __future__ import annotations

import fnmatch
import json
import re
from pathlib import Path

import pytest

from chalicelib.authoring.paths import answer_sets
from chalicelib.core.content import pick
from tests.conftest import SEED, library_slugs, post_json

ROOT = Path(__file__).resolve().parents[2]
OFFERED = {"field": "locale", "detail": "we offer en, es"}
GETS = ["/v1/library", "/v1/assessments", f"/v1/assessments/{SEED}"]


def body(response):
    return json.loads(response.body)


def first_answers(assessment) -> dict:
    """A complete, valid answer set (the first path through the assessment), as a client sends it."""
    answers = next(answer_sets(assessment))
    return {question: list(value) if isinstance(value, tuple) else value for question, value in answers.items()}


def respond(client, slug: str, answers: dict, locale: str | None):
    payload = {"answers": answers} if locale is None else {"answers": answers, "locale": locale}
    return post_json(client, f"/v1/assessments/{slug}/responses", payload)


def test_the_library_offers_english_and_spanish(catalog):
    assert catalog.library.locales == ("en", "es")


@pytest.mark.parametrize("path", GETS)
@pytest.mark.parametrize(("asked", "served"), [(None, "en"), ("en", "en"), ("es", "es"), ("es-MX", "es")])
def test_every_get_answers_in_the_locale_asked_for_and_says_so(client, path, asked, served):
    response = client.http.get(path if asked is None else f"{path}?locale={asked}")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == served


def test_the_library_and_its_cards_are_in_spanish(client, catalog):
    library = body(client.http.get("/v1/library?locale=es"))
    assert library["title"] == pick(catalog.library.title, "es")
    assert library["promise"] == pick(catalog.library.promise, "es")
    for shown, category in zip(library["categories"], catalog.library.categories, strict=True):
        assert shown["title"] == pick(category.title, "es")
        for topic, source in zip(shown["topics"], category.topics, strict=True):
            assert topic["description"] == pick(source.description, "es")
    cards = body(client.http.get("/v1/assessments?locale=es"))["assessments"]
    assert [c["title"] for c in cards] == [pick(a.title, "es") for a in catalog.entries()]


def test_every_assessment_and_its_summary_are_in_spanish(client, catalog):
    assessments = [catalog.assessment(entry.slug) for entry in catalog.entries()]
    assert tuple(a.slug for a in assessments) == library_slugs()
    for assessment in assessments:
        view = body(client.http.get(f"/v1/assessments/{assessment.slug}?locale=es"))
        assert view["locale"] == "es" and view["title"] == pick(assessment.title, "es")
        assert view["intro"] == pick(assessment.intro, "es")
        for question, source in zip(view["questions"], assessment.questions, strict=True):
            assert question["prompt"] == pick(source.prompt, "es")
            assert [o["label"] for o in question["options"]] == [pick(o.label, "es") for o in source.options]
        assert view["disclaimer"] == pick(catalog.library.disclaimer, "es")
        assert view["review_note"] == "Aún no revisado por un clínico"
        assert view["translation_note"] == "Traducción aún no revisada por un clínico"

        response = respond(client, assessment.slug, first_answers(assessment), "es")
        assert response.status_code == 200, response.body
        assert response.headers["Content-Language"] == "es"
        summary = body(response)
        assert summary["locale"] == "es" and summary["title"] == pick(assessment.title, "es")
        titles = {s.id: pick(s.title, "es") for s in assessment.summary_sections}
        assert all(section["title"] == titles[section["id"]] for section in summary["sections"])
        assert summary["disclaimer"] == pick(catalog.library.disclaimer, "es")
        assert summary["review_note"] == "Aún no revisado por un clínico"
        assert summary["translation_note"] == "Traducción aún no revisada por un clínico"


def test_english_carries_no_translation_note(client, catalog):
    answers = first_answers(catalog.assessment(SEED))
    for response in (respond(client, SEED, answers, None), respond(client, SEED, answers, "en")):
        assert response.headers["Content-Language"] == "en"
        assert body(response)["translation_note"] is None
    assert body(client.http.get(f"/v1/assessments/{SEED}"))["translation_note"] is None


def test_a_regional_tag_is_served_in_its_language(client, catalog):
    response = respond(client, SEED, first_answers(catalog.assessment(SEED)), "es-US")
    assert response.headers["Content-Language"] == "es" and body(response)["locale"] == "es"
    assert body(client.http.get(f"/v1/assessments/{SEED}?locale=en-GB"))["locale"] == "en"


def unsupported(response) -> dict:
    assert response.status_code == 422
    assert response.headers["Content-Type"] == "application/problem+json"
    assert "Content-Language" not in response.headers
    found = body(response)
    assert found["type"] == "https://assessment-library.example/problems/unsupported-locale"
    assert found["title"] == "Unsupported locale"
    assert found["detail"] == "We do not offer that language; we offer en, es."
    assert found["errors"] == [OFFERED]
    return found


@pytest.mark.parametrize("locale", ["fr", "fr-CA", "de", "zh-TW"])
def test_a_locale_we_do_not_offer_is_422_naming_the_ones_we_do_on_every_route(client, catalog, locale):
    for path in GETS:
        unsupported(client.http.get(f"{path}?locale={locale}"))
    unsupported(respond(client, SEED, first_answers(catalog.assessment(SEED)), locale))


def test_a_malformed_locale_is_422_naming_the_ones_we_do(client):
    found = body(client.http.get("/v1/library?locale=ES"))
    assert found["errors"] == [{"field": "locale", "detail": "must look like 'en' or 'en-US'; we offer en, es"}]


def test_openapi_lists_the_offered_locales_and_the_422(client):
    spec = body(client.http.get("/v1/openapi.json"))
    paths = spec["paths"]
    for path in ("/v1/library", "/v1/assessments", "/v1/assessments/{slug}"):
        operation = paths[path]["get"]
        (locale,) = [p for p in operation["parameters"] if p["name"] == "locale"]
        assert locale["in"] == "query" and locale["schema"]["enum"] == ["en", "es"]
        assert "es-MX" in locale["description"] and "422" in locale["description"]
        assert "Content-Language" in operation["responses"]["200"]["headers"]
        example = operation["responses"]["422"]["content"]["application/problem+json"]["example"]
        assert example["errors"] == [OFFERED]
    post = paths["/v1/assessments/{slug}/responses"]["post"]
    assert "Content-Language" in post["responses"]["200"]["headers"]
    assert post["responses"]["422"]["content"]["application/problem+json"]["example"]["title"] == "Unsupported locale"
    schemas = spec["components"]["schemas"]
    assert {"type": "string", "enum": ["en", "es"]} in schemas["ResponseRequest"]["properties"]["locale"]["anyOf"]
    for model in ("Summary", "AssessmentView"):
        assert "translation_note" in schemas[model]["required"]
        assert {"type": "null"} in schemas[model]["properties"]["translation_note"]["anyOf"]


def test_the_openapi_locales_are_the_ones_the_content_declares():
    from chalicelib.web.openapi import document

    spec = document(("en", "pt-BR"))
    (locale,) = [p for p in spec["paths"]["/v1/library"]["get"]["parameters"] if p["name"] == "locale"]
    assert locale["schema"]["enum"] == ["en", "pt-BR"]
    problem = spec["paths"]["/v1/library"]["get"]["responses"]["422"]["content"]["application/problem+json"]
    assert problem["example"]["errors"] == [{"field": "locale", "detail": "we offer en, pt-BR"}]


# The CDN keys each cached route on `locale`: without it, a Spanish request could be served the English copy.
EDGE = json.loads((ROOT / ".chalice" / "edge.json").read_text())["Resources"]


def cached_query_strings(path: str) -> set[str]:
    config = EDGE["Distribution"]["Properties"]["DistributionConfig"]
    behavior = next(
        (b for b in config["CacheBehaviors"] if fnmatch.fnmatchcase(path, b["PathPattern"])),
        config["DefaultCacheBehavior"],
    )
    policy = EDGE[behavior["CachePolicyId"]["Ref"]]["Properties"]["CachePolicyConfig"]
    return set(policy["ParametersInCacheKeyAndForwardedToOrigin"]["QueryStringsConfig"].get("QueryStrings", []))


@pytest.mark.parametrize("path", [*GETS, f"/embed/{SEED}"])
def test_the_cdn_keys_every_route_that_takes_a_locale_on_it(client, path):
    assert client.http.get(f"{path}?locale=es").status_code == 200
    assert "locale" in cached_query_strings(path)


def test_the_cdn_keys_the_frame_on_every_parameter_that_changes_it(client):
    # `show-title=false` changes the frame's page too: without it in the key, a CDN served either copy to both.
    plain, untitled = (
        client.http.get(f"/embed/{SEED}?partner=demo{extra}").body for extra in ("", "&show-title=false")
    )
    assert plain != untitled
    assert cached_query_strings(f"/embed/{SEED}") == {"partner", "locale", "show-title"}


# The widget's frame in Spanish: its language, its words, the partner's resources and nurse line.


def frame_config(html: str) -> dict:
    return json.loads(re.search(r'id="embed-config">(.*?)</script>', html).group(1))


def test_the_frame_in_spanish_has_spanish_chrome_content_and_partner_words(client, catalog):
    response = client.http.get(f"/embed/{SEED}?partner=demo&locale=es")
    html = response.body.decode()
    assert response.status_code == 200 and '<html lang="es">' in html
    config = frame_config(html)
    assert config["locale"] == "es"
    assert config["messages"]["next"] == "Siguiente"
    assert config["messages"]["progress"] == "Pregunta %(number)s de %(total)s"
    assert "Pregunta 1 de 8" in html and "Tu resumen" not in html and "Su resumen" in html
    assessment = catalog.assessment(SEED)
    assert config["questions"][0]["prompt"] == pick(assessment.questions[0].prompt, "es")
    partner = catalog.partner("demo")
    resource = partner.resources[0]
    assert config["partner"]["resources"][0]["title"] == pick(resource.title, "es")
    assert config["partner"]["resources"][0]["description"] == pick(resource.description, "es")
    assert pick(partner.nurse_line.label, "es") in html
    assert "Traducción aún no revisada por un clínico." in html  # in the summary's notes, for the script to clone
    assert "Translation" not in html


def test_the_frame_in_english_has_no_translation_note(client):
    assert 'class="translation-note"' not in client.http.get(f"/embed/{SEED}?partner=demo").body.decode()


def test_a_message_page_speaks_the_frames_language(client):
    response = client.http.get("/embed/no-such-assessment?partner=demo&locale=es")
    html = response.body.decode()
    assert response.status_code == 404 and '<html lang="es">' in html
    assert "<h1>No encontramos este cuestionario</h1>" in html


def test_an_unforeseen_error_in_a_spanish_frame_is_a_calm_spanish_message(client, monkeypatch):
    from chalicelib.web import embed

    def broken(*_args, **_kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(embed.views, "assessment", broken)
    response = client.http.get(f"/embed/{SEED}?partner=demo&locale=es")
    html = response.body.decode()
    assert response.status_code == 500 and '<html lang="es">' in html
    assert "<h1>Algo salió mal</h1>" in html and "Es un problema de nuestro lado, no del suyo." in html
    assert frame_config(html)["error"] == "internal-error"
