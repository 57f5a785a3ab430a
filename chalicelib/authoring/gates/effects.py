"""Effects: every question is shown on some path, every rule fires on some path, every option changes the summary,
and rules written as alternatives never fire together."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from chalicelib.authoring.gates.family import Family
from chalicelib.authoring.gates.findings import Finding, shown
from chalicelib.authoring.gates.walk import AnswerSet, AnswerSetCheck, Fail
from chalicelib.core.conditions import AnswerValue, leaves
from chalicelib.core.content import Assessment
from chalicelib.core.fields import DEFAULT_LOCALE


class Reachable(AnswerSetCheck):
    """Every question is shown on some path."""

    def __init__(self, assessment: Assessment, fail: Fail) -> None:
        super().__init__(assessment, fail)
        self.reached: set[str] = set()

    def see(self, seen: AnswerSet) -> None:
        self.reached.update(seen.asked)

    def end(self) -> Iterable[Finding]:
        for index, question in enumerate(self.assessment.questions):
            if question.id not in self.reached:
                yield Finding(
                    "reachable", self.assessment.slug, ("questions", index, "show_if"), "no path shows this question"
                )


class DeadRules(AnswerSetCheck):
    """Every rule fires on some path."""

    def __init__(self, assessment: Assessment, fail: Fail) -> None:
        super().__init__(assessment, fail)
        self.unfired = set(range(len(assessment.rules)))

    def see(self, seen: AnswerSet) -> None:
        self.unfired.difference_update(seen.fired)

    def end(self) -> Iterable[Finding]:
        for index in sorted(self.unfired):
            yield Finding("dead-rule", self.assessment.slug, ("rules", index, "when"), "this rule fires on no path")


class Alternatives(AnswerSetCheck):
    """Rules listed together in `alternatives` never fire together."""

    def __init__(self, assessment: Assessment, fail: Fail) -> None:
        super().__init__(assessment, fail)
        rule_index = {rule.id: index for index, rule in enumerate(assessment.rules)}
        self.groups = [frozenset(rule_index[i] for i in group) for group in assessment.alternatives]

    def see(self, seen: AnswerSet) -> None:
        for g_index, group in enumerate(self.groups):
            if len(group.intersection(seen.fired)) > 1:
                together = ", ".join(self.assessment.rules[i].id for i in sorted(group.intersection(seen.fired)))
                self.fail(
                    "alternatives", ("alternatives", g_index), f"{together} fire together for {shown(seen.answers)}"
                )


class OptionEffects(AnswerSetCheck):
    """An option has an effect when, with every unrelated answer held the same, picking it adds a line to the
    summary that no other answer to its question gives, or drops one that every other answer gives.
    (Questions that it shows or hides may vary.) Two options with the same guidance both fail."""

    def __init__(self, assessment: Assessment, fail: Fail) -> None:
        super().__init__(assessment, fail)
        self.paths: list[Mapping[str, AnswerValue]] = []
        self.signatures: list[int] = []  # per path: which distinct English summary it got
        self.lines: list[frozenset] = []  # per distinct English summary: its lines (section, text) and its urgency

    def see(self, seen: AnswerSet) -> None:
        if DEFAULT_LOCALE in seen.new:
            summary = seen.summaries[DEFAULT_LOCALE]
            self.lines.append(
                frozenset(
                    {("urgency", summary["urgency"])}
                    | {(s["id"], i["text"]) for s in summary["sections"] for i in s["items"]}
                )
            )
        self.paths.append(seen.answers)
        self.signatures.append(seen.signature)

    def end(self) -> Iterable[Finding]:
        assessment = self.assessment
        for q_index, question in enumerate(assessment.questions):
            dependents = _dependents(assessment, question.id)
            others = [q.id for q in assessment.questions if q.id != question.id and q.id not in dependents]
            groups: dict[tuple, dict[tuple[str, ...], set[int]]] = defaultdict(lambda: defaultdict(set))
            for answers, signature in zip(self.paths, self.signatures, strict=True):
                value = answers.get(question.id)
                chosen = () if value is None else (value,) if isinstance(value, str) else value
                groups[tuple(answers.get(i) for i in others)][chosen].add(signature)
            ids = [o.id for o in question.options]
            effective: set[str] = set()
            for by_choice in groups.values():
                for option in ids:
                    if option not in effective and _has_effect(option, by_choice, self.lines):
                        effective.add(option)
                if len(effective) == len(ids):
                    break
            for o_index, option in enumerate(question.options):
                if option.id not in effective:
                    yield Finding(
                        "option-effect",
                        assessment.slug,
                        ("questions", q_index, "options", o_index),
                        f"picking '{option.id}' adds or drops no line of the summary that other answers would not; "
                        "give it guidance of its own, or remove it",
                    )


def _has_effect(option: str, by_choice: Mapping[tuple[str, ...], set[int]], lines: list[frozenset]) -> bool:
    others = [lines[s] for choice, sigs in by_choice.items() if option not in choice for s in sigs]
    if not others:
        return False
    seen_elsewhere = frozenset().union(*others)
    shared_elsewhere = frozenset.intersection(*others)
    return any(
        lines[s] - seen_elsewhere or shared_elsewhere - lines[s]
        for choice, sigs in by_choice.items()
        if option in choice
        for s in sigs
    )


def _dependents(assessment: Assessment, question_id: str) -> set[str]:
    """Questions whose showing depends, directly or not, on this one (show_if only looks back, so one pass)."""
    found = {question_id}
    for question in assessment.questions:
        if question.show_if is not None and any(leaf.question in found for leaf in leaves(question.show_if)):
            found.add(question.id)
    return found - {question_id}


FAMILY = Family(per_answer_set=(Reachable, DeadRules, Alternatives, OptionEffects))
