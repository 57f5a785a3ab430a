"""A FHIR R4 QuestionnaireResponse to one of our Questionnaires (`core/fhir.py`), read back as answers.

The model takes only what a response to our flat, choice-only Questionnaire holds, and the elements that say
something about it without changing its answers (who, when, metadata), which are ignored. Anything that would
change what was answered (nested items, answers that are not codings, modifier extensions) is refused by name.
Every fault is a 422 naming the item by its linkId (as a FHIRPath location, `item.where(linkId='age')`) when it
is one of ours; values are never echoed, and linkIds we do not know are counted, never named.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.core.conditions import AnswerValue
from chalicelib.core.fhir import code_system, questionnaire_url
from chalicelib.core.problems import FieldProblem, invalid_answers

_SHORT = Annotated[str, Field(max_length=200)]


class _Element(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class FhirCoding(_Element):
    system: Annotated[str, Field(max_length=500)] | None = None
    code: Annotated[str, Field(max_length=60)] | None = None
    display: Annotated[str, Field(max_length=2000)] | None = None
    version: _SHORT | None = None
    userSelected: bool | None = None  # noqa: N815 - FHIR's element name
    extension: list[Any] | None = None


class FhirAnswer(_Element):
    valueCoding: FhirCoding = Field(description="One of the item's answerOption codings")  # noqa: N815
    extension: list[Any] | None = None


class FhirItem(_Element):
    linkId: Annotated[str, Field(max_length=100)]  # noqa: N815
    text: Annotated[str, Field(max_length=2000)] | None = None
    definition: Annotated[str, Field(max_length=500)] | None = None
    answer: Annotated[list[FhirAnswer], Field(max_length=12)] = []
    extension: list[Any] | None = None
    id: _SHORT | None = None


class QuestionnaireResponse(_Element):
    """The body of POST /v1/assessments/{slug}/responses sent as `application/fhir+json`: a FHIR R4
    QuestionnaireResponse to the assessment's Questionnaire (GET /v1/assessments/{slug}/fhir)."""

    resourceType: Literal["QuestionnaireResponse"]  # noqa: N815
    questionnaire: Annotated[str, Field(max_length=600, description="The Questionnaire's url, or url|version")]
    status: Literal["in-progress", "completed", "amended", "entered-in-error", "stopped"]
    language: Annotated[str, Field(max_length=35, description="The summary's language (English if absent)")] | None = (
        None
    )
    item: Annotated[list[FhirItem], Field(max_length=40)] = []
    # Who and when: accepted and ignored (nothing is stored).
    id: _SHORT | None = None
    meta: dict[str, Any] | None = None
    text: dict[str, Any] | None = None
    identifier: Any = None
    basedOn: list[Any] | None = None  # noqa: N815
    partOf: list[Any] | None = None  # noqa: N815
    subject: dict[str, Any] | None = None
    encounter: dict[str, Any] | None = None
    authored: _SHORT | None = None
    author: dict[str, Any] | None = None
    source: dict[str, Any] | None = None
    extension: list[Any] | None = None


def where(link_id: str) -> str:
    """An item's location in a response, as FHIRPath."""
    return f"item.where(linkId='{link_id}')"


def raw_answers(response: QuestionnaireResponse, prepared: Any, base_url: str) -> dict[str, str | list[str]]:
    """The response's answers in the API's JSON shape (question id -> option id, or a list for multi-choice),
    for `PreparedAssessment.check`; a 422 Problem for a response to another Questionnaire, an item answered twice,
    a coding that is not one of the item's, or several answers to a single-choice item."""
    slug = prepared.assessment.slug
    if response.questionnaire.split("|")[0] != questionnaire_url(base_url, slug):
        expected = questionnaire_url(base_url, slug)
        raise invalid_answers((FieldProblem("questionnaire", f"is not this assessment's Questionnaire ({expected})"),))
    planned = {p.question.id: p for p in prepared.questions}
    problems: list[FieldProblem] = []
    unknown = sum(1 for item in response.item if item.linkId not in planned)
    if unknown:
        problems.append(FieldProblem("item", f"{unknown} item(s) have a linkId this Questionnaire does not have"))
    raw: dict[str, str | list[str]] = {}
    for item in response.item:
        found = planned.get(item.linkId)
        if found is None or not item.answer:
            continue
        if item.linkId in raw:
            problems.append(FieldProblem(where(item.linkId), "appears more than once"))
            continue
        system = code_system(base_url, slug, item.linkId)
        codes = [answer.valueCoding.code for answer in item.answer if answer.valueCoding.system == system]
        if len(codes) < len(item.answer) or not all(code in found.positions for code in codes):
            problems.append(FieldProblem(where(item.linkId), f"has an answer that is not one of its codes ({system})"))
        elif not found.kind.many and len(codes) > 1:
            problems.append(FieldProblem(where(item.linkId), "takes one answer (repeats is false)"))
        else:
            raw[item.linkId] = list(codes) if found.kind.many else codes[0]
    if problems:
        raise invalid_answers(tuple(problems))
    return raw


def checked(response: QuestionnaireResponse, prepared: Any, base_url: str) -> dict[str, AnswerValue]:
    """The response's answers checked as `PreparedAssessment.check` checks JSON answers (required, enabled,
    exclusive), each fault named by its item."""
    answers, problems = prepared.checked(raw_answers(response, prepared, base_url))
    if problems:
        raise invalid_answers(tuple(_as_item(problem) for problem in problems))
    return answers


_DETAILS = {
    "an answer is required": "is required, and has no answer",
    "this question is hidden by the other answers, so leave it out": "is disabled by the other answers (its "
    "enableWhen does not hold), so it takes no answer",
}


def _as_item(problem: FieldProblem) -> FieldProblem:
    link_id = problem.field.removeprefix("answers.")
    return FieldProblem(where(link_id), _DETAILS.get(problem.detail, problem.detail))
