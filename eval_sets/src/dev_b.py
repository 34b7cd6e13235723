# ruff: noqa: E501
"""Dev eval set, part B: hard negatives, documentation gaps and extraction variety.

Ids ``dev-b-NNN``. Notes 001-020 are hard negatives (non-events, traps, non-parenteral routes,
drugs integral to a procedure), 021-042 are documentation gaps, 043-056 stress time and attribute
extraction. Labels follow ``coding-policy.md`` and ``docs/policy-interpretation.md`` by hand (never
program output); every span is computed with :func:`eval_sets.src._anchor.span`.
"""

from __future__ import annotations

import re

from eval_sets.src._anchor import span

TECHNIQUES = frozenset(
    {"infusion", "push", "injection_sc_im", "intra_arterial", "sc_infusion", "other_route", None}
)
ROUTES = frozenset({"IV", "IM", "SC", "intranasal", "PO", "intra_arterial", None})
STATUSES = frozenset(
    {"given", "planned", "ordered", "declined", "held", "historical", "hypothetical", "negated"}
)
PURPOSES = frozenset({"hydration", "kvo", "flush", None})
SETTINGS = frozenset({"office", "facility"})
PAYERS = frozenset({"medicare", "medicaid", "commercial"})
FINDINGS = frozenset(
    {
        "missing_start_time",
        "missing_stop_time",
        "stop_time_derived",
        "missing_drug_name",
        "missing_dose",
        "dose_not_computable",
        "missing_route",
        "missing_site",
        "missing_diagnosis",
        "invalid_diagnosis_code",
        "missing_medical_necessity",
        "infusion_15_min_or_less",
        "hydration_30_min_or_less",
        "hydration_not_separately_billable",
        "interruption_times_missing",
        "multiple_initial_services",
        "repeat_push_not_billable_in_office",
        "units_exceed_mue",
        "unlisted_drug_code",
        "missing_waste_documentation",
        "payer_policy_review",
        "billed_code_not_supported",
        "supported_code_not_billed",
        "units_mismatch",
    }
)
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_DATE = re.compile(r"^20(25|26)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")

Anchor = str | tuple


def _anchor(text: str, spec: Anchor) -> list[int]:
    """Span of a token, located through a context phrase.

    ``"phrase"``: the phrase itself, which must occur exactly once. ``("context", "token")``: the
    first ``token`` inside ``context``, which must occur exactly once. ``("context", "token", n)``:
    the same inside the n-th (0-based) occurrence of ``context``.
    """
    if isinstance(spec, str):
        context, token, nth = spec, spec, None
    elif len(spec) == 2:
        (context, token), nth = spec, None
    else:
        context, token, nth = spec
    if nth is None:
        if text.count(context) != 1:
            raise ValueError(f"anchor context {context!r} occurs {text.count(context)} times")
        nth = 0
    outer = span(text, context, nth)
    inner = span(context, token)
    return [outer[0] + inner[0], outer[0] + inner[1]]


def _adm(
    text: str,
    drug: str | None,
    technique: str | None,
    route: str | None,
    status: str,
    *,
    purpose: str | None = None,
    start: str | None = None,
    stop: str | None = None,
    minutes: int | None = None,
    billable: bool = False,
    d: Anchor | None = None,
    s: Anchor | None = None,
    e: Anchor | None = None,
) -> dict:
    """One gold administration; ``d``/``s``/``e`` anchor the drug, start and stop tokens."""
    spans: dict[str, list[int]] = {}
    for key, spec in (("drug", d), ("start", s), ("stop", e)):
        if spec is not None:
            spans[key] = _anchor(text, spec)
    return {
        "drug": drug,
        "technique": technique,
        "route": route,
        "status": status,
        "purpose": purpose,
        "start": start,
        "stop": stop,
        "minutes": minutes,
        "billable": billable,
        "spans": spans,
    }


def _l(code: str, units: int, *modifiers: str) -> dict:
    return {"code": code, "units": units, "modifiers": list(modifiers)}


NOTES: list[dict] = []


def _add(
    note_id: str,
    text: str,
    *,
    setting: str,
    payer: str,
    dos: str,
    lines: list[dict],
    findings: list[str],
    administrations: list[dict],
    rationale: str,
    billed: list[dict] | None = None,
) -> None:
    NOTES.append(
        {
            "id": note_id,
            "text": text,
            "setting": setting,
            "payer": payer,
            "date_of_service": dos,
            "billed": billed,
            "gold": {
                "lines": lines,
                "findings": findings,
                "administrations": administrations,
                "rationale": rationale,
            },
        }
    )


# ---------------------------------------------------------------------------------------------
# 1. Hard negatives (001-020)
# ---------------------------------------------------------------------------------------------

T = """NEW PATIENT CONSULTATION - Brightwater Ketamine & Wellness Clinic
Patient: Orla Fenwick (fictional), 41 y/o F          DOS: 02/10/2026
Referring: Dr. P. Quill, outpatient psychiatry

HPI: 41F with recurrent major depression since age 19. Failed adequate trials of sertraline, bupropion XL, venlafaxine and aripiprazole augmentation. PHQ-9 today 21, MADRS 33. Passive SI without plan or intent; denies HI. Referred for interventional treatment evaluation.

Home meds: sertraline 100 mg PO daily, trazodone 50 mg PO qHS PRN, ondansetron 4 mg ODT PRN nausea
Allergies: NKDA

Vitals: BP 128/82, HR 76, RR 14, SpO2 99% RA, T 98.4 F, Wt 70 kg, Ht 165 cm
Exam: alert, cooperative, affect constricted, linear thought process. Mallampati II.

Assessment:
1. Major depressive disorder, recurrent, severe without psychotic features (F33.2), treatment resistant.

Plan:
- Plan: start ketamine infusion series next week (0.5 mg/kg IV over 40 min, 6 sessions over 3 weeks).
- Informed consent reviewed and signed; BP parameters and driving restrictions discussed.
- Continue sertraline. Safety plan reviewed; crisis line number given.
- No medications administered today.
"""
_add(
    "dev-b-001", T, setting="office", payer="commercial", dos="2026-02-10",
    lines=[], findings=[],
    administrations=[
        _adm(T, "ketamine", "infusion", "IV", "planned", d=("start ketamine infusion", "ketamine")),
    ],
    rationale="Consultation only: the ketamine infusion is planned for next week and home-medication entries are not administrations (policy §2 assertion); nothing is coded and a non-event raises no documentation finding.",
)

T = """URGENT CARE - Progress Note
Pt: Desmond Aulbright (fictional), 29M       Date: 06/14/2025   Time in: 1340
CC: R flank pain since 0500, "worst pain ever", 1 episode emesis at home.

Vitals: BP 150/95  HR 104  T 98.9  RR 18  SpO2 98%  pain 9/10
UA: blood 3+, nitrite neg, LE neg. Urine hCG n/a.
Exam: R CVA tenderness, abd soft, nontender anteriorly. Writhing, cannot sit still.

A/P: R renal colic, suspect ureteral stone (N23)
- Toradol 30 mg IM L ventrogluteal @1412 by RN K. Obi, tolerated, no bleeding at site.
- Zofran 4 mg IV ordered - not given, nausea resolved after the Toradol; no IV placed.
- Reassessed 1450: pain 3/10, HR 88.
- Tamsulosin 0.4 mg PO daily x10 d e-prescribed, urine strainer, ibuprofen PRN.
- CT A/P if fever, intractable pain or no passage in 1 wk. ED precautions reviewed, pt verbalized understanding.
"""
_add(
    "dev-b-002", T, setting="office", payer="commercial", dos="2025-06-14",
    lines=[_l("96372", 1), _l("J1885", 2)],
    findings=[],
    administrations=[
        _adm(T, "ketorolac", "injection_sc_im", "IM", "given", start="14:12", billable=True,
             d=("Toradol 30 mg IM", "Toradol"), s=("@1412", "1412")),
        _adm(T, "ondansetron", None, "IV", "ordered", d="Zofran"),
    ],
    rationale="Ketorolac 30 mg IM with site and diagnosis: 96372 and J1885 x2 (30 mg / 15 mg). The IV ondansetron was ordered but not given (policy §2): no line, no finding; the tamsulosin e-prescription is not an administration.",
)

T = """Riverside Hospital Outpatient Treatment Center - Nursing Note
Pt: Marisol Teague (fictional)   Age 52   MRN 00-4417-2   DOS 09/03/2025
Reason for visit: acute on chronic low back pain flare (M54.50), sent by PCP for parenteral analgesia.
Allergies: codeine (itching)

1030 Vitals: BP 138/84, HR 82, RR 16, T 98.2, SpO2 98%, pain 8/10. Neuro intact, no saddle anesthesia.
1035 Pt declined IV Toradol 30 mg - "needles make me pass out" - prefers oral medication. Provider aware.
1040 Ibuprofen 600 mg PO given with crackers per standing order.
1045 Lidocaine 4% patch applied to lumbar paraspinal area.
No IV placed. No injections given.
1130 Reassessed: pain 5/10, ambulating independently, gait steady.
D/c home with PT referral and heat/ice instructions. Return for bowel/bladder changes or leg weakness.
"""
_add(
    "dev-b-003", T, setting="facility", payer="commercial", dos="2025-09-03",
    lines=[], findings=[],
    administrations=[
        _adm(T, "ketorolac", None, "IV", "declined", d="Toradol"),
        _adm(T, "ibuprofen", "other_route", "PO", "given", start="10:40",
             d="Ibuprofen", s=("1040 Ibuprofen", "1040")),
        _adm(T, "lidocaine", "other_route", None, "given", start="10:45",
             d="Lidocaine", s=("1045 Lidocaine", "1045")),
    ],
    rationale="The IV ketorolac was declined (policy §2, no code, no finding); the only given drugs are oral ibuprofen and a topical lidocaine patch, which are out of scope (§2 other_route, §5): no line.",
)

T = """KETAMINE INFUSION VISIT - Session #4 of 6
Patient: Rupert Yallow (fictional), 58 y/o M          DOS 03/05/2026
Dx: MDD, recurrent, severe w/o psychotic features (F33.2); GAD (F41.1)

Pre-infusion check-in 0915
  PHQ-9: 14 (baseline 22)   GAD-7: 11
  BP 168/102 (repeat 0925: 164/100), HR 88, SpO2 97%, pain 0/10
  Rushed this morning. No headache, chest pain or vision change.

Ketamine held today: BP 168/102, above the clinic threshold of 160/100 per protocol. Discussed with Dr. Havili. No IV placed.
Pt took his own amlodipine 5 mg PO from home supply at 0930 (observed by RN; morning dose not yet taken).
BP at 1000: 152/96. Asymptomatic, left ambulatory.

Home meds: amlodipine 5 mg PO daily, escitalopram 20 mg PO daily, atorvastatin 20 mg PO qHS
Allergies: sulfa (hives)

Plan: PCP to adjust antihypertensive this week; next visit 03/07/2026 with BP check on arrival.
"""
_add(
    "dev-b-004", T, setting="office", payer="commercial", dos="2026-03-05",
    lines=[], findings=[],
    administrations=[
        _adm(T, "ketamine", "infusion", "IV", "held", d=("Ketamine held", "Ketamine")),
        _adm(T, "amlodipine", "other_route", "PO", "given", start="09:30",
             d=("his own amlodipine", "amlodipine"), s=("supply at 0930", "0930")),
    ],
    rationale="Ketamine was held for hypertension before it started (policy §2 held): no code, and a held dose raises no finding, not even payer_policy_review. The patient's own oral amlodipine is a non-parenteral route; home-medication entries are not events.",
)

T = """PSYCHIATRY FOLLOW-UP - Harbor Community Mental Health Center
Client: Tobias Merrow (fictional), 34M          Date of service: 07/22/2025
Dx: Paranoid schizophrenia (F20.0)

S: Returns after 4 months lost to follow-up. States he received Invega Sustenna in March at the county jail clinic. Since then off all antipsychotics. Hearing critical voices again, sleeping 4 h/night. Denies SI/HI, denies command AH.
Per outside records: had 6 ketamine infusions last year at an outside clinic for depressive symptoms (stopped, "made the voices worse").

Current meds: none.
Past meds: Invega Sustenna 156 mg IM monthly; risperidone 2 mg PO BID (EPS).
Allergies: haloperidol (acute dystonia).

O: BP 124/78, HR 90, Wt 81 kg. Guarded, internally preoccupied, no agitation. Insight limited, judgment fair.

A/P:
- Paranoid schizophrenia, relapse due to nonadherence; more than 6 weeks since last LAI dose, so re-initiation is needed.
- Plan: re-initiate Invega Sustenna 234 mg IM on Thursday; pt agreeable but wants to talk with his sister first.
- No injection given today. Safety plan reviewed; sister's phone number updated.
- RTC 07/24/2025.
"""
_add(
    "dev-b-005", T, setting="office", payer="medicaid", dos="2025-07-22",
    lines=[], findings=[],
    administrations=[
        _adm(T, "paliperidone", None, None, "historical",
             d=("received Invega Sustenna in March", "Invega Sustenna")),
        _adm(T, "ketamine", "infusion", "IV", "historical", d=("6 ketamine infusions", "ketamine")),
        _adm(T, "paliperidone", "injection_sc_im", "IM", "planned",
             d=("re-initiate Invega Sustenna", "Invega Sustenna")),
    ],
    rationale="The March Sustenna dose and last year's ketamine infusions are historical, the 234 mg dose is planned for Thursday, and the past-medication list is not an event (policy §2): nothing given today, nothing coded.",
)

