"""Generate varied, realistic synthetic clinical notes (1-3 KB) for throughput benchmarks.

The notes imitate the styles the extractor reads — EHR infusion templates, MAR exports, nursing
flowsheet tables, SOAP narratives, terse shorthand, LAI injection records, esketamine sessions and
hydration visits — with random drugs, doses, times, sites, vitals and distractors (medication
lists, allergies, lab values, planned doses). They are for speed measurement only: they are never
used as evaluation labels. Output is deterministic for a given seed.

Usage::

    python benchmarks/generate_notes.py --n 2000 --seed 7 > notes.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable, Iterator

FIRST = [
    "Ava",
    "Liam",
    "Noah",
    "Mia",
    "Zoe",
    "Omar",
    "Ines",
    "Raj",
    "Lena",
    "Tomas",
    "Keiko",
    "Farah",
    "Bruno",
    "Delia",
    "Hugo",
    "Priya",
    "Sven",
    "Aiyana",
    "Jonah",
    "Marisol",
]
LAST = [
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Tanaka",
    "Reyes",
    "Nakamura",
    "Abernathy",
    "Silva",
    "Kowalski",
    "Haddad",
    "Ferreira",
    "O'Neill",
    "Brandt",
    "Achebe",
    "Duarte",
    "Holm",
]
CLINICS = [
    "Summit Infusion Center",
    "Riverbend Ketamine Clinic",
    "Cedar Hollow HOPD Infusion",
    "Northgate Urgent Care",
    "Harbor Behavioral Health",
    "Lakeside Oncology Infusion",
]
PUSHES = [
    ("ondansetron", "4 mg"),
    ("Zofran", "4 mg"),
    ("famotidine", "20 mg"),
    ("diphenhydramine", "25 mg"),
    ("Benadryl", "25 mg"),
    ("ketorolac", "30 mg"),
    ("Toradol", "15 mg"),
    ("dexamethasone", "10 mg"),
    ("metoclopramide", "10 mg"),
    ("Reglan", "10 mg"),
    ("prochlorperazine", "10 mg"),
    ("midazolam", "2 mg"),
]
INFUSIONS = [
    ("ketamine", "35 mg", "100 mL NS"),
    ("Ketamine", "0.5 mg/kg", "250 mL NS"),
    ("iron sucrose", "200 mg", "100 mL NS"),
    ("Venofer", "300 mg", "250 mL NS"),
    ("ferric carboxymaltose", "750 mg", "250 mL NS"),
    ("ceftriaxone", "1 g", "50 mL NS"),
    ("magnesium sulfate", "2 g", "50 mL D5W"),
    ("infliximab", "400 mg", "250 mL NS"),
    ("methylprednisolone", "125 mg", "100 mL NS"),
    ("vancomycin", "1 g", "250 mL NS"),
]
INJECTIONS = [
    ("Invega Sustenna", "156 mg", "IM"),
    ("Abilify Maintena", "400 mg", "IM"),
    ("Vivitrol", "380 mg", "IM"),
    ("cyanocobalamin", "1000 mcg", "IM"),
    ("ketorolac", "60 mg", "IM"),
    ("ceftriaxone", "250 mg", "IM"),
    ("enoxaparin", "40 mg", "SC"),
    ("Sublocade", "300 mg", "SC"),
]
FLUIDS = ["NS", "normal saline", "LR", "lactated ringers", "D5W", "0.9% NaCl"]
SITES = [
    "PIV L AC 22g",
    "20g PIV R forearm",
    "22 gauge IV R hand",
    "port accessed",
    "L AC 20g",
    "PICC line",
    "24g PIV L hand",
]
INJ_SITES = ["R deltoid", "L deltoid", "L ventrogluteal", "R dorsogluteal", "abdomen", "L thigh"]
HOME_MEDS = [
    "sertraline 50 mg PO daily",
    "lisinopril 10 mg PO daily",
    "metformin 500 mg BID",
    "ondansetron 4 mg ODT PRN",
    "gabapentin 300 mg TID",
    "quetiapine 50 mg qHS",
    "atorvastatin 20 mg qHS",
    "levothyroxine 75 mcg daily",
    "bupropion XL 150 mg",
]
DX = [
    "F33.2 Major depressive disorder, recurrent severe",
    "E86.0 Dehydration",
    "D50.9 Iron deficiency anemia",
    "G43.909 Migraine",
    "F43.12 PTSD, chronic",
    "K52.9 Gastroenteritis",
    "N39.0 UTI",
    "F20.9 Schizophrenia",
    "R11.2 Nausea with vomiting",
]
FILLER = [
    "Patient tolerated the procedure without complication.",
    "Discussed risks, benefits and alternatives; consent signed and in chart.",
    "No infiltration, site clean, dry and intact.",
    "Ambulated to restroom with steady gait, returned to chair.",
    "Reviewed discharge instructions; verbalized understanding.",
    "Pain 3/10 on arrival, 1/10 at discharge. No SI/HI.",
    "Denies chest pain, SOB, palpitations. Mild dissociation resolved within 20 min.",
    "Glucose 1234 (meter error, repeat 112). BP 128/82, HR 76, SpO2 98% RA.",
    "Labs reviewed: Hgb 9.1, ferritin 12, Cr 0.8, K 4.1, Na 139.",
    "Family at bedside. Ride home arranged. Follow-up in 2 weeks.",
]


def _hhmm(minute: int, style: str) -> str:
    minute %= 1440
    h, m = divmod(minute, 60)
    if style == "colon":
        return f"{h:02d}:{m:02d}"
    if style == "ampm":
        return f"{(h % 12) or 12}:{m:02d} {'AM' if h < 12 else 'PM'}"
    return f"{h:02d}{m:02d}"


class _Note:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.t0 = rng.randrange(7 * 60, 16 * 60)
        self.style = rng.choice(["colon", "four", "four", "colon", "ampm"])
        self.weight = rng.randrange(48, 120)

    def t(self, offset: int) -> str:
        return _hhmm(self.t0 + offset, self.style)

    def header(self, title: str) -> str:
        r = self.rng
        return (
            f"{r.choice(CLINICS).upper()} - {title}\n"
            f"Patient: {r.choice(FIRST)} {r.choice(LAST)}   DOB: {r.randrange(1, 13):02d}/"
            f"{r.randrange(1, 28):02d}/{r.randrange(1940, 2005)}   "
            f"MRN: {r.randrange(10**6, 10**7)}\n"
            f"DOS: {r.randrange(1, 13):02d}/{r.randrange(1, 28):02d}/2025   Wt {self.weight} kg\n"
        )

    def meds_allergies(self) -> str:
        r = self.rng
        meds = ", ".join(r.sample(HOME_MEDS, r.randrange(2, 5)))
        allergy = r.choice(["NKDA", "penicillin (rash)", "sulfa (hives)", "Compazine (dystonia)"])
        return f"Home meds: {meds}\nAllergies: {allergy}\n"

    def filler(self, k: int) -> str:
        return " ".join(self.rng.sample(FILLER, k))

    def dx(self) -> str:
        return "Dx: " + "; ".join(self.rng.sample(DX, self.rng.randrange(1, 3))) + "\n"


def _template(n: _Note) -> str:
    r = n.rng
    drug, dose, bag = r.choice(INFUSIONS)
    push, pdose = r.choice(PUSHES)
    return (
        n.header("INFUSION NOTE")
        + f"Reason for visit: {drug} infusion, dose {r.randrange(1, 6)} of 6.\n"
        + n.dx()
        + n.meds_allergies()
        + f"\nVitals {n.t(-10)}  BP {r.randrange(100, 150)}/{r.randrange(60, 95)}  "
        f"HR {r.randrange(55, 110)}\n\n"
        + "INFUSION RECORD\n"
        + f"Access: {r.choice(SITES)}\n"
        + f"Premed: {push} {pdose} IV push at {n.t(-5)}\n"
        + f"Medication: {drug} {dose} in {bag}\n"
        + "Route: IV\n"
        + f"Start Time: {n.t(0)} | Stop Time: {n.t(r.randrange(16, 120))} | "
        f"Rate: {r.randrange(60, 300)} mL/hr\n"
        + f"Waste: {r.choice(['none', '0 mg', '15 mg'])}\n\n"
        + n.filler(4)
        + "\n\nPlan: next infusion in 2 weeks. "
        + n.filler(2)
        + "\n"
    )


def _mar(n: _Note) -> str:
    r = n.rng
    drug, dose, bag = r.choice(INFUSIONS)
    push, pdose = r.choice(PUSHES)
    date = f"{r.randrange(1, 13):02d}/{r.randrange(1, 28):02d}/2025"
    rows = [
        f"{date} {n.t(-12)}  PIV placed {r.choice(SITES)}  RN",
        f"{date} {n.t(-5)}  {push} {pdose} IV Push  Given  RN",
        f"{date} {n.t(0)}  {drug} {dose} in {bag} IV  Started  @{r.randrange(80, 250)} mL/hr  RN",
        f"{date} {n.t(25)}  Vitals BP {r.randrange(100, 150)}/{r.randrange(60, 95)} "
        f"HR {r.randrange(55, 110)}  RN",
    ]
    if r.random() < 0.4:
        rows.append(f"{date} {n.t(30)}  {drug}  Paused  (BP elevated)  RN")
        rows.append(f"{date} {n.t(38)}  {drug}  Resumed  RN")
    rows.append(f"{date} {n.t(r.randrange(45, 130))}  {drug}  Stopped  bag complete  RN")
    rows.append(f"{date} {n.t(140)}  Discharge  ambulatory  RN")
    return (
        n.header("MEDICATION ADMINISTRATION RECORD")
        + n.dx()
        + n.meds_allergies()
        + "\n"
        + "\n".join(rows)
        + "\n\n"
        + n.filler(5)
        + "\n"
    )


def _flowsheet(n: _Note) -> str:
    r = n.rng
    fluid = r.choice(FLUIDS)
    push, pdose = r.choice(PUSHES)
    push2, pdose2 = r.choice(PUSHES)
    rows = [
        "| Time  | Event / medication             | Dose / rate  | BP     | HR  |",
        "|-------|--------------------------------|--------------|--------|-----|",
        f"| {n.t(0)} | PIV placed {r.choice(SITES):<20} | -            | 104/66 | 112 |",
        f"| {n.t(2)} | {fluid} bolus started{'':<10} | 1000 mL      |        |     |",
        f"| {n.t(5)} | {push} IV push{'':<12} | {pdose:<12} |        |     |",
        f"| {n.t(30)} | Vitals{'':<24} |              | 110/70 | 104 |",
        f"| {n.t(r.randrange(40, 90))} | {fluid} bolus completed{'':<8} "
        "| 1000 mL in   | 118/74 | 94  |",
        f"| {n.t(95)} | {push2} IV push{'':<12} | {pdose2:<12} |        |     |",
    ]
    return (
        n.header("NURSING FLOWSHEET")
        + n.dx()
        + "Dehydration: vomiting x2 days, unable to keep fluids down, dry mucosa.\n"
        + n.meds_allergies()
        + "\n"
        + "\n".join(rows)
        + "\n\n"
        + n.filler(5)
        + "\n"
    )


def _soap(n: _Note) -> str:
    r = n.rng
    drug, dose, bag = r.choice(INFUSIONS)
    push, pdose = r.choice(PUSHES)
    return (
        n.header("PROGRESS NOTE")
        + f"S: Here for {drug} infusion. Had {r.randrange(2, 8)} infusions last year with good "
        "response. Denies SI. "
        + n.filler(2)
        + "\n"
        + f"O: BP {r.randrange(100, 150)}/{r.randrange(60, 95)}, HR {r.randrange(55, 110)}, "
        f"T 98.{r.randrange(0, 9)}, SpO2 9{r.randrange(5, 9)}%. {r.choice(SITES)} placed.\n"
        + f"   {push} {pdose} IVP given at {n.t(-4)}. Denies SI. "
        f"{drug} {dose} in {bag} was infused IV "
        f"from {n.t(0)} to {n.t(r.randrange(20, 120))} without reaction.\n"
        + f"   {n.filler(3)}\n"
        + "A: "
        + n.dx()
        + f"P: Plan {drug} next week. Patient declined {r.choice(PUSHES)[0]}. "
        + n.filler(2)
        + "\n"
        + n.meds_allergies()
    )


def _shorthand(n: _Note) -> str:
    r = n.rng
    drug, dose, bag = r.choice(INFUSIONS)
    push, pdose = r.choice(PUSHES)
    return (
        n.header("UC NOTE")
        + f"cc n/v x2d, poor PO intake. {n.dx()}"
        + f"PIV {r.choice(['L AC', 'R hand', 'R FA'])} {r.choice(['20g', '22g'])}. "
        f"{push} {pdose} IVP @{n.t(0)}. "
        f"{r.choice(FLUIDS)} 1L bolus start {n.t(2)} stop {n.t(62)}.\n"
        + f"{drug} {dose} IVPB in {bag} started {n.t(65)}, stopped {n.t(r.randrange(80, 140))}.\n"
        + f"pt tolerating PO, d/c home. {n.filler(5)}\n"
        + n.meds_allergies()
    )


def _lai(n: _Note) -> str:
    r = n.rng
    drug, dose, route = r.choice(INJECTIONS)
    return (
        n.header("LAI ADMINISTRATION RECORD")
        + n.dx()
        + f"Interval history: mood stable, adherent. PHQ-9 {r.randrange(2, 20)}. {n.filler(2)}\n"
        + f"Drug: {drug} {dose} single-dose kit.\n"
        + f"Administered: {dose} {route}, {r.choice(INJ_SITES)}, at {n.t(0)}.\n"
        + f"{r.choice(['Entire syringe administered, no waste.', 'Wasted 0.5 mL.', ''])}\n"
        + f"Next {drug} due in 4 weeks. {n.filler(3)}\n"
        + n.meds_allergies()
    )


def _esketamine(n: _Note) -> str:
    r = n.rng
    dose = r.choice(["56 mg", "84 mg"])
    return (
        n.header("SPRAVATO TREATMENT NOTE")
        + n.dx()
        + "REMS: patient enrolled; site certified; monitoring form submitted.\n"
        + f"Pre-dose BP {r.randrange(110, 139)}/{r.randrange(60, 89)}, HR {r.randrange(55, 95)}.\n"
        + f"Esketamine (Spravato) {dose} intranasal: first device {n.t(0)}, "
        f"last device {n.t(10)}.\n"
        + f"Post-dose monitoring {n.t(10)}-{n.t(130)}: dissociation mild, resolved. {n.filler(3)}\n"
        + n.meds_allergies()
        + f"Plan: next session in 1 week (Spravato {dose}). {n.filler(2)}\n"
    )


STYLES: dict[str, Callable[[_Note], str]] = {
    "template": _template,
    "mar": _mar,
    "flowsheet": _flowsheet,
    "soap": _soap,
    "shorthand": _shorthand,
    "lai": _lai,
    "esketamine": _esketamine,
}


def generate(n: int, seed: int = 7) -> Iterator[tuple[str, str]]:
    """Yield ``(style, note_text)`` pairs; every note is 1,000-3,000 characters.

    Args:
        n: number of notes.
        seed: random seed (same seed, same notes).
    """
    rng = random.Random(seed)
    names = list(STYLES)
    made = 0
    while made < n:
        style = names[made % len(names)]
        note = _Note(rng)
        text = STYLES[style](note)
        target = rng.randrange(1000, 3000)
        while len(text) < target:
            text += "\n" + note.filler(rng.randrange(2, 5)) + "\n"
        if len(text) > 3000:
            cut = text.rfind("\n", 0, 3000)
            text = text[: cut if cut >= 1000 else 3000]
        made += 1
        yield style, text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    for style, text in generate(args.n, args.seed):
        sys.stdout.write(json.dumps({"style": style, "text": text}) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
