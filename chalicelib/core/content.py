"""Pydantic models of the content files (library taxonomy, assessments, partners), the bundle and its index.

They are the one definition of each content type: they validate content where it is written (the YAML
sources in `authoring/source.py`, `validate`, build and publish, the editors' JSON schemas) and they hold it
where it is served (`runtime/bundle.py` reads the published index and each assessment with them).

Every parent-facing string is a `LocalText`: a mapping of locale to text that must hold English.
In YAML an editor may write a plain string, which means English.
"""

# No `from __future__ import annotations`: see conditions.py.
import datetime
import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError
from typing_extensions import TypeAliasType

from chalicelib.core.conditions import Condition
from chalicelib.core.fields import (
    DEFAULT_LOCALE,
    Escalation,
    Hash,
    HttpsUrl,
    Id,
    LinkUrl,
    Locale,
    Minutes,
    Origin,
    RedFlagsPlace,
    ReviewStatus,
    SectionRole,
    Slug,
    Urgency,
)
from chalicelib.core.fields import pick as pick  # content's texts in a locale: defined below the references
from chalicelib.core.kinds import KINDS
from chalicelib.core.references import (
    Problem,
    assessment_problems,
    check_review,
    check_rule_texts,
    question_problems,
    taxonomy_problems,
)

QuestionKind = Literal[tuple(KINDS)]  # type: ignore[valid-type]  # exactly the kinds of `core/kinds.py`


def _english_if_plain(value: object) -> object:
    return {DEFAULT_LOCALE: value} if isinstance(value, str) else value


def _has_english(value: dict[str, str]) -> dict[str, str]:
    if DEFAULT_LOCALE not in value:
        raise ValueError("needs English text (an 'en' entry)")
    return {locale: typographic(text) for locale, text in value.items()}


_OPENING = r"(^|(?<=[\s(\[{\u2014\u2013/-]))"
_TEMPLATE_TAG = re.compile(r"(\{\{.*?\}\}|\{%.*?%\})", re.S)


def typographic(text: str) -> str:
    """`text` with typographic quotes and apostrophes: "a" -> \u201ca\u201d, 'a' -> \u2018a\u2019, it's -> it\u2019s.
    Template tags (`{{ }}`, `{% %}`) are left as written. Content gets them once, as it is validated (so every
    surface shows the same text and no request pays for it); pages apply it to their own words as they render."""
    if "'" not in text and '"' not in text:
        return text
    parts = _TEMPLATE_TAG.split(text)
    for index in range(0, len(parts), 2):  # the even parts are text, the odd ones template tags
        part = re.sub(_OPENING + '"', "\u201c", parts[index])
        part = re.sub(_OPENING + "'", "\u2018", part)
        parts[index] = part.replace('"', "\u201d").replace("'", "\u2019")
    return "".join(parts)


# A named alias: pydantic builds its validator once and refers to it from every field (building it inline at
# each of its ~30 uses made reading a bundle at a cold start about 5 ms slower).
LocalText = TypeAliasType(
    "LocalText",
    Annotated[
        dict[Locale, Annotated[str, Field(min_length=1, max_length=2000)]],
        BeforeValidator(_english_if_plain, json_schema_input_type=str | dict[str, str]),
        AfterValidator(_has_english),
    ],
)


class ContentModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    def _refuse(self, problems: list[Problem]) -> None:
        """Refuse this model for every problem at once, each at its place in it (pydantic prefixes the place of
        the model in what is validated), as pydantic reports the errors of fields."""
        if problems:
            raise ValidationError.from_exception_data(
                type(self).__name__,
                [
                    InitErrorDetails(
                        type=PydanticCustomError("reference", "{problem}", {"problem": problem}), loc=loc, input=None
                    )
                    for loc, problem in problems
                ],
            )


class Option(ContentModel):
    id: Id
    label: LocalText
    exclusive: bool = Field(False, description="In a multi-choice question, cannot be picked with others")
    escalates: Escalation | None = Field(
        None,
        description="Picking it means the child is getting worse: the summary is at least this urgent and its "
        "plan opens with the shared escalation step (content/shared/red-flags.yaml escalation_items)",
    )


