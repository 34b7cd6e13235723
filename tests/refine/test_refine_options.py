"""What the refiner asks about, the --llm options, the batch tally, and pipeline wiring."""

from __future__ import annotations

import argparse

import pytest
from refine_helpers import KETAMINE_NOTE, admin, extraction, ketamine_extraction, span

from extraction.models import Extracted, FluidPurpose, Route, Status, Technique
from extraction.refine import Refiner, find_questions, tally
from infusion_coder.llm_options import add_llm_arguments, build_refiner

QUESTION_NOTE = (
    "Toradol 30 mg IV given for migraine.\n"
    "NS 1 L IV started 1300.\n"
    "Ketamine 0.5 mg/kg infusion ordered.\n"
    "Sumatriptan 6 mg SC injection L thigh at 1310.\n"
    "Benadryl IVP.\n"
)


@pytest.mark.parametrize(
    ("built", "expected"),
    [
        (
            admin(QUESTION_NOTE, "A1", "Toradol", drug="ketorolac", status_cue="given",
                  dose=("30 mg", 30.0, "mg"), route=("IV", Route.IV)),
            ["start", "stop", "site"],
        ),
        (
            admin(QUESTION_NOTE, "A1", "NS", drug="sodium chloride 0.9%", kind="fluid",
                  status_cue="started", dose=("1 L", 1000.0, "mL"), route=("IV", Route.IV),
                  start="1300"),
            ["stop", "site", "purpose"],
        ),
        (
            admin(QUESTION_NOTE, "A1", "Ketamine", drug="ketamine", status=Status.ORDERED,
                  status_cue="ordered"),
            ["status"],
        ),
        (
            admin(QUESTION_NOTE, "A1", "Sumatriptan", drug="sumatriptan", status_cue="injection",
                  dose=("6 mg", 6.0, "mg"), route=("SC", Route.SC),
                  technique=("injection", Technique.INJECTION_SC_IM), site="L thigh"),
            [],
        ),
        (
            admin(QUESTION_NOTE, "A1", "Benadryl", drug="diphenhydramine",
                  technique=("IVP", Technique.PUSH)),
            ["status", "dose", "site"],
        ),
        (
            admin(QUESTION_NOTE, "A1", "NS", drug="sodium chloride 0.9%", kind="fluid",
                  status_cue="started", route=("IV", Route.IV), start="1300", site="IV",
                  purpose=("NS", FluidPurpose.KVO)),
            [],
        ),
    ],
    ids=["iv-untimed", "fluid-no-stop", "ordered", "complete-injection", "push-no-cue", "kvo"],
)  # fmt: skip
def test_find_questions_asks_only_what_rules_left_open(built, expected):
    indication = span(QUESTION_NOTE, "migraine")
    result = extraction(
        built, indications=(Extracted[str](value="migraine", span=indication, source="rule:t"),)
    )
    assert [q.field.value for q in find_questions(result)] == expected


def test_find_questions_encounter_reason_and_indication():
    text = KETAMINE_NOTE
    rules = ketamine_extraction()
    bare = rules.model_copy(
        update={"encounter": rules.encounter.model_copy(
            update={"primary_reason": None, "indications": ()}
        )}
    )  # fmt: skip
    asked = [(q.target, q.field.value, q.rule) for q in find_questions(bare)]
    assert ("encounter", "primary_reason", "GAP-REASON") in asked
    assert ("encounter", "indication", "GAP-INDICATION") in asked
    assert text  # the note the records point into


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_llm_arguments(parser)
    return parser.parse_args(list(argv))


@pytest.fixture
def no_openai_env(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)


def test_build_refiner_off_without_flag(no_openai_env, capsys):
    assert build_refiner(parse()) is None
    assert build_refiner(parse("--llm-redact")) is None
    assert "--llm-redact ignored without --llm" in capsys.readouterr().err


def test_build_refiner_needs_key_for_openai(no_openai_env, capsys):
    with pytest.raises(SystemExit) as exit_info:
        build_refiner(parse("--llm"))
    assert exit_info.value.code == 2
    assert "OPENAI_API_KEY" in capsys.readouterr().err


def test_build_refiner_local_server_needs_no_key(no_openai_env, tmp_path):
    refiner = build_refiner(
        parse(
            "--llm",
            "--llm-base-url",
            "http://127.0.0.1:9/v1",
            "--llm-model",
            "smollm2",
            "--llm-cache",
            str(tmp_path / "c.sqlite"),
            "--llm-redact",
            "--llm-concurrency",
            "3",
            "--llm-timeout",
            "12.5",
        )
    )
    assert isinstance(refiner, Refiner)
    assert refiner.model == "smollm2" and refiner.redact and refiner.concurrency == 3
    assert refiner.client.base_url == "http://127.0.0.1:9/v1" and refiner.client.timeout == 12.5
    assert (tmp_path / "c.sqlite").exists()


