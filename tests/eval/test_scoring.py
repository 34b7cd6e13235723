"""The scorer on hand-built tiny cases: gold records against produced results.jsonl records."""

from __future__ import annotations

import copy
import time
import warnings
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from infusion_coder.evaluation.gold import line_kind
from infusion_coder.evaluation.scoring import (
    METRICS,
    EmptyDenominatorWarning,
    match_staged,
    pair_records,
    score,
    score_evidence_validity,
    score_exact_match,
    score_extraction,
    score_findings,
    score_lines,
    score_modifiers,
    score_runtime,
    score_spans,
    score_times,
)

NOTE = """Ketamine Infusion Visit
Date of service: 03/14/2026
CC: Here for ketamine infusion #4 for treatment-resistant depression.
PIV placed L AC 22g.
Zofran 4 mg IVP at 0925 for nausea prophylaxis.
Ketamine 35 mg IV infusion started 0930, stopped 1012. Tolerated well.
Plan: consider Toradol next visit if headache.
Assessment: Major depressive disorder, recurrent severe without psychotic features (F33.2).
"""


def at(phrase: str, nth: int = 0) -> list[int]:
    start = -1
    for _ in range(nth + 1):
        start = NOTE.index(phrase, start + 1)
    return [start, start + len(phrase)]


def ev(phrase: str, label: str, nth: int = 0) -> dict:
    start, end = at(phrase, nth)
    return {"start": start, "end": end, "text": NOTE[start:end], "label": label}


def gold_record(note_id: str = "k1", **labels) -> dict:
    gold = {
        "lines": [
            {"code": "96365", "units": 1, "modifiers": []},
            {"code": "96375", "units": 1, "modifiers": []},
            {"code": "J2405", "units": 4, "modifiers": []},
            {"code": "J3490", "units": 1, "modifiers": []},
        ],
        "findings": ["payer_policy_review", "unlisted_drug_code"],
        "administrations": [
            {
                "drug": "ondansetron",
                "technique": "push",
                "status": "given",
                "start": "09:25",
                "stop": None,
                "spans": {"drug": at("Zofran"), "start": at("0925")},
            },
            {
                "drug": "ketamine",
                "technique": "infusion",
                "status": "given",
                "start": "09:30",
                "stop": "10:12",
                "minutes": 42,
                "spans": {"drug": at("Ketamine", 1), "start": at("0930"), "stop": at("1012")},
            },
            {"drug": "ketorolac", "status": "hypothetical", "start": None, "stop": None},
        ],
        "rationale": "ketamine 42 min initial (office primary reason); Zofran push 96375.",
    }
    gold.update(labels)
    return {
        "id": note_id,
        "text": NOTE,
        "setting": "office",
        "payer": "commercial",
        "date_of_service": "2026-03-14",
        "billed": None,
        "gold": gold,
    }


def line(code: str, units: int, *mods: str, rule: str = "DA-CODE-010", phrase: str = "Ketamine"):
    return {
        "code": code,
        "units": units,
        "modifiers": list(mods),
        "administrations": ["A2"],
        "rule": rule,
        "kind": "administration" if code.startswith("96") else "drug",
        "minutes": None,
        "trace": [{"rule": rule, "detail": "coded"}],
        "rejected": [],
        "evidence": [ev(phrase, "drug", 1 if phrase == "Ketamine" else 0)],
    }


def finding(category: str, rule_id: str = "DA-PAY-001") -> dict:
    return {
        "category": category,
        "rule_id": rule_id,
        "severity": "warning",
        "message": f"{category} raised",
        "query": None,
        "administrations": ["A2"],
        "evidence": [ev("Ketamine", "drug", 1)],
    }


def administration(admin_id: str, drug: str | None, status: str, start=None, stop=None, spans=()):
    return {
        "id": admin_id,
        "drug": drug,
        "status": status,
        "start": start,
        "stop": stop,
        "evidence": [ev(phrase, label, nth) for label, phrase, nth in spans],
    }


