"""Linking, merging and filtering rules of assembly, one realistic snippet per rule."""

from __future__ import annotations

import pytest


def _rows(admins, text: str) -> list[tuple]:
    return [
        (
            a.drug.value if a.drug else None,
            a.status.value.value,
            a.start.value.hhmm if a.start else None,
            a.stop.value.hhmm if a.stop else None,
        )
        for a in admins(text)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # FILTER-006: brand and generic side by side are one mention
            "Injectafer (ferric carboxymaltose) 750 mg in 250 mL NS IV from 9:30 to 10:15.",
            [("ferric carboxymaltose", "given", "09:30", "10:15")],
        ),
        (  # FILTER-009: components listed after a cocktail
            "Myers cocktail (magnesium chloride 1 g, calcium gluconate 1 g, cyanocobalamin "
            "1000 mcg) in 250 mL NS, IV infusion 1400-1440.",
            [("myers cocktail", "given", "14:00", "14:40")],
        ),
        (  # FILTER-007: a running line is referred to, not given again
            "Normal saline IV hydration started 13:00, stopped 15:45.\n"
            "Ceftriaxone 2 g in 100 mL NS IVPB piggybacked into the running NS line: start "
            "14:00, end 14:40.",
            [("normal saline", "given", "13:00", "15:45"),
             ("ceftriaxone", "given", "14:00", "14:40")],
        ),
        (  # FILTER-011: a drug level is a lab
            "Lidocaine 500 mg in 250 mL NS IV, Start Time: 10:00 | Stop Time: 11:45\n"
            "Continuous ECG. Lidocaine level not indicated.",
            [("lidocaine", "given", "10:00", "11:45")],
        ),
        (  # FILTER-010: a prescription for home use
            "Ondansetron 4 mg IVP at 1010.\nP: clear liquids; ondansetron ODT rx.",
            [("ondansetron", "given", "10:10", None)],
        ),
        (  # FILTER-001c: an inline medication list
            "Haloperidol decanoate 100 mg IM given at 1115 in L upper arm.\n"
            "Observed 10 min. Home meds: benztropine 1 mg PO BID.",
            [("haloperidol decanoate", "given", "11:15", None)],
        ),
        (  # MERGE-001: MAR start and stop lines
            "09:32 Ketamine 35 mg IV Started\n09:58 Ketamine Rate Verified\n10:14 Ketamine Stopped",
            [("ketamine", "given", "09:32", "10:14")],
        ),
        (  # MERGE-002: narrative re-mention without times fills the timed record
            "Ketamine 35 mg IV infusion via PIV L AC.\n\nMAR:\n09:32 Ketamine Started\n"
            "10:14 Ketamine Stopped",
            [("ketamine", "given", "09:32", "10:14")],
        ),
        (  # MERGE-003: today's order and its administration are one event
            "MD ordered NS 500 mL for hydration.\nNS 500 mL IV at 600 mL/h: 10:00 to 10:50.",
            [("normal saline", "given", "10:00", "10:50")],
        ),
        (  # MERGE-004: one declined drug named twice in a sentence
            "Offered Zofran IV push - pt declined IV Zofran, prefers a tablet.",
            [("ondansetron", "declined", None, None)],
        ),
        (  # LINK-012: a later stop line goes to the open infusion, not the push
            "Ketamine 35 mg IV infusion started at 0932.\nOndansetron 4 mg IVP given at 0940.\n"
            "Infusion completed at 1014.",
            [("ketamine", "given", "09:32", "10:14"), ("ondansetron", "given", "09:40", None)],
        ),
        (  # LINK-015: an observation time is not the drug's stop
            "Ferric carboxymaltose 750 mg IV infusion started 0915.\n"
            "30-min observation completed 1001.",
            [("ferric carboxymaltose", "given", "09:15", None)],
        ),
        (  # STOP-001: stop derived from volume and rate
            "NS 1000 mL IV at 500 mL/hr started 09:10. End time not charted.",
            [("normal saline", "given", "09:10", "11:10")],
        ),
        (  # TIME-002: the time written with "given" beats the line time
            "1545 Pt accepted olanzapine 10 mg ODT, given 1547 PO.",
            [("olanzapine", "given", "15:47", None)],
        ),
        (  # TIME-005: last nasal device ends an esketamine session
            "Esketamine nasal spray 56 mg (2 devices) self-administered 09:30 and 09:35.",
            [("esketamine", "given", "09:30", "09:35")],
        ),
        (  # rate change is neither start nor stop
            "NAD+ 500 mg in 500 mL NS IV infusion\n  Start: 0930\n"
            "  Rate reduced 0955-1010 for flushing, then resumed\n  End: 1145",
            [("nad+", "given", "09:30", "11:45")],
        ),
        (  # line-final time on a medication list given in clinic
            "Meds given in clinic:\n - ketorolac 60 mg IM R gluteal 1410\n"
            " - promethazine 25 mg IM L gluteal 1412",
            [("ketorolac", "given", "14:10", None), ("promethazine", "given", "14:12", None)],
        ),
        (  # planned with a future interval stays separate from today's dose
            "Aristada 882 mg IM left gluteal at 10:12.\nPlan: Aristada 882 mg IM q 4 weeks.",
            [("aripiprazole lauroxil (aristada)", "given", "10:12", None),
             ("aripiprazole lauroxil (aristada)", "planned", None, None)],
        ),
    ],
    ids=[
        "brand-generic", "cocktail-components", "running-line", "drug-level", "prescription",
        "inline-home-meds", "mar-merge", "re-mention", "order-merge", "same-sentence",
        "open-infusion-stop", "observation-time", "derived-stop", "given-time",
        "esketamine-devices", "rate-change", "line-final-time", "planned-interval",
    ],
)  # fmt: skip
def test_assembly_rules(admins, text: str, expected: list) -> None:
    assert _rows(admins, text) == expected


