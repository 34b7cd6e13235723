# ruff: noqa: E501
"""Smoke eval set: 12 short notes (ids ``smoke-NNN``), one per core behaviour.

Same gold format and labelling rules as ``dev_b`` (coding-policy.md and
docs/policy-interpretation.md, labelled by hand); spans come from ``_anchor.span`` through
``dev_b``'s anchor helpers, and the same format checks run at import.
"""

from __future__ import annotations

from eval_sets.src.dev_b import _adm, _check, _l

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


T = """KETAMINE INFUSION NOTE - Aldergrove Ketamine Clinic
Pt: Rowena Faircloth (fictional), 44F          DOS 01/22/2026
Reason for visit: IV ketamine infusion #2 for treatment-resistant depression; MDD, recurrent, severe without psychotic features (F33.2).
Vitals: BP 126/80, HR 76, SpO2 98%, Wt 64 kg, PHQ-9 18.
PIV 22g L AC placed 0915.
0920 Ondansetron 4 mg IV push for nausea prophylaxis.
Ketamine 32 mg in 100 mL NS IV infusion by pump, start 0925, stop 1007.
Recovered; discharged 1040 with husband driving.
"""
_add(
    "smoke-001", T, setting="office", payer="commercial", dos="2026-01-22",
    lines=[_l("96365", 1), _l("96375", 1), _l("J3490", 1), _l("J2405", 4)],
    findings=["payer_policy_review", "unlisted_drug_code"],
    administrations=[
        _adm(T, "ondansetron", "push", "IV", "given", start="09:20", billable=True,
             d="Ondansetron", s=("0920 Ondansetron", "0920")),
        _adm(T, "ketamine", "infusion", "IV", "given", start="09:25", stop="10:07", minutes=42,
             billable=True, d=("Ketamine 32 mg", "Ketamine"), s=("start 0925", "0925"),
             e=("stop 1007", "1007")),
    ],
    rationale="Ketamine infusion is the primary reason (42 min): 96365 + J3490; the ondansetron push is 96375 + J2405 x4. J3490 raises unlisted_drug_code and ketamine for depression payer_policy_review.",
)

T = """GI CLINIC - Treatment Note
Pt: Lorcan Whitmore-Dube (fictional), 51M          DOS 06/10/2025
Dx: Acute gastritis without bleeding (K29.70); epigastric pain, cannot tolerate PO famotidine (vomits tablets).
Vitals: BP 132/84, HR 88, SpO2 98%, pain 5/10.
PIV 22g R hand.
Famotidine 20 mg in 50 mL NS IV infusion, started 1000, completed 1014.
Tolerated, pain 2/10 at 1040. Discharged with PPI prescription.
"""
_add(
    "smoke-002", T, setting="office", payer="commercial", dos="2025-06-10",
    lines=[_l("96374", 1), _l("J1308", 80)],
    findings=["infusion_15_min_or_less"],
    administrations=[
        _adm(T, "famotidine", "push", "IV", "given", start="10:00", stop="10:14", minutes=14,
             billable=True, d=("Famotidine 20 mg", "Famotidine"), s=("started 1000", "1000"),
             e=("completed 1014", "1014")),
    ],
    rationale="An 'infusion' that ran 14 min is a push by the 15-minute rule (technique push, policy §2): 96374 with infusion_15_min_or_less (policy §3). Famotidine is J1308 per 0.25 mg: 20 mg -> 80 units.",
)

