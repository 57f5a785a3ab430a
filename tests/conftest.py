"""Shared fixtures: the real app through chalice.test.Client, content from content/, moto for S3."""

from __future__ import annotations

import functools
import json
import shutil
import tempfile
from pathlib import Path

import pytest
from chalice.test import Client

from chalicelib.authoring.build import build
from chalicelib.authoring.publishing import publish
from chalicelib.authoring.source import REPO_CONTENT, load_folder
from chalicelib.authoring.store_writers import FolderWriter
from chalicelib.core import content as models
from chalicelib.runtime import provider, settings
from chalicelib.runtime.stores import FolderStore

SEED = "how-to-ask-for-a-second-opinion"
TESTS = Path(__file__).resolve().parent
PUBLISHED = Path(tempfile.mkdtemp(prefix="published-content-"))
"""content/ published into a folder store at session start: what the app serves in tests."""


@functools.cache
def library_slugs() -> tuple[str, ...]:
    """Every assessment's slug in library order, read from content/library.yaml: what tests iterate (never a list
    kept by hand), cheap enough to read when tests are collected."""
    import yaml

    library = yaml.safe_load((REPO_CONTENT / "library.yaml").read_text(encoding="utf-8"))
    return tuple(slug for c in library["categories"] for t in c["topics"] for slug in t["assessments"])


def published_folder(sources: Path, folder: Path) -> Path:
    """The YAML sources in `sources` published into `folder` (a folder store's layout), for the app to serve."""
    publish(FolderWriter(folder), load_folder(sources))
    return folder


def pytest_sessionstart(session):
    """The generated files (widget copies, catalogs, fallback bundle) are made from their sources first, and
    content/ is published into a folder for the app to serve."""
    build(load_folder(REPO_CONTENT))
    published_folder(REPO_CONTENT, PUBLISHED)


def pytest_sessionfinish(session):
    shutil.rmtree(PUBLISHED, ignore_errors=True)


def _then_reload_settings(change):
    def changed(*args, **kwargs):
        change(*args, **kwargs)
        settings.reload()

    return changed


@pytest.fixture(autouse=True)
def fresh_content(monkeypatch):
    """Each test starts from content/ as published at session start into a folder store, with no cached
    catalog or S3 client and no AWS settings.

    The app reads its settings once per process (as a Lambda instance would), so every environment change
    a test makes through `monkeypatch` has the settings read again.
    """
    monkeypatch.setenv = _then_reload_settings(monkeypatch.setenv)
    monkeypatch.delenv = _then_reload_settings(monkeypatch.delenv)
    for name in ("CONTENT_SOURCE", "CONTENT_BUCKET", "CONTENT_PREFIX", "CONTENT_DIR", "AWS_ENDPOINT_URL_S3"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CONTENT_SOURCE", "folder")
    monkeypatch.setenv("CONTENT_DIR", str(PUBLISHED))
    provider.reset()
    yield
    provider.reset()


@pytest.fixture(scope="session")
def bundle():
    return load_folder(REPO_CONTENT)


@pytest.fixture(scope="session")
def catalog():
    """content/ as the app serves it: read from the published folder as a cold instance reads it."""
    return provider.ContentCache(FolderStore(PUBLISHED), interval=3600).current()


@pytest.fixture
def client():
    from app import app

    with Client(app, stage_name="test") as test_client:
        yield test_client


@pytest.fixture
def aws(monkeypatch):
    """moto's S3 in this process, with fake credentials (no AWS account, no network)."""
    from moto import mock_aws

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    with mock_aws():
        yield


def post_json(client, path: str, body, headers: dict[str, str] | None = None):
    """POST `body` (a dict, or raw str/bytes sent as is) as JSON."""
    raw = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.http.post(path, body=raw, headers={"Content-Type": "application/json", **(headers or {})})


def escalation_step(locale: str = "en") -> str:
    """The shared step a worsening answer puts first in the plan (content/shared/red-flags.yaml), as served."""
    import yaml

    from chalicelib.core.red_flags import RedFlagsFile

    screen = RedFlagsFile.model_validate(
        yaml.safe_load((REPO_CONTENT / "shared" / "red-flags.yaml").read_text(encoding="utf-8"))
    )
    return models.pick(screen.escalation_items["call-today"][0], locale)


def served_assessment(data: dict) -> models.Assessment:
    """An assessment written as YAML-shaped `data`, validated by the model."""
    return models.Assessment.model_validate(data)
