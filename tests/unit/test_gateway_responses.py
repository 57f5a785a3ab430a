"""Issue 14 item 6: API Gateway's own answers (the merge template's GatewayResponses) tell the truth: every
response type API Gateway has is a problem+json document whose `status` is its real status code, with the
security headers every answer of ours carries (HSTS included), and no CORS (a gateway response cannot know the partner
registry: see docs/partners.md, "When API Gateway answers")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chalicelib.web.models.problems import ProblemDetail
from chalicelib.web.responses import SECURITY_HEADERS

MERGED = Path(__file__).resolve().parents[2] / ".chalice" / "edge.json"
# Every response type of AWS::ApiGateway::GatewayResponse, with the status this API answers it with.
TYPES = {
    "ACCESS_DENIED": 403,
    "API_CONFIGURATION_ERROR": 500,
    "AUTHORIZER_CONFIGURATION_ERROR": 500,
    "AUTHORIZER_FAILURE": 500,
    "BAD_REQUEST_PARAMETERS": 400,
    "BAD_REQUEST_BODY": 400,
    "DEFAULT_4XX": 400,
    "DEFAULT_5XX": 500,
    "EXPIRED_TOKEN": 403,
    "INTEGRATION_FAILURE": 504,
    "INTEGRATION_TIMEOUT": 504,
    "INVALID_API_KEY": 403,
    "INVALID_SIGNATURE": 403,
    "MISSING_AUTHENTICATION_TOKEN": 404,  # no route for this path and method: this API uses no tokens
    "QUOTA_EXCEEDED": 429,
    "REQUEST_TOO_LARGE": 413,
    "RESOURCE_NOT_FOUND": 404,
    "THROTTLED": 429,
    "UNAUTHORIZED": 401,
    "UNSUPPORTED_MEDIA_TYPE": 415,
    "WAF_FILTERED": 403,
}


def gateway_responses() -> dict:
    return json.loads(MERGED.read_text())["Resources"]["RestAPI"]["Properties"]["GatewayResponses"]


def test_every_response_type_is_customized():
    assert set(gateway_responses()) == set(TYPES)


@pytest.mark.parametrize(("kind", "status"), TYPES.items(), ids=TYPES.keys())
def test_each_is_a_problem_whose_status_is_its_real_status_code_with_our_security_headers(kind, status):
    response = gateway_responses()[kind]
    assert response["StatusCode"] == str(status)
    problem = ProblemDetail.model_validate_json(response["ResponseTemplates"]["application/json"])
    assert problem.status == status and problem.errors == ()
    headers = response["ResponseParameters"]["Headers"]
    assert headers["Content-Type"] == "'application/problem+json'"
    assert headers["Cache-Control"] == "'no-store'"
    for name, value in SECURITY_HEADERS.items():
        assert headers[name] == f"'{value}'", name
    assert headers["Strict-Transport-Security"].startswith("'max-age=")
    assert not any(name.lower().startswith("access-control-") for name in headers)
    if status == 429:
        assert headers["Retry-After"] == "'1'"
