"""Read the YAML sources in `content/` into one bundle, validated by the pydantic models on the way; errors
name the file, line and field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from chalicelib.core.content import Assessment, Bundle, LibraryFile, PartnersFile
from chalicelib.runtime.bundle import content_version, parts

REPO_CONTENT = Path(__file__).resolve().parents[2] / "content"
LIBRARY_FILE = "library.yaml"
PARTNERS_FILE = "partners.yaml"
ASSESSMENTS_DIR = "assessments"


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


def load_folder(folder: Path) -> Bundle:
    """Validate every file in `folder` and return the bundle, or raise ContentError listing every fault."""
    import yaml  # editors' tooling only; Lambda reads JSON bundles

    faults: list[ContentFault] = []
    library_path = folder / LIBRARY_FILE
    library = _validated(library_path, LibraryFile, folder, faults, yaml)
    partners_path = folder / PARTNERS_FILE
    partners = _validated(partners_path, PartnersFile, folder, faults, yaml) if partners_path.exists() else None
    assessments = [
        _validated(path, Assessment, folder, faults, yaml) for path in sorted((folder / ASSESSMENTS_DIR).glob("*.yaml"))
    ]
    for path, assessment in zip(sorted((folder / ASSESSMENTS_DIR).glob("*.yaml")), assessments, strict=False):
        if assessment is not None and assessment.slug != path.stem:
            faults.append(ContentFault(_name(path, folder), None, "slug", "must match the file name"))
    if faults:
        raise ContentError(faults)
    try:
        unversioned = Bundle.model_construct(
            version="",
            library=library,
            assessments=tuple(assessments),
            partners=partners.partners if partners else (),
        )
        library_data, assessment_data, partner_data = parts(unversioned)
        data = {
            "version": content_version(library_data, assessment_data, partner_data),
            "library": library_data,
            "assessments": assessment_data,
            "partners": partner_data,
        }
        # Validated again as a whole, from the data it is hashed from: the checks across files run (every slug
        # placed once, related slugs exist), and the bundle holds exactly what a reader of its JSON will hold.
        bundle = Bundle.model_validate(data)
    except ValidationError as error:
        raise ContentError(
            [
                ContentFault(_name(library_path, folder), None, "", e["msg"].removeprefix("Value error, "))
                for e in error.errors()
            ]
        ) from None
    return bundle


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
        for problem in error.errors():
            location = [str(part) for part in problem["loc"]]
            faults.append(
                ContentFault(
                    name,
                    _line_of(root, problem["loc"]),
                    ".".join(_readable(location)),
                    problem["msg"].removeprefix("Value error, "),
                )
            )
        return None


def _readable(location: list[str]) -> list[str]:
    """Drop pydantic's union tags (e.g. 'is', 'function-after[...]') that are not YAML keys."""
    return [part for part in location if "[" not in part]


def _line_of(node: Any, location: tuple[Any, ...]) -> int | None:
    """The 1-based line of the YAML node at a pydantic error location (the nearest one that exists)."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in location:
        child = None
        if hasattr(node, "value") and isinstance(node.value, list):
            if isinstance(part, int) and node.tag.endswith(":seq") and part < len(node.value):
                child = node.value[part]
            elif node.tag.endswith(":map"):
                child = next((v for k, v in node.value if k.value == part), None)
        if child is None:
            continue
        node = child
        line = node.start_mark.line + 1
    return line


def _name(path: Path, folder: Path) -> str:
    try:
        return str(path.relative_to(folder.parent))
    except ValueError:
        return str(path)
