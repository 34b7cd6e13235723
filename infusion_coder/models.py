"""The output contract: one :class:`NoteResult` per input note, in input order.

The JSON shape written to ``results.jsonl`` is documented in the README ("Output contract"). Its
keys are relied on by other tools: add keys freely, never rename or change the meaning of one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from extraction.models import Administration, ExtractionResult
from validators.models import AdministrationDecision, ClaimLine, CodingResult, Evidence, Finding

_FROZEN = ConfigDict(frozen=True, extra="forbid")

SETTINGS = ("office", "facility")


class ErrorInfo(BaseModel):
    """Why a note could not be processed (``status: "error"``)."""

    model_config = _FROZEN

    type: str  # "empty_note" | "decode_error" | "invalid_json" | "missing_text" | ...
    message: str


class Notice(BaseModel):
    """Something the user should know about how a note was processed (not a coding finding)."""

    model_config = _FROZEN

    type: str  # "llm_fallback" | "duplicate_id" | "setting_from_note" | ...
    message: str


class NoteResult(BaseModel):
    """Everything produced for one note."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    note_id: str
    status: str  # "ok" | "error"
    error: ErrorInfo | None = None
    setting: str | None = None
    payer: str | None = None
    date_of_service: dt.date | None = None
    text: str | None = Field(default=None, exclude=True)  # kept in memory for the report only
    extraction: ExtractionResult | None = None
    coding: CodingResult | None = None
    notices: tuple[Notice, ...] = ()
    llm: dict[str, Any] | None = None  # prompt id/version, model, accepted/rejected proposals
    seconds: float | None = None

    @classmethod
    def failed(cls, note_id: str, error_type: str, message: str, **context: Any) -> NoteResult:
        """An error record: the note is reported, never dropped."""
        return cls(
            note_id=note_id,
            status="error",
            error=ErrorInfo(type=error_type, message=message),
            **context,
        )

    def to_json(self) -> dict[str, Any]:
        """The ``results.jsonl`` object for this note (the output contract)."""
        coding = self.coding
        decisions: dict[str, AdministrationDecision] = {}
        if coding is not None:
            decisions = {d.admin_id: d for d in coding.decisions}
        administrations = []
        encounter: dict[str, Any] | None = None
        if self.extraction is not None:
            administrations = [
                _administration_json(adm, decisions.get(adm.admin_id))
                for adm in self.extraction.administrations
            ]
            encounter = _encounter_json(self.extraction)
        return {
            "note_id": self.note_id,
            "status": self.status,
            "error": None if self.error is None else self.error.model_dump(),
            "setting": self.setting,
            "payer": self.payer,
            "date_of_service": None
            if self.date_of_service is None
            else self.date_of_service.isoformat(),
            "administrations": administrations,
            "lines": [] if coding is None else [_line_json(line) for line in coding.lines],
            "findings": [] if coding is None else [_finding_json(f) for f in coding.findings],
            "encounter": encounter,
            "notices": [n.model_dump() for n in self.notices],
            "llm": self.llm,
            "seconds": None if self.seconds is None else round(self.seconds, 4),
        }


def _evidence(items: tuple[Evidence, ...] | list[Evidence]) -> list[dict[str, object]]:
    return [e.to_json() for e in items]


def _fmt_amount(value: float, unit: str) -> str:
    number = f"{value:g}"
    return f"{number} {unit}"


def _administration_json(
    adm: Administration, decision: AdministrationDecision | None
) -> dict[str, Any]:
    technique = adm.technique.value.value if adm.technique is not None else None
    if decision is not None and decision.technique is not None:
        technique = decision.technique
    minutes = decision.minutes if decision is not None else None
    return {
        "id": adm.admin_id,
        "drug": None if adm.drug is None else adm.drug.value,
        "drug_id": adm.drug_id,
        "kind": adm.kind,
        "dose": None
        if adm.dose is None
        else _fmt_amount(adm.dose.value.value, adm.dose.value.unit),
        "volume": None
        if adm.volume is None
        else _fmt_amount(adm.volume.value.value, adm.volume.value.unit),
        "rate": None
        if adm.rate is None
        else _fmt_amount(adm.rate.value.value, adm.rate.value.unit),
        "route": None if adm.route is None else adm.route.value.value,
        "technique": technique,
        "site": None if adm.site is None else adm.site.value,
        "start": None if adm.start is None else adm.start.value.hhmm,
        "stop": None if adm.stop is None else adm.stop.value.hhmm,
        "stop_derived": bool(adm.stop is not None and adm.stop.derived),
        "minutes": minutes,
        "status": adm.status.value.value,
        "purpose": None if adm.purpose is None else adm.purpose.value.value,
        "tier": None if decision is None else decision.tier,
        "billable": bool(decision is not None and decision.billable),
        "reasons": [] if decision is None else list(decision.reasons),
        "section": adm.section,
        "evidence": [
            {"start": s.start, "end": s.end, "text": s.text, "label": label}
            for label, s in adm.spans()
        ],
    }


def _line_json(line: ClaimLine) -> dict[str, Any]:
    return {
        "code": line.code,
        "units": line.units,
        "modifiers": list(line.modifiers),
        "administrations": list(line.admin_ids),
        "rule": line.rule,
        "kind": line.kind,
        "minutes": line.minutes,
        "trace": [step.model_dump() for step in line.trace],
        "rejected": list(line.rejected),
        "evidence": _evidence(line.evidence),
    }


def _finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "category": finding.category.value,
        "rule_id": finding.rule_id,
        "severity": finding.severity.value,
        "message": finding.message,
        "query": finding.query,
        "administrations": list(finding.admin_ids),
        "evidence": _evidence(finding.evidence),
    }


def _encounter_json(extraction: ExtractionResult) -> dict[str, Any]:
    enc = extraction.encounter

    def span_json(label: str, item: Any) -> dict[str, Any] | None:
        if item is None:
            return None
        span = item.span if hasattr(item, "span") else item
        return {"start": span.start, "end": span.end, "text": span.text, "label": label}

    return {
        "date_of_service": None
        if enc.date_of_service is None
        else enc.date_of_service.value.isoformat(),
        "setting_cue": None if enc.setting_cue is None else enc.setting_cue.value,
        "primary_reason": span_json("primary_reason", enc.primary_reason),
        "primary_reason_admin": enc.primary_reason_admin,
        "diagnoses": [
            {"code": dx.code, **(span_json("diagnosis", dx.span) or {})} for dx in enc.diagnoses
        ],
        "indications": [span_json("indication", item) for item in enc.indications],
        "dehydration_evidence": [
            span_json("dehydration", item) for item in enc.dehydration_evidence
        ],
        "weight_kg": None if enc.weight_kg is None else enc.weight_kg.value,
    }
