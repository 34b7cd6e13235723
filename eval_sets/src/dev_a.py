# ruff: noqa: E501
"""Eval set part A: coding rules (coding-policy.md §2-§5 and §7), ids ``dev-a-NNN``.

Hand-labelled notes. Labels come from ``coding-policy.md`` and ``docs/policy-interpretation.md``
only, never from program output. Every span is computed with ``_anchor.span`` (directly, or by
locating a token inside a context phrase found with ``span``). ``NOTES`` holds the gold records.
"""

from __future__ import annotations

import re

from eval_sets.src._anchor import span

SETTINGS = {"office", "facility"}
PAYERS = {"medicare", "medicaid", "commercial"}
TECHNIQUES = {"infusion", "push", "injection_sc_im", "intra_arterial", "sc_infusion", "other_route", None}
ROUTES = {"IV", "IM", "SC", "intranasal", "PO", "intra_arterial", None}
STATUSES = {"given", "planned", "ordered", "declined", "held", "historical", "hypothetical", "negated"}
PURPOSES = {"hydration", "kvo", "flush", None}
FINDINGS = {
    "missing_start_time", "missing_stop_time", "stop_time_derived", "missing_drug_name",
    "missing_dose", "dose_not_computable", "missing_route", "missing_site", "missing_diagnosis",
    "invalid_diagnosis_code", "missing_medical_necessity", "infusion_15_min_or_less",
    "hydration_30_min_or_less", "hydration_not_separately_billable", "interruption_times_missing",
    "multiple_initial_services", "repeat_push_not_billable_in_office", "units_exceed_mue",
    "unlisted_drug_code", "missing_waste_documentation", "payer_policy_review",
    "billed_code_not_supported", "supported_code_not_billed", "units_mismatch",
}

NOTES: list[dict] = []
TAGS: dict[str, str] = {}  # id -> what the note tests (for coverage reports; not part of a record)


def _loc(text: str, ref: str | tuple) -> list[int]:
    """Span of ``ref``: a phrase (first occurrence) or ``(context, token[, context_nth])``.

    For a tuple the context phrase is found with ``span`` and the token is the first occurrence
    of ``token`` (again found with ``span``) lying inside that context.
    """
    if isinstance(ref, str):
        return span(text, ref)
    ctx, tok, *rest = ref
    cs, ce = span(text, ctx, rest[0] if rest else 0)
    n = 0
    while True:
        s, e = span(text, tok, n)
        if s >= cs and e <= ce:
            return [s, e]
        n += 1


def _hhmm(token: str) -> str:
    digits = token.replace(":", "").strip()
    assert digits.isdigit() and len(digits) in (3, 4), token
    digits = digits.zfill(4)
    return f"{digits[:2]}:{digits[2:]}"


def A(text: str, drug: str | None, ref, technique: str | None, route: str | None, status: str, *,
      purpose: str | None = None, start=None, stop=None, stop_value: str | None = None,
      minutes: int | None = None, billable: bool = False) -> dict:
    """One gold administration; ``start``/``stop`` are span refs whose text gives the HH:MM value."""
    spans: dict[str, list[int]] = {}
    if ref is not None:
        spans["drug"] = _loc(text, ref)
    start_value = None
    if start is not None:
        spans["start"] = _loc(text, start)
        start_value = _hhmm(text[spans["start"][0]:spans["start"][1]])
    if stop is not None:
        spans["stop"] = _loc(text, stop)
        stop_value = _hhmm(text[spans["stop"][0]:spans["stop"][1]])
    return {"drug": drug, "technique": technique, "route": route, "status": status,
            "purpose": purpose, "start": start_value, "stop": stop_value, "minutes": minutes,
            "billable": billable, "spans": spans}


def L(code: str, units: int = 1, *modifiers: str) -> dict:
    return {"code": code, "units": units, "modifiers": list(modifiers)}


def _add(tag: str, text: str, setting: str, payer: str, dos: str, *, lines: list[dict],
         findings: list[str], adms: list[dict], rationale: str, billed: list[dict] | None = None) -> None:
    rid = f"dev-a-{len(NOTES) + 1:03d}"
    TAGS[rid] = tag
    NOTES.append({"id": rid, "text": text, "setting": setting, "payer": payer,
                  "date_of_service": dos, "billed": billed,
                  "gold": {"lines": lines, "findings": findings, "administrations": adms,
                           "rationale": rationale}})


# ---------------------------------------------------------------- time boundaries: infusion
T = """RIVERBEND NEPHROLOGY & INFUSION - OFFICE INFUSION NOTE
Patient: Harold Quimby   DOB: 02/11/1948 (77 y)   MRN: RB-448120
DOS: 03/14/2025   POS 11   Payer: Medicare Part B

Reason for visit: IV iron (Venofer) dose 3 of 5 for iron deficiency anemia in CKD stage 4.

Dx:
 1. D63.1 Anemia in chronic kidney disease
 2. N18.4 Chronic kidney disease, stage 4 (severe)
Labs 03/07: Hgb 9.1, ferritin 62, TSAT 14%, K 4.6, Cr 2.9.

Home meds: ferrous sulfate 325 mg PO daily (pt stopped d/t GI upset), amlodipine 10 mg PO daily, furosemide 40 mg PO BID.
Allergies: sulfa (rash).

Vitals 13:55  BP 142/78  HR 74  RR 16  T 97.9  SpO2 97% RA  Wt 81 kg

Procedure:
PIV 22g R forearm placed by RN, + blood return.
Iron sucrose 200 mg in 100 mL NS IVPB - Start 14:02 / Stop 14:17. Rate per pump protocol.
Single-dose vial (200 mg/10 mL); entire vial administered, no waste.
Observed 30 min post infusion, no hypotension, no rash. Vitals 14:47 BP 136/76 HR 72.
PIV removed, catheter intact, pressure dressing applied.

Supervising physician: Dr. N. Okafor, in suite.
RN: L. Perrault
"""
_add("infusion 15 min -> push (96374) + infusion_15_min_or_less; Medicare IV iron JZ", T, "office", "medicare", "2025-03-14",
     lines=[L("96374"), L("J1756", 200, "JZ")],
     findings=["infusion_15_min_or_less"],
     adms=[A(T, "iron sucrose", ("Iron sucrose 200 mg", "Iron sucrose"), "push", "IV", "given",
             start=("Start 14:02", "14:02"), stop=("Stop 14:17", "14:17"), minutes=15, billable=True)],
     rationale="The IVPB ran 15 minutes, so it is coded as an initial push 96374 with infusion_15_min_or_less (policy §3 push <= 15 min). Iron sucrose is a single-dose drug and zero waste is documented, so Medicare J1756 x 200 carries JZ (§5).")

T = """ST. ADALBERT MEDICAL CENTER - OUTPATIENT INFUSION SUITE (HOPD)
Encounter type: hospital outpatient, UB-04 / TOB 131
Patient: Marisol Venkataraman, 34 F   Acct# 7730019   DOS 02/09/2026
Insurance: State Medicaid MCO

Indication: iron deficiency anemia secondary to chronic blood loss (menorrhagia), intolerant of oral iron.
ICD-10-CM: D50.0
Hgb 8.4 g/dL, MCV 71, ferritin 5 ng/mL (01/28/2026).

Order: ferric carboxymaltose (Injectafer) 750 mg IV in NS 250 mL, infuse over at least 15 minutes. Dose 1 of 2.

Pre-infusion assessment 09:05: BP 118/70, HR 96, RR 18, T 98.4 F, SpO2 99%. Pain 0/10. Denies chest pain or SOB. Pt declined acetaminophen 650 mg PO premed.

IV access: 24g PIV L hand, good blood return.

INFUSION RECORD
Drug: Injectafer 750 mg/15 mL in NS 250 mL
Start Time: 0915 | Stop Time: 0931 | Rate: 940 mL/hr via pump
Tolerated. No hypersensitivity. 30-min observation completed 1001: BP 114/68 HR 88.

Discharge: ambulatory, instructions on hypophosphatemia symptoms given. Follow-up visit in 7 days.
RN: T. Abernathy, RN
"""
_add("infusion 16 min -> 96365 (facility)", T, "facility", "medicaid", "2026-02-09",
     lines=[L("96365"), L("J1439", 750)],
     findings=[],
     adms=[A(T, "acetaminophen", ("declined acetaminophen", "acetaminophen"), "other_route", "PO", "declined"),
           A(T, "ferric carboxymaltose", ("Drug: Injectafer", "Injectafer"), "infusion", "IV", "given",
             start=("Start Time: 0915", "0915"), stop=("Stop Time: 0931", "0931"), minutes=16, billable=True)],
     rationale="16 minutes reaches the 96365 threshold (>= 16 min, policy §3); J1439 is per 1 mg, 750 units; Medicaid has no JZ/JW. The declined oral premedication is a non-event (§2).")

T = """SUMMIT PAIN & KETAMINE CENTER - NURSING FLOWSHEET
Pt: Delphine Arroway | Age 46 | DOS 05/20/2025 | POS 11 | Ins: BlueHarbor PPO
Primary reason for visit: low-dose ketamine infusion #4 of 6 for CRPS type I, L arm.
Dx: G90.512 Complex regional pain syndrome I of left upper limb
Pain 8/10 L hand burning, allodynia. Weight 64 kg. BP 128/82.
Home meds: gabapentin 600 mg PO TID, duloxetine 60 mg PO daily.
Allergy: NKDA

Time | Event
1258 | PIV 20g R AC, placed x1 attempt
1302 | Ondansetron 4 mg ODT PO given for hx nausea w/ ketamine
1310 | Ketamine 60 mg in 250 mL NS infusion START, pump 167 mL/h
1325 | BP 131/84 HR 82 SpO2 98% RASS 0
1355 | BP 138/86 HR 85, mild dissociation, pt comfortable
1425 | BP 129/80 HR 78
1440 | Ketamine infusion STOP, line clamped
1510 | Recovery complete, A&Ox4, pain 4/10, d/c home with driver

Signed: R. Okonkwo, RN; supervising MD Dr. S. Feld on site
"""
_add("infusion 90 min -> 96365 x1 only; ketamine for pain (no payer flag); PO antiemetic no line", T, "office", "commercial", "2025-05-20",
     lines=[L("96365"), L("J3490")],
     findings=["unlisted_drug_code"],
     adms=[A(T, "ondansetron", ("1302 | Ondansetron", "Ondansetron"), "other_route", "PO", "given",
             start=("1302 | Ondansetron", "1302")),
           A(T, "ketamine", ("1310 | Ketamine", "Ketamine"), "infusion", "IV", "given",
             start=("1310 | Ketamine", "1310"), stop=("1440 | Ketamine", "1440"), minutes=90, billable=True)],
     rationale="90 minutes is still one 96365 unit (96366 needs >= 91, policy §3). Ketamine bills J3490 x 1 with unlisted_drug_code; the indication is CRPS, not psychiatric, so no payer_policy_review; oral ondansetron gets no line (§5).")

T = """LAKESHORE UNIVERSITY HOSPITAL - OUTPATIENT INTERVENTIONAL PSYCHIATRY (HOPD, UB-04)
DOS: 01/22/2026   Pt: Corwin Bellweather, 39 M   Insurance: Aetna Choice POS II

S: Returns for IV ketamine, 5th infusion of current series, for chronic PTSD with comorbid depressive symptoms. Had 6 ketamine infusions last year at another clinic with partial benefit. PCL-5 today 52 (prior 61). Denies SI/HI. Sleep improved.
O: BP 126/80, HR 77, RR 14, SpO2 99%, wt 88 kg. MSE: calm, linear, euthymic-to-anxious affect.
A: F43.12 Chronic post-traumatic stress disorder.
P/Procedure:
- 22g PIV placed L antecubital 09:58.
- Ketamine 40 mg (0.45 mg/kg) diluted in 100 mL NS via pump.
  Infusion start 10:04. Infusion end 11:35. Slow titration per protocol, no interruptions.
- Vitals q15min: peak BP 144/90 at 10:34, resolved without treatment. CADSS mild.
- Post-infusion monitoring until 12:20; discharged with spouse.
Next: ketamine infusion in 2 weeks.
Attending: Dr. P. Lindqvist   RN: A. Mbeki
"""
_add("infusion 91 min -> 96365 + 96366 x1; historical and planned ketamine", T, "facility", "commercial", "2026-01-22",
     lines=[L("96365"), L("96366"), L("J3490")],
     findings=["payer_policy_review", "unlisted_drug_code"],
     adms=[A(T, "ketamine", ("Had 6 ketamine infusions", "ketamine"), "infusion", "IV", "historical"),
           A(T, "ketamine", ("Ketamine 40 mg", "Ketamine"), "infusion", "IV", "given",
             start=("Infusion start 10:04", "10:04"), stop=("Infusion end 11:35", "11:35"), minutes=91, billable=True),
           A(T, "ketamine", ("Next: ketamine infusion", "ketamine"), "infusion", "IV", "planned")],
     rationale="91 running minutes gives 96365 + 96366 x 1 (91-150 -> 1, policy §3); the 100 mL NS is vehicle (no finding). Ketamine for PTSD: J3490 (unlisted_drug_code) and payer_policy_review; last year's and the next infusion are non-events (§2).")

T = """MAR EXPORT - Cascade Ketamine & Pain Clinic (POS 11, professional claim)
Patient: Ignatius Farrow   DOB 1971-04-30   Medicaid ID XK44910
Encounter: 08/06/2025 08:05-11:40   Visit reason: ketamine infusion for CRPS R leg
Diagnosis: G90.521 Complex regional pain syndrome I of right lower limb

08/06/2025 08:12  PIV 20G L forearm  Inserted  RN KMT
08/06/2025 08:20  Vitals  BP 134/88 HR 81 SpO2 97% Pain 7/10  RN KMT
08/06/2025 08:30  Ketamine 100 mg in NS 500 mL IV  Started  @200 mL/hr  RN KMT
08/06/2025 09:30  Ketamine  Rate verified 200 mL/hr; BP 141/90  RN KMT
08/06/2025 10:15  Vitals  BP 133/85 HR 76 SpO2 98%  RN KMT
08/06/2025 11:00  Ketamine 100 mg in NS 500 mL IV  Stopped  bag complete  RN KMT
08/06/2025 11:35  Discharge  Pain 3/10, ambulatory, ride present  RN KMT

Provider addendum (Dr. V. Hollis): Tolerated well, mild nystagmus only. Plan: repeat ketamine infusion next week; consider IV lidocaine trial if plateau.
"""
_add("infusion 150 min -> 96365 + 96366 x1; planned + hypothetical", T, "office", "medicaid", "2025-08-06",
     lines=[L("96365"), L("96366"), L("J3490")],
     findings=["unlisted_drug_code"],
     adms=[A(T, "ketamine", ("08:30  Ketamine", "Ketamine"), "infusion", "IV", "given",
             start=("08/06/2025 08:30", "08:30"), stop=("08/06/2025 11:00", "11:00"), minutes=150, billable=True),
           A(T, "ketamine", ("repeat ketamine infusion", "ketamine"), "infusion", "IV", "planned"),
           A(T, "lidocaine", ("IV lidocaine trial", "lidocaine"), None, "IV", "hypothetical")],
     rationale="150 minutes is still 96365 + 96366 x 1 (91-150, policy §3). Ketamine for CRPS: J3490 with unlisted_drug_code only; the planned ketamine and the hypothetical lidocaine are non-events (§2).")

T = """MERCY VALLEY HOSPITAL - PAIN MEDICINE INFUSION UNIT (hospital outpatient department)
Procedure note   DOS 03/03/2026   Medicare   Pt: Gwendolyn Osterhaus, 68 F

Diagnosis: complex regional pain syndrome I of right upper limb (G90.511), refractory to stellate ganglion blocks.
Indication: sub-anesthetic ketamine infusion per pain protocol.
Pre-procedure: BP 138/82, HR 70, SpO2 96%, pain 9/10, weight 59 kg. Glucose 104.
Access: 22 ga peripheral IV, left hand, placed 08:02.
Medications administered:
  08:10 ondansetron 4 mg IV push (nausea prophylaxis) - RN G. Tamsin
  Ketamine 0.5 mg/kg/hr = 30 mg/hr; total 75 mg in 250 mL 0.9% NaCl by pump
    start 08:14    stop 10:45
Monitoring: continuous SpO2/ECG; no hold required. Max BP 152/88 at 09:30.
Post: pain 5/10, mild dizziness resolved. Discharged 11:30 with son.
Physician: Dr. A. Castellanos
"""
_add("infusion 151 min -> 96365 + 96366 x2; facility hierarchy infusion > push", T, "facility", "medicare", "2026-03-03",
     lines=[L("96365"), L("96366", 2), L("96375"), L("J3490"), L("J2405", 4)],
     findings=["unlisted_drug_code"],
     adms=[A(T, "ondansetron", ("08:10 ondansetron", "ondansetron"), "push", "IV", "given",
             start=("08:10 ondansetron", "08:10"), billable=True),
           A(T, "ketamine", ("Ketamine 0.5 mg/kg/hr", "Ketamine"), "infusion", "IV", "given",
             start=("start 08:14", "08:14"), stop=("stop 10:45", "10:45"), minutes=151, billable=True)],
     rationale="151 minutes crosses into the second 96366 unit (151-210 -> 2, policy §3); in facility the infusion outranks the earlier push, which becomes 96375 (§4.2-4.3). Ketamine for CRPS: J3490 + unlisted_drug_code, no payer flag; neither drug is single-dose flagged.")

