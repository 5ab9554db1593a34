"""Provisions with their texts, and the assessments of each against the threat categories."""

from .assessment import (
    LEVEL_RANK,
    Capability,
    Coverage,
    CoverageQuerySet,
    Level,
    ThreatCategory,
    level_rank,
)
from .provision import (
    EVIDENCE_FOR_RANK,
    EVIDENCE_RANK,
    DefinedTerm,
    DeletedProvision,
    Provenance,
    Provision,
    ProvisionQuerySet,
    Topic,
    evidence_rank,
)
from .translation import (
    ENGLISH,
    LANGUAGE_NAMES,
    NATIVE_NAMES,
    READING_LANGUAGES,
    Language,
    ProvisionText,
    ProvisionTextQuerySet,
)

__all__ = [
    "LEVEL_RANK",
    "Capability",
    "Coverage",
    "CoverageQuerySet",
    "DefinedTerm",
    "DeletedProvision",
    "ENGLISH",
    "LANGUAGE_NAMES",
    "Language",
    "NATIVE_NAMES",
    "READING_LANGUAGES",
    "ProvisionText",
    "ProvisionTextQuerySet",
    "Level",
    "Provenance",
    "Provision",
    "ProvisionQuerySet",
    "ThreatCategory",
    "Topic",
    "EVIDENCE_FOR_RANK",
    "EVIDENCE_RANK",
    "evidence_rank",
    "level_rank",
]
