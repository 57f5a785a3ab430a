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
    partners = english(yaml.safe_load((REPO_CONTENT / "partners.yaml").read_text(encoding="utf-8")))
    (content / "partners.yaml").write_text(yaml.safe_dump(partners, sort_keys=False), encoding="utf-8")
    library = english(yaml.safe_load((REPO_CONTENT / "library.yaml").read_text(encoding="utf-8")))
    library["locales"] = ["en"]  # the fixture is written in English only
    category = library["categories"][0]
    library["categories"] = [{**category, "topics": [{**category["topics"][0], "assessments": [FIXTURE]}]}]
    (content / "library.yaml").write_text(yaml.safe_dump(library, sort_keys=False), encoding="utf-8")
    data = yaml.safe_load((DATA / f"{FIXTURE}.yaml").read_text(encoding="utf-8"))
    if change is not None:
        change(data)
    (content / "assessments" / f"{FIXTURE}.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return content


def english(node):
    """YAML-shaped content with every text reduced to its English (a mapping of locale to text, to its 'en')."""
    if isinstance(node, dict):
        if "en" in node and all(isinstance(value, str) for value in node.values()):
            return node["en"]
        return {key: english(value) for key, value in node.items()}
    if isinstance(node, list):
        return [english(value) for value in node]
    return node
