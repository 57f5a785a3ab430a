"""An assessment prepared once for fast, repeated use: conditions compiled, rule leaves listed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from chalicelib.core.conditions import Answers, compiled, leaves, options_named, positive_leaves, which_hold
from chalicelib.core.served import Assessment, Question, Rule


def _always(answers: Answers) -> bool:
    return True


class PlannedQuestion(NamedTuple):  # NamedTuples: a fraction of a dataclass's cost to define at a cold start
    question: Question
    shown: Callable[[Answers], bool]
    depends_on: frozenset[str]  # questions its show_if looks at
    positions: dict[str, int]  # option id -> its place in the question
    exclusive: frozenset[str]  # options that must be picked alone


class PlannedRule(NamedTuple):
    rule: Rule
    # What may have made it fire: its positive leaves (none under a `not`), in leaf order without repeats, as
    # (question, options the leaf names, the question is multi-choice). A leaf is a cause when it holds.
    causes: tuple[tuple[str, frozenset[str], bool], ...]
    causes_may_repeat: bool  # two entries for one question could name the same option


class Plan:
    """An assessment's questions and rules, prepared; `localized` holds the engine's texts per locale."""

    __slots__ = ("assessment", "questions", "rules", "question_ids", "localized", "_which")

    def __init__(self, assessment: Assessment, questions: tuple[PlannedQuestion, ...], rules: tuple[PlannedRule, ...]):
        self.assessment = assessment  # held, so the id() key in _plans cannot be reused while cached
        self.questions = questions
        self.rules = rules
        self.question_ids = frozenset(q.id for q in assessment.questions)
        self.localized: dict[str, Any] = {}
        self._which: Callable[[Answers], list[int]] | None = None

    def fired(self, answers: Answers) -> list[int]:
        """The positions of the rules that fire for these answers. Their conditions are compiled into one
        function on first use (the summary needs it, checking answers does not)."""
        if self._which is None:
            self._which = which_hold([rule.when for rule in self.assessment.rules])
        return self._which(answers)


_plans: dict[int, Plan] = {}


def plan_for(assessment: Assessment) -> Plan:
    """The plan of an assessment, made on first use and kept while the assessment is served."""
    plan = _plans.get(id(assessment))
    if plan is None or plan.assessment is not assessment:
        if len(_plans) > 256:
            _plans.clear()
        plan = _plans[id(assessment)] = _make(assessment)
    return plan


def _make(assessment: Assessment) -> Plan:
    questions = tuple(
        PlannedQuestion(
            q,
            compiled(q.show_if) if q.show_if else _always,
            frozenset(leaf.question for leaf in leaves(q.show_if)) if q.show_if else frozenset(),
            {o.id: place for place, o in enumerate(q.options)},
            frozenset(o.id for o in q.options if o.exclusive),
        )
        for q in assessment.questions
    )
    kinds = {q.id: q.kind for q in assessment.questions}
    rules = []
    for rule in assessment.rules:
        causes: dict[tuple[str, frozenset[str], bool], None] = {}  # ordered, without repeats
        for leaf in positive_leaves(rule.when) if rule.when else ():
            causes[(leaf.question, frozenset(options_named(leaf)), kinds.get(leaf.question) == "multi")] = None
        questions_named = [question for question, _, _ in causes]
        repeat = len(set(questions_named)) < len(questions_named)
        rules.append(PlannedRule(rule, tuple(causes), repeat))
    return Plan(assessment, questions, tuple(rules))
