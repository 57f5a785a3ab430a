"""The edges of every response: CORS for /v1 from the partner registry, and security headers on every route."""

from __future__ import annotations

import pytest

from chalicelib.core.content import Partner
from chalicelib.web.cors import cors_headers, origin_allowed
from tests.conftest import SEED, post_json

PARTNER = "http://localhost:5173"  # content/partners.yaml: the demo partner allows http://localhost:*
CORS_NAMES = {"access-control-allow-origin", "access-control-allow-methods", "access-control-allow-headers"}


def cors_of(response) -> dict[str, str]:
    return {k.lower(): v for k, v in response.headers.items() if k.lower().startswith("access-control-")}


@pytest.mark.parametrize(
    "path", ["/v1/library", "/v1/assessments", f"/v1/assessments/{SEED}", "/v1/openapi.json", "/v1/assessments/nope"]
)
def test_a_partner_origin_is_echoed_exactly_with_vary_origin_and_no_credentials(client, path):
    response = client.http.get(path, headers={"Origin": PARTNER})

    assert response.headers["Access-Control-Allow-Origin"] == PARTNER
    assert response.headers["Vary"] == "Origin, Accept-Encoding"  # the body may also travel gzipped
    assert "access-control-allow-credentials" not in cors_of(response)


def test_a_summary_post_from_a_partner_origin_can_be_read_by_the_partner(client):
    response = post_json(client, f"/v1/assessments/{SEED}/responses", {"answers": {}}, {"Origin": PARTNER})

    assert response.status_code == 422
    assert response.headers["Access-Control-Allow-Origin"] == PARTNER


@pytest.mark.parametrize(
    "origin",
    [
        "https://evil.example",
        "http://localhost.evil.example",
        "http://localhost:5173.evil.example",
        "https://localhost:5173",  # the scheme is part of the origin
        "http://LOCALHOST:5173",
        "null",
        "http://localhost:5173/",
    ],
)
def test_any_other_origin_gets_no_cors_header_but_the_same_answer(client, origin):
    response = client.http.get("/v1/library", headers={"Origin": origin})

    assert response.status_code == 200
    assert not cors_of(response)
    assert response.headers["Vary"] == "Origin, Accept-Encoding"  # the body may also travel gzipped


def test_a_request_without_origin_works_and_gets_no_cors_header(client):
    response = client.http.get("/v1/library")

    assert response.status_code == 200
    assert not cors_of(response)


def test_the_preflight_for_posting_answers_allows_post_with_json_from_a_partner(client):
    response = client.http.request(
        "OPTIONS",
        f"/v1/assessments/{SEED}/responses",
        headers={"Origin": PARTNER, "Access-Control-Request-Method": "POST"},
    )

    assert response.status_code == 204
    assert cors_of(response) == {
        "access-control-allow-origin": PARTNER,
        "access-control-allow-methods": "POST",
        "access-control-allow-headers": "Content-Type",
        "access-control-max-age": "600",
    }


def test_the_preflight_from_a_stranger_allows_nothing(client):
    response = client.http.request(
        "OPTIONS", f"/v1/assessments/{SEED}/responses", headers={"Origin": "https://evil.example"}
    )

    assert not cors_of(response)


def test_routes_outside_the_json_api_never_carry_cors_headers(client):
    assert not cors_of(client.http.get("/healthz", headers={"Origin": PARTNER}))


@pytest.mark.parametrize(
    ("pattern", "origin", "allowed"),
    [
        ("https://partner.example", "https://partner.example", True),
        ("https://partner.example", "https://partner.example:8443", False),
        ("https://partner.example", "https://www.partner.example", False),
        ("http://localhost:*", "http://localhost", True),
        ("http://localhost:*", "http://localhost:65535", True),
        ("http://localhost:*", "http://localhost:", False),
        ("http://localhost:*", "http://localhost:80x", False),
    ],
)
def test_origin_patterns_match_exactly_or_on_any_port(pattern, origin, allowed):
    assert origin_allowed(origin, pattern) is allowed
    partner = Partner(id="p", name="P", origins=(pattern,))
    headers = cors_headers(origin, [partner], preflight=False)
    assert ("Access-Control-Allow-Origin" in headers) is allowed


def concrete(path: str) -> str:
    return path.replace("{slug}", SEED).replace("{locale}", "es").replace("{name}", "missing.css")


def every_route():
    from app import app

    return sorted((path, method) for path, methods in app.routes.items() for method in methods)


@pytest.mark.parametrize(("path", "method"), every_route())
def test_every_route_answers_with_nosniff_and_no_referrer_and_never_a_500(client, path, method):
    headers = {"Origin": PARTNER, "Content-Type": "application/json"}
    response = client.http.request(method, concrete(path), headers=headers, body=b"{}" if method == "POST" else b"")

    assert response.status_code < 500
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    content_type = response.headers.get("Content-Type", "")
    if content_type.startswith("text/html"):
        policy = response.headers["Content-Security-Policy"]
        assert "default-src" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    if response.status_code >= 400 and not content_type.startswith("text/html"):
        assert content_type == "application/problem+json"


@pytest.mark.parametrize("path", sorted({path for path, _ in every_route()}))
def test_a_method_no_route_takes_is_a_405_naming_the_allowed_ones_as_problem_json_or_an_html_page(client, path):
    from app import app

    response = client.http.request("DELETE", concrete(path))

    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == set(app.routes[path])
    api = path.startswith("/v1/") or path == "/healthz"
    expected = "application/problem+json" if api else "text/html; charset=utf-8"
    assert response.headers["Content-Type"] == expected
    assert response.headers["X-Content-Type-Options"] == "nosniff"
