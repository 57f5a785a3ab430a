"""The runnable examples of README.md and docs/*.md, read from the Markdown so that the docs cannot go stale.

A fenced block is runnable when the line before its opening fence is the marker

    <!-- make test runs this block -->

`make test` then runs its `curl` commands against the test server (tests/http/test_doc_examples.py), and the
`python -m chalicelib.authoring` commands of docs/editing-content.md (tests/content/test_doc_commands.py). A
command meant to fail ends with the status it expects, as a shell comment: `# expect 422` (for a command, its
exit status). A command may run over several lines (a trailing backslash, or a quoted string not yet closed);
the other lines of the block (comments, other commands) are left alone.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARKER = "<!-- make test runs this block -->"
DOCS = (ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")))
EXPECT = re.compile(r"\s#\s*expect (\d+)\s*$")


@dataclass(frozen=True)
class Example:
    """One command of a fenced block: where it is, whether its block is marked, the command as one line."""

    path: Path
    line: int
    marked: bool
    command: str

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"

    @property
    def expected(self) -> int | None:
        """The status the example says it gets when it ends with `# expect N` (an HTTP status for curl, an exit
        status for a command), else None: success."""
        found = EXPECT.search(self.command)
        return int(found.group(1)) if found else None


def examples(path: Path) -> list[Example]:
    """Every command of every fenced block of a Markdown file, continuation lines joined."""
    found: list[Example] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    fence = None  # the opening fence of the block we are in, or None outside one
    marked = False
    pending: tuple[int, str] | None = None
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if fence is None:
            if stripped.startswith("```"):
                fence = stripped[:3]
                marked = number > 1 and lines[number - 2].strip() == MARKER
            continue
        if stripped.startswith(fence):
            fence = None
            continue
        start, text = pending or (number, "")
        text = f"{text} {stripped}".strip()
        if text.endswith("\\") or not _closed(text):
            pending = (start, text.removesuffix("\\").rstrip())
            continue
        pending = None
        if text and not text.startswith("#"):
            found.append(Example(path, start, marked, text))
    return found


def _closed(text: str) -> bool:
    """Whether every quote of a shell command is closed (a quoted string may run over several lines)."""
    try:
        shlex.split(text, comments=True)
    except ValueError:
        return False
    return True


def all_examples() -> list[Example]:
    return [example for path in DOCS for example in examples(path)]
