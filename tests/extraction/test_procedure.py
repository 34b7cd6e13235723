"""Administrations that are part of another procedure (coding-policy §4.1)."""

from __future__ import annotations

import pytest

from extraction.procedure import load_procedure_rules, procedure_cue


@pytest.mark.parametrize(
    ("text", "drug", "cue", "rule"),
    [
        (
            "Intra-procedure medications (anesthesia record):\n"
            "  0810 glycopyrrolate 0.2 mg IV push\n"
            "  propofol infusion 0812-0838, titrated to sedation (total 180 mg)\n",
            "propofol",
            "Intra-procedure medications",
            "PROC-006",
        ),
        (
            "Access: 20g PIV L hand.\n  0811 lidocaine 40 mg IV push at induction\n",
            "lidocaine",
            "at induction",
            "PROC-001",
        ),
        (
            "Technique: 20G R antecubital PIV placed by CT tech. Contrast: Omnipaque 350, 100 mL "
            "IV via power injector at 3 mL/s, injected 1422.",
            "iohexol",
            "Contrast:",
            "PROC-004",
        ),
        (
            "Midazolam 2 mg IV given at 0905 for moderate sedation for the EGD.",
            "midazolam",
            "moderate sedation",
            "PROC-002",
        ),
        (
            "Cefazolin 2 g IV given in the OR at 0742, prior to incision.",
            "cefazolin",
            "in the OR",
            "PROC-003",
        ),
        (
            "Lidocaine 1% 5 mL infiltrated at the biopsy site at 1410.",
            "lidocaine",
            "infiltrated",
            "PROC-005",
        ),
        (
            "CT abdomen/pelvis. Omnipaque 300 80 mL IV hand-injected at 1102 via R AC PIV.",
            "iohexol",
            "Omnipaque",
            "PROC-007",
        ),
    ],
    ids=["anesthesia-record", "induction", "contrast", "sedation", "or-antibiotic",
         "local-infiltration", "contrast-agent"],
)  # fmt: skip
def test_procedure_drugs_carry_the_cue(admins, text, drug, cue, rule) -> None:
    (adm,) = [a for a in admins(text) if a.drug and a.drug.value == drug]
    assert adm.integral_to_procedure is not None
    assert adm.integral_to_procedure.span.text == cue
    assert adm.integral_to_procedure.source == f"rule:{rule}"
    assert text[adm.integral_to_procedure.span.start : adm.integral_to_procedure.span.end] == cue


@pytest.mark.parametrize(
    "text",
    [
        "Midazolam 1 mg IV push at 1030 for procedural anxiety before the ketamine infusion.",
        "Ondansetron 4 mg IV push at 0925 for nausea.\nLidocaine 100 mg IV infusion 0930-1030 "
        "for CRPS pain.",
        "Procedure:\nPIV 22g R forearm placed by RN.\nVenofer 200 mg IV push 14:02-14:17.",
        "Azithromycin 500 mg IV infusion 0900-1000 for community-acquired pneumonia.",
    ],
    ids=["procedural-anxiety", "therapeutic-lidocaine", "procedure-header-infusion-note",
         "antibiotic-not-in-or"],
)  # fmt: skip
def test_ordinary_administrations_are_not_part_of_a_procedure(admins, text) -> None:
    out = admins(text)
    assert out
    assert all(a.integral_to_procedure is None for a in out)


def test_rules_load_and_have_both_scopes() -> None:
    rules = load_procedure_rules()
    assert rules.line and rules.header
    assert "iodinated contrast" in rules.contrast_classes


def test_cue_outside_the_line_is_ignored() -> None:
    text = "Colonoscopy scheduled next month.\nOndansetron 4 mg IV push 0925."
    assert procedure_cue(text, (35, len(text)), (35, 46), "antiemetic") is None