def produced_record(note_id: str = "k1", **overrides) -> dict:
    record = {
        "note_id": note_id,
        "status": "ok",
        "error": None,
        "setting": "office",
        "payer": "commercial",
        "administrations": [
            administration(
                "A1",
                "ondansetron",
                "given",
                "09:25",
                None,
                [("drug", "Zofran", 0), ("start", "0925", 0)],
            ),
            administration(
                "A2",
                "ketamine",
                "given",
                "09:30",
                "10:12",
                [("drug", "Ketamine", 1), ("start", "0930", 0), ("stop", "1012", 0)],
            ),
            administration("A3", "ketorolac", "hypothetical", spans=[("drug", "Toradol", 0)]),
        ],
        "lines": [
            line("96365", 1),
            line("96375", 1, rule="DA-CODE-020", phrase="Zofran"),
            line("J2405", 4, rule="DA-DRUG-001", phrase="Zofran"),
            line("J3490", 1, rule="DA-DRUG-002"),
        ],
        "findings": [finding("payer_policy_review"), finding("unlisted_drug_code", "DA-DRUG-900")],
        "seconds": 0.012,
    }
    record.update(overrides)
    return record


def pairs_of(gold: dict, produced: dict):
    return pair_records([gold], [produced])


# ------------------------------------------------------------------------------------------
# line_kind and matching


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("96365", "administration"),
        ("96413", "administration"),
        ("96372", "administration"),
        ("J2405", "drug"),
        ("J3490", "drug"),
        ("G2082", "drug"),
        ("S0013", "drug"),
        ("Q9991", "drug"),
        ("J7030", None),
        ("J7050", None),
        ("J7131", None),
        ("J7132", "drug"),
        ("J7029", "drug"),
        ("99213", None),
        ("36000", None),
    ],
)
def test_line_kind_separates_scored_families(code, kind):
    assert line_kind(code) == kind


@given(
    st.lists(st.sampled_from("abcde"), max_size=30),
    st.lists(st.sampled_from("abcdef"), max_size=30),
)
def test_match_staged_pairs_the_multiset_intersection(gold, produced):
    pairs, gold_left, produced_left = match_staged(gold, produced, [lambda x: x])
    expected_tp = sum((Counter(gold) & Counter(produced)).values())
    assert len(pairs) == expected_tp
    assert all(gold[g] == produced[p] for g, p in pairs)
    assert len(gold_left) == len(gold) - expected_tp
    assert len(produced_left) == len(produced) - expected_tp
    assert len({p for _, p in pairs}) == len(pairs)


# ------------------------------------------------------------------------------------------
# claim lines


def test_perfect_output_scores_one_everywhere():
    with warnings.catch_warnings():
        warnings.simplefilter("error", EmptyDenominatorWarning)
        scores = score(pairs_of(gold_record(), produced_record()))
    summary = scores.summary()
    assert set(summary) == set(METRICS)
    assert all(value == 1.0 for value in summary.values()), summary
    assert scores.admin_lines.pairs.misses == () and scores.admin_lines.pairs.spurious == ()
    assert scores.admin_lines.confusion == ()
    assert scores.warnings == ()


def test_empty_gold_and_empty_output_give_zero_with_a_warning():
    gold = gold_record(lines=[], findings=[], administrations=[])
    produced = produced_record(lines=[], findings=[], administrations=[])
    with pytest.warns(EmptyDenominatorWarning, match="admin lines"):
        lines = score_lines(pairs_of(gold, produced), "administration")
    assert (lines.pairs.precision, lines.pairs.recall, lines.pairs.f1) == (0.0, 0.0, 0.0)
    assert (lines.pairs.tp, lines.pairs.fp, lines.pairs.fn) == (0, 0, 0)
    with pytest.warns(EmptyDenominatorWarning, match="empty denominator"):
        scores = score(pairs_of(gold, produced))
    assert any("findings (micro)" in w for w in scores.warnings)
    assert scores.exact_match.value == 1.0  # no lines expected, none produced


