"""Issue 14 item 2: a reader refuses a bundle whose content is unsafe, even when its hash was recomputed
(anyone who can write the bucket can skip the publish gates). The checks live in the content models
(core/content.py), so authoring and serving share one definition."""

from __future__ import annotations

import json
import shutil

import pytest

from chalicelib.authoring.store_writers import FolderWriter
from chalicelib.core import content as models
from tests.conftest import PUBLISHED, SEED
from tests.unit.test_bundle import document_of, published_raw, read_back, refusal


def source(document: dict) -> dict:
    return document["assessments"][0]["sources"][0]


def demo(document: dict) -> dict:
    return next(p for p in document["partners"] if p["id"] == "demo")


def resource(document: dict) -> dict:
    return demo(document)["resources"][0]


UNSAFE = {
    "javascript source": (lambda d: source(d).update(url="javascript:alert(1)"), "sources.0.url"),
    "http source": (lambda d: source(d).update(url="http://www.cdc.gov/x"), "sources.0.url"),
    "data source": (lambda d: source(d).update(url="data:text/html,<script>alert(1)</script>"), "sources.0.url"),
    "source with NUL": (lambda d: source(d).update(url="https://www.cdc.gov/\x00x"), "sources.0.url"),
    "source with quote": (lambda d: source(d).update(url='https://www.cdc.gov/"onmouseover='), "sources.0.url"),
    "javascript resource": (lambda d: resource(d).update(url="javascript:alert(1)"), "resources.0.url"),
    "data resource": (lambda d: resource(d).update(url="data:text/html,x"), "resources.0.url"),
    "tel with letters": (lambda d: resource(d).update(url="tel:+1555<b>"), "resources.0.url"),
    "tel with LF": (lambda d: resource(d).update(url="tel:+15550100100\n"), "resources.0.url"),
    "mailto without address": (lambda d: resource(d).update(url="mailto:"), "resources.0.url"),
    "wildcard origin": (lambda d: demo(d).update(origins=["*"]), "origins.0"),
    "wildcard host": (lambda d: demo(d).update(origins=["https://*.example.org"]), "origins.0"),
    "origin with CR/LF": (lambda d: demo(d).update(origins=["https://a.example\r\nX-Evil: 1"]), "origins.0"),
    "origin with trailing LF": (lambda d: demo(d).update(origins=["https://a.example\n"]), "origins.0"),
    "origin with tab": (lambda d: demo(d).update(origins=["https://a.example\t"]), "origins.0"),
    "origin with a path": (lambda d: demo(d).update(origins=["https://a.example/"]), "origins.0"),
    "any port off loopback": (lambda d: demo(d).update(origins=["https://a.example:*"]), "origins.0"),
    "javascript origin": (lambda d: demo(d).update(origins=["javascript://a.example"]), "origins.0"),
}


@pytest.mark.parametrize("fault", UNSAFE.values(), ids=UNSAFE.keys())
def test_a_bundle_with_an_unsafe_value_is_corrupt_even_when_its_hash_matches(bundle, fault):
    change, where = fault
    assert where in refusal(bundle, change)


SAFE = {
    "https resource": lambda d: resource(d).update(url="https://nurse.example.org/call"),
    "tel resource": lambda d: resource(d).update(url="tel:+1-555-010-0100"),
    "mailto resource": lambda d: resource(d).update(url="mailto:nurses@example.org"),
    "any port on loopback": lambda d: demo(d).update(origins=["http://localhost:*", "http://127.0.0.1:*"]),
    "exact origins": lambda d: demo(d).update(origins=["https://www.example.org", "https://example.org:8443"]),
}


@pytest.mark.parametrize("change", SAFE.values(), ids=SAFE.keys())
def test_safe_values_are_read(bundle, change):
    document = document_of(bundle)
    change(document)
    read_back(document)


def test_the_models_refuse_the_same_values_where_content_is_written():
    with pytest.raises(ValueError, match="origins"):
        models.Partner(id="p", name="P", origins=("https://a.example\r\n",))
    with pytest.raises(ValueError, match="url"):
        models.Resource(title="t", description="d", url="javascript:alert(1)")


def test_the_embed_page_keeps_serving_the_last_good_bundle_when_a_bad_one_is_published(
    tmp_path, monkeypatch, client, bundle, capsys
):
    folder = shutil.copytree(PUBLISHED, tmp_path / "published")
    monkeypatch.setenv("CONTENT_DIR", str(folder))
    monkeypatch.setenv("CONTENT_REVALIDATE_SECONDS", "0")
    good = client.http.get(f"/embed/{SEED}?partner=demo")
    assert good.status_code == 200
    policy = good.headers["Content-Security-Policy"]

    document = document_of(bundle)
    demo(document).update(origins=["https://a.example\r\nX-Evil: 1"])
    version = published_raw(folder, document)  # written around publish, as a bucket writer could

    after = client.http.get(f"/embed/{SEED}?partner=demo")
    assert after.status_code == 200
    assert after.headers["Content-Security-Policy"] == policy
    assert "X-Evil" not in json.dumps(dict(after.headers))
    log = capsys.readouterr()
    assert '"event":"content_store_failed","error":"CorruptBundle"' in log.out + log.err
    assert FolderWriter(folder).pointer().version == version  # the bad one is current in the store, not served
