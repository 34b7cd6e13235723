"""Coding engine: time boundaries, hierarchy, sequences, modifiers and traces (coding-policy §3-§5).

Expected codes are checked against what a coder would bill; thresholds are read from the table
where a test needs them, never restated as constants in the engine.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from validators import code_encounter, load_profile
from validators.models import EncounterContext
from validators.reference import load_tables

NOTE = """INFUSION NOTE
Reason for visit: IV therapy. PIV 22g R forearm.
{body}
Dx: {dx}
"""


def build(nb, body: str, admins: list[tuple[str, str | None, dict]], dx: str = "F33.2", **enc):
    b = nb(NOTE.format(body=body, dx=dx))
    records = []
    for i, (sentence, drug, kwargs) in enumerate(admins, start=1):
        kwargs = dict(kwargs)
        records.append(b.admin(f"A{i}", sentence, drug, **kwargs))
    first = records[0]
    if first.site is None and first.route is not None and str(first.route.value) == "IV":
        records[0] = first.model_copy(update={"site": b.ex("R forearm", "R forearm")})
    encounter = b.encounter(diagnoses=[(dx, dx)], **enc)
    return b, b.result(*records, encounter=encounter)


def infusion(
    drug: str, dose: str, value: float, start: str, stop: str, **kw
) -> tuple[str, str, dict]:
    sentence = f"{drug} {dose} IV infusion {start}-{stop}."
    return (
        sentence,
        drug,
        {
            "dose": (dose, value, dose.split()[-1]),
            "route": "IV",
            "technique": ("infusion", "infusion"),
            "start": start,
            "stop": stop,
            **kw,
        },
    )


def push(drug: str, dose: str, value: float, time: str) -> tuple[str, str, dict]:
    return (
        f"{drug} {dose} IVP {time}.",
        drug,
        {
            "dose": (dose, value, dose.split()[-1]),
            "route": ("IVP", "IV"),
            "technique": ("IVP", "push"),
            "start": time,
        },
    )


def fluid(start: str, stop: str, volume: str = "1000 mL", **kw) -> tuple[str, str, dict]:
    return (
        f"NS {volume} IV hydration {start}-{stop}.",
        "NS",
        {
            "name": "normal saline",
            "volume": (volume, float(volume.split()[0]), "mL"),
            "route": "IV",
            "purpose": ("hydration", "hydration"),
            "start": start,
            "stop": stop,
            **kw,
        },
    )


def body_of(admins) -> str:
    return "\n".join(a[0] for a in admins)


@pytest.mark.parametrize(
    ("start", "stop", "expected"),
    [
        ("10:00", "10:15", {"96374"}),  # 15 min: push
        ("10:00", "10:16", {"96365"}),  # 16 min: infusion
        ("10:00", "11:30", {"96365"}),  # 90 min
        ("10:00", "11:31", {"96365", "96366"}),  # 91 min
        ("10:00", "12:30", {"96365", "96366"}),  # 150 min
        ("10:00", "12:31", {"96365", "96366x2"}),  # 151 min
        ("10:00", "13:30", {"96365", "96366x2"}),  # 210 min
        ("10:00", "13:31", {"96365", "96366x3"}),  # 211 min
        ("23:00", "01:00", {"96365", "96366"}),  # 120 min across midnight, one encounter
    ],
    ids=lambda v: str(v),
)
def test_drug_infusion_time_boundaries(nb, lines_of, start, stop, expected):
    admins = [infusion("Ketamine", "40 mg", 40, start, stop)]
    b, res = build(nb, body_of(admins), admins)
    assert lines_of(b.code(res)) == expected | {"J3490"}


@pytest.mark.parametrize(
    ("start", "stop", "expected"),
    [
        ("10:00", "10:30", set()),
        ("10:00", "10:31", {"96360"}),
        ("10:00", "11:30", {"96360"}),
        ("10:00", "11:31", {"96360", "96361"}),
        ("10:00", "12:30", {"96360", "96361"}),
        ("10:00", "12:31", {"96360", "96361x2"}),
        ("22:30", "01:01", {"96360", "96361x2"}),  # 151 min across midnight
    ],
)
def test_initial_hydration_time_boundaries(nb, lines_of, start, stop, expected):
    admins = [fluid(start, stop)]
    b, res = build(nb, body_of(admins) + " Vomiting.", admins, dx="E86.0")
    assert lines_of(b.code(res)) == expected


@pytest.mark.parametrize(
    ("stop", "units"),
    [("11:00", 0), ("11:01", 1), ("12:00", 1), ("12:01", 2), ("13:00", 2), ("13:01", 3)],
)
def test_secondary_hydration_units(nb, lines_of, stop, units):
    """Hydration after a push initial: 31-90 -> 1, 91-150 -> 2, 151-210 -> 3 (from 10:30)."""
    admins = [push("Ondansetron", "4 mg", 4, "10:05"), fluid("10:30", stop)]
    b, res = build(nb, body_of(admins), admins, dx="E86.0")
    lines = lines_of(b.code(res, setting="facility"))
    expected = {"96374", "J2405x4"}
    if units:
        expected.add("96361" if units == 1 else f"96361x{units}")
    assert lines == expected


@pytest.mark.parametrize(
    ("fam", "expected"),
    [
        (("10:25", "10:45"), {"96365", "96367"}),  # after: sequential
        (("10:15", "10:45"), {"96365", "96367"}),  # 15-min overlap: sequential
        (("10:14", "10:45"), {"96365", "96368"}),  # 16-min overlap: concurrent
        (("10:00", "10:30"), {"96365", "96368"}),  # same times
    ],
)
def test_sequential_versus_concurrent(nb, lines_of, fam, expected):
    admins = [
        infusion("Ferric carboxymaltose", "750 mg", 750, "10:00", "10:30"),
        infusion("Famotidine", "20 mg", 20, *fam),
    ]
    b, res = build(nb, body_of(admins), admins, dx="D50.9")
    assert lines_of(b.code(res, setting="facility")) == expected | {"J1439x750", "J1308x80"}


def test_third_concurrent_drug_not_coded(nb, lines_of):
    admins = [
        infusion("Ferric carboxymaltose", "750 mg", 750, "10:00", "10:40"),
        infusion("Famotidine", "20 mg", 20, "10:00", "10:40"),
        infusion("Dexamethasone", "10 mg", 10, "10:05", "10:40"),
    ]
    b, res = build(nb, body_of(admins), admins, dx="D50.9")
    result = b.code(res, setting="facility")
    assert {"96365", "96368"} <= lines_of(result)
    assert not any(code.startswith("96367") for code in lines_of(result))


def test_separate_interval_of_same_drug_is_not_summed(nb, lines_of):
    admins = [
        infusion("Ketamine", "20 mg", 20, "09:00", "09:40"),
        (
            "Ketamine 20 mg IV infusion restarted 11:00-11:45.",
            "Ketamine",
            {
                "dose": ("20 mg", 20, "mg"),
                "route": "IV",
                "technique": ("infusion", "infusion"),
                "start": "11:00",
                "stop": "11:45",
            },
        ),
    ]
    b, res = build(nb, body_of(admins), admins)
    result = b.code(res)
    assert lines_of(result) == {"96365", "96366", "J3490"}
    same = next(line for line in result.lines if line.code == "96366")
    assert same.rule == "DA-CODE-023" and same.minutes == 45


def test_sequential_drug_extra_hours(nb, lines_of):
    admins = [
        infusion("Ketamine", "40 mg", 40, "09:00", "09:40"),
        infusion("Iron sucrose", "200 mg", 200, "09:40", "11:20"),  # 100 min
    ]
    b, res = build(nb, body_of(admins), admins, dx="D50.9")
    assert lines_of(b.code(res, setting="facility")) == {
        "96365",
        "96367",
        "96366",
        "J3490",
        "J1756x200",
    }


def test_office_primary_reason_makes_a_later_push_initial(nb, lines_of):
    admins = [
        infusion("Ketamine", "40 mg", 40, "10:00", "10:40"),
        push("Ondansetron", "4 mg", 4, "10:45"),
    ]
    b, res = build(nb, body_of(admins), admins, primary_reason_admin="A2")
    result = b.code(res, setting="office")
    assert lines_of(result) == {"96374", "96367", "J3490", "J2405x4"}
    assert next(line for line in result.lines if line.code == "96374").rule == "DA-CODE-011"
    # the facility ignores the primary reason and uses the hierarchy
    assert lines_of(b.code(res, setting="facility")) == {"96365", "96375", "J3490", "J2405x4"}


def test_chemo_outranks_therapeutic(nb, lines_of):
    admins = [
        infusion("Ketamine", "40 mg", 40, "08:00", "08:40"),
        infusion("Rituximab", "700 mg", 700, "09:00", "12:00"),
    ]
    b, res = build(nb, body_of(admins), admins, dx="C83.30")
    assert lines_of(b.code(res, setting="facility")) == {
        "96413",
        "96415x2",
        "96367",
        "J3490",
        "J9312x70",
    }


def test_injection_beside_iv_initial_carries_xs(nb, lines_of):
    admins = [
        infusion("Ketamine", "40 mg", 40, "10:00", "10:40"),
        (
            "Ketorolac 60 mg IM L deltoid 10:50.",
            "Ketorolac",
            {"dose": ("60 mg", 60, "mg"), "route": "IM", "site": "L deltoid", "start": "10:50"},
        ),
    ]
    b, res = build(nb, body_of(admins), admins)
    result = b.code(res)
    assert lines_of(result) == {"96365", "96372-XS", "J3490", "J1885x4"}
    xs = next(line for line in result.lines if line.code == "96372")
    assert any(step.rule == "DA-CODE-019" for step in xs.trace)


def test_injections_only_visit(nb, lines_of):
    admins = [
        (
            "B12 1000 mcg IM L deltoid 09:00.",
            "B12",
            {
                "name": "cyanocobalamin",
                "dose": ("1000 mcg", 1000, "mcg"),
                "route": "IM",
                "site": "L deltoid",
                "start": "09:00",
            },
        ),
        (
            "Ketorolac 60 mg IM R gluteal 09:05.",
            "Ketorolac",
            {"dose": ("60 mg", 60, "mg"), "route": "IM", "site": "R gluteal", "start": "09:05"},
        ),
    ]
    b, res = build(nb, body_of(admins), admins, dx="D51.0")
    assert lines_of(b.code(res)) == {"96372x2", "J3420", "J1885x4"}


def test_separate_site_second_initial(nb, lines_of):
    admins = [
        infusion("Ketamine", "40 mg", 40, "10:00", "10:40"),
        (
            "Vancomycin 1000 mg IV infusion 10:00-11:00 via second PIV L hand (incompatible).",
            "Vancomycin",
            {
                "dose": ("1000 mg", 1000, "mg"),
                "route": "IV",
                "technique": ("infusion", "infusion"),
                "start": "10:00",
                "stop": "11:00",
                "separate_site": "second PIV L hand (incompatible)",
                "site": "L hand",
            },
        ),
    ]
    b, res = build(nb, body_of(admins), admins, dx="A41.9")
    result = b.code(res, setting="facility")
    assert lines_of(result) == {"96365", "96365-XS", "J3490", "J3370x2"}


def test_modifier_style_59_profile(nb, lines_of, tmp_path: Path):
    payer = json.loads(
        (Path(__file__).parents[2] / "validators/profiles/payer-commercial.json").read_text()
    )
    payer.update(payer="style59", modifier_style="59")
    (tmp_path / "payer-style59.json").write_text(json.dumps(payer))
    admins = [
        infusion("Ketamine", "40 mg", 40, "10:00", "10:40"),
        (
            "Ketorolac 60 mg IM L deltoid 10:50.",
            "Ketorolac",
            {"dose": ("60 mg", 60, "mg"), "route": "IM", "site": "L deltoid", "start": "10:50"},
        ),
    ]
    b, res = build(nb, body_of(admins), admins)
    profile = load_profile("office", "style59", tmp_path)
    result = code_encounter(res, EncounterContext(note_text=b.text), profile)
    assert lines_of(result) == {"96365", "96372-59", "J3490", "J1885x4"}


def test_untimed_iv_keeps_its_drug_line(nb, lines_of, categories):
    admins = [
        (
            "Toradol 30 mg IV given.",
            "Toradol",
            {"name": "ketorolac", "dose": ("30 mg", 30, "mg"), "route": "IV"},
        )
    ]
    b, res = build(nb, body_of(admins), admins, dx="M54.50")
    result = b.code(res)
    assert lines_of(result) == {"J1885x2"}
    assert {"missing_start_time", "missing_stop_time"} <= categories(result)


def test_unknown_drug_is_unlisted(nb, lines_of):
    admins = [
        (
            "Zorbexamab 100 mg IV infusion 10:00-10:40.",
            "Zorbexamab",
            {
                "dose": ("100 mg", 100, "mg"),
                "route": "IV",
                "technique": ("infusion", "infusion"),
                "start": "10:00",
                "stop": "10:40",
            },
        )
    ]
    b, res = build(nb, body_of(admins), admins)
    result = b.code(res)
    assert lines_of(result) == {"96365", "J3490"}
    assert any("not in the lexicon" in r for r in result.decisions[0].reasons)


def test_ivpush_line_trace_and_evidence(nb):
    admins = [infusion("Ketamine", "40 mg", 40, "09:30", "09:44")]
    b, res = build(nb, body_of(admins), admins)
    line = next(line for line in b.code(res).lines if line.code == "96374")
    assert line.rejected[0].startswith("96365: ran 14 min")
    assert {e.label for e in line.evidence} >= {"drug", "start", "stop"}
    assert [s.rule for s in line.trace][:2] == ["DA-CODE-010", "DA-CODE-040"]


def test_table_thresholds_drive_the_codes():
    tables = load_tables()
    assert tables.threshold("push_max_minutes") == 15
    assert tables.threshold("infusion_min_minutes") == 16
    assert tables.threshold("hydration_min_minutes") == 31
    assert [tables.units_for("additional_hour", m) for m in (90, 91, 150, 151, 210, 211)] == [
        0,
        1,
        1,
        2,
        2,
        3,
    ]
    assert [tables.units_for("secondary", m) for m in (30, 31, 90, 91, 150, 151)] == [
        0,
        1,
        1,
        2,
        2,
        3,
    ]
    assert tables.code_row("therapeutic", "push", "repeat", "office") is None
    assert tables.code_row("therapeutic", "push", "repeat", "facility").code == "96376"
