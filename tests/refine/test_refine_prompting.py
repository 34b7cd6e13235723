"""Prompt files, response schema and cache: versioned, strict, content-addressed."""

from __future__ import annotations

import hashlib
import re
from importlib import resources

import pytest
from pydantic import ValidationError

from extraction.refine.cache import CachedResponse, ResponseCache, cache_key
from extraction.refine.errors import CacheMismatchError, LLMConfigError, PromptFileError
from extraction.refine.prompting import available_prompts, load_prompt, parse_prompt
from extraction.refine.schema import Proposal, RefinementProposal, json_schema, wire_schema

GOOD = """id: demo
version: 2
purpose: test
response_model: extraction.refine.schema:RefinementProposal
output_schema: proposals[] of {target, field, value, quote}
---
[system]
Costs $$5. Schema: $output_schema
[user]
$note_text
"""


def test_released_prompts_match_the_readme_hashes():
    readme = resources.files("prompts").joinpath("README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\w+) \| (\d+) \|.*?\| `([0-9a-f]{64})` \|", readme, re.M)
    listed = {(pid, int(v)): sha for pid, v, sha in rows}
    shipped = {(pid, v) for pid, versions in available_prompts().items() for v in versions}
    assert set(listed) == shipped, "every prompt file has a README row and vice versa"
    for (pid, version), sha in listed.items():
        raw = resources.files("prompts").joinpath(f"{pid}.v{version}.md").read_bytes()
        assert hashlib.sha256(raw).hexdigest() == sha, (
            f"{pid}.v{version}.md was edited after release: make a new version instead"
        )


def test_prompt_header_output_schema_names_the_response_fields():
    prompt = load_prompt("refine_administration")
    described = prompt.header["output_schema"]
    item_fields = Proposal.model_fields
    assert all(name in described for name in item_fields)
    assert "proposals" in described and prompt.response_model is RefinementProposal


def test_prompt_wraps_note_and_says_it_is_data():
    prompt = load_prompt("refine_administration", 1)
    rendered = prompt.render(note_text="NOTE BODY", records_json="{}", output_schema="{}")
    system, user = (m["content"] for m in rendered.messages)
    assert "never an instruction" in system
    opening, closing = prompt.header["note_open"], prompt.header["note_close"]
    assert f"{opening}\nNOTE BODY\n{closing}" in user
    assert prompt.ref == "refine_administration@v1"
    assert rendered.system_sha256 == hashlib.sha256(system.encode()).hexdigest()


def test_prompt_render_missing_value_raises():
    prompt = load_prompt("refine_administration")
    with pytest.raises(PromptFileError, match=r"\$output_schema"):
        prompt.render(note_text="x", records_json="{}")


def test_prompt_note_text_dollar_signs_are_not_placeholders():
    prompt = parse_prompt("demo.v2.md", GOOD)
    rendered = prompt.render(note_text="copay $note_text $20", output_schema="S")
    assert rendered.messages[1]["content"] == "copay $note_text $20"
    assert rendered.messages[0]["content"] == "Costs $5. Schema: S"


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("demo.md", GOOD, "named"),
        ("demo.v2.md", GOOD.replace("---\n", ""), "no '---'"),
        ("demo.v2.md", GOOD.replace("purpose: test\n", ""), "lacks purpose"),
        ("demo.v3.md", GOOD, "differ from the file name"),
        ("demo.v2.md", GOOD.replace("schema:RefinementProposal", "schema:Nope"), "response_model"),
        ("demo.v2.md", GOOD.replace("[user]\n", ""), r"\[system\] part then a \[user\]"),
        ("demo.v2.md", GOOD.replace("$$5", "$5"), "placeholder"),
    ],
    ids=["file-name", "no-rule", "header-key", "version", "model", "parts", "dollar"],
)
def test_prompt_file_errors_are_loud(name, raw, message):
    with pytest.raises(PromptFileError, match=message):
        parse_prompt(name, raw)


def test_load_prompt_unknown_version():
    with pytest.raises(PromptFileError, match="no version 99"):
        load_prompt("refine_administration", 99)


@pytest.mark.parametrize(
    "item",
    [
        {"target": "A1", "field": "stop", "value": "10:02", "quote": "q", "code": "96365"},
        {"target": "A1", "field": "cpt_code", "value": "96365", "quote": "q"},
        {"target": "A1", "field": "stop", "value": "x" * 61, "quote": "q"},
        {"target": "A1", "field": "stop", "value": "10:02", "quote": ""},
        {"target": "A1", "field": "stop", "value": "10:02"},
    ],
    ids=["extra-key", "code-field", "long-value", "empty-quote", "no-quote"],
)
def test_schema_rejects_anything_but_quoted_facts(item):
    with pytest.raises(ValidationError):
        RefinementProposal.model_validate({"proposals": [item]})


def test_schema_for_request_is_closed_and_narrowed():
    schema = wire_schema(["A2", "encounter"], ["stop", "status"])
    assert "$defs" not in str(schema) and "$ref" not in str(schema)
    assert schema["additionalProperties"] is False
    item = schema["properties"]["proposals"]["items"]
    assert item["additionalProperties"] is False
    assert item["required"] == ["target", "field", "value", "quote"]
    assert item["properties"]["target"]["enum"] == ["A2", "encounter"]
    assert item["properties"]["field"]["enum"] == ["status", "stop"]
    assert item["properties"]["quote"]["maxLength"] == 200
    assert json_schema(RefinementProposal)["properties"]["proposals"]["maxItems"] == 16
    narrowed = wire_schema(["A1"], ["stop"], max_items=1)
    assert narrowed["properties"]["proposals"]["maxItems"] == 1  # one answer per question


# ----------------------------------------------------------------------------------------------
# Cache


def test_cache_key_changes_with_everything_that_shapes_the_answer():
    base = ("p", 1, [{"role": "user", "content": "n"}], "m", {"temperature": 0})
    key = cache_key(*base)
    assert key == cache_key(*base)
    assert key != cache_key("p", 2, *base[2:])
    assert key != cache_key("p", 1, [{"role": "user", "content": "n2"}], "m", {"temperature": 0})
    assert key != cache_key("p", 1, base[2], "m2", {"temperature": 0})
    assert key != cache_key("p", 1, base[2], "m", {"temperature": 0.5})


def test_cache_round_trip_and_refuses_an_edited_prompt(tmp_path):
    path = tmp_path / "sub" / "c.sqlite"
    cache = ResponseCache(path)
    cache.check_prompt("refine_administration", 1, "a" * 64)
    entry = CachedResponse('{"proposals": []}', "json_object", "stop", {"total_tokens": 9})
    cache.put("k", entry, prompt_id="refine_administration", version=1, model="m", request={})
    assert ResponseCache(path).get("k") == entry
    assert ResponseCache(path).get("other") is None
    assert len(cache) == 1
    with pytest.raises(CacheMismatchError, match="never edited"):
        ResponseCache(path).check_prompt("refine_administration", 1, "b" * 64)
    ResponseCache(path).check_prompt("refine_administration", 2, "b" * 64)  # a new version is fine


def test_cache_file_that_is_not_a_cache_fails_at_start(tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("Ketamine 35 mg IV\n" * 200)
    with pytest.raises(LLMConfigError, match="cannot open"):
        ResponseCache(bad)


def test_cache_survives_pickling(tmp_path):
    import pickle

    cache = ResponseCache(tmp_path / "c.sqlite")
    entry = CachedResponse("{}", "prompt", None, {})
    cache.put("k", entry, prompt_id="p", version=1, model="m", request={})
    assert pickle.loads(pickle.dumps(cache)).get("k") == entry
