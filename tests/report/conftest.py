"""Hand-made results for the report tests (independent of the extraction and validator output).

The notes are realistic infusion-clinic documentation; every span is anchored in the note text
with ``CharSpan.of``, so ``text[start:end] == span.text`` holds exactly as in real output.
"""

from __future__ import annotations

import datetime as dt

import pytest

from extraction.models import (
    Administration,
    CharSpan,
    ClockTime,
    Diagnosis,
    Dose,
    Encounter,
    Extracted,
    ExtractionResult,
    FluidPurpose,
    Interruption,
    Rate,
    Route,
    Status,
    Technique,
)
from infusion_coder.models import NoteResult, Notice
from validators.models import (
    AdministrationDecision,
    Category,
    ClaimLine,
    CodingResult,
    Evidence,
    Finding,
    Severity,
    TraceStep,
)

KETAMINE_NOTE = (
    "OUTPATIENT INFUSION CENTER - KETAMINE TREATMENT NOTE\r\n"
    "DOS: 11/03/2025    Bay 4    Attending: R. Okafor, MD\r\n"
    "Dx: F33.2 Major depressive disorder, recurrent, severe w/o psychotic features;"
    " R11.0 Nausea\r\n"
    "Wt 82 kg. 22g PIV placed R forearm at 0905, flushes easily.\r\n"
    "\r\n"
    "0910 NS 1000 mL IV bolus started at 500 mL/hr for dehydration (poor PO intake x2 days).\r\n"
    "0925 Ondansetron 4 mg IV push given R forearm for nausea.\r\n"
    "0930 Ketamine 41 mg (0.5 mg/kg) in 100 mL NS IV infusion started via pump, R forearm.\r\n"
    "0945 Infusion held for BP 168/94; resumed 0950 after recheck 142/88.\r\n"
    "1012 Ketamine infusion completed. Pt drowsy but arousable, tolerated well.\r\n"
    "1040 NS bolus complete, 1000 mL infused.\r\n"
    "Plan: midazolam 2 mg IV PRN agitation - not given.\r\n"
    "Discharged 1105 with driver; follow-up infusion in 1 week.\r\n"
)


def span(text: str, needle: str, after: str | None = None) -> CharSpan:
    """The first ``needle`` in ``text`` (after the first ``after``, when given)."""
    base = 0 if after is None else text.index(after)
    start = text.index(needle, base)
    return CharSpan.of(text, start, start + len(needle))


def ex(value, s: CharSpan, *, derived: bool = False) -> Extracted:
    return Extracted(value=value, span=s, derived=derived)


def clock(hhmm: str) -> ClockTime:
    return ClockTime.parse(hhmm)


def sentence(text: str, needle: str) -> CharSpan:
    """The whole line containing ``needle`` (without its line break)."""
    start = text.index(needle)
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.index("\r\n", start)
    return CharSpan.of(text, line_start, line_end)


