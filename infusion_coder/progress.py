"""Progress of a batch run on stderr: a one-line bar on a terminal, plain lines otherwise.

The bar shows notes done (of the total when known), notes/s, the ETA when the total is known and
the errors so far, redrawn at most ten times a second. When stderr is not a terminal (a log file,
a CI job) one plain line is written every ``every`` seconds and one at the end. ``off`` writes
nothing (``--quiet``).
"""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO

MODES = ("auto", "bar", "lines", "off")


def _clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class Progress:
    """Counts done notes and errors and shows them.

    Args:
        mode: ``auto`` (bar on a terminal, else lines), ``bar``, ``lines`` or ``off``.
        stream: where to write (default stderr).
        every: seconds between plain lines.
        total: the number of notes when known (:meth:`set_total` may give it later).
        already: notes already done before this run (a resume); they count toward the total
            but not toward the rate.
    """

    def __init__(
        self,
        mode: str = "auto",
        stream: TextIO | None = None,
        *,
        every: float = 10.0,
        total: int | None = None,
        already: int = 0,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"progress mode must be one of {MODES}")
        self.stream = stream if stream is not None else sys.stderr
        if mode == "auto":
            isatty = getattr(self.stream, "isatty", None)
            mode = "bar" if isatty is not None and isatty() else "lines"
        self.mode = mode
        self.every = every
        self.already = already
        self.done = 0
        self.errors = 0
        self._total = total
        self._lock = threading.Lock()
        self._began = time.monotonic()
        self._last_draw = self._began if mode == "lines" else 0.0
        self._width = 0

    def set_total(self, total: int | None) -> None:
        """Give the total number of notes (from a background count); None keeps it unknown."""
        with self._lock:
            self._total = total

    def update(self, *, error: bool = False) -> None:
        """One more note done."""
        self.done += 1
        if error:
            self.errors += 1
        now = time.monotonic()
        if self.mode == "bar" and now - self._last_draw >= 0.1:
            self._draw_bar(now)
        elif self.mode == "lines" and now - self._last_draw >= self.every:
            self._write_line(now)

    def finish(self) -> None:
        """Draw the final state and end the bar's line."""
        now = time.monotonic()
        if self.mode == "bar":
            self._draw_bar(now)
            self.stream.write("\n")
            self.stream.flush()
        elif self.mode == "lines":
            self._write_line(now)

    def status(self, now: float | None = None) -> str:
        """The progress text, e.g. ``1,204/20,000 notes (6%)  182.3 notes/s  ETA 1:42``."""
        now = time.monotonic() if now is None else now
        elapsed = max(now - self._began, 1e-9)
        rate = self.done / elapsed
        with self._lock:
            total = self._total
        count = self.already + self.done
        parts = []
        if total:
            total = max(total, count)
            parts.append(f"{count:,}/{total:,} notes ({100 * count / total:.0f}%)")
        else:
            parts.append(f"{count:,} notes")
        parts.append(f"{rate:.1f} notes/s")
        if total and rate > 0:
            parts.append(f"ETA {_clock((total - count) / rate)}")
        parts.append(f"elapsed {_clock(elapsed)}")
        parts.append(f"errors {self.errors}")
        return "  ".join(parts)

    def _draw_bar(self, now: float) -> None:
        self._last_draw = now
        text = self.status(now)
        with self._lock:
            total = self._total
        if total:
            filled = int(20 * min(1.0, (self.already + self.done) / max(total, 1)))
            text = f"[{'#' * filled}{'.' * (20 - filled)}] {text}"
        pad = max(0, self._width - len(text))
        self._width = len(text)
        self.stream.write("\r" + text + " " * pad)
        self.stream.flush()

    def _write_line(self, now: float) -> None:
        self._last_draw = now
        self.stream.write(f"progress: {self.status(now)}\n")
        self.stream.flush()
