"""Build the eval sets from the labelled Python modules in ``eval_sets/src``.

``dev.jsonl`` = ``eval_sets.src.dev_a.NOTES + eval_sets.src.dev_b.NOTES``;
``smoke.jsonl`` = ``eval_sets.src.smoke.NOTES``;
``holdout.jsonl`` = ``eval_sets.src.holdout.NOTES``.
Every record is validated by the gold loader before anything is written; output is
deterministic (one note per line, keys sorted, UTF-8), so a rebuild with unchanged sources
gives byte-identical files.

Run from the repository root::

    .venv/bin/python -m eval_sets.build           # (re)write the files
    .venv/bin/python -m eval_sets.build --check   # exit 1 when a file is missing or stale
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from infusion_coder.evaluation.gold import GoldFormatError, parse_gold_record
from infusion_coder.writers import write_text_atomic

HERE = Path(__file__).resolve().parent

#: Output file → the modules whose ``NOTES`` it concatenates, in order.
TARGETS: dict[str, tuple[str, ...]] = {
    "dev.jsonl": ("eval_sets.src.dev_a", "eval_sets.src.dev_b"),
    "smoke.jsonl": ("eval_sets.src.smoke",),
    # Written by a labeller who never saw the program's output nor the dev notes; measured and
    # reported, never used to develop rules (README "Evaluation").
    "holdout.jsonl": ("eval_sets.src.holdout",),
}


def render(records: Sequence[Mapping[str, Any]], source: str) -> str:
    """Validate the records and serialise them as JSONL (sorted keys, one note per line).

    Args:
        records: Gold records in the eval_sets format.
        source: Name used in error messages (module or file).

    Raises:
        GoldFormatError: a record is invalid or an id repeats.
    """
    seen: dict[str, int] = {}
    lines = []
    for index, record in enumerate(records):
        where = f"{source}[{index}]"
        note = parse_gold_record(record, where)
        if note.id in seen:
            raise GoldFormatError(where, f"note id {note.id!r} repeats (first [{seen[note.id]}])")
        seen[note.id] = index
        lines.append(json.dumps(record, sort_keys=True, ensure_ascii=False))
    return "".join(line + "\n" for line in lines)


def _load_notes(module_name: str) -> list[Mapping[str, Any]] | None:
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            return None  # not written yet
        raise
    return list(module.NOTES)


def build(out_dir: Path = HERE, check: bool = False) -> int:
    """Write (or, with ``check``, compare) every target; 0 when all are written and current."""
    status = 0
    for filename, modules in TARGETS.items():
        records: list[Mapping[str, Any]] = []
        missing = []
        for name in modules:
            notes = _load_notes(name)
            if notes is None:
                missing.append(name)
            else:
                records.extend(notes)
        if missing:
            print(f"skipped {filename}: {', '.join(missing)} not found", file=sys.stderr)
            status = 1
            continue
        text = render(records, "+".join(m.rsplit(".", 1)[-1] for m in modules))
        path = out_dir / filename
        if check:
            current = path.read_text(encoding="utf-8") if path.exists() else None
            if current != text:
                print(f"{path} is stale: run python -m eval_sets.build", file=sys.stderr)
                status = 1
            else:
                print(f"{path}: {len(records)} notes, up to date")
            continue
        write_text_atomic(path, text)
        print(f"wrote {path}: {len(records)} notes")
    return status


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval_sets.build", description=__doc__)
    parser.add_argument("--check", action="store_true", help="verify instead of writing")
    args = parser.parse_args(argv)
    try:
        return build(check=args.check)
    except GoldFormatError as exc:
        print(f"eval_sets.build: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
