"""Question kinds: each is one unit that says how its answers look, are checked and enumerated, which
condition operators apply to it, and which input a renderer draws for it.

Adding a kind is adding a class here and an entry in KINDS (see docs/architecture.md); `Question.kind`
accepts exactly the names in KINDS.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import combinations
from typing import Any

from chalicelib.core.conditions import AnswerValue

Fault = tuple[AnswerValue | None, str | None]
"""(the answer as held, None) when it is valid; (None, what is wrong) when not; (None, None) when empty."""


class Kind:
    name = ""
    described = ""  # how messages to editors name it
    input_type = ""  # what a renderer draws for each option: "radio" or "checkbox"
    operators: frozenset[str] = frozenset()  # the condition leaves that may name a question of this kind
    allows_exclusive = False  # whether an option may be marked `exclusive` (picked alone)
    many = False  # the answer is several options (a tuple) rather than one (a string)

    def check(self, value: Any, positions: Mapping[str, int], exclusive: frozenset[str], required: bool) -> Fault:
        """The answer as held, or what is wrong with the answer `value` given in a request."""
        raise NotImplementedError

    def choices(self, question: Any) -> list[AnswerValue]:
        """Every valid, non-empty answer to a question of this kind."""
        raise NotImplementedError

    def from_form(self, values: Sequence[str]) -> str | list[str]:
        """A form field's values in the API's shape."""
        raise NotImplementedError

    def picked(self, answer: AnswerValue) -> tuple[str, ...]:
        """The option ids an answer picks."""
        raise NotImplementedError


class Single(Kind):
    name = "single"
    described = "single-choice"
    input_type = "radio"
    operators = frozenset({"is", "any_of"})

    def check(self, value: Any, positions: Mapping[str, int], exclusive: frozenset[str], required: bool) -> Fault:
        if not isinstance(value, str):
            return None, "takes exactly one option id, as a string"
        if value not in positions:
            return None, "is not one of this question's options"
        return value, None

    def choices(self, question: Any) -> list[AnswerValue]:
        return [o.id for o in question.options]

    def from_form(self, values: Sequence[str]) -> str | list[str]:
        return values[0] if len(values) == 1 else list(values)

    def picked(self, answer: AnswerValue) -> tuple[str, ...]:
        return (answer,)


class Multi(Kind):
    name = "multi"
    described = "multi-choice"
    input_type = "checkbox"
    operators = frozenset({"includes"})
    allows_exclusive = True
    many = True

    def check(self, value: Any, positions: Mapping[str, int], exclusive: frozenset[str], required: bool) -> Fault:
        if isinstance(value, str):
            return None, "takes a list of option ids"
        if not value:
            return (None, "needs at least one option") if required else (None, None)
        if len(set(value)) != len(value):
            return None, "lists an option more than once"
        if any(item not in positions for item in value):
            return None, "lists something that is not one of this question's options"
        if len(value) > 1 and not exclusive.isdisjoint(value):
            return None, "combines an option that must be picked alone with others"
        return tuple(sorted(value, key=positions.__getitem__)), None

    def choices(self, question: Any) -> list[AnswerValue]:
        alone = [o.id for o in question.options if o.exclusive]
        free = [o.id for o in question.options if not o.exclusive]
        return [(i,) for i in alone] + [combo for size in range(1, len(free) + 1) for combo in combinations(free, size)]

    def from_form(self, values: Sequence[str]) -> str | list[str]:
        return list(values)

    def picked(self, answer: AnswerValue) -> tuple[str, ...]:
        return answer  # type: ignore[return-value]


KINDS: dict[str, Kind] = {kind.name: kind for kind in (Single(), Multi())}
