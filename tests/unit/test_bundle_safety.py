"""Issue 14 item 2: a reader refuses a bundle whose content is unsafe, even when its hash was recomputed
(anyone who can write the bucket can skip the publish gates). The checks live in the content models
(core/content.py), so authoring and serving share one definition."""

from __future__ import annotations

import json
import shutil

import pytest

from chalicelib.authoring.store_writers import FolderWriter
from chalicelib.core import content as models
from tests.conftest import PUBLISHED, SEED, post_json
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


# Issue 26 item 3: rule texts are templates; one that reaches out of the sandbox or raises is refused at read too.


def seed_rule(document: dict, index: int = 0) -> dict:
    """A rule of the seed assessment (the first: the red-flag screen's emergency rule, which leads the summary)."""
    return next(a for a in document["assessments"] if a["slug"] == SEED)["rules"][index]


def with_rule_text(text: str, locale: str = "en"):
    def change(document: dict) -> None:
        seed_rule(document)["items"][0][locale] = text

    return change


UNSAFE_TEXTS = {
    "class and mro": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "an answer's class": "{{ answers.__class__.__base__.__subclasses__() }}",
    "attr filter": "{{ answers|attr('__class__') }}",
    "item lookup": "{{ answers['__class__'] }}",
    "hidden behind an answer": "Call 911.{% if answers['reason'] == 'opinions-differ' %}{{ ''.__class__ }}{% endif %}",
    "changing the answers": "{{ answers.update({'reason': 'x'}) }}",
    "include": "{% include 'x.html' %}",
}
RAISING_TEXTS = {
    "division by zero": "Call 911 now. {{ 1 / 0 }}",
    "type error": "{{ 'a' * 'b' }}",
    "huge range": "{{ range(100001)|list }}",
    "a question it does not ask": "{{ labels['no-such-question'] }}",
    "bad syntax": "Call 911 {% if %}",
}


@pytest.mark.parametrize("locale", ["en", "es"])
@pytest.mark.parametrize("text", [*UNSAFE_TEXTS.values(), *RAISING_TEXTS.values()], ids=[*UNSAFE_TEXTS, *RAISING_TEXTS])
def test_a_bundle_whose_rule_text_escapes_the_sandbox_or_raises_is_corrupt_even_when_its_hash_matches(
    bundle, text, locale
):
    why = refusal(bundle, with_rule_text(text, locale))
    assert f"rules: rule 'red-flag-call-911' text 1 cannot be rendered in '{locale}'" in why


def test_a_rule_text_that_fails_only_for_some_answers_is_read(bundle):
    document = document_of(bundle)
    with_rule_text(FAILS_FOR_ONE_REASON)(document)
    read_back(document)  # the samples do not reach it: the gates do, and the summary falls back


def test_the_models_refuse_the_same_rule_texts_where_content_is_written(bundle):
    data = next(a for a in bundle.assessments if a.slug == SEED).model_dump(mode="json", by_alias=True)
    data["rules"][0]["items"][0]["en"] = RAISING_TEXTS["division by zero"]
    with pytest.raises(ValueError, match="rule 'red-flag-call-911' text 1 cannot be rendered in 'en'"):
        models.Assessment.model_validate(data)


EMERGENCY = {"reason": "not-improving", "red-flags": ["breathing"]}
CALL_911 = "Call 911 now, or go to the nearest emergency department."
FAILS_FOR_ONE_REASON = CALL_911 + "{% if answers['reason'] == 'not-improving' %} {{ 1 / 0 }}{% endif %}"
"""Raises only when the reason is 'not-improving': neither sample answers so (they take the first and last)."""


@pytest.fixture
def served_folder(tmp_path, monkeypatch):
    folder = shutil.copytree(PUBLISHED, tmp_path / "published")
    monkeypatch.setenv("CONTENT_DIR", str(folder))
    monkeypatch.setenv("CONTENT_REVALIDATE_SECONDS", "0")
    return folder


@pytest.mark.parametrize("text", [UNSAFE_TEXTS["hidden behind an answer"], RAISING_TEXTS["division by zero"]])
def test_the_last_good_content_stays_served_when_a_bundle_with_a_bad_rule_text_is_published(
    served_folder, client, bundle, capsys, text
):
    answers = {**EMERGENCY, "reason": "opinions-differ"}
    good = post_json(client, f"/v1/assessments/{SEED}/responses", {"answers": answers})
    assert good.status_code == 200
    document = document_of(bundle)
    with_rule_text(text)(document)
    bad_version = published_raw(served_folder, document)

    after = post_json(client, f"/v1/assessments/{SEED}/responses", {"answers": answers})
    assert after.status_code == 200
    summary = json.loads(after.body)
    assert summary["content_version"] == json.loads(good.body)["content_version"] != bad_version
    assert summary["urgency"] == "emergency" and summary["sections"][0]["items"][0]["text"] == CALL_911
    log = capsys.readouterr()
    assert '"event":"content_store_failed","error":"CorruptBundle"' in log.out + log.err


def test_a_rule_text_that_fails_for_a_parent_answers_200_with_its_plain_words_and_logs_no_answer(
    served_folder, client, bundle, capsys, caplog
):
    document = document_of(bundle)
    with_rule_text(FAILS_FOR_ONE_REASON)(document)
    version = published_raw(served_folder, document)

    answer = post_json(client, f"/v1/assessments/{SEED}/responses", {"answers": EMERGENCY})
    assert answer.status_code == 200
    summary = json.loads(answer.body)
    assert summary["content_version"] == version and summary["urgency"] == "emergency"
    first = summary["sections"][0]
    assert first["id"] == "get-care-now" and first["items"][0]["text"] == CALL_911
    failed = [r for r in caplog.records if r.name == "chalicelib.core.engine"]
    assert [r.levelname for r in failed] == ["ERROR"]
    message = failed[0].getMessage()
    assert f"{SEED}:red-flag-call-911:en" in message and "ZeroDivisionError" in message
    everything = message + "".join(capsys.readouterr())
    assert "not-improving" not in everything and "breathing" not in everything
    assert "unhandled" not in everything


def test_the_no_javascript_summary_falls_back_the_same_way(served_folder, client, bundle):
    document = document_of(bundle)
    with_rule_text(FAILS_FOR_ONE_REASON)(document)
    published_raw(served_folder, document)
    form = "current=red-flags&reason=not-improving&red-flags=breathing"
    page = client.http.post(
        f"/assessments/{SEED}/questionnaire",
        body=form,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert page.status_code == 200
    assert CALL_911 in page.body.decode()
