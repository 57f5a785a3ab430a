"""Content quality gates: pure checks every assessment in a Bundle must pass before it is served.

Each gate returns Findings naming the assessment, the field at fault as a path into the assessment as served
(the shared red-flag screen placed; `cli.editing.fault_of` turns it into a file, line and field), and what is
wrong. Walking every answer set is the costly part, so `walk_paths` does it once per assessment and feeds
every gate that needs paths. A gate never raises on content: whatever it cannot check is a finding.

Every locale the library declares is held to the gates whose meaning depends on the words (rendering, reading
level, summary words, repeats, the emergency and escalation texts, "about N minutes"); what each language is held
to is in LANGUAGES. The walk summarizes every answer set once per locale on one pass over the answer sets.
"""

from __future__ import annotations

import datetime
import math
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel

from chalicelib.authoring.gates_urgency import UrgencyGates
from chalicelib.authoring.paths import answer_sets
from chalicelib.authoring.source import LIBRARY_FILE, PARTNERS_FILE
from chalicelib.core.answers import visible
from chalicelib.core.conditions import (
    AnswerValue,
    Condition,
    ConditionAll,
    ConditionAny,
    ConditionNot,
    evaluate,
    leaves,
    options_named,
)
from chalicelib.core.content import Assessment, Bundle, Rule, pick
from chalicelib.core.engine import is_template
from chalicelib.core.fields import DEFAULT_LOCALE, URGENCY_RANK
from chalicelib.core.prepared import PreparedAssessment, Summary
from chalicelib.core.references import NO_RED_FLAG, PLAN_SECTION, RED_FLAGS_QUESTION, RED_FLAGS_SECTION

MAX_QUESTIONS_PER_PATH = 8
SECONDS_PER_QUESTION = 15  # a choice question takes about 15 s to read and tap: 8 questions ~ 2 minutes
MAX_GRADE = 8.0  # Flesch-Kincaid grade of each assessment as a whole, in English
MIN_EASE_ES = 70.0  # Fernandez-Huerta reading ease of each assessment as a whole, in Spanish ("bastante fácil")
HARDEST_SHOWN = 5
MAX_PLAN_STEPS = 3  # a non-emergency summary's plan: 1 to 3 steps
# Summary words (every item's text): the median over the answer sets that are not emergencies, and the longest
# over every answer set. Each of the 2,047 combinations of red flags is an answer set of its own (54-89% of an
# assessment's answer sets), so a median over all of them would measure the short emergency summaries.
MEDIAN_WORDS_MAX = 250
LONGEST_WORDS_MAX = 400
# Spanish runs about 15-25% longer than English for the same content (articles, clitics, "de" phrases), so a
# Spanish summary that says exactly what the English one says may hold 1.2x its words: median 300, longest 480.
SPANISH_WORDS = 1.2
# Two items in one summary "say the same thing" when the Jaccard index of their content-word sets (lower case,
# common function words dropped, a plural or -ed/-ing ending cut) is at least this. Measured on the pairs of item
# texts within one assessment (main before issue 12: 4,091 pairs, median 0.0, 99th percentile 0.25; the rewrite:
# 5,177 pairs, median 0.0, 99th percentile 0.27). Pairs at 0.44 or more wrote one step twice ("Ask for help with
# records: 'Can your office send my child's records...?'" / "Call the office and ask for your child's records",
# 0.44; "Ask the doctor: 'Is it safe to wait...?'" / "Is it safe to wait for a second opinion?", 0.45). The
# highest pairs of different steps scored 0.40 in both ("call the new office to check the records arrived" /
# "call the new doctor's office: what records do you need"), so the line sits between them. Word sets rather
# than difflib's character ratio: the same step reworded in a new order is still a repeat. Spanish, with its own
# function words and plural endings, measured on the first translations (issue 16: 5,177 pairs, median 0.0, 99th
# percentile 0.23, the highest pairs of different steps 0.45-0.50, none in one summary) shares the line.
SAME_THING = 0.42
_FUNCTION_WORDS_LISTED = (
    "a an the and or but if of to in on at for with by from as is are be been it its this that these those you "
    "your we our they them their he she his her i me my do does did not no so can will would should could may "
    "might must have has had what which who when where why how there here than then too very just also about "
    "into up out all any each some more most other such only own same both few over under again once"
)
# The English list's counterparts (e.g. under: según, bajo; only: solo, sola; once, again: vez; could: podría).
_FUNCTION_WORDS_ES = (
    "a al ante bajo con contra de del desde en entre hacia hasta para por según sin sobre tras el la los las lo un "
    "una unos unas y e o u ni pero si sino que qué quien quién cual cuál como cómo cuando cuándo donde dónde porque "
    "es son ser está están estar era fue ha han he hay sea puede pueden podría podrían debe deben debería deberían "
    "su sus se le les me mi mis mí yo te tu tus nos nuestro nuestra nuestros nuestras usted ustedes él ella ellos "
    "ellas esto esta este estos estas eso esa ese esos esas aquí ahí allí entonces luego muy más menos también ya "
    "no sí solo sólo sola solamente vez veces todo toda todos todas cada otro otra otros otras algún alguna alguno "
    "algunos algunas cualquier ambos ambas poco pocos pocas propio propia mismo misma tan"
)
_WORD = re.compile(r"[^\W_]+")  # letters and digits, accented ones included


