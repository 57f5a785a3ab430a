"""Size budgets (tests/budgets.py): deterministic, so they are tests; speed lives in the benchmarks."""

from __future__ import annotations

import gzip
import re

from tests.budgets import FIRST_QUESTION_GZIP_MAX, LOADER_GZIP_MAX
from tests.conftest import SEED


def gzipped(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=9, mtime=0))


def test_the_loader_fits_its_budget(client):
    size = gzipped(client.http.get("/widget.js").body)
    assert size <= LOADER_GZIP_MAX, f"/widget.js is {size} bytes gzip, budget {LOADER_GZIP_MAX}"


def test_everything_the_frame_needs_for_the_first_question_fits_its_budget(client):
    page = client.http.get(f"/embed/{SEED}?partner=demo")
    linked = re.findall(r'(?:href|src)="(/(?:static|embed)/[^"]+)"', page.body.decode())
    assert len(linked) == 5, linked  # questionnaire CSS, theme CSS, frame, conditions and questionnaire JS
    sizes = {"page": gzipped(page.body)}
    for url in linked:
        response = client.http.get(url)
        assert response.status_code == 200, url
        sizes[url] = gzipped(response.body)
    total = sum(sizes.values())
    assert total <= FIRST_QUESTION_GZIP_MAX, f"{total} bytes gzip, budget {FIRST_QUESTION_GZIP_MAX}: {sizes}"
