"""Helpers shared by the rule modules: how an administration is named in a message."""

from __future__ import annotations

from validators.context import AdminFacts, RuleContext
from validators.engine import hhmm


def what(f: AdminFacts) -> str:
    """What the administration was: "infusion", "IV push", "hydration", "injection" ..."""
    if f.kind == "fluid":
        return "hydration" if f.purpose in (None, "hydration", "unclear") else f"{f.purpose} fluid"
    technique = f.documented_technique
    if technique == "infusion":
        return "infusion"
    if technique == "push":
        return "IV push"
    if technique == "injection_sc_im":
        return "injection"
    if technique == "sc_infusion":
        return "subcutaneous infusion"
    if f.route == "IV":
        return "IV administration"
    if f.route in ("IM", "SC"):
        return f"{f.route} injection"
    return "administration"


def label(f: AdminFacts) -> str:
    """``"ketamine infusion"`` — name and what, for messages."""
    return f"{f.name or 'unnamed drug'} {what(f)}"


def times(f: AdminFacts) -> str:
    """Documented clock times as text ("09:30–10:12", "started 09:30", "" when none)."""
    if f.start is not None and f.stop is not None:
        return f"{hhmm(f.start)}–{hhmm(f.stop)}"
    if f.start is not None:
        return f"started {hhmm(f.start)}"
    if f.stop is not None:
        return f"stopped {hhmm(f.stop)}"
    return ""


def code_of(ctx: RuleContext, tier: str, technique: str, role: str) -> str:
    """A code from the CPT table for messages ("96365"); "?" when the table has none."""
    row = ctx.tables.code_row(tier, technique, role, ctx.profile.setting)
    if row is None:
        row = ctx.tables.code_row(tier, technique, role, "facility")
    return row.code if row is not None else "?"
