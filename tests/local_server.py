"""The app behind `make run`'s HTTP server, in this process: what travels over a real socket."""

from __future__ import annotations

import contextlib
import http.client
import threading
from collections.abc import Iterator

from chalicelib.authoring.localrun import make_server


@contextlib.contextmanager
def serving() -> Iterator[int]:
    """Serve the app on a free loopback port for the duration; yields the port."""
    from app import app

    server = make_server(app, "127.0.0.1", 0)
    thread = threading.Thread(target=server.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server.server_address[1]
    finally:
        server.server.shutdown()
        server.server.server_close()
        thread.join(timeout=5)


def fetch(port: int, path: str, method: str = "GET", headers: dict[str, str] | None = None, body: bytes | None = None):
    """One request on its own connection: (status, headers with lower-case names, body as sent)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()
