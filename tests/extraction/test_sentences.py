"""The clinical sentence splitter: lines, headers, lists, tables, abbreviations and traps."""

from __future__ import annotations

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from extraction.sentences import split_sentences


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


# (id, text, expected sentences)
INSIDE_LINE = [
    (
        "two-capital-SI-ends-sentence",
        "No nausea. Denies SI. Ondansetron 4 mg IV push at 0925.",
        ["No nausea.", "Denies SI.", "Ondansetron 4 mg IV push at 0925."],
    ),
    (
        "two-capital-HA-ends-sentence",
        "No nausea. Denies HA. Zofran given.",
        ["No nausea.", "Denies HA.", "Zofran given."],
    ),
    (
        "route-abbreviation-at-end",
        "Toradol 30 mg given IV. Tolerated well.",
        ["Toradol 30 mg given IV.", "Tolerated well."],
    ),
    (
        "p.o.-and-q.i.d.",
        "Ondansetron 4 mg p.o. q.i.d. prn nausea, first dose given in clinic.",
        ["Ondansetron 4 mg p.o. q.i.d. prn nausea, first dose given in clinic."],
    ),
    (
        "Dr.",
        "Seen by Dr. Patel at 0900. Ketamine infusion started at 0932.",
        ["Seen by Dr. Patel at 0900.", "Ketamine infusion started at 0932."],
    ),
    (
        "q15min",
        "Vitals q15min. BP stable throughout the infusion.",
        ["Vitals q15min. BP stable throughout the infusion."],
    ),
    (
        "e.g.",
        "May repeat antiemetic (e.g. ondansetron) if nausea recurs.",
        ["May repeat antiemetic (e.g. ondansetron) if nausea recurs."],
    ),
    (
        "approx.",
        "Infused over approx. 40 min via pump. Tolerated.",
        ["Infused over approx. 40 min via pump.", "Tolerated."],
    ),
    (
        "pt.",
        "Pt. tolerated the infusion well. Discharged with ride.",
        ["Pt. tolerated the infusion well.", "Discharged with ride."],
    ),
    (
        "No.-before-number",
        "Ketamine infusion No. 3 of 6 completed. No adverse events.",
        ["Ketamine infusion No. 3 of 6 completed.", "No adverse events."],
    ),
    (
        "No.-as-an-answer",
        "Nausea? No. Vomiting? No.",
        ["Nausea?", "No.", "Vomiting?", "No."],
    ),
    (
        "vs.",
        "Discussed ketamine vs. esketamine with patient.",
        ["Discussed ketamine vs. esketamine with patient."],
    ),
    (
        "temperature-38.5-C.",
        "Temp 38.5 C. BP 128/82.",
        ["Temp 38.5 C. BP 128/82."],
    ),
    (
        "0.9%-and-decimal-time",
        "NS 0.9% 1000 mL bolus started at 9.32 by RN.",
        ["NS 0.9% 1000 mL bolus started at 9.32 by RN."],
    ),
    (
        "a.m.-before-capital-ends",
        "Infusion started at 9:30 a.m. Vitals stable.",
        ["Infusion started at 9:30 a.m.", "Vitals stable."],
    ),
    (
        "initials",
        "Consent witnessed by J. Smith RN. Ketamine 35 mg IV started.",
        ["Consent witnessed by J. Smith RN.", "Ketamine 35 mg IV started."],
    ),
    (
        "question-mark-shorthand-for-possible",
        "Dx: ? UTI. Ceftriaxone 1 g IV given.",
        ["Dx: ? UTI.", "Ceftriaxone 1 g IV given."],
    ),
    (
        "exclamation",
        "Pt fell asleep! Infusion paused at 0950.",
        ["Pt fell asleep!", "Infusion paused at 0950."],
    ),
    (
        "lower-case-shorthand",
        "pt here for ivf. denies si. tolerated well.",
        ["pt here for ivf.", "denies si.", "tolerated well."],
    ),
    (
        "pipes-do-not-split-a-template-row",
        "Ketamine | 35 mg | IV | Start Time: 0932 | Stop Time: 1014",
        ["Ketamine | 35 mg | IV | Start Time: 0932 | Stop Time: 1014"],
    ),
    (
        "semicolons-do-not-split-shorthand",
        "Ketamine 35 mg IV started 0930; stopped 1012; tolerated.",
        ["Ketamine 35 mg IV started 0930; stopped 1012; tolerated."],
    ),
    (
        "units-end-sentences",
        "Wt 70 kg. 0.5 mg/kg ketamine = 35 mg. Started 0932.",
        ["Wt 70 kg.", "0.5 mg/kg ketamine = 35 mg.", "Started 0932."],
    ),
    (
        "icd-code-at-end",
        "Dx: TRD F33.2. Ketamine series continues.",
        ["Dx: TRD F33.2.", "Ketamine series continues."],
    ),
]

