"""An assessment as a FHIR R4 Questionnaire (with the Structured Data Capture rules for branching), as plain data.

One definition, used twice: authoring builds every assessment's Questionnaire with it at publish time and
validates it with a FHIR library (`authoring/gates/fhir.py`), and the API serves what it builds from the
published content (`GET /v1/assessments/{slug}/fhir`), so the Lambda carries no FHIR library. docs/fhir.md says
what maps to what.

A `show_if` becomes `enableWhen` + `enableBehavior` where those say exactly what it says, and the SDC
`enableWhenExpression` (FHIRPath) where they cannot: a `not`, or an `all` of leaves that name several options.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from chalicelib.core.conditions import (
    ConditionAll,
    ConditionAny,
    ConditionAnyOf,
    ConditionIncludes,
    ConditionIs,
    ConditionNot,
    options_named,
)
from chalicelib.core.content import Assessment, pick
from chalicelib.core.fields import DEFAULT_LOCALE
from chalicelib.core.kinds import KINDS

MEDIA_TYPE = "application/fhir+json"
_SDC = "http://hl7.org/fhir/uv/sdc/StructureDefinition/"
_CORE = "http://hl7.org/fhir/StructureDefinition/"
ENABLE_WHEN_EXPRESSION = _SDC + "sdc-questionnaire-enableWhenExpression"
OPTION_EXCLUSIVE = _CORE + "questionnaire-optionExclusive"
ITEM_CONTROL = _CORE + "questionnaire-itemControl"
_ITEM_CONTROLS = "http://hl7.org/fhir/questionnaire-item-control"
_CONTROL_OF_INPUT = {"radio": "radio-button", "checkbox": "check-box"}
"""A kind's input (`Kind.input_type`) -> the itemControl that makes a form engine draw the same."""


class Inexpressible(ValueError):
    """Something in an assessment that this mapping cannot say exactly in FHIR (the FHIR gate reports it)."""


def questionnaire_url(base_url: str, slug: str) -> str:
    """The Questionnaire's canonical URL: where the API serves it."""
    return f"{base_url}/v1/assessments/{slug}/fhir"


def code_system(base_url: str, slug: str, question_id: str) -> str:
    """The code system of one question's options (option ids are unique within a question, not across them)."""
    return f"{questionnaire_url(base_url, slug)}/codes/{question_id}"


def questionnaire(
    assessment: Assessment,
    locale: str,
    *,
    base_url: str,
    version: str,
    publisher: Mapping[str, str],
    disclaimer: Mapping[str, str],
) -> dict[str, Any]:
    """The assessment as a FHIR R4 Questionnaire in `locale` (the codes, url and version are the same in every
    locale). Raises Inexpressible for a question or condition this mapping cannot say exactly."""
    slug = assessment.slug
    return {
        "resourceType": "Questionnaire",
        "language": locale,
        "url": questionnaire_url(base_url, slug),
        "version": version,
        "title": pick(assessment.title, locale),
        "status": "active" if reviewed(assessment, locale) else "draft",
        "subjectType": ["Patient"],
        "date": assessment.last_reviewed.isoformat(),
        "publisher": pick(publisher, locale),
        "description": pick(assessment.description, locale),
        "copyright": pick(disclaimer, locale),
        "item": [_item(question, locale, base_url, slug, assessment) for question in assessment.questions],
    }


def reviewed(assessment: Assessment, locale: str) -> bool:
    """Whether a clinician reviewed the assessment in this locale (the original, and the translation if any)."""
    if assessment.review.status != "clinically-reviewed":
        return False
    translation = assessment.translation_review.get(locale)
    return locale == DEFAULT_LOCALE or (translation is not None and translation.status == "clinically-reviewed")


def _item(question: Any, locale: str, base_url: str, slug: str, assessment: Assessment) -> dict[str, Any]:
    kind = KINDS[question.kind]
    control = _CONTROL_OF_INPUT.get(kind.input_type)
    if control is None:
        raise Inexpressible(f"question '{question.id}': no FHIR item control draws a {kind.input_type!r} input")
    system = code_system(base_url, slug, question.id)
    item: dict[str, Any] = {
        "linkId": question.id,
        "text": pick(question.prompt, locale),
        "type": "choice",
        "required": question.required,
        "repeats": kind.many,
        "extension": [_control(control)],
        "answerOption": [_option(option, system, locale) for option in question.options],
    }
    if question.help is not None:
        item["item"] = [
            {
                "linkId": f"{question.id}.help",
                "text": pick(question.help, locale),
                "type": "display",
                "extension": [_control("help")],
            }
        ]
    if question.show_if is not None:
        enabled = enabling(question.show_if, assessment, base_url)
        item["extension"] += enabled.pop("extension", [])
        item.update(enabled)
    return item


