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
    DefinedTerm,
    DeletedProvision,
    Provenance,
    Provision,
    ProvisionQuerySet,
    Topic,
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
    "level_rank",
]
