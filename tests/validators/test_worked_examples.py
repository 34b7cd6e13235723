"""The ten worked examples of drug-administration-rules.md §10, in coding-policy terms.

Where the two documents differ, coding-policy.md (and docs/policy-interpretation.md) wins; each
such place is said in the test. E/M codes (99213-25, G0463) are outside the validators' output
and are not asserted. IV-solution lines are checked separately from scored lines.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from validators import code_encounter, load_profile
from validators.models import EncounterContext

# --------------------------------------------------------------------------------------------
EX1 = """INFUSION CLINIC NOTE
Reason for visit: ketamine infusion #3 for treatment-resistant depression.
IV placed 09:50 L forearm 22g. Ondansetron 4 mg IV push 09:55 for nausea prophylaxis.
Ketamine 35 mg (0.5 mg/kg) in 100 mL NS infused 10:00-10:40.
NS KVO 10 mL/h until discharge 11:30; vitals q15 min, tolerated well.
Assessment/Plan: F33.2 Major depressive disorder, recurrent, severe. Continue series.
"""


def _ex1(b, primary: bool):
    a1 = b.admin(
        "A1",
        "Ondansetron 4 mg IV push 09:55 for nausea prophylaxis.",
        "Ondansetron",
        dose=("4 mg", 4, "mg"),
        route="IV",
        technique=("push", "push"),
        start="09:55",
    )
    a2 = b.admin(
        "A2",
        "Ketamine 35 mg (0.5 mg/kg) in 100 mL NS infused 10:00-10:40.",
        "Ketamine",
        dose=("35 mg", 35, "mg"),
        technique=("infused", "infusion"),
        start="10:00",
        stop="10:40",
        site=None,
    )
    a3 = b.admin(
        "A3",
        "NS KVO 10 mL/h until discharge 11:30;",
        "NS",
        name="normal saline",
        rate=("10 mL/h", 10, "mL/h"),
        purpose=("KVO", "kvo"),
    )
    enc = b.encounter(
        diagnoses=[("F33.2", "F33.2")],
        indications=["for nausea prophylaxis"],
        primary_reason="Reason for visit: ketamine infusion #3",
        primary_reason_admin="A2" if primary else None,
        assessment="Assessment/Plan:",
    )
    return a1, a2, a3, enc


@pytest.mark.parametrize("setting", ["office", "facility"])
def test_ex1_ketamine_infusion_with_antiemetic_push(setting, nb, lines_of, categories):
    b = nb(EX1)
    a1, a2, a3, enc = _ex1(b, primary=setting == "office")
    # "IV placed 09:50 L forearm" is not an administration: the site is linked to the infusion.
    a2 = a2.model_copy(update={"site": b.ex("L forearm", "L forearm")})
    result = b.code(b.result(a1, a2, a3, encounter=enc), setting=setting)
    assert lines_of(result) == {"96365", "96375", "J3490", "J2405x4"}
    assert {"hydration_not_separately_billable", "unlisted_drug_code", "payer_policy_review"} <= (
        categories(result)
    )
    initial = next(line for line in result.lines if line.code == "96365")
    assert initial.minutes == 40
    assert initial.admin_ids == ("A2",)
    assert "missing_site" not in categories(result)


# --------------------------------------------------------------------------------------------
EX2 = """ED FAST TRACK / INFUSION NOTE
Presents for IV hydration: gastroenteritis with vomiting x2 days, orthostatic,
dry mucous membranes, BUN 32.
PIV 20g R AC. NS 1000 mL bolus started 10:00, completed 11:45.
Ondansetron 4 mg IVP 10:05.
Dx: E86.0 dehydration; R11.2 nausea with vomiting.
"""


def _ex2(b, primary_kind: str | None):
    ns = b.admin(
        "A1",
        "NS 1000 mL bolus started 10:00, completed 11:45.",
        "NS",
        name="normal saline",
        volume=("1000 mL", 1000, "mL"),
        start="10:00",
        stop="11:45",
        purpose=("bolus", "hydration"),
        site=None,
    )
    zofran = b.admin(
        "A2",
        "Ondansetron 4 mg IVP 10:05.",
        "Ondansetron",
        dose=("4 mg", 4, "mg"),
        route=("IVP", "IV"),
        technique=("IVP", "push"),
        start="10:05",
    )
    ns = ns.model_copy(update={"site": b.ex("R AC", "R AC")})
    enc = b.encounter(
        diagnoses=[("E86.0", "E86.0"), ("R11.2", "R11.2")],
        dehydration=["vomiting x2 days", "orthostatic", "dry mucous membranes", "BUN 32"],
        primary_reason="Presents for IV hydration",
        primary_reason_kind=primary_kind,
    )
    return b.result(ns, zofran, encounter=enc)


def test_ex2_facility_push_outranks_hydration(nb, lines_of, categories):
    b = nb(EX2)
    result = b.code(_ex2(b, None), setting="facility")
    assert lines_of(result) == {"96374", "96361x2", "J2405x4"}
    assert lines_of(result, ("solution",)) == {"J7030"}
    hydration = next(line for line in result.lines if line.code == "96361")
    assert hydration.minutes == 105  # the push does not subtract from hydration minutes


def test_ex2_office_without_a_stated_primary_reason_uses_the_hierarchy(nb, lines_of, categories):
    b = nb(EX2)
    result = b.code(_ex2(b, None), setting="office")
    assert lines_of(result) == {"96374", "96361x2", "J2405x4"}


def test_ex2_office_hydration_primary_reason_coding_policy_wins(nb, lines_of, categories):
    """§10 Ex 2 recommends 96374 + 96361 x2 (conflict D15). coding-policy §4.4 and
    policy-interpretation ("Hydration as primary reason with a push -> 96360 + 96375") win:
    in the office 96360 may be the primary of 96375 (CMS add-on edits, practitioner)."""
    b = nb(EX2)
    result = b.code(_ex2(b, "hydration"), setting="office")
    assert lines_of(result) == {"96360", "96361", "96375", "J2405x4"}
    initial = next(line for line in result.lines if line.code == "96360")
    assert initial.rule == "DA-CODE-011"


# --------------------------------------------------------------------------------------------
EX3 = """ONCOLOGY INFUSION SUITE
Port accessed, +blood return. Protocol hydration per carboplatin order.
NS 500 mL pre-hydration 08:00-08:45.
Ondansetron 16 mg IVPB 08:45-09:00.
Carboplatin 450 mg IV 09:00-09:45.
NS 500 mL post-hydration 09:45-10:30.
Dx C56.1 malignant neoplasm of right ovary; poor PO intake and vomiting after last cycle.
"""


def _ex3(b):
    pre = b.admin(
        "A1",
        "NS 500 mL pre-hydration 08:00-08:45.",
        "NS",
        name="normal saline",
        volume=("500 mL", 500, "mL"),
        start="08:00",
        stop="08:45",
        purpose=("pre-hydration", "hydration"),
    )
    zofran = b.admin(
        "A2",
        "Ondansetron 16 mg IVPB 08:45-09:00.",
        "Ondansetron",
        dose=("16 mg", 16, "mg"),
        route=("IVPB", "IV"),
        technique=("IVPB", "infusion"),
        start="08:45",
        stop="09:00",
    )
    carbo = b.admin(
        "A3",
        "Carboplatin 450 mg IV 09:00-09:45.",
        "Carboplatin",
        dose=("450 mg", 450, "mg"),
        route="IV",
        start="09:00",
        stop="09:45",
        site=None,
    )
    post = b.admin(
        "A4",
        "NS 500 mL post-hydration 09:45-10:30.",
        "NS",
        name="normal saline",
        volume=("500 mL", 500, "mL"),
        start="09:45",
        stop="10:30",
        purpose=("post-hydration", "hydration"),
    )
    carbo = carbo.model_copy(update={"site": b.ex("Port", "port")})
    enc = b.encounter(
        diagnoses=[("C56.1", "C56.1")],
        dehydration=["poor PO intake", "vomiting"],
    )
    return b.result(pre, zofran, carbo, post, encounter=enc)


@pytest.mark.parametrize("setting", ["office", "facility"])
def test_ex3_chemo_initial_short_ivpb_is_a_push_hydration_intervals_not_summed(
    setting, nb, lines_of, categories
):
    """§10 Ex 3 sums pre/post hydration (90 min -> 96361 x1) per CPT Asst 6/2007; the
    coding-policy default does not sum intervals [configurable], so each 45-min block is one
    unit (the example's own "[CONFLICT D5]" alternative): 96361 x2."""
    b = nb(EX3)
    result = b.code(_ex3(b), setting=setting)
    assert lines_of(result) == {"96413", "96375", "96361x2", "J9045x9", "J2405x16"}
    assert "infusion_15_min_or_less" in categories(result)


def test_ex3_profile_that_sums_intervals_gives_one_hydration_unit(
    tmp_path: Path, nb, lines_of, categories
):
    payer = json.loads(
        (Path(__file__).parents[2] / "validators/profiles/payer-commercial.json").read_text()
    )
    payer.update(payer="summing", sum_intervals=True)
    (tmp_path / "payer-summing.json").write_text(json.dumps(payer))
    b = nb(EX3)
    profile = load_profile("facility", "summing", tmp_path)
    context = EncounterContext(note_text=EX3, setting="facility", payer="summing")
    result = code_encounter(_ex3(b), context, profile)
    assert lines_of(result) == {"96413", "96375", "96361", "J9045x9", "J2405x16"}
    hydration = next(line for line in result.lines if line.code == "96361")
    assert hydration.minutes == 90


# --------------------------------------------------------------------------------------------
EX4 = """PSYCHIATRY FOLLOW-UP
Worsening psychosis; oral regimen adjusted (see MDM).
Paliperidone palmitate 234 mg IM R deltoid at 14:10 by RN,
prefilled single-dose syringe, entire syringe administered.
Dx: F20.9 schizophrenia, unspecified.
"""


@pytest.mark.parametrize("setting", ["office", "facility"])
def test_ex4_lai_antipsychotic_medicare_jz(setting, nb, lines_of, categories):
    b = nb(EX4)
    sentence = (
        "Paliperidone palmitate 234 mg IM R deltoid at 14:10 by RN,\nprefilled single-dose "
        "syringe, entire syringe administered."
    )
    a1 = b.admin(
        "A1",
        sentence,
        "Paliperidone palmitate",
        name="invega sustenna",
        dose=("234 mg", 234, "mg"),
        route="IM",
        site="R deltoid",
        start="14:10",
        zero_waste="entire syringe administered",
    )
    enc = b.encounter(diagnoses=[("F20.9", "F20.9")])
    result = b.code(b.result(a1, encounter=enc), setting=setting, payer="medicare")
    assert lines_of(result) == {"96372", "J2426-JZx234"}
    assert categories(result) == set()


# --------------------------------------------------------------------------------------------
EX5 = """NURSE VISIT - MAT
Vivitrol 380 mg IM gluteal at 11:00, left upper outer quadrant. Single-dose kit, no waste.
Physician in suite. Dx: F10.20 alcohol dependence, uncomplicated.
"""


@pytest.mark.parametrize("setting", ["office", "facility"])
def test_ex5_naltrexone_er_nurse_visit(setting, nb, lines_of, categories):
    b = nb(EX5)
    a1 = b.admin(
        "A1",
        "Vivitrol 380 mg IM gluteal at 11:00, left upper outer quadrant.",
        "Vivitrol",
        dose=("380 mg", 380, "mg"),
        route="IM",
        site="left upper outer quadrant",
        start="11:00",
    )
    enc = b.encounter(diagnoses=[("F10.20", "F10.20")], waste_statements=["no waste"])
    result = b.code(b.result(a1, encounter=enc), setting=setting, payer="medicare")
    assert lines_of(result) == {"96372", "J2315-JZx380"}
    assert categories(result) == set()


# --------------------------------------------------------------------------------------------
EX6 = """EMERGENCY DEPARTMENT - MIGRAINE
Migraine with vomiting, unable to keep fluids down; dehydrated. PIV 20g L hand.
NS 1000 mL 13:00-13:50.
Ketorolac 30 mg IVP 13:00.
Metoclopramide 10 mg IVP 13:02.
Diphenhydramine 25 mg IVP 13:03.
Ondansetron 4 mg IVP 13:05.
Ondansetron 4 mg IVP 14:00 for persistent nausea.
Dx G43.909, R11.2.
"""


def _ex6(b):
    ns = b.admin(
        "A1",
        "NS 1000 mL 13:00-13:50.",
        "NS",
        name="normal saline",
        volume=("1000 mL", 1000, "mL"),
        start="13:00",
        stop="13:50",
    )
    ns = ns.model_copy(update={"site": b.ex("L hand", "L hand")})
    pushes = []
    for i, (sentence, drug, dose, value, time) in enumerate(
        [
            ("Ketorolac 30 mg IVP 13:00.", "Ketorolac", "30 mg", 30, "13:00"),
            ("Metoclopramide 10 mg IVP 13:02.", "Metoclopramide", "10 mg", 10, "13:02"),
            ("Diphenhydramine 25 mg IVP 13:03.", "Diphenhydramine", "25 mg", 25, "13:03"),
            ("Ondansetron 4 mg IVP 13:05.", "Ondansetron", "4 mg", 4, "13:05"),
            (
                "Ondansetron 4 mg IVP 14:00 for persistent nausea.",
                "Ondansetron",
                "4 mg",
                4,
                "14:00",
            ),
        ],
        start=2,
    ):
        pushes.append(
            b.admin(
                f"A{i}",
                sentence,
                drug,
                dose=(dose, value, "mg"),
                route=("IVP", "IV"),
                technique=("IVP", "push"),
                start=time,
            )
        )
    enc = b.encounter(
        diagnoses=[("G43.909", "G43.909"), ("R11.2", "R11.2")],
        dehydration=["unable to keep fluids down", "dehydrated"],
    )
    return b.result(ns, *pushes, encounter=enc)


def test_ex6_facility_migraine_cocktail_with_repeat_push(nb, lines_of, categories):
    b = nb(EX6)
    result = b.code(_ex6(b), setting="facility")
    assert lines_of(result) == {
        "96374",
        "96375x3",
        "96376",
        "96361",
        "J1885x2",
        "J2765",
        "J1200",
        "J2405x8",
    }
    initial = next(line for line in result.lines if line.code == "96374")
    assert initial.admin_ids == ("A2",)  # ketorolac 13:00, the earliest push


def test_ex6_office_repeat_push_not_reportable(nb, lines_of, categories):
    b = nb(EX6)
    result = b.code(_ex6(b), setting="office")
    assert lines_of(result) == {"96374", "96375x3", "96361", "J1885x2", "J2765", "J1200", "J2405x8"}
    assert "repeat_push_not_billable_in_office" in categories(result)


# --------------------------------------------------------------------------------------------
EX7 = """INFUSION CENTER - IRON
IDA, ferritin 8. PIV 22g R forearm.
Ferric carboxymaltose 750 mg in 250 mL NS 10:00-10:20, single-dose vial fully used.
Famotidine 20 mg IVPB 10:20-10:40 via same line.
Dx D50.9 iron deficiency anemia.
"""


def _ex7(b, fam_times: tuple[str, str]):
    text = b.text.replace("10:20-10:40", f"{fam_times[0]}-{fam_times[1]}")
    b = type(b)(text)
    iron = b.admin(
        "A1",
        "Ferric carboxymaltose 750 mg in 250 mL NS 10:00-10:20, single-dose vial fully used.",
        "Ferric carboxymaltose",
        dose=("750 mg", 750, "mg"),
        start="10:00",
        stop=("10:20", 0),
        technique=("in 250 mL NS", "infusion"),
        zero_waste="fully used",
    )
    iron = iron.model_copy(update={"site": b.ex("R forearm", "R forearm")})
    fam = b.admin(
        "A2",
        f"Famotidine 20 mg IVPB {fam_times[0]}-{fam_times[1]} via same line.",
        "Famotidine",
        dose=("20 mg", 20, "mg"),
        route=("IVPB", "IV"),
        technique=("IVPB", "infusion"),
        start=fam_times[0],
        stop=fam_times[1],
    )
    enc = b.encounter(diagnoses=[("D50.9", "D50.9")])
    return b, b.result(iron, fam, encounter=enc)


@pytest.mark.parametrize("setting", ["office", "facility"])
def test_ex7_iron_then_sequential_famotidine(setting, nb, lines_of, categories):
    """§10 Ex 7 bills famotidine as S0028/J3490; coding-policy §5 says the current HCPCS table
    wins: famotidine is J1308 per 0.25 mg (20 mg -> 80 units)."""
    b, res = _ex7(nb(EX7), ("10:20", "10:40"))
    result = b.code(res, setting=setting, payer="medicare")
    assert lines_of(result) == {"96365", "96367", "J1439-JZx750", "J1308x80"}


def test_ex7_variant_overlap_of_15_min_stays_sequential(nb, lines_of, categories):
    """The §10 variant (famotidine 10:05-10:25 beside iron 10:00-10:20) overlaps 15 min; the
    project's reading (policy-interpretation: concurrent needs >= 16 min overlap) makes it
    sequential, not 96368."""
    b, res = _ex7(nb(EX7), ("10:05", "10:25"))
    result = b.code(res, setting="facility", payer="commercial")
    assert {"96365", "96367"} <= lines_of(result)
    assert "96368" not in lines_of(result)


def test_ex7_variant_overlap_of_16_min_is_concurrent(nb, lines_of, categories):
    b, res = _ex7(nb(EX7), ("10:04", "10:25"))
    result = b.code(res, setting="facility", payer="commercial")
    assert {"96365", "96368"} <= lines_of(result)
    assert "96367" not in lines_of(result)


# --------------------------------------------------------------------------------------------
EX8 = """KETAMINE INFUSION - CRPS
Complex regional pain syndrome right arm, G90.511. PIV 22g L AC.
Ketamine 0.5 mg/kg/h IV infusion 09:00-12:35, total 120 mg.
Infusion held 10:30-10:50 for BP 172/98, restarted after recheck.
"""


def _ex8(b, hold_times: bool):
    holds = (
        [("Infusion held 10:30-10:50", "10:30", "10:50")]
        if hold_times
        else [("Infusion held", None, None)]
    )
    ket = b.admin(
        "A1",
        "Ketamine 0.5 mg/kg/h IV infusion 09:00-12:35, total 120 mg.",
        "Ketamine",
        dose=("120 mg", 120, "mg"),
        route="IV",
        technique=("infusion", "infusion"),
        start="09:00",
        stop="12:35",
        site=None,
        holds=holds,
    )
    ket = ket.model_copy(update={"site": b.ex("L AC", "L AC")})
    enc = b.encounter(diagnoses=[("G90.511", "G90.511")])
    return b.result(ket, encounter=enc)


@pytest.mark.parametrize("setting", ["office", "facility"])
def test_ex8_hold_subtracted_from_running_time(setting, nb, lines_of, categories):
    b = nb(EX8)
    result = b.code(_ex8(b, hold_times=True), setting=setting)
    assert lines_of(result) == {"96365", "96366x2", "J3490"}  # 215 - 20 = 195 min
    addon = next(line for line in result.lines if line.code == "96366")
    assert addon.minutes == 195


def test_ex8_hold_without_times_no_addon_units(nb, lines_of, categories):
    b = nb(EX8.replace("10:30-10:50 ", ""))
    result = b.code(_ex8(b, hold_times=False), setting="office")
    assert lines_of(result) == {"96365", "J3490"}
    assert "interruption_times_missing" in categories(result)


# --------------------------------------------------------------------------------------------
EX9 = """SPRAVATO SESSION - REMS certified site, patient enrolled in the Spravato REMS.
Esketamine 84 mg intranasal (3 devices) self-administered 10:00-10:10 under supervision.
Monitored to 12:15: BP, sedation and dissociation assessed, discharged stable.
Dx F33.2 treatment-resistant depression.
"""


def _ex9(b, monitored: bool = True):
    esk = b.admin(
        "A1",
        "Esketamine 84 mg intranasal (3 devices) self-administered 10:00-10:10 under supervision.",
        "Esketamine",
        dose=("84 mg", 84, "mg"),
        route="intranasal",
        start="10:00",
        stop="10:10",
    )
    enc = b.encounter(
        diagnoses=[("F33.2", "F33.2")],
        rems="patient enrolled in the Spravato REMS",
        monitoring="Monitored to 12:15" if monitored else None,
    )
    return b.result(esk, encounter=enc)


@pytest.mark.parametrize(
    ("payer", "date", "expected"),
    [
        ("medicare", dt.date(2026, 3, 2), {"G2083"}),
        ("commercial", dt.date(2026, 3, 2), {"J0013x84"}),
        ("commercial", dt.date(2025, 11, 3), {"S0013x84"}),
        ("medicaid", dt.date(2026, 1, 1), {"J0013x84"}),
    ],
)
def test_ex9_esketamine_codes_by_payer_and_date(payer, date, expected, nb, lines_of, categories):
    b = nb(EX9)
    result = b.code(_ex9(b), setting="office", payer=payer, date=date)
    assert lines_of(result) == expected  # no 963xx line for intranasal
    assert "payer_policy_review" not in categories(result)


def test_ex9_esketamine_56_mg_is_g2082_for_medicare(nb, lines_of, categories):
    b = nb(EX9.replace("84 mg", "56 mg").replace("3 devices", "2 devices"))
    esk = b.admin(
        "A1",
        "Esketamine 56 mg intranasal (2 devices) self-administered 10:00-10:10 under supervision.",
        "Esketamine",
        dose=("56 mg", 56, "mg"),
        route="intranasal",
        start="10:00",
        stop="10:10",
    )
    enc = b.encounter(
        diagnoses=[("F33.2", "F33.2")], rems="Spravato REMS", monitoring="Monitored to 12:15"
    )
    result = b.code(b.result(esk, encounter=enc), payer="medicare")
    assert lines_of(result) == {"G2082"}


def test_ex9_without_monitoring_is_a_payer_policy_review(nb, lines_of, categories):
    b = nb(EX9)
    result = b.code(_ex9(b, monitored=False), payer="commercial")
    assert "payer_policy_review" in categories(result)


# --------------------------------------------------------------------------------------------
EX10 = """FAMILY MEDICINE
09:00 B12 1000 mcg IM L deltoid for pernicious anemia D51.0.
09:05 Ketorolac 60 mg IM R gluteal for acute low back pain M54.50.
Patient returned at 14:50 with a new complaint: vomiting since noon, dehydrated,
dry mucosa. Separate visit.
New IV R hand 20g. NS 1000 mL 15:00-16:10.
Lorazepam 1 mg IVP 15:05 for anxiety with vomiting.
"""


def _ex10(b):
    b12 = b.admin(
        "A1",
        "09:00 B12 1000 mcg IM L deltoid for pernicious anemia D51.0.",
        "B12",
        name="cyanocobalamin",
        dose=("1000 mcg", 1000, "mcg"),
        route="IM",
        site="L deltoid",
        start="09:00",
    )
    toradol = b.admin(
        "A2",
        "09:05 Ketorolac 60 mg IM R gluteal for acute low back pain M54.50.",
        "Ketorolac",
        dose=("60 mg", 60, "mg"),
        route="IM",
        site="R gluteal",
        start="09:05",
    )
    ns = b.admin(
        "A3",
        "NS 1000 mL 15:00-16:10.",
        "NS",
        name="normal saline",
        volume=("1000 mL", 1000, "mL"),
        start="15:00",
        stop="16:10",
    )
    ns = ns.model_copy(update={"site": b.ex("R hand", "R hand")})
    ativan = b.admin(
        "A4",
        "Lorazepam 1 mg IVP 15:05 for anxiety with vomiting.",
        "Lorazepam",
        dose=("1 mg", 1, "mg"),
        route=("IVP", "IV"),
        technique=("IVP", "push"),
        start="15:05",
    )
    enc = b.encounter(
        diagnoses=[("D51.0", "D51.0"), ("M54.50", "M54.50")],
        dehydration=["vomiting since noon", "dehydrated", "dry mucosa"],
        separate_encounter=["Patient returned at 14:50 with a new complaint"],
    )
    return b.result(b12, toradol, ns, ativan, encounter=enc)


@pytest.mark.parametrize("setting", ["office", "facility"])
def test_ex10_injections_then_separate_iv_encounter(setting, nb, lines_of, categories):
    """§10 Ex 10 shows the morning 96372 x2 without a modifier; policy-interpretation ("96372
    on a claim that also has an IV initial service carries XS") wins: 96372-XS x2. The
    afternoon is a documented separate encounter: its initial push carries XE."""
    b = nb(EX10)
    result = b.code(_ex10(b), setting=setting)
    assert lines_of(result) == {
        "96372-XSx2",
        "96374-XE",
        "96361",
        "J3420",
        "J1885x4",
        "J2060",
    }
    hydration = next(line for line in result.lines if line.code == "96361")
    assert hydration.minutes == 70
