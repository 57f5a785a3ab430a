"""Every `python -m chalicelib.authoring` example of docs/editing-content.md runs, in-process, and succeeds (or
gets the exit status it says with `# expect N`). The convention is in tests/doc_examples.py."""

from __future__ import annotations

import shlex

import pytest

from chalicelib.authoring.cli import main
from tests.doc_examples import MARKER, ROOT, examples

EDITING = ROOT / "docs" / "editing-content.md"
PROGRAM = ".venv/bin/python -m chalicelib.authoring "
COMMANDS = [example for example in examples(EDITING) if example.command.startswith(PROGRAM)]


def test_the_editors_guide_has_commands_and_every_one_is_in_a_runnable_block():
    assert {shlex.split(example.command)[3] for example in COMMANDS} >= {"validate", "preview", "paths", "readability"}
    unmarked = [example.where for example in COMMANDS if not example.marked]
    assert unmarked == [], f"mark each block with {MARKER} on the line before its fence"


@pytest.mark.parametrize("example", COMMANDS, ids=[example.where for example in COMMANDS])
def test_an_editor_command_runs_as_written(example, tmp_path, capsys):
    argv = shlex.split(example.command, comments=True)[3:]
    if argv[0] == "schemas":
        argv += ["--out", str(tmp_path)]  # not into content/schemas/ while the tests run
    assert main(argv) == (example.expected or 0), capsys.readouterr().out[-2000:]
    assert capsys.readouterr().out.strip(), "it printed what it found"
