"""The benchmark's tables, the machine they were measured on, and their place in docs/PERFORMANCE.md."""

import os
import platform
from dataclasses import dataclass
from importlib.metadata import version

from bench.pages import NO_READER, NOT_AVAILABLE

START_MARKER = "<!-- bench:start (written by `make bench`; edit outside these markers) -->"
END_MARKER = "<!-- bench:end -->"
# The fresh tables (bench/fresh.py) inside the block: `--only-fresh` rewrites them alone.
FRESH_START = "<!-- bench:fresh:start -->"
FRESH_END = "<!-- bench:fresh:end -->"


@dataclass(frozen=True)
class Machine:
    cpu: str
    cores: int
    memory_gib: float
    postgresql: str
    python: str
    django: str
    gunicorn: str

    def describe(self):
        return (
            f"{self.cpu}, {self.cores} cores, {self.memory_gib:.1f} GiB RAM; PostgreSQL {self.postgresql}, "
            f"Python {self.python}, Django {self.django}, gunicorn {self.gunicorn}"
        )


def machine(postgresql_version):
    return Machine(
        cpu=cpu_model(),
        cores=os.cpu_count(),
        memory_gib=memory_kib() / 1024**2,
        postgresql=postgresql_version,
        python=platform.python_version(),
        django=version("django"),
        gunicorn=version("gunicorn"),
    )


def cpu_model():
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def memory_kib():
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def markdown_table(headers, rows, *, numeric=()):
    """A Markdown table padded to line up in a terminal too; columns in `numeric` align right."""
    cells = [[str(cell) for cell in row] for row in [headers, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row):
        padded = [cell.rjust(w) if i in numeric else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths))]
        return "| " + " | ".join(padded) + " |"

    rule = ["-" * (w - 1) + ":" if i in numeric else "-" * w for i, w in enumerate(widths)]
    return "\n".join([line(cells[0]), "| " + " | ".join(rule) + " |", *(line(row) for row in cells[1:])])


def milliseconds(value):
    return "–" if value is None else f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def rate(value):
    return "–" if value is None else f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def ratio(value_ms, floor_ms):
    """A latency as a multiple of the floor (`/healthz`)."""
    return f"{value_ms / floor_ms:.1f}×" if value_ms is not None and floor_ms else "–"


def holds(value_ms, target_ms):
    """Whether a p95 meets its target, bold when it does not."""
    return "–" if value_ms is None else "yes" if value_ms <= target_ms else "**no**"


def latency_table(results, floor_ms, concurrency):
    """`results`: (page, user, single Summary or None, concurrent Summary or None) per page; no Summary means the
    page is not in this build, or has no reader at this level when it has a role but no user."""
    many = f"×{concurrency}"
    headers = [
        "page", "user", "p50 ms", "p95 ms", "req/s", f"p50 ms {many}", f"p95 ms {many}", f"req/s {many}",
        "p50 ÷ floor", "errors",
    ]
    rows = []
    for page, user, single, concurrent in results:
        label = f"{page.method} {page.label}" if page.method != "GET" else page.label
        if single is None:
            missing = NO_READER if page.user and user is None else NOT_AVAILABLE
            rows.append([label, user or "–", missing, "", "", "", "", "", "", ""])
            continue
        ratio = f"{single.p50_ms / floor_ms:.1f}×" if floor_ms and single.p50_ms is not None else "–"
        rows.append([
            label, user or "–",
            milliseconds(single.p50_ms), milliseconds(single.p95_ms), rate(single.per_second),
            milliseconds(concurrent.p50_ms), milliseconds(concurrent.p95_ms), rate(concurrent.per_second),
            ratio, f"{single.errors + concurrent.errors}/{single.requests + concurrent.requests}",
        ])
    return markdown_table(headers, rows, numeric=range(2, 10))


def kilobytes(value):
    return f"{value / 1024:.1f} KB"


def weight_table(weights):
    """`weights`: (page, Weight or None) per officer page."""
    headers = ["officer page", "first load", "requests", "repeat load", "requests"]
    rows = []
    for page, weight in weights:
        if weight is None:
            rows.append([page.label, NOT_AVAILABLE, "", "", ""])
        else:
            rows.append([
                page.label, kilobytes(weight.first_bytes), weight.first_requests,
                kilobytes(weight.repeat_bytes), weight.repeat_requests,
            ])
    return markdown_table(headers, rows, numeric=range(1, 5))


def replace_block(document, block, start=START_MARKER, end=END_MARKER):
    """`document` with the text between the markers replaced by `block` (appended if there are none)."""
    generated = f"{start}\n{block.strip()}\n{end}"
    if start in document and end in document:
        before, rest = document.split(start, 1)
        after = rest.split(end, 1)[1]
        return f"{before}{generated}{after}"
    return f"{document.rstrip()}\n\n{generated}\n" if document.strip() else f"{generated}\n"


def fresh_part(block):
    """The fresh tables between their own markers, as they stand inside the benchmark's block."""
    return f"{FRESH_START}\n{block.strip()}\n{FRESH_END}"


def replace_fresh(document, block):
    """`document` with only the fresh tables replaced; added at the end of the benchmark's block if it has none."""
    if FRESH_START in document and FRESH_END in document:
        return replace_block(document, block, FRESH_START, FRESH_END)
    if START_MARKER in document and END_MARKER in document:
        before, after = document.split(END_MARKER, 1)
        return f"{before.rstrip()}\n\n{fresh_part(block)}\n{END_MARKER}{after}"
    return replace_block(document, fresh_part(block))


def write_report(path, block, *, only_fresh=False):
    """Rewrite the benchmark's block of `path`, or with `only_fresh` the fresh tables in it."""
    document = path.read_text() if path.exists() else ""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(replace_fresh(document, block) if only_fresh else replace_block(document, block))
