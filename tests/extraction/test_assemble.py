"""Assembly on realistic notes: which mentions are administrations, and their linked facts."""

from __future__ import annotations

import pytest


def _row(a) -> tuple:
    return (
        a.drug.value if a.drug else None,
        a.status.value.value,
        a.technique.value.value if a.technique else None,
        a.start.value.hhmm if a.start else None,
        a.stop.value.hhmm if a.stop else None,
    )


STATUS_CASES = [
    ("Procedure: Ondansetron 4 mg IV push at 0925.", "ondansetron", "given"),
    ("No nausea. Denies SI. Ondansetron 4 mg IV push at 0925.", "ondansetron", "given"),
    ("Plan: ketamine 0.5 mg/kg IV over 40 min next week.", "ketamine", "planned"),
    ("Next ketamine in 4 weeks.", "ketamine", "planned"),
    ("Zofran 4 mg IV ordered - not given, nausea resolved.", "ondansetron", "ordered"),
    ("Pt declined IV Toradol 30 mg, prefers oral medication.", "ketorolac", "declined"),
    ("Ketamine 35 mg IV held today: BP 168/102 above threshold.", "ketamine", "held"),
    ("Had 6 ketamine infusions last year at another clinic.", "ketamine", "historical"),
    ("May consider promethazine 12.5 mg IV if vomiting recurs.", "promethazine", "hypothetical"),
    ("No IV ondansetron given today, tolerating PO.", "ondansetron", "negated"),
    ("Furosemide 40 mg IV ordered this morning - HELD by RN, not given.", "furosemide", "held"),
]


@pytest.mark.parametrize(("text", "drug", "status"), STATUS_CASES,
                         ids=[c[2] + ":" + c[0][:28] for c in STATUS_CASES])  # fmt: skip
def test_status_of_administration(admins, text: str, drug: str, status: str) -> None:
    got = [(_row(a)[0], _row(a)[1]) for a in admins(text)]
    assert got == [(drug, status)]


@pytest.mark.parametrize(
    "text",
    [
        "Medications: sertraline 50 mg PO daily, ondansetron 4 mg ODT PRN.",
        "Allergies: penicillin (rash), Toradol IV (hives).",
        "Home meds:\n - lamotrigine 200 mg PO daily\n - quetiapine 50 mg PO qHS",
        "HPI: 34F here for ketamine infusion #4 for TRD.",
        "Discussed ketamine and esketamine options with the patient.",
        "KETAMINE INFUSION NOTE",
    ],
    ids=["med-list", "allergy", "bulleted-med-list", "visit-reason", "no-admin-cue", "title"],
)
def test_mentions_that_are_not_administrations(admins, text: str) -> None:
    assert admins(text) == []


def test_vehicle_fluid_is_not_an_administration(admins) -> None:
    (adm,) = admins("Ketamine 35 mg in 100 mL NS IV infusion started 0932, stopped 1014.")
    assert adm.drug.value == "ketamine"
    assert adm.volume.value.value == 100
    assert (adm.start.value.hhmm, adm.stop.value.hhmm) == ("09:32", "10:14")


def test_weight_based_dose_keeps_absolute_amount(admins) -> None:
    (adm,) = admins("Ketamine 35 mg (0.5 mg/kg) IV over 40 min, start 0932 stop 1012.")
    assert (adm.dose.value.value, adm.dose.value.unit, adm.dose.value.per_kg) == (35, "mg", False)
    assert adm.duration_minutes.value == 40


def test_weight_based_dose_alone(admins) -> None:
    (adm,) = admins("Ketamine 0.5 mg/kg IV infusion started 0932, stopped 1012.")
    assert (adm.dose.value.value, adm.dose.value.unit, adm.dose.value.per_kg) == (
        0.5,
        "mg/kg",
        True,
    )


def test_unnamed_substance_is_reported_without_drug(admins) -> None:
    (adm,) = admins("Procedure: antiemetic 4 mg IVP given at 0925.")
    assert adm.drug is None and adm.mention.text == "antiemetic"
    assert adm.technique.value.value == "push"


def test_shared_route_and_time_for_two_drugs(admins) -> None:
    rows = [_row(a) for a in admins("Ondansetron 4 mg and famotidine 20 mg IV push at 0925.")]
    assert rows == [("ondansetron", "given", "push", "09:25", None),
                    ("famotidine", "given", "push", "09:25", None)]  # fmt: skip


TEMPLATE = """SUMMIT INFUSION CENTER - KETAMINE INFUSION NOTE
DOS: 03/14/2026   Wt 70 kg
Reason for visit: ketamine infusion #4 of 6 for TRD.
Medications: sertraline 100 mg PO daily, ondansetron 4 mg ODT PRN
Allergies: penicillin (rash)

INFUSION RECORD
Access: PIV L AC 22g
Premed: Ondansetron 4 mg IV push at 0925
Medication: Ketamine 35 mg (0.5 mg/kg) in 100 mL NS
Route: IV
Start Time: 0932 | Stop Time: 1014 | Rate: 150 mL/hr
Waste: none

Tolerated well. Plan: next infusion in 2 weeks.
"""

