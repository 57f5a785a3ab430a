"""Size: how much a parent is asked and reads. No path asks more than 8 questions, `estimated_minutes` follows
from the longest path, a summary short of an emergency opens with a plan of 1 to 3 steps, and summaries stay short
enough to act on in every locale."""

from __future__ import annotations

import math

from chalicelib.authoring.gates.family import Family
from chalicelib.authoring.gates.findings import Finding, Location, shown
from chalicelib.authoring.gates.languages import LANGUAGES
from chalicelib.authoring.gates.walk import AnswerSet, AnswerSetCheck, PathWalk
from chalicelib.core.content import Assessment
from chalicelib.core.fields import DEFAULT_LOCALE
from chalicelib.core.references import PLAN_SECTION

MAX_QUESTIONS_PER_PATH = 8
SECONDS_PER_QUESTION = 15  # a choice question takes about 15 s to read and tap: 8 questions ~ 2 minutes
MAX_PLAN_STEPS = 3  # a non-emergency summary's plan: 1 to 3 steps
# Summary words (every item's text): the median over the answer sets that are not emergencies, and the longest
# over every answer set. Each of the 2,047 combinations of red flags is an answer set of its own (54-89% of an
# assessment's answer sets), so a median over all of them would measure the short emergency summaries.
MEDIAN_WORDS_MAX = 250
LONGEST_WORDS_MAX = 400


class PathLength(AnswerSetCheck):
    """No path asks more than MAX_QUESTIONS_PER_PATH questions."""

    def see(self, seen: AnswerSet) -> None:
        if len(seen.asked) > MAX_QUESTIONS_PER_PATH:
            self.fail("path-length", ("questions",), f"a path asks {len(seen.asked)} questions ({shown(seen.answers)})")


class Plan(AnswerSetCheck):
    """A summary that is not an emergency opens (after nothing urgent) with 1 to MAX_PLAN_STEPS plan steps; a
    plan's steps are the same items in every locale, so each distinct English summary is checked once."""

    def see(self, seen: AnswerSet) -> None:
        summary = seen.summaries[DEFAULT_LOCALE]
        if DEFAULT_LOCALE not in seen.new or summary["urgency"] == "emergency":
            return
        plan = next((s for s in summary["sections"] if s["id"] == PLAN_SECTION), None)
        steps = len(plan["items"]) if plan else 0
        if not 1 <= steps <= MAX_PLAN_STEPS:
            where = _section_location(self.assessment, PLAN_SECTION)
            self.fail("plan", where, f"has {steps} step(s), not 1 to {MAX_PLAN_STEPS}, for {shown(seen.answers)}")


def _section_location(assessment: Assessment, section_id: str) -> Location:
    ids = [s.id for s in assessment.summary_sections]
    return ("summary_sections", ids.index(section_id)) if section_id in ids else ("summary_sections",)


def expected_minutes(longest: int) -> int:
    return max(1, math.ceil(longest * SECONDS_PER_QUESTION / 60))


def estimate_matches(assessment: Assessment, longest: int) -> list[Finding]:
    expected = expected_minutes(longest)
    if assessment.estimated_minutes == expected:
        return []
    return [
        Finding(
            "estimate",
            assessment.slug,
            ("estimated_minutes",),
            f"is {assessment.estimated_minutes}, but the longest path asks {longest} questions: "
            f"{expected} minute(s) at {SECONDS_PER_QUESTION} s a question, rounded up",
        )
    ]


def word_limits(locale: str) -> tuple[int, int]:
    """The most words a summary may hold in `locale`: (median short of an emergency, longest)."""
    scale = LANGUAGES[locale].words_scale
    return round(MEDIAN_WORDS_MAX * scale), round(LONGEST_WORDS_MAX * scale)


def summary_size(walk: PathWalk) -> list[Finding]:
    """Summaries short enough to act on, in every locale: median and longest words over every answer set."""
    findings = []
    for locale, median in walk.median_words.items():
        median_max, longest_max = word_limits(locale)
        if median > median_max:
            message = (
                f"the median summary short of an emergency has {median:.0f} words in '{locale}', above {median_max}"
            )
            findings.append(Finding("words", walk.slug, ("rules",), message))
        longest = walk.longest_words[locale]
        if longest > longest_max:
            message = f"the longest summary has {longest} words in '{locale}', above {longest_max}"
            findings.append(Finding("words", walk.slug, ("rules",), message))
    return findings


def _walked(gate):
    """A gate of what the walk measured, run only when it walked every answer set (a cut-short walk has said why)."""
    return lambda measured: gate(measured) if measured.walk.complete else ()


FAMILY = Family(
    per_assessment={
        "estimate_matches": _walked(lambda measured: estimate_matches(measured.assessment, measured.walk.longest)),
        "summary_size": _walked(lambda measured: summary_size(measured.walk)),
    },
    per_answer_set=(PathLength, Plan),
)
