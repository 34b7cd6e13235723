"""Golden cases for validator readings settled against the labelled eval set (coding-policy §2-§5).

Each case is a realistic note with the facts extraction reads from it; the expected lines and
findings are taken from coding-policy.md / docs/policy-interpretation.md, never from the program.
"""

from __future__ import annotations

import pytest

from extraction.models import ClockTime, Extracted
from validators.reference import load_tables

# --------------------------------------------------------------------------------------------
# SC/IM antineoplastics: 96401 non-hormonal, 96402 hormonal (coding-policy §2); the hormonal list
# is table data keyed by lexicon id / name.
# --------------------------------------------------------------------------------------------
UROLOGY = """LAKESIDE UROLOGY & ONCOLOGY (office, POS 11) - Injection Visit
Dx: C61 Malignant neoplasm of prostate; C79.51 Secondary malignant neoplasm of bone.
1) Leuprolide acetate depot (Lupron Depot) 22.5 mg IM, right gluteus, 3-month dose.
2) Denosumab (Xgeva) 120 mg SC, left upper arm, for bone metastases.
Both tolerated; no bleeding at sites.
"""


def test_hormonal_antineoplastic_im_is_96402_and_the_other_injection_carries_xs(
    nb, lines_of, categories
):
    b = nb(UROLOGY)
    lupron = b.admin(
        "A1",
        "1) Leuprolide acetate depot (Lupron Depot) 22.5 mg IM, right gluteus, 3-month dose.",
        "Leuprolide acetate",
        name="leuprolide acetate",
        dose=("22.5 mg", 22.5, "mg"),
        route="IM",
        technique=("IM", "injection_sc_im"),
        site="right gluteus",
    )
    xgeva = b.admin(
        "A2",
        "2) Denosumab (Xgeva) 120 mg SC, left upper arm, for bone metastases.",
        "Denosumab",
        dose=("120 mg", 120, "mg"),
        route="SC",
        technique=("SC", "injection_sc_im"),
        site="left upper arm",
    )
    enc = b.encounter(
        diagnoses=[("C61", "C61"), ("C79.51", "C79.51")], indications=["for bone metastases"]
    )
    result = b.code(b.result(lupron, xgeva, encounter=enc))
    # 96372 is column 2 of 96402 in the NCCI PTP table (modifier indicator 1): XS.
    assert lines_of(result) == {"96402", "96372-XS", "J9217x3", "J0897x120"}
    assert "96401" not in lines_of(result)
    assert categories(result) == set()


ONC_INJECTION = """HEMATOLOGY CLINIC - Injection Visit
Dx: C90.00 Multiple myeloma not having achieved remission.
{drug} {dose} SC, abdomen, 10:05, cycle 2 day 1.
"""


@pytest.mark.parametrize(
    ("drug", "dose", "amount", "expected"),
    [
        ("Goserelin", "3.6 mg", 3.6, {"96402", "J9202"}),
        ("Fulvestrant", "500 mg", 500, {"96402", "J9395x20"}),
        ("Bortezomib", "2.6 mg", 2.6, {"96401", "J9041x26"}),
        ("Azacitidine", "140 mg", 140, {"96401", "J9025x140"}),
    ],
)
def test_sc_antineoplastic_code_depends_on_the_hormonal_list(
    drug, dose, amount, expected, nb, lines_of
):
    b = nb(ONC_INJECTION.format(drug=drug, dose=dose))
    adm = b.admin(
        "A1",
        f"{drug} {dose} SC, abdomen, 10:05, cycle 2 day 1.",
        drug,
        name=drug.lower(),
        dose=(dose, amount, "mg"),
        route="SC",
        technique=("SC", "injection_sc_im"),
        site="abdomen",
        start="10:05",
    )
    enc = b.encounter(diagnoses=[("C90.00", "C90.00")])
    result = b.code(b.result(adm, encounter=enc))
    assert lines_of(result) == expected


def test_hormonal_list_is_table_data_matched_by_id_or_name():
    tables = load_tables()
    assert tables.is_hormonal_antineoplastic("DRUG-0159", None)
    assert tables.is_hormonal_antineoplastic(None, "Leuprolide Acetate")
    assert not tables.is_hormonal_antineoplastic("DRUG-0151", "bortezomib")
    assert tables.code_row("chemo", "injection_sc_im", "each_hormonal", "office").code == "96402"


# --------------------------------------------------------------------------------------------
# A stop time the extraction derived from volume and rate (Extracted.derived) raises
# stop_time_derived and is still coded (coding-policy §3).
# --------------------------------------------------------------------------------------------
HYDRATION = """FAMILY PRACTICE (POS 11) - IV Hydration Visit
Reason for visit: IV hydration for dehydration (3 days of vomiting/diarrhea).
Dx: E86.0 Dehydration.
IV 22g R forearm placed 09:05.
NS 1000 mL IV at 500 mL/hr started 09:10.
Nurse called to another room; end time not charted.
"""


