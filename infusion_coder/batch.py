"""Batch runs: every note of the inputs through the pipeline, on all cores, resumable.

Data flow, all in the main process except the pipeline itself::

    readers (lazy) -> unique ids (IdAssigner) -> skip done (resume) -> chunks -> workers
    -> outcomes in input order -> results.jsonl (appended, one write per note) + sinks + summary

- **Parallel.** ``workers > 1`` runs a :class:`concurrent.futures.ProcessPoolExecutor` whose
  initializer builds the pipeline once per worker (forkserver start method: workers fork from a
  clean server process that has already imported the libraries). At most ``window`` chunks are
  in flight and they are collected in submission order, so the output order is the input order
  and memory does not grow with the number of notes. ``workers == 1`` runs in this process.
- **Same output whatever the worker count.** Each note is processed on its own by the same
  code, serialised in the worker. The only field that differs between runs is ``seconds`` (the
  note's wall time), which comparisons must leave out.
- **A note never stops the run.** A pipeline exception is an error record (the pipeline does
  that itself; the batch catches what escapes a custom pipeline). A worker that dies (killed for
  memory, a crash in a native library) breaks the pool: the pool is rebuilt and the notes that
  were in flight are run one at a time, so the note that kills a worker gets a
  ``worker_crashed`` error record and all the others their normal result.
- **Resumable.** See :class:`infusion_coder.writers.ResultsLog` for the on-disk guarantee.
  ``resume=True`` truncates a torn last line, counts the records present into the summary, and
  skips the notes whose (unique) ids are already there. Ids are remembered as 128-bit
  fingerprints (:class:`IdSet`, about 40 bytes per note), not as strings.
- **Duplicate ids.** The second note with id ``X`` becomes ``X#2`` (third ``X#3``...) with a
  ``duplicate_id`` notice; the renaming depends only on input order, so a resumed run renames
  the same way.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import importlib
import io
import json
import logging
import multiprocessing
import os
import pickle
import signal
import threading
import time
from array import array
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any, Protocol, TextIO

from pydantic import BaseModel

from infusion_coder import __version__
from infusion_coder.models import NoteResult, Notice
from infusion_coder.progress import Progress
from infusion_coder.readers import (
    InputItem,
    InputProblem,
    ReadOptions,
    ReadStats,
    detect_format,
    iter_inputs,
    open_input,
    walk_files,
)
from infusion_coder.writers import (
    ResultsFileError,
    ResultSink,
    ResultsLog,
    Summary,
    Tally,
    dumps,
    write_text_atomic,
)

log = logging.getLogger(__name__)

RESULTS_FILE = "results.jsonl"
SUMMARY_FILE = "summary.json"
STATE_FILE = "run.json"
LOCK_FILE = ".infusion-coder.lock"
#: Notes in a row that kill their worker before the run concludes workers cannot run at all.
MAX_CONSECUTIVE_CRASHES = 3
#: Options that change the coding: a resumed run must use the same values.
CODING_OPTIONS = ("pipeline", "read_options")


class BatchError(Exception):
    """The run cannot start or cannot go on (bad output folder, options, a broken pipeline)."""


class PipelineLike(Protocol):
    """What a batch needs of a pipeline: one input item in, one :class:`NoteResult` out."""

    def process_item(self, item: InputItem) -> NoteResult: ...


def build_default_pipeline(options: Mapping[str, Any]) -> PipelineLike:
    """The product pipeline (:class:`infusion_coder.pipeline.Pipeline`) with these options.

    Args:
        options: :class:`~infusion_coder.pipeline.PipelineConfig` fields (``setting``,
            ``payer``, ``date_of_service``, ``profile_dir``).
    """
    from infusion_coder.pipeline import Pipeline, PipelineConfig

    return Pipeline(PipelineConfig(**dict(options)))


@dataclass(frozen=True)
class PipelineSpec:
    """A picklable recipe for a pipeline: ``module:callable`` called with ``options``.

    Workers import the module and call it once each (the pipeline itself, with its spaCy
    objects, is never pickled). The default is the product pipeline.
    """

    factory: str = "infusion_coder.batch:build_default_pipeline"
    options: Mapping[str, Any] = field(default_factory=dict)
    preload: tuple[str, ...] = ("infusion_coder.pipeline", "simple_icd_10_cm")

    def load_factory(self) -> Callable[[Mapping[str, Any]], PipelineLike]:
        """Import the factory.

        Raises:
            BatchError: the name is not ``module:callable`` or cannot be imported.
        """
        module_name, _, attr = self.factory.partition(":")
        if not module_name or not attr:
            raise BatchError(f"pipeline factory {self.factory!r} is not 'module:callable'")
        try:
            module = importlib.import_module(module_name)
            factory = getattr(module, attr)
        except (ImportError, AttributeError) as exc:
            raise BatchError(f"cannot import pipeline factory {self.factory!r}: {exc}") from exc
        if not callable(factory):
            raise BatchError(f"pipeline factory {self.factory!r} is not callable")
        return factory

    def build(self) -> PipelineLike:
        """Build the pipeline (once per process)."""
        return self.load_factory()(dict(self.options))

    def describe(self) -> dict[str, Any]:
        """JSON-able form, stored in ``run.json`` and compared on resume."""
        return {"factory": self.factory, "options": _jsonable(dict(self.options))}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in sorted(value.items())}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Path | dt.date):
        return str(value)
    return value


# ------------------------------------------------------------------------------ ids and tasks


class IdSet:
    """A set of strings stored as 128-bit BLAKE2b fingerprints in an open-addressing table.

    About 16 bytes per slot at a load factor of at most 0.6 (so 27-53 bytes per id), against
    ~100 bytes for a Python ``set`` of ``str``. Two different ids share a fingerprint with a
    probability of about n^2 / 2^129: nil for any real run.
    """

    def __init__(self, capacity: int = 1024) -> None:
        size = 1
        while size < capacity:
            size *= 2
        self._size = size
        self._slots = array("Q", bytes(16 * size))
        self._count = 0

    def __len__(self) -> int:
        return self._count

    @staticmethod
    def _key(value: str) -> tuple[int, int]:
        digest = hashlib.blake2b(value.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        hi = int.from_bytes(digest[:8], "little")
        lo = int.from_bytes(digest[8:], "little")
        return hi, lo or 1  # (x, 0) marks an empty slot

    def _find(self, hi: int, lo: int) -> tuple[int, bool]:
        mask = self._size - 1
        index = hi & mask
        slots = self._slots
        while True:
            slot_lo = slots[2 * index + 1]
            if slot_lo == 0:
                return index, False
            if slot_lo == lo and slots[2 * index] == hi:
                return index, True
            index = (index + 1) & mask

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, str):
            return False
        return self._find(*self._key(value))[1]

    def add(self, value: str) -> bool:
        """Add ``value``; True when it was not there before."""
        hi, lo = self._key(value)
        index, found = self._find(hi, lo)
        if found:
            return False
        self._slots[2 * index] = hi
        self._slots[2 * index + 1] = lo
        self._count += 1
        if self._count * 5 > self._size * 3:
            self._grow()
        return True

    def _grow(self) -> None:
        old = self._slots
        self._size *= 2
        self._slots = array("Q", bytes(16 * self._size))
        for i in range(0, len(old), 2):
            if old[i + 1]:
                index, _ = self._find(old[i], old[i + 1])
                self._slots[2 * index] = old[i]
                self._slots[2 * index + 1] = old[i + 1]


class IdAssigner:
    """Makes note ids unique in input order: the second ``X`` becomes ``X#2``, with a notice."""

    def __init__(self) -> None:
        self._seen = IdSet()
        self._last_suffix: dict[str, int] = {}
        self.renamed = 0

    def assign(self, note_id: str) -> tuple[str, Notice | None]:
        """The unique id for the next note with ``note_id``, and the notice when renamed."""
        if self._seen.add(note_id):
            return note_id, None
        n = self._last_suffix.get(note_id, 1)
        while True:
            n += 1
            candidate = f"{note_id}#{n}"
            if self._seen.add(candidate):
                break
        self._last_suffix[note_id] = n
        self.renamed += 1
        return candidate, Notice(
            type="duplicate_id",
            message=f"note id {note_id!r} occurs more than once in the input; occurrence {n} "
            f"is reported as {candidate!r}",
        )


