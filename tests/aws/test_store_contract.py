"""One contract for every content store: the same cases run on the folder store and on the S3 store (moto).

A store holds each published assessment under the hash of its content (`assessments/<slug>/<hash>.json`), each
version's index (`indexes/<version>.json`) and the current one's index (`current.json`); `fetch(known)` answers
current.json's tag and its index, or None when the tag is still `known`, and `assessment(index, position)` one
assessment of that index.
"""

from __future__ import annotations

import json

import pytest

from chalicelib.authoring.publishing import publish, rollback
from chalicelib.authoring.store_writers import FolderWriter, PointerMoved, S3Writer, UnknownVersion, laid_out
from chalicelib.core.content import Bundle
from chalicelib.core.problems import Problem
from chalicelib.runtime.bundle import CorruptBundle, content_version, part_name, parts
from chalicelib.runtime.provider import ContentCache, s3_client
from tests.conftest import SEED, post_json
from tests.unit.test_bundle import document_of

BUCKET = "contract-test"
OTHER = "second-opinion-before-surgery"
ANSWERS = {"red-flags": ["none"], "reason": "want-specialist"}  # enough for a summary of SEED


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Reads:
    """A store that notes what the service reads through it: "index", or an assessment's slug."""

    def __init__(self, store):
        self.store, self.read = store, []

    def fetch(self, known):
        self.read.append("index")
        return self.store.fetch(known)

    def assessment(self, index, position):
        self.read.append(index.assessments[position].slug)
        return self.store.assessment(index, position)


def read_all(store) -> Bundle:
    """Everything the store serves now, read as the service reads it: the index, then each assessment."""
    _, index = store.fetch(None)
    assessments = tuple(store.assessment(index, position) for position in range(len(index.assessments)))
    return Bundle(version=index.version, library=index.library, assessments=assessments, partners=index.partners)


