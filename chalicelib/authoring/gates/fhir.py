"""FHIR: every assessment, in every locale the library declares, becomes a FHIR R4 Questionnaire that a
FHIR library accepts, with every `show_if` said exactly (`core/fhir.py` builds it; the API serves the same).

`fhir.resources` validates it with its R4B models, which match R4 for Questionnaire; it is a development
dependency only, so this module is imported by the gates, never at run time.
"""

from __future__ import annotations

from pydantic import ValidationError

from chalicelib.authoring.gates.family import Family
from chalicelib.authoring.gates.findings import Finding
from chalicelib.core.content import Bundle
from chalicelib.core.fhir import Inexpressible, questionnaire

BASE_URL = "https://assessment-library.example"
"""Where the validated Questionnaires say they live: the API serves them under its own SITE_URL, which changes
only the `url` and code `system` strings."""


def fhir_faults(bundle: Bundle) -> list[tuple[str, str]]:
    """(slug, what is wrong) for each assessment and locale whose Questionnaire cannot be built exactly or is not
    a valid FHIR resource."""
    from fhir.resources.R4B.questionnaire import Questionnaire  # about 0.3 s to import: only when the gates run

    findings: list[tuple[str, str]] = []
    for assessment in bundle.assessments:
        for locale in bundle.library.locales:
            try:
                built = questionnaire(
                    assessment,
                    locale,
                    base_url=BASE_URL,
                    version=bundle.version,
                    publisher=bundle.library.title,
                    disclaimer=bundle.library.disclaimer,
                )
                Questionnaire.model_validate(built)
            except Inexpressible as error:
                findings.append((assessment.slug, f"cannot be said exactly in FHIR ({locale}): {error}"))
            except ValidationError as error:
                for fault in error.errors(include_url=False, include_input=False):
                    where = ".".join(str(part) for part in fault["loc"])
                    message = f"its FHIR Questionnaire ({locale}) is invalid at {where}: {fault['msg']}"
                    findings.append((assessment.slug, message))
    return findings


def fhir(bundle: Bundle) -> list[Finding]:
    return [Finding("fhir", slug, ("questions",), message) for slug, message in fhir_faults(bundle)]


FAMILY = Family(per_library={"fhir": fhir})
