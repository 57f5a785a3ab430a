"""Cache-Control and Vary route by route, as a shared cache (the CDN, a proxy) and a browser will read them.

Every route the app has is in one of these tables (a new route fails the coverage test until it is placed).
A GET made from published content is public for a minute; the loader is short with stale-while-revalidate;
versioned static files are immutable; nothing about one parent's answers, no POST, no error, no redirect and
no health check can be stored by any cache (RFC 9111 section 3).
"""

from __future__ import annotations

import pytest

from chalicelib.web import caching
from chalicelib.web.assets import read_asset
from chalicelib.web.middleware import HSTS
from tests.conftest import SEED, post_json
from tests.http.test_api import VALID

CATEGORY = "hospital-procedures-and-medical-anxiety"
TOPIC = "second-opinion-questions"
STYLE_HASH = read_asset("site-style.css")[1]
API = "Origin"  # the /v1 answers carry CORS headers that depend on the Origin a request sends

# (route, a request path for it, expected status, Cache-Control, Vary)
GETS = [
    ("/healthz", "/healthz", 200, caching.NEVER, None),
    ("/v1/library", "/v1/library?locale=en", 200, caching.CONTENT, API),
    ("/v1/assessments", f"/v1/assessments?category={CATEGORY}&topic={TOPIC}", 200, caching.CONTENT, API),
    ("/v1/assessments/{slug}", f"/v1/assessments/{SEED}", 200, caching.CONTENT, API),
    ("/v1/assessments/{slug}/fhir", f"/v1/assessments/{SEED}/fhir?locale=es", 200, caching.CONTENT, API),
    ("/v1/openapi.json", "/v1/openapi.json", 200, caching.CONTENT, API),
    ("/static/{name}", f"/static/site-style.css?v={STYLE_HASH}", 200, caching.IMMUTABLE, None),
    ("/static/{name}", "/static/site-style.css", 200, caching.REVALIDATE, None),
    ("/static/{name}", "/static/site-style.css?v=stale0000000", 200, caching.REVALIDATE, None),
    ("/favicon.ico", "/favicon.ico", 200, caching.REVALIDATE, None),
    ("/widget.js", "/widget.js", 200, caching.LOADER, None),
    ("/embed/{slug}", f"/embed/{SEED}?partner=demo&locale=en", 200, caching.CONTENT, None),
    ("/demo", "/demo", 200, caching.CONTENT, None),
    ("/", "/", 200, caching.CONTENT, None),
    ("/categories/{slug}", f"/categories/{CATEGORY}", 200, caching.CONTENT, None),
    ("/topics/{slug}", f"/topics/{TOPIC}", 200, caching.CONTENT, None),
    ("/assessments/{slug}", f"/assessments/{SEED}", 200, caching.CONTENT, None),
    ("/assessments/{slug}/questionnaire", f"/assessments/{SEED}/questionnaire", 303, caching.NEVER, None),
    ("/sitemap.xml", "/sitemap.xml", 200, caching.CONTENT, None),
    ("/robots.txt", "/robots.txt", 200, caching.CONTENT, None),
    ("/search", "/search?q=opinion", 200, caching.CONTENT, None),
    ("/{locale}/search", "/es/search?q=opini%C3%B3n", 200, caching.CONTENT, None),
    ("/{locale}", "/no-such-page", 404, caching.NEVER, None),
    ("/{locale}", "/es/", 200, caching.CONTENT, None),
    ("/{locale}/categories/{slug}", f"/es/categories/{CATEGORY}", 200, caching.CONTENT, None),
    ("/{locale}/topics/{slug}", f"/es/topics/{TOPIC}", 200, caching.CONTENT, None),
    ("/{locale}/assessments/{slug}", f"/es/assessments/{SEED}", 200, caching.CONTENT, None),
    ("/{locale}/assessments/{slug}/questionnaire", f"/es/assessments/{SEED}/questionnaire", 303, caching.NEVER, None),
    ("/{locale}/{name}", "/es/no-such-page", 404, caching.NEVER, None),
]
# Errors on content routes: never stored (a shared cache must not pin a 404 or a 503 for everyone).
GET_ERRORS = [
    (f"/v1/assessments/{SEED}?nope=1", 422, API),
    ("/v1/assessments/no-such-assessment", 404, API),
    ("/v1/assessments/no-such-assessment/fhir", 404, API),
    ("/embed/no-such-assessment?partner=demo", 404, None),
    (f"/embed/{SEED}?partner=nobody", 404, None),
    ("/static/no-such-file.css", 404, None),
    ("/assessments/no-such-assessment", 404, None),
    ("/es/assessments/no-such-assessment", 404, None),
    ("/fr/", 404, None),
    ("/search?q=" + "a" * 101, 422, None),
    ("/v1/assessments?q=" + "a" * 101, 422, API),
]
EMERGENCY = {"reason": "want-specialist", "red-flags": ["breathing"]}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
STEP = f"/assessments/{SEED}/questionnaire"
RESPONSES = f"/v1/assessments/{SEED}/responses"
FHIR_RESPONSES = f"/v1/assessments/{SEED}/fhir/responses"


