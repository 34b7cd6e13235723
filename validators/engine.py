"""The coding engine: administration facts -> claim lines with traces (coding-policy §2-§5).

Table-driven: codes, thresholds, unit formulas, modifiers and the hierarchy come from
``validators/tables/cpt_drug_admin.json`` (:mod:`validators.reference`); the step ids cited in
traces are catalogued there and in ``RULES.md``. The engine never raises on odd facts: what it
cannot code it records on :class:`~validators.context.AdminFacts` for the rules to report.

Order of work (each step a function below):
1. facts per administration (status, lexicon entry, tier, route, fluid purpose);
2. times on one encounter timeline (midnight crossing, derived stop, holds) and technique;
3. service groups (separate encounter / separate site);
4. hydration overlap subtraction;
5. per group: one initial service, then subsequent codes; stand-alone injections;
6. modifiers (XS beside an IV initial, XE/XS on a second initial), add-on check;
7. drug supply lines (HCPCS), JZ/JW;
8. aggregation by (code, modifiers) and the MUE cap.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from extraction.models import Administration, Dose, Extracted, ExtractionResult
from validators.context import AdminFacts, DrugLineNote, LineDraft, MueCap, RuleContext
from validators.evidence import admin_evidence, dedupe
from validators.models import ClaimLine, EncounterContext, Evidence, Profile, TraceStep
from validators.reference import Tables

# Coding step ids (catalogued with titles and sources in cpt_drug_admin.json "steps").
S_INIT_HIER = "DA-CODE-010"
S_INIT_PRIMARY = "DA-CODE-011"
S_ADDON_HOURS = "DA-CODE-012"
S_SEQUENTIAL = "DA-CODE-013"
S_CONCURRENT = "DA-CODE-014"
S_PUSH_NEW = "DA-CODE-015"
S_PUSH_REPEAT = "DA-CODE-016"
S_HYDRATION_SECONDARY = "DA-CODE-017"
S_INJECTION = "DA-CODE-018"
S_XS_BESIDE_IV = "DA-CODE-019"
S_SECOND_INITIAL = "DA-CODE-020"
S_INTRA_ARTERIAL = "DA-CODE-021"
S_SC_INFUSION = "DA-CODE-022"
S_SAME_DRUG = "DA-CODE-023"
S_DRUG_LINE = "DA-CODE-030"
S_UNLISTED = "DA-CODE-031"
S_OPTION = "DA-CODE-032"
S_WASTE = "DA-CODE-033"
S_SOLUTION = "DA-CODE-034"
S_TECHNIQUE = "DA-CODE-040"
S_OVERLAP = "DA-CODE-041"
S_MUE = "DA-CODE-042"
S_MINUTES = "DA-CODE-043"
S_DERIVED = "DA-CODE-044"
S_SUMMED = "DA-CODE-045"
S_INTEGRAL = "DA-CODE-046"

_BIG = 10**9
_DAY = 1440
_HALF_DAY = 720

_MASS = {"mcg": 0.001, "mg": 1.0, "g": 1000.0}
_VOLUME = {"ml": 1.0, "l": 1000.0, "cc": 1.0}
_OTHER = {"meq": "meq", "units": "units", "unit": "units", "u": "units"}

_IV_TECHNIQUES = ("infusion", "push")
_INJECTION_ROUTE = "injection"  # route implied by "injection_sc_im" without IM or SC stated


# --------------------------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------------------------
def hhmm(minute: int | None) -> str:
    """Clock text for a timeline minute ("09:30"; "00:15" after midnight)."""
    if minute is None:
        return "?"
    m = minute % _DAY
    return f"{m // 60:02d}:{m % 60:02d}"


def convert_amount(value: float, unit: str, target: str | None) -> float | None:
    """Convert ``value unit`` to ``target`` (mg/mcg/g, mL/L, meq, units); None if impossible."""
    src = unit.strip().lower()
    dst = (target or "mg").strip().lower()
    if src in _MASS and dst in _MASS:
        return value * _MASS[src] / _MASS[dst]
    if src in _VOLUME and dst in _VOLUME:
        return value * _VOLUME[src] / _VOLUME[dst]
    if src in _OTHER and _OTHER.get(dst) == _OTHER[src]:
        return value
    return None


def _fmt_amount(value: float) -> str:
    return f"{value:g}"


def _span_minutes(start: int, stop: int) -> int | None:
    """Minutes from ``start`` to ``stop`` (minute of day), crossing midnight when plausible.

    A stop earlier than the start is a midnight crossing when the start is in the afternoon or
    evening and the stop in the morning, or when the crossing lasts at most 12 hours; otherwise
    the stop is before the start (a documentation error): None.
    """
    if stop >= start:
        return stop - start
    crossing = stop + _DAY - start
    if (start >= _HALF_DAY and stop < _HALF_DAY) or crossing <= _HALF_DAY:
        return crossing
    return None


def _timeline_base(points: Iterable[int]) -> int:
    """The clock minute where the encounter's timeline starts: just after its longest gap."""
    pts = sorted(set(points))
    if len(pts) < 2:
        return pts[0] if pts else 0
    gaps = [(pts[i + 1] - pts[i], pts[i + 1]) for i in range(len(pts) - 1)]
    gaps.append((pts[0] + _DAY - pts[-1], pts[0]))
    return max(gaps, key=lambda g: (g[0], -g[1]))[1]


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def _union_length(intervals: list[tuple[int, int]]) -> int:
    total = 0
    current: tuple[int, int] | None = None
    for s, e in sorted(intervals):
        if current is None or s > current[1]:
            if current is not None:
                total += current[1] - current[0]
            current = (s, e)
        else:
            current = (current[0], max(current[1], e))
    if current is not None:
        total += current[1] - current[0]
    return total


def _same_line(a: AdminFacts, b: AdminFacts) -> bool:
    la, lb = a.adm.line_id, b.adm.line_id
    return la is None or lb is None or la == lb


# --------------------------------------------------------------------------------------------
# 1. facts
# --------------------------------------------------------------------------------------------
def _lookup(lexicon: Any, adm: Administration) -> Any | None:
    if lexicon is None:
        return None
    if adm.drug_id:
        try:
            return lexicon.by_id(adm.drug_id)
        except KeyError:
            pass
    if adm.drug is not None:
        return lexicon.by_name(adm.drug.value)
    return None


def _tier_override(profile: Profile, entry: Any, name: str | None) -> str | None:
    for override in profile.tier_overrides:
        target = override.drug.strip().lower()
        if entry is not None and target in (entry.id.lower(), entry.name.lower()):
            return override.tier
        if name is not None and target == name.lower():
            return override.tier
    return None


def _build_facts(
    extraction: ExtractionResult, profile: Profile, tables: Tables, lexicon: Any
) -> list[AdminFacts]:
    adms = sorted(
        extraction.administrations,
        key=lambda a: (a.sentence.start, a.mention.start, a.admin_id),
    )
    facts: list[AdminFacts] = []
    for order, adm in enumerate(adms):
        status = str(adm.status.value)
        f = AdminFacts(adm=adm, order=order, given=status == "given")
        entry = _lookup(lexicon, adm)
        if not f.given:
            f.reasons.append(f"status '{status}': only given administrations are coded")
        else:
            # Part of another procedure (anesthesia/sedation, contrast, pre-op antibiotic in the
            # OR, local anaesthetic): never coded, no drug line and no documentation finding.
            cue = adm.integral_to_procedure
            integral = cue.value if cue is not None else None
            if integral is None and entry is not None:
                integral = tables.integral_class_reason(entry.drug_class)
            if integral is not None:
                f.given = False
                f.reasons.append(
                    f"part of another procedure ({integral}): not separately coded "
                    f"({S_INTEGRAL}, coding-policy §4.1)"
                )
        f.entry = entry
        if adm.drug is not None:
            f.name = entry.name if entry is not None else adm.drug.value
            f.key = entry.id if entry is not None else adm.drug.value.strip().lower()
        f.kind = entry.kind if entry is not None else (adm.kind or "drug")
        if f.kind == "drug":
            override = _tier_override(profile, entry, f.name)
            if override is not None:
                f.tier = override
                f.reasons.append(f"tier '{override}' set by the {profile.payer} profile")
            elif entry is not None:
                f.tier = entry.tier
            else:
                f.tier = "therapeutic"
                if adm.drug is not None:
                    f.reasons.append("drug not in the lexicon: therapeutic tier assumed")
        facts.append(f)
    return facts


