"""The one walk over answer sets: every answer set of an assessment is summarized once in every locale, on one
pass, and handed to each per-answer-set check of the gate families (`AnswerSetCheck`).

The walk itself measures what every family may read afterwards (`PathWalk`: answer sets, the longest path, the
summaries' words per locale, urgencies) and reports what stops a summary from being made at all (`render`).
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice

from chalicelib.authoring.gates.findings import Finding, Location, shown
from chalicelib.authoring.paths import answer_sets
from chalicelib.core.answers import visible
from chalicelib.core.conditions import AnswerValue, evaluate
from chalicelib.core.content import Assessment, Rule, pick
from chalicelib.core.engine import is_template
from chalicelib.core.fields import DEFAULT_LOCALE
from chalicelib.core.prepared import PreparedAssessment, Summary

# The answer sets one assessment may have, all walked by the gates. Each costs about 0.2 ms (summarized in English
# and Spanish and handed to every check; `paths --stats` prints each assessment's seconds), so one assessment at
# the budget takes about 5 s: a library of 20 stays within a minute of CI even if every one of them were at it.
# The largest today has 21,786. A multi-choice question with n free options multiplies the space by about 2^n:
# shrink those before raising this.
ANSWER_SETS_MAX = 25_000

Fail = Callable[..., None]
"""fail(gate, location, message, locale=DEFAULT_LOCALE): report a fault seen on some answer set. The walk keeps
the first example per gate and locale: one is enough to act on, and a fault on one path is often on thousands."""


@dataclass(frozen=True)
class PathWalk:
    slug: str
    answer_sets: int
    longest: int  # the most questions any one path asks
    longest_example: Mapping[str, AnswerValue]
    findings: tuple[Finding, ...]
    median_words: Mapping[str, float] = field(default_factory=dict)  # by locale: summary words, short of an emergency
    longest_words: Mapping[str, int] = field(default_factory=dict)  # by locale: over every answer set
    urgencies: Mapping[str, int] = field(default_factory=dict)  # answer sets per summary urgency
    complete: bool = True  # every answer set was walked: the measures above hold for the whole assessment


@dataclass(frozen=True, slots=True)
class AnswerSet:
    """One answer set as the walk hands it to every check."""

    answers: Mapping[str, AnswerValue]
    asked: list[str]  # the ids of the questions this path shows, in order
    fired: tuple[int, ...]  # the indexes of the rules that fire
    summaries: Mapping[str, Summary]  # by locale, English first; a locale whose texts failed to render is left out
    new: tuple[str, ...]  # the locales whose summary here is one not seen before on this walk: check its texts once
    signature: int  # which distinct English summary this is (0, 1, ... in the order first seen)


class AnswerSetCheck:
    """A check the walk feeds every answer set of one assessment. A family subclasses it and lists the subclass
    in its `Family.per_answer_set`: `__init__` works out once what the check needs from the assessment, `see`
    looks at one answer set and reports through `self.fail`, `end` returns what needs every answer set seen
    (e.g. a question no path shows). A check never needs its own pass: add what it needs to `AnswerSet`."""

    def __init__(self, assessment: Assessment, fail: Fail) -> None:
        self.assessment, self.fail = assessment, fail

    def see(self, seen: AnswerSet) -> None:
        """Look at one answer set (the walk calls it for each, in order)."""

    def end(self) -> Iterable[Finding]:
        """What the whole walk shows, once every answer set was seen."""
        return ()


def questions_asked(assessment: Assessment, answers: Mapping[str, AnswerValue]) -> list[str]:
    """The ids of the questions a parent sees on the path that ends in `answers`."""
    return [q.id for q in assessment.questions if visible(q, answers)]


def walk(
    assessment: Assessment,
    disclaimer: Mapping[str, str],
    locales: Sequence[str],
    checks: Sequence[type[AnswerSetCheck]],
) -> PathWalk:
    """Summarize every answer set in every locale (English first) and hand each to every check; measure the
    summaries' words and urgencies. A text that fails to render in a locale is a `render` finding, and that
    locale is not summarized further; when English fails, nothing more can be checked."""
    slug = assessment.slug
    counted = sum(1 for _ in islice(answer_sets(assessment), ANSWER_SETS_MAX + 1))
    if counted > ANSWER_SETS_MAX:
        message = (
            f"has more than {ANSWER_SETS_MAX:,} answer sets, the budget of one assessment: make a multi-choice "
            "question single-choice, or give it fewer free options (each one doubles the answer sets)"
        )
        return PathWalk(slug, counted, 0, {}, (Finding("answer-sets", slug, ("questions",), message),), complete=False)
    findings: list[Finding] = []
    failed: set[tuple[str, str]] = set()

    def fail(gate: str, location: Location, message: str, locale: str = DEFAULT_LOCALE) -> None:
        if (gate, locale) not in failed:
            failed.add((gate, locale))
            findings.append(Finding(gate, slug, location, message))

    conditions = [(index, rule.when) for index, rule in enumerate(assessment.rules)]
    prepared = PreparedAssessment(assessment, content_version="gates", disclaimer=disclaimer)
    in_locales = [_LocaleWalk(assessment, prepared, locale) for locale in dict.fromkeys((DEFAULT_LOCALE, *locales))]
    running = [check(assessment, fail) for check in checks]
    urgencies: Counter[str] = Counter()
    count, longest, longest_example = 0, 0, {}
    for answers in answer_sets(assessment):
        asked = questions_asked(assessment, answers)
        if len(asked) > longest:
            longest, longest_example = len(asked), answers
        fired = tuple([index for index, when in conditions if when is None or evaluate(when, answers)])
        summaries: dict[str, Summary] = {}
        new = []
        for local in in_locales:
            if local.broken:
                continue
            try:
                summaries[local.locale] = local.see(answers, fired)
            except Exception as error:  # any failure while rendering an editor's text is a finding, never a crash
                findings.append(_render_failure(assessment, answers, disclaimer, error, local.locale))
                local.broken = True
                continue
            if local.new:
                new.append(local.locale)
        count += 1
        if DEFAULT_LOCALE not in summaries:  # English cannot render: nothing else on this path can be checked
            return PathWalk(slug, count, longest, longest_example, tuple(findings), complete=False)
        urgencies[summaries[DEFAULT_LOCALE]["urgency"]] += 1
        seen = AnswerSet(answers, asked, fired, summaries, tuple(new), in_locales[0].signature)
        for check in running:
            check.see(seen)
    for check in running:
        findings += check.end()
    return PathWalk(
        slug,
        count,
        longest,
        longest_example,
        tuple(findings),
        {w.locale: statistics.median(w.words) if w.words else 0.0 for w in in_locales if not w.broken},
        {w.locale: w.longest_words for w in in_locales if not w.broken},
        dict(urgencies),
    )


class _LocaleWalk:
    """One locale's summaries along the walk: each distinct one given a signature (and `new` the first time it
    is seen), its words counted on every path.

    A summary's texts depend only on the rules that fire, unless one of those is a template in this locale: a
    summary without one is made once per set of rules fired (its `because`, unused here, is that of the first
    path with it); one with a template is rendered on every path."""

    def __init__(self, assessment: Assessment, prepared: PreparedAssessment, locale: str) -> None:
        self.prepared, self.locale = prepared, locale
        self.templated = frozenset(
            index
            for index, rule in enumerate(assessment.rules)
            if any(is_template(pick(i, locale)) for i in rule.items)
        )
        self.made: dict[tuple[int, ...], tuple[Summary, int]] = {}  # by rules fired: the summary and its signature
        self.interned: dict[tuple, int] = {}  # distinct summaries (urgency, sections' texts) -> signature
        self.words_of: list[int] = []  # per signature
        self.words: list[int] = []  # per path that is not an emergency
        self.longest_words = 0
        self.signature = -1  # of the last summary seen
        self.new = False  # whether the last summary seen was seen for the first time
        self.broken = False  # a text failed to render: the finding says where; nothing more to measure

    def see(self, answers: Mapping[str, AnswerValue], fired: tuple[int, ...]) -> Summary:
        """This path's summary in this locale, its words counted."""
        if self.templated.isdisjoint(fired):
            made = self.made.get(fired)
            if made is None:
                summary = self.prepared.summarize(answers, self.locale)
                made = self.made[fired] = (summary, self._intern(summary))
            else:
                self.new = False
            summary, self.signature = made
        else:
            summary = self.prepared.summarize(answers, self.locale)
            self.signature = self._intern(summary)
        words = self.words_of[self.signature]
        self.longest_words = max(self.longest_words, words)
        if summary["urgency"] != "emergency":
            self.words.append(words)
        return summary

    def _intern(self, summary: Summary) -> int:
        distinct = (
            summary["urgency"],
            tuple((s["id"], tuple(i["text"] for i in s["items"])) for s in summary["sections"]),
        )
        signature = self.interned.get(distinct)
        self.new = signature is None
        if signature is None:
            signature = self.interned[distinct] = len(self.interned)
            self.words_of.append(sum(len(i["text"].split()) for s in summary["sections"] for i in s["items"]))
        return signature


