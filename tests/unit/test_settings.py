"""Settings are read from the environment once per process, as a Lambda instance would, and again on reload."""

from __future__ import annotations

import os

import pytest

from chalicelib.runtime import settings


def test_settings_are_read_once_and_again_after_reload(monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://first.example")  # the test fixture reloads after each change
    first = settings.current()
    assert first.site_url == "https://first.example"

    os.environ["SITE_URL"] = "https://second.example"  # behind the app's back, as nothing does in production
    assert settings.current() is first

    settings.reload()
    assert settings.current().site_url == "https://second.example"


def test_invalid_settings_are_refused_on_every_read_and_never_kept(monkeypatch):
    monkeypatch.setenv("CONTENT_REVALIDATE_SECONDS", "-1")
    for _ in range(2):
        with pytest.raises(ValueError, match="content_revalidate_seconds"):
            settings.current()
    monkeypatch.setenv("CONTENT_REVALIDATE_SECONDS", "5")
    assert settings.current().content_revalidate_seconds == 5