def _route(f: AdminFacts) -> None:
    adm = f.adm
    doc_tech = str(adm.technique.value) if adm.technique is not None else None
    f.documented_technique = doc_tech
    if adm.route is not None:
        f.route = str(adm.route.value)
        return
    implied = {
        "infusion": "IV",
        "push": "IV",
        "sc_infusion": "SC",
        "intra_arterial": "intra_arterial",
        "injection_sc_im": _INJECTION_ROUTE,
    }
    if doc_tech in implied:
        f.route = implied[doc_tech]
        f.route_implied_by = doc_tech
    elif f.kind == "fluid":
        f.route = "IV"
        f.route_implied_by = "IV fluid"


# --------------------------------------------------------------------------------------------
# 2. times and technique
# --------------------------------------------------------------------------------------------
def _derived_minutes(adm: Administration) -> int | None:
    """Minutes to run ``volume`` at ``rate`` (mL/h), or None."""
    if adm.volume is None or adm.rate is None:
        return None
    unit = adm.rate.value.unit.replace(" ", "").lower()
    if unit not in ("ml/h", "ml/hr", "ml/hour"):
        return None
    volume_ml = convert_amount(adm.volume.value.value, adm.volume.value.unit, "mL")
    if volume_ml is None or adm.rate.value.value <= 0:
        return None
    return max(1, round(volume_ml / adm.rate.value.value * 60))


def _is_derived(item: Extracted[Any] | None) -> bool:
    """True when the extraction computed the value instead of reading it from the note."""
    return item is not None and (item.derived or item.source.startswith("derived:"))


def _resolve_times(facts: list[AdminFacts]) -> None:
    points: list[int] = []
    for f in facts:
        if not f.given:
            continue
        for item in (f.adm.start, f.adm.stop):
            if item is not None:
                points.append(item.value.minute_of_day)
    base = _timeline_base(points)

    def on_line(minute: int) -> int:
        return minute if minute >= base else minute + _DAY

    for f in facts:
        if not f.given:
            continue
        adm = f.adm
        start = adm.start.value.minute_of_day if adm.start is not None else None
        stop = adm.stop.value.minute_of_day if adm.stop is not None else None
        run = _derived_minutes(adm)
        if start is not None and stop is None and run is not None:
            f.start = on_line(start)
            f.stop = f.start + run
            f.stop_derived = True
        elif stop is not None and start is None and run is not None:
            f.stop = on_line(stop)
            f.start = f.stop - run
            f.start_derived = True
        elif start is not None and stop is not None:
            f.start = on_line(start)
            length = _span_minutes(start, stop)
            if length is None:
                f.stop_before_start = True
                f.reasons.append(
                    f"stop {hhmm(stop)} is before start {hhmm(start)}: running time unknown"
                )
            else:
                f.stop = f.start + length
                # A time the extraction computed (volume / rate) rather than read is derived.
                f.stop_derived = _is_derived(adm.stop)
                f.start_derived = not f.stop_derived and _is_derived(adm.start)
        elif start is not None:
            f.start = on_line(start)
        elif stop is not None:
            f.stop = on_line(stop)
        if f.start is not None and f.stop is not None:
            f.clock_minutes = f.stop - f.start
            for hold in adm.interruptions:
                if hold.start is None or hold.stop is None:
                    f.holds_untimed = True
                    continue
                length = _span_minutes(
                    hold.start.value.minute_of_day, hold.stop.value.minute_of_day
                )
                if length is None:
                    f.holds_untimed = True
                else:
                    f.hold_minutes += length
            running = f.clock_minutes - f.hold_minutes
            if f.hold_minutes and running <= 0:
                f.holds_exceed_run = True
                f.reasons.append(
                    f"documented holds ({f.hold_minutes} min) are not shorter than the clock "
                    f"time ({f.clock_minutes} min)"
                )
            else:
                f.minutes = running


def _time_text(f: AdminFacts) -> str:
    text = f"{hhmm(f.start)}–{hhmm(f.stop)}"
    if f.stop_derived:
        text += " (stop derived from volume and rate)"
    if f.start_derived:
        text += " (start derived from volume and rate)"
    return text


def _minutes_text(f: AdminFacts) -> str:
    if f.hold_minutes:
        return f"{f.clock_minutes} − {f.hold_minutes} min held = {f.minutes} min"
    return f"{f.minutes} min"


def _technique(f: AdminFacts, facts: list[AdminFacts], tables: Tables) -> None:
    """Technique after the time rules, and whether the administration can support a code."""
    if not f.given or f.adm.drug is None:
        if f.given:
            f.reasons.append("substance not named: no line")
        return
    if f.kind == "fluid":
        _fluid(f, facts, tables)
        return
    if f.route is None:
        f.reasons.append("route neither stated nor implied: no line")
        return
    push_max = tables.threshold("push_max_minutes")
    infusion_min = tables.threshold("infusion_min_minutes")
    timed = f.minutes is not None
    if f.route in ("IM", "SC", _INJECTION_ROUTE):
        if f.documented_technique == "sc_infusion" and f.route in ("SC", _INJECTION_ROUTE):
            if timed and f.minutes is not None and f.minutes >= infusion_min:
                f.technique, f.codable = "sc_infusion", True
                return
            if not timed:
                _missing_times(f, "subcutaneous infusion")
                return
        f.technique, f.codable = "injection_sc_im", True
        return
    if f.route == "intra_arterial":
        f.technique, f.codable = "intra_arterial", True
        return
    if f.route != "IV":
        f.technique = "other_route"
        f.reasons.append(f"route {f.route}: never an administration code (coding-policy §2)")
        return
    if f.documented_technique == "push":
        f.technique, f.codable = "push", True
        f.reasons.append("documented as an IV push")
        return
    if timed and f.minutes is not None:
        if f.minutes <= push_max:
            f.technique, f.codable = "push", True
            f.short_infusion = f.documented_technique == "infusion"
            f.reasons.append(
                f"{_time_text(f)} = {_minutes_text(f)} ≤ {push_max}: "
                f"coded as a push ({S_TECHNIQUE})"
            )
        else:
            f.technique, f.codable = "infusion", True
            f.reasons.append(
                f"{_time_text(f)} = {_minutes_text(f)} ≥ {infusion_min}: infusion ({S_TECHNIQUE})"
            )
        return
    _missing_times(f, "IV administration")


def _missing_text(f: AdminFacts) -> str:
    if f.missing_start and f.missing_stop:
        return "start and stop"
    return "start" if f.missing_start else "stop"


def _missing_times(f: AdminFacts, what: str) -> None:
    if f.holds_exceed_run:
        return
    f.missing_start = f.start is None
    f.missing_stop = f.stop is None or f.stop_before_start
    f.reasons.append(
        f"{what} without {_missing_text(f)} "
        "time (and not documented as a push): no administration code"
    )


