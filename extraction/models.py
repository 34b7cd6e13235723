"""Record types of the extraction stage: the note, spans, and the facts read from it.

Every value read from a note carries the half-open character span it came from
(``note.text[span.start:span.end] == span.text``). A value the program computed rather than read
(a stop time derived from volume and rate, a dose from mg/kg and weight) is marked ``derived``
and points at the text it was computed from. "Not documented" is ``None``, never a guess.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

T = TypeVar("T")

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class OffsetMismatch(ValueError):
    """A span's text does not equal the note text at its offsets (a programming error)."""


class CharSpan(BaseModel):
    """A half-open ``[start, end)`` character span into the ORIGINAL note text."""

    model_config = _FROZEN

    start: int = Field(ge=0)
    end: int
    text: str

    @model_validator(mode="after")
    def _ordered(self) -> CharSpan:
        if self.end <= self.start:
            raise ValueError(f"empty or negative span {self.start}:{self.end}")
        if len(self.text) != self.end - self.start:
            raise ValueError(f"span {self.start}:{self.end} text length {len(self.text)} differs")
        return self

    @classmethod
    def of(cls, text: str, start: int, end: int) -> CharSpan:
        """Anchor ``text[start:end]`` (the only way spans should be made)."""
        return cls(start=start, end=end, text=text[start:end])

    def check(self, text: str) -> None:
        """Raise :class:`OffsetMismatch` unless this span matches ``text``."""
        if text[self.start : self.end] != self.text:
            raise OffsetMismatch(f"span {self.start}:{self.end} does not match the note text")


class Note(BaseModel):
    """One input note with the caller's context (values here win over cues in the text)."""

    model_config = _FROZEN

    note_id: str
    text: str
    setting: str | None = None  # "office" | "facility"; None = the batch default
    payer: str | None = None  # "medicare" | "medicaid" | "commercial"
    date_of_service: dt.date | None = None
    billed: tuple[BilledLine, ...] | None = None
    source: str | None = None  # file / line the note came from, for error messages


class BilledLine(BaseModel):
    """A line of the claim as billed, for the claim audit."""

    model_config = _FROZEN

    code: str
    units: int = Field(default=1, ge=0)
    modifiers: tuple[str, ...] = ()


class Extracted(BaseModel, Generic[T]):
    """A value with the span it was read (or derived) from."""

    model_config = _FROZEN

    value: T
    span: CharSpan
    source: str = "rule"  # "rule:<id>" | "derived:<how>" | "llm:<prompt>@<version>"
    derived: bool = False


class Route(StrEnum):
    IV = "IV"
    IM = "IM"
    SC = "SC"
    INTRANASAL = "intranasal"
    PO = "PO"
    INTRA_ARTERIAL = "intra_arterial"
    SUBLINGUAL = "SL"
    TOPICAL = "topical"
    INHALED = "inhaled"
    OTHER = "other"


class Technique(StrEnum):
    """Policy §2 techniques."""

    INFUSION = "infusion"
    PUSH = "push"
    INJECTION_SC_IM = "injection_sc_im"
    INTRA_ARTERIAL = "intra_arterial"
    SC_INFUSION = "sc_infusion"
    OTHER_ROUTE = "other_route"


class Status(StrEnum):
    GIVEN = "given"
    PLANNED = "planned"
    ORDERED = "ordered"
    DECLINED = "declined"
    HELD = "held"
    HISTORICAL = "historical"
    HYPOTHETICAL = "hypothetical"
    NEGATED = "negated"


class FluidPurpose(StrEnum):
    HYDRATION = "hydration"
    KVO = "kvo"
    VEHICLE = "vehicle"
    FLUSH = "flush"


class Dose(BaseModel):
    """An amount: ``4 mg``, ``0.5 mg/kg`` (``per_kg``), ``1000 mL``, ``20 mEq``."""

    model_config = _FROZEN

    value: float = Field(gt=0)
    unit: str  # normalised: mg, mcg, g, mL, L, units, meq, mg/kg, mcg/kg, ...
    per_kg: bool = False


class Rate(BaseModel):
    """An infusion rate, normalised to mL per hour when given in volume per time."""

    model_config = _FROZEN

    value: float = Field(gt=0)
    unit: str  # "mL/h", "mg/kg/h", "mcg/kg/min", ...


class ClockTime(BaseModel):
    """A time of day; ``minute_of_day`` in 0..1439. Dates come from the encounter."""

    model_config = _FROZEN

    minute_of_day: int = Field(ge=0, le=1439)

    @property
    def hhmm(self) -> str:
        return f"{self.minute_of_day // 60:02d}:{self.minute_of_day % 60:02d}"

    @classmethod
    def parse(cls, hhmm: str) -> ClockTime:
        hour, minute = hhmm.split(":")
        return cls(minute_of_day=int(hour) * 60 + int(minute))


class Interruption(BaseModel):
    """A documented hold/pause of a running administration; times may be missing."""

    model_config = _FROZEN

    span: CharSpan
    start: Extracted[ClockTime] | None = None
    stop: Extracted[ClockTime] | None = None