T = """CEDAR HOLLOW CANCER INSTITUTE - HOSPITAL OUTPATIENT INFUSION (UB-04)
Chemotherapy/Biotherapy Administration Record
Patient: Bartholomew Keane   Age 72   DOS 10/16/2025   Payer: Medicare
Dx: C83.38 Diffuse large B-cell lymphoma, lymph nodes of multiple sites. Cycle 2 rituximab (subsequent infusion, prior infusion tolerated).
Ht 178 cm  Wt 80 kg  BSA 1.87 m2. ANC 2.1, Plt 188, Cr 0.9.
Access: port-a-cath R chest accessed 09:05 with 20g Huber needle, + blood return.

Premedications:
 09:10 acetaminophen 650 mg PO
 09:20 diphenhydramine 50 mg IV push over 2 min
Antineoplastic / biologic:
 Rituximab 700 mg (375 mg/m2) in 700 mL NS (1 mg/mL)
 Start 09:35 - rate 100 mg/h x 30 min, then increased to 200 mg/h
 Complete 13:05
Vials: 1 x 500 mg + 2 x 100 mg single-dose vials; entire contents of all vials administered - no waste.
Reactions: none. VS q30 min stable (BP 128/74 - 134/80, HR 68-75).
Port de-accessed 13:20, dressing applied.
RN: C. Delacroix, OCN
"""
_add("chemo tier: rituximab 210 min -> 96413 + 96415 x2; antihistamine push 96375; Medicare mAb JZ", T, "facility", "medicare", "2025-10-16",
     lines=[L("96413"), L("96415", 2), L("96375"), L("J9312", 70, "JZ"), L("J1200")],
     findings=[],
     adms=[A(T, "acetaminophen", ("09:10 acetaminophen", "acetaminophen"), "other_route", "PO", "given",
             start=("09:10 acetaminophen", "09:10")),
           A(T, "diphenhydramine", ("09:20 diphenhydramine", "diphenhydramine"), "push", "IV", "given",
             start=("09:20 diphenhydramine", "09:20"), billable=True),
           A(T, "rituximab", ("Rituximab 700 mg", "Rituximab"), "infusion", "IV", "given",
             start=("Start 09:35", "09:35"), stop=("Complete 13:05", "13:05"), minutes=210, billable=True)],
     rationale="Rituximab by IV infusion is chemo/complex tier (policy §2): 210 minutes -> 96413 + 96415 x 2 (151-210); the diphenhydramine push is subsequent 96375. Rituximab is single-dose with zero waste documented -> J9312 x 70 JZ (Medicare, §5); oral acetaminophen has no line.")

T = """NORTHGATE INTEGRATIVE PAIN - INFUSION VISIT (office, POS 11)
Patient: Otto Brennecke, 52 M      DOS: 04/14/2026      Insurance: Medicaid (Molina)
CC: here for 4-hour ketamine infusion (protocol visit 2 of 3).
Dx: G89.4 Chronic pain syndrome; M79.7 Fibromyalgia.
Hx: failed 2 neuropathic agents and PT. Weight 97 kg. Pain 7/10.
Vitals: BP 150/95 (pre-med anxiety), HR 90, SpO2 97%, T 98.1.
Med list: tramadol 50 mg PO q6h prn, cyclobenzaprine 10 mg PO qhs.

IV: 20g PIV R forearm, blood return +.
Pt anxious about needles. Denies SI. Midazolam 2 mg IV push at 0905 for procedural anxiety.
Offered ketorolac for breakthrough pain - pt declined.

INFUSION
Ketamine 145 mg in NS 500 mL (approx 0.375 mg/kg/hr, 4 h protocol)
Start Time: 0900 | Stop Time: 1231 | continuous, no pauses
q30 min VS: BP range 132-146/80-92, SpO2 96-99%.

Post: pain 3/10, alert, steady gait. D/C 1300 with wife.
MD: J. Ferreira, DO
"""
_add("infusion 211 min -> 96365 + 96366 x3; push after negation trap; declined drug", T, "office", "medicaid", "2026-04-14",
     lines=[L("96365"), L("96366", 3), L("96375"), L("J3490"), L("J2250", 2)],
     findings=["unlisted_drug_code"],
     adms=[A(T, "midazolam", ("Midazolam 2 mg", "Midazolam"), "push", "IV", "given",
             start=("push at 0905", "0905"), billable=True),
           A(T, "ketorolac", ("Offered ketorolac", "ketorolac"), None, None, "declined"),
           A(T, "ketamine", ("Ketamine 145 mg", "Ketamine"), "infusion", "IV", "given",
             start=("Start Time: 0900", "0900"), stop=("Stop Time: 1231", "1231"), minutes=211, billable=True)],
     rationale="211 minutes -> 96365 + 96366 x 3 (211-270, policy §3); the primary reason is the ketamine infusion, the midazolam push (given right after 'Denies SI') is 96375 + J2250 x 2. Ketamine for chronic pain: J3490 + unlisted_drug_code, no payer flag; declined ketorolac is a non-event.")

# ---------------------------------------------------------------- time boundaries: hydration
T = """QuickCare Urgent Care - provider note (POS 20, professional claim)
Pt: Shayla Brookner  27F  DOS 7/2/2025  Ins: Cigna OAP

CC: n/v/d x2 days, lightheaded
HPI: ~8 episodes emesis since yest, unable to keep liquids down, + watery diarrhea. No blood. Denies abd pain. LMP 2 wks ago, UPT neg.
Vitals: BP 104/62 sitting -> 92/58 standing, HR 112, T 99.1, RR 18, SpO2 99%.
Exam: dry mucous membranes, abd soft NT, cap refill 3 sec.
Labs: POC glucose 88.
A: dehydration (E86.0), viral gastroenteritis (A08.4)
P:
- zofran 4mg ODT given 1512, tolerated
- PIV 20g R hand, LR 1000 mL bolus wide open started 1520; pt needed to leave for childcare, IV d/c'd 1550 (approx 600 mL infused)
- offered IV toradol for cramping, pt declined
- PO challenge passed w/ gatorade
- f/u PCP 48h, ED precautions reviewed
NP: K. Vasquez-Oyelaran
"""
_add("hydration 30 min -> no line, hydration_30_min_or_less (no billable lines)", T, "office", "commercial", "2025-07-02",
     lines=[],
     findings=["hydration_30_min_or_less"],
     adms=[A(T, "ondansetron", ("zofran 4mg ODT", "zofran"), "other_route", "PO", "given",
             start=("given 1512", "1512")),
           A(T, "lactated ringers", ("LR 1000 mL bolus", "LR"), "infusion", "IV", "given", purpose="hydration",
             start=("started 1520", "1520"), stop=("d/c'd 1550", "1550"), minutes=30),
           A(T, "ketorolac", ("IV toradol", "toradol"), None, "IV", "declined")],
     rationale="Hydration of exactly 30 minutes is never billable (policy §3: >= 31 min): no line, hydration_30_min_or_less. ODT ondansetron is oral (no line) and the toradol was declined, so the note supports no claim line.")

T = """Heritage Family Medicine - Nurse Procedure Note (POS 11)
Patient: Eleanor Pruitt, 81 F   DOS 06/10/2026   Medicare Part B
Seen by Dr. Haskins today (separate note) for 3 days of diarrhea, poor oral intake and orthostatic dizziness. Order: NS 1 L IV bolus for dehydration.
Dx: E86.0 Dehydration; A09 Infectious gastroenteritis and colitis, unspecified
Labs today: BUN 34, Cr 1.3 (baseline 0.9), Na 134, K 3.6, glucose 96.
Orthostatics: supine 128/70 HR 88 -> standing 104/62 HR 108.
Home meds: lisinopril 10 mg daily (held x 3 days per MD), metformin 500 mg BID.

IV: 22g L forearm by RN at 10:08.
Normal saline 1000 mL IV bolus - started 10:12, completed 10:43.
Reassessed 10:50: HR 92 standing, orthostatic sx resolved, tolerating sips of water.
Sent home with oral rehydration instructions; recheck BMP in 48 h.
RN: D. Whitcombe   Supervising: Dr. M. Haskins (on site)
"""
_add("hydration 31 min -> 96360 x1", T, "office", "medicare", "2026-06-10",
     lines=[L("96360")],
     findings=[],
     adms=[A(T, "normal saline", ("Normal saline 1000 mL", "Normal saline"), "infusion", "IV", "given", purpose="hydration",
             start=("started 10:12", "10:12"), stop=("completed 10:43", "10:43"), minutes=31, billable=True)],
     rationale="31 minutes of medically necessary hydration (dehydration, orthostasis, elevated BUN) meets the 96360 threshold (policy §3). The held lisinopril is a home-medication instruction, not an administration.")

T = """WOMEN'S HEALTH PAVILION - HOSPITAL OUTPATIENT TREATMENT AREA (facility claim)
Name: Priya Castellano-Reyes   DOB 03/22/1996   DOS 09/18/2025   Coverage: Medicaid

G2P1 at 10w3d with hyperemesis gravidarum: unable to tolerate PO x 36 h, 2.5 kg weight loss, urine ketones 3+, K 3.4.
Dx: O21.1 Hyperemesis gravidarum with metabolic disturbance
Vitals: BP 102/64, HR 116, T 98.8, SpO2 99%. Mucous membranes dry.
Home meds: prenatal vitamin daily, doxylamine-pyridoxine 10/10 mg PO qhs.

IV 20g L forearm.
0.9% NaCl 1000 mL IV at 667 mL/hr for rehydration
   start 14:00     end 15:30
Reassessment: HR 94, voided, tolerating ice chips and crackers.
Plan: consider promethazine 12.5 mg IV if vomiting recurs; return precautions. OB f/u Monday.
RN: H. Lindgren
"""
_add("hydration 90 min -> 96360 x1 (facility); hypothetical drug", T, "facility", "medicaid", "2025-09-18",
     lines=[L("96360")],
     findings=[],
     adms=[A(T, "normal saline", ("0.9% NaCl 1000 mL", "0.9% NaCl"), "infusion", "IV", "given", purpose="hydration",
             start=("start 14:00", "14:00"), stop=("end 15:30", "15:30"), minutes=90, billable=True),
           A(T, "promethazine", ("consider promethazine", "promethazine"), None, "IV", "hypothetical")],
     rationale="90 minutes of hydration is 96360 x 1 with no add-on (96361 needs >= 91, policy §3); hyperemesis with ketonuria shows necessity. 'Consider promethazine' is hypothetical (§2).")

T = """BAYVIEW GI ASSOCIATES - INFUSION ROOM (POS 11)
=== IV HYDRATION DOCUMENTATION ===
Patient: Tobias Wrenfield      Sex: M   Age: 29
Date of service: 02/27/2026       Plan: UnitedHealthcare Choice Plus
Reason for visit: IV fluids for dehydration - Crohn's flare with high ileostomy output (1.8 L/day).
Diagnoses: K50.00 Crohn's disease of small intestine without complications; E86.0 Dehydration
Pertinent labs: BUN 31, Cr 1.4, Na 133, K 3.5.
Vitals pre: BP 108/66 | HR 109 | T 98.6 | SpO2 99% | Pain 3/10
Meds (home): budesonide 9 mg PO daily, loperamide 4 mg PO QID.

IV site: 22g R hand (RN J. Tran)
Fluid: Lactated Ringer's 1000 mL
Start Time: 08:47 | Stop Time: 10:18 | Rate: 660 mL/hr
Post: HR 88, BP 118/72, dizziness resolved, urine output 250 mL.
Disposition: home; GI follow-up in 1 week.
"""
_add("hydration 91 min -> 96360 + 96361 x1", T, "office", "commercial", "2026-02-27",
     lines=[L("96360"), L("96361")],
     findings=[],
     adms=[A(T, "lactated ringers", ("Fluid: Lactated Ringer's", "Lactated Ringer's"), "infusion", "IV", "given", purpose="hydration",
             start=("Start Time: 08:47", "08:47"), stop=("Stop Time: 10:18", "10:18"), minutes=91, billable=True)],
     rationale="91 minutes of hydration: 96360 (31-90) plus the first 96361 hour (91-150, policy §3). High-output ileostomy with elevated BUN documents necessity.")

T = """PINE RIDGE COMMUNITY HOSPITAL - OUTPATIENT INFUSION CENTER
HOPD encounter (UB-04)     DOS: 08/11/2026     Payer: Medicare
Patient: Walter Gruenfeld, 84 M

Referred by PCP for IV fluids: prerenal AKI after 4 days of poor oral intake during a heat wave.
Dx: N17.9 Acute kidney failure, unspecified; E86.0 Dehydration.
Labs 08/10: BUN 48, Cr 2.1 (baseline 1.1), Na 147.
Vitals: BP 98/58, HR 104, T 98.2, SpO2 96%. Skin turgor poor, mucosa dry.
Home meds: furosemide 40 mg PO daily, tamsulosin 0.4 mg qhs, aspirin 81 mg.
Furosemide 40 mg IV ordered by covering resident this morning - HELD by RN per nephrology (hypovolemic), not given.

IV access: 20g PIV R forearm, placed 08:52.
NS 0.9% 2000 mL IV @ 800 mL/hr
   Start 09:00
   Stop 11:30 (both liters complete)
Reassessed: BP 118/66, HR 86, voided 300 mL.
Plan: repeat BMP tomorrow AM.
RN: O. Adeyemi   Attending: Dr. L. Sorensen
"""
_add("hydration 150 min -> 96360 + 96361 x1 (facility); held drug", T, "facility", "medicare", "2026-08-11",
     lines=[L("96360"), L("96361")],
     findings=[],
     adms=[A(T, "furosemide", ("Furosemide 40 mg IV", "Furosemide"), None, "IV", "held"),
           A(T, "normal saline", ("NS 0.9% 2000 mL", "NS"), "infusion", "IV", "given", purpose="hydration",
             start=("Start 09:00", "09:00"), stop=("Stop 11:30", "11:30"), minutes=150, billable=True)],
     rationale="150 minutes of hydration alone: 96360 + 96361 x 1 (91-150, policy §3); the IV furosemide was held and is a non-event (§2).")

T = """ELM STREET PEDIATRICS & YOUNG ADULT CLINIC (POS 11)
Nursing IV hydration flowsheet
Patient: Jaylen Okoro-Smith   19 M   DOS: 11/05/2025   Insurance: Medicaid
Reason for visit: IV hydration for dehydration from acute gastroenteritis (vomiting x 12, unable to keep PO down since last night).
Dx codes: E86.0, K52.9
Wt 66 kg (baseline 69 kg). HR 121, BP 110/64, T 100.2, RR 18. Glucose 74, bicarb 18.

12:01  PIV 22G L hand placed (2nd attempt)
12:05  NS 0.9% 2 L bolus IV started, 20 mL/kg then 150 mL/hr
12:35  HR 112, still nauseated
13:30  HR 98, tolerating sips
14:36  NS infusion stopped, 1.6 L infused
14:45  PO challenge passed, voided

Discharge with ORS and BRAT diet handout. Return if unable to drink.
RN: M. Feeney   Provider: Dr. P. Abara
"""
_add("hydration 151 min -> 96360 + 96361 x2", T, "office", "medicaid", "2025-11-05",
     lines=[L("96360"), L("96361", 2)],
     findings=[],
     adms=[A(T, "normal saline", ("12:05  NS 0.9%", "NS"), "infusion", "IV", "given", purpose="hydration",
             start=("12:05  NS", "12:05"), stop=("14:36  NS", "14:36"), minutes=151, billable=True)],
     rationale="151 minutes of hydration: 96360 + 96361 x 2 (151-210 -> 2 add-on units, policy §3); vomiting and tachycardia document necessity.")

# ---------------------------------------------------------------- hierarchy: office vs facility
T = """CROSSROADS INTERNAL MEDICINE - OFFICE INFUSION NOTE (POS 11)
DOS: 04/08/2025   Patient: Lucinda Marsh, 58 F   Insurance: Anthem PPO
Reason for visit: IV hydration for dehydration (gastroenteritis with orthostasis).

S: 2 days of vomiting and diarrhea, minimal PO intake, dizzy on standing.
O: BP 122/76 supine -> 98/60 standing, HR 94 -> 118. Dry mucosa. BUN 29, Cr 1.0, K 3.4.
A: E86.0 Dehydration; R11.2 Nausea with vomiting, unspecified
P: NS 1 L IV; antiemetic.

Procedure:
PIV 20g L forearm.
NS 1000 mL IV 10:00-11:45 (pump 570 mL/h).
Ondansetron 4 mg IVP 10:05 for active nausea.
Orthostatics repeated 11:50: HR 90 standing, asymptomatic.
Discharged home; clear liquids, advance as tolerated.
Dr. Y. Hallorann / RN K. Poe
"""
_add("§10 Ex 2 office: hydration-primary + push -> 96360 + 96361 + 96375 (differs from §10)", T, "office", "commercial", "2025-04-08",
     lines=[L("96360"), L("96361"), L("96375"), L("J2405", 4)],
     findings=[],
     adms=[A(T, "normal saline", ("NS 1000 mL IV", "NS"), "infusion", "IV", "given", purpose="hydration",
             start=("IV 10:00-11:45", "10:00"), stop=("IV 10:00-11:45", "11:45"), minutes=105, billable=True),
           A(T, "ondansetron", ("Ondansetron 4 mg IVP", "Ondansetron"), "push", "IV", "given",
             start=("IVP 10:05", "10:05"), billable=True)],
     rationale="Office: the documented primary reason is IV hydration, so 96360 is initial (105 min -> 96360 + 96361 x 1) and the push is 96375 (policy §4.2/§4.4). drug-administration-rules §10 Ex 2 recommends 96374 + 96361 x 2 here; coding-policy §4.4 lets 96360 be the primary of 96375 in office, and the policy wins.")

