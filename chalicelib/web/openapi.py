"""The OpenAPI 3.1 document, generated from the API models.

Its shared parts are functions that build them afresh: the document is assembled (and added to) on each call, so
no module-level data is ever part of it.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from pydantic.json_schema import models_json_schema

from chalicelib.core import fhir
from chalicelib.core.fhir_response import QuestionnaireResponse
from chalicelib.web.models.problems import ProblemDetail
from chalicelib.web.models.requests import MAX_BODY_BYTES, MAX_JSON_DEPTH, MAX_QUERY_LENGTH, ResponseRequest
from chalicelib.web.models.views import AssessmentList, AssessmentView, Health, LibraryView, Summary

_REF = "#/components/schemas/{model}"


def _problem() -> dict[str, Any]:
    return {"application/problem+json": {"schema": {"$ref": _REF.format(model="ProblemDetail")}}}


_OFFERED = (
    "One of the languages the library offers: this list is read from the published content when this document "
    "is served. A regional tag of one (`es-MX`) is served in its language and says so in Content-Language. Any "
    "other well-formed tag (`fr`) is a 422 problem naming the offered ones; where a translation of a text is not "
    "published yet, that text is in English."
)


def _locale_parameter(locales: tuple[str, ...]) -> dict[str, Any]:
    return {
        "name": "locale",
        "in": "query",
        "required": False,
        "schema": {"type": "string", "enum": list(locales), "default": locales[0]},
        "description": f"Language of the texts. {_OFFERED}",
    }


def _content_language() -> dict[str, Any]:
    return {
        "Content-Language": {
            "description": "The locale the texts are in (one the library offers)",
            "schema": {"type": "string"},
        }
    }


def _slug() -> dict[str, Any]:
    return {
        "name": "slug",
        "in": "path",
        "required": True,
        "schema": {"type": "string"},
        "example": "how-to-ask-for-a-second-opinion",
    }


def _example_summary() -> dict[str, Any]:
    return {
        "assessment": "how-to-ask-for-a-second-opinion",
        "title": "How to ask for a second opinion for your child",
        "locale": "en",
        "content_version": "0123456789abcdef",
        "urgency": "routine",
        "sections": [
            {
                "id": "your-plan",
                "title": "Your plan",
                "role": "plan",
                "items": [
                    {
                        "text": "Tell your child's doctor you would like a second opinion. The words below can help.",
                        "because": [{"question": "right-now", "option": "not-worse"}],
                    }
                ],
            }
        ],
        "disclaimer": "This summary is general information, not a diagnosis or medical advice.",
        "review_status": "not-clinically-reviewed",
        "review_note": "Not yet reviewed by a clinician",
        "translation_note": None,
        "last_reviewed": "2026-11-25",
    }


def _etag() -> dict[str, Any]:
    return {
        "ETag": {
            "description": "Strong validator of this body; send it back in If-None-Match",
            "schema": {"type": "string"},
        }
    }


def _if_none_match() -> dict[str, Any]:
    return {
        "name": "If-None-Match",
        "in": "header",
        "required": False,
        "schema": {"type": "string"},
        "description": "The ETag of a copy you hold: 304 with no body if it is still current.",
    }


def _everywhere() -> dict[str, Any]:
    return {
        "405": {
            "description": "This method is not served at this address (behind API Gateway, the gateway answers such a "
            "request itself with 404 problem+json)",
            "content": _problem(),
        },
        "429": {"description": "Too many requests: the API stage's throttling refused this one", "content": _problem()},
        "500": {"description": "Something went wrong on our side", "content": _problem()},
        "503": {
            "description": "No content can be served right now; try again after Retry-After seconds",
            "headers": {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}},
            "content": _problem(),
        },
        "504": {"description": "The service did not answer in time (API Gateway's own answer)", "content": _problem()},
    }


def _tags() -> list[dict[str, str]]:
    return [
        {"name": "assessments", "description": "Questionnaires, and the summary for a set of answers"},
        {"name": "library", "description": "How the assessments are organized"},
        {"name": "service", "description": "Health and this document"},
    ]


def _json(model: str, example: Any = None) -> dict[str, Any]:
    media: dict[str, Any] = {"schema": {"$ref": _REF.format(model=model)}}
    if example is not None:
        media["example"] = example
    return {"application/json": media}


def _operation(operation_id: str, tag: str, summary: str, responses: dict[str, Any], **rest: Any) -> dict[str, Any]:
    """One operation: named and tagged (generated clients call it by name, in one module per tag), with the
    problem answers any request can get."""
    problems = {code: {"description": text, "content": _problem()} for code, text in rest.pop("errors", {}).items()}
    return {
        "operationId": operation_id,
        "tags": [tag],
        "summary": summary,
        **rest,
        "responses": {**responses, **problems, **_everywhere()},
    }


def _get(
    operation_id: str,
    tag: str,
    summary: str,
    content: dict[str, Any],
    parameters: list[dict[str, Any]],
    errors: dict[str, str],
) -> dict[str, Any]:
    """A cacheable GET: 200 with an ETag, 304 when If-None-Match still matches."""
    responses = {
        "200": {"description": "OK", "headers": _etag(), "content": content},
        "304": {"description": "Not modified: the copy you hold (If-None-Match) is current", "headers": _etag()},
    }
    return {
        "get": _operation(
            operation_id, tag, summary, responses, parameters=[*parameters, _if_none_match()], errors=errors
        )
    }


def _post_summary(operation_id: str, summary: str, content: dict[str, Any], invalid: str) -> dict[str, Any]:
    """A POST that takes answers in `content` and gives the summary; `invalid` says what makes them a 422."""
    ok = {
        "200": {"description": "The summary (Cache-Control: no-store)", "content": _json("Summary", _example_summary())}
    }
    media = " or ".join(content)
    errors = {
        "400": "Malformed JSON: not UTF-8 JSON, or JSON that parsers read differently (NaN or Infinity, a number "
        "beyond a double such as 1e999999, a key repeated in one object); or a body that nests arrays and objects "
        f"more than {MAX_JSON_DEPTH} levels deep",
        "404": "No such assessment",
        "413": f"Body over {MAX_BODY_BYTES} bytes",
        "415": f"Content-Type is not {media}, or names a charset other than UTF-8",
        "422": invalid,
    }
    body = {"required": True, "description": f"At most {MAX_BODY_BYTES} bytes.", "content": content}
    return {
        "post": _operation(
            operation_id, "assessments", summary, ok, parameters=[_slug()], requestBody=body, errors=errors
        )
    }


def _fhir_questionnaire() -> dict[str, Any]:
    return {
        "type": "object",
        "description": "A FHIR R4 Questionnaire resource (https://hl7.org/fhir/R4/questionnaire.html)",
        "required": ["resourceType", "url", "version", "status", "item"],
        "properties": {"resourceType": {"const": "Questionnaire"}},
    }


def _localized(path: dict[str, Any], locales: tuple[str, ...]) -> None:
    """A path whose answer is in a locale: 200 says which in Content-Language, and 422 shows the problem for
    a locale the library does not offer."""
    from chalicelib.web.responses import problem_response
    from chalicelib.web.views import unsupported_locale

    example = json.loads(problem_response(unsupported_locale(locales)).body)
    for operation in path.values():
        responses = operation["responses"]
        responses["200"]["headers"] = {**responses["200"].get("headers", {}), **_content_language()}
        responses["422"] = {
            "description": responses["422"]["description"] + "; or a locale the library does not offer (the "
            "problem names the ones it does)",
            "content": {"application/problem+json": {**_problem()["application/problem+json"], "example": example}},
        }


def document(locales: tuple[str, ...]) -> dict[str, Any]:
    """The OpenAPI document as data, for a library that offers `locales` (English first)."""
    _, schemas = models_json_schema(
        [
            (Health, "serialization"),
            (LibraryView, "serialization"),
            (AssessmentList, "serialization"),
            (AssessmentView, "serialization"),
            (ResponseRequest, "validation"),
            (QuestionnaireResponse, "validation"),
            (Summary, "serialization"),
            (ProblemDetail, "serialization"),
        ],
        ref_template=_REF,
    )
    bad_query = {"422": "A query parameter is malformed or not taken here"}
    locale = _locale_parameter(locales)
    request_locale = schemas["$defs"]["ResponseRequest"]["properties"]["locale"]
    request_locale["anyOf"][0] = {"type": "string", "enum": list(locales)}
    request_locale["description"] = f"Language of the summary, English when left out. {_OFFERED}"
    spec = {
        "openapi": "3.1.0",
        "info": {
            "title": "Assessment Library API",
            "version": "1",
            "description": (
                "Short, private questionnaires for parents. Nothing is stored: answers travel in the POST "
                "body and the summary comes straight back. Errors are RFC 9457 problem details."
            ),
        },
        "tags": _tags(),
        "paths": {
            "/healthz": _get(
                "getHealth", "service", "Liveness and the content version being served", _json("Health"), [], {}
            ),
            "/v1/library": _get(
                "getLibrary",
                "library",
                "Categories, topic groups and assessment cards",
                _json("LibraryView"),
                [locale],
                bad_query,
            ),
            "/v1/assessments": _get(
                "listAssessments",
                "assessments",
                "Assessment cards, optionally filtered or searched",
                _json("AssessmentList"),
                [
                    {"name": "category", "in": "query", "required": False, "schema": {"type": "string"}},
                    {"name": "topic", "in": "query", "required": False, "schema": {"type": "string"}},
                    {
                        "name": "q",
                        "in": "query",
                        "required": False,
                        "schema": {
                            "type": "string",
                            "minLength": 1,
                            "maxLength": MAX_QUERY_LENGTH,
                            "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]+$",  # no control characters
                        },
                        "example": "second opinion",
                        "description": "Words to search for in the chosen language: the cards whose title, "
                        "description, topic or category name hold every word (or part of one), ignoring case "
                        "and accents, those with more of them in the title first; none when it holds no letter or "
                        "digit. Combines with `category` and `topic`. Empty, over "
                        f"{MAX_QUERY_LENGTH} characters or with a control character: 422 naming `q`",
                    },
                    locale,
                ],
                {"404": "No category or topic with that name", **bad_query},
            ),
            "/v1/assessments/{slug}": _get(
                "getAssessment",
                "assessments",
                "The whole questionnaire",
                _json("AssessmentView"),
                [_slug(), locale],
                {"404": "No such assessment", **bad_query},
            ),
            "/v1/assessments/{slug}/responses": _post_summary(
                "createResponse",
                "Answers in, personalized summary out (never stored, never cached)",
                _json("ResponseRequest", ResponseRequest.model_config["json_schema_extra"]["examples"][0]),
                "Unknown question or option, missing required answer, several options for a single-choice "
                "question, or an answer to a hidden question. Errors name a question only when the assessment asks "
                "it: answers under other keys are counted in `answers`",
            ),
            "/v1/assessments/{slug}/fhir": _get(
                "getAssessmentFhir",
                "assessments",
                "The questionnaire as a FHIR R4 Questionnaire with SDC branching (docs/fhir.md)",
                {"application/fhir+json": {"schema": _fhir_questionnaire()}},
                [_slug(), locale],
                {"404": "No such assessment", **bad_query},
            ),
            "/v1/assessments/{slug}/fhir/responses": _post_summary(
                "createFhirResponse",
                "A FHIR R4 QuestionnaireResponse to the assessment's Questionnaire in, personalized summary out",
                {fhir.MEDIA_TYPE: {"schema": {"$ref": _REF.format(model="QuestionnaireResponse")}}},
                "A response to another Questionnaire, a coding not among the item's, a missing required answer, "
                "several answers to a single-choice item, or an answer to a disabled item. Errors name the item as "
                "FHIRPath, `item.where(linkId='age')`; items with a linkId the Questionnaire lacks are counted",
            ),
            "/v1/openapi.json": _get(
                "getOpenApi",
                "service",
                "This document (OpenAPI 3.1)",
                {"application/json": {"schema": {"type": "object"}}},
                [],
                {},
            ),
        },
        "components": {"schemas": schemas["$defs"]},
    }
    for path in spec["paths"]:
        if path.startswith("/v1/assessments") or path == "/v1/library":
            _localized(spec["paths"][path], locales)
    return spec


@lru_cache(maxsize=4)
def openapi_json(locales: tuple[str, ...]) -> str:
    return json.dumps(document(locales), separators=(",", ":"))
