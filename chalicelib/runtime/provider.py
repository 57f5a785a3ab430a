"""The catalog being served: fetched on first use, kept in memory, revalidated every few seconds.

A cold instance fetches the index (current.json), then each assessment when it is first asked for; a warm one
serves from memory and, once the revalidation interval has passed, asks the store with one conditional request
whether anything changed. When the store fails, a warm instance keeps its last good catalog and a cold one serves
the bundle baked into the package; only with neither is the content unavailable (a calm 503, never a 500). An
assessment that cannot be read is served as this instance last served it, else a 503 for it alone: the others keep
being served.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from chalicelib.core.content import Assessment, LibraryIndex
from chalicelib.core.problems import Problem
from chalicelib.runtime import settings as settings_module
from chalicelib.runtime.catalog import Catalog
from chalicelib.runtime.logs import emit
from chalicelib.runtime.stores import ContentStore, FolderStore, S3Store

# Each S3 call: at most 2 attempts of (1 s connect + 2 s read), plus at most 2 s of retry back-off.
# A cold start makes two calls (index, the assessment asked for): 2 * (2 * 3 + 2) = 16 s worst case, under API
# Gateway's 29 s. An assessment first asked for on a warm instance is one such call.
S3_CONNECT_TIMEOUT = 1
S3_READ_TIMEOUT = 2
S3_ATTEMPTS = 2
# A warm instance revalidating holds good content: one attempt of (0.2 s connect + 0.3 s read) per call, then
# the last good content again. Only the one request that revalidates waits; every other one is served at once.
REVALIDATE_CONNECT_TIMEOUT = 0.2
REVALIDATE_READ_TIMEOUT = 0.3
REVALIDATE_ATTEMPTS = 1
RETRY_AFTER_SECONDS = 30
FALLBACK_BUNDLE = Path(__file__).resolve().parent / "fallback"
"""A published folder baked into the deployment package (`python -m chalicelib.authoring build`): served cold when S3
cannot be read."""


class ContentUnavailable(Exception):
    """Neither the store, nor a last good catalog, nor a baked bundle could be had."""


@lru_cache(maxsize=1)
def s3_client() -> Any:
    """One boto3 S3 client, made on first use (boto3 is imported only when S3 is really needed)."""
    return _client(S3_CONNECT_TIMEOUT, S3_READ_TIMEOUT, S3_ATTEMPTS)


@lru_cache(maxsize=1)
def s3_revalidation_client() -> Any:
    """The client a warm instance revalidates with: short timeouts and no retry (it has content to serve)."""
    return _client(REVALIDATE_CONNECT_TIMEOUT, REVALIDATE_READ_TIMEOUT, REVALIDATE_ATTEMPTS)


def _client(connect: float, read: float, attempts: int) -> Any:
    import boto3
    from botocore.config import Config

    config = Config(
        connect_timeout=connect, read_timeout=read, retries={"total_max_attempts": attempts, "mode": "standard"}
    )
    return boto3.client("s3", config=config)


def baked() -> FolderStore:
    """The bundle baked into the package at build time (a published folder)."""
    return FolderStore(FALLBACK_BUNDLE)


class ContentCache:
    """The catalog of one store, refreshed at most every `interval` seconds of `clock`.

    Cold (nothing held), requests wait for the one fetch: there is nothing else to serve. Warm, at most one
    request revalidates (through `revalidator`, the store with short timeouts) while every other request is
    served what is held at once: none waits behind the refresh lock, however long the store takes.
    """

    def __init__(
        self,
        store: ContentStore,
        *,
        interval: float,
        revalidator: ContentStore | None = None,
        fallback: ContentStore | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self._store = store
        self._revalidator = revalidator or store
        self._interval = interval
        self._fallback = fallback
        self._clock = clock
        self._lock = threading.Lock()
        self._catalog: Catalog | None = None
        self._tag: str | None = None
        self._due = 0.0
        self.origin = "none"  # "store" or "fallback": where the catalog in memory came from

    @property
    def catalog(self) -> Catalog | None:
        """What is in memory now, without asking the store."""
        return self._catalog

    def current(self) -> Catalog:
        """The catalog to serve, revalidated if due; ContentUnavailable when there is nothing to serve."""
        held = self._catalog
        if held is not None and self._clock() < self._due:
            return held
        if held is not None:
            if not self._lock.acquire(blocking=False):
                return held  # another request is revalidating: serve what is held, never wait behind it
            try:
                if self._clock() >= self._due:
                    self._refresh(self._revalidator)
                return self._catalog
            finally:
                self._lock.release()
        with self._lock:  # cold: one fetch at a time; the others wait and then use its result
            if self._catalog is None or self._clock() >= self._due:
                self._refresh(self._store)
            return self._catalog

    def _refresh(self, store: ContentStore) -> None:
        try:
            fetched = store.fetch(self._tag)
        except Exception as error:  # any store fault: keep what we have, or fall back
            self._keep_or_fall_back(error)
        else:
            if fetched is not None:
                self._tag, index = fetched
                if self._catalog is None or self._catalog.version != index.version:
                    self._catalog = Catalog(index, _reader(self._store, index), previous=self._catalog)
                    emit("content_loaded", content_version=index.version)
                self.origin = "store"
        self._due = self._clock() + self._interval

    def _keep_or_fall_back(self, error: Exception) -> None:
        if self._catalog is None:
            index = self._fallback_index()
            if index is None:
                emit("content_store_failed", logging.ERROR, error=_describe(error), serving=None)
                raise ContentUnavailable from None
            self._catalog, self._tag, self.origin = Catalog(index, _reader(self._fallback, index)), None, "fallback"
        emit(
            "content_store_failed",
            logging.WARNING,
            error=_describe(error),
            serving=self._catalog.version,
            origin=self.origin,
        )

    def _fallback_index(self) -> LibraryIndex | None:
        if self._fallback is None:
            return None
        try:
            return self._fallback.fetch(None)[1]
        except Exception as error:  # missing or corrupt: nothing to fall back on
            emit("fallback_unusable", logging.ERROR, error=type(error).__name__)
            return None


def _reader(store: ContentStore, index: LibraryIndex) -> Callable[[int], Assessment]:
    """How a catalog reads an assessment of `index` from `store`: on any fault, logged, a 503 for that assessment
    (which the catalog answers with its last good copy when it has one)."""

    def read(position: int) -> Assessment:
        try:
            return store.assessment(index, position)
        except Exception as error:
            slug = index.assessments[position].slug
            emit("content_store_failed", logging.ERROR, error=_describe(error), assessment=slug, version=index.version)
            raise unavailable() from None

    return read


def unavailable() -> Problem:
    return Problem(
        503,
        "Content unavailable",
        "The assessments cannot be loaded right now. Please try again soon.",
        headers=(("Retry-After", str(RETRY_AFTER_SECONDS)),),
    )


def _describe(error: Exception) -> str:
    """The error's type and AWS code: enough to act on, and never any content or request data."""
    code = (getattr(error, "response", None) or {}).get("Error", {}).get("Code")
    return f"{type(error).__name__}:{code}" if code else type(error).__name__


