"""Answer paths sampled from an assessment, and each as the FHIR QuestionnaireResponse a form engine would send:
shared by the FHIR tests that compare enabled items with our engine (fhirpathpy, the API, LHC-Forms)."""

from __future__ import annotations

import random
from typing import Any

from chalicelib.authoring.source import REPO_CONTENT
from chalicelib.core.answers import visible
from chalicelib.core.conditions import AnswerValue
from chalicelib.core.content import Assessment
from chalicelib.core.fhir import code_system, questionnaire_url
from chalicelib.core.kinds import KINDS
from chalicelib.core.references import RED_FLAGS_QUESTION

PATHS_PER_ASSESSMENT = 50


def sampled_paths(assessment: Assessment, count: int = PATHS_PER_ASSESSMENT) -> list[dict[str, AnswerValue]]:
    """`count` distinct complete answer sets, as a parent could give them: every red-flag sign alone first, then
    random walks (seeded by the slug, so a failure repeats) that answer each question shown, mostly past the
    screen so the later branches are reached."""
    screen = assessment.question(RED_FLAGS_QUESTION)
    signs = [o.id for o in screen.options if not o.exclusive]
    calm = next(o.id for o in screen.options if o.exclusive)
    rng = random.Random(assessment.slug)
    found: list[dict[str, AnswerValue]] = []
    for sign in signs:
        found.append(_walk(assessment, rng, {RED_FLAGS_QUESTION: (sign,)}))
    tries = 0
    while len(found) < count and tries < 100 * count:
        tries += 1
        red_flags = (calm,) if rng.random() < 0.85 else tuple(sorted(rng.sample(signs, rng.randint(2, 4))))
        path = _walk(assessment, rng, {RED_FLAGS_QUESTION: red_flags})
        if path not in found:
            found.append(path)
    return found


def _walk(assessment: Assessment, rng: random.Random, fixed: dict[str, AnswerValue]) -> dict[str, AnswerValue]:
    answers: dict[str, AnswerValue] = {}
    for question in assessment.questions:
        if not visible(question, answers):
            continue
        choices = KINDS[question.kind].choices(question)
        if KINDS[question.kind].many:  # all combinations would favour large ones: pick a size first
            size = rng.randint(1, min(3, len(choices)))
            choices = [c for c in choices if len(c) == size] or choices
        answers[question.id] = fixed.get(question.id, rng.choice(choices))
    return answers


def shown(assessment: Assessment, answers: dict[str, AnswerValue]) -> list[str]:
    """The questions our engine shows on the path that ends in `answers`."""
    return [q.id for q in assessment.questions if visible(q, answers)]


def response_for(
    assessment: Assessment, answers: dict[str, AnswerValue], base_url: str, language: str = "en"
) -> dict[str, Any]:
    """`answers` as a FHIR QuestionnaireResponse to the assessment's Questionnaire served under `base_url`."""
    items = []
    for question in assessment.questions:
        answer = answers.get(question.id)
        if answer is None:
            continue
        system = code_system(base_url, assessment.slug, question.id)
        codes = (answer,) if isinstance(answer, str) else answer
        items.append({"linkId": question.id, "answer": [{"valueCoding": {"system": system, "code": c}} for c in codes]})
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": questionnaire_url(base_url, assessment.slug),
        "status": "completed",
        "language": language,
        "item": items,
    }


def library_slugs() -> list[str]:
    """Every assessment of the library, read from content/ when tests are collected (never a kept list)."""
    return sorted(path.stem for path in (REPO_CONTENT / "assessments").glob("*.yaml"))
