"""Progress display: a redrawn bar on a terminal, plain lines otherwise, nothing when quiet."""

from __future__ import annotations

import io

from infusion_coder.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bar_on_a_terminal_shows_total_rate_eta_and_errors():
    stream = Terminal()
    progress = Progress("auto", stream, total=200, already=50)
    for i in range(30):
        progress.update(error=i % 10 == 0)
    progress.finish()
    text = stream.getvalue()
    assert progress.mode == "bar"
    assert text.startswith("\r[") and text.endswith("\n")
    final = text.rsplit("\r", 1)[-1]
    assert "80/200 notes (40%)" in final
    assert "notes/s" in final and "ETA" in final and "errors 3" in final


def test_plain_lines_without_a_terminal_and_unknown_total():
    stream = io.StringIO()
    progress = Progress("auto", stream, every=3600)
    for _ in range(5):
        progress.update()
    assert stream.getvalue() == ""  # not yet time for a line
    progress.finish()
    assert stream.getvalue().startswith("progress: 5 notes  ")
    assert "ETA" not in stream.getvalue() and "\r" not in stream.getvalue()


def test_total_arriving_later_enables_eta_and_quiet_writes_nothing():
    stream = io.StringIO()
    progress = Progress("lines", stream, every=3600)
    progress.update()
    progress.set_total(4)
    assert "1/4 notes (25%)" in progress.status() and "ETA" in progress.status()
    quiet = io.StringIO()
    off = Progress("off", quiet)
    off.update(error=True)
    off.finish()
    assert quiet.getvalue() == ""