def _fluid(f: AdminFacts, facts: list[AdminFacts], tables: Tables) -> None:
    adm = f.adm
    purpose = str(adm.purpose.value) if adm.purpose is not None else None
    if purpose is None:
        min_rate = tables.threshold("hydration_min_rate_ml_per_hour")
        rate_ml = None
        if adm.rate is not None and adm.rate.value.unit.replace(" ", "").lower() in (
            "ml/h",
            "ml/hr",
            "ml/hour",
        ):
            rate_ml = adm.rate.value.value
        drugs_given = any(o.given and o.kind == "drug" and o.adm.drug for o in facts)
        if rate_ml is not None and rate_ml < min_rate:
            purpose = "kvo"
            f.reasons.append(f"rate {_fmt_amount(rate_ml)} mL/h < {min_rate}: keep-vein-open fluid")
        elif (
            f.documented_technique == "push"
            or (rate_ml is not None and rate_ml >= min_rate)
            or not drugs_given
            or (adm.start is not None and adm.stop is not None)
        ):
            purpose = "hydration"
        else:
            purpose = "unclear"
            f.reasons.append("fluid with a drug, purpose not documented: not coded as hydration")
    f.purpose = purpose
    if purpose == "vehicle":
        f.reasons.append("vehicle / diluent of a drug: not an administration")
        return
    if purpose in ("kvo", "flush"):
        f.reasons.append(f"{purpose.upper()} fluid: not separately billable")
        return
    if purpose != "hydration":
        return
    if f.route not in ("IV", None):
        f.reasons.append(f"route {f.route}: not IV hydration")
        return
    f.tier = "hydration"
    if f.minutes is None:
        _missing_times(f, "hydration")
        return
    f.technique = "infusion"
    f.codable = True


# --------------------------------------------------------------------------------------------
# 3. groups and 4. hydration overlap
# --------------------------------------------------------------------------------------------
def _assign_groups(facts: list[AdminFacts], extraction: ExtractionResult) -> list[str]:
    enc = extraction.encounter
    statements = sorted(enc.separate_encounter, key=lambda e: e.span.start)
    site_lines: dict[str, str] = {}
    if enc.separate_site:
        line_ids = sorted(
            {f.adm.line_id for f in facts if f.given and f.adm.line_id is not None},
            key=lambda lid: min(
                (f.start if f.start is not None else _BIG, f.order)
                for f in facts
                if f.adm.line_id == lid
            ),
        )
        for lid in line_ids[1:]:
            site_lines[lid] = f"site:{lid}"
    for f in facts:
        adm = f.adm
        if adm.separate_encounter is not None:
            f.group = f"encounter@{adm.separate_encounter.span.start}"
        elif adm.separate_site is not None:
            f.group = f"site@{adm.separate_site.span.start}"
        elif adm.line_id is not None and adm.line_id in site_lines:
            f.group = site_lines[adm.line_id]
        else:
            before = [s for s in statements if s.span.start <= adm.sentence.start]
            f.group = f"encounter@{before[-1].span.start}" if before else "main"

    def group_key(name: str) -> tuple[int, int, str]:
        return (0 if name == "main" else 1, min(f.order for f in facts if f.group == name), name)

    return sorted({f.group for f in facts}, key=group_key)


def _primary_reason_group(
    facts: list[AdminFacts], groups: list[str], extraction: ExtractionResult
) -> str | None:
    """The service group the stated primary reason belongs to (office, coding-policy §4.2).

    Each encounter has its own primary reason: a reason naming an administration belongs to that
    administration's group; otherwise to the separate encounter documented before the reason's
    text ("Visit 2: patient returned ... Reason for return visit: IV hydration"), else to the
    first group. A separate *site* is the same encounter, so it never owns the reason.
    """
    if not groups:
        return None
    enc = extraction.encounter
    if enc.primary_reason_admin:
        for f in facts:
            if f.admin_id == enc.primary_reason_admin and f.group is not None:
                return f.group if not f.group.startswith("site") else groups[0]
    if enc.primary_reason is not None:
        before = [
            s.span.start
            for s in enc.separate_encounter
            if s.span.start <= enc.primary_reason.span.start
        ]
        if before:
            name = f"encounter@{max(before)}"
            if name in groups:
                return name
    return groups[0]


def _hydration_overlap(facts: list[AdminFacts], tables: Tables) -> None:
    minimum = tables.threshold("hydration_min_minutes")
    drug_infusions = [
        f
        for f in facts
        if f.given
        and f.kind == "drug"
        and f.route == "IV"
        and f.documented_technique != "push"
        and f.start is not None
        and f.stop is not None
        and f.clock_minutes is not None
    ]
    for f in facts:
        if f.tier != "hydration" or not f.codable or f.start is None or f.stop is None:
            continue
        intervals = []
        with_ids = []
        for d in drug_infusions:
            if d.group != f.group or not _same_line(f, d):
                continue
            o = _overlap(f.start, f.stop, d.start, d.stop)  # type: ignore[arg-type]
            if o > 0:
                intervals.append((max(f.start, d.start), min(f.stop, d.stop)))  # type: ignore[type-var]
                with_ids.append(d.admin_id)
        f.overlap_minutes = _union_length(intervals)
        f.overlap_with = tuple(with_ids)
        f.countable_minutes = max(0, (f.minutes or 0) - f.overlap_minutes)
        if f.overlap_minutes:
            f.reasons.append(
                f"{f.overlap_minutes} min overlap a drug infusion ({', '.join(with_ids)}) and "
                f"belong to it: {f.minutes} − {f.overlap_minutes} = {f.countable_minutes} min "
                f"({S_OVERLAP})"
            )
        if f.countable_minutes < minimum:
            f.hydration_too_short = True
            f.codable = False
            f.reasons.append(f"hydration {f.countable_minutes} min ≤ {minimum - 1}: not billable")


def _sum_intervals(facts: list[AdminFacts], tables: Tables) -> None:
    """Profile ``sum_intervals``: same-substance intervals of a group counted as one."""
    minimum = tables.threshold("hydration_min_minutes")
    buckets: dict[tuple[str, str], list[AdminFacts]] = {}
    for f in facts:
        if not f.given or f.key is None or f.start is None:
            continue
        if f.tier == "hydration" and f.countable_minutes is not None:
            buckets.setdefault((f.group, "hydration"), []).append(f)
        elif f.technique == "infusion" and f.codable:
            buckets.setdefault((f.group, f.key), []).append(f)
    for (_, kind), members in buckets.items():
        if len(members) < 2:
            continue
        members.sort(key=lambda m: (m.start, m.order))
        head = members[0]
        if kind == "hydration":
            total = sum(m.countable_minutes or 0 for m in members)
            head.countable_minutes = total
            head.hydration_too_short = total < minimum
            head.codable = total >= minimum
        else:
            total = sum(m.minutes or 0 for m in members)
            head.minutes = total
        head.reasons.append(
            f"intervals of {', '.join(m.admin_id for m in members)} summed: "
            f"{total} min ({S_SUMMED})"
        )
        for m in members[1:]:
            m.codable = False
            m.hydration_too_short = False
            m.role = "summed"
            m.reasons.append(f"summed into {head.admin_id} (profile sum_intervals)")


