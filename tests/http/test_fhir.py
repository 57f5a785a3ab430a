"""The FHIR routes through the real app: GET /v1/assessments/{slug}/fhir serves the Questionnaire, and
POST /v1/assessments/{slug}/fhir/responses takes a QuestionnaireResponse (application/fhir+json) to the same summary
as the same answers in JSON, or a 422 naming the item at fault without echoing what was sent."""

from __future__ import annotations

import json

import pytest

from chalicelib.core import fhir
from chalicelib.runtime import settings
from tests.conftest import SEED, post_json
from tests.fhir_paths import library_slugs, response_for, sampled_paths

SLUGS = library_slugs()
BASE = "http://127.0.0.1:8000"  # the settings' default SITE_URL, which the tests' stage keeps


def fhir_post(client, slug, body, content_type=fhir.MEDIA_TYPE):
    raw = body if isinstance(body, str) else json.dumps(body)
    return client.http.post(f"/v1/assessments/{slug}/fhir/responses", body=raw, headers={"Content-Type": content_type})


def as_json_answers(answers):
    return {question: list(v) if isinstance(v, tuple) else v for question, v in answers.items()}


def test_the_base_url_is_the_settings_site_url():
    assert settings.current().site_url == BASE


@pytest.mark.parametrize("slug", SLUGS)
def test_get_serves_the_questionnaire_in_each_locale_with_its_url_and_version(client, bundle, slug):
    for locale in bundle.library.locales:
        response = client.http.get(f"/v1/assessments/{slug}/fhir?locale={locale}")
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "application/fhir+json"
        assert response.headers["Content-Language"] == locale and response.headers["ETag"]
        found = json.loads(response.body)
        assert found["resourceType"] == "Questionnaire" and found["language"] == locale
        assert found["url"] == f"{BASE}/v1/assessments/{slug}/fhir" and found["version"] == bundle.version
        again = client.http.get(
            f"/v1/assessments/{slug}/fhir?locale={locale}", headers={"If-None-Match": response.headers["ETag"]}
        )
        assert again.status_code == 304


def test_get_says_each_option_with_our_codes_the_exclusive_none_and_the_help(client, bundle):
    found = json.loads(client.http.get(f"/v1/assessments/{SEED}/fhir?locale=es").body)
    screen = next(item for item in found["item"] if item["linkId"] == "red-flags")
    assert screen["repeats"] is True and screen["required"] is True
    none = next(o for o in screen["answerOption"] if o["valueCoding"]["code"] == "none")
    assert none["extension"] == [{"url": fhir.OPTION_EXCLUSIVE, "valueBoolean": True}]
    assert none["valueCoding"]["system"] == f"{BASE}/v1/assessments/{SEED}/fhir/codes/red-flags"
    assert screen["item"][0]["type"] == "display" and screen["item"][0]["text"].startswith("Elija todas")
    assert found["status"] == "draft" and "no un diagnóstico" in found["copyright"]


def test_get_refuses_an_unknown_assessment_and_an_unoffered_locale(client):
    assert client.http.get("/v1/assessments/no-such-thing/fhir").status_code == 404
    refused = client.http.get(f"/v1/assessments/{SEED}/fhir?locale=fr")
    assert refused.status_code == 422 and "en, es" in refused.body.decode()


@pytest.mark.parametrize("slug", SLUGS)
def test_a_questionnaire_response_gets_the_summary_of_the_same_answers_in_json(client, bundle, slug):
    assessment = next(a for a in bundle.assessments if a.slug == slug)
    for answers in sampled_paths(assessment)[::5]:
        for locale in bundle.library.locales:
            as_fhir = fhir_post(client, slug, response_for(assessment, answers, BASE, locale))
            as_json = post_json(
                client, f"/v1/assessments/{slug}/responses", {"answers": as_json_answers(answers), "locale": locale}
            )
            assert as_fhir.status_code == 200, as_fhir.body
            assert json.loads(as_fhir.body) == json.loads(as_json.body)
            assert as_fhir.headers["Content-Language"] == locale


@pytest.fixture
def calm(bundle):
    assessment = next(a for a in bundle.assessments if a.slug == SEED)
    answers = next(a for a in sampled_paths(assessment) if a["red-flags"] == ("none",))
    return assessment, answers


