"""Refuse, at build time, rule texts that the template sandbox would refuse when a parent's summary renders.

Each text is rendered once in the engine's sandbox with a real answer set, and also scanned as a whole,
so a forbidden attribute hidden in a branch that answer set does not take is refused too.
"""

from __future__ import annotations

from jinja2 import Environment, TemplateError, nodes
from jinja2.sandbox import SecurityError

from chalicelib.content.paths import answer_sets
from chalicelib.content.source import ASSESSMENTS_DIR, ContentFault
from chalicelib.engine import render_context, render_text
from chalicelib.models.content import Assessment, Bundle

_PARSER = Environment()  # parses only: nothing is ever rendered outside the engine's sandbox


def template_faults(bundle: Bundle) -> list[ContentFault]:
    """One fault per rule text that does not render in the sandbox or reaches for a private attribute."""
    faults: list[ContentFault] = []
    for assessment in bundle.assessments:
        context = _sample_context(assessment)
        for rule in assessment.rules:
            for index, item in enumerate(rule.items):
                for locale, source in item.items():
                    problem = _problem(source, context)
                    if problem:
                        file = f"{ASSESSMENTS_DIR}/{assessment.slug}.yaml"
                        faults.append(ContentFault(file, None, f"rules.{rule.id}.items.{index}.{locale}", problem))
    return faults


def _problem(source: str, context: dict[str, object]) -> str | None:
    if "{" not in source:
        return None
    try:
        tree = _PARSER.parse(source)
        if any(_private(node) for node in tree.find_all((nodes.Getattr, nodes.Getitem))):
            return "reaches for a private attribute ('_...'), which the template sandbox refuses"
        render_text(source, context)
    except SecurityError:
        return "does something the template sandbox refuses"
    except TemplateError as error:
        return f"is not a valid template ({type(error).__name__}: {error.message})"
    return None


def _private(node: nodes.Getattr | nodes.Getitem) -> bool:
    name = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", None)
    return isinstance(name, str) and name.startswith("_")


def _sample_context(assessment: Assessment) -> dict[str, object]:
    """The render context of the first valid answer set, exactly as the engine builds it."""
    return render_context(assessment, next(answer_sets(assessment)), assessment.locale)