T = """HEMATOLOGY CLINIC - Follow-up Visit
Name: Priya Lindqvist (fictional)   62F   DOS 11/18/2025
Problem: Iron deficiency anemia secondary to chronic blood loss (D50.0); menorrhagia resolved s/p hysterectomy 2024.

Interval: On ferrous sulfate 325 mg PO every other day x 3 months; mild constipation, managed with docusate. Energy improving, no melena.
Labs today: Hgb 11.6 (prior 9.8), MCV 84, ferritin 42, TSAT 19%, K 4.1, Creatinine 0.8
  Glucose 1234 (lab comment: specimen hemolyzed, meter error; repeat 96)
Vitals: BP 118/74, HR 72, T 97.9, SpO2 99%, Wt 64 kg

A/P:
1. IDA, improving on oral iron. Continue ferrous sulfate every other day.
2. May consider IV iron (ferric carboxymaltose 750 mg x2 doses) if ferritin < 30 at the next check or if oral iron is not tolerated.
3. If nausea with oral iron, consider Zofran 4 mg ODT PRN.
4. Recheck CBC/ferritin in 8 weeks.
No infusion today.
"""
_add(
    "dev-b-006", T, setting="office", payer="commercial", dos="2025-11-18",
    lines=[], findings=[],
    administrations=[
        _adm(T, "ferric carboxymaltose", "infusion", "IV", "hypothetical",
             d="ferric carboxymaltose"),
        _adm(T, "ondansetron", "other_route", "PO", "hypothetical", d="Zofran"),
    ],
    rationale="IV iron and ondansetron are only conditional ('may consider', 'consider'): hypothetical, no code (policy §2). The ongoing oral ferrous sulfate is a home medication; 'Glucose 1234' is a lab value, not a time.",
)

T = """UC NOTE   08/09/2025   1605
pt: Wendell Oakes (fictional) 23 yo M
cc: n/v/d x 1 day after a bbq, last emesis 1300, tolerating sips

vitals: BP 122/76  HR 94  (orthostatics neg: lying 88 / standing 96)  T 99.1  SpO2 99%  wt 77 kg
exam: mm slightly dry, abd soft, diffuse mild ttp, no rebound/guarding. cap refill <2s

Zofran 4 mg ODT given PO at 1612.
PO challenge 1640: 240 mL gatorade tolerated, no emesis.
No IV fluids given - pt tolerating PO, not orthostatic.
BMP: Na 139, K 3.9, BUN 16, Cr 0.9, Glucose 104

A: Viral gastroenteritis (A08.4)
P: oral rehydration, bland diet, Zofran ODT 4 mg #6 rx sent, work note x2 d. RTC/ED if unable to keep fluids down, bloody stool or fever >102.
"""
_add(
    "dev-b-007", T, setting="office", payer="commercial", dos="2025-08-09",
    lines=[], findings=[],
    administrations=[
        _adm(T, "ondansetron", "other_route", "PO", "given", start="16:12",
             d=("Zofran 4 mg ODT given", "Zofran"), s=("at 1612", "1612")),
        _adm(T, None, "infusion", "IV", "negated", purpose="hydration",
             d=("No IV fluids given", "IV fluids")),
    ],
    rationale="The only given drug is an orally disintegrating tablet (other_route, no line, policy §5) and IV fluids are explicitly negated (policy §2); the discharge prescription is not an administration of this encounter.",
)

T = """OUTPATIENT PSYCHIATRY - Medication Management
Patient: Gertrude Vasko (fictional), 71 F          DOS: 10/02/2025          Medicare
Dx: Bipolar II disorder, current episode depressed (F31.81); Generalized anxiety disorder (F41.1)

Medications (reconciled today):
  - lamotrigine 200 mg PO daily
  - quetiapine 50 mg PO qHS
  - ondansetron 4 mg ODT PRN nausea
  - Abilify Maintena 400 mg IM q4 weeks (last dose 09/08/2025, given at Harbor CMHC)
  - ketorolac 10 mg PO q6h PRN (max 5 days) for dental pain
  - cyanocobalamin 1000 mcg IM monthly (PCP office)
Allergies: Toradol IV (rash); Compazine (dystonia); iodinated IV contrast (hives) - premedicate before CT.

Interval history: mood 5/10, sleep 6 h, energy fair. PHQ-9 12, GAD-7 9. No SI. No hypomanic symptoms. Tolerating regimen, no tremor, no rash.
Vitals: BP 134/80, HR 70, Wt 68 kg. AIMS 0.

Plan: continue current regimen unchanged. Lamotrigine rash precautions reviewed. Return 6 weeks.
No injections or infusions given today.
"""
_add(
    "dev-b-008", T, setting="office", payer="medicare", dos="2025-10-02",
    lines=[], findings=[],
    administrations=[],
    rationale="Medication-management visit with nothing given: the reconciled medication list (including IM entries with a last-dose date) and the allergy list are not administrations (policy-interpretation Status); no lines.",
)

T = """HOSPITAL OUTPATIENT INFUSION SUITE - Nursing Visit Note
Pt: Ambrose Kettering (fictional), 67M     DOS 12/04/2025     Payer: Medicare Part B
Dx: Malignant neoplasm of pancreas, stage IV (C25.9); Dehydration (E86.0)
Regimen: gemcitabine 1000 mg/m2 days 1, 8, 15; cycle IV day 1 was scheduled today.

1245 Assessment: 3 days of poor PO intake, emesis x2 yesterday, dizzy on standing. BP 102/64 sitting, 88/58 standing, HR 112 standing. Mucous membranes dry. Labs: ANC 0.8, Plt 96, BUN 34, Cr 1.3, K 3.6. ECOG 2. Stage IV disease-related epigastric pain 4/10 on home oxycodone.
Cycle IV gemcitabine held per Dr. Ashgrove for ANC 0.8.

1255 Port accessed (R chest, 20g 3/4 in Huber needle), positive blood return.
NS 0.9% 1000 mL IV hydration for dehydration: started 1300, completed 1445.
1445 Vitals: BP 116/70, HR 94, standing without dizziness. Port de-accessed, dressing dry.
D/c home with caregiver; neutropenic precautions reviewed, call for T > 100.4.
"""
_add(
    "dev-b-009", T, setting="facility", payer="medicare", dos="2025-12-04",
    lines=[_l("96360", 1), _l("96361", 1)],
    findings=[],
    administrations=[
        _adm(T, "gemcitabine", "infusion", "IV", "held", d=("Cycle IV gemcitabine held", "gemcitabine")),
        _adm(T, "normal saline", "infusion", "IV", "given", purpose="hydration", start="13:00",
             stop="14:45", minutes=105, billable=True, d=("NS 0.9% 1000 mL", "NS"),
             s=("started 1300", "1300"), e=("completed 1445", "1445")),
    ],
    rationale="'Stage IV' and 'cycle IV' are roman numerals, not routes, and the chemotherapy was held (policy §2). Hydration for documented dehydration ran 105 min via the port: 96360 + 96361 x1 (policy §3); the IV solution is not scored.",
)

T = """PSYCHO-ONCOLOGY CONSULT
Patient: Leopold Brannigan (fictional), 49M          DOS 01/20/2026
Referral: anxiety and insomnia in the setting of a WHO grade IV glioblastoma (C71.9), s/p resection and chemoradiation, enrolled in a phase IV registry study.

HPI: Since diagnosis in 09/2025 worries constantly about his children, initial insomnia (sleep onset 2 h), no SI. Prior DSM-IV diagnosis of panic disorder in his 20s, in remission.
Exam: CN II-XII grossly intact; Mini-Cog 4/5. Speech fluent.
Vitals: BP 132/86, HR 84, SpO2 98%, pain 2/10.

During the interview the patient became acutely anxious and tremulous (HR 118). Lorazepam 0.5 mg PO given at 1415 from clinic stock with patient consent; HR 92 and calmer by 1440.

Assessment: Adjustment disorder with anxiety (F43.22); insomnia (G47.00).
Plan: CBT-I referral and sleep hygiene; coordinate with neuro-oncology on the timing of the steroid taper; follow-up in 2 weeks.
"""
_add(
    "dev-b-010", T, setting="office", payer="commercial", dos="2026-01-20",
    lines=[], findings=[],
    administrations=[
        _adm(T, "lorazepam", "other_route", "PO", "given", start="14:15",
             d="Lorazepam", s=("at 1415", "1415")),
    ],
    rationale="'Grade IV', 'phase IV', 'DSM-IV' and 'CN II-XII' are roman numerals, not an IV route; the only drug given is oral lorazepam (other_route, no line, policy §2/§5).",
)

T = """INFUSION NURSING NOTE - Cedar Hollow Ketamine Clinic
Patient: Imogen Strathmore (fictional), 37F          DOS: 04/08/2026
Reason for visit: IV ketamine infusion #5 for treatment-resistant depression (F33.2)

Pre-treatment 0910: BP 124/80, HR 78, SpO2 99%, PHQ-9 11, pain 0/10, Wt 62 kg.
Screening: Denies SI. Ondansetron 4 mg IVP at 0925 for nausea with prior sessions. No HI. NPO > 6 h.
Access: PIV 22g L AC, placed 0918 on first attempt.
Ketamine 31 mg (0.5 mg/kg) in 100 mL NS via pump; infusion start 0930, stop 1012.
Vitals q15min: 0945 BP 138/88 HR 84; 1000 BP 134/86 HR 80; 1015 BP 126/80 HR 76. Mild dissociation, resolved by 1040.
Discharged 1050 with spouse driving.
"""
_add(
    "dev-b-011", T, setting="office", payer="commercial", dos="2026-04-08",
    lines=[_l("96365", 1), _l("96375", 1), _l("J3490", 1), _l("J2405", 4)],
    findings=["payer_policy_review", "unlisted_drug_code"],
    administrations=[
        _adm(T, "ondansetron", "push", "IV", "given", start="09:25", billable=True,
             d="Ondansetron", s=("IVP at 0925", "0925")),
        _adm(T, "ketamine", "infusion", "IV", "given", start="09:30", stop="10:12", minutes=42,
             billable=True, d=("Ketamine 31 mg", "Ketamine"), s=("start 0930", "0930"), e=("stop 1012", "1012")),
    ],
    rationale="'Denies SI.' ends its sentence: the ondansetron push that follows was given (96375 with J2405 x4). Ketamine, the primary reason, ran 42 min: 96365 + J3490 (unlisted_drug_code); ketamine for depression raises payer_policy_review. Vitals times are not stop times.",
)

T = """KETAMINE SESSION NOTE (SOAP)
Pt: Callum Reyes-Whitford (fictional), 45 M, combat veteran          DOS 05/19/2025

S: Here for ketamine infusion #2 for chronic PTSD (F43.12). Nightmares down to 3/week from nightly. PCL-5 48 (baseline 61). Pt denies nausea; ondansetron not needed (nausea after #1, none today). Slept 6 h.
O: BP 130/84  HR 72  RR 14  SpO2 98%  Wt 90 kg  pain 1/10
   IV: 20g R forearm, one attempt, good blood return.
   Ketamine 45 mg (0.5 mg/kg) in 100 mL NS IV infusion by pump: started 14:00, ended 14:42.
   14:15 BP 142/88, 14:30 BP 138/86, 14:45 BP 128/82. Peak dissociation at 14:20, resolved by 15:05.
A: Chronic PTSD, partial response after 2 infusions.
P: Grounding exercise debrief done. Discharged 15:15 with his brother.
"""
_add(
    "dev-b-012", T, setting="office", payer="commercial", dos="2025-05-19",
    lines=[_l("96365", 1), _l("J3490", 1)],
    findings=["payer_policy_review", "unlisted_drug_code"],
    administrations=[
        _adm(T, "ondansetron", None, None, "negated", d="ondansetron"),
        _adm(T, "ketamine", "infusion", "IV", "given", start="14:00", stop="14:42", minutes=42,
             billable=True, d=("Ketamine 45 mg", "Ketamine"), s=("started 14:00", "14:00"),
             e=("ended 14:42", "14:42")),
    ],
    rationale="'Ondansetron not needed' is a negated administration (policy §2). The 42-min ketamine infusion for PTSD gives 96365 + J3490 with unlisted_drug_code and payer_policy_review (psychiatric diagnosis).",
)