@dataclass(frozen=True)
class Task:
    """One note to process, with notices the batch adds (a renamed duplicate id)."""

    index: int
    item: InputItem
    notices: tuple[Notice, ...] = ()


@dataclass(frozen=True)
class Outcome:
    """What comes back for one note: its record line, its tally, and (if asked) the result.

    From a worker the result travels as ``payload`` (see :func:`pickle_result`).
    """

    index: int
    note_id: str
    line: str
    tally: Tally
    result: NoteResult | None = None
    payload: bytes | None = None

    def note_result(self) -> NoteResult | None:
        """The :class:`NoteResult`, unpickled from the payload when it came from a worker."""
        if self.result is not None:
            return self.result
        if self.payload is not None:
            return pickle.loads(self.payload)
        return None


def _parametrized(origin: type[BaseModel], args: tuple[Any, ...]) -> type[BaseModel]:
    return origin[args[0] if len(args) == 1 else args]  # type: ignore[index]


class _ResultPickler(pickle.Pickler):
    """Pickles parametrized pydantic generics (``Extracted[str]``) by origin and arguments.

    The standard pickler looks ``Extracted[str]`` up as a module attribute and fails; pydantic
    caches parametrizations, so ``Extracted[str]`` rebuilt on the other side is the same class.
    """

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, type) and issubclass(obj, BaseModel):
            meta = getattr(obj, "__pydantic_generic_metadata__", None)
            if meta and meta.get("origin") is not None:
                return _parametrized, (meta["origin"], tuple(meta["args"]))
        return NotImplemented


