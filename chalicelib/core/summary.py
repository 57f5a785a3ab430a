"""The summary's documented shape. The prepared assessment builds plain data of this shape; the OpenAPI
document describes it with these models (the web adds the review note) and the tests check summaries
against them. It carries no words of chrome: only content and data."""

from __future__ import annotations

import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.core.fields import Id, Locale, ReviewStatus, SectionRole, Slug, Urgency


class ApiModel(BaseModel):
    """The base of every model the API documents (this summary, and the web's requests, views and problems)."""

    # Every field of a response is always sent, defaults included: the document marks them all required.
    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, json_schema_serialization_defaults_required=True
    )


class Cause(ApiModel):
    question: Id
    option: Id


class SummaryItem(ApiModel):
    text: str
    because: tuple[Cause, ...] = Field(
        description="The answers that made this item's rule fire: each picked option that a part of the rule's "
        "condition names, where that part holds and is not inside a `not` (what a `not` rules out was not "
        "chosen, so it names no answer). Empty when no answer put the item here: it shows for every parent, or "
        "only because of answers not given."
    )


class SummarySectionView(ApiModel):
    id: Id
    title: str
    role: SectionRole | None = Field(description="What the section is for; renderers treat sections by role")
    items: tuple[SummaryItem, ...]


class SummaryCall(ApiModel):
    kind: Literal["tel", "sms"]
    number: str = Field(description="Digits only, as dialled: 911, 988, 18002221222")
    href: str = Field(description="The link to follow: tel:911, sms:988")
    label: str = Field(description="The words of the call, in the summary's locale")


class Summary(ApiModel):
    assessment: Slug
    title: str
    locale: Locale
    content_version: str
    urgency: Urgency = Field(
        description="The highest urgency of the rules that fired and of the answers that escalate: emergency (911 "
        "or the emergency department now), call-today (call the child's doctor or nurse line today), soon "
        "(within days), routine"
    )
    banner: Literal["emergency", "call-today"] | None = Field(
        description="Whether the summary opens with what to do now, before anything else: emergency (911, the "
        "emergency department, or the calls below) or call-today (the child's doctor or nurse line today)"
    )
    calls: tuple[SummaryCall, ...] = Field(
        description="The numbers to call or text now, most urgent first, each once (empty unless an emergency)"
    )
    printable: bool = Field(
        description="Whether the summary is worth keeping (false for an emergency: only what helps now is shown)"
    )
    sections: tuple[SummarySectionView, ...] = Field(
        description="In reading order: the urgent section, the plan, then the others; each drawn as it comes"
    )
    text: str = Field(description="The summary as plain text (title, sections, disclaimer), for copying")
    disclaimer: str
    review_status: ReviewStatus
    last_reviewed: datetime.date