T = """URGENT CARE - Injury Visit
Pt: Soren Albescu (fictional), 19 M, college soccer player          DOS 04/27/2025   1050
CC: R ankle inversion injury during a game last evening; able to bear weight 4 steps with a limp.

Vitals: BP 126/74, HR 68, T 98.1, SpO2 99%, pain 6/10
Exam: swelling and ecchymosis over the ATFL, tender anterolateral; no tenderness at the posterior malleolar edge, base of 5th MT or navicular. NV intact distally.
X-ray R ankle 3 views: no fracture, mortise intact.

Treatment in clinic:
- Ibuprofen 800 mg PO given 1120 with water.
- Diclofenac 1% gel applied to lateral R ankle by MA J. Pruitt.
- Ice, ACE wrap, air-stirrup brace, crutches (WBAT), instructions given.

Dx: Sprain of unspecified ligament of R ankle, initial encounter (S93.401A)
Plan: RICE, ankle alphabet exercises, sports medicine follow-up in 1 week if not improving.
"""
_add(
    "dev-b-013", T, setting="office", payer="commercial", dos="2025-04-27",
    lines=[], findings=[],
    administrations=[
        _adm(T, "ibuprofen", "other_route", "PO", "given", start="11:20",
             d="Ibuprofen", s=("given 1120", "1120")),
        _adm(T, "diclofenac", "other_route", None, "given", d="Diclofenac"),
    ],
    rationale="Only an oral tablet and a topical gel were given: non-parenteral routes produce no administration code and no drug line (policy §2 other_route, §5).",
)

T = """OPIOID TREATMENT PROGRAM - Nursing Incident Note
Client: Dashiell Morrow (fictional), 31M          DOS 03/11/2025
Dx: Opioid dependence, uncomplicated (F11.20); on methadone maintenance 80 mg PO daily.

1012 Client found slumped in the lobby restroom: RR 6, pinpoint pupils, SpO2 84% RA, responds to sternal rub only.
1013 Narcan 4 mg intranasal (R nostril) given by RN Baptiste; rescue breaths via BVM with O2 15 L.
1016 RR 14, SpO2 95%, alert, oriented x3. BP 142/90, HR 104. States he "tried a pressed pill".
1018 EMS called per policy (risk of renarcotization). Client agreed to transport.
1035 Transported to St. Anne ED by EMS, report given.
Today's methadone dose held pending ED evaluation - not dispensed.
Assessment: Poisoning by fentanyl or fentanyl analogs, accidental, initial encounter (T40.411A) suspected.
Plan: counselor outreach tomorrow; naloxone kit education reinforced with client and his partner.
"""
_add(
    "dev-b-014", T, setting="office", payer="medicaid", dos="2025-03-11",
    lines=[], findings=[],
    administrations=[
        _adm(T, "naloxone", "other_route", "intranasal", "given", start="10:13",
             d="Narcan", s=("1013 Narcan", "1013")),
        _adm(T, "methadone", "other_route", "PO", "held", d=("methadone dose held", "methadone")),
    ],
    rationale="Intranasal naloxone is other_route with no code (only intranasal esketamine has a drug line, policy §4.6/§5); the methadone dose was held and the maintenance dose in the header is a regimen, not an event.",
)

T = """URGENT CARE - Progress Note
Pt: Harriet Quenby (fictional), 66F          DOS 10/21/2025   arrived 1410
CC: lightheaded after 2 days of loose stools; eating and drinking less than usual.

Vitals: BP 112/70 lying, 108/68 standing; HR 86 lying, 92 standing; T 98.0; SpO2 98%; pain 0/10
Exam: mucous membranes moist, abdomen soft, non-tender, hyperactive bowel sounds.
1425 PIV 20G L forearm placed by MA Ortiz for lab draw and access given the borderline vitals; CBC/BMP drawn from the catheter.
1440 PO challenge: 480 mL oral electrolyte solution tolerated, no stools in clinic, orthostatic symptoms resolved.
Labs: Na 137, K 3.4, BUN 18, Cr 0.8, Glucose 118, WBC 7.9
1515 PIV removed, catheter intact, site clean/dry/intact.

A: Diarrhea, unspecified (R19.7), likely viral.
P: oral rehydration at home, return precautions, stool studies if > 7 days.
"""
_add(
    "dev-b-015", T, setting="office", payer="commercial", dos="2025-10-21",
    lines=[], findings=[],
    administrations=[],
    rationale="An IV was started for labs and access but nothing was given through it: an IV start alone is never coded (policy §4.1), and an oral challenge fluid is not a drug administration.",
)

T = """HOSPITAL OUTPATIENT ENDOSCOPY - Procedure Note
Patient: Bartholomew Ince (fictional), 57M          DOS 02/24/2026
Procedure: Colonoscopy with cold snare polypectomy x2
Indication: screening colonoscopy (Z12.11); father with colon cancer at 60
Anesthesia: monitored anesthesia care by CRNA L. Voss; ASA II
Access: 20g PIV L hand placed in pre-op.

Intra-procedure medications (anesthesia record):
  0810 glycopyrrolate 0.2 mg IV push
  0811 lidocaine 40 mg IV push at induction
  propofol infusion 0812-0838, titrated to sedation (total 180 mg)

Findings: two 5 mm sessile polyps in the sigmoid colon removed by cold snare and retrieved; scattered sigmoid diverticulosis (K57.30); otherwise normal to the cecum, Boston bowel prep score 8.
Complications: none. EBL minimal.
Post-procedure: recovered in PACU, Aldrete 10 at 0905, tolerated PO. Discharged 0935 with spouse.
Follow-up: pathology in 1 week; repeat colonoscopy in 5-7 years depending on pathology.
"""
_add(
    "dev-b-016", T, setting="facility", payer="commercial", dos="2026-02-24",
    lines=[], findings=[],
    administrations=[
        _adm(T, "glycopyrrolate", "push", "IV", "given", start="08:10",
             d="glycopyrrolate", s=("0810 glycopyrrolate", "0810")),
        _adm(T, "lidocaine", "push", "IV", "given", start="08:11",
             d=("0811 lidocaine", "lidocaine"), s=("0811 lidocaine", "0811")),
        _adm(T, "propofol", "infusion", "IV", "given", start="08:12", stop="08:38", minutes=26,
             d="propofol", s=("0812-0838", "0812"), e=("0812-0838", "0838")),
    ],
    rationale="All drugs are anesthesia/sedation integral to the colonoscopy (policy §4.1): they are dropped, so neither administration codes nor drug lines are reported, and no finding is raised.",
)

T = """RADIOLOGY - CT Abdomen and Pelvis with IV contrast
Pt: Florence Abernethy (fictional), 74F          DOS 07/30/2025          Medicare
Ordering: Dr. N. Salcedo (ED follow-up clinic)
Indication: LLQ pain x3 days, low-grade fever; r/o diverticulitis vs abscess.
Creatinine 0.9, eGFR 68 (within 30 days). No contrast allergy.

Technique: 20G R antecubital PIV placed by CT tech. Contrast: Omnipaque 350, 100 mL IV via power injector at 3 mL/s, injected 1422. No oral contrast. No immediate reaction; patient observed 15 minutes.

Findings: Segmental wall thickening of the sigmoid colon with pericolic fat stranding and multiple diverticula. No extraluminal gas, no drainable fluid collection. Appendix normal. Liver, pancreas, kidneys unremarkable. Small hiatal hernia.

Impression: Acute uncomplicated sigmoid diverticulitis (K57.32). No abscess or perforation.
"""
_add(
    "dev-b-017", T, setting="facility", payer="medicare", dos="2025-07-30",
    lines=[], findings=[],
    administrations=[
        _adm(T, "iohexol", "push", "IV", "given", start="14:22",
             d="Omnipaque", s=("injected 1422", "1422")),
    ],
    rationale="Contrast for imaging is part of the CT (policy §4.1): no administration code and, as the contrast supply belongs to the imaging claim, no drug line either; no finding.",
)

T = """BEHAVIORAL HEALTH URGENT CARE CLINIC - Nursing/Provider Note
Pt: Ximena Calloway (fictional), 26F          DOS 12/29/2025
Dx: Bipolar I disorder, current episode manic, severe, without psychotic features (F31.13)
Vitals on arrival 1510: BP 134/86, HR 108, SpO2 99%

1520 Pacing, pressured speech, yelling at staff; verbal de-escalation started, offered quiet room.
1525 Lorazepam 1 mg IV ordered by Dr. Mensah - not given (no IV access; pt calmed with de-escalation).
1530 Offered Haldol 5 mg IM - pt refused ("I don't need a shot"). No restraint used.
1545 Pt accepted olanzapine 10 mg ODT, given 1547 PO, observed swallowing.
1615 Calmer, sitting, eating a snack. BP 122/80, HR 92.
Allergies: none known. Home meds: lithium 600 mg PO BID (nonadherent x2 weeks).
Plan: lithium level drawn; family meeting; next-day follow-up with outpatient psychiatrist. Safety plan completed.
"""
_add(
    "dev-b-018", T, setting="office", payer="medicaid", dos="2025-12-29",
    lines=[], findings=[],
    administrations=[
        _adm(T, "lorazepam", None, "IV", "ordered", d="Lorazepam"),
        _adm(T, "haloperidol", "injection_sc_im", "IM", "declined", d="Haldol"),
        _adm(T, "olanzapine", "other_route", "PO", "given", start="15:47",
             d=("accepted olanzapine", "olanzapine"), s=("given 1547", "1547")),
    ],
    rationale="IV lorazepam was ordered but not given and IM haloperidol was refused (policy §2); the only given drug is an oral tablet (other_route): no lines, no findings.",
)

T = """KETAMINE IM TREATMENT NOTE - Lakeshore Interventional Psychiatry
Patient: Sabine Okonkwo-Hale (fictional), 40F          DOS 11/03/2025
History: had 6 ketamine infusions last year at another clinic (Aug-Sep 2024) with good response; relapse since July. Poor venous access (4 attempts needed there), so IM route chosen today after discussion.
Dx: Major depressive disorder, recurrent, moderate (F33.1); Generalized anxiety disorder (F41.1)

Pre: BP 118/76, HR 70, SpO2 99%, Wt 58 kg, PHQ-9 17, GAD-7 13. No SI.
Procedure: Ketamine 40 mg IM injected into the L deltoid at 1105 by Dr. Farrow (consent on file, 25g 1 in needle).
Monitoring: 1120 BP 134/84 HR 82; 1135 BP 130/80; 1150 BP 124/78. Peak dissociation at 1125, resolved by 1205. No emesis.
Discharged 1215 with partner driving. Follow-up phone check tomorrow.
"""
_add(
    "dev-b-019", T, setting="office", payer="commercial", dos="2025-11-03",
    lines=[_l("96372", 1), _l("J3490", 1)],
    findings=["payer_policy_review", "unlisted_drug_code"],
    administrations=[
        _adm(T, "ketamine", "infusion", "IV", "historical", d=("6 ketamine infusions", "ketamine")),
        _adm(T, "ketamine", "injection_sc_im", "IM", "given", start="11:05", billable=True,
             d=("Ketamine 40 mg IM", "Ketamine"), s=("at 1105", "1105")),
    ],
    rationale="Last year's infusions are historical; today's ketamine 40 mg IM (L deltoid) gives 96372 + J3490 x1 (unlisted_drug_code), and ketamine for depression raises payer_policy_review.",
)

T = """HEADACHE CLINIC - Treatment Note
Pt: Lucinda Farraday (fictional), 33F          DOS 05/12/2026
CC: here for IV migraine rescue. Day 3 of a typical migraine without aura, pain 8/10, photophobia, nausea without emesis. Home abortive therapy ineffective.
Dx: Migraine without aura, not intractable, without status migrainosus (G43.009)
Vitals: BP 124/78, HR 76, SpO2 99%, pain 8/10. Neuro exam nonfocal.

1335 PIV 22g R hand placed.
1340 Ketorolac 15 mg IVP over 1 min, tolerated.
Offered dihydroergotamine 1 mg IV infusion - pt declined the infusion (has to drive her children later today).
1420 Pain 4/10, nausea resolved, photophobia improved. IV removed 1425, catheter intact.
Discharged 1430. Plan: headache diary; discuss preventive therapy at next visit.
"""
_add(
    "dev-b-020", T, setting="office", payer="commercial", dos="2026-05-12",
    lines=[_l("96374", 1), _l("J1885", 1)],
    findings=[],
    administrations=[
        _adm(T, "ketorolac", "push", "IV", "given", start="13:40", billable=True,
             d="Ketorolac", s=("1340 Ketorolac", "1340")),
        _adm(T, "dihydroergotamine", "infusion", "IV", "declined", d="dihydroergotamine"),
    ],
    rationale="The ketorolac push is the only given administration: 96374 + J1885 x1 (15 mg). The DHE infusion was declined (policy §2).",
)

