"""Encounter facts: date of service, setting, primary reason, diagnoses, necessity, statements."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import spacy

import extraction.encounter as encounter_module
from extraction.encounter import (
    EncounterCues,
    cue_anchors,
    extract_encounter,
    load_encounter_cues,
)
from extraction.errors import DuplicateRuleIdError, RuleFileError, RulePatternError
from extraction.lexicon import load_drug_lexicon
from extraction.models import (
    Administration,
    CharSpan,
    Encounter,
    Extracted,
    ExtractionResult,
    FluidPurpose,
    Status,
    Technique,
)


def read(text: str, administrations: tuple[Administration, ...] = ()) -> Encounter:
    enc = extract_encounter(text, None, administrations)
    ExtractionResult(administrations=administrations, encounter=enc).check_spans(text)
    for span in (enc.first_line, enc.assessment):
        if span is not None:
            span.check(text)
    for item in (enc.rems, enc.monitoring):
        if item is not None:
            item.span.check(text)
    return enc


def administration(
    text: str,
    admin_id: str,
    mention: str,
    drug: str,
    *,
    status: Status = Status.GIVEN,
    kind: str = "drug",
    purpose: FluidPurpose | None = None,
    technique: Technique | None = None,
) -> Administration:
    """An administration of ``drug`` read from the first ``mention`` in ``text``."""
    start = text.index(mention)
    span = CharSpan.of(text, start, start + len(mention))
    line_end = text.find("\n", start)
    sentence = CharSpan.of(text, start, len(text) if line_end < 0 else line_end)
    return Administration(
        admin_id=admin_id,
        drug=Extracted[str](value=drug, span=span),
        mention=span,
        kind=kind,
        status=Extracted[Status](value=status, span=span),
        purpose=Extracted[FluidPurpose](value=purpose, span=span) if purpose else None,
        technique=Extracted[Technique](value=technique, span=span) if technique else None,
        sentence=sentence,
    )


# ------------------------------------------------------------------------- date of service

DATES = [
    ("label", "Date of Service: 03/14/2026\nKetamine infusion #3", dt.date(2026, 3, 14)),
    ("dos-two-digit-year", "DOS: 3/14/26  Pt here for IV fluids", dt.date(2026, 3, 14)),
    ("iso-visit-date", "Visit date - 2026-03-14\nCC: migraine", dt.date(2026, 3, 14)),
    (
        "mar-row",
        "MAR\n03/14/2026 09:32 Ketamine 35 mg IV Started\n03/14/2026 10:14 Stopped",
        dt.date(2026, 3, 14),
    ),
    ("free-text-month-name", "Seen on March 14, 2026 for infusion #2.", dt.date(2026, 3, 14)),
    ("day-month-year", "Infusion given 14 Mar 2026 without incident.", dt.date(2026, 3, 14)),
    (
        "label-beats-earlier-free-date",
        "Note written 03/15/2026 09:00\nDate of service: 03/14/2026",
        dt.date(2026, 3, 14),
    ),
    (
        "dob-last-and-next-are-not-the-visit",
        "DOB: 01/02/1980\nLast infusion 02/28/2026\nNext appointment 03/28/2026",
        None,
    ),
    ("bare-four-digit-numbers", "Started 1405, stopped 1530. Glucose 1234.", None),
    ("time-range-is-not-a-date", "Ketamine 0930-1015 IV, pain 8/10", None),
    ("impossible-date", "DOS: 13/45/2026", None),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in DATES], ids=[c[0] for c in DATES])
def test_date_of_service(text: str, expected: dt.date | None) -> None:
    found = read(text).date_of_service
    assert (found.value if found else None) == expected


def test_dateparser_reads_only_month_name_candidates(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    original = encounter_module._parse_named_date

    def spy(candidate: str) -> dt.date | None:
        seen.append(candidate)
        return original(candidate)

    monkeypatch.setattr(encounter_module, "_parse_named_date", spy)
    read("DOS 1405 at 1405. Started 0930-1015. Visit date: Mar 14, 2026. 3/14/2026 1015")
    assert seen == ["Mar 14, 2026"]


# --------------------------------------------------------------------------------- setting

SETTINGS = [
    ("hospital-outpatient", "Hospital outpatient infusion department, chair 4.", "facility"),
    ("hopd", "Location: HOPD infusion suite", "facility"),
    ("infusion-center-of-hospital", "Infusion Center of St. Mary's Hospital", "facility"),
    ("emergency-department", "Pt presented to the emergency department with vomiting.", "facility"),
    ("in-the-ED", "Seen in the ED for N/V.", "facility"),
    ("ED-course", "ED course: NS 1 L bolus, Zofran 4 mg IVP.", "facility"),
    ("office", "Seen in the office today for B12 injection.", "office"),
    ("clinic-visit", "Clinic visit for ketamine infusion #3.", "office"),
    ("pos-11", "POS 11. Ketamine 35 mg IV.", "office"),
    ("explicit-pos-beats-phrase", "Seen in our office suite. Place of service: 22", "facility"),
    ("ED-as-erectile-dysfunction", "History of ED, on sildenafil. Ketamine 35 mg IV.", None),
    ("referred-from-the-ED", "Referred from the ED for outpatient iron.", None),
    (
        "historical-ED-visit",
        "Seen in the ED last week for the same. Today in clinic for IV fluids.",
        "office",
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in SETTINGS], ids=[c[0] for c in SETTINGS]
)
def test_setting_cue(text: str, expected: str | None) -> None:
    found = read(text).setting_cue
    assert (found.value if found else None) == expected


# ------------------------------------------------------------------------- primary reason


def test_primary_reason_names_the_ketamine_infusion() -> None:
    text = "34F with TRD here for ketamine infusion #3, tolerated prior infusions.\n" + (
        "Ondansetron 4 mg IV push at 0925 for nausea.\nKetamine 35 mg IV over 40 min."
    )
    admins = (
        administration(text, "A1", "Ondansetron", "ondansetron"),
        administration(text, "A2", "Ketamine 35", "ketamine"),
    )
    enc = read(text, admins)
    assert enc.primary_reason is not None
    assert enc.primary_reason.value == "here for ketamine infusion #3"
    assert (enc.primary_reason_kind, enc.primary_reason_admin) == ("ketamine", "A2")


def test_primary_reason_hydration_names_the_hydration_fluid() -> None:
    text = (
        "Presents for IV hydration for dehydration, vomiting x3.\n"
        "Zofran 4 mg IVP at 0930.\nNS 1000 mL IV bolus 0935-1045."
    )
    admins = (
        administration(text, "A1", "Zofran", "ondansetron"),
        administration(
            text, "A2", "NS 1000", "normal saline", kind="fluid", purpose=FluidPurpose.HYDRATION
        ),
    )
    enc = read(text, admins)
    assert enc.primary_reason is not None
    assert enc.primary_reason.value == "Presents for IV hydration for dehydration"
    assert (enc.primary_reason_kind, enc.primary_reason_admin) == ("hydration", "A2")


def test_reason_for_visit_label_resolves_a_drug_class_against_the_administrations() -> None:
    text = "Reason for visit: IV iron\nFeraheme 510 mg IV over 15 min.\nNS flush."
    admins = (administration(text, "A1", "Feraheme", "ferumoxytol"),)
    enc = read(text, admins)
    assert enc.primary_reason is not None
    assert enc.primary_reason.value == "Reason for visit: IV iron"
    assert (enc.primary_reason_kind, enc.primary_reason_admin) == ("ferumoxytol", "A1")


def test_label_on_its_own_line_reads_the_next_line() -> None:
    text = "Reason for Visit:\nKetamine infusion #5\nHPI: doing well"
    enc = read(text)
    assert enc.primary_reason is not None
    assert enc.primary_reason.value == "Reason for Visit:\nKetamine infusion #5"
    assert (enc.primary_reason_kind, enc.primary_reason_admin) == ("ketamine", None)


REASONS = [
    (
        "cc-then-here-for",
        "CC: migraine, here for IV migraine cocktail",
        "here for IV migraine cocktail",
        None,
    ),
    (
        "chief-complaint-only",
        "CC: nausea and vomiting x2 days",
        "CC: nausea and vomiting x2 days",
        None,
    ),
    (
        "technique-word",
        "Pt here for her scheduled infusion today.",
        "here for her scheduled infusion today",
        "infusion",
    ),
    (
        "brand-name",
        "Presents for Spravato treatment session #4.",
        "Presents for Spravato treatment session #4",
        "esketamine",
    ),
    (
        "complaint-is-not-a-hydration-service",
        "CC: migraine x 2 days, vomiting, cannot keep fluids down",
        "CC: migraine x 2 days, vomiting, cannot keep fluids down",
        None,
    ),
    ("plan-is-not-a-reason", "Plan: RTC 1 week, will return for infusion #4.", None, None),
    ("future-is-not-a-reason", "Tolerated well. Here for infusion #4 next week.", None, None),
]


@pytest.mark.parametrize(
    ("text", "reason", "kind"), [c[1:] for c in REASONS], ids=[c[0] for c in REASONS]
)
def test_primary_reason_cases(text: str, reason: str | None, kind: str | None) -> None:
    enc = read(text)
    assert (enc.primary_reason.value if enc.primary_reason else None) == reason
    assert enc.primary_reason_kind == kind


def test_technique_reason_names_the_given_infusion() -> None:
    text = "Here for her scheduled infusion.\nKetamine 35 mg IV infusion 0932-1014."
    admins = (administration(text, "A1", "Ketamine", "ketamine", technique=Technique.INFUSION),)
    enc = read(text, admins)
    assert (enc.primary_reason_kind, enc.primary_reason_admin) == ("infusion", "A1")


# ------------------------------------------------------------------------------ diagnoses

DIAGNOSES = [
    ("dotted-codes", "Dx: F33.2, E86.0", ["F33.2", "E86.0"], []),
    ("undotted-code-in-dx-context", "Assessment: MDD, recurrent, severe (F332)", ["F332"], ["MDD"]),
    ("undotted-code-outside-context", "Chair F332 in bay 3. Ketamine 35 mg IV.", [], []),
    (
        "stage-iv-is-not-a-code",
        "Stage IV breast cancer, here for antiemetic.",
        [],
        ["breast cancer"],
    ),
    ("vitamin-b12-is-not-a-code", "Dx: fatigue. Vitamin B12 1000 mcg IM R deltoid.", [], []),
    (
        "b12-dose-is-not-a-code",
        "Diagnosis: pernicious anemia. B12 1000 mcg IM.",
        [],
        ["pernicious anemia"],
    ),
    ("vitals-are-not-codes", "Vitals: T 37.2 P88 BP 128/82 R16", [], []),
    ("hcpcs-is-not-a-code", "Billed J3490 and G2082; diagnosis F33.1", ["F33.1"], []),
    (
        "assessment-phrases",
        "ASSESSMENT AND PLAN:\n1. Treatment-resistant depression\n2. Iron deficiency anemia\n"
        "3. Nausea",
        [],
        ["Treatment-resistant depression", "Iron deficiency anemia", "Nausea"],
    ),
    ("denies-si", "Denies SI/HI. Ketamine 35 mg IV.", [], []),
    ("negated-dehydration", "No evidence of dehydration on exam.", [], []),
    ("family-history", "Family history: mother has bipolar disorder.", [], []),
    ("rule-out", "Rule out UTI; ceftriaxone 1 g IM given.", [], []),
    ("symptom-outside-assessment", "Zofran 4 mg IV push for nausea.", [], []),
    ("past-history-and-ros", "PMH: migraine\nROS: positive for headache", [], []),
    ("stated-diagnosis-in-hpi", "34F with TRD and PTSD here for ketamine.", [], ["TRD", "PTSD"]),
]


@pytest.mark.parametrize(
    ("text", "codes", "phrases"), [c[1:] for c in DIAGNOSES], ids=[c[0] for c in DIAGNOSES]
)
def test_diagnoses(text: str, codes: list[str], phrases: list[str]) -> None:
    found = read(text).diagnoses
    assert [d.code for d in found if d.code] == codes
    assert [d.text for d in found if d.code is None] == phrases


# ---------------------------------------------------------------------------- indications

INDICATIONS = [
    ("for-nausea", "Zofran 4 mg IV push at 0925 for nausea.", ["for nausea"]),
    ("for-pain", "Toradol 30 mg IV for pain 7/10.", ["for pain"]),
    ("for-agitation", "Haldol 5 mg IM R deltoid for agitation.", ["for agitation"]),
    ("label", "Indication: TRD\nKetamine 0.5 mg/kg IV.", ["Indication: TRD"]),
    ("for-trd-after-a-reason", "Here for ketamine infusion for TRD.", ["for TRD"]),
    ("modifier-words", "Ondansetron 4 mg IVP for severe nausea.", ["for severe nausea"]),
    (
        "hx-word-in-between",
        "Reglan 10 mg IV given for hx nausea with infusions.",
        ["given for hx nausea"],
    ),
    (
        "one-indication-per-phrase",
        "IV fluids for dehydration - Crohn's flare.",
        ["for dehydration"],
    ),
    ("duration-is-not-an-indication", "Ketamine infused for 40 minutes.", []),
    ("wellness-is-not-an-indication", "Myers cocktail for energy and wellness.", []),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in INDICATIONS], ids=[c[0] for c in INDICATIONS]
)
def test_indications(text: str, expected: list[str]) -> None:
    assert [i.value for i in read(text).indications] == expected


# ---------------------------------------------------------------------- dehydration evidence

DEHYDRATION = [
    (
        "vomiting-x3",
        "Vomiting x3 today, unable to keep fluids down.",
        ["vomiting", "unable_to_tolerate_po"],
    ),
    ("poor-po-intake", "Poor PO intake for 2 days.", ["poor_po_intake"]),
    ("orthostatic", "Orthostatic hypotension on standing.", ["orthostatic"]),
    (
        "dry-mm",
        "Exam: dry mucous membranes, poor skin turgor.",
        ["dry_mucous_membranes", "poor_skin_turgor"],
    ),
    ("elevated-bun", "BUN 32, Cr 1.1.", ["elevated_bun"]),
    ("normal-bun", "BUN 14, Cr 0.9.", []),
    ("e86-code", "Dx: E86.0 dehydration", ["icd_e86", "dehydration"]),
    ("tachycardia-with-loss", "Diarrhea x5. HR 118.", ["diarrhea", "tachycardia_with_fluid_loss"]),
    ("tachycardia-alone", "Anxious, HR 118, tachycardic.", []),
    ("no-vomiting", "No vomiting.", []),
    ("denies-dizziness", "Denies dizziness.", []),
    ("denies-a-list", "Denies nausea, vomiting, or diarrhea.", []),
    ("post-negation", "Vomiting: none. Orthostatics negative.", []),
    ("but-ends-negation", "No vomiting but poor PO intake since Monday.", ["poor_po_intake"]),
    ("return-precautions", "Return if vomiting persists.", []),
    ("history", "H/o dehydration last year, now well hydrated.", []),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in DEHYDRATION], ids=[c[0] for c in DEHYDRATION]
)
def test_dehydration_evidence_is_negation_aware(text: str, expected: list[str]) -> None:
    assert [e.value for e in read(text).dehydration_evidence] == expected


# ---------------------------------------------------------------- statements about the visit

STATEMENTS = [
    (
        "returned",
        "Patient returned at 15:00 with new complaint of headache.",
        "separate_encounter",
        ["returned"],
    ),
    (
        "separate-visit",
        "This is a separate visit from this morning's infusion.",
        "separate_encounter",
        ["separate_visit"],
    ),
    (
        "new-encounter",
        "New encounter: pt came back with a rash.",
        "separate_encounter",
        ["new_encounter"],
    ),
    ("return-next-time", "Return in 2 weeks for infusion #4.", "separate_encounter", []),
    ("returns-for-infusion", "Returns for ketamine infusion #3.", "separate_encounter", []),
    ("not-separate", "This is not a separate encounter.", "separate_encounter", []),
    (
        "second-site",
        "Second IV site required because of incompatibility with the drip.",
        "separate_site",
        ["separate_site"],
    ),
    (
        "separate-access",
        "Separate IV access medically necessary for the iron.",
        "separate_site",
        ["separate_site"],
    ),
    ("no-second-site", "No second IV site needed.", "separate_site", []),
    ("new-piv-is-not-a-second-site", "New PIV 20g R hand placed 15:35.", "separate_site", []),
]


@pytest.mark.parametrize(
    ("text", "field", "expected"), [c[1:] for c in STATEMENTS], ids=[c[0] for c in STATEMENTS]
)
def test_separate_encounter_and_site_statements(text: str, field: str, expected: list[str]) -> None:
    found = getattr(read(text), field)
    assert [item.value for item in found] == expected
    for item in found:
        assert item.span.text == text  # the statement sentence is the evidence


WASTE = [
    ("no-waste", "Invega Sustenna 156 mg IM L deltoid, no waste.", ["zero_waste"]),
    ("zero-waste", "Zero waste documented.", ["zero_waste"]),
    ("entire-vial", "Entire vial administered.", ["zero_waste"]),
    ("ml-wasted", "Ketamine: 0.5 mL wasted with witness.", ["waste:0.5 mL"]),
    ("discarded-mg", "Discarded 20 mg in sharps with RN witness.", ["waste:20 mg"]),
    ("wasted-zero", "Wasted 0 mg.", ["zero_waste"]),
    ("none", "Vivitrol 380 mg IM R gluteal.", []),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in WASTE], ids=[c[0] for c in WASTE])
def test_waste_statements(text: str, expected: list[str]) -> None:
    assert [w.value for w in read(text).waste_statements] == expected


WEIGHTS = [
    ("kg", "Wt 70 kg. Ketamine 0.5 mg/kg = 35 mg.", 70.0, False, "Wt 70 kg"),
    ("lb-derived", "weight: 154 lb", 69.85, True, "weight: 154 lb"),
    ("lb-with-kg", "Weight: 154 lb (69.9 kg)", 69.9, False, "Weight: 154 lb (69.9 kg)"),
    (
        "ideal-body-weight-skipped",
        "IBW 60 kg, actual weight 82 kg",
        82.0,
        False,
        "actual weight 82 kg",
    ),
    ("dose-per-kg-is-not-weight", "Ketamine 0.5 mg/kg IV over 40 min.", None, False, None),
]


@pytest.mark.parametrize(
    ("text", "kg", "derived", "span"), [c[1:] for c in WEIGHTS], ids=[c[0] for c in WEIGHTS]
)
def test_weight(text: str, kg: float | None, derived: bool, span: str | None) -> None:
    found = read(text).weight_kg
    if kg is None:
        assert found is None
        return
    assert found is not None
    assert found.value == pytest.approx(kg)
    assert (found.derived, found.span.text) == (derived, span)


REMS_AND_MONITORING = [
    (
        "rems-form-and-2h",
        "Spravato 84 mg intranasal. REMS monitoring form completed. Monitored for 2 hours.",
        "REMS monitoring form completed.",
        "120 min",
    ),
    (
        "rems-certified",
        "Spravato REMS-certified site; observed 120 min post-dose.",
        "Spravato REMS-certified site; observed 120 min post-dose.",
        "120 min",
    ),
    ("discharged-after", "Discharged after 2 h monitoring, alert.", None, "120 min"),
    ("longest-wins", "Monitored for 40 min, then observed for 2.5 hours.", None, "150 min"),
    ("rems-not-completed", "REMS form not completed today.", None, None),
    ("q15min-is-not-a-duration", "BP monitored q15min during infusion.", None, None),
    (
        "clock-range",
        "REMS form filed. Monitored 13:10-15:15; discharged.",
        "REMS form filed.",
        "125 min",
    ),
    ("hours-and-minutes", "Stable for discharge after 2 h 05 min monitoring.", None, "125 min"),
    ("at-least", "Cleared for discharge after >= 2 hours of observation.", None, "120 min"),
    (
        "military-time-is-not-hours",
        "Monitoring: 1610 hrs BP 144/90; 1655 hrs BP 136/84.",
        None,
        None,
    ),
]


@pytest.mark.parametrize(
    ("text", "rems", "monitoring"),
    [c[1:] for c in REMS_AND_MONITORING],
    ids=[c[0] for c in REMS_AND_MONITORING],
)
def test_rems_and_monitoring(text: str, rems: str | None, monitoring: str | None) -> None:
    enc = read(text)
    assert (enc.rems.span.text if enc.rems else None) == rems
    assert (enc.monitoring.value if enc.monitoring else None) == monitoring


def test_monitoring_from_a_clock_range_is_marked_derived() -> None:
    enc = read("Esketamine 84 mg IN 10:00-10:10. Monitoring 10:10-12:15: BP stable.")
    assert enc.monitoring is not None
    assert (enc.monitoring.value, enc.monitoring.derived) == ("125 min", True)
    assert enc.monitoring.span.text == "Monitoring 10:10-12:15"


def test_first_line_and_assessment_anchor() -> None:
    text = "\n\n  Ketamine Infusion Note  \nHPI: doing well\nA/P:\nTRD, continue series\n"
    enc = read(text)
    assert enc.first_line is not None and enc.first_line.text == "Ketamine Infusion Note"
    assert enc.assessment is not None and enc.assessment.text == "A/P:"
    assert read("Ketamine 35 mg IV.").assessment is None


FULL_NOTE = """Date of Service: 03/14/2026
Location: Infusion Center of St. Mary's Hospital (HOPD)
CC: N/V x 2 days, unable to keep fluids down
HPI: 34 yo F with TRD presents for IV hydration for dehydration. Vomiting x4 today. Denies SI.
Wt 70 kg
ASSESSMENT AND PLAN:
1. Dehydration (E86.0)
2. MDD, recurrent, severe F332
NS 1000 mL IV bolus started 0930 stopped 1045 via PIV L AC 22g.
Zofran 4 mg IV push at 0935 for nausea.
"""


def test_doc_sentences_give_the_same_encounter_as_the_pure_splitter(
    nlp: spacy.language.Language,
) -> None:
    """With the project pipeline's doc (its ``ic_sentences``) nothing changes."""
    assert extract_encounter(FULL_NOTE, nlp(FULL_NOTE), ()) == extract_encounter(
        FULL_NOTE, None, ()
    )