@dataclass(frozen=True)
class Language:
    """What the gates hold one locale's texts to. Every locale the library declares needs one (see LANGUAGES)."""

    ease: str  # textstat's name for the readability formula
    ease_name: str
    limit: float
    at_most: bool  # the score is a grade (at most `limit`); otherwise an ease (at least `limit`)
    textstat_lang: str
    words_scale: float  # summary word limits relative to English's
    function_words: frozenset[str]  # dropped when comparing two texts
    endings: tuple[str, ...]  # cut from a word when comparing two texts (plurals, -ed, -ing)
    minutes: re.Pattern[str]  # "about N minutes", N in group 1
    numbers: Mapping[str, int]  # N written as a word

    def passes(self, score: float) -> bool:
        return score <= self.limit if self.at_most else score >= self.limit

    def beyond(self) -> str:
        """Where a failing score is: "above 8", "below 70"."""
        return f"{'above' if self.at_most else 'below'} {self.limit:.0f}"

    def difficulty(self, score: float) -> float:
        """Higher is harder, for either kind of score."""
        return score if self.at_most else -score


_NUMBER_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
_NUMBER_WORDS_ES = ["uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez"]
LANGUAGES = {
    DEFAULT_LOCALE: Language(
        ease="flesch_kincaid_grade",
        ease_name="grade",
        limit=MAX_GRADE,
        at_most=True,
        # textstat counts English syllables with NLTK's cmudict, which it downloads on first use. The tag 'en-US'
        # (hyphen, not underscore) makes it use Pyphen's bundled US-English dictionary instead: offline, stable.
        textstat_lang="en-US",
        words_scale=1.0,
        function_words=frozenset(_FUNCTION_WORDS_LISTED.split()),
        endings=("ing", "ed", "es", "s"),
        minutes=re.compile(
            r"\babout (\d+|one|two|three|four|five|six|seven|eight|nine|ten|fifteen) minutes?\b", re.IGNORECASE
        ),
        numbers={word: n for n, word in enumerate(_NUMBER_WORDS, 1)} | {"fifteen": 15},
    ),
    # Fernandez-Huerta (1959), Flesch's reading ease fitted to Spanish: 206.84 - 60 syllables/word - 1.02
    # words/sentence; 70-80 reads "fairly easy" (about 7th grade). textstat counts Spanish syllables with Pyphen's
    # bundled dictionary only (cmudict is English), so it downloads nothing.
    "es": Language(
        ease="fernandez_huerta",
        ease_name="Fernandez-Huerta ease",
        limit=MIN_EASE_ES,
        at_most=False,
        textstat_lang="es",
        words_scale=SPANISH_WORDS,
        function_words=frozenset(_FUNCTION_WORDS_ES.split()),
        endings=("es", "s"),
        minutes=re.compile(
            r"\b(?:unos|unas|alrededor de|aproximadamente|cerca de|más o menos) "
            r"(\d+|un|una|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|quince) minutos?\b",
            re.IGNORECASE,
        ),
        numbers={word: n for n, word in enumerate(_NUMBER_WORDS_ES, 1)} | {"un": 1, "una": 1, "quince": 15},
    ),
}
# Sources must come from public health bodies (and their subdomains), not from blogs or vendors.
REPUTABLE_HOSTS = (
    "healthychildren.org",
    "aap.org",
    "nhs.uk",
    "medlineplus.gov",
    "nih.gov",
    "cdc.gov",
    "hhs.gov",
    "healthit.gov",
    # Primary sources for the rules of insurance, benefits and school (issue 23): the agencies that set them.
    "healthcare.gov",
    "cms.gov",
    "medicaid.gov",
    "insurekidsnow.gov",
    "dol.gov",
    "ed.gov",
    "samhsa.gov",
    "988lifeline.org",
)
_ENTITY = re.compile(r"&(#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_TEMPLATE_TAG = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.DOTALL)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\u201d]*\s+")

Location = tuple[str | int, ...]


@dataclass(frozen=True)
class Finding:
    gate: str
    slug: str  # the assessment at fault ("" when `file` names another content file)
    location: Location
    message: str
    file: str | None = None  # the content file at fault when it is not an assessment (library.yaml, partners.yaml)


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


@dataclass(frozen=True)
class Sentence:
    score: float
    text: str
    location: Location


