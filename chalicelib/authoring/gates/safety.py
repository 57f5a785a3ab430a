"""Safety: emergencies asked of every parent by the shared red-flag screen and leading the summary, nothing asked
after a red flag, and worsening answers escalated (DESIGN.md: "red flags first, the right action for each,
worsening never waits").

The walk feeds the per-answer-set checks here every answer set; a check of safety across several picked red
flags belongs here too, as one more AnswerSetCheck listed in FAMILY.
"""

from __future__ import annotations

from collections.abc import Iterator

from chalicelib.authoring.gates.family import Family
from chalicelib.authoring.gates.findings import Finding, Location, shown
from chalicelib.authoring.gates.walk import AnswerSet, AnswerSetCheck, Fail
from chalicelib.core.conditions import Condition, ConditionAll, ConditionAny, ConditionNot, options_named
from chalicelib.core.content import Assessment, pick
from chalicelib.core.fields import DEFAULT_LOCALE, URGENCY_RANK
from chalicelib.core.references import NO_RED_FLAG, PLAN_SECTION, RED_FLAGS_QUESTION, RED_FLAGS_SECTION

OWN_EMERGENCY = "emergencies are asked once, by the shared red-flag screen (content/shared/red-flags.yaml)"


class EmergencyLeads(AnswerSetCheck):
    """An emergency answer leads the summary with the emergency outcome; without one, no emergency shows, nor any
    emergency rule's text (in any locale) through another rule."""

    def __init__(self, assessment: Assessment, fail: Fail) -> None:
        super().__init__(assessment, fail)
        self.answers = emergency_answers(assessment)
        self.sections = {r.section for r in assessment.rules if r.urgency == "emergency"}
        self.items = [item for r in assessment.rules if r.urgency == "emergency" for item in r.items]
        self.texts: dict[str, set[str]] = {}  # by locale: the emergency rules' texts, picked when first needed

    def see(self, seen: AnswerSet) -> None:
        summary, answers = seen.summaries[DEFAULT_LOCALE], seen.answers
        picked = {(q, o) for q, value in answers.items() for o in ((value,) if isinstance(value, str) else value)}
        if picked & self.answers:
            sections = summary["sections"]
            if summary["urgency"] != "emergency" or not sections or sections[0]["id"] not in self.sections:
                message = f"the emergency outcome does not lead for {shown(answers)}"
                self.fail("emergency", ("summary_sections", 0), message)
            return
        if summary["urgency"] == "emergency" or any(s["id"] in self.sections for s in summary["sections"]):
            self.fail("emergency", ("rules",), f"an emergency shows without an emergency answer for {shown(answers)}")
            return
        for locale, local in seen.summaries.items():
            texts = self.texts.get(locale)
            if texts is None:
                texts = self.texts[locale] = {pick(item, locale) for item in self.items}
            if texts.intersection(i["text"] for s in local["sections"] for i in s["items"]):
                message = f"emergency text shows without an emergency answer in '{locale}' for {shown(answers)}"
                self.fail("emergency", ("rules",), message, locale)


class Escalation(AnswerSetCheck):
    """An answer that says the child is getting worse gives at least its urgency, and (short of an emergency)
    the plan opens with the shared escalation step, in every locale."""

    def __init__(self, assessment: Assessment, fail: Fail) -> None:
        super().__init__(assessment, fail)
        self.escalating = escalating(assessment)

    def see(self, seen: AnswerSet) -> None:
        if not self.escalating:
            return
        summary, answers = seen.summaries[DEFAULT_LOCALE], seen.answers
        for question, value in answers.items():
            for option in (value,) if isinstance(value, str) else value:
                level, where = self.escalating.get((question, option), (None, None))
                if level is None:
                    continue
                if URGENCY_RANK[summary["urgency"]] < URGENCY_RANK[level]:
                    message = f"gives {summary['urgency']}, not {level} or higher, for {shown(answers)}"
                    self.fail("escalation", where, message)
                elif summary["urgency"] != "emergency":
                    self._plan_opens_with_step(seen, level, where)

    def _plan_opens_with_step(self, seen: AnswerSet, level: str, where: Location) -> None:
        step = next((r for r in self.assessment.rules if r.id == f"escalates-{level}"), None)
        for locale, local in seen.summaries.items():
            plan = next((s for s in local["sections"] if s["id"] == PLAN_SECTION), None)
            first = plan["items"][0]["text"] if plan and plan["items"] else None
            if step is None or first != pick(step.items[0], locale):
                message = f"the plan does not open with the escalation step in '{locale}' for {shown(seen.answers)}"
                self.fail("escalation", where, message, locale)


