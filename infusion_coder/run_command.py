"""``infusion-coder run``: code notes and write the outputs."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from infusion_coder.cli import EPILOG, add_context_arguments


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``run`` subcommand."""
    run = sub.add_parser(
        "run",
        help="code notes and write results.jsonl",
        description="Read notes (.txt files, folders of them, .jsonl with {id, text} per line) "
        "and write DIR/results.jsonl: one record per note, in input order, errors included.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument("inputs", nargs="+", type=Path, metavar="INPUT", help=".txt, folder or .jsonl")
    run.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")
    add_context_arguments(run)
    run.set_defaults(func=cmd_run)


def cmd_run(args: argparse.Namespace) -> int:
    """Run the pipeline over every input note; 0 when the run completed, 2 when it could not."""
    from infusion_coder.pipeline import Pipeline, PipelineConfig
    from infusion_coder.readers import InputPathError, check_paths, iter_inputs
    from infusion_coder.writers import dumps, write_results, write_text_atomic

    try:
        check_paths(args.inputs)
    except InputPathError as exc:
        print(f"infusion-coder: error: {exc}", file=sys.stderr)
        return 2
    out: Path = args.out
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"infusion-coder: error: cannot create output folder {out}: {exc}", file=sys.stderr)
        return 2
    config = PipelineConfig(
        setting=args.setting,
        payer=args.payer,
        date_of_service=args.dos,
        profile_dir=args.profile_dir,
    )
    began = time.perf_counter()
    pipeline = Pipeline(config)
    results = (pipeline.process_item(item) for item in iter_inputs(args.inputs))
    summary = write_results(results, out / "results.jsonl")
    summary.seconds = time.perf_counter() - began
    write_text_atomic(out / "summary.json", dumps(summary.to_json()) + "\n")
    print(summary.render())
    print(f"results: {out / 'results.jsonl'}")
    return 0
