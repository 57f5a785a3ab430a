"""Publishing to S3 (moto): one checked bundle, a conditional pointer move, rollback, list, dry run."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from chalicelib.authoring.cli import main
from chalicelib.authoring.publishing import GatesFailed, build, publish, rollback
from chalicelib.authoring.source import REPO_CONTENT, ContentError, load_folder
from chalicelib.authoring.store_writers import PointerMoved, S3Writer, UnknownVersion, index_name, laid_out
from chalicelib.runtime import provider
from chalicelib.runtime.bundle import parts

BUCKET = "library-content"
PREFIX = "content"
SMALL = "helping-your-child-with-fear-of-medical-visits"  # a few hundred answer sets: every gate runs quickly


def small_content(tmp_path, name: str) -> Path:
    """content/ cut down to one small assessment, so building it (every content gate) takes a blink."""
    folder = tmp_path / name
    shutil.copytree(REPO_CONTENT, folder)
    for path in (folder / "assessments").glob("*.yaml"):
        if path.stem != SMALL:
            path.unlink()
    library = yaml.safe_load((folder / "library.yaml").read_text())
    kept = []
    for category in library["categories"]:
        topics = [{**t, "assessments": [s for s in t["assessments"] if s == SMALL]} for t in category["topics"]]
        topics = [t for t in topics if t["assessments"]]
        if topics:
            kept.append({**category, "topics": topics})
    (folder / "library.yaml").write_text(yaml.safe_dump({**library, "categories": kept}))
    path = folder / "assessments" / f"{SMALL}.yaml"
    path.write_text(re.sub(r"\nrelated:\n(  - .*\n)+", "\n", path.read_text()))
    return folder


def edited(tmp_path, name: str, old: str, new: str) -> Path:
    """The small content with one text of its assessment replaced."""
    folder = small_content(tmp_path, name)
    path = folder / "assessments" / f"{SMALL}.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return folder


def minutes_line(folder: Path) -> int:
    """The line of `estimated_minutes` in the small assessment (it moves as its texts gain locales)."""
    lines = (folder / "assessments" / f"{SMALL}.yaml").read_text().splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith("estimated_minutes:"))


def edition(tmp_path, name: str) -> Path:
    """A valid small content whose bundle has a version of its own."""
    return edited(tmp_path, name, "Keep it short and honest.", f"Keep it short and honest ({name}).")


@pytest.fixture
def store(aws):
    provider.s3_client().create_bucket(Bucket=BUCKET)
    return S3Writer(provider.s3_client, BUCKET, PREFIX)


def keys(store) -> list[str]:
    listed = provider.s3_client().list_objects_v2(Bucket=store.bucket)
    return sorted(item["Key"] for item in listed.get("Contents", []))


def test_publish_uploads_the_bundle_by_hash_then_points_current_json_at_it(store, bundle):
    outcome = publish(store, bundle)

    assert (outcome.version, outcome.previous, outcome.changed) == (bundle.version, None, True)
    _, files = laid_out(*parts(bundle))  # each assessment by the hash of its content, then the version's index
    assert keys(store) == sorted([f"content/{name}" for name in files] + ["content/current.json"])
    body = provider.s3_client().get_object(Bucket=BUCKET, Key="content/current.json")["Body"]
    assert body.read() == files[index_name(bundle.version)]
    assert store.pointer().version == bundle.version


def test_publishing_the_current_version_again_changes_nothing(store, bundle):
    publish(store, bundle)
    etag = store.pointer().etag

    outcome = publish(store, bundle)

    assert not outcome.changed and store.pointer().etag == etag


def test_dry_run_checks_and_reports_but_uploads_nothing(store, bundle):
    outcome = publish(store, bundle, dry_run=True)

    assert (outcome.version, outcome.changed) == (bundle.version, False)
    assert keys(store) == []


def test_a_second_editor_publishing_at_the_same_time_loses_cleanly_and_can_retry(store, tmp_path):
    first, second = build(edition(tmp_path, "first")), build(edition(tmp_path, "second"))
    publish(store, first)

    class RacedStore(S3Writer):
        """Another editor publishes between our reading the pointer and moving it."""

        def upload(self, bundle):
            super().upload(bundle)
            publish(S3Writer(provider.s3_client, BUCKET, PREFIX), second)

    with pytest.raises(PointerMoved):
        publish(RacedStore(provider.s3_client, BUCKET, PREFIX), build(small_content(tmp_path, "mine")))
    assert store.pointer().version == second.version  # the winner's pointer stands

    retried = publish(store, build(small_content(tmp_path, "mine-again")))
    assert (retried.previous, retried.changed) == (second.version, True)


def test_two_first_publishes_race_on_an_empty_bucket_and_one_loses(store, tmp_path):
    first, second = build(edition(tmp_path, "first")), build(edition(tmp_path, "second"))
    nothing_yet = store.pointer()
    assert nothing_yet is None
    store.upload(first)
    store.upload(second)

    store.move_pointer(first.version, nothing_yet)
    with pytest.raises(PointerMoved):
        store.move_pointer(second.version, nothing_yet)
    assert store.pointer().version == first.version


def test_rollback_points_back_at_an_earlier_bundle_and_list_shows_both(store, bundle, tmp_path, capsys, monkeypatch):
    newer = build(edition(tmp_path, "newer"))
    publish(store, bundle)
    publish(store, newer)

    outcome = rollback(store, bundle.version)

    assert (outcome.version, outcome.previous, outcome.changed) == (bundle.version, newer.version, True)
    assert store.pointer().version == bundle.version
    assert {p.version for p in store.published()} == {bundle.version, newer.version}
    monkeypatch.setenv("CONTENT_BUCKET", BUCKET)
    assert main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert sorted(line[:18] for line in lines) == sorted([f"* {bundle.version}", f"  {newer.version}"])


def test_rollback_to_a_version_never_published_changes_nothing(store, bundle):
    publish(store, bundle)
    with pytest.raises(UnknownVersion):
        rollback(store, "0123456789abcdef")
    assert store.pointer().version == bundle.version


def test_content_the_models_refuse_is_not_published(store, tmp_path, capsys, monkeypatch):
    broken = edited(tmp_path, "broken", "estimated_minutes: 2", "estimated_minutes: 99")
    monkeypatch.setenv("CONTENT_BUCKET", BUCKET)

    assert main(["publish", "--content", str(broken)]) == 1

    out = capsys.readouterr().out
    assert f"{SMALL}.yaml:{minutes_line(broken)}: estimated_minutes" in out
    assert "nothing was uploaded" in out
    assert keys(store) == []


def test_content_a_gate_refuses_is_not_published(store, tmp_path, capsys, monkeypatch):
    slow = edited(tmp_path, "slow", "estimated_minutes: 2", "estimated_minutes: 9")  # valid, but not what paths take
    monkeypatch.setenv("CONTENT_BUCKET", BUCKET)

    assert main(["publish", "--content", str(slow)]) == 1

    out = capsys.readouterr().out
    assert f"{SMALL}.yaml:{minutes_line(slow)}: estimated_minutes" in out and "[estimate]" in out
    assert "nothing was uploaded" in out
    assert keys(store) == []


@pytest.mark.parametrize(
    "payload",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__.os }}",
        "{% if answers.get('timing') == 'in-a-few-days' %}{{ labels['__class__'] }}{% endif %}",
        "{{ answers.update({'x': 1}) }}",  # mutating the context: refused by the immutable sandbox
        "{{ answers.get('age') ",  # not a template at all
    ],
)
def test_template_injection_in_content_is_refused_by_the_sandbox_at_build_time(tmp_path, payload):
    folder = edited(tmp_path, "injected", SENTENCE, json.dumps(payload))  # a JSON string is a YAML string

    with pytest.raises(ContentError) as refused:  # by the content model, before the gates
        build(folder)

    [fault] = refused.value.faults
    assert fault.field == "rules"
    assert fault.message.startswith("rule 'plan-in-a-few-days' text 1 cannot be rendered in 'en'")


SENTENCE = "Tell your child about the visit a day or two ahead. Keep it short and honest."


def test_an_injection_only_some_answers_reach_is_refused_by_the_render_gate(tmp_path):
    # Behind an answer the model's samples do not give, and with a name put together at run time: the gate
    # renders every path, and the sandbox refuses it on the one that reaches it.
    payload = "{% if answers.get('visit') == 'needles' %}{{ answers|attr('_' ~ '_class__') }}{% endif %}"
    folder = edited(tmp_path, "injected", SENTENCE, json.dumps(payload))
    rule = [r.id for r in load_folder(folder).assessments[0].rules].index("plan-in-a-few-days")

    with pytest.raises(GatesFailed) as refused:
        build(folder)

    assert [(f.gate, f.location) for f in refused.value.findings] == [("render", ("rules", rule, "items", 0))]
    assert "SecurityError" in refused.value.findings[0].message


def test_cli_publish_reports_a_lost_race_with_a_clear_message(store, bundle, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CONTENT_BUCKET", BUCKET)
    real_pointer = S3Writer.pointer

    def pointer_then_someone_else_publishes(self):
        seen = real_pointer(self)
        S3Writer.pointer = real_pointer
        publish(S3Writer(provider.s3_client, BUCKET, PREFIX), bundle)
        return seen

    monkeypatch.setattr(S3Writer, "pointer", pointer_then_someone_else_publishes)

    assert main(["publish", "--content", str(edition(tmp_path, "mine"))]) == 2

    assert "someone else published" in capsys.readouterr().out
    assert store.pointer().version == bundle.version


def test_cli_build_writes_the_bundle_named_by_its_version(tmp_path, capsys):
    content, out = small_content(tmp_path, "small"), tmp_path / "baked"

    assert main(["build", "--content", str(content), "--out", str(out)]) == 0

    version = load_folder(content).version
    assert json.loads((out / "current.json").read_bytes())["version"] == version
    assert version in capsys.readouterr().out


def test_the_build_bakes_content_as_it_is_into_the_fallback_bundle(bundle):
    _, files = laid_out(*parts(bundle))
    baked = {name: (provider.FALLBACK_BUNDLE / name).read_bytes() for name in [*files, "current.json"]}
    assert baked == {**files, "current.json": files[index_name(bundle.version)]}, (
        "the fallback bundle is not content/ as built (tests/conftest.py builds it with authoring/build.py)"
    )


def test_a_newcomer_publishes_and_rolls_back_against_make_run_and_the_service_follows_without_restart(
    tmp_path, monkeypatch
):
    """The README's commands: `make run`'s moto S3 and server, and the CLI with --local in another process."""
    import subprocess
    import sys
    import threading
    import urllib.request

    from moto.server import ThreadedMotoServer

    from app import app
    from chalicelib.authoring.localrun import local_environment, make_server, seed

    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    s3_port = moto.get_host_and_port()[1]
    for name, value in {**local_environment(s3_port), "CONTENT_REVALIDATE_SECONDS": "0"}.items():
        monkeypatch.setenv(name, value)
    server = make_server(app, "127.0.0.1", 0)
    threading.Thread(target=server.server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server.server_address[1]}"

    def served() -> str:
        with urllib.request.urlopen(base + "/healthz") as response:
            return json.loads(response.read())["content_version"]

    def cli(*args: str) -> str:
        command = [sys.executable, "-m", "chalicelib.authoring", *args, "--local-port", str(s3_port)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=REPO_CONTENT.parent, env={})
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    try:
        original = seed(REPO_CONTENT)
        assert served() == original
        newer = build(edition(tmp_path, "newer")).version

        assert newer in cli("publish", "--content", str(tmp_path / "newer"))
        assert served() == newer

        cli("rollback", original)
        assert served() == original
        assert f"* {original}" in cli("list")
    finally:
        server.server.shutdown()
        server.server.server_close()
        moto.stop()