_caches: dict[settings_module.Settings, ContentCache] = {}
_caches_lock = threading.Lock()


def store_for(settings: settings_module.Settings, *, revalidating: bool = False) -> ContentStore:
    if settings.content_source == "s3":
        if not settings.content_bucket:
            raise ValueError("CONTENT_SOURCE is s3 but CONTENT_BUCKET is not set")
        client = s3_revalidation_client if revalidating else s3_client
        return S3Store(client, settings.content_bucket, settings.content_prefix)
    if settings.content_source == "baked":
        return baked()
    if not settings.content_dir:
        raise ValueError("CONTENT_SOURCE is folder but CONTENT_DIR is not set")
    return FolderStore(Path(settings.content_dir))


def revalidator_for(settings: settings_module.Settings) -> ContentStore:
    """The store a warm instance revalidates with (S3 with short timeouts; other stores are local)."""
    return store_for(settings, revalidating=True)


def cache_for(settings: settings_module.Settings) -> ContentCache:
    with _caches_lock:
        cache = _caches.get(settings)
        if cache is None:
            cache = _caches[settings] = ContentCache(
                store_for(settings),
                revalidator=revalidator_for(settings),
                interval=settings.content_revalidate_seconds,
                fallback=baked(),
            )
        return cache


def current_catalog() -> Catalog:
    """The catalog to serve, or a 503 Problem when no valid content can be had."""
    try:
        return cache_for(settings_module.current()).current()
    except Exception as error:  # settings or store trouble must become a calm 503, never a 500
        if not isinstance(error, ContentUnavailable):
            emit("content_unavailable", logging.ERROR, error=type(error).__name__)
        raise unavailable() from None


def served_catalog() -> Catalog | None:
    """The catalog in memory for the current settings, without fetching anything."""
    try:
        cache = _caches.get(settings_module.current())
    except ValueError:
        return None
    return cache.catalog if cache else None


def reset() -> None:
    """Forget the settings, loaded content and clients (tests, and after the environment changes)."""
    settings_module.reload()
    with _caches_lock:
        _caches.clear()
    s3_client.cache_clear()
    s3_revalidation_client.cache_clear()
