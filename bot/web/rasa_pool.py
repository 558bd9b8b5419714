"""Several Rasa servers behind one front: each conversation goes to one of them, stable by session id.

Rendezvous hashing: every (server, session) pair gets a score and a conversation goes to the
server with the highest score among those not known to be down. Adding or losing a server moves
only the conversations that were on it. The servers share Rasa's Redis tracker and lock stores, so
a conversation moved to another server goes on with its context.

A server that refuses the connection is marked down for ``down_seconds`` and the message goes to
the next one; a timeout or an error answer is not retried (Rasa may have handled the message).

The messages of one session go to Rasa one at a time, in their order of arrival at this front.
Rasa's lock store would serialise them anyway, but a waiting turn polls its lock once a second:
a burst of messages in one conversation would then wait seconds between turns.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from contextlib import asynccontextmanager
from typing import AsyncIterator, Callable, Sequence

import aiohttp

from .rasa import ChatMessage, RasaUnavailable, RasaUnreachable, ask_rasa

__all__ = ["RasaPool"]


def _score(url: str, session_id: str) -> bytes:
    return hashlib.blake2b(f"{url}\n{session_id}".encode(), digest_size=8).digest()


class RasaPool:
    """The Rasa servers of the front and the ones seen down recently."""

    def __init__(
        self, urls: Sequence[str], down_seconds: float = 5.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if not urls:
            raise ValueError("at least one Rasa server is needed")
        self.urls = tuple(urls)
        self._down_seconds = down_seconds
        self._clock = clock
        self._down_until: dict[str, float] = {}
        #: session id -> [lock, number of requests holding or waiting for it]
        self._turns: dict[str, list] = {}

    def order(self, session_id: str) -> list[str]:
        """Servers to try for ``session_id``: its own first, the ones seen down last."""
        now = self._clock()
        ranked = sorted(self.urls, key=lambda url: _score(url, session_id), reverse=True)
        up = [url for url in ranked if self._down_until.get(url, 0.0) <= now]
        return up + [url for url in ranked if url not in up]

    def mark_down(self, url: str) -> None:
        """``url`` refused a connection: try the others first for a while."""
        self._down_until[url] = self._clock() + self._down_seconds

    def mark_up(self, url: str) -> None:
        """``url`` answered."""
        self._down_until.pop(url, None)

    def waiting(self, session_id: str) -> int:
        """Requests of ``session_id`` being sent or waiting for their turn (for tests)."""
        entry = self._turns.get(session_id)
        return entry[1] if entry else 0

    @asynccontextmanager
    async def _turn(self, session_id: str, timeout: float | None) -> AsyncIterator[None]:
        entry = self._turns.setdefault(session_id, [asyncio.Lock(), 0])
        entry[1] += 1
        try:
            try:
                await asyncio.wait_for(entry[0].acquire(), timeout)
            except asyncio.TimeoutError:
                raise RasaUnavailable("turn not reached in time") from None
            try:
                yield
            finally:
                entry[0].release()
        finally:
            entry[1] -= 1
            if entry[1] == 0:
                self._turns.pop(session_id, None)

    async def ask(
        self,
        client: aiohttp.ClientSession,
        session_id: str,
        message: str,
        metadata: dict[str, str] | None = None,
        budget: float | None = None,
    ) -> list[ChatMessage]:
        """Ask the conversation's server, moving on to the next one while they are unreachable.

        ``budget``: seconds for the whole call, waiting for the session's turn included.
        """
        deadline = None if budget is None else time.monotonic() + budget

        def left() -> float | None:
            return None if deadline is None else deadline - time.monotonic()

        async with self._turn(session_id, left()):
            last: RasaUnavailable | None = None
            for url in self.order(session_id):
                try:
                    messages = await ask_rasa(client, url, session_id, message, metadata=metadata, timeout=left())
                except RasaUnreachable as exc:
                    self.mark_down(url)
                    last = exc
                    continue
                self.mark_up(url)
                return messages
            raise last or RasaUnavailable("no Rasa server")