# --------------------------------------------------------------------------------------------
# 5. codes per group
# --------------------------------------------------------------------------------------------
class _Coder:
    """Codes one encounter's administrations; collects drafts and rejected alternatives."""

    def __init__(
        self,
        facts: list[AdminFacts],
        extraction: ExtractionResult,
        profile: Profile,
        tables: Tables,
        lexicon: Any,
    ) -> None:
        self.facts = facts
        self.extraction = extraction
        self.profile = profile
        self.tables = tables
        self.lexicon = lexicon
        self.setting = profile.setting
        self.drafts: list[LineDraft] = []
        self.rejected: dict[str, tuple[str, tuple[str, ...]]] = {}

    # -- helpers -------------------------------------------------------------------------
    def _reject(self, code: str | None, why: str, f: AdminFacts | None = None) -> None:
        if code and code not in self.rejected:
            self.rejected[code] = (why, (f.admin_id,) if f is not None else ())

    def _row_code(self, f: AdminFacts, technique: str, role: str) -> str | None:
        tier = f.tier or "therapeutic"
        row = self.tables.code_row(tier, technique, role, self.setting)
        return row.code if row is not None else None

    def _draft(
        self,
        f: AdminFacts,
        code: str,
        units: int,
        rule: str,
        trace: list[TraceStep],
        *,
        minutes: int | None = None,
        initial: bool = False,
        rejected: Iterable[str] = (),
        kind: str = "administration",
        modifiers: tuple[str, ...] = (),
    ) -> LineDraft:
        draft = LineDraft(
            code=code,
            units=units,
            kind=kind,
            rule=rule,
            admin_ids=(f.admin_id,),
            evidence=admin_evidence(f.adm),
            trace=list(trace),
            rejected=list(rejected),
            modifiers=modifiers,
            minutes=minutes,
            initial=initial,
            group=f.group,
            order=(f.start if f.start is not None else _BIG, f.order),
            tier=f.tier,
        )
        self.drafts.append(draft)
        return draft

    def _rank(self, f: AdminFacts) -> tuple[int, int, int, int]:
        hierarchy = self.tables.cpt.hierarchy
        tier = hierarchy.tier_rank.index(f.tier) if f.tier in hierarchy.tier_rank else 99
        technique = "infusion" if f.tier == "hydration" else (f.technique or "")
        tech = (
            hierarchy.technique_rank.index(technique)
            if technique in hierarchy.technique_rank
            else 99
        )
        return (tier, tech, f.start if f.start is not None else _BIG, f.order)

    def _initial_code_of(self, f: AdminFacts) -> str | None:
        technique = "infusion" if f.tier == "hydration" else f.technique or ""
        return self._row_code(f, technique, "initial")

    def _describe(self, f: AdminFacts) -> str:
        if f.tier == "hydration":
            return f"hydration {f.name} {_time_text(f)} ({f.countable_minutes} min)"
        if f.technique == "push" and f.short_infusion:
            return f"{f.name} {_time_text(f)} ({f.minutes} min, coded as a push)"
        if f.technique == "push":
            at = f" at {hhmm(f.start)}" if f.start is not None else ""
            return f"{f.name} IV push{at}"
        return f"{f.name} {f.technique} {_time_text(f)} ({_minutes_text(f)})"

    # -- initial service ---------------------------------------------------------------------
    def _primary_reason(self, candidates: list[AdminFacts]) -> tuple[AdminFacts | None, str]:
        enc = self.extraction.encounter
        reason_text = enc.primary_reason.value if enc.primary_reason is not None else None
        if enc.primary_reason_admin:
            match = [c for c in candidates if c.admin_id == enc.primary_reason_admin]
            if match:
                return match[0], f"primary reason for the visit names {enc.primary_reason_admin}"
            return None, (
                f"primary reason names {enc.primary_reason_admin}, which supports no IV "
                "initial service: facility hierarchy used"
            )
        kind = (enc.primary_reason_kind or "").strip().lower()
        if not kind:
            return None, "no clear primary reason documented: facility hierarchy used"
        if kind == "hydration":
            match = [c for c in candidates if c.tier == "hydration"]
        else:
            entry = self.lexicon.by_name(kind) if self.lexicon is not None else None
            match = [
                c
                for c in candidates
                if (c.name or "").lower() == kind or (entry is not None and c.key == entry.id)
            ]
            if not match:
                words = {
                    "infusion": "infusion",
                    "drip": "infusion",
                    "push": "push",
                    "ivp": "push",
                    "iv push": "push",
                }
                technique = words.get(kind)
                match = [
                    c
                    for c in candidates
                    if technique and c.technique == technique and c.tier != "hydration"
                ]
        if not match:
            return None, (
                f"primary reason '{reason_text or kind}' matches no codable IV service: "
                "facility hierarchy used"
            )
        best = min(match, key=self._rank)
        return best, f"primary reason for the visit ({kind})"

    def _choose_initial(
        self, candidates: list[AdminFacts], reason_here: bool
    ) -> tuple[AdminFacts | None, str, str]:
        if not candidates:
            return None, "", ""
        if self.profile.initial_service_rule == "primary_reason" and reason_here:
            chosen, why = self._primary_reason(candidates)
            if chosen is not None:
                return chosen, S_INIT_PRIMARY, why
            best = min(candidates, key=self._rank)
            return best, S_INIT_HIER, why
        best = min(candidates, key=self._rank)
        return (
            best,
            S_INIT_HIER,
            "facility hierarchy: chemo > therapeutic > hydration; infusion > push",
        )

    # -- group -----------------------------------------------------------------------------
    def code_group(self, group: str, reason_here: bool) -> None:
        """Code one service group; ``reason_here``: the stated primary reason belongs to it."""
        members = [f for f in self.facts if f.group == group and f.given and f.codable]
        iv = [
            f
            for f in members
            if (f.tier in ("chemo", "therapeutic") and f.technique in _IV_TECHNIQUES)
            or (f.tier == "hydration" and f.technique == "infusion")
        ]
        initial, step, why = self._choose_initial(iv, reason_here)
        if initial is not None:
            self._code_initial(initial, step, why, iv)
        ordered = sorted(
            (f for f in iv if f is not initial),
            key=lambda f: (f.start if f.start is not None else _BIG, f.order),
        )
        placed: list[AdminFacts] = (
            [initial]
            if initial is not None
            and initial.technique == "infusion"
            and initial.tier != "hydration"
            else []
        )
        self._concurrent_used = False
        pushes: dict[str, int | None] = {}
        if initial is not None and initial.technique == "push" and initial.key is not None:
            pushes[initial.key] = initial.start
        for f in ordered:
            if f.tier == "hydration":
                self._code_secondary_hydration(f, initial)
            elif f.technique == "infusion":
                self._code_other_infusion(f, placed, initial)
                placed.append(f)
            else:
                self._code_push(f, pushes, initial)
        self._code_standalone([f for f in members if f not in iv])

    def _code_initial(
        self, f: AdminFacts, step: str, why: str, candidates: list[AdminFacts]
    ) -> None:
        technique = "infusion" if f.tier == "hydration" else f.technique or ""
        code = self._row_code(f, technique, "initial")
        if code is None:
            f.reasons.append(f"no initial code for {f.tier} {technique} in the table")
            return
        f.role = "initial"
        others = [
            f"{self._initial_code_of(c)} ({c.name}): not initial — {why}"
            for c in sorted(candidates, key=self._rank)
            if c is not f
        ]
        trace = [TraceStep(rule=step, detail=f"initial service: {self._describe(f)} — {why}")]
        minutes = f.countable_minutes if f.tier == "hydration" else f.minutes
        if f.short_infusion:
            long_code = self._row_code(f, "infusion", "initial")
            others.insert(
                0, f"{long_code}: ran {f.minutes} min ≤ {self.tables.threshold('push_max_minutes')}"
            )
            self._reject(
                long_code,
                f"{f.name} ran {_time_text(f)} = {f.minutes} min: an infusion of "
                f"{self.tables.threshold('push_max_minutes')} minutes or less is a push "
                f"({code} supported)",
                f,
            )
            trace.append(TraceStep(rule=S_TECHNIQUE, detail=f.reasons[-1]))
        if f.minutes is not None and f.technique == "infusion":
            trace.append(TraceStep(rule=S_MINUTES, detail=f"{_time_text(f)}: {_minutes_text(f)}"))
        if f.stop_derived or f.start_derived:
            trace.append(TraceStep(rule=S_DERIVED, detail=f"{_time_text(f)}"))
        if f.tier == "hydration" and f.overlap_minutes:
            trace.append(
                TraceStep(rule=S_OVERLAP, detail=f"{f.overlap_minutes} min overlap subtracted")
            )
        self._draft(
            f,
            code,
            1,
            step,
            trace,
            minutes=minutes if f.technique == "infusion" else None,
            initial=True,
            rejected=others,
        )
        if f.technique == "infusion" and minutes is not None:
            self._code_addon_hours(f, minutes)

    def _code_addon_hours(self, f: AdminFacts, minutes: int) -> None:
        technique = "infusion" if f.tier == "hydration" else f.technique or "infusion"
        code = self._row_code(f, technique, "additional_hour")
        units = self.tables.units_for("additional_hour", minutes)
        if code is None or units <= 0:
            return
        if f.holds_untimed:
            f.reasons.append(
                f"hold without its times: {code} × {units} by clock time not trusted, not coded"
            )
            self._reject(
                code,
                f"{f.name}: a hold is documented without its times, so the "
                "additional hours cannot be verified",
                f,
            )
            return
        self._draft(
            f,
            code,
            units,
            S_ADDON_HOURS,
            [
                TraceStep(
                    rule=S_ADDON_HOURS,
                    detail=(
                        f"{minutes} min: {units} additional hour(s) past the first 90 min "
                        f"(91–150 → 1, 151–210 → 2 …)"
                    ),
                )
            ],
            minutes=minutes,
        )

    def _code_other_infusion(
        self, f: AdminFacts, placed: list[AdminFacts], initial: AdminFacts | None
    ) -> None:
        threshold = self.tables.threshold("concurrent_min_overlap_minutes")
        overlaps = [
            (p, _overlap(f.start, f.stop, p.start, p.stop))  # type: ignore[arg-type]
            for p in placed
            if _same_line(f, p) and p.start is not None and p.stop is not None
        ]
        concurrent_with = [p for p, o in overlaps if o >= threshold]
        if concurrent_with:
            other = concurrent_with[0]
            o = dict((p.admin_id, v) for p, v in overlaps)[other.admin_id]
            if self._concurrent_used:
                f.role = "concurrent_not_coded"
                f.reasons.append(
                    "a further concurrent infusion: 96368 is reported once per encounter"
                )
                return
            code = self._row_code(f, "infusion", "concurrent")
            if code is None:
                f.reasons.append(f"no concurrent code for tier {f.tier}")
                return
            self._concurrent_used = True
            f.role = "concurrent"
            self._draft(
                f,
                code,
                1,
                S_CONCURRENT,
                [
                    TraceStep(
                        rule=S_CONCURRENT,
                        detail=(
                            f"{self._describe(f)} overlaps {other.name} by {o} min ≥ {threshold}: "
                            "concurrent infusion"
                        ),
                    )
                ],
                rejected=[
                    f"{self._row_code(f, 'infusion', 'sequential')}: overlap {o} min ≥ {threshold}"
                ],
            )
            return
        if f.key is not None and any(p.key == f.key for p in placed):
            code = self._row_code(f, "infusion", "same_drug_interval")
            units = self.tables.units_for("same_drug_interval", f.minutes or 0)
            f.role = "same_drug_interval"
            if code is None or units <= 0:
                f.reasons.append(
                    f"separate interval of the same drug ({f.minutes} min ≤ 30): no additional hour"
                )
                return
            if f.holds_untimed:
                f.reasons.append("hold without its times: additional hours not coded")
                return
            self._draft(
                f,
                code,
                units,
                S_SAME_DRUG,
                [
                    TraceStep(
                        rule=S_SAME_DRUG,
                        detail=(
                            f"{self._describe(f)}: separate interval of the same drug, not summed "
                            f"[configurable]; {units} hour unit(s)"
                        ),
                    )
                ],
                minutes=f.minutes,
            )
            return
        code = self._row_code(f, "infusion", "sequential")
        if code is None:
            f.reasons.append(f"no sequential code for tier {f.tier}")
            return
        f.role = "sequential"
        detail = f"{self._describe(f)}: new drug infused sequentially after the initial service"
        if overlaps:
            detail += f" (overlap {max(o for _, o in overlaps)} min < {threshold}: not concurrent)"
        self._draft(
            f,
            code,
            1,
            S_SEQUENTIAL,
            [TraceStep(rule=S_SEQUENTIAL, detail=detail)],
            minutes=f.minutes,
            rejected=[
                f"{self._row_code(f, 'infusion', 'initial')}: "
                "only one initial service per encounter"
            ],
        )
        if f.minutes is not None:
            self._code_addon_hours(f, f.minutes)

    def _code_push(
        self, f: AdminFacts, pushes: dict[str, int | None], initial: AdminFacts | None
    ) -> None:
        push_max = self.tables.threshold("push_max_minutes")
        key = f.key or f.admin_id
        if key not in pushes:
            code = self._row_code(f, "push", "sequential")
            if code is None:
                f.reasons.append(f"no sequential push code for tier {f.tier}")
                return
            pushes[key] = f.start
            f.role = "sequential_push"
            rejected = [
                f"{self._row_code(f, 'push', 'initial')}: only one initial service per encounter"
            ]
            trace = [
                TraceStep(
                    rule=S_PUSH_NEW,
                    detail=f"{self._describe(f)}: push of a new drug after the initial service",
                )
            ]
            if f.short_infusion:
                long_code = self._row_code(f, "infusion", "sequential")
                rejected.insert(
                    0,
                    f"{long_code}: ran {f.minutes} min ≤ {push_max}",
                )
                self._reject(
                    long_code,
                    f"{f.name} ran {_time_text(f)} = {f.minutes} min: "
                    f"{push_max} minutes or less is coded as a push ({code})",
                    f,
                )
                trace.append(
                    TraceStep(
                        rule=S_TECHNIQUE,
                        detail=f"{f.minutes} min ≤ {push_max}: push",
                    )
                )
            self._draft(f, code, 1, S_PUSH_NEW, trace, rejected=rejected)
            return
        last = pushes[key]
        gap_min = self.tables.threshold("repeat_push_min_gap_minutes")
        row = self.tables.code_row(f.tier or "therapeutic", "push", "repeat", "facility")
        repeat_code = row.code if row is not None else "the repeat-push code"
        if last is None or f.start is None:
            f.role = "repeat_push_untimed"
            f.reasons.append(
                f"repeat push of {f.name} without both push times: more than "
                f"{gap_min - 1} min apart cannot be shown, no {repeat_code}"
            )
            return
        gap = f.start - last
        f.repeat_gap = gap
        if gap < gap_min:
            f.role = "repeat_push_close"
            f.reasons.append(
                f"repeat push of {f.name} {gap} min after the previous one (≤ {gap_min - 1}): "
                "not separately reportable"
            )
            return
        code = self._row_code(f, "push", "repeat")
        if code is None:
            f.role = "repeat_push_office"
            f.repeat_push_office = True
            f.reasons.append(
                f"repeat push of {f.name} {gap} min later: {repeat_code} is facility-only, "
                f"not reportable in {self.setting}"
            )
            self._reject(
                repeat_code,
                f"repeat push of {f.name}: {repeat_code} may be reported by facilities only",
                f,
            )
            return
        pushes[key] = f.start
        f.role = "repeat_push"
        self._draft(
            f,
            code,
            1,
            S_PUSH_REPEAT,
            [
                TraceStep(
                    rule=S_PUSH_REPEAT,
                    detail=(
                        f"{f.name} pushed again at {hhmm(f.start)}, "
                        f"{gap} min after the previous push "
                        f"(> {gap_min - 1})"
                    ),
                )
            ],
        )

    def _code_secondary_hydration(self, f: AdminFacts, initial: AdminFacts | None) -> None:
        code = self.tables.code_row("hydration", "infusion", "secondary", self.setting)
        minutes = f.countable_minutes or 0
        units = self.tables.units_for("secondary", minutes)
        if code is None or units <= 0:
            return
        f.role = "secondary_hydration"
        if f.holds_untimed:
            f.reasons.append(
                "hold without its times: secondary hydration units not trusted, not coded"
            )
            self._reject(
                code.code, f"hydration {f.name}: a hold is documented without its times", f
            )
            return
        initial_code = self._row_code(f, "infusion", "initial")
        why = ""
        if initial is not None:
            why = f"{initial.name} is the initial service"
        trace = [
            TraceStep(
                rule=S_HYDRATION_SECONDARY,
                detail=(
                    f"{self._describe(f)}: hydration secondary to another initial service ({why}); "
                    f"{minutes} min → {units} unit(s) (31–90 → 1, 91–150 → 2 …)"
                ),
            )
        ]
        if f.overlap_minutes:
            trace.append(
                TraceStep(rule=S_OVERLAP, detail=f"{f.overlap_minutes} min overlap subtracted")
            )
        self._draft(
            f,
            code.code,
            units,
            S_HYDRATION_SECONDARY,
            trace,
            minutes=minutes,
            rejected=[f"{initial_code}: {why or 'another service is initial'}"],
        )

    def _code_standalone(self, members: list[AdminFacts]) -> None:
        sc_done = False
        for f in sorted(members, key=lambda m: (m.start if m.start is not None else _BIG, m.order)):
            if f.technique == "injection_sc_im":
                hormonal = f.tier == "chemo" and self.tables.is_hormonal_antineoplastic(
                    f.entry.id if f.entry is not None else f.adm.drug_id, f.name
                )
                code = self._row_code(f, "injection_sc_im", "each_hormonal" if hormonal else "each")
                if code is None:
                    f.reasons.append(f"no injection code for tier {f.tier}")
                    continue
                f.role = "injection"
                route = f.route if f.route != _INJECTION_ROUTE else "IM/SC"
                self._draft(
                    f,
                    code,
                    1,
                    S_INJECTION,
                    [
                        TraceStep(
                            rule=S_INJECTION,
                            detail=(
                                f"{f.name} {route} injection"
                                + (" (hormonal antineoplastic)" if hormonal else "")
                                + ": one unit per injection"
                            ),
                        )
                    ],
                )
            elif f.technique == "intra_arterial":
                code = self._row_code(f, "intra_arterial", "each")
                if code is None:
                    f.reasons.append(f"no intra-arterial code for tier {f.tier} in the table")
                    continue
                f.role = "intra_arterial"
                self._draft(
                    f,
                    code,
                    1,
                    S_INTRA_ARTERIAL,
                    [
                        TraceStep(
                            rule=S_INTRA_ARTERIAL, detail=(f"{f.name} intra-arterial injection")
                        )
                    ],
                )
            elif f.technique == "sc_infusion":
                if sc_done:
                    f.reasons.append("a further subcutaneous infusion: not separately coded")
                    continue
                code = self._row_code(f, "sc_infusion", "initial")
                if code is None:
                    continue
                sc_done = True
                f.role = "sc_infusion"
                self._draft(
                    f,
                    code,
                    1,
                    S_SC_INFUSION,
                    [TraceStep(rule=S_SC_INFUSION, detail=(f"{self._describe(f)}"))],
                    minutes=f.minutes,
                )
                if f.minutes is not None:
                    self._code_addon_hours(f, f.minutes)


