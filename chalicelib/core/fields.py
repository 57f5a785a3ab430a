"""Constrained values shared by the content and API models: ids, slugs, locales, urgencies, review states, URLs and
origins, hashes."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Literal

from pydantic import Field

DEFAULT_LOCALE = "en"
LOCALE_PATTERN = re.compile(r"^[a-z]{2}(-[A-Z]{2})?$")

Id = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
Locale = Annotated[str, Field(pattern=LOCALE_PATTERN.pattern)]
Urgency = Literal["emergency", "call-today", "soon", "routine"]
"""The four dispositions, most urgent first: `emergency` (911 or the emergency department now), `call-today`
(call the child's doctor or nurse line today), `soon` (within days, before the planned decision), `routine`."""
URGENCY_RANK: dict[str, int] = {"routine": 0, "soon": 1, "call-today": 2, "emergency": 3}
"""How urgent each urgency is: a summary takes the most urgent of the rules that fire."""
Escalation = Literal["call-today", "emergency"]
"""The least urgency an answer that says the child is getting worse gives (`Option.escalates`)."""
RedFlagsPlace = Literal["first", "second"]
"""Where the build places the shared red-flag screen: first, or after the assessment's one opening question."""
SectionRole = Literal["urgent", "plan", "script", "checklist", "next-steps"]
"""What a summary section is for, so renderers treat it by role, never by id: `urgent` (get care now),
`plan` (the steps that lead), `script` (what to say), `checklist` (what to bring), `next-steps` (where a
partner's resources join)."""
ReviewStatus = Literal["not-clinically-reviewed", "clinically-reviewed"]


# URLs and origins that reach a browser: checked by the models, so a part written around the publish gates is
# refused by its reader (runtime/bundle.py) exactly as a YAML file is refused by `validate`. No whitespace, control
# characters, quotes or angle brackets anywhere; only the schemes listed.
_URL_REST = r"[^\x00-\x20\x7f\"'<>\\`]+"
HttpsUrl = Annotated[str, Field(pattern=rf"^https://{_URL_REST}$", max_length=500, description="An https:// URL")]
LinkUrl = Annotated[
    str,
    Field(
        pattern=rf"^(https://{_URL_REST}|tel:\+?[0-9][0-9().-]{{2,30}}|mailto:[^\x00-\x20\x7f\"'<>\\`@]+@[a-zA-Z0-9.-]+)$",
        max_length=500,
        description="https://..., tel:+15550100100 or mailto:name@example.org: a link a parent may follow",
    ),
]
"""Every link in content that is not a source (partner resources, and any link field added later)."""
Origin = Annotated[
    str,
    Field(
        pattern=r"^https?://([a-z0-9-]+(\.[a-z0-9-]+)*(:[0-9]{1,5})?|(localhost|127\.0\.0\.1):\*)$",
        description="scheme://host[:port], exactly (no wildcard host); ':*' (any port) only for localhost and "
        "127.0.0.1, for local demos",
    ),
]
"""A partner's site, allowed to frame the questionnaire and call the API."""

Minutes = Annotated[int, Field(ge=1, le=15)]
Hash = Annotated[str, Field(pattern=r"^[0-9a-f]{16}$")]
"""A content version, or the name of a published part: the first 16 hex digits of the SHA-256 of its content."""


def pick(text: Mapping[str, str], locale: str) -> str:
    """A content text (a LocalText: locale -> text) in `locale`, or in English when it has no translation yet."""
    return text.get(locale) or text[DEFAULT_LOCALE]