def pickle_result(result: NoteResult) -> bytes:
    """A NoteResult as bytes that :func:`pickle.loads` restores (text included)."""
    buffer = io.BytesIO()
    _ResultPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(result)
    return buffer.getvalue()


def _item_id(item: InputItem) -> str:
    return item.note_id


def _renamed(item: InputItem, note_id: str) -> InputItem:
    if isinstance(item, InputProblem):
        return replace(item, note_id=note_id)
    return item.model_copy(update={"note_id": note_id})


def _outcome(task: Task, result: NoteResult, want_result: bool) -> Outcome:
    if task.notices:
        result = result.model_copy(update={"notices": (*result.notices, *task.notices)})
    record = result.to_json()
    return Outcome(
        index=task.index,
        note_id=result.note_id,
        line=dumps(record),
        tally=Tally.of(record),
        result=result if want_result else None,
    )


def _failed_outcome(task: Task, error_type: str, message: str, want_result: bool) -> Outcome:
    return _outcome(task, NoteResult.failed(_item_id(task.item), error_type, message), want_result)


def process_tasks(
    pipeline: PipelineLike, tasks: Sequence[Task], want_results: bool
) -> list[Outcome]:
    """Run a chunk of tasks through a pipeline (in a worker or in-process).

    An exception that escapes ``process_item`` (the product pipeline catches its own; a custom
    one may not) or the serialisation of a result becomes that note's error record; the
    message names the exception type only, never note text.
    """
    outcomes = []
    for task in tasks:
        try:
            result = pipeline.process_item(task.item)
            outcomes.append(_outcome(task, result, want_results))
        except Exception as exc:  # one note must not stop the batch; recorded as its error
            log.warning("note %s failed: %s", _item_id(task.item), type(exc).__name__)
            outcomes.append(
                _failed_outcome(
                    task,
                    "processing_error",
                    f"{type(exc).__name__} escaped the pipeline while processing the note",
                    want_results,
                )
            )
    return outcomes


