"""Reference tables: CPT coding rules, MUE, add-on edits, PTP pairs, HCPCS drug codes, terms.

Every table is a data file in ``validators/tables/`` (provenance in ``tables/PROVENANCE.md``)
named by ``tables/index.json``. A profile may point ``tables_dir`` at another folder with its own
``index.json`` (a new quarter's CMS files) without a code change. Files are validated through
schemas that reject unknown keys; a bad file raises :class:`~validators.errors.TableError`
naming the file, the row and the field. Nothing here reads outside the project at run time.
"""

from __future__ import annotations

import csv
import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from validators.errors import TableError

TABLES_DIR = Path(__file__).parent / "tables"

_STRICT = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

Tier = Literal["chemo", "therapeutic", "hydration"]
ServiceType = Literal["Practitioner", "Outpatient Hospital"]


class Threshold(BaseModel):
    model_config = _STRICT
    value: int = Field(ge=0)
    source: str = Field(min_length=1)


class Thresholds(BaseModel):
    """Minute thresholds of coding-policy §3 (all inclusive as named)."""

    model_config = _STRICT
    push_max_minutes: Threshold
    infusion_min_minutes: Threshold
    hydration_min_minutes: Threshold
    addon_hour_base_minutes: Threshold
    addon_hour_period_minutes: Threshold
    initial_covers_minutes: Threshold
    concurrent_min_overlap_minutes: Threshold
    repeat_push_min_gap_minutes: Threshold
    hydration_min_rate_ml_per_hour: Threshold
    esketamine_monitoring_min_minutes: Threshold


class Hierarchy(BaseModel):
    model_config = _STRICT
    tier_rank: tuple[Tier, ...]
    technique_rank: tuple[str, ...]
    source: str


class CodeRow(BaseModel):
    """The code for one (tier, technique, role); ``settings`` limits where it may be reported."""

    model_config = _STRICT
    tier: Tier
    technique: Literal["infusion", "push", "injection_sc_im", "intra_arterial", "sc_infusion"]
    role: Literal[
        "initial",
        "additional_hour",
        "sequential",
        "same_drug_interval",
        "concurrent",
        "repeat",
        "each",
        "each_hormonal",
        "secondary",
    ]
    code: str = Field(pattern=r"^\d{5}$")
    settings: tuple[Literal["office", "facility"], ...] | None = None
    source: str = Field(min_length=1)


class UnitFormula(BaseModel):
    model_config = _STRICT
    kind: Literal["one", "addon_hours", "secondary_hours"]
    source: str


class AddonExtra(BaseModel):
    model_config = _STRICT
    addon: str
    primaries: tuple[str, ...]
    source: str


class ModifierPair(BaseModel):
    model_config = _STRICT
    X: str
    fifty_nine: str = Field(alias="59")


class Modifiers(BaseModel):
    model_config = _STRICT
    separate_site: ModifierPair
    separate_encounter: ModifierPair
    ptp_bypass: tuple[str, ...]
    zero_waste: str
    waste: str
    source: str


class Step(BaseModel):
    """A coding step id that claim-line traces cite (catalogued in RULES.md)."""

    model_config = _STRICT
    id: str = Field(pattern=r"^DA-[A-Z]+-\d{3}$")
    title: str
    source: str


class DrugRef(BaseModel):
    """A drug named by lexicon id and canonical name (either matches), with its source."""

    model_config = _STRICT
    drug_id: str = Field(pattern=r"^DRUG-\d{4}$")
    name: str = Field(min_length=1)
    source: str = Field(min_length=1)


class DrugClassRef(BaseModel):
    """A lexicon drug class (``drug_class``) with its source."""

    model_config = _STRICT
    drug_class: str = Field(min_length=1)
    reason: str = Field(min_length=1)
    source: str = Field(min_length=1)


