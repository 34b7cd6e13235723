"""The SVG timeline of an encounter: one row per administration, on one clock axis.

Bars run from start to stop (holds cut out as gaps), pushes and injections are markers, an
infusion with only one documented end is drawn open-ended and dashed. Ticks on each bar mark the
running minutes that change the code (policy §3): 15 (push/infusion), 30 (hydration), 90 and
every hour after (add-on units), counted from the bar's start with holds skipped. Hydration time
that overlaps a drug infusion is hatched. Times are clock minutes; a stop before its start, or a
time far before the first time of the note, is the next day (midnight crossing).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from extraction.models import Administration, ExtractionResult, Status, Technique
from infusion_coder.report.html import Safe, el, join
from validators.models import AdministrationDecision

DAY = 1440
XScale = Callable[[float], float]
_SAME_DAY_WINDOW = 720  # a time more than 12 h before the note's first time is the next day
_NEXT_THRESHOLD_WINDOW = 20  # widen the axis to show a missed threshold this close to the stop

# Geometry of the drawing, in SVG user units (the drawing scales to the page width).
WIDTH = 1200
GUTTER = 230  # left column: drug, id, technique / status
RIGHT = 120  # room for the minutes label after the last bar
TOP = 30
ROW = 34
BAR = 14
AXIS = 34


@dataclass(frozen=True)
class Row:
    """One administration as drawn on the timeline."""

    ref: str  # "a0": the page's reference of the administration
    admin_id: str
    label: str  # drug name, or the mention text when no drug is named
    detail: str  # "infusion · therapeutic" / "push" / "planned"
    given: bool
    status: str
    shape: str  # "bar" | "open_stop" | "open_start" | "marker" | "none"
    marker: str = "push"  # "push" | "injection" for markers
    start: int | None = None  # absolute minutes on the axis (midnight crossing unrolled)
    stop: int | None = None
    derived_stop: bool = False
    holds: tuple[tuple[int, int], ...] = ()
    open_holds: tuple[int, ...] = ()  # holds with only one documented time (drawn as a tick)
    minutes: int | None = None
    hydration: bool = False
    overlaps: tuple[tuple[int, int], ...] = ()
    thresholds: tuple[int, ...] = field(default=())


def _technique(adm: Administration, decision: AdministrationDecision | None) -> str | None:
    if decision is not None and decision.technique:
        return decision.technique
    return None if adm.technique is None else adm.technique.value.value


def _is_hydration(adm: Administration, decision: AdministrationDecision | None) -> bool:
    if decision is not None and decision.tier is not None:
        return decision.tier == "hydration"
    return adm.kind == "fluid"


class _Clock:
    """Unrolls clock minutes onto one axis starting at the note's first documented time."""

    def __init__(self, origin: int | None) -> None:
        self.origin = origin

    def at(self, minute_of_day: int) -> int:
        if self.origin is not None and minute_of_day < self.origin - _SAME_DAY_WINDOW:
            return minute_of_day + DAY
        return minute_of_day

    def after(self, minute_of_day: int, start: int) -> int:
        """A time on or after ``start`` (the stop of an administration started at ``start``)."""
        value = self.at(minute_of_day)
        while value < start:
            value += DAY
        return value


def build_rows(
    extraction: ExtractionResult | None,
    decisions: Sequence[AdministrationDecision] = (),
) -> list[Row]:
    """Lay out every administration of the note as a timeline row.

    Args:
        extraction: the facts read from the note (``None``: no rows).
        decisions: the validators' decisions (technique after the time rules, minutes, tier).

    Returns:
        One row per administration, in note order.
    """
    if extraction is None:
        return []
    by_id = {d.admin_id: d for d in decisions}
    first = next(
        (
            t.value.minute_of_day
            for adm in extraction.administrations
            for t in (adm.start, adm.stop)
            if t is not None
        ),
        None,
    )
    clock = _Clock(first)
    rows = [
        _row(i, adm, by_id.get(adm.admin_id), clock)
        for i, adm in enumerate(extraction.administrations)
    ]
    return _with_overlaps(rows)