@pytest.mark.parametrize("how", ["flag", "source"])
def test_stop_derived_by_extraction_raises_stop_time_derived(how, nb, lines_of, categories):
    b = nb(HYDRATION)
    sentence = "NS 1000 mL IV at 500 mL/hr started 09:10."
    ns = b.admin(
        "A1",
        sentence,
        "NS",
        name="normal saline",
        volume=("1000 mL", 1000, "mL"),
        rate=("500 mL/hr", 500, "mL/h"),
        route="IV",
        start="09:10",
    )
    derived = Extracted(
        value=ClockTime.parse("11:10"),
        span=b.span("500 mL/hr", b.span(sentence)),
        source="derived:volume/rate" if how == "source" else "rule",
        derived=how == "flag",
    )
    ns = ns.model_copy(update={"stop": derived, "site": b.ex("R forearm", "R forearm")})
    enc = b.encounter(
        diagnoses=[("E86.0", "E86.0")],
        dehydration=["vomiting/diarrhea", "Dehydration"],
        primary_reason="Reason for visit: IV hydration for dehydration",
        primary_reason_admin="A1",
        primary_reason_kind="hydration",
    )
    result = b.code(b.result(ns, encounter=enc), payer="medicare")
    assert lines_of(result) == {"96360", "96361"}  # 120 min: 91-150 -> 1 add-on hour
    assert categories(result) == {"stop_time_derived"}


def test_documented_stop_is_not_reported_as_derived(nb, categories):
    text = HYDRATION.replace("Nurse called to another room; end time not charted.", "Done 11:10.")
    b = nb(text)
    ns = b.admin(
        "A1",
        "NS 1000 mL IV at 500 mL/hr started 09:10.",
        "NS",
        name="normal saline",
        volume=("1000 mL", 1000, "mL"),
        rate=("500 mL/hr", 500, "mL/h"),
        route="IV",
        start="09:10",
    )
    ns = ns.model_copy(
        update={"stop": b._time("11:10", b.span("Done 11:10.")), "site": b.ex("R forearm", "x")}
    )
    enc = b.encounter(diagnoses=[("E86.0", "E86.0")], dehydration=["Dehydration"])
    assert "stop_time_derived" not in categories(b.code(b.result(ns, encounter=enc)))


# --------------------------------------------------------------------------------------------
# Ketamine payer review: the psychiatric link must be the ketamine's own indication or the
# encounter's diagnoses / primary reason, never another drug's indication.
# --------------------------------------------------------------------------------------------
PAIN = """INTEGRATIVE PAIN - INFUSION VISIT (office, POS 11)
CC: here for 4-hour ketamine infusion (protocol visit 2 of 3).
Dx: G89.4 Chronic pain syndrome; M79.7 Fibromyalgia.
IV: 20g PIV R forearm, blood return +.
Midazolam 2 mg IV push at 0905 for procedural anxiety.
Ketamine 145 mg in NS 500 mL {indication}, Start Time: 0900 | Stop Time: 1231.
"""


@pytest.mark.parametrize(
    ("indication", "dx_extra", "flagged"),
    [
        ("for chronic pain", (), False),
        ("for treatment-resistant depression", (), True),
        ("for chronic pain", (("F33.2", "F33.2"),), True),
    ],
)
def test_ketamine_review_ignores_another_drugs_psychiatric_indication(
    indication, dx_extra, flagged, nb, categories
):
    text = PAIN.format(indication=indication)
    if dx_extra:
        text = text.replace("M79.7 Fibromyalgia.", "M79.7 Fibromyalgia; F33.2 MDD.")
    b = nb(text)
    versed = b.admin(
        "A1",
        "Midazolam 2 mg IV push at 0905 for procedural anxiety.",
        "Midazolam",
        dose=("2 mg", 2, "mg"),
        route="IV",
        technique=("push", "push"),
    )
    ket_sentence = f"Ketamine 145 mg in NS 500 mL {indication}, Start Time: 0900 | Stop Time: 1231."
    ketamine = b.admin(
        "A2",
        ket_sentence,
        "Ketamine",
        dose=("145 mg", 145, "mg"),
        technique=("Start Time", "infusion"),
    )
    scope = b.span(ket_sentence)
    ketamine = ketamine.model_copy(
        update={
            "route": Extracted(value="IV", span=b.span("Ketamine", scope)),
            "start": Extracted(value=ClockTime.parse("09:00"), span=b.span("0900", scope)),
            "stop": Extracted(value=ClockTime.parse("12:31"), span=b.span("1231", scope)),
        }
    )
    enc = b.encounter(
        diagnoses=[("G89.4", "G89.4"), ("M79.7", "M79.7"), ("anxiety", None), *dx_extra],
        indications=["for procedural anxiety", indication],
        primary_reason="here for 4-hour ketamine infusion",
        primary_reason_admin="A2",
    )
    result = b.code(b.result(versed, ketamine, encounter=enc), payer="medicaid")
    assert ("payer_policy_review" in categories(result)) is flagged


