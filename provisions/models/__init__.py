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

__all__ = [
    "LEVEL_RANK",
    "Capability",
    "Coverage",
    "CoverageQuerySet",
    "DefinedTerm",
    "DeletedProvision",
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
