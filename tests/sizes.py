"""What the widget sends, measured the same way by the size-budget tests and by `make bench`."""

from __future__ import annotations

import gzip
import re

from tests.conftest import SEED


def gzipped(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=9, mtime=0))


def loader(client) -> bytes:
    return client.http.get("/widget.js").body


def first_question(client) -> dict[str, bytes]:
    """The frame's page and every file it links, by URL: all it needs to show the first question."""
    page = client.http.get(f"/embed/{SEED}?partner=demo")
    assert page.status_code == 200, page.body[:200]
    bodies = {"page": page.body}
    for url in re.findall(r'(?:href|src)="(/(?:static|embed)/[^"]+)"', page.body.decode()):
        response = client.http.get(url)
        assert response.status_code == 200, url
        bodies[url] = response.body
    return bodies
