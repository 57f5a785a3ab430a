"""The OpenAPI 3.1 document, generated from the API models."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from pydantic.json_schema import models_json_schema

from chalicelib.core.summary import Summary
from chalicelib.web.models.problems import ProblemDetail
from chalicelib.web.models.requests import MAX_BODY_BYTES, ResponseRequest
from chalicelib.web.models.views import AssessmentList, AssessmentView, Health, LibraryView

_REF = "#/components/schemas/{model}"
_PROBLEM = {"application/problem+json": {"schema": {"$ref": _REF.format(model="ProblemDetail")}}}
_LOCALE = {
    "name": "locale",
    "in": "query",
    "required": False,
    "schema": {"type": "string", "pattern": "^[a-z]{2}(-[A-Z]{2})?$", "examples": ["en"]},
    "description": "Language of the texts; falls back to English where there is no translation.",
}
_SLUG = {
    "name": "slug",
    "in": "path",
    "required": True,
    "schema": {"type": "string"},
    "example": "how-to-ask-for-a-second-opinion",
}
_EXAMPLE_SUMMARY = {
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
    "last_reviewed": "2026-11-25",
}


def _json(model: str, example: Any = None) -> dict[str, Any]:
    media: dict[str, Any] = {"schema": {"$ref": _REF.format(model=model)}}
    if example is not None:
        media["example"] = example
    return {"application/json": media}


def _get(summary: str, model: str, parameters: list[dict[str, Any]], errors: dict[str, str]) -> dict[str, Any]:
    responses: dict[str, Any] = {
        "200": {"description": "OK (with an ETag)", "content": _json(model)},
        "304": {"description": "Not modified (If-None-Match matched the ETag)"},
    }
    responses.update({code: {"description": text, "content": _PROBLEM} for code, text in errors.items()})
    return {"get": {"summary": summary, "parameters": parameters, "responses": responses}}


def document() -> dict[str, Any]:
    """The OpenAPI document as data."""
    _, schemas = models_json_schema(
        [
            (Health, "serialization"),
            (LibraryView, "serialization"),
            (AssessmentList, "serialization"),
            (AssessmentView, "serialization"),
            (ResponseRequest, "validation"),
            (Summary, "serialization"),
            (ProblemDetail, "serialization"),
        ],
        ref_template=_REF,
    )
    bad_query = {"422": "A query parameter is malformed or not taken here"}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Assessment Library API",
            "version": "1",
            "description": (
                "Short, private questionnaires for parents. Nothing is stored: answers travel in the POST "
                "body and the summary comes straight back. Errors are RFC 9457 problem details."
            ),
        },
        "paths": {
            "/healthz": _get("Liveness and the content version being served", "Health", [], {}),
            "/v1/library": _get("Categories, topic groups and assessment cards", "LibraryView", [_LOCALE], bad_query),
            "/v1/assessments": _get(
                "Assessment cards, optionally filtered",
                "AssessmentList",
                [
                    {"name": "category", "in": "query", "required": False, "schema": {"type": "string"}},
                    {"name": "topic", "in": "query", "required": False, "schema": {"type": "string"}},
                    _LOCALE,
                ],
                {"404": "No category or topic with that name", **bad_query},
            ),
            "/v1/assessments/{slug}": _get(
                "The whole questionnaire",
                "AssessmentView",
                [_SLUG, _LOCALE],
                {"404": "No such assessment", **bad_query},
            ),
            "/v1/assessments/{slug}/responses": {
                "post": {
                    "summary": "Answers in, personalized summary out (never stored, never cached)",
                    "parameters": [_SLUG],
                    "requestBody": {
                        "required": True,
                        "description": f"At most {MAX_BODY_BYTES} bytes.",
                        "content": _json(
                            "ResponseRequest", ResponseRequest.model_config["json_schema_extra"]["examples"][0]
                        ),
                    },
                    "responses": {
                        "200": {
                            "description": "The summary (Cache-Control: no-store)",
                            "content": _json("Summary", _EXAMPLE_SUMMARY),
                        },
                        "400": {"description": "Malformed JSON", "content": _PROBLEM},
                        "404": {"description": "No such assessment", "content": _PROBLEM},
                        "413": {"description": f"Body over {MAX_BODY_BYTES} bytes", "content": _PROBLEM},
                        "415": {"description": "Content-Type is not application/json", "content": _PROBLEM},
                        "422": {
                            "description": "Unknown question or option, missing required answer, several options for "
                            "a single-choice question, or an answer to a hidden question",
                            "content": _PROBLEM,
                        },
                    },
                }
            },
            "/v1/openapi.json": {
                "get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3.1"}}}
            },
        },
        "components": {"schemas": schemas["$defs"]},
    }


@lru_cache(maxsize=1)
def openapi_json() -> str:
    return json.dumps(document(), separators=(",", ":"))