def test_full_note_reads_every_fact_with_checked_spans() -> None:
    enc = read(FULL_NOTE)
    assert enc.date_of_service is not None and enc.date_of_service.value == dt.date(2026, 3, 14)
    assert enc.setting_cue is not None and enc.setting_cue.value == "facility"
    assert enc.primary_reason_kind == "hydration"
    assert [d.code for d in enc.diagnoses if d.code] == ["E86.0", "F332"]
    assert "suicidal ideation" not in [d.text.lower() for d in enc.diagnoses]
    assert enc.weight_kg is not None and enc.weight_kg.value == 70.0
    assert {e.value for e in enc.dehydration_evidence} >= {"vomiting", "dehydration", "icd_e86"}


# ------------------------------------------------------------------------------- data file


def test_encounter_cue_file_loads_with_unique_ids() -> None:
    cues = load_encounter_cues()
    ids = [cue.id for cue in cues.cues]
    assert len(ids) == len(set(ids)) > 300
    raw = json.loads(encounter_module.ENCOUNTER_FILE.read_text(encoding="utf-8"))
    assert [c["id"] for c in raw["cues"]] == ids
    assert all(cue.source for cue in cues.cues)


def test_every_scanned_cue_has_a_literal_anchor() -> None:
    """The scanner's speed rests on anchors: a cue without one is run over the whole note."""
    cues = load_encounter_cues()
    assert [cues.cues[i].id for i in cues.unanchored] == ["ENC-STP-021"]  # "[;:]"
    assert cue_anchors(r"\b(?:comes|came)[ \t]+in\b") == (frozenset({"comes", "came"}), True)
    assert cue_anchors(r"[ \t]*(?:wasted|discarded)\b") == (
        frozenset({"wasted", "discarded"}),
        False,
    )


