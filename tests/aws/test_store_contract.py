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
from chalicelib.runtime.bundle import CorruptBundle, content_version, part_name, parts
from chalicelib.runtime.provider import s3_client

BUCKET = "contract-test"


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

    @pytest.fixture
    def newer(self, bundle):
        library = bundle.library.model_copy(update={"title": {"en": "The Assessment Library (newer)"}})
        changed = bundle.model_copy(update={"library": library})
        return changed.model_copy(update={"version": content_version(*parts(changed))})

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
