"""Constrained values shared by the content and API models: ids, slugs, locales, urgencies, review states."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from chalicelib.core.served import LOCALE_PATTERN

Id = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
Locale = Annotated[str, Field(pattern=LOCALE_PATTERN.pattern)]
Urgency = Literal["emergency", "soon", "routine"]
ReviewStatus = Literal["not-clinically-reviewed", "clinically-reviewed"]
