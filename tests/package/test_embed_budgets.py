"""Size budgets (tests/budgets.py): deterministic, so they are tests; speed lives in the benchmarks."""

from __future__ import annotations

from tests import sizes
from tests.budgets import FIRST_QUESTION_GZIP_MAX, LOADER_GZIP_MAX


def test_the_loader_fits_its_budget():
    size = sizes.on_the_wire(["/widget.js"])["/widget.js"]
    assert size <= LOADER_GZIP_MAX, f"/widget.js is {size} bytes gzip on the wire, budget {LOADER_GZIP_MAX}"


def test_everything_the_frame_needs_for_the_first_question_fits_its_budget(client):
    bodies = sizes.first_question(client)
    # The page alone: our stylesheet, the partner's look and the script (frame + conditions + questionnaire) are in it.
    assert len(bodies) == 1, list(bodies)
    gzip_sizes = sizes.on_the_wire(bodies)
    total = sum(gzip_sizes.values())
    assert total <= FIRST_QUESTION_GZIP_MAX, f"{total} bytes gzip, budget {FIRST_QUESTION_GZIP_MAX}: {gzip_sizes}"
