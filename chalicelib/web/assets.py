"""Static files shipped in chalicelib/web/static/: served at /static/{name}, cached for a year when versioned.

Pages link to `asset_url(name)`, which adds `?v=<content hash>`; a request carrying the current hash
may be cached as immutable by browsers and CDNs, anything else revalidates with the ETag.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from chalice import Blueprint, Response

from chalicelib.core.problems import not_found
from chalicelib.web import caching
from chalicelib.web.responses import SECURITY_HEADERS, answers_problems, etagged

STATIC_DIR = Path(__file__).resolve().parent / "static"
IMMUTABLE = caching.IMMUTABLE
FAVICON = "favicon.svg"
TYPES = MappingProxyType(
    {
        ".css": "text/css; charset=utf-8",
        ".js": "text/javascript; charset=utf-8",
        ".json": "application/json",
        ".svg": "image/svg+xml",
        ".txt": "text/plain; charset=utf-8",
    }
)

assets = Blueprint(__name__)


@lru_cache(maxsize=128)
def read_asset(name: str) -> tuple[str, str] | None:
    """The file's text and short hash, or None if there is no such static file (all assets are text)."""
    path = STATIC_DIR / name
    if "/" in name or name.startswith(".") or path.suffix not in TYPES or not path.is_file():
        return None
    data = path.read_bytes()
    return data.decode("utf-8"), hashlib.sha256(data).hexdigest()[:12]


def asset_url(name: str) -> str:
    """The versioned URL of a static file (raises KeyError for a file that does not exist)."""
    found = read_asset(name)
    if found is None:
        raise KeyError(name)
    return f"/static/{name}?v={found[1]}"


@assets.route("/static/{name}", methods=["GET", "HEAD"])
@answers_problems
def static_file(name: str) -> Response:
    request = assets.current_request
    found = read_asset(name)
    if found is None:
        raise not_found("static file")
    data, digest = found
    content_type = TYPES[Path(name).suffix]
    if (request.query_params or {}).get("v") == digest:
        return Response(
            body=data,
            status_code=200,
            headers={**SECURITY_HEADERS, "Content-Type": content_type, "Cache-Control": IMMUTABLE},
        )
    return etagged(request, data, content_type, {"Cache-Control": caching.REVALIDATE})


@assets.route("/favicon.ico", methods=["GET", "HEAD"])
@answers_problems
def favicon() -> Response:
    """The SVG mark, for clients that ask for the icon at its historic address (pages link the SVG itself)."""
    data, _ = read_asset(FAVICON)
    return etagged(assets.current_request, data, TYPES[".svg"], {"Cache-Control": caching.REVALIDATE})