def test_build_refiner_reads_environment(no_openai_env, monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:8/v1")
    refiner = build_refiner(parse("--llm"))
    assert refiner.client.base_url == "http://127.0.0.1:8/v1"
    assert refiner.model == "gpt-4o-mini"


def test_build_refiner_replay_needs_cache_not_key(no_openai_env, tmp_path, capsys):
    with pytest.raises(SystemExit):
        build_refiner(parse("--llm", "--llm-replay"))
    assert "--llm-replay needs --llm-cache" in capsys.readouterr().err
    refiner = build_refiner(parse("--llm", "--llm-replay", "--llm-cache", str(tmp_path / "c.db")))
    assert refiner.client is None and refiner.replay


@pytest.mark.parametrize(
    "argv",
    [("--llm-concurrency", "0"), ("--llm-timeout", "-1"), ("--llm-price", "0.1")],
    ids=["concurrency", "timeout", "price"],
)
def test_llm_options_reject_bad_values(argv):
    with pytest.raises(SystemExit):
        parse(*argv)


def test_tally_separates_spent_and_cached_tokens():
    usage = {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120, "requests": 1}
    records = [
        {"status": "ok", "cached": False, "tokens": usage, "accepted": [{}], "rejected": [{}, {}],
         "cost_usd": 0.001},
        {"status": "ok", "cached": True, "tokens": usage, "accepted": [{}], "rejected": [],
         "cost_usd": 0.0},
        {"status": "fallback", "cached": False, "tokens": {**usage, "total_tokens": 0,
         "prompt_tokens": 0, "completion_tokens": 0, "requests": 0}},
        {"status": "nothing_to_ask", "cached": False, "tokens": {}},
        None,
    ]  # fmt: skip
    out = tally(records)
    assert out["notes"] == 4 and out["requests_sent"] == 1 and out["cache_hits"] == 1
    assert out["total_tokens"] == 120 and out["cached_total_tokens"] == 120
    assert out["accepted"] == 2 and out["rejected"] == 2
    assert out["fallbacks"] == 1 and out["nothing_to_ask"] == 1
    assert out["cost_usd"] == pytest.approx(0.001)


def test_pipeline_turns_refiner_notices_into_notices():
    try:
        from extraction import build_nlp  # noqa: F401
    except ImportError:
        pytest.skip("the rule extractor (extraction.build_nlp) is not importable yet")
    from extraction.models import Note
    from infusion_coder.models import Notice
    from infusion_coder.pipeline import Pipeline, PipelineConfig

    class Failing:
        def refine(self, note, extraction):
            from extraction.refine.refiner import RefineOutcome

            return RefineOutcome(
                extraction, {"status": "fallback"}, (("llm_fallback", "timeout; rules-only"),)
            )

    result = Pipeline(PipelineConfig(refiner=Failing())).process(
        Note(note_id="p1", text=KETAMINE_NOTE)
    )
    assert result.status == "ok"
    assert Notice(type="llm_fallback", message="timeout; rules-only") in result.notices
    assert result.llm == {"status": "fallback"}


def test_llm_comparison_reports_change_per_metric():
    from infusion_coder.llm_options import llm_comparison

    data, markdown = llm_comparison(
        {"line_f1": 0.8, "findings_f1": 0.75, "notes": 10},
        {"line_f1": 0.9, "findings_f1": 0.7, "notes": 10},
        {"notes": 10, "requests_sent": 0, "cache_hits": 7, "accepted": 4, "rejected": 2},
        run={"prompt": "refine_administration@v1", "replay": True},
    )
    rows = {r["metric"]: r for r in data["metrics"]}
    assert rows["line_f1"]["change"] == pytest.approx(0.1)
    assert rows["findings_f1"]["change"] == pytest.approx(-0.05)
    assert [r["metric"] for r in data["metrics"]] == ["line_f1", "findings_f1", "notes"]
    assert "| line_f1 | 0.800 | 0.900 | +0.100 |" in markdown
    assert "| findings_f1 | 0.750 | 0.700 | -0.050 |" in markdown
    assert "7 cache hits" in markdown and "- prompt: refine_administration@v1" in markdown


def test_refiner_survives_pickling_for_worker_processes(no_openai_env, tmp_path):
    import pickle

    refiner = build_refiner(
        parse("--llm", "--llm-base-url", "http://127.0.0.1:9/v1", "--llm-cache",
              str(tmp_path / "c.sqlite"), "--llm-concurrency", "3")
    )  # fmt: skip
    copy = pickle.loads(pickle.dumps(refiner))
    assert copy.model == refiner.model and copy.concurrency == 3
    assert copy.cache.path == refiner.cache.path and len(copy.cache) == 0
    assert copy.client.base_url == "http://127.0.0.1:9/v1"