def test_nothing_produced_gives_zero_precision_with_warning_and_every_miss_listed():
    produced = produced_record(lines=[], findings=[])
    with pytest.warns(EmptyDenominatorWarning, match="precision"):
        lines = score_lines(pairs_of(gold_record(), produced), "administration")
    assert lines.pairs.recall == 0.0 and lines.pairs.precision == 0.0
    assert [(r.note_id, r.index, r.key) for r in lines.pairs.misses] == [
        ("k1", 0, ("96365", 1)),
        ("k1", 1, ("96375", 1)),
    ]


def test_extra_line_lowers_precision_and_is_listed_as_spurious():
    produced = produced_record()
    produced["lines"].insert(2, line("96376", 1, rule="DA-CODE-030", phrase="Zofran"))
    with pytest.warns(EmptyDenominatorWarning, match="admin 96376 .* recall"):
        lines = score_lines(pairs_of(gold_record(), produced), "administration")
    assert (lines.pairs.tp, lines.pairs.fp, lines.pairs.fn) == (2, 1, 0)
    assert lines.pairs.precision == pytest.approx(2 / 3)
    assert lines.pairs.recall == 1.0
    assert lines.pairs.f1 == pytest.approx(0.8)
    [extra] = lines.pairs.spurious
    assert (extra.note_id, extra.index, extra.key) == ("k1", 2, ("96376", 1))
    [confusion] = lines.confusion
    assert confusion.expected is None and confusion.produced == ("96376", 1)
    assert lines.per_code["96376"].pairs.precision == 0.0
    assert lines.per_code["96365"].pairs.f1 == 1.0


def test_wrong_units_count_against_pairs_but_not_codes():
    produced = produced_record()
    produced["lines"][2] = line("J2405", 8, rule="DA-DRUG-001", phrase="Zofran")
    drug = score_lines(pairs_of(gold_record(), produced), "drug")
    assert (drug.pairs.tp, drug.pairs.fp, drug.pairs.fn) == (1, 1, 1)
    assert drug.pairs.f1 == 0.5
    assert drug.codes.f1 == 1.0
    [confusion] = drug.confusion
    assert (confusion.expected, confusion.produced) == (("J2405", 4), ("J2405", 8))
    assert (confusion.gold_index, confusion.produced_index) == (2, 2)
    assert drug.per_code["J2405"].pairs.f1 == 0.0
    assert drug.per_code["J3490"].pairs.f1 == 1.0
    assert score_exact_match(pairs_of(gold_record(), produced)).errors == ("k1",)


def test_wrong_code_appears_in_the_confusion_list():
    produced = produced_record()
    produced["lines"][0] = line("96374", 1, rule="DA-CODE-012")
    with pytest.warns(EmptyDenominatorWarning) as caught:
        admin = score_lines(pairs_of(gold_record(), produced), "administration")
    assert {str(w.message).split(":")[0] for w in caught} == {
        "admin 96365 (code, units) precision",
        "admin 96365 (code) precision",
        "admin 96374 (code, units) recall",
        "admin 96374 (code) recall",
    }
    assert [(c.expected, c.produced) for c in admin.confusion] == [(("96365", 1), ("96374", 1))]
    assert admin.codes.f1 == 0.5


def test_iv_solution_and_em_lines_are_not_scored():
    produced = produced_record()
    produced["lines"] += [line("J7050", 2, phrase="Zofran"), line("99213", 1, phrase="Zofran")]
    scores = score(pairs_of(gold_record(), produced))
    assert scores.admin_lines.pairs.f1 == 1.0
    assert scores.drug_lines.pairs.f1 == 1.0
    assert scores.exact_match.value == 1.0


# ------------------------------------------------------------------------------------------
# modifiers and exact match


def test_missing_jz_modifier_lowers_modifier_accuracy_and_exact_match_only():
    gold = gold_record()
    gold["gold"]["lines"][2]["modifiers"] = ["JZ"]
    pairs = pairs_of(gold, produced_record())
    modifiers = score_modifiers(pairs)
    assert (modifiers.correct, modifiers.total) == (3, 4)
    [miss] = modifiers.errors
    assert (miss.subject, miss.expected, miss.produced) == ("J2405", ("JZ",), ())
    assert score_lines(pairs, "drug").pairs.f1 == 1.0
    assert score_exact_match(pairs).value == 0.0


