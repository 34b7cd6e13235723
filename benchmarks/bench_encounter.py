"""Throughput of :func:`extraction.encounter.extract_encounter` alone, with an output check.

Times ``extract_encounter(text, doc, administrations)`` on the labelled notes
(``eval_sets/dev.jsonl`` + ``eval_sets/smoke.jsonl``), in whole passes totalling at least
``--calls`` calls per mode, once with ``doc=None`` (sentences split by
:func:`extraction.sentences.split_sentences`) and once with the doc of
:func:`extraction.build_nlp` (sentences read from the doc). Wall-clock and CPU (process) time
are both reported: on a shared machine CPU time is the steadier of the two.

The inputs that come from other stages (each note's administrations and the doc's sentence
spans) are stored with the outputs in a reference file, so that the check compares the
encounter extractor alone even while the pipeline and assembly change: ``--save`` writes the
reference (every Encounter's ``model_dump_json``); a plain run asserts that every output is
byte-identical to it and exits with status 1 otherwise.

``--baseline FILE`` also times another version of the module (for instance the last commit's,
``git show HEAD:extraction/encounter.py > /tmp/encounter_head.py``) in alternating passes with
the current one, checks that both give the same outputs, and prints the speed-up.

Usage::

    python benchmarks/bench_encounter.py --save      # before a change: write the reference
    python benchmarks/bench_encounter.py             # after: time and check against it
    python benchmarks/bench_encounter.py --baseline /tmp/encounter_head.py
    python benchmarks/bench_encounter.py --profile doc   # cProfile of one mode's loop
"""

from __future__ import annotations

import argparse
import cProfile
import importlib.util
import json
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extraction.models import Administration  # noqa: E402

NOTE_FILES = (ROOT / "eval_sets" / "dev.jsonl", ROOT / "eval_sets" / "smoke.jsonl")
DEFAULT_REFERENCE = ROOT / "benchmarks" / "output" / "encounter_reference.json"
MODES = ("none", "doc")


