"""Command-line options of the optional LLM refiner, shared by ``run`` and ``eval``.

``add_llm_arguments(parser)`` adds the ``--llm*`` options; ``build_refiner(args)`` turns them into
an :class:`extraction.refine.Refiner` (None without ``--llm``). Nothing here imports ``openai``
until ``--llm`` is given, so the rules-only CLI starts as fast as before.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from extraction.refine import Refiner

DEFAULT_CONCURRENCY = 4
DEFAULT_TIMEOUT = 60.0


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {value}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected more than 0, got {value:g}")
    return value


def _price(text: str) -> tuple[float, float]:
    parts = text.split(",")
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        values = ()
    if len(values) != 2 or any(v < 0 for v in values):
        raise argparse.ArgumentTypeError(
            f"expected INPUT,OUTPUT USD per million tokens (e.g. 0.15,0.60), got {text!r}"
        )
    return values[0], values[1]


def add_llm_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--llm``, ``--llm-model``, ``--llm-base-url``, ``--llm-cache``, ``--llm-replay``,
    ``--llm-redact``, ``--llm-concurrency``, ``--llm-timeout`` and ``--llm-price``."""
    group = parser.add_argument_group(
        "LLM refinement (optional; off unless --llm)",
        "A second reader for what the rules left missing or uncertain. Each proposed fact must "
        "quote the note and is checked against it; codes are still assigned by the rules. "
        "With --llm, for each note where the rules left a question open, the note text (masked "
        "with --llm-redact) and the questions with the facts the rules read are sent to the "
        "server named by --llm-base-url / OPENAI_BASE_URL (default: OpenAI).",
    )
    group.add_argument("--llm", action="store_true", help="turn LLM refinement on")
    group.add_argument(
        "--llm-model",
        default=None,
        metavar="NAME",
        help="model name (default: the prompt's, gpt-4o-mini; for a local server, its model)",
    )
    group.add_argument(
        "--llm-base-url",
        default=None,
        metavar="URL",
        help="OpenAI-compatible API base URL, e.g. http://127.0.0.1:8080/v1 "
        "(default: OPENAI_BASE_URL, else OpenAI). The key comes from OPENAI_API_KEY.",
    )
    group.add_argument(
        "--llm-cache",
        type=Path,
        default=None,
        metavar="PATH",
        help="SQLite cache of requests and answers; a hit never calls the server. It holds "
        "the note text as sent: protect it like the notes.",
    )
    group.add_argument(
        "--llm-replay",
        action="store_true",
        help="answer only from --llm-cache and never use the network (a miss falls back to "
        "rules-only with a notice): reproducible reruns and evaluations",
    )
    group.add_argument(
        "--llm-redact",
        action="store_true",
        help="mask names, dates of birth, record numbers, phone numbers, e-mail and street "
        "addresses before sending",
    )
    group.add_argument(
        "--llm-concurrency",
        type=_positive_int,
        default=DEFAULT_CONCURRENCY,
        metavar="N",
        help=f"most LLM requests in flight per process (default {DEFAULT_CONCURRENCY})",
    )
    group.add_argument(
        "--llm-timeout",
        type=_positive_float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"seconds per request before a retry (default {DEFAULT_TIMEOUT:g}); "
        "after the retries the note is coded rules-only",
    )
    group.add_argument(
        "--llm-price",
        type=_price,
        default=None,
        metavar="IN,OUT",
        help="USD per million input and output tokens, for the cost tally in the summary",
    )


def llm_settings(args: argparse.Namespace) -> dict[str, Any] | None:
    """The ``--llm*`` options as plain JSON data, or None without ``--llm``.

    This is what a batch passes to its worker processes (``PipelineConfig.refiner`` may be this
    dict; the pipeline builds the refiner from it) and what ``run.json`` records. It never holds
    the API key, which each process reads from ``OPENAI_API_KEY``. The settings are checked by
    building a refiner once, so a bad configuration stops the run before any note.

    Exits with status 2 and a message on stderr when the options cannot work (no key for
    OpenAI, a cache file that is not a cache, a cache made with an edited prompt).
    """
    if not getattr(args, "llm", False):
        used = [
            flag
            for flag, value in (
                ("--llm-model", getattr(args, "llm_model", None)),
                ("--llm-base-url", getattr(args, "llm_base_url", None)),
                ("--llm-cache", getattr(args, "llm_cache", None)),
                ("--llm-replay", getattr(args, "llm_replay", False)),
                ("--llm-redact", getattr(args, "llm_redact", False)),
            )
            if value
        ]
        if used:
            print(
                f"infusion-coder: warning: {', '.join(used)} ignored without --llm", file=sys.stderr
            )
        return None
    settings = {
        "model": args.llm_model,
        "base_url": args.llm_base_url,
        "cache": str(args.llm_cache) if args.llm_cache is not None else None,
        "replay": bool(args.llm_replay),
        "redact": bool(args.llm_redact),
        "concurrency": args.llm_concurrency,
        "timeout": args.llm_timeout,
        "price_per_mtok": list(args.llm_price) if args.llm_price is not None else None,
    }
    _or_exit(settings)
    return settings


