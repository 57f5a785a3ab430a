"""Issue 14 item 4: any failure while rendering an editor's text is a `file:line: field` finding, never a crash."""

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


@pytest.mark.parametrize("command", ["validate", "publish"])
@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_failing_rule_text_is_a_finding_with_file_line_and_field(tmp_path, capsys, payload, command):
    folder = content_folder(tmp_path, {SMALL: []})
    path = folder / "assessments" / f"{SMALL}.yaml"
    path.write_text(path.read_text().replace(f"'{RULE_TEXT}'", f'"{payload}"'))
    argv = [command, "--content", str(folder)] + (["--dry-run", "--bucket", "nowhere"] if command == "publish" else [])
    code, out = run(capsys, *argv)  # a traceback would raise out of main() here
    assert code == 1
    line = line_of(path, payload)
    assert f"content/assessments/{SMALL}.yaml:{line}: rules." in out
    assert "[render]" in out
    assert "Traceback" not in out + capsys.readouterr().err


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if p.startswith("{%")])
def test_the_engine_refuses_texts_that_reach_for_other_templates(payload):
    from jinja2.exceptions import SecurityError

    from chalicelib.core.engine import compile_text

    with pytest.raises(SecurityError):
        compile_text(payload)
