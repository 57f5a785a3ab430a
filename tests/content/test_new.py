"""`new`: a skeleton assessment in both languages, each field explained, placed in its topic, and a draft that
validate names and publish refuses until it is written."""

from __future__ import annotations

import re

import pytest
import yaml

from chalicelib.authoring.gates.library import local_texts
from chalicelib.core.content import Assessment
from tests.content.test_cli_editing import SMALL, content_folder, line_of, run

NEW = "what-to-ask-the-pharmacist"


@pytest.fixture
def folder(tmp_path):
    return content_folder(tmp_path, {SMALL: []})


def taxonomy(folder) -> tuple[str, str]:
    category = yaml.safe_load((folder / "library.yaml").read_text())["categories"][0]
    return category["slug"], category["topics"][0]["slug"]


def test_new_writes_a_draft_in_both_languages_that_validate_names_and_publish_refuses(folder, capsys):
    category, topic = taxonomy(folder)
    library_before = (folder / "library.yaml").read_text()
    code, out = run(capsys, "new", NEW, "--category", category, "--topic", topic, "--content", str(folder))
    assert code == 0, out
    path = folder / "assessments" / f"{NEW}.yaml"
    text = path.read_text()
    data = yaml.safe_load(text)
    assert data["slug"] == NEW and data["draft"] is True
    assert all(set(local) == {"en", "es"} for _, local in local_texts(Assessment.model_validate(data)))
    lines = text.splitlines()
    for key in data:  # each field is explained by a comment just above it, or just below for a list of items
        at = lines.index(next(line for line in lines if line.startswith(f"{key}:")))
        assert lines[at - 1].startswith("#") or lines[at + 1].lstrip().startswith("#"), key
    library = yaml.safe_load((folder / "library.yaml").read_text())
    assert library["categories"][0]["topics"][0]["assessments"][-1] == NEW
    written = (folder / "library.yaml").read_text().splitlines(keepends=True)
    at = written.index(next(line for line in written if line.strip() == f"- {NEW}"))
    assert written[at].replace(NEW, SMALL) == written[at - 1], "listed after the topic's last, indented alike"
    assert "".join(written[:at] + written[at + 1 :]) == library_before, "the rest of library.yaml as written"

    code, out = run(capsys, "validate", "--content", str(folder))
    assert code == 1
    problems = [line for line in out.splitlines() if not line.startswith("  ") and "problem(s) found" not in line]
    assert problems and all(line.endswith("[draft]") for line in problems)
    draft = f"content/assessments/{NEW}.yaml:{lines.index('draft: true') + 1}: draft: is a draft"
    assert any(line.startswith(draft) for line in problems)
    title = f"content/assessments/{NEW}.yaml:{line_of(path, 'en: ' + repr(data['title']['en']))}: title:"
    assert f"{title} still says TODO in 'en', 'es' [draft]" in problems

    code, out = run(capsys, "publish", "--dry-run", "--content", str(folder))
    assert code == 1 and "[draft]" in out and "nothing was uploaded" in out

    # Written (here: its TODO marks dropped) and no longer a draft, it passes every gate.
    path.write_text(re.sub(r"\n# Remove this line.*\ndraft: true", "", text).replace("TODO: ", ""))
    code, out = run(capsys, "validate", "--content", str(folder))
    assert code == 0, out


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["Not A Slug"], "'Not A Slug' cannot be a slug"),
        ([SMALL], f"{SMALL}.yaml exists"),
        ([NEW, "--category", "no-such-category"], "no category 'no-such-category'; there are: "),
        ([NEW, "--topic", "no-such-topic"], "has no topic 'no-such-topic'; it has: "),
    ],
)
def test_new_refuses_what_it_cannot_write_and_says_why(folder, capsys, argv, said):
    category, topic = taxonomy(folder)
    defaults = {"--category": category, "--topic": topic}
    for flag in defaults:
        if flag not in argv:
            argv = [*argv, flag, defaults[flag]]
    code, out = run(capsys, "new", *argv, "--content", str(folder))
    assert code != 0 and said in out
    assert not (folder / "assessments" / f"{NEW}.yaml").exists()
