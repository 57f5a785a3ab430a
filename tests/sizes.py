"""What the widget sends, measured the same way by the size-budget tests and by `make bench`."""

from __future__ import annotations

import re
from collections.abc import Iterable

from tests.conftest import SEED
from tests.local_server import fetch, serving

FRAME = f"/embed/{SEED}?partner=demo"


def on_the_wire(urls: Iterable[str]) -> dict[str, int]:
    """Each URL's bytes as `make run`'s server sends them to a browser (gzip from the API stage's minimum size)."""
    with serving() as port:
        return {url: len(fetch(port, url, headers={"Accept-Encoding": "gzip, deflate, br"})[2]) for url in urls}


def loader(client) -> bytes:
    return client.http.get("/widget.js").body


def first_question(client) -> dict[str, bytes]:
    """The frame's page and every file it links, by URL: all it needs to show the first question."""
    page = client.http.get(FRAME)
    assert page.status_code == 200, page.body[:200]
    bodies = {FRAME: page.body}
    for url in re.findall(r'(?:href|src)="(/(?:static|embed)/[^"]+)"', page.body.decode()):
        response = client.http.get(url)
        assert response.status_code == 200, url
        bodies[url] = response.body
    return bodies
