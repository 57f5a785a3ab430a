"""Constrained values shared by the content and API models: ids, slugs, locales, urgencies, review states."""

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


def pick(text: Mapping[str, str], locale: str) -> str:
    """A content text (a LocalText: locale -> text) in `locale`, or in English when it has no translation yet."""
    return text.get(locale) or text[DEFAULT_LOCALE]