# --------------------------------------------------------------------------------------------
# 6. modifiers and add-on check
# --------------------------------------------------------------------------------------------
def _apply_modifiers(
    drafts: list[LineDraft], groups: list[str], profile: Profile, tables: Tables
) -> None:
    style = profile.modifier_style
    iv_initial = set(tables.cpt.iv_initial_codes)
    has_iv_initial = any(d.initial and d.code in iv_initial for d in drafts)
    seen_lines = False
    for group in groups:
        group_drafts = [d for d in drafts if d.group == group]
        if seen_lines:
            for d in group_drafts:
                if d.initial:
                    kind = "separate_site" if group.startswith("site") else "separate_encounter"
                    mod = tables.modifier(kind, style)
                    d.modifiers = (*d.modifiers, mod)
                    d.trace.append(
                        TraceStep(
                            rule=S_SECOND_INITIAL,
                            detail=(
                                f"second initial service: {kind.replace('_', ' ')} "
                                f"documented → {mod}"
                            ),
                        )
                    )
        if group_drafts:
            seen_lines = True
    standalone = set(tables.cpt.separate_site_beside_iv_initial)
    mod = tables.modifier("separate_site", style)
    targets = [d for d in drafts if d.code in standalone]
    if has_iv_initial:
        why = "beside an IV initial service on the claim"
    else:
        # Stand-alone injections only: the highest-tier code is the primary service; a
        # different injection code beside it is a separate site (NCCI PTP indicator 1).
        ranks = tables.cpt.hierarchy.tier_rank
        anchor = min(
            targets,
            key=lambda d: (ranks.index(d.tier) if d.tier in ranks else 99, d.code),
            default=None,
        )
        targets = [d for d in targets if anchor is not None and d.code != anchor.code]
        why = f"beside {anchor.code if anchor else ''}, a different injection service"
    for d in targets:
        if mod not in d.modifiers:
            d.modifiers = (*d.modifiers, mod)
            d.trace.append(
                TraceStep(
                    rule=S_XS_BESIDE_IV,
                    detail=(f"{d.code} {why}: {mod} (NCCI PTP pair, modifier indicator 1)"),
                )
            )


