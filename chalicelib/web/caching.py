"""Cache-Control for each kind of response, for browsers and for shared caches (the CDN, any proxy).

One value per kind, set here only (docs/publishing-and-deploying.md, "The CDN in front", explains each):

- CONTENT: pages and JSON made from the published content (API GETs, site pages, the frame). Fresh for a
  minute in any cache; a shared cache keeps the same minute as a browser (a shared cache sends `Age`, so the two
  never add up), then revalidates with the ETag and gets the new content version. It may serve the last copy
  for a day while the origin fails (`stale-if-error`), as the service keeps its last good content.
- LOADER: `/widget.js`, which partners paste unversioned: five minutes, then served stale for a day while one
  request revalidates, so a partner's page never waits on the origin for it.
- IMMUTABLE: a static file asked for with its current content hash (`asset_url`): never changes.
- REVALIDATE: a static file without its hash: always revalidated with the ETag.
- NEVER: anything about one parent's answers (summaries, steps, their errors), health checks, errors,
  redirects and preflights: no cache may store it.
"""

from __future__ import annotations

CONTENT = "public, max-age=60, stale-if-error=86400"
LOADER = "public, max-age=300, stale-while-revalidate=86400, stale-if-error=86400"
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
NEVER = "no-store"
