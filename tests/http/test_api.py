"""The JSON API through chalice.test.Client: every endpoint, and every bad input gets a clear problem."""

import json
from pathlib import Path

import pytest

from chalicelib.web.models.requests import MAX_BODY_BYTES
from chalicelib.web.models.views import Summary  # the API's summary: the core's, with the review note
from tests.conftest import SEED, post_json
from tests.unit.test_engine import CALM

RESPONSES = f"/v1/assessments/{SEED}/responses"
VALID = {"answers": {question: list(v) if isinstance(v, tuple) else v for question, v in CALM.items()}}
RED_FLAGS = ("breathing", "seizure", "hard-to-wake", "baby-fever", "stiff-neck", "rash", "dehydration")
RED_FLAGS += ("severe-pain", "bleeding", "poison", "self-harm")


def body(response):
    return json.loads(response.body)


def problem(response, status):
    assert response.status_code == status
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.headers["Cache-Control"] == "no-store"
    found = body(response)
    assert found["status"] == status and found["title"] and found["detail"] and found["type"].startswith("https://")
    return found


def test_healthz_names_the_content_version(client, bundle):
    response = client.http.get("/healthz")
    assert response.status_code == 200
    assert body(response) == {"status": "ok", "content_version": bundle.version}


def test_library_lists_categories_topics_and_cards(client):
    library = body(client.http.get("/v1/library"))
    category = library["categories"][0]
    assert category["slug"] == "hospital-procedures-and-medical-anxiety"
    topic = next(t for t in category["topics"] if t["slug"] == "second-opinion-questions")
    card = next(c for c in topic["assessments"] if c["slug"] == SEED)
    assert card["estimated_minutes"] == 2 and card["title"].startswith("How to ask for a second opinion")


def test_assessments_filter_by_category_and_topic(client):
    everything = body(client.http.get("/v1/assessments"))["assessments"]
    in_topic = body(client.http.get("/v1/assessments?topic=second-opinion-questions"))["assessments"]
    both = body(
        client.http.get(
            "/v1/assessments?category=hospital-procedures-and-medical-anxiety&topic=second-opinion-questions"
        )
    )["assessments"]
    assert SEED in [c["slug"] for c in in_topic]
    assert {c["topic"] for c in in_topic} == {"second-opinion-questions"}
    assert both == in_topic and len(everything) >= len(in_topic)


def test_an_unknown_category_or_topic_is_404(client):
    assert "category" in problem(client.http.get("/v1/assessments?category=nope"), 404)["detail"]
    assert "topic" in problem(client.http.get("/v1/assessments?topic=nope"), 404)["detail"]


def test_an_assessment_has_its_whole_questionnaire(client):
    found = body(client.http.get(f"/v1/assessments/{SEED}"))
    assert [q["id"] for q in found["questions"]][:2] == ["reason", "red-flags"]
    treatment = next(q for q in found["questions"] if q["id"] == "treatment")
    no_red_flag = {"not": {"any": [{"question": "red-flags", "includes": flag} for flag in RED_FLAGS]}}
    assert treatment["show_if"] == no_red_flag
    assert {s["id"] for s in found["static_sections"]} >= {"what-to-say", "when-it-helps", "its-okay-to-ask"}
    assert len(found["faq"]) >= 5 and found["sources"] and found["review_status"] == "not-clinically-reviewed"


def test_an_unknown_assessment_is_404(client):
    found = problem(client.http.get("/v1/assessments/no-such-thing"), 404)
    assert "no-such-thing" not in json.dumps(found)
    problem(post_json(client, "/v1/assessments/no-such-thing/responses", VALID), 404)