def _check_addons(
    drafts: list[LineDraft],
    facts: list[AdminFacts],
    profile: Profile,
    tables: Tables,
    rejected: dict[str, tuple[str, tuple[str, ...]]],
) -> list[LineDraft]:
    codes = {d.code for d in drafts}
    kept = []
    by_id = {f.admin_id: f for f in facts}
    for d in drafts:
        allowed = tables.addon_primaries(d.code, profile.mue_service_type)
        if allowed is not None and not (allowed & codes):
            why = (
                f"{d.code} is an add-on code and none of its allowed primary codes "
                f"({', '.join(sorted(allowed)) or 'none in this setting'}) is on the claim"
            )
            for admin_id in d.admin_ids:
                by_id[admin_id].reasons.append(why)
            rejected.setdefault(d.code, (why, d.admin_ids))
            continue
        kept.append(d)
    return kept


# --------------------------------------------------------------------------------------------
# 7. drug supply lines
# --------------------------------------------------------------------------------------------
def _absolute_dose(f: AdminFacts, extraction: ExtractionResult) -> tuple[float, str] | None:
    dose: Dose | None = f.adm.dose.value if f.adm.dose is not None else None
    if dose is None:
        return None
    unit = dose.unit.strip()
    per_kg = dose.per_kg or unit.lower().endswith("/kg")
    if per_kg:
        weight = extraction.encounter.weight_kg
        if weight is None:
            f.dose_not_computable = True
            f.reasons.append(
                f"dose {_fmt_amount(dose.value)} {unit} by weight, no weight documented"
            )
            return None
        base = unit[: -len("/kg")] if unit.lower().endswith("/kg") else unit
        return dose.value * weight.value, base
    return dose.value, unit


