"""The texts of one summary, each distinct summary checked once per locale: no two items say the same thing
(`repeat`), and no text renders with an HTML entity (`html-entity`)."""

from __future__ import annotations

import re

from chalicelib.authoring.gates.family import Family
from chalicelib.authoring.gates.findings import shown
from chalicelib.authoring.gates.languages import LANGUAGES, Language
from chalicelib.authoring.gates.walk import AnswerSet, AnswerSetCheck, Fail, rule_item_rendering
from chalicelib.core.content import Assessment
from chalicelib.core.fields import DEFAULT_LOCALE

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
_WORD = re.compile(r"[^\W_]+")  # letters and digits, accented ones included
_ENTITY = re.compile(r"&(#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


class SummaryTexts(AnswerSetCheck):
    """Each summary not seen before, in each locale: no HTML entity in its texts, no two texts that repeat."""

    def __init__(self, assessment: Assessment, fail: Fail) -> None:
        super().__init__(assessment, fail)
        self.similar: dict[str, Similar] = {}  # by locale

    def see(self, seen: AnswerSet) -> None:
        for locale in seen.new:
            summary = seen.summaries[locale]
            texts = [i["text"] for s in summary["sections"] for i in s["items"]]
            for text in texts:
                if _ENTITY.search(text):
                    where = rule_item_rendering(self.assessment, text, locale)
                    self.fail("html-entity", where, f"renders with an HTML entity in '{locale}': {text!r}", locale)
            similar = self.similar.get(locale)
            if similar is None:
                similar = self.similar[locale] = Similar(LANGUAGES[locale])
            repeat = similar.pair_in(texts)
            if repeat:
                where = rule_item_rendering(self.assessment, repeat[1], locale)
                message = f"says the same thing as {repeat[0]!r} in one '{locale}' summary, for {shown(seen.answers)}"
                self.fail("repeat", where, message, locale)


class Similar:
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


FAMILY = Family(per_answer_set=(SummaryTexts,))
