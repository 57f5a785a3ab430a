"""Provenance: sources from public health bodies, and a review date that is not in the future."""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

from chalicelib.authoring.gates.family import Family
from chalicelib.authoring.gates.findings import Finding
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


FAMILY = Family(per_assessment={"provenance": lambda measured: provenance(measured.assessment, measured.today)})
