"""Profiles as data (load, merge, user payers, loud failures) and the copied reference tables."""

from __future__ import annotations

import ast
import csv
import json
from pathlib import Path

import pytest

import validators
from extraction.lexicon import load_drug_lexicon
from validators import ProfileError, check_profile_dir, load_profile
from validators.catalogue import RULES_MD, render
from validators.reference import TABLES_DIR, load_tables
from validators.registry import RULES

ROOT = Path(validators.__file__).parent
PAYER = json.loads((ROOT / "profiles" / "payer-commercial.json").read_text())


@pytest.mark.parametrize("setting", ["office", "facility"])
@pytest.mark.parametrize("payer", ["medicare", "medicaid", "commercial"])
def test_default_profiles_load(setting, payer):
    profile = load_profile(setting, payer)
    assert profile.setting == setting and profile.payer == payer
    assert profile.initial_service_rule == (
        "primary_reason" if setting == "office" else "hierarchy"
    )
    assert profile.mue_service_type == (
        "Practitioner" if setting == "office" else "Outpatient Hospital"
    )
    assert profile.jz_jw is (payer == "medicare")
    assert profile.modifier_style == "X" and profile.sum_intervals is False
    assert profile.ketamine_psych_review and profile.wellness_review


def test_user_adds_a_payer_without_python(tmp_path):
    data = dict(
        PAYER,
        payer="acme",
        lexicon_payer="commercial",
        jz_jw=True,
        tier_overrides=[{"drug": "ketamine", "tier": "chemo", "source": "test"}],
    )
    (tmp_path / "payer-acme.json").write_text(json.dumps(data))
    profile = load_profile("office", "acme", tmp_path)
    assert profile.payer == "acme" and profile.jz_jw is True
    assert profile.tier_overrides[0].tier == "chemo"
    assert check_profile_dir(tmp_path) == ["payer-acme.json"]


def test_tier_override_changes_the_codes(tmp_path, nb, lines_of):
    data = dict(
        PAYER,
        payer="acme",
        tier_overrides=[{"drug": "ketamine", "tier": "chemo", "source": "test"}],
    )
    (tmp_path / "payer-acme.json").write_text(json.dumps(data))
    text = "Ketamine 40 mg IV infusion 10:00-10:40 via PIV L AC.\nDx F33.2.\n"
    b = nb(text)
    res = b.result(
        b.admin(
            "A1",
            "Ketamine 40 mg IV infusion 10:00-10:40 via PIV L AC.",
            "Ketamine",
            dose=("40 mg", 40, "mg"),
            route="IV",
            technique=("infusion", "infusion"),
            start="10:00",
            stop="10:40",
            site="L AC",
        ),
        encounter=b.encounter(diagnoses=[("F33.2", "F33.2")]),
    )
    from validators import code_encounter
    from validators.models import EncounterContext

    result = code_encounter(
        res,
        EncounterContext(note_text=text, payer="acme"),
        load_profile("office", "acme", tmp_path),
    )
    assert lines_of(result) == {"96413", "J3490"}


@pytest.mark.parametrize(
    ("content", "field"),
    [
        (dict(PAYER, payer="bad", modifier_style="XX"), "modifier_style"),
        (dict(PAYER, payer="bad", surprise=True), "surprise"),
        ({k: v for k, v in PAYER.items() if k != "jz_jw"} | {"payer": "bad"}, "jz_jw"),
        (dict(PAYER, payer="bad", flags={"wellness_review": True}), "flags.ketamine_psych_review"),
        (dict(PAYER, payer="other"), "payer"),
    ],
)
def test_malformed_profile_names_file_and_field(tmp_path, content, field):
    (tmp_path / "payer-bad.json").write_text(json.dumps(content))
    with pytest.raises(ProfileError) as err:
        load_profile("office", "bad", tmp_path)
    assert "payer-bad.json" in str(err.value)
    assert field in str(err.value)
    assert err.value.code == "VAL101"


def test_profile_not_json_names_the_line(tmp_path):
    (tmp_path / "payer-bad.json").write_text('{"schema": "infusion_coder.payer_profile",\n oops}')
    with pytest.raises(ProfileError, match=r"payer-bad.json.*line 2"):
        load_profile("office", "bad", tmp_path)


def test_unknown_payer_fails_early():
    with pytest.raises(ProfileError, match="no payer profile 'nobody'"):
        load_profile("office", "nobody")


def test_bad_tables_dir_fails_at_profile_load(tmp_path):
    (tmp_path / "payer-bad.json").write_text(
        json.dumps(dict(PAYER, payer="bad", tables_dir="missing"))
    )
    with pytest.raises(ProfileError, match="tables_dir"):
        load_profile("office", "bad", tmp_path)


