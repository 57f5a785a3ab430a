"""Errors as values: each has a status, a title and the fields at fault. The HTTP layer maps them once."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FieldProblem:
    field: str
    detail: str


@dataclass
class Problem(Exception):
    """A request the service will not serve. `detail` and `errors` never repeat submitted values."""

    status: int
    title: str
    detail: str
    errors: tuple[FieldProblem, ...] = ()
    headers: tuple[tuple[str, str], ...] = field(default=())

    @property
    def type(self) -> str:
        return "https://assessment-library.example/problems/" + self.title.lower().replace(" ", "-")


def not_found(what: str) -> Problem:
    return Problem(404, "Not found", f"There is no {what} with that name.")


def invalid_answers(errors: tuple[FieldProblem, ...]) -> Problem:
    return Problem(422, "Invalid answers", "Some answers do not fit this assessment; see errors.", errors)


def invalid_request(errors: tuple[FieldProblem, ...]) -> Problem:
    return Problem(422, "Invalid request", "The request does not match the documented shape; see errors.", errors)
