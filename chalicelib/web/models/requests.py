"""What the JSON API takes on the POST path: the request body.

The summary it gives is plain data built by the engine; its documented shape is in `summary.py`. The GET
routes' views of content (`views.py`) and the problem details (`problems.py`) are imported only when first
needed, off the cold start."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.core.fields import Locale

MAX_BODY_BYTES = 16 * 1024
"""Largest POST body accepted; anything bigger gets 413."""


class ApiModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


AnswerInput = (
    Annotated[str, Field(max_length=60)] | Annotated[list[Annotated[str, Field(max_length=60)]], Field(max_length=12)]
)


class ResponseRequest(ApiModel):
    """The body of POST /v1/assessments/{slug}/responses."""

    answers: Annotated[
        dict[Annotated[str, Field(max_length=60)], AnswerInput],
        Field(max_length=40, description="Question id -> option id (single choice) or list of option ids (multi)"),
    ]
    locale: Locale | None = None

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "answers": {
                        "reason": "unclear-diagnosis",
                        "red-flags": ["none"],
                        "right-now": "not-worse",
                        "treatment": "time-to-plan",
                        "comfort": "worried-offending",
                        "needs": ["records", "referral"],
                        "age": "teen",
                        "ready": "need-facts",
                    }
                }
            ]
        }
    )
