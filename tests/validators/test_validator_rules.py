"""Golden cases for every registered rule: each id has positive and negative cases.

A case builds a realistic note, its extraction records, codes it, and checks whether the rule
fired. The completeness test at the end fails when a registered rule has no positive or no
negative case (the flake8 "every code is tested" idea).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from validators import RULES

BASE = """INFUSION CLINIC NOTE
{reason}
PIV 22g L AC placed. {sentence}
{extra}
Assessment/Plan: {dx}
"""


@dataclass
class Case:
    name: str
    rule_id: str
    expected: bool
    build: Callable[[Any], tuple[Any, Any, dict[str, Any]]]
    lines: set[str] | None = None  # when given, the scored lines must equal this set
    kwargs: dict[str, Any] = field(default_factory=dict)


def note(
    sentence: str,
    extra: str = "",
    dx: str = "F33.2 Major depressive disorder, recurrent severe.",
    reason: str = "Reason for visit: scheduled treatment.",
) -> str:
    return BASE.format(sentence=sentence, extra=extra, dx=dx, reason=reason)


def simple(
    sentence: str,
    drug: str | None,
    *,
    extra: str = "",
    dx: str | None = "F33.2",
    dx_text: str = "F33.2 Major depressive disorder, recurrent severe.",
    indications: tuple[str, ...] = (),
    dehydration: tuple[str, ...] = (),
    enc_kwargs: dict[str, Any] | None = None,
    more: tuple[tuple[str, str | None, dict[str, Any]], ...] = (),
    iv_site: bool = True,
    **admin: Any,
) -> Callable[[Any], tuple[Any, Any, dict[str, Any]]]:
    """A builder for a one-sentence administration (plus ``more`` sentences in ``extra``)."""

    def build(nb: Any) -> tuple[Any, Any, dict[str, Any]]:
        text = note(sentence, extra=extra, dx=dx_text if dx is not None else "Continue plan.")
        b = nb(text)
        admins = [b.admin("A1", sentence, drug, **admin)]
        for i, (sent, d, kw) in enumerate(more, start=2):
            admins.append(b.admin(f"A{i}", sent, d, **kw))
        if iv_site and "site" not in admin:
            first = admins[0]
            admins[0] = first.model_copy(update={"site": b.ex("L AC", "L AC")})
        enc = b.encounter(
            diagnoses=[(dx, dx)] if dx is not None else [],
            indications=list(indications),
            dehydration=list(dehydration),
            assessment="Assessment/Plan:",
            **(enc_kwargs or {}),
        )
        return b, b.result(*admins, encounter=enc), {}

    return build


def with_kwargs(build: Callable, **kwargs: Any) -> Callable:
    def wrapped(nb: Any) -> tuple[Any, Any, dict[str, Any]]:
        b, res, kw = build(nb)
        return b, res, {**kw, **kwargs}

    return wrapped


def ketamine(start: str, stop: str | None, **extra: Any) -> Callable:
    times = f"{start}-{stop}" if stop else f"started {start}"
    sentence = f"Ketamine 40 mg IV infusion {times}."
    if "holds" in extra:
        extra["extra"] = " ".join(h[0] + "." for h in extra["holds"])
    return simple(
        sentence,
        "Ketamine",
        dose=("40 mg", 40, "mg"),
        route="IV",
        technique=("infusion", "infusion"),
        start=start,
        stop=stop,
        **extra,
    )


def zofran_push(time: str = "10:05") -> tuple[str, str, dict[str, Any]]:
    return (
        f"Ondansetron 4 mg IVP {time} for nausea.",
        "Ondansetron",
        {
            "dose": ("4 mg", 4, "mg"),
            "route": ("IVP", "IV"),
            "technique": ("IVP", "push"),
            "start": time,
        },
    )


def hydration(
    start: str, stop: str, *, with_push: bool = False, dehydrated: bool = True, **extra: Any
) -> Callable:
    sentence = f"NS 1000 mL IV hydration {start}-{stop}."
    more = (zofran_push(),) if with_push else ()
    extra_text = " ".join(m[0] for m in more)
    return simple(
        sentence,
        "NS",
        name="normal saline",
        volume=("1000 mL", 1000, "mL"),
        route="IV",
        start=start,
        stop=stop,
        purpose=("hydration", "hydration"),
        more=more,
        extra=extra_text + (" Vomiting, poor PO intake." if dehydrated else ""),
        dehydration=("Vomiting", "poor PO intake") if dehydrated else (),
        dx="E86.0" if dehydrated else "F33.2",
        dx_text="E86.0 Dehydration." if dehydrated else "F33.2 Major depressive disorder.",
        **extra,
    )


CASES: list[Case] = [
    # --- DA-TIME-001 / 002 / 003: times ------------------------------------------------------
    Case(
        "untimed IV given",
        "DA-TIME-001",
        True,
        simple(
            "Toradol 30 mg IV given for back pain.",
            "Toradol",
            name="ketorolac",
            dose=("30 mg", 30, "mg"),
            route="IV",
            indications=("for back pain",),
        ),
        lines={"J1885x2"},
    ),
    Case(
        "stop without start",
        "DA-TIME-001",
        True,
        simple(
            "Ketamine 40 mg IV infusion stopped 10:40.",
            "Ketamine",
            dose=("40 mg", 40, "mg"),
            route="IV",
            technique=("infusion", "infusion"),
            stop="10:40",
        ),
        lines={"J3490"},
    ),
    Case(
        "start and stop documented",
        "DA-TIME-001",
        False,
        ketamine("10:00", "10:40"),
        lines={"96365", "J3490"},
    ),
    Case("infusion without stop", "DA-TIME-002", True, ketamine("09:30", None), lines={"J3490"}),
    Case(
        "duration alone is not a stop",
        "DA-TIME-002",
        True,
        simple(
            "Ketamine 40 mg IV infused over 40 minutes starting 09:30.",
            "Ketamine",
            dose=("40 mg", 40, "mg"),
            route="IV",
            technique=("infused", "infusion"),
            start="09:30",
            duration=("over 40 minutes", 40),
        ),
        lines={"J3490"},
    ),
    Case("stop before start", "DA-TIME-002", True, ketamine("10:40", "10:00"), lines={"J3490"}),
    Case("stop documented", "DA-TIME-002", False, ketamine("09:30", "10:10")),
    Case(
        "stop derived from volume and rate",
        "DA-TIME-003",
        True,
        simple(
            "NS 500 mL at 250 mL/h started 10:00 for vomiting.",
            "NS",
            name="normal saline",
            volume=("500 mL", 500, "mL"),
            rate=("250 mL/h", 250, "mL/h"),
            start="10:00",
            dehydration=("vomiting",),
            dx="E86.0",
            dx_text="E86.0 Dehydration.",
        ),
        lines={"96360", "96361"},
    ),
    Case("stop documented, nothing derived", "DA-TIME-003", False, ketamine("10:00", "10:40")),
    # --- DA-TIME-004: 15 / 16 minutes ----------------------------------------------------------
    Case(
        "infusion of 15 min",
        "DA-TIME-004",
        True,
        ketamine("10:00", "10:15"),
        lines={"96374", "J3490"},
    ),
    Case(
        "infusion of 16 min",
        "DA-TIME-004",
        False,
        ketamine("10:00", "10:16"),
        lines={"96365", "J3490"},
    ),
    Case(
        "documented push has no time rule",
        "DA-TIME-004",
        False,
        simple(*zofran_push()[:2], **zofran_push()[2], indications=("nausea",)),
        lines={"96374", "J2405x4"},
    ),
    # --- DA-TIME-005 / 006: holds --------------------------------------------------------------
    Case(
        "hold without times",
        "DA-TIME-005",
        True,
        ketamine("09:00", "12:35", holds=(("Held for BP, restarted", None, None),)),
    ),
    Case(
        "hold with times",
        "DA-TIME-005",
        False,
        ketamine("09:00", "12:35", holds=(("Held 10:30-10:50 for BP", "10:30", "10:50"),)),
    ),
    Case(
        "holds longer than the run",
        "DA-TIME-006",
        True,
        ketamine("10:00", "10:20", holds=(("Held 09:50-10:30 for BP", "09:50", "10:30"),)),
        lines={"J3490"},
    ),
    Case(
        "hold shorter than the run",
        "DA-TIME-006",
        False,
        ketamine("10:00", "11:20", holds=(("Held 10:30-10:50 for BP", "10:30", "10:50"),)),
        lines={"96365", "J3490"},
    ),
    # --- DA-TIME-007 / 008: hydration minutes --------------------------------------------------
    Case("hydration 30 min", "DA-TIME-007", True, hydration("10:00", "10:30"), lines=set()),
    Case("hydration 31 min", "DA-TIME-007", False, hydration("10:00", "10:31"), lines={"96360"}),
    Case(
        "hydration overlapping a drug infusion",
        "DA-TIME-008",
        True,
        simple(
            "NS 1000 mL IV hydration 10:00-11:30.",
            "NS",
            name="normal saline",
            volume=("1000 mL", 1000, "mL"),
            route="IV",
            start="10:00",
            stop="11:30",
            purpose=("hydration", "hydration"),
            dehydration=("Vomiting",),
            extra="Ketamine 40 mg IV infusion 10:10-10:50. Vomiting overnight.",
            more=(
                (
                    "Ketamine 40 mg IV infusion 10:10-10:50.",
                    "Ketamine",
                    {
                        "dose": ("40 mg", 40, "mg"),
                        "route": "IV",
                        "technique": ("infusion", "infusion"),
                        "start": "10:10",
                        "stop": "10:50",
                    },
                ),
            ),
        ),
        lines={"96365", "96361", "J3490"},
    ),
    Case(
        "overlap leaves 30 min of hydration",
        "DA-TIME-007",
        True,
        simple(
            "NS 1000 mL IV hydration 10:00-11:00.",
            "NS",
            name="normal saline",
            volume=("1000 mL", 1000, "mL"),
            route="IV",
            start="10:00",
            stop="11:00",
            purpose=("hydration", "hydration"),
            dehydration=("Vomiting",),
            extra="Ketamine 40 mg IV infusion 10:30-11:10. Vomiting overnight.",
            more=(
                (
                    "Ketamine 40 mg IV infusion 10:30-11:10.",
                    "Ketamine",
                    {
                        "dose": ("40 mg", 40, "mg"),
                        "route": "IV",
                        "technique": ("infusion", "infusion"),
                        "start": "10:30",
                        "stop": "11:10",
                    },
                ),
            ),
        ),
        lines={"96365", "J3490"},
    ),
    Case(
        "hydration before the drug infusion",
        "DA-TIME-008",
        False,
        simple(
            "NS 1000 mL IV hydration 09:00-09:50.",
            "NS",
            name="normal saline",
            volume=("1000 mL", 1000, "mL"),
            route="IV",
            start="09:00",
            stop="09:50",
            purpose=("hydration", "hydration"),
            dehydration=("Vomiting",),
            extra="Ketamine 40 mg IV infusion 10:10-10:50. Vomiting overnight.",
            more=(
                (
                    "Ketamine 40 mg IV infusion 10:10-10:50.",
                    "Ketamine",
                    {
                        "dose": ("40 mg", 40, "mg"),
                        "route": "IV",
                        "technique": ("infusion", "infusion"),
                        "start": "10:10",
                        "stop": "10:50",
                    },
                ),
            ),
        ),
        lines={"96365", "96361", "J3490"},
    ),
    # --- DA-SEQ-001: KVO / vehicle -------------------------------------------------------------
    Case(
        "KVO fluid",
        "DA-SEQ-001",
        True,
        simple(
            "NS KVO at 10 mL/h during the visit.",
            "NS",
            name="normal saline",
            rate=("10 mL/h", 10, "mL/h"),
            purpose=("KVO", "kvo"),
        ),
        lines=set(),
    ),
    Case(
        "low-rate fluid without purpose is KVO",
        "DA-SEQ-001",
        True,
        simple(
            "NS at 20 mL/h 10:00-11:30 with the ketamine.",
            "NS",
            name="normal saline",
            rate=("20 mL/h", 20, "mL/h"),
            start="10:00",
            stop="11:30",
            extra="Ketamine 40 mg IV infusion 10:10-10:50.",
            more=(
                (
                    "Ketamine 40 mg IV infusion 10:10-10:50.",
                    "Ketamine",
                    {
                        "dose": ("40 mg", 40, "mg"),
                        "route": "IV",
                        "technique": ("infusion", "infusion"),
                        "start": "10:10",
                        "stop": "10:50",
                    },
                ),
            ),
        ),
        lines={"96365", "J3490"},
    ),
    Case(
        "vehicle fluid raises nothing",
        "DA-SEQ-001",
        False,
        simple(
            "Ketamine 40 mg in 100 mL NS infused 10:00-10:40.",
            "NS",
            name="normal saline",
            volume=("100 mL", 100, "mL"),
            purpose=("in 100 mL NS", "vehicle"),
            more=(
                (
                    "Ketamine 40 mg in 100 mL NS infused 10:00-10:40.",
                    "Ketamine",
                    {
                        "dose": ("40 mg", 40, "mg"),
                        "technique": ("infused", "infusion"),
                        "start": "10:00",
                        "stop": "10:40",
                    },
                ),
            ),
        ),
        lines={"96365", "J3490"},
    ),
    # --- DA-SEQ-002: repeat push in office; 30 / 31 minutes ------------------------------------
    Case(
        "office repeat push 31 min later",
        "DA-SEQ-002",
        True,
        simple(
            *zofran_push("10:05")[:2],
            **zofran_push("10:05")[2],
            indications=("nausea",),
            extra="Ondansetron 4 mg IVP 10:36 again.",
            more=(
                (
                    "Ondansetron 4 mg IVP 10:36 again.",
                    "Ondansetron",
                    {
                        "dose": ("4 mg", 4, "mg"),
                        "route": ("IVP", "IV"),
                        "technique": ("IVP", "push"),
                        "start": "10:36",
                    },
                ),
            ),
        ),
        lines={"96374", "J2405x8"},
    ),
    Case(
        "office repeat push 30 min later",
        "DA-SEQ-002",
        False,
        simple(
            *zofran_push("10:05")[:2],
            **zofran_push("10:05")[2],
            indications=("nausea",),
            extra="Ondansetron 4 mg IVP 10:35 again.",
            more=(
                (
                    "Ondansetron 4 mg IVP 10:35 again.",
                    "Ondansetron",
                    {
                        "dose": ("4 mg", 4, "mg"),
                        "route": ("IVP", "IV"),
                        "technique": ("IVP", "push"),
                        "start": "10:35",
                    },
                ),
            ),
        ),
        lines={"96374", "J2405x8"},
    ),
    Case(
        "facility repeat push 31 min later is 96376",
        "DA-SEQ-002",
        False,
        with_kwargs(
            simple(
                *zofran_push("10:05")[:2],
                **zofran_push("10:05")[2],
                indications=("nausea",),
                extra="Ondansetron 4 mg IVP 10:36 again.",
                more=(
                    (
                        "Ondansetron 4 mg IVP 10:36 again.",
                        "Ondansetron",
                        {
                            "dose": ("4 mg", 4, "mg"),
                            "route": ("IVP", "IV"),
                            "technique": ("IVP", "push"),
                            "start": "10:36",
                        },
                    ),
                ),
            ),
            setting="facility",
        ),
        lines={"96374", "96376", "J2405x8"},
    ),
    # --- DA-SEQ-003: multiple initial services billed ------------------------------------------
    Case(
        "two initials billed",
        "DA-SEQ-003",
        True,
        with_kwargs(ketamine("10:00", "10:40"), billed=[("96365", 1), ("96374", 1), ("J3490", 1)]),
        lines={"96365", "J3490"},
    ),
    Case(
        "one initial billed",
        "DA-SEQ-003",
        False,
        with_kwargs(ketamine("10:00", "10:40"), billed=[("96365", 1), ("J3490", 1)]),
    ),
    # --- DA-DRUG-001 / 002 / 003 ----------------------------------------------------------------
    Case(
        "antiemetic not named",
        "DA-DRUG-001",
        True,
        simple(
            "Antiemetic 4 mg IVP 10:05 given.",
            None,
            name="Antiemetic",
            dose=("4 mg", 4, "mg"),
            route=("IVP", "IV"),
            technique=("IVP", "push"),
            start="10:05",
        ),
        lines=set(),
    ),
    Case(
        "named drug",
        "DA-DRUG-001",
        False,
        simple(*zofran_push()[:2], **zofran_push()[2], indications=("nausea",)),
    ),
    Case("ketamine is J3490", "DA-DRUG-002", True, ketamine("10:00", "10:40")),
    Case(
        "ondansetron has its code",
        "DA-DRUG-002",
        False,
        simple(*zofran_push()[:2], **zofran_push()[2], indications=("nausea",)),
    ),
    Case(
        "medicare single-dose without waste statement",
        "DA-DRUG-003",
        True,
        with_kwargs(
            simple(
                "Invega Sustenna 234 mg IM R deltoid 14:10.",
                "Invega Sustenna",
                dose=("234 mg", 234, "mg"),
                route="IM",
                site="R deltoid",
                start="14:10",
                dx="F20.9",
                dx_text="F20.9 Schizophrenia.",
            ),
            payer="medicare",
        ),
        lines={"96372", "J2426x234"},
    ),
    Case(
        "medicare single-dose with documented waste",
        "DA-DRUG-003",
        False,
        with_kwargs(
            simple(
                "Invega Sustenna 234 mg IM R deltoid 14:10, 0.5 mg wasted.",
                "Invega Sustenna",
                dose=("234 mg", 234, "mg"),
                route="IM",
                site="R deltoid",
                start="14:10",
                waste=("0.5 mg wasted", 0.5, "mg"),
                dx="F20.9",
                dx_text="F20.9 Schizophrenia.",
            ),
            payer="medicare",
        ),
        lines={"96372", "J2426x234", "J2426-JW"},
    ),
    Case(
        "commercial single-dose needs no waste statement",
        "DA-DRUG-003",
        False,
        simple(
            "Invega Sustenna 234 mg IM R deltoid 14:10.",
            "Invega Sustenna",
            dose=("234 mg", 234, "mg"),
            route="IM",
            site="R deltoid",
            start="14:10",
            dx="F20.9",
            dx_text="F20.9 Schizophrenia.",
        ),
        lines={"96372", "J2426x234"},
    ),
    # --- DA-DOSE-001 / 002 ----------------------------------------------------------------------
    Case(
        "drug without dose",
        "DA-DOSE-001",
        True,
        simple(
            "Ondansetron IVP 10:05 for nausea.",
            "Ondansetron",
            route=("IVP", "IV"),
            technique=("IVP", "push"),
            start="10:05",
            indications=("for nausea",),
        ),
        lines={"96374"},
    ),
    Case(
        "drug with dose",
        "DA-DOSE-001",
        False,
        simple(*zofran_push()[:2], **zofran_push()[2], indications=("nausea",)),
    ),
    Case(
        "weight-based dose without weight",
        "DA-DOSE-002",
        True,
        simple(
            "Ketamine 0.5 mg/kg IV infusion 10:00-10:40.",
            "Ketamine",
            dose=("0.5 mg/kg", 0.5, "mg/kg"),
            per_kg=True,
            route="IV",
            technique=("infusion", "infusion"),
            start="10:00",
            stop="10:40",
        ),
        lines={"96365"},
    ),
    Case(
        "weight-based dose with weight",
        "DA-DOSE-002",
        False,
        simple(
            "Ketamine 0.5 mg/kg IV infusion 10:00-10:40.",
            "Ketamine",
            dose=("0.5 mg/kg", 0.5, "mg/kg"),
            per_kg=True,
            route="IV",
            technique=("infusion", "infusion"),
            start="10:00",
            stop="10:40",
            extra="Weight 70 kg.",
            enc_kwargs={"weight_kg": ("70 kg", 70.0)},
        ),
        lines={"96365", "J3490"},
    ),
    # --- DA-ROUTE-001 ----------------------------------------------------------------------------
    Case(
        "dose without route",
        "DA-ROUTE-001",
        True,
        simple(
            "Zofran 4 mg given at 10:05 for nausea.",
            "Zofran",
            name="ondansetron",
            dose=("4 mg", 4, "mg"),
            start="10:05",
            indications=("for nausea",),
        ),
        lines=set(),
    ),
    Case(
        "route stated",
        "DA-ROUTE-001",
        False,
        simple(*zofran_push()[:2], **zofran_push()[2], indications=("nausea",)),
    ),
    # --- DA-SITE-001 / 002 -----------------------------------------------------------------------
    Case("no IV site anywhere", "DA-SITE-001", True, ketamine("10:00", "10:40", iv_site=False)),
    Case("one IV site covers the encounter", "DA-SITE-001", False, ketamine("10:00", "10:40")),
    Case(
        "IM injection without site",
        "DA-SITE-002",
        True,
        simple(
            "Ketorolac 60 mg IM at 09:05 for back pain.",
            "Ketorolac",
            dose=("60 mg", 60, "mg"),
            route="IM",
            start="09:05",
            iv_site=False,
            indications=("for back pain",),
        ),
        lines={"96372", "J1885x4"},
    ),
    Case(
        "IM injection with site",
        "DA-SITE-002",
        False,
        simple(
            "Ketorolac 60 mg IM R gluteal at 09:05 for back pain.",
            "Ketorolac",
            dose=("60 mg", 60, "mg"),
            route="IM",
            site="R gluteal",
            start="09:05",
            indications=("for back pain",),
        ),
    ),
    # --- DA-DX-001..004 --------------------------------------------------------------------------
    Case(
        "no diagnosis",
        "DA-DX-001",
        True,
        simple(*zofran_push()[:2], **zofran_push()[2], dx=None, indications=("nausea",)),
    ),
    Case(
        "diagnosis present",
        "DA-DX-001",
        False,
        simple(*zofran_push()[:2], **zofran_push()[2], indications=("nausea",)),
    ),
    Case(
        "category header F33",
        "DA-DX-002",
        True,
        simple(
            *zofran_push()[:2],
            **zofran_push()[2],
            dx="F33",
            dx_text="F33 Major depressive disorder, recurrent.",
        ),
    ),
    Case(
        "unknown code",
        "DA-DX-002",
        True,
        simple(
            *zofran_push()[:2],
            **zofran_push()[2],
            dx="Z99.999",
            dx_text="Z99.999 dependence on machines.",
        ),
    ),
    Case("billable leaf F33.2", "DA-DX-002", False, simple(*zofran_push()[:2], **zofran_push()[2])),
    Case(
        "drug without indication or diagnosis",
        "DA-DX-003",
        True,
        simple(*zofran_push()[:2], **zofran_push()[2], dx=None),
    ),
    Case(
        "wellness is not an indication",
        "DA-DX-003",
        True,
        simple(
            "Ondansetron 4 mg IVP 10:05 for wellness.",
            "Ondansetron",
            dose=("4 mg", 4, "mg"),
            route=("IVP", "IV"),
            technique=("IVP", "push"),
            start="10:05",
            dx=None,
            indications=("for wellness",),
        ),
    ),
    Case(
        "drug with indication only",
        "DA-DX-003",
        False,
        simple(*zofran_push()[:2], **zofran_push()[2], dx=None, indications=("nausea",)),
    ),
    Case(
        "hydration without dehydration evidence",
        "DA-DX-004",
        True,
        hydration("10:00", "11:00", dehydrated=False),
        lines={"96360"},
    ),
    Case(
        "hydration with dehydration evidence",
        "DA-DX-004",
        False,
        hydration("10:00", "11:00"),
        lines={"96360"},
    ),
    # --- DA-PAY-001..003 -------------------------------------------------------------------------
    Case("ketamine for depression", "DA-PAY-001", True, ketamine("10:00", "10:40")),
    Case(
        "ketamine for CRPS",
        "DA-PAY-001",
        False,
        simple(
            "Ketamine 40 mg IV infusion 10:00-10:40.",
            "Ketamine",
            dose=("40 mg", 40, "mg"),
            route="IV",
            technique=("infusion", "infusion"),
            start="10:00",
            stop="10:40",
            dx="G90.511",
            dx_text="G90.511 Complex regional pain syndrome I, right arm.",
        ),
    ),
    Case(
        "Myers cocktail",
        "DA-PAY-002",
        True,
        simple(
            "Myers cocktail IV infusion 10:00-10:45 for energy.",
            "Myers cocktail",
            dose=("Myers cocktail", 1, "units"),
            route="IV",
            technique=("infusion", "infusion"),
            start="10:00",
            stop="10:45",
            dx=None,
            indications=("for energy",),
        ),
        lines={"96365", "J3490"},
    ),
    Case(
        "ondansetron is not wellness",
        "DA-PAY-002",
        False,
        simple(*zofran_push()[:2], **zofran_push()[2], indications=("nausea",)),
    ),
    Case(
        "esketamine without REMS",
        "DA-PAY-003",
        True,
        simple(
            "Esketamine 56 mg intranasal at 10:00, observed 2 hours.",
            "Esketamine",
            dose=("56 mg", 56, "mg"),
            route="intranasal",
            start="10:00",
            iv_site=False,
            enc_kwargs={"monitoring": "observed 2 hours"},
        ),
        lines={"J0013x56"},
    ),
    Case(
        "esketamine monitored 60 min",
        "DA-PAY-003",
        True,
        simple(
            "Esketamine 56 mg intranasal at 10:00, REMS site, observed 60 min.",
            "Esketamine",
            dose=("56 mg", 56, "mg"),
            route="intranasal",
            start="10:00",
            iv_site=False,
            enc_kwargs={"monitoring": "observed 60 min", "rems": "REMS site"},
        ),
    ),
    Case(
        "esketamine with REMS and 2 h monitoring",
        "DA-PAY-003",
        False,
        simple(
            "Esketamine 56 mg intranasal at 10:00, REMS site, observed 2 hours.",
            "Esketamine",
            dose=("56 mg", 56, "mg"),
            route="intranasal",
            start="10:00",
            iv_site=False,
            enc_kwargs={"monitoring": "observed 2 hours", "rems": "REMS site"},
        ),
    ),
    # --- DA-CODE-001: MUE -------------------------------------------------------------------------
    Case(
        "office hydration over the practitioner MUE",
        "DA-CODE-001",
        True,
        hydration("20:00", "11:00", with_push=True),
        lines={"96374", "96361x8", "J2405x4"},
    ),
    Case(
        "facility MUE 24 allows it",
        "DA-CODE-001",
        False,
        with_kwargs(hydration("20:00", "11:00", with_push=True), setting="facility"),
        lines={"96374", "96361x15", "J2405x4"},
    ),
    # --- DA-AUDIT-001..004 ---------------------------------------------------------------
    Case(
        "96365 billed for a 14-min infusion",
        "DA-AUDIT-001",
        True,
        with_kwargs(ketamine("09:30", "09:44"), billed=[("96365", 1), ("J3490", 1)]),
        lines={"96374", "J3490"},
    ),
    Case(
        "billed as supported",
        "DA-AUDIT-001",
        False,
        with_kwargs(ketamine("09:30", "10:14"), billed=[("96365", 1), ("J3490", 1)]),
    ),
    Case(
        "36000 billed with 96365",
        "DA-AUDIT-002",
        True,
        with_kwargs(ketamine("10:00", "10:40"), billed=[("96365", 1), ("J3490", 1), ("36000", 1)]),
    ),
    Case(
        "96523 never with 96365",
        "DA-AUDIT-002",
        True,
        with_kwargs(ketamine("10:00", "10:40"), billed=[("96365", 1), ("J3490", 1), ("96523", 1)]),
    ),
    Case(
        "36000 with modifier 59",
        "DA-AUDIT-002",
        False,
        with_kwargs(
            ketamine("10:00", "10:40"), billed=[("96365", 1), ("J3490", 1), ("36000", 1, ("59",))]
        ),
    ),
    Case(
        "J3490 not billed",
        "DA-AUDIT-003",
        True,
        with_kwargs(ketamine("10:00", "10:40"), billed=[("96365", 1)]),
    ),
    Case(
        "everything billed",
        "DA-AUDIT-003",
        False,
        with_kwargs(ketamine("10:00", "10:40"), billed=[("96365", 1), ("J3490", 1)]),
    ),
    Case(
        "J2405 billed x8 for 4 mg",
        "DA-AUDIT-004",
        True,
        with_kwargs(
            simple(*zofran_push()[:2], **zofran_push()[2], indications=("nausea",)),
            billed=[("96374", 1), ("J2405", 8)],
        ),
    ),
    Case(
        "J2405 billed x4 for 4 mg",
        "DA-AUDIT-004",
        False,
        with_kwargs(
            simple(*zofran_push()[:2], **zofran_push()[2], indications=("nausea",)),
            billed=[("96374", 1), ("J2405", 4)],
        ),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.rule_id}:{c.name}")
def test_rule_case(case: Case, nb, lines_of, rule_ids):
    b, extraction, kwargs = case.build(nb)
    result = b.code(extraction, **kwargs)
    assert (case.rule_id in rule_ids(result)) is case.expected, [
        (f.rule_id, f.message) for f in result.findings
    ]
    if case.lines is not None:
        assert lines_of(result) == case.lines
    for finding in result.findings:
        assert finding.message and "{" not in finding.message
        for ev in finding.evidence:
            assert b.text[ev.span.start : ev.span.end] == ev.span.text


def test_every_registered_rule_has_positive_and_negative_cases():
    covered = {(c.rule_id, c.expected) for c in CASES}
    missing = [
        f"{rule_id} ({'positive' if want else 'negative'})"
        for rule_id in sorted(RULES)
        for want in (True, False)
        if (rule_id, want) not in covered
    ]
    assert not missing, f"rules without golden cases: {missing}"


def test_audit_message_says_what_is_supported_instead(nb):
    b, extraction, kwargs = with_kwargs(
        ketamine("09:30", "09:44"), billed=[("96365", 1), ("J3490", 1)]
    )(nb)
    result = b.code(extraction, **kwargs)
    finding = next(f for f in result.findings if f.rule_id == "DA-AUDIT-001")
    assert "14 min" in finding.message and "96374" in finding.message


def test_missing_stop_query_names_drug_and_start(nb):
    b, extraction, _ = ketamine("09:30", None)(nb)
    result = b.code(extraction)
    finding = next(f for f in result.findings if f.rule_id == "DA-TIME-002")
    assert (
        finding.query == "Please document the stop time of the ketamine infusion started at 09:30."
    )
    assert {e.label for e in finding.evidence} >= {"administration", "drug", "start"}


def test_short_infusion_message_reads_for_a_coder(nb):
    b, extraction, _ = ketamine("09:30", "09:44")(nb)
    finding = next(f for f in b.code(extraction).findings if f.rule_id == "DA-TIME-004")
    assert finding.message == (
        "ketamine infusion 09:30–09:44 ran 14 min: an infusion of 15 minutes or less is "
        "reported as an IV push (96374/96375), not 96365."
    )


def test_not_given_administrations_produce_no_line_and_no_finding(nb):
    for status in (
        "planned",
        "ordered",
        "declined",
        "held",
        "historical",
        "hypothetical",
        "negated",
    ):
        b, extraction, _ = simple(
            "Ketamine 40 mg IV infusion planned for next week.",
            "Ketamine",
            dose=("40 mg", 40, "mg"),
            route="IV",
            technique=("infusion", "infusion"),
            status=status,
        )(nb)
        result = b.code(extraction)
        assert result.lines == ()
        assert {f.rule_id for f in result.findings} <= {"DA-DX-001"}
        assert result.decisions[0].billable is False


def test_date_of_service_from_the_note_when_the_caller_gives_none(nb):
    text = note(
        "Esketamine 56 mg intranasal at 10:00, REMS site, observed 2 hours.",
        extra="DOS 11/03/2025.",
    )
    b = nb(text)
    esk = b.admin(
        "A1",
        "Esketamine 56 mg intranasal at 10:00, REMS site, observed 2 hours.",
        "Esketamine",
        dose=("56 mg", 56, "mg"),
        route="intranasal",
        start="10:00",
    )
    enc = b.encounter(
        diagnoses=[("F33.2", "F33.2")],
        date=("11/03/2025", dt.date(2025, 11, 3)),
        rems="REMS site",
        monitoring="observed 2 hours",
    )
    result = b.code(b.result(esk, encounter=enc), payer="commercial", date=None)
    assert {line.code for line in result.lines} == {"S0013"}
