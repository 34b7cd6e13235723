"""Property tests (hypothesis): whatever the administrations, the claim stays well-formed.

Notes are generated from a small vocabulary of realistic sentences (pushes, infusions, IM
injections, hydration, untimed IV doses) with random clock times, odd durations, holds with and
without times, statuses, separate encounters, settings and payers.
"""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from validators.reference import load_tables

DRUGS = [
    ("Ketamine", "40 mg", 40.0),
    ("Ondansetron", "4 mg", 4.0),
    ("Ketorolac", "30 mg", 30.0),
    ("Famotidine", "20 mg", 20.0),
    ("Iron sucrose", "200 mg", 200.0),
    ("Rituximab", "700 mg", 700.0),
    ("Invega Sustenna", "234 mg", 234.0),
    ("Zorbexamab", "10 mg", 10.0),  # not in the lexicon
]
KINDS = ["infusion", "push", "im", "untimed", "fluid", "kvo"]
STATUSES = ["given"] * 6 + ["planned", "held", "declined"]


def hhmm(m: int) -> str:
    m %= 1440
    return f"{m // 60:02d}:{m % 60:02d}"


admin_strategy = st.fixed_dictionaries(
    {
        "drug": st.integers(0, len(DRUGS) - 1),
        "kind": st.sampled_from(KINDS),
        "start": st.integers(0, 1439),
        "duration": st.one_of(st.integers(-120, 400), st.integers(0, 1439)),
        "hold": st.sampled_from(["none", "timed", "untimed", "huge"]),
        "status": st.sampled_from(STATUSES),
        "separate": st.booleans(),
    }
)


def make_sentence(i: int, spec: dict) -> tuple[str, str | None, dict]:
    name, dose_text, dose = DRUGS[spec["drug"]]
    start = hhmm(spec["start"])
    stop = hhmm(spec["start"] + spec["duration"])
    tag = f"[{i}]"
    kw: dict = {"status": spec["status"]}
    if spec["kind"] == "infusion":
        sentence = f"{tag} {name} {dose_text} IV infusion {start}-{stop}."
        kw |= {
            "dose": (dose_text, dose, "mg"),
            "route": "IV",
            "technique": ("infusion", "infusion"),
            "start": start,
            "stop": stop,
        }
    elif spec["kind"] == "push":
        sentence = f"{tag} {name} {dose_text} IVP {start}."
        kw |= {
            "dose": (dose_text, dose, "mg"),
            "route": ("IVP", "IV"),
            "technique": ("IVP", "push"),
            "start": start,
        }
    elif spec["kind"] == "im":
        sentence = f"{tag} {name} {dose_text} IM R deltoid {start}."
        kw |= {"dose": (dose_text, dose, "mg"), "route": "IM", "site": "R deltoid", "start": start}
    elif spec["kind"] == "untimed":
        sentence = f"{tag} {name} {dose_text} IV given."
        kw |= {"dose": (dose_text, dose, "mg"), "route": "IV"}
    elif spec["kind"] == "fluid":
        sentence = f"{tag} NS 1000 mL IV hydration {start}-{stop}."
        name = "NS"
        kw = {
            "status": spec["status"],
            "name": "normal saline",
            "volume": ("1000 mL", 1000.0, "mL"),
            "route": "IV",
            "purpose": ("hydration", "hydration"),
            "start": start,
            "stop": stop,
        }
    else:
        sentence = f"{tag} NS KVO 10 mL/h."
        name = "NS"
        kw = {
            "status": spec["status"],
            "name": "normal saline",
            "rate": ("10 mL/h", 10.0, "mL/h"),
            "purpose": ("KVO", "kvo"),
        }
    if spec["kind"] in ("infusion", "fluid") and spec["hold"] != "none":
        hold_start = hhmm(spec["start"] + 10)
        hold_stop = hhmm(spec["start"] + (20 if spec["hold"] == "timed" else 600))
        if spec["hold"] == "untimed":
            sentence += f" Held {tag} for BP."
            kw["holds"] = ((f"Held {tag} for BP", None, None),)
        else:
            sentence += f" Held {tag} {hold_start}-{hold_stop}."
            kw["holds"] = ((f"Held {tag} {hold_start}-{hold_stop}", hold_start, hold_stop),)
    if spec["separate"]:
        sentence += f" Returned {tag} for a separate visit."
        kw["separate_encounter"] = f"Returned {tag} for a separate visit"
    return sentence, name, kw