# -------------------------------------------------------------------------------------- workers


class WorkerInitError(Exception):
    """The pipeline could not be built in a worker (bad profile, missing rule file...)."""


_WORKER_PIPELINE: PipelineLike | None = None
_WORKER_INIT_ERROR: str | None = None


def _init_worker(spec: PipelineSpec) -> None:
    """Build the pipeline once in this worker; Ctrl-C is the main process's to handle."""
    global _WORKER_PIPELINE, _WORKER_INIT_ERROR
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        _WORKER_PIPELINE = spec.build()
    except Exception as exc:  # reported to the main process with the first chunk
        _WORKER_INIT_ERROR = f"{type(exc).__name__}: {exc}"
        return
    # The pipeline's own objects live as long as the worker: keep the collector off them.
    gc.collect()
    gc.freeze()


def _worker_run(tasks: list[Task], want_results: bool) -> list[Outcome]:
    if _WORKER_INIT_ERROR is not None or _WORKER_PIPELINE is None:
        raise WorkerInitError(_WORKER_INIT_ERROR or "the worker has no pipeline")
    outcomes = process_tasks(_WORKER_PIPELINE, tasks, want_results)
    if not want_results:
        return outcomes
    return [
        replace(o, result=None, payload=pickle_result(o.result)) if o.result is not None else o
        for o in outcomes
    ]