class Administration(BaseModel):
    """One administration event found in the note (given or not)."""

    model_config = _FROZEN

    admin_id: str  # "A1", "A2" in note order
    drug: Extracted[str] | None  # canonical lexicon name; None when the note names no substance
    mention: CharSpan  # the text that made this an administration (drug or "antiemetic" ...)
    drug_id: str | None = None  # lexicon id (DRUG-NNNN)
    kind: str = "drug"  # "drug" | "fluid"
    dose: Extracted[Dose] | None = None
    volume: Extracted[Dose] | None = None
    rate: Extracted[Rate] | None = None
    route: Extracted[Route] | None = None
    technique: Extracted[Technique] | None = None
    site: Extracted[str] | None = None
    start: Extracted[ClockTime] | None = None
    stop: Extracted[ClockTime] | None = None
    duration_minutes: Extracted[int] | None = None  # "over 40 min": not a start/stop time
    interruptions: tuple[Interruption, ...] = ()
    status: Extracted[Status]
    purpose: Extracted[FluidPurpose] | None = None
    sentence: CharSpan  # the sentence / row / MAR line the administration was read from
    section: str | None = None
    line_id: str | None = None  # access line, when several are documented
    separate_encounter: Extracted[str] | None = None
    separate_site: Extracted[str] | None = None
    waste: Extracted[Dose] | None = None  # documented discarded amount
    zero_waste: CharSpan | None = None  # "no waste", "entire vial administered"
    # part of another procedure (coding-policy §4.1: anesthesia/sedation for a procedure,
    # pre-op antibiotics in the OR, contrast for imaging, local anaesthetic): the cue's text,
    # e.g. "anesthesia record", "Contrast:"; source "rule:PROC-NNN". Such administrations are
    # never coded.
    integral_to_procedure: Extracted[str] | None = None

    def spans(self) -> list[tuple[str, CharSpan]]:
        """Every evidence span of this administration with its label, in a stable order."""
        out: list[tuple[str, CharSpan]] = []
        if self.drug is not None:
            out.append(("drug", self.drug.span))
        else:
            out.append(("mention", self.mention))
        for label in ("dose", "volume", "rate", "route", "technique", "site", "start", "stop"):
            value = getattr(self, label)
            if value is not None:
                out.append((label, value.span))
        if self.duration_minutes is not None:
            out.append(("duration", self.duration_minutes.span))
        for hold in self.interruptions:
            out.append(("interruption", hold.span))
        out.append(("status", self.status.span))
        if self.purpose is not None:
            out.append(("purpose", self.purpose.span))
        if self.waste is not None:
            out.append(("waste", self.waste.span))
        if self.zero_waste is not None:
            out.append(("zero_waste", self.zero_waste))
        if self.integral_to_procedure is not None:
            out.append(("integral_to_procedure", self.integral_to_procedure.span))
        return out


class Diagnosis(BaseModel):
    model_config = _FROZEN

    code: str | None  # ICD-10-CM code as written ("F33.2"), None for a phrase only
    text: str  # the code or the phrase as written
    span: CharSpan


class Encounter(BaseModel):
    """Facts about the visit as a whole."""

    model_config = _FROZEN

    date_of_service: Extracted[dt.date] | None = None
    setting_cue: Extracted[str] | None = None  # "office" | "facility" read from the note
    primary_reason: Extracted[str] | None = None  # the sentence naming the reason for the visit
    primary_reason_admin: str | None = None  # admin_id the primary reason names, if any
    primary_reason_kind: str | None = None  # "hydration" | a drug name | technique word
    diagnoses: tuple[Diagnosis, ...] = ()
    indications: tuple[Extracted[str], ...] = ()  # "for nausea", "Indication: TRD"
    dehydration_evidence: tuple[Extracted[str], ...] = ()
    separate_encounter: tuple[Extracted[str], ...] = ()
    separate_site: tuple[Extracted[str], ...] = ()
    waste_statements: tuple[Extracted[str], ...] = ()
    weight_kg: Extracted[float] | None = None
    rems: Extracted[str] | None = None  # esketamine REMS statement
    monitoring: Extracted[str] | None = None  # post-dose monitoring statement (esketamine)
    first_line: CharSpan | None = None  # evidence anchor for encounter-level findings
    assessment: CharSpan | None = None  # Assessment/Plan header or first line of it


class ExtractionResult(BaseModel):
    """Everything the extraction stage read from one note."""

    model_config = _FROZEN

    administrations: tuple[Administration, ...]
    encounter: Encounter

    def check_spans(self, text: str) -> None:
        """Raise :class:`OffsetMismatch` if any span does not match ``text``."""
        for adm in self.administrations:
            adm.mention.check(text)
            adm.sentence.check(text)
            for _, span in adm.spans():
                span.check(text)
        enc = self.encounter
        for item in (enc.date_of_service, enc.setting_cue, enc.primary_reason, enc.weight_kg):
            if item is not None:
                item.span.check(text)
        for group in (
            enc.indications,
            enc.dehydration_evidence,
            enc.separate_encounter,
            enc.separate_site,
            enc.waste_statements,
        ):
            for item in group:
                item.span.check(text)
        for dx in enc.diagnoses:
            dx.span.check(text)


Note.model_rebuild()
