"""Payer-policy rules (coding-policy §6 payer_policy_review): ketamine for psychiatric
diagnoses, wellness/vitamin infusions, esketamine without REMS and monitoring."""

from __future__ import annotations

import re
from collections.abc import Iterator

from extraction.models import CharSpan
from validators.context import AdminFacts, RuleContext
from validators.diagnosis import normalise_code
from validators.evidence import admin_evidence, dedupe
from validators.models import Category, Evidence, Severity
from validators.registry import Hit, rule


def _within(span: CharSpan, scope: CharSpan) -> bool:
    return scope.start <= span.start and span.end <= scope.end


def _named(f: AdminFacts, names: tuple[str, ...]) -> bool:
    wanted = {n.lower() for n in names}
    return (f.name or "").lower() in wanted or (
        f.entry is not None and f.entry.name.lower() in wanted
    )


@rule(
    "DA-PAY-001",
    category=Category.PAYER_POLICY_REVIEW,
    severity=Severity.WARNING,
    title="Ketamine for a psychiatric diagnosis",
    template=(
        "Ketamine ({route}) given for {dx}: many payers treat ketamine for depression, PTSD, "
        "anxiety or suicidal ideation as experimental (e.g. Aetna CPB 0938); check coverage, "
        "prior authorisation or an ABN before billing."
    ),
)
def ketamine_psychiatric(ctx: RuleContext) -> Iterator[Hit]:
    """IV/IM ketamine for a psychiatric diagnosis is off-label and often not covered.

    Source: policy-interpretation payer_policy_review (a); R-KET-01..03.
    """
    if not ctx.profile.ketamine_psych_review:
        return
    group = ctx.tables.terms.ketamine_review
    ketamine = [f for f in ctx.given if _named(f, group.drug_names) and f.route in group.routes]
    if not ketamine:
        return
    enc = ctx.extraction.encounter
    prefixes = tuple(p.upper() for p in group.psychiatric_icd_prefixes)
    codes = {c.upper() for c in group.psychiatric_icd_codes}
    pattern = re.compile("|".join(group.psychiatric_terms), re.IGNORECASE)
    # A diagnosis or indication written in another drug's administration sentence ("midazolam
    # 2 mg IV push for procedural anxiety") is that drug's indication, not the ketamine's.
    ketamine_ids = {f.admin_id for f in ketamine}
    own = [f.adm.sentence for f in ketamine]
    others = [a.sentence for a in ctx.extraction.administrations if a.admin_id not in ketamine_ids]

    def applies(span: CharSpan) -> bool:
        return any(_within(span, s) for s in own) or not any(_within(span, s) for s in others)

    hits: list[tuple[str, Evidence]] = []
    for dx in enc.diagnoses:
        code = normalise_code(dx.code) if dx.code else ""
        psychiatric = (code and (code.startswith(prefixes) or code in codes)) or pattern.search(
            dx.text
        )
        if psychiatric and applies(dx.span):
            hits.append((dx.code or dx.text, Evidence(label="diagnosis", span=dx.span)))
    for ind in enc.indications:
        if (pattern.search(ind.value) or pattern.search(ind.span.text)) and applies(ind.span):
            hits.append((ind.span.text, Evidence(label="indication", span=ind.span)))
    reason = enc.primary_reason
    if reason is not None and pattern.search(reason.span.text) and applies(reason.span):
        hits.append((reason.span.text, Evidence(label="primary_reason", span=reason.span)))
    if not hits:
        return
    routes = "/".join(sorted({f.route or "" for f in ketamine}))
    yield Hit(
        args={"route": routes, "dx": ", ".join(dict.fromkeys(h[0] for h in hits))},
        evidence=dedupe(
            (*(e for f in ketamine for e in admin_evidence(f.adm)), *(h[1] for h in hits))
        ),
        admin_ids=tuple(f.admin_id for f in ketamine),
    )


@rule(
    "DA-PAY-002",
    category=Category.PAYER_POLICY_REVIEW,
    severity=Severity.WARNING,
    title="Vitamin / nutrient / wellness infusion",
    template=(
        '{names}: vitamin, nutrient and "wellness" infusions are generally not medically '
        "necessary for payers (e.g. BCBS MS L.2.01.407); expect self-pay or a denial."
    ),
)
def wellness_infusion(ctx: RuleContext) -> Iterator[Hit]:
    """Wellness/vitamin infusions (Myers, vitamin C, glutathione, NAD+ ...) are payer risks.

    Source: policy-interpretation payer_policy_review (b); drug-administration-rules §6.
    """
    if not ctx.profile.wellness_review:
        return
    pattern = re.compile("|".join(ctx.tables.terms.wellness.terms), re.IGNORECASE)
    flagged = [
        f
        for f in ctx.given
        if f.kind == "drug"
        and f.adm.drug is not None
        and (
            (f.entry is not None and f.entry.wellness)
            or pattern.search(f.name or "")
            or pattern.search(f.adm.drug.span.text)
        )
    ]
    if not flagged:
        return
    yield Hit(
        args={"names": ", ".join(dict.fromkeys(f.name or "" for f in flagged))},
        evidence=dedupe(e for f in flagged for e in admin_evidence(f.adm)),
        admin_ids=tuple(f.admin_id for f in flagged),
    )


def _monitoring_minutes(text: str, pattern: str) -> int | None:
    best = None
    for match in re.finditer(pattern, text, re.IGNORECASE):
        value = float(match.group(1))
        minutes = value * 60 if match.group(2).lower().startswith("h") else value
        best = int(minutes) if best is None else max(best, int(minutes))
    return best


@rule(
    "DA-PAY-003",
    category=Category.PAYER_POLICY_REVIEW,
    severity=Severity.WARNING,
    title="Esketamine without REMS and post-dose monitoring documentation",
    template=(
        "Esketamine given but {missing} not documented: payers and the Spravato REMS require "
        "a REMS-certified setting and at least {hours} h of post-dose monitoring."
    ),
    query=(
        "Please document the REMS enrollment and the post-dose monitoring (start, end, findings)."
    ),
)
def esketamine_rems(ctx: RuleContext) -> Iterator[Hit]:
    """Esketamine needs REMS and >= 2 h monitoring documented; otherwise payer review.

    Source: policy-interpretation payer_policy_review (c); R-KET-04; G-14.
    """
    if not ctx.profile.esketamine_review:
        return
    names = ctx.tables.terms.esketamine_review.drug_names
    given = [f for f in ctx.given if _named(f, names)]
    if not given:
        return
    enc = ctx.extraction.encounter
    minimum = ctx.tables.threshold("esketamine_monitoring_min_minutes")
    missing = []
    if enc.rems is None:
        missing.append("REMS enrollment")
    if enc.monitoring is None:
        missing.append("post-dose monitoring")
    else:
        duration = _monitoring_minutes(
            enc.monitoring.span.text, ctx.tables.terms.monitoring_duration_pattern
        )
        if duration is not None and duration < minimum:
            missing.append(f"monitoring of at least {minimum // 60} h (only {duration} min)")
    if not missing:
        return
    evidence = [e for f in given for e in admin_evidence(f.adm)]
    if enc.monitoring is not None:
        evidence.append(Evidence(label="monitoring", span=enc.monitoring.span))
    yield Hit(
        args={"missing": " and ".join(missing), "hours": minimum // 60},
        evidence=dedupe(evidence),
        admin_ids=tuple(f.admin_id for f in given),
    )
