"""The template engine for editors' texts. Pure: no I/O (but one error logged when a text fails for a parent), no
framework.

Rule texts are Jinja templates written by editors. They render in an immutable sandbox with autoescape and
StrictUndefined; answers are only ever context (`answers`, `labels`), never source.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, Template, nodes
from jinja2.exceptions import SecurityError, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

_ENV = ImmutableSandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
_log = logging.getLogger(__name__)


def is_template(text: str) -> bool:
    return "{" in text  # otherwise nothing to render: autoescape only ever touches values put in by {{ }}


@lru_cache(maxsize=4096)
def compile_text(source: str) -> Template | str:
    """Compile an editor's text once (plain text stays a string); raises jinja2 errors for bad syntax.

    A text stands alone: `include`, `import` and `extends` would reach for other templates, so they are
    refused here as a SecurityError (the environment has no loader, which would fail later and less clearly). So
    is naming an attribute that starts with `_` (`''.__class__`), the way out of a sandbox: the sandbox refuses it
    when it runs, but only on the answers that reach it, and this refuses it whatever the answers.
    """
    if not is_template(source):
        return source
    tree = _ENV.parse(source)
    if any(True for _ in tree.find_all(_REACHING)):
        raise SecurityError("a text cannot include, import or extend other templates")
    if any(_private(node) for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter))):
        raise SecurityError("a text cannot name an attribute that starts with '_'")
    return _ENV.from_string(tree)


_REACHING = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)


def _private(node: nodes.Getattr | nodes.Getitem | nodes.Filter) -> bool:
    """Whether `node` names an attribute starting with `_`: `x._a`, `x['_a']` or `x|attr('_a')`."""
    if isinstance(node, nodes.Getattr):
        name = node.attr
    elif isinstance(node, nodes.Getitem):
        name = getattr(node.arg, "value", None)
    else:
        name = getattr(node.args[0], "value", None) if node.name == "attr" and node.args else None
    return isinstance(name, str) and name.startswith("_")


def render(source: str, context: dict[str, Any]) -> str:
    """An editor's text rendered with `context` (raises jinja2 errors, e.g. for an undefined name)."""
    compiled = compile_text(source)
    return compiled if isinstance(compiled, str) else str(compiled.render(context)).strip()


def render_or_plain(source: str, context: dict[str, Any], where: str) -> str:
    """`render`, or, when rendering fails, the text without its templated part, and an error logged naming
    `where` and the error's type only (its message could quote an answer). Texts that cannot render are refused
    where content is read (`references.check_rule_texts`); this is for a failure only some answers reach: a parent
    still gets the summary, never a 500."""
    try:
        return render(source, context)
    except Exception as error:  # anything a text can raise: jinja2's errors, ZeroDivisionError, OverflowError...
        _log.error(
            "rule text %s could not be rendered (%s): served without its templated part", where, type(error).__name__
        )
        return _plain(source)


def _plain(source: str) -> str:
    """The words of a text that stand outside every tag and block: `Bring {{ x }} to {% if a %}b{% endif %}the
    visit.` -> `Bring to the visit.`"""
    try:
        tree = _ENV.parse(source)
    except TemplateError:
        return " ".join(source.split("{", 1)[0].split())  # what comes before the first tag
    words = (
        node.data
        for output in tree.body
        if isinstance(output, nodes.Output)
        for node in output.nodes
        if isinstance(node, nodes.TemplateData)
    )
    return _SPACE_BEFORE_PUNCTUATION.sub(r"\1", " ".join("".join(words).split()))


_SPACE_BEFORE_PUNCTUATION = re.compile(r" ([.,;:!?\u201d])")  # left where a templated part was taken out
