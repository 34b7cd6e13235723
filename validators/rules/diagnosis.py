"""Diagnosis and medical-necessity rules (coding-policy §6; policy-interpretation Findings)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from validators.context import RuleContext
from validators.diagnosis import code_status, normalise_code
from validators.evidence import admin_anchor, dedupe, encounter_anchor
from validators.models import Category, Evidence, Severity
from validators.registry import Hit, rule


def _coded_admin_ids(ctx: RuleContext) -> set[str]:
    return {a for line in ctx.lines for a in line.admin_ids}


def _only_non_necessity(ctx: RuleContext, texts: list[str]) -> bool:
    pattern = re.compile(
        "|".join(re.escape(t) for t in ctx.tables.terms.not_necessity_terms), re.IGNORECASE
    )
    return bool(texts) and all(pattern.search(t) for t in texts)


@rule(
    "DA-DX-001",
    category=Category.MISSING_DIAGNOSIS,
    severity=Severity.ERROR,
    title="No diagnosis in the note",
    template=(
        "The note has no ICD-10-CM code and no stated diagnosis: every line on the claim needs a "
        "diagnosis that supports it."
    ),
    query="Please document the diagnosis (ICD-10-CM) that the administrations treated.",
)
def diagnosis_documented(ctx: RuleContext) -> Iterator[Hit]:
    """A claim needs a diagnosis; a note with a given administration and none is a gap.

    Source: coding-policy §6; G-02 (RAC 0137; Noridian A52732).
    """
    if ctx.extraction.encounter.diagnoses:
        return
    if not ctx.lines and not ctx.given:
        return
    evidence = encounter_anchor(ctx.extraction, ctx.note_text)
    if evidence:
        yield Hit(args={}, evidence=evidence)


@rule(
    "DA-DX-002",
    category=Category.INVALID_DIAGNOSIS_CODE,
    severity=Severity.ERROR,
    title="ICD-10-CM code that does not exist or is not billable",
    template="{code}: {why}; payers reject a claim whose diagnosis is not a billable code.",
    query='Please give the complete, billable ICD-10-CM code for "{code}".',
)
def diagnosis_code_valid(ctx: RuleContext) -> Iterator[Hit]:
    """Every ICD-10-CM code written in the note must exist and be a billable leaf.

    Source: coding-policy §6; simple-icd-10-cm (CDC ICD-10-CM April 2026 release).
    """
    for dx in ctx.extraction.encounter.diagnoses:
        if not dx.code:
            continue
        status = code_status(dx.code)
        if status == "billable":
            continue
        why = (
            "a category header with more specific codes below it (not billable)"
            if status == "header"
            else "not an ICD-10-CM code"
        )
        yield Hit(
            args={"code": normalise_code(dx.code), "why": why},
            evidence=(Evidence(label="diagnosis", span=dx.span),),
        )


@rule(
    "DA-DX-003",
    category=Category.MISSING_MEDICAL_NECESSITY,
    severity=Severity.WARNING,
    title="Drug coded without an indication or diagnosis",
    template=(
        '{names} {verb} coded but the note gives no indication ("for nausea", "Indication: '
        'TRD") and no diagnosis{wellness}: medical necessity is not documented.'
    ),
    query="Please document the indication (diagnosis) for {names}.",
)
def drug_necessity(ctx: RuleContext) -> Iterator[Hit]:
    """A coded drug needs an indication phrase or a diagnosis; "wellness"/"energy" is not one.

    Source: policy-interpretation (missing_medical_necessity); BCBS MS L.2.01.407.
    """
    enc = ctx.extraction.encounter
    coded = _coded_admin_ids(ctx)
    drugs = [f for f in ctx.given if f.kind == "drug" and f.admin_id in coded]
    if not drugs:
        return
    texts = [i.value for i in enc.indications] + [d.text for d in enc.diagnoses]
    has_code = any(d.code for d in enc.diagnoses)
    if has_code or (texts and not _only_non_necessity(ctx, texts)):
        return
    wellness = " (only wellness/energy reasons are given)" if texts else ""
    names = ", ".join(dict.fromkeys(f.name or "" for f in drugs))
    evidence = [e for f in drugs for e in admin_anchor(f.adm)]
    evidence += [Evidence(label="indication", span=i.span) for i in enc.indications]
    yield Hit(
        args={"names": names, "verb": "is" if len(drugs) == 1 else "are", "wellness": wellness},
        evidence=dedupe(evidence),
        admin_ids=tuple(f.admin_id for f in drugs),
    )


@rule(
    "DA-DX-004",
    category=Category.MISSING_MEDICAL_NECESSITY,
    severity=Severity.WARNING,
    title="Hydration coded without evidence of dehydration",
    template=(
        "Hydration {name} is coded but the note shows no dehydration or inability to keep fluids "
        "down (vomiting, poor PO intake, orthostasis, dry mucous membranes, elevated BUN, "
        "E86.x): auditors deny hydration without it."
    ),
    query="Please document the clinical signs that made IV hydration necessary.",
)
def hydration_necessity(ctx: RuleContext) -> Iterator[Hit]:
    """Coded hydration needs same-day evidence of dehydration or inability to take fluids.

    Source: coding-policy §6; G-02 (RAC 0137; Noridian A52732 / A54635).
    """
    enc = ctx.extraction.encounter
    if enc.dehydration_evidence:
        return
    prefixes = tuple(p.upper() for p in ctx.tables.terms.dehydration_icd_prefixes)
    if any(d.code and normalise_code(d.code).startswith(prefixes) for d in enc.diagnoses):
        return
    coded = _coded_admin_ids(ctx)
    for f in ctx.given:
        if f.tier != "hydration" or f.admin_id not in coded:
            continue
        yield Hit(
            args={"name": f.name},
            evidence=admin_anchor(f.adm),
            admin_ids=(f.admin_id,),
        )
