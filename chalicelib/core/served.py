"""The content as it is served: read-only records of a bundle, and the words every part shares about it.

A published bundle was validated by the pydantic models in `models/content.py` before it was hashed and
uploaded, so reading one only needs its hash and its shape checked (`content/bundle.py`). The records
here have the models' names and fields; tests/test_served.py pins them to the models field for field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from chalicelib.core.conditions import load_condition
from chalicelib.core.records import Record, boolean, date, field, integer, many, one, one_of, string, text_by_locale

DEFAULT_LOCALE = "en"
LOCALE_PATTERN = re.compile(r"^[a-z]{2}(-[A-Z]{2})?$")
URGENCY_RANK: dict[str, int] = {"routine": 0, "soon": 1, "call-today": 2, "emergency": 3}
ESCALATIONS = ("call-today", "emergency")
SECTION_ROLES = ("urgent", "plan", "script", "checklist", "next-steps")
REVIEW_NOTES = {
    "not-clinically-reviewed": "Not yet reviewed by a clinician",
    "clinically-reviewed": "Reviewed by a clinician",
}


def pick(text: Mapping[str, str], locale: str) -> str:
    """The text in `locale`, or in English when it has no translation yet."""
    return text.get(locale) or text[DEFAULT_LOCALE]


local_text = text_by_locale(DEFAULT_LOCALE)  # the models' LocalText


class Option(Record):
    id = field(string)
    label = field(local_text)
    exclusive = field(boolean, False)
    escalates = field(one_of(*ESCALATIONS), None)


class Question(Record):
    id = field(string)
    kind = field(one_of("single", "multi"))
    prompt = field(local_text)
    help = field(local_text, None)
    required = field(boolean, True)
    show_if = field(load_condition, None)
    options = field(many(one(Option)))


class SummarySection(Record):
    id = field(string)
    title = field(local_text)
    role = field(one_of(*SECTION_ROLES), None)


class Rule(Record):
    id = field(string)
    when = field(load_condition, None)
    urgency = field(one_of(*URGENCY_RANK), None)
    section = field(string)
    items = field(many(local_text))


class Entry(Record):
    heading = field(local_text)
    body = field(local_text)


class StaticSection(Record):
    id = field(string)
    title = field(local_text)
    intro = field(local_text, None)
    entries = field(many(one(Entry)))


class Faq(Record):
    question = field(local_text)
    answer = field(local_text)


class Source(Record):
    title = field(string)
    publisher = field(string)
    url = field(string)


class Review(Record):
    status = field(one_of(*REVIEW_NOTES))
    reviewer = field(string, None)
    reviewed_on = field(date, None)


class Assessment(Record):
    slug = field(string)
    locale = field(string, DEFAULT_LOCALE)
    title = field(local_text)
    description = field(local_text)
    intro = field(local_text)
    estimated_minutes = field(integer)
    questions = field(many(one(Question)))
    summary_sections = field(many(one(SummarySection)))
    rules = field(many(one(Rule)))
    static_sections = field(many(one(StaticSection)), ())
    faq = field(many(one(Faq)), ())
    related = field(many(string), ())
    sources = field(many(one(Source)))
    last_reviewed = field(date)
    review = field(one(Review))
    red_flags = field(one_of("first", "second"), "first")
    alternatives = field(many(many(string)), ())

    def question(self, question_id: str) -> Question:
        return next(q for q in self.questions if q.id == question_id)


class Topic(Record):
    slug = field(string)
    title = field(local_text)
    description = field(local_text)
    assessments = field(many(string))


class Category(Record):
    slug = field(string)
    title = field(local_text)
    description = field(local_text)
    topics = field(many(one(Topic)))


class Library(Record):
    title = field(local_text)
    promise = field(local_text)
    disclaimer = field(local_text)
    categories = field(many(one(Category)))
    glossary = field(many(string), ())


class Theme(Record):
    brand_color = field(string, "#2f6f5e")
    font_stack = field(string, "system-ui, sans-serif")
    corner_radius = field(integer, 8)


class Resource(Record):
    title = field(local_text)
    description = field(local_text)
    url = field(string, None)


class NurseLine(Record):
    url = field(string)
    label = field(local_text)


class Partner(Record):
    id = field(string)
    name = field(string)
    origins = field(many(string))
    theme = field(one(Theme), Theme())
    resources = field(many(one(Resource)), ())
    nurse_line = field(one(NurseLine), None)


class Bundle(Record):
    version = field(string)
    library = field(one(Library))
    assessments = field(many(one(Assessment)))
    partners = field(many(one(Partner)), ())
