"""The shared red-flag screen's content model (content/shared/red-flags.yaml): written once, placed by the build
(chalicelib/authoring/source.py) into every assessment as ordinary questions, sections and rules, so nothing that
serves content needs it."""

# No `from __future__ import annotations`: see conditions.py.
from typing import Annotated

from pydantic import Field, model_validator

from chalicelib.core.content import Call, ContentModel, LocalText, Question, Rule, SummarySection
from chalicelib.core.fields import Escalation, Id
from chalicelib.core.references import check_red_flags


class RedFlagAction(ContentModel):
    """What to do for a red flag: its calls and the words that say so. The screen lists its actions most urgent
    first; when several signs are picked, the most urgent action they call for leads the summary."""

    id: Id
    signs: Annotated[tuple[Id, ...], Field(min_length=1, description="The red-flag options that call for it")]
    together: tuple[Annotated[tuple[Id, ...], Field(min_length=2)], ...] = Field(
        (),
        description="Groups of signs that, picked together, call for it even though none does alone (poison with "
        "self-harm: swallowing something on purpose needs 911)",
    )
    calls: Annotated[tuple[Call, ...], Field(min_length=1)]
    lead: LocalText = Field(description="The summary's first line when this action leads")
    follow: LocalText | None = Field(
        None,
        description="Its line when a more urgent action leads (without its own 'call 911 if...', which would repeat "
        "the call that leads); absent: the action says nothing more when outranked, and only its calls stay",
    )


class RedFlagsFile(ContentModel):
    """content/shared/red-flags.yaml: the red-flag screen written once, placed by the build in every assessment.

    Its question opens every assessment (or follows its one opening question); its section opens every summary;
    its actions, most urgent first, lead each red flag to its calls, and its rules add what to do while help is
    on the way. `escalation_items` are the step a worsening answer adds first to the plan (`Option.escalates`)."""

    question: Question
    section: SummarySection
    actions: Annotated[tuple[RedFlagAction, ...], Field(min_length=1)]
    rules: tuple[Rule, ...] = ()
    escalation_items: dict[Escalation, Annotated[tuple[LocalText, ...], Field(min_length=1)]]

    @model_validator(mode="after")
    def _is_a_screen(self):
        check_red_flags(self)
        return self