# --------------------------------------------------------------------------------------------
# Office: each encounter has its own primary reason (coding-policy §4.2, §4.4).
# --------------------------------------------------------------------------------------------
TWO_VISITS = """FAMILY MEDICINE (office, POS 11)
--- Visit 1 (09:00) ---
Seen for acute low back pain (M54.50) and pernicious anemia follow-up (D51.0).
Cyanocobalamin 1000 mcg IM, L deltoid, 09:10.
Ketorolac 60 mg IM, R gluteal, 09:12.
--- Visit 2: separate encounter, patient returned 14:50 ---
Vomiting x 6, unable to keep fluids down, dry mucosa. Dx: E86.0 Dehydration.
Reason for return visit: IV hydration for dehydration.
New PIV 20g R hand.
NS 1000 mL IV 15:00-16:10.
Lorazepam 1 mg IV push 15:05 for anticipatory nausea.
"""


def _two_visits(b, by_admin: bool):
    b12 = b.admin(
        "A1",
        "Cyanocobalamin 1000 mcg IM, L deltoid, 09:10.",
        "Cyanocobalamin",
        dose=("1000 mcg", 1000, "mcg"),
        route="IM",
        site="L deltoid",
        start="09:10",
    )
    toradol = b.admin(
        "A2",
        "Ketorolac 60 mg IM, R gluteal, 09:12.",
        "Ketorolac",
        dose=("60 mg", 60, "mg"),
        route="IM",
        site="R gluteal",
        start="09:12",
    )
    ns = b.admin(
        "A3",
        "NS 1000 mL IV 15:00-16:10.",
        "NS",
        name="normal saline",
        volume=("1000 mL", 1000, "mL"),
        route="IV",
        start="15:00",
        stop="16:10",
    )
    ns = ns.model_copy(update={"site": b.ex("R hand", "R hand")})
    ativan = b.admin(
        "A4",
        "Lorazepam 1 mg IV push 15:05 for anticipatory nausea.",
        "Lorazepam",
        dose=("1 mg", 1, "mg"),
        route="IV",
        technique=("push", "push"),
        start="15:05",
    )
    enc = b.encounter(
        diagnoses=[("M54.50", "M54.50"), ("D51.0", "D51.0"), ("E86.0", "E86.0")],
        indications=["for anticipatory nausea"],
        dehydration=["unable to keep fluids down", "dry mucosa", "Dehydration"],
        separate_encounter=["separate encounter, patient returned 14:50"],
        primary_reason="Reason for return visit: IV hydration for dehydration.",
        primary_reason_admin="A3" if by_admin else None,
        primary_reason_kind="hydration",
    )
    return b.result(b12, toradol, ns, ativan, encounter=enc)


@pytest.mark.parametrize("by_admin", [True, False])
def test_office_second_encounter_uses_its_own_primary_reason(by_admin, nb, lines_of, categories):
    b = nb(TWO_VISITS)
    result = b.code(_two_visits(b, by_admin), setting="office")
    assert lines_of(result) == {
        "96372-XSx2",
        "96360-XE",
        "96375",
        "J3420",
        "J1885x4",
        "J2060",
    }
    assert "multiple_initial_services" not in categories(result)


def test_facility_second_encounter_keeps_the_hierarchy(nb, lines_of):
    b = nb(TWO_VISITS)
    result = b.code(_two_visits(b, True), setting="facility")
    assert {"96374-XE", "96361"} <= lines_of(result)
    assert "96360-XE" not in lines_of(result)


# --------------------------------------------------------------------------------------------
# Drugs that are part of another procedure produce no line and no finding (coding-policy §4.1).
# --------------------------------------------------------------------------------------------
ENDOSCOPY = """HOSPITAL OUTPATIENT ENDOSCOPY - Procedure Note
Procedure: Colonoscopy with cold snare polypectomy x2
Indication: screening colonoscopy (Z12.11)
Anesthesia: monitored anesthesia care by CRNA; ASA II
Intra-procedure medications (anesthesia record):
  0810 glycopyrrolate 0.2 mg IV push
  0811 lidocaine 40 mg IV push at induction
  propofol infusion 0812-0838, titrated to sedation (total 180 mg)
"""