_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def _brute_force_scan(cues: EncounterCues, text: str) -> dict[str, list[tuple[int, int, int]]]:
    """What :meth:`EncounterCues.scan` specifies, read the slow way.

    Every scanned cue is tried at every position where one of its leading anchors occurs
    (letter-or-digit anchors at word starts only), or run over every line holding one of its
    other anchors, or over the whole note; then, per scan group, overlapping hits are resolved
    leftmost first, then longest, then in file order.
    """
    lowered = "".join(c.lower() if "A" <= c <= "Z" else c for c in text)
    anchors = {i: cue_anchors(cues.cues[i].pattern) for i in cues.group_of}
    at_word_start = {
        a
        for found, leading in anchors.values()
        if leading and found
        for a in found
        if a[0].isalnum()
    }

    def where(anchor: str) -> list[int]:
        out = []
        pos = lowered.find(anchor)
        while pos >= 0:
            if anchor not in at_word_start or pos == 0 or lowered[pos - 1] not in _ALNUM:
                out.append(pos)
            pos = lowered.find(anchor, pos + 1)
        return out

    raw: dict[str, list[tuple[int, int, int]]] = {
        group: [] for group in set(cues.group_of.values())
    }
    for i, group in cues.group_of.items():
        regex = cues.regexes[i]
        found, leading = anchors[i]
        if found is None:
            spans = [m.span() for m in regex.finditer(text)]
        elif leading:
            starts = sorted({p for a in found for p in where(a)})
            spans = [(p, m.end()) for p in starts if (m := regex.match(text, p)) is not None]
        else:
            lines = sorted({text.rfind("\n", 0, p) + 1 for a in found for p in where(a)})
            spans = []
            for start in lines:
                end = text.find("\n", start)
                end = len(text) if end < 0 else end
                spans += [m.span() for m in regex.finditer(text, start, end)]
        raw[group] += [(s, e, i) for s, e in spans if e > s]
    resolved = {}
    for group, hits in raw.items():
        kept: list[tuple[int, int, int]] = []
        for hit in sorted(hits, key=lambda h: (h[0], -h[1], h[2])):
            if not kept or hit[0] >= kept[-1][1]:
                kept.append(hit)
        resolved[group] = kept
    return resolved


