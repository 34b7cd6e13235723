"""Tests of the drug lexicon data (extraction/rules/drugs.json) and its loader."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest

from extraction.lexicon import (
    DrugEntry,
    DrugLexicon,
    HcpcsOption,
    LexiconError,
    load_drug_lexicon,
    normalize_surface_form,
)

DATA_FILE = Path(__file__).resolve().parents[2] / "extraction" / "rules" / "drugs.json"


@pytest.fixture(scope="module")
def lexicon() -> DrugLexicon:
    return load_drug_lexicon()


@pytest.fixture()
def raw() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def _write(tmp_path: Path, doc: dict) -> Path:
    path = tmp_path / "drugs.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


# --- the shipped file ---------------------------------------------------------------------


def test_default_file_loads_and_is_cached(lexicon: DrugLexicon) -> None:
    assert load_drug_lexicon() is lexicon
    assert len(lexicon) >= 120


def test_explicit_path_loads_same_content(lexicon: DrugLexicon) -> None:
    other = load_drug_lexicon(DATA_FILE)
    assert other is not lexicon
    assert other.entries == lexicon.entries


def test_ids_unique_and_sequential_format(lexicon: DrugLexicon) -> None:
    ids = [entry.id for entry in lexicon.entries]
    assert len(ids) == len(set(ids))
    assert all(lexicon.by_id(i).id == i for i in ids)


def test_every_surface_form_maps_to_exactly_one_entry(lexicon: DrugLexicon) -> None:
    owners: dict[str, set[str]] = {}
    for form, entry in lexicon.surface_forms():
        owners.setdefault(normalize_surface_form(form), set()).add(entry.id)
    assert all(len(ids) == 1 for ids in owners.values())
    for form, entry in lexicon.surface_forms():
        assert lexicon.by_name(form) is entry


def test_surface_forms_longest_first_and_include_names(lexicon: DrugLexicon) -> None:
    forms = lexicon.surface_forms()
    lengths = [len(form) for form, _ in forms]
    assert lengths == sorted(lengths, reverse=True)
    listed = {(form, entry.id) for form, entry in forms}
    assert all((entry.name, entry.id) in listed for entry in lexicon.entries)


def test_no_ambiguous_abbreviations(lexicon: DrugLexicon) -> None:
    # Clinical abbreviations with another meaning must never be drug surface forms.
    for word in ("MS", "NAD", "MVI", "PCN", "D5", "dex", "mg", "IV"):
        assert lexicon.by_name(word) is None, word


def test_fluids_are_fluid_tier(lexicon: DrugLexicon) -> None:
    for entry in lexicon.entries:
        assert (entry.kind == "fluid") == (entry.tier == "fluid")
        if not entry.hcpcs:
            assert entry.kind == "fluid"


def test_j3490_options_have_no_billing_unit(lexicon: DrugLexicon) -> None:
    for entry in lexicon.entries:
        for option in entry.hcpcs:
            if option.code == "J3490":
                assert option.amount is None and option.unit is None


# --- lookups ------------------------------------------------------------------------------


def _single(entry: DrugEntry | None) -> HcpcsOption:
    assert entry is not None
    assert len(entry.hcpcs) == 1
    return entry.hcpcs[0]


def test_zofran_is_ondansetron_per_1_mg(lexicon: DrugLexicon) -> None:
    entry = lexicon.by_name("Zofran")
    option = _single(entry)
    assert entry.name == "ondansetron"
    assert (option.code, option.amount, option.unit, option.up_to) == ("J2405", 1, "mg", False)
    assert lexicon.by_name("  ZOFRAN ") is entry


def test_toradol_is_ketorolac_per_15_mg(lexicon: DrugLexicon) -> None:
    entry = lexicon.by_name("Toradol")
    option = _single(entry)
    assert entry.name == "ketorolac"
    assert (option.code, option.amount, option.unit) == ("J1885", 15, "mg")
    assert option.billing_units(30) == 2
    assert option.billing_units(10) == 1


def test_famotidine_is_j1308_per_quarter_mg(lexicon: DrugLexicon) -> None:
    option = _single(lexicon.by_name("famotidine"))
    assert (option.code, option.amount, option.unit) == ("J1308", 0.25, "mg")
    assert option.billing_units(20) == 80
    assert option.billing_units(0.75) == 3  # exact decimal arithmetic


def test_spravato_is_esketamine_with_payer_and_date_options(lexicon: DrugLexicon) -> None:
    entry = lexicon.by_name("Spravato")
    assert entry is not None and entry.name == "esketamine"
    assert set(entry.codes) == {"G2082", "G2083", "J0013", "S0013"}
    before, after = dt.date(2025, 12, 31), dt.date(2026, 1, 1)

    def code(payer: str, on: dt.date, dose: float) -> str:
        (option,) = entry.options_for(payer=payer, on=on, dose=dose)
        return option.code

    assert code("medicare", after, 56) == "G2082"
    assert code("medicare", after, 84) == "G2083"
    assert code("commercial", after, 84) == "J0013"
    assert code("medicaid", before, 56) == "S0013"
    j0013 = next(o for o in entry.hcpcs if o.code == "J0013")
    assert j0013.effective_from == after and j0013.billing_units(84) == 84
    assert next(o for o in entry.hcpcs if o.code == "G2083").billing_units(84) == 1


def test_ketamine_is_unlisted_j3490(lexicon: DrugLexicon) -> None:
    option = _single(lexicon.by_name("ketamine"))
    assert option.code == "J3490"
    assert option.billing_units(None) == 1
    assert lexicon.by_name("Ketamine HCl").name == "ketamine"


def test_ns_is_normal_saline_fluid(lexicon: DrugLexicon) -> None:
    entry = lexicon.by_name("NS")
    assert entry is not None and entry.name == "normal saline"
    assert entry.kind == "fluid" and entry.tier == "fluid"
    assert lexicon.by_name("0.9% NaCl") is entry
    assert entry.options_for(dose=1000)[0].code == "J7030"
    assert entry.options_for(dose=500)[0].code == "J7040"
    assert entry.options_for(dose=250)[0].code == "J7050"


def test_invega_sustenna_single_dose(lexicon: DrugLexicon) -> None:
    entry = lexicon.by_name("Invega Sustenna")
    option = _single(entry)
    assert option.code == "J2426" and entry.single_dose is True
    trinza = lexicon.by_name("Invega Trinza")
    assert trinza is not None and trinza is not entry and _single(trinza).code == "J2427"
    assert lexicon.by_name("paliperidone") is entry


def test_rituximab_chemo_denosumab_therapeutic(lexicon: DrugLexicon) -> None:
    assert lexicon.by_name("rituximab").tier == "chemo"
    assert lexicon.by_name("Rituxan").tier == "chemo"
    denosumab = lexicon.by_name("denosumab")
    assert denosumab.tier == "therapeutic"
    assert lexicon.by_name("Prolia") is denosumab


def test_wellness_flags(lexicon: DrugLexicon) -> None:
    for name in ("Myers cocktail", "NAD+", "glutathione", "vitamin C"):
        entry = lexicon.by_name(name)
        assert entry is not None and entry.wellness, name
        assert entry.codes == ("J3490",)
    assert not lexicon.by_name("B12").wellness


def test_methylprednisolone_products_are_separate(lexicon: DrugLexicon) -> None:
    succinate = lexicon.by_name("Solu-Medrol")
    acetate = lexicon.by_name("Depo-Medrol")
    assert succinate is not acetate
    assert succinate.options_for(dose=125)[0].code == "J2930"
    assert acetate.options_for(dose=80)[0].code == "J1040"


def test_unknown_lookups(lexicon: DrugLexicon) -> None:
    assert lexicon.by_name("unobtainium") is None
    with pytest.raises(KeyError):
        lexicon.by_id("DRUG-9999")


# --- malformed files ----------------------------------------------------------------------


def test_unknown_key_names_file_index_id_and_field(tmp_path: Path, raw: dict) -> None:
    raw["drugs"][3]["colour"] = "blue"
    path = _write(tmp_path, raw)
    with pytest.raises(LexiconError) as info:
        load_drug_lexicon(path)
    message = str(info.value)
    assert str(path) in message
    assert "drugs[3]" in message and raw["drugs"][3]["id"] in message and "colour" in message


def test_unknown_key_in_option(tmp_path: Path, raw: dict) -> None:
    raw["drugs"][2]["hcpcs"][0]["modifier"] = "JZ"
    with pytest.raises(LexiconError, match=r"drugs\[2\].*hcpcs\[0\]\.modifier"):
        load_drug_lexicon(_write(tmp_path, raw))


def test_duplicate_id(tmp_path: Path, raw: dict) -> None:
    duplicate = copy.deepcopy(raw["drugs"][0])
    duplicate.update(name="not ketamine", synonyms=[], brands=[], abbreviations=[])
    raw["drugs"].append(duplicate)
    path = _write(tmp_path, raw)
    with pytest.raises(LexiconError, match="duplicate id") as info:
        load_drug_lexicon(path)
    assert str(path) in str(info.value) and raw["drugs"][0]["id"] in str(info.value)


def test_bad_code(tmp_path: Path, raw: dict) -> None:
    raw["drugs"][2]["hcpcs"][0]["code"] = "J240"
    path = _write(tmp_path, raw)
    with pytest.raises(LexiconError, match="malformed HCPCS code") as info:
        load_drug_lexicon(path)
    assert str(path) in str(info.value) and raw["drugs"][2]["id"] in str(info.value)
    assert "hcpcs[0].code" in str(info.value)


def test_surface_form_claimed_twice(tmp_path: Path, raw: dict) -> None:
    raw["drugs"][3]["brands"].append("zofran")
    with pytest.raises(LexiconError, match="already claimed"):
        load_drug_lexicon(_write(tmp_path, raw))


def test_amount_without_unit(tmp_path: Path, raw: dict) -> None:
    raw["drugs"][2]["hcpcs"][0]["unit"] = None
    with pytest.raises(LexiconError, match="amount and unit"):
        load_drug_lexicon(_write(tmp_path, raw))


def test_overlapping_options(tmp_path: Path, raw: dict) -> None:
    entry = raw["drugs"][2]
    entry["hcpcs"].append(dict(entry["hcpcs"][0], code="J9999"))
    with pytest.raises(LexiconError, match="overlap"):
        load_drug_lexicon(_write(tmp_path, raw))


def test_bad_header(tmp_path: Path, raw: dict) -> None:
    raw["schema_version"] = 2
    with pytest.raises(LexiconError, match="schema_version"):
        load_drug_lexicon(_write(tmp_path, raw))


def test_missing_and_invalid_files(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="cannot read"):
        load_drug_lexicon(tmp_path / "absent.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(LexiconError, match="not valid JSON"):
        load_drug_lexicon(bad)
