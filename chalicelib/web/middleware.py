"""What every response passes through: CORS for /v1, security headers, `Vary`, the content version, one log line.

It also answers CORS preflights, and turns Chalice's own error answers (e.g. 405) into problem+json for the
JSON API and into the HTML error page for pages.
"""

from __future__ import annotations

import time
import uuid
from types import MappingProxyType

from chalice import Blueprint, Response

from chalicelib.core.fields import DEFAULT_LOCALE
from chalicelib.core.problems import Problem
from chalicelib.runtime.catalog import Catalog
from chalicelib.runtime.logs import request_done
from chalicelib.web import caching, served
from chalicelib.web.cors import cors_headers
from chalicelib.web.pages import error_page
from chalicelib.web.responses import SECURITY_HEADERS, answers_problems, header, problem_response
from chalicelib.web.words import N_

edges = Blueprint(__name__)
API_PREFIX = "/v1/"
JSON_ROUTES = frozenset({"/healthz"})
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE"})
"""HTTP's methods (RFC 9110), logged by name; any other a client makes up is logged as OTHER, never as sent."""
HSTS = "max-age=63072000; includeSubDomains"
"""Sent when the request came over HTTPS (API Gateway, behind the CDN or not, says so in X-Forwarded-Proto);
never over plain HTTP (`make run`), where browsers ignore it (RFC 6797)."""


@edges.middleware("http")
def edge(request, get_response) -> Response:
    started = time.perf_counter()
    response = get_response(request)
    if response.status_code >= 400:
        response = _as_problem(request, response)
    catalog = served.held()
    if catalog is None and response.status_code != 503:  # a route that needed no content (e.g. the OpenAPI document)
        catalog = _loaded_catalog()
    version = catalog.version if catalog is not None else None
    # Its own copy: what it adds (Allow, HSTS, Retry-After...) must never reach a mapping another answer shares.
    headers = response.headers = dict(response.headers)
    for name, value in SECURITY_HEADERS.items():
        headers.setdefault(name, value)
    if header(request, "x-forwarded-proto") == "https":
        headers["Strict-Transport-Security"] = HSTS
    if version is not None:
        headers["X-Content-Version"] = version
    path = request.path
    if path.startswith(API_PREFIX):
        origin = header(request, "origin")
        cors = cors_headers(origin, catalog.index.partners if catalog else (), preflight=request.method == "OPTIONS")
        vary(headers, cors.pop("Vary"))
        headers.update(cors)
    if response.body or response.status_code == 304:
        vary(headers, "Accept-Encoding")  # API Gateway (and `make run`) gzip bodies for clients that ask
    request_id = request.context.get("requestId") or uuid.uuid4().hex
    duration_ms = (time.perf_counter() - started) * 1000
    method = request.method if request.method in METHODS else "OTHER"
    request_done(request_id, method, path, response.status_code, duration_ms, version)
    return response


@edges.route("/v1/assessments/{slug}/responses", methods=["OPTIONS"])
@answers_problems
def responses_preflight(slug: str) -> Response:
    served.catalog()  # the partner registry must be loaded to answer; the CORS headers come from `edge`
    return Response(body="", status_code=204, headers={"Cache-Control": caching.NEVER})


@edges.route("/v1/assessments/{slug}/fhir/responses", methods=["OPTIONS"])
@answers_problems
def fhir_responses_preflight(slug: str) -> Response:
    return responses_preflight(slug)


def vary(headers: dict[str, str], name: str) -> None:
    """Add `name` to the response's Vary header, keeping whatever is there already."""
    present = headers.get("Vary", "")
    if name.lower() not in [part.strip().lower() for part in present.split(",")]:
        headers["Vary"] = f"{present}, {name}" if present else name


def _loaded_catalog() -> Catalog | None:
    try:
        return served.catalog()
    except Problem:
        return None


def _as_problem(request, response: Response) -> Response:
    """Chalice's built-in errors ({"Code", "Message"} JSON, e.g. 405) as problem+json for the JSON API and as
    the HTML error page everywhere else, keeping their Allow header."""
    body = response.body
    if response.status_code < 400 or not (isinstance(body, dict) and set(body) == {"Code", "Message"}):
        return response
    from http import HTTPStatus  # only on this error path, off the cold start

    status = HTTPStatus(response.status_code)
    kept = tuple((k, v) for k, v in response.headers.items() if k.lower() == "allow")
    title, detail = _WORDS.get(status.value, (status.phrase, status.description + "."))
    problem = Problem(status.value, title, detail, headers=kept)
    json_api = request.path.startswith(API_PREFIX) or request.path in JSON_ROUTES
    return problem_response(problem) if json_api else error_page(problem, locale=_page_locale(request))


_WORDS = MappingProxyType({405: (N_("Method not allowed"), N_("This address does not take that kind of request."))})
"""Chalice's own errors a person can meet, in words the catalogs translate (the rest keep HTTP's phrase)."""


def _page_locale(request) -> str:
    """The language of the page asked for: its `/{locale}/...` prefix when the library offers it, else English."""
    wanted = (request.uri_params or {}).get("locale")
    catalog = _loaded_catalog() if wanted else None
    return wanted if catalog is not None and wanted in catalog.locales else DEFAULT_LOCALE