def _chunks(tasks: Iterable[Task], size: int) -> Iterator[list[Task]]:
    chunk: list[Task] = []
    for task in tasks:
        chunk.append(task)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class InlineRunner:
    """Runs the pipeline in this process (``--workers 1``)."""

    def __init__(self, spec: PipelineSpec, want_results: bool) -> None:
        try:
            self.pipeline = spec.build()
        except BatchError:
            raise
        except Exception as exc:
            raise BatchError(
                f"the pipeline could not be built: {type(exc).__name__}: {exc}"
            ) from exc
        self.want_results = want_results

    def run(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        for task in tasks:
            yield from process_tasks(self.pipeline, [task], self.want_results)

    def close(self, *, cancel: bool = False) -> None:
        return None


def _mp_context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


class ParallelRunner:
    """Runs chunks of notes on a process pool and yields their outcomes in input order.

    Args:
        spec: how each worker builds its pipeline.
        workers: number of worker processes.
        chunk_size: notes per task sent to a worker.
        window: chunks in flight at most (memory bound: ``window * chunk_size`` notes).
        want_results: also send back the :class:`NoteResult` objects (for sinks).
    """

    def __init__(
        self,
        spec: PipelineSpec,
        workers: int,
        *,
        chunk_size: int = 8,
        window: int | None = None,
        want_results: bool = False,
    ) -> None:
        self.spec = spec
        self.workers = workers
        self.chunk_size = max(1, chunk_size)
        self.window = window or workers * 4
        self.want_results = want_results
        self.crashes = 0
        self._crash_streak = 0
        self._context = _mp_context()
        if self._context.get_start_method() == "forkserver":
            preload = ["infusion_coder.batch", spec.factory.partition(":")[0], *spec.preload]
            preload.append("infusion_coder.forkserver_preload")  # last: freezes the heap
            self._context.set_forkserver_preload(list(dict.fromkeys(preload)))
        self._executor = self._new_executor()

    def _new_executor(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=self._context,
            initializer=_init_worker,
            initargs=(self.spec,),
        )

    def _restart(self) -> None:
        self._kill_executor()
        self._executor = self._new_executor()

    def _kill_executor(self) -> None:
        executor = self._executor
        # The pool may hold a worker stuck in a long note; the public API cannot stop it.
        processes = list((getattr(executor, "_processes", None) or {}).values())
        executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            with contextlib.suppress(Exception):
                process.terminate()

    def _submit(self, chunk: list[Task]) -> Future[list[Outcome]]:
        try:
            return self._executor.submit(_worker_run, chunk, self.want_results)
        except BrokenProcessPool:
            self._restart()
            return self._executor.submit(_worker_run, chunk, self.want_results)

    def run(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        """Outcomes of ``tasks`` in their order, with at most ``window`` chunks in flight."""
        pending: deque[tuple[list[Task], Future[list[Outcome]]]] = deque()
        for chunk in _chunks(tasks, self.chunk_size):
            pending.append((chunk, self._submit(chunk)))
            while len(pending) >= self.window:
                yield from self._take(pending)
        while pending:
            yield from self._take(pending)

    def _take(self, pending: deque[tuple[list[Task], Future[list[Outcome]]]]) -> Iterator[Outcome]:
        chunk, future = pending[0]
        try:
            outcomes = future.result()
        except BrokenProcessPool:
            yield from self._recover(pending)
            return
        except WorkerInitError as exc:
            raise BatchError(f"the pipeline could not be built in a worker: {exc}") from exc
        except Exception as exc:  # e.g. a result that cannot be pickled: isolate the chunk
            log.warning(
                "a chunk failed in a worker (%s); retrying its notes one by one", type(exc).__name__
            )
            pending.popleft()
            yield from self._isolate(chunk)
            return
        pending.popleft()
        yield from outcomes

    def _recover(
        self, pending: deque[tuple[list[Task], Future[list[Outcome]]]]
    ) -> Iterator[Outcome]:
        """A worker died: rebuild the pool and rerun the unfinished chunks one note at a time."""
        items = list(pending)
        pending.clear()
        log.warning(
            "a worker process died; rerunning the %d notes in flight one at a time",
            sum(len(chunk) for chunk, _ in items),
        )
        self._restart()
        for chunk, future in items:
            if future.done() and not future.cancelled() and future.exception() is None:
                yield from future.result()
            else:
                yield from self._isolate(chunk)

    def _isolate(self, chunk: list[Task]) -> Iterator[Outcome]:
        for task in chunk:
            future = self._submit([task])
            try:
                outcomes = future.result()
                self._crash_streak = 0
            except BrokenProcessPool as exc:
                self.crashes += 1
                self._crash_streak += 1
                if self._crash_streak >= MAX_CONSECUTIVE_CRASHES:
                    raise BatchError(
                        f"worker processes died on {self._crash_streak} notes in a row: they "
                        "cannot run here (out of memory? a broken install?); rerun with "
                        "--workers 1 to see the error, then --resume"
                    ) from exc
                self._restart()
                outcomes = [
                    _failed_outcome(
                        task,
                        "worker_crashed",
                        "the worker process died while processing this note (killed by the "
                        "system, e.g. out of memory, or a crash in a library); the run went on",
                        self.want_results,
                    )
                ]
            except WorkerInitError as exc:
                raise BatchError(f"the pipeline could not be built in a worker: {exc}") from exc
            except Exception as exc:
                outcomes = [
                    _failed_outcome(
                        task,
                        "worker_error",
                        f"{type(exc).__name__} while sending the note to or from a worker",
                        self.want_results,
                    )
                ]
            yield from outcomes

    def close(self, *, cancel: bool = False) -> None:
        """Stop the workers (``cancel``: drop queued work and stop running notes)."""
        if cancel:
            self._kill_executor()
        else:
            self._executor.shutdown(wait=True)


# ------------------------------------------------------------------------------------ the run


@dataclass
class BatchConfig:
    """Everything a batch run needs (the ``run`` command builds it from its flags).

    Attributes:
        inputs: files and folders, in order.
        out_dir: the output folder (``results.jsonl``, ``summary.json``, ``run.json``).
        pipeline: how to build the pipeline.
        read_options: input format and CSV columns.
        workers: processes; 1 runs in this process.
        resume: finish an earlier run in ``out_dir`` instead of starting over.
        overwrite: start over even when ``out_dir`` holds an unfinished run.
        chunk_size: notes per task (None: 8).
        window: chunks in flight (None: 4 per worker).
        progress: ``auto``, ``bar``, ``lines`` or ``off``.
        progress_every: seconds between plain progress lines.
    """

    inputs: Sequence[Path]
    out_dir: Path
    pipeline: PipelineSpec = field(default_factory=PipelineSpec)
    read_options: ReadOptions = field(default_factory=ReadOptions)
    workers: int = 1
    resume: bool = False
    overwrite: bool = False
    chunk_size: int | None = None
    window: int | None = None
    progress: str = "auto"
    progress_every: float = 10.0

    def describe(self) -> dict[str, Any]:
        """The options that shape the output, as stored in ``run.json``."""
        options = self.read_options
        return {
            "pipeline": self.pipeline.describe(),
            "read_options": {
                "format": options.format,
                "id_col": options.id_col,
                "text_col": options.text_col,
                "setting_col": options.setting_col,
                "payer_col": options.payer_col,
                "dos_col": options.dos_col,
                "billed_col": options.billed_col,
            },
        }


@dataclass
class BatchReport:
    """How a run ended."""

    summary: Summary
    interrupted: bool = False
    crashes: int = 0
    warnings: list[str] = field(default_factory=list)


def default_workers() -> int:
    """The cores this process may use (its CPU affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def estimate_total(paths: Sequence[Path], options: ReadOptions) -> int | None:
    """The number of notes, when it can be counted cheaply (text files, JSON lines).

    CSV and FHIR JSON files are not counted (that needs a full parse): None.
    """
    total = 0
    for path in paths:
        files = walk_files(path) if path.is_dir() else iter([path])
        for file in files:
            fmt = detect_format(file, options)
            if fmt == "txt":
                total += 1
            elif fmt in ("jsonl", "ndjson"):
                total += _count_lines(file)
            else:
                return None
    return total


def _count_lines(path: Path) -> int:
    count = 0
    last = b"\n"
    with open_input(path) as handle:
        while block := handle.read(1 << 20):
            count += block.count(b"\n")
            last = block[-1:]
    return count + (0 if last == b"\n" else 1)


class _Lock:
    """An exclusive lock on the output folder (two runs must not write the same results)."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / LOCK_FILE
        self.handle: IO[str] | None = None

    def acquire(self) -> None:
        try:
            import fcntl
        except ImportError:  # not POSIX: no lock
            return
        self.handle = self.path.open("a")
        try:
            fcntl.flock(self.handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            self.handle.close()
            self.handle = None
            raise BatchError(f"another run is writing to {self.path.parent}") from exc

    def release(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None


def _prepare_out_dir(config: BatchConfig) -> None:
    out = config.out_dir
    if out.exists() and not out.is_dir():
        raise BatchError(f"output folder {out} is a file")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BatchError(f"cannot create output folder {out}: {exc.strerror or exc}") from exc
    if not os.access(out, os.W_OK | os.X_OK):
        raise BatchError(f"output folder {out} is not writable")


def _check_state(config: BatchConfig, results: Path) -> bool:
    """Decide fresh start vs. resume; returns True when existing records are kept."""
    state_path = config.out_dir / STATE_FILE
    has_results = results.exists() and results.stat().st_size > 0
    finished = (config.out_dir / SUMMARY_FILE).exists()
    if not config.resume:
        if has_results and not finished and not config.overwrite:
            raise BatchError(
                f"{results} holds an unfinished run: use --resume to finish it, "
                "or --overwrite to start over"
            )
        return False
    if not has_results:
        return False
    if state_path.exists():
        try:
            state = json.loads(state_path.read_text("utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise BatchError(f"cannot read {state_path}: {exc}") from exc
        now = config.describe()
        changed = [k for k in CODING_OPTIONS if state.get(k) != now.get(k)]
        if changed:
            raise BatchError(
                f"cannot resume: {', '.join(changed)} differ from the run in {config.out_dir} "
                f"(was {json.dumps({k: state.get(k) for k in changed})}); resume with the same "
                "options, or start over with --overwrite"
            )
    return True


def run_batch(
    config: BatchConfig,
    sinks: Sequence[ResultSink] = (),
    *,
    sink_factories: Sequence[Callable[[Path], Any]] = (),
    stream: TextIO | None = None,
) -> BatchReport:
    """Process every input note and write ``results.jsonl``, the sinks and ``summary.json``.

    Args:
        config: inputs, output folder, workers, resume.
        sinks: extra outputs; each gets every :class:`NoteResult` of this run in input order
            (in this process), then ``close(summary)``. A sink that raises is dropped with a
            warning and named in ``summary.outputs_failed``; results.jsonl is never affected.
        sink_factories: callables ``f(out_dir) -> sink``, called once the output folder is
            locked and checked (a sink may clear files of an earlier run when built).
        stream: where progress goes (default stderr).

    On a resumed run, the records already in ``results.jsonl`` are passed to each sink that
    has an ``add_record(record: dict)`` method, before the new results; a sink without it only
    sees this run's notes and is named in :attr:`BatchReport.warnings`.

    Returns:
        The summary, and whether the run was interrupted (Ctrl-C / SIGTERM: results.jsonl
        holds every note finished so far and ``summary.json`` is not written).

    Raises:
        BatchError: the run cannot start (output folder, options, resume state, pipeline).
    """
    began = time.perf_counter()
    _prepare_out_dir(config)
    lock = _Lock(config.out_dir)
    lock.acquire()
    try:
        return _run_locked(config, list(sinks), sink_factories, stream, began)
    finally:
        lock.release()


def _load_previous(
    results: Path, summary: Summary, on_record: Callable[[dict[str, Any]], None]
) -> IdSet:
    removed = ResultsLog.repair(results)
    if removed:
        log.warning("removed a torn last line (%d bytes) from %s", removed, results)
    done = IdSet()
    try:
        for record in ResultsLog.records(results):
            if done.add(str(record["note_id"])):
                summary.add_tally(Tally.of(record), resumed=True)
                on_record(record)
    except ResultsFileError as exc:
        raise BatchError(str(exc)) from exc
    return done


def _build_sinks(
    factories: Sequence[Callable[[Path], Any]], out: Path, summary: Summary
) -> list[ResultSink]:
    sinks: list[ResultSink] = []
    for factory in factories:
        try:
            sinks.append(factory(out))
        except Exception as exc:  # an output that cannot start must not stop the coding
            name = getattr(factory, "__name__", type(factory).__name__)
            log.error("output %s could not start (%s)", name, type(exc).__name__)
            summary.outputs_failed.append(f"{name}: {type(exc).__name__}: {exc}")
    return sinks


def _run_locked(
    config: BatchConfig,
    sinks: list[ResultSink],
    sink_factories: Sequence[Callable[[Path], Any]],
    stream: TextIO | None,
    began: float,
) -> BatchReport:
    out = config.out_dir
    results = out / RESULTS_FILE
    keep = _check_state(config, results)
    summary = Summary(workers=config.workers)
    report = BatchReport(summary)
    sinks = sinks + _build_sinks(sink_factories, out, summary)

    def replay(record: dict[str, Any]) -> None:
        for sink in list(sinks):
            add_record = getattr(sink, "add_record", None)
            if add_record is None:
                continue
            try:
                add_record(record)
            except Exception as exc:  # an output failing must not lose the others
                _sink_failed(sinks, sink, exc, summary)

    done = _load_previous(results, summary, replay) if keep else IdSet(16)
    partial = [type(s).__name__ for s in sinks if not hasattr(s, "add_record")]
    progress = Progress(
        config.progress, stream, every=config.progress_every, already=summary.resumed
    )
    counter = threading.Thread(
        target=lambda: progress.set_total(_safe_estimate(config.inputs, config.read_options)),
        daemon=True,
    )
    counter.start()

    stats = ReadStats()
    assigner = IdAssigner()

    def tasks() -> Iterator[Task]:
        for index, item in enumerate(iter_inputs(config.inputs, config.read_options, stats)):
            note_id, notice = assigner.assign(_item_id(item))
            if note_id in done:
                continue
            if notice is not None:
                item = _renamed(item, note_id)
            yield Task(index, item, (notice,) if notice is not None else ())

    want_results = bool(sinks)
    if config.workers > 1:
        runner: InlineRunner | ParallelRunner = ParallelRunner(
            config.pipeline,
            config.workers,
            chunk_size=config.chunk_size or 8,
            window=config.window,
            want_results=want_results,
        )
    else:
        runner = InlineRunner(config.pipeline, want_results)

    writer: ResultsLog | None = None

    def start_output() -> ResultsLog:
        """Touch the outputs only once the pipeline works (a failed start changes nothing)."""
        (out / SUMMARY_FILE).unlink(missing_ok=True)
        write_text_atomic(out / STATE_FILE, _state_json(config))
        return ResultsLog(results, fresh=not keep)

    previous_term = _install_sigterm()
    try:
        for outcome in runner.run(tasks()):
            if writer is None:
                writer = start_output()
            writer.append(outcome.line)
            summary.add_tally(outcome.tally)
            if sinks:
                result = outcome.note_result()
                if result is not None:
                    _feed(sinks, result, summary)
            progress.update(error=outcome.tally.status != "ok")
        if writer is None:
            writer = start_output()
    except KeyboardInterrupt:
        report.interrupted = True
        runner.close(cancel=True)
    except BaseException:
        runner.close(cancel=True)
        raise
    else:
        runner.close()
    finally:
        if writer is not None:
            writer.close()
        _restore_sigterm(previous_term)
        progress.finish()
    report.crashes = getattr(runner, "crashes", 0)
    summary.seconds = time.perf_counter() - began
    summary.skipped_resources.update(stats.skipped_resources)
    if summary.resumed:
        report.warnings.extend(
            f"{name} covers only the {summary.processed} notes processed in this run, not the "
            f"{summary.resumed} resumed from results.jsonl"
            for name in partial
        )
    if report.interrupted:
        for sink in sinks:
            abort = getattr(sink, "abort", None)
            if abort is not None:
                with contextlib.suppress(Exception):
                    abort()
        return report
    for sink in list(sinks):
        try:
            sink.close(summary)
        except Exception as exc:  # an output failing must not lose the others
            _sink_failed(sinks, sink, exc, summary)
    write_text_atomic(out / SUMMARY_FILE, json.dumps(summary.to_json(), indent=2) + "\n")
    return report


def _state_json(config: BatchConfig) -> str:
    return (
        json.dumps(
            {
                "version": __version__,
                "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "inputs": [str(p) for p in config.inputs],
                "workers": config.workers,
                **config.describe(),
            },
            indent=2,
        )
        + "\n"
    )


def _feed(sinks: list[ResultSink], result: NoteResult, summary: Summary) -> None:
    for sink in list(sinks):
        try:
            sink.add(result)
        except Exception as exc:  # an output failing must not lose the others
            _sink_failed(sinks, sink, exc, summary)


def _sink_failed(
    sinks: list[ResultSink], sink: ResultSink, exc: Exception, summary: Summary
) -> None:
    name = type(sink).__name__
    log.error(
        "output %s failed (%s); it is dropped for the rest of the run", name, type(exc).__name__
    )
    summary.outputs_failed.append(f"{name}: {type(exc).__name__}")
    sinks.remove(sink)


def _safe_estimate(paths: Sequence[Path], options: ReadOptions) -> int | None:
    try:
        return estimate_total(paths, options)
    except (OSError, EOFError, ValueError):
        return None


def _install_sigterm() -> Any:
    """SIGTERM ends the run like Ctrl-C: finished notes are kept, the rest left for --resume."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def handler(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, handler)


def _restore_sigterm(previous: Any) -> None:
    if previous is not None:
        signal.signal(signal.SIGTERM, previous)
