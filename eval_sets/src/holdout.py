# ruff: noqa: E501
"""Held-out eval set (ids ``hold-NNN``): 36 notes written independently of the development set.

Labels come from ``coding-policy.md`` and ``docs/policy-interpretation.md`` only; readings beyond
those documents are stated in each note's ``rationale``. Spans are computed with
:func:`eval_sets.src._anchor.span` (phrase, occurrence), never counted by hand.
"""

from __future__ import annotations

from typing import Any

from eval_sets.src._anchor import span

__all__ = ["NOTES"]

_CATEGORIES = frozenset(
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
_TECHNIQUES = frozenset(
    {"infusion", "push", "injection_sc_im", "intra_arterial", "sc_infusion", "other_route"}
)
_ROUTES = frozenset(
    {"IV", "IM", "SC", "intranasal", "PO", "intra_arterial", "SL", "topical", "inhaled", "other"}
)
_STATUSES = frozenset(
    {"given", "planned", "ordered", "declined", "held", "historical", "hypothetical", "negated"}
)
_PURPOSES = frozenset({"hydration", "kvo", "vehicle", "flush"})

Anchor = tuple[str, int]


def L(code: str, units: int = 1, *modifiers: str) -> dict[str, Any]:
    """A claim line."""
    return {"code": code, "units": units, "modifiers": list(modifiers)}


def A(
    text: str,
    drug: str | None,
    technique: str | None,
    route: str | None,
    *,
    status: str = "given",
    purpose: str | None = None,
    start: str | None = None,
    stop: str | None = None,
    minutes: int | None = None,
    billable: bool = True,
    at: Anchor | None = None,
    start_at: Anchor | None = None,
    stop_at: Anchor | None = None,
) -> dict[str, Any]:
    """An administration; ``at``/``start_at``/``stop_at`` are (phrase, occurrence) for span()."""
    spans: dict[str, list[int]] = {}
    if at is not None:
        spans["drug"] = span(text, *at)
    if start_at is not None:
        spans["start"] = span(text, *start_at)
    if stop_at is not None:
        spans["stop"] = span(text, *stop_at)
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


def R(
    num: int,
    text: str,
    setting: str,
    payer: str,
    dos: str,
    lines: list[dict[str, Any]],
    findings: list[str],
    administrations: list[dict[str, Any]],
    rationale: str,
    billed: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A gold record."""
    return {
        "id": f"hold-{num:03d}",
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


NOTES: list[dict[str, Any]] = []

# --------------------------------------------------------------------------- hold-001
T = """NORTHSHORE KETAMINE & WELLNESS — INFUSION VISIT
Patient: Testperson, Alma R.   DOB: 04/02/1981   MRN: KX-20418
DOS: 03/18/2025   Provider: J. Varga, MD   RN: P. Osei
Visit type: Ketamine infusion #4 of 6 (induction series)

Dx: F33.2 Major depressive disorder, recurrent, severe w/o psychotic features (treatment-resistant)
Indication: TRD; failed sertraline, bupropion, venlafaxine + aripiprazole augmentation.

Home medications (reconciled):
 - sertraline 100 mg PO daily
 - trazodone 50 mg PO qhs prn sleep
 - lisinopril 10 mg PO daily
Allergies: NKDA

Pre-infusion: BP 128/82, HR 76, SpO2 98% RA, pain 0/10, weight 82 kg. PHQ-9 19. C-SSRS screen: denies SI/HI.
IV access: 22g L forearm, placed 09:28, 1 attempt, good blood return.

MEDICATION ADMINISTRATION
Med: Ondansetron 4 mg | Route: IV push | Time: 09:36 | Given by: PO RN | Reason: nausea prophylaxis
Med: Ketamine 41 mg (0.5 mg/kg x 82 kg) in NS 100 mL | Route: IV infusion via pump
 Start Time: 09:41 | Stop Time: 10:27 | Rate: 130 mL/hr

Monitoring: q15min vitals. 10:00 BP 150/95 HR 88 (transient, asymptomatic), 10:15 BP 138/86, 10:30 BP 130/80.
CADSS mild dissociation, resolved by 10:50. Denies nausea post-infusion.
Discharged 11:05 ambulatory, spouse driving.
"""
NOTES.append(
    R(
        1,
        T,
        "office",
        "commercial",
        "2025-03-18",
        [L("96365"), L("96375"), L("J2405", 4), L("J3490")],
        ["payer_policy_review", "unlisted_drug_code"],
        [
            A(
                T,
                "ondansetron",
                "push",
                "IV",
                start="09:36",
                at=("Ondansetron", 0),
                start_at=("09:36", 0),
            ),
            A(
                T,
                "ketamine",
                "infusion",
                "IV",
                start="09:41",
                stop="10:27",
                minutes=46,
                at=("Ketamine", 1),
                start_at=("09:41", 0),
                stop_at=("10:27", 0),
            ),
        ],
        "Office, primary reason ketamine infusion: 46 min → 96365, ondansetron push → 96375 (§3, §4.2–4.3); J2405 × 4 and ketamine J3490 × 1 (unlisted_drug_code); ketamine for F33.2 → payer_policy_review. Home-medication list and 'denies SI' are not administrations; NS 100 mL is the vehicle.",
    )
)

# --------------------------------------------------------------------------- hold-002
T = """Bayview Behavioral Health — Interventional Psychiatry Suite
Encounter 02/10/2026   Pt: Hollis Q. Demo (68 y/o M)   Ins: Medicare Part B
Reason for visit: IV ketamine treatment, maintenance (q3-4 wk) for TRD + PTSD.
Dx: 1) F33.1 MDD, recurrent, moderate  2) F43.10 PTSD
ABN on file (signed 01/2026).

Access: PIV 20g R antecubital by RN Tran, 12:52.
Vitals 12:50: BP 134/80 HR 72 RR 14 SpO2 97% T 98.2

--- MAR EXPORT ---
02/10/2026 13:00  Ondansetron 4 mg IV  Push  Given  (nausea ppx)  — M.Tran RN
02/10/2026 13:05  Ketamine 40 mg IV  in 0.9% NaCl 50 mL  Started  — M.Tran RN
02/10/2026 13:48  Ketamine 40 mg IV  Stopped/Completed  — M.Tran RN
02/10/2026 14:10  Ondansetron 4 mg IV  Push  Given  (nausea, emesis x1)  — M.Tran RN
--- END MAR ---

Nursing note: BP rose to 166/98 during infusion; pump paused briefly and restarted after recheck 142/88, no intervention needed. Pt reports vivid imagery, no distress. Emesis x1 at 14:05, 2nd ondansetron given. Tolerating sips by 14:40.
D/C 15:00 with daughter. Vitals at d/c BP 128/78 HR 70.
"""
NOTES.append(
    R(
        2,
        T,
        "office",
        "medicare",
        "2026-02-10",
        [L("96365"), L("96375"), L("J2405", 8), L("J3490")],
        [
            "interruption_times_missing",
            "payer_policy_review",
            "repeat_push_not_billable_in_office",
            "unlisted_drug_code",
        ],
        [
            A(
                T,
                "ondansetron",
                "push",
                "IV",
                start="13:00",
                at=("Ondansetron", 0),
                start_at=("13:00", 0),
            ),
            A(
                T,
                "ketamine",
                "infusion",
                "IV",
                start="13:05",
                stop="13:48",
                minutes=43,
                at=("Ketamine", 0),
                start_at=("13:05", 0),
                stop_at=("13:48", 0),
            ),
            A(
                T,
                "ondansetron",
                "push",
                "IV",
                start="14:10",
                at=("Ondansetron", 1),
                start_at=("14:10", 0),
            ),
        ],
        "Ketamine 13:05–13:48 → 96365 from clock minutes; the pause has no times → interruption_times_missing (no add-on units possible anyway). Ondansetron repeated 70 min later in office → no 96376, repeat_push_not_billable_in_office, but both doses count in J2405 × 8; ketamine not single-dose → no JZ/JW even for Medicare. Minutes recorded as the clock 43 (hold length unknown).",
    )
)

# --------------------------------------------------------------------------- hold-003
T = """PAIN & INFUSION ASSOCIATES
PROCEDURE NOTE — Low-dose ketamine infusion (outpatient, office)
Date: 08/05/2025
Pt: Rowena Fakename, 44F. Referring: Dr. Lindqvist (neurology)

Diagnosis: Complex regional pain syndrome type I, L upper limb (G90.512). Pain 8/10 L hand/forearm, allodynia, color change.
Prior treatments: gabapentin, stellate ganglion blocks x3, PT.

Orders:
1. Midazolam 1 mg IV push x1 premed per CRPS protocol.
2. Ketamine 200 mg in NS 250 mL, titrate 0.3–0.5 mg/kg/hr (wt 64 kg).
3. Ondansetron 4 mg IV q6h PRN nausea.

Access: 22g R forearm IV, placed 08:38.

Administration:
08:45 midazolam 1 mg IVP given.
08:47 ketamine infusion started at 0.3 mg/kg/hr.
10:05 infusion HELD — HR 118, BP 158/96, pt lightheaded. Pump stopped.
10:20 reassessed, HR 94 BP 136/84, pump restarted at 0.25 mg/kg/hr.
12:20 infusion complete, pump off. Total ketamine delivered 200 mg.

