"""The project's section rules: header variants, line-start anchoring, scopes, medspaCy view."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from medspacy.section_detection import SectionRule

from extraction.errors import DuplicateRuleIdError, RuleFileError, RulePatternError
from extraction.sections import (
    SECTION_CATEGORIES,
    SECTIONS_FILE,
    find_headers,
    find_sections,
    load_section_rules,
    load_section_specs,
)


def section_of(text: str, phrase: str) -> str | None:
    """The category of the section whose body contains ``phrase`` (pure view)."""
    pos = text.index(phrase)
    for category, start, end in find_sections(text):
        if start <= pos < end:
            return category
    return None


# (header line as written in a note, expected category)
HEADER_VARIANTS = [
    ("ASSESSMENT AND PLAN:", "assessment_and_plan"),
    ("ASSESSMENT AND PLAN", "assessment_and_plan"),
    ("Assessment & Plan:", "assessment_and_plan"),
    ("Assessment/Plan:", "assessment_and_plan"),
    ("A/P:", "assessment_and_plan"),
    ("A&P:", "assessment_and_plan"),
    ("IMPRESSION/PLAN:", "assessment_and_plan"),
    ("Impression and Plan:", "assessment_and_plan"),
    ("Assessment:", "assessment"),
    ("Impression:", "assessment"),
    ("Plan:", "plan"),
    ("Plan of care:", "plan"),
    ("HPI:", "hpi"),
    ("History of Present Illness:", "hpi"),
    ("CC:", "chief_complaint"),
    ("Chief Complaint:", "chief_complaint"),
    ("Reason for visit:", "reason_for_visit"),
    ("Reason for Today's Visit:", "reason_for_visit"),
    ("Meds given:", "mar"),
    ("Medications Administered:", "mar"),
    ("MEDICATION ADMINISTRATION RECORD", "mar"),
    ("Infusion Record", "mar"),
    ("Infusion Record:", "mar"),
    ("MAR:", "mar"),
    ("Current Outpatient Medications:", "medications"),
    ("Home meds:", "medications"),
    ("Medications:", "medications"),
    ("Procedure Note:", "procedure"),
    ("Infusion Note:", "procedure"),
    ("Orders:", "orders"),
    ("Allergies:", "allergies"),
    ("PMH:", "past_history"),
    ("Past Psychiatric History:", "past_history"),
    ("Social History:", "social_history"),
    ("Family History:", "family_history"),
    ("Vital Signs:", "vitals"),
    ("Pre-infusion vitals:", "vitals"),
    ("Labs:", "labs"),
    ("Physical Exam:", "physical_exam"),
    ("Mental Status Exam:", "physical_exam"),
    ("ROS:", "review_of_systems"),
    ("Dx:", "diagnoses"),
    ("Diagnosis:", "diagnoses"),
    ("ICD-10:", "diagnoses"),
    ("Nursing Note:", "nursing_notes"),
    ("ED Course:", "nursing_notes"),
    ("Discharge Instructions:", "discharge"),
    ("Disposition:", "discharge"),
    ("Post-dose monitoring:", "monitoring"),
    ("Informed Consent:", "consent"),
    ("S:", "hpi"),
    ("O:", "physical_exam"),
    ("A:", "assessment"),
    ("P:", "plan"),
    ("  **Assessment & Plan:**", "assessment_and_plan"),
    ("## Plan", "plan"),
    ("Follow-up:", "plan"),
    ("Follow up:", "plan"),
]


@pytest.mark.parametrize(
    ("header", "category"), HEADER_VARIANTS, ids=[h for h, _ in HEADER_VARIANTS]
)
def test_header_variants_start_their_section(header: str, category: str) -> None:
    text = f"Ketamine infusion note\n{header}\nbody text here\n"
    headers = find_headers(text)
    assert [h.category for h in headers] == [category]
    assert text[headers[0].start : headers[0].end].strip() == header.strip()
    assert text[headers[0].body_start : headers[0].body_end] == "body text here"


# (text, phrase): the phrase must NOT start or belong to a section
NOT_HEADERS = [
    ("Discussed the plan: continue weekly infusions.", "continue weekly"),
    ("plan to return in 2 weeks for infusion #4", "return in 2 weeks"),
    ("Patient agrees with the assessment and plan as outlined", "as outlined"),
    ("Vitals\nT: 98.6\nP: 88\nR: 16\nKetamine 35 mg IV", "88"),
    ("Tolerated well, no allergies reported today", "reported today"),
]


@pytest.mark.parametrize(("text", "phrase"), NOT_HEADERS, ids=[t[:30] for t, _ in NOT_HEADERS])
def test_words_inside_lines_and_pulse_values_are_not_headers(text: str, phrase: str) -> None:
    found = section_of(text, phrase)
    assert found in (None, "vitals")
    assert "plan" not in [h.category for h in find_headers(text)]


def test_find_sections_bodies_of_a_realistic_note() -> None:
    text = (
        "CC: N/V x 2 days\n"
        "HPI: 34 yo F here for IV hydration. Plan discussed with patient.\n"
        "Allergies: PCN\n"
        "ASSESSMENT AND PLAN:\n"
        "1. Dehydration (E86.0)\n"
        "2. NS 1000 mL IV bolus\n"
        "Meds given: Zofran 4 mg IVP at 0935\n"
    )
    bodies = [(cat, text[s:e]) for cat, s, e in find_sections(text)]
    assert bodies == [
        ("chief_complaint", "N/V x 2 days"),
        ("hpi", "34 yo F here for IV hydration. Plan discussed with patient."),
        ("allergies", "PCN"),
        ("assessment_and_plan", "1. Dehydration (E86.0)\n2. NS 1000 mL IV bolus"),
        ("mar", "Zofran 4 mg IVP at 0935"),
    ]


# (text, phrase, expected category of the phrase's section)
SCOPES = [
    ("NKDA\nKetamine 35 mg IV started 0932", "Ketamine", None),
    ("Allergies: PCN (rash)\nKetamine 35 mg IV started 0932", "Ketamine", None),
    ("Meds: sertraline 100 mg daily\nKetamine 35 mg IV at 0932", "Ketamine", None),
    ("Medications:\n- sertraline 100 mg\n- bupropion 150 mg", "bupropion", "medications"),
    ("Allergies:\nPenicillin - hives\nSulfa - rash", "Sulfa", "allergies"),
    ("PMH: migraine, depression\nZofran 4 mg IVP given", "Zofran", None),
    ("Procedure Note:\nPIV placed L AC.\nKetamine 35 mg IV over 40 min", "Ketamine", "procedure"),
]


@pytest.mark.parametrize(
    ("text", "phrase", "category"), SCOPES, ids=[f"{t[:20]}->{p}" for t, p, _ in SCOPES]
)
def test_list_sections_written_inline_end_with_their_line(
    text: str, phrase: str, category: str | None
) -> None:
    assert section_of(text, phrase) == category


def test_nkda_is_an_allergy_header_governing_its_own_line_only() -> None:
    text = "Allergies reviewed.\nNKDA\nKetamine 35 mg IV started 0932"
    (header,) = find_headers(text)
    assert (header.category, text[header.start : header.end]) == ("allergies", "NKDA")
    assert header.body_start == header.body_end  # nothing else on its line
    assert section_of(text, "Ketamine") is None


def test_section_rules_file_loads_with_unique_ids_and_every_category() -> None:
    specs = load_section_specs()
    ids = [spec.id for spec in specs]
    assert len(ids) == len(set(ids)) > 250
    assert {spec.category for spec in specs} == set(SECTION_CATEGORIES)
    raw = json.loads(SECTIONS_FILE.read_text(encoding="utf-8"))
    assert len(raw["rules"]) == len(specs)


def test_load_section_rules_gives_medspacy_rules_carrying_every_rule_id() -> None:
    rules = load_section_rules()
    assert all(isinstance(rule, SectionRule) for rule in rules)
    carried = {rule_id for rule in rules for rule_id in rule.metadata["rule_ids"]}
    assert carried == {spec.id for spec in load_section_specs()}
    assert {rule.category for rule in rules} == set(SECTION_CATEGORIES)


@pytest.fixture(scope="module")
def sectionizer_nlp() -> spacy.language.Language:
    nlp = spacy.blank("en")
    sectionizer = nlp.add_pipe("medspacy_sectionizer", config={"rules": None})
    sectionizer.add(load_section_rules())
    return nlp


REALISTIC = (
    "Ketamine Infusion Note\n"
    "HPI: 34 yo F with TRD here for ketamine infusion #3. We reviewed the plan\n"
    "with her therapist.\n"
    "Allergies: PCN\n"
    "Current Outpatient Medications:\n"
    "- sertraline 100 mg daily\n"
    "Vitals\n"
    "T 98.6 P: 88 BP 128/82\n"
    "ASSESSMENT AND PLAN\n"
    "1. TRD (F33.2) - continue series\n"
    "Meds given: ketamine 35 mg IV over 40 min, started 0932 stopped 1014\n"
    "NKDA\n"
    "Zofran 4 mg IVP at 0935\n"
    "P: return in 1 week\n"
)


def test_medspacy_sectionizer_with_project_rules_agrees_with_find_sections(
    sectionizer_nlp: spacy.language.Language,
) -> None:
    doc = sectionizer_nlp(REALISTIC)
    for token in doc:
        if token.is_space:
            continue
        expected = section_of_token(REALISTIC, token.idx)
        got = token._.section.category if token._.section is not None else None
        assert got == expected, f"{token.text!r} at {token.idx}"


def section_of_token(text: str, pos: int) -> str | None:
    for header in find_headers(text):
        end = header.body_end if header.body_end > header.end else header.end
        if header.start <= pos < end:
            return header.category
    return None


@pytest.mark.parametrize(
    ("phrase", "category"),
    [
        ("sertraline", "medications"),
        ("ketamine 35 mg", "mar"),
        ("Zofran", None),
        ("return in 1 week", "plan"),
        ("TRD (F33.2)", "assessment_and_plan"),
        ("the plan", "hpi"),
    ],
)
def test_medspacy_sections_of_realistic_phrases(
    sectionizer_nlp: spacy.language.Language, phrase: str, category: str | None
) -> None:
    doc = sectionizer_nlp(REALISTIC)
    token = next(t for t in doc if t.idx == REALISTIC.index(phrase))
    assert (token._.section.category if token._.section else None) == category


# ------------------------------------------------------------------------------ malformed files

GOOD_RULE = {"id": "SEC-001", "literal": "Plan", "category": "plan", "source": "test"}


def write_rules(tmp_path: Path, rules: list[dict], **header: object) -> Path:
    doc = {"schema": "infusion_coder.section_rules", "schema_version": 1, "source": "test"}
    doc.update(header)
    doc["rules"] = rules
    path = tmp_path / "sections.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("rules", "error", "message"),
    [
        (
            [GOOD_RULE, {**GOOD_RULE, "id": "SEC-002", "literal": "A/P", "colour": "red"}],
            RuleFileError,
            "rules[1] (id=SEC-002): field 'colour'",
        ),
        (
            [{**GOOD_RULE, "category": "billing"}],
            RuleFileError,
            "rules[0] (id=SEC-001): field 'category'",
        ),
        ([{**GOOD_RULE, "id": "S-1"}], RuleFileError, "rules[0] (id=S-1): field 'id'"),
        ([GOOD_RULE, {**GOOD_RULE, "literal": "Orders"}], DuplicateRuleIdError, "SEC-001"),
        ([GOOD_RULE, {**GOOD_RULE, "id": "SEC-002"}], RuleFileError, "repeats rule SEC-001"),
        ([{**GOOD_RULE, "pattern": "Plan(("}], RulePatternError, "SEC-001"),
        ([], RuleFileError, "field 'rules'"),
    ],
    ids=[
        "unknown-key",
        "bad-category",
        "bad-id",
        "duplicate-id",
        "duplicate-literal",
        "bad-regex",
        "no-rules",
    ],
)
def test_malformed_section_files_fail_naming_file_index_and_id(
    tmp_path: Path, rules: list[dict], error: type[Exception], message: str
) -> None:
    path = write_rules(tmp_path, rules)
    with pytest.raises(error) as info:
        load_section_specs(path)
    assert "sections.json" in str(info.value)
    assert message in str(info.value)


def test_wrong_schema_name_and_missing_file_fail(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match="schema"):
        load_section_specs(write_rules(tmp_path, [GOOD_RULE], schema="medspacy.sections"))
    with pytest.raises(RuleFileError, match="file not found"):
        load_section_specs(tmp_path / "missing.json")
    bad = tmp_path / "broken.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(RuleFileError, match="not valid JSON"):
        load_section_specs(bad)


def test_project_pipeline_sections_match_the_pure_view(nlp: spacy.language.Language) -> None:
    """In ``extraction.build_nlp()`` (medspaCy tokenizer, fast regex matcher) as well."""
    doc = nlp(REALISTIC)
    for token in doc:
        if token.is_space:
            continue
        got = token._.section.category if token._.section is not None else None
        assert got == section_of_token(REALISTIC, token.idx), f"{token.text!r} at {token.idx}"