def _row(
    index: int, adm: Administration, decision: AdministrationDecision | None, clock: _Clock
) -> Row:
    technique = _technique(adm, decision)
    status = adm.status.value.value
    given = adm.status.value == Status.GIVEN
    hydration = _is_hydration(adm, decision)
    label = adm.drug.value if adm.drug is not None else adm.mention.text
    detail_bits = [technique.replace("_", " ") if technique else None]
    if decision is not None and decision.tier:
        detail_bits.append(decision.tier)
    elif adm.kind == "fluid":
        detail_bits.append("fluid")
    if not given:
        detail_bits = [status]
    detail = " · ".join(b for b in detail_bits if b) or "technique not documented"
    start = None if adm.start is None else clock.at(adm.start.value.minute_of_day)
    stop = None
    if adm.stop is not None:
        stop_minute = adm.stop.value.minute_of_day
        stop = clock.after(stop_minute, start) if start is not None else clock.at(stop_minute)
    holds: list[tuple[int, int]] = []
    open_holds: list[int] = []
    for hold in adm.interruptions:
        h_start = None if hold.start is None else hold.start.value.minute_of_day
        h_stop = None if hold.stop is None else hold.stop.value.minute_of_day
        base = start if start is not None else (clock.origin or 0)
        if h_start is not None and h_stop is not None:
            a = clock.after(h_start, base)
            holds.append((a, clock.after(h_stop, a)))
        elif h_start is not None or h_stop is not None:
            open_holds.append(clock.after(h_start if h_start is not None else h_stop, base))
    pointlike = technique in (Technique.PUSH.value, Technique.INJECTION_SC_IM.value)
    if start is not None and stop is not None:
        shape = "bar"
    elif start is not None and pointlike:
        shape = "marker"
    elif start is not None:
        shape = "open_stop"
    elif stop is not None:
        shape = "open_start"
    else:
        shape = "none"
    minutes = decision.minutes if decision is not None else None
    if minutes is None and shape == "bar" and start is not None and stop is not None:
        minutes = stop - start - sum(_overlap(h, (start, stop)) for h in holds)
    thresholds: tuple[int, ...] = ()
    if given and shape in ("bar", "open_stop"):
        thresholds = (30, 90, 150, 210, 270) if hydration else (15, 90, 150, 210, 270)
    return Row(
        ref=f"a{index}",
        admin_id=adm.admin_id,
        label=label,
        detail=detail,
        given=given,
        status=status,
        shape=shape,
        marker="injection" if technique == Technique.INJECTION_SC_IM.value else "push",
        start=start,
        stop=stop,
        derived_stop=bool(adm.stop is not None and adm.stop.derived),
        holds=tuple(sorted(holds)),
        open_holds=tuple(open_holds),
        minutes=minutes,
        hydration=hydration,
        thresholds=thresholds,
    )


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _with_overlaps(rows: list[Row]) -> list[Row]:
    """Mark where each given hydration bar runs alongside a given drug infusion."""
    infusions = [
        (r.start, r.stop)
        for r in rows
        if r.given and not r.hydration and r.shape == "bar" and r.start is not None
    ]
    out: list[Row] = []
    for row in rows:
        if row.hydration and row.given and row.shape == "bar" and infusions:
            assert row.start is not None and row.stop is not None
            spans = sorted(
                (max(row.start, s), min(row.stop, e))
                for s, e in infusions
                if e is not None and _overlap((row.start, row.stop), (s, e)) > 0
            )
            merged: list[tuple[int, int]] = []
            for s, e in spans:
                if merged and s <= merged[-1][1]:
                    merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
                else:
                    merged.append((s, e))
            row = replace(row, overlaps=tuple(merged))
        out.append(row)
    return out


def running_to_clock(start: int, running: int, holds: Sequence[tuple[int, int]]) -> int:
    """The axis minute at which ``running`` minutes have run since ``start``, holds skipped."""
    clock = start
    left = running
    for h_start, h_stop in sorted(holds):
        if h_stop <= clock:
            continue
        if h_start > clock:
            step = min(left, h_start - clock)
            clock += step
            left -= step
            if left == 0:
                return clock
        clock = max(clock, h_stop)
    return clock + left