# ---------------------------------------------------------------------------------------------
# 2. Documentation gaps (021-042)
# ---------------------------------------------------------------------------------------------

T = """KETAMINE INFUSION - Nursing Flowsheet Summary
Pt: Ignatius Pell (fictional), 50M          DOS 09/16/2025
Indication: treatment-resistant depression; MDD, recurrent, severe without psychotic features (F33.2). Infusion #3 of 6.
Access: 22 ga PIV R forearm, 1 attempt.
Pre-vitals: BP 126/78, HR 74, SpO2 98%, Wt 84 kg, PHQ-9 16.

Ketamine 42 mg (0.5 mg/kg) in 100 mL NS IV infusion via pump, infused per protocol with continuous SpO2 monitoring. Infusion stopped at 1045, bag empty.
Post-vitals 1100: BP 132/82, HR 78. CADSS 12, oriented x4.
Discharged 1130 with wife. Next session per schedule.
"""
_add(
    "dev-b-021", T, setting="office", payer="commercial", dos="2025-09-16",
    lines=[_l("J3490", 1)],
    findings=["missing_start_time", "payer_policy_review", "unlisted_drug_code"],
    administrations=[
        _adm(T, "ketamine", "infusion", "IV", "given", stop="10:45", billable=True,
             d="Ketamine", e=("stopped at 1045", "1045")),
    ],
    rationale="No start time, and no volume-and-rate pair to derive one: the infusion supports no administration code (policy §3, missing_start_time), but the given ketamine keeps its J3490 drug line (policy-interpretation: drug line independent) with unlisted_drug_code and payer_policy_review.",
)

T = """KETAMINE CLINIC - TREATMENT RECORD   (RN: A. Delacroix)
Pt: Fitzgerald Umber (fictional), 36M     DOS 01/13/2026     Session 2 of 6
Dx: Major depressive disorder, single episode, severe without psychotic features (F32.2)
Reason for visit: IV ketamine infusion for TRD

Pre: BP 122/78  HR 70  SpO2 99%  Wt 76 kg  pain 0/10  PHQ-9 19
0918  PIV 20G L hand, brisk blood return
0925  Ondansetron 4 mg IV push (nausea with session 1)
0930  Ketamine 38 mg (0.5 mg/kg) in 100 mL NS started via Alaris pump
0945  BP 136/84  HR 78, mild dissociation, calm
1000  BP 132/82  HR 76
1030  Post-infusion: BP 124/80  HR 72, CADSS 9, steady gait
1045  Discharged with sister driving.
"""
_add(
    "dev-b-022", T, setting="office", payer="commercial", dos="2026-01-13",
    lines=[_l("96374", 1), _l("J3490", 1), _l("J2405", 4)],
    findings=["missing_stop_time", "payer_policy_review", "unlisted_drug_code"],
    administrations=[
        _adm(T, "ondansetron", "push", "IV", "given", start="09:25", billable=True,
             d="Ondansetron", s=("0925  Ondansetron", "0925")),
        _adm(T, "ketamine", "infusion", "IV", "given", start="09:30", billable=True,
             d="Ketamine", s=("0930  Ketamine", "0930")),
    ],
    rationale="No stop time and no rate (the 100 mL is the vehicle): the ketamine infusion gets no administration code (missing_stop_time) but keeps J3490. With the infusion uncodable, the ondansetron push is the only administration service and becomes the initial 96374 (an add-on cannot stand alone). '1030 Post-infusion' vitals are not a stop time.",
)

T = """UC note 8/25/25  1455
27 yo F c/o L sided throbbing HA x 2 days, hx migraines (same as usual), no fever, no neck stiffness, no neuro deficits. pain 7/10, mild nausea.
BP 128/82  HR 80  T 98.4  SpO2 99%
exam: neuro nonfocal, fundi nl, neck supple
Dx: migraine w/o aura, not intractable (G43.009)

PIV 22g L AC by RN Mbeki.
Toradol 30 mg IV given.
Reglan 10 mg IV push at 1512.
pt resting in dark room. pain 3/10 at 1550, nausea resolved, d/c home w/ friend driving. f/u PCP re: preventive tx.
"""
_add(
    "dev-b-023", T, setting="office", payer="commercial", dos="2025-08-25",
    lines=[_l("96374", 1), _l("J2765", 1), _l("J1885", 2)],
    findings=["missing_start_time", "missing_stop_time"],
    administrations=[
        _adm(T, "ketorolac", None, "IV", "given", billable=True, d="Toradol"),
        _adm(T, "metoclopramide", "push", "IV", "given", start="15:12", billable=True,
             d="Reglan", s=("push at 1512", "1512")),
    ],
    rationale="'Toradol 30 mg IV given' has neither push wording nor start/stop: no administration line, findings missing_start_time and missing_stop_time (policy §3), but its J1885 x2 drug line stays (drug, dose, IV route documented). The metoclopramide push is the coded initial 96374 + J2765 x1.",
)

T = """URGENT CARE - Provider Note
Pt: Benedikt Sorrel (fictional), 44M          DOS 06/30/2025
Reason for visit: persistent vomiting x 2 days, unable to keep liquids down, 8 episodes today.
PMH: GERD. Home meds: omeprazole 20 mg PO daily. Allergies: NKDA.

Vitals 0935: BP 108/66, HR 112, T 99.6, RR 18, SpO2 98%, pain 4/10 (epigastric)
Exam: dry mucous membranes, decreased skin turgor, abd soft, mild epigastric ttp, no peritoneal signs.
Labs: Na 134, K 3.5, BUN 28, Cr 1.1, Glucose 131, lipase 32.

0940 PIV 20g R AC.
NS 1 L bolus started 0945, finished 1100.
Zofran IVP given at 1010.
1105 Reassessed: HR 90, tolerating 240 mL PO, no further emesis.

A: Vomiting with dehydration - gastroenteritis, noninfective (K52.9); dehydration (E86.0)
P: clear liquids, advance diet; ondansetron ODT rx; return if unable to keep fluids down.
"""
_add(
    "dev-b-024", T, setting="office", payer="commercial", dos="2025-06-30",
    lines=[_l("96374", 1), _l("96361", 1)],
    findings=["missing_dose"],
    administrations=[
        _adm(T, "normal saline", "infusion", "IV", "given", purpose="hydration", start="09:45",
             stop="11:00", minutes=75, billable=True, d=("NS 1 L", "NS"),
             s=("started 0945", "0945"), e=("finished 1100", "1100")),
        _adm(T, "ondansetron", "push", "IV", "given", start="10:10", billable=True,
             d=("Zofran IVP", "Zofran"), s=("given at 1010", "1010")),
    ],
    rationale="The reason for visit names a symptom, not a service, so the facility hierarchy applies (policy §4.2): push initial 96374, hydration (75 min, dehydration documented) 96361 x1. Ondansetron has no dose: no J2405 line, missing_dose (policy §5).",
)

T = """FAMILY MEDICINE - Procedure Visit
Pt: Annika Voss-Ferreira (fictional), 31F          DOS 03/27/2025
CC: here for IV migraine cocktail; status day 2 of migraine with aura, pain 8/10, nausea, no emesis. Known migraineur, typical pattern.
Dx: Migraine with aura, not intractable, without status migrainosus (G43.109)
Vitals: BP 118/72, HR 84, SpO2 99%, T 98.2, weight 68 kg, pain 8/10
Neuro: nonfocal, no meningismus.

IV 22g R AC placed 1358 by RN Iqbal.
1402 Metoclopramide 10 mg IVP, slow over 2 min.
1405 Dexamethasone 0.15 mg/kg IVP (weight 68 kg).
1445 Pain 3/10, nausea resolved, no akathisia. IV removed, catheter intact.
Disposition: home with partner; rest in a dark room; return if worst headache of life or neuro symptoms.
"""
_add(
    "dev-b-025", T, setting="office", payer="commercial", dos="2025-03-27",
    lines=[_l("96374", 1), _l("96375", 1), _l("J2765", 1), _l("J1100", 11)],
    findings=[],
    administrations=[
        _adm(T, "metoclopramide", "push", "IV", "given", start="14:02", billable=True,
             d="Metoclopramide", s=("1402 Metoclopramide", "1402")),
        _adm(T, "dexamethasone", "push", "IV", "given", start="14:05", billable=True,
             d="Dexamethasone", s=("1405 Dexamethasone", "1405")),
    ],
    rationale="Migraine cocktail of two pushes: the earlier one (metoclopramide) is initial 96374, dexamethasone 96375. The weight-based dose is computable: 0.15 mg/kg x 68 kg = 10.2 mg -> J1100 x11 (per 1 mg, rounded up, policy §5); J2765 x1.",
)

T = """Ketamine Infusion Record - Northgate Mood Clinic
Patient: Evander Quist (fictional), 29M          DOS 12/09/2025
Dx: Major depressive disorder, single episode, severe without psychotic features (F32.2). Reason for visit: infusion #1 of induction series.
Consent signed 12/02. NPO since 0700.

Vitals pre: BP 120/76, HR 68, RR 14, SpO2 98%. Height 180 cm.
IV access: 22g PIV L forearm.
Ketamine 0.5 mg/kg in 100 mL NS IV infusion via pump, started 1300, stopped 1341.
Intra: 1315 BP 134/82; 1330 BP 130/80. Mild perceptual changes, tolerated well.
Post 1400: BP 122/78, HR 70, CADSS 14. Oriented, ambulating.
Discharged 1420 with mother.
"""
_add(
    "dev-b-026", T, setting="office", payer="commercial", dos="2025-12-09",
    lines=[_l("96365", 1)],
    findings=["dose_not_computable", "payer_policy_review"],
    administrations=[
        _adm(T, "ketamine", "infusion", "IV", "given", start="13:00", stop="13:41", minutes=41,
             billable=True, d=("Ketamine 0.5", "Ketamine"), s=("started 1300", "1300"),
             e=("stopped 1341", "1341")),
    ],
    rationale="A 41-min ketamine infusion: 96365. The dose is 0.5 mg/kg and no weight is documented (height only): dose_not_computable and no drug line (policy §5), hence no J3490 and no unlisted_drug_code; payer_policy_review for ketamine in depression.",
)

T = """KETAMINE INFUSION VISIT - Tidewater Ketamine Center
Pt: Rosalind Ekwueme (fictional), 52F          DOS 03/19/2026
Reason for visit: IV ketamine infusion #4 for treatment-resistant depression (F33.2); PHQ-9 13 (baseline 24).
Allergies: morphine (nausea). Home meds: venlafaxine 150 mg PO daily, lamotrigine 100 mg PO daily.

0920 Arrived, vitals BP 130/82, HR 80, SpO2 97%, Wt 71 kg. Nauseated in the car.
0930 Zofran 4 mg given at 0930 per standing order.
0950 PIV 22g L AC placed, one attempt.
1000 Ketamine 35 mg in 100 mL NS IV infusion started via pump.
1040 Ketamine infusion stopped, line locked.
1055 Post vitals BP 128/80, HR 78; dissociation resolved. Discharged 1110 with husband.
"""
_add(
    "dev-b-027", T, setting="office", payer="commercial", dos="2026-03-19",
    lines=[_l("96365", 1), _l("J3490", 1)],
    findings=["missing_route", "payer_policy_review", "unlisted_drug_code"],
    administrations=[
        _adm(T, "ondansetron", None, None, "given", start="09:30",
             d="Zofran", s=("given at 0930", "0930")),
        _adm(T, "ketamine", "infusion", "IV", "given", start="10:00", stop="10:40", minutes=40,
             billable=True, d=("1000 Ketamine", "Ketamine"), s=("1000 Ketamine", "1000"),
             e=("1040 Ketamine", "1040")),
    ],
    rationale="'Zofran 4 mg given' before any IV access states no route (could be ODT): no line at all, missing_route (policy §5). Ketamine 40 min: 96365 + J3490 with unlisted_drug_code and payer_policy_review.",
)

