"""Every rule data file loads through its schema, ids are unique, and bad files fail loudly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extraction import rulefiles
from extraction.components.attributes import AttributeRulesFile, load_attribute_rules
from extraction.components.context import ContextRulesFile, load_context_rules
from extraction.errors import DuplicateRuleIdError, RuleFileError
from extraction.rulefiles import load_file
from extraction.times import TimeRulesFile

FILES = [
    ("times.json", TimeRulesFile),
    ("attributes.json", AttributeRulesFile),
    ("context.json", ContextRulesFile),
]


@pytest.mark.parametrize(("name", "model"), FILES, ids=[n for n, _ in FILES])
def test_rule_file_loads_with_unique_ids_and_sources(name: str, model: type) -> None:
    parsed = load_file(name, model)
    ids = rulefiles.iter_rule_ids(parsed)
    assert ids, f"{name} has no rules"
    assert len(ids) == len(set(ids))
    raw = json.loads((rulefiles.RULES_DIR / name).read_text(encoding="utf-8"))
    for key, value in raw.items():
        if isinstance(value, list):
            assert all(item.get("source") for item in value), f"{name}:{key} rule without source"


def test_rule_ids_are_unique_across_project_rule_files() -> None:
    ids: list[str] = []
    for name, model in FILES:
        ids += rulefiles.iter_rule_ids(load_file(name, model))
    assert len(ids) == len(set(ids))


def test_compiled_rules_cover_every_context_category() -> None:
    parsed = load_context_rules()
    used = {r.category for r in parsed.rules}
    assert set(parsed.categories) <= used
    assert load_attribute_rules().routes.pattern


def _copy_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name, _ in FILES:
        (tmp_path / name).write_text(
            (rulefiles.RULES_DIR / name).read_text(encoding="utf-8"), encoding="utf-8"
        )
    monkeypatch.setattr(rulefiles, "RULES_DIR", tmp_path)
    return tmp_path


def test_duplicate_rule_id_fails_loudly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _copy_rules(tmp_path, monkeypatch)
    raw = json.loads((folder / "times.json").read_text(encoding="utf-8"))
    raw["cues"][1]["id"] = raw["cues"][0]["id"]
    (folder / "times.json").write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(DuplicateRuleIdError, match="TIME-CUE-001"):
        load_file("times.json", TimeRulesFile)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda raw: raw["routes"][0].update({"colour": "red"}), "routes"),
        (lambda raw: raw["routes"][0].pop("source"), "source"),
        (lambda raw: raw.pop("schema"), "schema"),
    ],
    ids=["unknown-key", "missing-source", "missing-header"],
)
def test_schema_violations_fail_loudly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mutate, message: str
) -> None:
    folder = _copy_rules(tmp_path, monkeypatch)
    raw = json.loads((folder / "attributes.json").read_text(encoding="utf-8"))
    mutate(raw)
    (folder / "attributes.json").write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(RuleFileError, match=message):
        load_file("attributes.json", AttributeRulesFile)


def test_missing_and_malformed_files_fail_loudly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rulefiles, "RULES_DIR", tmp_path)
    with pytest.raises(RuleFileError, match="not found"):
        load_file("times.json", TimeRulesFile)
    (tmp_path / "times.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(RuleFileError, match="not valid JSON"):
        load_file("times.json", TimeRulesFile)
