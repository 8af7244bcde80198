"""Bar charts as coordinates for inline SVG templates: rendered on the server,
they print with the page and need no script or chart library."""

import math
from dataclasses import dataclass, field

LABEL_CHARS = 24


def _short(label):
    label = str(label)
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def axis(maximum, intervals=4):
    """A top value and whole-number ticks for counts up to `maximum`."""
    raw = max(maximum, 1) / intervals
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(1, int(step))
    top = step * math.ceil(max(maximum, 1) / step)
    return top, list(range(0, top + 1, step))


@dataclass
class Segment:
    y: float
    height: float
    css: str
    title: str


@dataclass
class StackedColumn:
    x: float
    center: float
    top: float
    label: str
    total: int
    segments: list = field(default_factory=list)


@dataclass
class StackedChart:
    width: int
    height: int
    left: int
    right: int
    base: int
    bar_width: float
    columns: list
    ticks: list
    legend: list

    @property
    def is_empty(self):
        return not any(column.total for column in self.columns)


def stacked_columns(slots, series, values, *, width=640, height=240):
    """One column per slot, stacked by series.

    slots: [(key, label)], series: [(key, label, css class)],
    values: {(slot key, series key): count}.
    """
    left, right, top, bottom = 36, width - 8, 18, height - 26
    totals = [sum(values.get((slot, key), 0) for key, _, _ in series) for slot, _ in slots]
    maximum, tick_values = axis(max(totals, default=0))
    scale = (bottom - top) / maximum
    slot_width = (right - left) / max(len(slots), 1)
    bar_width = slot_width * 0.7
    columns = []
    for index, ((slot, label), total) in enumerate(zip(slots, totals, strict=True)):
        x = left + index * slot_width + slot_width * 0.15
        segments = []
        y = bottom
        for key, series_label, css in series:
            count = values.get((slot, key), 0)
            if count:
                y -= count * scale
                segments.append(Segment(round(y, 1), round(count * scale, 1), css, f"{series_label}, {label}: {count}"))
        columns.append(StackedColumn(round(x, 1), round(x + bar_width / 2, 1), round(y, 1), label, total, segments))
    ticks = [(round(bottom - value * scale, 1), value) for value in tick_values]
    legend = [(css, label) for _, label, css in series]
    return StackedChart(width, height, left, right, bottom, round(bar_width, 1), columns, ticks, legend)


@dataclass
class Bar:
    y: float
    text_y: float
    label: str
    short_label: str
    value: int
    width: float
    value_x: float


@dataclass
class BarChart:
    width: int
    height: int
    label_width: int
    bar_height: int
    bars: list
    # The rows left out past `limit`: how many, and what they add up to.
    rest_rows: int = 0
    rest_total: int = 0

    @property
    def is_empty(self):
        return not self.bars


def horizontal_bars(rows, *, limit=None, width=480, row_height=24):
    """One bar per (label, count) row, in the order given; past `limit`, the rest are summed under the chart."""
    rows = list(rows)
    rest = rows[limit:] if limit is not None else []
    rows = rows[:limit] if limit is not None else rows
    label_width, value_room, bar_height = 170, 36, row_height - 8
    maximum = max((value for _, value in rows), default=0) or 1
    scale = (width - label_width - value_room) / maximum
    bars = []
    for index, (label, value) in enumerate(rows):
        y = 4 + index * row_height
        bar_width = round(value * scale, 1)
        bars.append(
            Bar(y, y + bar_height - 4, str(label), _short(label), value, bar_width, label_width + bar_width + 5)
        )
    return BarChart(
        width, len(rows) * row_height + 8, label_width, bar_height, bars, len(rest), sum(value for _, value in rest)
    )
