"""The words of the interface (chrome) in a locale: gettext catalogs made with Babel, and dates.

Content text is per locale in content; every other word a parent reads comes from
`locales/<locale>/LC_MESSAGES/messages.po` (compiled to `.mo` by `chalicelib/authoring/build.py`). A locale
without a catalog shows the English source strings, so a new language is a catalog plus content, no code.
"""

from __future__ import annotations

import datetime
import gettext as stdlib_gettext
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from chalicelib.core.content import Assessment, typographic  # noqa: F401 - typographic: for pages' own words
from chalicelib.core.fields import DEFAULT_LOCALE

if TYPE_CHECKING:
    from babel import Locale

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"
EMERGENCY_NUMBER = "911"
"""The number every page's footer names, where the library is offered (the US): a summary's calls come from
content (content/shared/red-flags.yaml), never from templates."""


def N_(message: str) -> str:  # noqa: N802 (gettext's name for "mark for the catalog, translate later")
    """Mark `message` for the catalog where it is defined; it is translated where it is shown."""
    return message


@cache
def translations(locale: str) -> stdlib_gettext.NullTranslations:
    """The catalog for `locale` (then its language, e.g. `fr` for `fr-CA`); English source strings if none.

    The `.mo` files Babel compiles are read by Python's own gettext: the JSON API's answers need only these
    words, so a cold start that answers one never imports Babel (about 8 ms); dates and language names, on
    pages only, import it when first asked."""
    wanted = [locale.replace("-", "_"), locale.split("-")[0]]
    return stdlib_gettext.translation(DOMAIN, str(LOCALES_DIR), languages=wanted, fallback=True)


REVIEW_NOTES = MappingProxyType(
    {
        "not-clinically-reviewed": N_("Not yet reviewed by a clinician"),
        "clinically-reviewed": N_("Reviewed by a clinician"),
    }
)
"""What a page says about an assessment's review status."""


LOADER_WORDS = MappingProxyType({"title": N_("Questionnaire"), "open": N_("Open the questionnaire")})
"""The loader's own words, on the partner's page: the frame's title, and the link shown when the frame cannot load.
The build writes them into the loader in every language with a catalog (chalicelib/authoring/build.py)."""


TRANSLATION_NOTES = MappingProxyType(
    {
        "not-clinically-reviewed": N_("Translation not yet reviewed by a clinician"),
        "clinically-reviewed": N_("Translation reviewed by a clinician"),
    }
)
"""What a page in another language than English says about its translation's review, beside the review note."""


def gettext(locale: str, message: str) -> str:
    """`message` (an English msgid) in `locale`."""
    return translations(locale).gettext(message)


def review_note(status: str, locale: str) -> str:
    return gettext(locale, REVIEW_NOTES[status])


def translation_note(assessment: Assessment, locale: str) -> str | None:
    """What a page in `locale` says about the translation of `assessment` (not reviewed unless its content says
    so); None in English, which is what the clinical review reads."""
    if locale == DEFAULT_LOCALE:
        return None
    review = assessment.translation_review.get(locale)
    return gettext(locale, TRANSLATION_NOTES[review.status if review else "not-clinically-reviewed"])


def language_name(locale: str) -> str:
    """The language's name in itself, as a language switch shows it: "English", "Español"."""
    name = _babel_locale(locale).get_display_name()
    return name[:1].upper() + name[1:]


def long_date(day: datetime.date, locale: str) -> str:
    """The one way a date is written in `locale` ("November 25, 2026" in English)."""
    from babel.dates import format_date

    return format_date(day, format="long", locale=_babel_locale(locale))


def territory_locale(locale: str) -> str:
    """`locale` with its likeliest country, as Open Graph wants it: `en` -> `en_US`, `pt-BR` -> `pt_BR`."""
    from babel import Locale
    from babel.core import get_global

    parsed = _babel_locale(locale)
    territory = parsed.territory or Locale.parse(get_global("likely_subtags")[parsed.language]).territory
    return f"{parsed.language}_{territory}"


@cache
def _babel_locale(locale: str) -> Locale:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(locale, sep="-")
    except (ValueError, UnknownLocaleError):  # a locale Babel has no data for is written as English
        return Locale.parse(DEFAULT_LOCALE)


def reset() -> None:
    """Forget loaded catalogs (tests that point LOCALES_DIR somewhere else)."""
    translations.cache_clear()
