"""Sequence rules (coding-policy §4): KVO/flush fluid, repeat pushes in the office, multiple
initial services on the billed claim."""

from __future__ import annotations

from collections.abc import Iterator

from validators.context import RuleContext
from validators.evidence import admin_evidence, dedupe, encounter_anchor
from validators.models import Category, Evidence, Severity
from validators.registry import Hit, rule
from validators.rules._common import code_of, times


@rule(
    "DA-SEQ-001",
    category=Category.HYDRATION_NOT_SEPARATELY_BILLABLE,
    severity=Severity.INFO,
    title="KVO/TKO fluid or flush documented separately",
    template=(
        "{name}{times} was {purpose} fluid: keep-vein-open fluid and line flushes are part of "
        "the drug administration and are not billed as hydration ({codes})."
    ),
)
def kvo_or_flush(ctx: RuleContext) -> Iterator[Hit]:
    """KVO/TKO fluid and flushes are incidental to the administration, never hydration.

    A drug's own diluent ("ketamine in 100 mL NS") is simply not coded and raises nothing.
    Source: coding-policy §2, §4.1; R-HIER-07 (Ch12 §30.5.C, RAC 0137).
    """
    for f in ctx.given:
        if f.kind != "fluid" or f.purpose not in ("kvo", "flush"):
            continue
        purpose = "KVO/TKO" if f.purpose == "kvo" else "flush"
        yield Hit(
            args={
                "name": f.name,
                "times": f" ({times(f)})" if times(f) else "",
                "purpose": purpose,
                "codes": f"{code_of(ctx, 'hydration', 'infusion', 'initial')}/"
                f"{code_of(ctx, 'hydration', 'infusion', 'secondary')}",
            },
            evidence=admin_evidence(f.adm),
            admin_ids=(f.admin_id,),
        )


@rule(
    "DA-SEQ-002",
    category=Category.REPEAT_PUSH_NOT_BILLABLE_IN_OFFICE,
    severity=Severity.INFO,
    title="Repeat push of the same drug in the office",
    template=(
        "{name} was pushed again {gap} min after the previous push: the repeat-push code "
        "({code}) may be reported by facilities only; in the office the repeat is not billable "
        "(the drug units are still billed)."
    ),
)
def repeat_push_office(ctx: RuleContext) -> Iterator[Hit]:
    """A repeat push of the same drug more than 30 minutes later is 96376, facility-only.

    Source: coding-policy §4.3-§4.4; NCCI add-on edits ("96376 may be reported by facilities
    only"); R-HIER-14.
    """
    for f in ctx.given:
        if not f.repeat_push_office:
            continue
        tier = f.tier or "therapeutic"
        row = ctx.tables.code_row(tier, "push", "repeat", "facility")
        yield Hit(
            args={"name": f.name, "gap": f.repeat_gap, "code": row.code if row else "?"},
            evidence=admin_evidence(f.adm),
            admin_ids=(f.admin_id,),
        )


@rule(
    "DA-SEQ-003",
    category=Category.MULTIPLE_INITIAL_SERVICES,
    severity=Severity.ERROR,
    title="More than one initial service billed without a separate encounter or site",
    template=(
        "The claim bills {count} initial services ({codes}) but the note documents no separate "
        "encounter or separate IV site: only one initial service per encounter is allowed; "
        "code the others as subsequent services."
    ),
)
def multiple_initial_services(ctx: RuleContext) -> Iterator[Hit]:
    """One initial drug-administration service per encounter unless a separate encounter or a
    medically required separate IV site is documented.

    Source: coding-policy §4.2; R-HIER-01/02 (NCCI Ch XI §N; RAC 0071).
    """
    billed = ctx.context.billed
    if not billed:
        return
    check = set(ctx.tables.cpt.multiple_initial_check_codes)
    initials = [b for b in billed if b.code in check]
    count = sum(max(1, b.units) for b in initials)
    if count < 2:
        return
    enc = ctx.extraction.encounter
    documented = bool(enc.separate_encounter or enc.separate_site) or any(
        f.adm.separate_encounter is not None or f.adm.separate_site is not None for f in ctx.given
    )
    if documented:
        return
    evidence = [e for f in ctx.given if f.role == "initial" for e in admin_evidence(f.adm)] or list(
        encounter_anchor(ctx.extraction, ctx.note_text)
    )
    if not evidence:
        return
    yield Hit(
        args={
            "count": count,
            "codes": ", ".join(f"{b.code} × {b.units}" for b in initials),
        },
        evidence=dedupe(evidence),
        admin_ids=tuple(f.admin_id for f in ctx.given if f.role == "initial"),
    )


__all__ = ["Evidence", "kvo_or_flush", "multiple_initial_services", "repeat_push_office"]
