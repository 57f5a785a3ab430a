"""Issue 26 item 2: bodies nested thousands of levels deep are refused calmly, never a 500 and never a crash log.

JSON's parser recurses once per level of arrays and objects; a few thousand levels exhausted Python's stack and
answered 500. Every route that takes a body is fuzzed here with bodies of `[` and `{` nested up to 100,000 deep,
closed and left open: the JSON API answers 400 problem+json saying the body is too deeply nested; the no-JS form
routes, whose bodies are forms (which do not nest), answer their HTML error page (400 not a form, 413 too large,
415 not sent as a form).
"""

from __future__ import annotations

import json
import logging

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from chalicelib.web.models.requests import MAX_BODY_BYTES, MAX_JSON_DEPTH
from tests.conftest import SEED

JSON_TYPE = {"Content-Type": "application/json"}
FORM_TYPE = {"Content-Type": "application/x-www-form-urlencoded"}
FHIR_TYPE = {"Content-Type": "application/fhir+json"}
BODY_ROUTES = {
    "/v1/assessments/{slug}/responses": (f"/v1/assessments/{SEED}/responses", "json"),
    "/v1/assessments/{slug}/fhir/responses": (f"/v1/assessments/{SEED}/fhir/responses", "fhir"),
    "/assessments/{slug}/questionnaire": (f"/assessments/{SEED}/questionnaire", "form"),
    "/{locale}/assessments/{slug}/questionnaire": (f"/es/assessments/{SEED}/questionnaire", "form"),
}
"""Every route that takes a body: a new one fails `test_every_route_that_takes_a_body_is_fuzzed` until listed."""
LEVELS = {"[": "]", '{"a":': "}", '{"answers":': "}", "[1,": "]", '{"x":"[{","y":': "}", " [ ": " ] "}
"""One level of nesting each, and what closes it (the string in one holds brackets, which are text)."""
DEEP = [1_000, 3_000, 100_000]


def body_nested(depth: int, levels: list[str], closed: bool) -> str:
    """`depth` levels, cycling through `levels`; with a value at the bottom and every level closed, or left open."""
    opening = [levels[i % len(levels)] for i in range(depth)]
    if not closed:
        return "".join(opening)
    return "".join(opening) + "null" + "".join(LEVELS[level] for level in reversed(opening))


nested_bodies = st.builds(
    body_nested,
    depth=st.one_of(st.sampled_from(DEEP), st.integers(MAX_JSON_DEPTH + 1, 100_000)),
    levels=st.lists(st.sampled_from(sorted(LEVELS)), min_size=1, max_size=4),
    closed=st.booleans(),
)


def test_every_route_that_takes_a_body_is_fuzzed():
    from app import app

    taking = {path for path, methods in app.routes.items() if {"POST", "PUT", "PATCH", "DELETE"} & set(methods)}
    assert taking == set(BODY_ROUTES)


@pytest.fixture
def no_crash_logged(capsys, caplog):
    """After the test: no error logged (the unhandled-exception line is one) and no request logged as a 5xx."""
    caplog.set_level(logging.WARNING)
    yield
    out = capsys.readouterr()
    assert "unhandled" not in out.out + out.err and "Traceback" not in out.out + out.err
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    statuses = [json.loads(line)["status"] for line in out.out.splitlines() if '"event":"request"' in line]
    assert statuses and max(statuses) < 500


def too_deep(response) -> None:
    assert response.status_code == 400, response.body[:300]
    assert response.headers["Content-Type"] == "application/problem+json"
    problem = json.loads(response.body)
    assert problem["title"] == "Body too deeply nested"
    assert problem["type"].endswith("/body-too-deeply-nested")
    assert f"more than {MAX_JSON_DEPTH} levels deep" in problem["detail"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@pytest.mark.parametrize("route", [r for r, (_, kind) in BODY_ROUTES.items() if kind in ("json", "fhir")])
@given(body=nested_bodies)
@example(body=body_nested(1_000, ["["], closed=True))
@example(body=body_nested(1_000, ["["], closed=False))
@example(body=body_nested(3_000, ['{"a":'], closed=True))
@example(body=body_nested(3_000, ['{"a":'], closed=False))
@example(body=body_nested(100_000, ["["], closed=True))
@example(body=body_nested(100_000, ['{"a":'], closed=False))
def test_the_api_refuses_a_deeply_nested_body_with_a_400_problem(client, no_crash_logged, route, body):
    path, kind = BODY_ROUTES[route]
    too_deep(client.http.post(path, body=body, headers=JSON_TYPE if kind == "json" else FHIR_TYPE))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=nested_bodies, route=st.sampled_from([r for r, (_, kind) in BODY_ROUTES.items() if kind == "form"]))
@example(body=body_nested(1_000, ["["], closed=False), route="/assessments/{slug}/questionnaire")
@example(body=body_nested(100_000, ['{"a":'], closed=True), route="/{locale}/assessments/{slug}/questionnaire")
def test_the_form_routes_answer_a_nested_body_with_their_error_page(client, no_crash_logged, body, route):
    path, _ = BODY_ROUTES[route]
    as_form = client.http.post(path, body=body, headers=FORM_TYPE)
    expected = 413 if len(body.encode()) > MAX_BODY_BYTES else 400
    assert as_form.status_code == expected
    as_json = client.http.post(path, body=body, headers=JSON_TYPE)
    assert as_json.status_code == 415
    for response in (as_form, as_json):
        assert response.headers["Content-Type"] == "text/html; charset=utf-8"
        assert "[[[" not in response.body.decode() and '{"a"' not in response.body.decode()


@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_the_deepest_nesting_allowed_is_parsed_and_one_level_more_is_refused(client, opener):
    path, _ = BODY_ROUTES["/v1/assessments/{slug}/responses"]
    deepest = client.http.post(path, body=body_nested(MAX_JSON_DEPTH, [opener], closed=True), headers=JSON_TYPE)
    assert deepest.status_code == 422  # parsed, then refused for its shape
    too_deep(client.http.post(path, body=body_nested(MAX_JSON_DEPTH + 1, [opener], closed=True), headers=JSON_TYPE))


def test_brackets_inside_strings_are_text_not_nesting(client):
    path, _ = BODY_ROUTES["/v1/assessments/{slug}/responses"]
    text = '[{"\\"[' * 10  # brackets, and an escaped quote that does not end the string
    body = json.dumps({"answers": {f"q{i}": text for i in range(30)}})
    assert body.count("[") + body.count("{") > MAX_JSON_DEPTH
    answer = client.http.post(path, body=body, headers=JSON_TYPE)
    assert answer.status_code == 422  # parsed, then its answers checked
    assert json.loads(answer.body)["title"] == "Invalid answers"


def test_a_body_too_large_but_shallow_is_still_413(client):
    path, _ = BODY_ROUTES["/v1/assessments/{slug}/responses"]
    body = json.dumps({"answers": {"a": "x" * MAX_BODY_BYTES}})
    assert client.http.post(path, body=body, headers=JSON_TYPE).status_code == 413
