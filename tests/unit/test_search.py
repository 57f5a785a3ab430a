"""Searching in memory: case and accents ignored, every word needed, title matches first, library order kept."""

from __future__ import annotations

from typing import NamedTuple

from chalicelib.core.search import fold, search, terms


class Card(NamedTuple):
    slug: str
    title: str
    description: str
    category: str
    topic: str


CARDS = (
    Card("a", "Segunda opinión", "Antes de una cirugía.", "care", "opinions"),
    Card("b", "Before surgery", "A second opinion before an operation.", "care", "opinions"),
    Card("c", "A hospital stay", "Packing a bag.", "care", "hospital"),
)
TOPICS = {"opinions": "Second opinion questions", "hospital": "Preparing for a hospital stay"}
CATEGORIES = {"care": "Hospital & procedures"}


def found(query: str) -> list[str]:
    return [card.slug for card in search(terms(query), CARDS, TOPICS, CATEGORIES)]


def test_fold_drops_accents_and_case():
    assert fold("Opinión CIRUGÍA Straße") == "opinion cirugia strasse"


def test_terms_are_folded_words_each_once_without_punctuation():
    assert terms("¿Segunda  OPINIÓN, opinion?") == ("segunda", "opinion")


def test_accents_and_case_do_not_matter_either_way():
    assert found("OPINION") == found("opinión") == found("Opinion") == ["a", "b"]
    assert found("cirugia") == found("CIRUGÍA") == ["a"]


def test_every_word_must_match_somewhere_and_part_of_a_word_is_enough():
    assert found("second operation") == ["b"]
    assert found("surg") == ["b"]
    assert found("second elephant") == []


def test_topic_and_category_names_match_too():
    assert found("preparing") == ["c"]  # only its topic's name says it
    assert found("procedures") == ["a", "b", "c"]  # the category's name, in library order


def test_title_matches_come_first():
    assert found("hospital") == ["c", "a", "b"]  # "c" has it in its title; the others only in the category
    assert found("opinion") == ["a", "b"]


def test_no_words_find_nothing():
    assert found("") == found("¿?!") == []
