"""The catalog being served: loaded from the configured store on first use, then kept in memory."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

from chalicelib import settings as settings_module
from chalicelib.content.catalog import Catalog
from chalicelib.content.stores import ContentStore, FolderStore, S3Store
from chalicelib.problems import Problem

log = logging.getLogger(__name__)
_catalogs: dict[settings_module.Settings, Catalog] = {}


@lru_cache(maxsize=1)
def s3_client() -> Any:
    """One boto3 S3 client, made on first use (boto3 is imported only when S3 is really needed)."""
    import boto3
    from botocore.config import Config

    config = Config(connect_timeout=2, read_timeout=4, retries={"max_attempts": 3, "mode": "standard"})
    return boto3.client("s3", config=config)


def store_for(settings: settings_module.Settings) -> ContentStore:
    if settings.content_source == "s3":
        if not settings.content_bucket:
            raise ValueError("CONTENT_SOURCE is s3 but CONTENT_BUCKET is not set")
        return S3Store(s3_client, settings.content_bucket, settings.content_prefix)
    return FolderStore(Path(settings.content_dir))


def current_catalog() -> Catalog:
    """The catalog to serve, or a 503 Problem when no valid content can be had."""
    try:
        settings = settings_module.current()
        catalog = _catalogs.get(settings)
        if catalog is None:
            catalog = Catalog(store_for(settings).load())
            _catalogs[settings] = catalog
        return catalog
    except Exception as error:  # any store failure must become a calm 503, never a 500
        log.error("content unavailable: %s", type(error).__name__)
        raise Problem(
            503,
            "Content unavailable",
            "The assessments cannot be loaded right now. Please try again soon.",
            headers=(("Retry-After", "30"),),
        ) from None


def reset() -> None:
    """Forget loaded content and clients (tests, and after settings change)."""
    _catalogs.clear()
    s3_client.cache_clear()