@dataclass(frozen=True)
class Readability:
    slug: str
    locale: str
    score: float  # the locale's measure (LANGUAGES): a grade in English, an ease in Spanish
    words: int
    hardest: tuple[Sentence, ...]


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...]
    walks: Mapping[str, PathWalk]
    readability: Mapping[str, Mapping[str, Readability]]  # by slug, then locale


def check_bundle(bundle: Bundle, today: datetime.date) -> Report:
    """Run every gate on every assessment, in every locale the library declares (schema and references were
    already checked by the models)."""
    findings = [*related_both_ways(bundle), *locales_complete(bundle)]
    locales = tuple(locale for locale in bundle.library.locales if locale in LANGUAGES)
    walks: dict[str, PathWalk] = {}
    scores: dict[str, dict[str, Readability]] = {}
    for assessment in bundle.assessments:
        slug = assessment.slug
        walk = _guarded(slug, walk_paths, assessment, bundle.library.disclaimer, locales)
        if isinstance(walk, Finding):
            findings.append(walk)
            walk = PathWalk(slug, 0, 0, {}, ())
        walks[slug], scores[slug] = walk, {}
        findings += walk.findings
        findings += _guarded(slug, estimate_matches, assessment, walk.longest)
        findings += _guarded(slug, summary_size, walk)
        findings += _guarded(slug, provenance, assessment, today)
        for gate in (emergency_is_asked, red_flag_screen, no_own_emergency):
            findings += _guarded(slug, gate, assessment)
        for locale in locales:
            findings += _guarded(slug, minutes_in_text, assessment, locale)
            score = _guarded(slug, readability, assessment, bundle.library.glossary.get(locale, ()), locale)
            if isinstance(score, Finding):
                findings.append(score)
                score = Readability(slug, locale, 0.0, 0, ())
            scores[slug][locale] = score
            findings += reading_level(score)
    return Report(tuple(findings), walks, scores)


def locales_complete(bundle: Bundle) -> list[Finding]:
    """Every parent-facing text (every LocalText: the assessments with the shared screen placed, the library,
    the partners) has each locale the library declares, and none it does not; and each declared locale has
    its standard in LANGUAGES."""
    declared = bundle.library.locales
    named = ", ".join(declared)
    findings = [
        Finding(
            "locales",
            "",
            ("locales",),
            f"'{locale}' has no reading or word standard: add it to LANGUAGES in chalicelib/authoring/gates.py",
            LIBRARY_FILE,
        )
        for locale in declared
        if locale not in LANGUAGES
    ]
    wholes = [(a.slug, None, (), a) for a in bundle.assessments] + [("", LIBRARY_FILE, (), bundle.library)]
    wholes += [("", PARTNERS_FILE, ("partners", i), partner) for i, partner in enumerate(bundle.partners)]
    for slug, file, root, model in wholes:
        for location, text in local_texts(model, root):
            for locale in declared:
                if locale not in text:
                    message = f"has no '{locale}' text (the library declares locales: {named})"
                    findings.append(Finding("locales", slug, location, message, file))
            for locale in sorted(set(text) - set(declared)):
                message = f"has '{locale}' text, but the library does not declare '{locale}' (locales: {named})"
                findings.append(Finding("locales", slug, location, message, file))
    return findings


def local_texts(node: Any, location: Location = ()) -> Iterator[tuple[Location, Mapping[str, str]]]:
    """Every LocalText in a content model, with where it is. A LocalText is the models' only mapping of strings
    (`escalation_items` maps to tuples of them)."""
    if isinstance(node, BaseModel):
        for name, info in type(node).model_fields.items():
            yield from local_texts(getattr(node, name), (*location, info.alias or name))
    elif isinstance(node, tuple):
        for index, value in enumerate(node):
            yield from local_texts(value, (*location, index))
    elif isinstance(node, Mapping):
        if node and all(isinstance(value, str) for value in node.values()):
            yield location, node
        else:
            for key, value in node.items():
                yield from local_texts(value, (*location, key))


def _guarded(slug: str, gate: Callable[..., Any], *args: Any) -> Any:
    """Run a gate; if it raises on content it did not foresee, that is a finding (a list of one, for the gates
    that return lists), never a crash that hides every other finding."""
    try:
        return gate(*args)
    except Exception as error:  # noqa: BLE001 - a gate reports, it never stops the others
        found = Finding("gate-error", slug, (), f"gate {gate.__name__} could not run: {type(error).__name__}: {error}")
        return found if gate in (walk_paths, readability) else [found]


def questions_asked(assessment: Assessment, answers: Mapping[str, AnswerValue]) -> list[str]:
    """The ids of the questions a parent sees on the path that ends in `answers`."""
    return [q.id for q in assessment.questions if visible(q, answers)]


def expected_minutes(longest: int) -> int:
    return max(1, math.ceil(longest * SECONDS_PER_QUESTION / 60))


