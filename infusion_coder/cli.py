"""Command line: ``infusion-coder run`` (and the other subcommands registered in ``COMMANDS``)."""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from infusion_coder import __version__

log = logging.getLogger("infusion_coder")

#: Modules that each add one subcommand through ``register(subparsers)``.
COMMANDS = ("infusion_coder.run_command", "infusion_coder.evaluation.command")

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

    for module_name in COMMANDS:
        importlib.import_module(module_name).register(sub)
    return parser


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
