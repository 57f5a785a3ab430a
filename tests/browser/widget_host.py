"""A partner's site for the widget's browser tests: plain pages on a second loopback origin (localhost:PORT).

The app runs on 127.0.0.1:P (the `live_server` fixture); pages here load its /widget.js exactly as a partner
would paste it. Each page also loads /record.js, which keeps the lifecycle events and CSP violations seen.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RECORD_JS = """
window.events = [];
window.callbacks = [];
window.violations = [];
document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective + ' ' + e.blockedURI));
for (const type of ['ready', 'start', 'step', 'complete', 'error']) {
  document.addEventListener('assessment-library:' + type, (e) => events.push({ type, detail: e.detail }));
}
"""

# Run in every frame before its own scripts (via CDP, so it needs no CSP exception).
FRAME_VIOLATIONS = """
window.frameViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  frameViolations.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""

AGGRESSIVE_CSS = """
* { all: unset; }
html { font: 40px/3 'Comic Sans MS', cursive; }
* { margin: 30px; padding: 10px; box-sizing: content-box; }
iframe { width: 10px; height: 10px; border: 9px solid red; }
"""


class HostServer:
    """Serves registered pages (path -> body, content type, headers) on 127.0.0.1, addressed as localhost."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[bytes, str, dict[str, str]]] = {}
        pages = self.pages

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                found = pages.get(self.path.split("?")[0])
                if found is None:
                    self.send_error(404)
                    return
                body, content_type, headers = found
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args) -> None:  # noqa: A002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://localhost:{self.server.server_address[1]}"
        self.add("/record.js", RECORD_JS, "text/javascript")
        self.add("/aggressive.css", AGGRESSIVE_CSS, "text/css")
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def add(self, path: str, body: str, content_type: str = "text/html; charset=utf-8", headers=None) -> str:
        self.pages[path] = (body.encode("utf-8"), content_type, dict(headers or {}))
        return self.origin + path

    def page(self, path: str, body_html: str, *, csp: str | None = None, head: str = "") -> str:
        """Register an HTML page whose body is `body_html` (after /record.js); return its URL."""
        html = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner page</title>'
            f'{head}<script src="/record.js"></script></head><body><h1>A partner page</h1>{body_html}</body></html>'
        )
        return self.add(path, html, headers={"Content-Security-Policy": csp} if csp else None)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def snippet(app: str, slug: str, **data: str) -> str:
    """The script tag a partner pastes, with data-* attributes."""
    attributes = "".join(f' data-{name}="{value}"' for name, value in {"assessment": slug, **data}.items())
    return f'<script async src="{app}/widget.js"{attributes}></script>'
