"""Pictures computed from the facts: a timeline and a distance diagram.

This module only computes geometry (positions, wrapped lines, scale ticks)
as plain dataclasses; ``templates/factsheet/_charts.html`` draws them as
inline SVG. No chart library, no network, deterministic integers.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from ..figures import FactDate, to_km

WIDTH = 360  # the viewBox width: drawn 1:1 on a 360 px phone, scaled up on wider screens
ROW = 46
WRAP = 32


@dataclass(frozen=True)
class TimelineEvent:
    """One dated fact on the timeline."""

    fact_id: str
    date: FactDate
    href: str  # where the event links: its citation's paragraph
    lines: tuple[str, ...]  # the event text, wrapped
    when: tuple[str, ...]  # the date as one or two short lines ("8 August", "2023")
    y: int
    gap_before: bool  # a long stretch of time precedes it (drawn as a break in the line)


@dataclass(frozen=True)
class Timeline:
    """A vertical timeline of dated facts, in date order."""

    events: tuple[TimelineEvent, ...]
    width: int
    height: int
    summary: str  # the text alternative


def _wrap(text: str, width: int = WRAP, max_lines: int = 2) -> tuple[str, ...]:
    lines = textwrap.wrap(text, width) or [text]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return tuple(lines)


def _when(date: FactDate) -> tuple[str, ...]:
    if date.month is None:
        return (str(date.year),)
    month = date.words().split(" ")[-2][:3]
    return (f"{date.day} {month}" if date.day else month, str(date.year))


def timeline(items: list[tuple[str, FactDate, str, str]]) -> Timeline | None:
    """Return the timeline of (fact id, date, text, href) items, or None with fewer than two."""
    if len(items) < 2:
        return None
    ordered = sorted(items, key=lambda i: (i[1].year, i[1].month or 0, i[1].day or 0, i[0]))
    events = []
    y = 24
    prev: FactDate | None = None
    for fact_id, date, text, href in ordered:
        gap = prev is not None and date.year - prev.year >= 10
        if gap:
            y += 14
        events.append(TimelineEvent(fact_id, date, href, _wrap(text), _when(date), y, gap))
        y += ROW
        prev = date
    summary = "; ".join(f"{e.date.words()}: {' '.join(e.lines)}" for e in events)
    return Timeline(tuple(events), WIDTH, y - ROW + 34, f"Timeline, earliest first. {summary}.")


@dataclass(frozen=True)
class DistanceMark:
    """A place on the distance diagram."""

    place: str
    x: int
    label_lines: tuple[str, ...]
    href: str
    to_scale: bool
    y: int = 0  # top of the label block (nearby marks are stacked below the line)


@dataclass(frozen=True)
class DistanceDiagram:
    """Places at their distance from the subject, along one line, to a stated scale."""

    origin: str
    marks: tuple[DistanceMark, ...]  # to scale, along the line
    nearby: tuple[DistanceMark, ...]  # stated without a number: drawn in the 'close by' inset
    ticks: tuple[tuple[int, str], ...]  # (x, label) of the scale
    width: int
    height: int
    scale_text: str
    summary: str


_LINE_X0, _LINE_X1 = 30, 330


def distance_diagram(origin: str, items: list[tuple[str, float | None, str | None, str, str]]) -> DistanceDiagram | None:
    """Return the diagram for (place, value, unit, text, href) items; None without a distance to scale."""
    measured = []
    vague = []
    for place, value, unit, text, href in items:
        km = to_km(value, unit) if value is not None and unit else None
        (measured if km is not None else vague).append((place, km, text, href))
    if not measured:
        return None
    longest = max(km for _, km, _, _ in measured)
    step = _nice_step(longest)
    top = step * -(-longest // step)
    span = _LINE_X1 - _LINE_X0

    def x_of(km: float) -> int:
        return _LINE_X0 + round(span * km / top)

    marks = tuple(DistanceMark(p, x_of(km), _wrap(t, 22), h, True) for p, km, t, h in measured)
    nearby_places: dict[str, list[tuple[str, str]]] = {}
    for place, _, text, href in vague:
        nearby_places.setdefault(place, []).append((text, href))
    nearby_list = []
    y = 130
    for place, entries in nearby_places.items():
        lines = _wrap(" / ".join(t for t, _ in entries), 44, 2)
        nearby_list.append(DistanceMark(place, _LINE_X0, lines, entries[0][1], False, y))
        y += 20 + 16 * len(lines) + 8
    nearby = tuple(nearby_list)
    ticks = tuple((x_of(k), f"{k:,.0f} km") for k in _frange(0, top, step))
    height = y + 4
    scale_text = (f"Drawn to scale along one line: {span} units = {top:,.0f} km (directions not shown). "
                  "Places stated without a number are listed as nearby, not to scale.")
    parts = [f"{m.place}: {' '.join(m.label_lines)}" for m in marks] + \
            [f"{m.place} (nearby, no distance given): {' '.join(m.label_lines)}" for m in nearby]
    return DistanceDiagram(origin, marks, nearby, ticks, 360, height, scale_text,
                           f"Distances from {origin}. " + "; ".join(parts) + ".")


def _nice_step(longest: float) -> float:
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000):
        if longest / step <= 4:
            return float(step)
    return float(10 ** len(str(int(longest))))


def _frange(start: float, stop: float, step: float) -> list[float]:
    out = []
    k = start
    while k <= stop + 1e-9:
        out.append(k)
        k += step
    return out
