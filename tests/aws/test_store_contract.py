"""One contract for every content store: the same cases run on the folder store and on the S3 store (moto).

A store holds published bundles (`bundles/<version>.json`) and a pointer (`current.json`) naming the current
one; `fetch(known)` answers the pointer's tag and its bundle, or None when the tag is still `known`.
"""

from __future__ import annotations

import json

import pytest

from chalicelib.authoring.publishing import publish, rollback
from chalicelib.authoring.store_writers import FolderWriter, PointerMoved, S3Writer, UnknownVersion
from chalicelib.runtime.bundle import CorruptBundle, content_version, parts, to_json
from chalicelib.runtime.provider import s3_client

BUCKET = "contract-test"


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
        tag, fetched = store.fetch(None)
        assert fetched == bundle
        assert store.pointer().version == bundle.version

    def test_the_layout_is_a_pointer_and_bundles_named_by_version(self, store, bundle):
        publish(store, bundle)
        assert self.names(store) == {"current.json", f"bundles/{bundle.version}.json"}
        assert json.loads(self.read(store, "current.json")) == {"version": bundle.version}
        assert self.read(store, f"bundles/{bundle.version}.json") == to_json(bundle)

    def test_fetching_again_with_the_tag_held_answers_unchanged(self, store, bundle):
        publish(store, bundle)
        tag, _ = store.fetch(None)
        assert store.fetch(tag) is None

    def test_a_new_publish_changes_the_tag_and_the_bundle(self, store, bundle, newer):
        publish(store, bundle)
        tag, _ = store.fetch(None)
        publish(store, newer)
        new_tag, fetched = store.fetch(tag)
        assert new_tag != tag and fetched == newer

    def test_publishing_the_same_content_twice_changes_nothing(self, store, bundle):
        assert publish(store, bundle).changed is True
        assert publish(store, bundle).changed is False

    def test_rollback_points_back_at_an_earlier_bundle(self, store, bundle, newer):
        publish(store, bundle)
        publish(store, newer)
        assert rollback(store, bundle.version).changed is True
        assert store.fetch(None)[1] == bundle

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

    def test_a_bundle_stored_under_another_version_is_corrupt(self, store, bundle, newer):
        publish(store, bundle)
        self.write(store, f"bundles/{bundle.version}.json", to_json(newer))
        with pytest.raises(CorruptBundle):
            store.fetch(None)


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
