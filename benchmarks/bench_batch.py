"""Batch benchmark: notes/s with 1 and 2 workers, peak memory, and time to resume after a kill.

Runs the real command line (``python -m infusion_coder run``) as a subprocess over generated
notes (``benchmarks/generate_notes.py``: 1-3 KB EHR-style notes) and samples the memory of its
whole process tree (main process, forkserver, workers) every 0.25 s from ``/proc`` (Linux):
the sum of RSS (counts pages shared between forked workers once per process, so an upper bound)
and the sum of PSS (shared pages divided among their sharers: what the tree really uses).

Each run can be time-boxed (``--time-box``): it is then stopped with SIGTERM (the command keeps
every finished note) and its rate is computed over the notes it finished. ``steady notes/s``
leaves out the start-up (pipeline build in each worker) by timing from the first record written.

Usage (the full measurement; about 45 min for 20k notes on 2 cores at ~20 notes/s per core)::

    python benchmarks/bench_batch.py --notes 20000 --big 100000 --workers 1,2

Quick look (time-boxed)::

    python benchmarks/bench_batch.py --notes 20000 --big 100000 --time-box 120
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.generate_notes import generate  # noqa: E402

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def write_notes(path: Path, n: int, seed: int = 7) -> Path:
    """``n`` generated notes as JSONL (ids ``b000001``...), written once and reused."""
    if path.exists() and sum(1 for _ in path.open("rb")) == n:
        return path
    with path.open("w", encoding="utf-8") as handle:
        for i, (_style, text) in enumerate(generate(n, seed), start=1):
            handle.write(json.dumps({"id": f"b{i:06d}", "text": text}) + "\n")
    return path


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found += [int(x) for x in handle.read().split()]
    except OSError:
        pass
    return found


def _tree(pid: int) -> list[int]:
    todo, seen = [pid], []
    while todo:
        current = todo.pop()
        seen.append(current)
        todo.extend(_children(current))
    return seen


TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of one process so far."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / TICKS


def _memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in bytes of one process."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1]) * 1024
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1]) * 1024
    except OSError:
        pass
    return rss, pss


@dataclass
class Sampler:
    """Peak memory of a process tree, sampled in a thread."""

    pid: int
    peak_rss: int = 0
    peak_pss: int = 0
    peak_main_rss: int = 0
    samples: list[tuple[float, int, int]] = field(default_factory=list)
    cpu: dict[int, float] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)

    @property
    def main_cpu(self) -> float:
        return self.cpu.get(self.pid, 0.0)

    @property
    def other_cpu(self) -> float:
        return sum(v for k, v in self.cpu.items() if k != self.pid)

    def start(self) -> Sampler:
        threading.Thread(target=self._run, daemon=True).start()
        return self

    def _run(self) -> None:
        began = time.monotonic()
        while not self._stop.is_set():
            tree = _tree(self.pid)
            for p in tree:
                seconds = _cpu_seconds(p)
                if seconds is not None:
                    self.cpu[p] = seconds
            totals = [_memory(p) for p in tree]
            rss = sum(t[0] for t in totals)
            pss = sum(t[1] for t in totals)
            self.peak_rss = max(self.peak_rss, rss)
            self.peak_pss = max(self.peak_pss, pss)
            self.peak_main_rss = max(self.peak_main_rss, _memory(self.pid)[0])
            self.samples.append((time.monotonic() - began, rss, pss))
            self._stop.wait(0.1)

    def stop(self) -> None:
        self._stop.set()


@dataclass
class RunResult:
    workers: int
    notes: int
    done: int
    seconds: float
    steady_rate: float | None
    peak_rss: int
    peak_pss: int
    peak_main_rss: int
    finished: bool
    main_cpu: float = 0.0
    worker_cpu: float = 0.0
    pss_curve: tuple[int, ...] = ()


def count_lines(path: Path) -> int:
    if not path.exists():
        return 0
    with path.open("rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))


def run_cli(
    notes: Path, out: Path, workers: int, time_box: float | None, extra: list[str]
) -> RunResult:
    """One run of the command line, time-boxed; returns its rate and peak memory."""
    total = count_lines(notes)
    shutil.rmtree(out, ignore_errors=True)  # old records would fool the first-record timing
    args = [sys.executable, "-m", "infusion_coder", "run", str(notes), "--out", str(out)]
    args += ["--workers", str(workers), "--no-report", "--no-exports", "--quiet", "--overwrite"]
    began = time.monotonic()
    proc = subprocess.Popen([*args, *extra], cwd=ROOT)
    sampler = Sampler(proc.pid).start()
    results = out / "results.jsonl"
    first_at: float | None = None
    first_count = 0
    finished = True
    while proc.poll() is None:
        time.sleep(0.25)
        if first_at is None and count_lines(results) > 0:
            first_at, first_count = time.monotonic(), count_lines(results)
        if time_box is not None and time.monotonic() - began > time_box:
            proc.send_signal(signal.SIGTERM)
            proc.wait()
            finished = False
            break
    ended = time.monotonic()
    sampler.stop()
    done = count_lines(results)
    steady = None
    if first_at is not None and ended > first_at and done > first_count:
        steady = (done - first_count) / (ended - first_at)
    return RunResult(
        workers=workers,
        notes=total,
        done=done,
        seconds=ended - began,
        steady_rate=steady,
        peak_rss=sampler.peak_rss,
        peak_pss=sampler.peak_pss,
        peak_main_rss=sampler.peak_main_rss,
        finished=finished and proc.returncode == 0,
        main_cpu=sampler.main_cpu,
        worker_cpu=sampler.other_cpu,
        pss_curve=_curve(sampler.samples),
    )


def _curve(samples: list[tuple[float, int, int]]) -> tuple[int, ...]:
    """Tree PSS at 25, 50, 75 and 100 % of the run (flat memory shows as a flat curve)."""
    if not samples:
        return ()
    end = samples[-1][0]
    points = []
    for fraction in (0.25, 0.5, 0.75, 1.0):
        points.append(max(pss for t, _rss, pss in samples if t <= fraction * end))
    return tuple(points)


def resume_after_kill(notes: Path, out: Path, workers: int, kill_at: int) -> dict[str, float]:
    """SIGKILL a run after ``kill_at`` records, then time ``--resume`` to its first new record."""
    shutil.rmtree(out, ignore_errors=True)
    args = [sys.executable, "-m", "infusion_coder", "run", str(notes), "--out", str(out)]
    args += ["--workers", str(workers), "--no-report", "--no-exports", "--quiet", "--overwrite"]
    proc = subprocess.Popen(args, cwd=ROOT)
    results = out / "results.jsonl"
    while proc.poll() is None and count_lines(results) < kill_at:
        time.sleep(0.1)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    before = count_lines(results)
    args.remove("--overwrite")
    began = time.monotonic()
    resumed = subprocess.Popen([*args, "--resume"], cwd=ROOT)
    first_new = None
    while resumed.poll() is None:
        if count_lines(results) > before:
            first_new = time.monotonic() - began
            break
        time.sleep(0.05)
    resumed.send_signal(signal.SIGTERM)
    resumed.wait()
    return {"records_before": before, "seconds_to_first_new_record": first_new or float("nan")}


def mb(value: int) -> str:
    return f"{value / 1e6:,.0f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=20000)
    parser.add_argument("--big", type=int, default=100000, help="0 to skip the big run")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--time-box", type=float, default=None, metavar="SECONDS")
    parser.add_argument("--big-time-box", type=float, default=None, metavar="SECONDS")
    parser.add_argument("--kill-at", type=int, default=200, help="records before the SIGKILL")
    parser.add_argument("--work-dir", type=Path, default=None)
    parser.add_argument(
        "--extra", default="", help="extra flags for `run`, e.g. '--pipeline-factory m:f'"
    )
    args = parser.parse_args(argv)
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="bench-batch-"))
    work.mkdir(parents=True, exist_ok=True)
    extra = args.extra.split()
    workers = [int(w) for w in args.workers.split(",")]

    notes = write_notes(work / f"notes-{args.notes}.jsonl", args.notes)
    rows: list[tuple[str, RunResult]] = []
    for w in workers:
        rows.append((f"{args.notes:,}", run_cli(notes, work / f"out-{w}", w, args.time_box, extra)))
    if args.big:
        big = write_notes(work / f"notes-{args.big}.jsonl", args.big)
        w = max(workers)
        rows.append(
            (f"{args.big:,}", run_cli(big, work / f"out-big-{w}", w, args.big_time_box, extra))
        )
    resume = resume_after_kill(notes, work / "out-resume", max(workers), args.kill_at)

    print(
        f"\nMachine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; notes {work}\n"
    )
    print(
        "| notes in input | workers | notes done | wall s | notes/s (wall) | steady notes/s "
        "| peak RSS tree MB | peak PSS tree MB | peak RSS main MB | CPU ms/note main "
        "| CPU ms/note workers | finished |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for size, r in rows:
        steady = f"{r.steady_rate:.1f}" if r.steady_rate else "n/a"
        print(
            f"| {size} | {r.workers} | {r.done:,} | {r.seconds:.0f} | {r.done / r.seconds:.1f} "
            f"| {steady} | {mb(r.peak_rss)} | {mb(r.peak_pss)} | {mb(r.peak_main_rss)} "
            f"| {1000 * r.main_cpu / max(r.done, 1):.2f} "
            f"| {1000 * r.worker_cpu / max(r.done, 1):.1f} "
            f"| {'yes' if r.finished else 'time-boxed'} |"
        )
    print("\nPeak tree PSS (MB) by 25/50/75/100 % of each run's time:")
    for size, r in rows:
        curve = " / ".join(mb(v) for v in r.pss_curve)
        print(f"- {size} notes, {r.workers} worker(s), {r.done:,} done: {curve}")
    base = next((r for _, r in rows if r.workers == 1 and r.steady_rate), None)
    for size, r in rows:
        if base is not None and r.workers > 1 and r.steady_rate and size == rows[0][0]:
            ratio = r.steady_rate / base.steady_rate
            print(f"\nScaling {r.workers} workers vs 1 (steady): {ratio:.2f}x")
    print(
        "\nCPU ms/note counts start-up too (pipeline build, imports). With workers, the "
        "in-process row's CPU is all in `main`. On N idle cores, N workers can reach about "
        "N / (worker CPU per note), unless the main process's CPU per note is the limit."
    )
    print(
        f"\nResume after SIGKILL at {resume['records_before']:,} records: first new record "
        f"{resume['seconds_to_first_new_record']:.1f} s after `--resume` started "
        "(scan of results.jsonl + re-reading the skipped input + worker start-up)."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
