"""The template engine for editors' texts. Pure: no I/O, no framework.

Rule texts are Jinja templates written by editors. They render in an immutable sandbox with autoescape and
StrictUndefined; answers are only ever context (`answers`, `labels`), never source.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, Template
from jinja2.sandbox import ImmutableSandboxedEnvironment

_ENV = ImmutableSandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


def is_template(text: str) -> bool:
    return "{" in text  # otherwise nothing to render: autoescape only ever touches values put in by {{ }}


@lru_cache(maxsize=4096)
def compile_text(source: str) -> Template | str:
    """Compile an editor's text once (plain text stays a string); raises jinja2 errors for bad syntax."""
    return _ENV.from_string(source) if is_template(source) else source


def render(source: str, context: dict[str, Any]) -> str:
    """An editor's text rendered with `context` (raises jinja2 errors, e.g. for an undefined name)."""
    compiled = compile_text(source)
    return compiled if isinstance(compiled, str) else str(compiled.render(context)).strip()
