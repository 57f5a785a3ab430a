"""An assessment prepared for serving: one per assessment per content version, made once by the catalog.

It checks a parent's answers and summarizes them. The summary is plain data shaped like `core.summary.Summary`
(which documents it; the tests check every shape against it): it goes straight to JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Any, NamedTuple

from chalicelib.core.answers import Checked, PreparedQuestion, check_answers, visible
from chalicelib.core.conditions import Answers, AnswerValue, evaluate, options_named, positive_leaves
from chalicelib.core.content import Assessment, Rule, pick
from chalicelib.core.engine import is_template, render, render_or_plain
from chalicelib.core.fields import URGENCY_RANK
from chalicelib.core.kinds import KINDS
from chalicelib.core.problems import invalid_answers
from chalicelib.core.progress import Progress, progress

Summary = dict[str, Any]
"""A summary as plain data: see core.summary.Summary for its fields."""
_URGENCY_BY_RANK = {rank: urgency for urgency, rank in URGENCY_RANK.items()}
READING_ORDER = ("urgent", "plan")
"""Sections with these roles lead a summary, in this order; the others follow in the content's order."""
BANNERS = frozenset({"emergency", "call-today"})
"""The urgencies whose summary opens with a banner: what to do now, before anything else."""


class PreparedRule(NamedTuple):
    rule: Rule
    rank: int  # its urgency's rank
    # What may have made it fire: its positive leaves (none under a `not`), in leaf order without repeats, as
    # (question, the options the leaf names, the answer is several options). A leaf is a cause when it holds.
    causes: tuple[tuple[str, frozenset[str], bool], ...]
    causes_may_repeat: bool  # two entries for one question could name the same option


class _Local(NamedTuple):
    """The assessment's words in one locale, picked once."""

    texts: tuple[tuple[tuple[str, bool], ...], ...]  # per rule: (text, is a template)
    calls: tuple[tuple[dict[str, str], ...], ...]  # per rule: its calls, as the summary shows them
    sections: tuple[tuple[str, str, str | None], ...]  # (id, title, role) in reading order (see READING_ORDER)
    title: str
    disclaimer: str
    labels: dict[str, dict[str, str]]  # question id -> option id -> label, for rule texts that name answers


class PreparedAssessment:
    """An assessment with its questions and rules worked out once, and the words the summary shares."""

    def __init__(
        self, assessment: Assessment, *, content_version: str, disclaimer: Mapping[str, str], fallback: bool = False
    ):
        self.assessment = assessment
        # Serving: a text that fails to render shows without its templated part (logged), never a 500. Otherwise
        # (the gates, previews) the failure raises, to be reported.
        self.fallback = fallback
        self.content_version = content_version
        self.disclaimer = disclaimer
        self.questions = tuple(PreparedQuestion.of(q) for q in assessment.questions)
        self.rules = tuple(_prepare_rule(assessment, rule) for rule in assessment.rules)
        self._local: dict[str, _Local] = {}  # by locale: only the content's locales are ever asked for

    def checked(self, raw: Mapping[str, Any], upto: int | None = None) -> Checked:
        """The valid answers and every fault, for the first `upto` questions (default: all of them)."""
        return check_answers(self.questions if upto is None else self.questions[:upto], raw)

    def check(self, raw: Mapping[str, Any]) -> dict[str, AnswerValue]:
        """The answers normalized (multi-choice as tuples), or a 422 Problem naming each fault."""
        answers, problems = check_answers(self.questions, raw)
        if problems:
            raise invalid_answers(problems)
        return answers

    def visible(self, index: int, answers: Answers) -> bool:
        """Whether the question at `index` shows for the answers so far."""
        return visible(self.assessment.questions[index], answers)

    def progress(self, index: int, answers: Answers) -> Progress:
        """Progress as "question N of M" for the question at `index` (see core.progress)."""
        return progress(self.assessment.questions, index, answers)

    @cached_property
    def urgent_options(self) -> dict[str, tuple[str, ...]]:
        """Question id -> the options that by themselves make the summary an emergency: a form's button then
        says "See what to do now" as soon as one is picked."""
        emergency = [p.rule.when for p in self.rules if p.rule.urgency == "emergency" and p.rule.when is not None]
        found: dict[str, tuple[str, ...]] = {}
        for planned in self.questions:
            q = planned.question
            alone = tuple(
                o.id
                for o in q.options
                if any(evaluate(when, {q.id: (o.id,) if planned.kind.many else o.id}) for when in emergency)
            )
            if alone:
                found[q.id] = alone
        return found

    def summarize(self, answers: Answers, locale: str) -> Summary:
        """The personalized summary for answers already checked by `check`: its sections in reading order, and
        what a renderer draws with them (the banner, the calls to make, whether it is worth printing, its text)."""
        local = self._localized(locale)
        items: dict[str, list[dict[str, Any]]] = {}
        calls: dict[str, dict[str, str]] = {}  # by href: one call per number and kind, the most urgent first
        rank = 0
        context: dict[str, object] | None = None
        for prepared, texts, rule_calls in zip(self.rules, local.texts, local.calls, strict=True):
            rule = prepared.rule
            if rule.when is not None and not evaluate(rule.when, answers):
                continue
            because = _causes(prepared, answers)
            rank = max(rank, prepared.rank)
            section = items.setdefault(rule.section, [])
            for text, templated in texts:
                if templated:
                    if context is None:
                        context = {"answers": dict(answers), "labels": _labels(local.labels, answers)}
                    if self.fallback:
                        text = render_or_plain(text, context, f"{self.assessment.slug}:{rule.id}:{locale}")
                    else:
                        text = render(text, context)
                section.append({"text": text, "because": because})
            for call in rule_calls:
                calls.setdefault(call["href"], call)
        urgency = _URGENCY_BY_RANK[rank]
        sections = [
            {"id": section_id, "title": title, "role": role, "items": items[section_id]}
            for section_id, title, role in local.sections
            if section_id in items and (urgency != "emergency" or role == "urgent")  # an emergency: only care now
        ]
        return {
            "assessment": self.assessment.slug,
            "title": local.title,
            "locale": locale,
            "content_version": self.content_version,
            "urgency": urgency,
            "banner": urgency if urgency in BANNERS else None,
            "calls": list(calls.values()),
            "printable": urgency != "emergency",
            "sections": sections,
            "text": as_text(local.title, sections, local.disclaimer),
            "disclaimer": local.disclaimer,
            "review_status": self.assessment.review.status,
            "last_reviewed": self.assessment.last_reviewed.isoformat(),
        }

    def _localized(self, locale: str) -> _Local:
        local = self._local.get(locale)
        if local is None:
            assessment = self.assessment
            local = self._local[locale] = _Local(
                texts=tuple(
                    tuple((text, is_template(text)) for text in (pick(item, locale) for item in rule.items))
                    for rule in assessment.rules
                ),
                calls=tuple(
                    tuple(
                        {"kind": c.kind, "number": c.number, "href": c.href, "label": pick(c.label, locale)}
                        for c in rule.calls
                    )
                    for rule in assessment.rules
                ),
                sections=tuple(
                    (s.id, pick(s.title, locale), s.role)
                    for s in sorted(assessment.summary_sections, key=_reading_place)
                ),
                title=pick(assessment.title, locale),
                disclaimer=pick(self.disclaimer, locale),
                labels={q.id: {o.id: pick(o.label, locale) for o in q.options} for q in assessment.questions},
            )
        return local