def test_gets_carry_an_etag_and_answer_if_none_match_with_304(client):
    first = client.http.get(f"/v1/assessments/{SEED}")
    tag = first.headers["ETag"]
    again = client.http.get(f"/v1/assessments/{SEED}", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.body == b""
    assert again.headers["ETag"] == tag
    other = client.http.get(f"/v1/assessments/{SEED}", headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200


def test_a_valid_response_returns_the_summary_and_is_never_cached(client, bundle):
    response = post_json(client, RESPONSES, VALID)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers
    summary = Summary.model_validate_json(response.body)
    assert summary.assessment == SEED and summary.content_version == bundle.version
    assert summary.urgency == "routine"


def test_an_emergency_answer_leads_with_get_care_now(client):
    summary = body(post_json(client, RESPONSES, {"answers": {"reason": "want-specialist", "red-flags": ["breathing"]}}))
    assert summary["urgency"] == "emergency"
    assert summary["sections"][0]["id"] == "get-care-now"


def test_charset_in_the_content_type_is_fine(client):
    response = client.http.post(
        RESPONSES, body=json.dumps(VALID), headers={"Content-Type": "application/json; charset=utf-8"}
    )
    assert response.status_code == 200


def test_malformed_json_is_400(client):
    found = problem(post_json(client, RESPONSES, '{"answers": {'), 400)
    assert "not valid JSON" in found["detail"]


@pytest.mark.parametrize(
    "raw, where",
    [
        ('{"answers":\n  {"reason": }}', " (line 2, column "),
        (b"\xff\xfe{}", " (line 1, column "),  # not UTF-8
        ('{"answers": {}} and more', " (line 1, column "),
        ("", " (line 1, column "),
    ],
)
def test_malformed_json_says_where_it_breaks_without_repeating_it(client, raw, where):
    found = problem(post_json(client, RESPONSES, raw), 400)
    assert found["detail"].startswith("The body is not valid JSON" + where)
    assert "reason" not in found["detail"] and "more" not in found["detail"]


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", ""])
def test_a_body_that_is_not_json_is_415(client, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    found = problem(client.http.post(RESPONSES, body=json.dumps(VALID), headers=headers), 415)
    assert "application/json" in found["detail"]


def test_a_body_over_the_limit_is_413(client):
    padding = "x" * MAX_BODY_BYTES
    found = problem(post_json(client, RESPONSES, {"answers": {}, "pad": padding}), 413)
    assert str(MAX_BODY_BYTES) in found["detail"]
    assert padding[:50] not in json.dumps(found)


def errors_of(client, payload, status=422):
    found = problem(post_json(client, RESPONSES, payload), status)
    return {e["field"]: e["detail"] for e in found["errors"]}, json.dumps(found)


def test_an_unknown_question_is_422_without_echoing_it(client):
    errors, text = errors_of(client, {"answers": {**VALID["answers"], "secret-question-xyz": "a"}})
    assert errors == {"answers": "1 answer(s) name a question this assessment does not ask"}
    assert "secret-question-xyz" not in text


def test_an_unknown_option_is_422_without_echoing_it(client):
    errors, text = errors_of(client, {"answers": {**VALID["answers"], "reason": "my-private-words"}})
    assert errors == {"answers.reason": "is not one of this question's options"}
    assert "my-private-words" not in text


def test_an_unknown_option_in_a_multi_choice_is_422(client):
    errors, text = errors_of(client, {"answers": {**VALID["answers"], "needs": ["records", "my-private-words"]}})
    assert "answers.needs" in errors and "my-private-words" not in text


def test_a_missing_required_answer_is_422(client):
    answers = {k: v for k, v in VALID["answers"].items() if k != "comfort"}
    errors, _ = errors_of(client, {"answers": answers})
    assert errors == {"answers.comfort": "an answer is required"}


def test_several_options_for_a_single_choice_question_are_422(client):
    errors, _ = errors_of(client, {"answers": {**VALID["answers"], "reason": ["unclear-diagnosis", "want-specialist"]}})
    assert errors == {"answers.reason": "takes exactly one option id, as a string"}


def test_an_answer_to_a_hidden_question_is_422(client):
    errors, _ = errors_of(client, {"answers": {"reason": "want-specialist", "red-flags": ["breathing"], "age": "teen"}})
    assert errors == {"answers.age": "this question is hidden by the other answers, so leave it out"}


def test_an_exclusive_option_cannot_be_combined(client):
    errors, _ = errors_of(client, {"answers": {**VALID["answers"], "needs": ["none", "records"]}})
    assert errors == {"answers.needs": "combines an option that must be picked alone with others"}


def test_a_repeated_or_empty_multi_choice_is_422(client):
    repeated, _ = errors_of(client, {"answers": {**VALID["answers"], "needs": ["records", "records"]}})
    empty, _ = errors_of(client, {"answers": {**VALID["answers"], "needs": []}})
    assert repeated == {"answers.needs": "lists an option more than once"}
    assert empty == {"answers.needs": "needs at least one option"}


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "answers"),
        ({"answers": "reason=unclear"}, "answers"),
        ({"answers": {"reason": 7}}, "answers.reason"),
        ({"answers": {}, "locale": "english please"}, "locale"),
        ([1, 2], "body"),
    ],
    ids=["no-answers", "answers-not-an-object", "answer-not-a-string", "bad-locale", "not-an-object"],
)
def test_a_body_of_the_wrong_shape_is_422_naming_the_field(client, payload, field):
    errors, _ = errors_of(client, payload)
    assert field in errors


