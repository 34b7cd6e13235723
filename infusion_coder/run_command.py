"""``infusion-coder run``: code notes and write the outputs.

Exit status: 0 when the run completed (notes that could not be processed are error records in
``results.jsonl`` and counted in the summary), 1 when ``--fail-on-error`` is given and a note
failed or when an output (review report, CSV export) failed, 2 when the run could not start or go
on (bad arguments, missing input, output folder not writable, unfinished run without
``--resume``/``--overwrite``, a pipeline that cannot be built), 130 when interrupted (Ctrl-C or
SIGTERM; the notes finished so far are kept and ``--resume`` finishes the rest).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from infusion_coder.cli import EPILOG, add_context_arguments
from infusion_coder.llm_options import add_llm_arguments, llm_settings

log = logging.getLogger(__name__)

FORMAT_HELP = (
    "input format of every file (default: from the extension, .gz stripped: .txt, .jsonl, "
    ".ndjson, .csv/.tsv, .json = FHIR; else from the content)"
)

RUN_EPILOG = (
    EPILOG
    + """
Inputs: .txt files or folders of them (recursive, path order; id = file name), .jsonl
({"id", "text", "setting", "payer", "date_of_service", "billed"} per line), .csv (header row;
--id-col/--text-col name the columns; quoted multi-line notes), FHIR R4 JSON (a
DocumentReference or a Bundle; text from attachment.data or a local attachment.url) and FHIR
bulk-export .ndjson. Any of them may be gzip-compressed (.gz).