T = """ST. BRENDAN REGIONAL HOSPITAL - EMERGENCY DEPT / OUTPATIENT (facility UB-04)
DOS 04/21/2025   Medicare   Pt: Anselm Grady, 71 M
Triage: vomiting and watery stools x 2 days, lightheaded when standing.
Exam: dry mucosa, orthostatic (HR 84 -> 112). BUN 33, Cr 1.2, K 3.5, lactate 1.1.
ICD-10: E86.0 Dehydration; R11.2 Nausea with vomiting, unspecified; A08.4 Viral intestinal infection, unspecified.

Orders/MAR:
- PIV 18g R AC
- Normal saline 1,000 mL IV: start 10:00, stop 11:45
- Ondansetron 4 mg IV push at 10:05 (given over 2 min)
Reassessed 11:50: tolerating PO, orthostatics negative.
Disposition: discharged home, return precautions.
ED RN: B. Sato    ED physician: Dr. R. Mwangi (professional E/M billed separately)
"""
_add("§10 Ex 2 facility: push outranks hydration -> 96374 + 96361 x2", T, "facility", "medicare", "2025-04-21",
     lines=[L("96374"), L("96361", 2), L("J2405", 4)],
     findings=[],
     adms=[A(T, "normal saline", ("Normal saline 1,000 mL", "Normal saline"), "infusion", "IV", "given", purpose="hydration",
             start=("start 10:00", "10:00"), stop=("stop 11:45", "11:45"), minutes=105, billable=True),
           A(T, "ondansetron", ("Ondansetron 4 mg IV push", "Ondansetron"), "push", "IV", "given",
             start=("push at 10:05", "10:05"), billable=True)],
     rationale="Facility hierarchy: therapeutic push > hydration, so 96374 is initial and the 105 minutes of hydration are secondary 96361 x 2 (91-150 -> 2, policy §3/§4.2); pushes do not subtract from hydration minutes. Same as drug-administration-rules §10 Ex 2.")

T = """MIDTOWN WALK-IN & FAMILY CARE (office, POS 11) - Provider Note
DOS: 03/19/2026   Pt: Reuben Castellanos, 33 M   Ins: Humana commercial HMO

CC: abdominal pain
HPI: RLQ/flank cramping pain since last night, 3 episodes of emesis this morning, unable to keep water down. Pain 8/10.
ROS: no fever, no hematuria seen. Hx kidney stone 2022.
Vitals: BP 150/95, HR 104, T 98.9, SpO2 99%. UA: 2+ blood.
Dx: N23 Unspecified renal colic; R11.2 Nausea with vomiting, unspecified.

Treatment:
 PIV 20g L AC.
 NS 1000 mL IV started 11:00, completed 12:10.
 Ondansetron 4 mg IV push 11:04.
 Ketorolac 30 mg IV push 11:08.
Re-eval 12:15: pain 3/10, no further emesis.
Plan: CT stone protocol today (order placed); Rx sent for tamsulosin; strain urine.
Dr. E. Nakashima
"""
_add("office, no clear primary reason -> facility hierarchy (push initial, hydration 96361)", T, "office", "commercial", "2026-03-19",
     lines=[L("96374"), L("96375"), L("96361"), L("J2405", 4), L("J1885", 2)],
     findings=[],
     adms=[A(T, "normal saline", ("NS 1000 mL IV", "NS"), "infusion", "IV", "given", purpose="hydration",
             start=("started 11:00", "11:00"), stop=("completed 12:10", "12:10"), minutes=70, billable=True),
           A(T, "ondansetron", ("Ondansetron 4 mg IV push", "Ondansetron"), "push", "IV", "given",
             start=("push 11:04", "11:04"), billable=True),
           A(T, "ketorolac", ("Ketorolac 30 mg IV push", "Ketorolac"), "push", "IV", "given",
             start=("push 11:08", "11:08"), billable=True)],
     rationale="The office note names only a symptom (CC abdominal pain), not a primary service, so the facility hierarchy applies (policy §4.2 [configurable]): the earliest push 96374 is initial, the second push 96375, and 70 minutes of hydration (vomiting, unable to keep water down) is secondary 96361 x 1.")

# ---------------------------------------------------------------- chemo tier
T = """HOLLIS-WARD CANCER CENTER (hospital outpatient department) - INFUSION RECORD
Patient: Beatrix Lund, 63 F    DOS 05/12/2026    Ins: Cigna Open Access
Regimen: carboplatin AUC 5 q21d, cycle 4 (platinum-sensitive recurrence).
Dx: C56.9 Malignant neoplasm of unspecified ovary.
Since last cycle: poor oral intake x 3 days, emesis x 2 yesterday; BUN 29, Cr 0.8; orthostatic HR 82 -> 106.
Wt 61 kg. Vitals: BP 112/70, HR 96, T 98.0, SpO2 98%. Stage IV disease, ECOG 1.
Access: R chest port accessed 07:55, brisk blood return.

08:00  NS 0.9% IV hydration started (poor PO intake)
08:45  NS hydration stopped (500 mL)
08:45  Ondansetron 16 mg in 50 mL NS IVPB started
09:00  Ondansetron IVPB complete
09:00  Carboplatin 450 mg in 250 mL D5W IV started
09:45  Carboplatin complete
09:45  NS 0.9% IV post-hydration started
10:30  NS post-hydration stopped
Tolerated; no hypersensitivity. Port de-accessed 10:40.
RN: V. Oduya, OCN   Oncologist: Dr. H. Strand
"""
_add("§10 Ex 3: carboplatin 96413; 15-min IVPB antiemetic -> 96375; pre/post hydration intervals not summed", T, "facility", "commercial", "2026-05-12",
     lines=[L("96413"), L("96375"), L("96361", 2), L("J9045", 9), L("J2405", 16)],
     findings=["infusion_15_min_or_less"],
     adms=[A(T, "normal saline", ("08:00  NS 0.9%", "NS"), "infusion", "IV", "given", purpose="hydration",
             start=("08:00  NS", "08:00"), stop=("08:45  NS", "08:45"), minutes=45, billable=True),
           A(T, "ondansetron", ("08:45  Ondansetron", "Ondansetron"), "push", "IV", "given",
             start=("08:45  Ondansetron", "08:45"), stop=("09:00  Ondansetron", "09:00"), minutes=15, billable=True),
           A(T, "carboplatin", ("09:00  Carboplatin", "Carboplatin"), "infusion", "IV", "given",
             start=("09:00  Carboplatin", "09:00"), stop=("09:45  Carboplatin", "09:45"), minutes=45, billable=True),
           A(T, "normal saline", ("09:45  NS 0.9%", "NS"), "infusion", "IV", "given", purpose="hydration",
             start=("09:45  NS", "09:45"), stop=("10:30  NS", "10:30"), minutes=45, billable=True)],
     rationale="Carboplatin (antineoplastic) is the initial 96413; the 15-minute ondansetron IVPB is a push 96375 with infusion_15_min_or_less; each 45-minute hydration interval is secondary 96361 x 1, not summed (policy §3 [configurable]) -> 96361 x 2. drug-administration-rules §10 Ex 3 sums to 96361 x 1; the policy default differs. 'Stage IV' is disease stage, not a route.")

T = """RIVERSTONE GASTROENTEROLOGY - INFUSION CENTER (physician office, POS 11)
Infusion Visit   DOS: 06/17/2025   Patient: Caspian Whitlock, 41 M   Ins: Aetna PPO
Reason for visit: infliximab (Remicade) maintenance infusion #6 for Crohn's disease.
Dx: K50.00 Crohn's disease of small intestine without complications.
Weight 80 kg -> infliximab 5 mg/kg = 400 mg. TB screen neg (01/2025). No active infection.
Vitals pre: BP 124/78, HR 72, T 98.3, RR 14, SpO2 99%.

Access: 22g PIV L forearm.
Premedication:
  09:00  acetaminophen 650 mg PO
  09:05  diphenhydramine 25 mg IV push
  09:07  methylprednisolone sodium succinate 40 mg IV push
Infusion:
  Infliximab 400 mg in 250 mL NS via 1.2 micron filter
  Start 09:15  Stop 11:20  (standard 2-hour rate)
VS q30 min stable. No infusion reaction. Observed 30 min after.
GI follow-up in 8 weeks.
RN: S. Haddad   Supervising MD: Dr. T. Ibsen (in office)
"""
_add("chemo tier: infliximab IV 125 min -> 96413 + 96415 x1; two premed pushes 96375 x2", T, "office", "commercial", "2025-06-17",
     lines=[L("96413"), L("96415"), L("96375", 2), L("J1745", 40), L("J1200"), L("J2920")],
     findings=[],
     adms=[A(T, "acetaminophen", ("09:00  acetaminophen", "acetaminophen"), "other_route", "PO", "given",
             start=("09:00  acetaminophen", "09:00")),
           A(T, "diphenhydramine", ("09:05  diphenhydramine", "diphenhydramine"), "push", "IV", "given",
             start=("09:05  diphenhydramine", "09:05"), billable=True),
           A(T, "methylprednisolone", ("09:07  methylprednisolone", "methylprednisolone"), "push", "IV", "given",
             start=("09:07  methylprednisolone", "09:07"), billable=True),
           A(T, "infliximab", ("Infliximab 400 mg", "Infliximab"), "infusion", "IV", "given",
             start=("Start 09:15", "09:15"), stop=("Stop 11:20", "11:20"), minutes=125, billable=True)],
     rationale="Infliximab by IV infusion is chemo/complex tier and the primary reason (policy §2, §4.2): 125 minutes -> 96413 + 96415 x 1; the two different premedication pushes are 96375 x 2. J1745 x 40 (10 mg units), commercial so no JZ; oral acetaminophen has no line.")

T = """ASHFORD MEMORIAL HOSPITAL - ONCOLOGY INFUSION (HOPD) - MAR
Pt: Imogen Farraday   57 F   DOS 07/07/2026   Payer: Medicaid managed care
Regimen: paclitaxel 175 mg/m2 + carboplatin AUC 6, cycle 2.  BSA 1.80.  Wt 68 kg.
Dx: C34.90 Malignant neoplasm of unspecified part of unspecified bronchus or lung
Labs: ANC 2.8, Plt 210, Cr 0.7, Mg 2.0.
Vitals: BP 130/76 HR 80 T 98.1 SpO2 95% RA.
Access: L chest port accessed 08:20 (+ blood return).

Date/Time         Medication                                   Action
07/07/26 08:30    dexamethasone 20 mg in NS 50 mL IVPB        started
07/07/26 08:44    dexamethasone IVPB                           completed
07/07/26 08:46    diphenhydramine 50 mg IV push                given
07/07/26 08:48    famotidine 20 mg IV push                     given
07/07/26 09:00    paclitaxel 315 mg in NS 500 mL (non-PVC)    started
07/07/26 12:00    paclitaxel                                   completed
07/07/26 12:00    carboplatin 600 mg in NS 250 mL              started
07/07/26 12:30    carboplatin                                  completed

No hypersensitivity reaction. Port de-accessed 12:40.
RN: G. Petrakis, OCN
"""
_add("chemo sequential 96417; paclitaxel 180 min 96413 + 96415 x2; 14-min premed IVPB -> 96375; pushes x3; famotidine J1308", T, "facility", "medicaid", "2026-07-07",
     lines=[L("96413"), L("96415", 2), L("96417"), L("96375", 3), L("J9267", 315), L("J9045", 12),
            L("J1100", 20), L("J1200"), L("J1308", 80)],
     findings=["infusion_15_min_or_less"],
     adms=[A(T, "dexamethasone", ("08:30    dexamethasone", "dexamethasone"), "push", "IV", "given",
             start=("07/07/26 08:30", "08:30"), stop=("07/07/26 08:44", "08:44"), minutes=14, billable=True),
           A(T, "diphenhydramine", ("08:46    diphenhydramine", "diphenhydramine"), "push", "IV", "given",
             start=("07/07/26 08:46", "08:46"), billable=True),
           A(T, "famotidine", ("08:48    famotidine", "famotidine"), "push", "IV", "given",
             start=("07/07/26 08:48", "08:48"), billable=True),
           A(T, "paclitaxel", ("09:00    paclitaxel", "paclitaxel"), "infusion", "IV", "given",
             start=("07/07/26 09:00", "09:00"), stop=("07/07/26 12:00    paclitaxel", "12:00"), minutes=180, billable=True),
           A(T, "carboplatin", ("12:00    carboplatin", "carboplatin"), "infusion", "IV", "given",
             start=("07/07/26 12:00    carboplatin", "12:00"), stop=("07/07/26 12:30", "12:30"), minutes=30, billable=True)],
     rationale="Paclitaxel 180 min is the initial 96413 + 96415 x 2; carboplatin after it is a sequential new chemo drug 96417 (policy §2). The 14-minute dexamethasone IVPB is a push (96375, infusion_15_min_or_less) and the two other pushes add 96375 (x 3 in all); famotidine is J1308 per 0.25 mg (80 units, §5).")

T = """GREENFIELD HEMATOLOGY-ONCOLOGY at UNIVERSITY HOSPITAL (HOPD infusion, UB-04)
Chemotherapy administration note      DOS: 12/02/2025      Insurance: BCBS PPO
Patient: Lorcan Devereux, 24 M   Ht 183 cm  Wt 79 kg  BSA 2.0
Dx: C81.10 Nodular sclerosis Hodgkin lymphoma, unspecified site. ABVD cycle 3 day 15.
Labs: ANC 1.6, Plt 240, AST 96, ALT 121 (up from 40s).
Access: R arm PICC, blood return confirmed 08:40.

Pre-meds:
 08:50 ondansetron 8 mg IV push
 08:52 dexamethasone 12 mg IV push
Chemotherapy (MD at chairside for vesicant):
 09:10 doxorubicin 48 mg IV push over 5 min via free-flowing line
 09:20 bleomycin 19 units IV push over 10 min
 09:32 vinblastine 11 mg IV push over 3 min
 Dacarbazine 750 mg IV - HELD today per Dr. Abernethy for transaminitis; will reassess before next dose.
Tolerated without extravasation. PICC locked, dressing intact.
RN: F. Iwu, OCN   MD: Dr. C. Abernethy
"""
_add("chemo push: 96409 initial + 96411 x2; antiemetic/steroid pushes 96375 x2; held chemo", T, "facility", "commercial", "2025-12-02",
     lines=[L("96409"), L("96411", 2), L("96375", 2), L("J9000", 5), L("J9040", 2), L("J9360", 11),
            L("J2405", 8), L("J1100", 12)],
     findings=[],
     adms=[A(T, "ondansetron", ("08:50 ondansetron", "ondansetron"), "push", "IV", "given",
             start=("08:50 ondansetron", "08:50"), billable=True),
           A(T, "dexamethasone", ("08:52 dexamethasone", "dexamethasone"), "push", "IV", "given",
             start=("08:52 dexamethasone", "08:52"), billable=True),
           A(T, "doxorubicin", ("09:10 doxorubicin", "doxorubicin"), "push", "IV", "given",
             start=("09:10 doxorubicin", "09:10"), billable=True),
           A(T, "bleomycin", ("09:20 bleomycin", "bleomycin"), "push", "IV", "given",
             start=("09:20 bleomycin", "09:20"), billable=True),
           A(T, "vinblastine", ("09:32 vinblastine", "vinblastine"), "push", "IV", "given",
             start=("09:32 vinblastine", "09:32"), billable=True),
           A(T, "dacarbazine", ("Dacarbazine 750 mg", "Dacarbazine"), None, "IV", "held")],
     rationale="Only pushes were given and chemo outranks therapeutic drugs, so the first chemo push is initial 96409, the other two chemo pushes 96411 x 2 and the earlier antiemetic/steroid pushes 96375 x 2 (policy §2, §4.2-4.3). Drug units: doxorubicin 48/10 -> 5, bleomycin 19/15 -> 2, vinblastine 11; held dacarbazine is a non-event.")

T = """DESERT BLOOM HEMATOLOGY (office, POS 11)
Visit: azacitidine day 3 of 7, cycle 5
Patient: Faustina Ibarra, 74 F    DOS 01/14/2026    Insurance: Medicaid (dual-eligible Medicaid plan)
Dx: D46.9 Myelodysplastic syndrome, unspecified. Transfusion-dependent, on cycle 5.
BSA 1.33 m2 -> azacitidine 75 mg/m2 = 100 mg.
CBC: Hgb 8.2, ANC 0.9, Plt 61.
Vitals: BP 134/72, HR 78, T 97.7, SpO2 97%, pain 2/10.

08:40  ondansetron 8 mg PO given (premed)
09:10  azacitidine 100 mg (4 mL suspension, 25 mg/mL) SC injection, left lower abdomen, single syringe. Site rotated from day 2 (right thigh).
09:25  no site reaction; pt tolerated.
Home meds: allopurinol 300 mg daily, acyclovir 400 mg BID.
Return tomorrow for day 4.
RN: E. Castaneda, OCN   Supervising: Dr. R. Kwan
"""
_add("SC antineoplastic -> 96401 (not 96372)", T, "office", "medicaid", "2026-01-14",
     lines=[L("96401"), L("J9025", 100)],
     findings=[],
     adms=[A(T, "ondansetron", ("08:40  ondansetron", "ondansetron"), "other_route", "PO", "given",
             start=("08:40  ondansetron", "08:40")),
           A(T, "azacitidine", ("09:10  azacitidine", "azacitidine"), "injection_sc_im", "SC", "given",
             start=("09:10  azacitidine", "09:10"), billable=True)],
     rationale="A subcutaneous antineoplastic is chemo tier, coded 96401 rather than 96372 (policy §2); J9025 is per 1 mg -> 100 units. Oral ondansetron has no line.")