SMOKE_NOTES = [
    json.loads(line)["text"]
    for line in (Path(__file__).parents[2] / "eval_sets" / "smoke.jsonl")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip()
]


@pytest.mark.parametrize(
    "text",
    [
        FULL_NOTE,
        FULL_NOTE.upper(),
        FULL_NOTE.replace("\n", " "),
        "Pt returned to chair; NOT noted: no waste. Risk factors: none. (orthostatic) +; ? UTI\n"
        "Observation 30 min post-dose monitoring completed. 2 mg wasted.",
        "Diagnóstico: deshidratación; naúsea. DOS 03/14/2026 — Ⅳ fluids",
        *SMOKE_NOTES,
    ],
    ids=["full", "upper", "one-line", "traps", "non-ascii", *(f"smoke{k}" for k in range(12))],
)
def test_scanner_finds_what_trying_every_cue_everywhere_finds(text: str) -> None:
    """The anchor scan (its word-start search, prefix anchors, line cues and substring search
    for ``[;:]``) loses no hit and resolves overlaps as specified."""
    cues = load_encounter_cues()
    assert len(SMOKE_NOTES) == 12
    assert cues.scan(text) == _brute_force_scan(cues, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\n\n  Ketamine Infusion Note  \nHPI", "Ketamine Infusion Note"),
        ("\r\n\t \r\nIV HYDRATION NOTE\r\nHPI: N/V", "IV HYDRATION NOTE"),
        ("Single line note without newline  ", "Single line note without newline"),
        (" \u00a0\nNBSP-indented title\u00a0 \n", "NBSP-indented title"),
        ("\n \t\n", None),
    ],
    ids=["blank-lines", "crlf", "one-line", "nbsp", "blank"],
)
def test_first_line_is_the_first_non_blank_line_trimmed(text: str, expected: str | None) -> None:
    found = read(text).first_line
    assert (found.text if found is not None else None) == expected


