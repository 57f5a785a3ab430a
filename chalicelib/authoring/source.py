"""Read the YAML sources in `content/` into one bundle, validated by the pydantic models on the way; errors
name the file, line and field.

The shared red-flag screen (content/shared/red-flags.yaml) is placed into every assessment here: its question
first (or second, after the one opening question, when the assessment says `red_flags: second`), every later
question hidden once a red flag is picked, its section first and its rules first. Each answer that
`escalates` adds a rule of its own that opens the plan with the shared escalation step."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from chalicelib.core.content import Assessment, Bundle, LibraryFile, PartnersFile
from chalicelib.core.kinds import KINDS
from chalicelib.core.red_flags import RedFlagsFile
from chalicelib.core.references import NO_RED_FLAG, PLAN_SECTION, RED_FLAGS_QUESTION, RED_FLAGS_SECTION
from chalicelib.runtime.bundle import content_version, parts

REPO_CONTENT = Path(__file__).resolve().parents[2] / "content"
LIBRARY_FILE = "library.yaml"
PARTNERS_FILE = "partners.yaml"
ASSESSMENTS_DIR = "assessments"
RED_FLAGS_FILE = "shared/red-flags.yaml"


@dataclass(frozen=True)
class ContentFault:
    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class ContentError(Exception):
    """Content that cannot be served. Every fault names its file and field."""

    def __init__(self, faults: list[ContentFault]):
        self.faults = faults
        super().__init__("invalid content:\n" + "\n".join(f"  {fault}" for fault in faults))


@dataclass(frozen=True)
class Sources:
    """The content of a folder as far as it can be read: every fault found, and what parsed."""

    faults: tuple[ContentFault, ...]
    library: LibraryFile | None
    assessments: tuple[Assessment, ...]  # each that parsed and could be placed with the shared red-flag screen
    bundle: Bundle | None  # when every file parsed and the files agree with each other


def load_folder(folder: Path) -> Bundle:
    """Validate every file in `folder` and return the bundle, or raise ContentError listing every fault."""
    sources = read_folder(folder)
    if sources.bundle is None:
        raise ContentError(list(sources.faults))
    return sources.bundle


def read_folder(folder: Path) -> Sources:
    """Validate every file in `folder`, each on its own, reporting every fault of each (a file that fails keeps
    no other from being read); then, when all of them parsed, the bundle as a whole."""
    import yaml  # editors' tooling only; Lambda reads JSON bundles

    faults: list[ContentFault] = []
    library_path = folder / LIBRARY_FILE
    library = _validated(library_path, LibraryFile, folder, faults, yaml)
    partners_path = folder / PARTNERS_FILE
    partners = _validated(partners_path, PartnersFile, folder, faults, yaml) if partners_path.exists() else None
    red_flags_path = folder / RED_FLAGS_FILE
    screen = _validated(red_flags_path, RedFlagsFile, folder, faults, yaml) if red_flags_path.exists() else None
    screen_failed = red_flags_path.exists() and screen is None  # then no assessment can be placed, nor gated
    paths = sorted((folder / ASSESSMENTS_DIR).glob("*.yaml"))
    assessments = [_validated(path, Assessment, folder, faults, yaml) for path in paths]
    for index, (path, assessment) in enumerate(zip(paths, assessments, strict=True)):
        if assessment is None:
            continue
        if assessment.slug != path.stem:
            line = _line_of(yaml.compose(path.read_text(encoding="utf-8")), ("slug",))
            faults.append(ContentFault(_name(path, folder), line, "slug", "must match the file name"))
        if screen is not None:
            assessments[index] = _placed(assessment, screen, _name(path, folder), faults, yaml, path)
        elif screen_failed:
            assessments[index] = None
    parsed = tuple(a for a in assessments if a is not None)
    if faults:
        return Sources(tuple(faults), library, parsed, None)
    unversioned = Bundle.model_construct(
        version="", library=library, assessments=parsed, partners=partners.partners if partners else ()
    )
    library_data, assessment_data, partner_data = parts(unversioned)
    data = {
        "version": content_version(library_data, assessment_data, partner_data),
        "library": library_data,
        "assessments": assessment_data,
        "partners": partner_data,
    }
    try:
        # Validated again as a whole, from the data it is hashed from: the checks across files run (every slug
        # placed once, related slugs exist), and the bundle holds exactly what a reader of its JSON will hold.
        return Sources((), library, parsed, Bundle.model_validate(data))
    except ValidationError as error:
        files = {"library": library_path, "partners": partners_path}
        across = [_across(problem, folder, files, paths, yaml) for problem in error.errors()]
        return Sources(tuple(across), library, parsed, None)


def _across(problem: Any, folder: Path, files: dict[str, Path], paths: list[Path], yaml: Any) -> ContentFault:
    """A fault found in the bundle as a whole, at its place in the file it comes from: `library.*` in
    library.yaml, `partners.*` in partners.yaml, `assessments.N.*` in the Nth assessment's file."""
    part, *rest = problem["loc"] or ("library",)
    if part == "assessments":
        path, location = source_of(folder, paths[rest[0]].stem, tuple(rest[1:]))
    else:
        path, location = files[part], tuple(rest if part == "library" else problem["loc"])
    return _fault(_name(path, folder), yaml.compose(path.read_text(encoding="utf-8")), location, problem["msg"])