class CptTable(BaseModel):
    """Schema of ``cpt_drug_admin.json``."""

    model_config = _STRICT
    schema_name: Literal["infusion_coder.cpt_drug_admin"] = Field(alias="schema")
    schema_version: Literal[1]
    version: str
    effective_date: str
    source: str
    thresholds: Thresholds
    hierarchy: Hierarchy
    codes: tuple[CodeRow, ...]
    unit_formulas: dict[str, UnitFormula]
    addon_primaries_extra: tuple[AddonExtra, ...]
    iv_initial_codes: tuple[str, ...]
    initial_codes: tuple[str, ...]
    separate_site_beside_iv_initial: tuple[str, ...]
    multiple_initial_check_codes: tuple[str, ...]
    scored_admin_code_prefixes: tuple[str, ...]
    solution_code_range: tuple[str, str]
    unlisted_drug_code: str
    ptp_scope_codes: tuple[str, ...]
    parenteral_routes: tuple[str, ...]
    hormonal_antineoplastics: tuple[DrugRef, ...] = ()
    integral_drug_classes: tuple[DrugClassRef, ...] = ()
    modifiers: Modifiers
    steps: tuple[Step, ...]


class TermGroup(BaseModel):
    model_config = _STRICT
    drug_names: tuple[str, ...] = ()
    routes: tuple[str, ...] = ()
    psychiatric_icd_prefixes: tuple[str, ...] = ()
    psychiatric_icd_codes: tuple[str, ...] = ()
    psychiatric_terms: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    source: str


