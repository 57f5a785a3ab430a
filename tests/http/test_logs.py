"""Structured request logs: one JSON line per request with what an operator needs, and never an answer."""

from __future__ import annotations

import json
import logging
import threading
import urllib.error
import urllib.request

import pytest

from chalicelib.authoring.localrun import LOCAL_BUCKET, LOCAL_PREFIX, make_server, seed
from chalicelib.authoring.paths import answer_sets
from chalicelib.authoring.source import REPO_CONTENT
from chalicelib.core.prepared import PreparedAssessment
from tests.conftest import SEED, post_json

CANARIES = ("canary-7f3a9q", "canary-91bdxk", "canary-c0ffee", "canary-5eed42")


def request_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{") and '"event":"request"' in line]


def test_each_request_logs_one_json_line_with_id_route_status_duration_and_content_version(client, capsys, bundle):
    client.http.get(f"/v1/assessments/{SEED}")
    post_json(client, f"/v1/assessments/{SEED}/responses", {"answers": {}})

    first, second = request_lines(capsys.readouterr().out)
    assert first["route"] == "/v1/assessments/{slug}" and first["status"] == 200
    assert second["route"] == "/v1/assessments/{slug}/responses" and second["status"] == 422
    for line in (first, second):
        assert set(line) == {
            "level",
            "event",
            "request_id",
            "method",
            "route",
            "status",
            "duration_ms",
            "content_version",
        }
        assert line["content_version"] == bundle.version and line["duration_ms"] >= 0 and line["request_id"]
    assert first["request_id"] != second["request_id"]


@pytest.mark.parametrize("method", ["CANARY7F3A9Q", "PROPFIND"])
def test_a_method_we_do_not_know_is_logged_as_a_fixed_token_never_as_sent(client, capsys, method):
    answer = client.http.request(method, "/v1/library")
    assert answer.status_code == 405
    [line] = request_lines(capsys.readouterr().out)
    assert line["method"] == "OTHER"


def test_the_methods_we_know_are_logged_by_name(client, capsys):
    client.http.get("/v1/library")
    client.http.request("HEAD", "/v1/library")
    client.http.request("DELETE", "/v1/library")
    assert [line["method"] for line in request_lines(capsys.readouterr().out)] == ["GET", "HEAD", "DELETE"]


@pytest.fixture
def debug_everything():
    """Every logger at DEBUG (botocore's included), each record that reaches the root kept. Our own lines go
    straight to stdout (chalicelib.runtime.logs), which the tests capture."""
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    keep, root = Keep(logging.DEBUG), logging.getLogger()
    saved = root.level, logging.getLogger("botocore").level, logging.getLogger("assessment_library").level
    root.addHandler(keep)
    root.setLevel(logging.DEBUG)
    logging.getLogger("botocore").setLevel(logging.DEBUG)
    logging.getLogger("assessment_library").setLevel(logging.DEBUG)
    yield records
    root.removeHandler(keep)
    root.setLevel(saved[0])
    logging.getLogger("botocore").setLevel(saved[1])
    logging.getLogger("assessment_library").setLevel(saved[2])


def test_canary_answers_submitted_with_every_logger_at_debug_appear_in_no_log(
    aws, monkeypatch, capfd, debug_everything, bundle
):
    seed(REPO_CONTENT)
    for name, value in {"CONTENT_SOURCE": "s3", "CONTENT_BUCKET": LOCAL_BUCKET, "CONTENT_PREFIX": LOCAL_PREFIX}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("CONTENT_REVALIDATE_SECONDS", "0")  # S3 (and botocore's debug logging) on every request

    def crash(*_, **__):
        raise ValueError(f"engine failed on {CANARIES}")  # an unforeseen error that carries the answers

    from app import app

    server = make_server(app, "127.0.0.1", 0)
    threading.Thread(target=server.server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server.server_address[1]}/v1/assessments/{SEED}/responses"
    a, b, c, d = CANARIES
    answers = next(answer_sets(next(a for a in bundle.assessments if a.slug == SEED)))
    valid = {question: list(value) if isinstance(value, tuple) else value for question, value in answers.items()}
    bodies = [
        ({"answers": {"reason": a, b: "x", "needs": [c]}, "locale": "en"}, "application/json"),
        ({"answers": {"reason": "unclear-diagnosis"}, "locale": d}, "application/json"),
        ('{"answers": {"reason": "' + a + '"', "application/json"),  # malformed JSON
        ({"answers": {"reason": a}}, "text/plain"),
        ({"answers": {"reason": a * 2000}}, "application/json"),  # too large
        ({"answers": valid}, "application/json"),
    ]
    statuses = []
    try:
        for index, (body, content_type) in enumerate(bodies):
            if index == len(bodies) - 1:
                monkeypatch.setattr(PreparedAssessment, "summarize", crash)
            raw = (body if isinstance(body, str) else json.dumps(body)).encode()
            request = urllib.request.Request(url, data=raw, method="POST", headers={"Content-Type": content_type})
            try:
                with urllib.request.urlopen(request) as response:
                    statuses.append(response.status)
                    answer = response.read()
            except urllib.error.HTTPError as error:
                statuses.append(error.code)
                answer = error.read()
            assert not any(canary.encode() in answer for canary in CANARIES)  # no answer echoes a value either
    finally:
        server.server.shutdown()
        server.server.server_close()

    captured = capfd.readouterr()
    logged = "\n".join(r.getMessage() for r in debug_everything) + captured.out + captured.err
    assert statuses == [422, 422, 400, 415, 413, 500]
    assert any(r.name.startswith("botocore") for r in debug_everything), "botocore did not log at DEBUG"
    assert len(request_lines(captured.out)) == len(bodies)
    assert [canary for canary in CANARIES if canary in logged] == []


@pytest.mark.parametrize("request_id", ['a"quote\\back', "line\nbreak", "ünïcode-☃", ""])
def test_the_request_line_is_valid_json_whatever_the_request_id(capsys, request_id):
    from chalicelib.runtime.logs import request_done

    request_done(request_id, "GET", "/v1/assessments/{slug}", 200, 0.126, None)
    request_done(request_id, "POST", "/v1/assessments/{slug}/responses", 422, 12.5, "b08f26ca1572462a")

    first, second = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert first == {
        "level": "info",
        "event": "request",
        "request_id": request_id,
        "method": "GET",
        "route": "/v1/assessments/{slug}",
        "status": 200,
        "duration_ms": 0.13,
        "content_version": None,
    }
    assert second["content_version"] == "b08f26ca1572462a" and second["status"] == 422


def test_the_request_line_follows_the_loggers_level(capsys):
    from chalicelib.runtime.logs import request_done

    logger = logging.getLogger("assessment_library")
    saved = logger.level
    logger.setLevel(logging.WARNING)
    try:
        request_done("id", "GET", "/healthz", 200, 1.0, None)
    finally:
        logger.setLevel(saved)
    assert capsys.readouterr().out == ""
