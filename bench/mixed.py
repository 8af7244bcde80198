"""A working hour in a minute: officers filing visits while reviewers read, all at once against one server.

Each officer files a visit with an aspiration every 2–4 s (jittered, on a schedule: a slow answer does not slow the
next visit down), each reviewer reads the review list, the dashboard and the map's layers in turn, pausing between
pages as a reader does, and `/healthz` is asked twice a second to show the server's queue. The threads only send
requests and time them: the client shares the server's two cores, so nothing is parsed.
"""

import itertools
import random
import threading
import time
from dataclasses import dataclass
from functools import partial

from bench.client import Client
from bench.filing import FILED, timed
from bench.report import holds, markdown_table, milliseconds, ratio
from bench.stats import Summary, summarize

OFFICER, REVIEWER, PROBE = "officer", "reviewer", "probe"
FILING_INTERVAL_SECONDS = (2.0, 4.0)
PROBE_INTERVAL_SECONDS = 0.5
REVIEWER_P95_MS = 250
OFFICER_P95_MS = 150


@dataclass(frozen=True)
class Record:
    """One request of the mixed load; `status` None when the connection failed."""

    role: str
    level: str | None
    label: str
    status: int | None
    seconds: float

    @property
    def ok(self):
        if self.status is None:
            return False
        return self.status == FILED if self.role == OFFICER else 200 <= self.status < 400


@dataclass(frozen=True)
class MixedLoad:
    seconds: float
    officers: int
    reviewers: dict
    pause: float
    filed: Summary
    read: Summary
    read_by_level: dict
    read_by_page: list
    probe: Summary

    @property
    def requests(self):
        return self.filed.requests + self.read.requests + self.probe.requests

    @property
    def errors(self):
        return self.filed.errors + self.read.errors + self.probe.errors


def summarize_records(records, *, seconds, levels=(), labels=()):
    """Summaries of the officers' POSTs, the reviewers' reads (all, per level, per page) and the probe; a request that
    failed or answered otherwise (a POST not 302, a read not 2xx/3xx) is an error. Levels and pages come in the order
    given, then any other in the order first read."""

    def summary(selected):
        latencies = [record.seconds for record in selected if record.ok]
        return summarize(latencies, errors=len(selected) - len(latencies), seconds=seconds)

    reads = [record for record in records if record.role == REVIEWER]
    levels = list(dict.fromkeys([*levels, *(record.level for record in reads)]))
    labels = list(dict.fromkeys([*labels, *(record.label for record in reads)]))
    return {
        "filed": summary([record for record in records if record.role == OFFICER]),
        "read": summary(reads),
        "read_by_level": {level: summary([r for r in reads if r.level == level]) for level in levels},
        "read_by_page": [(label, summary([r for r in reads if r.label == label])) for label in labels],
        "probe": summary([record for record in records if record.role == PROBE]),
    }


def run_mixed(port, officers, reviewers, pages, *, seconds, pause, seed, interval=FILING_INTERVAL_SECONDS):
    """`officers`: bench.filing.Officer each; `reviewers`: {level: [cookies, …]}; `pages`: [(label, url)].

    Reviewers start at different pages; each pause is drawn between half and one and a half `pause` seconds, each
    officer's next visit `interval` (low, high) seconds after the last one was due."""
    records, lock = [], threading.Lock()
    deadline = time.monotonic() + seconds

    def record(role, level, label, result):
        with lock:
            records.append(Record(role, level, label, result.status, result.seconds))

    def file_visits(officer, rng):
        next_at = time.monotonic() + rng.uniform(0, interval[1])
        while next_at < deadline:
            time.sleep(max(0.0, next_at - time.monotonic()))
            record(OFFICER, None, "POST", officer.file_visit())
            next_at = max(next_at + rng.uniform(*interval), time.monotonic())

    def read_pages(level, cookies, start, rng):
        client = Client(port, cookies)
        try:
            for label, url in itertools.islice(itertools.cycle(pages), start, None):
                if time.monotonic() >= deadline:
                    break
                record(REVIEWER, level, label, timed(partial(client.get, url)))
                if pause:
                    time.sleep(rng.uniform(pause / 2, pause * 3 / 2))
        finally:
            client.close()

    def probe():
        client = Client(port)
        try:
            while time.monotonic() < deadline:
                record(PROBE, None, "/healthz", timed(partial(client.get, "/healthz")))
                time.sleep(PROBE_INTERVAL_SECONDS)
        finally:
            client.close()

    rngs = (random.Random(seed + index) for index in itertools.count())
    jobs = [(file_visits, (officer, next(rngs))) for officer in officers]
    readers = [(level, cookies) for level, sessions in reviewers.items() for cookies in sessions]
    for index, (level, cookies) in enumerate(readers):
        jobs.append((read_pages, (level, cookies, index * len(pages) // len(readers), next(rngs))))
    jobs.append((probe, ()))
    # Daemon threads: a SIGTERM exit does not wait for them (see bench.run).
    threads = [threading.Thread(target=target, args=args, daemon=True) for target, args in jobs]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return MixedLoad(
        seconds=elapsed, officers=len(officers), reviewers={level: len(s) for level, s in reviewers.items()},
        pause=pause,
        **summarize_records(records, seconds=elapsed, levels=list(reviewers), labels=[label for label, _ in pages]),
    )


def mixed_table(result, floor):
    """`floor`: the Summary of /healthz on the same server at rest, measured in the same run."""
    if result is None:
        return "The mixed load was not run (`--no-mixed`)."
    headers = ["requests of the mixed load", "requests", "errors", "p50 ms", "p95 ms", "max ms", "p50 ÷ floor",
               "target p95", "holds"]

    def row(label, summary, target=None):
        return [label, f"{summary.requests:,}", summary.errors, milliseconds(summary.p50_ms),
                milliseconds(summary.p95_ms), milliseconds(summary.max_ms), ratio(summary.p50_ms, floor.p50_ms),
                f"≤ {target}" if target else "", holds(summary.p95_ms, target) if target else ""]

    rows = [row("/healthz at rest (floor)", floor), row("/healthz during the load", result.probe),
            row("reviewers, every read", result.read, REVIEWER_P95_MS)]
    rows += [row(f"reviewers at the {level}", summary) for level, summary in result.read_by_level.items()]
    rows += [row(f"reviewers, {label}", summary) for label, summary in result.read_by_page]
    rows.append(row("officers, POST a visit with an aspiration", result.filed, OFFICER_P95_MS))
    table = markdown_table(headers, rows, numeric=range(1, 7))
    return f"{table}\n\n{verdict(result)}"


def verdict(result):
    def check(name, value_ms, target_ms):
        outcome = "holds" if value_ms is not None and value_ms <= target_ms else "does **not** hold"
        return f"{name} p95 ≤ {target_ms} ms {outcome} ({milliseconds(value_ms)} ms)"

    errors = "holds" if result.errors == 0 else "does **not** hold"
    return (
        f"Targets under mixed load: {check('reviewers’', result.read.p95_ms, REVIEWER_P95_MS)}; "
        f"{check('officers’ POST', result.filed.p95_ms, OFFICER_P95_MS)}; 0 errors {errors} "
        f"({result.errors} of {result.requests:,} requests)."
    )