T = """KETAMINE SESSION - Nursing Note
Pt: Anselm Prudhomme (fictional), 38M          DOS 09/02/2025
Reason for visit: ketamine infusion #4 for chronic PTSD (F43.12).
Vitals: BP 128/80, HR 74, SpO2 99%, Wt 82 kg.
IV 20g L forearm.
Ketamine 41 mg in 100 mL NS IV infusion started 0930 via pump.
1015 BP 134/84, mild dissociation. 1045 alert, oriented, CADSS 7.
Discharged 1100 with partner; grounding debrief done, next session Friday.
"""
_add(
    "smoke-003", T, setting="office", payer="commercial", dos="2025-09-02",
    lines=[_l("J3490", 1)],
    findings=["missing_stop_time", "payer_policy_review", "unlisted_drug_code"],
    administrations=[
        _adm(T, "ketamine", "infusion", "IV", "given", start="09:30", billable=True,
             d=("Ketamine 41 mg", "Ketamine"), s=("started 0930", "0930")),
    ],
    rationale="No stop time and no rate: the infusion gets no administration code (missing_stop_time, policy §3) but its J3490 drug line stays (policy-interpretation); unlisted_drug_code and payer_policy_review (PTSD). Vitals times are not a stop.",
)

T = """FAMILY PRACTICE - IV Hydration
Pt: Beatrix Holloway-Mensah (fictional), 24F          DOS 07/01/2025
Reason for visit: presents for IV hydration for dehydration; gastroenteritis with vomiting x 6 today, unable to keep fluids down.
Vitals: BP 100/60, HR 114, T 99.4; dry mucous membranes.
Dx: Viral gastroenteritis (A08.4); Dehydration (E86.0)
PIV 20g R AC.
NS 1000 mL IV bolus started 1310, completed 1355.
HR 94 after the bolus, tolerating sips. Discharged home.
"""
_add(
    "smoke-004", T, setting="office", payer="commercial", dos="2025-07-01",
    lines=[_l("96360", 1)],
    findings=[],
    administrations=[
        _adm(T, "normal saline", "infusion", "IV", "given", purpose="hydration", start="13:10",
             stop="13:55", minutes=45, billable=True, d=("NS 1000 mL", "NS"),
             s=("started 1310", "1310"), e=("completed 1355", "1355")),
    ],
    rationale="Hydration for documented dehydration, 45 min (31-90): 96360 x1 (policy §3); the IV solution line is not scored.",
)

T = """PSYCHIATRY - LAI Nurse Visit
Pt: Crispin Adebayo-Lund (fictional), 33M          DOS 03/18/2025
Dx: Schizophrenia, unspecified (F20.9). Monthly aripiprazole LAI, adherent, no EPS, AIMS 0.
Home meds: benztropine 0.5 mg PO PRN (not taking). Allergies: NKDA.
Vitals: BP 124/78, HR 76, Wt 88 kg. Mood stable, no AH.
1015 Abilify Maintena 400 mg IM R deltoid given by RN Sato; tolerated.
1030 No reaction after observation; ambulating, calm.
"""
_add(
    "smoke-005", T, setting="office", payer="commercial", dos="2025-03-18",
    lines=[_l("96372", 1), _l("J0401", 400)],
    findings=[],
    administrations=[
        _adm(T, "aripiprazole", "injection_sc_im", "IM", "given", start="10:15", billable=True,
             d="Abilify Maintena", s=("1015 Abilify", "1015")),
    ],
    rationale="One IM injection with site: 96372 x1; aripiprazole ER J0401 per 1 mg -> 400 units. Commercial payer: no JZ/JW logic.",
)

T = """SPRAVATO SESSION - Linden Psychiatry (REMS-certified healthcare setting)
Pt: Ottoline Carrow (fictional), 70F          DOS 02/05/2026          Medicare
Dx: MDD, recurrent, severe without psychotic features (F33.2), treatment resistant; on sertraline 150 mg.
0930 Pre-dose BP 130/78, HR 70.
0935 Spravato 56 mg (2 devices) self-administered under RN observation.
Monitored per REMS until 1140 (2 h 05 min): BP 1015 144/88, 1100 134/82, 1135 128/80; dissociation resolved 1030.
REMS Patient Monitoring Form completed. Daughter driving.
"""
_add(
    "smoke-006", T, setting="office", payer="medicare", dos="2026-02-05",
    lines=[_l("G2082", 1)],
    findings=[],
    administrations=[
        _adm(T, "esketamine", "other_route", "intranasal", "given", start="09:35", billable=True,
             d=("0935 Spravato", "Spravato"), s=("0935 Spravato", "0935")),
    ],
    rationale="Medicare esketamine 56 mg: G2082 x1 and no 963xx code (policy §4.6); REMS and >= 2 h monitoring are documented, so no payer_policy_review.",
)