T = """INFUSION NOTE - Sable Ridge Wellness & Ketamine
Pt: Marcus Delacorte-Ivy (fictional), 39M          DOS 07/08/2025
Reason for visit: ketamine infusion #3 for chronic PTSD (F43.12) after MVA; PCL-5 52 (baseline 64).
Home meds: prazosin 2 mg PO qHS, sertraline 150 mg PO daily. Allergies: NKDA.

Vitals: BP 128/82, HR 76, RR 14, SpO2 99%, Wt 88 kg, pain 2/10
IV access obtained on the second attempt, good blood return.
Ketamine 44 mg (0.5 mg/kg) in 100 mL NS infused IV by pump from 1015 until 1100.
1030 BP 140/88; 1045 BP 136/86; 1100 BP 130/84. Eyeshades and music; brief anxiety at 1035 resolved with coaching.
Post: CADSS 10, oriented x4. Discharged 1130 with wife.
"""
_add(
    "dev-b-028", T, setting="office", payer="commercial", dos="2025-07-08",
    lines=[_l("96365", 1), _l("J3490", 1)],
    findings=["missing_site", "payer_policy_review", "unlisted_drug_code"],
    administrations=[
        _adm(T, "ketamine", "infusion", "IV", "given", start="10:15", stop="11:00", minutes=45,
             billable=True, d=("Ketamine 44 mg", "Ketamine"), s=("from 1015", "1015"),
             e=("until 1100", "1100")),
    ],
    rationale="45-min ketamine infusion: 96365 + J3490 (unlisted_drug_code; payer_policy_review for PTSD). The IV access is documented without any location, so missing_site (policy-interpretation Findings).",
)

T = """PSYCHIATRY CLINIC - LAI Injection Visit (nurse visit under direct supervision of Dr. Oyelaran)
Pt: Cornelius Thackeray (fictional), 46M          DOS 02/18/2026          Medicare
Dx: Schizophrenia, unspecified (F20.9)
Monthly maintenance visit. Adherent; no EPS; AIMS 1.
Vitals: BP 130/84, HR 72, Wt 95 kg.

1030 Abilify Maintena (aripiprazole ER) 400 mg IM given by RN Castellanos, prefilled dual-chamber syringe reconstituted per labeling; entire syringe administered, no waste. Pt tolerated without distress.
1045 Observed 15 minutes, no adverse reaction.
"""
_add(
    "dev-b-029", T, setting="office", payer="medicare", dos="2026-02-18",
    lines=[_l("96372", 1), _l("J0401", 400, "JZ")],
    findings=["missing_site"],
    administrations=[
        _adm(T, "aripiprazole", "injection_sc_im", "IM", "given", start="10:30", billable=True,
             d=("1030 Abilify Maintena", "Abilify Maintena"), s=("1030 Abilify", "1030")),
    ],
    rationale="Aripiprazole ER 400 mg IM: 96372 + J0401 x400 with JZ (Medicare single-dose LAI, zero waste documented). The injection site (deltoid/gluteal) is not documented: missing_site.",
)

T = """OFFICE INFUSION - IV Hydration Visit
Pt: Theodora Pennywhistle (fictional), 27F          DOS 10/14/2025
Reason for visit: presents for IV hydration - food poisoning, vomiting x 10 since last night, unable to keep water down.
Vitals: BP 100/62, HR 116, T 99.0, SpO2 99%, pain 5/10 (crampy). Orthostatic: HR +24 on standing.
Exam: dry mucous membranes, abd soft, diffuse mild tenderness.
Dx: Nausea with vomiting (R11.2); Dehydration (E86.0)

1255 PIV 20g R AC.
1300 NS 1000 mL IV started wide open by gravity.
1310 antiemetic 4 mg IVP given for ongoing nausea.
1400 NS 1000 mL completed. HR 92, orthostatics negative, tolerated 120 mL water.
D/c home with BRAT diet and return precautions.
"""
_add(
    "dev-b-030", T, setting="office", payer="commercial", dos="2025-10-14",
    lines=[_l("96360", 1)],
    findings=["missing_drug_name"],
    administrations=[
        _adm(T, "normal saline", "infusion", "IV", "given", purpose="hydration", start="13:00",
             stop="14:00", minutes=60, billable=True, d=("1300 NS", "NS"),
             s=("1300 NS", "1300"), e=("1400 NS", "1400")),
        _adm(T, None, "push", "IV", "given", start="13:10",
             d="antiemetic", s=("1310 antiemetic", "1310")),
    ],
    rationale="Hydration is the stated primary reason and ran 60 min with dehydration documented: 96360 x1. The 'antiemetic 4 mg IVP' names no substance: no line at all, missing_drug_name (policy §5).",
)

T = """INFUSION CENTER - Nursing Note
Patient: Clementine Hargrove (fictional), 45F          DOS 11/25/2025
Visit: Venofer #2 of 5 per referral order.
Allergies: NKDA. Weight 66 kg.
Vitals pre: BP 116/72, HR 78, T 98.1, SpO2 99%.

PIV 22g L forearm, 1 attempt, blood return present.
Iron sucrose (Venofer) 200 mg in 100 mL NS IV infusion, started 1000, completed 1030.
Observed 30 minutes post infusion: no hypotension, no rash, no dyspnea.
Vitals post 1100: BP 118/74, HR 76.
Next appointment scheduled per referral.
"""
_add(
    "dev-b-031", T, setting="office", payer="commercial", dos="2025-11-25",
    lines=[_l("96365", 1), _l("J1756", 200)],
    findings=["missing_diagnosis", "missing_medical_necessity"],
    administrations=[
        _adm(T, "iron sucrose", "infusion", "IV", "given", start="10:00", stop="10:30",
             minutes=30, billable=True, d="Iron sucrose", s=("started 1000", "1000"),
             e=("completed 1030", "1030")),
    ],
    rationale="Iron sucrose 200 mg over 30 min: 96365 + J1756 x200 (commercial: no JZ/JW logic). The note states no diagnosis and no indication for the iron: missing_diagnosis and missing_medical_necessity.",
)

T = """KETAMINE INFUSION - Physician Procedure Note
Pt: Bronwyn Alcott-Reyes (fictional), 48F          DOS 02/03/2026
Diagnosis: F33 - Major depressive disorder, recurrent; failed 5 antidepressant trials incl. augmentation.
Reason for visit: IV ketamine infusion #6 (final induction session).
Vitals: BP 124/76, HR 72, SpO2 98%, Wt 60 kg. PHQ-9 9 (baseline 23). Denies SI.

IV: 22 gauge R hand.
Ketamine 30 mg in 100 mL NS, IV infusion by pump. Start 0900. Stop 0945.
Intra-infusion: BP peak 138/86 at 0920. No emesis, no airway concerns.
Recovered, CADSS 6 at 1000. Discharged 1015 with husband.
Plan: maintenance ketamine booster in 4 weeks if PHQ-9 rises above 12.
"""
_add(
    "dev-b-032", T, setting="office", payer="commercial", dos="2026-02-03",
    lines=[_l("96365", 1), _l("J3490", 1)],
    findings=["invalid_diagnosis_code", "payer_policy_review", "unlisted_drug_code"],
    administrations=[
        _adm(T, "ketamine", "infusion", "IV", "given", start="09:00", stop="09:45", minutes=45,
             billable=True, d=("Ketamine 30 mg", "Ketamine"), s=("Start 0900", "0900"),
             e=("Stop 0945", "0945")),
        _adm(T, "ketamine", None, None, "hypothetical", d=("maintenance ketamine", "ketamine")),
    ],
    rationale="F33 is a category header, not a billable code: invalid_diagnosis_code (the diagnosis itself is stated, so not missing_diagnosis). 45-min infusion: 96365 + J3490; unlisted_drug_code and payer_policy_review. The conditional booster is hypothetical.",
)

T = """SPRAVATO (esketamine) TREATMENT SESSION - Hawthorne Psychiatry (REMS-certified site #HC-20418)
Patient: Eustace Morland (fictional), 68M          DOS 09/09/2025          Medicare
Dx: Depression, treatment-resistant - F32.8
Oral antidepressant: escitalopram 20 mg daily (continued).
Session 9 (maintenance, weekly).

Pre-dose 1000: BP 128/80, HR 70, SpO2 97%. No SI. Did not drive.
1005 Patient self-administered Spravato 56 mg (2 devices, 5 min apart) under direct observation of RN Kowalczyk.
Monitoring per REMS: BP 1045 142/86, 1130 136/84, 1215 130/80. Sedation and dissociation resolved by 1140.
1210 Clinically stable for discharge after 2 h 05 min monitoring; REMS Patient Monitoring Form submitted. Spouse driving.
"""
_add(
    "dev-b-033", T, setting="office", payer="medicare", dos="2025-09-09",
    lines=[_l("G2082", 1)],
    findings=["invalid_diagnosis_code"],
    administrations=[
        _adm(T, "esketamine", "other_route", "intranasal", "given", start="10:05", billable=True,
             d=("self-administered Spravato", "Spravato"), s=("1005 Patient", "1005")),
    ],
    rationale="Medicare esketamine 56 mg: G2082 x1, no 963xx code (policy §4.6); REMS and >= 2 h monitoring are documented, so no payer_policy_review. F32.8 has children (F32.81/F32.89): invalid_diagnosis_code.",
)

T = """Ketamine Treatment - Infusion Flowsheet
Clinic: Meridian Integrative Psychiatry          DOS: 05/06/2025
Patient: Octavia Brandtmeier (fictional), 55F
Diagnosis: MDD, recurrent (F33.7)
Reason for visit: IV ketamine booster infusion.
Screening: PHQ-9 15, C-SSRS negative. Vitals BP 134/82, HR 82, SpO2 96%, Wt 74 kg.

Access: 24g PIV L wrist (2 attempts, small veins).
1330  Ketamine 37 mg / 100 mL NS infusion started.
1352  BP 146/90 - rate unchanged, monitoring.
1415  Infusion complete, pump off.
1430  BP 128/80, HR 76; alert, oriented, ambulating with steady gait.
"""
_add(
    "dev-b-034", T, setting="office", payer="commercial", dos="2025-05-06",
    lines=[_l("96365", 1), _l("J3490", 1)],
    findings=["invalid_diagnosis_code", "payer_policy_review", "unlisted_drug_code"],
    administrations=[
        _adm(T, "ketamine", "infusion", "IV", "given", start="13:30", stop="14:15", minutes=45,
             billable=True, d=("1330  Ketamine", "Ketamine"), s=("1330  Ketamine", "1330"),
             e=("1415  Infusion", "1415")),
    ],
    rationale="F33.7 does not exist in ICD-10-CM: invalid_diagnosis_code (MDD is stated, so not missing_diagnosis). 45-min infusion: 96365 + J3490 with unlisted_drug_code and payer_policy_review.",
)

T = """CITYWALK PRIMARY CARE - Nurse Visit
Patient: Magnus Tollefsen (fictional), 34M          DOS 04/21/2026
Reason for visit: requests IV fluids for energy before a half-marathon on Saturday. Feels "run down" after a busy work week. Eating and drinking normally, no vomiting or diarrhea, urine pale yellow.
Vitals: BP 124/78, HR 64, T 98.2, SpO2 99%, Wt 80 kg. Mucous membranes moist. Orthostatics negative.
Dx: Fatigue (R53.83)

PIV 22g L forearm.
NS 1000 mL IV, started 1100, finished 1145.
Tolerated well, no complications. PIV removed intact.
Patient given race-day hydration handout.
"""
_add(
    "dev-b-035", T, setting="office", payer="commercial", dos="2026-04-21",
    lines=[_l("96360", 1)],
    findings=["missing_medical_necessity"],
    administrations=[
        _adm(T, "normal saline", "infusion", "IV", "given", purpose="hydration", start="11:00",
             stop="11:45", minutes=45, billable=True, d=("NS 1000 mL", "NS"),
             s=("started 1100", "1100"), e=("finished 1145", "1145")),
    ],
    rationale="A 45-min saline infusion given on its own is hydration (96360 x1, policy-interpretation Hydration), but 'for energy' with normal intake, moist membranes and negative orthostatics is no evidence of dehydration: missing_medical_necessity. Plain saline is not a vitamin/nutrient drip, so no payer_policy_review.",
)