WRONG_TYPE = "expected an option id (a string of at most 60 characters) or a list of at most 12 option ids"


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ({"answers": {"reason": 5}}, {"answers.reason": WRONG_TYPE}),
        ({"answers": {"reason": None}}, {"answers.reason": WRONG_TYPE}),
        ({"answers": {"reason": {"is": "x"}}}, {"answers.reason": WRONG_TYPE}),
        ({"answers": {"needs": ["records", 5]}}, {"answers.needs": WRONG_TYPE}),
        ({"answers": {"needs": ["x" * 61]}}, {"answers.needs": WRONG_TYPE}),
        ({"answers": {"reason": "x" * 61}}, {"answers.reason": WRONG_TYPE}),
        ({"answers": {"needs": ["a"] * 13}}, {"answers.needs": WRONG_TYPE}),
        ({"answers": {f"q{i}": "a" for i in range(41)}}, {"answers": "has too many entries (at most 40)"}),
        ({"answers": {"q" * 61: "a"}}, {"answers.*": "is longer than 60 characters"}),
        ({}, {"answers": "is required"}),
        ({"answers": ["reason"]}, {"answers": "expected an object"}),
        ({"answers": {}, "locale": 5}, {"locale": "expected a string"}),
        ({"answers": {}, "locale": "english please"}, {"locale": "must look like 'en' or 'en-US'; we offer en, es"}),
        ({"answers": {}, "locale": "e" * 36}, {"locale": "is longer than 35 characters"}),
        ([1, 2], {"body": "expected an object"}),
    ],
    ids=[
        "number",
        "null",
        "object",
        "number-in-list",
        "long-id-in-list",
        "long-id",
        "too-many-options",
        "too-many-answers",
        "long-question-id",
        "no-answers",
        "answers-a-list",
        "locale-a-number",
        "locale-malformed",
        "locale-too-long",
        "not-an-object",
    ],
)
def test_a_wrong_value_gets_one_error_per_field_in_our_words(client, payload, expected):
    found = problem(post_json(client, RESPONSES, payload), 422)
    assert {e["field"]: e["detail"] for e in found["errors"]} == expected
    assert len(found["errors"]) == len(expected)  # one per field, never one per way the value could have been


def test_an_unknown_top_level_field_is_named_without_its_value(client):
    errors, text = errors_of(client, {**VALID, "tracking-id-abc": "value-xyz"})
    assert errors == {"body": "has a field that is not part of this API"}
    assert "value-xyz" not in text


def test_strange_keys_are_not_echoed(client):
    _, text = errors_of(client, {"answers": {"<script>alert(1)</script>": 5}})
    assert "<script>" not in text


def test_an_unknown_query_parameter_is_422_without_its_name(client):
    found = problem(client.http.get("/v1/library?utm_secret=1"), 422)
    assert "utm_secret" not in json.dumps(found)
    assert "locale" in found["errors"][0]["detail"]


def test_a_query_parameter_where_none_is_taken_is_422_saying_so(client):
    # Issue 26: the answers route takes no query; its message ended "allowed: " with nothing after it.
    found = problem(post_json(client, f"{RESPONSES}?locale=es", {**VALID, "locale": "xx_YY"}), 422)
    assert found["errors"] == [
        {"field": "query", "detail": "1 parameter(s) not taken here; this address takes no query parameters"}
    ]


def test_a_malformed_locale_is_422_and_an_unavailable_one_is_422_naming_the_offered_ones(client):
    # Until issue 16 an unavailable locale fell back to English silently; now the client learns what we offer.
    problem(client.http.get("/v1/library?locale=xx_YY"), 422)
    found = problem(client.http.get(f"/v1/assessments/{SEED}?locale=fr"), 422)
    assert found["errors"] == [{"field": "locale", "detail": "we offer en, es"}]


def test_every_response_says_nosniff(client):
    for response in (client.http.get("/healthz"), post_json(client, RESPONSES, "{")):
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_openapi_describes_every_public_route_with_examples(client):
    response = client.http.get("/v1/openapi.json")
    spec = body(response)
    assert spec["openapi"] == "3.1.0" and response.headers["ETag"]
    assert set(spec["paths"]) == {
        "/healthz",
        "/v1/library",
        "/v1/assessments",
        "/v1/assessments/{slug}",
        "/v1/assessments/{slug}/responses",
        "/v1/assessments/{slug}/fhir",
        "/v1/assessments/{slug}/fhir/responses",
        "/v1/openapi.json",
    }
    post = spec["paths"]["/v1/assessments/{slug}/responses"]["post"]
    assert set(post["responses"]) == {"200", "400", "404", "405", "413", "415", "422", "429", "500", "503", "504"}
    example = post["requestBody"]["content"]["application/json"]["example"]
    assert post_json(client, RESPONSES, example).status_code == 200
    assert "Summary" in spec["components"]["schemas"] and "ProblemDetail" in spec["components"]["schemas"]