T = """LAKEVIEW UROLOGY & ONCOLOGY (office, POS 11) - Injection Visit
DOS 09/30/2025   Patient: Desmond Achterberg, 69 M   Insurance: UnitedHealthcare commercial
Dx: C61 Malignant neoplasm of prostate; C79.51 Secondary malignant neoplasm of bone.
PSA 4.2 (from 11.8). Ca 9.4, Cr 1.0, vitamin D 34. Dental clearance on file.
Vitals: BP 136/84, HR 70, pain 2/10 (L hip).
Home meds: abiraterone 1000 mg daily, prednisone 5 mg daily, calcium/vitamin D.

Procedures (nurse, physician in office):
1) Leuprolide acetate depot (Lupron Depot) 22.5 mg IM, right gluteus (upper outer quadrant), 3-month dose. Lot LD2291.
2) Denosumab (Xgeva) 120 mg SC, left upper arm, for bone metastases. Lot XG0847.
Both tolerated; no bleeding at sites.
Next leuprolide due 12/30/2025; next denosumab in 4 weeks.
RN: P. Marchetti   MD: Dr. K. Oyelowo
"""
_add("IM hormonal antineoplastic 96402 + denosumab SC 96372 (XS, NCCI pair)", T, "office", "commercial", "2025-09-30",
     lines=[L("96402"), L("96372", 1, "XS"), L("J9217", 3), L("J0897", 120)],
     findings=[],
     adms=[A(T, "leuprolide", ("1) Leuprolide", "Leuprolide"), "injection_sc_im", "IM", "given", billable=True),
           A(T, "denosumab", ("2) Denosumab", "Denosumab"), "injection_sc_im", "SC", "given", billable=True),
           A(T, "leuprolide", ("Next leuprolide", "leuprolide"), "injection_sc_im", "IM", "planned"),
           A(T, "denosumab", ("next denosumab", "denosumab"), "injection_sc_im", "SC", "planned")],
     rationale="Leuprolide IM is a hormonal antineoplastic injection 96402; denosumab SC is a non-antineoplastic biologic and stays 96372 (policy §2). 96372 is column 2 of 96402 in the NCCI PTP table (modifier indicator 1), so it carries XS for the separate site (interpretation beyond policy-interpretation.md, whose XS rule names only IV initials); J9217 22.5/7.5 -> 3, J0897 x 120.")

T = """OAKMONT SENIOR PRIMARY CARE (POS 11) - Nurse Injection Visit
Patient: Marguerite Dolan   Age 78 F   DOS 01/20/2026   Medicare Part B
Dx: M81.0 Age-related osteoporosis without current pathological fracture. DXA T-score -3.1 (L spine).
Ca 9.6, Cr 0.9 (eGFR 62), 25-OH vit D 41. Dental exam 12/2025 ok.
Discussed zoledronic acid infusion as an alternative; patient declined zoledronic acid, prefers the SC shot.

Denosumab (Prolia) 60 mg/1 mL prefilled single-dose syringe, SC, right upper abdomen, 10:35.
Full dose administered; no waste. Lot PR5520, exp 08/2027.
Tolerated, no reaction after 15 min observation.
Home meds: calcium carbonate 600 mg + D3 800 IU BID, amlodipine 5 mg daily.
Follow-up 07/2026. Supervising physician Dr. F. Lemaire in office.
RN: C. Yoon
"""
_add("denosumab SC -> 96372 (not chemo); Medicare biologic JZ; declined infusion", T, "office", "medicare", "2026-01-20",
     lines=[L("96372"), L("J0897", 60, "JZ")],
     findings=[],
     adms=[A(T, "zoledronic acid", ("patient declined zoledronic acid", "zoledronic acid"), "infusion", "IV", "declined"),
           A(T, "denosumab", ("Denosumab (Prolia)", "Denosumab"), "injection_sc_im", "SC", "given",
             start=("right upper abdomen, 10:35", "10:35"), billable=True)],
     rationale="Denosumab SC is a non-antineoplastic biologic injection: 96372 (policy §2); it is single-dose and zero waste is documented, so Medicare J0897 x 60 carries JZ (§5). The declined zoledronic acid infusion is a non-event.")

# ---------------------------------------------------------------- sequential / concurrent / pushes
T = """SUMMIT PAIN & KETAMINE CENTER - PROCEDURE NOTE (office, POS 11)
DOS: 02/18/2026        Patient: Renata Solberg, 49 F        Ins: Blue Shield PPO
Here for combined ketamine + lidocaine infusion protocol, session 2 of 5, for CRPS.
Dx: G90.512 Complex regional pain syndrome I of left upper limb; G89.4 Chronic pain syndrome.
Weight 98 kg. Pain 8/10, allodynia L forearm. BP 132/84, HR 76, SpO2 98%. ECG baseline NSR, QTc 428.

Access: 20g PIV R forearm.
Bag 1: Ketamine 50 mg in 250 mL NS
   Start Time: 09:00 | Stop Time: 10:00
Bag 2 (same line, after ketamine complete): Lidocaine 500 mg in 250 mL NS (approx 5 mg/kg)
   Start Time: 10:00 | Stop Time: 11:45
Continuous ECG; no perioral numbness, no tinnitus. Lidocaine level not indicated.
Discharge 12:10, pain 4/10, driver present.
Provider: Dr. S. Feld (on site)
"""
_add("sequential new drug 96367 + its extra hour 96366", T, "office", "commercial", "2026-02-18",
     lines=[L("96365"), L("96367"), L("96366"), L("J3490"), L("J2001", 50)],
     findings=["unlisted_drug_code"],
     adms=[A(T, "ketamine", ("Bag 1: Ketamine", "Ketamine"), "infusion", "IV", "given",
             start=("Start Time: 09:00", "09:00"), stop=("Stop Time: 10:00", "10:00"), minutes=60, billable=True),
           A(T, "lidocaine", ("Lidocaine 500 mg", "Lidocaine"), "infusion", "IV", "given",
             start=("Start Time: 10:00", "10:00"), stop=("Stop Time: 11:45", "11:45"), minutes=105, billable=True)],
     rationale="Ketamine (primary reason) is the initial 96365; lidocaine is a new drug infused sequentially for 105 minutes -> 96367 + 96366 x 1 (policy §4.3, units by §3). J2001 is per 10 mg -> 50; ketamine J3490 + unlisted_drug_code (pain indication, no payer flag).")

T = """PRAIRIE HEMATOLOGY ASSOCIATES - IV IRON CLINIC (POS 11)
DOS 03/25/2026        Medicare Part B        Pt: Rosalind Quade, 70 F
Reason for visit: IV iron (Injectafer) for iron deficiency anemia, dose 2 of 2.
Dx: D50.9 Iron deficiency anemia, unspecified. Also K21.9 GERD - c/o epigastric burning today, NPO since breakfast per habit.
Hgb 9.6, ferritin 11, phos 3.1.
Vitals: BP 130/80, HR 82, T 98.0, SpO2 97%.

IV: 22g PIV R hand.
10:00-10:20  ferric carboxymaltose 750 mg in 250 mL NS IV infusion. Single-dose vial; full 750 mg administered, no waste.
10:20-10:40  famotidine 20 mg IVPB (50 mL) through same line for epigastric burning.
No hypersensitivity; 30-min observation done, BP 126/78.
Next: CBC/ferritin in 4 weeks.
RN: A. Kowalczyk   Supervising: Dr. H. Brandt
"""
_add("§10 Ex 7: sequential 96365 + 96367; Medicare IV iron JZ; famotidine J1308 (differs from §10)", T, "office", "medicare", "2026-03-25",
     lines=[L("96365"), L("96367"), L("J1439", 750, "JZ"), L("J1308", 80)],
     findings=[],
     adms=[A(T, "ferric carboxymaltose", ("ferric carboxymaltose 750 mg", "ferric carboxymaltose"), "infusion", "IV", "given",
             start=("10:00-10:20  ferric", "10:00"), stop=("10:00-10:20  ferric", "10:20"), minutes=20, billable=True),
           A(T, "famotidine", ("famotidine 20 mg IVPB", "famotidine"), "infusion", "IV", "given",
             start=("10:20-10:40  famotidine", "10:20"), stop=("10:20-10:40  famotidine", "10:40"), minutes=20, billable=True)],
     rationale="Iron (primary reason) 20 min is 96365; famotidine infused sequentially for 20 min (> 15) is 96367 (policy §4.3). Iron is single-dose with zero waste -> J1439 x 750 JZ; famotidine is J1308 x 80 per the current table (§5) - drug-administration-rules §10 Ex 7 gives S0028/J3490, which the policy overrides.")

T = """NORTHSHORE MEDICAL CENTER - OUTPATIENT INFUSION (hospital, UB-04)
DOS 10/29/2025   Pt: Evander Colquitt, 55 M   Ins: Cigna commercial
Dx: D50.0 Iron deficiency anemia secondary to blood loss (chronic) - GI AVMs; K21.9 GERD with nightly heartburn.
Hgb 8.9, ferritin 7. Vitals BP 121/75 HR 90 SpO2 98%.
Access: 20g PIV L AC.

Infusion log (two separate bags, Y-site, same PIV):
 Ferric carboxymaltose 750 mg in NS 250 mL - begin 10:00, end 10:20
 Famotidine 20 mg in NS 100 mL, own bag via Y-site - begin 10:05, end 10:25
Both ran together from 10:05 until the iron finished.
Patient tolerated; no flushing, no hypotension. 30-min observation 10:25-10:55.
RN: J. Okafor-Lind
"""
_add("§10 Ex 7 variant: overlap 15 min (< 16) -> sequential 96367, not concurrent 96368", T, "facility", "commercial", "2025-10-29",
     lines=[L("96365"), L("96367"), L("J1439", 750), L("J1308", 80)],
     findings=[],
     adms=[A(T, "ferric carboxymaltose", ("Ferric carboxymaltose 750 mg", "Ferric carboxymaltose"), "infusion", "IV", "given",
             start=("begin 10:00", "10:00"), stop=("end 10:20", "10:20"), minutes=20, billable=True),
           A(T, "famotidine", ("Famotidine 20 mg", "Famotidine"), "infusion", "IV", "given",
             start=("begin 10:05", "10:05"), stop=("end 10:25", "10:25"), minutes=20, billable=True)],
     rationale="The two bags overlap only 15 minutes (10:05-10:20); policy-interpretation.md requires >= 16 minutes for concurrent 96368, so famotidine (20 min) is sequential 96367. drug-administration-rules §10 Ex 7's variant calls this 96368 - the project rule differs. Commercial: no JZ.")

T = """HARBORLIGHT KETAMINE WELLNESS & PSYCHIATRY (office, POS 11)
Infusion #5 - treatment-resistant depression
Patient: Mireille Danforth   DOB 08/02/1984   DOS 05/05/2026   Ins: Medicaid (Amerigroup)
Dx: F33.2 Major depressive disorder, recurrent severe without psychotic features; E83.42 Hypomagnesemia (Mg 1.5 on 05/01).
PHQ-9: 19 (baseline 24). Failed 4 adequate antidepressant trials incl. augmentation.
Vitals: BP 118/76, HR 72, SpO2 99%, wt 70 kg. Glucose 1234? -> repeat POC glucose 123 (meter error).

Access: 22g PIV L forearm.
09:55 ondansetron 4 mg IVP
10:00 ketamine 35 mg in 100 mL NS started (primary line)
10:05 magnesium sulfate 2 g in 50 mL, separate bag, piggybacked on ketamine line, started
10:20 ondansetron 4 mg IVP repeated for persistent nausea
10:35 magnesium sulfate complete
10:45 ketamine complete
Recovery 10:45-11:30, mild dissociation resolved. Discharged with husband.
Provider: Dr. N. Achebe, MD (present throughout)
"""
_add("concurrent 96368 (overlap 30 min); repeat push <= 30 min -> no line, no finding", T, "office", "medicaid", "2026-05-05",
     lines=[L("96365"), L("96368"), L("96375"), L("J3490"), L("J3475", 4), L("J2405", 8)],
     findings=["payer_policy_review", "unlisted_drug_code"],
     adms=[A(T, "ondansetron", ("09:55 ondansetron", "ondansetron"), "push", "IV", "given",
             start=("09:55 ondansetron", "09:55"), billable=True),
           A(T, "ketamine", ("10:00 ketamine", "ketamine"), "infusion", "IV", "given",
             start=("10:00 ketamine", "10:00"), stop=("10:45 ketamine", "10:45"), minutes=45, billable=True),
           A(T, "magnesium sulfate", ("10:05 magnesium sulfate", "magnesium sulfate"), "infusion", "IV", "given",
             start=("10:05 magnesium", "10:05"), stop=("10:35 magnesium", "10:35"), minutes=30, billable=True),
           A(T, "ondansetron", ("10:20 ondansetron", "ondansetron"), "push", "IV", "given",
             start=("10:20 ondansetron", "10:20"), billable=True)],
     rationale="Magnesium ran entirely inside the ketamine infusion (30-min overlap >= 16): concurrent 96368 once (policy §4.3); the first ondansetron push is 96375 and its repeat 25 minutes later is neither 96376 nor a finding (<= 30 min), but both doses count in J2405 x 8. Ketamine for TRD: J3490 + unlisted_drug_code + payer_policy_review; J3475 2 g/500 mg -> 4. 'Glucose 1234?' is a meter error, not a dose.")

T = """VALLEY GENERAL HOSPITAL - BEHAVIORAL HEALTH INFUSION SUITE (hospital outpatient)
Encounter: 11/20/2025   Payer: Medicare   Patient: Cornelius Haight, 67 M
Dx: F32.2 Major depressive disorder, single episode, severe without psychotic features; E83.42 Hypomagnesemia (Mg 1.4).
MADRS 34. Failed 4 antidepressants + ECT refused.
Vitals: BP 136/80 (pre), HR 66, SpO2 97%. Wt 82 kg.
PIV 20g R AC placed 09:20.

Nursing narrative:
Pt calm, denies SI. Denies nausea hx but requests prophylaxis. Ondansetron 4 mg IV push at 0925.
Ketamine 41 mg (0.5 mg/kg) in 100 mL NS infused 0930-1010 via pump.
Magnesium sulfate 1 g in 50 mL NS IVPB infused 1012-1024 for low Mg.
Midazolam 1 mg IV push at 1015 for emergence agitation (pt pulling at monitor leads).
Vitals q15min, max BP 158/92 at 0950. Recovery to baseline by 1100.
RN: T. Baptiste   Psychiatrist: Dr. I. Varga
"""
_add("<= 15-min sequential drug -> 96375; several pushes 96375 x3; push after 'denies' trap", T, "facility", "medicare", "2025-11-20",
     lines=[L("96365"), L("96375", 3), L("J3490"), L("J3475", 2), L("J2250"), L("J2405", 4)],
     findings=["infusion_15_min_or_less", "payer_policy_review", "unlisted_drug_code"],
     adms=[A(T, "ondansetron", ("Ondansetron 4 mg IV push", "Ondansetron"), "push", "IV", "given",
             start=("push at 0925", "0925"), billable=True),
           A(T, "ketamine", ("Ketamine 41 mg", "Ketamine"), "infusion", "IV", "given",
             start=("infused 0930-1010", "0930"), stop=("infused 0930-1010", "1010"), minutes=40, billable=True),
           A(T, "magnesium sulfate", ("Magnesium sulfate 1 g", "Magnesium sulfate"), "push", "IV", "given",
             start=("infused 1012-1024", "1012"), stop=("infused 1012-1024", "1024"), minutes=12, billable=True),
           A(T, "midazolam", ("Midazolam 1 mg", "Midazolam"), "push", "IV", "given",
             start=("push at 1015", "1015"), billable=True)],
     rationale="Ketamine infusion is initial (facility hierarchy); the 12-minute magnesium IVPB is coded as a push 96375 with infusion_15_min_or_less, and the ondansetron and midazolam pushes add two more 96375 (x 3, policy §4.3). Ketamine for MDD: J3490 + unlisted_drug_code + payer_policy_review; J3475 1 g -> 2.")

T = """METRO HEALTH HOSPITAL - EMERGENCY DEPARTMENT (hospital outpatient, UB-04)
DOS 01/30/2026   Medicaid   Pt: Solveig Andersen-Prat, 36 F
CC: migraine x 2 days, vomiting, cannot keep fluids down.
Hx: migraine w/o aura; home abortive therapy ineffective.
Exam: photophobic, dry mucous membranes, HR 108, BP 142/88. Pain 9/10.
Dx: G43.919 Migraine, unspecified, intractable, without status migrainosus; E86.0 Dehydration.

ED MAR:
13:00  PIV 20g R forearm; NS 1000 mL IV started (dehydration)
13:00  ketorolac 30 mg IV push
13:02  metoclopramide 10 mg IV push
13:03  diphenhydramine 25 mg IV push
13:05  ondansetron 4 mg IV push
13:50  NS 1000 mL complete
14:00  ondansetron 4 mg IV push (persistent nausea)
14:30  pain 2/10, tolerating PO. Discharged.
ED RN: K. Lindqvist   ED MD: Dr. O. Farouk
"""
_add("§10 Ex 6 facility: 96374 + 96375 x3 + 96376 + 96361", T, "facility", "medicaid", "2026-01-30",
     lines=[L("96374"), L("96375", 3), L("96376"), L("96361"), L("J1885", 2), L("J2765"), L("J1200"), L("J2405", 8)],
     findings=[],
     adms=[A(T, "normal saline", ("NS 1000 mL IV started", "NS"), "infusion", "IV", "given", purpose="hydration",
             start=("13:00  PIV", "13:00"), stop=("13:50  NS", "13:50"), minutes=50, billable=True),
           A(T, "ketorolac", ("13:00  ketorolac", "ketorolac"), "push", "IV", "given",
             start=("13:00  ketorolac", "13:00"), billable=True),
           A(T, "metoclopramide", ("13:02  metoclopramide", "metoclopramide"), "push", "IV", "given",
             start=("13:02  metoclopramide", "13:02"), billable=True),
           A(T, "diphenhydramine", ("13:03  diphenhydramine", "diphenhydramine"), "push", "IV", "given",
             start=("13:03  diphenhydramine", "13:03"), billable=True),
           A(T, "ondansetron", ("13:05  ondansetron", "ondansetron"), "push", "IV", "given",
             start=("13:05  ondansetron", "13:05"), billable=True),
           A(T, "ondansetron", ("14:00  ondansetron", "ondansetron"), "push", "IV", "given",
             start=("14:00  ondansetron", "14:00"), billable=True)],
     rationale="Facility: the first push (ketorolac) is initial 96374, three further drugs 96375 x 3, the ondansetron repeat 55 min later 96376, and 50 min of hydration secondary 96361 x 1 (pushes do not subtract; policy §3-§4). Same as drug-administration-rules §10 Ex 6.")

