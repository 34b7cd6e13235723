"""``infusion-coder eval``: run the pipeline on gold notes and score it against the labels."""

from __future__ import annotations

import argparse
import copy
import dataclasses
import functools
import io
import json
import re
import sys
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

from extraction.models import Note
from infusion_coder.evaluation.gold import GoldFormatError, GoldNote, load_gold_located
from infusion_coder.evaluation.reporters import (
    check_thresholds,
    llm_breakdown,
    llm_breakdown_markdown,
    to_json,
    to_markdown,
    to_table,
)
from infusion_coder.evaluation.scoring import (
    METRICS,
    Canonical,
    EmptyDenominatorWarning,
    lowercase_name,
    pair_records,
    score,
)
from infusion_coder.llm_options import add_llm_arguments, build_refiner, llm_comparison

__all__ = ["compare_llm", "drug_name_resolver", "evaluate", "parse_threshold", "register"]

DEFAULT_OUT = Path("out/eval")
RULES_ONLY_DIR = "rules-only"
WITH_LLM_DIR = "with-llm"
COMPARISON = "llm-comparison"
_QUALIFIER = re.compile(r"\s*\([^)]*\)\s*$")

EVAL_EPILOG = (
    "metric keys for --min (values 0..1):\n"
    + "\n".join(f"  {key:<20} {description}" for key, (description, _) in METRICS.items())
    + "\n\nexit status: 0 all thresholds met, 1 a threshold not met, 2 bad arguments, "
    "unreadable gold or no pipeline.\nGold format: eval_sets/README.md."
)