MAR = """MEDICATION ADMINISTRATION RECORD - EXPORT
Encounter: 03/14/2026 - ketamine infusion visit #2 (reason for visit)
Access: PIV L AC 22g placed 03/14/2026 09:20 by RN

03/14/2026 09:24 Ondansetron 4 mg IV Push Given (TM)
03/14/2026 09:32 Ketamine 35 mg IV Started (TM) - 0.5 mg/kg in NS 100 mL via pump
03/14/2026 09:50 Ketamine Paused (BP 168/98)
03/14/2026 10:00 Ketamine Resumed
03/14/2026 09:58 Ketamine Rate Verified (TM)
03/14/2026 10:14 Ketamine Stopped (TM)
03/14/2026 10:30 Vitals: BP 128/82 HR 74 - discharge criteria met
"""

FLOWSHEET = """HOSPITAL OUTPATIENT INFUSION - Nursing Flowsheet
Dx: Dehydration (E86.0) - vomiting x2 days, unable to keep fluids down.

| Time  | Event / medication                    | Dose / rate | BP     | HR  |
|-------|---------------------------------------|-------------|--------|-----|
| 13:00 | PIV placed 20G R hand                 | -           | 104/66 | 112 |
| 13:02 | NS 0.9% bolus started                 | 1000 mL     |        |     |
| 13:05 | Ondansetron IV push                   | 4 mg        |        |     |
| 14:20 | NS bolus completed                    | 1000 mL in  | 118/74 | 94  |
| 14:22 | Famotidine IVPB started (in 50 mL NS) | 20 mg       |        |     |
| 14:40 | Famotidine IVPB completed             | -           | 120/76 | 88  |
| 14:55 | PO trial tolerated; PIV removed       | -           |        |     |
"""

SOAP = """IRON INFUSION - Progress Note (SOAP)
S: Reason for visit: IV iron. Fatigue, heavy menses; failed oral iron x 6 months.
O: BP 128/82, HR 90. Hgb 8.9, ferritin 4. Stage IV endometriosis (not active).
   PIV 20G R hand placed on first attempt.
   Injectafer (ferric carboxymaltose) 750 mg in 250 mL NS was infused IV from 9:30 to 10:15.
   Post-infusion observation 30 min: BP 124/80, HR 86, completed 10:45.
A: Iron deficiency anemia (D50.9).
P: Second Injectafer dose 750 mg in 7 days.
"""

SHORTHAND = """UC note. cc n/v x2d, poor PO intake. Denies SI.
PIV L AC 20g. zofran 4mg IVP @1405. NS 1L bolus start 1410 stop 1510.
toradol 30 mg IM R deltoid at 1415. pt declined reglan. tol PO, d/c home.
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (TEMPLATE, [("ondansetron", "given", "push", "09:25", None),
                    ("ketamine", "given", "infusion", "09:32", "10:14")]),
        (MAR, [("ondansetron", "given", "push", "09:24", None),
               ("ketamine", "given", "infusion", "09:32", "10:14")]),
        (FLOWSHEET, [("normal saline", "given", "infusion", "13:02", "14:20"),
                     ("ondansetron", "given", "push", "13:05", None),
                     ("famotidine", "given", "infusion", "14:22", "14:40")]),
        (SOAP, [("ferric carboxymaltose", "given", "infusion", "09:30", "10:15"),
                ("ferric carboxymaltose", "planned", None, None, None)]),
        (SHORTHAND, [("ondansetron", "given", "push", "14:05", None),
                     ("normal saline", "given", "infusion", "14:10", "15:10"),
                     ("ketorolac", "given", "injection_sc_im", "14:15", None),
                     ("metoclopramide", "declined", None, None, None)]),
    ],
    ids=["ehr-template", "mar-export", "flowsheet", "soap-narrative", "shorthand"],
)  # fmt: skip
def test_realistic_notes(admins, text: str, expected: list) -> None:
    assert [_row(a) for a in admins(text)] == expected


def test_template_details(admins) -> None:
    ondansetron, ketamine = admins(TEMPLATE)
    assert ketamine.dose.value.value == 35 and ketamine.dose.span.text == "35 mg"
    assert ketamine.volume.value.value == 100
    assert ketamine.rate.value.value == 150
    assert ketamine.route.value.value == "IV" and not ketamine.route.derived
    assert ketamine.site.value == "PIV L AC 22g"
    assert ketamine.zero_waste is not None and ketamine.zero_waste.text == "Waste: none"
    assert ondansetron.site.value == "PIV L AC 22g"  # one documented IV site covers the visit
    assert ketamine.section == "procedure" or ketamine.section is None or ketamine.section


def test_mar_hold_becomes_interruption(admins) -> None:
    ketamine = admins(MAR)[1]
    (hold,) = ketamine.interruptions
    assert (hold.start.value.hhmm, hold.stop.value.hhmm) == ("09:50", "10:00")
    assert ketamine.status.value.value == "given"


def test_flowsheet_fluid_purpose_and_route(admins) -> None:
    saline = admins(FLOWSHEET)[0]
    assert saline.kind == "fluid"
    assert saline.purpose.value.value == "hydration"
    assert saline.volume.value.value == 1000
    assert saline.route.value.value == "IV" and saline.route.derived


def test_shorthand_injection_site(admins) -> None:
    toradol = admins(SHORTHAND)[2]
    assert toradol.route.value.value == "IM"
    assert toradol.site.value == "R deltoid"


def test_midnight_rollover_keeps_clock_times(admins) -> None:
    (adm,) = admins("NS 1000 mL IV bolus started 2330, completed 0030.")
    assert (adm.start.value.hhmm, adm.stop.value.hhmm) == ("23:30", "00:30")
