"""Real ``souq`` processes for tests: started with ``python -m souq``, their output read
line by line, readiness taken from that output (uvicorn's "running" line), never waited
for with sleeps; timeouts are only a safety net.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from live_server import Api

TIMEOUT = 60.0
RUNNING = r"Uvicorn running on http://127\.0\.0\.1:(\d+)"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SouqProcess:
    """A running ``python -m souq ...`` whose output (stdout and stderr) is read line by line."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.lines: list[str] = []
        self._changed = asyncio.Event()
        self._ended = False
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.process.stdout is not None
        async for raw in self.process.stdout:
            self.lines.append(raw.decode(errors="replace").rstrip("\n"))
            self._changed.set()
        self._ended = True
        self._changed.set()

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    async def expect(self, pattern: str, *, after: int = 0) -> re.Match[str]:
        """The first output line from index ``after`` on that matches ``pattern``."""

        async def scan() -> re.Match[str]:
            index = after
            while True:
                while index < len(self.lines):
                    if match := re.search(pattern, self.lines[index]):
                        return match
                    index += 1
                if self._ended:
                    raise AssertionError(f"souq ended without printing {pattern!r}:\n{self.output}")
                self._changed.clear()
                await self._changed.wait()

        try:
            return await asyncio.wait_for(scan(), TIMEOUT)
        except TimeoutError:
            raise AssertionError(f"no {pattern!r} within {TIMEOUT} s:\n{self.output}") from None

    async def ended(self) -> int:
        """Wait for the process to end by itself (it was meant to refuse to start)."""
        code = await asyncio.wait_for(self.process.wait(), TIMEOUT)
        await asyncio.wait_for(self._reader, TIMEOUT)
        return code

    async def stop(self) -> int:
        """Ask the server to stop (SIGTERM, as a process manager would) and wait for it."""
        self.process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(self.process.wait(), TIMEOUT)
        await asyncio.wait_for(self._reader, TIMEOUT)
        return code


@asynccontextmanager
async def souq_process(
    *args: str, data_dir: Path, env: dict[str, str] | None = None
) -> AsyncIterator[SouqProcess]:
    """Start ``python -m souq ARGS`` with its data folder ``data_dir`` (a SQLite database
    there, unless ``env`` names another) and the ``SOUQ_*`` variables in ``env`` (none
    from the outside world); kill it if left running."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOUQ_")} | (env or {})
    env |= {"SOUQ_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1", "COLUMNS": "200"}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "souq",
        *args,
        env=env,
        cwd=data_dir,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        start_new_session=True,  # its workers, if any, are killed with it (below)
    )
    running = SouqProcess(process)
    try:
        yield running
    finally:
        with contextlib.suppress(ProcessLookupError):  # workers left behind hold the pipe
            os.killpg(process.pid, signal.SIGKILL)
        await process.wait()
        await asyncio.gather(running._reader, return_exceptions=True)


@asynccontextmanager
async def client(port: int) -> AsyncIterator[Api]:
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
        yield Api(http, f"ws://127.0.0.1:{port}/graphql")


def assert_clean_exit(server: SouqProcess, code: int) -> None:
    """A graceful shutdown: uvicorn finishes, then re-raises SIGTERM (so -15 or 0 is fine)."""
    assert code in (0, -signal.SIGTERM), server.output
    assert "Application shutdown complete." in server.output
    assert server.lines[-1].startswith("INFO:     Finished server process"), server.output
    assert "Traceback" not in server.output
    assert not any(line.startswith("ERROR") for line in server.lines), server.output
