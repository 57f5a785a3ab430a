"""What a gate reports: a Finding names the gate, the content at fault and what is wrong; a gate never raises on
content, so whatever it cannot check is a finding too."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from chalicelib.core.conditions import AnswerValue

Location = tuple[str | int, ...]
"""A path into the assessment as served (the shared red-flag screen placed), by position:
`("questions", 3, "options", 2, "label")`. `cli.editing.fault_of` turns it into a file, a line and a path by ids."""


@dataclass(frozen=True)
class Finding:
    gate: str
    slug: str  # the assessment at fault ("" when `file` names another content file)
    location: Location
    message: str
    file: str | None = None  # the content file at fault when it is not an assessment (library.yaml, partners.yaml)


def guarded(slug: str, name: str, gate: Callable[[], Iterable[Finding]]) -> list[Finding]:
    """Run one gate; if it raises on content it did not foresee, that is a finding, never a crash that hides
    every other finding."""
    try:
        return list(gate())
    except Exception as error:  # noqa: BLE001 - a gate reports, it never stops the others
        return [crashed(slug, name, error)]


def crashed(slug: str, name: str, error: Exception) -> Finding:
    return Finding("gate-error", slug, (), f"gate {name} could not run: {type(error).__name__}: {error}")


def shown(answers: Mapping[str, AnswerValue]) -> str:
    """Answers as a finding names them: `reason=worry, needs=records,referral`."""
    return ", ".join(f"{q}={v if isinstance(v, str) else ','.join(v)}" for q, v in answers.items()) or "no answers"
