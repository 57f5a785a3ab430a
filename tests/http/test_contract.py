"""Issue 14 item 6: the contract tells the truth. Every route that needs content answers 503 with Retry-After
when none can be had (the embed page included), and every JSON API route says so in the OpenAPI document."""

from __future__ import annotations

import json

from chalicelib.runtime import provider
from tests.conftest import SEED

FILLED = {"{slug}": SEED, "{name}": "about"}
NEEDS_CONTENT = {
    ("GET", "/v1/library"),
    ("GET", "/v1/assessments"),
    ("GET", "/v1/assessments/{slug}"),
    ("POST", "/v1/assessments/{slug}/responses"),
    ("GET", "/embed/{slug}"),
    ("GET", "/"),
    ("GET", "/assessments/{slug}"),
    ("GET", "/assessments/{slug}/questionnaire"),
    ("POST", "/assessments/{slug}/questionnaire"),
}


def routes():
    from app import app

    for path, methods in app.routes.items():
        for method in methods:
            if method not in {"HEAD", "OPTIONS"}:
                yield method, path


def concrete(path: str) -> str:
    for marker, value in FILLED.items():
        path = path.replace(marker, value)
    return path


def test_every_route_that_needs_content_answers_503_with_retry_after(client, monkeypatch, tmp_path):
    monkeypatch.setenv("CONTENT_DIR", str(tmp_path / "missing"))
    monkeypatch.setattr(provider, "FALLBACK_BUNDLE", tmp_path / "none.json")  # and no baked bundle either
    unavailable = set()
    for method, path in routes():
        headers = {"Content-Type": "application/json"} if path.startswith("/v1") else {}
        response = client.http.request(method, concrete(path), headers=headers, body=b"{}" if method == "POST" else b"")
        if response.status_code == 503:
            unavailable.add((method, path))
            assert response.headers.get("Retry-After") == str(provider.RETRY_AFTER_SECONDS), (method, path)
    assert unavailable >= NEEDS_CONTENT


def test_every_json_api_route_documents_503_405_and_the_gateway_answers(client):
    spec = json.loads(client.http.get("/v1/openapi.json").body)
    for method, path in routes():
        if not (path.startswith("/v1") or path == "/healthz"):
            continue
        operation = spec["paths"][path][method.lower()]
        for code in ("405", "429", "503", "504"):
            assert "application/problem+json" in operation["responses"][code]["content"], (path, code)
        assert "Retry-After" in operation["responses"]["503"]["headers"], path