def test_the_openapi_document_passes_the_spec_validator(client):
    from openapi_spec_validator import validate

    validate(body(client.http.get("/v1/openapi.json")))


def operations(spec):
    return [(path, method, op) for path, item in spec["paths"].items() for method, op in item.items()]


def test_every_operation_is_named_tagged_and_answers_throttling_outages_and_wrong_methods(client):
    spec = body(client.http.get("/v1/openapi.json"))
    named = {op["operationId"]: (method, path) for path, method, op in operations(spec)}
    assert named == {
        "getHealth": ("get", "/healthz"),
        "getLibrary": ("get", "/v1/library"),
        "listAssessments": ("get", "/v1/assessments"),
        "getAssessment": ("get", "/v1/assessments/{slug}"),
        "createResponse": ("post", "/v1/assessments/{slug}/responses"),
        "getAssessmentFhir": ("get", "/v1/assessments/{slug}/fhir"),
        "createFhirResponse": ("post", "/v1/assessments/{slug}/fhir/responses"),
        "getOpenApi": ("get", "/v1/openapi.json"),
    }
    tags = {tag["name"] for tag in spec["tags"]}
    problem_ref = {"$ref": "#/components/schemas/ProblemDetail"}
    for path, _, op in operations(spec):
        assert len(op["tags"]) == 1 and op["tags"][0] in tags, path
        for code in ("405", "429", "500", "503"):
            assert op["responses"][code]["content"]["application/problem+json"]["schema"] == problem_ref, (path, code)
        assert "Retry-After" in op["responses"]["503"]["headers"], path


def test_every_get_declares_its_etag_if_none_match_and_304(client):
    spec = body(client.http.get("/v1/openapi.json"))
    for path, method, op in operations(spec):
        if method != "get":
            continue
        assert "If-None-Match" in [p["name"] for p in op["parameters"] if p["in"] == "header"], path
        assert "ETag" in op["responses"]["200"]["headers"] and "ETag" in op["responses"]["304"]["headers"], path
        response = client.http.get(path.replace("{slug}", SEED))
        assert response.headers["ETag"], path
        again = client.http.get(path.replace("{slug}", SEED), headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304, path


def test_every_field_a_response_always_sends_is_required(client):
    schemas = body(client.http.get("/v1/openapi.json"))["components"]["schemas"]
    assert schemas["ProblemDetail"]["required"] == ["type", "title", "status", "detail", "errors"]
    requests = {"ResponseRequest", "QuestionnaireResponse", "FhirItem", "FhirAnswer", "FhirCoding"}  # sent to us
    for name, schema in schemas.items():
        if name not in requests and "properties" in schema:
            assert set(schema.get("required", [])) == set(schema["properties"]), name


def test_answers_are_documented_as_plain_strings(client):
    schemas = body(client.http.get("/v1/openapi.json"))["components"]["schemas"]
    answer = schemas["ResponseRequest"]["properties"]["answers"]["additionalProperties"]
    assert answer == {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}, "maxItems": 12}]}


def test_a_throttled_request_gets_a_problem_the_document_describes():
    from chalicelib.web.models.problems import ProblemDetail

    throttling = json.loads((Path(__file__).resolve().parents[2] / ".chalice" / "edge.json").read_text())
    throttled = throttling["Resources"]["RestAPI"]["Properties"]["GatewayResponses"]["THROTTLED"]
    assert throttled["StatusCode"] == "429"
    assert throttled["ResponseParameters"]["Headers"]["Content-Type"] == "'application/problem+json'"
    found = ProblemDetail.model_validate_json(throttled["ResponseTemplates"]["application/json"])
    assert found.status == 429 and found.errors == ()


def test_request_headers_are_read_by_lower_case_name_from_chalice_and_from_any_mapping():
    from types import SimpleNamespace

    from chalice.app import CaseInsensitiveMapping

    from chalicelib.web.responses import header

    request = SimpleNamespace(headers=CaseInsensitiveMapping({"If-None-Match": '"abc"', "Content-Type": "text/plain"}))
    assert header(request, "if-none-match") == '"abc"' and header(request, "content-type") == "text/plain"
    assert header(request, "origin") is None
    assert header(SimpleNamespace(headers={"origin": "https://a.example"}), "origin") == "https://a.example"