def _zero_waste_documented(f: AdminFacts, extraction: ExtractionResult, tables: Tables) -> Any:
    if f.adm.zero_waste is not None:
        return f.adm.zero_waste
    pattern = re.compile(tables.terms.zero_waste_pattern, re.IGNORECASE)
    for statement in extraction.encounter.waste_statements:
        if pattern.search(statement.value) or pattern.search(statement.span.text):
            return statement.span
    return None


def _pick_option(options: list[Any]) -> Any | None:
    if not options:
        return None
    current = [o for o in options if o.effective_to is None]
    return (current or options)[0]


def _drug_lines(
    facts: list[AdminFacts],
    extraction: ExtractionResult,
    profile: Profile,
    tables: Tables,
    dos: dt.date | None,
    notes: list[DrugLineNote],
) -> list[LineDraft]:
    drafts: list[LineDraft] = []
    parenteral = set(tables.cpt.parenteral_routes) | {_INJECTION_ROUTE}
    intranasal_ok = {n.lower() for n in tables.terms.intranasal_billable_drug_names}
    unlisted_code = tables.cpt.unlisted_drug_code
    payer = profile.lexicon_payer
    per_session_done: set[str] = set()
    given = [f for f in facts if f.given and f.kind == "drug" and f.adm.drug is not None]
    # total dose per drug (mg-comparable) for options billed once per session (G2082/G2083 ...)
    totals: dict[str, float] = {}
    doses: dict[str, tuple[float, str]] = {}
    for f in given:
        if f.route is None:
            continue
        if f.route not in parenteral and not (
            f.route == "intranasal" and (f.name or "").lower() in intranasal_ok
        ):
            continue
        absolute = _absolute_dose(f, extraction)
        if absolute is None:
            continue
        doses[f.admin_id] = absolute
        f.dose_value, f.dose_unit = absolute
        mg = convert_amount(absolute[0], absolute[1], "mg")
        if mg is not None and f.key is not None:
            totals[f.key] = totals.get(f.key, 0.0) + mg

    for f in given:
        if f.route is None:
            continue
        if f.route not in parenteral and not (
            f.route == "intranasal" and (f.name or "").lower() in intranasal_ok
        ):
            f.reasons.append(f"route {f.route}: no drug supply line")
            continue
        if f.admin_id not in doses:
            continue
        value, unit = doses[f.admin_id]
        evidence = admin_evidence(f.adm)
        trace: list[TraceStep] = []
        entry = f.entry
        option = None
        if entry is not None:
            applicable = []
            for o in entry.hcpcs:
                if o.amount is None:
                    amount = totals.get(f.key or "", value)
                else:
                    amount = convert_amount(value, unit, o.unit)
                if amount is None:
                    continue
                if o.applies_to(payer=payer, on=dos, dose=amount):
                    applicable.append(o)
            option = _pick_option(applicable)
            if option is not None and len(entry.hcpcs) > 1:
                when = dos.isoformat() if dos is not None else "date of service unknown"
                trace.append(
                    TraceStep(
                        rule=S_OPTION,
                        detail=(
                            f"{option.code} chosen for payer class {payer}, {when}"
                            + (
                                f", total dose {_fmt_amount(totals.get(f.key or '', value))} mg"
                                if option.amount is None and (option.min_dose or option.max_dose)
                                else ""
                            )
                            + (f" ({option.note})" if option.note else "")
                        ),
                    )
                )
        if option is None or option.code == unlisted_code:
            key = f.key or f.admin_id
            if key in per_session_done:
                continue
            per_session_done.add(key)
            why = (
                "not in the drug lexicon"
                if entry is None
                else "no specific HCPCS code"
                if option is not None
                else f"no HCPCS option applies to payer class {payer}"
            )
            trace.append(
                TraceStep(
                    rule=S_UNLISTED,
                    detail=(
                        f"{f.name} {_fmt_amount(value)} {unit}: {why} → {unlisted_code} × 1 "
                        "(NDC, name and dose in the claim narrative)"
                    ),
                )
            )
            drafts.append(
                LineDraft(
                    code=unlisted_code,
                    units=1,
                    kind="drug",
                    rule=S_UNLISTED,
                    admin_ids=(f.admin_id,),
                    evidence=evidence,
                    trace=trace,
                    order=(f.start if f.start is not None else _BIG, f.order),
                )
            )
            notes.append(
                DrugLineNote(
                    admin_ids=(f.admin_id,),
                    code=unlisted_code,
                    name=f.name or "",
                    unlisted=True,
                    evidence=evidence,
                )
            )
            continue
        kind = "solution" if tables.is_solution(option.code) else "drug"
        if option.amount is None:
            key = f.key or f.admin_id
            if key in per_session_done:
                continue
            per_session_done.add(key)
            units = 1
            trace.append(
                TraceStep(
                    rule=S_DRUG_LINE,
                    detail=(
                        f"{f.name}: {option.code} is billed once per session whatever the dose"
                    ),
                )
            )
        else:
            amount = convert_amount(value, unit, option.unit)
            if amount is None:
                f.dose_not_computable = True
                f.reasons.append(f"dose unit {unit} cannot be converted to {option.unit}")
                continue
            units = option.billing_units(amount)
            basis = (
                f"{'up to ' if option.up_to else 'per '}{_fmt_amount(option.amount)} {option.unit}"
            )
            trace.append(
                TraceStep(
                    rule=S_DRUG_LINE,
                    detail=(
                        f"{f.name} {_fmt_amount(value)} {unit}: {option.code} {basis} → "
                        f"⌈{_fmt_amount(amount)} ÷ {_fmt_amount(option.amount)}⌉ = {units}"
                    ),
                )
            )
        modifiers: tuple[str, ...] = ()
        applies_waste = (
            profile.jz_jw
            and entry is not None
            and entry.single_dose
            and (dos is None or dos >= profile.jz_jw_effective_from)
        )
        waste_draft = None
        if applies_waste:
            zero = _zero_waste_documented(f, extraction, tables)
            if f.adm.waste is not None:
                waste_amount = convert_amount(
                    f.adm.waste.value.value, f.adm.waste.value.unit, option.unit
                )
                if waste_amount is not None and option.amount is not None:
                    waste_units = option.billing_units(waste_amount)
                    waste_draft = LineDraft(
                        code=option.code,
                        units=waste_units,
                        kind=kind,
                        rule=S_WASTE,
                        admin_ids=(f.admin_id,),
                        evidence=dedupe(
                            (*evidence, Evidence(label="waste", span=f.adm.waste.span))
                        ),
                        trace=[
                            TraceStep(
                                rule=S_WASTE,
                                detail=(
                                    f"discarded {_fmt_amount(f.adm.waste.value.value)} "
                                    f"{f.adm.waste.value.unit} of a single-dose container: "
                                    f"{tables.cpt.modifiers.waste} line, {waste_units} unit(s)"
                                ),
                            )
                        ],
                        modifiers=(tables.cpt.modifiers.waste,),
                        order=(f.start if f.start is not None else _BIG, f.order),
                    )
            elif zero is not None:
                modifiers = (tables.cpt.modifiers.zero_waste,)
                evidence = dedupe((*evidence, Evidence(label="zero_waste", span=zero)))
                trace.append(
                    TraceStep(
                        rule=S_WASTE,
                        detail=(
                            f"zero waste documented for a single-dose container: {modifiers[0]}"
                        ),
                    )
                )
            else:
                notes.append(
                    DrugLineNote(
                        admin_ids=(f.admin_id,),
                        code=option.code,
                        name=f.name or "",
                        waste_missing=True,
                        evidence=evidence,
                    )
                )
        drafts.append(
            LineDraft(
                code=option.code,
                units=units,
                kind=kind,
                rule=S_DRUG_LINE,
                admin_ids=(f.admin_id,),
                evidence=evidence,
                trace=trace,
                modifiers=modifiers,
                order=(f.start if f.start is not None else _BIG, f.order),
            )
        )
        if waste_draft is not None:
            drafts.append(waste_draft)
    return drafts


