"""What the JSON API takes on the POST path: the request body.

The summary it gives is plain data built by the engine; its documented shape is in `summary.py`. The GET
routes' views of content (`views.py`) and the problem details (`problems.py`) are imported only when first
needed, off the cold start."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import ConfigDict, Field, PlainValidator
from pydantic_core import PydanticCustomError

from chalicelib.core.summary import ApiModel

MAX_BODY_BYTES = 16 * 1024
"""Largest POST body accepted; anything bigger gets 413."""
MAX_JSON_DEPTH = 32
"""Deepest nesting of arrays and objects a JSON body may have (a valid one has 3); deeper gets 400 before it is
parsed, as the parser would recurse once per level."""
MAX_ID_LENGTH = 60
MAX_OPTIONS = 12
MAX_LOCALE_LENGTH = 35
MAX_QUERY_LENGTH = 100
"""Longest search (`?q=`) taken, in characters: a few words, with room to spare."""


_ANSWER = (
    f"expected an option id (a string of at most {MAX_ID_LENGTH} characters) "
    f"or a list of at most {MAX_OPTIONS} option ids"
)


def _answer(value: Any) -> str | list[str]:
    """One answer, checked in one step so a wrong one gets one error in our words (never one per union member)."""
    if isinstance(value, str) and len(value) <= MAX_ID_LENGTH:
        return value
    if (
        isinstance(value, list)
        and len(value) <= MAX_OPTIONS
        and all(isinstance(item, str) and len(item) <= MAX_ID_LENGTH for item in value)
    ):
        return value
    raise PydanticCustomError("answer", _ANSWER)


# Documented as plain strings (no per-item constraints, which turn a list of strings into wrapper classes in
# generated clients); the lengths are enforced by `_answer`.
AnswerInput = Annotated[
    str | list[str],
    PlainValidator(_answer, json_schema_input_type=str | Annotated[list[str], Field(max_length=MAX_OPTIONS)]),
]


class ResponseRequest(ApiModel):
    """The body of POST /v1/assessments/{slug}/responses."""

    answers: Annotated[
        dict[Annotated[str, Field(max_length=MAX_ID_LENGTH)], AnswerInput],
        Field(
            max_length=40,
            description=f"Question id -> option id (single choice) or list of option ids (multi); ids are at most "
            f"{MAX_ID_LENGTH} characters",
        ),
    ]
    # Its form is checked with the query's `?locale=` (`views.locale_for`), so both get the same words, which
    # name the locales offered (the model cannot know them: they are the content's).
    locale: Annotated[str, Field(max_length=MAX_LOCALE_LENGTH)] | None = None

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
