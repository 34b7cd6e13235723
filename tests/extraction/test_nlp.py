"""The pipeline: explicit components in order, no PyRuSH, results in span groups."""

from __future__ import annotations

from spacy.language import Language

from extraction.nlp import PIPE_NAMES


def test_pipeline_components_in_order_without_pyrush(nlp: Language) -> None:
    assert tuple(nlp.pipe_names) == PIPE_NAMES
    assert "medspacy_pyrush" not in nlp.pipe_names
    assert "medspacy_context" not in nlp.pipe_names  # ConText runs scoped, as ic_context


def test_components_write_span_groups(nlp: Language) -> None:
    text = "Procedure: PIV L AC 22g. Ondansetron 4 mg IV push at 0925."
    doc = nlp(text)
    assert [s.text for s in doc.spans["ic_drug"]] == ["Ondansetron"]
    assert [s.text for s in doc.spans["ic_dose"]] == ["4 mg"]
    assert [s.text for s in doc.spans["ic_time"]] == ["0925"]
    assert [s.text for s in doc.spans["ic_site"]] == ["PIV L AC 22g"]
    sites = [f for f in doc._.ic_facts if f.kind == "site"]
    assert [text[f.start : f.end] for f in sites] == ["PIV L AC 22g"]
    assert doc.spans["ic_drug"][0]._.target_rule.metadata["drug_id"].startswith("DRUG-")


def test_sentences_split_after_two_letter_abbreviation(nlp: Language) -> None:
    doc = nlp("No nausea. Denies SI. Ondansetron 4 mg IV push at 0925.")
    drug = doc.spans["ic_drug"][0]
    assert drug.sent.text.startswith("Ondansetron")
    assert drug._.modifiers == ()


def test_tokenizer_keeps_text_and_splits_clinical_strings(nlp: Language) -> None:
    text = "Ketamine 0.5 mg/kg 0930-1015\r\n  22g PIV,  x1000 @1015\n\n"
    doc = nlp.make_doc(text)
    assert doc.text == text
    words = [t.text for t in doc if not t.is_space]
    assert words[:10] == ["Ketamine", "0.5", "mg", "/", "kg", "0930", "-", "1015", "22", "g"]
