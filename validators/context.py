"""Working state of one coding run: per-administration facts, line drafts, and the rule context.

These are internal, mutable while the engine runs, and read by the rules afterwards. The
published record types (ClaimLine, Finding, ...) stay in :mod:`validators.models`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from extraction.models import Administration, ExtractionResult
from validators.models import EncounterContext, Evidence, Profile, TraceStep
from validators.reference import Tables


@dataclass
class AdminFacts:
    """What the engine worked out about one administration."""

    adm: Administration
    order: int  # canonical order (note position), independent of the input tuple order
    given: bool
    entry: Any | None = None  # drug lexicon entry, when known
    name: str | None = None  # canonical (lexicon) name, else the name as written
    key: str | None = None  # "same drug" key: lexicon id, else the lower-cased name
    kind: str = "drug"  # "drug" | "fluid"
    tier: str | None = None  # chemo | therapeutic | hydration
    purpose: str | None = None  # fluids: hydration | kvo | vehicle | flush | unclear
    route: str | None = None  # stated or implied route value
    route_implied_by: str | None = None
    documented_technique: str | None = None
    technique: str | None = None  # after the time rules; None = no administration code
    start: int | None = None  # minute on the encounter timeline (midnight-crossing aware)
    stop: int | None = None
    start_derived: bool = False
    stop_derived: bool = False
    stop_before_start: bool = False
    clock_minutes: int | None = None
    hold_minutes: int = 0
    holds_untimed: bool = False
    holds_exceed_run: bool = False
    minutes: int | None = None  # running minutes
    missing_start: bool = False  # a time gap that stopped an administration code
    missing_stop: bool = False
    short_infusion: bool = False  # documented infusion that ran <= 15 min (coded as a push)
    overlap_minutes: int = 0  # hydration minutes overlapping a drug infusion
    overlap_with: tuple[str, ...] = ()
    countable_minutes: int | None = None  # hydration minutes after subtraction
    hydration_too_short: bool = False
    codable: bool = False  # can support an administration code
    group: str = "main"
    role: str | None = None  # initial | sequential | concurrent | ... once coded
    repeat_push_office: bool = False
    repeat_gap: int | None = None
    dose_value: float | None = None  # absolute dose, weight-based doses resolved
    dose_unit: str | None = None
    dose_not_computable: bool = False
    reasons: list[str] = field(default_factory=list)

    @property
    def admin_id(self) -> str:
        return self.adm.admin_id

    @property
    def label(self) -> str:
        """A short human label: "ketamine infusion 09:30-10:12"."""
        return self.name or "unnamed drug"


@dataclass
class LineDraft:
    """A claim line before aggregation by (code, modifiers) and the MUE cap."""

    code: str
    units: int
    kind: str
    rule: str
    admin_ids: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    trace: list[TraceStep] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    modifiers: tuple[str, ...] = ()
    minutes: int | None = None
    initial: bool = False
    group: str = "main"
    order: tuple[int, ...] = ()
    tier: str | None = None


@dataclass(frozen=True)
class MueCap:
    """A line whose units were capped at the MUE."""

    code: str
    modifiers: tuple[str, ...]
    wanted: int
    allowed: int
    admin_ids: tuple[str, ...]
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class DrugLineNote:
    """A drug supply decision the rules report on (J3490, waste documentation)."""

    admin_ids: tuple[str, ...]
    code: str
    name: str
    unlisted: bool = False
    waste_missing: bool = False
    evidence: tuple[Evidence, ...] = ()


@dataclass
class RuleContext:
    """Everything a rule may read about the encounter after coding."""

    extraction: ExtractionResult
    context: EncounterContext
    profile: Profile
    tables: Tables
    lexicon: Any
    facts: list[AdminFacts]
    lines: list[Any]  # final ClaimLine records
    mue_caps: list[MueCap] = field(default_factory=list)
    drug_notes: list[DrugLineNote] = field(default_factory=list)
    # code -> (why it is not supported, administrations concerned), for the claim audit
    rejected_codes: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    date_of_service: dt.date | None = None

    @property
    def note_text(self) -> str:
        return self.context.note_text

    @property
    def given(self) -> list[AdminFacts]:
        return [f for f in self.facts if f.given]