class Question(ContentModel):
    id: Id
    kind: QuestionKind
    prompt: LocalText
    help: LocalText | None = None
    required: bool = True
    show_if: Condition | None = None
    options: Annotated[tuple[Option, ...], Field(min_length=2, max_length=12)]

    @model_validator(mode="after")
    def _option_ids_are_unique(self):
        self._refuse(question_problems(self))
        return self


class SummarySection(ContentModel):
    id: Id
    title: LocalText
    role: SectionRole | None = None


class Call(ContentModel):
    """A number to call or text now, drawn as a large tap-to-call link."""

    kind: Literal["tel", "sms"]
    number: Annotated[str, Field(pattern=r"^[0-9]{3,15}$", description="Digits only: 911, 988, 18002221222")]
    label: LocalText

    @property
    def href(self) -> str:
        return f"{self.kind}:{self.number}"


class Rule(ContentModel):
    """When `when` holds (or always, if absent), add `items` to a summary section (and `calls` to the summary's
    calls to make, in rule order: only in a section with the role `urgent`)."""

    id: Id
    when: Condition | None = None
    urgency: Urgency | None = None
    section: Id
    items: Annotated[tuple[LocalText, ...], Field(min_length=1)]
    calls: tuple[Call, ...] = ()


class Entry(ContentModel):
    heading: LocalText
    body: LocalText


class StaticSection(ContentModel):
    id: Id
    title: LocalText
    intro: LocalText | None = None
    entries: Annotated[tuple[Entry, ...], Field(min_length=1)]


class Faq(ContentModel):
    question: LocalText
    answer: LocalText


class Source(ContentModel):
    title: LocalText
    publisher: Annotated[str, Field(min_length=1, max_length=120)]
    url: HttpsUrl


class Review(ContentModel):
    status: ReviewStatus
    reviewer: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    reviewed_on: datetime.date | None = None

    @model_validator(mode="after")
    def _reviewed_names_a_reviewer(self):
        check_review(self)
        return self


class Assessment(ContentModel):
    slug: Slug
    locale: Locale = DEFAULT_LOCALE
    title: LocalText
    description: LocalText
    intro: LocalText
    estimated_minutes: Minutes
    questions: Annotated[tuple[Question, ...], Field(min_length=1, max_length=30)]
    summary_sections: Annotated[tuple[SummarySection, ...], Field(min_length=1)]
    rules: Annotated[tuple[Rule, ...], Field(min_length=1)]
    static_sections: tuple[StaticSection, ...] = ()
    faq: tuple[Faq, ...] = ()
    related: tuple[Slug, ...] = ()
    sources: Annotated[tuple[Source, ...], Field(min_length=1)]
    last_reviewed: datetime.date
    review: Review
    translation_review: dict[Locale, Review] = Field(
        {},
        description="The clinical review of each translation (by locale; not English, which `review` covers). A "
        "locale absent here is a translation no clinician has reviewed, and its pages say so",
    )
    red_flags: RedFlagsPlace = Field(
        "first",
        description="Where the build places the shared red-flag screen: first, or second (after the one opening "
        "question, e.g. 'What is the main reason...?')",
    )
    alternatives: tuple[Annotated[tuple[Id, ...], Field(min_length=2)], ...] = Field(
        (), description="Groups of rule ids that must never fire together (a gate walks every answer set)"
    )
    draft: bool = Field(
        False,
        description="A skeleton not yet filled in (written by `python -m chalicelib.authoring new`): the draft "
        "gate names it and every text still marked TODO, so it cannot be published until written",
    )

    @field_validator("rules")
    @classmethod
    def _rule_texts_render(cls, rules: tuple[Rule, ...], info: ValidationInfo) -> tuple[Rule, ...]:
        if "questions" in info.data:  # else the questions have their own faults, reported instead
            check_rule_texts(info.data["questions"], rules)
        return rules

    @model_validator(mode="after")
    def _references_resolve(self):
        problems = assessment_problems(self)
        if DEFAULT_LOCALE in self.translation_review:
            where = ("translation_review", DEFAULT_LOCALE)
            problems.append((where, f"'{DEFAULT_LOCALE}' is the original, reviewed under `review`"))
        self._refuse(problems)
        return self

    def question(self, question_id: str) -> Question:
        return next(q for q in self.questions if q.id == question_id)


