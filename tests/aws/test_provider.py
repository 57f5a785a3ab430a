"""Reading content in Lambda (moto S3): cold and warm reads, conditional revalidation, and every S3 fault.

Faults are injected with botocore event hooks on the real client; time is a fake clock, never a sleep.
"""

from __future__ import annotations

import types

import pytest
from botocore.awsrequest import AWSResponse
from botocore.exceptions import ConnectTimeoutError, ReadTimeoutError

from chalicelib.authoring.publishing import build, publish
from chalicelib.authoring.store_writers import FolderWriter, S3Writer
from chalicelib.runtime import provider
from chalicelib.runtime.bundle import part_name
from chalicelib.runtime.provider import ContentCache, ContentUnavailable
from chalicelib.runtime.stores import FolderStore
from tests.aws.test_publish import edition
from tests.conftest import SEED

BUCKET = "library-content"
INTERVAL = 30


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Raw:
    def __init__(self, body: bytes):
        self.body = body

    def stream(self, **_):
        yield self.body


def error_xml(code: str) -> bytes:
    return f"<?xml version='1.0'?><Error><Code>{code}</Code><Message>injected</Message></Error>".encode()


@pytest.fixture
def s3(aws, monkeypatch):
    """The provider's real client on moto, recording each GetObject and never really sleeping between retries."""
    client = provider.s3_client()
    client.create_bucket(Bucket=BUCKET)
    calls: list[dict] = []
    client.meta.events.register("provide-client-params.s3.GetObject", lambda params, **_: calls.append(dict(params)))
    slept: list[float] = []
    monkeypatch.setattr("botocore.endpoint.time", types.SimpleNamespace(sleep=slept.append, time=lambda: 0.0))
    return types.SimpleNamespace(
        client=client, calls=calls, slept=slept, store=S3Writer(provider.s3_client, BUCKET, "")
    )


class Fault:
    """Make every GetObject fail with `fault` (an HTTP status and S3 code, or an exception) while active."""

    def __init__(self, client, fault):
        self.fault, self.attempts, self.active = fault, 0, True
        client.meta.events.register_first("before-send.s3.GetObject", self)

    def __call__(self, request, **_):
        if not self.active:
            return None
        self.attempts += 1
        if isinstance(self.fault, Exception):
            raise self.fault
        status, code = self.fault
        return AWSResponse(request.url, status, {"Content-Type": "application/xml"}, Raw(error_xml(code)))


def cache(store, clock, fallback=None) -> ContentCache:
    return ContentCache(store, interval=INTERVAL, clock=clock, fallback=fallback)


def baked(tmp_path, bundle) -> FolderStore:
    """A baked bundle holding `bundle`, as the package step bakes one."""
    folder = tmp_path / f"baked-{bundle.version}"
    publish(FolderWriter(folder), bundle)
    return FolderStore(folder)


def test_a_cold_instance_reads_the_index_and_then_only_the_assessment_asked_for(s3, bundle):
    publish(s3.store, bundle)
    s3.calls.clear()

    catalog = cache(s3.store, Clock()).current()
    catalog.prepared(SEED)  # what a first POST needs

    assert catalog.version == bundle.version
    assert [c["Key"] for c in s3.calls] == ["current.json", part_name(SEED, catalog.entry(SEED).part)]


def test_a_warm_instance_serves_from_memory_until_the_interval_then_revalidates_with_a_conditional_get(s3, bundle):
    publish(s3.store, bundle)
    clock = Clock()
    content = cache(s3.store, clock)
    content.current()
    s3.calls.clear()

    clock.now += INTERVAL - 1
    assert content.current().version == bundle.version
    assert s3.calls == []

    clock.now += 1
    assert content.current().version == bundle.version
    assert [(c["Key"], "IfNoneMatch" in c) for c in s3.calls] == [("current.json", True)]  # a 304: no bundle read


def test_a_warm_instance_picks_up_a_new_publish_at_its_next_revalidation(s3, bundle, tmp_path):
    publish(s3.store, bundle)
    clock = Clock()
    content = cache(s3.store, clock)
    content.current()
    newer = build(edition(tmp_path, "newer"))
    publish(s3.store, newer)

    assert content.current().version == bundle.version
    clock.now += INTERVAL
    assert content.current().version == newer.version


FAULTS = {
    "access denied": (403, "AccessDenied"),
    "throttled": (503, "SlowDown"),
    "internal error": (500, "InternalError"),
    "read timeout": ReadTimeoutError(endpoint_url="https://s3.example"),
    "connect timeout": ConnectTimeoutError(endpoint_url="https://s3.example"),
}


@pytest.mark.parametrize("fault", FAULTS.values(), ids=FAULTS.keys())
def test_a_warm_instance_keeps_its_last_good_version_when_s3_fails(s3, bundle, fault):
    publish(s3.store, bundle)
    clock = Clock()
    content = cache(s3.store, clock)
    content.current()

    injected = Fault(s3.client, fault)
    clock.now += INTERVAL

    assert content.current().version == bundle.version
    retried = fault != (403, "AccessDenied")  # a denial is not worth retrying; the rest are, a bounded number of times
    assert injected.attempts == (provider.S3_ATTEMPTS if retried else 1)