def walk_paths(
    assessment: Assessment, disclaimer: Mapping[str, str], locales: tuple[str, ...] = (DEFAULT_LOCALE,)
) -> PathWalk:
    """Summarize every answer set in every locale and check each path: reach, length, emergency, rendering,
    effect, the red-flag screen, escalation, plan steps, repeats, alternatives; and measure the summaries' words
    and urgencies. English (first) decides the checks of structure; every locale, those of words."""
    slug = assessment.slug
    findings: list[Finding] = []
    emergency_answers = _emergency_answers(assessment)
    emergency_sections = {r.section for r in assessment.rules if r.urgency == "emergency"}
    conditions = [(index, rule.when) for index, rule in enumerate(assessment.rules)]
    rule_index = {rule.id: index for index, rule in enumerate(assessment.rules)}
    alternatives = [frozenset(rule_index[i] for i in group) for group in assessment.alternatives]
    escalating = _escalating(assessment)
    screen_end = _screen_end(assessment)
    reached: set[str] = set()
    unfired = set(range(len(assessment.rules)))
    paths: list[Mapping[str, AnswerValue]] = []
    signatures: list[int] = []  # per path: which distinct English summary it got
    lines: list[frozenset] = []  # per distinct English summary: its lines (section, text) and its urgency
    urgencies: Counter[str] = Counter()
    longest, longest_example = 0, {}
    failed: set[tuple[str, str]] = set()
    prepared = PreparedAssessment(assessment, content_version="gates", disclaimer=disclaimer)

    def fail(gate: str, location: Location, message: str, locale: str = DEFAULT_LOCALE) -> None:
        if (gate, locale) not in failed:  # one example per gate and locale is enough to act on
            failed.add((gate, locale))
            findings.append(Finding(gate, slug, location, message))

    in_locales = [
        _LocaleWalk(assessment, prepared, locale, fail) for locale in dict.fromkeys((DEFAULT_LOCALE, *locales))
    ]
    urgency = UrgencyGates(
        prepared,
        tuple(local.locale for local in in_locales),
        fail,
        lambda text, locale: _rule_item_rendering(assessment, text, locale),
    )
    emergency_texts = {
        local.locale: {
            pick(item, local.locale) for r in assessment.rules if r.urgency == "emergency" for item in r.items
        }
        for local in in_locales
    }
    for answers in answer_sets(assessment):
        asked = questions_asked(assessment, answers)
        reached.update(asked)
        if len(asked) > longest:
            longest, longest_example = len(asked), answers
        fired = tuple([index for index, when in conditions if when is None or evaluate(when, answers)])
        unfired.difference_update(fired)
        summaries: dict[str, Summary] = {}
        for local in in_locales:
            if local.broken:
                continue
            try:
                summaries[local.locale] = local.see(answers, fired)
            except Exception as error:  # any failure while rendering an editor's text is a finding, never a crash
                findings.append(_render_failure(assessment, answers, disclaimer, error, local.locale))
                local.broken = True
        summary = summaries.get(DEFAULT_LOCALE)
        if summary is None:  # English cannot render: nothing else on this path can be checked
            return PathWalk(slug, len(paths) + 1, longest, longest_example, tuple(findings))
        signature = in_locales[0].signature
        if signature == len(lines):  # a summary not seen before
            lines.append(
                frozenset(
                    {("urgency", summary["urgency"])}
                    | {(s["id"], i["text"]) for s in summary["sections"] for i in s["items"]}
                )
            )
            _check_plan(assessment, summary, answers, fail)  # a plan's steps are the same items in every locale
        paths.append(answers)
        signatures.append(signature)
        urgencies[summary["urgency"]] += 1
        if len(asked) > MAX_QUESTIONS_PER_PATH:
            fail("path-length", ("questions",), f"a path asks {len(asked)} questions ({_shown(answers)})")
        _check_emergency(summaries, answers, emergency_answers, emergency_sections, emergency_texts, fail)
        urgency.check(answers, summaries)
        for g_index, group in enumerate(alternatives):
            if len(group.intersection(fired)) > 1:
                together = ", ".join(assessment.rules[i].id for i in sorted(group.intersection(fired)))
                fail("alternatives", ("alternatives", g_index), f"{together} fire together for {_shown(answers)}")
        if escalating:
            _check_escalation(assessment, summaries, answers, escalating, fail)
        if screen_end is not None and answers.get(RED_FLAGS_QUESTION, (NO_RED_FLAG,)) != (NO_RED_FLAG,):
            later = [q for q in asked if q not in screen_end]
            if later:
                where = ("questions", [q.id for q in assessment.questions].index(later[0]), "show_if")
                fail("red-flag-screen", where, f"shows after a red flag is picked, for {_shown(answers)}")

    for index, question in enumerate(assessment.questions):
        if question.id not in reached:
            findings.append(Finding("reachable", slug, ("questions", index, "show_if"), "no path shows this question"))
    for index in sorted(unfired):
        findings.append(Finding("dead-rule", slug, ("rules", index, "when"), "this rule fires on no path"))
    findings += _options_without_effect(assessment, paths, signatures, lines)
    return PathWalk(
        slug,
        len(paths),
        longest,
        longest_example,
        tuple(findings),
        {w.locale: statistics.median(w.words) if w.words else 0.0 for w in in_locales if not w.broken},
        {w.locale: w.longest_words for w in in_locales if not w.broken},
        dict(urgencies),
    )