def test_drug_class_cues_name_lexicon_drugs() -> None:
    lexicon = load_drug_lexicon()
    for cue in load_encounter_cues().cues:
        for name in cue.drugs:
            entry = lexicon.by_name(name)
            assert entry is not None and entry.name == name, f"{cue.id}: {name}"


GOOD_CUE = {
    "id": "ENC-REM-001",
    "kind": "rems",
    "pattern": r"\bREMS\b",
    "value": "rems",
    "source": "t",
}


@pytest.mark.parametrize(
    ("cues", "error", "message"),
    [
        (
            [GOOD_CUE, {**GOOD_CUE, "id": "ENC-REM-002", "colour": "red"}],
            RuleFileError,
            "cues[1] (id=ENC-REM-002): field 'colour'",
        ),
        (
            [{**GOOD_CUE, "kind": "billing"}],
            RuleFileError,
            "cues[0] (id=ENC-REM-001): field 'kind'",
        ),
        (
            [{**GOOD_CUE, "kind": "setting", "value": "home"}],
            RuleFileError,
            "cues[0] (id=ENC-REM-001)",
        ),
        ([{**GOOD_CUE, "pattern": r"(?P<x>REMS)"}], RuleFileError, "named groups"),
        ([{**GOOD_CUE, "kind": "term", "roles": []}], RuleFileError, "roles"),
        ([GOOD_CUE, GOOD_CUE], DuplicateRuleIdError, "ENC-REM-001"),
        ([{**GOOD_CUE, "pattern": "REMS(("}], RulePatternError, "ENC-REM-001"),
    ],
    ids=[
        "unknown-key",
        "bad-kind",
        "bad-setting-value",
        "named-group",
        "term-without-roles",
        "duplicate-id",
        "bad-regex",
    ],
)
def test_malformed_cue_files_fail_naming_file_index_and_id(
    tmp_path: Path, cues: list[dict], error: type[Exception], message: str
) -> None:
    path = tmp_path / "encounter.json"
    doc = {
        "schema": "infusion_coder.encounter_cues",
        "schema_version": 1,
        "source": "t",
        "cues": cues,
    }
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(error) as info:
        load_encounter_cues(path)
    assert "encounter.json" in str(info.value)
    assert message in str(info.value)
