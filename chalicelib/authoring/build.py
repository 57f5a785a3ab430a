"""Make the files the service reads at run time from their sources. They are never committed, so no copy can
go stale: `make run`, `make test` (tests/conftest.py) and the package step each build them first.

- `chalicelib/web/static/embed-*`: the widget/ scripts and styles (Chalice packages only chalicelib/);
- `chalicelib/runtime/fallback/bundle.json`: the content a cold instance serves when S3 cannot be read;
- `chalicelib/web/locales/*/LC_MESSAGES/messages.mo`: the message catalogs, compiled from their `.po`.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from chalicelib.authoring.publishing import write_fallback
from chalicelib.authoring.source import REPO_CONTENT, load_folder
from chalicelib.core.content import Bundle
from chalicelib.runtime.provider import FALLBACK_BUNDLE
from chalicelib.web.assets import STATIC_DIR
from chalicelib.web.pages import LOCALES_DIR

WIDGET_DIR = Path(__file__).resolve().parents[2] / "widget"
SHIPPED = {
    "loader.js": "embed-loader.js",
    "frame.js": "embed-frame.js",
    "conditions.js": "embed-conditions.js",
    "questionnaire.js": "embed-questionnaire.js",
    "questionnaire.css": "embed-questionnaire.css",
    "demo.js": "embed-demo.js",
    "demo.css": "embed-demo.css",
}
"""widget/ source name -> its name in chalicelib/web/static/ (flat, prefixed by owner)."""


def build(bundle: Bundle, fallback: Path = FALLBACK_BUNDLE) -> list[Path]:
    """Write every generated file from its source, the fallback from `bundle`; return the paths written."""
    written = []
    for source, shipped in SHIPPED.items():
        target = STATIC_DIR / shipped
        target.write_bytes((WIDGET_DIR / source).read_bytes())
        written.append(target)
    for po in sorted(LOCALES_DIR.glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as source_file:
            catalog = read_po(source_file, locale=po.parts[-3])
        with po.with_suffix(".mo").open("wb") as target_file:
            write_mo(target_file, catalog)
        written.append(po.with_suffix(".mo"))
    write_fallback(bundle, fallback)
    written.append(fallback)
    return written


if __name__ == "__main__":  # `make run` and `make test`: content/ as it is (the package step runs the gates first)
    build(load_folder(REPO_CONTENT))
