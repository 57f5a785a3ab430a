"""What each locale's texts are held to: its reading formula and limit, its summary word limits relative to
English's, its function words and endings (for `repeat`), and how it says "about N minutes".

Every locale the library declares needs a Language here; `validate` names a declared locale without one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from chalicelib.core.fields import DEFAULT_LOCALE

MAX_GRADE = 8.0  # Flesch-Kincaid grade of each assessment as a whole, in English
MIN_EASE_ES = 70.0  # Fernandez-Huerta reading ease of each assessment as a whole, in Spanish ("bastante fácil")
# Any one sentence, besides the whole: set from the content of December 2026, every branch of every template
# measured on its own (616 English and 647 Spanish distinct sentences of 5+ words). English: median grade 3.4,
# 95th percentile 9.5, the hardest 15.6 (the records request with all five of its optional parts: 40 words; 13
# sentences above 12, all but one of them that letter). Spanish: median ease 84.3, 9 below 50, the hardest 42.6
# (the same letter). So no sentence may read harder than the hardest of today's: grade 16, ease 40, which the
# unreadable sentences this gate is for (grade 41.8 in issue 24's trial) are far beyond. Tighten them as the
# records letter is rewritten shorter (at 12, only its longer variants and one five-word title, 12.3, would fail).
MAX_SENTENCE_GRADE = 16.0
MIN_SENTENCE_EASE_ES = 40.0
# Shorter sentences (labels, headings) are read at a glance, and on them the formulas, fitted on passages, swing
# with the syllables of a word or two: "Cómo explicárselo." scores -5.2, "Practicar." 25.8, "Practice." grade 8.4.
# They still count in the whole's score.
MIN_SENTENCE_WORDS = 5
# Spanish runs about 15-25% longer than English for the same content (articles, clitics, "de" phrases), so a
# Spanish summary that says exactly what the English one says may hold 1.2x its words: median 300, longest 480.
SPANISH_WORDS = 1.2
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


@dataclass(frozen=True)
class Language:
    """What the gates hold one locale's texts to. Every locale the library declares needs one (see LANGUAGES)."""

    ease: str  # textstat's name for the readability formula
    ease_name: str
    limit: float  # for the assessment as a whole
    sentence_limit: float  # for any one sentence of MIN_SENTENCE_WORDS words or more
    at_most: bool  # the score is a grade (at most a limit); otherwise an ease (at least a limit)
    textstat_lang: str
    words_scale: float  # summary word limits relative to English's
    function_words: frozenset[str]  # dropped when comparing two texts
    endings: tuple[str, ...]  # cut from a word when comparing two texts (plurals, -ed, -ing)
    minutes: re.Pattern[str]  # "about N minutes", N in group 1
    numbers: Mapping[str, int]  # N written as a word

    def passes(self, score: float, limit: float | None = None) -> bool:
        """Whether `score` is within `limit` (by default the whole assessment's)."""
        limit = self.limit if limit is None else limit
        return score <= limit if self.at_most else score >= limit

    def beyond(self, limit: float | None = None) -> str:
        """Where a failing score is: "above 8", "below 70"."""
        return f"{'above' if self.at_most else 'below'} {self.limit if limit is None else limit:.0f}"

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
        sentence_limit=MAX_SENTENCE_GRADE,
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
        sentence_limit=MIN_SENTENCE_EASE_ES,
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


def measured(locales: tuple[str, ...]) -> tuple[str, ...]:
    """The locales the gates can measure (those with a Language), English first; `locales` names any other."""
    return tuple(dict.fromkeys(locale for locale in (DEFAULT_LOCALE, *locales) if locale in LANGUAGES))