T = """EASTSIDE URGENT & FAMILY MEDICINE (office-based, POS 11)
DOS: 06/24/2025   Pt: Thaddeus Moreau, 31 M   Ins: Aetna commercial
CC: migraine, here for IV migraine cocktail (has had it here before with good relief).
HPI: 2-day migraine, nausea, 4 episodes vomiting, poor PO intake, lightheaded. Pain 9/10.
Vitals: BP 138/86, HR 106, T 98.4. Mucosa dry.
Dx: G43.909 Migraine, unspecified, not intractable, without status migrainosus; E86.0 Dehydration.

Procedure note:
- PIV 22g L hand
- 1300 NS 1 L IV hydration started; completed 1350
- 1300 ketorolac 30 mg IVP
- 1302 metoclopramide 10 mg IVP
- 1303 diphenhydramine 25 mg IVP
- 1305 ondansetron 4 mg IVP
- 1400 ondansetron 4 mg IVP again for ongoing nausea
- 1430 pain 2/10, discharged, driver present
Dr. L. Beaumont / MA R. Ortiz
"""
_add("§10 Ex 6 office: repeat push not reportable in office", T, "office", "commercial", "2025-06-24",
     lines=[L("96374"), L("96375", 3), L("96361"), L("J1885", 2), L("J2765"), L("J1200"), L("J2405", 8)],
     findings=["repeat_push_not_billable_in_office"],
     adms=[A(T, "normal saline", ("NS 1 L IV hydration", "NS"), "infusion", "IV", "given", purpose="hydration",
             start=("1300 NS", "1300"), stop=("completed 1350", "1350"), minutes=50, billable=True),
           A(T, "ketorolac", ("1300 ketorolac", "ketorolac"), "push", "IV", "given",
             start=("1300 ketorolac", "1300"), billable=True),
           A(T, "metoclopramide", ("1302 metoclopramide", "metoclopramide"), "push", "IV", "given",
             start=("1302 metoclopramide", "1302"), billable=True),
           A(T, "diphenhydramine", ("1303 diphenhydramine", "diphenhydramine"), "push", "IV", "given",
             start=("1303 diphenhydramine", "1303"), billable=True),
           A(T, "ondansetron", ("1305 ondansetron", "ondansetron"), "push", "IV", "given",
             start=("1305 ondansetron", "1305"), billable=True),
           A(T, "ondansetron", ("1400 ondansetron", "ondansetron"), "push", "IV", "given",
             start=("1400 ondansetron", "1400"), billable=True)],
     rationale="Office, primary reason 'IV migraine cocktail': the first cocktail drug by hierarchy (ketorolac push) is 96374, then 96375 x 3 and hydration 96361 x 1; the ondansetron repeat > 30 min later has no office code (repeat_push_not_billable_in_office) but its dose stays in J2405 x 8 (policy §4.3, policy-interpretation.md).")

# ---------------------------------------------------------------- KVO / vehicle / flush / overlap
T = """BRIGHTPATH KETAMINE CLINIC - INFUSION NOTE (office, POS 11)
DOS: 02/12/2025   Patient: Anneliese Moravec, 44 F   Payer: Optum commercial
Here for ketamine infusion #3 of induction series for treatment-resistant depression.
Dx: F33.2 Major depressive disorder, recurrent severe without psychotic features.
PHQ-9 17 (was 23). C-SSRS negative. Weight 70 kg. BP 124/80, HR 80, SpO2 99%.

IV placed 09:50, 22g L forearm.
Ondansetron 4 mg IV push 09:55.
Ketamine 35 mg (0.5 mg/kg) in 100 mL NS infused 10:00-10:40 by pump.
NS KVO at 10 mL/h from 10:40 until discharge 11:30 (line kept open for monitoring period).
Monitoring: vitals q15 min; dissociation resolved by 11:10. No separate E/M today.
Discharged 11:30 with partner; no driving until tomorrow.
Provider: Dr. M. Fairweather   RN: J. Alcott
"""
_add("§10 Ex 1 office: ketamine 96365 + ondansetron 96375; KVO separately documented", T, "office", "commercial", "2025-02-12",
     lines=[L("96365"), L("96375"), L("J3490"), L("J2405", 4)],
     findings=["hydration_not_separately_billable", "payer_policy_review", "unlisted_drug_code"],
     adms=[A(T, "ondansetron", ("Ondansetron 4 mg IV push", "Ondansetron"), "push", "IV", "given",
             start=("push 09:55", "09:55"), billable=True),
           A(T, "ketamine", ("Ketamine 35 mg", "Ketamine"), "infusion", "IV", "given",
             start=("infused 10:00-10:40", "10:00"), stop=("infused 10:00-10:40", "10:40"), minutes=40, billable=True),
           A(T, "normal saline", ("NS KVO", "NS"), "infusion", "IV", "given", purpose="kvo",
             start=("from 10:40", "10:40"), stop=("until discharge 11:30", "11:30"), minutes=50)],
     rationale="Primary reason ketamine: 96365 (40 min) + 96375 for the ondansetron push; the separately documented NS KVO gets no line and raises hydration_not_separately_billable, while the ketamine's 100 mL NS vehicle raises nothing (policy §4.1, §6). Ketamine for TRD: J3490 + unlisted_drug_code + payer_policy_review. Matches drug-administration-rules §10 Ex 1.")

T = """UNIVERSITY MEDICAL CENTER - INTERVENTIONAL PSYCHIATRY (hospital outpatient department, facility billing)
DOS 04/02/2026   Medicare   Patient: Gideon Ashgrove, 66 M
Indication: treatment-resistant depression, ketamine series session 4.
ICD-10-CM: F33.2
Consent on file. MADRS 29 (baseline 38). Weight 70 kg. BP 132/78, HR 68, SpO2 98%.
Home meds: escitalopram 20 mg daily, lamotrigine 100 mg daily, atorvastatin 20 mg.

Nursing procedure note:
- 0950 IV 22g L forearm placed, blood return.
- 0955 Ondansetron 4 mg IV push (nausea prophylaxis).
- 1000 ketamine 35 mg in 100 mL NS started on pump at 150 mL/h.
- 1040 ketamine infusion complete; line capped.
- Observed to 1130, RASS 0, vitals at baseline; discharged with daughter.
RN: P. Szabo   Attending: Dr. W. Ng
"""
_add("§10 Ex 1 facility: vehicle fluid only (no finding); same codes by hierarchy", T, "facility", "medicare", "2026-04-02",
     lines=[L("96365"), L("96375"), L("J3490"), L("J2405", 4)],
     findings=["payer_policy_review", "unlisted_drug_code"],
     adms=[A(T, "ondansetron", ("Ondansetron 4 mg IV push", "Ondansetron"), "push", "IV", "given",
             start=("0955 Ondansetron", "0955"), billable=True),
           A(T, "ketamine", ("1000 ketamine", "ketamine"), "infusion", "IV", "given",
             start=("1000 ketamine", "1000"), stop=("1040 ketamine", "1040"), minutes=40, billable=True)],
     rationale="Facility hierarchy infusion > push: 96365 + 96375 (policy §4.2). 'Ketamine 35 mg in 100 mL NS' is vehicle fluid, not an administration, and raises no finding; ketamine for TRD: J3490 + unlisted_drug_code + payer_policy_review. Same as drug-administration-rules §10 Ex 1 (facility).")

T = """SAINT JUDE COMMUNITY HOSPITAL - OUTPATIENT INFUSION (facility)
DOS: 05/28/2025    Medicaid    Pt: Delores Umberger, 45 F
Referred from clinic for first IV antibiotic dose before oral step-down.
Dx: N10 Acute pyelonephritis. Urine cx pending. T 100.8, HR 98, BP 126/74, CVA tenderness R. Tolerating PO.
Allergies: PCN (hives - remote, tolerated cephalosporins before).

PIV 20g L AC placed 13:55.
13:58 NS 10 mL flush, patent.
Ceftriaxone 1 g in 50 mL NS IVPB - start 14:00, stop 14:30.
14:31 NS 10 mL flush post-antibiotic.
TKO NS @ 20 mL/hr 14:31-15:15 during observation for reaction.
No reaction. PIV removed 15:15. Discharged on cefpodoxime PO; f/u PCP 48-72 h.
RN: F. Amadi
"""
_add("flush x2 and TKO separately documented -> hydration_not_separately_billable", T, "facility", "medicaid", "2025-05-28",
     lines=[L("96365"), L("J0696", 4)],
     findings=["hydration_not_separately_billable"],
     adms=[A(T, "normal saline", ("13:58 NS 10 mL flush", "NS"), "push", "IV", "given", purpose="flush",
             start=("13:58 NS", "13:58")),
           A(T, "ceftriaxone", ("Ceftriaxone 1 g", "Ceftriaxone"), "infusion", "IV", "given",
             start=("start 14:00", "14:00"), stop=("stop 14:30", "14:30"), minutes=30, billable=True),
           A(T, "normal saline", ("14:31 NS 10 mL flush", "NS"), "push", "IV", "given", purpose="flush",
             start=("14:31 NS", "14:31")),
           A(T, "normal saline", ("TKO NS", "NS"), "infusion", "IV", "given", purpose="kvo",
             start=("20 mL/hr 14:31-15:15", "14:31"), stop=("20 mL/hr 14:31-15:15", "15:15"), minutes=44)],
     rationale="Ceftriaxone 30 min is 96365 with J0696 x 4 (per 250 mg). The separately documented flushes and the TKO line are never coded and raise hydration_not_separately_billable once (policy §4.1, §6); the 50 mL NS carrier is vehicle. Oral cefpodoxime is a prescription, not an administration.")

T = """RIVERSIDE HOSPITAL - OUTPATIENT OBSERVATION / INFUSION (facility)
DOS 09/15/2026    Ins: Anthem BCBS PPO    Pt: Harriet Voskuijlen, 52 F
Dx: N10 Acute pyelonephritis; E86.0 Dehydration. Vomiting x 6 since AM, unable to keep PO down, HR 118, dry mucosa, BUN 30.

IV: 18g R AC.
Normal saline 0.9% IV hydration: started 13:00 (1 L bolus then 150 mL/h), stopped 15:45.
Ceftriaxone 2 g in 100 mL NS IVPB piggybacked into the running NS line: start 14:00, end 14:40.
Ondansetron 4 mg ODT given 13:05 (pt preferred ODT); no further emesis.
16:00 tolerating crackers, HR 92. Discharged on oral antibiotics.
RN: S. Whitford   Physician: Dr. A. Balogun
"""
_add("hydration overlapping a drug infusion: overlap subtracted (165-40=125 -> 96361 x2)", T, "facility", "commercial", "2026-09-15",
     lines=[L("96365"), L("96361", 2), L("J0696", 8)],
     findings=["hydration_not_separately_billable"],
     adms=[A(T, "normal saline", ("Normal saline 0.9%", "Normal saline"), "infusion", "IV", "given", purpose="hydration",
             start=("started 13:00", "13:00"), stop=("stopped 15:45", "15:45"), minutes=125, billable=True),
           A(T, "ceftriaxone", ("Ceftriaxone 2 g", "Ceftriaxone"), "infusion", "IV", "given",
             start=("start 14:00", "14:00"), stop=("end 14:40", "14:40"), minutes=40, billable=True),
           A(T, "ondansetron", ("Ondansetron 4 mg ODT", "Ondansetron"), "other_route", "PO", "given",
             start=("given 13:05", "13:05"))],
     rationale="Ceftriaxone infusion is initial 96365 (therapeutic > hydration). Hydration ran 165 clock minutes, of which 40 overlap the drug infusion and are subtracted (hydration_not_separately_billable): 125 minutes -> secondary 96361 x 2 (policy §3); ceftriaxone 2 g -> J0696 x 8.")

T = """HARBORLIGHT KETAMINE WELLNESS & PSYCHIATRY (office, POS 11)
Ketamine infusion visit #2      DOS: 07/21/2026      Ins: Aetna commercial
Patient: Fenwick Ostrander, 38 M
Dx: F33.1 Major depressive disorder, recurrent, moderate. PHQ-9 16.
Poor PO intake x 2 days with a GI bug, orthostatic (HR 78 -> 104 standing); MD ordered NS 500 mL for hydration.
Vitals: BP 116/72, HR 84 sitting, SpO2 98%, wt 75 kg.

PIV 20g R AC.
NS 500 mL IV hydration at 600 mL/h: 10:00 to 10:50.
Ketamine 38 mg in 100 mL NS on pump via same PIV: 10:05 to 10:45.
Tolerated, CADSS mild. Orthostatics rechecked 11:20: HR 86 standing.
Discharged 11:30 with sister.
Dr. N. Achebe
"""
_add("hydration overlapped by ketamine: remainder 10 min -> hydration_30_min_or_less + not separately billable", T, "office", "commercial", "2026-07-21",
     lines=[L("96365"), L("J3490")],
     findings=["hydration_30_min_or_less", "hydration_not_separately_billable", "payer_policy_review", "unlisted_drug_code"],
     adms=[A(T, "normal saline", ("NS 500 mL IV hydration", "NS"), "infusion", "IV", "given", purpose="hydration",
             start=("600 mL/h: 10:00", "10:00"), stop=("10:00 to 10:50", "10:50"), minutes=10),
           A(T, "ketamine", ("Ketamine 38 mg", "Ketamine"), "infusion", "IV", "given",
             start=("10:05 to 10:45", "10:05"), stop=("10:05 to 10:45", "10:45"), minutes=40, billable=True)],
     rationale="The NS ran 50 minutes but 40 of them overlap the ketamine infusion (subtracted, hydration_not_separately_billable); the 10-minute remainder is <= 30 (hydration_30_min_or_less), so only 96365 is coded (policy §3, §4.1). Ketamine for MDD: J3490 + unlisted_drug_code + payer_policy_review.")

# ---------------------------------------------------------------- midnight, holds, derived stop
T = """LAKESIDE MEMORIAL HOSPITAL - ED / OUTPATIENT (facility UB-04)
Arrival 12/19/2025 22:31   Medicare   Pt: Ingrid Halvorsen, 74 F
CC: vomiting since noon, unable to keep fluids or meds down, weak.
Exam: BP 102/60, HR 114, T 99.0, mucosa dry. BUN 38, Cr 1.3, K 3.3, glucose 141.
Dx: R11.2 Nausea with vomiting, unspecified; E86.0 Dehydration; K52.9 Noninfective gastroenteritis and colitis, unspecified.

Nursing MAR / flowsheet:
22:55  PIV 20g L forearm
23:00  NS 2000 mL IV at 667 mL/h started
23:05  ondansetron 4 mg IV push
00:40  ondansetron 4 mg IV push (vomited x1 at 00:30)
02:00  NS infusion complete (2 L in)
02:15  tolerating sips, HR 90, orthostatics negative
03:05  discharged home with daughter, Rx ondansetron ODT
ED RN: M. Ostrowski   ED MD: Dr. J. Pillai
"""
_add("midnight crossing: one encounter, 180 min hydration across midnight; facility repeat push 96376", T, "facility", "medicare", "2025-12-19",
     lines=[L("96374"), L("96376"), L("96361", 3), L("J2405", 8)],
     findings=[],
     adms=[A(T, "normal saline", ("23:00  NS", "NS"), "infusion", "IV", "given", purpose="hydration",
             start=("23:00  NS", "23:00"), stop=("02:00  NS", "02:00"), minutes=180, billable=True),
           A(T, "ondansetron", ("23:05  ondansetron", "ondansetron"), "push", "IV", "given",
             start=("23:05  ondansetron", "23:05"), billable=True),
           A(T, "ondansetron", ("00:40  ondansetron", "ondansetron"), "push", "IV", "given",
             start=("00:40  ondansetron", "00:40"), billable=True)],
     rationale="The encounter crosses midnight but stays one encounter with one initial (policy §3): the push 96374 is initial, the repeat ondansetron 95 min later is 96376 (facility), and the 23:00-02:00 hydration (180 min) is secondary 96361 x 3 (151-210). The discharge Rx for ODT ondansetron is not an administration.")

T = """CASCADE KETAMINE & PAIN CLINIC (office, POS 11) - Infusion Procedure Note
DOS 10/06/2026      Medicaid      Patient: Sybil Arkwright, 43 F
Reason: ketamine infusion for CRPS, right arm.
Dx: G90.511 Complex regional pain syndrome I of right upper limb.
Weight 68 kg. Pain 8/10. BP 128/80 HR 74 SpO2 98%.
PIV 22g L forearm.

Ketamine 120 mg in 500 mL NS by pump.
  09:00  infusion started
  10:30  BP 172/104 -> pump stopped, infusion held; labetalol not needed
  10:50  BP 138/86 -> infusion restarted at same rate
  12:35  infusion completed
Running time documented by RN: 195 min (215 min clock minus 20-min hold).
Post: pain 4/10. Discharged 13:10 with husband.
RN: C. Mbatha   MD: Dr. V. Hollis
"""
_add("§10 Ex 8: hold with times subtracted (215-20=195 -> 96366 x2)", T, "office", "medicaid", "2026-10-06",
     lines=[L("96365"), L("96366", 2), L("J3490")],
     findings=["unlisted_drug_code"],
     adms=[A(T, "ketamine", ("Ketamine 120 mg", "Ketamine"), "infusion", "IV", "given",
             start=("09:00  infusion started", "09:00"), stop=("12:35  infusion completed", "12:35"), minutes=195, billable=True),
           A(T, "labetalol", ("labetalol not needed", "labetalol"), None, None, "negated")],
     rationale="The documented hold (10:30-10:50) is subtracted: 215 clock minutes -> 195 running minutes -> 96365 + 96366 x 2 (151-210), not x 3 (policy §3). Ketamine for CRPS: J3490 + unlisted_drug_code; 'labetalol not needed' is negated. Matches drug-administration-rules §10 Ex 8.")

