"""Issue 14 item 5: errors echo nothing a client chose, and the JSON the API takes is unambiguous UTF-8 JSON.

Decisions (the README's status table and the OpenAPI document's 400, 415 and 422 descriptions):
- a malformed answer to a question the assessment does not ask is counted under `answers`, never named;
- NaN, Infinity, -Infinity and numbers beyond a double (1e999999) are not interoperable JSON: 400;
- a key repeated in one object is ambiguous (parsers disagree on which wins): 400;
- a charset other than UTF-8 (RFC 8259 says JSON between systems is UTF-8): 415 naming UTF-8.
"""

from __future__ import annotations

import json

import pytest

from tests.http.test_api import RESPONSES, VALID


def post(client, body: bytes, content_type: str = "application/json"):
    response = client.http.post(RESPONSES, body=body, headers={"Content-Type": content_type})
    return response.status_code, json.loads(response.body)


@pytest.mark.parametrize(
    "answers",
    [
        {"anykey": {"x": ["y"]}},
        {"anykey": 5},
        {"anykey": ["a", 5]},
        {"anykey": "x" * 61},
    ],
)
def test_a_malformed_answer_under_a_client_chosen_key_is_counted_not_named(client, answers):
    status, problem = post(client, json.dumps({"answers": {**VALID["answers"], **answers}}).encode())
    assert status == 422
    assert "anykey" not in json.dumps(problem)
    assert {e["field"] for e in problem["errors"]} == {"answers"}
    assert problem["errors"][0]["detail"].startswith("1 answer(s)")


def test_a_malformed_answer_to_a_real_question_is_still_named(client):
    status, problem = post(client, json.dumps({"answers": {**VALID["answers"], "reason": 5}}).encode())
    assert status == 422 and [e["field"] for e in problem["errors"]] == ["answers.reason"]


@pytest.mark.parametrize(
    "body",
    [
        b'{"answers": NaN}',
        b'{"answers": {"reason": Infinity}}',
        b'{"answers": {"reason": -Infinity}}',
        b'{"answers": {"reason": 1e999999}}',
        b'{"answers": {}, "answers": {"reason": "unclear-diagnosis"}}',
        b'{"answers": {"reason": "a", "reason": "b"}}',
    ],
    ids=["nan", "infinity", "minus-infinity", "overflow", "repeated-key", "repeated-answer"],
)
def test_json_that_is_not_interoperable_is_400(client, body):
    status, problem = post(client, body)
    assert status == 400
    assert problem["title"] == "Malformed JSON" and problem["status"] == 400


@pytest.mark.parametrize("charset", ["utf-16", "latin-1", "UTF-32"])
def test_a_charset_other_than_utf8_is_415_naming_utf8(client, charset):
    text = json.dumps(VALID)
    status, problem = post(client, text.encode(charset.lower()), f"application/json; charset={charset}")
    assert status == 415
    assert "UTF-8" in problem["detail"]


@pytest.mark.parametrize("content_type", ["application/json; charset=utf-8", "application/json; charset=UTF-8"])
def test_utf8_named_any_way_is_fine(client, content_type):
    status, _ = post(client, json.dumps(VALID).encode(), content_type)
    assert status == 200


def test_a_body_that_is_not_utf8_is_400(client):
    status, problem = post(client, json.dumps(VALID).encode("utf-16"))
    assert status == 400