def _endoscopy(b, integral: bool):
    anchor = b.ex("Intra-procedure medications (anesthesia record)", "colonoscopy anesthesia")
    glyco = b.admin(
        "A1",
        "0810 glycopyrrolate 0.2 mg IV push",
        "glycopyrrolate",
        dose=("0.2 mg", 0.2, "mg"),
        route="IV",
        technique=("push", "push"),
    )
    lido = b.admin(
        "A2",
        "0811 lidocaine 40 mg IV push at induction",
        "lidocaine",
        dose=("40 mg", 40, "mg"),
        route="IV",
        technique=("push", "push"),
    )
    sentence = "propofol infusion 0812-0838, titrated to sedation (total 180 mg)"
    propofol = b.admin(
        "A3", sentence, "propofol", dose=("180 mg", 180, "mg"), technique=("infusion", "infusion")
    )
    scope = b.span(sentence)
    propofol = propofol.model_copy(
        update={
            "start": Extracted(value=ClockTime.parse("08:12"), span=b.span("0812", scope)),
            "stop": Extracted(value=ClockTime.parse("08:38"), span=b.span("0838", scope)),
        }
    )
    admins = [glyco, lido, propofol]
    if integral:
        admins = [a.model_copy(update={"integral_to_procedure": anchor}) for a in admins]
    enc = b.encounter(diagnoses=[("Z12.11", "Z12.11")])
    return b.result(*admins, encounter=enc)


def test_anesthesia_drugs_integral_to_a_procedure_are_not_coded(nb, lines_of, categories):
    b = nb(ENDOSCOPY)
    result = b.code(_endoscopy(b, integral=True), setting="facility")
    assert lines_of(result, kinds=("administration", "drug", "solution")) == set()
    assert categories(result) == set()
    assert all(not d.billable for d in result.decisions)


def test_same_drugs_not_marked_integral_would_be_coded(nb, lines_of):
    b = nb(ENDOSCOPY)
    result = b.code(_endoscopy(b, integral=False), setting="facility")
    assert "96365" in lines_of(result) or "96374" in lines_of(result)


# --------------------------------------------------------------------------------------------
# "Up to" HCPCS codes follow the table descriptors (the table wins, coding-policy §5).
# --------------------------------------------------------------------------------------------
PREMED = """INFUSION CENTER - Premedication
Dx: K50.90 Crohn's disease.
Access: R chest port accessed.
11:45 AM methylprednisolone (Solu-Medrol) {dose} mg IV push
"""


@pytest.mark.parametrize(
    ("dose", "expected"),
    [(40, "J2920"), (20, "J2920"), (41, "J2930"), (125, "J2930")],
)
def test_methylprednisolone_sodium_succinate_up_to_codes(dose, expected, nb, lines_of):
    b = nb(PREMED.format(dose=dose))
    adm = b.admin(
        "A1",
        f"11:45 AM methylprednisolone (Solu-Medrol) {dose} mg IV push",
        "methylprednisolone",
        name="methylprednisolone sodium succinate",
        dose=(f"{dose} mg", dose, "mg"),
        route="IV",
        technique=("push", "push"),
    )
    adm = adm.model_copy(update={"site": b.ex("R chest port", "R chest port")})
    enc = b.encounter(diagnoses=[("K50.90", "K50.90")])
    result = b.code(b.result(adm, encounter=enc), setting="facility", payer="medicare")
    assert lines_of(result) == {"96374", expected}


CT = """RADIOLOGY - CT Abdomen and Pelvis with IV contrast
Indication: LLQ pain x3 days; r/o diverticulitis.
Technique: 20G R antecubital PIV placed by CT tech.
Contrast: Omnipaque 350, 100 mL IV via power injector at 3 mL/s, injected 1422.
Impression: Acute uncomplicated sigmoid diverticulitis (K57.32).
"""


def test_contrast_for_imaging_is_dropped_by_its_lexicon_class(nb, lines_of, categories):
    """Iodinated contrast (lexicon class listed in integral_drug_classes) is always part of the
    imaging procedure: no administration line, no drug line, no missing-time finding."""
    b = nb(CT)
    sentence = "Contrast: Omnipaque 350, 100 mL IV via power injector at 3 mL/s, injected 1422."
    adm = b.admin(
        "A1", sentence, "Omnipaque", name="iohexol", volume=("100 mL", 100, "mL"), route="IV"
    )
    adm = adm.model_copy(
        update={
            "start": Extracted(
                value=ClockTime.parse("14:22"), span=b.span("1422", b.span(sentence))
            ),
            "site": b.ex("R antecubital", "R antecubital"),
        }
    )
    assert adm.drug_id is not None, "iohexol must be in the drug lexicon"
    enc = b.encounter(diagnoses=[("K57.32", "K57.32")])
    result = b.code(b.result(adm, encounter=enc), setting="facility", payer="medicare")
    assert lines_of(result, kinds=("administration", "drug", "solution")) == set()
    assert categories(result) == set()