T = """VITALITY INFUSION STUDIO - Treatment Record (MD-supervised office)
Client: Perpetua Lindgren-Asante (fictional), 41F          DOS 10/28/2025
Reason for visit: Myers cocktail for wellness and energy; chronic tiredness.
Dx: Other fatigue (R53.83)
Vitals: BP 112/70, HR 70, SpO2 99%, Wt 63 kg.

Access: 22G PIV R hand.
Myers cocktail (magnesium chloride 1 g, calcium gluconate 1 g, B-complex 1 mL, cyanocobalamin 1000 mcg, ascorbic acid 2.5 g) in 250 mL NS, IV infusion 1400-1440.
Mild warmth during magnesium, resolved by slowing rate. No other reactions.
Client paid at the front desk; superbill requested for her insurer.
"""
_add(
    "dev-b-036", T, setting="office", payer="commercial", dos="2025-10-28",
    lines=[_l("96365", 1), _l("J3490", 1)],
    findings=["payer_policy_review", "unlisted_drug_code"],
    administrations=[
        _adm(T, "myers cocktail", "infusion", "IV", "given", start="14:00", stop="14:40",
             minutes=40, billable=True, d=("Myers cocktail (", "Myers cocktail"),
             s=("1400-1440", "1400"), e=("1400-1440", "1440")),
    ],
    rationale="The Myers cocktail is one mixed bag billed as J3490 x1 (policy §5, unlisted_drug_code) with a 40-min infusion 96365; vitamin/wellness infusions raise payer_policy_review. A diagnosis (R53.83) is documented, so no missing_medical_necessity for the drug.",
)

T = """NAD+ INFUSION - Clinical Record
Clinic: Lumina Longevity Medicine (office)          DOS 01/27/2026
Patient: Ignatius Vandermolen (fictional), 58M
Dx: Chronic fatigue, unspecified (R53.82). Reason for visit: NAD+ infusion series, session 2 of 4.
Vitals: BP 132/84, HR 74, SpO2 98%, Wt 86 kg.
Access: PIV 20g L AC.

NAD+ 500 mg in 500 mL NS IV infusion
  Start: 0930
  Rate reduced 0955-1010 for chest tightness/flushing (not stopped), then resumed at ordered rate
  End: 1145
Post: BP 128/80, HR 72, asymptomatic.
"""
_add(
    "dev-b-037", T, setting="office", payer="commercial", dos="2026-01-27",
    lines=[_l("96365", 1), _l("96366", 1), _l("J3490", 1)],
    findings=["payer_policy_review", "unlisted_drug_code"],
    administrations=[
        _adm(T, "nad+", "infusion", "IV", "given", start="09:30", stop="11:45", minutes=135,
             billable=True, d=("NAD+ 500 mg", "NAD+"), s=("Start: 0930", "0930"),
             e=("End: 1145", "1145")),
    ],
    rationale="NAD+ ran 0930-1145 = 135 min (a slowed rate is not a hold): 96365 + 96366 x1 (91-150, policy §3). NAD+ bills J3490 x1 (unlisted_drug_code) and is a wellness infusion (payer_policy_review). The 500 mL NS is its vehicle.",
)

T = """HEMATOLOGY INFUSION VISIT
Pt: Juniper Achterberg (fictional), 38F          DOS 04/15/2025
Dx: Iron deficiency anemia, unspecified (D50.9); intolerant of oral iron (severe GI upset).
Labs 04/08: Hgb 9.4, ferritin 5, TSAT 6%.
Vitals: BP 110/70, HR 84, SpO2 99%, Wt 59 kg.

PIV 22g L forearm placed, + blood return.
Iron sucrose 200 mg in 100 mL NS infused IV over 40 minutes via pump. Tolerated without reaction.
Observed 30 minutes after the infusion per protocol; vitals stable (BP 112/72, HR 80).
Dose 3 of 5. Next visit in one week.
"""
_add(
    "dev-b-038", T, setting="office", payer="commercial", dos="2025-04-15",
    lines=[_l("J1756", 200)],
    findings=["missing_start_time", "missing_stop_time"],
    administrations=[
        _adm(T, "iron sucrose", "infusion", "IV", "given", billable=True, d="Iron sucrose"),
    ],
    rationale="'Infused over 40 minutes' is a duration, not a start or stop time (policy §3): no administration code, findings missing_start_time and missing_stop_time; the drug line J1756 x200 stays (drug, dose, IV route documented).",
)

T = """HOSPITAL OUTPATIENT INFUSION CENTER - Nursing Note
Pt: Ferdinand Oyelowo-Park (fictional), 61M          DOS 08/19/2025
Dx: Acute gastroenteritis (A09); Dehydration (E86.0). Referred from clinic: 6 watery stools/day x3 days, poor PO intake, orthostatic.
1010 Vitals: BP 98/60 sitting, 84/54 standing, HR 110. Dry mucosa. BUN 38, Cr 1.4.
1012 PIV 18g R AC, one attempt.
1015 NS 1000 mL IV at 500 mL/hr via pump started for dehydration.
1020 Ondansetron 4 mg IV push for nausea.
1130 Pt up to bathroom with assistance, steady.
Bag completed; pt tolerating crackers and juice. Orthostatics negative on recheck. Discharged home with wife; oral rehydration teaching done.
"""
_add(
    "dev-b-039", T, setting="facility", payer="commercial", dos="2025-08-19",
    lines=[_l("96374", 1), _l("96361", 2), _l("J2405", 4)],
    findings=["stop_time_derived"],
    administrations=[
        _adm(T, "normal saline", "infusion", "IV", "given", purpose="hydration", start="10:15",
             stop="12:15", minutes=120, billable=True, d=("1015 NS", "NS"),
             s=("1015 NS", "1015")),
        _adm(T, "ondansetron", "push", "IV", "given", start="10:20", billable=True,
             d="Ondansetron", s=("1020 Ondansetron", "1020")),
    ],
    rationale="No stop time, but 1000 mL at 500 mL/hr from 1015 derives a stop at 1215 (120 min, stop_time_derived, policy §3). Facility hierarchy: push initial 96374 + J2405 x4; hydration secondary 120 min -> 96361 x2 (91-150).",
)

T = """KETAMINE INFUSION NOTE
Patient: Winifred Asquith-Bello (fictional), 63F          DOS 12/16/2025
Reason for visit: IV ketamine infusion for treatment-resistant bipolar depression; Bipolar disorder, unspecified (F31.9), on lithium.
Vitals pre: BP 138/84, HR 70, SpO2 97%, Wt 77 kg. YMRS 4, MADRS 30.
Access: PIV 22g R AC.

Ketamine 38 mg in 100 mL NS by pump. Infusion started 0900.
Infusion paused for BP 164/98 and resumed after recheck BP 148/90 and discussion with Dr. Lindahl.
Infusion finished 1045.
Post: BP 132/82, HR 72. Oriented, ambulating. Discharged with daughter at 1120.
"""
_add(
    "dev-b-040", T, setting="office", payer="commercial", dos="2025-12-16",
    lines=[_l("96365", 1), _l("J3490", 1)],
    findings=["interruption_times_missing", "payer_policy_review", "unlisted_drug_code"],
    administrations=[
        _adm(T, "ketamine", "infusion", "IV", "given", start="09:00", stop="10:45", minutes=None,
             billable=True, d=("Ketamine 38 mg", "Ketamine"), s=("started 0900", "0900"),
             e=("finished 1045", "1045")),
    ],
    rationale="A pause without its times: interruption_times_missing; running minutes are not computable, so only the initial 96365 is coded from the 105 clock minutes and no 96366 add-on (policy-interpretation). J3490 with unlisted_drug_code; payer_policy_review for bipolar depression.",
)

T = """LAI INJECTION CLINIC - Nursing Note
Pt: Gideon Fairweather (fictional), 29M          DOS 06/03/2025
Dx: Schizophrenia, unspecified (F20.9). Maintenance LAI, monthly.
Vitals: BP 122/80, HR 84, Wt 92 kg. AIMS 0. Reports good adherence, working part-time.

1130 Invega Sustenna IM L deltoid given by RN Halvorsen, 1 in needle, tolerated well.
1145 No reaction after 15 min observation.
Reminder card given.
"""
_add(
    "dev-b-041", T, setting="office", payer="commercial", dos="2025-06-03",
    lines=[_l("96372", 1)],
    findings=["missing_dose"],
    administrations=[
        _adm(T, "paliperidone", "injection_sc_im", "IM", "given", start="11:30", billable=True,
             d="Invega Sustenna", s=("1130 Invega", "1130")),
    ],
    rationale="The IM injection with site supports 96372, but no dose is documented, so no J2426 drug line: missing_dose (policy §5).",
)

T = """COMMUNITY PSYCHIATRY - Injection Visit
Client: Lavinia Okafor-Strand (fictional), 52F          DOS 09/24/2025
Dx: Schizoaffective disorder, bipolar type (F25.0). Stable on monthly depot for 3 years.
Vitals: BP 136/84, HR 78, Wt 84 kg. No EPS; AIMS 2 (unchanged).

Haloperidol decanoate 100 mg injection given at 1115 in L upper arm. Client tolerated, no complaints.
Observed 10 min. Home meds: benztropine 1 mg PO BID.
"""
_add(
    "dev-b-042", T, setting="office", payer="medicaid", dos="2025-09-24",
    lines=[],
    findings=["missing_route"],
    administrations=[
        _adm(T, "haloperidol decanoate", None, None, "given", start="11:15",
             d="Haloperidol decanoate", s=("at 1115", "1115")),
    ],
    rationale="'Injection' alone does not say IM, SC or IV and 'upper arm' does not settle it: missing_route, and a drug without a route supports no line at all (policy §5, policy-interpretation missing_route) - neither 96372 nor J1631.",
)

# ---------------------------------------------------------------------------------------------
# 3. Extraction variety (043-056)
# ---------------------------------------------------------------------------------------------

T = """MEDICATION ADMINISTRATION RECORD - EXPORT          Summit Mind Infusion Center
Patient: Cordelia Ashby-Nunn (fictional)     Weight: 70 kg     Allergies: penicillin (rash)
Encounter: 03/14/2026 - ketamine infusion visit #2 (reason for visit)
Dx: F33.2 Major depressive disorder, recurrent, severe w/o psychotic features (TRD)
Access: PIV L AC 22g placed 03/14/2026 09:20 by RN T. Marsh

03/14/2026 09:24 Ondansetron 4 mg IV Push Given (TM)
03/14/2026 09:32 Ketamine 35 mg IV Started (TM) - 0.5 mg/kg (35 mg) in NS 100 mL via pump
03/14/2026 09:58 Ketamine Rate Verified (TM)
03/14/2026 10:14 Ketamine Stopped (TM)
03/14/2026 10:30 Vitals: BP 128/82 HR 74 SpO2 98% - discharge criteria met (TM)
"""
_add(
    "dev-b-043", T, setting="office", payer="commercial", dos="2026-03-14",
    lines=[_l("96365", 1), _l("96375", 1), _l("J3490", 1), _l("J2405", 4)],
    findings=["payer_policy_review", "unlisted_drug_code"],
    administrations=[
        _adm(T, "ondansetron", "push", "IV", "given", start="09:24", billable=True,
             d="Ondansetron", s=("09:24 Ondansetron", "09:24")),
        _adm(T, "ketamine", "infusion", "IV", "given", start="09:32", stop="10:14", minutes=42,
             billable=True, d=("09:32 Ketamine", "Ketamine"), s=("09:32 Ketamine", "09:32"),
             e=("10:14 Ketamine", "10:14")),
    ],
    rationale="MAR rows: ketamine Started 09:32 and Stopped 10:14 = 42 min, the primary reason: 96365 + J3490; ondansetron push 96375 + J2405 x4. The 09:58 rate check and 10:30 vitals are not start/stop times. unlisted_drug_code and payer_policy_review.",
)

T = """HOSPITAL OUTPATIENT INFUSION - Nursing Flowsheet          DOS 11/06/2025
Pt: Rosamund Achebe-Lowe (fictional), 49F       Payer: commercial
Dx: Acute gastritis without bleeding (K29.70); Dehydration (E86.0) - 2 days of vomiting, unable to keep fluids down, HR 112, dry mucosa, BUN 31.

| Time  | Event / medication                      | Dose / rate       | BP     | HR  | Pain | Init |
|-------|-----------------------------------------|-------------------|--------|-----|------|------|
| 13:00 | PIV placed 20G R hand                   | -                 | 104/66 | 112 | 6/10 | JL   |
| 13:02 | NS 0.9% bolus started                   | 1000 mL           |        |     |      | JL   |
| 13:05 | Ondansetron IV push                     | 4 mg              |        |     |      | JL   |
| 13:30 | Vitals                                  |                   | 110/70 | 104 | 5/10 | JL   |
| 14:20 | NS bolus completed                      | 1000 mL in        | 118/74 | 94  | 4/10 | JL   |
| 14:22 | Famotidine IVPB started (in 50 mL NS)   | 20 mg             |        |     |      | JL   |
| 14:40 | Famotidine IVPB completed               | -                 | 120/76 | 88  | 2/10 | JL   |
| 14:55 | PO trial tolerated; PIV removed         | -                 |        |     |      | JL   |
"""
_add(
    "dev-b-044", T, setting="facility", payer="commercial", dos="2025-11-06",
    lines=[_l("96365", 1), _l("96375", 1), _l("96361", 1), _l("J1308", 80), _l("J2405", 4)],
    findings=[],
    administrations=[
        _adm(T, "normal saline", "infusion", "IV", "given", purpose="hydration", start="13:02",
             stop="14:20", minutes=78, billable=True, d=("NS 0.9% bolus started", "NS"),
             s=("| 13:02 |", "13:02"), e=("| 14:20 |", "14:20")),
        _adm(T, "ondansetron", "push", "IV", "given", start="13:05", billable=True,
             d="Ondansetron", s=("| 13:05 |", "13:05")),
        _adm(T, "famotidine", "infusion", "IV", "given", start="14:22", stop="14:40", minutes=18,
             billable=True, d=("Famotidine IVPB started", "Famotidine"),
             s=("| 14:22 |", "14:22"), e=("| 14:40 |", "14:40")),
    ],
    rationale="Facility hierarchy (therapeutic infusion > push > hydration): famotidine IVPB 18 min is initial 96365 (J1308 x80 = 20 mg / 0.25 mg), ondansetron push 96375 (J2405 x4), hydration 78 min with documented dehydration, no overlap with a drug infusion, secondary 96361 x1. Table vitals are not times of administration.",
)

