"""Claim audit (coding-policy §7): billed lines compared with the lines the note supports.

Only when the caller supplies billed lines. In scope: drug-administration codes (963xx/964xx),
HCPCS Level II drug codes (the drug table, IV solutions excluded) and 36000/36410/96523/99211
through the NCCI practitioner PTP table. E/M and IV-solution codes are not audited otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator

from extraction.models import BilledLine
from validators.context import RuleContext
from validators.evidence import dedupe, encounter_anchor
from validators.models import Category, ClaimLine, Evidence, Severity
from validators.registry import Hit, rule


def _is_drug_code(ctx: RuleContext, code: str) -> bool:
    return ctx.tables.hcpcs(code) is not None and not ctx.tables.is_solution(code)


def _in_scope(ctx: RuleContext, code: str) -> bool:
    return ctx.tables.is_scored_admin_code(code) or _is_drug_code(ctx, code)


def _supported(ctx: RuleContext) -> dict[str, list[ClaimLine]]:
    out: dict[str, list[ClaimLine]] = {}
    for line in ctx.lines:
        if line.kind == "solution" or not _in_scope(ctx, line.code):
            continue
        out.setdefault(line.code, []).append(line)
    return out


def _billed(ctx: RuleContext) -> dict[str, list[BilledLine]]:
    out: dict[str, list[BilledLine]] = {}
    for b in ctx.context.billed or ():
        out.setdefault(b.code.strip().upper(), []).append(b)
    return out


def _supported_text(supported: dict[str, list[ClaimLine]]) -> str:
    if not supported:
        return "the note supports no drug-administration or drug line"
    parts = []
    for code, lines in supported.items():
        for line in lines:
            mods = f"-{'-'.join(line.modifiers)}" if line.modifiers else ""
            parts.append(f"{code}{mods} × {line.units}")
    return "supported: " + ", ".join(parts)


def _evidence_for(ctx: RuleContext, admin_ids: tuple[str, ...]) -> tuple[Evidence, ...]:
    by_id = {f.admin_id: f for f in ctx.facts}
    items = [
        Evidence(label="administration", span=by_id[a].adm.sentence)
        for a in admin_ids
        if a in by_id
    ]
    return dedupe(items) or encounter_anchor(ctx.extraction, ctx.note_text)


@rule(
    "DA-AUDIT-001",
    category=Category.BILLED_CODE_NOT_SUPPORTED,
    severity=Severity.ERROR,
    title="Billed code the documentation does not support",
    template="{code} billed but {why}; {supported}.",
)
def billed_supported(ctx: RuleContext) -> Iterator[Hit]:
    """Each billed drug-administration or drug code must be supported by the note.

    Source: coding-policy §7.
    """
    if ctx.context.billed is None:
        return
    supported = _supported(ctx)
    for code in _billed(ctx):
        if code in supported or not _in_scope(ctx, code):
            continue
        why, admin_ids = ctx.rejected_codes.get(
            code, ("no administration documented in the note supports it", ())
        )
        evidence = _evidence_for(ctx, admin_ids)
        if not evidence:
            continue
        yield Hit(
            args={"code": code, "why": why, "supported": _supported_text(supported)},
            evidence=evidence,
            admin_ids=admin_ids,
        )


@rule(
    "DA-AUDIT-002",
    category=Category.BILLED_CODE_NOT_SUPPORTED,
    severity=Severity.ERROR,
    title="Billed code bundled by an NCCI PTP edit",
    template=(
        "{code} billed with {column1}: NCCI PTP edit (column 1 {column1}, column 2 {code}, "
        "modifier indicator {indicator}) — {why}."
    ),
)
def billed_ptp(ctx: RuleContext) -> Iterator[Hit]:
    """IV start, port flush and 99211 are bundled into the drug-administration codes.

    Indicator 0: never billed together; 1: only with a modifier the documentation supports.
    Source: coding-policy §7; CMS NCCI practitioner PTP edits v30.1 (2024-04-01); R-BUN-01.
    """
    if ctx.context.billed is None:
        return
    supported = _supported(ctx)
    bypass = set(ctx.tables.cpt.modifiers.ptp_bypass)
    for code, billed in _billed(ctx).items():
        if code not in ctx.tables.cpt.ptp_scope_codes:
            continue
        for column1, lines in supported.items():
            row = ctx.tables.ptp(column1, code)
            if row is None or row.modifier_indicator == "9":
                continue
            modifiers = {m.upper() for b in billed for m in b.modifiers}
            if row.modifier_indicator == "1" and modifiers & bypass:
                continue
            why = (
                "these codes are never reported together"
                if row.modifier_indicator == "0"
                else "allowed only with a modifier for a distinct service, which is neither "
                "billed nor documented"
            )
            admin_ids = tuple(a for line in lines for a in line.admin_ids)
            yield Hit(
                args={
                    "code": code,
                    "column1": column1,
                    "indicator": row.modifier_indicator,
                    "why": why,
                },
                evidence=_evidence_for(ctx, admin_ids),
                admin_ids=admin_ids,
            )
            break


@rule(
    "DA-AUDIT-003",
    category=Category.SUPPORTED_CODE_NOT_BILLED,
    severity=Severity.INFO,
    title="Supported code not billed (missed revenue)",
    template="{code} × {units} is supported by the note but not billed ({rule}: {detail}).",
)
def supported_billed(ctx: RuleContext) -> Iterator[Hit]:
    """A line the documentation supports that the claim leaves out is missed revenue.

    Source: coding-policy §7.
    """
    if ctx.context.billed is None:
        return
    billed = _billed(ctx)
    for code, lines in _supported(ctx).items():
        if code in billed:
            continue
        units = sum(line.units for line in lines)
        first = lines[0]
        detail = first.trace[0].detail if first.trace else first.rule
        yield Hit(
            args={"code": code, "units": units, "rule": first.rule, "detail": detail},
            evidence=dedupe(e for line in lines for e in line.evidence),
            admin_ids=tuple(a for line in lines for a in line.admin_ids),
        )


@rule(
    "DA-AUDIT-004",
    category=Category.UNITS_MISMATCH,
    severity=Severity.WARNING,
    title="Billed units differ from the supported units",
    template="{code} billed × {billed} but the documentation supports × {supported} ({why}).",
)
def units_match(ctx: RuleContext) -> Iterator[Hit]:
    """Billed units must equal the units the documentation supports.

    Source: coding-policy §7; G-03.
    """
    if ctx.context.billed is None:
        return
    billed = _billed(ctx)
    for code, lines in _supported(ctx).items():
        if code not in billed:
            continue
        want = sum(line.units for line in lines)
        got = sum(b.units for b in billed[code])
        if want == got:
            continue
        details = [t.detail for line in lines for t in line.trace]
        yield Hit(
            args={
                "code": code,
                "billed": got,
                "supported": want,
                "why": "; ".join(details[:3]) or lines[0].rule,
            },
            evidence=dedupe(e for line in lines for e in line.evidence),
            admin_ids=tuple(a for line in lines for a in line.admin_ids),
        )
