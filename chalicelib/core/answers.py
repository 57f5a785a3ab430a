"""Check a parent's answers against an assessment's questions: known questions and options, required, shown."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from chalicelib.core.conditions import Answers, AnswerValue, evaluate, leaves
from chalicelib.core.kinds import KINDS, Kind
from chalicelib.core.problems import FieldProblem


class PreparedQuestion(NamedTuple):
    """A question with what checking an answer to it needs, worked out once."""

    question: Any  # content.Question
    kind: Kind
    depends_on: frozenset[str]  # the questions its show_if looks at
    positions: dict[str, int]  # option id -> its place in the question
    exclusive: frozenset[str]  # options that must be picked alone

    @classmethod
    def of(cls, question: Any) -> PreparedQuestion:
        return cls(
            question,
            KINDS[question.kind],
            frozenset(leaf.question for leaf in leaves(question.show_if)) if question.show_if else frozenset(),
            {o.id: place for place, o in enumerate(question.options)},
            frozenset(o.id for o in question.options if o.exclusive),
        )


class Checked(NamedTuple):
    answers: dict[str, AnswerValue]  # the valid answers, normalized (multi-choice as tuples in option order)
    problems: tuple[FieldProblem, ...]  # one per fault, in question order


def visible(question: Any, answers: Answers) -> bool:
    """A question shows when it has no condition or its condition holds for the answers so far."""
    return question.show_if is None or evaluate(question.show_if, answers)


def check_answers(questions: Sequence[PreparedQuestion], raw: Mapping[str, Any]) -> Checked:
    """The answers to `questions` normalized, and a FieldProblem for each fault (an answer to a question not
    among `questions` is one)."""
    problems: list[FieldProblem] = []
    known = {planned.question.id for planned in questions}
    unknown = sum(1 for key in raw if key not in known)
    if unknown:
        problems.append(FieldProblem("answers", f"{unknown} answer(s) name a question this assessment does not ask"))
    clean: dict[str, AnswerValue] = {}
    faulty: set[str] = set()
    for planned in questions:
        question = planned.question
        given = raw.get(question.id)
        depends_on_fault = bool(faulty) and not faulty.isdisjoint(planned.depends_on)
        if not (depends_on_fault or visible(question, clean)):
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
        value, fault = planned.kind.check(given, planned.positions, planned.exclusive, question.required)
        if fault:
            faulty.add(question.id)
            problems.append(FieldProblem(f"answers.{question.id}", fault))
        elif value is not None:
            clean[question.id] = value
    return Checked(clean, tuple(problems))
