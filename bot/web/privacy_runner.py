"""Where the privacy filter runs: a small pool of processes (default) or a thread (tests, tiny set-ups).

The filter is CPU-bound (spaCy + Presidio). In a thread of the front it shares the interpreter
lock with every request, and its old global lock queued all visitors behind one slow message.
In a pool of processes, each worker loads its own ``PrivacyFilter`` at start, the front's event
loop never computes a redaction, and a message that takes long holds one worker, not everyone.

Fail-closed: a timeout, a crashed worker or any other error raises, and the caller then sends
nothing to Rasa. A broken pool (a worker killed) is replaced in the background.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import logging
import multiprocessing
import os
import time
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Optional, Protocol

__all__ = ["PrivacyRunner", "ThreadRunner", "ProcessPoolRunner"]

log = logging.getLogger("bot.web")

Redacted = tuple[str, list[str]]

# --------------------------------------------------------------------------- worker side

_worker_filter: Any = None


def _init_worker(factory: Callable[[], Any]) -> None:
    """Runs once in each worker process: load the filter (a few seconds).

    The worker then leaves without the interpreter's teardown: freeing spaCy's and Presidio's objects one
    by one took 7 to 10 s on 2 busy cores, during which a front stopped by SIGTERM to its own pid alone
    (``docker stop``, ``kill``) waited for its workers. A worker holds nothing to flush: results go back
    through the pool's pipe before the worker reads its stop sentinel.
    """
    global _worker_filter
    _worker_filter = factory()
    atexit.register(os._exit, 0)


#: Redacted once by each worker at start-up, so that the first visitor does not pay spaCy's warm-up.
_WARM_UP_TEXT = "Bonjour, je m'appelle Jean Exemple, 06 00 00 00 00, je cherche une formation à Rennes."


def _worker_ready(hold: float) -> int:
    """The worker's pid once its filter is loaded and warm (held a moment so that tasks spread)."""
    if _worker_filter is None:
        raise RuntimeError("privacy worker without a filter")
    _worker_filter.redact(_WARM_UP_TEXT)
    time.sleep(hold)
    return os.getpid()


def _worker_redact(text: str) -> Redacted:
    return _to_pair(_worker_filter.redact(text))


def _to_pair(result: Any) -> Redacted:
    redacted = result.text
    if not isinstance(redacted, str):
        raise TypeError("privacy filter returned no text")
    return redacted, [str(kind) for kind in (result.kinds or [])]


# --------------------------------------------------------------------------- front side


class PrivacyRunner(Protocol):
    """Runs the privacy filter off the event loop."""

    async def start(self) -> None:
        """Load what is needed; raise if the filter cannot run (the front must not start)."""

    async def redact(self, text: str, timeout: float) -> Redacted:
        """(clean text, kinds removed); raises on timeout or failure."""

    async def close(self) -> None:
        """Release the workers."""


class ThreadRunner:
    """Runs an in-process filter in a small thread pool of its own."""

    def __init__(self, privacy_filter: Any, threads: int = 2) -> None:
        self._filter = privacy_filter
        self._executor = concurrent.futures.ThreadPoolExecutor(max_workers=threads, thread_name_prefix="privacy")

    async def start(self) -> None:  # noqa: D102 - the filter is already loaded
        pass

    async def redact(self, text: str, timeout: float) -> Redacted:  # noqa: D102
        loop = asyncio.get_running_loop()
        result = await asyncio.wait_for(loop.run_in_executor(self._executor, self._filter.redact, text), timeout)
        return _to_pair(result)

    async def close(self) -> None:  # noqa: D102
        self._executor.shutdown(wait=False, cancel_futures=True)


class ProcessPoolRunner:
    """``workers`` processes, each with its own filter built by ``factory`` (a picklable function)."""

    def __init__(self, factory: Callable[[], Any], workers: int = 2, start_timeout: float = 180.0) -> None:
        self._factory = factory
        self._workers = workers
        self._start_timeout = start_timeout
        self._pool: Optional[concurrent.futures.ProcessPoolExecutor] = None
        self._restarting: Optional[asyncio.Task] = None

    def _new_pool(self) -> concurrent.futures.ProcessPoolExecutor:
        # "spawn": a fresh interpreter, nothing inherited from the front's event loop or sockets
        return concurrent.futures.ProcessPoolExecutor(
            max_workers=self._workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(self._factory,),
        )

    async def _warm(self, pool: concurrent.futures.ProcessPoolExecutor) -> None:
        """Start every worker and wait until each has loaded its filter."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._start_timeout
        seen: set[int] = set()
        while len(seen) < self._workers:
            left = deadline - loop.time()
            if left <= 0:
                raise TimeoutError("privacy workers not ready")
            pids = await asyncio.wait_for(
                asyncio.gather(*(loop.run_in_executor(pool, _worker_ready, 0.2) for _ in range(self._workers))),
                left,
            )
            seen.update(pids)

    async def start(self) -> None:  # noqa: D102
        pool = self._new_pool()
        try:
            await self._warm(pool)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        self._pool = pool

    async def _restart(self, broken: concurrent.futures.ProcessPoolExecutor) -> None:
        broken.shutdown(wait=False, cancel_futures=True)
        try:
            pool = self._new_pool()
            await self._warm(pool)
        except Exception as exc:  # the next message tries again; meanwhile visitors get the fallback
            log.error("privacy workers could not restart (%s)", type(exc).__name__)
            return
        if self._pool is broken:
            self._pool = pool
            log.warning("privacy workers restarted")
        else:
            pool.shutdown(wait=False, cancel_futures=True)

    async def redact(self, text: str, timeout: float) -> Redacted:  # noqa: D102
        pool = self._pool
        if pool is None:
            raise RuntimeError("privacy workers not started")
        loop = asyncio.get_running_loop()
        try:
            return await asyncio.wait_for(loop.run_in_executor(pool, _worker_redact, text), timeout)
        except BrokenProcessPool:
            if self._restarting is None or self._restarting.done():
                self._restarting = asyncio.create_task(self._restart(pool))
            raise

    async def close(self) -> None:  # noqa: D102
        if self._restarting is not None:
            self._restarting.cancel()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
