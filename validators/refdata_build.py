"""Rebuild the CMS reference tables in ``validators/tables/`` from the public CMS files.

Run by a developer when a new quarter's files arrive (never at run time)::

    python -m validators.refdata_build --source ../shared/data

It copies the MUE and add-on edit tables, filters the practitioner PTP table to the pairs the
project audits, and writes the HCPCS drug table (J-codes plus the G/S/Q/C rows the drug lexicon
names, plus the manual rows listed in ``MANUAL_DRUG_ROWS``). ``tables/PROVENANCE.md`` says what
was copied from which file; update it with the new versions.
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

TABLES = Path(__file__).parent / "tables"

PTP_CODES = (
    {str(c) for c in range(96360, 96380)}
    | {str(c) for c in range(96401, 96418)}
    | {"36000", "36410", "96523", "99211"}
)

# Non-J HCPCS rows taken from the all-codes file besides every code the drug lexicon names
# (extraction/rules/drugs.json is read at build time): alternatives the policy mentions.
EXTRA_DRUG_CODES = (
    "G2082",
    "G2083",
    "S0013",
    "S0028",
    "Q0138",
    "Q0139",
    "C9399",
)


def lexicon_codes() -> set[str]:
    """Every HCPCS code the drug lexicon names (read at build time only)."""
    from extraction.lexicon import load_drug_lexicon

    return {code for entry in load_drug_lexicon() for code in entry.codes}


# Codes billed once per session whatever the dose (the description's "56 mg" is a dose band).
SESSION_CODES = frozenset({"G2082", "G2083"})

# Rows not present in the October 2025 HCPCS files (added from the coding policy).
MANUAL_DRUG_ROWS = (
    {
        "hcpcs": "J0013",
        "long_description": "Esketamine, nasal spray, 1 mg (effective 2026-01-01; replaces S0013)",
        "billing_unit": "1 mg",
        "mue_practitioner": "",
        "mue_outpatient_hospital": "",
        "source": "coding-policy.md §4.6 (not in the CMS HCPCS October 2025 file)",
    },
)

DRUG_FIELDS = (
    "hcpcs",
    "long_description",
    "billing_unit",
    "mue_practitioner",
    "mue_outpatient_hospital",
    "source",
)


_UNIT_RE = re.compile(
    r"((?:per |up to )?\d+(?:\.\d+)?\s*(?:mg|mcg|g|ml|cc|units?|meq))\b", re.IGNORECASE
)


def _unit_from_description(description: str) -> str:
    """The billing unit a HCPCS long description names ("..., 1 mg (non-esrd use)" -> "1 mg")."""
    # "..., per ml" ending the description with no amount (contrast, Q9965-Q9967): one unit
    bare = re.search(r",\s*per (mg|mcg|ml|unit)\s*$", description, re.IGNORECASE)
    if bare:
        return f"per {bare.group(1)}"
    found = _UNIT_RE.findall(description)
    return found[-1] if found else ""


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _write(path: Path, fields: tuple[str, ...] | list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(fields), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in fields})


def build(source: Path, extra_codes: tuple[str, ...] = ()) -> dict[str, int]:
    """Write the reference tables from the CMS files in ``source``.

    Args:
        source: folder holding the CMS CSV files named in ``tables/PROVENANCE.md``.
        extra_codes: further non-J HCPCS codes to copy (e.g. new codes the lexicon names).

    Returns:
        Row counts written per table.
    """
    counts: dict[str, int] = {}
    mue = _rows(source / "ncci_mue_infusion_96360_96379_2024q2.csv")
    _write(TABLES / "ncci_mue_infusion.csv", list(mue[0].keys()), mue)
    counts["mue"] = len(mue)

    addon = _rows(source / "ncci_addon_code_edits_infusion_96360_96379.csv")
    _write(TABLES / "ncci_addon_edits.csv", list(addon[0].keys()), addon)
    counts["addon"] = len(addon)

    ptp = [
        r
        for r in _rows(source / "ncci_ptp_practitioner_infusion_96360_96379_2024q2.csv")
        if r["deletion_date"] == "*" and r["column1"] in PTP_CODES and r["column2"] in PTP_CODES
    ]
    _write(
        TABLES / "ncci_ptp_practitioner.csv",
        ("column1", "column2", "modifier_indicator", "rationale"),
        ptp,
    )
    counts["ptp"] = len(ptp)

    drugs: list[dict[str, str]] = []
    for r in _rows(source / "hcpcs_jcodes_2025oct.csv"):
        drugs.append(
            {
                "hcpcs": r["hcpcs"],
                "long_description": r["long_description"],
                "billing_unit": r["billing_unit_from_description"],
                "mue_practitioner": r["mue_practitioner"],
                "mue_outpatient_hospital": r["mue_outpatient_hospital"],
                "source": "hcpcs_jcodes_2025oct.csv",
            }
        )
    wanted = set(EXTRA_DRUG_CODES) | set(extra_codes) | lexicon_codes()
    for r in _rows(source / "hcpcs_level2_2025oct_all.csv"):
        if r["hcpcs"] in wanted and not r["hcpcs"].startswith("J"):
            drugs.append(
                {
                    "hcpcs": r["hcpcs"],
                    "long_description": r["long_description"],
                    "billing_unit": (
                        "per session"
                        if r["hcpcs"] in SESSION_CODES
                        else _unit_from_description(r["long_description"])
                    ),
                    "source": "hcpcs_level2_2025oct_all.csv",
                }
            )
    have = {d["hcpcs"] for d in drugs}
    drugs.extend(dict(row) for row in MANUAL_DRUG_ROWS if row["hcpcs"] not in have)
    drugs.sort(key=lambda d: d["hcpcs"])
    _write(TABLES / "hcpcs_drugs.csv", DRUG_FIELDS, drugs)
    counts["hcpcs"] = len(drugs)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, required=True, help="folder with the CMS CSVs")
    parser.add_argument("--extra", nargs="*", default=(), help="further non-J HCPCS codes")
    args = parser.parse_args(argv)
    for name, n in build(args.source, tuple(args.extra)).items():
        print(f"{name}: {n} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
