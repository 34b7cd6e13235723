"""Code rules (coding-policy §4.5): units above the Medically Unlikely Edit."""

from __future__ import annotations

from collections.abc import Iterator

from validators.context import RuleContext
from validators.models import Category, Severity
from validators.registry import Hit, rule


@rule(
    "DA-CODE-001",
    category=Category.UNITS_EXCEED_MUE,
    severity=Severity.WARNING,
    title="Units above the MUE for the setting",
    template=(
        "{code}{mods}: the documentation supports {wanted} units but the {table} MUE allows "
        "{allowed} per day; units were capped at {allowed} (an appeal needs records)."
    ),
)
def units_within_mue(ctx: RuleContext) -> Iterator[Hit]:
    """Units above the CMS Medically Unlikely Edit deny; the engine caps them.

    Source: coding-policy §4.5; CMS NCCI MUE tables effective 2024-04-01.
    """
    for cap in ctx.mue_caps:
        yield Hit(
            args={
                "code": cap.code,
                "mods": f"-{'-'.join(cap.modifiers)}" if cap.modifiers else "",
                "wanted": cap.wanted,
                "allowed": cap.allowed,
                "table": ctx.profile.mue_service_type,
            },
            evidence=cap.evidence,
            admin_ids=cap.admin_ids,
        )