def refused(client, body):
    response = fhir_post(client, SEED, body)
    assert response.status_code == 422 and response.headers["Content-Type"] == "application/problem+json"
    return json.loads(response.body)["errors"]


def test_a_response_to_another_questionnaire_is_422(client, calm):
    response = response_for(*calm, BASE)
    response["questionnaire"] = "https://elsewhere.example/Questionnaire/secret-one"
    errors = refused(client, response)
    assert errors == [
        {
            "field": "questionnaire",
            "detail": f"is not this assessment's Questionnaire ({BASE}/v1/assessments/{SEED}/fhir)",
        }
    ]


def test_an_unknown_code_is_422_naming_the_link_id_and_not_the_code(client, calm):
    response = response_for(*calm, BASE)
    response["item"][0]["answer"][0]["valueCoding"]["code"] = "secret-code"
    errors = refused(client, response)
    assert [e["field"] for e in errors] == ["item.where(linkId='reason')"]
    assert "secret-code" not in json.dumps(errors)
    response = response_for(*calm, BASE)
    response["item"][0]["answer"][0]["valueCoding"]["system"] = "https://elsewhere.example/secret-system"
    assert [e["field"] for e in refused(client, response)] == ["item.where(linkId='reason')"]


def test_a_missing_required_answer_is_422_naming_the_link_id(client, calm):
    response = response_for(*calm, BASE)
    response["item"] = [item for item in response["item"] if item["linkId"] != "age"]
    assert refused(client, response) == [
        {"field": "item.where(linkId='age')", "detail": "is required, and has no answer"}
    ]


def test_an_answer_to_a_disabled_item_is_422_naming_the_link_id(client, calm):
    assessment, answers = calm
    response = response_for(assessment, {**answers, "red-flags": ("poison",)}, BASE)
    errors = refused(client, response)
    assert errors[0]["field"] == "item.where(linkId='right-now')"
    assert "disabled" in errors[0]["detail"]


def test_unknown_link_ids_are_counted_never_named(client, calm):
    response = response_for(*calm, BASE)
    response["item"].append({"linkId": "secret-question", "answer": [{"valueCoding": {"code": "x"}}]})
    errors = refused(client, response)
    assert errors == [{"field": "item", "detail": "1 item(s) have a linkId this Questionnaire does not have"}]


def test_an_answer_that_is_not_a_coding_is_422_without_its_value(client, calm):
    response = response_for(*calm, BASE)
    response["item"][0]["answer"] = [{"valueString": "my secret words"}]
    errors = refused(client, response)
    assert errors and all(e["field"].startswith("item.0.answer.0") for e in errors)
    assert "secret" not in json.dumps(errors)


@pytest.mark.parametrize("content_type", ["application/json", "text/plain"])
def test_another_media_type_is_415_naming_fhir_json(client, calm, content_type):
    response = fhir_post(client, SEED, response_for(*calm, BASE), content_type)
    assert response.status_code == 415
    assert json.loads(response.body)["detail"] == "Send the body as JSON with Content-Type: application/fhir+json."


def test_the_json_route_does_not_take_a_questionnaire_response(client, calm):
    response = client.http.post(
        f"/v1/assessments/{SEED}/responses",
        body=json.dumps(response_for(*calm, BASE)),
        headers={"Content-Type": fhir.MEDIA_TYPE},
    )
    assert response.status_code == 415


def test_openapi_documents_both_fhir_routes(client, bundle):
    spec = json.loads(client.http.get("/v1/openapi.json").body)
    get = spec["paths"]["/v1/assessments/{slug}/fhir"]["get"]
    assert "application/fhir+json" in get["responses"]["200"]["content"] and "422" in get["responses"]
    post = spec["paths"]["/v1/assessments/{slug}/fhir/responses"]["post"]
    assert list(post["requestBody"]["content"]) == ["application/fhir+json"]
    assert post["requestBody"]["content"]["application/fhir+json"]["schema"]["$ref"].endswith("/QuestionnaireResponse")
    assert post["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/Summary")
    assert "linkId" in json.dumps(spec["components"]["schemas"]["FhirItem"])


def test_a_partner_page_may_post_a_questionnaire_response_across_origins(client):
    origin = "http://localhost:8000"  # the demo partner's origin (content/partners.yaml: localhost, any port)
    preflight = client.http.request("OPTIONS", f"/v1/assessments/{SEED}/fhir/responses", headers={"Origin": origin})
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == origin
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