class Topic(ContentModel):
    slug: Slug
    title: LocalText
    description: LocalText
    assessments: Annotated[tuple[Slug, ...], Field(min_length=1)]


class Category(ContentModel):
    slug: Slug
    title: LocalText
    description: LocalText
    topics: Annotated[tuple[Topic, ...], Field(min_length=1)]


class LibraryFile(ContentModel):
    """content/library.yaml: the taxonomy and the words every page shares."""

    locales: tuple[Locale, ...] = Field(
        (DEFAULT_LOCALE,),
        description="The languages the library is offered in, English first: every parent-facing text has each "
        "(the `locales` gate), the site serves each under its own path, the API and widget accept each",
    )
    title: LocalText
    promise: LocalText
    disclaimer: LocalText
    categories: Annotated[tuple[Category, ...], Field(min_length=1)]
    glossary: dict[Locale, tuple[Annotated[str, Field(min_length=2, max_length=60)], ...]] = Field(
        default_factory=dict,
        description="By locale: clinicians' terms a parent will hear (e.g. anesthesia), each explained once in "
        "plain words in the content; the reading-level gate of that locale leaves them out of its count",
    )

    @model_validator(mode="after")
    def _english_first(self):
        if self.locales[0] != DEFAULT_LOCALE or len(set(self.locales)) != len(self.locales):
            raise ValueError(f"locales must start with '{DEFAULT_LOCALE}' and name each language once")
        return self


class Theme(ContentModel):
    brand_color: Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")] = "#2f6f5e"
    font_stack: Annotated[str, Field(pattern=r"^[A-Za-z0-9 ,'\"-]{1,200}$")] = "system-ui, sans-serif"
    corner_radius: Annotated[int, Field(ge=0, le=24)] = 8


class Resource(ContentModel):
    """Something a partner offers parents, shown in the summary's next steps (e.g. a nurse line)."""

    title: LocalText
    description: LocalText
    url: LinkUrl | None = None


class NurseLine(ContentModel):
    """A partner's phone line for parents: call-today summaries link to it (otherwise they name the doctor's office)."""

    url: Annotated[str, Field(pattern=r"^tel:\+?[0-9]{3,15}$")]
    label: LocalText


class Partner(ContentModel):
    id: Slug
    name: Annotated[str, Field(min_length=1, max_length=120)]
    origins: Annotated[tuple[Origin, ...], Field(min_length=1)]
    theme: Theme = Theme()
    resources: tuple[Resource, ...] = ()
    nurse_line: NurseLine | None = None


class PartnersFile(ContentModel):
    """content/partners.yaml: the sites allowed to embed assessments, and their look."""

    partners: tuple[Partner, ...]


class Bundle(ContentModel):
    """Everything the service serves, validated as one unit where it is written and named by its content hash
    (the hash of its index, which names each assessment's hash: `runtime/bundle.py`)."""

    version: Hash
    library: LibraryFile
    assessments: tuple[Assessment, ...]
    partners: tuple[Partner, ...] = ()

    @model_validator(mode="after")
    def _taxonomy_resolves(self):
        self._refuse(taxonomy_problems(self))
        return self


class AssessmentEntry(ContentModel):
    """What the index holds of one assessment: what cards, lists, related links, the sitemap and search show
    without reading it, and `part`, the hash naming the object that holds all of it."""

    slug: Slug
    part: Hash
    title: LocalText
    description: LocalText
    estimated_minutes: Minutes
    related: tuple[Slug, ...] = ()
    last_reviewed: datetime.date


class LibraryIndex(ContentModel):
    """The bundle as published for reading part by part: everything but the assessments' bodies. A cold instance
    reads it first, then only the assessments it is asked for; the rules across parts are checked on it."""

    version: Hash
    library: LibraryFile
    assessments: tuple[AssessmentEntry, ...]
    partners: tuple[Partner, ...] = ()

    @model_validator(mode="after")
    def _taxonomy_resolves(self):
        self._refuse(taxonomy_problems(self))
        return self