def _render_failure(assessment: Assessment, answers, disclaimer, error: Exception, locale: str) -> Finding:
    """Name the rule text that failed in `locale`, found by rendering each templated one alone on the failing path."""
    location: Location = ("rules",)
    rule_named = ""
    for r_index, i_index, rule, item in _templated_items(assessment, locale):
        alone = assessment.model_copy(update={"rules": (rule.model_copy(update={"when": None, "items": (item,)}),)})
        try:
            PreparedAssessment(alone, content_version="gates", disclaimer=disclaimer).summarize(answers, locale)
        except Exception as own_error:  # e.g. ZeroDivisionError, TypeError, OverflowError, SecurityError
            location, error, rule_named = ("rules", r_index, "items", i_index), own_error, f"rule '{rule.id}' "
            break
    return Finding(
        "render",
        assessment.slug,
        location,
        f"{rule_named}cannot be rendered in '{locale}' ({type(error).__name__}: {error}) for {shown(answers)}",
    )


def rule_item_rendering(assessment: Assessment, text: str, locale: str) -> Location:
    """The rule item that rendered `text`: the one written so, or the templated one whose fixed opening starts it."""
    for r_index, rule in enumerate(assessment.rules):
        for i_index, item in enumerate(rule.items):
            if pick(item, locale) == text:
                return ("rules", r_index, "items", i_index)
    for r_index, i_index, _, item in _templated_items(assessment, locale):
        if text.startswith(pick(item, locale).split("{", 1)[0]):
            return ("rules", r_index, "items", i_index)
    return ("rules",)


def _templated_items(assessment: Assessment, locale: str) -> Iterable[tuple[int, int, Rule, Mapping[str, str]]]:
    for r_index, rule in enumerate(assessment.rules):
        for i_index, item in enumerate(rule.items):
            if is_template(pick(item, locale)):
                yield r_index, i_index, rule, item
