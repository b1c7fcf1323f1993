"""The throwaway mini-app of the command benchmark (``bench/commands.py``), slug ``bench``.

``/bench ping`` answers ``pong`` at once; ``/bench slow`` sleeps ``SLOW_SECONDS`` in its
(async) handler first, well within souq's default app timeout of 3 s.

It is not installed in the project's environment: the benchmark copies this file into a
temporary folder next to a minimal ``souq_bench_app-0.1.0.dist-info`` (``METADATA`` and
``entry_points.txt`` declaring ``[souq] bench = command_app:app``) and starts the server
with that folder on ``PYTHONPATH``, so souq finds the app through the ``souq`` entry-point
group like any installed app.
"""

from __future__ import annotations

import asyncio

from souq_sdk import App, Text

SLOW_SECONDS = 1.0

app = App(
    slug="bench",
    name="Bench",
    version="0.1.0",
    summary="Benchmark commands: an instant and a slow one",
)


@app.command("ping")
async def ping() -> Text:
    """Answer pong at once."""
    return Text("pong")


@app.command("slow")
async def slow() -> Text:
    """Answer after sleeping a second."""
    await asyncio.sleep(SLOW_SECONDS)
    return Text("slow pong")
