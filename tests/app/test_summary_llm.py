"""The run summary tallies LLM tokens, requests and cost (issue 6: the batch summary)."""

from __future__ import annotations

from infusion_coder.writers import Summary, Tally


def record(note_id: str, llm: dict | None) -> dict:
    return {"note_id": note_id, "status": "ok", "lines": [], "findings": [], "llm": llm}


def test_summary_counts_llm_tokens_requests_cache_hits_and_cost():
    sent = {
        "status": "ok",
        "cached": False,
        "tokens": {"prompt_tokens": 900, "completion_tokens": 100, "total_tokens": 1000,
                   "requests": 1},
        "accepted": [{"field": "stop"}],
        "rejected": [{"field": "status"}, {"field": "dose"}],
        "cost_usd": 0.0012,
    }  # fmt: skip
    cached = sent | {"cached": True, "cost_usd": 0.0012}
    fallback = {"status": "fallback", "cached": False, "tokens": {"requests": 3}}
    summary = Summary()
    for note_id, llm in [("a", sent), ("b", cached), ("c", fallback), ("d", None)]:
        summary.add_tally(Tally.of(record(note_id, llm)))
    totals = summary.to_json()["llm"]
    assert totals["notes"] == 3
    assert totals["requests_sent"] == 4
    assert totals["cache_hits"] == 1
    assert totals["total_tokens"] == 1000
    assert totals["cached_total_tokens"] == 1000
    assert totals["cost_usd"] == 0.0012  # the cache hit costs nothing
    assert totals["accepted"] == 2 and totals["rejected"] == 4 and totals["fallbacks"] == 1
    assert "LLM: 3 notes refined, 4 requests sent" in summary.render()


def test_summary_without_llm_has_no_llm_block():
    summary = Summary()
    summary.add_tally(Tally.of(record("a", None)))
    assert summary.to_json()["llm"] is None
    assert "LLM:" not in summary.render()