T = """IRON INFUSION - Progress Note (SOAP)
Pt: Wilhelmina Ostrander (fictional), 44F          DOS 09/30/2025          Medicaid
S: Reason for visit: IV iron. Fatigue, pica (ice), heavy menses; failed oral iron x 6 months (constipation, no ferritin response).
O: BP 128/82, HR 90, T 98.0, SpO2 99%, Wt 72 kg. Hgb 8.9, MCV 71, ferritin 4.
   PIV 20G R hand placed on first attempt.
   Injectafer (ferric carboxymaltose) 750 mg in 250 mL NS was infused IV from 9:30 to 10:15 without reaction.
   Post-infusion observation 30 min: BP 124/80, HR 86.
A: Iron deficiency anemia, unspecified (D50.9), intolerant of oral iron.
P: Second Injectafer dose 750 mg in 7 days. Recheck CBC/ferritin in 6 weeks. Hypophosphatemia precautions reviewed.
"""
_add(
    "dev-b-045", T, setting="office", payer="medicaid", dos="2025-09-30",
    lines=[_l("96365", 1), _l("J1439", 750)],
    findings=[],
    administrations=[
        _adm(T, "ferric carboxymaltose", "infusion", "IV", "given", start="09:30", stop="10:15",
             minutes=45, billable=True, d=("Injectafer (ferric", "Injectafer"), s=("from 9:30", "9:30"),
             e=("to 10:15", "10:15")),
        _adm(T, "ferric carboxymaltose", None, None, "planned",
             d=("Second Injectafer dose", "Injectafer")),
    ],
    rationale="'From 9:30 to 10:15' = 45 min: 96365 + J1439 x750 (1 mg units); Medicaid, so no JZ/JW logic. The second dose next week is planned.",
)

T = """ketamine clinic - quick note  5/28/25
pt: Thaddeus Grimsby-Okoro (fictional) 42m  wt 80kg  dx PTSD (F43.10) + MDD recurrent mod (F33.1)
reason: ketamine inf #4 (series of 6)
vitals pre: BP 132/84 HR 78 spo2 98% pain 0/10 pcl-5 44
PIV 20G R hand x1 attempt
zofran 4mg ivp @0924 (nausea hx)
ketamine 0.5mg/kg (40 mg) in 100ml ns via pump 0930-1015
vitals q15 @0945 138/86, @1000 134/84, @1015 128/80
post @1030 alert/oriented, cadss 8, d/c w/ wife @1040
"""
_add(
    "dev-b-046", T, setting="office", payer="commercial", dos="2025-05-28",
    lines=[_l("96365", 1), _l("96375", 1), _l("J3490", 1), _l("J2405", 4)],
    findings=["payer_policy_review", "unlisted_drug_code"],
    administrations=[
        _adm(T, "ondansetron", "push", "IV", "given", start="09:24", billable=True,
             d="zofran", s=("@0924", "0924")),
        _adm(T, "ketamine", "infusion", "IV", "given", start="09:30", stop="10:15", minutes=45,
             billable=True, d=("ketamine 0.5mg/kg", "ketamine"), s=("0930-1015", "0930"),
             e=("0930-1015", "1015")),
    ],
    rationale="'0930-1015' = 45 min ketamine (primary reason): 96365 + J3490; '@0924' ondansetron push 96375 + J2405 x4 ('4mg'). The '@1015' vitals time is not the stop token. unlisted_drug_code, payer_policy_review (PTSD/MDD).",
)

T = """walk-in clinic  DOS 2/16/26
pt Agatha Morrow-Vance (fictional) 36F
here for IV fluids - gastroenteritis, vomiting since last night, unable to keep fluids down
BP 102/64  HR 114  T 99.8  RR 18  SpO2 98%  pain 5/10   mm dry, cap refill 3s
BUN 29  Cr 1.0  K 3.6  Glucose 98
dx: viral gastroenteritis (A08.4), dehydration (E86.0)

PIV 20G R hand
IVF NS 1 L started 9:30a, done 10:52a
ondansetron 4mg IVP 9:41a
tolerating sips by 10:40a, no further emesis. HR 92 at d/c.
d/c home, ORS, return if worse
"""
_add(
    "dev-b-047", T, setting="office", payer="commercial", dos="2026-02-16",
    lines=[_l("96360", 1), _l("96375", 1), _l("J2405", 4)],
    findings=[],
    administrations=[
        _adm(T, "normal saline", "infusion", "IV", "given", purpose="hydration", start="09:30",
             stop="10:52", minutes=82, billable=True, d=("IVF NS 1 L", "NS"),
             s=("started 9:30a", "9:30a"), e=("done 10:52a", "10:52a")),
        _adm(T, "ondansetron", "push", "IV", "given", start="09:41", billable=True,
             d="ondansetron", s=("IVP 9:41a", "9:41a")),
    ],
    rationale="'Here for IV fluids' makes hydration the office primary reason: 9:30a-10:52a = 82 min -> 96360 x1; the ondansetron push is 96375 (policy §4.4: 96360 may be the primary of 96375 in office) + J2405 x4. '10:40a' is an observation time.",
)

T = """SPRAVATO SESSION NOTE - Crestview Psychiatric Associates (REMS-certified healthcare setting)
Patient: Barnaby Quintanilla (fictional), 47M          DOS 10/09/2025          Payer: commercial (buy-and-bill)
Dx: Major depressive disorder, recurrent, severe without psychotic features (F33.2); treatment-resistant (failed sertraline, bupropion, duloxetine + aripiprazole). Oral AD: vortioxetine 20 mg daily.
Induction week 3, session 5.

Pre-dose vitals 1520 hrs: BP 126/80, HR 72, SpO2 98%. No SI (C-SSRS negative).
Spravato 84 mg (3 devices) self-administered: first device 1530 hrs, last device 1540 hrs, 5 min apart, under RN observation.
Monitoring: 1610 hrs BP 144/90; 1655 hrs BP 136/84; 1740 hrs BP 128/80. Dissociation peak 1600 hrs (CADSS 18), resolved 1650 hrs.
1745 hrs cleared for discharge after >= 2 hours of observation; REMS Patient Monitoring Form completed. Son driving.
"""
_add(
    "dev-b-048", T, setting="office", payer="commercial", dos="2025-10-09",
    lines=[_l("S0013", 84)],
    findings=[],
    administrations=[
        _adm(T, "esketamine", "other_route", "intranasal", "given", start="15:30", stop="15:40",
             billable=True, d=("Spravato 84 mg", "Spravato"), s=("first device 1530", "1530"),
             e=("last device 1540", "1540")),
    ],
    rationale="Commercial esketamine 84 mg before 2026-01-01: S0013 x84, no 963xx code (policy §4.6); REMS and >= 2 h monitoring documented, so no payer_policy_review. Times written '1530 hrs'.",
)

T = """Ketamine infusion - clinical note (Dr. A. Pemberton-Hale, MBChB)
Patient: Henrietta Oduya (fictional), 53F          Date: 02/06/2026
Reason for visit: ketamine infusion for treatment-resistant depression, course 2, session 3.
Diagnosis: Major depressive disorder, single episode, severe without psychotic features (F32.2).
Observations: Temp 36.8, pulse 72, BP 128/82, SpO2 98, weight 70.5 kg, MADRS 22.
Cannula: 22G left antecubital fossa, sited first time.

Ketamine 35 mg in 100 mL sodium chloride 0.9% by syringe driver; infusion commenced 9.32, completed 10.14.
Obs at 9.45 and 10.00 within normal limits. Mild dissociation only.
Discharged 10.40 to husband's care; advised no driving until tomorrow.
"""
_add(
    "dev-b-049", T, setting="office", payer="commercial", dos="2026-02-06",
    lines=[_l("96365", 1), _l("J3490", 1)],
    findings=["payer_policy_review", "unlisted_drug_code"],
    administrations=[
        _adm(T, "ketamine", "infusion", "IV", "given", start="09:32", stop="10:14", minutes=42,
             billable=True, d=("Ketamine 35 mg", "Ketamine"), s=("commenced 9.32", "9.32"),
             e=("completed 10.14", "10.14")),
    ],
    rationale="Dotted times: 9.32-10.14 = 42 min -> 96365 + J3490 (unlisted_drug_code, payer_policy_review). 'Temp 36.8' and 'weight 70.5 kg' are not times; the 22G antecubital cannula documents the site.",
)

T = """HOSPITAL OUTPATIENT INFUSION CENTER - Biologic Infusion Record
Pt: Percival Adeyemi-Stroud (fictional), 69M          DOS 01/08/2026          Medicare Part B
Dx: Crohn's disease, unspecified, without complications (K50.90). Remicade maintenance q8 weeks, dose 5 mg/kg (wt 80 kg).
Access: implanted port R chest accessed with 20g Huber, positive blood return.

Premedication:
  11:40 AM acetaminophen 650 mg PO
  11:40 AM diphenhydramine 25 mg IV push
  11:45 AM methylprednisolone (Solu-Medrol) 40 mg IV push
Infusion: Remicade (infliximab) 400 mg in 250 mL NS via pump with 0.2 micron filter; started at noon, titrated per protocol, completed at 2:15 PM. Four 100 mg vials reconstituted, entire contents used, no waste.
Vitals q30 min stable (BP 128/78 - 134/82, HR 68-76). No infusion reaction.
Post-infusion observation 30 min; port de-accessed 2:50 PM.
"""
_add(
    "dev-b-050", T, setting="facility", payer="medicare", dos="2026-01-08",
    lines=[_l("96413", 1), _l("96415", 1), _l("96375", 2), _l("J1745", 40, "JZ"),
           _l("J1200", 1), _l("J2920", 1)],
    findings=[],
    administrations=[
        _adm(T, "acetaminophen", "other_route", "PO", "given", start="11:40",
             d="acetaminophen", s=("11:40 AM acetaminophen", "11:40 AM")),
        _adm(T, "diphenhydramine", "push", "IV", "given", start="11:40", billable=True,
             d="diphenhydramine", s=("11:40 AM diphenhydramine", "11:40 AM")),
        _adm(T, "methylprednisolone", "push", "IV", "given", start="11:45", billable=True,
             d="methylprednisolone", s=("11:45 AM methylprednisolone", "11:45 AM")),
        _adm(T, "infliximab", "infusion", "IV", "given", start="12:00", stop="14:15", minutes=135,
             billable=True, d=("Remicade (infliximab)", "Remicade"), s=("at noon", "noon"),
             e=("completed at 2:15 PM", "2:15 PM")),
    ],
    rationale="Infliximab by IV infusion is chemo/complex tier (policy §2): noon-2:15 PM = 135 min -> 96413 + 96415 x1; the two premed pushes are 96375 x2; oral acetaminophen is not coded. J1745 x40 (400 mg / 10 mg) with JZ (Medicare single-dose biologic, no waste), J1200 x1, J2920 x1: methylprednisolone sodium succinate 40 mg is J2920 'up to 40 mg' in the HCPCS table (validators/tables/hcpcs_drugs.csv; the table wins, policy §5), not J2930 'up to 125 mg' (label corrected).",
)

