"""Where a parent is in a questionnaire: "question N of M", the same on every surface (the site's pages, the
no-JavaScript form and the widget, whose widget/conditions.js runs the same vectors).

M counts every later question that can still show, so it never grows as a parent goes on: it shrinks when an
answer closes a branch, and the summary may come before question M when the last questions do not apply.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from chalicelib.core.conditions import Answers, evaluate, possible


class Progress(NamedTuple):
    number: int  # the question's place among those shown so far
    total: int  # at most this many questions in all, given the answers so far


def progress(questions: Sequence[Any], index: int, answers: Answers) -> Progress:
    """The progress shown with the question at `index` (content.Question or anything with `id` and `show_if`),
    given the answers to the questions before it (answers to it or later ones are not looked at)."""
    ahead = {q.id for q in questions[index:]}
    number = 1 + sum(1 for q in questions[:index] if q.show_if is None or evaluate(q.show_if, answers))
    later = sum(1 for q in questions[index + 1 :] if q.show_if is None or possible(q.show_if, answers, ahead))
    return Progress(number, number + later)
