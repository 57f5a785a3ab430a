"""Structured logs: one JSON object per line on stdout, which Lambda sends to CloudWatch.

Callers pass named fields only (ids, routes, statuses, versions, error types). Request bodies, query
strings and answers are never handed to this module, so they cannot reach a log.
"""

from __future__ import annotations

import json
import logging
import sys
from json.encoder import encode_basestring_ascii as _quote

_log = logging.getLogger("assessment_library")
_log.setLevel(logging.INFO)  # operators may change the level of this logger; its lines go to stdout only
_log.propagate = False
_LEVEL_NAMES = {level: logging.getLevelName(level).lower() for level in (10, 20, 30, 40, 50)}
_ENCODER = json.JSONEncoder(default=str, separators=(",", ":"))


def emit(event: str, level: int = logging.INFO, **fields: object) -> None:
    """Log one event with its fields as a JSON line, written straight to the sys.stdout of the moment (the
    Lambda runtime and test captures swap it): one write per line, and none of the logging module's cost
    on every request."""
    if _log.isEnabledFor(level):
        name = _LEVEL_NAMES.get(level) or logging.getLevelName(level).lower()
        sys.stdout.write(_ENCODER.encode({"level": name, "event": event, **fields}) + "\n")


def request_done(
    request_id: str, method: str, route: str, status: int, duration_ms: float, content_version: str | None
) -> None:
    """The one line every request logs (event "request"); the same JSON `emit` would write, put together
    directly because it is on every request's path (about a microsecond instead of five)."""
    if _log.isEnabledFor(logging.INFO):
        version = "null" if content_version is None else _quote(content_version)
        sys.stdout.write(
            f'{{"level":"info","event":"request","request_id":{_quote(request_id)},"method":{_quote(method)},'
            f'"route":{_quote(route)},"status":{int(status)},"duration_ms":{duration_ms:.2f},'
            f'"content_version":{version}}}\n'
        )