PRN ondansetron not required — no nausea during visit.
Post: pain 4/10, mild dizziness resolved 12:50. Discharged 13:05 with husband.
"""
NOTES.append(
    R(
        3,
        T,
        "office",
        "commercial",
        "2025-08-05",
        [L("96365"), L("96366", 2), L("96375"), L("J2250"), L("J3490")],
        ["unlisted_drug_code"],
        [
            A(
                T,
                "midazolam",
                "push",
                "IV",
                start="08:45",
                at=("midazolam", 0),
                start_at=("08:45", 0),
            ),
            A(
                T,
                "ketamine",
                "infusion",
                "IV",
                start="08:47",
                stop="12:20",
                minutes=198,
                at=("ketamine", 1),
                start_at=("08:47", 0),
                stop_at=("12:20", 0),
            ),
            A(
                T,
                "ondansetron",
                None,
                "IV",
                status="ordered",
                billable=False,
                at=("Ondansetron", 0),
            ),
        ],
        "Ketamine 08:47–12:20 = 213 clock min minus the timed hold 10:05–10:20 = 198 → 96365 + 96366 × 2 (151–210), not × 3 from clock time (§3); midazolam push → 96375, J2250 × 1. Indication CRPS (G90.512), not psychiatric → no payer_policy_review; PRN ondansetron ordered but not given → no line.",
    )
)

# --------------------------------------------------------------------------- hold-004
T = """Cedar Hill Psychiatry — IM Ketamine Session Note
Date of service: 04/22/2026
Pt: Dmitri Placeholder, 37M. Established. Commercial plan; prior auth obtained.

S: Here for IM ketamine session #3 for severe MDD, single episode (F32.2), with chronic passive SI without plan (R45.851). Current meds: bupropion XL 300 mg daily, lamotrigine 100 mg BID. Reports improved sleep since last session.
O: BP 122/78, HR 80, SpO2 99%, wt 88 kg. MADRS 27 (prev 34).
Pre-session: offered ondansetron 4 mg ODT for nausea prophylaxis — patient declined ("didn't need it last time").

Procedure: Ketamine 50 mg IM, L deltoid, administered 15:12 by Dr. Ivers. Sterile technique. Pt reclined, eyeshades, music.
Monitoring q15min: 15:30 BP 140/88, 15:45 BP 132/82. Peak dissociation ~15:30, resolved 16:10.
No adverse events. Discharged 16:25 with partner.

A/P: Responding. Discussed transition to IV ketamine infusion series starting next week for faster titration; pt agrees. Continue bupropion, lamotrigine. Safety plan reviewed.
"""
NOTES.append(
    R(
        4,
        T,
        "office",
        "commercial",
        "2026-04-22",
        [L("96372"), L("J3490")],
        ["payer_policy_review", "unlisted_drug_code"],
        [
            A(
                T,
                "ondansetron",
                "other_route",
                "PO",
                status="declined",
                billable=False,
                at=("ondansetron", 0),
            ),
            A(
                T,
                "ketamine",
                "injection_sc_im",
                "IM",
                start="15:12",
                at=("Ketamine", 1),
                start_at=("15:12", 0),
            ),
            A(
                T,
                "ketamine",
                "infusion",
                "IV",
                status="planned",
                billable=False,
                at=("ketamine", 1),
            ),
        ],
        "IM ketamine L deltoid → 96372 × 1 (no IV service, no XS) and J3490 × 1 (unlisted_drug_code); F32.2/R45.851 → payer_policy_review. Declined ODT ondansetron and the planned IV ketamine series produce nothing (§2 assertion).",
    )
)

# --------------------------------------------------------------------------- hold-005
T = """SOAP — KETAMINE INFUSION (clinic)         11/14/2025
Name: Lorna Examplar   Age 52   Payer: BCBS commercial

S: Infusion #2. Pt w/ MDD recurrent severe (F33.2) + GAD (F41.1). Slept poorly. Some nausea at last visit.
O: T 98.4, BP 118/76, HR 84, RR 16, SpO2 98%. Wt 90 kg. Glucose (fingerstick) 104.
   IV 22g R hand placed 1052 by RN, good blood return.
A: TRD, appropriate for continued series.
P/Procedure:
 - 1100 Zofran 4mg IVP given for nausea ppx.
 - 1105 Ketamine 0.5 mg/kg (45 mg) in 100 mL NS started via pump, infused over approx 40 min.
 - Monitored BP/HR/SpO2 q15 min; max BP 146/90 at 1120.
 - Pt tolerated well, mild dissociation.
 - Discharged 1230 to husband.
"""
NOTES.append(
    R(
        5,
        T,
        "office",
        "commercial",
        "2025-11-14",
        [L("96374"), L("J2405", 4), L("J3490")],
        ["missing_stop_time", "payer_policy_review", "unlisted_drug_code"],
        [
            A(
                T,
                "ondansetron",
                "push",
                "IV",
                start="11:00",
                at=("Zofran", 0),
                start_at=("1100", 0),
            ),
            A(
                T,
                "ketamine",
                "infusion",
                "IV",
                start="11:05",
                at=("Ketamine", 0),
                start_at=("1105", 0),
            ),
        ],
        "Ketamine has a start but no stop and no rate ('over approx 40 min' is a duration, discharge is not a stop) → no infusion code, missing_stop_time; its drug line J3490 × 1 stays (given, dose, route). With the infusion uncodable, the ondansetron push is the only administration service and is reported as the initial 96374 (reading beyond policy-interpretation.md).",
    )
)

# --------------------------------------------------------------------------- hold-006
T = """INFUSION FLOWSHEET — Lakeside Infusion Lounge (office)
06/30/2025
Pt: Teodor Sample   DOB 1990-09-14
Visit: ketamine infusion 2 of 6

Time  | BP      | HR | SpO2 | RASS | Note
13:55 | 124/80  | 70 | 99   | 0    | IV 22g L AC placed, 1st attempt
14:02 | —       | —  | —    | —    | Ketamine 60 mg in 250 mL NS via Alaris started
14:15 | 138/86  | 82 | 98   | -1   | dissociative, calm
14:30 | 142/88  | 84 | 98   | -1   |
14:48 | 130/82  | 78 | 99   | 0    | Ketamine stopped, bag complete (46 min)
15:20 | 122/78  | 72 | 99   | 0    | alert, oriented, ambulating

No complications. Home with friend, instructed no driving until tomorrow.
RN: C. Abara
"""
NOTES.append(
    R(
        6,
        T,
        "office",
        "commercial",
        "2025-06-30",
        [L("96365"), L("J3490")],
        ["missing_diagnosis", "missing_medical_necessity", "unlisted_drug_code"],
        [
            A(
                T,
                "ketamine",
                "infusion",
                "IV",
                start="14:02",
                stop="14:48",
                minutes=46,
                at=("Ketamine", 0),
                start_at=("14:02", 0),
                stop_at=("14:48", 0),
            ),
        ],
        "46-min ketamine infusion → 96365, J3490 × 1 (unlisted_drug_code). The flowsheet states no diagnosis and no indication → missing_diagnosis and missing_medical_necessity; with no psychiatric diagnosis stated, payer_policy_review cannot be raised.",
    )
)

# --------------------------------------------------------------------------- hold-007
T = """Ketamine Infusion Visit — Riverside Mental Health Clinic
DOS 01/20/2026 | Medicaid (managed care) | Clinician: A. Mbeki, PMHNP | RN: S. Kowalczyk

