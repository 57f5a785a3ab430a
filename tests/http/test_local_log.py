"""Issue 14 item 8: `make run`'s access log names method, path and status, never a query string."""

from __future__ import annotations

import socket

from tests.local_server import fetch, serving

SECRET = "reason=worried-offending&token=s3cr3t"


def test_the_access_log_writes_no_query_string(capfd):
    with serving() as port:
        status, _, _ = fetch(port, f"/v1/library?{SECRET}")  # 422: unknown parameters; still one log line
        fetch(port, f"/no-such-page?{SECRET}")
        with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:  # a request line it cannot parse
            raw.sendall(f"GET /v1/library?{SECRET} HTTP/1.1 extra\r\n\r\n".encode())
            raw.recv(4096)
    log = capfd.readouterr().err
    assert f"GET /v1/library {status}" in log
    assert "/no-such-page" in log
    assert "s3cr3t" not in log and "worried-offending" not in log and "?" not in log


def test_the_access_log_names_a_made_up_method_as_other(capfd):
    with serving() as port:
        status, _, _ = fetch(port, "/v1/library", method="CANARY7F3A9Q")
    log = capfd.readouterr().err
    assert f"OTHER /v1/library {status}" in log
    assert "CANARY" not in log