class StoreContract:
    """The cases; a subclass says how to make an empty store and how to write raw bytes into it."""

    @pytest.fixture
    def store(self):
        raise NotImplementedError

    def write(self, store, name: str, body: bytes) -> None:
        raise NotImplementedError

    def read(self, store, name: str) -> bytes:
        raise NotImplementedError

    def names(self, store) -> set[str]:
        raise NotImplementedError

    def serve(self, store, monkeypatch) -> None:
        """Point the app's settings at this store."""
        raise NotImplementedError

    @pytest.fixture
    def newer(self, bundle):
        library = bundle.library.model_copy(update={"title": {"en": "The Assessment Library (newer)"}})
        changed = bundle.model_copy(update={"library": library})
        return changed.model_copy(update={"version": content_version(*parts(changed))})

    @pytest.fixture
    def revised(self, bundle):
        """The bundle with one assessment (SEED) changed, the others as they were."""
        assessments = tuple(
            a.model_copy(update={"intro": {**a.intro, "en": "Revised."}}) if a.slug == SEED else a
            for a in bundle.assessments
        )
        changed = bundle.model_copy(update={"assessments": assessments})
        return changed.model_copy(update={"version": content_version(*parts(changed))})

    def damage(self, store, slug: str, how: str) -> None:
        """Make one published assessment's object corrupt, the rest of the store as published."""
        _, index = store.fetch(None)
        entry = next(e for e in index.assessments if e.slug == slug)
        name = part_name(entry.slug, entry.part)
        if how == "not JSON":
            self.write(store, name, b"{not json")
        elif how == "edited after hashing":
            self.write(store, name, self.read(store, name).replace(b"second opinion", b"third opinion"))
        else:  # "unsafe, with every hash recomputed": written around publish, as a bucket writer could
            document = document_of(read_all(store))
            next(a for a in document["assessments"] if a["slug"] == slug)["sources"][0]["url"] = "javascript:alert(1)"
            self.publish_raw(store, document)

    def publish_raw(self, store, document: dict) -> None:
        version, files = laid_out(document["library"], document["assessments"], document["partners"])
        for name, body in {**files, "current.json": files[f"indexes/{version}.json"]}.items():
            self.write(store, name, body)

    def test_an_empty_store_has_no_pointer_and_cannot_be_fetched(self, store):
        assert store.pointer() is None
        with pytest.raises(Exception):  # noqa: B017 - each store fails in its own words; the provider catches any
            store.fetch(None)

    def test_a_published_bundle_is_fetched_as_it_was_published(self, store, bundle):
        publish(store, bundle)
        fetched = read_all(store)
        assert fetched == bundle
        assert store.pointer().version == bundle.version

    def test_the_layout_is_the_current_index_each_versions_index_and_assessments_named_by_hash(self, store, bundle):
        publish(store, bundle)
        version, files = laid_out(*parts(bundle))
        assert self.names(store) == {"current.json", *files}
        assert {n for n in files if n.startswith("assessments/")} == {
            part_name(entry.slug, entry.part) for entry in store.fetch(None)[1].assessments
        }
        assert json.loads(self.read(store, "current.json"))["version"] == bundle.version == version
        assert self.read(store, "current.json") == self.read(store, f"indexes/{version}.json")
        assert all(self.read(store, name) == body for name, body in files.items())

    def test_fetching_again_with_the_tag_held_answers_unchanged(self, store, bundle):
        publish(store, bundle)
        tag, _ = store.fetch(None)
        assert store.fetch(tag) is None

    def test_a_new_publish_changes_the_tag_and_the_bundle(self, store, bundle, newer):
        publish(store, bundle)
        tag, _ = store.fetch(None)
        publish(store, newer)
        new_tag, _ = store.fetch(tag)
        fetched = read_all(store)
        assert new_tag != tag and fetched == newer

    def test_publishing_the_same_content_twice_changes_nothing(self, store, bundle):
        assert publish(store, bundle).changed is True
        assert publish(store, bundle).changed is False

    def test_rollback_points_back_at_an_earlier_bundle(self, store, bundle, newer):
        publish(store, bundle)
        publish(store, newer)
        assert rollback(store, bundle.version).changed is True
        assert read_all(store) == bundle

    def test_rollback_to_a_version_never_published_is_refused(self, store, bundle):
        publish(store, bundle)
        with pytest.raises(UnknownVersion):
            rollback(store, "0123456789abcdef")

    def test_the_pointer_moves_only_from_what_was_read(self, store, bundle, newer):
        publish(store, bundle)
        read = store.pointer()
        store.upload(newer)
        store.move_pointer(newer.version, read)
        with pytest.raises(PointerMoved):
            store.move_pointer(bundle.version, read)  # someone moved it since `read`
        assert store.pointer().version == newer.version

    def test_a_pointer_that_is_not_a_pointer_is_corrupt(self, store, bundle):
        publish(store, bundle)
        self.write(store, "current.json", b'{"version": "not a version"}')
        with pytest.raises(CorruptBundle):
            store.fetch(None)

    def test_an_assessment_stored_under_another_hash_is_corrupt(self, store, bundle):
        publish(store, bundle)
        _, index = store.fetch(None)
        first, second = index.assessments[:2]
        self.write(store, part_name(first.slug, first.part), self.read(store, part_name(second.slug, second.part)))
        with pytest.raises(CorruptBundle):
            store.assessment(index, 0)

    def test_a_cold_reader_reads_the_index_then_only_each_assessment_asked_for_once(self, store, bundle):
        publish(store, bundle)
        reads = Reads(store)
        catalog = ContentCache(reads, interval=60, clock=Clock()).current()

        assert reads.read == ["index"]
        assert {e.slug for e in catalog.entries()} == {a.slug for a in bundle.assessments}
        assert reads.read == ["index"]  # listing, cards: from the index alone
        assert catalog.prepared(SEED).assessment == next(a for a in bundle.assessments if a.slug == SEED)
        catalog.assessment(SEED)
        catalog.prepared(OTHER)
        assert reads.read == ["index", SEED, OTHER]

    def test_a_new_version_reads_again_only_the_assessments_it_changed_and_a_rollback_serves_the_old(
        self, store, bundle, revised
    ):
        publish(store, bundle)
        reads, clock = Reads(store), Clock()
        content = ContentCache(reads, interval=60, clock=clock)
        first = content.current()
        first.assessment(SEED), first.assessment(OTHER)

        publish(store, revised)
        clock.now += 60
        second = content.current()
        assert second.version == revised.version != bundle.version
        assert second.assessment(SEED).intro["en"] == "Revised." and second.assessment(OTHER)
        assert reads.read == ["index", SEED, OTHER, "index", SEED]  # OTHER did not change: kept, not read

        rollback(store, bundle.version)
        clock.now += 60
        third = content.current()
        assert third.version == bundle.version
        assert third.assessment(SEED).intro == first.assessment(SEED).intro

    @pytest.mark.parametrize("how", ["not JSON", "edited after hashing", "unsafe, with every hash recomputed"])
    def test_a_corrupt_assessment_is_refused_while_the_others_keep_serving(self, store, bundle, how):
        publish(store, bundle)
        self.damage(store, SEED, how)
        catalog = ContentCache(store, interval=60, clock=Clock()).current()

        assert catalog.assessment(OTHER).slug == OTHER
        with pytest.raises(Problem) as refused:
            catalog.assessment(SEED)
        assert refused.value.status == 503 and dict(refused.value.headers)["Retry-After"]
        assert SEED in {e.slug for e in catalog.entries()}  # its card still shows

    def test_a_warm_reader_serves_its_last_good_copy_of_an_assessment_a_new_version_breaks(self, store, bundle):
        publish(store, bundle)
        clock = Clock()
        content = ContentCache(store, interval=60, clock=clock)
        before = content.current().prepared(SEED)
        self.damage(store, SEED, "unsafe, with every hash recomputed")  # a new version: only SEED's object differs

        clock.now += 60
        catalog = content.current()
        assert catalog.version != bundle.version
        assert catalog.assessment(SEED) == before.assessment
        assert catalog.prepared(SEED).content_version == bundle.version  # served as the version it comes from
        assert catalog.prepared(OTHER).content_version == catalog.version
        with pytest.raises(Problem):
            ContentCache(store, interval=60, clock=Clock()).current().assessment(SEED)  # a cold reader has none

    def test_the_app_answers_503_for_a_corrupt_assessment_and_serves_the_others(
        self, store, bundle, client, monkeypatch, capsys
    ):
        publish(store, bundle)
        self.damage(store, SEED, "edited after hashing")
        self.serve(store, monkeypatch)

        refused = post_json(client, f"/v1/assessments/{SEED}/responses", {"answers": ANSWERS})
        assert refused.status_code == 503 and refused.headers["Content-Type"] == "application/problem+json"
        assert refused.headers["Retry-After"] and refused.json_body["title"] == "Content unavailable"
        assert client.http.get(f"/assessments/{SEED}").status_code == 503
        assert client.http.get(f"/v1/assessments/{OTHER}").status_code == 200
        assert client.http.get(f"/assessments/{OTHER}").status_code == 200
        library = client.http.get("/v1/library")
        assert library.status_code == 200 and library.headers["X-Content-Version"] == bundle.version
        log = capsys.readouterr().out
        assert f'"event":"content_store_failed","error":"CorruptBundle","assessment":"{SEED}"' in log


