"""Record types of the validators: claim lines, findings and their evidence."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from extraction.models import BilledLine, CharSpan

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Severity(StrEnum):
    ERROR = "error"  # the claim will likely deny as coded
    WARNING = "warning"  # documentation risk
    INFO = "info"


class Category(StrEnum):
    """The canonical finding categories of coding-policy §6 (what the evaluation scores)."""

    MISSING_START_TIME = "missing_start_time"
    MISSING_STOP_TIME = "missing_stop_time"
    STOP_TIME_DERIVED = "stop_time_derived"
    MISSING_DRUG_NAME = "missing_drug_name"
    MISSING_DOSE = "missing_dose"
    DOSE_NOT_COMPUTABLE = "dose_not_computable"
    MISSING_ROUTE = "missing_route"
    MISSING_SITE = "missing_site"
    MISSING_DIAGNOSIS = "missing_diagnosis"
    INVALID_DIAGNOSIS_CODE = "invalid_diagnosis_code"
    MISSING_MEDICAL_NECESSITY = "missing_medical_necessity"
    INFUSION_15_MIN_OR_LESS = "infusion_15_min_or_less"
    HYDRATION_30_MIN_OR_LESS = "hydration_30_min_or_less"
    HYDRATION_NOT_SEPARATELY_BILLABLE = "hydration_not_separately_billable"
    INTERRUPTION_TIMES_MISSING = "interruption_times_missing"
    MULTIPLE_INITIAL_SERVICES = "multiple_initial_services"
    REPEAT_PUSH_NOT_BILLABLE_IN_OFFICE = "repeat_push_not_billable_in_office"
    UNITS_EXCEED_MUE = "units_exceed_mue"
    UNLISTED_DRUG_CODE = "unlisted_drug_code"
    MISSING_WASTE_DOCUMENTATION = "missing_waste_documentation"
    PAYER_POLICY_REVIEW = "payer_policy_review"
    BILLED_CODE_NOT_SUPPORTED = "billed_code_not_supported"
    SUPPORTED_CODE_NOT_BILLED = "supported_code_not_billed"
    UNITS_MISMATCH = "units_mismatch"


class Evidence(BaseModel):
    """A labelled span of the note that supports (or locates) a line or finding."""

    model_config = _FROZEN

    label: str  # "drug", "start", "stop", "site", "diagnosis", "administration", ...
    span: CharSpan

    def to_json(self) -> dict[str, object]:
        return {
            "start": self.span.start,
            "end": self.span.end,
            "text": self.span.text,
            "label": self.label,
        }


class TraceStep(BaseModel):
    """One step of the reasoning behind a line: the rule and what it decided."""

    model_config = _FROZEN

    rule: str  # coding rule id, e.g. "DA-CODE-010"
    detail: str  # "ketamine 09:30–10:12 = 42 min ≥ 16: infusion, initial (primary reason)"


class ClaimLine(BaseModel):
    """A line of the claim the documentation supports."""

    model_config = _FROZEN

    code: str
    units: int = Field(ge=1)
    modifiers: tuple[str, ...] = ()
    admin_ids: tuple[str, ...]
    rule: str  # the coding rule that produced the line
    kind: str = "administration"  # "administration" | "drug" | "solution"
    minutes: int | None = None  # minutes the line counted, for time-based codes
    trace: tuple[TraceStep, ...] = ()
    rejected: tuple[str, ...] = ()  # alternatives considered and why not ("96365: 14 min ≤ 15")
    evidence: tuple[Evidence, ...] = Field(min_length=1)


class Finding(BaseModel):
    """A documentation gap or coding risk, with evidence in the note."""

    model_config = _FROZEN

    category: Category
    rule_id: str
    severity: Severity
    message: str
    admin_ids: tuple[str, ...] = ()
    query: str | None = None  # the question to put to the provider, when one fits
    evidence: tuple[Evidence, ...] = Field(min_length=1)


class AdministrationDecision(BaseModel):
    """What the validators decided about one administration (for output and review)."""

    model_config = _FROZEN

    admin_id: str
    tier: str | None = None  # chemo | therapeutic | hydration | None (not coded)
    technique: str | None = None  # technique after the time rules (a 12-min infusion -> push)
    minutes: int | None = None  # running minutes counted
    billable: bool = False
    reasons: tuple[str, ...] = ()  # why not billable / how it was classified


class CodingResult(BaseModel):
    """The validators' answer for one encounter."""

    model_config = _FROZEN

    lines: tuple[ClaimLine, ...]
    findings: tuple[Finding, ...]
    decisions: tuple[AdministrationDecision, ...] = ()


class EncounterContext(BaseModel):
    """What the caller says about the encounter: these values win over cues in the note."""

    model_config = _FROZEN

    note_text: str
    setting: str = "office"  # "office" | "facility"
    payer: str = "commercial"  # a profile name: "medicare" | "medicaid" | "commercial" | custom
    date_of_service: dt.date | None = None
    billed: tuple[BilledLine, ...] | None = None


class TierOverride(BaseModel):
    """A profile's change to a drug's tier (the chemo/complex list is data, coding-policy §2)."""

    model_config = _FROZEN

    drug: str  # lexicon id (DRUG-NNNN) or canonical name, matched case-insensitively
    tier: str  # "chemo" | "therapeutic"
    source: str = ""


class Profile(BaseModel):
    """A setting profile merged with a payer profile (validators/profiles/*.json).

    Built by :func:`validators.load_profile`; every field comes from a data file, so a payer can
    be added without touching Python.
    """

    model_config = _FROZEN

    setting: str  # "office" | "facility"
    payer: str  # profile name: "medicare" | "medicaid" | "commercial" | custom
    initial_service_rule: str = "hierarchy"  # "primary_reason" (office) | "hierarchy"
    mue_service_type: str = "Practitioner"  # "Practitioner" | "Outpatient Hospital"
    modifier_style: str = "X"  # "X" (XS/XE) | "59"
    sum_intervals: bool = False
    jz_jw: bool = False
    jz_jw_effective_from: dt.date = dt.date(2023, 7, 1)
    lexicon_payer: str = "commercial"  # payer class the drug lexicon's HCPCS options name
    ketamine_psych_review: bool = True
    wellness_review: bool = True
    esketamine_review: bool = True
    tier_overrides: tuple[TierOverride, ...] = ()
    tables_dir: str | None = None  # folder with an index.json of replacement tables
    files: tuple[str, ...] = ()  # the profile files merged, for traces and error messages