def _solution_lines(
    facts: list[AdminFacts], profile: Profile, tables: Tables, dos: dt.date | None
) -> list[LineDraft]:
    drafts = []
    for f in facts:
        if f.tier != "hydration" or f.role not in ("initial", "secondary_hydration"):
            continue
        if f.entry is None or f.adm.volume is None:
            continue
        volume = convert_amount(f.adm.volume.value.value, f.adm.volume.value.unit, "mL")
        if volume is None:
            continue
        options = [
            o
            for o in f.entry.hcpcs
            if o.applies_to(payer=profile.lexicon_payer, on=dos, dose=volume)
        ]
        option = _pick_option(options)
        if option is None or option.amount is None:
            continue
        units = option.billing_units(volume)
        drafts.append(
            LineDraft(
                code=option.code,
                units=units,
                kind="solution",
                rule=S_SOLUTION,
                admin_ids=(f.admin_id,),
                evidence=admin_evidence(f.adm),
                trace=[
                    TraceStep(
                        rule=S_SOLUTION,
                        detail=(
                            f"hydration fluid {f.name} {_fmt_amount(volume)} mL: {option.code} "
                            f"({_fmt_amount(option.amount)} mL) × {units}"
                        ),
                    )
                ],
                order=(f.start if f.start is not None else _BIG, f.order),
            )
        )
    return drafts


# --------------------------------------------------------------------------------------------
# 8. aggregation and MUE
# --------------------------------------------------------------------------------------------
_KIND_RANK = {"administration": 0, "drug": 1, "solution": 2}


def _aggregate(
    drafts: list[LineDraft], groups: list[str], profile: Profile, tables: Tables
) -> tuple[list[ClaimLine], list[MueCap]]:
    group_rank = {g: i for i, g in enumerate(groups)}
    ordered = sorted(
        drafts,
        key=lambda d: (
            _KIND_RANK.get(d.kind, 9),
            group_rank.get(d.group, 99) if d.kind == "administration" else 0,
            0 if d.initial else 1,
            d.code,
            d.modifiers,
            d.order,
        ),
    )
    merged: dict[tuple[str, tuple[str, ...]], list[LineDraft]] = {}
    for d in ordered:
        merged.setdefault((d.code, d.modifiers), []).append(d)
    lines: list[ClaimLine] = []
    caps: list[MueCap] = []
    for (code, modifiers), parts in merged.items():
        units = sum(p.units for p in parts)
        admin_ids = tuple(dict.fromkeys(a for p in parts for a in p.admin_ids))
        evidence = dedupe(e for p in parts for e in p.evidence)
        trace = [t for p in parts for t in p.trace]
        rejected = list(dict.fromkeys(r for p in parts for r in p.rejected))
        minutes_parts = [p.minutes for p in parts if p.minutes is not None]
        minutes = sum(minutes_parts) if minutes_parts else None
        mue = tables.mue(code, profile.mue_service_type)
        if mue is not None and units > mue:
            caps.append(
                MueCap(
                    code=code,
                    modifiers=modifiers,
                    wanted=units,
                    allowed=mue,
                    admin_ids=admin_ids,
                    evidence=evidence,
                )
            )
            trace.append(
                TraceStep(
                    rule=S_MUE,
                    detail=(
                        f"{units} units exceed the {profile.mue_service_type} MUE of {mue}: capped"
                    ),
                )
            )
            units = mue
        if units < 1:
            continue
        lines.append(
            ClaimLine(
                code=code,
                units=units,
                modifiers=modifiers,
                admin_ids=admin_ids,
                rule=parts[0].rule,
                kind=parts[0].kind,
                minutes=minutes,
                trace=tuple(trace),
                rejected=tuple(rejected),
                evidence=evidence,
            )
        )
    return lines, caps


# --------------------------------------------------------------------------------------------
# entry point
# --------------------------------------------------------------------------------------------
def analyse(
    extraction: ExtractionResult,
    context: EncounterContext,
    profile: Profile,
    tables: Tables,
    lexicon: Any,
) -> RuleContext:
    """Code one encounter and return everything the rules need.

    Args:
        extraction: The facts read from the note.
        context: The caller's setting, payer, date of service and billed lines.
        profile: The merged setting/payer profile.
        tables: The reference tables.
        lexicon: The drug lexicon (``by_id`` / ``by_name``).

    Returns:
        The rule context with facts, final claim lines, MUE caps and drug-line notes.
    """
    dos = context.date_of_service
    if dos is None and extraction.encounter.date_of_service is not None:
        dos = extraction.encounter.date_of_service.value
    facts = _build_facts(extraction, profile, tables, lexicon)
    for f in facts:
        if f.given:
            _route(f)
    _resolve_times(facts)
    for f in facts:
        _technique(f, facts, tables)
    groups = _assign_groups(facts, extraction)
    _hydration_overlap(facts, tables)
    if profile.sum_intervals:
        _sum_intervals(facts, tables)
    coder = _Coder(facts, extraction, profile, tables, lexicon)
    reason_group = _primary_reason_group(facts, groups, extraction)
    for group in groups:
        coder.code_group(group, reason_here=group == reason_group)
    for f in facts:
        if f.hydration_too_short:
            code = tables.code_row("hydration", "infusion", "initial", profile.setting)
            coder._reject(
                code.code if code else None,
                f"hydration ran {f.countable_minutes} min after subtraction: "
                f"{tables.threshold('hydration_min_minutes') - 1} minutes or less is not billable",
                f,
            )
        if f.missing_stop or f.missing_start:
            tier = f.tier or "therapeutic"
            row = tables.code_row(tier, "infusion", "initial", profile.setting)
            coder._reject(
                row.code if row else None,
                f"{f.name}: no {'stop' if f.missing_stop else 'start'} time documented",
                f,
            )
        if f.purpose in ("kvo", "flush"):
            for role in ("initial", "secondary"):
                row = tables.code_row("hydration", "infusion", role, profile.setting)
                coder._reject(
                    row.code if row else None,
                    f"{f.name} was {f.purpose.upper()} fluid, not hydration",
                    f,
                )
    drafts = list(coder.drafts)
    _apply_modifiers(drafts, groups, profile, tables)
    drafts = _check_addons(drafts, facts, profile, tables, coder.rejected)
    notes: list[DrugLineNote] = []
    drafts += _drug_lines(facts, extraction, profile, tables, dos, notes)
    drafts += _solution_lines(facts, profile, tables, dos)
    lines, caps = _aggregate(drafts, groups, profile, tables)
    for line in lines:
        if line.kind == "drug" and line.code != tables.cpt.unlisted_drug_code:
            coder.rejected.pop(line.code, None)
    ctx = RuleContext(
        extraction=extraction,
        context=context,
        profile=profile,
        tables=tables,
        lexicon=lexicon,
        facts=facts,
        lines=lines,
        mue_caps=caps,
        drug_notes=notes,
        rejected_codes=coder.rejected,
        date_of_service=dos,
    )
    return ctx


def units_for_minutes(tables: Tables, formula: str, minutes: int) -> int:
    """Public helper for tests and reports: units of a time formula (coding-policy §3)."""
    return tables.units_for(formula, max(0, minutes))


__all__ = ["analyse", "convert_amount", "hhmm", "units_for_minutes"]
