"""``infusion-coder run`` as a batch: exit codes, progress, SIGKILL and --resume, real pipeline."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from batch_helpers import note_text, read_records, without_timing, write_jsonl
from batch_probe import RAISE, SLOW

from infusion_coder.cli import main

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PROBE = ["--pipeline-factory", "batch_probe:build"]


def notes_file(tmp_path: Path, n: int, marker: str = "") -> Path:
    rows = [{"id": f"n{i:04d}", "text": note_text(i) + marker} for i in range(n)]
    return write_jsonl(tmp_path / "notes.jsonl", rows)


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "infusion_coder", "run", *args]


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), str(ROOT)])}


def test_exit_0_with_note_errors_and_1_with_fail_on_error(tmp_path, capsys):
    source = write_jsonl(
        tmp_path / "n.jsonl",
        [{"id": "ok", "text": note_text(1)}, {"id": "bad", "text": note_text(2) + RAISE}],
    )
    assert main(["run", str(source), "--out", str(tmp_path / "a"), *PROBE, "--quiet"]) == 0
    code = main(
        ["run", str(source), "--out", str(tmp_path / "b"), *PROBE, "--fail-on-error", "--quiet"]
    )
    assert code == 1
    assert capsys.readouterr().out == ""  # --quiet: no summary, no progress
    summary = json.loads((tmp_path / "b" / "summary.json").read_text("utf-8"))
    assert summary["errors"] == 1 and summary["errors_by_type"] == {"processing_error": 1}


@pytest.mark.parametrize(
    ("make_args", "message"),
    [
        (lambda t, s: [str(t / "missing.jsonl"), "--out", str(t / "o")], "missing.jsonl"),
        (lambda t, s: [str(s), "--out", str(s)], "is a file"),
        (lambda t, s: [str(s), "--out", str(s / "sub")], "cannot create output folder"),
        (
            lambda t, s: [str(s), "--out", str(t / "o"), "--pipeline-factory", "nope:build"],
            "cannot import",
        ),
        (
            lambda t, s: [
                str(s),
                "--out",
                str(t / "o"),
                "--pipeline-factory",
                "batch_probe:build_broken",
            ],
            "could not be built",
        ),
    ],
    ids=["missing-input", "out-is-file", "out-under-file", "unknown-factory", "broken-pipeline"],
)
def test_exit_2_when_the_run_cannot_start(tmp_path, capsys, make_args, message):
    source = notes_file(tmp_path, 2)
    args = make_args(tmp_path, source)
    if "--pipeline-factory" not in args:
        args += PROBE
    assert main(["run", *args, "--quiet"]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    "bad", [["--workers", "0"], ["--format", "xml"], ["--chunk-size", "x"]], ids=str
)
def test_bad_arguments_exit_2(tmp_path, bad):
    with pytest.raises(SystemExit) as exc:
        main(["run", str(notes_file(tmp_path, 1)), "--out", str(tmp_path / "o"), *bad])
    assert exc.value.code == 2


def test_csv_without_the_named_text_column_exits_2_naming_it(tmp_path, capsys):
    path = tmp_path / "x.csv"
    path.write_text("id,note_body\n1,Zofran 4 mg IVP\n", encoding="utf-8")
    code = main(["run", str(path), "--out", str(tmp_path / "o"), "--text-col", "Body", *PROBE])
    assert code == 2
    assert "Body" in capsys.readouterr().err


def test_unfinished_run_needs_resume_or_overwrite_finished_run_is_replaced(tmp_path, capsys):
    source = notes_file(tmp_path, 4)
    out = tmp_path / "o"
    args = ["run", str(source), "--out", str(out), *PROBE, "--quiet"]
    assert main(args) == 0
    assert main(args) == 0  # a finished run (summary.json present) is simply run again
    (out / "summary.json").unlink()  # as after a crash
    assert main(args) == 2
    assert "--resume" in capsys.readouterr().err
    assert main([*args, "--overwrite"]) == 0
    assert len(read_records(out / "results.jsonl")) == 4


def test_progress_lines_when_not_a_terminal(tmp_path):
    source = notes_file(tmp_path, 12, SLOW)
    proc = subprocess.run(
        cli(str(source), "--out", str(tmp_path / "o"), *PROBE, "--workers", "1"),
        capture_output=True,
        text=True,
        env={**env(), "PROBE_IN_PROCESS": "1"},
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("progress:")]
    assert lines and "12/12 notes (100%)" in lines[-1]
    assert "notes/s" in lines[-1] and "errors 0" in lines[-1]
    assert "\r" not in proc.stderr
    assert "notes: 12" in proc.stdout


def wait_for_lines(path: Path, count: int, proc: subprocess.Popen, limit: float) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if path.exists() and path.read_bytes().count(b"\n") >= count:
            return
        if proc.poll() is not None:
            pytest.fail(f"the run ended before it was killed: {proc.stderr.read()}")
        time.sleep(0.05)
    pytest.fail("the run did not start writing results")


@pytest.mark.parametrize("kind", ["probe", "real"])
def test_sigkill_mid_run_then_resume_gives_exactly_one_record_per_note(tmp_path, kind):
    if kind == "probe":
        n, marker, extra, kill_after = 160, SLOW, PROBE, 30
    else:
        n, marker, extra, kill_after = 40, "", [], 8
    source = notes_file(tmp_path, n, marker)
    out = tmp_path / "out"
    args = cli(str(source), "--out", str(out), "--workers", "2", "--no-report", *extra)
    proc = subprocess.Popen(args, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        wait_for_lines(out / "results.jsonl", kill_after, proc, limit=240)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert not (out / "summary.json").exists()
    written = (out / "results.jsonl").read_bytes().count(b"\n")
    assert kill_after <= written < n

    resumed = subprocess.run(
        [*args, "--resume"], env=env(), capture_output=True, text=True, timeout=600, check=False
    )
    assert resumed.returncode == 0, resumed.stderr
    records = read_records(out / "results.jsonl")
    assert sorted(r["note_id"] for r in records) == [f"n{i:04d}" for i in range(n)]
    assert [r["note_id"] for r in records] == [f"n{i:04d}" for i in range(n)]  # order kept
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert summary["notes"] == n
    assert summary["resumed"] + summary["processed"] == n
    assert summary["resumed"] >= written - 1  # at most the torn last line is redone

    if kind == "probe":
        reference = tmp_path / "reference"
        assert main(["run", str(source), "--out", str(reference), *PROBE, "--quiet"]) == 0
        assert without_timing(records) == without_timing(read_records(reference / "results.jsonl"))


def test_real_pipeline_output_is_identical_with_1_and_2_workers(tmp_path, examples_dir):
    outputs = []
    for workers in ("1", "2"):
        out = tmp_path / f"w{workers}"
        code = main(["run", str(examples_dir), "--out", str(out), "--workers", workers, "--quiet"])
        assert code == 0
        outputs.append(without_timing(read_records(out / "results.jsonl")))
    assert outputs[0] == outputs[1]
    assert all(r["status"] == "ok" for r in outputs[0])
    assert any(r["lines"] for r in outputs[0])