Chief complaint: scheduled ketamine infusion (#5) for treatment-resistant depression, F33.2.
Interval hx: viral illness last week with poor PO intake x 2 days, decreased urine output. Denies current fever.
Exam: mucous membranes dry. Orthostatics: lying HR 84 BP 116/74 → standing HR 112 BP 102/66.
Plan: IV LR bolus before ketamine given volume depletion (E86.9).

IV: 20g L forearm.
10:00 Lactated Ringer's 500 mL bolus started (750 mL/hr).
10:40 LR bolus complete. Repeat orthostatics: HR 86 → 94 standing.
10:40 Ondansetron 8 mg ODT given PO for nausea.
10:45 Ketamine 0.6 mg/kg IV in 100 mL NS started via pump.
11:30 Ketamine infusion stopped; tolerated, transient BP 148/92.
Recovery: alert by 11:55. D/C home with mother 12:10.
"""
NOTES.append(
    R(
        7,
        T,
        "office",
        "medicaid",
        "2026-01-20",
        [L("96365"), L("96361")],
        ["dose_not_computable", "payer_policy_review"],
        [
            A(
                T,
                "lactated ringers",
                "infusion",
                "IV",
                purpose="hydration",
                start="10:00",
                stop="10:40",
                minutes=40,
                at=("Lactated Ringer's", 0),
                start_at=("10:00", 0),
                stop_at=("10:40", 0),
            ),
            A(
                T,
                "ondansetron",
                "other_route",
                "PO",
                start="10:40",
                billable=False,
                at=("Ondansetron", 0),
                start_at=("10:40", 1),
            ),
            A(
                T,
                "ketamine",
                "infusion",
                "IV",
                start="10:45",
                stop="11:30",
                minutes=45,
                at=("Ketamine", 1),
                start_at=("10:45", 0),
                stop_at=("11:30", 0),
            ),
        ],
        "Primary reason ketamine: 45 min → 96365; LR bolus 40 min before it with orthostasis/poor PO intake → 96361 × 1 (secondary 31–90). Ketamine dosed 0.6 mg/kg with no weight anywhere → dose_not_computable and no drug line, hence no J3490 and no unlisted_drug_code (read literally from §5 even though J3490 units do not depend on dose); ODT ondansetron is oral, no line.",
    )
)

# --------------------------------------------------------------------------- hold-008
T = """KETAMINE CLINIC OF THE FOOTHILLS — Treatment Record
Date: 09/09/2025   Patient: Corwin Mockley (29 M)   Plan: UnitedHealthcare (commercial)
Dx: F43.12 Chronic PTSD; F33.1 MDD, recurrent, moderate.

Pre: BP 130/84 HR 90 SpO2 98 wt 76 kg. Tense, worried about session.
IV site: 24g L hand (RN Delacroix), placed 1102.

Ketamine 0.5 mg/kg = 38 mg in 100 mL 0.9% NaCl, pump 150 mL/hr.
  Infusion start 1110.
  1118: BP 172/104, HR 122, pt distressed, requesting to stop.
  Infusion STOPPED 1124 (approx 35 mL infused). Not restarted per pt preference.
Clonidine 0.1 mg PO given 1126 for BP.
1145: BP 148/92, HR 98. 1215: BP 132/84. Calm.

Assessment: Partial session, aborted early d/t hypertension/distress. Will discuss pretreatment options at follow-up.
D/C 1230 with sister.
"""
NOTES.append(
    R(
        8,
        T,
        "office",
        "commercial",
        "2025-09-09",
        [L("96374"), L("J3490")],
        [
            "billed_code_not_supported",
            "infusion_15_min_or_less",
            "payer_policy_review",
            "supported_code_not_billed",
            "unlisted_drug_code",
        ],
        [
            A(
                T,
                "ketamine",
                "infusion",
                "IV",
                start="11:10",
                stop="11:24",
                minutes=14,
                at=("Ketamine", 0),
                start_at=("1110", 0),
                stop_at=("1124", 0),
            ),
            A(
                T,
                "clonidine",
                "other_route",
                "PO",
                start="11:26",
                billable=False,
                at=("Clonidine", 0),
                start_at=("1126", 0),
            ),
        ],
        "The ketamine 'infusion' ran 14 min → coded as a push 96374 with infusion_15_min_or_less (§3); J3490 × 1. The claim billed 96365 → billed_code_not_supported, and the supported 96374 was not billed → supported_code_not_billed; oral clonidine has no line.",
        billed=[L("96365"), L("J3490")],
    )
)

# --------------------------------------------------------------------------- hold-009
T = """Progress Note — Ketamine-Assisted Treatment Program
03/03/2026   Medicaid
Pt: Anneliese Nullson, 33 F

HPI: Infusion #6 (final induction). Dx PTSD (F43.10) and MDD recurrent severe (F33.2). Reports 40% improvement in PCL-5. PMH: appendectomy 2019 under general anesthesia (received ketamine then, no emergence issues per pt).
Meds: escitalopram 20 mg daily, prazosin 2 mg qhs.
Allergies: sulfa (rash).

Vitals: BP 118/72 HR 68 SpO2 99% T 97.9

Procedure: IV established by RN without difficulty.
16:00 ondansetron 4 mg IV push.
16:05 ketamine 40 mg in 100 mL NS infusion begun.
16:50 ketamine infusion ended, 45 min.
Post: mild nausea resolved; BP peak 144/90 at 16:20.
Disposition: home with partner 17:20. Follow-up with psychiatrist in 2 weeks.
"""
NOTES.append(
    R(
        9,
        T,
        "office",
        "medicaid",
        "2026-03-03",
        [L("96365"), L("96375"), L("J2405", 4), L("J3490")],
        ["missing_site", "payer_policy_review", "unlisted_drug_code"],
        [
            A(T, "ketamine", None, None, status="historical", billable=False, at=("ketamine", 0)),
            A(
                T,
                "ondansetron",
                "push",
                "IV",
                start="16:00",
                at=("ondansetron", 0),
                start_at=("16:00", 0),
            ),
            A(
                T,
                "ketamine",
                "infusion",
                "IV",
                start="16:05",
                stop="16:50",
                minutes=45,
                at=("ketamine", 1),
                start_at=("16:05", 0),
                stop_at=("16:50", 0),
            ),
        ],
        "Ketamine 45 min → 96365, ondansetron push → 96375, J2405 × 4, J3490 × 1; 'IV established' names no access site anywhere → missing_site (lines still supported). Ketamine during the 2019 appendectomy is historical.",
    )
)

# --------------------------------------------------------------------------- hold-010
T = """SPRAVATO (esketamine) TREATMENT SESSION
Harborview Psychiatric Associates — REMS-certified treatment center (REMS setting ID on file)
Date: 10/07/2025 | Medicare Part B | Established patient
Pt: Mabel Stand-In, 71 F

Dx: F33.2 Major depressive disorder, recurrent, severe without psychotic features — treatment resistant (failed sertraline, duloxetine, mirtazapine, lithium augmentation). Prior course of IV ketamine infusions x6 in 2023 with partial, short-lived response.
Oral antidepressant continued: escitalopram 20 mg daily.

Pre-dose: BP 136/82, HR 70, SpO2 97%. No SI. NPO food 2 h, liquids 30 min.
Spravato 84 mg (3 x 28 mg devices) self-administered intranasally under direct observation, 5 min between devices. First device 10:12.
Post-dose monitoring by RN from 10:12 to 12:20 (128 min): 10:52 BP 152/90 (peak), 11:32 BP 138/84, 12:15 BP 130/80. Sedation mild at 40 min, resolved. Dissociation resolved by 11:30.
Patient Monitoring Form submitted to REMS. Discharged 12:22 with son; will not drive today.
Provider: E. Strand, MD
"""
NOTES.append(
    R(
        10,
        T,
        "office",
        "medicare",
        "2025-10-07",
        [L("G2083")],
        [],
        [
            A(
                T,
                "ketamine",
                "infusion",
                "IV",
                status="historical",
                billable=False,
                at=("ketamine", 1),
            ),
            A(
                T,
                "esketamine",
                "other_route",
                "intranasal",
                start="10:12",
                at=("Spravato", 0),
                start_at=("10:12", 0),
            ),
        ],
        "Medicare esketamine 84 mg (> 56 mg) → G2083 × 1, no 963xx (§4.6); REMS and 128-min monitoring documented → no payer_policy_review. The 2023 IV ketamine course is historical; start = first device time, the monitoring window is not an administration stop.",
    )
)

# --------------------------------------------------------------------------- hold-011
T = """Esketamine Nasal Spray Session — Checklist
Clinic: Mindful Path TMS & Spravato Center (REMS certified)
DOS: 12/16/2025   Payer: Cigna (commercial, buy-and-bill)
Patient: Ezra Filler, 45 M   Session: induction wk 3, #6

[x] Dx confirmed: MDD, recurrent, severe w/o psychotic features (F33.2); TRD
[x] Oral AD: venlafaxine XR 225 mg daily
[x] Pre-BP 128/84 (<140/90) HR 78
[x] Esketamine 56 mg (2 devices) administered intranasally, self-administered under observation at 09:31
[x] BP at 40 min: 144/88; at 1 h 40: 126/80
[x] Observation 09:31–11:35 (2 h 4 min); sedation/dissociation resolved before d/c
[x] REMS Patient Monitoring Form completed
[x] Transport: wife

Comments: No nausea. Tolerated well.
"""
NOTES.append(
    R(
        11,
        T,
        "office",
        "commercial",
        "2025-12-16",
        [L("S0013", 56)],
        [],
        [
            A(
                T,
                "esketamine",
                "other_route",
                "intranasal",
                start="09:31",
                at=("Esketamine", 1),
                start_at=("09:31", 0),
            ),
        ],
        "Commercial esketamine before 2026-01-01 → S0013 × 56 (1 mg units), no administration code (§4.6); REMS form and > 2 h observation documented → no payer_policy_review.",
    )
)

# --------------------------------------------------------------------------- hold-012
T = """Behavioral Health Visit — Interventional
01/08/2026 · Aetna commercial · Spravato
Pt: Greer Testcase, 39 F

HPI: MDD recurrent severe (F33.2), TRD; on sertraline 200 mg. Session 9 (weekly phase).
REMS: clinic certified; patient enrolled.
Vitals pre: BP 124/80 HR 82.
10:05 Spravato 84 mg intranasal (3 devices) self-administered, observed by RN.
10:45 BP 138/86, mild dissociation.
11:15 pt alert, dissociation resolved, requested to leave for childcare; BP 126/80. Discharged 11:15 with husband driving. Counseled re: observation requirement.
"""
NOTES.append(
    R(
        12,
        T,
        "office",
        "commercial",
        "2026-01-08",
        [L("J0013", 84)],
        ["payer_policy_review"],
        [
            A(
                T,
                "esketamine",
                "other_route",
                "intranasal",
                start="10:05",
                at=("Spravato", 1),
                start_at=("10:05", 0),
            ),
        ],
        "Commercial esketamine on/after 2026-01-01 → J0013 × 84. REMS is documented but the patient left 70 min after dosing, so ≥ 2 h post-dose monitoring is not documented → payer_policy_review (policy-interpretation (c)).",
    )
)

# --------------------------------------------------------------------------- hold-013
T = """SPRAVATO SESSION — NOT ADMINISTERED
DOS 05/19/2026 · Medicaid · Northgate Community Psychiatry (REMS certified)
Pt: Farah Mockup, 58 F
Dx: F32.2 MDD single episode, severe w/o psychotic features; TRD.

Arrived 09:10. Pre-dose BP 184/106, repeat 09:25 BP 178/104, HR 92. Pt reports missing her antihypertensive x3 days.
Esketamine 56 mg HELD today per protocol (pre-dose BP >140/90 on repeat). No devices opened.
Recheck 10:10 BP 170/100, remains elevated. Pt to call clinic to reschedule.
Pt instructed to contact PCP today re: BP. Denies headache, chest pain, vision change.
Provider: R. Oyelaran, MD
"""
NOTES.append(
    R(
        13,
        T,
        "office",
        "medicaid",
        "2026-05-19",
        [],
        [],
        [
            A(
                T,
                "esketamine",
                "other_route",
                "intranasal",
                status="held",
                billable=False,
                at=("Esketamine", 0),
            ),
        ],
        "Hard negative: the esketamine dose was held for hypertension and never given → no line and no documentation finding (§2 assertion; policy-interpretation status).",
    )
)

# --------------------------------------------------------------------------- hold-014
T = """Interventional Psychiatry Note
Medicare | 02/24/2026 | REMS-certified outpatient office
Patient: Oswin Dummy, 66 M

Assessment/Dx code: F33 — Major depressive disorder, recurrent, severe, treatment-resistant.
Concurrent oral antidepressant: vortioxetine 20 mg.

Session #14 (maintenance q1wk).
09:02 pre-BP 130/78, HR 66.
09:08 Spravato 56 mg (2 x 28 mg devices) self-administered intranasally, RN observing.
09:48 BP 146/84, moderate dissociation.
10:30 BP 134/80, dissociation resolving.
11:10 BP 128/76, alert, steady gait. Monitoring 09:08–11:10 (122 min) completed. REMS monitoring form submitted.
D/C 11:12 via spouse.
"""
NOTES.append(
    R(
        14,
        T,
        "office",
        "medicare",
        "2026-02-24",
        [L("G2082")],
        ["invalid_diagnosis_code"],
        [
            A(
                T,
                "esketamine",
                "other_route",
                "intranasal",
                start="09:08",
                at=("Spravato", 0),
                start_at=("09:08", 0),
            ),
        ],
        "Medicare esketamine 56 mg → G2082 × 1; REMS and 122-min monitoring documented. The only code written, F33, is a category header (not billable) → invalid_diagnosis_code; the worded diagnosis still supports necessity.",
    )
)

# --------------------------------------------------------------------------- hold-015
T = """LAI INJECTION CLINIC — Nurse Visit
Sunrise Community Mental Health | POS 11 | Medicare
DOS: 05/13/2025
Patient: Barnaby Pretend, 54 M. Supervising MD on site: L. Achebe.

Dx: Schizophrenia, unspecified — F20.9
Current meds: olanzapine 10 mg PO qhs (taper), benztropine 1 mg PO BID, metformin 500 mg BID.
Last LAI: Invega Sustenna 156 mg 04/15/2025 (R deltoid).

Pre-injection: BP 126/80, HR 84, denies EPS, AIMS 0. Weight 101 kg.
Injection: Invega Sustenna (paliperidone palmitate) 234 mg IM, L deltoid, 1.5" 22g needle, given 14:10 by RN Haddad. Lot/exp recorded.
Prefilled single-dose syringe — entire dose administered, no waste.
Observed 15 min, no reaction. F/u with Dr. Achebe 06/10.
"""
NOTES.append(
    R(
        15,
        T,
        "office",
        "medicare",
        "2025-05-13",
        [L("96372"), L("J2426", 234, "JZ")],
        [],
        [
            A(
                T,
                "paliperidone palmitate",
                "injection_sc_im",
                "IM",
                status="historical",
                billable=False,
                at=("Invega Sustenna", 0),
            ),
            A(
                T,
                "paliperidone palmitate",
                "injection_sc_im",
                "IM",
                start="14:10",
                at=("Invega Sustenna", 1),
                start_at=("14:10", 0),
            ),
        ],
        "IM paliperidone (Sustenna) L deltoid → 96372 × 1 and J2426 × 234; Medicare single-dose with 'no waste' → JZ. The April dose is historical and the oral medication list is not administrations.",
    )
)

# --------------------------------------------------------------------------- hold-016
T = """Oakmont Psychiatric Group — Progress Note with LAI Administration
Medicare · Date: 03/26/2026
Pt: Cordelia Standin, 61 F

Subjective: "Doing okay." Sleeping 7 h. Denies AH/VH, denies SI/HI. Adherent to lithium.
Objective: BP 138/86, HR 78, wt 79 kg. Li level 0.8 (03/20). TSH 2.1.
MSE: calm, linear thought process, euthymic, insight fair.
Assessment: Schizoaffective disorder, bipolar type (F25.0), stable on LAI.
Plan/Procedure: Abilify Maintena 400 mg IM injected R gluteal (ventrogluteal) 11:40, Z-track; pt tolerated. Kit lot #AM2291, exp 08/2027.
Continue lithium 600 mg PO BID. RTC 4 weeks.
"""
NOTES.append(
    R(
        16,
        T,
        "office",
        "medicare",
        "2026-03-26",
        [L("96372"), L("J0401", 400)],
        ["missing_waste_documentation"],
        [
            A(
                T,
                "aripiprazole",
                "injection_sc_im",
                "IM",
                start="11:40",
                at=("Abilify Maintena", 0),
                start_at=("11:40", 0),
            ),
        ],
        "Abilify Maintena 400 mg IM → 96372 × 1 and J0401 × 400; Medicare single-dose drug with neither waste nor zero waste documented → missing_waste_documentation and no JZ/JW modifier (§5).",
    )
)

# --------------------------------------------------------------------------- hold-017
T = """ARISTADA INITIATION VISIT
Valley Behavioral Health — Medicare — 07/01/2025
Pt: Ignatius Specimen, 42 M
Dx: F20.0 Paranoid schizophrenia. No EPS on exam, NKDA.

Regimen (1-day initiation):
09:15 Aripiprazole 30 mg PO x1 given with water, observed swallowed.
09:20 Aristada Initio 675 mg IM L deltoid — single-dose kit, entire dose administered, no waste.
09:24 Aristada 441 mg IM R deltoid — single-dose kit, entire dose administered, no waste.
Separate injection sites per labeling. Observed 30 min: BP 124/78, HR 80, no injection-site reaction.

MD: P. Nakashima
"""
NOTES.append(
    R(
        17,
        T,
        "office",
        "medicare",
        "2025-07-01",
        [L("96372", 2), L("J1943", 675, "JZ"), L("J1944", 441, "JZ")],
        [],
        [
            A(
                T,
                "aripiprazole",
                "other_route",
                "PO",
                start="09:15",
                billable=False,
                at=("Aripiprazole", 0),
                start_at=("09:15", 0),
            ),
            A(
                T,
                "aripiprazole lauroxil",
                "injection_sc_im",
                "IM",
                start="09:20",
                at=("Aristada Initio", 0),
                start_at=("09:20", 0),
            ),
            A(
                T,
                "aripiprazole lauroxil",
                "injection_sc_im",
                "IM",
                start="09:24",
                at=("Aristada", 1),
                start_at=("09:24", 0),
            ),
        ],
        "Two separate IM injections of two products → 96372 × 2 (§4.3), J1943 × 675 and J1944 × 441, each JZ for documented zero waste (Medicare single-dose). The 30 mg oral aripiprazole is other_route (no line).",
    )
)

# --------------------------------------------------------------------------- hold-018
T = """CMHC Nurse Injection Visit — 02/11/2025 — Medicaid
Client: Wendell Imaginary, 49 M   Case mgr: T. Ruiz
Dx: F20.9 schizophrenia
Meds on file: haloperidol decanoate 150 mg IM q4wk; benztropine 1 mg PO BID; docusate prn.

Today: client arrived on time, calm, no EPS noted (no tremor, no rigidity). Reports taking benztropine.
BP 132/88 HR 90.
Haloperidol decanoate 150 mg (1.5 mL of 100 mg/mL) given IM at 10:35. Client tolerated well.
RTC 4 wk.
RN: G. Sato
"""
NOTES.append(
    R(
        18,
        T,
        "office",
        "medicaid",
        "2025-02-11",
        [L("96372"), L("J1631", 3)],
        ["missing_site"],
        [
            A(
                T,
                "haloperidol decanoate",
                "injection_sc_im",
                "IM",
                start="10:35",
                at=("Haloperidol decanoate", 0),
                start_at=("10:35", 0),
            ),
        ],
        "Haloperidol decanoate 150 mg IM → 96372 × 1 and J1631 × 3 (per 50 mg); no injection site documented → missing_site. The 'meds on file' entry is a medication list, not an administration.",
    )
)

# --------------------------------------------------------------------------- hold-019
T = """Addiction Medicine — Vivitrol visit
DOS 06/02/2026 | Commercial (BCBS) | Provider: K. Adeyemi, DO
Pt: Priya Notreal, 35 F

Dx: F10.20 Alcohol dependence, uncomplicated; F11.20 Opioid dependence, uncomplicated.
S: Month 4 of treatment. No alcohol x 30 days (PEth pending), denies opioid use. UDS today negative (opiates, fentanyl, buprenorphine).
Discussed switching to Sublocade 300 mg SC monthly; patient declined — wants to stay opioid-free.
O: BP 118/74 HR 72. No injection-site reactions.
Procedure: Vivitrol 380 mg IM R gluteal (upper outer quadrant) at 11:20, 1.5" needle, single-dose kit. Tolerated.
A/P: AUD and OUD, doing well on current regimen. Continue counseling.
"""
NOTES.append(
    R(
        19,
        T,
        "office",
        "commercial",
        "2026-06-02",
        [L("96372"), L("J2315", 380)],
        [],
        [
            A(
                T,
                "buprenorphine extended-release",
                "injection_sc_im",
                "SC",
                status="declined",
                billable=False,
                at=("Sublocade", 0),
            ),
            A(
                T,
                "naltrexone",
                "injection_sc_im",
                "IM",
                start="11:20",
                at=("Vivitrol", 1),
                start_at=("11:20", 0),
            ),
        ],
        "Vivitrol 380 mg IM R gluteal → 96372 × 1 and J2315 × 380; commercial payer → no JZ/JW logic. Sublocade was declined → no line.",
    )
)

# --------------------------------------------------------------------------- hold-020
T = """Injection Clinic Note — Medicare
Date of Service: 09/23/2025
Patient: Lucius Placeholder, 60 M
Diagnosis: F20.9 Schizophrenia, unspecified. Stable, no hospitalizations in 2 years.
MSE: calm, cooperative, no psychosis evident, denies SI/HI.
Vitals: BP 128/82 HR 76 T 97.6.

Product: Invega Trinza (paliperidone palmitate 3-month) 546 mg
Preparation: syringe shaken vigorously 15 s, tip up.
Route/site: IM, L deltoid
Time: 13:45
Waste: none — full prefilled syringe administered (single-dose).
Tolerance: no adverse reaction; observed 15 min.
Administered by: N. Ferreira, LPN under direct supervision of Dr. Halvorsen (on site).
"""
NOTES.append(
    R(
        20,
        T,
        "office",
        "medicare",
        "2025-09-23",
        [L("96372"), L("J2427", 546, "JZ")],
        ["billed_code_not_supported", "supported_code_not_billed"],
        [
            A(
                T,
                "paliperidone palmitate",
                "injection_sc_im",
                "IM",
                start="13:45",
                at=("Invega Trinza", 0),
                start_at=("13:45", 0),
            ),
        ],
        "Invega Trinza is J2427 (not J2426, which is Sustenna): 96372 × 1 and J2427 × 546 JZ (zero waste documented). The claim billed J2426 → billed_code_not_supported; J2427 not billed → supported_code_not_billed (§7).",
        billed=[L("96372"), L("J2426", 546, "JZ")],
    )
)

# --------------------------------------------------------------------------- hold-021
T = """Long-Acting Injectable Administration Record
Clinic: Eastgate Psychiatry (office) · Payer: Medicare · DOS: 07/14/2026
Name: Philippa Example · 47 F · Dx F20.9 schizophrenia, unspecified

History: Risperdal Consta 37.5 mg IM q2wk until 03/2026 (last injection 03/24/2026), switched to olanzapine pamoate for efficacy.
Med list: Zyprexa Relprevv 150 mg q2wk; propranolol 10 mg BID.

Administration:
 Drug: Zyprexa Relprevv (olanzapine pamoate) 150 mg, reconstituted from 210 mg single-dose vial
 Route: IM (deep gluteal)   Site: R dorsogluteal
 Time: 10:50
 Wasted: 60 mg (remainder of 210 mg vial) discarded, witnessed by L. Park RN
 Given by: M. Oduya RN

Post-injection Delirium/Sedation Syndrome (PDSS) monitoring per REMS: observed in clinic 10:50–13:55 (3 h 5 min); alert, no sedation. Released to group home staff.
"""
NOTES.append(
    R(
        21,
        T,
        "office",
        "medicare",
        "2026-07-14",
        [L("96372"), L("J2358", 150), L("J2358", 60, "JW")],
        [],
        [
            A(
                T,
                "risperidone",
                "injection_sc_im",
                "IM",
                status="historical",
                billable=False,
                at=("Risperdal Consta", 0),
            ),
            A(
                T,
                "olanzapine pamoate",
                "injection_sc_im",
                "IM",
                start="10:50",
                at=("Zyprexa Relprevv", 1),
                start_at=("10:50", 0),
            ),
        ],
        "Olanzapine pamoate 150 mg IM → 96372 × 1 and J2358 × 150; Medicare single-dose vial with 60 mg documented discarded → second line J2358 × 60 JW (§5). The Risperdal Consta series is historical; the med-list Relprevv entry is not an administration.",
    )
)

# --------------------------------------------------------------------------- hold-022
T = """QuickCare Urgent Care — Provider Note
DOS 04/03/2025   Pt: Jolene Madeup 27F   Ins: commercial

CC: N/V/D x 2 days, cant keep anything down
HPI: 27yo F w/ vomiting ~8x/day since sat, watery diarrhea, no blood. Unable to tolerate PO fluids. Lightheaded on standing. Sick contacts at daycare.
PMH none. Meds: OCP. NKDA.
Vitals: T 99.6 BP 98/60 HR 118 RR 18 SpO2 99% — orthostatic pos (HR 104->128)
Exam: dry mm, abd soft diffusely tender, no rebound. Skin turgor decreased.
Labs: BMP — Na 136, K 3.4, BUN 28, Cr 1.0, Glucose 92. UA SG 1.030, ketones 2+.

A: Acute viral gastroenteritis (A08.4) with dehydration (E86.0)
P: IV hydration.
 - 18g R AC placed.
 - NS 1L bolus wide open started 1340, completed 1435.
 - zofran IVP given 1345
 - Tylenol 650mg PO 1350 for fever/body aches
 - pt declined toradol (does not want NSAID)
 - PO challenge at 1440 tolerated ginger ale
Reassess 1440: HR 92, BP 112/70, feels better. D/c home, BRAT diet, return precautions.
"""
NOTES.append(
    R(
        22,
        T,
        "office",
        "commercial",
        "2025-04-03",
        [L("96360"), L("96375")],
        ["missing_dose"],
        [
            A(
                T,
                "normal saline",
                "infusion",
                "IV",
                purpose="hydration",
                start="13:40",
                stop="14:35",
                minutes=55,
                at=("NS", 0),
                start_at=("1340", 0),
                stop_at=("1435", 0),
            ),
            A(
                T,
                "ondansetron",
                "push",
                "IV",
                start="13:45",
                at=("zofran", 0),
                start_at=("1345", 0),
            ),
            A(
                T,
                "acetaminophen",
                "other_route",
                "PO",
                start="13:50",
                billable=False,
                at=("Tylenol", 0),
                start_at=("1350", 0),
            ),
            A(T, "ketorolac", None, None, status="declined", billable=False, at=("toradol", 0)),
        ],
        "Office, primary reason IV hydration for documented dehydration: NS 55 min → 96360 + ondansetron push 96375 (§4.4). The push has no dose → missing_dose and no J2405 line; Tylenol is oral and Toradol was declined.",
    )
)

# --------------------------------------------------------------------------- hold-023
T = """URGENT CARE VISIT — Pinecrest Walk-In Clinic
Date: 01/29/2026 | Payer: Medicare | Attending: S. Lindgren, PA-C (Dr. Moreau supervising)

CC: cough, fever, SOB x4 days
HPI: 74 yo M w/ COPD presents with productive cough, fever to 101.8, increased dyspnea. CURB-65 = 1; pt prefers outpt mgmt.
Vitals: T 100.9 BP 142/84 HR 96 RR 22 SpO2 92% RA → 95% after neb.
Exam: coarse crackles RLL, expiratory wheezes bilat.
CXR: RLL infiltrate.
Dx: 1. Community-acquired pneumonia, RLL (J18.9)  2. COPD with acute exacerbation (J44.1)

Tx in clinic:
 - Albuterol 2.5 mg via nebulizer x1 09:40
 - Ceftriaxone 1 g IM, reconstituted with 2.1 mL lidocaine 1%, R ventrogluteal, 09:55
 - Dexamethasone 10 mg IM L deltoid, 09:58
Prescriptions sent to pharmacy (see orders tab).
F/u PCP 48 h; ED precautions reviewed.
"""
NOTES.append(
    R(
        23,
        T,
        "office",
        "medicare",
        "2026-01-29",
        [L("96372", 2), L("J0696", 4), L("J1100", 10)],
        [],
        [
            A(
                T,
                "albuterol",
                "other_route",
                "inhaled",
                start="09:40",
                billable=False,
                at=("Albuterol", 0),
                start_at=("09:40", 0),
            ),
            A(
                T,
                "ceftriaxone",
                "injection_sc_im",
                "IM",
                start="09:55",
                at=("Ceftriaxone", 0),
                start_at=("09:55", 0),
            ),
            A(
                T,
                "dexamethasone",
                "injection_sc_im",
                "IM",
                start="09:58",
                at=("Dexamethasone", 0),
                start_at=("09:58", 0),
            ),
        ],
        "Two separate IM injections → 96372 × 2; ceftriaxone 1 g → J0696 × 4 (per 250 mg), dexamethasone 10 mg → J1100 × 10; neither is single-dose-flagged, so no JZ. The nebulised albuterol is inhaled (no line); lidocaine used to reconstitute ceftriaxone is its diluent, treated like a vehicle (not an administration, no finding).",
    )
)

# --------------------------------------------------------------------------- hold-024
T = """Urgent Care — IV Therapy Request
07/19/2025  ·  commercial PPO  ·  Pt: Sloane Fiction, 31 F

CC: "Wants IV fluids" — flying to Lisbon tonight, feels run down/tired after busy work week.
HPI: Denies vomiting, denies diarrhea, eating and drinking normally, voiding normally. No fever. No dizziness.
Vitals: BP 118/76, HR 72, T 98.1, SpO2 99%. Orthostatics negative.
Exam: well-appearing, mucous membranes moist, cap refill <2 s.
Labs: none indicated.
Assessment: Fatigue (R53.83).
Plan: after discussion, pt requests IV NS; informed it may not be covered.
 PIV 22g L hand.
 Normal saline 1000 mL IV at 1200 mL/hr, start 10:15, stop 11:05.
Pt tolerated, d/c home.
"""
NOTES.append(
    R(
        24,
        T,
        "office",
        "commercial",
        "2025-07-19",
        [L("96360")],
        ["missing_medical_necessity"],
        [
            A(
                T,
                "normal saline",
                "infusion",
                "IV",
                purpose="hydration",
                start="10:15",
                stop="11:05",
                minutes=50,
                at=("Normal saline", 0),
                start_at=("10:15", 0),
                stop_at=("11:05", 0),
            ),
        ],
        "NS 1000 mL on its own for 50 min → hydration 96360 × 1, but the note documents no dehydration or inability to take fluids (vomiting/diarrhoea denied, moist membranes, negative orthostatics; fatigue alone) → missing_medical_necessity. Plain saline is not a vitamin/wellness drip, so no payer_policy_review.",
    )
)

# --------------------------------------------------------------------------- hold-025
T = """UC Note - Migraine
DOS 08/11/2026, Medicaid
Pt: Marisol Notaperson, 36F, hx migraine w/o aura

CC: HA x 18h, typical migraine, photophobia, vomiting x3, unable to keep fluids down since last night. No relief from her usual home abortive this morning.
Triage 15:05: BP 138/88, HR 104, pain 9/10. Zofran 4 mg given 15:10 by triage RN.
Here for migraine cocktail.
Neuro exam nonfocal. No fever, no neck stiffness.

Orders / MAR:
 PIV 20g L forearm
 NS 1000 mL bolus — start 15:15, end 16:20
 Toradol 30 mg IVP 15:20
 Reglan 10 mg IVP 15:22
 Benadryl 25 mg IVP 15:24 (akathisia ppx)
Reassess 16:25: pain 2/10, tolerating PO.
Dx: Migraine, unspecified, not intractable (G43.909); nausea w/ vomiting (R11.2); dehydration (E86.0)
"""
NOTES.append(
    R(
        25,
        T,
        "office",
        "medicaid",
        "2026-08-11",
        [L("96374"), L("96375", 2), L("96361"), L("J1885", 2), L("J2765"), L("J1200")],
        ["missing_route"],
        [
            A(
                T,
                "ondansetron",
                None,
                None,
                start="15:10",
                billable=False,
                at=("Zofran", 0),
                start_at=("15:10", 0),
            ),
            A(
                T,
                "normal saline",
                "infusion",
                "IV",
                purpose="hydration",
                start="15:15",
                stop="16:20",
                minutes=65,
                at=("NS", 0),
                start_at=("15:15", 0),
                stop_at=("16:20", 0),
            ),
            A(
                T,
                "ketorolac",
                "push",
                "IV",
                start="15:20",
                at=("Toradol", 0),
                start_at=("15:20", 0),
            ),
            A(
                T,
                "metoclopramide",
                "push",
                "IV",
                start="15:22",
                at=("Reglan", 0),
                start_at=("15:22", 0),
            ),
            A(
                T,
                "diphenhydramine",
                "push",
                "IV",
                start="15:24",
                at=("Benadryl", 0),
                start_at=("15:24", 0),
            ),
        ],
        "Office, primary reason the migraine cocktail: first cocktail drug by hierarchy/earliest push (ketorolac) → 96374, Reglan and Benadryl → 96375 × 2, NS 65 min secondary → 96361 × 1 (dehydration documented); J1885 × 2, J2765 × 1, J1200 × 1. Triage Zofran has no route (could be ODT) → missing_route, no line.",
    )
)

# --------------------------------------------------------------------------- hold-026
T = """Urgent Care Progress Note
12/02/2025 — commercial — Pt: Thaddeus Invented, 23 M

Chief complaint: sore throat, body aches x3 days.
HPI: Fever to 101 at home, took ibuprofen 400 mg at 07:00 today. Drinking fluids well, urinating normally. No vomiting.
Vitals: T 100.2, HR 98, BP 124/76, SpO2 98%.
Exam: tonsillar exudate, tender anterior cervical LAD. Mucous membranes moist.
Rapid strep: positive. Rapid flu/COVID: negative.
Dx: Streptococcal pharyngitis (J02.0).

Discussed options: Bicillin L-A 1.2 million units IM once vs a 10-day oral course. Pt declined the IM injection (needle phobia), prefers oral. Also offered IV fluids given fever — pt declined, states he is drinking fine; not indicated.
Plan: oral antibiotic course e-prescribed per pt preference. OTC analgesics prn. Return if unable to swallow, drooling, trismus.
"""
NOTES.append(
    R(
        26,
        T,
        "office",
        "commercial",
        "2025-12-02",
        [],
        [],
        [
            A(
                T,
                "ibuprofen",
                "other_route",
                "PO",
                status="historical",
                start="07:00",
                billable=False,
                at=("ibuprofen", 0),
                start_at=("07:00", 0),
            ),
            A(
                T,
                "penicillin g benzathine",
                "injection_sc_im",
                "IM",
                status="declined",
                billable=False,
                at=("Bicillin L-A", 0),
            ),
            A(
                T,
                None,
                "infusion",
                "IV",
                status="declined",
                purpose="hydration",
                billable=False,
                at=("IV fluids", 0),
            ),
        ],
        "Hard negative: nothing was administered in clinic — the home ibuprofen dose is historical, the Bicillin injection and IV fluids were declined → no lines and no findings (§2 assertion).",
    )
)

# --------------------------------------------------------------------------- hold-027
T = """URGENT CARE — ASTHMA EXACERBATION
DOS: 10/06/2026 | Payer: Medicaid | Pt: Cassius Fabricated, 19 M

S: Wheezing/SOB x2 days after URI. Using rescue inhaler frequently with partial relief. No prior intubations or ICU stays.
O: RR 24, HR 108, SpO2 93% RA, peak flow 55% predicted. Diffuse expiratory wheezes, no retractions.
Tx:
 16:10 Albuterol 2.5 mg neb given — SpO2 96% after, PEF 70%.
 16:30 Dexamethasone 10 mg IM R deltoid given (lot DX4471).
 17:05 Reassessed: mild end-expiratory wheeze, RR 18, HR 96, SpO2 97%.
A: Moderate persistent asthma with acute exacerbation (J45.41).
P: D/c home, continue controller inhaler, asthma action plan reviewed, return precautions.
"""
NOTES.append(
    R(
        27,
        T,
        "office",
        "medicaid",
        "2026-10-06",
        [L("96372"), L("J1100", 10)],
        ["units_mismatch"],
        [
            A(
                T,
                "albuterol",
                "other_route",
                "inhaled",
                start="16:10",
                billable=False,
                at=("Albuterol", 0),
                start_at=("16:10", 0),
            ),
            A(
                T,
                "dexamethasone",
                "injection_sc_im",
                "IM",
                start="16:30",
                at=("Dexamethasone", 0),
                start_at=("16:30", 0),
            ),
        ],
        "Dexamethasone 10 mg IM → 96372 × 1 and J1100 × 10 (per 1 mg); billed J1100 × 1 → units_mismatch. The billed 94640 (nebulizer treatment) is outside the audited code families (policy-interpretation claim audit) → no finding.",
        billed=[L("96372"), L("J1100", 1), L("94640")],
    )
)

# --------------------------------------------------------------------------- hold-028
T = """Hematology Infusion Suite (physician office) — Treatment Note
DOS 10/21/2025 · Medicare · Ordering: Dr. F. Benedetti
Reason for visit: IV iron — Injectafer
Pt: Winifred Prototype, 67 F. Dx: Iron deficiency anemia secondary to chronic blood loss (D50.0), GI angiodysplasia. Intolerant of oral iron (GI upset).
Labs 10/14: Hgb 9.1, ferritin 8, TSAT 6%.
Vitals: BP 132/74, HR 82, T 97.8, wt 71 kg.
Access: 22g PIV R wrist, 09:44.

09:50 Famotidine 20 mg IV push (premed per protocol, hx dyspepsia)
10:02 Injectafer (ferric carboxymaltose) 750 mg in 250 mL NS — infusion started
10:21 Injectafer infusion complete
Single-dose vial 750 mg/15 mL: entire vial administered, no waste.
Observed 30 min post: BP 128/72, no hypersensitivity.
"""
NOTES.append(
    R(
        28,
        T,
        "office",
        "medicare",
        "2025-10-21",
        [L("96365"), L("96375"), L("J1439", 750, "JZ"), L("J1308", 80)],
        [],
        [
            A(
                T,
                "famotidine",
                "push",
                "IV",
                start="09:50",
                at=("Famotidine", 0),
                start_at=("09:50", 0),
            ),
            A(
                T,
                "ferric carboxymaltose",
                "infusion",
                "IV",
                start="10:02",
                stop="10:21",
                minutes=19,
                at=("Injectafer", 1),
                start_at=("10:02", 0),
                stop_at=("10:21", 0),
            ),
        ],
        "Office, reason for visit IV iron: Injectafer 19 min → 96365, famotidine push → 96375; J1439 × 750 with JZ (Medicare single-dose, zero waste) and famotidine J1308 × 80 (0.25 mg units, §5).",
    )
)

# --------------------------------------------------------------------------- hold-029
T = """Nephrology Clinic — Iron Sucrose Administration
Date: 02/17/2026 | Medicaid | Pt: Osgood Hypothetical, 58 M
Problem: Anemia in CKD stage 4, iron deficient. ICD: D50, N18.4
Labs (02/10): Hgb 9.6, ferritin 64, TSAT 14%, eGFR 22, K 4.9.
Vitals: BP 148/86, HR 74, wt 92 kg.
Access: 22g L hand PIV.
Venofer 200 mg undiluted, slow IV push over 5 minutes: start 11:05, end 11:10. Pt tolerated, no hypotension.
Dose 3 of 5 in the 1000 mg course.
Post BP 142/84 at 11:40. Discharged home.
"""
NOTES.append(
    R(
        29,
        T,
        "office",
        "medicaid",
        "2026-02-17",
        [L("96374"), L("J1756", 200)],
        ["invalid_diagnosis_code"],
        [
            A(
                T,
                "iron sucrose",
                "push",
                "IV",
                start="11:05",
                stop="11:10",
                at=("Venofer", 0),
                start_at=("11:05", 0),
                stop_at=("11:10", 0),
            ),
        ],
        "Venofer 200 mg slow IV push (5 min) → 96374 and J1756 × 200 (Medicaid: no JZ/JW). 'D50' is a category header, not a billable code → invalid_diagnosis_code; N18.4 and the worded diagnosis remain.",
    )
)

# --------------------------------------------------------------------------- hold-030
T = """INFUSION CENTER TREATMENT RECORD (office-based, POS 11)
Patient: Augustin Pseudonym, 66 M | Medicare | DOS 06/10/2025
Diagnosis: Crohn's disease of small intestine without complications (K50.00)
Therapy: Infliximab (Remicade) 5 mg/kg q8wk maintenance — infusion #9
Weight today: 78 kg → dose 390 mg. Vials: 4 x 100 mg single-dose; 390 mg administered, 10 mg discarded (documented waste).
TB/Hep B screening current.

Premedication:
 08:50 acetaminophen 650 mg PO
 08:55 diphenhydramine 25 mg IV push
 08:58 hydrocortisone 100 mg IV push
Access: 22g PIV L forearm, 08:45.

Infusion: infliximab 390 mg in 250 mL NS via 1.2 micron filter
 Start 09:05 (rate titrated per protocol) → End 11:10 (125 min)
Vitals q30min stable; max BP 134/82. No infusion reaction.
Post-infusion observation 30 min. D/C 11:45.
"""
NOTES.append(
    R(
        30,
        T,
        "office",
        "medicare",
        "2025-06-10",
        [
            L("96413"),
            L("96415"),
            L("96375", 2),
            L("J1745", 39),
            L("J1745", 1, "JW"),
            L("J1200"),
            L("J1720"),
        ],
        ["supported_code_not_billed", "units_mismatch"],
        [
            A(
                T,
                "acetaminophen",
                "other_route",
                "PO",
                start="08:50",
                billable=False,
                at=("acetaminophen", 0),
                start_at=("08:50", 0),
            ),
            A(
                T,
                "diphenhydramine",
                "push",
                "IV",
                start="08:55",
                at=("diphenhydramine", 0),
                start_at=("08:55", 0),
            ),
            A(
                T,
                "hydrocortisone sodium succinate",
                "push",
                "IV",
                start="08:58",
                at=("hydrocortisone", 0),
                start_at=("08:58", 0),
            ),
            A(
                T,
                "infliximab",
                "infusion",
                "IV",
                start="09:05",
                stop="11:10",
                minutes=125,
                at=("infliximab", 0),
                start_at=("09:05", 0),
                stop_at=("11:10", 0),
            ),
        ],
        "Infliximab (IV monoclonal antibody → chemo tier) 125 min → 96413 + 96415 × 1 (91–150); two premed pushes → 96375 × 2; J1745 × 39 plus J1745 × 1 JW for the documented 10 mg waste (Medicare single-dose), J1200 × 1, J1720 × 1. Billed 96415 × 2 → units_mismatch; J1200 not billed → supported_code_not_billed.",
        billed=[
            L("96413"),
            L("96415", 2),
            L("96375", 2),
            L("J1745", 39),
            L("J1745", 1, "JW"),
            L("J1720"),
        ],
    )
)

# --------------------------------------------------------------------------- hold-031
T = """HOSPITAL OUTPATIENT INFUSION — St. Brigid Medical Center (HOPD)
Encounter date 09/15/2026 | Commercial
Pt: Leopold Counterfeit, 63 M
Dx: Follicular lymphoma grade 1, stage IV (C82.08), on rituximab maintenance q8 weeks (cycle 4). ECOG 1.
Labs today: WBC 5.2, ANC 3.1, Hgb 12.8, Plt 188.
Access: R chest port accessed with 20g 0.75" Huber needle at 08:55, brisk blood return.

09:00 acetaminophen 650 mg PO
09:05 NS at 30 mL/hr TKO started via port
09:10 diphenhydramine 50 mg IV push
09:30 rituximab 710 mg (375 mg/m2, BSA 1.89) in 500 mL NS started at 50 mg/hr, escalated per protocol
10:40 rigors, temp 100.9 — rituximab PAUSED
10:45 meperidine 25 mg IV push for rigors
11:05 symptoms resolved, rituximab resumed at 50 mg/hr
14:05 rituximab infusion complete
14:15 TKO stopped, port de-accessed
Post: BP 126/78, HR 84, T 98.9. Discharged ambulatory 14:45.
Follow-up with Dr. Ahn (oncology) in 8 weeks.
"""
NOTES.append(
    R(
        31,
        T,
        "facility",
        "commercial",
        "2026-09-15",
        [L("96413"), L("96415", 3), L("96375", 2), L("J9312", 71), L("J1200"), L("J2175")],
        ["hydration_not_separately_billable"],
        [
            A(
                T,
                "acetaminophen",
                "other_route",
                "PO",
                start="09:00",
                billable=False,
                at=("acetaminophen", 0),
                start_at=("09:00", 0),
            ),
            A(
                T,
                "normal saline",
                "infusion",
                "IV",
                purpose="kvo",
                start="09:05",
                stop="14:15",
                minutes=310,
                billable=False,
                at=("NS", 0),
                start_at=("09:05", 0),
                stop_at=("14:15", 0),
            ),
            A(
                T,
                "diphenhydramine",
                "push",
                "IV",
                start="09:10",
                at=("diphenhydramine", 0),
                start_at=("09:10", 0),
            ),
            A(
                T,
                "rituximab",
                "infusion",
                "IV",
                start="09:30",
                stop="14:05",
                minutes=250,
                at=("rituximab", 1),
                start_at=("09:30", 0),
                stop_at=("14:05", 0),
            ),
            A(
                T,
                "meperidine",
                "push",
                "IV",
                start="10:45",
                at=("meperidine", 0),
                start_at=("10:45", 0),
            ),
        ],
        "Facility hierarchy: rituximab (chemo tier) 09:30–14:05 = 275 min minus the timed pause 10:40–11:05 = 250 → 96413 + 96415 × 3 (211–270); diphenhydramine and meperidine pushes → 96375 × 2; J9312 × 71, J1200 × 1, J2175 × 1 (commercial: no JZ/JW). The separately documented NS TKO → hydration_not_separately_billable; 'stage IV' is a stage, not a route.",
    )
)

# --------------------------------------------------------------------------- hold-032
T = """OB Infusion Clinic — Nursing/Provider Note
DOS 11/04/2025 · Commercial · Pt: Henrietta Nobody, 29 F, G2P1 at 11w2d (Z3A.11)
Reason for visit: IV hydration for hyperemesis gravidarum.
HPI: Vomiting 10–12x/day x5 days, unable to keep fluids down, 3 kg wt loss. Urine ketones 3+.
Vitals: BP 104/62, HR 112, T 98.0. Mucous membranes dry.
Labs: Na 134, K 3.3, BUN 22, Cr 0.7.
Dx: Hyperemesis gravidarum with metabolic disturbance (O21.1); dehydration (E86.0).

IV 20g L forearm placed 08:45.
08:50 LR 1000 mL at 500 mL/hr started (hydration).
08:55 ondansetron 4 mg IV push.
09:20 thiamine 100 mg in 50 mL NS IVPB started (same line, piggyback).
09:50 thiamine IVPB complete.
10:50 LR complete, 1000 mL in.
Post: HR 90, tolerated crackers and juice. Discharged home with OB follow-up Friday.
"""
NOTES.append(
    R(
        32,
        T,
        "office",
        "commercial",
        "2025-11-04",
        [L("96360"), L("96367"), L("96375"), L("J2405", 4), L("J3411")],
        ["hydration_not_separately_billable"],
        [
            A(
                T,
                "lactated ringers",
                "infusion",
                "IV",
                purpose="hydration",
                start="08:50",
                stop="10:50",
                minutes=90,
                at=("LR", 0),
                start_at=("08:50", 0),
                stop_at=("10:50", 0),
            ),
            A(
                T,
                "ondansetron",
                "push",
                "IV",
                start="08:55",
                at=("ondansetron", 0),
                start_at=("08:55", 0),
            ),
            A(
                T,
                "thiamine",
                "infusion",
                "IV",
                start="09:20",
                stop="09:50",
                minutes=30,
                at=("thiamine", 0),
                start_at=("09:20", 0),
                stop_at=("09:50", 0),
            ),
        ],
        "Office, primary reason IV hydration (dehydration documented): LR 120 min minus the 30-min thiamine overlap = 90 → 96360 × 1 (the overlap raises hydration_not_separately_billable; the remainder is taken as one service, not as separate intervals); thiamine IVPB 30 min → 96367 and ondansetron push → 96375 (96360 may be their primary in office, §4.4); J2405 × 4, J3411 × 1.",
    )
)

# --------------------------------------------------------------------------- hold-033
T = """HOPD Infusion Services — OPAT visit
Medicare | DOS 05/05/2026
Pt: Ambrose Fictitious, 70 M
Dx: Chronic osteomyelitis R foot (M86.671), s/p debridement; cultures MRSA + Pseudomonas.
Access: PICC R basilic, double lumen, placed 04/28/2026; blood return both lumens, dressing CDI.
Labs: Vanc trough 15.2, Cr 1.1, WBC 7.9.

13:00 vancomycin 1 g in 250 mL NS started via red lumen (pump A)
13:15 cefepime 2 g in 100 mL NS started, Y-site into same line (pump B)
13:45 cefepime complete
14:30 vancomycin complete
14:32 NS 10 mL flush, lumen capped
Vitals stable throughout; no infusion reaction. Next OPAT visit per ID.
"""
NOTES.append(
    R(
        33,
        T,
        "facility",
        "medicare",
        "2026-05-05",
        [L("96365"), L("96368"), L("J3370", 2), L("J0692", 4)],
        ["hydration_not_separately_billable"],
        [
            A(
                T,
                "vancomycin",
                "infusion",
                "IV",
                start="13:00",
                stop="14:30",
                minutes=90,
                at=("vancomycin", 0),
                start_at=("13:00", 0),
                stop_at=("14:30", 0),
            ),
            A(
                T,
                "cefepime",
                "infusion",
                "IV",
                start="13:15",
                stop="13:45",
                minutes=30,
                at=("cefepime", 0),
                start_at=("13:15", 0),
                stop_at=("13:45", 0),
            ),
            A(
                T,
                "normal saline",
                "push",
                "IV",
                purpose="flush",
                start="14:32",
                billable=False,
                at=("NS", 2),
                start_at=("14:32", 0),
            ),
        ],
        "Vancomycin (earliest therapeutic infusion) 90 min → 96365 with no 96366; cefepime overlaps it by 30 min (≥ 16) through the same line → concurrent 96368 × 1; J3370 × 2, J0692 × 4 (not single-dose: no JZ). The separately documented NS flush → hydration_not_separately_billable (technique of the flush labelled push).",
    )
)

# --------------------------------------------------------------------------- hold-034
T = """Hospital Outpatient Treatment Unit — Encounter Note
DOS 03/25/2025 · Medicare · Pt: Gertrude Simulacrum, 81 F
Referred from PCP for IV antibiotics and fluids.
HPI: Dysuria, R flank pain, vomiting x2 days, poor oral intake.
Vitals: T 100.8, BP 104/58, HR 108. Dry mucous membranes. BUN 38, Cr 1.4 (baseline 0.9). UA: + nitrite, LE 3+.
Dx: Acute pyelonephritis (N10); dehydration (E86.0); nausea with vomiting (R11.2).

PIV 20g R forearm.
13:00 NS 1000 mL IV hydration started at 850 mL/hr
13:05 ondansetron 4 mg IV push
13:30 ceftriaxone 1 g in 50 mL NS IVPB started (piggybacked into the hydration line)
14:00 ceftriaxone complete
14:10 NS hydration complete (1000 mL)
Reassess: HR 92, tolerating PO. Discharged; recheck in 48 h.
"""
NOTES.append(
    R(
        34,
        T,
        "facility",
        "medicare",
        "2025-03-25",
        [L("96365"), L("96375"), L("96361"), L("J0696", 4), L("J2405", 4)],
        [
            "billed_code_not_supported",
            "hydration_not_separately_billable",
            "multiple_initial_services",
            "supported_code_not_billed",
        ],
        [
            A(
                T,
                "normal saline",
                "infusion",
                "IV",
                purpose="hydration",
                start="13:00",
                stop="14:10",
                minutes=40,
                at=("NS", 0),
                start_at=("13:00", 0),
                stop_at=("14:10", 0),
            ),
            A(
                T,
                "ondansetron",
                "push",
                "IV",
                start="13:05",
                at=("ondansetron", 0),
                start_at=("13:05", 0),
            ),
            A(
                T,
                "ceftriaxone",
                "infusion",
                "IV",
                start="13:30",
                stop="14:00",
                minutes=30,
                at=("ceftriaxone", 0),
                start_at=("13:30", 0),
                stop_at=("14:00", 0),
            ),
        ],
        "Facility hierarchy: ceftriaxone infusion 30 min → initial 96365, ondansetron push → 96375, NS 70 min minus 30-min overlap = 40 → 96361 × 1 (+ hydration_not_separately_billable). The chronological claim (96360, 96374, 96367) carries two initial services with no separate encounter/site → multiple_initial_services; each billed admin code is unsupported and each supported one unbilled (§7).",
        billed=[L("96360"), L("96374"), L("96367"), L("J0696", 4), L("J2405", 4)],
    )
)

# --------------------------------------------------------------------------- hold-035
T = """Outpatient Infusion Clinic (hospital department, UB-04)
Date 04/07/2026 · BCBS commercial
Pt: Ignatia Falsename, 24 F
HPI: vomiting and diarrhea since yesterday, unable to tolerate liquids, dizzy when standing.
Vitals: HR 116, BP 100/64, orthostatic positive. Mucosa dry.
Dx: A08.4 viral gastroenteritis; E86.0 dehydration; R11.2
IV 20g L AC.
10:10 NS 1000 mL at 500 mL/hr started.
10:15 ondansetron 4 mg IVP.
11:20 ondansetron 4 mg IVP repeated — still nauseated.
12:05 per Dr. Oyelowo verbal order, additional antiemetic 10 mg IVP given — pt retching.
12:40 tolerating sips, HR 94. D/c home.
"""
NOTES.append(
    R(
        35,
        T,
        "facility",
        "commercial",
        "2026-04-07",
        [L("96374"), L("96376"), L("96361", 2), L("J2405", 8)],
        ["missing_drug_name", "stop_time_derived"],
        [
            A(
                T,
                "normal saline",
                "infusion",
                "IV",
                purpose="hydration",
                start="10:10",
                stop="12:10",
                minutes=120,
                at=("NS", 0),
                start_at=("10:10", 0),
            ),
            A(
                T,
                "ondansetron",
                "push",
                "IV",
                start="10:15",
                at=("ondansetron", 0),
                start_at=("10:15", 0),
            ),
            A(
                T,
                "ondansetron",
                "push",
                "IV",
                start="11:20",
                at=("ondansetron", 1),
                start_at=("11:20", 0),
            ),
            A(
                T,
                None,
                "push",
                "IV",
                start="12:05",
                billable=False,
                at=("antiemetic", 0),
                start_at=("12:05", 0),
            ),
        ],
        "Facility: push outranks hydration → 96374 (ondansetron); the repeat 65 min later → 96376 (facility only); NS stop derived from 1000 mL at 500 mL/h = 12:10 (stop_time_derived), 120 min secondary → 96361 × 2; J2405 × 8. The unnamed 'antiemetic 10 mg IVP' → missing_drug_name, no line.",
    )
)

# --------------------------------------------------------------------------- hold-036
T = """Outpatient Hematology Infusion — Mercy Valley Hospital (HOPD)
Medicare · DOS 12/09/2025
Pt: Horatio Sampleton, 72 M
Dx: Iron deficiency anemia, unspecified (D50.9); intolerance to oral iron.
Allergies: INFeD (iron dextran) — hives 2019. Penicillin.
Labs: Hgb 8.7, ferritin 11. Wt 84 kg.
PIV 22g R forearm.
Feraheme (ferumoxytol) 510 mg in 100 mL NS IV infusion: start 10:00, stop 10:15.
Single-dose vial 510 mg/17 mL — full vial used, no waste.
Observed 30 min post-infusion: BP 132/78, HR 72. No hypersensitivity.
Second Feraheme 510 mg dose planned 12/16/2025.
"""
NOTES.append(
    R(
        36,
        T,
        "facility",
        "medicare",
        "2025-12-09",
        [L("96374"), L("Q0138", 510, "JZ")],
        ["infusion_15_min_or_less"],
        [
            A(
                T,
                "ferumoxytol",
                "infusion",
                "IV",
                start="10:00",
                stop="10:15",
                minutes=15,
                at=("Feraheme", 0),
                start_at=("10:00", 0),
                stop_at=("10:15", 0),
            ),
            A(
                T,
                "ferumoxytol",
                "infusion",
                "IV",
                status="planned",
                billable=False,
                at=("Feraheme", 1),
            ),
        ],
        "The ferumoxytol 'infusion' ran 15 min → coded as a push 96374 with infusion_15_min_or_less (§3); Q0138 × 510 with JZ (Medicare single-dose, zero waste; JZ/JW applied in facility by default §5). The INFeD allergy is not an administration and the second dose is planned.",
    )
)


def _validate(notes: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    for rec in notes:
        rid = rec["id"]
        assert rid not in seen, f"duplicate id {rid}"
        seen.add(rid)
        text = rec["text"]
        assert 400 <= len(text) <= 2500, f"{rid}: length {len(text)}"
        assert rec["setting"] in {"office", "facility"}, rid
        assert rec["payer"] in {"medicare", "medicaid", "commercial"}, rid
        gold = rec["gold"]
        findings = gold["findings"]
        assert findings == sorted(set(findings)), f"{rid}: findings not sorted/unique"
        assert set(findings) <= _CATEGORIES, f"{rid}: unknown finding {set(findings) - _CATEGORIES}"
        keys = [(ln["code"], tuple(ln["modifiers"])) for ln in gold["lines"]]
        assert len(keys) == len(set(keys)), f"{rid}: lines not aggregated"
        for ln in gold["lines"]:
            code = ln["code"]
            assert ln["units"] >= 1, rid
            is_admin = code.startswith(("963", "964"))
            is_drug = code[0] in "JGSQ" and not (code[0] == "J" and 7030 <= int(code[1:]) <= 7131)
            assert is_admin or is_drug, f"{rid}: {code} is not a scored line"
        for i, adm in enumerate(gold["administrations"]):
            where = f"{rid} administrations[{i}]"
            assert adm["technique"] is None or adm["technique"] in _TECHNIQUES, where
            assert adm["route"] is None or adm["route"] in _ROUTES, where
            assert adm["status"] in _STATUSES, where
            assert adm["purpose"] is None or adm["purpose"] in _PURPOSES, where
            if adm["status"] != "given":
                assert adm["billable"] is False, where
            for label, (s, e) in adm["spans"].items():
                assert 0 <= s < e <= len(text) and text[s:e].strip(), f"{where}: bad {label} span"
                if label in ("start", "stop"):
                    assert adm[label] is not None, f"{where}: {label} span without time"
                    digits = "".join(ch for ch in text[s:e] if ch.isdigit())
                    assert digits == adm[label].replace(":", ""), (
                        f"{where}: {label} {text[s:e]!r} != {adm[label]}"
                    )
        if rec["billed"] is not None:
            for ln in rec["billed"]:
                assert ln["units"] >= 1, rid


_validate(NOTES)
