"""The attribute tagger: doses, routes, techniques, sites, purposes and waste from note text."""

from __future__ import annotations

import pytest

from extraction.components.attributes import tag_attributes


def _of(text: str, kind: str) -> list[tuple[str, object]]:
    return [(text[f.start : f.end], f.value) for f in tag_attributes(text) if f.kind == kind]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ondansetron 4 mg IVP", [("4 mg", (4.0, "mg"))]),
        ("Zofran 4mg/2mL IV push", [("4mg", (4.0, "mg"))]),
        ("Ketamine 35 mg (0.5 mg/kg) IV", [("35 mg", (35.0, "mg")), ("0.5 mg/kg", (0.5, "mg/kg"))]),
        ("B12 1,000 mcg IM", [("1,000 mcg", (1000.0, "mcg"))]),
        ("KCl 20 mEq in 100 mL", [("20 mEq", (20.0, "meq"))]),
        ("PIV 22g L AC", []),
        ("Ketamine 0.5 mg/kg/hr infusion", []),
        ("wasted 15 mg in sharps", []),
    ],
    ids=["mg", "mg-per-ml", "absolute-and-per-kg", "comma-number", "meq", "gauge-not-grams",
         "rate-not-dose", "waste-not-dose"],
)  # fmt: skip
def test_doses(text: str, expected: list) -> None:
    assert _of(text, "dose") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NS 1 L bolus", [("1 L", (1000.0, "mL"))]),
        ("in 100 mL NS", [("100 mL", (100.0, "mL"))]),
        ("Pain 8/10 L hand", []),
    ],
    ids=["liters-normalised", "ml", "pain-score-not-volume"],
)
def test_volumes(text: str, expected: list) -> None:
    assert _of(text, "volume") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NS @ 125 mL/hr", [("125 mL/hr", (125.0, "mL/h"))]),
        ("ketamine 0.5 mg/kg/hr", [("0.5 mg/kg/hr", (0.5, "mg/kg/h"))]),
        ("LR at 2 mL/min", [("2 mL/min", (120.0, "mL/h"))]),
    ],
    ids=["ml-per-hr", "mg-per-kg-per-hr", "ml-per-min-to-hour"],
)
def test_rates(text: str, expected: list) -> None:
    assert _of(text, "rate") == expected


@pytest.mark.parametrize(
    ("text", "route", "implied"),
    [
        ("Zofran 4 mg IVP", "IV", "push"),
        ("ondansetron 4 mg IV push", "IV", "push"),
        ("famotidine 20 mg IVPB", "IV", "infusion"),
        ("ketamine 35 mg IV over 40 min", "IV", None),
        ("Invega Sustenna 234 mg IM", "IM", None),
        ("enoxaparin 40 mg subQ", "SC", None),
        ("Spravato 56 mg intranasal", "intranasal", None),
        ("Spravato 56 mg IN", "intranasal", None),
        ("ondansetron 4 mg ODT", "PO", None),
        ("acetaminophen 650 mg PO", "PO", None),
    ],
)
def test_routes(text: str, route: str, implied: str | None) -> None:
    found = [(f.value, f.role) for f in tag_attributes(text) if f.kind == "route"]
    assert found[0] == (route, implied)


@pytest.mark.parametrize(
    "text",
    ["Stage IV lung cancer", "grade IV glioma", "poor PO intake", "NPO since midnight",
     "I'm in clinic", "In the AM"],
)  # fmt: skip
def test_routes_not_read_from_look_alikes(text: str) -> None:
    assert _of(text, "route") == []


@pytest.mark.parametrize(
    ("text", "site"),
    [
        ("PIV L AC 22g placed", "PIV L AC 22g"),
        ("Invega Sustenna 234 mg IM R deltoid", "R deltoid"),
        ("20 gauge IV R hand", "20 gauge IV R hand"),
        ("port accessed with Huber needle", "port"),
        ("IV access: 24g PIV L hand", "IV access: 24g PIV L hand"),
        ("Toradol 60 mg IM L ventrogluteal", "L ventrogluteal"),
    ],
)
def test_sites(text: str, site: str) -> None:
    assert [v for _, v in _of(text, "site")] == [site]


@pytest.mark.parametrize("text", ["NS 1 L bolus given", "IV push given", "L and R"])
def test_site_needs_a_location_or_device(text: str) -> None:
    assert _of(text, "site") == []


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("No waste.", "zero_waste", True),
        ("entire vial administered", "zero_waste", True),
        ("Waste: none", "zero_waste", True),
        ("wasted 15 mg", "waste", (15.0, "mg")),
        ("100 mg discarded", "waste", (100.0, "mg")),
    ],
)
def test_waste(text: str, kind: str, value: object) -> None:
    assert [v for _, v in _of(text, kind)] == [value]


@pytest.mark.parametrize(
    ("text", "purpose"),
    [("NS KVO", "kvo"), ("NS at TKO rate", "kvo"), ("10 mL NS flush", "flush"),
     ("LR for dehydration", "hydration")],
)  # fmt: skip
def test_purposes(text: str, purpose: str) -> None:
    assert purpose in [v for _, v in _of(text, "purpose")]