def test_replacement_tables_without_code_change(tmp_path, nb, lines_of):
    """A new quarter's MUE file in another folder, named by the profile, is used as is."""
    tables = tmp_path / "tables"
    tables.mkdir()
    for name in json.loads((TABLES_DIR / "index.json").read_text())["tables"].values():
        (tables / name).write_bytes((TABLES_DIR / name).read_bytes())
    (tables / "index.json").write_bytes((TABLES_DIR / "index.json").read_bytes())
    mue = (
        (tables / "ncci_mue_infusion.csv")
        .read_text()
        .replace("96375,Practitioner,6,", "96375,Practitioner,1,")
    )
    (tables / "ncci_mue_infusion.csv").write_text(mue)
    (tmp_path / "payer-q3.json").write_text(
        json.dumps(dict(PAYER, payer="q3", tables_dir="tables"))
    )
    profile = load_profile("office", "q3", tmp_path)
    text = "Ondansetron 4 mg IVP 10:00. Ketorolac 30 mg IVP 10:02. Famotidine 20 mg IVP 10:04.\n"
    b = nb(text)
    admins = [
        b.admin(
            f"A{i}",
            sentence,
            drug,
            dose=(dose, value, "mg"),
            route=("IVP", "IV"),
            technique=("IVP", "push"),
            start=time,
        )
        for i, (sentence, drug, dose, value, time) in enumerate(
            [
                ("Ondansetron 4 mg IVP 10:00.", "Ondansetron", "4 mg", 4, "10:00"),
                ("Ketorolac 30 mg IVP 10:02.", "Ketorolac", "30 mg", 30, "10:02"),
                ("Famotidine 20 mg IVP 10:04.", "Famotidine", "20 mg", 20, "10:04"),
            ],
            start=1,
        )
    ]
    from validators import code_encounter
    from validators.models import EncounterContext

    result = code_encounter(b.result(*admins), EncounterContext(note_text=text), profile)
    assert "96375" in lines_of(result)  # capped from 2 to the new MUE of 1
    assert any(f.category == "units_exceed_mue" for f in result.findings)


def test_tables_are_small_copies_with_provenance():
    provenance = (TABLES_DIR / "PROVENANCE.md").read_text()
    for name in (
        "ncci_mue_infusion.csv",
        "ncci_addon_edits.csv",
        "ncci_ptp_practitioner.csv",
        "hcpcs_drugs.csv",
        "cpt_drug_admin.json",
        "policy_terms.json",
    ):
        assert name in provenance
    tables = load_tables()
    assert {m.service_type for m in tables.mue_rows} == {"Practitioner", "Outpatient Hospital"}
    assert len(tables.ptp_rows) < 200
    scope = set(tables.cpt.ptp_scope_codes)
    for row in tables.ptp_rows:
        for code in (row.column1, row.column2):
            assert code in scope or 96360 <= int(code) <= 96379 or 96401 <= int(code) <= 96417


def test_every_lexicon_code_is_in_the_hcpcs_table():
    tables = load_tables()
    missing = {c for e in load_drug_lexicon() for c in e.codes if tables.hcpcs(c) is None}
    assert not missing
    assert tables.hcpcs("J0013") is not None and "not in the CMS" in tables.hcpcs("J0013").source


def test_addon_edits_by_setting():
    tables = load_tables()
    assert "96360" in tables.addon_primaries("96375", "Practitioner")
    assert "96360" not in tables.addon_primaries("96375", "Outpatient Hospital")
    assert tables.addon_primaries("96376", "Practitioner") == frozenset()
    assert tables.addon_primaries("96365", "Practitioner") is None


def test_rules_catalogue_is_current_and_complete():
    assert RULES_MD.read_text(encoding="utf-8") == render(), (
        "validators/RULES.md is stale: run python -m validators.catalogue"
    )
    text = RULES_MD.read_text()
    for rule_id, spec in RULES.items():
        assert f"| {rule_id} |" in text
        assert spec.rationale and spec.source, f"{rule_id} needs a rationale and a Source: line"


def test_coding_step_ids_are_catalogued_and_distinct_from_rule_ids():
    import validators.engine as engine

    steps = load_tables().step_ids()
    used = {v for k, v in vars(engine).items() if k.startswith("S_") and isinstance(v, str)}
    assert used <= steps
    assert not steps & set(RULES)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_validators_import_no_nlp_or_application_code():
    for path in ROOT.rglob("*.py"):
        bad = _imports(path) & {"spacy", "medspacy", "infusion_coder", "openai"}
        assert not bad, f"{path.name} imports {bad}"


def test_product_code_never_reads_shared_at_run_time():
    for path in ROOT.rglob("*.py"):
        if path.name == "refdata_build.py":  # developer tool, run by hand with --source
            continue
        assert "shared/" not in path.read_text(), path.name


def test_hcpcs_table_billing_units_match_the_cms_descriptions():
    with (TABLES_DIR / "hcpcs_drugs.csv").open(newline="") as fh:
        rows = {r["hcpcs"]: r for r in csv.DictReader(fh)}
    assert rows["J2405"]["billing_unit"] == "per 1 mg"
    assert rows["J1308"]["billing_unit"] == "0.25 mg"
    assert rows["G2083"]["billing_unit"] == "per session"