T = """LAKESHORE UNIVERSITY HOSPITAL - OUTPATIENT INTERVENTIONAL PSYCHIATRY (HOPD)
DOS: 08/26/2025   Pt: Anika Rosenthal, 29 F   Ins: UnitedHealthcare PPO
Dx: F43.10 Post-traumatic stress disorder, unspecified; F33.1 Major depressive disorder, recurrent, moderate.
Ketamine series infusion #2. PCL-5 58. Wt 60 kg. BP 118/74, HR 82.
Access: 22g PIV R hand.

Ketamine 30 mg in 250 mL NS: infusion started 13:00.
Infusion paused briefly for BP 168/102 and resumed once BP improved (no antihypertensive given).
Infusion finished 14:45.
Vitals otherwise stable. Dissociation moderate, resolved by 15:30.
Discharged 15:40 with partner.
RN: L. Dufresne   MD: Dr. P. Lindqvist
"""
_add("hold without times -> interruption_times_missing; initial only, no 96366", T, "facility", "commercial", "2025-08-26",
     lines=[L("96365"), L("J3490")],
     findings=["interruption_times_missing", "payer_policy_review", "unlisted_drug_code"],
     adms=[A(T, "ketamine", ("Ketamine 30 mg", "Ketamine"), "infusion", "IV", "given",
             start=("started 13:00", "13:00"), stop=("finished 14:45", "14:45"), minutes=105, billable=True)],
     rationale="A pause is documented without its times, so the clock minutes (105) still support the initial 96365 but no 96366 unit is trusted (interruption_times_missing, policy §3 / policy-interpretation.md). minutes is the formula stop - start with no documented hold to subtract. Ketamine for PTSD/MDD: J3490 + unlisted_drug_code + payer_policy_review.")

T = """GREENWAY FAMILY PRACTICE (POS 11) - IV Hydration Visit
DOS: 01/27/2026   Patient: Cyril Abernathy, 79 M   Medicare Part B
Reason for visit: IV hydration for dehydration (norovirus exposure at assisted living, 3 days of vomiting/diarrhea).
Dx: E86.0 Dehydration; A08.4 Viral intestinal infection, unspecified.
Vitals: BP 100/58, HR 110, T 99.3, SpO2 96%. Orthostatic. BUN 41, Cr 1.5.

IV 22g R forearm placed 09:05.
NS 1000 mL IV at 500 mL/hr started 09:10.
Patient reassessed at 10:00: HR 98, less dizzy. Nurse called to another room; end time not charted.
Patient ambulated to restroom 11:25, steady, voided. PIV removed, tip intact.
Home with ORS instructions, call if unable to keep fluids down.
RN: B. Laurent   Supervising: Dr. G. Petrov
"""
_add("stop time derived from volume/rate (1000 mL at 500 mL/h -> 120 min)", T, "office", "medicare", "2026-01-27",
     lines=[L("96360"), L("96361")],
     findings=["stop_time_derived"],
     adms=[A(T, "normal saline", ("NS 1000 mL IV", "NS"), "infusion", "IV", "given", purpose="hydration",
             start=("started 09:10", "09:10"), stop_value="11:10", minutes=120, billable=True)],
     rationale="No stop time was charted, but volume and rate are: 1000 mL at 500 mL/h -> stop 11:10, 120 minutes (stop_time_derived, policy §3). Hydration primary: 96360 + 96361 x 1 (91-150).")

T = """ST. BRENDAN REGIONAL HOSPITAL - EMERGENCY DEPT (hospital outpatient, UB-04)
DOS 04/23/2026    Ins: Anthem commercial    Pt: Marcus Tillinghast, 41 M
CC: L flank pain radiating to groin, vomiting x 4.
Vitals: BP 158/96, HR 102, T 98.6. Pain 10/10. UA: large blood. CT: 4 mm L UVJ stone.
Dx: N20.1 Calculus of ureter; R11.2 Nausea with vomiting, unspecified.

Treatment:
- PIV 20g R AC placed.
- LR 1 L bolus started 16:20 for vomiting/poor PO intake.
- Ondansetron 4 mg IV push 16:22.
- Toradol 30 mg IV given.
- Reassessed: pain 3/10, nausea resolved. LR infusing at time of re-eval; end time not documented.
Dispo: home with tamsulosin, strainer, urology f/u.
ED RN: H. Qureshi   ED MD: Dr. T. Lindahl
"""
_add("missing stop (no rate) -> no hydration line; untimed 'IV given' -> drug line only", T, "facility", "commercial", "2026-04-23",
     lines=[L("96374"), L("J2405", 4), L("J1885", 2)],
     findings=["missing_start_time", "missing_stop_time"],
     adms=[A(T, "lactated ringers", ("LR 1 L bolus", "LR"), "infusion", "IV", "given", purpose="hydration",
             start=("started 16:20", "16:20")),
           A(T, "ondansetron", ("Ondansetron 4 mg IV push", "Ondansetron"), "push", "IV", "given",
             start=("push 16:22", "16:22"), billable=True),
           A(T, "ketorolac", ("Toradol 30 mg IV given", "Toradol"), None, "IV", "given", billable=True)],
     rationale="The LR has a start and a volume but no rate or stop, so it cannot be coded (missing_stop_time); 'Toradol 30 mg IV given' is neither a push nor timed, so it gets no administration line (missing_start_time, missing_stop_time) but keeps its drug line J1885 x 2 (policy §3, policy-interpretation.md). The ondansetron push is the only administration code: 96374.")

# ---------------------------------------------------------------- IM/SC injections and LAIs
T = """QuickCare Urgent Care - provider note (POS 20, professional claim)
Pt: Benedikt Szymanski  44M  DOS 03/06/2025  Ins: Medicaid
CC: acute low back pain after lifting, nausea from pain
HPI: onset yest, no radicular sx, no saddle anesthesia, no bowel/bladder change. Pain 8/10. Nauseated, no emesis.
Vitals: BP 146/90, HR 88, T 98.2, SpO2 98%.
Exam: paraspinal spasm L4-5, neg SLR bilat, neuro intact.
Dx: M54.50 Low back pain, unspecified; R11.0 Nausea.
Meds given in clinic:
 - ketorolac 60 mg IM R gluteal (dorsogluteal) 1410
 - promethazine 25 mg IM L gluteal 1412
Observed 20 min, pain 5/10, no sedation issues.
Rx: cyclobenzaprine 5 mg PO TID prn, naproxen 500 mg BID (start tomorrow). Heat, activity as tolerated.
PA-C: R. Imbert
"""
_add("IM injections alone -> 96372 x2 (two drugs, two sites)", T, "office", "medicaid", "2025-03-06",
     lines=[L("96372", 2), L("J1885", 4), L("J2550")],
     findings=[],
     adms=[A(T, "ketorolac", ("- ketorolac 60 mg IM", "ketorolac"), "injection_sc_im", "IM", "given",
             start=("(dorsogluteal) 1410", "1410"), billable=True),
           A(T, "promethazine", ("- promethazine 25 mg IM", "promethazine"), "injection_sc_im", "IM", "given",
             start=("L gluteal 1412", "1412"), billable=True)],
     rationale="IM/SC-only visit: the first injection is 96372 and the second separate injection adds a unit -> 96372 x 2 (policy §4.3). J1885 60/15 -> 4, J2550 up to 50 mg -> 1; the prescriptions are not administrations.")

T = """BRIGHTPATH KETAMINE CLINIC - INFUSION NOTE (office, POS 11)
DOS 08/04/2026   Pt: Leopold Varga, 57 M   Ins: Cigna PPO
Reason for visit: ketamine infusion #6 (maintenance) for treatment-resistant depression; monthly B12 injection also due today.
Dx: F33.2 Major depressive disorder, recurrent severe without psychotic features; D51.0 Vitamin B12 deficiency anemia due to intrinsic factor deficiency.
PHQ-9 11. Weight 86 kg. BP 130/82, HR 70.

PIV 22g R forearm placed 09:35.
Ketamine 43 mg in 100 mL NS via pump, start 09:40, stop 10:25.
Cyanocobalamin 1000 mcg IM, L deltoid, 10:35 (separate site from the IV).
Monitored until 11:15; discharged with wife.
Next ketamine in 4 weeks.
Provider: Dr. M. Fairweather
"""
_add("IM injection with an IV initial -> 96372-XS", T, "office", "commercial", "2026-08-04",
     lines=[L("96365"), L("96372", 1, "XS"), L("J3490"), L("J3420")],
     findings=["payer_policy_review", "unlisted_drug_code"],
     adms=[A(T, "ketamine", ("Ketamine 43 mg", "Ketamine"), "infusion", "IV", "given",
             start=("start 09:40", "09:40"), stop=("stop 10:25", "10:25"), minutes=45, billable=True),
           A(T, "cyanocobalamin", ("Cyanocobalamin 1000 mcg", "Cyanocobalamin"), "injection_sc_im", "IM", "given",
             start=("L deltoid, 10:35", "10:35"), billable=True),
           A(T, "ketamine", ("Next ketamine", "ketamine"), "infusion", "IV", "planned")],
     rationale="Ketamine infusion is the initial 96365; the IM B12 on the same claim as an IV initial is 96372 with XS (NCCI pair, policy §4.3). J3420 up to 1000 mcg -> 1; ketamine for TRD: J3490 + unlisted_drug_code + payer_policy_review.")

T = """NORTH COUNTY BEHAVIORAL HEALTH - PSYCHIATRY OFFICE (POS 11)
DOS 07/15/2025    Medicare    Patient: Reginald Fairbanks, 49 M
Dx: F20.9 Schizophrenia, unspecified.

Psychiatrist progress note (Dr. A. Whitfield): worsening auditory hallucinations and paranoia x 3 weeks after missed oral doses; MDM moderate - oral regimen changes documented in the psychiatric note; labs ordered (A1c, lipids). Separately identifiable E/M documented (99214-25).

Nurse injection note:
Paliperidone palmitate (Invega Sustenna) 234 mg IM, right deltoid, 14:10.
Prefilled single-dose syringe; entire syringe administered, no waste.
Lot IS40211, exp 03/2027. Tolerated; observed 15 min.
Next Invega Sustenna 156 mg due 08/12/2025.
RN: T. Okonjo   Supervising physician present in suite.
"""
_add("§10 Ex 4: LAI Invega Sustenna 96372 + J2426 x234 JZ (Medicare)", T, "office", "medicare", "2025-07-15",
     lines=[L("96372"), L("J2426", 234, "JZ")],
     findings=[],
     adms=[A(T, "paliperidone palmitate", ("Paliperidone palmitate (Invega", "Paliperidone palmitate"), "injection_sc_im", "IM", "given",
             start=("right deltoid, 14:10", "14:10"), billable=True),
           A(T, "paliperidone palmitate", ("Next Invega Sustenna", "Invega Sustenna"), "injection_sc_im", "IM", "planned")],
     rationale="LAI antipsychotic IM: 96372 x 1 and J2426 per 1 mg x 234; single-dose with zero waste documented -> JZ (Medicare, policy §5). The 99214-25 E/M is not scored; the next injection is planned.")

T = """RIVERBEND HOSPITAL - OUTPATIENT ADDICTION MEDICINE CLINIC (hospital outpatient department)
DOS: 02/03/2026    Medicare    Pt: Clement Abara, 62 M
Dx: F10.20 Alcohol dependence, uncomplicated. Sober 21 days; LFTs AST 48 / ALT 52. Opioid-free (UDS neg, confirmed).
Nurse-only visit (no provider E/M today); physician available on campus.

Naltrexone ER (Vivitrol) 380 mg IM, left upper outer gluteal quadrant, 11:00.
Single-dose kit; full dose administered, no waste.
Site: no induration at 15 min. Patient given wallet card.
Next Vivitrol 380 mg due 03/03/2026; plan: counseling weekly.
RN: E. Hargreave
"""
_add("§10 Ex 5: Vivitrol 96372 + J2315 x380 JZ (facility, Medicare)", T, "facility", "medicare", "2026-02-03",
     lines=[L("96372"), L("J2315", 380, "JZ")],
     findings=[],
     adms=[A(T, "naltrexone", ("Naltrexone ER (Vivitrol)", "Naltrexone ER"), "injection_sc_im", "IM", "given",
             start=("gluteal quadrant, 11:00", "11:00"), billable=True),
           A(T, "naltrexone", ("Next Vivitrol", "Vivitrol"), "injection_sc_im", "IM", "planned")],
     rationale="Naltrexone ER IM: 96372 + J2315 per 1 mg x 380; single-dose with 'no waste' -> JZ (Medicare, policy §5). Matches drug-administration-rules §10 Ex 5 (facility).")

T = """MERIDIAN HEALTH SYSTEM - HOSPITAL-BASED PSYCHIATRY CLINIC (facility claim)
LAI Administration Record            DOS 09/09/2025            Medicare
Patient: Wilhelmina Sato, 58 F
Dx: F25.0 Schizoaffective disorder, bipolar type. Stable on aripiprazole; dose reduced to 300 mg monthly (CYP2D6 poor metabolizer).

Drug: Abilify Maintena (aripiprazole ER) 400 mg single-dose vial kit, reconstituted with 1.9 mL SW.
Dose ordered: 300 mg (1.5 mL).
Administered: 300 mg IM, left deltoid, 23g 1-inch needle, at 10:20.
Wasted: 100 mg (0.5 mL) discarded in pharmaceutical waste, witnessed by RN K. Moss.
Tolerated; no EPS. Return 10/07/2025.
Home meds: lithium 600 mg qhs, levothyroxine 50 mcg.
RN: D. Fontaine
"""
_add("LAI Abilify Maintena Medicare with documented waste -> J0401 x300 + J0401-JW x100", T, "facility", "medicare", "2025-09-09",
     lines=[L("96372"), L("J0401", 300), L("J0401", 100, "JW")],
     findings=[],
     adms=[A(T, "aripiprazole", ("Drug: Abilify Maintena", "Abilify Maintena"), "injection_sc_im", "IM", "given",
             start=("needle, at 10:20", "10:20"), billable=True)],
     rationale="Aripiprazole ER IM: 96372 + J0401 x 300 for the administered dose and a second J0401 line with JW x 100 for the documented discarded amount (Medicare single-dose, policy §5 / policy-interpretation.md).")

T = """NORTH COUNTY BEHAVIORAL HEALTH - PSYCHIATRY OFFICE (POS 11)
DOS 03/12/2026   Ins: Blue Cross commercial   Patient: Percival Yorke, 27 M
Dx: F20.9 Schizophrenia, unspecified. Oral tolerability previously established; starting Aristada today (one-day initiation regimen).

Administered today:
1) Aristada Initio (aripiprazole lauroxil) 675 mg IM, right deltoid, 10:05.
2) Aristada (aripiprazole lauroxil) 882 mg IM, left gluteal, 10:12.
3) Aripiprazole 30 mg PO x1, 10:15, observed swallowing.
Observed 20 min: no EPS, no injection-site reaction.
Plan: Aristada 882 mg IM q 4 weeks; no further oral antipsychotic after today.
RN: A. Leclerc   MD: Dr. S. Maddox (in office)
"""
_add("LAI Aristada Initio + Aristada: two injections 96372 x2; oral dose no line", T, "office", "commercial", "2026-03-12",
     lines=[L("96372", 2), L("J1943", 675), L("J1944", 882)],
     findings=[],
     adms=[A(T, "aripiprazole lauroxil", ("1) Aristada Initio", "Aristada Initio"), "injection_sc_im", "IM", "given",
             start=("right deltoid, 10:05", "10:05"), billable=True),
           A(T, "aripiprazole lauroxil", ("2) Aristada", "Aristada"), "injection_sc_im", "IM", "given",
             start=("left gluteal, 10:12", "10:12"), billable=True),
           A(T, "aripiprazole", ("3) Aripiprazole", "Aripiprazole"), "other_route", "PO", "given",
             start=("PO x1, 10:15", "10:15")),
           A(T, "aripiprazole lauroxil", ("Plan: Aristada", "Aristada"), "injection_sc_im", "IM", "planned")],
     rationale="Two separate IM injections of two products at two sites: 96372 x 2 (policy §4.3); Aristada Initio J1943 x 675 and Aristada J1944 x 882 (per 1 mg); commercial, no JZ/JW. The oral aripiprazole dose has no line.")

T = """HARBOR RECOVERY MEDICAL (office-based addiction treatment, POS 11)
DOS 10/21/2025   Medicaid   Pt: Tamsin Rourke, 33 F
Dx: F11.20 Opioid dependence, uncomplicated. Stable on current SL regimen x 14 days, no withdrawal. UDS: bup+, fentanyl neg.
Home meds: buprenorphine-naloxone 8/2 mg SL film BID (to stop after today), sertraline 50 mg daily.
REMS: Sublocade REMS-certified pharmacy/health care setting.

Procedure: Sublocade (buprenorphine extended-release) 300 mg SC, abdominal subcutaneous tissue, right lower quadrant, 15:40.
Prefilled syringe; patient tolerated; no depot palpation issues. Observed 10 min.
Plan: next Sublocade 300 mg on 11/18/2025, then 100 mg maintenance.
RN: J. Baptiste   Provider: Dr. L. Mensah (on site)
"""
_add("Sublocade SC -> 96372 + Q9992 x1 (>100 mg)", T, "office", "medicaid", "2025-10-21",
     lines=[L("96372"), L("Q9992")],
     findings=[],
     adms=[A(T, "buprenorphine extended-release", ("Procedure: Sublocade", "Sublocade"), "injection_sc_im", "SC", "given",
             start=("right lower quadrant, 15:40", "15:40"), billable=True),
           A(T, "buprenorphine extended-release", ("next Sublocade", "Sublocade"), "injection_sc_im", "SC", "planned")],
     rationale="Sublocade is an SC injection: 96372, and its HCPCS code is Q9992 (> 100 mg) x 1 per dose (Q9991/Q9992 are per-injection dose bands, so units are 1). Medicaid, so no JZ/JW; home SL buprenorphine is a medication-list entry.")