def ketamine_result(text: str = KETAMINE_NOTE, *, note_id: str = "KET-2025-1103-004") -> NoteResult:
    """A hydration bolus, an ondansetron push, a ketamine infusion with a hold, a PRN not given."""
    t = text
    fluid = Administration(
        admin_id="A1",
        drug=ex("sodium chloride 0.9%", span(t, "NS", "0910")),
        mention=span(t, "NS", "0910"),
        kind="fluid",
        volume=ex(Dose(value=1000, unit="mL"), span(t, "1000 mL", "0910")),
        rate=ex(Rate(value=500, unit="mL/h"), span(t, "500 mL/hr")),
        route=ex(Route.IV, span(t, "IV", "0910")),
        technique=ex(Technique.INFUSION, span(t, "bolus", "0910")),
        start=ex(clock("09:10"), span(t, "0910")),
        stop=ex(clock("10:40"), span(t, "1040")),
        status=ex(Status.GIVEN, span(t, "started", "0910")),
        purpose=ex(FluidPurpose.HYDRATION, span(t, "for dehydration")),
        sentence=sentence(t, "0910 NS"),
    )
    ondansetron = Administration(
        admin_id="A2",
        drug=ex("ondansetron", span(t, "Ondansetron")),
        drug_id="DRUG-0007",
        mention=span(t, "Ondansetron"),
        dose=ex(Dose(value=4, unit="mg"), span(t, "4 mg", "Ondansetron")),
        route=ex(Route.IV, span(t, "IV", "Ondansetron")),
        technique=ex(Technique.PUSH, span(t, "push")),
        site=ex("R forearm", span(t, "R forearm", "Ondansetron")),
        start=ex(clock("09:25"), span(t, "0925")),
        status=ex(Status.GIVEN, span(t, "given", "Ondansetron")),
        sentence=sentence(t, "0925 Ondansetron"),
    )
    ketamine = Administration(
        admin_id="A3",
        drug=ex("ketamine", span(t, "Ketamine", "0930")),
        drug_id="DRUG-0001",
        mention=span(t, "Ketamine", "0930"),
        dose=ex(Dose(value=41, unit="mg"), span(t, "41 mg")),
        volume=ex(Dose(value=100, unit="mL"), span(t, "100 mL")),
        route=ex(Route.IV, span(t, "IV", "Ketamine 41")),
        technique=ex(Technique.INFUSION, span(t, "infusion", "Ketamine 41")),
        site=ex("R forearm", span(t, "R forearm", "Ketamine 41")),
        start=ex(clock("09:30"), span(t, "0930")),
        stop=ex(clock("10:12"), span(t, "1012")),
        interruptions=(
            Interruption(
                span=span(t, "held for BP 168/94; resumed 0950"),
                start=ex(clock("09:45"), span(t, "0945")),
                stop=ex(clock("09:50"), span(t, "0950")),
            ),
        ),
        status=ex(Status.GIVEN, span(t, "completed")),
        sentence=sentence(t, "0930 Ketamine"),
    )
    midazolam = Administration(
        admin_id="A4",
        drug=ex("midazolam", span(t, "midazolam")),
        drug_id="DRUG-0031",
        mention=span(t, "midazolam"),
        dose=ex(Dose(value=2, unit="mg"), span(t, "2 mg", "midazolam")),
        route=ex(Route.IV, span(t, "IV", "midazolam")),
        status=ex(Status.NEGATED, span(t, "not given")),
        sentence=sentence(t, "Plan: midazolam"),
        section="plan",
    )
    encounter = Encounter(
        date_of_service=ex(dt.date(2025, 11, 3), span(t, "11/03/2025")),
        diagnoses=(
            Diagnosis(code="F33.2", text="F33.2", span=span(t, "F33.2")),
            Diagnosis(code="R11.0", text="R11.0", span=span(t, "R11.0")),
        ),
        indications=(ex("nausea", span(t, "for nausea")),),
        dehydration_evidence=(ex("dehydration", span(t, "dehydration (poor PO intake x2 days)")),),
        weight_kg=ex(82.0, span(t, "Wt 82 kg")),
    )
    ket = ketamine.drug.span
    lines = (
        ClaimLine(
            code="96365",
            units=1,
            admin_ids=("A3",),
            rule="DA-CODE-010",
            minutes=37,
            trace=(
                TraceStep(rule="DA-TIME-001", detail="ketamine 09:30–10:12 = 42 min − hold 5 = 37"),
                TraceStep(rule="DA-CODE-010", detail="37 min ≥ 16: infusion; initial service"),
            ),
            rejected=("96374: 37 min > 15, not a push", "96366: 37 min ≤ 90, no add-on hour"),
            evidence=(
                Evidence(label="drug", span=ket),
                Evidence(label="start", span=ketamine.start.span),
                Evidence(label="stop", span=ketamine.stop.span),
                Evidence(label="interruption", span=ketamine.interruptions[0].span),
            ),
        ),
        ClaimLine(
            code="96375",
            units=1,
            admin_ids=("A2",),
            rule="DA-CODE-031",
            trace=(TraceStep(rule="DA-CODE-031", detail="ondansetron IV push after the initial"),),
            rejected=("96374: one initial per encounter (ketamine infusion is initial)",),
            evidence=(
                Evidence(label="drug", span=ondansetron.drug.span),
                Evidence(label="technique", span=ondansetron.technique.span),
            ),
        ),
        ClaimLine(
            code="96361",
            units=1,
            admin_ids=("A1",),
            rule="DA-CODE-041",
            minutes=48,
            trace=(
                TraceStep(
                    rule="DA-HYD-002", detail="NS 09:10–10:40 = 90 min − 42 min overlap = 48"
                ),
                TraceStep(rule="DA-CODE-041", detail="48 min ≥ 31: secondary hydration"),
            ),
            rejected=("96360: a drug infusion is the initial service",),
            evidence=(
                Evidence(label="drug", span=fluid.drug.span),
                Evidence(label="start", span=fluid.start.span),
                Evidence(label="stop", span=fluid.stop.span),
            ),
        ),
        ClaimLine(
            code="J2405",
            units=4,
            admin_ids=("A2",),
            rule="DA-DRUG-001",
            kind="drug",
            trace=(TraceStep(rule="DA-DRUG-001", detail="ondansetron 4 mg ÷ 1 mg = 4 units"),),
            evidence=(
                Evidence(label="drug", span=ondansetron.drug.span),
                Evidence(label="dose", span=ondansetron.dose.span),
            ),
        ),
        ClaimLine(
            code="J3490",
            units=1,
            admin_ids=("A3",),
            rule="DA-DRUG-009",
            kind="drug",
            trace=(TraceStep(rule="DA-DRUG-009", detail="ketamine has no specific HCPCS code"),),
            evidence=(
                Evidence(label="drug", span=ket),
                Evidence(label="dose", span=ketamine.dose.span),
            ),
        ),
    )
    findings = (
        Finding(
            category=Category.UNLISTED_DRUG_CODE,
            rule_id="DA-DRUG-009",
            severity=Severity.WARNING,
            message="Ketamine is billed with the unlisted code J3490; the claim needs the NDC "
            "and the drug name.",
            admin_ids=("A3",),
            evidence=(Evidence(label="drug", span=ket),),
        ),
        Finding(
            category=Category.HYDRATION_NOT_SEPARATELY_BILLABLE,
            rule_id="DA-HYD-002",
            severity=Severity.INFO,
            message="42 minutes of the NS bolus ran alongside the ketamine infusion and are not "
            "counted as hydration.",
            admin_ids=("A1", "A3"),
            evidence=(
                Evidence(label="start", span=fluid.start.span),
                Evidence(label="drug", span=ket),
            ),
        ),
        Finding(
            category=Category.PAYER_POLICY_REVIEW,
            rule_id="DA-PAY-004",
            severity=Severity.WARNING,
            message="Ketamine for depression is off-label; commercial payers usually require a "
            "prior authorization on file.",
            admin_ids=("A3",),
            query="Please confirm the prior authorization number for the ketamine infusion "
            "given on 11/03/2025.",
            evidence=(
                Evidence(label="drug", span=ket),
                Evidence(label="diagnosis", span=encounter.diagnoses[0].span),
            ),
        ),
    )
    decisions = (
        AdministrationDecision(
            admin_id="A1",
            tier="hydration",
            technique="infusion",
            minutes=48,
            billable=True,
            reasons=("42 min overlap with the ketamine infusion subtracted",),
        ),
        AdministrationDecision(admin_id="A2", tier="therapeutic", technique="push", billable=True),
        AdministrationDecision(
            admin_id="A3", tier="therapeutic", technique="infusion", minutes=37, billable=True
        ),
        AdministrationDecision(admin_id="A4", billable=False, reasons=("status negated",)),
    )
    return NoteResult(
        note_id=note_id,
        status="ok",
        setting="facility",
        payer="commercial",
        date_of_service=dt.date(2025, 11, 3),
        text=t,
        extraction=ExtractionResult(
            administrations=(fluid, ondansetron, ketamine, midazolam), encounter=encounter
        ),
        coding=CodingResult(lines=lines, findings=findings, decisions=decisions),
        notices=(Notice(type="setting_from_note", message="setting read from the note header"),),
        seconds=0.0123,
    )