ACROSS_LINES = [
    (
        "header-and-numbered-list",
        "ASSESSMENT AND PLAN:\n1. Treatment-resistant depression\n2. Anxiety",
        ["ASSESSMENT AND PLAN:", "1. Treatment-resistant depression", "2. Anxiety"],
    ),
    (
        "bulleted-home-medications",
        "Current Outpatient Medications:\n- sertraline 100 mg daily\n- bupropion XL 150 mg",
        ["Current Outpatient Medications:", "- sertraline 100 mg daily", "- bupropion XL 150 mg"],
    ),
    (
        "mar-rows",
        "03/14/2026 09:32 Ketamine 35 mg IV Started\n03/14/2026 10:14 Ketamine 35 mg IV Stopped",
        [
            "03/14/2026 09:32 Ketamine 35 mg IV Started",
            "03/14/2026 10:14 Ketamine 35 mg IV Stopped",
        ],
    ),
    (
        "flowsheet-times",
        "0932 ketamine started at 0.5 mg/kg\n0945 VS stable, mild dissociation\n"
        "1014 infusion complete",
        [
            "0932 ketamine started at 0.5 mg/kg",
            "0945 VS stable, mild dissociation",
            "1014 infusion complete",
        ],
    ),
    (
        "vitals-line",
        "Tolerated the infusion without incident and was calm\nBP 128/82 HR 76 SpO2 98%",
        ["Tolerated the infusion without incident and was calm", "BP 128/82 HR 76 SpO2 98%"],
    ),
    (
        "wrapped-paragraph-joined",
        "Patient is a 34 year old female with treatment-resistant depression who presents\n"
        "for her third ketamine infusion and reports improved mood since the last\n"
        "treatment session. Denies SI.",
        [
            "Patient is a 34 year old female with treatment-resistant depression who presents\n"
            "for her third ketamine infusion and reports improved mood since the last\n"
            "treatment session.",
            "Denies SI.",
        ],
    ),
    (
        "line-ending-with-connector",
        "Ketamine 35 mg IV started at\n0932 via PIV L AC.",
        ["Ketamine 35 mg IV started at\n0932 via PIV L AC."],
    ),
    (
        "lower-case-continuation",
        "Ondansetron 4 mg IV push given\nfor nausea at 0925.",
        ["Ondansetron 4 mg IV push given\nfor nausea at 0925."],
    ),
    (
        "short-lines-stay-apart",
        "Tolerated well\nNo complications\nDischarged home",
        ["Tolerated well", "No complications", "Discharged home"],
    ),
    (
        "template-fields",
        "Medication: Ketamine\nDose: 35 mg\nRoute: IV\nStart Time: 0932",
        ["Medication: Ketamine", "Dose: 35 mg", "Route: IV", "Start Time: 0932"],
    ),
    (
        "aligned-columns",
        "Drug        Dose    Route\nKetamine    35 mg   IV",
        ["Drug        Dose    Route", "Ketamine    35 mg   IV"],
    ),
    (
        "blank-lines-and-crlf",
        "No nausea.\r\n\r\nDenies SI.\r\nOndansetron 4 mg IVP at 0925.\r\n",
        ["No nausea.", "Denies SI.", "Ondansetron 4 mg IVP at 0925."],
    ),
    (
        "negation-does-not-leak-over-a-line",
        "Denies SI\nOndansetron 4 mg IV push at 0925",
        ["Denies SI", "Ondansetron 4 mg IV push at 0925"],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [case[1:] for case in INSIDE_LINE + ACROSS_LINES],
    ids=[case[0] for case in INSIDE_LINE + ACROSS_LINES],
)
def test_split_sentences_cases(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "\n\n \t\n"])
def test_split_sentences_blank_text_has_no_sentences(text: str) -> None:
    assert split_sentences(text) == []


_ALPHABET = st.sampled_from(
    [*"abcXYZ019 .,;:!?|()-/%#\n\t\r", "SI", "Dr.", "p.o.", "q15min", "No.", "mg", "  "]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=80).map("".join))
def test_split_sentences_spans_are_trimmed_ordered_and_cover_all_text(text: str) -> None:
    spans = split_sentences(text)
    previous_end = 0
    covered = set()
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        covered.update(range(start, end))
        previous_end = end
    assert {i for i, ch in enumerate(text) if not ch.isspace()} <= covered


@pytest.fixture(scope="module")
def sentencizer() -> spacy.language.Language:
    import extraction.sentences  # noqa: F401  (registers ic_sentences)

    nlp = spacy.blank("en")
    nlp.add_pipe("ic_sentences")
    return nlp


@pytest.mark.parametrize(
    ("text", "expected"),
    [case[1:] for case in INSIDE_LINE + ACROSS_LINES],
    ids=[case[0] for case in INSIDE_LINE + ACROSS_LINES],
)
def test_ic_sentences_component_matches_split_sentences(
    sentencizer: spacy.language.Language, text: str, expected: list[str]
) -> None:
    doc = sentencizer(text)
    assert [sent.text.strip() for sent in doc.sents if sent.text.strip()] == expected


def test_ic_sentences_starts_a_sentence_at_the_drug_after_denies_si(
    sentencizer: spacy.language.Language,
) -> None:
    doc = sentencizer("Pt calm. Denies SI. Ondansetron 4 mg IV push at 0925.")
    starts = [token.text for token in doc if token.is_sent_start]
    assert starts == ["Pt", "Denies", "Ondansetron"]
    ondansetron = next(token for token in doc if token.text == "Ondansetron")
    assert "Denies" not in ondansetron.sent.text


def test_ic_sentences_handles_an_empty_doc(sentencizer: spacy.language.Language) -> None:
    assert len(sentencizer("")) == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [case[1:] for case in INSIDE_LINE + ACROSS_LINES],
    ids=[case[0] for case in INSIDE_LINE + ACROSS_LINES],
)
def test_project_pipeline_uses_the_clinical_sentences(
    nlp: spacy.language.Language, text: str, expected: list[str]
) -> None:
    """``extraction.build_nlp()`` (medspaCy tokenizer) keeps the same sentence boundaries."""
    doc = nlp(text)
    assert [sent.text.strip() for sent in doc.sents if sent.text.strip()] == expected


def test_ic_sentences_leaves_its_character_spans_for_later_readers(
    sentencizer: spacy.language.Language,
) -> None:
    from extraction.sentences import SENTENCE_SPANS_KEY

    text = "Denies SI. Ondansetron 4 mg IV push at 0925.\nBP 120/80"
    doc = sentencizer(text)
    assert doc.user_data[SENTENCE_SPANS_KEY] == (text, split_sentences(text))