class _LocaleWalk:
    """One locale's summaries along the walk: each distinct one checked once (HTML entities, repeats) and its
    words counted on every path.

    A summary's texts depend only on the rules that fire, unless one of those is a template in this locale: a
    summary without one is made once per set of rules fired (its `because`, unused here, is that of the first
    path with it); one with a template is rendered on every path."""

    def __init__(self, assessment: Assessment, prepared: PreparedAssessment, locale: str, fail) -> None:
        self.assessment, self.prepared, self.locale, self.fail = assessment, prepared, locale, fail
        self.templated = frozenset(
            index
            for index, rule in enumerate(assessment.rules)
            if any(is_template(pick(i, locale)) for i in rule.items)
        )
        self.similar = _Similar(LANGUAGES[locale])
        self.made: dict[tuple[int, ...], tuple[Summary, int]] = {}  # by rules fired: the summary and its signature
        self.interned: dict[tuple, int] = {}  # distinct summaries (urgency, sections' texts) -> signature
        self.words_of: list[int] = []  # per signature
        self.words: list[int] = []  # per path that is not an emergency
        self.longest_words = 0
        self.signature = -1  # of the last summary seen
        self.broken = False  # a text failed to render: the finding says where; nothing more to measure

    def see(self, answers: Mapping[str, AnswerValue], fired: tuple[int, ...]) -> Summary:
        """This path's summary in this locale, checked the first time it is seen, its words counted."""
        if self.templated.isdisjoint(fired):
            made = self.made.get(fired)
            if made is None:
                summary = self.prepared.summarize(answers, self.locale)
                made = self.made[fired] = (summary, self._intern(summary, answers))
            summary, self.signature = made
        else:
            summary = self.prepared.summarize(answers, self.locale)
            self.signature = self._intern(summary, answers)
        words = self.words_of[self.signature]
        self.longest_words = max(self.longest_words, words)
        if summary["urgency"] != "emergency":
            self.words.append(words)
        return summary

    def _intern(self, summary: Summary, answers: Mapping[str, AnswerValue]) -> int:
        distinct = (
            summary["urgency"],
            tuple((s["id"], tuple(i["text"] for i in s["items"])) for s in summary["sections"]),
        )
        signature = self.interned.get(distinct)
        if signature is not None:
            return signature
        signature = self.interned[distinct] = len(self.interned)
        texts = [i["text"] for s in summary["sections"] for i in s["items"]]
        self.words_of.append(sum(len(text.split()) for text in texts))
        locale, assessment = self.locale, self.assessment
        for text in texts:
            if _ENTITY.search(text):
                where = _rule_item_rendering(assessment, text, locale)
                self.fail("html-entity", where, f"renders with an HTML entity in '{locale}': {text!r}", locale)
        repeat = self.similar.pair_in(texts)
        if repeat:
            where = _rule_item_rendering(assessment, repeat[1], locale)
            message = f"says the same thing as {repeat[0]!r} in one '{locale}' summary, for {_shown(answers)}"
            self.fail("repeat", where, message, locale)
        return signature


def _screen_end(assessment: Assessment) -> frozenset[str] | None:
    """The questions a parent may see when a red flag is picked: the screen and the one opening question before
    it (None when the assessment has no red-flag screen; `red_flag_screen` reports that)."""
    ids = [q.id for q in assessment.questions]
    if RED_FLAGS_QUESTION not in ids:
        return None
    return frozenset(ids[: ids.index(RED_FLAGS_QUESTION) + 1])


def _check_plan(assessment: Assessment, summary: Summary, answers, fail) -> None:
    """A summary that is not an emergency opens (after nothing urgent) with 1 to 3 plan steps."""
    if summary["urgency"] == "emergency":
        return
    plan = next((s for s in summary["sections"] if s["id"] == PLAN_SECTION), None)
    steps = len(plan["items"]) if plan else 0
    if not 1 <= steps <= MAX_PLAN_STEPS:
        where = _section_location(assessment, PLAN_SECTION)
        fail("plan", where, f"has {steps} step(s), not 1 to {MAX_PLAN_STEPS}, for {_shown(answers)}")


def _section_location(assessment: Assessment, section_id: str) -> Location:
    ids = [s.id for s in assessment.summary_sections]
    return ("summary_sections", ids.index(section_id)) if section_id in ids else ("summary_sections",)