def headers_of(response) -> dict[str, str]:
    return {k.lower(): v for k, v in response.headers.items()}


def varies(own: str | None, response) -> str | None:
    """What a response varies on: the route's own request headers, then Accept-Encoding for any body (API
    Gateway and `make run` gzip bodies for clients that ask)."""
    return ", ".join(v for v in (own, "Accept-Encoding" if response.body else None) if v) or None


def directives(cache_control: str | None) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for part in (cache_control or "").split(","):
        name, _, value = part.strip().partition("=")
        if name:
            found[name.lower()] = value or None
    return found


def shared_cache_may_store(status: int, method: str, headers: dict[str, str]) -> bool:
    """Whether a shared cache may store this response (RFC 9111 section 3, with heuristic freshness)."""
    if method not in {"GET", "HEAD"}:  # a POST answer is reusable only with explicit freshness and Content-Location
        found = directives(headers.get("cache-control"))
        return "content-location" in headers and bool({"max-age", "s-maxage", "public"} & set(found))
    found = directives(headers.get("cache-control"))
    if "no-store" in found or "private" in found:
        return False
    heuristic = {200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501}
    return bool({"max-age", "s-maxage", "public"} & set(found)) or status in heuristic


@pytest.fixture(autouse=True)
def loopback_site(monkeypatch):
    monkeypatch.setenv("SITE_URL", "http://127.0.0.1:8000")  # the demo page exists only on a loopback site


def test_every_route_of_the_app_is_in_a_table_here():
    from app import app

    tabled = {route for route, *_ in GETS} | {p.replace(SEED, "{slug}") for p in (RESPONSES, FHIR_RESPONSES, STEP)}
    assert set(app.routes) == tabled
    posts = {path for path, methods in app.routes.items() if "POST" in methods}
    form = "/assessments/{slug}/questionnaire"
    api = {"/v1/assessments/{slug}/responses", "/v1/assessments/{slug}/fhir/responses"}
    assert posts == {*api, form, "/{locale}" + form}


@pytest.mark.parametrize(("route", "path", "status", "cache_control", "vary"), GETS, ids=[g[1] for g in GETS])
def test_each_get_route_says_how_long_any_cache_may_keep_it_and_what_it_varies_on(
    client, route, path, status, cache_control, vary
):
    response = client.http.get(path)
    headers = headers_of(response)

    assert response.status_code == status
    assert headers.get("cache-control") == cache_control
    assert headers.get("vary") == varies(vary, response)
    stored = shared_cache_may_store(status, "GET", headers)
    assert stored == (cache_control != caching.NEVER), "only NEVER routes stay out of shared caches"
    if "etag" in headers:  # a revalidation answers with the same freshness (RFC 9110 section 15.4.5)
        again = client.http.get(path, headers={"If-None-Match": headers["etag"]})
        assert again.status_code == 304 and headers_of(again).get("cache-control") == cache_control


@pytest.mark.parametrize(("path", "status", "vary"), GET_ERRORS)
def test_no_error_answer_is_kept_by_any_cache(client, path, status, vary):
    response = client.http.get(path)
    headers = headers_of(response)

    assert response.status_code == status
    assert headers.get("cache-control") == caching.NEVER
    assert headers.get("vary") == varies(vary, response)
    assert not shared_cache_may_store(status, "GET", headers)


