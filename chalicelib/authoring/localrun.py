"""`make run`: the real app on 127.0.0.1, reading content through the S3 code path from a local moto S3.

Unlike plain `chalice local`, responses go out in one write with TCP_NODELAY, so keep-alive
requests are not held back ~40 ms by Nagle's algorithm meeting delayed ACKs. Like API Gateway, bodies from
`minimum_compression_size` bytes up are gzipped for clients that accept it, and HEAD gets headers only.
"""

from __future__ import annotations

import functools
import gzip
import json
import os
import signal
import sys
from pathlib import Path

LOCAL_BUCKET = "assessment-library-local"
LOCAL_PREFIX = "content"
ROOT = Path(__file__).resolve().parents[2]
SERVERS_DIR = ROOT / ".localrun"
"""Where each `make run` of this checkout says where it listens (one file per server, removed when it stops), so
`publish --local` finds its S3 whatever PORT it was started with."""
MINIMUM_COMPRESSION_SIZE = json.loads((ROOT / ".chalice" / "config.json").read_text())["minimum_compression_size"]
"""The API Gateway stage's setting, so `make run` compresses exactly what the deployed API does."""


def local_environment(s3_port: int) -> dict[str, str]:
    """What the app and any CLI need to talk to the local S3 (fake credentials, no AWS account)."""
    return {
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ENDPOINT_URL_S3": f"http://127.0.0.1:{s3_port}",
        "CONTENT_SOURCE": "s3",
        "CONTENT_BUCKET": LOCAL_BUCKET,
        "CONTENT_PREFIX": LOCAL_PREFIX,
        "CONTENT_REVALIDATE_SECONDS": "2",  # a publish or rollback shows up within seconds, no restart
    }


def seed(content_dir: Path) -> str:
    """Create the local bucket and publish `content_dir` to it; return the content version."""
    from chalicelib.authoring.publishing import publish
    from chalicelib.authoring.source import load_folder
    from chalicelib.authoring.store_writers import S3Writer
    from chalicelib.runtime.provider import s3_client

    bundle = load_folder(content_dir)
    s3_client().create_bucket(Bucket=LOCAL_BUCKET)
    publish(S3Writer(s3_client, LOCAL_BUCKET, LOCAL_PREFIX), bundle)
    return bundle.version


def announce(port: int, s3_port: int) -> Path:
    """Record where this server listens, for the editors' commands (`running`); the caller removes the file."""
    SERVERS_DIR.mkdir(exist_ok=True)
    record = SERVERS_DIR / f"{os.getpid()}.json"
    record.write_text(json.dumps({"pid": os.getpid(), "port": port, "s3_port": s3_port}))
    return record


def running() -> dict[str, int] | None:
    """Where the newest `make run` of this checkout still running listens ({"pid", "port", "s3_port"}), if any. A
    record left by a server that did not stop cleanly (its process is gone) is removed."""
    found = []
    for record in SERVERS_DIR.glob("*.json"):
        try:
            server = json.loads(record.read_text())
            os.kill(server["pid"], 0)  # signal 0: whether the process exists, nothing sent
        except ProcessLookupError:
            record.unlink(missing_ok=True)
            continue
        except (OSError, ValueError, KeyError, TypeError):
            continue
        found.append((record.stat().st_mtime, server))
    return max(found, key=lambda item: item[0])[1] if found else None