HOSTILE_NOTE = (
    "Nursing note <script>window.__pwned=1</script>\n"
    'Pt states "<img src=x onerror=window.__pwned=2>" & asked about <b>bold</b> text.\n'
    'See <a href="javascript:window.__pwned=3">chart link</a> javascript:alert(1)\n'
    "Ondansetron 4 mg IV push at 0925 </pre></span>\n"
)


def hostile_result(note_id: str = "HOSTILE-1") -> NoteResult:
    """A note whose text is full of markup and script; the drug span sits next to it."""
    t = HOSTILE_NOTE
    drug = span(t, "Ondansetron")
    adm = Administration(
        admin_id="A1",
        drug=ex("ondansetron", drug),
        mention=drug,
        dose=ex(Dose(value=4, unit="mg"), span(t, "4 mg")),
        route=ex(Route.IV, span(t, "IV push")),
        technique=ex(Technique.PUSH, span(t, "push")),
        start=ex(clock("09:25"), span(t, "0925")),
        status=ex(Status.GIVEN, span(t, "push at 0925")),
        sentence=CharSpan.of(t, t.index("Ondansetron"), t.index("</span>") + len("</span>")),
    )
    script = span(t, "<script>window.__pwned=1</script>")
    img = span(t, "<img src=x onerror=window.__pwned=2>")
    link = span(t, '<a href="javascript:window.__pwned=3">chart link</a>')
    line = ClaimLine(
        code="96374",
        units=1,
        admin_ids=("A1",),
        rule="DA-CODE-030",
        trace=(TraceStep(rule="DA-CODE-030", detail="<b>push</b> & initial"),),
        rejected=("<script>x</script>",),
        evidence=(Evidence(label="drug", span=drug), Evidence(label="context", span=script)),
    )
    finding = Finding(
        category=Category.MISSING_SITE,
        rule_id="DA-SITE-001",
        severity=Severity.ERROR,
        message='Site missing for <img src=x onerror="window.__pwned=4">',
        query="Please document the site <script>window.__pwned=5</script>",
        admin_ids=("A1",),
        evidence=(
            Evidence(label="drug", span=drug),
            Evidence(label="context", span=img),
            Evidence(label="context", span=link),
        ),
    )
    return NoteResult(
        note_id=note_id,
        status="ok",
        text=t,
        extraction=ExtractionResult(administrations=(adm,), encounter=Encounter()),
        coding=CodingResult(lines=(line,), findings=(finding,)),
        llm={
            "prompt_id": "refine_administration",
            "version": 2,
            "model": "<script>window.__pwned=6</script>",
            "accepted": [
                {
                    "admin_id": "A1",
                    "field": "site",
                    "value": "L hand",
                    "quote": "<img src=x onerror=window.__pwned=7>",
                    "reason": "grounded",
                }
            ],
            "rejected": [
                {
                    "admin_id": "A1",
                    "field": "dose",
                    "value": "8 mg",
                    "quote": "javascript:window.__pwned=8",
                    "reason": "quote not found in note",
                }
            ],
        },
    )


@pytest.fixture
def ketamine() -> NoteResult:
    return ketamine_result()


@pytest.fixture
def hostile() -> NoteResult:
    return hostile_result()


@pytest.fixture(scope="session")
def make_ketamine():
    """Build the ketamine note's result (``note_id=`` to vary the id)."""
    return ketamine_result


@pytest.fixture(scope="session")
def make_hostile():
    """Build the hostile note's result (``note_id=`` to vary the id)."""
    return hostile_result