def _placed(
    assessment: Assessment, screen: RedFlagsFile, name: str, faults: list[ContentFault], yaml: Any, path: Path
) -> Assessment | None:
    """The assessment with the shared red-flag screen and its escalation steps placed (see the module's doc)."""
    data = assessment.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    shared = screen.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    own = _shared_ids_written(data, screen)
    if own:
        root = yaml.compose(path.read_text(encoding="utf-8"))
        for location, message in own:
            faults.append(ContentFault(name, _line_of(root, location), ".".join(map(str, location)), message))
        return None
    opening = data["questions"][:1] if assessment.red_flags == "second" else []
    # Hidden once any red flag is picked; written as "not any red flag" rather than "includes none" so that
    # before the screen is answered the later questions still count as shown ("question 1 of 8", not "of 2").
    flags = [o.id for o in screen.question.options if o.id != NO_RED_FLAG]
    no_red_flag = {"not": {"any": [{"question": RED_FLAGS_QUESTION, "includes": flag} for flag in flags]}}
    later = [
        {**q, "show_if": {"all": [no_red_flag, q["show_if"]]} if "show_if" in q else no_red_flag}
        for q in data["questions"][len(opening) :]
    ]
    data["questions"] = [*opening, shared["question"], *later]
    data["summary_sections"] = [shared["section"], *data["summary_sections"]]
    escalations = []
    for level, items in shared["escalation_items"].items():
        picked = [
            {"question": q.id, "includes" if KINDS[q.kind].many else "is": o.id}
            for q in assessment.questions
            for o in q.options
            if o.escalates == level
        ]
        if picked:
            escalations.append(
                {
                    "id": f"escalates-{level}",
                    "when": picked[0] if len(picked) == 1 else {"any": picked},
                    "urgency": level,
                    "section": RED_FLAGS_SECTION if level == "emergency" else PLAN_SECTION,
                    "items": items,
                }
            )
    missing = {o.escalates for q in assessment.questions for o in q.options if o.escalates} - set(
        shared["escalation_items"]
    )
    if missing:
        faults.append(
            ContentFault(RED_FLAGS_FILE, None, "escalation_items", f"needs the step for '{sorted(missing)[0]}'")
        )
        return None
    data["rules"] = [*action_rules(screen), *shared["rules"], *escalations, *data["rules"]]
    try:
        return Assessment.model_validate(data)
    except ValidationError as error:
        for problem in error.errors():
            faults.append(ContentFault(name, None, "", "with the shared red-flag screen placed: " + problem["msg"]))
        return None


def action_rules(screen: RedFlagsFile) -> list[dict[str, Any]]:
    """The screen's actions as rules, most urgent first: each action's lead when it fires and nothing before it
    does, its follow line (and calls) when an action before it fires too."""
    rules: list[dict[str, Any]] = []
    earlier: list[dict[str, Any]] = []  # what makes each earlier action fire
    for action in screen.model_dump(mode="json", by_alias=True, exclude_defaults=True)["actions"]:
        signs = [{"question": RED_FLAGS_QUESTION, "includes": sign} for sign in action["signs"]]
        groups = [
            {"all": [{"question": RED_FLAGS_QUESTION, "includes": s} for s in g]} for g in action.get("together", ())
        ]
        fires = {"any": [*signs, *groups]} if len(signs) + len(groups) > 1 else signs[0]
        outranked = {"any": [*earlier]} if len(earlier) > 1 else earlier[0] if earlier else None
        shared = {"urgency": "emergency", "section": RED_FLAGS_SECTION, "calls": action["calls"]}
        lead = {"all": [fires, {"not": outranked}]} if outranked else fires
        rules.append({"id": f"red-flag-{action['id']}", "when": lead, "items": [action["lead"]], **shared})
        if outranked and "follow" in action:
            follow = {"all": [fires, outranked]}
            rules.append(
                {"id": f"red-flag-{action['id']}-after", "when": follow, "items": [action["follow"]], **shared}
            )
        earlier.append(fires)
    return rules