def _escalating(assessment: Assessment) -> dict[tuple[str, str], tuple[str, Location]]:
    """(question, option) -> (the least urgency it must give, where it is) for every option that `escalates`."""
    return {
        (question.id, option.id): (option.escalates, ("questions", q_index, "options", o_index, "escalates"))
        for q_index, question in enumerate(assessment.questions)
        for o_index, option in enumerate(question.options)
        if option.escalates
    }


def _check_escalation(assessment: Assessment, summaries: Mapping[str, Summary], answers, escalating, fail) -> None:
    """An answer that says the child is getting worse gives at least its urgency, and (short of an emergency)
    the plan opens with the shared escalation step, in every locale."""
    summary = summaries[DEFAULT_LOCALE]
    for question, value in answers.items():
        for option in (value,) if isinstance(value, str) else value:
            level, where = escalating.get((question, option), (None, None))
            if level is None:
                continue
            if URGENCY_RANK[summary["urgency"]] < URGENCY_RANK[level]:
                fail("escalation", where, f"gives {summary['urgency']}, not {level} or higher, for {_shown(answers)}")
            elif summary["urgency"] != "emergency":
                step = next((r for r in assessment.rules if r.id == f"escalates-{level}"), None)
                for locale, local in summaries.items():
                    plan = next((s for s in local["sections"] if s["id"] == PLAN_SECTION), None)
                    first = plan["items"][0]["text"] if plan and plan["items"] else None
                    if step is None or first != pick(step.items[0], locale):
                        message = f"the plan does not open with the escalation step in '{locale}' for {_shown(answers)}"
                        fail("escalation", where, message, locale)


class _Similar:
    """Which item texts of one language say the same thing (see SAME_THING), compared once per pair of texts."""

    def __init__(self, language: Language = LANGUAGES[DEFAULT_LOCALE]) -> None:
        self.language = language
        self.words: dict[str, frozenset[str]] = {}
        self.partners: dict[str, set[str]] = {}

    def pair_in(self, texts: list[str]) -> tuple[str, str] | None:
        """Two texts of `texts` that say the same thing, if any (identical texts included)."""
        seen: set[str] = set()
        for text in texts:
            if text in seen:
                return text, text
            self._learn(text)
            close = self.partners[text] & seen
            if close:
                return min(close), text
            seen.add(text)
        return None

    def _learn(self, text: str) -> None:
        if text in self.words:
            return
        own = self.words[text] = content_words(text, self.language)
        self.partners[text] = set()
        for other, theirs in self.words.items():
            if other != text and own and theirs and len(own & theirs) / len(own | theirs) >= SAME_THING:
                self.partners[text].add(other)
                self.partners[other].add(text)


def content_words(text: str, language: Language = LANGUAGES[DEFAULT_LOCALE]) -> frozenset[str]:
    """The words that carry a text's meaning, for comparing two texts: lower case, the language's function
    words dropped, a plural (or in English an -ed/-ing) ending cut."""
    words = _WORD.findall(text.lower().replace("'", ""))
    return frozenset(_stem(w, language.endings) for w in words if w not in language.function_words)


def _stem(word: str, endings: tuple[str, ...]) -> str:
    for ending in endings:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def _check_emergency(
    summaries: Mapping[str, Summary], answers, emergency_answers, emergency_sections, emergency_texts, fail
) -> None:
    """An emergency answer leads the summary with the emergency outcome; without one, no emergency shows, nor any
    emergency rule's text (in any locale) through another rule."""
    summary = summaries[DEFAULT_LOCALE]
    picked = {(q, o) for q, value in answers.items() for o in ((value,) if isinstance(value, str) else value)}
    if picked & emergency_answers:
        sections = summary["sections"]
        if summary["urgency"] != "emergency" or not sections or sections[0]["id"] not in emergency_sections:
            fail("emergency", ("summary_sections", 0), f"the emergency outcome does not lead for {_shown(answers)}")
        return
    if summary["urgency"] == "emergency" or any(s["id"] in emergency_sections for s in summary["sections"]):
        fail("emergency", ("rules",), f"an emergency shows without an emergency answer for {_shown(answers)}")
        return
    for locale, local in summaries.items():
        if emergency_texts[locale].intersection(i["text"] for s in local["sections"] for i in s["items"]):
            message = f"emergency text shows without an emergency answer in '{locale}' for {_shown(answers)}"
            fail("emergency", ("rules",), message, locale)


def _emergency_answers(assessment: Assessment) -> set[tuple[str, str]]:
    """(question, option) pairs that make an emergency rule fire: the leaves its condition asks to be true."""
    return {
        (leaf.question, option)
        for rule in assessment.rules
        if rule.urgency == "emergency" and rule.when is not None
        for leaf in _positive_leaves(rule.when)
        for option in options_named(leaf)
    }