def build(nb, specs: list[dict], with_dx: bool):
    sentences = [make_sentence(i, s) for i, s in enumerate(specs, start=1)]
    text = "VISIT NOTE\nPIV 22g L AC.\n" + "\n".join(s[0] for s in sentences)
    text += "\nAssessment: F33.2 depression; vomiting.\n" if with_dx else "\n"
    b = nb(text)
    admins = [
        b.admin(f"A{i}", sentence, drug, **kw)
        for i, (sentence, drug, kw) in enumerate(sentences, start=1)
    ]
    enc = b.encounter(
        diagnoses=[("F33.2", "F33.2")] if with_dx else [],
        dehydration=["vomiting"] if with_dx else [],
    )
    return b, b.result(*admins, encounter=enc)


case_strategy = st.tuples(
    st.lists(admin_strategy, min_size=1, max_size=6),
    st.sampled_from(["office", "facility"]),
    st.sampled_from(["medicare", "medicaid", "commercial"]),
    st.booleans(),
    st.randoms(use_true_random=False),
)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _line_key(result):
    return [(line.code, line.modifiers, line.units, line.admin_ids) for line in result.lines]


@SETTINGS
@given(case=case_strategy)
def test_claim_invariants(nb, case):
    specs, setting, payer, with_dx, _ = case
    b, res = build(nb, specs, with_dx)
    result = b.code(res, setting=setting, payer=payer)
    tables = load_tables()
    service = "Practitioner" if setting == "office" else "Outpatient Hospital"
    given_ids = {a.admin_id for a in res.administrations if str(a.status.value) == "given"}
    codes = {line.code for line in result.lines}
    separate = {tables.modifier("separate_site", "X"), tables.modifier("separate_encounter", "X")}
    initial = set(tables.cpt.initial_codes)
    admin_lines = [line for line in result.lines if line.kind == "administration"]
    for line in result.lines:
        # units never exceed the MUE
        mue = tables.mue(line.code, service)
        assert mue is None or line.units <= mue, (line.code, line.units, mue)
        # no line without an administration and evidence
        assert line.admin_ids and set(line.admin_ids) <= given_ids
        assert line.evidence
        for ev in line.evidence:
            assert b.text[ev.span.start : ev.span.end] == ev.span.text
        # every add-on line has an allowed primary on the claim
        allowed = tables.addon_primaries(line.code, service)
        if allowed is not None:
            assert allowed & codes, (line.code, codes)
    # exactly one initial service unless a separate encounter/site is documented
    unmodified = [
        line
        for line in admin_lines
        if line.code in initial and not (set(line.modifiers) & separate)
    ]
    assert len(unmodified) <= 1, [(line.code, line.modifiers) for line in admin_lines]
    if admin_lines:
        assert any(line.code in initial for line in admin_lines)
    if not any(s["separate"] for s in specs):
        assert not any(set(line.modifiers) & {"XE"} for line in admin_lines)
    for finding in result.findings:
        assert finding.evidence
        for ev in finding.evidence:
            assert b.text[ev.span.start : ev.span.end] == ev.span.text


@SETTINGS
@given(case=case_strategy)
def test_output_independent_of_administration_order(nb, case):
    specs, setting, payer, with_dx, rnd = case
    b, res = build(nb, specs, with_dx)
    shuffled = list(res.administrations)
    rnd.shuffle(shuffled)
    other = res.model_copy(update={"administrations": tuple(shuffled)})
    first = b.code(res, setting=setting, payer=payer)
    second = b.code(other, setting=setting, payer=payer)
    assert first == second


def test_shuffle_helper_is_deterministic():
    rnd = random.Random(3)
    items = list(range(10))
    rnd.shuffle(items)
    assert sorted(items) == list(range(10))
