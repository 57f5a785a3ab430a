"""Settings from the environment, read on first use (never at import time, so test stages apply)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

REPO_CONTENT = Path(__file__).resolve().parent.parent / "content"


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    content_source: Literal["folder", "s3", "baked"] = "folder"  # baked: the bundle in the package, no network
    content_dir: str = str(REPO_CONTENT)
    content_bucket: str | None = None
    content_prefix: str = Field("content", pattern=r"^[A-Za-z0-9._/-]*$")
    site_url: str = Field("http://127.0.0.1:8000", pattern=r"^https?://[^/\s]+$")
    content_revalidate_seconds: float = Field(60, ge=0, le=3600)


def current() -> Settings:
    """The settings in force now, from the upper-case environment variable of each field (CONTENT_SOURCE, ...)."""
    return _parsed(tuple((name, os.environ.get(name.upper())) for name in Settings.model_fields))


@lru_cache(maxsize=16)
def _parsed(values: tuple[tuple[str, str | None], ...]) -> Settings:
    # Read on every request (tests and stages change the environment), parsed once per distinct set of values.
    return Settings(**{name: value for name, value in values if value})