def _positive_leaves(condition: Condition, positive: bool = True) -> Iterator:
    if isinstance(condition, ConditionNot):
        yield from _positive_leaves(condition.not_, not positive)
    elif isinstance(condition, (ConditionAll, ConditionAny)):
        for part in condition.all if isinstance(condition, ConditionAll) else condition.any:
            yield from _positive_leaves(part, positive)
    elif positive:
        yield condition


def _options_without_effect(assessment: Assessment, paths, signatures, lines) -> list[Finding]:
    """An option has an effect when, with every unrelated answer held the same, picking it adds a line to the
    summary that no other answer to its question gives, or drops one that every other answer gives.
    (Questions that it shows or hides may vary.) Two options with the same guidance both fail."""
    findings = []
    for q_index, question in enumerate(assessment.questions):
        dependents = _dependents(assessment, question.id)
        others = [q.id for q in assessment.questions if q.id != question.id and q.id not in dependents]
        groups: dict[tuple, dict[tuple[str, ...], set[int]]] = defaultdict(lambda: defaultdict(set))
        for answers, signature in zip(paths, signatures, strict=True):
            value = answers.get(question.id)
            chosen = () if value is None else (value,) if isinstance(value, str) else value
            groups[tuple(answers.get(i) for i in others)][chosen].add(signature)
        ids = [o.id for o in question.options]
        effective: set[str] = set()
        for by_choice in groups.values():
            for option in ids:
                if option not in effective and _has_effect(option, by_choice, lines):
                    effective.add(option)
            if len(effective) == len(ids):
                break
        for o_index, option in enumerate(question.options):
            if option.id not in effective:
                findings.append(
                    Finding(
                        "option-effect",
                        assessment.slug,
                        ("questions", q_index, "options", o_index),
                        f"picking '{option.id}' adds or drops no line of the summary that other answers would not; "
                        "give it guidance of its own, or remove it",
                    )
                )
    return findings


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
        f"{rule_named}cannot be rendered in '{locale}' ({type(error).__name__}: {error}) for {_shown(answers)}",
    )


def _rule_item_rendering(assessment: Assessment, text: str, locale: str) -> Location:
    """The rule item that rendered `text`: the one written so, or the templated one whose fixed opening starts it."""
    for r_index, rule in enumerate(assessment.rules):
        for i_index, item in enumerate(rule.items):
            if pick(item, locale) == text:
                return ("rules", r_index, "items", i_index)
    for r_index, i_index, _, item in _templated_items(assessment, locale):
        if text.startswith(pick(item, locale).split("{", 1)[0]):
            return ("rules", r_index, "items", i_index)
    return ("rules",)


def _templated_items(assessment: Assessment, locale: str) -> Iterator[tuple[int, int, Rule, Mapping[str, str]]]:
    for r_index, rule in enumerate(assessment.rules):
        for i_index, item in enumerate(rule.items):
            if is_template(pick(item, locale)):
                yield r_index, i_index, rule, item


def _shown(answers: Mapping[str, AnswerValue]) -> str:
    return ", ".join(f"{q}={v if isinstance(v, str) else ','.join(v)}" for q, v in answers.items()) or "no answers"


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


def emergency_is_asked(assessment: Assessment) -> list[Finding]:
    """Every parent must be offered an emergency answer: some question with one is shown on every path."""
    questions = {question for question, _ in _emergency_answers(assessment)}
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


def minutes_in_text(assessment: Assessment, locale: str = DEFAULT_LOCALE) -> list[Finding]:
    """Any "about N minutes" a parent reads agrees with `estimated_minutes` (the badge above it)."""
    findings = []
    language = LANGUAGES[locale]
    for location, text in parent_texts(assessment, locale):
        for match in language.minutes.finditer(text):
            said = match.group(1).lower()
            minutes = int(said) if said.isdigit() else language.numbers[said]
            if minutes != assessment.estimated_minutes:
                findings.append(
                    Finding(
                        "minutes",
                        assessment.slug,
                        location,
                        f"says {match.group(0)!r}, but estimated_minutes is {assessment.estimated_minutes}",
                    )
                )
    return findings


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
    why = "emergencies are asked once, by the shared red-flag screen (content/shared/red-flags.yaml)"
    for index, rule in enumerate(assessment.rules):
        own = {leaf.question for leaf in _positive_leaves(rule.when)} - {RED_FLAGS_QUESTION} if rule.when else {""}
        if rule.urgency == "emergency" and own and not rule.id.startswith("escalates-"):
            findings.append(Finding("own-emergency", assessment.slug, ("rules", index, "urgency"), why))
    for (_, _), (level, where) in _escalating(assessment).items():
        if level == "emergency":
            findings.append(Finding("own-emergency", assessment.slug, where, why))
    return findings


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


