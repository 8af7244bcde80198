"""The app under gunicorn on a free port of 127.0.0.1, for as long as the benchmark needs it."""

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.client import BenchError, Client
from bench.settings import BASE_DIR, HOST

START_SECONDS = 30
STOP_SECONDS = 15
# What README.md advises for a server whose Humas exports the whole history (a minute or more).
REQUEST_TIMEOUT_SECONDS = 300


@dataclass(frozen=True)
class Server:
    port: int
    pid: int

    def workers(self):
        return Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split()

    def worker_peak_memory_mib(self):
        """The largest peak resident memory (VmHWM) among gunicorn's workers, in MiB (Linux /proc)."""
        peaks = []
        for worker in self.workers():
            for line in Path(f"/proc/{worker}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
        return max(peaks, default=0.0)

    def worker_cpu_seconds(self):
        """User and system CPU time of all gunicorn's workers so far, in seconds: load does not stretch it."""
        ticks = 0
        for worker in self.workers():
            # The command name, in brackets, may hold spaces: count fields after it.
            fields = Path(f"/proc/{worker}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")

    def clear_worker_peaks(self):
        """Start every worker's VmHWM again from its present resident memory."""
        for worker in self.workers():
            Path(f"/proc/{worker}/clear_refs").write_text("5")


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(environment, *, workers, log_path):
    """Serve the app and yield it as a Server; it is stopped however the block ends."""
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi",
        f"--bind={HOST}:{port}",
        f"--workers={workers}",
        f"--timeout={REQUEST_TIMEOUT_SECONDS}",
        "--graceful-timeout=5",
        "--log-level=warning",
        f"--error-logfile={log_path}",
    ]
    process = subprocess.Popen(command, cwd=BASE_DIR, env=environment, stdout=subprocess.DEVNULL)
    try:
        wait_until_healthy(port, process, log_path)
        yield Server(port=port, pid=process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_healthy(port, process, log_path):
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn stopped at start (exit {process.returncode}); see {log_path}.")
        client = Client(port)
        try:
            if client.get("/healthz").status == 200:
                return
        except OSError:
            pass
        finally:
            client.close()
        time.sleep(0.2)
    raise BenchError(f"gunicorn did not answer /healthz within {START_SECONDS} s; see {log_path}.")
