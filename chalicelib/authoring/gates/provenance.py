"""Provenance: sources from public health bodies, a review date that is not in the future, and nothing published
unfinished (a draft written by `new`, or a text still marked TODO)."""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

from chalicelib.authoring.gates.family import Family
from chalicelib.authoring.gates.findings import Finding
from chalicelib.authoring.gates.library import local_texts
from chalicelib.core.content import Assessment

# Sources must come from public health bodies (and their subdomains), not from blogs or vendors.
REPUTABLE_HOSTS = (
    "healthychildren.org",
    "aap.org",
    "nhs.uk",
    "medlineplus.gov",
    "nih.gov",
    "cdc.gov",
    "hhs.gov",
    "healthit.gov",
    # Primary sources for the rules of insurance, benefits and school (issue 23): the agencies that set them.
    "healthcare.gov",
    "cms.gov",
    "medicaid.gov",
    "insurekidsnow.gov",
    "dol.gov",
    "ed.gov",
    "samhsa.gov",
    "988lifeline.org",
)


def provenance(assessment: Assessment, today: datetime.date) -> list[Finding]:
    findings = []
    for index, source in enumerate(assessment.sources):
        host = (urlsplit(source.url).hostname or "").lower()
        if not any(host == known or host.endswith("." + known) for known in REPUTABLE_HOSTS):
            findings.append(
                Finding(
                    "provenance",
                    assessment.slug,
                    ("sources", index, "url"),
                    f"'{host}' is not a public health body this library cites ({', '.join(REPUTABLE_HOSTS)})",
                )
            )
    if assessment.last_reviewed > today:
        findings.append(Finding("provenance", assessment.slug, ("last_reviewed",), "is in the future"))
    return findings


def finished(assessment: Assessment) -> list[Finding]:
    """Not a draft, and no text still marked TODO (the skeleton `new` writes marks each one)."""
    findings = []
    if assessment.draft:
        message = "is a draft: write every text marked TODO, then remove `draft: true` (publish refuses a draft)"
        findings.append(Finding("draft", assessment.slug, ("draft",), message))
    for location, text in local_texts(assessment):
        marked = [f"'{locale}'" for locale, words in text.items() if "TODO" in words]
        if marked:
            findings.append(Finding("draft", assessment.slug, location, f"still says TODO in {', '.join(marked)}"))
    return findings


FAMILY = Family(
    per_assessment={
        "provenance": lambda measured: provenance(measured.assessment, measured.today),
        "finished": lambda measured: finished(measured.assessment),
    }
)
