"""Settings from the environment, read on first use (never at import time, so test stages apply)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

REPO_CONTENT = Path(__file__).resolve().parent.parent / "content"


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    content_source: Literal["folder", "s3"] = "folder"
    content_dir: str = str(REPO_CONTENT)
    content_bucket: str | None = None
    content_prefix: str = Field("content", pattern=r"^[A-Za-z0-9._/-]*$")
    site_url: str = Field("http://127.0.0.1:8000", pattern=r"^https?://[^/\s]+$")


def current() -> Settings:
    """The settings in force now: CONTENT_SOURCE, CONTENT_DIR, CONTENT_BUCKET, CONTENT_PREFIX, SITE_URL."""
    names = {"content_source", "content_dir", "content_bucket", "content_prefix", "site_url"}
    return Settings(**{name: os.environ[name.upper()] for name in names if os.environ.get(name.upper())})