def test_jw_line_is_paired_with_the_jw_line_whatever_the_order():
    gold = gold_record(
        lines=[
            {"code": "J2426", "units": 234, "modifiers": []},
            {"code": "J2426", "units": 39, "modifiers": ["JW"]},
            {"code": "96372", "units": 1, "modifiers": []},
        ]
    )
    produced = produced_record(
        lines=[
            line("96372", 1, rule="DA-CODE-040"),
            line("J2426", 39, "JW", rule="DA-DRUG-010"),
            line("J2426", 234, rule="DA-DRUG-001"),
        ]
    )
    pairs = pairs_of(gold, produced)
    assert score_modifiers(pairs).value == 1.0
    assert score_exact_match(pairs).value == 1.0
    produced["lines"][1]["modifiers"] = ["JZ"]
    modifiers = score_modifiers(pairs_of(gold, produced))
    assert (modifiers.correct, modifiers.total) == (2, 3)


def test_modifiers_compare_sorted():
    gold = gold_record(lines=[{"code": "96372", "units": 1, "modifiers": ["XS", "JZ"]}])
    produced = produced_record(lines=[line("96372", 1, "JZ", "XS")])
    assert score_modifiers(pairs_of(gold, produced)).value == 1.0


# ------------------------------------------------------------------------------------------
# findings


def test_wrong_category_is_one_miss_and_one_spurious():
    produced = produced_record(
        findings=[finding("missing_site", "DA-SITE-001"), finding("unlisted_drug_code")]
    )
    with pytest.warns(EmptyDenominatorWarning) as caught:
        findings = score_findings(pairs_of(gold_record(), produced))
    assert {str(w.message) for w in caught} == {
        "findings missing_site recall: empty denominator, reported as 0.0",
        "findings payer_policy_review precision: empty denominator, reported as 0.0",
    }
    micro = findings.micro
    assert (micro.tp, micro.fp, micro.fn) == (1, 1, 1)
    assert micro.precision == micro.recall == micro.f1 == 0.5
    assert [r.key for r in micro.misses] == [("payer_policy_review",)]
    assert [(r.key, r.index) for r in micro.spurious] == [(("missing_site",), 0)]
    assert findings.per_category["unlisted_drug_code"].f1 == 1.0
    assert findings.per_category["missing_site"].precision == 0.0
    assert findings.per_category["missing_site"].recall == 0.0
    assert findings.per_category["payer_policy_review"].precision == 0.0


def test_repeated_produced_category_counts_once():
    produced = produced_record()
    produced["findings"].append(finding("payer_policy_review", "DA-PAY-002"))
    micro = score_findings(pairs_of(gold_record(), produced)).micro
    assert (micro.tp, micro.fp, micro.fn) == (2, 0, 0)


def test_micro_findings_sum_over_notes():
    gold_a = gold_record("a")
    gold_b = gold_record("b", findings=["missing_site"])
    produced_a = produced_record("a")
    produced_b = produced_record("b", findings=[])
    with pytest.warns(EmptyDenominatorWarning):
        findings = score_findings(pair_records([gold_a, gold_b], [produced_a, produced_b]))
    assert (findings.micro.tp, findings.micro.fp, findings.micro.fn) == (2, 0, 1)
    assert findings.micro.recall == pytest.approx(2 / 3)


# ------------------------------------------------------------------------------------------
# times, extraction, spans


def test_time_accuracy_counts_null_matched_by_null_and_lists_wrong_times():
    produced = produced_record()
    produced["administrations"][1]["start"] = "09:03"
    times = score_times(pairs_of(gold_record(), produced))
    assert (times.start.correct, times.start.total) == (1, 2)
    assert (times.stop.correct, times.stop.total) == (2, 2)  # ondansetron: null == null
    [wrong] = times.start.errors
    assert (wrong.subject, wrong.expected, wrong.produced) == ("ketamine", "09:30", "09:03")
    assert times.gold_given == 2 and times.unmatched == ()


