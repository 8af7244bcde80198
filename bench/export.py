"""The whole review list as one CSV through the server: how long, how many bytes, how much memory.

Issue 7 asks that an export of a million rows completes in bounded memory: the worker's peak
resident memory is read before and after it, while the rows stream from the database.
"""

import http.client
import time
import zlib
from dataclasses import dataclass

from bench.settings import HOST

URL = "/aspirations/export.csv"
TIMEOUT_SECONDS = 900
READ_BYTES = 1 << 16


@dataclass(frozen=True)
class Export:
    seconds: float
    first_byte_seconds: float
    lines: int
    csv_bytes: int
    wire_bytes: int
    worker_peak_before_mib: float
    worker_peak_after_mib: float


def export_everything(server, cookies):
    before = server.worker_peak_memory_mib()
    connection = http.client.HTTPConnection(HOST, server.port, timeout=TIMEOUT_SECONDS)
    headers = {"Accept-Encoding": "gzip", "Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items())}
    started = time.perf_counter()
    try:
        connection.request("GET", URL, headers=headers)
        response = connection.getresponse()
        first_byte = time.perf_counter() - started
        if response.status != 200:
            raise http.client.HTTPException(f"{URL} answered {response.status}")
        gzipped = response.getheader("Content-Encoding") == "gzip"
        inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        wire = size = lines = 0
        while chunk := response.read(READ_BYTES):
            wire += len(chunk)
            text = inflate.decompress(chunk) if gzipped else chunk
            size += len(text)
            lines += text.count(b"\n")
    finally:
        connection.close()
    return Export(
        seconds=time.perf_counter() - started,
        first_byte_seconds=first_byte,
        lines=lines,
        csv_bytes=size,
        wire_bytes=wire,
        worker_peak_before_mib=before,
        worker_peak_after_mib=server.worker_peak_memory_mib(),
    )


def describe(export, aspirations):
    if export is None:
        return "The CSV export of every aspiration was not measured (`--no-export`)."
    return (
        f"CSV export of all {aspirations:,} aspirations (`{URL}`, no filter), streamed: "
        f"{export.seconds:.0f} s, first byte after {export.first_byte_seconds:.2f} s, {export.lines:,} lines, "
        f"{export.csv_bytes / 1e6:.0f} MB of CSV sent as {export.wire_bytes / 1e6:.0f} MB gzip. Peak resident "
        f"memory of the largest gunicorn worker: {export.worker_peak_before_mib:.0f} MiB before the export, "
        f"{export.worker_peak_after_mib:.0f} MiB after it."
    )
