"""The catalog being served: fetched on first use, kept in memory, revalidated every few seconds.

A cold instance fetches the pointer and one bundle; a warm one serves from memory and, once the
revalidation interval has passed, asks the store with one conditional request whether anything changed.
When the store fails, a warm instance keeps its last good catalog and a cold one serves the bundle baked
into the package; only with neither is the content unavailable (a calm 503, never a 500).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from chalicelib.core.content import Bundle
from chalicelib.core.problems import Problem
from chalicelib.runtime import bundle as bundle_json
from chalicelib.runtime import settings as settings_module
from chalicelib.runtime.catalog import Catalog
from chalicelib.runtime.logs import emit
from chalicelib.runtime.stores import BundleFileStore, ContentStore, FolderStore, S3Store

# Each S3 call: at most 2 attempts of (1 s connect + 2 s read), plus at most 2 s of retry back-off.
# A cold start makes two calls (pointer, bundle): 2 * (2 * 3 + 2) = 16 s worst case, under API Gateway's 29 s.
S3_CONNECT_TIMEOUT = 1
S3_READ_TIMEOUT = 2
S3_ATTEMPTS = 2
RETRY_AFTER_SECONDS = 30
FALLBACK_BUNDLE = Path(__file__).resolve().parent / "fallback" / "bundle.json"
"""Baked into the deployment package (`python -m chalicelib.authoring build`): served cold when S3 cannot be read."""


class ContentUnavailable(Exception):
    """Neither the store, nor a last good catalog, nor a baked bundle could be had."""


@lru_cache(maxsize=1)
def s3_client() -> Any:
    """One boto3 S3 client, made on first use (boto3 is imported only when S3 is really needed)."""
    import boto3
    from botocore.config import Config

    config = Config(
        connect_timeout=S3_CONNECT_TIMEOUT,
        read_timeout=S3_READ_TIMEOUT,
        retries={"total_max_attempts": S3_ATTEMPTS, "mode": "standard"},
    )
    return boto3.client("s3", config=config)


@lru_cache(maxsize=1)
def baked_bundle() -> Bundle | None:
    """The bundle baked into the package at build time, or None when it is missing or corrupt."""
    try:
        return bundle_json.from_json(FALLBACK_BUNDLE.read_bytes())
    except (OSError, bundle_json.CorruptBundle) as error:
        emit("fallback_unusable", logging.ERROR, error=type(error).__name__)
        return None


class ContentCache:
    """The catalog of one store, refreshed at most every `interval` seconds of `clock`."""

    def __init__(
        self,
        store: ContentStore,
        *,
        interval: float,
        fallback: Callable[[], Bundle | None] = baked_bundle,
        clock: Callable[[], float] = time.monotonic,
    ):
        self._store = store
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
        if self._catalog is not None and self._clock() < self._due:
            return self._catalog
        with self._lock:  # one refresh at a time; the others wait and then use its result
            if self._catalog is not None and self._clock() < self._due:
                return self._catalog
            self._refresh()
            return self._catalog

    def _refresh(self) -> None:
        try:
            fetched = self._store.fetch(self._tag)
        except Exception as error:  # any store fault: keep what we have, or fall back
            self._keep_or_fall_back(error)
        else:
            if fetched is not None:
                self._tag, bundle = fetched
                if self._catalog is None or self._catalog.version != bundle.version:
                    self._catalog = Catalog(bundle)
                    emit("content_loaded", content_version=bundle.version)
                self.origin = "store"
        self._due = self._clock() + self._interval

    def _keep_or_fall_back(self, error: Exception) -> None:
        if self._catalog is None:
            baked = self._fallback()
            if baked is None:
                emit("content_store_failed", logging.ERROR, error=_describe(error), serving=None)
                raise ContentUnavailable from None
            self._catalog, self._tag, self.origin = Catalog(baked), None, "fallback"
        emit(
            "content_store_failed",
            logging.WARNING,
            error=_describe(error),
            serving=self._catalog.version,
            origin=self.origin,
        )


def _describe(error: Exception) -> str:
    """The error's type and AWS code: enough to act on, and never any content or request data."""
    code = (getattr(error, "response", None) or {}).get("Error", {}).get("Code")
    return f"{type(error).__name__}:{code}" if code else type(error).__name__


_caches: dict[settings_module.Settings, ContentCache] = {}
_caches_lock = threading.Lock()


def store_for(settings: settings_module.Settings) -> ContentStore:
    if settings.content_source == "s3":
        if not settings.content_bucket:
            raise ValueError("CONTENT_SOURCE is s3 but CONTENT_BUCKET is not set")
        return S3Store(s3_client, settings.content_bucket, settings.content_prefix)
    if settings.content_source == "baked":
        return BundleFileStore(FALLBACK_BUNDLE)
    if not settings.content_dir:
        raise ValueError("CONTENT_SOURCE is folder but CONTENT_DIR is not set")
    return FolderStore(Path(settings.content_dir))


def cache_for(settings: settings_module.Settings) -> ContentCache:
    with _caches_lock:
        cache = _caches.get(settings)
        if cache is None:
            cache = _caches[settings] = ContentCache(store_for(settings), interval=settings.content_revalidate_seconds)
        return cache


def current_catalog() -> Catalog:
    """The catalog to serve, or a 503 Problem when no valid content can be had."""
    try:
        return cache_for(settings_module.current()).current()
    except Exception as error:  # settings or store trouble must become a calm 503, never a 500
        if not isinstance(error, ContentUnavailable):
            emit("content_unavailable", logging.ERROR, error=type(error).__name__)
        raise Problem(
            503,
            "Content unavailable",
            "The assessments cannot be loaded right now. Please try again soon.",
            headers=(("Retry-After", str(RETRY_AFTER_SECONDS)),),
        ) from None


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
    baked_bundle.cache_clear()
