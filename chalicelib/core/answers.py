"""Check a parent's answers against an assessment: known questions and options, required, shown."""

from __future__ import annotations

from collections.abc import Mapping

from chalicelib.core.conditions import AnswerValue, evaluate
from chalicelib.core.plan import PlannedQuestion, plan_for
from chalicelib.core.problems import FieldProblem, invalid_answers
from chalicelib.core.served import Assessment, Question


def visible(question: Question, answers: Mapping[str, AnswerValue]) -> bool:
    """A question shows when it has no condition or its condition holds for the answers so far."""
    return question.show_if is None or evaluate(question.show_if, answers)


def check_answers(assessment: Assessment, raw: Mapping[str, str | list[str]]) -> dict[str, AnswerValue]:
    """Return the answers normalized (multi-choice as tuples), or raise a 422 Problem naming each fault."""
    problems: list[FieldProblem] = []
    plan = plan_for(assessment)
    unknown = sum(1 for key in raw if key not in plan.question_ids)
    if unknown:
        problems.append(FieldProblem("answers", f"{unknown} answer(s) name a question this assessment does not ask"))
    clean: dict[str, AnswerValue] = {}
    faulty: set[str] = set()
    for planned in plan.questions:
        question = planned.question
        given = raw.get(question.id)
        depends_on_fault = bool(faulty) and not faulty.isdisjoint(planned.depends_on)
        shown = depends_on_fault or planned.shown(clean)
        if not shown:
            if given is not None:
                faulty.add(question.id)
                problems.append(
                    FieldProblem(
                        f"answers.{question.id}", "this question is hidden by the other answers, so leave it out"
                    )
                )
            continue
        if given is None:
            if question.required and not depends_on_fault:
                faulty.add(question.id)
                problems.append(FieldProblem(f"answers.{question.id}", "an answer is required"))
            continue
        value, fault = _check_one(planned, given)
        if fault:
            faulty.add(question.id)
            problems.append(FieldProblem(f"answers.{question.id}", fault))
        elif value is not None:
            clean[question.id] = value
    if problems:
        raise invalid_answers(tuple(problems))
    return clean


def _check_one(planned: PlannedQuestion, value: str | list[str]) -> tuple[AnswerValue | None, str | None]:
    question, positions = planned.question, planned.positions
    if question.kind == "single":
        if not isinstance(value, str):
            return None, "takes exactly one option id, as a string"
        if value not in positions:
            return None, "is not one of this question's options"
        return value, None
    if isinstance(value, str):
        return None, "takes a list of option ids"
    if not value:
        return (None, "needs at least one option") if question.required else (None, None)
    if len(set(value)) != len(value):
        return None, "lists an option more than once"
    if any(item not in positions for item in value):
        return None, "lists something that is not one of this question's options"
    if len(value) > 1 and not planned.exclusive.isdisjoint(value):
        return None, "combines an option that must be picked alone with others"
    return tuple(sorted(value, key=positions.__getitem__)), None
