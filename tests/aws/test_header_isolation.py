"""Issue 26 items 1 and 4: no header travels from one response to a later one on the same instance.

One app instance (one process, as a warm Lambda keeps it) answers a 405, a page over HTTPS, no-JS form posts, and
an S3 outage (503 with Retry-After) then its recovery, with content read from S3 (moto). Each header that belongs
to one answer (Allow, Strict-Transport-Security, Retry-After) stays on that answer only.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from botocore.exceptions import ConnectTimeoutError

from chalicelib.authoring.publishing import publish
from chalicelib.authoring.store_writers import S3Writer
from chalicelib.runtime import provider
from tests.aws.test_provider import Fault
from tests.conftest import SEED, post_json

BUCKET = "header-isolation"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
FIRST_STEP = urlencode({"current": "reason", "reason": "unclear-diagnosis"})
CALM = {
    "reason": "unclear-diagnosis",
    "red-flags": ["none"],
    "right-now": "not-worse",
    "treatment": "time-to-plan",
    "comfort": "worried-offending",
    "needs": ["records"],
    "age": "school-age",
    "ready": "sure",
}
ONE_ANSWER_ONLY = ("allow", "strict-transport-security", "retry-after")
"""Headers that describe one answer (its method, its scheme, an outage) and must never outlive it."""


@pytest.fixture
def s3_content(aws, monkeypatch, tmp_path, bundle):
    """The app reads S3 (moto); a cold instance during an outage has no baked bundle, so it answers 503."""
    provider.s3_client().create_bucket(Bucket=BUCKET)
    publish(S3Writer(provider.s3_client, BUCKET, "content"), bundle)
    monkeypatch.setattr(provider, "FALLBACK_BUNDLE", tmp_path / "none.json")
    monkeypatch.setenv("CONTENT_SOURCE", "s3")
    monkeypatch.setenv("CONTENT_BUCKET", BUCKET)


def names(response) -> set[str]:
    return {name.lower() for name in response.headers}


def form_post(client, https: bool = False):
    headers = {**FORM, **({"X-Forwarded-Proto": "https"} if https else {})}
    return client.http.post(f"/assessments/{SEED}/questionnaire", body=FIRST_STEP, headers=headers)


def answers_of_every_kind(client) -> dict[str, object]:
    """One answer from each kind of route: a page, a no-JS step, an API GET and POST, the frame, the health check."""
    return {
        "page": client.http.get("/"),
        "form step": form_post(client),
        "api get": client.http.get(f"/v1/assessments/{SEED}"),
        "api post": post_json(client, f"/v1/assessments/{SEED}/responses", {"answers": CALM}),
        "frame": client.http.get(f"/embed/{SEED}?partner=demo"),
        "health": client.http.get("/healthz"),
    }


def test_no_header_of_one_answer_appears_on_a_later_one(client, s3_content):
    before = form_post(client)
    assert before.status_code == 200 and not names(before) & set(ONE_ANSWER_ONLY)

    refused = client.http.request("DELETE", "/")
    assert refused.status_code == 405 and refused.headers["Allow"] == "GET, HEAD"
    secure = client.http.get("/no-such-page", headers={"X-Forwarded-Proto": "https"})
    assert secure.status_code == 404 and "Strict-Transport-Security" in secure.headers
    plain = form_post(client)
    assert plain.status_code == 200
    assert "allow" not in names(plain), "the 405's Allow stayed on a later answer"
    assert "strict-transport-security" not in names(plain), "HSTS from an HTTPS request was sent over plain HTTP"
    assert dict(plain.headers) == dict(before.headers)

    provider.reset()  # the content cache is emptied, as on a new instance, so the outage has nothing to serve
    outage = Fault(provider.s3_client(), ConnectTimeoutError(endpoint_url="https://s3.example"))
    during = answers_of_every_kind(client)
    assert {kind: response.status_code for kind, response in during.items()} == dict.fromkeys(during, 503)
    for kind, response in during.items():
        assert response.headers["Retry-After"] == str(provider.RETRY_AFTER_SECONDS), kind

    outage.active = False
    after = answers_of_every_kind(client)
    assert {kind: response.status_code for kind, response in after.items()} == dict.fromkeys(after, 200)
    for kind, response in after.items():
        leaked = names(response) & set(ONE_ANSWER_ONLY)
        assert not leaked, f"{kind} answered after S3 recovered with {sorted(leaked)}"
    assert dict(form_post(client).headers) == dict(before.headers)


def test_an_https_answer_does_not_make_later_plain_http_answers_carry_hsts(client):
    for path in ("/", f"/assessments/{SEED}", "/no-such-page", f"/v1/assessments/{SEED}"):
        assert "Strict-Transport-Security" in client.http.get(path, headers={"X-Forwarded-Proto": "https"}).headers
    secure_form = form_post(client, https=True)
    assert "Strict-Transport-Security" in secure_form.headers
    for response in (form_post(client), client.http.get("/"), client.http.get("/no-such-page")):
        assert "Strict-Transport-Security" not in response.headers


def test_a_warm_instance_riding_out_an_outage_sends_no_outage_header_during_or_after(client, s3_content, monkeypatch):
    monkeypatch.setenv("CONTENT_REVALIDATE_SECONDS", "0")  # every request revalidates, so each one meets the outage
    assert {r.status_code for r in answers_of_every_kind(client).values()} == {200}
    outage = Fault(provider.s3_revalidation_client(), ConnectTimeoutError(endpoint_url="https://s3.example"))
    for phase in ("during", "after"):
        for kind, response in answers_of_every_kind(client).items():
            assert response.status_code == 200, (phase, kind)  # the last good content, served at once
            assert not names(response) & set(ONE_ANSWER_ONLY), (phase, kind)
        outage.active = False
    assert outage.attempts > 0
