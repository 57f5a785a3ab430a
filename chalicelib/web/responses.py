"""HTTP in and out for the blueprints: JSON bodies with ETags, problem+json errors, request parsing."""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import math
import re
from array import array
from collections.abc import Callable, Collection, Iterable
from itertools import accumulate
from types import MappingProxyType
from typing import Any

import orjson
from chalice import Response
from pydantic import BaseModel, ValidationError

from chalicelib.core.problems import FieldProblem, Problem, invalid_request
from chalicelib.web import caching
from chalicelib.web.models.requests import MAX_BODY_BYTES, MAX_JSON_DEPTH

log = logging.getLogger(__name__)

SECURITY_HEADERS = MappingProxyType({"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"})
"""On every response (the `edges` middleware adds any a route left out). Read-only: responses copy it."""
GET_CACHE = caching.CONTENT


def header(request: Any, name: str) -> str | None:
    """A request header by its name (any case), or None."""
    return request.headers.get(name)


def media_type(request: Any) -> str:
    """The request's Content-Type without parameters, lower-cased ('' when absent)."""
    return (header(request, "content-type") or "").split(";")[0].strip().lower()


def entity_tag(body: str | bytes) -> str:
    raw = body.encode("utf-8") if isinstance(body, str) else body
    return '"' + hashlib.sha256(raw).hexdigest()[:32] + '"'


def etagged(
    request: Any, body: str | bytes, content_type: str, headers: dict[str, str] | None = None, tag: str | None = None
) -> Response:
    """A cacheable GET answer with a strong ETag (pass `tag` if known); 304 when the client already has it."""
    tag = tag or entity_tag(body)
    common = {**SECURITY_HEADERS, "ETag": tag, "Cache-Control": GET_CACHE, **(headers or {})}
    match = header(request, "if-none-match")
    if match is not None and (
        match.strip() == "*" or tag in [part.strip().removeprefix("W/") for part in match.split(",")]
    ):
        return Response(body="", status_code=304, headers=common)
    common["Content-Type"] = content_type
    return Response(body=body, status_code=200, headers=common)


def json_get(request: Any, model: BaseModel, headers: dict[str, str] | None = None) -> Response:
    return etagged(request, model.model_dump_json(by_alias=True), "application/json", headers)


def json_body_and_tag(model: BaseModel) -> tuple[str, str]:
    """A model's JSON and its ETag, to compute once and serve many times."""
    body = model.model_dump_json(by_alias=True)
    return body, entity_tag(body)


