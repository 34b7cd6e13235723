"""Drug rules (coding-policy §5): unnamed substances, unlisted drug codes, waste documentation."""

from __future__ import annotations

from collections.abc import Iterator

from validators.context import RuleContext
from validators.evidence import admin_anchor, dedupe
from validators.models import Category, Severity
from validators.registry import Hit, rule


@rule(
    "DA-DRUG-001",
    category=Category.MISSING_DRUG_NAME,
    severity=Severity.ERROR,
    title="Administration whose substance is not named",
    template=(
        '"{mention}" names no substance: an administration whose drug is not named supports '
        "no administration or drug line."
    ),
    query='Please document the name of the drug given ("{mention}").',
)
def drug_named(ctx: RuleContext) -> Iterator[Hit]:
    """An administration must name its substance ("antiemetic 4 mg IVP" supports nothing).

    Source: coding-policy §5; G-03 (Coding Edge Jan 2010).
    """
    for f in ctx.given:
        if f.adm.drug is not None:
            continue
        yield Hit(
            args={"mention": f.adm.mention.text},
            evidence=admin_anchor(f.adm),
            admin_ids=(f.admin_id,),
        )


@rule(
    "DA-DRUG-002",
    category=Category.UNLISTED_DRUG_CODE,
    severity=Severity.INFO,
    title="Drug billed with the unlisted code J3490",
    template=(
        "{names}: no specific HCPCS code, billed as {code} × {units}; the claim narrative needs "
        "the NDC, drug name and dose for each."
    ),
)
def unlisted_drug(ctx: RuleContext) -> Iterator[Hit]:
    """Every line with the unclassified-drug code needs NDC, name and dose in the narrative.

    Source: coding-policy §5; drug-administration-rules §6 (ketamine J3490; BCBSMA 2023).
    """
    code = ctx.tables.cpt.unlisted_drug_code
    by_id = {f.admin_id: f for f in ctx.facts}
    for line in ctx.lines:
        if line.code != code:
            continue
        names = []
        for admin_id in line.admin_ids:
            f = by_id[admin_id]
            dose = f" {f.dose_value:g} {f.dose_unit}" if f.dose_value is not None else ""
            names.append(f"{f.name}{dose}")
        yield Hit(
            args={"names": ", ".join(names), "code": code, "units": line.units},
            evidence=line.evidence,
            admin_ids=line.admin_ids,
        )


@rule(
    "DA-DRUG-003",
    category=Category.MISSING_WASTE_DOCUMENTATION,
    severity=Severity.WARNING,
    title="Single-dose drug without waste or zero-waste documentation (Medicare)",
    template=(
        "{name} ({code}) comes in a single-dose container: Medicare needs either the discarded "
        "amount (separate {jw} line) or a zero-waste statement ({jz} modifier); neither is "
        "documented."
    ),
    query=(
        "Please document the amount of {name} discarded from the single-dose container, or "
        "state that none was wasted."
    ),
)
def waste_documented(ctx: RuleContext) -> Iterator[Hit]:
    """Single-dose containers need JW (discarded amount) or JZ (no waste) on Medicare claims.

    Source: coding-policy §5; R-WASTE-01/02 (Noridian A53024; CGS 12/18/2023).
    """
    mods = ctx.tables.cpt.modifiers
    for note in ctx.drug_notes:
        if not note.waste_missing:
            continue
        yield Hit(
            args={"name": note.name, "code": note.code, "jw": mods.waste, "jz": mods.zero_waste},
            evidence=dedupe(note.evidence),
            admin_ids=note.admin_ids,
        )
