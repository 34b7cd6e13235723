"""Batch machinery: order, unique ids, errors, crashes, resume, worker-count invariance."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from batch_helpers import note_text, read_records, without_timing, write_jsonl
from batch_probe import KILL_WORKER, RAISE, SLOW

from infusion_coder.batch import (
    BatchConfig,
    BatchError,
    IdAssigner,
    IdSet,
    ParallelRunner,
    PipelineSpec,
    Task,
    run_batch,
)
from infusion_coder.readers import iter_inputs
from infusion_coder.writers import ResultsLog


def batch(tmp_path: Path, rows: list[dict]) -> Path:
    return write_jsonl(tmp_path / "notes.jsonl", rows)


def run(spec: PipelineSpec, inputs: list[Path], out: Path, **kwargs):
    config = BatchConfig(inputs=inputs, out_dir=out, pipeline=spec, progress="off", **kwargs)
    return run_batch(config)


def rows(n: int) -> list[dict]:
    return [{"id": f"n{i:04d}", "text": note_text(i)} for i in range(n)]


def test_worker_count_and_chunking_do_not_change_the_output(tmp_path, probe_spec):
    notes = rows(60)
    notes[7]["text"] += f"\n{SLOW}"  # a slow note early: later chunks finish first
    notes[30]["text"] += f"\n{RAISE}"
    source = batch(tmp_path, notes)
    outputs = []
    for workers, chunk in [(1, 1), (2, 1), (2, 8), (3, 5)]:
        out = tmp_path / f"out-{workers}-{chunk}"
        report = run(probe_spec, [source], out, workers=workers, chunk_size=chunk, window=3)
        assert not report.interrupted
        outputs.append(without_timing(read_records(out / "results.jsonl")))
    assert all(o == outputs[0] for o in outputs[1:])
    records = outputs[0]
    assert [r["note_id"] for r in records] == [n["id"] for n in notes]
    assert records[30]["status"] == "error"
    assert records[30]["error"]["type"] == "processing_error"
    assert "RuntimeError" in records[30]["error"]["message"]
    assert "probe failure" not in records[30]["error"]["message"]  # may quote the note


def test_duplicate_ids_are_all_processed_with_visible_suffix_and_notice(tmp_path, probe_spec):
    notes = [
        {"id": "v1", "text": note_text(1)},
        {"id": "v1", "text": note_text(2)},
        {"id": "v1#2", "text": note_text(3)},  # a real id that looks like a suffix
        {"id": "v1", "text": note_text(4)},
    ]
    out = tmp_path / "out"
    report = run(probe_spec, [batch(tmp_path, notes)], out, workers=2)
    records = read_records(out / "results.jsonl")
    assert [r["note_id"] for r in records] == ["v1", "v1#2", "v1#2#2", "v1#3"]
    dup_notices = [[n for n in r["notices"] if n["type"] == "duplicate_id"] for r in records]
    assert [len(n) for n in dup_notices] == [0, 1, 1, 1]
    assert "'v1#2'" in dup_notices[1][0]["message"]
    assert report.summary.notices_by_type["duplicate_id"] == 3
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert summary["notes"] == 4 and summary["notices_by_type"]["duplicate_id"] == 3


def test_bad_files_mixed_with_good_ones_each_get_one_record(tmp_path, probe_spec):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(note_text(1), encoding="utf-8")
    (folder / "b.txt").write_bytes(b"\x00\x01PK\x03\x04" * 100)
    (folder / "c.txt").write_bytes(b"")
    (folder / "d.jsonl").write_text(
        json.dumps({"id": "d1", "text": note_text(2)}) + "\n{broken\n", encoding="utf-8"
    )
    (folder / "e.txt").write_bytes(b"Pt " * 1_000_000)
    (folder / "f.txt").write_text(note_text(3), encoding="utf-8")
    out = tmp_path / "out"
    report = run(probe_spec, [folder], out, workers=2)
    records = read_records(out / "results.jsonl")
    assert [(r["note_id"], r["status"]) for r in records] == [
        ("a", "ok"),
        ("b", "error"),
        ("c", "error"),
        ("d1", "ok"),
        ("d:2", "error"),
        ("e", "error"),
        ("f", "ok"),
    ]
    assert report.summary.errors_by_type == {
        "binary_file": 1,
        "empty_note": 1,
        "invalid_json": 1,
        "note_too_large": 1,
    }


@pytest.mark.parametrize("poison", [0, 11], ids=["first-note", "mid-run"])
def test_a_note_that_kills_its_worker_becomes_an_error_and_the_rest_complete(
    tmp_path, probe_spec, poison
):
    notes = rows(30)
    notes[poison]["text"] += f"\n{KILL_WORKER}"
    out = tmp_path / "out"
    report = run(probe_spec, [batch(tmp_path, notes)], out, workers=2, chunk_size=4)
    records = read_records(out / "results.jsonl")
    assert [r["note_id"] for r in records] == [n["id"] for n in notes]
    assert [r["note_id"] for r in records if r["status"] != "ok"] == [notes[poison]["id"]]
    assert records[poison]["error"]["type"] == "worker_crashed"
    assert report.crashes == 1


def test_workers_that_always_die_stop_the_run_instead_of_failing_every_note(tmp_path, probe_spec):
    notes = [{"id": f"k{i}", "text": note_text(i) + KILL_WORKER} for i in range(10)]
    out = tmp_path / "out"
    with pytest.raises(BatchError, match="in a row"):
        run(probe_spec, [batch(tmp_path, notes)], out, workers=2, chunk_size=2)
    assert len(read_records(out / "results.jsonl")) == 2  # kept for --resume


def test_in_flight_notes_are_bounded_by_the_window(probe_spec, tmp_path):
    source = batch(tmp_path, rows(200))
    pulled = 0
    max_ahead = 0

    def counted():
        nonlocal pulled
        for index, item in enumerate(iter_inputs([source])):
            pulled += 1
            yield Task(index, item)

    runner = ParallelRunner(probe_spec, 2, chunk_size=4, window=3)
    try:
        for done, _outcome in enumerate(runner.run(counted()), start=1):
            max_ahead = max(max_ahead, pulled - done)
    finally:
        runner.close()
    assert done == 200
    assert max_ahead <= 3 * 4 + 4  # window chunks in flight plus the chunk being filled


def test_resume_after_torn_line_finishes_with_one_record_per_note(tmp_path, probe_spec):
    notes = rows(40)
    source = batch(tmp_path, notes)
    full = tmp_path / "full"
    run(probe_spec, [source], full, workers=1)
    expected = without_timing(read_records(full / "results.jsonl"))

    out = tmp_path / "out"
    out.mkdir()
    lines = (full / "results.jsonl").read_bytes().splitlines(keepends=True)
    (out / "results.jsonl").write_bytes(b"".join(lines[:17]) + lines[17][:25])  # a crash
    (out / "run.json").write_bytes((full / "run.json").read_bytes())

    with pytest.raises(BatchError, match="--resume"):
        run(probe_spec, [source], out, workers=2)
    report = run(probe_spec, [source], out, workers=2, resume=True)
    assert without_timing(read_records(out / "results.jsonl")) == expected
    assert (report.summary.resumed, report.summary.processed) == (17, 23)
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert summary["notes"] == 40 and summary["resumed"] == 17


def test_resume_refuses_other_coding_options_and_corrupt_results(tmp_path, probe_spec):
    source = batch(tmp_path, rows(5))
    out = tmp_path / "out"
    run(probe_spec, [source], out)
    other = PipelineSpec(factory=probe_spec.factory, options={"payer": "medicare"}, preload=())
    with pytest.raises(BatchError, match="pipeline"):
        run(other, [source], out, resume=True)
    with (out / "results.jsonl").open("ab") as handle:
        handle.write(b"{not a record}\n")
    with pytest.raises(BatchError, match="line 6"):
        run(probe_spec, [source], out, resume=True)


def test_a_pipeline_that_cannot_be_built_stops_the_run_and_changes_nothing(tmp_path, probe_spec):
    source = batch(tmp_path, rows(3))
    out = tmp_path / "out"
    run(probe_spec, [source], out)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    broken = PipelineSpec(factory="batch_probe:build_broken", preload=())
    for workers in (1, 2):
        with pytest.raises(BatchError, match="FileNotFoundError"):
            run(broken, [source], out, workers=workers, overwrite=True)
        after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
        assert after == before  # the finished run's results and summary are untouched


def test_sinks_get_every_result_in_input_order_with_text(tmp_path, probe_spec):
    class Collect:
        def __init__(self) -> None:
            self.seen: list[tuple[str, str | None]] = []
            self.closed_with: int | None = None

        def add(self, result) -> None:
            self.seen.append((result.note_id, result.text))

        def close(self, summary) -> None:
            self.closed_with = summary.notes

    notes = rows(25)
    sink = Collect()
    config = BatchConfig(
        inputs=[batch(tmp_path, notes)],
        out_dir=tmp_path / "out",
        pipeline=probe_spec,
        workers=2,
        progress="off",
    )
    run_batch(config, [sink])
    assert sink.seen == [(n["id"], n["text"]) for n in notes]
    assert sink.closed_with == 25


def test_results_log_repair_truncates_only_a_torn_tail(tmp_path):
    path = tmp_path / "results.jsonl"
    path.write_bytes(b'{"note_id":"a"}\n{"note_id":"b"}\n{"note_id":"c","sta')
    assert ResultsLog.repair(path) == len(b'{"note_id":"c","sta')
    assert [r["note_id"] for r in ResultsLog.records(path)] == ["a", "b"]
    assert ResultsLog.repair(path) == 0


def test_id_set_and_assigner():
    ids = IdSet(4)
    values = [f"note-{i}" for i in range(5000)]
    assert all(ids.add(v) for v in values)
    assert not any(ids.add(v) for v in values)
    assert len(ids) == 5000
    assert "note-4999" in ids and "note-5000" not in ids
    assigner = IdAssigner()
    assert [assigner.assign(x)[0] for x in ["a", "b", "a", "a", "b"]] == [
        "a",
        "b",
        "a#2",
        "a#3",
        "b#2",
    ]


def test_resume_replays_earlier_records_to_sinks_that_can_take_them(tmp_path, probe_spec):
    class Replayable:
        def __init__(self) -> None:
            self.ids: list[str] = []

        def add_record(self, record: dict) -> None:
            self.ids.append(record["note_id"])

        def add(self, result) -> None:
            self.ids.append(result.note_id)

        def close(self, summary) -> None:
            pass

    class NewOnly:
        def add(self, result) -> None:
            pass

        def close(self, summary) -> None:
            pass

    notes = rows(12)
    source = batch(tmp_path, notes)
    out = tmp_path / "out"
    run(probe_spec, [source], out)
    lines = (out / "results.jsonl").read_bytes().splitlines(keepends=True)
    (out / "results.jsonl").write_bytes(b"".join(lines[:5]))
    (out / "summary.json").unlink()
    replayable = Replayable()
    config = BatchConfig(
        inputs=[source], out_dir=out, pipeline=probe_spec, resume=True, progress="off"
    )
    report = run_batch(config, [replayable, NewOnly()])
    assert replayable.ids == [n["id"] for n in notes]
    assert report.warnings == [
        "NewOnly covers only the 7 notes processed in this run, not the 5 resumed from "
        "results.jsonl"
    ]
