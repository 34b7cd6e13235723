"""Route rule (coding-policy §5): a drug line needs a stated or implied parenteral route."""

from __future__ import annotations

from collections.abc import Iterator

from validators.context import RuleContext
from validators.evidence import admin_anchor
from validators.models import Category, Severity
from validators.registry import Hit, rule


@rule(
    "DA-ROUTE-001",
    category=Category.MISSING_ROUTE,
    severity=Severity.ERROR,
    title="Drug with a dose but no route",
    template=(
        '{name} {dose}: the route is neither stated nor implied ("injection" alone does not '
        "say IM, SC or IV; it could have been oral), so no line is supported."
    ),
    query="Please document the route (IV push, IV infusion, IM, SC …) of the {name} given.",
)
def route_documented(ctx: RuleContext) -> Iterator[Hit]:
    """A drug with a dose and no stated or implied route supports no line at all.

    Source: coding-policy §5; G-04 (AAPC 2011; Coding Edge 2010).
    """
    for f in ctx.given:
        if f.kind != "drug" or f.adm.drug is None or f.adm.dose is None or f.route is not None:
            continue
        dose = f.adm.dose.value
        yield Hit(
            args={"name": f.name, "dose": f"{dose.value:g} {dose.unit}"},
            evidence=admin_anchor(f.adm, ("dose", f.adm.dose.span)),
            admin_ids=(f.admin_id,),
        )
