"""The JSON API (/v1 and /healthz): translate HTTP to calls and back. It decides nothing."""

from __future__ import annotations

from typing import Any

import orjson
from chalice import Blueprint

from chalicelib.core import fhir, fhir_response
from chalicelib.core.problems import FieldProblem, invalid_request, not_found
from chalicelib.runtime import settings
from chalicelib.web import caching, served, views
from chalicelib.web.models.requests import ResponseRequest
from chalicelib.web.responses import (
    answers_problems,
    check_query,
    entity_tag,
    etagged,
    json_body_and_tag,
    json_get,
    json_no_store,
    parse_json_body,
)

api = Blueprint(__name__)


def _language(locale: str) -> dict[str, str]:
    return {"Content-Language": locale}


@api.route("/healthz", methods=["GET", "HEAD"])
@answers_problems
def healthz():
    catalog = served.catalog()
    return json_get(api.current_request, views.health(catalog), {"Cache-Control": caching.NEVER})  # never a cached "ok"


@api.route("/v1/library", methods=["GET", "HEAD"])
@answers_problems
def library():
    request = api.current_request
    params = check_query(request, {"locale"})
    catalog = served.catalog()
    locale = views.locale_for(params.get("locale"), catalog.locales)
    body, tag = catalog.memo(("library", locale), lambda: json_body_and_tag(views.library(catalog, locale)))
    return etagged(request, body, "application/json", _language(locale), tag)


@api.route("/v1/assessments", methods=["GET", "HEAD"])
@answers_problems
def assessments():
    request = api.current_request
    params = check_query(request, {"category", "topic", "q", "locale"})
    if params.get("q") == "":
        raise invalid_request((FieldProblem("q", "must not be empty"),))
    wanted = views.query_terms(params.get("q")) if "q" in params else None
    catalog = served.catalog()
    locale = views.locale_for(params.get("locale"), catalog.locales)
    category, topic = params.get("category"), params.get("topic")
    if category is not None and catalog.category(category) is None:
        raise not_found("category")
    if topic is not None and catalog.topic(topic) is None:
        raise not_found("topic")
    return json_get(request, views.assessment_list(catalog, locale, category, topic, wanted), _language(locale))


@api.route("/v1/assessments/{slug}", methods=["GET", "HEAD"])
@answers_problems
def assessment(slug: str):
    request, catalog, found, locale = _asked_for(slug)
    body, tag = catalog.memo(
        ("assessment", slug, locale), lambda: json_body_and_tag(views.assessment(catalog, found, locale))
    )
    return etagged(request, body, "application/json", _language(locale), tag)


@api.route("/v1/assessments/{slug}/responses", methods=["POST"], content_types=["*/*"])
@answers_problems
def responses(slug: str):
    request, catalog, prepared = _posted_to(slug)
    body = parse_json_body(request, ResponseRequest, {q.question.id for q in prepared.questions})
    locale = views.locale_for(body.locale, catalog.locales)
    return _summary(prepared, prepared.check(body.answers), locale)


# A route of its own rather than a second media type on /responses: one body per operation reads better in
# OpenAPI, and generators of clients handle it (openapi-python-client 0.29 writes a client that cannot be
# imported for a required body of two media types: openapi-generators/openapi-python-client#1451).
@api.route("/v1/assessments/{slug}/fhir/responses", methods=["POST"], content_types=["*/*"])
@answers_problems
def fhir_responses(slug: str):
    request, catalog, prepared = _posted_to(slug)
    response = parse_json_body(request, fhir_response.QuestionnaireResponse, accepted=(fhir.MEDIA_TYPE,))
    locale = views.locale_for(response.language, catalog.locales)
    return _summary(prepared, fhir_response.checked(response, prepared, settings.current().site_url), locale)


@api.route("/v1/assessments/{slug}/fhir", methods=["GET", "HEAD"])
@answers_problems
def fhir_questionnaire(slug: str):
    request, catalog, found, locale = _asked_for(slug)
    body, tag = catalog.memo(
        ("fhir", slug, locale, settings.current().site_url), lambda: _fhir_body_and_tag(catalog, found, locale)
    )
    return etagged(request, body, fhir.MEDIA_TYPE, _language(locale), tag)


def _fhir_body_and_tag(catalog, assessment, locale: str) -> tuple[str, str]:
    built = fhir.questionnaire(
        assessment,
        locale,
        base_url=settings.current().site_url,
        version=catalog.version,
        publisher=catalog.library.title,
        disclaimer=catalog.library.disclaimer,
    )
    body = orjson.dumps(built).decode("utf-8")
    return body, entity_tag(body)


@api.route("/v1/openapi.json", methods=["GET", "HEAD"])
@answers_problems
def openapi():
    from chalicelib.web.openapi import openapi_json  # pydantic's JSON schema machinery: kept off the cold start

    offered = served.catalog().library.locales  # the locale enums are the content's: read on each request
    return etagged(api.current_request, openapi_json(offered), "application/json")


def _asked_for(slug: str) -> tuple[Any, Any, Any, str]:
    """A GET of one assessment: the request, the catalog, the assessment (or 404) and the locale asked for."""
    request = api.current_request
    params = check_query(request, {"locale"})
    catalog = served.catalog()
    found = catalog.assessment(slug)
    if found is None:
        raise not_found("assessment")
    return request, catalog, found, views.locale_for(params.get("locale"), catalog.locales)


def _posted_to(slug: str) -> tuple[Any, Any, Any]:
    """Answers posted to one assessment: the request (no query allowed), the catalog and the prepared assessment
    (or 404)."""
    request = api.current_request
    check_query(request, set())
    catalog = served.catalog()
    prepared = catalog.prepared(slug)
    if prepared is None:
        raise not_found("assessment")
    return request, catalog, prepared


def _summary(prepared: Any, answers: Any, locale: str) -> Any:
    """The summary of checked answers, never stored or cached, in its language."""
    summary = views.summary(prepared.summarize(answers, locale), prepared.assessment)
    return json_no_store(summary, headers=_language(locale))
