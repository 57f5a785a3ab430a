"""Errors as values: each has a status, a title and the fields at fault. The HTTP layer maps them once."""

from __future__ import annotations

from typing import NamedTuple

# Plain classes rather than dataclasses: each dataclass costs a cold start about half a millisecond.


class FieldProblem(NamedTuple):
    field: str
    detail: str


class Problem(Exception):
    """A request the service will not serve. `detail` and `errors` never repeat submitted values."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str,
        errors: tuple[FieldProblem, ...] = (),
        headers: tuple[tuple[str, str], ...] = (),
    ):
        super().__init__(status, title, detail)
        self.status, self.title, self.detail, self.errors, self.headers = status, title, detail, errors, headers

    @property
    def type(self) -> str:
        return "https://assessment-library.example/problems/" + self.title.lower().replace(" ", "-")


def not_found(what: str) -> Problem:
    return Problem(404, "Not found", f"There is no {what} with that name.")


def invalid_answers(errors: tuple[FieldProblem, ...]) -> Problem:
    return Problem(422, "Invalid answers", "Some answers do not fit this assessment; see errors.", errors)


def invalid_request(errors: tuple[FieldProblem, ...]) -> Problem:
    return Problem(422, "Invalid request", "The request does not match the documented shape; see errors.", errors)