T = """KETAMINE CONSULT - Follow-up
Pt: Lysander Oyelaran-Pike (fictional), 47M          DOS 11/11/2025
Dx: MDD, recurrent, moderate (F33.1); four failed antidepressant trials.
Vitals: BP 122/76, HR 70, Wt 79 kg. PHQ-9 20.
Discussed risks/benefits; consent signed.
Plan: ketamine infusion series to start next Tuesday (6 sessions, 0.5 mg/kg IV over 40 min).
Home meds: escitalopram 20 mg PO daily, bupropion XL 300 mg PO daily.
No medications given today.
"""
_add(
    "smoke-007", T, setting="office", payer="commercial", dos="2025-11-11",
    lines=[], findings=[],
    administrations=[
        _adm(T, "ketamine", "infusion", "IV", "planned", d=("Plan: ketamine", "ketamine")),
    ],
    rationale="The ketamine infusion series is planned for next week (policy §2): no code and no finding.",
)

T = """URGENT CARE - Progress Note
Pt: Honoria Szabo-Freeman (fictional), 29F          DOS 12/02/2025
CC: nausea and vomiting x 1 day, tolerating small sips. Dx: Nausea with vomiting (R11.2).
Vitals: BP 118/74, HR 92, T 98.8. Mucous membranes moist.
Offered IV placement and Zofran IV push - pt declined IV Zofran, prefers a tablet.
1420 Ondansetron 4 mg ODT given PO. 1450 PO challenge passed.
Discharged with oral rehydration instructions.
"""
_add(
    "smoke-008", T, setting="office", payer="commercial", dos="2025-12-02",
    lines=[], findings=[],
    administrations=[
        _adm(T, "ondansetron", "push", "IV", "declined", d=("declined IV Zofran", "Zofran")),
        _adm(T, "ondansetron", "other_route", "PO", "given", start="14:20",
             d="Ondansetron", s=("1420 Ondansetron", "1420")),
    ],
    rationale="The IV ondansetron push was declined (policy §2) and the ODT given instead is oral (other_route): no lines, no findings.",
)

T = """KETAMINE INFUSION - Nursing Note
Pt: Cosima Vukovic-Hart (fictional), 36F          DOS 03/03/2026
Reason for visit: ketamine infusion #3 for treatment-resistant depression (F32.2).
Vitals: BP 120/78, HR 72, Wt 60 kg. PIV 22g R hand.
NS running at KVO rate through the same line before and after the infusion.
Ketamine 30 mg in 100 mL NS IV infusion, start 1000, stop 1040.
Discharged 1115 with mother; PIV removed intact.
"""
_add(
    "smoke-009", T, setting="office", payer="commercial", dos="2026-03-03",
    lines=[_l("96365", 1), _l("J3490", 1)],
    findings=["hydration_not_separately_billable", "payer_policy_review", "unlisted_drug_code"],
    administrations=[
        _adm(T, "normal saline", "infusion", "IV", "given", purpose="kvo",
             d=("NS running at KVO", "NS")),
        _adm(T, "ketamine", "infusion", "IV", "given", start="10:00", stop="10:40", minutes=40,
             billable=True, d=("Ketamine 30 mg", "Ketamine"), s=("start 1000", "1000"),
             e=("stop 1040", "1040")),
    ],
    rationale="Ketamine 40 min: 96365 + J3490 (unlisted_drug_code, payer_policy_review). The separately documented KVO saline is never coded and raises hydration_not_separately_billable (policy §4.1, §6); the 100 mL NS is the vehicle.",
)

