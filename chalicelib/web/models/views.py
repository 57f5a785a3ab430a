"""What the JSON API's GET routes give: content shown in one locale, and the service's health."""

from __future__ import annotations

import datetime
from typing import Literal

from pydantic import Field

from chalicelib.core import summary
from chalicelib.core.conditions import Condition
from chalicelib.core.fields import Id, Locale, ReviewStatus, Slug
from chalicelib.web.models.requests import ApiModel

TRANSLATION_NOTE = (
    "Outside English, whether a clinician has reviewed this translation (apart from `review_note`, the review of "
    "the content itself); null in English"
)


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
    input_type: Literal["radio", "checkbox"] = Field(description="What a renderer draws for each option")
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
    related: tuple[AssessmentCard, ...] = Field(
        description="Up to three assessments to suggest next: the ones the content declares related first, then "
        "the nearest others (same topic group, then same category, then shared words)"
    )
    sources: tuple[SourceView, ...]
    last_reviewed: datetime.date
    review_status: ReviewStatus
    review_note: str
    translation_note: str | None = Field(description=TRANSLATION_NOTE)
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


class Summary(summary.Summary):
    """The summary as the API returns it: the core's, with the words about its review status."""

    review_note: str
    translation_note: str | None = Field(description=TRANSLATION_NOTE)
