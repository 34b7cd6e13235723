"""Command line: ``infusion-coder run`` (and the other subcommands registered in ``COMMANDS``)."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from infusion_coder import __version__

log = logging.getLogger("infusion_coder")

EPILOG = """\
Settings: 'office' codes a professional claim (CMS-1500, POS 11): the initial service is the
documented primary reason for the visit. 'facility' codes a hospital outpatient claim (UB-04):
the initial service follows the hierarchy chemo > therapeutic > hydration, infusion > push >
injection. Payers select a profile (medicare, medicaid, commercial, or your own JSON profile).
"""


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, got {value!r}") from exc


def add_context_arguments(parser: argparse.ArgumentParser) -> None:
    """Options that set the coding context of every note (per-note JSONL keys win)."""
    parser.add_argument(
        "--setting",
        choices=("office", "facility"),
        default=None,
        help="office (professional claim; default) or facility (hospital outpatient). "
        "A per-note 'setting' in JSONL input wins; without either, a setting stated in the "
        "note is used, else office.",
    )
    parser.add_argument(
        "--payer",
        default=None,
        help="payer profile: medicare, medicaid, commercial (default) or the name of a profile "
        "in --profile-dir. A per-note 'payer' in JSONL input wins.",
    )
    parser.add_argument(
        "--dos",
        type=_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="date of service for every note (drives J0013/S0013 and JZ/JW). A per-note "
        "'date_of_service' wins; without either, the date written in the note is used.",
    )
    parser.add_argument(
        "--profile-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="folder of extra or overriding payer profile JSON files (see validators/profiles).",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="infusion-coder",
        description="Code drug administrations (CPT 96360-96379, HCPCS drug codes) from "
        "exported clinical notes, with evidence spans and documentation gaps.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

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
    return parser


def cmd_run(args: argparse.Namespace) -> int:
    """The ``run`` subcommand."""
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


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``infusion-coder`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