Outputs in DIR: results.jsonl (one record per note, input order, appended as notes finish),
summary.json (written at the end), run.json (the run's options), review/ and the CSV exports
when available. A run killed at any point is finished with --resume.

Exit status: 0 run completed (note errors are records, not failures); 1 --fail-on-error and a
note failed, or an output failed; 2 the run could not start; 130 interrupted (use --resume).
"""
)


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from exc
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {number}")
    return number


def _positive_float(value: str) -> float:
    try:
        number = float(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected a number, got {value!r}") from exc
    if number <= 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {value}")
    return number


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``run`` subcommand."""
    from infusion_coder.batch import default_workers
    from infusion_coder.readers import FORMATS

    run = sub.add_parser(
        "run",
        help="code notes and write results.jsonl",
        description="Read notes (.txt files or folders, .jsonl, .csv, FHIR JSON/NDJSON, "
        "optionally .gz) and write DIR/results.jsonl: one record per note, in input order, "
        "errors included; on all cores, resumable.",
        epilog=RUN_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument(
        "inputs", nargs="+", type=Path, metavar="INPUT", help="file or folder of notes"
    )
    run.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")
    add_context_arguments(run)
    add_llm_arguments(run)

    fmt = run.add_argument_group("input format")
    fmt.add_argument("--format", choices=FORMATS, default=None, help=FORMAT_HELP)
    fmt.add_argument("--id-col", metavar="NAME", help="CSV column of the note id (default: id)")
    fmt.add_argument(
        "--text-col", metavar="NAME", help="CSV column of the note text (default: text)"
    )
    fmt.add_argument(
        "--setting-col", metavar="NAME", help="CSV column with office/facility per note"
    )
    fmt.add_argument("--payer-col", metavar="NAME", help="CSV column with the payer per note")
    fmt.add_argument(
        "--dos-col",
        metavar="NAME",
        help="CSV column with the date of service (YYYY-MM-DD or MM/DD/YYYY)",
    )
    fmt.add_argument(
        "--billed-col",
        metavar="NAME",
        help='CSV column with the billed codes, e.g. "96365x1;96375;J2405x4" (audit)',
    )

    batch = run.add_argument_group("batch")
    batch.add_argument(
        "--workers",
        type=_positive_int,
        default=default_workers(),
        metavar="N",
        help="worker processes, each with its own pipeline (default: all cores, here "
        f"{default_workers()}); 1 runs in this process",
    )
    batch.add_argument(
        "--resume",
        action="store_true",
        help="finish an unfinished run in DIR: skip notes already in DIR/results.jsonl",
    )
    batch.add_argument(
        "--overwrite",
        action="store_true",
        help="start over even when DIR holds an unfinished run",
    )
    batch.add_argument(
        "--fail-on-error",
        action="store_true",
        help="exit 1 when any note could not be processed (default: exit 0, errors are records)",
    )
    batch.add_argument("--quiet", action="store_true", help="no progress and no summary")
    batch.add_argument(
        "--progress-every",
        type=_positive_float,
        default=10.0,
        metavar="SECONDS",
        help="seconds between progress lines when stderr is not a terminal (default 10)",
    )
    batch.add_argument(
        "--chunk-size",
        type=_positive_int,
        default=8,
        metavar="N",
        help="notes sent to a worker at a time (default 8)",
    )
    batch.add_argument(
        "--no-report", action="store_true", help="do not write the review report DIR/review/"
    )
    batch.add_argument(
        "--no-exports",
        action="store_true",
        help="do not write DIR/claim_lines.csv and DIR/findings.csv",
    )
    batch.add_argument(
        "--pipeline-factory",
        default=None,
        metavar="MODULE:CALLABLE",
        help="build the pipeline with this callable (given the coding options as a dict) "
        "instead of the built-in one: for custom pipelines and tests",
    )
    run.set_defaults(func=cmd_run)


def _sink_factories(args: argparse.Namespace) -> tuple[list[Callable[[Path], object]], list[str]]:
    """The extra outputs that exist in this installation (imported lazily), and warnings.

    On ``--resume`` an output is only written when its sink can take the records of the earlier
    run (``add_record``); otherwise it would hold only the notes of the resumed part, so it is
    left out (its files from before stay as they are) and named in a warning.
    """
    candidates: list[tuple[str, type, Callable[[Path], object]]] = []
    if not args.no_report:
        try:
            from infusion_coder.report import ReportSink
        except ImportError as exc:
            log.info("review report not available: %s", exc)
        else:
            candidates.append(("review report (DIR/review/)", ReportSink, ReportSink))
    if not args.no_exports:
        try:
            from infusion_coder.exports import ClaimLinesCsvSink, FindingsCsvSink
        except ImportError as exc:
            log.info("CSV exports not available: %s", exc)
        else:
            candidates.append(
                (
                    "claim_lines.csv",
                    ClaimLinesCsvSink,
                    lambda out: ClaimLinesCsvSink(out / "claim_lines.csv"),
                )
            )
            candidates.append(
                ("findings.csv", FindingsCsvSink, lambda out: FindingsCsvSink(out / "findings.csv"))
            )
    factories: list[Callable[[Path], object]] = []
    warnings: list[str] = []
    for name, cls, factory in candidates:
        if args.resume and not hasattr(cls, "add_record"):
            warnings.append(
                f"{name} is not written by a resumed run (it cannot include the notes of the "
                "earlier part); run again with --overwrite to produce it"
            )
            continue
        factories.append(factory)
    return factories, warnings


def cmd_run(args: argparse.Namespace) -> int:
    """Run the pipeline over every input note (see the module docstring for exit codes)."""
    from infusion_coder.batch import BatchConfig, BatchError, PipelineSpec, run_batch
    from infusion_coder.readers import (
        InputFormatError,
        InputPathError,
        ReadOptions,
        check_inputs,
    )

    def fail(message: str) -> int:
        print(f"infusion-coder: error: {message}", file=sys.stderr)
        return 2

    try:
        options = ReadOptions(
            format=args.format,
            id_col=args.id_col,
            text_col=args.text_col,
            setting_col=args.setting_col,
            payer_col=args.payer_col,
            dos_col=args.dos_col,
            billed_col=args.billed_col,
        )
        check_inputs(args.inputs, options)
    except (InputPathError, InputFormatError) as exc:
        return fail(str(exc))

    coding = {
        "setting": args.setting,
        "payer": args.payer,
        "date_of_service": args.dos,
        "profile_dir": args.profile_dir,
        "refiner": llm_settings(args),  # JSON-able; each worker builds its refiner
    }
    spec = PipelineSpec(options=coding)
    if args.pipeline_factory:
        spec = PipelineSpec(factory=args.pipeline_factory, options=coding, preload=())
        try:
            spec.load_factory()
        except BatchError as exc:
            return fail(str(exc))

    config = BatchConfig(
        inputs=list(args.inputs),
        out_dir=args.out,
        pipeline=spec,
        read_options=options,
        workers=args.workers,
        resume=args.resume,
        overwrite=args.overwrite,
        chunk_size=args.chunk_size,
        progress="off" if args.quiet else "auto",
        progress_every=args.progress_every,
    )
    factories, warnings = _sink_factories(args)
    try:
        report = run_batch(config, sink_factories=factories)
    except BatchError as exc:
        return fail(str(exc))
    summary = report.summary
    if report.interrupted:
        print(
            f"infusion-coder: interrupted: {summary.notes} notes are in "
            f"{args.out / 'results.jsonl'}; run the same command with --resume to finish",
            file=sys.stderr,
        )
        return 130
    if not args.quiet:
        print(summary.render())
        print(f"results: {args.out / 'results.jsonl'}")
    for note in [*warnings, *report.warnings]:
        print(f"infusion-coder: warning: {note}", file=sys.stderr)
    if summary.outputs_failed:
        return 1
    if args.fail_on_error and summary.errors:
        return 1
    return 0
