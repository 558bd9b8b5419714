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
from collections import OrderedDict
from typing import Any, Callable, Dict, Iterable, Optional, Text, Tuple

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker


class TTLInMemoryTrackerStore(InMemoryTrackerStore):
    """Keeps serialised trackers in memory for a limited time."""

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
        self._clock = clock
        # sender_id -> (expiry time, serialised tracker), oldest access first.
        self._entries: "OrderedDict[Text, Tuple[float, Text]]" = OrderedDict()
        # sender_id -> number of events already handed to the inbox feed
        self._fed: Dict[Text, int] = {}
        self.store = _ExpiringView(self)

    def purge(self) -> int:
        """Drops expired conversations; returns how many were dropped."""
        now = self._clock()
        dropped = 0
        while self._entries:
            sender_id, (expiry, _) = next(iter(self._entries.items()))
            if expiry > now and len(self._entries) <= self.max_conversations:
                break
            del self._entries[sender_id]
            self._fed.pop(sender_id, None)
            dropped += 1
        return dropped

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Saves the tracker and restarts its time-to-live."""
        await self.stream_events(tracker)
        self._feed_inbox(tracker)
        self._entries[tracker.sender_id] = (
            self._clock() + self.ttl_seconds,
            self.serialise_tracker(tracker),
        )
        self._entries.move_to_end(tracker.sender_id)
        self.purge()

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
        return list(self._entries.keys())


class _ExpiringView(Dict[Text, Text]):
    """Read view used by the parent's ``_retrieve`` (``sender_id in store``, ``store[id]``)."""

    def __init__(self, owner: TTLInMemoryTrackerStore) -> None:
        super().__init__()
        self._owner = owner

    def __contains__(self, sender_id: object) -> bool:
        self._owner.purge()
        return sender_id in self._owner._entries

    def __getitem__(self, sender_id: Text) -> Text:
        return self._owner._entries[sender_id][1]

    def keys(self):  # type: ignore[override]
        return self._owner._entries.keys()

    def __len__(self) -> int:
        return len(self._owner._entries)
