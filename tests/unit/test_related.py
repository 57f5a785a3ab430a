"""Which assessments a page suggests next: declared first, then the nearest by topic, category and shared words."""

from __future__ import annotations

from typing import NamedTuple

from chalicelib.core.related import related


class Card(NamedTuple):
    slug: str
    title: str
    description: str
    category: str
    topic: str


CARDS = (
    Card("a", "Asking for a second opinion", "How to ask.", "care", "opinions"),
    Card("b", "A second opinion before surgery", "Before an operation.", "care", "opinions"),
    Card("c", "Getting ready for a hospital stay", "Packing and talking.", "care", "hospital"),
    Card("d", "Fear of shots", "A scared child.", "care", "fear"),
    Card("e", "Appealing a denied claim", "When insurance says no.", "money", "insurance"),
    Card("f", "A surprise bill after surgery", "A bill you did not expect after surgery.", "money", "bills"),
    Card("g", "Paying for a second opinion", "What insurance pays for a second opinion.", "money", "insurance"),
)


def test_declared_related_come_first_in_their_order():
    assert related("a", ("d", "c"), CARDS) == ["d", "c", "b"]


def test_the_same_topic_comes_before_the_same_category_before_any_other():
    found = related("b", (), CARDS, count=6)
    assert found[0] == "a"  # its topic
    assert found[1:3] == ["c", "d"]  # its category, in library order (no shared words), before any other


def test_across_categories_the_one_sharing_more_words_comes_first():
    # "d" shares nothing with "second opinion before surgery"; "f" shares "surgery", "g" "second opinion"
    assert related("b", (), CARDS, count=6)[3:] == ["g", "f", "e"]


def test_within_a_tier_ties_keep_library_order():
    assert related("c", (), CARDS, count=3) == ["a", "b", "d"]


def test_never_itself_never_twice_never_an_unknown_slug_and_at_most_count():
    found = related("a", ("a", "b", "b", "no-such"), CARDS)
    assert found == ["b", *found[1:]] and len(found) == 3
    assert "a" not in found and len(set(found)) == 3 and "no-such" not in found
    assert related("a", ("b", "c", "d", "e"), CARDS) == ["b", "c", "d"]


def test_a_library_smaller_than_count_gives_every_other_assessment():
    assert related("a", (), CARDS[:2]) == ["b"]


def test_the_same_content_always_gives_the_same_answer():
    assert related("e", (), CARDS) == related("e", (), tuple(CARDS)) == related("e", (), list(CARDS))