def test_time_accuracy_ignores_non_given_and_reports_unmatched_separately():
    produced = produced_record()
    del produced["administrations"][0]  # ondansetron not extracted
    produced["administrations"][1]["status"] = "given"  # ketorolac wrongly given: not in gold
    times = score_times(pairs_of(gold_record(), produced))
    assert (times.start.correct, times.start.total) == (1, 1)
    assert [(r.index, r.key) for r in times.unmatched] == [(0, ("ondansetron",))]


def test_produced_null_time_against_gold_time_is_wrong():
    produced = produced_record()
    produced["administrations"][1]["stop"] = None
    times = score_times(pairs_of(gold_record(), produced))
    assert times.stop.value == 0.5
    assert times.stop.errors[0].produced is None


def test_extraction_drug_and_status():
    produced = produced_record()
    produced["administrations"][2]["status"] = "given"
    extraction = score_extraction(pairs_of(gold_record(), produced))
    assert extraction.drugs.f1 == 1.0
    assert (extraction.drug_status.tp, extraction.drug_status.fp, extraction.drug_status.fn) == (
        2,
        1,
        1,
    )
    assert extraction.drug_status.misses[0].key == ("ketorolac", "hypothetical")
    assert extraction.drug_status.spurious[0].key == ("ketorolac", "given")


def test_brand_and_generic_names_match_through_the_canonical_function():
    produced = produced_record()
    produced["administrations"][0]["drug"] = "Zofran"
    plain = score_extraction(pairs_of(gold_record(), produced))
    assert plain.drugs.fn == 1 and plain.drugs.fp == 1
    brands = {"zofran": "ondansetron", "toradol": "ketorolac"}

    def canonical(name: str | None) -> str:
        key = (name or "").lower()
        return brands.get(key, key)

    resolved = score_extraction(pairs_of(gold_record(), produced), canonical)
    assert resolved.drugs.f1 == 1.0
    assert score_times(pairs_of(gold_record(), produced), canonical).start.total == 2


def test_partial_span_overlap_fails_exact_but_counts_for_overlap():
    produced = produced_record()
    produced["administrations"][0]["evidence"][0] = ev("Zofran 4 mg", "drug")
    spans = score_spans(pairs_of(gold_record(), produced))
    assert spans.annotated == 2
    assert (spans.exact.tp, spans.exact.fp, spans.exact.fn) == (4, 1, 1)
    assert (spans.overlap.tp, spans.overlap.fp, spans.overlap.fn) == (5, 0, 0)
    assert spans.exact.misses[0].key == ("drug", *at("Zofran"))
    assert spans.exact.spurious[0].key == ("drug", *at("Zofran 4 mg"))
    exact_drug, overlap_drug = spans.per_label["drug"]
    assert exact_drug.f1 == 0.5 and overlap_drug.f1 == 1.0


def test_disjoint_span_misses_both_exact_and_overlap():
    produced = produced_record()
    produced["administrations"][1]["evidence"][1] = ev("0925", "start")  # the Zofran time
    spans = score_spans(pairs_of(gold_record(), produced))
    assert spans.overlap.fn == 1 and spans.overlap.fp == 1
    assert spans.overlap.misses[0].key == ("start", *at("0930"))


def test_span_for_an_undocumented_time_is_spurious_and_unannotated_admins_are_skipped():
    produced = produced_record()
    produced["administrations"][0]["evidence"].append(ev("1012", "stop"))  # gold stop is null
    produced["administrations"][2]["evidence"].append(ev("0930", "start"))  # no gold spans
    spans = score_spans(pairs_of(gold_record(), produced))
    assert spans.exact.fp == 1 and spans.exact.fn == 0
    assert spans.exact.spurious[0].key == ("stop", *at("1012"))


