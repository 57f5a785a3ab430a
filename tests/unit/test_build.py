"""The build of the generated files: the widget's scripts minified by rjsmin, the loader's words from the catalogs."""

from __future__ import annotations

import json
import re

import pytest

from chalicelib.authoring import build
from chalicelib.web import words


@pytest.fixture
def widget(tmp_path, monkeypatch):
    monkeypatch.setattr(build, "WIDGET_DIR", tmp_path)
    return tmp_path


def test_a_template_literal_spanning_lines_ships_as_written_and_comments_do_not(widget):
    # The hand-written compaction trimmed every line: it broke this literal's second line and the "//" in it.
    (widget / "frame.js").write_text(
        "// a comment line\n(() => {\n  const page = `first line\n    // second line, indented`; /* gone */\n})();\n"
    )
    shipped = build.shipped_source("frame.js").decode()
    assert "`first line\n    // second line, indented`" in shipped
    assert "a comment line" not in shipped and "gone" not in shipped


def test_the_loader_carries_its_words_from_every_catalog_and_the_site_path_of_each_language():
    shipped = build.shipped_source("loader.js").decode()
    found = json.loads(re.search(r"const WORDS=(\{.*?\});", shipped).group(1))
    assert set(found) == {"en", *(po.parts[-3] for po in words.LOCALES_DIR.glob("*/LC_MESSAGES/messages.po"))}
    for locale, (title, link, path) in found.items():
        assert title == words.gettext(locale, words.LOADER_WORDS["title"])
        assert link == words.gettext(locale, words.LOADER_WORDS["open"])
        assert path == ("" if locale == "en" else f"{locale}/")
    assert found["es"][:2] == ["Cuestionario", "Abrir el cuestionario"]
    assert "LOADER_WORDS" not in shipped


def test_a_loader_source_without_its_words_place_is_refused(widget):
    (widget / "loader.js").write_text("(() => { const WORDS = {}; })();\n")
    with pytest.raises(ValueError, match="must name LOADER_WORDS once"):
        build.shipped_source("loader.js")
