"""Which assessments an assessment's page suggests next: the ones its content declares, then the nearest others.

Pure: plain cards in (one locale, library order), slugs out; the same content always gives the same answer."""

from __future__ import annotations

from collections.abc import Sequence

from chalicelib.core.search import Card, terms

RELATED_COUNT = 3
_SHORT = 4  # words shorter than this ("the", "and", "de", "su") say nothing about what an assessment is about


def related(slug: str, declared: Sequence[str], cards: Sequence[Card], count: int = RELATED_COUNT) -> list[str]:
    """Up to `count` slugs for the assessment `slug`: its `declared` related first (in their order), then the
    others nearest to it: same topic group, then same category, then any; within each, those sharing more words
    of title and description first, then library order."""
    by_slug = {card.slug: card for card in cards}
    chosen = [s for s in dict.fromkeys(declared) if s in by_slug and s != slug][:count]
    this = by_slug[slug]
    own = _words(this)

    def nearness(entry: tuple[int, Card]) -> tuple[int, int, int]:
        order, card = entry
        tier = 0 if card.topic == this.topic else 1 if card.category == this.category else 2
        return tier, -len(own & _words(card)), order

    others = [(order, card) for order, card in enumerate(cards) if card.slug != slug and card.slug not in chosen]
    chosen += [card.slug for _, card in sorted(others, key=nearness)[: count - len(chosen)]]
    return chosen


def _words(card: Card) -> set[str]:
    return {word for word in terms(f"{card.title} {card.description}") if len(word) >= _SHORT}
