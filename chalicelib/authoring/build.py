"""Make the files the service reads at run time from their sources. They are never committed, so no copy can
go stale: `make run`, `make test` (tests/conftest.py) and the package step each build them first.

- `chalicelib/web/static/embed-*`: the widget/ scripts and styles (Chalice packages only chalicelib/), the frame's
  stylesheet after the site's shared.css;
- `chalicelib/runtime/fallback/`: the content a cold instance serves when S3 cannot be read (a published folder);
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
COMPACTED = {"loader.js", "frame.js", "conditions.js", "questionnaire.js"}
"""Shipped without comment lines and indentation: every partner page loads the loader and every frame its scripts,
and their budgets count bytes (tests/budgets.py). The sources keep their comments; nothing else changes (no line of
them spans lines: no multi-line strings or template literals)."""


def build(bundle: Bundle, fallback: Path = FALLBACK_BUNDLE) -> list[Path]:
    """Write every generated file from its source, the fallback from `bundle`; return the paths written."""
    written = []
    for old in STATIC_DIR.glob("embed-*"):  # a file no longer shipped must not linger into a package
        if old.name not in SHIPPED:
            old.unlink()
    for shipped, sources in SHIPPED.items():
        target = STATIC_DIR / shipped
        target.write_bytes(b"\n".join(shipped_source(source) for source in sources))
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


def shipped_source(source: str) -> bytes:
    """A widget/ source as it ships: after what is prepended to it, and compacted where it is listed."""
    head = PREPENDED[source].read_bytes() if source in PREPENDED else b""
    body = (WIDGET_DIR / source).read_bytes()
    if source in COMPACTED:
        lines = (line.strip() for line in body.decode("utf-8").splitlines())
        body = "".join(f"{line}\n" for line in lines if line and not line.startswith("//")).encode("utf-8")
    return head + body


if __name__ == "__main__":  # `make run` and `make test`: content/ as it is (the package step runs the gates first)
    build(load_folder(REPO_CONTENT))