def test_the_kinds_are_designed_for_a_shared_cache():
    content, loader, immutable = (directives(v) for v in (caching.CONTENT, caching.LOADER, caching.IMMUTABLE))

    assert "public" in content and int(content["max-age"]) <= 60, "a publish shows within a minute of the origin"
    assert "s-maxage" not in content, "shared caches send Age: one max-age bounds browser and CDN together"
    assert int(content["stale-if-error"]) >= 3600 and "stale-while-revalidate" not in content
    assert int(loader["max-age"]) <= 300 and int(loader["stale-while-revalidate"]) >= 3600
    assert "immutable" in immutable and int(immutable["max-age"]) == 365 * 24 * 3600
    assert directives(caching.NEVER) == {"no-store": None}


def test_no_answer_to_the_json_api_post_or_its_preflight_can_be_cached(client):
    answers = [
        post_json(client, RESPONSES, VALID),
        post_json(client, RESPONSES, {"answers": EMERGENCY}),
        post_json(client, RESPONSES, {"answers": {"reason": "nope"}}),
        post_json(client, RESPONSES, "{not json"),
        client.http.post(RESPONSES, body="answers", headers={"Content-Type": "text/plain"}),
        client.http.request("OPTIONS", RESPONSES, headers={"Origin": "http://localhost:8000"}),
        client.http.post(FHIR_RESPONSES, body="{}", headers={"Content-Type": "application/fhir+json"}),
        client.http.request("OPTIONS", FHIR_RESPONSES, headers={"Origin": "http://localhost:8000"}),
    ]

    assert [a.status_code for a in answers] == [200, 200, 422, 400, 415, 204, 422, 204]
    for answer in answers:
        headers = headers_of(answer)
        assert headers["cache-control"] == caching.NEVER and headers["vary"] == varies(API, answer)
        assert not shared_cache_may_store(answer.status_code, "POST", headers)
        assert not shared_cache_may_store(answer.status_code, "GET", headers), "not even were it a GET"


def test_no_step_summary_or_error_of_the_questionnaire_without_javascript_can_be_cached(client):
    first = client.http.post(STEP, body="current=reason&reason=want-specialist&go=next", headers=FORM)
    summary = client.http.post(
        STEP, body="reason=want-specialist&red-flags=breathing&current=red-flags&go=next", headers=FORM
    )
    missing = client.http.post(STEP, body="current=reason&go=next", headers=FORM)
    wrong_type = client.http.post(STEP, body="{}", headers={"Content-Type": "application/json"})
    in_the_address = client.http.post(STEP + "?reason=want-specialist", body="current=reason", headers=FORM)
    in_spanish = client.http.post(
        "/es" + STEP, body="reason=want-specialist&red-flags=breathing&current=red-flags&go=next", headers=FORM
    )

    answers = (first, summary, missing, wrong_type, in_the_address, in_spanish)
    assert [r.status_code for r in answers] == [200, 200, 422, 415, 400, 200]
    assert "Get care now" in summary.body.decode()
    assert '<html lang="es">' in in_spanish.body.decode()
    for answer in answers:
        headers = headers_of(answer)
        assert headers["cache-control"] == caching.NEVER
        assert not shared_cache_may_store(answer.status_code, "GET", headers)


def test_https_answers_carry_hsts_and_plain_http_ones_do_not(client):
    over_https = client.http.get("/v1/library", headers={"X-Forwarded-Proto": "https"})
    summary = post_json(client, RESPONSES, VALID, headers={"X-Forwarded-Proto": "https"})
    missing = client.http.get("/no-such-page", headers={"X-Forwarded-Proto": "https"})
    over_http = client.http.get("/v1/library")  # `make run`: plain HTTP, where HSTS must not be sent

    for answer in (over_https, summary, missing):
        assert headers_of(answer)["strict-transport-security"] == HSTS
    assert int(directives(HSTS.replace(";", ","))["max-age"]) >= 365 * 24 * 3600
    assert "strict-transport-security" not in headers_of(over_http)
    assert "strict-transport-security" not in headers_of(client.http.get("/", headers={"X-Forwarded-Proto": "http"}))