T = """CITY HOSPITAL OUTPATIENT BEHAVIORAL HEALTH (HOPD, UB-04)
Injection Clinic Note     DOS 05/19/2026     Payer: Medicare
Patient: Oswin Delacourt, 55 M
Dx: F20.9 Schizophrenia, unspecified. Maintenance LAI, adherent, PANSS stable.
Vitals: BP 128/84, HR 76, wt 92 kg. AIMS 0.

Invega Sustenna (paliperidone palmitate) 156 mg IM, left deltoid, 13:30, RN C. Abiodun.
Lot IS51873, exp 11/2027. Patient tolerated injection without complaint.
Next Invega Sustenna 156 mg due 06/16/2026.
"""
_add("Medicare single-dose LAI with no waste statement -> missing_waste_documentation", T, "facility", "medicare", "2026-05-19",
     lines=[L("96372"), L("J2426", 156)],
     findings=["missing_waste_documentation"],
     adms=[A(T, "paliperidone palmitate", ("Invega Sustenna (paliperidone", "Invega Sustenna"), "injection_sc_im", "IM", "given",
             start=("left deltoid, 13:30", "13:30"), billable=True),
           A(T, "paliperidone palmitate", ("Next Invega Sustenna", "Invega Sustenna"), "injection_sc_im", "IM", "planned")],
     rationale="Paliperidone palmitate is a Medicare single-dose drug; the note documents neither zero waste nor a discarded amount, so J2426 x 156 has no JZ/JW and missing_waste_documentation is raised (policy §5). 96372 x 1.")

# ---------------------------------------------------------------- esketamine (Spravato)
T = """NEW HORIZONS PSYCHIATRY - SPRAVATO TREATMENT NOTE (office, POS 11)
DOS: 04/15/2025   Medicare   Patient: Augustin Pellegrini, 70 M (established)
Dx: F33.2 Major depressive disorder, recurrent severe without psychotic features (TRD: 4 failed adequate trials incl. augmentation).
Concurrent oral antidepressant: escitalopram 20 mg daily.
REMS: patient enrolled in the Spravato REMS; site REMS-certified; REMS patient monitoring form submitted.
Pre-dose BP 132/80 (< 140/90), HR 70, SpO2 97%. No food 2 h, no liquids 30 min.

Esketamine (Spravato) 56 mg intranasal, 2 devices, self-administered under direct observation: first device 10:00, second device 10:05.
Post-dose monitoring 10:05-12:10 (2 h 5 min): BP 146/86 at 10:45, 134/80 at 12:00; dissociation mild, resolved by 11:15; sedation none by 12:00.
Patient ready for discharge 12:10; wife driving.
Provider: Dr. J. Amberson, MD
"""
_add("esketamine Medicare 56 mg -> G2082; REMS + 2 h monitoring documented", T, "office", "medicare", "2025-04-15",
     lines=[L("G2082")],
     findings=[],
     adms=[A(T, "esketamine", ("Esketamine (Spravato) 56 mg", "Esketamine"), "other_route", "intranasal", "given",
             start=("first device 10:00", "10:00"), stop=("second device 10:05", "10:05"), billable=True)],
     rationale="Intranasal esketamine has no 963xx code; Medicare total dose 56 mg -> G2082 x 1 (policy §4.6). REMS enrolment and >= 2 h post-dose monitoring are documented, so no payer_policy_review.")

T = """NEW HORIZONS PSYCHIATRY - SPRAVATO SESSION (certified REMS treatment center, office POS 11)
Date of service 02/24/2026    Medicare Part B    Pt: Henrietta Voss, 68 F (established)
Dx: F33.2 - treatment-resistant depression per policy criteria (4 failed trials incl. augmentation). On venlafaxine XR 225 mg daily.
REMS: enrolled, monitoring form completed.
Pre: BP 128/76 HR 72 SpO2 98%. MADRS 27.

Esketamine 84 mg intranasal (3 x 28 mg devices), self-administered 10:00-10:10, 5 min between devices.
Monitoring 10:10-12:15: BP peak 148/88 at 10:40; dissociation (CADSS) peaked 10:30, resolved 11:20; sedation resolved 11:40.
Discharged 12:15 with son; no driving until next day.
Provider: Dr. J. Amberson
"""
_add("§10 Ex 9: esketamine Medicare 84 mg -> G2083", T, "office", "medicare", "2026-02-24",
     lines=[L("G2083")],
     findings=[],
     adms=[A(T, "esketamine", ("Esketamine 84 mg", "Esketamine"), "other_route", "intranasal", "given",
             start=("self-administered 10:00-10:10", "10:00"), stop=("self-administered 10:00-10:10", "10:10"), billable=True)],
     rationale="Medicare, 84 mg (> 56 mg): G2083 x 1, no IV/IM administration code (policy §4.6); REMS and 2 h monitoring documented. Matches drug-administration-rules §10 Ex 9 (Medicare).")

T = """CLEARVIEW MENTAL HEALTH - ESKETAMINE CLINIC (office, POS 11)
DOS 01/08/2026   Ins: Aetna commercial (buy-and-bill)   Patient: Jonah Whitcombe, 36 M
Dx: F32.2 Major depressive disorder, single episode, severe without psychotic features; failed 3 antidepressants. Oral sertraline 200 mg continued.
Spravato REMS: patient and site enrolled; REMS monitoring form filed today.
BP 124/78 pre-dose. No SI today (C-SSRS neg).

Spravato 84 mg intranasal (3 devices), observed self-administration 14:00-14:10.
Patient monitored in clinic 14:10-16:15 (>= 2 hours); BP max 142/84; dissociation resolved by 15:05.
Discharged 16:15 with friend. Next session in 1 week (Spravato 84 mg).
Provider: Dr. R. Kaplan, MD
"""
_add("esketamine commercial DOS 2026-01-08 -> J0013 x84", T, "office", "commercial", "2026-01-08",
     lines=[L("J0013", 84)],
     findings=[],
     adms=[A(T, "esketamine", ("Spravato 84 mg intranasal", "Spravato"), "other_route", "intranasal", "given",
             start=("self-administration 14:00-14:10", "14:00"), stop=("self-administration 14:00-14:10", "14:10"), billable=True),
           A(T, "esketamine", ("(Spravato 84 mg).", "Spravato"), "other_route", "intranasal", "planned")],
     rationale="Commercial esketamine on or after 2026-01-01 bills J0013 per mg: 84 units (policy §4.6); REMS and >= 2 h monitoring documented, so no payer flag.")

T = """CLEARVIEW MENTAL HEALTH - ESKETAMINE CLINIC (office, POS 11)
DOS 12/30/2025   Ins: UnitedHealthcare commercial   Patient: Philippa Marchbanks, 45 F
Dx: F33.2 Major depressive disorder, recurrent severe without psychotic features. Induction week 2, session 4. Bupropion XL 300 mg daily.
REMS: enrolled patient, certified site; patient monitoring form completed.
Pre-dose BP 118/72, HR 80.

Esketamine nasal spray 56 mg (2 devices) self-administered 09:30 and 09:35 under observation.
Monitoring 09:35-11:40: mild dissociation resolved 10:20, BP max 136/82; no sedation at discharge.
Discharged 11:40 via rideshare with sister.
Provider: Dr. R. Kaplan
"""
_add("esketamine commercial DOS 2025-12-30 -> S0013 x56", T, "office", "commercial", "2025-12-30",
     lines=[L("S0013", 56)],
     findings=[],
     adms=[A(T, "esketamine", ("Esketamine nasal spray 56 mg", "Esketamine"), "other_route", "intranasal", "given",
             start=("self-administered 09:30", "09:30"), stop=("09:30 and 09:35", "09:35"), billable=True)],
     rationale="Commercial esketamine before 2026-01-01 bills S0013 per mg: 56 units (policy §4.6); REMS and 2 h monitoring are documented.")

T = """SUNRISE BEHAVIORAL HEALTH (office, POS 11) - Treatment Note
DOS 03/04/2026   Medicaid   Patient: Rosalind Ekwueme, 31 F
Dx: F33.2 Major depressive disorder, recurrent severe without psychotic features. PHQ-9 22.
Fluoxetine 40 mg daily continued.

Spravato 56 mg intranasal, two devices, self-administered 10:00 and 10:05 with staff observing.
Observed in clinic 60 min; BP 138/84 at 10:45; mild dizziness. Patient left at 11:05 (ride waiting).
Return next week.
Provider: K. Osei, PMHNP
"""
_add("esketamine without REMS / >= 2 h monitoring -> payer_policy_review; Medicaid 2026 J0013 x56", T, "office", "medicaid", "2026-03-04",
     lines=[L("J0013", 56)],
     findings=["payer_policy_review"],
     adms=[A(T, "esketamine", ("Spravato 56 mg", "Spravato"), "other_route", "intranasal", "given",
             start=("self-administered 10:00", "10:00"), stop=("10:00 and 10:05", "10:05"), billable=True)],
     rationale="Medicaid after 2026-01-01: J0013 x 56 (policy §4.6). REMS is not mentioned and monitoring lasted 60 minutes (< 2 h), so payer_policy_review (policy-interpretation.md (c)).")

# ---------------------------------------------------------------- separate encounters, MUE
T = """WILLOWBROOK FAMILY MEDICINE (office, POS 11)
DOS: 11/13/2025   Patient: Benedetta Carlsson, 60 F   Ins: Anthem commercial

--- Visit 1 (09:00) ---
Seen for acute low back pain after gardening (M54.50) and routine pernicious anemia follow-up (D51.0). Separately documented E/M (99213-25).
Cyanocobalamin 1000 mcg IM, L deltoid, 09:10.
Ketorolac 60 mg IM, R gluteal, 09:12.
Discharged 09:30.

--- Visit 2: separate encounter, patient returned 14:50 ---
New complaint: vomiting x 6 since lunch (suspected foodborne), unable to keep fluids down, HR 112, dry mucosa. Dx: E86.0 Dehydration; R11.2.
Reason for return visit: IV hydration for dehydration.
New PIV 20g R hand.
NS 1000 mL IV 15:00-16:10.
Lorazepam 1 mg IV push 15:05 for anticipatory nausea/anxiety.
16:15 tolerating PO, HR 90. Discharged.
Dr. T. Vasquez / RN M. Hale
"""
_add("§10 Ex 10 office: 2 IM injections + same-day separate IV encounter (96360-XE, differs from §10)", T, "office", "commercial", "2025-11-13",
     lines=[L("96372", 2, "XS"), L("96360", 1, "XE"), L("96375"), L("J3420"), L("J1885", 4), L("J2060")],
     findings=[],
     adms=[A(T, "cyanocobalamin", ("Cyanocobalamin 1000 mcg", "Cyanocobalamin"), "injection_sc_im", "IM", "given",
             start=("L deltoid, 09:10", "09:10"), billable=True),
           A(T, "ketorolac", ("Ketorolac 60 mg IM", "Ketorolac"), "injection_sc_im", "IM", "given",
             start=("R gluteal, 09:12", "09:12"), billable=True),
           A(T, "normal saline", ("NS 1000 mL IV", "NS"), "infusion", "IV", "given", purpose="hydration",
             start=("IV 15:00-16:10", "15:00"), stop=("IV 15:00-16:10", "16:10"), minutes=70, billable=True),
           A(T, "lorazepam", ("Lorazepam 1 mg", "Lorazepam"), "push", "IV", "given",
             start=("push 15:05", "15:05"), billable=True)],
     rationale="Two IM injections -> 96372 x 2; the documented return visit is a separate encounter whose primary reason is IV hydration, so its initial service is 96360-XE (70 min) with the lorazepam push 96375 (office, policy §4.2/§4.4). 96372 carries XS because an IV initial is on the claim (policy-interpretation.md); drug-administration-rules §10 Ex 10 codes the afternoon 96374-XE + 96361, which coding-policy §4.4 overrides for an office with hydration as the stated reason.")

T = """NORTHSHORE MEDICAL CENTER - OUTPATIENT INFUSION (hospital, UB-04)
DOS 06/02/2026   Ins: BCBS commercial   Pt: Leonie Fairchild, 39 F

ENCOUNTER 1 (09:00-09:50)
Dx: D50.0 Iron deficiency anemia secondary to blood loss (chronic). Hgb 9.0, ferritin 6.
PIV 22g L forearm.
Ferric carboxymaltose 750 mg in NS 250 mL IV: start 09:00, stop 09:20. Observed 30 min; PIV removed; discharged 09:50.

ENCOUNTER 2 - separate visit, patient returned 15:30 with a new complaint
Dx: G43.909 Migraine, unspecified, not intractable, without status migrainosus. Pain 8/10, photophobia, no focal deficits.
New PIV 20g R hand placed 15:35.
Ketorolac 30 mg IV push 15:40.
Metoclopramide 10 mg IV push 15:42.
16:30 pain 2/10; discharged.
RN: J. Okafor-Lind
"""
_add("facility: separate encounter same day -> second initial 96374-XE", T, "facility", "commercial", "2026-06-02",
     lines=[L("96365"), L("96374", 1, "XE"), L("96375"), L("J1439", 750), L("J1885", 2), L("J2765")],
     findings=[],
     adms=[A(T, "ferric carboxymaltose", ("Ferric carboxymaltose 750 mg", "Ferric carboxymaltose"), "infusion", "IV", "given",
             start=("start 09:00", "09:00"), stop=("stop 09:20", "09:20"), minutes=20, billable=True),
           A(T, "ketorolac", ("Ketorolac 30 mg IV push", "Ketorolac"), "push", "IV", "given",
             start=("push 15:40", "15:40"), billable=True),
           A(T, "metoclopramide", ("Metoclopramide 10 mg IV push", "Metoclopramide"), "push", "IV", "given",
             start=("push 15:42", "15:42"), billable=True)],
     rationale="Encounter 1: iron infusion 96365. The documented return visit with a new IV is a separate encounter, so it gets its own initial service 96374 with XE and the second push 96375 (policy §4.2).")

T = """CAPITOL EXTENDED-HOURS INFUSION CLINIC (physician office, POS 11)
DOS: 09/29/2026    Medicaid    Patient: Yesenia Marchetti, 28 F (UPT negative)
Reason for visit: IV antibiotic (ceftriaxone) for acute pyelonephritis; outpatient oral therapy unsuccessful.
Exam/data: T 101.4, HR 116, BP 104/62, CVA tenderness L. Vomiting x 5 today, unable to keep PO fluids or meds down, dry mucosa, BUN 27. WBC 15.2.
Dx: N10 Acute pyelonephritis; E86.0 Dehydration.

PIV 20g L forearm placed 06:55.
07:00-07:30  ceftriaxone 1 g in 50 mL NS IVPB
07:30        NS 0.9% IV hydration started at 250 mL/h (continuous, bags changed q4h)
07:35        ondansetron 4 mg IV push
19:30        NS hydration stopped (total ~3 L)
Reassessed hourly; by 19:30 afebrile, HR 88, tolerating PO, voiding. Discharged on oral cefpodoxime.
Attending: Dr. F. Adeyemi (present)   RNs: L. Hart / D. Kim
"""
_add("12-hour secondary hydration in office: 96361 12 units capped at MUE 8 (units_exceed_mue)", T, "office", "medicaid", "2026-09-29",
     lines=[L("96365"), L("96361", 8), L("96375"), L("J0696", 4), L("J2405", 4)],
     findings=["units_exceed_mue"],
     adms=[A(T, "ceftriaxone", ("07:00-07:30  ceftriaxone", "ceftriaxone"), "infusion", "IV", "given",
             start=("07:00-07:30  ceftriaxone", "07:00"), stop=("07:00-07:30  ceftriaxone", "07:30"), minutes=30, billable=True),
           A(T, "normal saline", ("07:30        NS 0.9%", "NS"), "infusion", "IV", "given", purpose="hydration",
             start=("07:30        NS", "07:30"), stop=("19:30        NS", "19:30"), minutes=720, billable=True),
           A(T, "ondansetron", ("07:35        ondansetron", "ondansetron"), "push", "IV", "given",
             start=("07:35        ondansetron", "07:35"), billable=True)],
     rationale="Ceftriaxone (primary reason) is 96365; 720 minutes of secondary hydration give 12 units of 96361 (31-90 -> 1 ... 691-750 -> 12, policy §3), capped at the practitioner MUE of 8 with units_exceed_mue (§4.5); ondansetron push 96375.")

# ---------------------------------------------------------------- claim audit (billed given)
T = """EASTSIDE URGENT & FAMILY MEDICINE (office-based, POS 11)
DOS: 01/21/2025   Pt: Clarissa Dunmore, 26 F   Ins: Blue Cross commercial
CC: wheezing, SOB x 1 day after URI. Home rescue inhaler with little relief.
Vitals: RR 24, HR 104, SpO2 93% RA, peak flow 55% predicted. BP 122/76. T 99.0.
Exam: diffuse expiratory wheeze, speaking full sentences.
Dx: J45.41 Moderate persistent asthma with (acute) exacerbation.

Treatment:
- PIV 22g L hand.
- Methylprednisolone (Solu-Medrol) 125 mg in 50 mL NS IVPB, started 10:10, completed 10:22.
- Reassessed 10:50: SpO2 97%, wheeze improved, peak flow 75%.
Discharged with prednisone burst Rx and asthma action plan; PCP 2-3 days.
Dr. L. Beaumont

Claim submitted: 96365 x1, J2930 x1.
"""
_add("audit: 96365 billed for a 12-min infusion -> 96374 supported", T, "office", "commercial", "2025-01-21",
     billed=[L("96365"), L("J2930")],
     lines=[L("96374"), L("J2930")],
     findings=["billed_code_not_supported", "infusion_15_min_or_less", "supported_code_not_billed"],
     adms=[A(T, "methylprednisolone", ("Methylprednisolone (Solu-Medrol)", "Methylprednisolone"), "push", "IV", "given",
             start=("started 10:10", "10:10"), stop=("completed 10:22", "10:22"), minutes=12, billable=True)],
     rationale="The IVPB ran 12 minutes, so it is a push 96374 with infusion_15_min_or_less (policy §3); the billed 96365 is not supported and 96374 was not billed (§7). J2930 (up to 125 mg) x 1 matches.")

