"""The problem details every error answers with (RFC 9457), as the OpenAPI document describes them.

`responses.problem_response` writes them as plain JSON; these models only document the shape."""

from __future__ import annotations

from pydantic import Field

from chalicelib.web.models.requests import ApiModel


class FieldError(ApiModel):
    field: str
    detail: str


class ProblemDetail(ApiModel):
    """RFC 9457 problem details, with `errors` naming each field at fault."""

    type: str
    title: str
    status: int
    detail: str
    errors: tuple[FieldError, ...] = Field(description="Each field at fault, once; empty when no one field is")