T = """HOSPITAL OUTPATIENT INFUSION - Nursing Note
Pt: Evander Nakashima-Roe (fictional), 58M          DOS 10/07/2025
Dx: Acute gastroenteritis (A09); Dehydration (E86.0). Vomiting x 2 days, poor PO intake, HR 110, dry mucosa.
PIV 20G L AC.
NS 1000 mL IV hydration 0800-0910.
Ondansetron 4 mg IV push at 0830.
0915 HR 90, BP 122/78, tolerating sips, no further emesis.
Discharged home with spouse; oral rehydration and return precautions reviewed.
"""
_add(
    "smoke-010", T, setting="facility", payer="commercial", dos="2025-10-07",
    lines=[_l("96374", 1), _l("96361", 1), _l("J2405", 4)],
    findings=[],
    administrations=[
        _adm(T, "normal saline", "infusion", "IV", "given", purpose="hydration", start="08:00",
             stop="09:10", minutes=70, billable=True, d=("NS 1000 mL", "NS"),
             s=("0800-0910", "0800"), e=("0800-0910", "0910")),
        _adm(T, "ondansetron", "push", "IV", "given", start="08:30", billable=True,
             d="Ondansetron", s=("push at 0830", "0830")),
    ],
    rationale="Facility hierarchy (therapeutic push > hydration, policy §4.2) makes the later ondansetron push initial 96374 + J2405 x4; hydration 70 min becomes secondary 96361 x1.",
)

T = """URGENT CARE - Procedure Note
Pt: Thaddeus Ibekwe-Marsh (fictional), 40M          DOS 08/12/2025
Dx: Renal colic, unspecified (N23); R flank pain 8/10, hematuria on UA.
Vitals: BP 148/92, HR 98, T 98.7.
PIV 22g L hand placed 1405.
Ketorolac 30 mg in 50 mL NS IV infusion, started 1410, finished 1422.
1450 pain 3/10, HR 84. PIV removed intact.
Discharged with tamsulosin and a strainer; CT if fever or no passage in 1 week.
"""
_add(
    "smoke-011", T, setting="office", payer="commercial", dos="2025-08-12",
    billed=[_l("96365", 1), _l("J1885", 1)],
    lines=[_l("96374", 1), _l("J1885", 2)],
    findings=["billed_code_not_supported", "infusion_15_min_or_less", "supported_code_not_billed",
              "units_mismatch"],
    administrations=[
        _adm(T, "ketorolac", "push", "IV", "given", start="14:10", stop="14:22", minutes=12,
             billable=True, d="Ketorolac", s=("started 1410", "1410"), e=("finished 1422", "1422")),
    ],
    rationale="The 'infusion' ran 12 min: 96374 is supported (infusion_15_min_or_less), so billed 96365 is billed_code_not_supported and 96374 supported_code_not_billed; ketorolac 30 mg is J1885 x2, billed x1: units_mismatch (policy §7).",
)

T = """NURSE VISIT - Injection
Pt: Perdita Ravensworth (fictional), 45F          DOS 05/14/2025
Vitals: BP 130/82, HR 80, T 98.4, SpO2 99%.
Allergies: NKDA.
1130 Toradol 60 mg IM R ventrogluteal given by RN Delgado per verbal order of Dr. Sinclair; tolerated, no bleeding at site.
1145 Observed 15 min, no reaction; ambulating without difficulty.
Discharged; return precautions given. Next nurse visit as needed.
"""
_add(
    "smoke-012", T, setting="office", payer="commercial", dos="2025-05-14",
    lines=[_l("96372", 1), _l("J1885", 4)],
    findings=["missing_diagnosis", "missing_medical_necessity"],
    administrations=[
        _adm(T, "ketorolac", "injection_sc_im", "IM", "given", start="11:30", billable=True,
             d="Toradol", s=("1130 Toradol", "1130")),
    ],
    rationale="Ketorolac 60 mg IM with site: 96372 + J1885 x4 (60 / 15). The note has no diagnosis and no indication for the drug: missing_diagnosis and missing_medical_necessity.",
)

_check(NOTES, r"smoke-\d{3}")
