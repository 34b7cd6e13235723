"""Dose rules (coding-policy §5): missing doses and weight-based doses without a weight."""

from __future__ import annotations

from collections.abc import Iterator

from validators.context import RuleContext
from validators.evidence import admin_anchor, dedupe
from validators.models import Category, Evidence, Severity
from validators.registry import Hit, rule
from validators.rules._common import label


def _billable_route(ctx: RuleContext, route: str | None, name: str | None) -> bool:
    if route is None:
        return True
    parenteral = set(ctx.tables.cpt.parenteral_routes) | {"injection"}
    intranasal = {n.lower() for n in ctx.tables.terms.intranasal_billable_drug_names}
    return route in parenteral or (route == "intranasal" and (name or "").lower() in intranasal)


@rule(
    "DA-DOSE-001",
    category=Category.MISSING_DOSE,
    severity=Severity.ERROR,
    title="Drug given without a dose",
    template=(
        "{what}: no dose or amount documented, so no drug supply line can be billed (units = "
        "dose ÷ billing unit); the administration code may still be supported."
    ),
    query="Please document the dose of {name} given.",
)
def dose_documented(ctx: RuleContext) -> Iterator[Hit]:
    """A drug line needs the dose: units are computed from it.

    Source: coding-policy §5; G-03 (units must equal dose ÷ unit size).
    """
    for f in ctx.given:
        if f.kind != "drug" or f.adm.drug is None or f.adm.dose is not None:
            continue
        if not _billable_route(ctx, f.route, f.name):
            continue
        yield Hit(
            args={"what": label(f), "name": f.name},
            evidence=admin_anchor(f.adm),
            admin_ids=(f.admin_id,),
        )


@rule(
    "DA-DOSE-002",
    category=Category.DOSE_NOT_COMPUTABLE,
    severity=Severity.WARNING,
    title="Weight-based dose without a documented weight",
    template=(
        "{name} {dose}: the dose is {why}, so the billing units cannot be computed and no drug "
        "line is billed."
    ),
    query="Please document the patient's weight (or the total dose of {name} given).",
)
def dose_computable(ctx: RuleContext) -> Iterator[Hit]:
    """A dose by weight ("0.5 mg/kg") needs the weight to compute the units.

    Source: coding-policy §5.
    """
    for f in ctx.given:
        if not f.dose_not_computable or f.adm.dose is None:
            continue
        dose = f.adm.dose.value
        per_kg = dose.per_kg or dose.unit.lower().endswith("/kg")
        why = (
            "by weight and no weight is documented"
            if per_kg
            else f"in {dose.unit}, which cannot be converted to the code's billing unit"
        )
        yield Hit(
            args={"name": f.name, "dose": f"{dose.value:g} {dose.unit}", "why": why},
            evidence=dedupe((Evidence(label="dose", span=f.adm.dose.span), *admin_anchor(f.adm))),
            admin_ids=(f.admin_id,),
        )
