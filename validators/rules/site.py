"""Site rules (coding-policy §6, G-05): IV access site in the encounter; injection sites."""

from __future__ import annotations

from collections.abc import Iterator

from validators.context import RuleContext
from validators.evidence import admin_anchor
from validators.models import Category, Severity
from validators.registry import Hit, rule
from validators.rules._common import label


@rule(
    "DA-SITE-001",
    category=Category.MISSING_SITE,
    severity=Severity.WARNING,
    title="No IV access site documented in the encounter",
    template=(
        "No IV access site is documented for this encounter ({whats}); payers expect the "
        'access site (e.g. "PIV 22g L AC") for IV administrations.'
    ),
    query='Please document the IV access site used (e.g. "PIV 22g L antecubital").',
)
def iv_site_documented(ctx: RuleContext) -> Iterator[Hit]:
    """One documented IV site covers every IV administration of the encounter; none is a gap.

    Source: policy-interpretation (missing_site); G-05 (AAPC 2011; RAC 0071).
    """
    iv = [
        f
        for f in ctx.given
        if f.route == "IV"
        and f.adm.drug is not None
        and not (f.kind == "fluid" and f.purpose == "vehicle")
    ]
    if not iv or any(f.adm.site is not None for f in iv):
        return
    first = iv[0]
    yield Hit(
        args={"whats": ", ".join(label(f) for f in iv)},
        evidence=admin_anchor(first.adm),
        admin_ids=tuple(f.admin_id for f in iv),
    )


@rule(
    "DA-SITE-002",
    category=Category.MISSING_SITE,
    severity=Severity.WARNING,
    title="IM/SC injection without its injection site",
    template=(
        '{what}: no injection site documented (e.g. "R deltoid", "L ventrogluteal", "abdomen").'
    ),
    query="Please document the injection site of the {name} {route} injection.",
)
def injection_site_documented(ctx: RuleContext) -> Iterator[Hit]:
    """Each IM/SC injection needs its own site.

    Source: policy-interpretation (missing_site); G-05.
    """
    for f in ctx.given:
        if f.adm.drug is None or f.route not in ("IM", "SC", "injection"):
            continue
        if f.adm.site is not None:
            continue
        route = f.route if f.route != "injection" else "IM/SC"
        yield Hit(
            args={"what": label(f), "name": f.name, "route": route},
            evidence=admin_anchor(f.adm),
            admin_ids=(f.admin_id,),
        )
