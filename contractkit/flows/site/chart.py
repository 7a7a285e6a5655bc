"""Geometry of the timeline chart: stages as bars on the calendar, moved deadlines, today.

Only numbers and strings come out; the template draws the SVG, so every label is autoescaped.
"""

from __future__ import annotations

import datetime as dt

WIDTH = 760
LABEL = 190
ROW = 30
TOP = 34
RIGHT = 95
"""Room right of the last bar for its 'was DATE' label."""


def x_of(day: dt.date, start: dt.date, end: dt.date) -> float:
    span = max((end - start).days, 1)
    return round(LABEL + (WIDTH - LABEL - RIGHT) * (day - start).days / span, 1)


def layout(rows: list[dict], today: dt.date, month_names: list[str]) -> dict:
    """rows: {title, start, deadline, original (deadline first signed, if moved), note}."""
    days = [r["start"] for r in rows] + [r["deadline"] for r in rows] + [today]
    days += [r["original"] for r in rows if r.get("original")]
    start = min(days) - dt.timedelta(days=3)
    end = max(days) + dt.timedelta(days=3)
    bars = []
    for n, r in enumerate(rows):
        y = TOP + n * ROW
        x1, x2 = x_of(r["start"], start, end), x_of(r["deadline"] + dt.timedelta(days=1), start, end)
        bar = {"y": y, "x": x1, "w": max(x2 - x1, 2), "title": r["title"], "label": _short(r["title"]),
               "start": r["start"], "deadline": r["deadline"], "note": r.get("note", ""),
               "pending": r.get("pending", False), "original": r.get("original")}
        if r.get("original"):
            bar["ox"] = x_of(r["original"] + dt.timedelta(days=1), start, end)
        bars.append(bar)
    months = []
    first = dt.date(start.year, start.month, 1)
    while first <= end:
        if first >= start:
            label = f"{month_names[first.month - 1]} {first.year}"
            months.append({"x": x_of(first, start, end), "label": label})
        first = dt.date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    height = TOP + len(rows) * ROW + 20
    return {"width": WIDTH, "height": height, "label_width": LABEL, "bars": bars, "months": months,
            "today": {"x": x_of(today, start, end), "date": today}, "bottom": height - 14}


def _short(title: str, limit: int = 30) -> str:
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"