class PolicyTerms(BaseModel):
    """Schema of ``policy_terms.json`` (vocabularies the payer/necessity rules match)."""

    model_config = _STRICT
    schema_name: Literal["infusion_coder.policy_terms"] = Field(alias="schema")
    schema_version: Literal[1]
    version: str
    source: str
    ketamine_review: TermGroup
    esketamine_review: TermGroup
    intranasal_billable_drug_names: tuple[str, ...]
    wellness: TermGroup
    not_necessity_terms: tuple[str, ...]
    dehydration_icd_prefixes: tuple[str, ...]
    zero_waste_pattern: str
    monitoring_duration_pattern: str

    @field_validator("zero_waste_pattern", "monitoring_duration_pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"pattern does not compile: {exc}") from exc
        return value


class MueRow(BaseModel):
    model_config = _STRICT
    hcpcs: str
    service_type: ServiceType
    mue_units: int = Field(ge=0)
    mai: str
    mai_desc: str
    rationale: str


class AddonRow(BaseModel):
    model_config = _STRICT
    addon_code: str
    primary_code: str
    aoc_edit_type: str
    effective_year: str
    deleted_year: str = ""
    edit_description: str
    notes: str = ""


class PtpRow(BaseModel):
    model_config = _STRICT
    column1: str
    column2: str
    modifier_indicator: Literal["0", "1", "9"]
    rationale: str


class HcpcsRow(BaseModel):
    model_config = _STRICT
    hcpcs: str = Field(pattern=r"^[A-Z]\d{4}$")
    long_description: str
    billing_unit: str = ""
    mue_practitioner: int | None = None
    mue_outpatient_hospital: int | None = None
    source: str

    @field_validator("mue_practitioner", "mue_outpatient_hospital", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if value == "" else value


class TableIndex(BaseModel):
    model_config = _STRICT
    schema_name: Literal["infusion_coder.table_index"] = Field(alias="schema")
    schema_version: Literal[1]
    description: str = ""
    tables: dict[Literal["cpt", "policy_terms", "mue", "addon_edits", "ptp", "hcpcs"], str]


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TableError(path, f"cannot read: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise TableError(path, f"not valid JSON (line {exc.lineno}): {exc.msg}") from exc


def _load_model(path: Path, model: type[BaseModel]) -> Any:
    try:
        return model.model_validate(_read_json(path))
    except ValidationError as exc:
        raise TableError(path, exc) from exc


def _load_csv(path: Path, model: type[BaseModel]) -> list[Any]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as exc:
        raise TableError(path, f"cannot read: {exc}") from exc
    out = []
    for number, row in enumerate(rows, start=2):
        try:
            out.append(model.model_validate(row))
        except ValidationError as exc:
            first = exc.errors()[0]
            loc = ".".join(str(p) for p in first["loc"])
            raise TableError(path, f"line {number}: field '{loc}': {first['msg']}") from exc
    if not out:
        raise TableError(path, "no rows")
    return out


@dataclass(frozen=True)
class Tables:
    """All reference tables, with the lookups the coding engine and rules need."""

    directory: Path
    cpt: CptTable
    terms: PolicyTerms
    mue_rows: tuple[MueRow, ...]
    addon_rows: tuple[AddonRow, ...]
    ptp_rows: tuple[PtpRow, ...]
    hcpcs_rows: tuple[HcpcsRow, ...]
    _codes: dict[tuple[str, str, str], CodeRow] = field(default_factory=dict, repr=False)
    _mue: dict[tuple[str, str], int] = field(default_factory=dict, repr=False)
    _ptp: dict[tuple[str, str], PtpRow] = field(default_factory=dict, repr=False)
    _hcpcs: dict[str, HcpcsRow] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for row in self.cpt.codes:
            key = (row.tier, row.technique, row.role)
            if key in self._codes:
                raise TableError(self.directory / "cpt", f"duplicate code row for {key}")
            self._codes[key] = row
        for m in self.mue_rows:
            self._mue[(m.hcpcs, m.service_type)] = m.mue_units
        for p in self.ptp_rows:
            self._ptp[(p.column1, p.column2)] = p
        for h in self.hcpcs_rows:
            self._hcpcs[h.hcpcs] = h

    # --- CPT rules -------------------------------------------------------------------------
    def threshold(self, name: str) -> int:
        """A minute threshold of coding-policy §3 by name (``push_max_minutes`` ...)."""
        return getattr(self.cpt.thresholds, name).value

    def code_row(self, tier: str, technique: str, role: str, setting: str) -> CodeRow | None:
        """The code row for a tier/technique/role, or None when none applies in ``setting``."""
        row = self._codes.get((tier, technique, role))
        if row is None or (row.settings is not None and setting not in row.settings):
            return None
        return row

    def integral_class_reason(self, drug_class: str | None) -> str | None:
        """Why a drug of this lexicon class is always part of another procedure, or None."""
        wanted = (drug_class or "").strip().lower()
        for ref in self.cpt.integral_drug_classes:
            if ref.drug_class.lower() == wanted:
                return ref.reason
        return None

    def is_hormonal_antineoplastic(self, drug_id: str | None, name: str | None) -> bool:
        """True when the drug is on the hormonal antineoplastic list (96402, coding-policy §2)."""
        ids = {d.drug_id.lower() for d in self.cpt.hormonal_antineoplastics}
        names = {d.name.lower() for d in self.cpt.hormonal_antineoplastics}
        return (drug_id or "").lower() in ids or (name or "").strip().lower() in names

    def step_ids(self) -> set[str]:
        return {s.id for s in self.cpt.steps}

    def units_for(self, formula: str, minutes: int) -> int:
        """Units of a time-based role for ``minutes`` running minutes (coding-policy §3)."""
        kind = self.cpt.unit_formulas[formula].kind
        base = self.threshold("addon_hour_base_minutes")
        period = self.threshold("addon_hour_period_minutes")
        if kind == "one":
            return 1
        if kind == "addon_hours":
            if minutes <= self.threshold("initial_covers_minutes"):
                return 0
            return max(0, (minutes - base) // period)
        # secondary_hours: 31-90 -> 1, 91-150 -> 2 ...
        if minutes < base:
            return 0
        return (minutes - base) // period + 1

    def is_solution(self, code: str) -> bool:
        low, high = self.cpt.solution_code_range
        return len(code) == len(low) and code[0] == low[0] and low <= code <= high

    def is_scored_admin_code(self, code: str) -> bool:
        return any(code.startswith(p) for p in self.cpt.scored_admin_code_prefixes)

    def modifier(self, kind: str, style: str) -> str:
        pair: ModifierPair = getattr(self.cpt.modifiers, kind)
        return pair.X if style == "X" else pair.fifty_nine

    # --- NCCI ------------------------------------------------------------------------------
    def mue(self, code: str, service_type: str) -> int | None:
        """Units per day allowed for ``code`` (None when no MUE is published)."""
        if (code, service_type) in self._mue:
            return self._mue[(code, service_type)]
        row = self._hcpcs.get(code)
        if row is None:
            return None
        return (
            row.mue_practitioner if service_type == "Practitioner" else row.mue_outpatient_hospital
        )

    def addon_primaries(self, addon: str, service_type: str) -> frozenset[str] | None:
        """Allowed primary codes of an add-on code in this service type; None = not an add-on.

        Rows deleted, rows noted "Practitioner Only" outside the practitioner table, and 96376
        ("facilities only") in the practitioner table are excluded.
        """
        rows = [r for r in self.addon_rows if r.addon_code == addon]
        extra = [e for e in self.cpt.addon_primaries_extra if e.addon == addon]
        if not rows and not extra:
            return None
        allowed: set[str] = set()
        for r in rows:
            notes = r.notes.lower()
            if r.deleted_year:
                continue
            if "practitioner only" in notes and service_type != "Practitioner":
                continue
            if "facilities only" in notes and service_type == "Practitioner":
                continue
            allowed.add(r.primary_code)
        for e in extra:
            allowed.update(e.primaries)
        return frozenset(allowed)

    def ptp(self, column1: str, column2: str) -> PtpRow | None:
        return self._ptp.get((column1, column2))

    # --- HCPCS -----------------------------------------------------------------------------
    def hcpcs(self, code: str) -> HcpcsRow | None:
        return self._hcpcs.get(code)


def _resolve_index(directory: Path) -> dict[str, Path]:
    index_path = directory / "index.json"
    try:
        index = TableIndex.model_validate(_read_json(index_path))
    except ValidationError as exc:
        raise TableError(index_path, exc) from exc
    missing = {"cpt", "policy_terms", "mue", "addon_edits", "ptp", "hcpcs"} - set(index.tables)
    if missing:
        raise TableError(index_path, f"field 'tables': missing {sorted(missing)}")
    return {name: directory / rel for name, rel in index.tables.items()}


@functools.lru_cache(maxsize=8)
def _load_tables_cached(directory: Path) -> Tables:
    paths = _resolve_index(directory)
    tables = Tables(
        directory=directory,
        cpt=_load_model(paths["cpt"], CptTable),
        terms=_load_model(paths["policy_terms"], PolicyTerms),
        mue_rows=tuple(_load_csv(paths["mue"], MueRow)),
        addon_rows=tuple(_load_csv(paths["addon_edits"], AddonRow)),
        ptp_rows=tuple(_load_csv(paths["ptp"], PtpRow)),
        hcpcs_rows=tuple(_load_csv(paths["hcpcs"], HcpcsRow)),
    )
    for formula in {row.role for row in tables.cpt.codes}:
        if formula not in tables.cpt.unit_formulas:
            raise TableError(paths["cpt"], f"field 'unit_formulas': no formula for {formula!r}")
    return tables


def load_tables(directory: Path | None = None) -> Tables:
    """Load (once per folder) the reference tables named by ``directory/index.json``.

    Args:
        directory: A folder with an ``index.json``; None = the packaged ``validators/tables``.

    Returns:
        The validated tables.

    Raises:
        TableError: A file is missing, not parseable, or does not match its schema.
    """
    return _load_tables_cached((directory or TABLES_DIR).resolve())
