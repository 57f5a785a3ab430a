"""Issue 14 item 4: any failure while rendering an editor's text is a `file:line: field` finding, never a crash.

A text that fails whatever the answers is refused by the content model (issue 26: the service refuses it in a
bundle too), naming the rule; one that fails only on some paths is found by the gates, which walk them all.
"""

from __future__ import annotations

import pytest

from tests.content.test_cli_editing import SMALL, content_folder, line_of, run

RULE_TEXT = (
    'Remind your child that the last visit went okay: "You did it before, and you can do it again." Afterward, '
    "praise how they coped, not whether they cried."
)
PAYLOADS = [
    "{{ 1/0 }}",
    "{{ 'a'*'b' }}",
    "{{ range(100001)|list }}",
    "{% include 'x.html' %}",
    "{% import 'x.html' as x %}",
    "{% from 'x.html' import y %}",
    "{% extends 'x.html' %}",
]


ON_ONE_PATH = "{% if answers['visit'] == 'needles' %}{{ 1/0 }}{% endif %}"
"""Fails only when the visit is for needles: the model's two samples (first and last options) do not reach it."""


def with_rule_text(tmp_path, text: str):
    folder = content_folder(tmp_path, {SMALL: []})
    path = folder / "assessments" / f"{SMALL}.yaml"
    path.write_text(path.read_text().replace(f"'{RULE_TEXT}'", f'"{text}"'))
    return folder, path


def command_line(command: str, folder) -> list[str]:
    return [command, "--content", str(folder)] + (["--dry-run", "--bucket", "nowhere"] if command == "publish" else [])


@pytest.mark.parametrize("command", ["validate", "publish"])
@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_failing_rule_text_is_a_finding_with_file_line_and_field(tmp_path, capsys, payload, command):
    folder, path = with_rule_text(tmp_path, payload)
    code, out = run(capsys, *command_line(command, folder))  # a traceback would raise out of main() here
    assert code == 1
    lines = path.read_text().splitlines()
    line = next(n for n, text in enumerate(lines, 1) if n > lines.index("rules:") and text.startswith("  - "))
    # The model names the rule, at the line where the list of rules starts.
    assert f"content/assessments/{SMALL}.yaml:{line}: rules: rule 'after-okay' text 1 cannot be rendered in 'en'" in out
    assert "Traceback" not in out + capsys.readouterr().err


@pytest.mark.parametrize("command", ["validate", "publish"])
def test_a_rule_text_failing_on_one_path_is_a_gate_finding_with_file_line_and_field(tmp_path, capsys, command):
    folder, path = with_rule_text(tmp_path, ON_ONE_PATH)
    code, out = run(capsys, *command_line(command, folder))
    assert code == 1
    assert f"content/assessments/{SMALL}.yaml:{line_of(path, ON_ONE_PATH)}: rules." in out
    assert "[render]" in out and "ZeroDivisionError" in out
    assert "Traceback" not in out + capsys.readouterr().err


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if p.startswith("{%")])
def test_the_engine_refuses_texts_that_reach_for_other_templates(payload):
    from jinja2.exceptions import SecurityError

    from chalicelib.core.engine import compile_text

    with pytest.raises(SecurityError):
        compile_text(payload)
