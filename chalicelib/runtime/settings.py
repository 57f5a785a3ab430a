"""Settings from the environment, read on first use (never at import time, so test stages apply)."""

from __future__ import annotations

import os
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # s3: published bundles in S3; folder: the same layout in a folder (CONTENT_DIR); baked: the bundle in the
    # package, no network.
    content_source: Literal["folder", "s3", "baked"] = "baked"
    content_dir: str | None = None
    content_bucket: str | None = None
    content_prefix: str = Field("content", pattern=r"^[A-Za-z0-9._/-]*$")
    site_url: str = Field("http://127.0.0.1:8000", pattern=r"^https?://[^/\s]+$")
    content_revalidate_seconds: float = Field(60, ge=0, le=3600)


@cache
def current() -> Settings:
    """The settings of this process, from the upper-case environment variable of each field (CONTENT_SOURCE, ...).

    Read once: a Lambda instance's environment is fixed for its life. Whoever changes the environment of a
    running process (tests, the benchmark) calls `reload()`. Invalid settings raise ValueError on every call.
    """
    return Settings(**{name: value for name in Settings.model_fields if (value := os.environ.get(name.upper()))})


def reload() -> None:
    """Read the environment again on next use."""
    current.cache_clear()