def _reading_place(section: Any) -> int:
    return READING_ORDER.index(section.role) if section.role in READING_ORDER else len(READING_ORDER)


def as_text(title: str, sections: list[dict[str, Any]], disclaimer: str) -> str:
    """A summary as plain text, for "Copy as text" on every surface: the title, each section's title and items,
    the disclaimer."""
    lines = [title]
    for section in sections:
        lines += ["", section["title"], *(f"- {item['text']}" for item in section["items"])]
    return "\n".join([*lines, "", disclaimer])


def _prepare_rule(assessment: Assessment, rule: Rule) -> PreparedRule:
    kinds = {q.id: KINDS[q.kind] for q in assessment.questions}
    causes: dict[tuple[str, frozenset[str], bool], None] = {}  # ordered, without repeats
    for leaf in positive_leaves(rule.when) if rule.when else ():
        causes[(leaf.question, frozenset(options_named(leaf)), kinds[leaf.question].many)] = None
    questions_named = [question for question, _, _ in causes]
    repeat = len(set(questions_named)) < len(questions_named)
    return PreparedRule(rule, URGENCY_RANK[rule.urgency or "routine"], tuple(causes), repeat)


def _causes(prepared: PreparedRule, answers: Answers) -> list[dict[str, str]]:
    """The answers that made a fired rule fire: those its positive leaves name and that were picked (see
    `conditions.positive_leaves`; a leaf of an `any` that does not hold, or a leaf under a `not`, names none)."""
    causes: list[dict[str, str]] = []
    for question, named, many in prepared.causes:
        answer = answers.get(question)
        if answer is None:
            pass
        elif not many:
            if answer in named:
                causes.append({"question": question, "option": answer})
        else:
            causes += [{"question": question, "option": option} for option in answer if option in named]
    if prepared.causes_may_repeat:
        causes = [cause for i, cause in enumerate(causes) if cause not in causes[:i]]
    return causes


def _labels(labels: Mapping[str, Mapping[str, str]], answers: Answers) -> dict[str, object]:
    """The labels of the answers picked, by question: a text, or a list for a multi-choice question."""
    return {
        question: labels[question][answer] if isinstance(answer, str) else [labels[question][o] for o in answer]
        for question, answer in answers.items()
    }
