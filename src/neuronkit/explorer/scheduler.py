"""Fair sharing of the explorer's CPU between its tabs.

All blocking work of every tab (curves, neurons, building a playground, frames, and
training in slices of at most :data:`SLICE_SECONDS`) runs on a few worker threads
through one :class:`Scheduler`.  When more work is waiting than there are workers, the
next to run is chosen

1. answers to the page (``interactive``) before training slices, so a new tab's first
   frame never waits behind other tabs' training;
2. then the tab that has used the least CPU recently (seconds of work, decaying with a
   half-life of :data:`HALF_LIFE` seconds): each tab's share of the CPU is its fair share,
   however many requests it sends.

A training slice is short (the caller stops it by the clock), so a worker is free again
within :data:`SLICE_SECONDS` and every waiting tab gets its turn.

Examples
--------
>>> import asyncio
>>> s = Scheduler(workers=1)
>>> asyncio.run(s.run(1, sum, [1, 2, 3]))
6
>>> s.usage(1) >= 0.0, s.busy
(True, 0)
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import math
import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

__all__ = ["Scheduler", "SLICE_SECONDS", "HALF_LIFE", "default_workers"]

T = TypeVar("T")

#: Longest slice of training between two checks for cancellation (by the clock).
SLICE_SECONDS = 0.05
#: Half-life, in seconds, of the CPU use that orders the tabs.
HALF_LIFE = 10.0


def default_workers() -> int:
    """Worker threads: the CPU count, from 1 to 4 (the work holds the GIL much of the time)."""
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        n = os.cpu_count() or 1
    return max(1, min(4, n))


class Scheduler:
    """Run blocking calls of many sessions on *workers* threads, fairly (see the module)."""

    def __init__(self, workers: int | None = None):
        self.workers = workers or default_workers()
        self.busy = 0
        self._executor: ThreadPoolExecutor | None = None
        self._waiting: list[tuple[int, float, int, asyncio.Future]] = []
        self._order = itertools.count()
        self._used: dict[Any, tuple[float, float]] = {}

    # -- accounting -------------------------------------------------------------------

    def usage(self, session: Any) -> float:
        """Recent CPU seconds of *session* (decayed with :data:`HALF_LIFE`)."""
        seconds, at = self._used.get(session, (0.0, 0.0))
        return seconds * math.exp2(-(time.monotonic() - at) / HALF_LIFE)

    def _charge(self, session: Any, seconds: float) -> None:
        self._used[session] = (self.usage(session) + seconds, time.monotonic())

    def forget(self, session: Any) -> None:
        """Drop the accounts of a session that has gone."""
        self._used.pop(session, None)

    # -- running ----------------------------------------------------------------------

    async def run(self, session: Any, fn: Callable[..., T], *args: Any,
                  interactive: bool = True) -> T:
        """``fn(*args)`` on a worker thread when *session*'s turn comes; its result.

        Cancelling the caller does not stop a call already running (it is not
        interruptible), but its worker is counted busy until it returns, so the
        workers are never oversubscribed; *fn* should check a flag to stop early.
        """
        await self._acquire(session, interactive)
        loop = asyncio.get_running_loop()
        if self._executor is None:
            self._executor = ThreadPoolExecutor(self.workers,
                                                thread_name_prefix="neuronkit-explorer")
        t0 = time.perf_counter()
        try:
            future = loop.run_in_executor(self._executor, fn, *args)
        except BaseException:
            self._release()
            raise

        def done(_: asyncio.Future) -> None:
            self._charge(session, time.perf_counter() - t0)
            self._release()

        future.add_done_callback(done)
        return await asyncio.shield(future)

    async def _acquire(self, session: Any, interactive: bool) -> None:
        turn = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting, (0 if interactive else 1, self.usage(session),
                                       next(self._order), turn))
        self._dispatch()
        try:
            await turn
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled():  # granted just now: give it back
                self._release()
            raise

    def _release(self) -> None:
        self.busy -= 1
        self._dispatch()

    def _dispatch(self) -> None:
        """Give free workers to the first waiting calls (skipping cancelled ones)."""
        while self._waiting and self.busy < self.workers:
            turn = heapq.heappop(self._waiting)[3]
            if not turn.done():
                self.busy += 1
                turn.set_result(None)

    def shutdown(self) -> None:
        """Let the worker threads end once their current call returns."""
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