@pytest.mark.parametrize("fault", FAULTS.values(), ids=FAULTS.keys())
def test_a_cold_instance_falls_back_to_the_baked_bundle_when_s3_fails(s3, bundle, fault):
    publish(s3.store, bundle)
    Fault(s3.client, fault)
    baked = provider.baked().fetch(None)[1]

    content = cache(s3.store, Clock(), fallback=provider.baked())

    assert content.current().version == baked.version
    assert content.origin == "fallback"


def test_a_cold_instance_with_neither_s3_nor_a_baked_bundle_has_nothing_to_serve(s3, bundle):
    publish(s3.store, bundle)
    Fault(s3.client, (503, "SlowDown"))

    with pytest.raises(ContentUnavailable):
        cache(s3.store, Clock()).current()


def test_a_deleted_pointer_keeps_the_warm_version_and_sends_a_cold_one_to_the_fallback(s3, bundle, tmp_path):
    publish(s3.store, bundle)
    clock = Clock()
    warm = cache(s3.store, clock)
    warm.current()
    s3.client.delete_object(Bucket=BUCKET, Key="current.json")

    clock.now += INTERVAL
    assert warm.current().version == bundle.version
    cold = cache(s3.store, Clock(), fallback=baked(tmp_path, bundle))
    cold.current()
    assert cold.origin == "fallback"


@pytest.mark.parametrize(
    "damage",
    [
        b"{not json",
        b'{"version": "0123456789abcdef", "library": {}, "assessments": [], "partners": []}',  # not a valid bundle
        "own-hash-mismatch",
    ],
    ids=["corrupt", "invalid", "tampered"],
)
def test_a_corrupt_or_invalid_bundle_is_never_served(s3, bundle, tmp_path, damage):
    publish(s3.store, bundle)
    clock = Clock()
    content = cache(s3.store, clock)
    content.current()
    newer = build(edition(tmp_path, "newer"))
    publish(s3.store, newer)
    key = "current.json"  # the index of the version published (each assessment's damage: the store contract test)
    if damage == "own-hash-mismatch":  # valid JSON and shape, but the content was changed after hashing
        body = s3.client.get_object(Bucket=BUCKET, Key=key)["Body"].read().replace(b"Assessment Library", b"Edited")
    else:
        body = damage
    s3.client.put_object(Bucket=BUCKET, Key=key, Body=body)

    clock.now += INTERVAL
    assert content.current().version == bundle.version
    with pytest.raises(ContentUnavailable):
        cache(s3.store, Clock()).current()


def test_after_a_fallback_the_instance_moves_to_s3_once_it_answers_again(s3, bundle, tmp_path):
    publish(s3.store, bundle)
    stale = build(edition(tmp_path, "stale"))
    outage = Fault(s3.client, (503, "SlowDown"))
    clock = Clock()
    content = cache(s3.store, clock, fallback=baked(tmp_path, stale))
    assert content.current().version == stale.version

    outage.active = False
    clock.now += INTERVAL

    assert content.current().version == bundle.version
    assert content.origin == "store"


def test_the_worst_case_s3_wait_stays_well_under_api_gateways_29_seconds(s3):
    config = s3.client.meta.config
    assert (config.connect_timeout, config.read_timeout) == (provider.S3_CONNECT_TIMEOUT, provider.S3_READ_TIMEOUT)
    assert config.retries == {"total_max_attempts": provider.S3_ATTEMPTS, "mode": "standard"}
    max_backoff = 2 ** (provider.S3_ATTEMPTS - 1)  # botocore standard mode: random * 2**attempt per retry
    per_call = provider.S3_ATTEMPTS * (config.connect_timeout + config.read_timeout) + max_backoff
    assert 2 * per_call <= 20  # a cold start: the index + the assessment asked for


def test_healthz_and_api_responses_name_the_content_version_served(client, bundle):
    health = client.http.get("/healthz")
    library = client.http.get("/v1/library")

    assert health.json_body == {"status": "ok", "content_version": bundle.version}
    assert health.headers["X-Content-Version"] == library.headers["X-Content-Version"] == bundle.version


def test_a_cold_instance_that_cannot_read_its_store_serves_the_baked_bundle(client, monkeypatch, tmp_path):
    monkeypatch.setenv("CONTENT_DIR", str(tmp_path / "missing"))

    health = client.http.get("/healthz")

    assert health.status_code == 200
    assert health.json_body["content_version"] == provider.baked().fetch(None)[1].version


def test_with_no_store_and_no_baked_bundle_the_api_answers_503_problem_json_with_retry_after(
    client, monkeypatch, tmp_path
):
    monkeypatch.setenv("CONTENT_DIR", str(tmp_path / "missing"))
    monkeypatch.setattr(provider, "FALLBACK_BUNDLE", tmp_path / "no-bundle.json")

    for response in (client.http.get("/healthz"), client.http.get("/v1/assessments/anything")):
        assert response.status_code == 503
        assert response.headers["Content-Type"] == "application/problem+json"
        assert response.headers["Retry-After"] == str(provider.RETRY_AFTER_SECONDS)
        assert response.json_body["title"] == "Content unavailable"
        assert "X-Content-Version" not in response.headers


def test_the_baked_source_serves_the_packaged_bundle_without_any_network(client, monkeypatch):
    from chalicelib.runtime.provider import FALLBACK_BUNDLE

    monkeypatch.setenv("CONTENT_SOURCE", "baked")
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9")  # any S3 call would fail
    health = client.http.get("/healthz")
    assert health.status_code == 200
    assert health.json_body["content_version"] == FolderStore(FALLBACK_BUNDLE).fetch(None)[1].version