class NothingAfterARedFlag(AnswerSetCheck):
    """Once a red flag is picked, no question shows after the screen: the parent goes to care now."""

    def __init__(self, assessment: Assessment, fail: Fail) -> None:
        super().__init__(assessment, fail)
        ids = [q.id for q in assessment.questions]
        # The questions a parent may see when a red flag is picked: the screen and the one opening question before
        # it (None without a screen: `red_flag_screen` reports that).
        self.screen_end = frozenset(ids[: ids.index(RED_FLAGS_QUESTION) + 1]) if RED_FLAGS_QUESTION in ids else None
        self.ids = ids

    def see(self, seen: AnswerSet) -> None:
        if self.screen_end is None or seen.answers.get(RED_FLAGS_QUESTION, (NO_RED_FLAG,)) == (NO_RED_FLAG,):
            return
        later = [q for q in seen.asked if q not in self.screen_end]
        if later:
            where = ("questions", self.ids.index(later[0]), "show_if")
            self.fail("red-flag-screen", where, f"shows after a red flag is picked, for {shown(seen.answers)}")


def emergency_is_asked(assessment: Assessment) -> list[Finding]:
    """Every parent must be offered an emergency answer: some question with one is shown on every path."""
    questions = {question for question, _ in emergency_answers(assessment)}
    if any(q.show_if is None for q in assessment.questions if q.id in questions):
        return []
    return [
        Finding(
            "emergency",
            assessment.slug,
            ("rules",),
            "needs a rule with urgency: emergency, fired by an answer to a question every parent is asked",
        )
    ]


def red_flag_screen(assessment: Assessment) -> list[Finding]:
    """The shared red-flag screen is placed: its question first (or second, after the one opening question) and
    never hidden, its section first in the summary, the plan section right after it."""
    slug = assessment.slug
    ids = [q.id for q in assessment.questions]
    place = 1 if assessment.red_flags == "second" else 0
    if RED_FLAGS_QUESTION not in ids:
        return [
            Finding(
                "red-flag-screen",
                slug,
                ("questions",),
                "has no shared red-flag screen: content/shared/red-flags.yaml must exist (the build places it)",
            )
        ]
    findings = []
    index = ids.index(RED_FLAGS_QUESTION)
    if index != place or assessment.questions[index].show_if is not None:
        findings.append(
            Finding("red-flag-screen", slug, ("questions", index), f"must be question {place + 1}, never hidden")
        )
    if place == 1 and assessment.questions[0].show_if is not None:
        findings.append(
            Finding("red-flag-screen", slug, ("questions", 0, "show_if"), "the opening question shows always")
        )
    sections = [(s.id, s.role) for s in assessment.summary_sections]
    if sections[:2] != [(RED_FLAGS_SECTION, "urgent"), (PLAN_SECTION, "plan")]:
        findings.append(
            Finding(
                "red-flag-screen",
                slug,
                ("summary_sections",),
                f"must open with '{RED_FLAGS_SECTION}' (the shared screen's) and then '{PLAN_SECTION}' (role plan)",
            )
        )
    return findings


def no_own_emergency(assessment: Assessment) -> list[Finding]:
    """Emergencies come only from the shared red-flag screen: no rule of the assessment's own gives `emergency`
    from its own questions, and no option of its own escalates to one."""
    findings = []
    for index, rule in enumerate(assessment.rules):
        own = {leaf.question for leaf in _positive_leaves(rule.when)} - {RED_FLAGS_QUESTION} if rule.when else {""}
        if rule.urgency == "emergency" and own and not rule.id.startswith("escalates-"):
            findings.append(Finding("own-emergency", assessment.slug, ("rules", index, "urgency"), OWN_EMERGENCY))
    for level, where in escalating(assessment).values():
        if level == "emergency":
            findings.append(Finding("own-emergency", assessment.slug, where, OWN_EMERGENCY))
    return findings


def escalating(assessment: Assessment) -> dict[tuple[str, str], tuple[str, Location]]:
    """(question, option) -> (the least urgency it must give, where it is) for every option that `escalates`."""
    return {
        (question.id, option.id): (option.escalates, ("questions", q_index, "options", o_index, "escalates"))
        for q_index, question in enumerate(assessment.questions)
        for o_index, option in enumerate(question.options)
        if option.escalates
    }


def emergency_answers(assessment: Assessment) -> set[tuple[str, str]]:
    """(question, option) pairs that make an emergency rule fire: the leaves its condition asks to be true."""
    return {
        (leaf.question, option)
        for rule in assessment.rules
        if rule.urgency == "emergency" and rule.when is not None
        for leaf in _positive_leaves(rule.when)
        for option in options_named(leaf)
    }


def _positive_leaves(condition: Condition, positive: bool = True) -> Iterator:
    """The leaves a condition asks to hold (a `not` of a `not` asks again), unlike `core.conditions.positive_leaves`,
    which names a summary item's causes and so stops at any `not`."""
    if isinstance(condition, ConditionNot):
        yield from _positive_leaves(condition.not_, not positive)
    elif isinstance(condition, (ConditionAll, ConditionAny)):
        for part in condition.all if isinstance(condition, ConditionAll) else condition.any:
            yield from _positive_leaves(part, positive)
    elif positive:
        yield condition


FAMILY = Family(
    per_assessment={
        "emergency_is_asked": lambda measured: emergency_is_asked(measured.assessment),
        "red_flag_screen": lambda measured: red_flag_screen(measured.assessment),
        "no_own_emergency": lambda measured: no_own_emergency(measured.assessment),
    },
    per_answer_set=(EmergencyLeads, Escalation, NothingAfterARedFlag),
)