def source_of(folder: Path, slug: str, location: tuple[Any, ...]) -> tuple[Path, tuple[Any, ...]]:
    """The file and the location in it of a field of a served (placed) assessment: the inverse of `_placed`.
    Fields placed from the shared screen point into content/shared/red-flags.yaml."""
    import yaml  # editors' tooling only

    path = folder / ASSESSMENTS_DIR / f"{slug}.yaml"
    shared_path = folder / RED_FLAGS_FILE
    if not location or location[0] not in ("questions", "summary_sections", "rules") or len(location) < 2:
        return path, location
    if not shared_path.exists():
        return path, location
    try:
        own = yaml.safe_load(path.read_text(encoding="utf-8"))
        shared = yaml.safe_load(shared_path.read_text(encoding="utf-8"))
        kind, index, rest = location[0], location[1], location[2:]
        if kind == "questions":
            place = 1 if own.get("red_flags") == "second" else 0
            if index == place:
                return shared_path, ("question", *rest)
            return path, (kind, index - 1 if index > place else index, *rest)
        if kind == "summary_sections":
            return (shared_path, ("section", *rest)) if index == 0 else (path, (kind, index - 1, *rest))
        escalating = {o.get("escalates") for q in own.get("questions", ()) for o in q.get("options", ())}
        levels = [level for level in shared.get("escalation_items", {}) if level in escalating]
        actions = [
            (place, "lead" if rule == 0 else "follow")
            for place, action in enumerate(shared.get("actions", ()))
            for rule in range(1 + bool(place and "follow" in action))
        ]
        if index < len(actions):
            return shared_path, ("actions", *actions[index])
        index -= len(actions)
        placed = len(shared.get("rules", ()))
        if index < placed:
            return shared_path, ("rules", index, *rest)
        if index < placed + len(levels):
            return shared_path, ("escalation_items", levels[index - placed])
        return path, (kind, index - placed - len(levels), *rest)
    except (OSError, yaml.YAMLError, AttributeError, TypeError):
        return path, location


def _shared_ids_written(data: dict[str, Any], screen: RedFlagsFile) -> list[tuple[tuple[Any, ...], str]]:
    """Where an assessment writes ids the shared screen owns (its question, section, rules, escalation rules)."""
    why = "belongs to the shared red-flag screen (content/shared/red-flags.yaml); remove it here"
    found = [(("questions", i, "id"), why) for i, q in enumerate(data["questions"]) if q["id"] == RED_FLAGS_QUESTION]
    found += [
        (("summary_sections", i, "id"), why)
        for i, s in enumerate(data["summary_sections"])
        if s["id"] == RED_FLAGS_SECTION
    ]
    shared_rules = {r.id for r in screen.rules} | {r["id"] for r in action_rules(screen)}
    shared_rules |= {"escalates-call-today", "escalates-emergency"}
    found += [(("rules", i, "id"), why) for i, r in enumerate(data["rules"]) if r["id"] in shared_rules]
    return found


def _validated(path: Path, model: type, folder: Path, faults: list[ContentFault], yaml: Any) -> Any:
    name = _name(path, folder)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        faults.append(ContentFault(name, None, "", f"cannot be read ({error.strerror})"))
        return None
    try:
        data = yaml.safe_load(text)
        root = yaml.compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        faults.append(ContentFault(name, mark.line + 1 if mark else None, "", f"is not valid YAML: {error}"))
        return None
    try:
        return model.model_validate(data)
    except ValidationError as error:
        faults += [_fault(name, root, problem["loc"], problem["msg"]) for problem in error.errors()]
        return None


def _fault(name: str, root: Any, location: Sequence[Any], message: str) -> ContentFault:
    """A fault at `location` in a composed YAML file: its line, and its field named by ids."""
    line, field = located(root, location)
    return ContentFault(name, line, field, message.removeprefix("Value error, "))


def located(root: Any, location: Sequence[Any]) -> tuple[int | None, str]:
    """Where `location` (a path by position, as pydantic and the gates give it) is in a composed YAML file: the
    1-based line of its node (the nearest one that exists), and the path as an editor names it, by ids where a
    list's items have one (`id`, or `slug`): `questions.comfort.options.comfortable.label`, not
    `questions.3.options.2.label`. Pydantic's union tags (e.g. `function-after[...]`) are not YAML keys: dropped."""
    node = root
    line = node.start_mark.line + 1 if node is not None else None
    named: list[str] = []
    for part in location:
        if "[" in str(part):
            continue
        child = None
        if hasattr(node, "value") and isinstance(node.value, list):
            if isinstance(part, int) and node.tag.endswith(":seq") and part < len(node.value):
                child = node.value[part]
            elif node.tag.endswith(":map"):
                child = next((v for k, v in node.value if k.value == part), None)
        name = _id_of(child) if isinstance(part, int) and child is not None else None
        named.append(name or str(part))
        if child is not None:
            node = child
            line = node.start_mark.line + 1
    return line, ".".join(named)


def _id_of(node: Any) -> str | None:
    """The `id` (or `slug`) a list item written as a mapping names itself by."""
    if hasattr(node, "value") and isinstance(node.value, list) and node.tag.endswith(":map"):
        for key in ("id", "slug"):
            value = next((v.value for k, v in node.value if k.value == key and isinstance(v.value, str)), None)
            if value:
                return value
    return None


def _line_of(node: Any, location: tuple[Any, ...]) -> int | None:
    """The 1-based line of the YAML node at `location` (the nearest one that exists)."""
    return located(node, location)[0]


def _name(path: Path, folder: Path) -> str:
    try:
        return str(path.relative_to(folder.parent))
    except ValueError:
        return str(path)
