"""Make the files the service reads at run time from their sources. They are never committed, so no copy can
go stale: `make run`, `make test` (tests/conftest.py) and the package step each build them first.

- `chalicelib/web/static/embed-*`: the widget/ scripts and styles (Chalice packages only chalicelib/), the frame's
  stylesheet after the site's shared.css, the loader with its words from the message catalogs;
- `chalicelib/runtime/fallback/`: the content a cold instance serves when S3 cannot be read (a published folder);
- `chalicelib/web/locales/*/LC_MESSAGES/messages.mo`: the message catalogs, compiled from their `.po`.
"""

from __future__ import annotations

import json
from pathlib import Path

import rjsmin  # build time only (the `run` group): Lambda serves the minified copies
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from chalicelib.authoring.publishing import write_fallback
from chalicelib.authoring.source import REPO_CONTENT, load_folder
from chalicelib.core.content import Bundle
from chalicelib.core.fields import DEFAULT_LOCALE
from chalicelib.runtime.provider import FALLBACK_BUNDLE
from chalicelib.web.assets import STATIC_DIR
from chalicelib.web.pages import LOCALES_DIR
from chalicelib.web.seo import localized
from chalicelib.web.words import LOADER_WORDS

WIDGET_DIR = Path(__file__).resolve().parents[2] / "widget"
SHIPPED = {
    "embed-loader.js": ("loader.js",),
    "embed-frame.js": ("frame.js",),
    "embed-questionnaire.js": ("frame.js", "conditions.js", "questionnaire.js"),
    "embed-questionnaire.css": ("questionnaire.css",),
    "embed-demo.js": ("demo.js",),
    "embed-demo.css": ("demo.css",),
}
"""Name in chalicelib/web/static/ (flat, prefixed by owner) -> the widget/ sources it is made of, in order.
The questionnaire frame carries one script, its three sources joined, written into its page with the stylesheet
(docs/benchmarks.md, "Where the first question's time goes"); a message page carries only the frame's part."""
PREPENDED = {"questionnaire.css": STATIC_DIR / "shared.css"}
"""Sources written ahead of a widget file in its copy: the frame's stylesheet starts with the site's shared look
(tokens and parts), so one source styles both and no copy is kept by hand."""
MINIFIED = {"loader.js", "frame.js", "conditions.js", "questionnaire.js"}
"""Shipped minified by rjsmin (comments and spaces out, strings, template literals and regular expressions as
written): every partner page loads the loader and every frame its scripts, and their budgets count bytes
(tests/budgets.py). The sources keep their comments."""
LOADER = "loader.js"
WORDS_TOKEN = "LOADER_WORDS"
"""Where the loader's source takes its words: the build writes there, by language, the loader's words
(words.LOADER_WORDS) as each message catalog has them, English's as written, and the site's path for the language."""


def build(bundle: Bundle, fallback: Path = FALLBACK_BUNDLE) -> list[Path]:
    """Write every generated file from its source, the fallback from `bundle`; return the paths written."""
    written = []
    # A file no longer made from a source (a widget file, a catalog whose .po is gone) must not linger into a package.
    for old in [*STATIC_DIR.glob("embed-*"), *LOCALES_DIR.glob("*/LC_MESSAGES/*.mo")]:
        if old.name not in SHIPPED and not old.with_suffix(".po").exists():
            old.unlink()
    for shipped, sources in SHIPPED.items():
        target = STATIC_DIR / shipped
        target.write_bytes(b"\n".join(shipped_source(source) for source in sources))
        written.append(target)
    for locale, catalog in catalogs().items():
        mo = LOCALES_DIR / locale / "LC_MESSAGES" / "messages.mo"
        with mo.open("wb") as target_file:
            write_mo(target_file, catalog)
        written.append(mo)
    write_fallback(bundle, fallback)
    written.append(fallback)
    return written


def shipped_source(source: str) -> bytes:
    """A widget/ source as it ships: after what is prepended to it, the loader with its words, minified where it
    is listed."""
    head = PREPENDED[source].read_bytes() if source in PREPENDED else b""
    body = (WIDGET_DIR / source).read_text(encoding="utf-8")
    if source == LOADER:
        if body.count(WORDS_TOKEN) != 1:
            raise ValueError(f"widget/{LOADER} must name {WORDS_TOKEN} once, where its words go")
        body = body.replace(WORDS_TOKEN, json.dumps(loader_words(), ensure_ascii=False, separators=(",", ":")))
    if source in MINIFIED:
        body = rjsmin.jsmin(body) + "\n"
    return head + body.encode("utf-8")


def loader_words() -> dict[str, list[str]]:
    """locale -> [the frame's title, the link shown when the frame cannot load, the site's path for the locale],
    for English (the catalogs' source strings) and every locale with a catalog."""
    words = {}
    for locale, catalog in {DEFAULT_LOCALE: None, **catalogs()}.items():
        said = [_translated(catalog, LOADER_WORDS[name]) for name in ("title", "open")]
        words[locale] = [*said, localized("/", locale).removeprefix("/")]
    return words


def catalogs() -> dict[str, Catalog]:
    """Every locale's message catalog, read from its `.po`."""
    found = {}
    for po in sorted(LOCALES_DIR.glob("*/LC_MESSAGES/messages.po")):
        with po.open("rb") as source_file:
            found[po.parts[-3]] = read_po(source_file, locale=po.parts[-3])
    return found


def _translated(catalog: Catalog | None, message: str) -> str:
    """`message` as gettext gives it from `catalog`: its translation, or itself when there is none (or fuzzy)."""
    found = catalog.get(message) if catalog is not None else None
    return found.string if found is not None and found.string and not found.fuzzy else message


if __name__ == "__main__":  # `make run` and `make test`: content/ as it is (the package step runs the gates first)
    build(load_folder(REPO_CONTENT))