def _control(code: str) -> dict[str, Any]:
    return {
        "url": ITEM_CONTROL,
        "valueCodeableConcept": {"coding": [{"system": _ITEM_CONTROLS, "code": code}]},
    }


def _option(option: Any, system: str, locale: str) -> dict[str, Any]:
    found: dict[str, Any] = {
        "valueCoding": {"system": system, "code": option.id, "display": pick(option.label, locale)}
    }
    if option.exclusive:
        found["extension"] = [{"url": OPTION_EXCLUSIVE, "valueBoolean": True}]
    return found


def enabling(condition: Any, assessment: Assessment, base_url: str) -> dict[str, Any]:
    """The item's `enableWhen` and `enableBehavior` when they say exactly what `condition` says, otherwise its
    SDC `enableWhenExpression`.

    FHIR's `=` on a coding holds when any answer to the question is that coding, and never for an unanswered
    question: exactly our leaf (an unanswered question makes every leaf about it false). So a leaf, an `any` of
    leaves, and an `all` of leaves that each name one option map one-to-one; a `not`, or an `all` with a leaf
    that names several options (an `any` inside an `all`), needs an expression."""
    known = {q.id for q in assessment.questions}
    picks = _picks(condition, known)
    if picks is not None:
        return _enable_when(
            [(question, option) for question, options in picks for option in options], "any", base_url, assessment.slug
        )
    if type(condition) is ConditionAll:
        parts = [_picks(part, known) for part in condition.all]
        if all(part is not None and len(part) == 1 and len(part[0][1]) == 1 for part in parts):
            pairs = [(part[0][0], part[0][1][0]) for part in parts]  # type: ignore[index]
            return _enable_when(pairs, "all", base_url, assessment.slug)
    return {
        "extension": [
            {
                "url": ENABLE_WHEN_EXPRESSION,
                "valueExpression": {"language": "text/fhirpath", "expression": fhirpath(condition, known)},
            }
        ]
    }


def _enable_when(pairs: list[tuple[str, str]], behavior: str, base_url: str, slug: str) -> dict[str, Any]:
    found: dict[str, Any] = {
        "enableWhen": [
            {
                "question": question,
                "operator": "=",
                "answerCoding": {"system": code_system(base_url, slug, question), "code": option},
            }
            for question, option in pairs
        ]
    }
    if len(pairs) > 1:
        found["enableBehavior"] = behavior
    return found


def _picks(condition: Any, known: set[str]) -> list[tuple[str, tuple[str, ...]]] | None:
    """The condition as "the answer to Q picks one of these options", ORed over a list, when it is a leaf or an
    `any` of leaves; None otherwise."""
    form = type(condition)
    if form in (ConditionIs, ConditionAnyOf, ConditionIncludes):
        if condition.question not in known:
            raise Inexpressible(f"a condition names question '{condition.question}', which the assessment lacks")
        return [(condition.question, options_named(condition))]
    if form is ConditionAny:
        parts = [_picks(part, known) for part in condition.any]
        if all(part is not None for part in parts):
            return [pick for part in parts for pick in part]  # type: ignore[union-attr]
    return None


def fhirpath(condition: Any, known: set[str]) -> str:
    """The condition as a FHIRPath boolean over the QuestionnaireResponse (`%resource`), true or false, never
    empty (each leaf ends in exists()), so `and`, `or` and not() are two-valued like ours."""
    picks = _picks(condition, known)
    if picks is not None:
        return " or ".join(_answered(question, options) for question, options in _merged(picks))
    form = type(condition)
    if form is ConditionAll:
        return " and ".join(f"({fhirpath(part, known)})" for part in condition.all)
    if form is ConditionAny:
        return " or ".join(f"({fhirpath(part, known)})" for part in condition.any)
    if form is ConditionNot:
        return f"({fhirpath(condition.not_, known)}).not()"
    raise Inexpressible(f"no FHIRPath for a condition of type {form.__name__}")


def _merged(picks: list[tuple[str, tuple[str, ...]]]) -> list[tuple[str, tuple[str, ...]]]:
    """Picks on one question joined: the shared red-flag screen's "any red flag" (eleven `includes`) becomes one
    test of its answer's codes."""
    joined: dict[str, list[str]] = {}
    for question, options in picks:
        joined.setdefault(question, []).extend(o for o in options if o not in joined.get(question, ()))
    return [(question, tuple(options)) for question, options in joined.items()]


def _answered(question: str, options: tuple[str, ...]) -> str:
    # Ids are [a-z0-9-] (core.fields.Id): nothing in them needs escaping in a FHIRPath string.
    codes = f"'{options[0]}'" if len(options) == 1 else "(" + " | ".join(f"'{o}'" for o in options) + ")"
    test = "=" if len(options) == 1 else "in"
    return f"%resource.item.where(linkId = '{question}').answer.value.where(code {test} {codes}).exists()"