def test_span_of_an_unextracted_administration_is_a_miss():
    produced = produced_record()
    del produced["administrations"][1]
    with pytest.warns(EmptyDenominatorWarning, match="stop span .* precision"):
        spans = score_spans(pairs_of(gold_record(), produced))
    assert spans.exact.fn == 3 and spans.exact.fp == 0
    assert {r.key[0] for r in spans.exact.misses} == {"drug", "start", "stop"}


# ------------------------------------------------------------------------------------------
# evidence validity, failures, runtime


def test_evidence_validity_flags_bad_offsets_text_drift_and_missing_evidence():
    produced = produced_record()
    produced["lines"][0]["evidence"].append({"start": 5, "end": 2, "text": "", "label": "x"})
    shifted = ev("Zofran", "drug")
    shifted["start"] += 1
    shifted["end"] += 1
    produced["findings"][0]["evidence"] = [shifted]
    produced["findings"][1]["evidence"] = []
    produced["administrations"][2]["evidence"].append(
        {"start": len(NOTE) - 2, "end": len(NOTE) + 5, "text": "x", "label": "drug"}
    )
    validity = score_evidence_validity(pairs_of(gold_record(), produced))
    where = {e.where: e.reason for e in validity.errors}
    assert set(where) == {
        "lines[0].evidence[1]",
        "findings[0].evidence[0]",
        "findings[1]",
        "administrations[2].evidence[1]",
    }
    assert "differs" in where["findings[0].evidence[0]"]
    assert where["findings[1]"] == "no evidence"
    assert validity.total - validity.correct == 4
    assert validity.value < 1.0


def test_failed_and_missing_notes_count_against_the_metrics():
    gold_a, gold_b = gold_record("a"), gold_record("b")
    failed = {
        "note_id": "a",
        "status": "error",
        "error": {"type": "processing_error", "message": "KeyError raised at x.py:1"},
        "lines": [],
        "findings": [],
        "administrations": [],
        "seconds": None,
    }
    with pytest.warns(EmptyDenominatorWarning):
        scores = score(pair_records([gold_a, gold_b], [failed]))
    assert scores.failed == (("a", "processing_error"), ("b", "missing_result"))
    assert scores.exact_match.value == 0.0
    assert scores.admin_lines.pairs.fn == 4
    assert scores.summary()["line_f1"] == 0.0


def test_pair_records_rejects_unknown_and_repeated_produced_ids():
    with pytest.raises(ValueError, match="no gold record"):
        pair_records([gold_record("a")], [produced_record("zzz")])
    with pytest.raises(ValueError, match="repeats"):
        pair_records([gold_record("a")], [produced_record("a"), produced_record("a")])


def test_runtime_mean_and_nearest_rank_p95():
    runtime = score_runtime([*(i / 100 for i in range(1, 21)), None])
    assert runtime.notes == 20
    assert runtime.mean == pytest.approx(0.105)
    assert runtime.p95 == pytest.approx(0.19)
    assert runtime.max == pytest.approx(0.20)


def test_score_is_linear_enough_for_a_thousand_notes():
    golds = [gold_record(f"n{i}") for i in range(1000)]
    produced = [produced_record(f"n{i}") for i in range(1000)]
    began = time.perf_counter()
    scores = score(pair_records(golds, produced))
    assert time.perf_counter() - began < 5.0
    assert scores.admin_lines.pairs.tp == 2000


def test_scoring_does_not_modify_its_inputs():
    gold, produced = gold_record(), produced_record()
    before = copy.deepcopy((gold, produced))
    score(pairs_of(gold, produced))
    assert (gold, produced) == before


def test_unnamed_drug_span_is_compared_with_the_mention_evidence():
    text_start = NOTE.index("Zofran")
    gold = gold_record()
    gold["gold"]["administrations"][0]["drug"] = None
    gold["gold"]["administrations"][0]["spans"]["drug"] = [text_start, text_start + 6]
    produced = produced_record()
    unnamed = produced["administrations"][0]
    unnamed["drug"] = None
    unnamed["evidence"][0]["label"] = "mention"
    spans = score_spans(pairs_of(gold, produced))
    assert spans.exact.f1 == 1.0
    assert spans.per_label["drug"][0].tp == 2
