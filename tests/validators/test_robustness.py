"""Odd facts never raise: they become findings or decision reasons."""

from __future__ import annotations

import pytest

from extraction.models import Encounter, ExtractionResult
from validators import code_encounter
from validators.models import EncounterContext

TEXT = "   \n  ketamine drip today, see MAR. Stopped early?\nno dx written\n"


def _admin(nb, **kw):
    b = nb(TEXT)
    return b, b.admin("A1", "ketamine drip today, see MAR.", "ketamine", **kw)


@pytest.mark.parametrize(
    ("kwargs", "expected_category"),
    [
        ({"technique": ("drip", "infusion")}, "missing_start_time"),  # no times at all
        ({"technique": ("drip", "infusion"), "dose": ("ketamine", 1, "mg")}, "missing_stop_time"),
        ({"technique": ("drip", "infusion"), "drug_id": "DRUG-9999"}, "missing_stop_time"),
        ({"route": ("drip", "IV"), "duration": ("today", 1800)}, "missing_start_time"),  # 30 h
        ({"route": ("drip", "other")}, "missing_diagnosis"),
        ({"technique": ("drip", "sc_infusion")}, "missing_start_time"),
    ],
)
def test_odd_facts_become_findings(nb, kwargs, expected_category):
    b, adm = _admin(nb, **kwargs)
    result = b.code(b.result(adm))
    assert expected_category in {str(f.category) for f in result.findings}
    for finding in result.findings:
        for ev in finding.evidence:
            assert TEXT[ev.span.start : ev.span.end] == ev.span.text


def test_encounter_finding_falls_back_to_first_non_space_run(nb):
    b, adm = _admin(nb, technique=("drip", "infusion"))
    result = b.code(b.result(adm))
    dx = next(f for f in result.findings if f.category == "missing_diagnosis")
    assert dx.evidence[0].span.text == "ketamine"


def test_negative_duration_and_huge_holds(nb):
    text = "Ketamine 40 mg IV infusion 10:40-10:00. Held 09:00-23:00 for BP.\nDx F33.2\n"
    b = nb(text)
    adm = b.admin(
        "A1",
        "Ketamine 40 mg IV infusion 10:40-10:00.",
        "Ketamine",
        dose=("40 mg", 40, "mg"),
        route="IV",
        technique=("infusion", "infusion"),
        start="10:40",
        stop="10:00",
        holds=(("Held 09:00-23:00 for BP", "09:00", "23:00"),),
    )
    result = b.code(b.result(adm, encounter=b.encounter(diagnoses=[("F33.2", "F33.2")])))
    assert {line.code for line in result.lines} == {"J3490"}
    assert "missing_stop_time" in {str(f.category) for f in result.findings}


def test_evening_to_morning_infusion_is_one_long_encounter(nb, lines_of, categories):
    text = "Vancomycin 1000 mg IV infusion 12:30-11:30 via PIV R AC.\nDx A41.9 sepsis.\n"
    b = nb(text)
    adm = b.admin(
        "A1",
        "Vancomycin 1000 mg IV infusion 12:30-11:30 via PIV R AC.",
        "Vancomycin",
        dose=("1000 mg", 1000, "mg"),
        route="IV",
        technique=("infusion", "infusion"),
        start="12:30",
        stop="11:30",
        site="R AC",
    )
    result = b.code(b.result(adm, encounter=b.encounter(diagnoses=[("A41.9", "A41.9")])))
    assert lines_of(result) == {"96365", "96366x8", "J3370x2"}  # 23 h: 96366 capped at MUE 8
    assert "units_exceed_mue" in categories(result)


def test_empty_extraction_and_empty_note():
    result = code_encounter(
        ExtractionResult(administrations=(), encounter=Encounter()),
        EncounterContext(note_text=""),
    )
    assert result.lines == () and result.findings == () and result.decisions == ()


def test_unnamed_drug_with_nothing_else(nb):
    b = nb(TEXT)
    adm = b.admin("A1", "ketamine drip today, see MAR.", None, name="drip")
    result = b.code(b.result(adm))
    assert result.lines == ()
    assert "missing_drug_name" in {str(f.category) for f in result.findings}
