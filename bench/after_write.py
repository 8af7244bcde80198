"""Each Humas page and map layer read once right after an officer filed a visit, for a Polsek and a Polres viewer.

Rounds go over every page and both viewers before the next round, so that the load of the machine changing during
the run spreads over all pages alike. The reader asks without conditional headers: every read is a full 200.
"""

from dataclasses import dataclass
from functools import partial

from bench.client import Client
from bench.filing import FILED, timed
from bench.report import holds, markdown_table, milliseconds, ratio
from bench.stats import Summary, summarize

TARGET_P95_MS = 150


@dataclass(frozen=True)
class Read:
    label: str
    level: str
    username: str
    summary: Summary


@dataclass(frozen=True)
class AfterWrite:
    rounds: int
    officer: str
    post: Summary
    reads: list


def measure_after_write(port, officer, readers, pages, *, rounds, progress=print):
    """`officer`: a bench.filing.Officer; `readers`: {level: (username, cookies)}; `pages`: [(label, url)]."""
    clients = {level: (username, Client(port, cookies)) for level, (username, cookies) in readers.items()}
    posts, reads = [], {(label, level): [] for label, _ in pages for level in clients}
    try:
        for number in range(rounds):
            for label, url in pages:
                for level, (_, client) in clients.items():
                    posts.append(officer.file_visit())
                    reads[label, level].append(timed(partial(client.get, url)))
            progress(f"Round {number + 1} of {rounds}: {len(pages) * len(clients)} visits filed, as many reads.")
    finally:
        for _, client in clients.values():
            client.close()
    return AfterWrite(
        rounds=rounds,
        officer=officer.username,
        post=outcome(posts, FILED),
        reads=[
            Read(label, level, clients[level][0], outcome(reads[label, level], 200))
            for label, _ in pages
            for level in clients
        ],
    )


def outcome(requests, expect):
    """The Summary of timed requests, any status but `expect` an error."""
    latencies = [request.seconds for request in requests if request.status == expect]
    return summarize(latencies, errors=len(requests) - len(latencies), seconds=sum(r.seconds for r in requests))


def after_write_table(result, floor):
    """`floor`: the Summary of /healthz on the same server, measured in the same run."""
    if result is None:
        return "The pages were not read right after a write (`--no-after-write`)."
    headers = ["page, read right after a write", "viewer", "p50 ms", "p95 ms", "max ms", "p50 ÷ floor",
               "target p95", "holds", "errors"]
    rows = [["/healthz (floor)", "–", milliseconds(floor.p50_ms), milliseconds(floor.p95_ms),
             milliseconds(floor.max_ms), "1.0×", "", "", f"{floor.errors}/{floor.requests}"]]
    for read in result.reads:
        s = read.summary
        rows.append([read.label, f"{read.username} ({read.level})", milliseconds(s.p50_ms), milliseconds(s.p95_ms),
                     milliseconds(s.max_ms), ratio(s.p50_ms, floor.p50_ms), f"≤ {TARGET_P95_MS}",
                     holds(s.p95_ms, TARGET_P95_MS), f"{s.errors}/{s.requests}"])
    post = result.post
    rows.append(["POST a visit with an aspiration", result.officer, milliseconds(post.p50_ms),
                 milliseconds(post.p95_ms), milliseconds(post.max_ms), ratio(post.p50_ms, floor.p50_ms), "", "",
                 f"{post.errors}/{post.requests}"])
    table = markdown_table(headers, rows, numeric=(2, 3, 4, 5, 8))
    return f"{table}\n\n{verdict(result)}"


def verdict(result):
    failing = [read for read in result.reads if read.summary.p95_ms is None or read.summary.p95_ms > TARGET_P95_MS]
    errors = sum(read.summary.errors for read in result.reads) + result.post.errors
    held = len(result.reads) - len(failing)
    text = f"Target p95 ≤ {TARGET_P95_MS} ms right after a write: holds for {held} of {len(result.reads)} page × viewer"
    if failing:
        text += "; not for " + ", ".join(f"{read.label} ({read.username})" for read in failing)
    return f"{text}. Errors: {errors}."
