"""What the JSON API takes and gives: request bodies, localized views of content, summaries."""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.conditions import Condition, Id
from chalicelib.models.content import Locale, ReviewStatus, Slug, Urgency

MAX_BODY_BYTES = 16 * 1024
"""Largest POST body accepted; anything bigger gets 413."""


class ApiModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


AnswerInput = (
    Annotated[str, Field(max_length=60)] | Annotated[list[Annotated[str, Field(max_length=60)]], Field(max_length=12)]
)


class ResponseRequest(ApiModel):
    """The body of POST /v1/assessments/{slug}/responses."""

    answers: Annotated[
        dict[Annotated[str, Field(max_length=60)], AnswerInput],
        Field(max_length=40, description="Question id -> option id (single choice) or list of option ids (multi)"),
    ]
    locale: Locale | None = None

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "answers": {
                        "reason": "unclear-diagnosis",
                        "timing": "no-rush",
                        "treatment": "not-started",
                        "comfort": "worried-offending",
                        "needs": ["records", "referral"],
                        "age": "teen",
                        "sure": ["clear-values"],
                    }
                }
            ]
        }
    )


class Cause(ApiModel):
    question: Id
    option: Id


class SummaryItem(ApiModel):
    text: str
    because: tuple[Cause, ...] = Field(description="The answers that put this item here; empty for every parent")


class SummarySectionView(ApiModel):
    id: Id
    title: str
    items: tuple[SummaryItem, ...]


class Summary(ApiModel):
    assessment: Slug
    title: str
    locale: Locale
    content_version: str
    urgency: Urgency
    sections: tuple[SummarySectionView, ...]
    disclaimer: str
    review_status: ReviewStatus
    review_note: str
    last_reviewed: datetime.date


class OptionView(ApiModel):
    id: Id
    label: str
    exclusive: bool


class QuestionView(ApiModel):
    id: Id
    kind: Literal["single", "multi"]
    prompt: str
    help: str | None
    required: bool
    show_if: Condition | None
    options: tuple[OptionView, ...]


class EntryView(ApiModel):
    heading: str
    body: str


class StaticSectionView(ApiModel):
    id: Id
    title: str
    intro: str | None
    entries: tuple[EntryView, ...]


class FaqView(ApiModel):
    question: str
    answer: str


class SourceView(ApiModel):
    title: str
    publisher: str
    url: str


class AssessmentCard(ApiModel):
    slug: Slug
    title: str
    description: str
    estimated_minutes: int
    category: Slug
    topic: Slug


class AssessmentView(AssessmentCard):
    locale: Locale
    intro: str
    questions: tuple[QuestionView, ...]
    static_sections: tuple[StaticSectionView, ...]
    faq: tuple[FaqView, ...]
    related: tuple[AssessmentCard, ...]
    sources: tuple[SourceView, ...]
    last_reviewed: datetime.date
    review_status: ReviewStatus
    review_note: str
    disclaimer: str
    content_version: str


class AssessmentList(ApiModel):
    assessments: tuple[AssessmentCard, ...]
    content_version: str


class TopicView(ApiModel):
    slug: Slug
    title: str
    description: str
    assessments: tuple[AssessmentCard, ...]


class CategoryView(ApiModel):
    slug: Slug
    title: str
    description: str
    topics: tuple[TopicView, ...]


class LibraryView(ApiModel):
    title: str
    promise: str
    categories: tuple[CategoryView, ...]
    content_version: str


class Health(ApiModel):
    status: Literal["ok"]
    content_version: str


class FieldError(ApiModel):
    field: str
    detail: str


class ProblemDetail(ApiModel):
    """RFC 9457 problem details, with `errors` naming each field at fault."""

    type: str
    title: str
    status: int
    detail: str
    errors: tuple[FieldError, ...] = ()
