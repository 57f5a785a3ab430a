"""Every `curl` example of README.md and docs/*.md runs against the test server: the status it says (200 unless
it ends with `# expect NNN`) and a body that parses as JSON. The convention is in tests/doc_examples.py."""

from __future__ import annotations

import json
import shlex

import pytest

from tests.doc_examples import MARKER, all_examples
from tests.local_server import fetch, serving

MAKE_RUN = "http://127.0.0.1:8000"  # where the docs' examples address `make run`
CURLS = [example for example in all_examples() if example.command.startswith("curl ")]


@pytest.fixture(scope="module")
def port():
    with serving() as port:
        yield port


def request_of(command: str) -> tuple[str, str, dict[str, str], bytes | None]:
    """The path, method, headers and body a curl command sends; only the options the docs use are known."""
    words = shlex.split(command, comments=True)[1:]
    method, url, headers, body = None, None, {}, None
    while words:
        word = words.pop(0)
        if word == "-s":
            continue
        elif word == "-X":
            method = words.pop(0)
        elif word == "-H":
            name, _, value = words.pop(0).partition(":")
            headers[name.strip()] = value.strip()
        elif word in ("-d", "--data"):
            body = words.pop(0).encode("utf-8")
        elif word.startswith("-") or url is not None:
            raise AssertionError(f"the doc test does not know curl's {word!r}: teach request_of() or drop it")
        else:
            url = word
    assert url and url.startswith(MAKE_RUN + "/"), f"examples address `make run` at {MAKE_RUN}: {url}"
    if body is not None and not any(name.lower() == "content-type" for name in headers):
        headers["Content-Type"] = "application/x-www-form-urlencoded"  # what curl -d sends by itself
    return url[len(MAKE_RUN) :], method or ("POST" if body is not None else "GET"), headers, body


def test_the_docs_have_curl_examples_and_every_one_is_in_a_runnable_block():
    assert len(CURLS) >= 8
    unmarked = [example.where for example in CURLS if not example.marked]
    assert unmarked == [], f"mark each block with {MARKER} on the line before its fence"


@pytest.mark.parametrize("example", CURLS, ids=[example.where for example in CURLS])
def test_a_curl_example_gets_the_status_it_says_and_json(port, example):
    status, _, answer = fetch(port, *request_of(example.command))
    assert status == (example.expected or 200), f"{example.where}: {status} {answer[:300]!r}"
    json.loads(answer)