T = """HOSPITAL OUTPATIENT DEPARTMENT - Treatment Room Note (late evening clinic)
Pt: Cassius Mbatha-Lorne (fictional), 24M          DOS 11/22/2025
Dx: Nausea with vomiting (R11.2); Dehydration (E86.0). 14 episodes of emesis since noon, unable to tolerate sips, HR 118, dry mucosa, orthostatic.

2335 PIV 20G L AC placed.
NS 1 L IV bolus for dehydration, 2340 to 0025.
Ondansetron 4 mg IV push at 2345.
0030 HR 96, no further emesis, tolerated 120 mL ginger ale.
0040 Discharged home with roommate; return precautions reviewed.
"""
_add(
    "dev-b-051", T, setting="facility", payer="commercial", dos="2025-11-22",
    lines=[_l("96374", 1), _l("96361", 1), _l("J2405", 4)],
    findings=[],
    administrations=[
        _adm(T, "normal saline", "infusion", "IV", "given", purpose="hydration", start="23:40",
             stop="00:25", minutes=45, billable=True, d=("NS 1 L", "NS"),
             s=("2340 to 0025", "2340"), e=("2340 to 0025", "0025")),
        _adm(T, "ondansetron", "push", "IV", "given", start="23:45", billable=True,
             d="Ondansetron", s=("push at 2345", "2345")),
    ],
    rationale="Hydration crosses midnight: 2340 to 0025 = 45 min in one encounter (policy §3). Facility hierarchy: push initial 96374 + J2405 x4, hydration secondary 96361 x1 (31-90).",
)

T = """URGENT CARE - Migraine Treatment
Pt: Seraphina Kowalewski (fictional), 38F          DOS 02/12/2026
CC: here for IV migraine cocktail. Migraine x 3 days, vomiting x4 today, unable to keep fluids down, poor PO intake for 2 days. Pain 9/10.
Dx: Migraine, unspecified, not intractable, without status migrainosus (G43.909); Nausea with vomiting (R11.2)
Vitals: BP 142/88, HR 104, T 98.6, SpO2 99%, dry mucous membranes.

PIV 22g L AC at 1358.
NS 1000 mL IV hydration 1400-1455.
Toradol 30 mg IVP at 1402, Reglan 10 mg IVP at 1405 and Benadryl 25 mg IVP at 1407.
1455: pain 2/10, HR 84, no emesis since arrival. Tolerating PO.
D/c home with husband driving; no driving after Benadryl.
"""
_add(
    "dev-b-052", T, setting="office", payer="commercial", dos="2026-02-12",
    lines=[_l("96374", 1), _l("96375", 2), _l("96361", 1), _l("J1885", 2), _l("J2765", 1),
           _l("J1200", 1)],
    findings=[],
    administrations=[
        _adm(T, "normal saline", "infusion", "IV", "given", purpose="hydration", start="14:00",
             stop="14:55", minutes=55, billable=True, d=("NS 1000 mL", "NS"),
             s=("1400-1455", "1400"), e=("1400-1455", "1455")),
        _adm(T, "ketorolac", "push", "IV", "given", start="14:02", billable=True,
             d="Toradol", s=("IVP at 1402", "1402")),
        _adm(T, "metoclopramide", "push", "IV", "given", start="14:05", billable=True,
             d="Reglan", s=("IVP at 1405", "1405")),
        _adm(T, "diphenhydramine", "push", "IV", "given", start="14:07", billable=True,
             d=("Benadryl 25 mg", "Benadryl"), s=("IVP at 1407", "1407")),
    ],
    rationale="Migraine cocktail as primary reason: its first drug by hierarchy (all pushes, earliest) ketorolac is 96374, metoclopramide and diphenhydramine 96375 x2; hydration 55 min with vomiting/poor intake 96361 x1. J1885 x2, J2765 x1, J1200 x1. Three drugs, three times in one sentence.",
)

T = """INFUSION VISIT - Internal Medicine Office          DOS 08/05/2025          Medicare
Pt: Horatio Bellweather (fictional), 77M
Reason for visit: IV iron. Iron deficiency anemia secondary to chronic GI blood loss (D50.0), angiodysplasia; oral iron ineffective. Hgb 9.0, ferritin 9.
Vitals: BP 134/76, HR 78, SpO2 97%, Wt 74 kg.

| Drug                               | Dose                | Route       | Site        | Start | Stop  | Comment                                        |
|------------------------------------|---------------------|-------------|-------------|-------|-------|------------------------------------------------|
| Diphenhydramine                    | 25 mg               | IV push     | 20G R hand  | 09:52 |       | premedication (prior pruritus)                 |
| Ferric carboxymaltose (Injectafer) | 750 mg in 250 mL NS | IV infusion | 20G R hand  | 10:00 | 10:20 | single-dose vial, entire vial used, no waste   |

Post-infusion observation 30 min, no reaction. Phosphorus check in 2 weeks.
"""
_add(
    "dev-b-053", T, setting="office", payer="medicare", dos="2025-08-05",
    lines=[_l("96365", 1), _l("96375", 1), _l("J1439", 750, "JZ"), _l("J1200", 1)],
    findings=[],
    administrations=[
        _adm(T, "diphenhydramine", "push", "IV", "given", start="09:52", billable=True,
             d="Diphenhydramine", s=("| 09:52 |", "09:52")),
        _adm(T, "ferric carboxymaltose", "infusion", "IV", "given", start="10:00", stop="10:20",
             minutes=20, billable=True, d="Ferric carboxymaltose",
             s=("| 10:00 |", "10:00"), e=("| 10:20 |", "10:20")),
    ],
    rationale="One table row per drug. IV iron (primary reason) 20 min: 96365 + J1439 x750 with JZ (Medicare single-dose, no waste); diphenhydramine push 96375 + J1200 x1.",
)

T = """OB/GYN OFFICE - Outpatient IV Hydration
Pt: Marguerite Osei-Blackwood (fictional), 30F, G2P1 at 10w3d          DOS 07/15/2025
Reason for visit: presents for IV hydration - mild hyperemesis gravidarum (O21.0), vomiting 6-8x/day, unable to keep fluids down, urine ketones 3+, lost 2 kg in a week.
Vitals: BP 104/64, HR 108, T 98.4, Wt 58 kg. Mucous membranes dry.
Access: port accessed (L chest, placed for HG last pregnancy), positive blood return.

0800 NS 1 L (1000 mL) IV at 250 mL/hr started.
0805 Ondansetron 4mg IVP.
1200 NS infusion complete, 1000 mL in. HR 88, no emesis since 0830, tolerating crackers.
Port de-accessed. RTC Thursday or sooner if unable to keep fluids down.
"""
_add(
    "dev-b-054", T, setting="office", payer="commercial", dos="2025-07-15",
    lines=[_l("96360", 1), _l("96361", 3), _l("96375", 1), _l("J2405", 4)],
    findings=[],
    administrations=[
        _adm(T, "normal saline", "infusion", "IV", "given", purpose="hydration", start="08:00",
             stop="12:00", minutes=240, billable=True, d=("0800 NS", "NS"),
             s=("0800 NS", "0800"), e=("1200 NS", "1200")),
        _adm(T, "ondansetron", "push", "IV", "given", start="08:05", billable=True,
             d="Ondansetron", s=("0805 Ondansetron", "0805")),
    ],
    rationale="Hydration is the stated primary reason: 0800-1200 = 240 min (1 L at 250 mL/hr agrees) -> 96360 + 96361 x3 (211-270); ondansetron '4mg' push 96375 + J2405 x4 (office, policy §4.4). Port access documents the site.",
)

T = """LAI CLINIC - Nursing Injection Record          Medicare
Pt: Ezekiel Branford-Nakamura (fictional), 66M          DOS 04/09/2025
Dx: Paranoid schizophrenia (F20.0); re-initiation after hospitalization.
Vitals: BP 128/82, HR 88, RR 16, T 98.6, Wt 84 kg, pain 0/10. AIMS 2.
Labs 04/02: A1c 5.9, Glucose 112, prolactin 28.4, ALT 22.

Invega Sustenna 234 mg IM L deltoid @1015 by RN Fairbanks (1 in needle, weight < 90 kg). Entire prefilled syringe administered - no waste.
1030 Observation complete, no reaction.
Plan: Invega Sustenna 156 mg IM (day 8 dose) on 04/16/2025, either deltoid.
"""
_add(
    "dev-b-055", T, setting="office", payer="medicare", dos="2025-04-09",
    lines=[_l("96372", 1), _l("J2426", 234, "JZ")],
    findings=[],
    administrations=[
        _adm(T, "paliperidone", "injection_sc_im", "IM", "given", start="10:15", billable=True,
             d=("Invega Sustenna 234 mg", "Invega Sustenna"), s=("@1015", "1015")),
        _adm(T, "paliperidone", "injection_sc_im", "IM", "planned",
             d=("Invega Sustenna 156 mg", "Invega Sustenna")),
    ],
    rationale="Paliperidone 234 mg IM (L deltoid): 96372 + J2426 x234 with JZ (Medicare single-dose LAI, zero waste). The day-8 dose is planned. BP 128/82, Glucose 112, A1c 5.9 are not times.",
)

T = """KETAMINE INFUSION - Nursing Note          Harborlight Ketamine Clinic
Patient: Delphine Achterhof-Ruiz (fictional), 34F          DOS 12/30/2025
Reason for visit: IV ketamine infusion #1 for treatment-resistant depression with passive suicidal ideation.
Dx: F33.2 MDD, recurrent, severe w/o psychotic features; R45.851 suicidal ideation (passive, no plan; safety plan on file).
Vitals 11:20 AM: BP 122/78, HR 80, SpO2 99%, Wt 66 kg, pain 0/10.
PIV 22g R AC placed 11:28 AM.
Ondansetron 4 mg IV push at 11:35 AM (prophylaxis).
Ketamine 33 mg (0.5 mg/kg) in 100 mL NS via pump, infused 11:40 AM to 12:25 PM.
Vitals 12:00 PM BP 136/86; 12:30 PM BP 124/80. Dissociation resolved 12:50 PM.
Discharged 1:05 PM with friend driving.
"""
_add(
    "dev-b-056", T, setting="office", payer="commercial", dos="2025-12-30",
    lines=[_l("96365", 1), _l("96375", 1), _l("J3490", 1), _l("J2405", 4)],
    findings=["payer_policy_review", "unlisted_drug_code"],
    administrations=[
        _adm(T, "ondansetron", "push", "IV", "given", start="11:35", billable=True,
             d="Ondansetron", s=("push at 11:35 AM", "11:35 AM")),
        _adm(T, "ketamine", "infusion", "IV", "given", start="11:40", stop="12:25", minutes=45,
             billable=True, d=("Ketamine 33 mg", "Ketamine"), s=("infused 11:40 AM", "11:40 AM"),
             e=("to 12:25 PM", "12:25 PM")),
    ],
    rationale="12-hour times across noon: 11:40 AM to 12:25 PM = 45 min ketamine (primary reason) 96365 + J3490; ondansetron push 96375 + J2405 x4. unlisted_drug_code; payer_policy_review (depression, suicidal ideation).",
)


# ---------------------------------------------------------------------------------------------
# Self-checks
# ---------------------------------------------------------------------------------------------


def _check(records: list[dict], id_pattern: str = r"dev-b-\d{3}") -> None:
    """Assert the record format; ``id_pattern`` is the full-match pattern of the ids."""
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for r in records:
        rid, text, gold = r["id"], r["text"], r["gold"]
        assert re.fullmatch(id_pattern, rid), rid
        assert 400 <= len(text) <= 2500, (rid, len(text))
        assert r["setting"] in SETTINGS and r["payer"] in PAYERS, rid
        assert _DATE.match(r["date_of_service"]), rid
        findings = gold["findings"]
        assert findings == sorted(set(findings)), (rid, "findings not sorted/unique")
        assert set(findings) <= FINDINGS, (rid, set(findings) - FINDINGS)
        assert gold["rationale"].strip(), rid
        keys = [(ln["code"], tuple(ln["modifiers"])) for ln in gold["lines"]]
        assert len(keys) == len(set(keys)), (rid, "lines not aggregated")
        for ln in gold["lines"] + (r["billed"] or []):
            assert isinstance(ln["units"], int) and ln["units"] >= 1, (rid, ln)
            assert not ("J7030" <= ln["code"] <= "J7131"), (rid, "IV solution line")
        for a in gold["administrations"]:
            assert a["technique"] in TECHNIQUES, (rid, a["technique"])
            assert a["route"] in ROUTES, (rid, a["route"])
            assert a["status"] in STATUSES, (rid, a["status"])
            assert a["purpose"] in PURPOSES, (rid, a["purpose"])
            assert a["drug"] is None or a["drug"] == a["drug"].lower(), (rid, a["drug"])
            for key in ("start", "stop"):
                assert a[key] is None or _HHMM.match(a[key]), (rid, key, a[key])
            if a["status"] != "given":
                assert not a["billable"] and a["start"] is None, (rid, "non-event with data")
            for key, (s, e) in a["spans"].items():
                assert key in ("drug", "start", "stop"), (rid, key)
                assert 0 <= s < e <= len(text) and text[s:e].strip(), (rid, key, s, e)


_check(NOTES)
