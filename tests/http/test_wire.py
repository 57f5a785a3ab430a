"""What travels: HEAD on every GET route, gzip when the client asks, and `Vary` kept right."""

from __future__ import annotations

import gzip

import pytest

from chalicelib.authoring.localrun import MINIMUM_COMPRESSION_SIZE, accepts_gzip, on_the_wire
from tests.conftest import SEED
from tests.local_server import fetch, serving

# One address per GET route: a new GET route fails `test_every_get_route_answers_head` until it is listed here.
SAMPLES = {
    "/healthz": "/healthz",
    "/v1/library": "/v1/library",
    "/v1/assessments": "/v1/assessments",
    "/v1/assessments/{slug}": f"/v1/assessments/{SEED}",
    "/v1/openapi.json": "/v1/openapi.json",
    "/static/{name}": "/static/site-style.css",
    "/favicon.ico": "/favicon.ico",
    "/widget.js": "/widget.js",
    "/embed/{slug}": f"/embed/{SEED}?partner=demo",
    "/demo": "/demo",
    "/": "/",
    "/categories/{slug}": "/categories/hospital-procedures-and-medical-anxiety",
    "/topics/{slug}": "/topics/second-opinion-questions",
    "/v1/assessments/{slug}/fhir": f"/v1/assessments/{SEED}/fhir?locale=es",
    "/assessments/{slug}": f"/assessments/{SEED}",
    "/assessments/{slug}/questionnaire": f"/assessments/{SEED}/questionnaire",
    "/sitemap.xml": "/sitemap.xml",
    "/robots.txt": "/robots.txt",
    "/search": "/search?q=opinion",
    "/{locale}/search": "/es/search?q=opini%C3%B3n",
    "/{locale}": "/no-such-page",
    "/{locale}/categories/{slug}": "/es/categories/hospital-procedures-and-medical-anxiety",
    "/{locale}/topics/{slug}": "/es/topics/second-opinion-questions",
    "/{locale}/assessments/{slug}": f"/es/assessments/{SEED}",
    "/{locale}/assessments/{slug}/questionnaire": f"/es/assessments/{SEED}/questionnaire",
    "/{locale}/{name}": "/es/no-such-page",
}
UNCHANGED_BY_TRANSPORT = {"date", "server"}


@pytest.fixture(scope="module")
def port():
    with serving() as port:
        yield port


def test_every_get_route_answers_head():
    from app import app

    get_routes = {path for path, methods in app.routes.items() if "GET" in methods}
    assert set(SAMPLES) == get_routes, "list an address for each GET route in SAMPLES"
    assert [path for path in get_routes if "HEAD" not in app.routes[path]] == []


@pytest.mark.parametrize("route", sorted(SAMPLES))
def test_head_gives_the_get_headers_through_the_app(client, route):
    got, head = client.http.get(SAMPLES[route]), client.http.head(SAMPLES[route])
    assert head.status_code == got.status_code != 405
    assert head.headers == got.headers


@pytest.mark.parametrize("encoding", [None, "gzip"])
def test_head_gives_the_get_headers_and_no_body_over_http(port, encoding):
    asked = {"Accept-Encoding": encoding} if encoding else {}
    for route, address in SAMPLES.items():
        status, headers, body = fetch(port, address, headers=asked)
        head_status, head_headers, head_body = fetch(port, address, "HEAD", asked)
        assert head_body == b"", route
        assert head_status == status, route
        assert {k: v for k, v in head_headers.items() if k not in UNCHANGED_BY_TRANSPORT} == {
            k: v for k, v in headers.items() if k not in UNCHANGED_BY_TRANSPORT
        }, route
        assert int(head_headers["content-length"]) == len(body), route


def test_every_text_route_is_gzipped_when_asked_and_identical_unzipped(port):
    small = []
    for route, address in SAMPLES.items():
        status, plain_headers, plain = fetch(port, address)
        _, headers, sent = fetch(port, address, headers={"Accept-Encoding": "gzip, deflate, br"})
        assert "content-encoding" not in plain_headers, route
        assert not plain or "Accept-Encoding" in headers["vary"], route
        if len(plain) < MINIMUM_COMPRESSION_SIZE:
            assert "content-encoding" not in headers and sent == plain, route
            small.append(route)
            continue
        assert headers["content-encoding"] == "gzip", route
        assert gzip.decompress(sent) == plain, route
        assert sent == on_the_wire(plain, "gzip")[0], route
        assert len(sent) < len(plain), route
        assert headers["content-type"] == plain_headers["content-type"], route
    # Under the threshold gzip's own 18 bytes make a body bigger: these few stay as they are (the redirect
    # has no body at all).
    assert sorted(small) == [
        "/assessments/{slug}/questionnaire",
        "/favicon.ico",
        "/healthz",
        "/robots.txt",
        "/{locale}/assessments/{slug}/questionnaire",
    ]


def test_the_cors_vary_is_kept_beside_accept_encoding(port):
    _, headers, _ = fetch(port, "/v1/library", headers={"Origin": "https://nobody.example"})
    assert headers["vary"] == "Origin, Accept-Encoding"


def test_a_304_varies_as_its_200_would(port):
    _, first, _ = fetch(port, f"/v1/assessments/{SEED}", headers={"Accept-Encoding": "gzip"})
    status, headers, body = fetch(
        port, f"/v1/assessments/{SEED}", headers={"Accept-Encoding": "gzip", "If-None-Match": first["etag"]}
    )
    assert (status, body) == (304, b"")
    assert headers["vary"] == "Origin, Accept-Encoding"


def test_problems_are_compressed_too(port):
    _, headers, sent = fetch(port, "/no-such-page", headers={"Accept-Encoding": "gzip"})
    assert headers["content-encoding"] == "gzip" and b"<html" in gzip.decompress(sent)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("gzip", True),
        ("gzip, deflate, br", True),
        ("br;q=1.0, gzip;q=0.8", True),
        ("*", True),
        ("gzip;q=0", False),
        ("identity", False),
        ("br", False),
        ("", False),
        (None, False),
    ],
)
def test_accept_encoding_is_read_with_its_q_values(header, expected):
    assert accepts_gzip(header) is expected


def test_the_stage_compresses_what_make_run_compresses():
    import json
    from pathlib import Path

    config = json.loads((Path(__file__).resolve().parents[2] / ".chalice" / "config.json").read_text())
    assert config["minimum_compression_size"] == MINIMUM_COMPRESSION_SIZE == 256
