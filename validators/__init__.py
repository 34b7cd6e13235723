"""Validators: extraction facts -> claim lines (CPT 96360-96379/96401-96417, HCPCS drug codes)
and documentation findings, deterministic and explained. Knows nothing about spaCy.

Public API::

    profile = load_profile("office", "medicare")          # fails early on a malformed file
    result = code_encounter(extraction, context, profile)   # CodingResult
"""

from __future__ import annotations

from validators.coding import code_encounter
from validators.errors import ProfileError, TableError, ValidatorError
from validators.models import (
    AdministrationDecision,
    Category,
    ClaimLine,
    CodingResult,
    EncounterContext,
    Evidence,
    Finding,
    Profile,
    Severity,
    TraceStep,
)
from validators.profile import check_profile_dir, load_profile
from validators.registry import RETIRED, RULES

__all__ = [
    "RETIRED",
    "RULES",
    "AdministrationDecision",
    "Category",
    "ClaimLine",
    "CodingResult",
    "EncounterContext",
    "Evidence",
    "Finding",
    "Profile",
    "ProfileError",
    "Severity",
    "TableError",
    "TraceStep",
    "ValidatorError",
    "check_profile_dir",
    "code_encounter",
    "load_profile",
]
