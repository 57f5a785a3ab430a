"""Structured logs: one JSON object per line on stdout, which Lambda sends to CloudWatch.

Callers pass named fields only (ids, routes, statuses, versions, error types). Request bodies, query
strings and answers are never handed to this module, so they cannot reach a log.
"""

from __future__ import annotations

import json
import logging
import sys

_log = logging.getLogger("assessment_library")
_log.setLevel(logging.INFO)
_log.propagate = False  # one line per event, whatever the root logger is set up to do


class _Stdout(logging.Handler):
    """Writes to the sys.stdout of the moment (the Lambda runtime and test captures swap it)."""

    def emit(self, record: logging.LogRecord) -> None:
        sys.stdout.write(record.getMessage() + "\n")


if not _log.handlers:
    _log.addHandler(_Stdout())


def emit(event: str, level: int = logging.INFO, **fields: object) -> None:
    """Log one event with its fields as a JSON line."""
    if _log.isEnabledFor(level):
        record = {"level": logging.getLevelName(level).lower(), "event": event, **fields}
        _log.log(level, json.dumps(record, default=str, separators=(",", ":")))
