"""Throughput of extraction against spaCy and medspaCy baselines, on one generated corpus.

Measures notes/second, single process, on the same notes for
(a) ``spacy.blank("en")`` tokenisation only,
(b) ``medspacy.load()`` default pipeline (tokenizer, PyRuSH, TargetMatcher, ConText) — slow, so it
    runs on a subsample (``--default-sample``, 200 notes by default),
(c) the project's full :func:`extraction.extract` (pipeline + assembly + encounter facts),
and prints a Markdown table with the machine it ran on.

Usage::

    python benchmarks/bench_extraction.py --n 2000
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.generate_notes import generate


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _rate(fn: Callable[[str], object], notes: list[str]) -> tuple[float, float]:
    start = time.perf_counter()
    for text in notes:
        fn(text)
    elapsed = time.perf_counter() - start
    return len(notes) / elapsed, elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="corpus size (default 2000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--default-sample", type=int, default=200,
                        help="notes for the slow medspacy.load() default pipeline")  # fmt: skip
    args = parser.parse_args(argv)

    notes = [text for _, text in generate(args.n, args.seed)]
    sizes = sorted(len(t) for t in notes)
    sample = notes[: args.default_sample]

    import medspacy
    import spacy
    from loguru import logger

    from extraction import build_nlp, extract

    blank = spacy.blank("en")
    t0 = time.perf_counter()
    nlp = build_nlp()
    build_s = time.perf_counter() - t0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        default = medspacy.load()
    logger.disable("PyRuSH")
    logger.disable("medspacy")

    # warm-up (first-call costs are not throughput)
    for text in notes[:20]:
        blank(text)
        extract(text, nlp)
    default(notes[0])

    # Interleaved rounds: each round times (a), (c) and (b) on its own slice, so all three see
    # the same machine load (the 2 cores are shared); totals are summed over the rounds.
    rounds = 10
    sec_a = sec_b = sec_c = 0.0
    size = -(-len(notes) // rounds)
    b_size = -(-len(sample) // rounds)
    for r in range(rounds):
        chunk = notes[r * size : (r + 1) * size]
        b_chunk = sample[r * b_size : (r + 1) * b_size]
        sec_a += _rate(blank.make_doc, chunk)[1]
        sec_c += _rate(lambda t: extract(t, nlp), chunk)[1]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sec_b += _rate(default, b_chunk)[1]
    rate_a, rate_b, rate_c = len(notes) / sec_a, len(sample) / sec_b, len(notes) / sec_c

    admins = sum(len(extract(t, nlp).administrations) for t in notes[:200])
    print("## Extraction throughput\n")
    print(
        f"Machine: {os.cpu_count()} CPUs (nproc), {_cpu_model()}; Python "
        f"{platform.python_version()}; spaCy {spacy.__version__}; medspaCy {medspacy.__version__}."
    )
    print(
        f"Corpus: {len(notes)} generated notes (benchmarks/generate_notes.py, seed {args.seed}), "
        f"{sizes[0]}-{sizes[-1]} characters (median {sizes[len(sizes) // 2]}); "
        f"{admins / 200:.1f} administrations per note on average. Single process; "
        f"pipeline build {build_s:.1f} s, not counted; (a), (b), (c) timed in 10 interleaved "
        f"rounds so that they share the machine's load; (b) on the first {len(sample)} notes.\n"
    )
    print("| pipeline | notes | seconds | notes/s | vs (a) | vs (b) |")
    print("|---|---:|---:|---:|---:|---:|")
    print(f"| (a) `spacy.blank(\"en\")` tokenisation only | {len(notes)} | {sec_a:.2f} | "
          f"{rate_a:,.0f} | 1.00 | {rate_a / rate_b:.1f} |")  # fmt: skip
    print(f"| (b) `medspacy.load()` default pipeline (subsample) | {len(sample)} | {sec_b:.2f} | "
          f"{rate_b:,.1f} | {rate_b / rate_a:.3f} | 1.0 |")  # fmt: skip
    print(f"| (c) `extraction.extract()` full | {len(notes)} | {sec_c:.2f} | {rate_c:,.0f} | "
          f"{rate_c / rate_a:.2f} | {rate_c / rate_b:.1f} |")  # fmt: skip
    ok_a = rate_c >= 0.2 * rate_a
    ok_b = rate_c >= 10 * rate_b
    print(
        f"\nTargets: (c) >= 0.2 x (a): {'met' if ok_a else 'NOT met'} "
        f"({rate_c / rate_a:.2f}); (c) >= 10 x (b): {'met' if ok_b else 'NOT met'} "
        f"({rate_c / rate_b:.1f} x)."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