def refiner_from_settings(settings: Mapping[str, Any]) -> Refiner:
    """Build the refiner that :func:`llm_settings` describes.

    Raises:
        extraction.refine.errors.LLMError: the settings cannot work (see :func:`llm_settings`).
    """
    from extraction.refine import Refiner
    from extraction.refine.cache import ResponseCache
    from extraction.refine.client import OpenAIChatClient
    from extraction.refine.prompting import load_prompt

    prompt = load_prompt("refine_administration")
    cache = ResponseCache(settings["cache"]) if settings.get("cache") else None
    model = settings.get("model") or prompt.header.get("model") or "gpt-4o-mini"
    client = None
    if not settings.get("replay"):
        client = OpenAIChatClient(
            model,
            base_url=settings.get("base_url"),
            api_key=os.environ.get("OPENAI_API_KEY"),
            timeout=float(settings.get("timeout") or DEFAULT_TIMEOUT),
        )
    price = settings.get("price_per_mtok")
    return Refiner(
        client,
        prompt=prompt,
        cache=cache,
        redact=bool(settings.get("redact")),
        concurrency=int(settings.get("concurrency") or DEFAULT_CONCURRENCY),
        replay=bool(settings.get("replay")),
        price_per_mtok=(float(price[0]), float(price[1])) if price else None,
        model_name=model,
    )


def _or_exit(settings: Mapping[str, Any]) -> Refiner:
    from extraction.refine.errors import LLMError

    try:
        return refiner_from_settings(settings)
    except LLMError as exc:
        print(f"infusion-coder: error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


def build_refiner(args: argparse.Namespace) -> Refiner | None:
    """The refiner the options describe, or None without ``--llm`` (for in-process use).

    Exits with status 2 and a message on stderr when the options cannot work.
    """
    settings = llm_settings(args)
    return None if settings is None else _or_exit(settings)


def llm_comparison(
    rules_only: Mapping[str, Any],
    with_llm: Mapping[str, Any],
    llm_tally: Mapping[str, Any],
    *,
    run: Mapping[str, Any] | None = None,
) -> tuple[dict[str, Any], str]:
    """A rules-only vs rules+LLM comparison of two evaluations of the same gold notes.

    Args:
        rules_only: ``metrics.json["summary"]`` of the run without ``--llm``.
        with_llm: ``metrics.json["summary"]`` of the run with it (same notes, same gold).
        llm_tally: :func:`extraction.refine.tally` of the second run's ``llm`` records.
        run: facts shown above the table (prompt, model, cache file, replay ...).

    Returns:
        ``(json object, markdown text)``; the JSON has ``metrics`` rows with both values and
        the change, and the tally.
    """
    rows = []
    for key in rules_only.keys() | with_llm.keys():
        a, b = rules_only.get(key), with_llm.get(key)
        delta = b - a if isinstance(a, int | float) and isinstance(b, int | float) else None
        rows.append({"metric": key, "rules_only": a, "with_llm": b, "change": delta})
    order = list(rules_only) + [k for k in with_llm if k not in rules_only]
    rows.sort(key=lambda r: order.index(r["metric"]))
    data = {"run": dict(run or {}), "metrics": rows, "llm": dict(llm_tally)}

    def cell(value: Any, signed: bool = False) -> str:
        if value is None:
            return "–"
        if isinstance(value, float):
            return f"{value:+.3f}" if signed else f"{value:.3f}"
        return f"{value:+d}" if signed and isinstance(value, int) else str(value)

    lines = ["# Rules only vs rules + LLM", ""]
    for key, value in (run or {}).items():
        lines.append(f"- {key}: {value}")
    lines += ["", "| metric | rules only | rules + LLM | change |", "|---|---:|---:|---:|"]
    for r in rows:
        lines.append(
            f"| {r['metric']} | {cell(r['rules_only'])} | {cell(r['with_llm'])} "
            f"| {cell(r['change'], signed=True)} |"
        )
    t = llm_tally
    lines += [
        "",
        f"LLM: {t.get('notes', 0)} notes, {t.get('requests_sent', 0)} requests sent, "
        f"{t.get('cache_hits', 0)} cache hits, {t.get('fallbacks', 0)} fell back to rules-only, "
        f"{t.get('nothing_to_ask', 0)} had nothing to ask; {t.get('accepted', 0)} proposals "
        f"accepted, {t.get('rejected', 0)} rejected; {t.get('total_tokens', 0)} tokens spent, "
        f"{t.get('cached_total_tokens', 0)} replayed from the cache"
        + (f"; cost ${t['cost_usd']:.4f}" if t.get("cost_usd") is not None else "")
        + ".",
        "",
    ]
    return data, "\n".join(lines)
