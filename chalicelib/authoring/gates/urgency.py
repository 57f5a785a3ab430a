"""Urgency: what an urgent summary asks a parent to do, checked on every answer set of the walk (red-flag
combinations included) and in every locale:

- the most urgent action leads: when any picked red flag calls for 911 on its own, or the picked ones hold a
  combination that must (MUST_CALL_911_TOGETHER), the first call is 911; and the first line of every emergency
  names the number of its first call;
- one call per number: each number a summary calls is named in one line of its urgent section only (no
  "call X" and then "call X instead");
- one deadline per worry: a call-today or emergency summary carries no later deadline (LATER_DEADLINES);
- a call-today summary says when to call 911 or go to the emergency department instead of waiting.
"""

from __future__ import annotations

import re
from typing import Any

from chalicelib.authoring.gates.family import Family
from chalicelib.authoring.gates.findings import shown
from chalicelib.authoring.gates.walk import AnswerSet, AnswerSetCheck, Fail, rule_item_rendering
from chalicelib.core.content import Assessment
from chalicelib.core.fields import DEFAULT_LOCALE
from chalicelib.core.prepared import PreparedAssessment
from chalicelib.core.references import NO_RED_FLAG, RED_FLAGS_QUESTION

EMERGENCY_CALL = "tel:911"
# Signs that call for 911 together though neither does alone: swallowing something on purpose is an overdose.
MUST_CALL_911_TOGETHER = (frozenset({"poison", "self-harm"}),)
# Later deadlines, by locale: none may stand in a summary that says to act today or now. A locale the library
# offers needs its list (a finding says so).
LATER_DEADLINES: dict[str, tuple[str, ...]] = {
    DEFAULT_LOCALE: (
        "this week",
        "next week",
        "within a week",
        "at the next visit",
        "at your next visit",
        "when you can",
        "in a few days",
        "within days",
        "in the next few days",
    ),
    "es": (
        "esta semana",
        "la próxima semana",
        "la semana que viene",
        "en una semana",
        "en la próxima consulta",
        "en la próxima cita",
        "cuando pueda",
        "en unos días",
        "en pocos días",
        "en los próximos días",
    ),
}
_NUMBER = re.compile(r"\d(?:[\d-]*\d)?")


class UrgentSummaries(AnswerSetCheck):
    """The checks above, on each answer set with its summary in each locale."""

    def __init__(self, assessment: Assessment, fail: Fail) -> None:
        super().__init__(assessment, fail)
        self.listed: set[str] = set()  # the locales whose list of later deadlines was looked for
        prepared = PreparedAssessment(assessment, content_version="gates", disclaimer={DEFAULT_LOCALE: ""})
        questions = [q.id for q in assessment.questions]
        screen = assessment.question(RED_FLAGS_QUESTION) if RED_FLAGS_QUESTION in questions else None
        opening = {}
        if screen is not None and questions.index(RED_FLAGS_QUESTION) == 1:  # the screen follows one question
            first = assessment.questions[0]
            opening = {first.id: (first.options[0].id,) if first.kind == "multi" else first.options[0].id}
        signs = [o.id for o in screen.options if o.id != NO_RED_FLAG] if screen else []
        self.alone_911 = frozenset(
            sign
            for sign in signs
            if _first_call(prepared.summarize({**opening, RED_FLAGS_QUESTION: (sign,)}, DEFAULT_LOCALE))
            == EMERGENCY_CALL
        )

    def locate(self, text: str, locale: str) -> Any:
        return rule_item_rendering(self.assessment, text, locale)

    def see(self, seen: AnswerSet) -> None:
        answers, summaries = seen.answers, seen.summaries
        for locale in summaries.keys() - self.listed:
            self.listed.add(locale)
            if locale not in LATER_DEADLINES:
                self.fail(
                    "one-deadline", (), f"has no list of later deadlines for '{locale}' (gates/urgency.py)", locale
                )
        picked = frozenset(answers.get(RED_FLAGS_QUESTION, ())) - {NO_RED_FLAG}
        must_911 = bool(picked & self.alone_911) or any(group <= picked for group in MUST_CALL_911_TOGETHER)
        path = shown(answers)
        for locale, summary in summaries.items():
            if summary["urgency"] == "emergency":
                self._lead(summary, must_911, path, locale)
            if summary["urgency"] in ("emergency", "call-today"):
                self._one_deadline(summary, path, locale)
            if summary["urgency"] == "call-today":
                texts = [i["text"] for s in summary["sections"] for i in s["items"]]
                if not any("911" in _numbers(text) for text in texts):
                    message = f"a call-today summary does not say when to call 911 in '{locale}', for {path}"
                    self.fail("call-today-911", ("rules",), message, locale)

    def _lead(self, summary: dict[str, Any], must_911: bool, path: str, locale: str) -> None:
        calls = summary["calls"]
        first_call = calls[0]["href"] if calls else None
        if must_911 and first_call != EMERGENCY_CALL:
            message = f"911 must lead, but the first call is {first_call} in '{locale}', for {path}"
            self.fail("first-action", ("rules",), message, locale)
            return
        urgent = summary["sections"][0]["items"] if summary["sections"] else []
        lead = urgent[0]["text"] if urgent else ""
        if not calls or calls[0]["number"] not in _numbers(lead):
            message = f"the first line does not name the first call ({first_call}) in '{locale}', for {path}: {lead!r}"
            self.fail("first-action", self.locate(lead, locale), message, locale)
        for call in calls:
            naming = [item["text"] for item in urgent if call["number"] in _numbers(item["text"])]
            if len(naming) > 1:
                message = f"{len(naming)} lines name {call['href']} in '{locale}', for {path}: {naming[1]!r}"
                self.fail("one-call-per-number", self.locate(naming[1], locale), message, locale)

    def _one_deadline(self, summary: dict[str, Any], path: str, locale: str) -> None:
        for section in summary["sections"]:
            for item in section["items"]:
                text = item["text"].casefold()
                later = next((words for words in LATER_DEADLINES.get(locale, ()) if words in text), None)
                if later:
                    message = f"says '{later}' in a {summary['urgency']} summary in '{locale}', for {path}"
                    self.fail("one-deadline", self.locate(item["text"], locale), message, locale)


FAMILY = Family(per_answer_set=(UrgentSummaries,))


def _first_call(summary: dict[str, Any]) -> str | None:
    return summary["calls"][0]["href"] if summary["calls"] else None


def _numbers(text: str) -> set[str]:
    """The phone numbers a text names, as digits: "1-800-222-1222" -> "18002221222"."""
    return {number.replace("-", "") for number in _NUMBER.findall(text)}