def hhmm(minute: int) -> str:
    """Clock label of an axis minute (``1470`` → ``"00:30"``)."""
    minute %= DAY
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _range(rows: Sequence[Row]) -> tuple[int, int] | None:
    points: list[int] = []
    for row in rows:
        points.extend(t for t in (row.start, row.stop) if t is not None)
        points.extend(t for hold in row.holds for t in hold)
        points.extend(row.open_holds)
    if not points:
        return None
    low, high = min(points), max(points)
    for row in rows:  # show the next threshold a bar did not reach, when it is near
        if row.shape == "bar" and row.start is not None and row.stop is not None:
            for running in row.thresholds:
                at = running_to_clock(row.start, running, row.holds)
                if at > row.stop:
                    if at <= row.stop + _NEXT_THRESHOLD_WINDOW:
                        high = max(high, at)
                    break
    if any(r.shape in ("open_stop", "open_start") for r in rows):
        high = max(high, low + 30)
    span = max(high - low, 30)
    pad = max(5, round(span * 0.08))
    low, high = low - pad, high + pad
    step = _tick_step(high - low)
    return (low // step) * step, -(-high // step) * step


def _tick_step(span: int) -> int:
    for step in (5, 10, 15, 30, 60, 120, 180, 360):
        if span / step <= 12:
            return step
    return 720


def render_svg(rows: Sequence[Row]) -> Safe:
    """Draw the rows as an inline SVG (text escaped; ``data-refs`` on every row for selection).

    Args:
        rows: the rows from :func:`build_rows`.

    Returns:
        The ``<svg>`` element, or a short paragraph when there is nothing to draw.
    """
    if not rows:
        return el("p", {"class": "muted"}, "No administrations were found in this note.")
    span = _range(rows)
    height = TOP + ROW * len(rows) + AXIS
    plot_w = WIDTH - GUTTER - RIGHT
    parts: list[Safe] = [_defs()]
    if span is None:
        low, high = 0, 60
    else:
        low, high = span

    def x(minute: float) -> float:
        return round(GUTTER + (minute - low) * plot_w / (high - low), 1)

    if span is not None:
        parts.append(_axis(low, high, x, height))
    for i, row in enumerate(rows):
        parts.append(_draw_row(i, row, x, low, high, timed=span is not None))
    title = "Timeline of the administrations documented in the note"
    return el(
        "svg",
        {
            "class": "timeline",
            "viewBox": f"0 0 {WIDTH} {height}",
            "role": "img",
            "aria-label": title,
            "preserveAspectRatio": "xMinYMin meet",
        },
        el("title", None, title),
        join(parts),
    )


def _defs() -> Safe:
    return Safe(
        '<defs><pattern id="tl-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="3" height="6" class="tl-hatch-stroke"/>'
        "</pattern></defs>"
    )


def _axis(low: int, high: int, x: XScale, height: int) -> Safe:
    step = _tick_step(high - low)
    bottom = height - AXIS + 6
    out: list[Safe] = []
    minute = low
    while minute <= high:
        xx = x(minute)
        out.append(
            Safe(
                f'<line class="tl-grid" x1="{xx}" y1="{TOP - 8}" x2="{xx}" y2="{bottom}"/>'
                f'<text class="tl-tick" x="{xx}" y="{bottom + 16}" text-anchor="middle">'
                f"{hhmm(minute)}</text>"
            )
        )
        minute += step
    midnight = (low // DAY + 1) * DAY
    while midnight < high:
        xx = x(midnight)
        out.append(
            Safe(
                f'<line class="tl-midnight" x1="{xx}" y1="{TOP - 14}" x2="{xx}" y2="{bottom}"/>'
                f'<text class="tl-midnight-label" x="{xx + 4}" y="{TOP - 16}">midnight · next day'
                "</text>"
            )
        )
        midnight += DAY
    return Safe(f'<g class="tl-axis">{"".join(out)}</g>')


def _draw_row(i: int, row: Row, x: XScale, low: int, high: int, *, timed: bool) -> Safe:
    top = TOP + i * ROW
    mid = top + ROW / 2
    y = mid - BAR / 2
    kind = "hyd" if row.hydration else "drug"
    cls = f"tl-row tl-{kind}" + ("" if row.given else " tl-ng")
    out: list[Safe] = [
        Safe(f'<rect class="tl-band" x="0" y="{top}" width="{WIDTH}" height="{ROW}"/>'),
        el("text", {"class": "tl-name", "x": 8, "y": mid - 2}, _short(row.label, 24)),
        el(
            "text",
            {"class": "tl-detail", "x": 8, "y": mid + 11},
            f"{row.admin_id} · {_short(row.detail, 26)}",
        ),
    ]
    tip = _tooltip(row)
    if row.shape == "bar" and row.start is not None and row.stop is not None:
        out.extend(_bar(row, x, y, high))
    elif row.shape == "marker" and row.start is not None:
        cx = x(row.start)
        if row.marker == "injection":
            out.append(Safe(f'<circle class="tl-marker" cx="{cx}" cy="{mid}" r="6"/>'))
        else:
            d = f"M{cx} {mid - 7} L{cx + 7} {mid} L{cx} {mid + 7} L{cx - 7} {mid} Z"
            out.append(Safe(f'<path class="tl-marker" d="{d}"/>'))
        out.append(el("text", {"class": "tl-label", "x": cx + 11, "y": mid + 4}, row.marker))
    elif row.shape == "open_stop" and row.start is not None:
        x0, x1 = x(row.start), x(high)
        out.append(
            Safe(
                f'<rect class="tl-bar tl-open" x="{x0}" y="{y}" width="{max(x1 - x0, 2)}" '
                f'height="{BAR}" rx="3"/>'
            )
        )
        out.append(_threshold_ticks(row, x, y, high, until=high))
        out.append(
            el(
                "text",
                {"class": "tl-label tl-warn", "x": x0 + 6, "y": y - 3},
                "stop not documented",
            )
        )
    elif row.shape == "open_start" and row.stop is not None:
        x0, x1 = x(low), x(row.stop)
        out.append(
            Safe(
                f'<rect class="tl-bar tl-open" x="{x0}" y="{y}" width="{max(x1 - x0, 2)}" '
                f'height="{BAR}" rx="3"/>'
            )
        )
        out.append(
            el(
                "text",
                {"class": "tl-label tl-warn", "x": x0 + 6, "y": y - 3},
                "start not documented",
            )
        )
    elif not row.given:
        out.append(
            el(
                "text",
                {"class": "tl-label tl-muted", "x": GUTTER + 6, "y": mid + 4},
                f"{row.status} · not coded",
            )
        )
    else:
        out.append(
            el(
                "text",
                {"class": "tl-label tl-warn", "x": GUTTER + 6, "y": mid + 4},
                "no time documented",
            )
        )
    for t in row.open_holds:
        xx = x(t)
        out.append(
            Safe(
                f'<line class="tl-hold-open" x1="{xx}" y1="{y - 4}" x2="{xx}" y2="{y + BAR + 4}"/>'
            )
        )
    return el(
        "g",
        {"class": cls, "data-refs": row.ref, "data-key": row.ref, "tabindex": 0, "role": "button"},
        el("title", None, tip),
        join(out),
    )


def _bar(row: Row, x: XScale, y: float, high: int) -> list[Safe]:
    assert row.start is not None and row.stop is not None
    out: list[Safe] = []
    pieces: list[tuple[int, int]] = []
    cursor = row.start
    for h_start, h_stop in row.holds:
        if h_start > cursor:
            pieces.append((cursor, min(h_start, row.stop)))
        cursor = max(cursor, h_stop)
    if cursor < row.stop:
        pieces.append((cursor, row.stop))
    for s, e in pieces:
        out.append(
            Safe(
                f'<rect class="tl-bar" x="{x(s)}" y="{y}" width="{max(x(e) - x(s), 2)}" '
                f'height="{BAR}" rx="3"/>'
            )
        )
    for s, e in row.overlaps:
        out.append(
            Safe(
                f'<rect class="tl-overlap" fill="url(#tl-hatch)" x="{x(s)}" y="{y}" '
                f'width="{max(x(e) - x(s), 1)}" '
                f'height="{BAR}"><title>overlaps a drug infusion: {e - s} min</title></rect>'
            )
        )
    for h_start, h_stop in row.holds:
        x0, x1 = x(h_start), x(h_stop)
        out.append(
            Safe(
                f'<rect class="tl-hold" x="{x0}" y="{y + 2}" width="{max(x1 - x0, 2)}" '
                f'height="{BAR - 4}"/><text class="tl-hold-label" x="{(x0 + x1) / 2}" '
                f'y="{y + BAR + 11}" text-anchor="middle">hold {h_stop - h_start} min</text>'
            )
        )
    if row.derived_stop:
        xx = x(row.stop)
        out.append(
            Safe(f'<line class="tl-derived" x1="{xx}" y1="{y - 4}" x2="{xx}" y2="{y + BAR + 4}"/>')
        )
    out.append(_threshold_ticks(row, x, y, high, until=row.stop))
    for s, e in row.overlaps:
        out.append(
            el(
                "text",
                {
                    "class": "tl-overlap-label",
                    "x": (x(s) + x(e)) / 2,
                    "y": y + BAR + 11,
                    "text-anchor": "middle",
                },
                f"overlap {e - s} min",
            )
        )
    minutes = "" if row.minutes is None else f"{row.minutes} min"
    if row.derived_stop:
        minutes += " (derived stop)"
    out.append(el("text", {"class": "tl-label", "x": x(row.stop) + 6, "y": y + BAR - 3}, minutes))
    return out


def _threshold_ticks(row: Row, x: XScale, y: float, high: int, *, until: int) -> Safe:
    """Ticks at the running minutes that change the code; the first one not reached is faint."""
    assert row.start is not None
    out: list[str] = []
    for running in row.thresholds:
        at = running_to_clock(row.start, running, row.holds)
        reached = at <= until
        if at > high:
            break
        xx = x(at)
        cls = "tl-threshold" + ("" if reached else " tl-threshold-missed")
        out.append(
            f'<g class="{cls}"><line x1="{xx}" y1="{y - 5}" x2="{xx}" y2="{y + BAR + 5}"/>'
            f'<text x="{xx}" y="{y - 7}" text-anchor="middle">{running}′</text></g>'
        )
        if not reached:
            break
    return Safe("".join(out))


def _tooltip(row: Row) -> str:
    when = ""
    if row.start is not None or row.stop is not None:
        start = "?" if row.start is None else hhmm(row.start)
        stop = "?" if row.stop is None else hhmm(row.stop)
        when = f" {start}–{stop}" if row.shape != "marker" else f" at {start}"
    minutes = "" if row.minutes is None else f", {row.minutes} min"
    return f"{row.admin_id} {row.label} ({row.detail}){when}{minutes}"


def _short(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