def parse_threshold(text: str) -> tuple[str, float]:
    """Parse one ``KEY=VALUE`` of ``--min``.

    Raises:
        argparse.ArgumentTypeError: unknown key, or a value that is not a number in 0..1.
    """
    key, sep, raw = text.partition("=")
    key = key.strip()
    if not sep:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    if key not in METRICS:
        raise argparse.ArgumentTypeError(
            f"unknown metric key {key!r}; known keys: {', '.join(METRICS)}"
        )
    try:
        value = float(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{key}: {raw!r} is not a number") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{key}: {value:g} is outside 0..1")
    return key, value


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``eval`` subcommand."""
    parser = sub.add_parser(
        "eval",
        help="score the pipeline against labelled gold notes",
        description="Run the pipeline on gold notes (JSONL, format in eval_sets/README.md; the "
        "labels never reach the pipeline) and write DIR/results.jsonl, DIR/metrics.json and "
        "DIR/report.md (every disagreement with the rule that fired).",
        epilog=EVAL_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("gold", nargs="+", type=Path, metavar="GOLD.jsonl", help="gold file(s)")
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        metavar="DIR",
        help=f"output folder (default {DEFAULT_OUT})",
    )
    parser.add_argument(
        "--min",
        dest="minimums",
        nargs="+",
        action="extend",
        type=parse_threshold,
        default=[],
        metavar="KEY=VALUE",
        help="fail (exit 1) when a metric is below VALUE, e.g. --min line_f1=0.95 "
        "findings_f1=0.90 (put the gold files first); with --compare-llm the thresholds are "
        "checked on the rules-only run, which is what CI gates",
    )
    parser.add_argument(
        "--compare-llm",
        action="store_true",
        help="(needs --llm) evaluate the same notes twice: rules only into DIR/rules-only/ and "
        "rules + LLM into DIR/with-llm/; write DIR/llm-comparison.md and .json (every metric "
        "both ways and the change, LLM proposals accepted/rejected by field and reason, tokens, "
        "notes that fell back) and print the comparison. --min applies to the rules-only run. "
        "With --llm-replay --llm-cache PATH the comparison is reproducible and uses no network",
    )
    parser.add_argument(
        "--profile-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="folder of extra or overriding payer profile JSON files",
    )
    add_llm_arguments(parser)
    parser.set_defaults(func=cmd_eval)


def _error(message: str) -> int:
    print(f"infusion-coder eval: error: {message}", file=sys.stderr)
    return 2


def cmd_eval(args: argparse.Namespace) -> int:
    """Load the gold, build the pipeline, evaluate; exit 0/1 on thresholds, 2 when it cannot run."""
    missing = [str(p) for p in args.gold if not p.is_file()]
    if missing:
        return _error(f"gold file not found: {', '.join(missing)}")
    try:
        located = load_gold_located(args.gold)
        notes = [(gold, gold.to_note(where)) for where, gold in located]
    except GoldFormatError as exc:
        return _error(str(exc))
    try:
        args.out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return _error(f"cannot create output folder {args.out}: {exc.strerror}")
    compare = getattr(args, "compare_llm", False)
    if compare and not args.llm:
        return _error("--compare-llm needs --llm (and its options, e.g. --llm-replay --llm-cache)")
    began = time.perf_counter()
    try:
        from infusion_coder.pipeline import Pipeline, PipelineConfig

        refiner = build_refiner(args)
        pipeline = Pipeline(
            PipelineConfig(profile_dir=args.profile_dir, refiner=None if compare else refiner)
        )
    except ImportError as exc:
        return _error(f"the pipeline is not available ({type(exc).__name__}: {exc})")
    built = time.perf_counter() - began
    if compare:
        # The same built NLP pipeline and profiles, with the refiner switched on.
        with_llm = copy.copy(pipeline)
        with_llm.config = dataclasses.replace(pipeline.config, refiner=refiner)
        run = {
            "gold": ", ".join(str(p) for p in args.gold),
            "model": refiner.model if refiner is not None else None,
            "prompt": refiner.source.removeprefix("llm:") if refiner is not None else None,
            "cache": str(args.llm_cache) if args.llm_cache is not None else None,
            "replay (no network)": bool(args.llm_replay),
            "redact": bool(args.llm_redact),
            "thresholds (--min) checked on": RULES_ONLY_DIR,
        }
        return compare_llm(
            notes,
            lambda note: pipeline.process(note).to_json(),
            lambda note: with_llm.process(note).to_json(),
            args.out,
            dict(args.minimums),
            canonical=drug_name_resolver(),
            run=run,
        )

    def process(note: Note) -> Mapping[str, Any]:
        return pipeline.process(note).to_json()

    meta = {
        "gold": ", ".join(str(p) for p in args.gold),
        "pipeline build seconds": round(built, 2),
    }
    return evaluate(
        notes, process, args.out, dict(args.minimums), canonical=drug_name_resolver(), meta=meta
    )


def evaluate(
    notes: Sequence[tuple[GoldNote, Note]],
    process: Callable[[Note], Mapping[str, Any]],
    out: Path,
    minimums: Mapping[str, float],
    *,
    canonical: Canonical = lowercase_name,
    meta: Mapping[str, Any] | None = None,
    stream: TextIO | None = None,
) -> int:
    """Process every note, write the outputs, print the table and check the thresholds.

    Args:
        notes: Each gold record with the pipeline input built from it (no labels).
        process: One note in, its ``results.jsonl`` record out.
        out: Output folder (must exist): ``results.jsonl``, ``metrics.json``, ``report.md``.
        minimums: ``{metric key: minimum}``.
        canonical: Drug-name key used to match administrations.
        meta: Run facts shown at the top of the report.
        stream: Where the table goes (default stdout).

    Returns:
        0 when every threshold is met, 1 otherwise.
    """
    from infusion_coder.writers import AtomicWriter, dumps, write_text_atomic

    stream = stream or sys.stdout
    began = time.perf_counter()
    records: list[Mapping[str, Any]] = []
    writer = AtomicWriter(out / "results.jsonl")
    try:
        for _, note in notes:
            record = process(note)
            writer.write(dumps(record) + "\n")
            records.append(record)
    except BaseException:
        writer.abort()
        raise
    writer.commit()
    elapsed = time.perf_counter() - began

    pairs = pair_records([gold.record() for gold, _ in notes], records)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EmptyDenominatorWarning)  # listed in the outputs
        scores = score(pairs, canonical)
    thresholds = check_thresholds(scores, minimums)
    run = {**(meta or {}), "notes processed in seconds": round(elapsed, 2)}
    write_text_atomic(
        out / "metrics.json",
        json.dumps(to_json(scores, thresholds, run), indent=2, ensure_ascii=False) + "\n",
    )
    write_text_atomic(out / "report.md", to_markdown(scores, pairs, thresholds, meta=run))

    print(to_table(scores, thresholds), file=stream)
    print(f"\nresults: {out / 'results.jsonl'}", file=stream)
    print(f"metrics: {out / 'metrics.json'}", file=stream)
    print(f"report:  {out / 'report.md'}", file=stream)
    failed = [t for t in thresholds if not t.passed]
    for t in failed:
        print(f"infusion-coder eval: below threshold: {t.describe()}", file=sys.stderr)
    return 1 if failed else 0


def compare_llm(
    notes: Sequence[tuple[GoldNote, Note]],
    rules_only: Callable[[Note], Mapping[str, Any]],
    with_llm: Callable[[Note], Mapping[str, Any]],
    out: Path,
    minimums: Mapping[str, float],
    *,
    canonical: Canonical = lowercase_name,
    run: Mapping[str, Any] | None = None,
    stream: TextIO | None = None,
) -> int:
    """Evaluate the same notes rules-only and rules + LLM, and compare the two.

    Writes ``out/rules-only/`` and ``out/with-llm/`` (each as :func:`evaluate` does) and
    ``out/llm-comparison.json`` / ``.md``: every headline metric both ways with the change, the
    LLM tally (:func:`extraction.refine.tally`), proposals accepted and rejected by field and
    reason, the notes that fell back to rules-only and the notes whose lines changed. Nothing in
    the comparison depends on timing, so replaying a recorded cache gives the same file.

    Args:
        notes: Each gold record with the pipeline input built from it (no labels).
        rules_only: One note in, its record out, without the LLM.
        with_llm: The same with the LLM refiner on.
        out: Output folder (created when missing).
        minimums: ``{metric key: minimum}``, checked on the rules-only run only.
        canonical: Drug-name key used to match administrations.
        run: Facts shown above the comparison (model, prompt, cache, replay...).
        stream: Where the comparison table goes (default stdout).

    Returns:
        The rules-only run's status: 0 when every threshold is met, 1 otherwise.
    """
    from extraction.refine import tally
    from infusion_coder.writers import write_text_atomic

    stream = stream or sys.stdout
    runs = ((RULES_ONLY_DIR, rules_only, minimums), (WITH_LLM_DIR, with_llm, {}))
    status = 0
    summaries: dict[str, Mapping[str, Any]] = {}
    records: dict[str, list[dict[str, Any]]] = {}
    for name, process, mins in runs:
        folder = out / name
        folder.mkdir(parents=True, exist_ok=True)
        meta = {**(run or {}), "run": name}
        table = io.StringIO()  # each run's full table is in its report.md
        code = evaluate(notes, process, folder, mins, canonical=canonical, meta=meta, stream=table)
        status = code if name == RULES_ONLY_DIR else status
        metrics = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
        summaries[name] = metrics["summary"]
        with (folder / "results.jsonl").open(encoding="utf-8") as fh:
            records[name] = [json.loads(line) for line in fh if line.strip()]
    llm_records = [r.get("llm") for r in records[WITH_LLM_DIR]]
    data, markdown = llm_comparison(
        summaries[RULES_ONLY_DIR], summaries[WITH_LLM_DIR], tally(llm_records), run=run
    )
    breakdown = llm_breakdown(records[RULES_ONLY_DIR], records[WITH_LLM_DIR])
    data["proposals"] = breakdown
    markdown = markdown.rstrip("\n") + "\n\n" + llm_breakdown_markdown(breakdown)
    write_text_atomic(
        out / f"{COMPARISON}.json", json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    )
    write_text_atomic(out / f"{COMPARISON}.md", markdown)
    print(markdown, file=stream)
    for name, _, _ in runs:
        print(
            f"{name + ':':<12} {out / name}/ (results.jsonl, metrics.json, report.md)", file=stream
        )
    print(f"comparison: {out / COMPARISON}.md, {out / COMPARISON}.json", file=stream)
    return status


def drug_name_resolver() -> Canonical:
    """Map brand, generic and product names to one key through the drug lexicon.

    ``extraction.lexicon`` resolves "Zofran" and "ondansetron" to the same entry; a trailing
    product qualifier ("paliperidone palmitate (invega trinza)") is dropped, so a labeller's
    generic name matches the product the program recognised. Without the lexicon module, names
    are compared case-insensitively.
    """
    try:
        from extraction.lexicon import load_drug_lexicon
    except ImportError:
        return lowercase_name
    lexicon = load_drug_lexicon()

    @functools.lru_cache(maxsize=4096)
    def canonical(name: str | None) -> str:
        if name is None:
            return lowercase_name(None)
        entry = lexicon.by_name(name)
        base = name if entry is None else entry.name
        return lowercase_name(_QUALIFIER.sub("", base) or base)

    return canonical
