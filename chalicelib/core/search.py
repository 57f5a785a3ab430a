"""Searching the library in memory: text folded so case and accents do not matter, and the cards that match.

Pure: plain cards in, cards out. The catalog is small (tens of assessments), so a scan is all it needs."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol, TypeVar

_WORD = re.compile(r"\w+")


class Card(Protocol):
    """What searching and relating read of an assessment, in one locale."""

    slug: str
    title: str
    description: str
    category: str
    topic: str


C = TypeVar("C", bound=Card)


def fold(text: str) -> str:
    """`text` as compared: accents dropped (NFKD, then no combining marks) and case folded: "Opinión" -> "opinion"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def terms(text: str) -> tuple[str, ...]:
    """The folded words of `text`, each once, in order."""
    return tuple(dict.fromkeys(_WORD.findall(fold(text))))


def search(
    wanted: Sequence[str], cards: Iterable[C], topics: Mapping[str, str], categories: Mapping[str, str]
) -> list[C]:
    """The cards whose title, description, topic name or category name hold every one of `wanted` (folded terms,
    matched anywhere in a word: "opin" finds "opinion"); those with more of them in the title first, then in
    library order. `topics` and `categories` map slugs to names in the cards' locale."""
    found = []
    for order, card in enumerate(cards):
        title = fold(card.title)
        places = (fold(topics[card.topic]), fold(categories[card.category]))
        text = " ".join((title, fold(card.description), *places))
        if wanted and all(term in text for term in wanted):
            found.append((-sum(term in title for term in wanted), order, card))
    return [card for *_, card in sorted(found, key=lambda entry: entry[:2])]