def _texts() -> list[str]:
    return [
        json.loads(line)["text"]
        for path in NOTE_FILES
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def _load_module(path: Path) -> ModuleType:
    """Import another version of ``extraction/encounter.py`` under a private name."""
    name = "_encounter_baseline"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # pydantic resolves the module's annotations through it
    spec.loader.exec_module(module)
    return module


class _Timer:
    """Whole passes over the notes; wall-clock and CPU seconds per pass."""

    def __init__(self, n_notes: int, calls: int) -> None:
        self.n = n_notes
        self.passes = max(1, -(-calls // n_notes))

    def one_pass(self, fn: Callable[[int], object]) -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        for k in range(self.n):
            fn(k)
        return time.perf_counter() - wall, time.process_time() - cpu


def _calls(extract: Callable[..., Any], texts: list[str], docs: list[Any], admins: list[Any]):
    def with_none(k: int) -> object:
        return extract(texts[k], None, admins[k])

    def with_doc(k: int) -> object:
        return extract(texts[k], docs[k], admins[k])

    return {"none": with_none, "doc": with_doc}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000, help="calls per mode (min 2000)")
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
    parser.add_argument("--save", action="store_true", help="write the reference and exit")
    parser.add_argument("--baseline", type=Path, help="another encounter.py to compare with")
    parser.add_argument("--profile", choices=MODES, help="cProfile one mode's loop")
    args = parser.parse_args(argv)

    from extraction import build_nlp
    from extraction.encounter import _sentences, extract_encounter
    from extraction.sentences import SENTENCE_SPANS_KEY

    texts = _texts()
    nlp = build_nlp()
    docs = [nlp(text) for text in texts]
    n = len(texts)

    def doc_spans(doc: Any, text: str) -> list[tuple[int, int]]:
        return [tuple(s) for s in _sentences(text, doc)]  # type: ignore[misc]

    if args.save:
        from extraction.assemble import assemble_administrations

        admins = [assemble_administrations(doc) for doc in docs]
        spans = [doc_spans(doc, text) for doc, text in zip(docs, texts, strict=True)]
    else:
        reference = json.loads(args.reference.read_text(encoding="utf-8"))
        if reference["texts"] != texts:
            print("the labelled notes changed since the reference was saved", file=sys.stderr)
            return 2
        admins = [
            [Administration.model_validate_json(a) for a in note] for note in reference["admins"]
        ]
        spans = [[tuple(s) for s in note] for note in reference["doc_sentences"]]
        # The pipeline may have changed its sentences since: give the extractor the stored ones
        # (it reads them from the doc's user data, as it does for a live pipeline doc).
        changed = 0
        for doc, text, stored in zip(docs, texts, spans, strict=True):
            if doc_spans(doc, text) != stored:
                changed += 1
                doc.user_data[SENTENCE_SPANS_KEY] = (text, stored)
        if changed:
            print(f"note: {changed} docs' sentences differ from the reference; stored ones used")

    versions = {"current": _calls(extract_encounter, texts, docs, admins)}
    if args.baseline is not None:
        baseline = _load_module(args.baseline)
        versions["baseline"] = _calls(baseline.extract_encounter, texts, docs, admins)
    for calls in versions.values():  # warm-up: cue loading, lexicon, lazy imports, dateparser
        for mode in MODES:
            for k in range(n):
                calls[mode](k)

    outputs = {
        name: {mode: [calls[mode](k).model_dump_json() for k in range(n)] for mode in MODES}  # type: ignore[attr-defined]
        for name, calls in versions.items()
    }
    if args.save:
        args.reference.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "texts": texts,
            "admins": [[a.model_dump_json() for a in note] for note in admins],
            "doc_sentences": spans,
            "outputs": outputs["current"],
        }
        args.reference.write_text(json.dumps(payload), encoding="utf-8")
        print(f"reference written: {args.reference} ({n} notes)")

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(_Timer(n, args.calls).passes):
            for k in range(n):
                versions["current"][args.profile](k)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)

    timer = _Timer(n, max(args.calls, 2000))
    # per (version, mode): wall and CPU seconds of every pass; versions alternate pass by pass
    seconds: dict[tuple[str, str], list[tuple[float, float]]] = {
        (name, mode): [] for name in versions for mode in MODES
    }
    for _ in range(timer.passes):
        for mode in MODES:
            for name, calls in versions.items():
                seconds[(name, mode)].append(timer.one_pass(calls[mode]))

    sizes = sorted(len(t) for t in texts)
    print(
        f"{n} labelled notes, {sizes[0]}-{sizes[-1]} characters "
        f"(median {sizes[n // 2]}, mean {sum(sizes) / n:.0f}); "
        f"{timer.passes} passes = {timer.passes * n} calls per version and mode"
    )
    print("| version | mode | calls/s (wall) | calls/s (CPU) | best pass, calls/s (CPU) |")
    print("|---|---|---:|---:|---:|")
    rates: dict[tuple[str, str], tuple[float, float, float]] = {}
    for (name, mode), passes in seconds.items():
        wall = sum(w for w, _ in passes)
        cpu = sum(c for _, c in passes)
        best = min(c for _, c in passes)
        rates[(name, mode)] = (len(passes) * n / wall, len(passes) * n / cpu, n / best)
        label = "doc=None" if mode == "none" else "doc=build_nlp()"
        r = rates[(name, mode)]
        print(f"| {name} | {label} | {r[0]:,.0f} | {r[1]:,.0f} | {r[2]:,.0f} |")
    if "baseline" in versions:
        for mode in MODES:
            cur, base = rates[("current", mode)], rates[("baseline", mode)]
            print(
                f"speed-up {mode}: wall {cur[0] / base[0]:.2f}x, CPU {cur[1] / base[1]:.2f}x, "
                f"best pass {cur[2] / base[2]:.2f}x"
            )

    status = 0
    if "baseline" in versions and outputs["baseline"] != outputs["current"]:
        print("OUTPUT MISMATCH between the baseline and the current version", file=sys.stderr)
        status = 1
    if not args.save:
        bad = [
            (mode, k)
            for mode in MODES
            for k, (got, want) in enumerate(
                zip(outputs["current"][mode], reference["outputs"][mode], strict=True)
            )
            if got != want
        ]
        if bad:
            print(f"OUTPUT MISMATCH on {len(bad)} (mode, note): {bad[:10]}", file=sys.stderr)
            return 1
        print(f"outputs byte-identical to the reference on all {n} notes, both modes")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
