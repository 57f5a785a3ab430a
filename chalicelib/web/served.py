"""The content the web layer serves, handed in once by the composition root (`chalicelib/bootstrap.py`).

Routes, pages and the middleware ask here for the catalog and never reach into the runtime for it: where content
comes from (which store, its cache, last-known-good, the baked fallback) is decided where the app is put together.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from chalicelib.runtime.catalog import Catalog


class Content(NamedTuple):
    current: Callable[[], Catalog]
    """The catalog to serve, fetched or revalidated when due; raises a 503 Problem when there is none."""
    held: Callable[[], Catalog | None]
    """The catalog in memory now, without fetching anything (for what every response says, like its version)."""


_content: Content | None = None


def serve(content: Content) -> None:
    """Hand the web layer its content (once, when the app is created)."""
    global _content
    _content = content


def catalog() -> Catalog:
    return _handed().current()


def held() -> Catalog | None:
    return _handed().held()


def _handed() -> Content:
    if _content is None:
        raise RuntimeError("the web layer was handed no content: create the app (app.py), which bootstraps it")
    return _content