class TestFolderStore(StoreContract):
    @pytest.fixture
    def store(self, tmp_path):
        return FolderWriter(tmp_path / "published")

    def write(self, store, name: str, body: bytes) -> None:
        path = store.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)

    def read(self, store, name: str) -> bytes:
        return (store.folder / name).read_bytes()

    def names(self, store) -> set[str]:
        return {str(p.relative_to(store.folder)) for p in store.folder.rglob("*") if p.is_file()}

    def serve(self, store, monkeypatch) -> None:
        monkeypatch.setenv("CONTENT_SOURCE", "folder")
        monkeypatch.setenv("CONTENT_DIR", str(store.folder))


class TestS3Store(StoreContract):
    @pytest.fixture
    def store(self, aws):
        s3_client().create_bucket(Bucket=BUCKET)
        return S3Writer(s3_client, BUCKET, "site/content")

    def write(self, store, name: str, body: bytes) -> None:
        s3_client().put_object(Bucket=BUCKET, Key=store.key(name), Body=body)

    def read(self, store, name: str) -> bytes:
        return s3_client().get_object(Bucket=BUCKET, Key=store.key(name))["Body"].read()

    def names(self, store) -> set[str]:
        listed = s3_client().list_objects_v2(Bucket=BUCKET)["Contents"]
        return {item["Key"].removeprefix("site/content/") for item in listed}

    def serve(self, store, monkeypatch) -> None:
        monkeypatch.setenv("CONTENT_SOURCE", "s3")
        monkeypatch.setenv("CONTENT_BUCKET", BUCKET)
        monkeypatch.setenv("CONTENT_PREFIX", store.prefix)
