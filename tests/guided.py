"""A content folder with the shared red-flag screen placed, for tests that must not wait for the real content:
the small assessment loses its own emergency question and gains a plan section and a worsening answer."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from chalicelib.runtime.settings import REPO_CONTENT

TESTS = Path(__file__).resolve().parent
SMALL = "helping-your-child-with-fear-of-medical-visits"
FIXTURE_RED_FLAGS = TESTS / "data" / "red-flags.yaml"


def guided_content(folder: Path) -> Path:
    """Copy content/ into `folder`; if it has no shared screen yet, add the fixture one and keep only the small
    assessment, adapted to it. Returns the content folder."""
    content = folder / "content"
    shutil.copytree(REPO_CONTENT, content)
    if (content / "shared" / "red-flags.yaml").exists():
        return content
    (content / "shared").mkdir(exist_ok=True)
    shutil.copy(FIXTURE_RED_FLAGS, content / "shared" / "red-flags.yaml")
    for path in (content / "assessments").glob("*.yaml"):
        if path.stem != SMALL:
            path.unlink()
    path = content / "assessments" / f"{SMALL}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["related"] = []
    timing = data["questions"][0]
    timing["options"] = [o for o in timing["options"] if o["id"] != "emergency-signs"]
    timing.pop("help", None)
    for question in data["questions"][1:]:
        question.pop("show_if", None)
    for option in data["questions"][4]["options"]:  # last-visit
        if option["id"] == "hurt":
            option["escalates"] = "call-today"
    data["summary_sections"] = [
        {"id": "your-plan", "role": "plan", "title": "Your plan"},
        *[s for s in data["summary_sections"] if s["id"] != "get-care-now"],
    ]
    data["rules"] = [
        {"id": "plan-practice", "section": "your-plan", "items": ["Practice the visit at home with a toy kit."]},
        *[r for r in data["rules"] if r["id"] != "emergency"],
    ]
    for rule in data["rules"]:
        if rule.get("when") == {"not": {"question": "timing", "is": "emergency-signs"}}:
            del rule["when"]
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    library = yaml.safe_load((content / "library.yaml").read_text(encoding="utf-8"))
    for category in library["categories"]:
        for topic in category["topics"]:
            topic["assessments"] = [s for s in topic["assessments"] if s == SMALL]
        category["topics"] = [t for t in category["topics"] if t["assessments"]]
    (content / "library.yaml").write_text(yaml.safe_dump(library, sort_keys=False), encoding="utf-8")
    return content
