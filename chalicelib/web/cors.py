"""CORS for the JSON API: a registered partner origin is echoed exactly; any other origin gets no CORS header.

Partner origins come from the registry (content/partners.yaml); a pattern ending in ':*' allows any port of
that scheme and host (for localhost demos). Credentials are never allowed: the API uses no cookies.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from types import MappingProxyType

from chalicelib.core.content import Partner

_ORIGIN = re.compile(r"^https?://[a-z0-9.-]+(:[0-9]{1,5})?$")
PREFLIGHT = MappingProxyType(
    {
        "Access-Control-Allow-Methods": "POST",
        "Access-Control-Allow-Headers": "Content-Type",
        "Access-Control-Max-Age": "600",
    }
)
EXPOSED = MappingProxyType({"Access-Control-Expose-Headers": "Content-Language, ETag, Retry-After, X-Content-Version"})


def origin_allowed(origin: str, pattern: str) -> bool:
    if pattern.endswith(":*"):
        base = pattern[:-2]
        return origin == base or (origin.startswith(base + ":") and origin[len(base) + 1 :].isdigit())
    return origin == pattern


def cors_headers(origin: str | None, partners: Iterable[Partner], *, preflight: bool) -> dict[str, str]:
    """The CORS headers for a /v1 response; always `Vary: Origin`, since the answer depends on it."""
    headers = {"Vary": "Origin"}
    if origin and _ORIGIN.match(origin) and any(origin_allowed(origin, p) for pr in partners for p in pr.origins):
        headers["Access-Control-Allow-Origin"] = origin
        headers.update(PREFLIGHT if preflight else EXPOSED)
    return headers
