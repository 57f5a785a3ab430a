"""Widget build: copy the widget/ sources into chalicelib/static/, the only place Chalice packages them.

widget/ is where the scripts and styles are written; the shipped copies are generated, never edited.
`build-widget --check` (and tests/test_embed_shipped.py) fail when a copy is missing or out of date.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from chalicelib.web.assets import STATIC_DIR

WIDGET_DIR = Path(__file__).resolve().parents[3] / "widget"
SHIPPED = {
    "loader.js": "embed-loader.js",
    "frame.js": "embed-frame.js",
    "conditions.js": "embed-conditions.js",
    "questionnaire.js": "embed-questionnaire.js",
    "questionnaire.css": "embed-questionnaire.css",
    "demo.js": "embed-demo.js",
    "demo.css": "embed-demo.css",
}
"""widget/ source name -> name in chalicelib/static/ (flat, prefixed by owner)."""


def stale() -> list[str]:
    """The shipped names whose copy is missing or differs from its source."""
    return [
        shipped
        for source, shipped in SHIPPED.items()
        if not (STATIC_DIR / shipped).is_file()
        or (STATIC_DIR / shipped).read_bytes() != (WIDGET_DIR / source).read_bytes()
    ]


def build() -> list[str]:
    """Copy every stale source into chalicelib/static/; return the names written."""
    written = stale()
    by_shipped = {shipped: source for source, shipped in SHIPPED.items()}
    for shipped in written:
        (STATIC_DIR / shipped).write_bytes((WIDGET_DIR / by_shipped[shipped]).read_bytes())
    return written


def add_commands(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser("build-widget", help="copy widget/ into chalicelib/static/ (what ships to Lambda)")
    command.add_argument("--check", action="store_true", help="only report copies that are out of date")
    command.set_defaults(run=run_build)


def run_build(args: argparse.Namespace) -> int:
    if args.check:
        out_of_date = stale()
        for name in out_of_date:
            print(f"out of date: chalicelib/static/{name} (run: python -m chalicelib.authoring build-widget)")
        return 1 if out_of_date else 0
    written = build()
    print(f"wrote {len(written)} file(s)" + (": " + ", ".join(written) if written else ""))
    return 0