def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether an Accept-Encoding header allows gzip (`gzip` or `*`, with a q-value above zero)."""
    for item in (accept_encoding or "").lower().split(","):
        coding, _, params = item.partition(";")
        if coding.strip() in {"gzip", "x-gzip", "*"}:
            q = params.strip().removeprefix("q=")
            try:
                return not q or float(q) > 0
            except ValueError:
                return False
    return False


def on_the_wire(body: bytes, accept_encoding: str | None) -> tuple[bytes, str | None]:
    """The body as it travels to a client sending `accept_encoding`, and its Content-Encoding (None: as is)."""
    if len(body) < MINIMUM_COMPRESSION_SIZE or not accepts_gzip(accept_encoding):
        return body, None
    return gzip.compress(body, compresslevel=6, mtime=0), "gzip"


def make_server(app, host: str, port: int):
    """A threaded local server for `app` whose handler sends each response without a Nagle stall."""
    from chalice.config import Config
    from chalice.local import ChaliceRequestHandler, LocalChalice, LocalDevServer, create_local_server

    from chalicelib.web.middleware import METHODS

    class PromptHandler(ChaliceRequestHandler):
        disable_nagle_algorithm = True  # TCP_NODELAY on every accepted socket
        wbufsize = 64 * 1024  # headers and body leave in one write; flushed after each request

        def __getattr__(self, name: str):
            # Any other method (TRACE, QUERY, ...) reaches the app too, which answers 405 problem+json.
            if name.startswith("do_"):
                return self._generic_handle
            raise AttributeError(name)

        def _send_http_response_with_body(self, code: int, headers: dict, body: str | bytes) -> None:
            raw = body.encode("utf-8") if isinstance(body, str) else body
            sent, encoding = on_the_wire(raw, self.headers.get("Accept-Encoding"))
            if encoding:
                headers["Content-Encoding"] = encoding
            self.send_response(code)
            self.send_header("Content-Length", str(len(sent)))  # for HEAD too: what a GET would send
            self.send_header("Content-Type", headers.pop("Content-Type", "application/json"))
            self._send_headers(headers)
            if self.command != "HEAD":
                self.wfile.write(sent)

        def log_request(self, code="-", size="-") -> None:
            # Method, path and status only: never the query string, nor bodies (where answers travel).
            path = getattr(self, "path", "").split("?", 1)[0].split("#", 1)[0] or "-"
            method = getattr(self, "command", None) or "-"
            method = method if method in METHODS or method == "-" else "OTHER"  # a made-up one is client text
            sys.stderr.write(f"{self.address_string()} {method} {path} {getattr(code, 'value', code)}\n")

        def log_error(self, format: str, *args) -> None:  # noqa: A002 - the stdlib's name
            # The stdlib's error messages quote the raw request line (query string included): keep the code only.
            code = args[0] if args and isinstance(args[0], int) else "-"
            sys.stderr.write(f"{self.address_string()} error {code}\n")

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - the stdlib's name
            # Anything else the stdlib logs could carry the request line: its shape only, never its values.
            sys.stderr.write(f"{self.address_string()} {format.split('%', 1)[0].strip() or 'message'}\n")

    config = Config.create(chalice_stage="local", chalice_app=app)
    if isinstance(app, LocalChalice):  # served before in this process: Chalice already made it thread-safe
        server = LocalDevServer(app, config, host, port)
    else:
        server = create_local_server(app, config, host, port)
    server.server.RequestHandlerClass = functools.partial(PromptHandler, **server._wrapped_handler.keywords)
    return server


def _stop(*_) -> None:
    raise KeyboardInterrupt


def main() -> None:
    import logging

    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    port = int(os.environ.get("PORT", "8000"))
    s3_port = int(os.environ.get("S3_PORT", str(port + 1)))
    host = "127.0.0.1"
    moto = ThreadedMotoServer(ip_address=host, port=s3_port, verbose=False)
    moto.start()
    os.environ.update(local_environment(s3_port))
    os.environ.setdefault("SITE_URL", f"http://{host}:{port}")
    version = seed(Path(os.environ.get("CONTENT_DIR", ROOT / "content")))

    from app import app

    server = make_server(app, host, port)
    for stop_signal in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop_signal, _stop)  # also when started in the background, where SIGINT is ignored
    print(f"Assessment Library running (content {version}, S3 mocked by moto on port {s3_port})")
    print(f"  Library site:  http://{host}:{port}/")
    print(f"  API:           http://{host}:{port}/v1/library")
    print(f"  OpenAPI:       http://{host}:{port}/v1/openapi.json")
    print(f"  Health:        http://{host}:{port}/healthz")
    print(f"  Widget demo:   http://localhost:{port}/demo  (a second origin, as a partner page would be)")
    record = announce(port, s3_port)
    print("Press Ctrl-C to stop.", flush=True)
    try:
        server.server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        record.unlink(missing_ok=True)
        server.server.server_close()
        moto.stop()
        print("Stopped.", flush=True)


if __name__ == "__main__":
    main()