T = """MERCY VALLEY HOSPITAL - PAIN MEDICINE INFUSION UNIT (hospital outpatient department)
DOS 02/12/2026   Medicaid   Pt: Florian Esterhazy, 50 M
Dx: G90.521 Complex regional pain syndrome I of right lower limb.
Pain 8/10, weight 84 kg, BP 134/86, HR 78, SpO2 97%.
Access: 20g PIV L forearm.

Ketamine 100 mg in 500 mL NS via pump.
 Start 10:00
 Stop 12:20 (bag complete, no interruptions)
Post-infusion pain 4/10; discharged 12:50.
RN: G. Tamsin

Charge capture: 96365 x1, 96366 x2, J3490 x1 (ketamine 100 mg, NDC on claim).
"""
_add("audit: wrong 96366 units (140 min supports 1) -> units_mismatch", T, "facility", "medicaid", "2026-02-12",
     billed=[L("96365"), L("96366", 2), L("J3490")],
     lines=[L("96365"), L("96366"), L("J3490")],
     findings=["units_mismatch", "unlisted_drug_code"],
     adms=[A(T, "ketamine", ("Ketamine 100 mg", "Ketamine"), "infusion", "IV", "given",
             start=("Start 10:00", "10:00"), stop=("Stop 12:20", "12:20"), minutes=140, billable=True)],
     rationale="140 minutes supports 96365 + 96366 x 1 (91-150, policy §3); 96366 was billed x 2 -> units_mismatch (§7). Ketamine for CRPS: J3490 + unlisted_drug_code, no payer flag.")

T = """SILVERLAKE PRIMARY CARE (office, POS 11) - Acute Visit
DOS 05/27/2026   Medicare   Pt: Gustav Lindqvist, 66 M
CC: sudden R flank pain radiating to groin, nausea. Hx nephrolithiasis.
Vitals: BP 152/90, HR 96, T 98.4. Pain 9/10. UA: 3+ blood, no nitrite.
Dx: N23 Unspecified renal colic; R11.0 Nausea.
Reason for visit: renal colic pain control.

PIV 22g R forearm.
14:05 ketorolac 30 mg IV push
14:07 ondansetron 4 mg IV push
14:50 ondansetron 4 mg IV push repeated - still nauseated
15:20 pain 3/10, nausea resolved. Home with tamsulosin Rx; CT ordered.
Dr. M. Oyelaran

Billed: 96374, 96375, 96376, J1885 x2, J2405 x8.
"""
_add("audit: 96376 billed in office -> not supported + repeat_push_not_billable_in_office", T, "office", "medicare", "2026-05-27",
     billed=[L("96374"), L("96375"), L("96376"), L("J1885", 2), L("J2405", 8)],
     lines=[L("96374"), L("96375"), L("J1885", 2), L("J2405", 8)],
     findings=["billed_code_not_supported", "repeat_push_not_billable_in_office"],
     adms=[A(T, "ketorolac", ("14:05 ketorolac", "ketorolac"), "push", "IV", "given",
             start=("14:05 ketorolac", "14:05"), billable=True),
           A(T, "ondansetron", ("14:07 ondansetron", "ondansetron"), "push", "IV", "given",
             start=("14:07 ondansetron", "14:07"), billable=True),
           A(T, "ondansetron", ("14:50 ondansetron", "ondansetron"), "push", "IV", "given",
             start=("14:50 ondansetron", "14:50"), billable=True)],
     rationale="Office: ketorolac push (primary reason, pain control) 96374, ondansetron 96375; the repeat ondansetron 43 min later has no office code (repeat_push_not_billable_in_office), so the billed 96376 is not supported (policy §4.3-4.4, §7). Drug units include both ondansetron doses (J2405 x 8).")

T = """LAKESHORE UNIVERSITY HOSPITAL - OUTPATIENT INTERVENTIONAL PSYCHIATRY (HOPD)
DOS: 03/27/2025   Pt: Marguerite Okafor, 42 F   Ins: Cigna PPO
Dx: F33.2 Major depressive disorder, recurrent severe without psychotic features.
Ketamine infusion #3. MADRS 30. Wt 66 kg. BP 120/78, HR 74.
Single PIV 22g R forearm used for all medications.

09:55  ondansetron 4 mg IV push
10:00  ketamine 33 mg in 100 mL NS infusion started
10:40  ketamine infusion completed
Recovery uneventful; discharged 11:25 with mother.
RN: A. Mbeki

UB-04 lines: 96365 x1, 96374 x1, J3490 x1, J2405 x4.
"""
_add("audit: two initials billed without separate encounter -> multiple_initial_services", T, "facility", "commercial", "2025-03-27",
     billed=[L("96365"), L("96374"), L("J3490"), L("J2405", 4)],
     lines=[L("96365"), L("96375"), L("J3490"), L("J2405", 4)],
     findings=["billed_code_not_supported", "multiple_initial_services", "payer_policy_review",
               "supported_code_not_billed", "unlisted_drug_code"],
     adms=[A(T, "ondansetron", ("09:55  ondansetron", "ondansetron"), "push", "IV", "given",
             start=("09:55  ondansetron", "09:55"), billable=True),
           A(T, "ketamine", ("10:00  ketamine", "ketamine"), "infusion", "IV", "given",
             start=("10:00  ketamine", "10:00"), stop=("10:40  ketamine", "10:40"), minutes=40, billable=True)],
     rationale="One encounter, one IV site: only one initial (96365, hierarchy); the push is 96375. The claim carries two initials (96365 + 96374) with no separate encounter or site -> multiple_initial_services, 96374 not supported and 96375 not billed (§4.2, §7). Ketamine for MDD: unlisted_drug_code + payer_policy_review.")

T = """HERITAGE FAMILY MEDICINE - Nurse Procedure Note (POS 11)
Patient: Augusta Whelan, 83 F   DOS 10/20/2026   Medicare Part B
Reason for visit: IV hydration for dehydration (poor oral intake x 4 days with viral illness, orthostatic).
Dx: E86.0 Dehydration; R11.2 Nausea with vomiting, unspecified.
BUN 36, Cr 1.2, Na 137. Orthostatic: 126/70 -> 102/60, HR 86 -> 110.

IV: 22g R forearm.
NS 1000 mL IV: start 10:00, stop 11:10.
Ondansetron 4 mg IV push at 10:10 for nausea.
Reassessed 11:15: orthostatics normal, tolerating fluids.
RN: D. Whitcombe   Supervising: Dr. M. Haskins

Claim: 96360, 96375, J2405 x4, J7030 x1.
"""
_add("audit: correct claim (office hydration-primary + push); J7030 not audited", T, "office", "medicare", "2026-10-20",
     billed=[L("96360"), L("96375"), L("J2405", 4), L("J7030")],
     lines=[L("96360"), L("96375"), L("J2405", 4)],
     findings=[],
     adms=[A(T, "normal saline", ("NS 1000 mL IV", "NS"), "infusion", "IV", "given", purpose="hydration",
             start=("start 10:00", "10:00"), stop=("stop 11:10", "11:10"), minutes=70, billable=True),
           A(T, "ondansetron", ("Ondansetron 4 mg IV push", "Ondansetron"), "push", "IV", "given",
             start=("push at 10:10", "10:10"), billable=True)],
     rationale="Office, hydration is the stated reason: 96360 (70 min) + 96375 for the push (policy §4.4) and J2405 x 4 - exactly what was billed, so no audit finding; the J7030 IV-solution line is neither scored nor audited (policy-interpretation.md).")

T = """RIVERBEND NEPHROLOGY & INFUSION - OFFICE INFUSION NOTE (POS 11)
DOS: 04/09/2026   Patient: Ottoline Brandvold, 59 F   Payer: Humana commercial PPO
Reason for visit: IV iron sucrose for iron deficiency anemia in CKD 4.
Dx: D63.1 Anemia in chronic kidney disease; N18.4 Chronic kidney disease, stage 4 (severe).
Hgb 9.4, TSAT 12%. BP 138/80, HR 76.

PIV 22g L forearm placed by RN (2 attempts).
Iron sucrose 200 mg in 100 mL NS IV infusion: start 14:00, stop 14:30.
Observed 30 min; no reaction.
RN: L. Perrault

Claim lines: 36000 x1, 96365 x1, J1756 x200.
"""
_add("audit: 36000 billed with 96365 (NCCI PTP bundled) -> billed_code_not_supported", T, "office", "commercial", "2026-04-09",
     billed=[L("36000"), L("96365"), L("J1756", 200)],
     lines=[L("96365"), L("J1756", 200)],
     findings=["billed_code_not_supported"],
     adms=[A(T, "iron sucrose", ("Iron sucrose 200 mg", "Iron sucrose"), "infusion", "IV", "given",
             start=("start 14:00", "14:00"), stop=("stop 14:30", "14:30"), minutes=30, billable=True)],
     rationale="The IV start (36000) is bundled into 96365 (NCCI PTP column 2, policy §4.1), so it is billed_code_not_supported; 96365 (30 min) and J1756 x 200 are supported. Commercial: no JZ/JW.")

T = """MERIDIAN HEALTH SYSTEM - HOSPITAL-BASED PSYCHIATRY CLINIC (facility claim)
LAI Administration Record        DOS 07/30/2026        Medicaid
Patient: Barnaby Crowther, 34 M
Dx: F31.81 Bipolar II disorder. Maintenance aripiprazole LAI, month 7.

Abilify Maintena (aripiprazole) 400 mg IM, right gluteal (dorsogluteal), 11:45. Full kit used.
Tolerated; no akathisia. AIMS 0. Weight 101 kg.
Next Abilify Maintena 400 mg in 4 weeks.
RN: D. Fontaine

Billed: 96372 x1.
"""
_add("audit: drug line not billed -> supported_code_not_billed", T, "facility", "medicaid", "2026-07-30",
     billed=[L("96372")],
     lines=[L("96372"), L("J0401", 400)],
     findings=["supported_code_not_billed"],
     adms=[A(T, "aripiprazole", ("Abilify Maintena (aripiprazole) 400 mg", "Abilify Maintena"), "injection_sc_im", "IM", "given",
             start=("(dorsogluteal), 11:45", "11:45"), billable=True),
           A(T, "aripiprazole", ("Next Abilify Maintena", "Abilify Maintena"), "injection_sc_im", "IM", "planned")],
     rationale="The injection supports 96372 and the drug line J0401 x 400 (per 1 mg, policy §5); only 96372 was billed, so the drug line is supported_code_not_billed (§7). Medicaid: no JZ/JW.")

T = """BRIGHTPATH KETAMINE CLINIC - INFUSION NOTE (office, POS 11)
DOS 09/04/2025   Pt: Rupert Vandermeer, 51 M   Ins: Optum commercial
Here for ketamine infusion #2 for treatment-resistant depression.
Dx: F32.2 Major depressive disorder, single episode, severe without psychotic features.
PHQ-9 20. Wt 90 kg. BP 128/84, HR 78.
PIV 20g L AC placed 13:50.
Ketamine 45 mg in 100 mL NS infused 14:00-14:40.
NS at 10 mL/hr TKO 14:40-15:30 to keep vein open during monitoring.
Discharged 15:30 with wife.
Provider: Dr. M. Fairweather

Superbill: 96365, 96360, J3490.
"""
_add("audit: KVO billed as hydration 96360 -> not supported + multiple initials", T, "office", "commercial", "2025-09-04",
     billed=[L("96365"), L("96360"), L("J3490")],
     lines=[L("96365"), L("J3490")],
     findings=["billed_code_not_supported", "hydration_not_separately_billable", "multiple_initial_services",
               "payer_policy_review", "unlisted_drug_code"],
     adms=[A(T, "ketamine", ("Ketamine 45 mg", "Ketamine"), "infusion", "IV", "given",
             start=("infused 14:00-14:40", "14:00"), stop=("infused 14:00-14:40", "14:40"), minutes=40, billable=True),
           A(T, "normal saline", ("NS at 10 mL/hr TKO", "NS"), "infusion", "IV", "given", purpose="kvo",
             start=("TKO 14:40-15:30", "14:40"), stop=("TKO 14:40-15:30", "15:30"), minutes=50)],
     rationale="The NS was TKO, never hydration (hydration_not_separately_billable), so the billed 96360 is not supported; it is also a second initial service with no separate encounter or site (multiple_initial_services) (policy §4.1-4.2, §7). Ketamine for MDD: J3490 + unlisted_drug_code + payer_policy_review.")

T = """NEW HORIZONS PSYCHIATRY - SPRAVATO TREATMENT NOTE (office, POS 11)
DOS: 06/03/2025   Medicare   Patient: Lavinia Crumb, 72 F (established)
Dx: F33.2 Major depressive disorder, recurrent severe without psychotic features; TRD.
On duloxetine 60 mg daily. REMS: enrolled; site certified; REMS monitoring form submitted.
Pre-dose BP 128/78.

Spravato 84 mg (3 devices) intranasal, self-administered 13:00-13:10 under observation.
Monitored 13:10-15:15; dissociation resolved 14:05; BP max 144/86. Discharged 15:15 with husband.
Dr. J. Amberson

Billed: S0013 x84.
"""
_add("audit: Medicare esketamine billed S0013 -> G2083 supported", T, "office", "medicare", "2025-06-03",
     billed=[L("S0013", 84)],
     lines=[L("G2083")],
     findings=["billed_code_not_supported", "supported_code_not_billed"],
     adms=[A(T, "esketamine", ("Spravato 84 mg", "Spravato"), "other_route", "intranasal", "given",
             start=("self-administered 13:00-13:10", "13:00"), stop=("self-administered 13:00-13:10", "13:10"), billable=True)],
     rationale="Medicare esketamine is G2083 for > 56 mg (policy §4.6); S0013 is the commercial/Medicaid code, so the billed line is not supported and G2083 was not billed (§7). REMS and 2 h monitoring are documented.")

T = """NORTH COUNTY BEHAVIORAL HEALTH - PSYCHIATRY OFFICE (POS 11)
Nurse-only LAI visit    DOS 09/01/2026    Medicare
Patient: Ephraim Tollefsen, 61 M
Dx: F20.9 Schizophrenia, unspecified. Stable; no provider visit today (psychiatrist in suite for supervision).

Invega Sustenna 156 mg IM, left deltoid, 09:40. Prefilled syringe, entire dose given - zero waste.
Vitals: BP 130/82, HR 72. No injection-site reaction.
RN: T. Okonjo

Billed: 99211, 96372, J2426-JZ x156.
"""
_add("audit: 99211 billed with 96372 (NCCI PTP modifier 0) -> billed_code_not_supported", T, "office", "medicare", "2026-09-01",
     billed=[L("99211"), L("96372"), L("J2426", 156, "JZ")],
     lines=[L("96372"), L("J2426", 156, "JZ")],
     findings=["billed_code_not_supported"],
     adms=[A(T, "paliperidone palmitate", ("Invega Sustenna 156 mg", "Invega Sustenna"), "injection_sc_im", "IM", "given",
             start=("left deltoid, 09:40", "09:40"), billable=True)],
     rationale="99211 is column 2 of 96372 with modifier indicator 0 in the NCCI PTP table, so it is billed_code_not_supported (policy-interpretation.md claim audit); 96372 and J2426 x 156 JZ (zero waste documented, Medicare) are supported and billed.")


# ---------------------------------------------------------------- self-checks
def _check_line(line: dict) -> None:
    assert set(line) == {"code", "units", "modifiers"}, line
    assert isinstance(line["code"], str) and line["code"], line
    assert isinstance(line["units"], int) and line["units"] >= 1, line
    assert isinstance(line["modifiers"], list), line


def _validate(records: list[dict]) -> None:
    seen: set[str] = set()
    for rec in records:
        rid, text, gold = rec["id"], rec["text"], rec["gold"]
        assert re.fullmatch(r"dev-a-\d{3}", rid), rid
        assert rid not in seen, f"duplicate id {rid}"
        seen.add(rid)
        assert 400 <= len(text) <= 2500, (rid, len(text))
        assert rec["setting"] in SETTINGS, rid
        assert rec["payer"] in PAYERS, rid
        assert re.fullmatch(r"20(25|26)-\d{2}-\d{2}", rec["date_of_service"]), rid
        if rec["billed"] is not None:
            assert rec["billed"], rid
            for line in rec["billed"]:
                _check_line(line)
        keys = [(ln["code"], tuple(ln["modifiers"])) for ln in gold["lines"]]
        assert len(keys) == len(set(keys)), f"{rid}: lines not aggregated"
        for line in gold["lines"]:
            _check_line(line)
            assert not ("J7030" <= line["code"] <= "J7131"), f"{rid}: IV solution labelled"
        findings = gold["findings"]
        assert findings == sorted(set(findings)), f"{rid}: findings not sorted/unique"
        assert set(findings) <= FINDINGS, (rid, set(findings) - FINDINGS)
        audit = {"billed_code_not_supported", "supported_code_not_billed", "units_mismatch",
                 "multiple_initial_services"}
        if rec["billed"] is None:
            assert not (set(findings) & audit), f"{rid}: audit finding without billed"
        assert gold["rationale"].strip(), rid
        for adm in gold["administrations"]:
            assert adm["technique"] in TECHNIQUES, (rid, adm)
            assert adm["route"] in ROUTES, (rid, adm)
            assert adm["status"] in STATUSES, (rid, adm)
            assert adm["purpose"] in PURPOSES, (rid, adm)
            assert adm["drug"] is None or adm["drug"] == adm["drug"].lower(), (rid, adm)
            assert (adm["drug"] is None) == ("drug" not in adm["spans"]), (rid, adm)
            if adm["status"] != "given":
                assert not adm["billable"], (rid, adm)
            if adm["technique"] in ("push", "injection_sc_im", "other_route") and adm["minutes"] is not None:
                assert adm["technique"] == "push", (rid, adm)  # only timed <= 15-min "infusions"
            for name, (s, e) in adm["spans"].items():
                assert name in {"drug", "start", "stop"}, (rid, name)
                assert 0 <= s < e <= len(text) and text[s:e].strip(), (rid, name, s, e)


_validate(NOTES)
