"""A small content folder with the shared red-flag screen placed: the fixture screen (tests/data/red-flags.yaml)
and one fixture assessment (tests/data/guided-fixture.yaml), so tests of the build and the gates do not depend
on the words of the real content."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from chalicelib.authoring.source import REPO_CONTENT

DATA = Path(__file__).resolve().parent / "data"
FIXTURE = "guided-fixture"


def guided_content(folder: Path, change=None) -> Path:
    """Write the fixture content folder into `folder` and return it; `change(data)` edits the fixture
    assessment's YAML-shaped data first."""
    content = folder / "content"
    (content / "assessments").mkdir(parents=True)
    (content / "shared").mkdir()
    shutil.copy(DATA / "red-flags.yaml", content / "shared" / "red-flags.yaml")
    shutil.copy(REPO_CONTENT / "partners.yaml", content / "partners.yaml")
    library = yaml.safe_load((REPO_CONTENT / "library.yaml").read_text(encoding="utf-8"))
    category = library["categories"][0]
    library["categories"] = [{**category, "topics": [{**category["topics"][0], "assessments": [FIXTURE]}]}]
    (content / "library.yaml").write_text(yaml.safe_dump(library, sort_keys=False), encoding="utf-8")
    data = yaml.safe_load((DATA / f"{FIXTURE}.yaml").read_text(encoding="utf-8"))
    if change is not None:
        change(data)
    (content / "assessments" / f"{FIXTURE}.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return content
