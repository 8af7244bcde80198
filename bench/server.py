"""The app under gunicorn on a free port of 127.0.0.1, for as long as the benchmark needs it."""

import socket
import subprocess
import sys
import time
from contextlib import contextmanager

from bench.client import BenchError, Client
from bench.settings import BASE_DIR, HOST

START_SECONDS = 30
STOP_SECONDS = 15


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(environment, *, workers, log_path):
    """Serve the app and yield its port; the server is stopped however the block ends."""
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi",
        f"--bind={HOST}:{port}",
        f"--workers={workers}",
        "--graceful-timeout=5",
        "--log-level=warning",
        f"--error-logfile={log_path}",
    ]
    process = subprocess.Popen(command, cwd=BASE_DIR, env=environment, stdout=subprocess.DEVNULL)
    try:
        wait_until_healthy(port, process, log_path)
        yield port
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
