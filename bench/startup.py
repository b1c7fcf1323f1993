"""Start-up benchmark: how long `souq serve` takes from launch to answering ``/readyz``.

Run from the repository root::

    uv run python bench/startup.py [--launches 5]

On a fresh SQLite data folder: one unmeasured first launch (it applies the migrations, and
writes the bytecode of whatever it imports, as an install that compiles bytecode would
have), then ``--launches`` measured launches of ``python -m souq serve`` on the migrated
folder, each timed from just before the process is started until ``GET /readyz`` first
answers 200, then stopped; on Linux also the CPU time the server process had used by then
(user and system, from ``/proc``), which other work on the machine changes far less than
the wall-clock time. Prints every launch, the medians and the best, the target's verdict
on the median, and writes ``bench/results/startup.json``. Every server runs in its
own process group and is killed on the way out; all traffic goes to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from messaging import (
    HOST,
    STARTUP_TIMEOUT,
    BenchError,
    child_env,
    free_port,
    kill_group,
    machine,
    percentile,
    save_results,
    spawn,
)
from verdicts import Verdict, print_verdicts

TARGET_SECONDS = 1.0
POLL_SECONDS = 0.005
READY_REQUEST = f"GET /readyz HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n".encode()


def ready(port: int) -> bool:
    """Whether ``/readyz`` answers 200 now (a raw request: no client library to warm up)."""
    try:
        with socket.create_connection((HOST, port), timeout=1.0) as sock:
            sock.sendall(READY_REQUEST)
            return sock.recv(64).startswith(b"HTTP/1.1 200")
    except OSError:
        return False


def cpu_seconds(pid: int) -> float | None:
    """User and system CPU seconds process ``pid`` has used (``None`` without ``/proc``)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rpartition(")")[2].split()  # after the command name, which may hold spaces
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def launch(data_dir: Path, env: dict[str, str], log: Path) -> tuple[float, float | None]:
    """Start ``souq serve`` on ``data_dir``: seconds until ``/readyz`` answered 200, and
    the CPU seconds the server had used by then."""
    port = free_port()
    command = [sys.executable, "-m", "souq", "serve", "--host", HOST, "--port", str(port)]
    with log.open("wb") as out:
        started = time.perf_counter()
        process = spawn(command, env, out)
        try:
            while time.perf_counter() - started < STARTUP_TIMEOUT:
                if ready(port):
                    return time.perf_counter() - started, cpu_seconds(process.pid)
                if process.poll() is not None:
                    raise BenchError(
                        f"souq serve exited ({process.returncode}):\n{log.read_text()}"
                    )
                time.sleep(POLL_SECONDS)
            raise BenchError(f"souq serve not ready after {STARTUP_TIMEOUT:.0f} s")
        finally:
            kill_group(process)


def run(launches: int) -> dict[str, Any]:
    """The first launch and ``launches`` measured ones."""
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="souq-bench-") as tmp:
        data_dir = Path(tmp) / "data"
        env = child_env(data_dir)
        # As an install that compiled bytecode: the first launch writes what it imports.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        first, _ = launch(data_dir, env, Path(tmp) / "first.log")
        print(f"  first launch (migrations, bytecode written): {first:.3f} s", flush=True)
        seconds, cpu = [], []
        for n in range(launches):
            wall, used = launch(data_dir, env, Path(tmp) / f"launch{n}.log")
            seconds.append(wall)
            cpu += [] if used is None else [used]
            spent = "" if used is None else f", {used:.2f} s of CPU"
            print(f"  launch {n + 1}: {wall:.3f} s{spent}", flush=True)
    median = percentile(seconds, 50)
    verdict = Verdict(
        "readyz_within_1s",
        f"souq serve answers /readyz within {TARGET_SECONDS:g} s (median)",
        f"{median:.3f} s",
        median < TARGET_SECONDS,
    )
    return {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": machine(load_before),
        "first_launch_s": round(first, 3),
        "launches_s": [round(s, 3) for s in seconds],
        "median_s": round(median, 3),
        "best_s": round(min(seconds), 3),
        "cpu_s": [round(s, 2) for s in cpu],
        "cpu_median_s": round(percentile(cpu, 50), 2) if cpu else None,
        "targets": [asdict(verdict)],
    }


def main() -> int:
    """Parse the options, run the benchmark, print and save the results."""
    parser = argparse.ArgumentParser(description="souq start-up benchmark")
    parser.add_argument("--launches", type=int, default=5, help="measured launches (5)")
    args = parser.parse_args()
    if not 1 <= args.launches <= 50:
        parser.error("--launches must be 1-50")
    print("souq serve on a fresh SQLite folder, launch to /readyz:", flush=True)
    try:
        report = run(args.launches)
    except BenchError as error:
        print(f"\nstart-up benchmark FAILED: {error}", file=sys.stderr)
        return 2
    load = report["machine"]["load_average_before"][0]
    print(f"\n{report['machine']['cpus']} CPUs, 1-minute load average before the run: {load:.2f}")
    cpu = report["cpu_median_s"]
    spent = "" if cpu is None else f"; the server's CPU time to ready: median {cpu:.2f} s"
    print(f"median {report['median_s']:.3f} s, best {report['best_s']:.3f} s{spent}\n")
    print_verdicts([Verdict(**v) for v in report["targets"]])
    save_results(report, "startup.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