def test_derived_stop_is_marked(admins) -> None:
    (adm,) = admins("NS 1000 mL IV at 500 mL/hr started 09:10.")
    assert adm.stop.derived and adm.stop.source.startswith("derived:")
    assert adm.stop.span.text == "500 mL/hr"


def test_interruption_without_times(admins) -> None:
    (adm,) = admins("Ketamine 35 mg IV infusion started 0932, paused for nausea, stopped 1014.")
    (hold,) = adm.interruptions
    assert hold.start is None and hold.stop is None and hold.span.text == "paused"


def test_site_evidence_and_waste(admins) -> None:
    text = "Invega Sustenna 234 mg IM R deltoid at 1030. Wasted 0.5 mL."
    (adm,) = admins(text)
    assert adm.site.value == "R deltoid"
    assert (adm.waste.value.value, adm.waste.value.unit) == (0.5, "mL")


def test_every_rule_id_used_in_assembly_is_registered() -> None:
    import re
    from pathlib import Path

    from extraction import assemble

    source = Path(assemble.__file__).read_text(encoding="utf-8")
    body = source.split("ASSEMBLY_RULES", 1)[1].split("\n}\n", 1)[1]  # after the registry
    pattern = r"\b(?:FILTER|LINK|MERGE|STATUS|TECH|TIME|STOP|DOSE|PURP)-\d{3}[a-z]?\b"
    used = set(re.findall(pattern, body))
    assert len(used) > 30
    assert used <= set(assemble.ASSEMBLY_RULES)


@pytest.mark.parametrize(
    ("text", "purpose", "derived"),
    [
        ("NS 1 L bolus started 0900, stopped 1000.", "hydration", False),
        ("LR 1000 mL IV started 0900, stopped 1030.", "hydration", True),
        ("NS KVO at 10 mL/h started 1040.", "kvo", False),
        ("NS 10 mL flush at 0958.", "flush", False),
        ("D5W at 50 mL/hr started 0900, stopped 1100.", None, False),
    ],
    ids=["bolus-wording", "on-its-own", "kvo", "flush", "slow-rate"],
)
def test_fluid_purpose(admins, text: str, purpose: str | None, derived: bool) -> None:
    (adm,) = admins(text)
    assert adm.kind == "fluid"
    assert (adm.purpose.value.value if adm.purpose else None) == purpose
    if adm.purpose is not None:
        assert adm.purpose.derived is derived
