"""In-memory tracker store whose conversations expire.

Loaded by Rasa from ``endpoints.yml`` (``type: bot.ttl_tracker_store.TTLInMemoryTrackerStore``).
A conversation untouched for ``ttl_seconds`` is forgotten, and at most
``max_conversations`` are kept (least recently used first out), so memory is
bounded and nothing outlives a visit. Production deployments with several Rasa
workers use Redis with ``record_exp`` instead (see README, "Scaling").

On each save the turn's new events go to ``bot.inbox_feed.feed``, which files refused "did you mean"
suggestions, second fallbacks and low-confidence predictions in the anonymous inbox.
"""
from __future__ import annotations

import time
from typing import Any, Callable, Iterable, Optional, Text

from cachetools import TTLCache
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker


class TTLInMemoryTrackerStore(InMemoryTrackerStore):
    """Keeps serialised trackers in memory for a limited time (cachetools' TTLCache: each save
    restarts a conversation's time-to-live; when full, the least recently used goes first)."""

    def __init__(
        self,
        domain: Domain,
        event_broker: Optional[EventBroker] = None,
        ttl_seconds: float = 1800,
        max_conversations: int = 10000,
        clock: Callable[[], float] = time.monotonic,
        **kwargs: Any,
    ) -> None:
        kwargs.pop("host", None)
        super().__init__(domain, event_broker, **kwargs)
        self.ttl_seconds = float(ttl_seconds)
        self.max_conversations = int(max_conversations)
        # sender_id -> serialised tracker; read by the parent's ``_retrieve``
        self.store: TTLCache[Text, Text] = TTLCache(self.max_conversations, self.ttl_seconds, timer=clock)
        # sender_id -> number of events already handed to the inbox feed (expires with the tracker)
        self._fed: TTLCache[Text, int] = TTLCache(self.max_conversations, self.ttl_seconds, timer=clock)

    def purge(self) -> int:
        """Drops expired conversations; returns how many were dropped."""
        self._fed.expire()
        return len(self.store.expire())

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Saves the tracker and restarts its time-to-live."""
        await self.stream_events(tracker)
        self._feed_inbox(tracker)
        self.store[tracker.sender_id] = self.serialise_tracker(tracker)

    def _feed_inbox(self, tracker: DialogueStateTracker) -> None:
        """Hands the events added since the last save to the inbox feed (never raises)."""
        from bot.inbox_feed import feed, serialised

        events = list(tracker.events)
        start = self._fed.get(tracker.sender_id, 0)
        if start > len(events):  # a replaced tracker
            start = 0
        if start < len(events):
            feed(serialised(events), start)
        self._fed[tracker.sender_id] = len(events)

    async def keys(self) -> Iterable[Text]:
        """Sender ids of the conversations that have not expired."""
        self.purge()
        return list(self.store.keys())