def json_no_store(data: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """Plain data as JSON that must never be cached anywhere (it is about one parent's answers).

    orjson writes a 5 KB summary in ~3 us, where json.dumps takes ~45 us."""
    return Response(
        body=orjson.dumps(data).decode("utf-8"),
        status_code=status,
        headers={
            **SECURITY_HEADERS,
            "Content-Type": "application/json",
            "Cache-Control": caching.NEVER,
            **(headers or {}),
        },
    )


def problem_response(problem: Problem) -> Response:
    body = {
        "type": problem.type,
        "title": problem.title,
        "status": problem.status,
        "detail": problem.detail,
        "errors": [{"field": e.field, "detail": e.detail} for e in problem.errors],
    }
    return Response(
        body=json.dumps(body),
        status_code=problem.status,
        headers={
            **SECURITY_HEADERS,
            "Content-Type": "application/problem+json",
            "Cache-Control": caching.NEVER,
            **dict(problem.headers),
        },
    )


INTERNAL_ERROR = Problem(500, "Internal error", "Something went wrong on our side. Please try again.")


def handles_problems(to_response: Callable[[Problem], Response]) -> Callable[[Callable[..., Response]], Callable]:
    """A decorator mapping Problems (and anything unforeseen) through `to_response`: never a traceback."""

    def decorate(view: Callable[..., Response]) -> Callable[..., Response]:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Response:
            try:
                return view(*args, **kwargs)
            except Problem as problem:
                return to_response(problem)
            except Exception as error:  # a bug: say so calmly, log the type only (never request data)
                log.error("unhandled %s in %s", type(error).__name__, view.__name__)
                return to_response(INTERNAL_ERROR)

        return wrapped

    return decorate


answers_problems = handles_problems(problem_response)
"""For JSON routes: every failure is application/problem+json."""


def parse_json_body(
    request: Any,
    model: type[BaseModel],
    known_answers: Collection[str] = (),
    accepted: tuple[str, ...] = ("application/json",),
) -> Any:
    """The request body as `model`, or a Problem: 415 a media type not `accepted` or a charset not UTF-8, 400
    nested too deep, 413 too big, 400 bad JSON, 422 wrong shape. A malformed answer under a key that is not one of
    `known_answers` is counted, never named."""
    if media_type(request) not in accepted:
        raise Problem(
            415, "Unsupported media type", f"Send the body as JSON with Content-Type: {' or '.join(accepted)}."
        )
    if _charset(request) not in (None, "utf-8", "utf8"):
        raise Problem(415, "Unsupported media type", "Send the body as JSON encoded in UTF-8 (charset=utf-8).")
    raw = request.raw_body or b""
    # Judged on the bytes a body may have (and one more): a body both too deep and too large is told it is too deep.
    if _nested_too_deep(raw[: MAX_BODY_BYTES + 1]):
        raise Problem(
            400, "Body too deeply nested", f"The body nests arrays and objects more than {MAX_JSON_DEPTH} levels deep."
        )
    if len(raw) > MAX_BODY_BYTES:
        raise Problem(413, "Body too large", f"The body may be at most {MAX_BODY_BYTES} bytes.")
    data = _parsed(raw)
    try:
        return model.model_validate(data)
    except ValidationError as error:
        errors = error.errors(include_input=False)
        foreign = [e for e in errors if _under_a_foreign_answer(e["loc"], known_answers)]
        problems = [_field_problem(e) for e in errors if e not in foreign]
        if foreign:  # keys the client chose: counted, like answers to questions the assessment does not ask
            count = len({e["loc"][1] for e in foreign})
            problems.insert(
                0, FieldProblem("answers", f"{count} answer(s) name a question this assessment does not ask")
            )
        raise invalid_request(_one_per_field(problems)) from None


def _charset(request: Any) -> str | None:
    """The charset parameter of the request's Content-Type, lower-cased, or None."""
    for parameter in (header(request, "content-type") or "").split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


# A JSON string, to its closing quote (or to the end when it has none): what it holds is text, brackets included.
_STRING = re.compile(rb'"[^"\\]*+(?:\\.[^"\\]*+)*+"?', re.DOTALL)
_NOT_A_BRACKET = bytes(sorted(set(range(256)) - set(b"[]{}")))
_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")  # as signed bytes: +1 opens a level, -1 closes one


def _nested_too_deep(raw: bytes) -> bool:
    """Whether JSON text opens more than MAX_JSON_DEPTH arrays and objects inside one another. Checked before
    parsing: the parser recurses once per level, and a few thousand levels exhaust Python's stack."""
    if raw.count(b"[") + raw.count(b"{") <= MAX_JSON_DEPTH:
        return False  # it cannot nest deeper than it has openings: every ordinary body stops here
    steps = array("b", _STRING.sub(b"", raw).translate(_STEPS, _NOT_A_BRACKET))
    return max(accumulate(steps), default=0) > MAX_JSON_DEPTH


def _under_a_foreign_answer(location: tuple, known: Collection[str]) -> bool:
    return len(location) > 1 and location[0] == "answers" and "[key]" not in location and location[1] not in known


def _parsed(raw: bytes) -> Any:
    """The body parsed once, or 400 naming where it fails: bytes that are not UTF-8, text that is not JSON, and
    JSON that parsers read differently (RFC 8259 sections 4, 6, 8.1): a key repeated in one object, NaN or
    Infinity, a number beyond a double."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as fault:
        line = raw.count(b"\n", 0, fault.start) + 1
        column = fault.start - (raw.rfind(b"\n", 0, fault.start) + 1) + 1
        raise Problem(
            400, "Malformed JSON", f"The body is not valid JSON (line {line}, column {column}): it is not UTF-8 text."
        ) from None
    try:
        return json.loads(text, object_pairs_hook=_no_repeated_keys, parse_constant=_not_json, parse_float=_finite)
    except _NotInteroperable as fault:
        raise Problem(400, "Malformed JSON", f"The body is not valid JSON: {fault}.") from None
    except json.JSONDecodeError as fault:
        raise Problem(
            400, "Malformed JSON", f"The body is not valid JSON (line {fault.lineno}, column {fault.colno})."
        ) from None


class _NotInteroperable(Exception):
    pass


def _no_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        raise _NotInteroperable("an object repeats a key")
    return found


def _not_json(name: str) -> float:
    raise _NotInteroperable(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    number = float(text)
    if math.isinf(number):
        raise _NotInteroperable("a number is too large")
    return number


def check_query(request: Any, allowed: set[str]) -> dict[str, str]:
    """The query parameters, refusing any this route does not take (without repeating their names)."""
    if not request.query_params:
        return {}
    params = dict(request.query_params)
    unknown = [name for name in params if name not in allowed]
    if unknown:
        taken = f"allowed: {', '.join(sorted(allowed))}" if allowed else "this address takes no query parameters"
        raise invalid_request((FieldProblem("query", f"{len(unknown)} parameter(s) not taken here; {taken}"),))
    return params


_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,59}$")
_IN_OUR_WORDS = MappingProxyType(
    {
        "missing": "is required",
        "model_type": "expected an object",
        "model_attributes_type": "expected an object",
        "dict_type": "expected an object",
        "string_type": "expected a string",
        "string_pattern_mismatch": "is not in the documented format",
    }
)


def _field_problem(error: dict[str, Any]) -> FieldProblem:
    # Keep plain names and positions; anything else a client sent as a key shows as '*'. '[key]' marks an
    # error in a key rather than its value: the key is named as '*'.
    location = [
        str(part) if isinstance(part, int) or _NAME.match(part) else "*" for part in error["loc"] if part != "[key]"
    ]
    kind = error["type"]
    if kind == "extra_forbidden":
        parent = ".".join(location[:-1]) or "body"
        return FieldProblem(parent, "has a field that is not part of this API")
    if kind == "too_long":
        detail = f"has too many entries (at most {error['ctx']['max_length']})"
    elif kind == "string_too_long":
        detail = f"is longer than {error['ctx']['max_length']} characters"
    else:
        detail = _IN_OUR_WORDS.get(kind, error["msg"])
    return FieldProblem(".".join(location) or "body", detail)


def _one_per_field(problems: Iterable[FieldProblem]) -> tuple[FieldProblem, ...]:
    """The first problem of each field: a client fixes a field once, whatever else it broke there."""
    seen: dict[str, FieldProblem] = {}
    for found in problems:
        seen.setdefault(found.field, found)
    return tuple(seen.values())