def provenance(assessment: Assessment, today: datetime.date) -> list[Finding]:
    findings = []
    for index, source in enumerate(assessment.sources):
        host = (urlsplit(source.url).hostname or "").lower()
        if not any(host == known or host.endswith("." + known) for known in REPUTABLE_HOSTS):
            findings.append(
                Finding(
                    "provenance",
                    assessment.slug,
                    ("sources", index, "url"),
                    f"'{host}' is not a public health body this library cites ({', '.join(REPUTABLE_HOSTS)})",
                )
            )
    if assessment.last_reviewed > today:
        findings.append(Finding("provenance", assessment.slug, ("last_reviewed",), "is in the future"))
    return findings


def related_both_ways(bundle: Bundle) -> list[Finding]:
    """If A lists B as related, B lists A: a parent can always get back."""
    by_slug = {a.slug: a for a in bundle.assessments}
    return [
        Finding("related", assessment.slug, ("related", index), f"'{other}' does not list '{assessment.slug}' back")
        for assessment in bundle.assessments
        for index, other in enumerate(assessment.related)
        if assessment.slug not in by_slug[other].related
    ]


def parent_texts(assessment: Assessment, locale: str = DEFAULT_LOCALE) -> Iterator[tuple[Location, str]]:
    """Every text a parent reads in this assessment in `locale` (those written in it), with where it is,
    template tags removed."""

    def text(location: Location, value: Mapping[str, str] | None) -> Iterator[tuple[Location, str]]:
        if value is not None and locale in value:
            yield location, " ".join(_TEMPLATE_TAG.sub("", value[locale]).split())

    yield from text(("title",), assessment.title)
    yield from text(("description",), assessment.description)
    yield from text(("intro",), assessment.intro)
    for q, question in enumerate(assessment.questions):
        yield from text(("questions", q, "prompt"), question.prompt)
        yield from text(("questions", q, "help"), question.help)
        for o, option in enumerate(question.options):
            yield from text(("questions", q, "options", o, "label"), option.label)
    for s, section in enumerate(assessment.summary_sections):
        yield from text(("summary_sections", s, "title"), section.title)
    for r, rule in enumerate(assessment.rules):
        for i, item in enumerate(rule.items):
            yield from text(("rules", r, "items", i), item)
    for s, static in enumerate(assessment.static_sections):
        yield from text(("static_sections", s, "title"), static.title)
        yield from text(("static_sections", s, "intro"), static.intro)
        for e, entry in enumerate(static.entries):
            yield from text(("static_sections", s, "entries", e, "heading"), entry.heading)
            yield from text(("static_sections", s, "entries", e, "body"), entry.body)
    for f, faq in enumerate(assessment.faq):
        yield from text(("faq", f, "question"), faq.question)
        yield from text(("faq", f, "answer"), faq.answer)


def readability(assessment: Assessment, glossary: Sequence[str] = (), locale: str = DEFAULT_LOCALE) -> Readability:
    """The locale's reading score (LANGUAGES) of the assessment as a whole, and its hardest sentences. Terms of
    the locale's glossary (clinicians' words, each explained in plain words) are left out of the count."""
    language = LANGUAGES[locale]
    sentences: list[tuple[Location, str]] = []
    unglossed = _unglossed(glossary)
    for location, text in parent_texts(assessment, locale):
        for sentence in _SENTENCE_END.split(unglossed(text)):
            if sentence:
                # Labels and titles have no full stop; without one they would run into the next text.
                sentences.append((location, sentence if sentence[-1] in ".!?\"'\u201d" else sentence + "."))
    whole = " ".join(s for _, s in sentences)
    graded = sorted(
        (Sentence(_score(s, language), s, location) for location, s in sentences),
        key=lambda s: language.difficulty(s.score),
        reverse=True,
    )
    score = _score(whole, language)
    return Readability(assessment.slug, locale, score, len(whole.split()), tuple(graded[:HARDEST_SHOWN]))


def _unglossed(glossary: Sequence[str]) -> Callable[[str], str]:
    if not glossary:
        return lambda text: text
    terms = sorted(glossary, key=len, reverse=True)  # the longest first: "benefits and risks" before "risks"
    pattern = re.compile(r"\b(" + "|".join(re.escape(t) for t in terms) + r")(s|es)?\b", re.IGNORECASE)
    return lambda text: " ".join(pattern.sub("", text).split())


def reading_level(score: Readability) -> list[Finding]:
    language = LANGUAGES[score.locale]
    if language.passes(score.score):
        return []
    hardest = "; ".join(f"{s.score:.1f}: {s.text!r}" for s in score.hardest[:3])
    return [
        Finding(
            "reading-level",
            score.slug,
            (),
            f"reads at {language.ease_name} {score.score:.1f} in '{score.locale}', {language.beyond()}. "
            f"Hardest sentences: {hardest}",
        )
    ]


def _score(text: str, language: Language) -> float:
    return float(getattr(_scorer(language.textstat_lang), language.ease)(text))


@cache
def _scorer(lang: str):
    from textstat.textstat import textstatistics  # editors' tooling only: not packaged for Lambda

    scorer = textstatistics()
    scorer.set_lang(lang)
    return scorer
