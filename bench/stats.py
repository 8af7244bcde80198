"""Latency percentiles and throughput of one measured run."""

from dataclasses import dataclass


def percentile(values, fraction):
    """Linear interpolation between the closest ranks, as numpy's default; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    lower = int(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


@dataclass(frozen=True)
class Summary:
    requests: int
    errors: int
    p50_ms: float | None
    p95_ms: float | None
    per_second: float | None
    max_ms: float | None = None


def summarize(latencies, *, errors, seconds):
    """`latencies` in seconds of the requests that succeeded, over `seconds` of wall-clock time."""
    p50, p95 = percentile(latencies, 0.50), percentile(latencies, 0.95)
    return Summary(
        requests=len(latencies) + errors,
        errors=errors,
        p50_ms=None if p50 is None else p50 * 1000,
        p95_ms=None if p95 is None else p95 * 1000,
        per_second=len(latencies) / seconds if seconds > 0 else None,
        max_ms=max(latencies) * 1000 if latencies else None,
    )
