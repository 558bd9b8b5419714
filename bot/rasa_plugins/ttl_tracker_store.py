"""In-memory tracker store whose conversations expire.

Loaded by Rasa from ``endpoints.yml`` (``type: bot.rasa_plugins.ttl_tracker_store.TTLInMemoryTrackerStore``).
A conversation untouched for ``ttl_seconds`` is forgotten, and at most
``max_conversations`` are kept (least recently used first out), so memory is
bounded and nothing outlives a visit. Production deployments with several Rasa
workers use Redis with ``record_exp`` instead (see README, "Scaling").

On each save the turn's new events go to ``bot.rasa_plugins.inbox_feed``, which files refused "did you mean"
suggestions, second fallbacks and low-confidence predictions in the anonymous inbox.

A save serialises the tracker once (Rasa's ``as_dialogue().as_dict()``), hands those event dicts to the
inbox feed and writes them with ujson (a Rasa dependency; plain ASCII JSON as Rasa's ``json.dumps`` writes
it), compressed with zlib at level 1: a six-turn conversation's ~38 KB of JSON (each message's parse
data: intent and selector rankings, tokens) keeps ~4.6 KB of memory, for ~0.2 ms a save and ~0.1 ms a read.
The stored value carries its last event's timestamp, so the next save does not read it again. Before,
each save serialised the events twice and parsed the stored tracker once: ~1 of the server's CPU ms a turn.
"""

from __future__ import annotations

import json
import time
import zlib
from typing import Any, Callable, Iterable, Optional, Text

import ujson
from cachetools import TTLCache
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_plugins.inbox_feed import feed_serialised_after, last_event_time
from knowledge.retention import CONVERSATION_TTL_SECONDS


class StoredTracker(bytes):
    """A serialised tracker, zlib-compressed JSON (``text()`` gives what Rasa's ``deserialise_tracker``
    reads), and ``last``, the timestamp of its last event."""

    last: float = 0.0

    def text(self) -> str:
        """The tracker's JSON."""
        return zlib.decompress(self).decode("utf-8")


def stored_tracker(dialogue: dict) -> StoredTracker:
    """``dialogue`` (``Dialogue.as_dict()``) as stored bytes with its last event's timestamp."""
    try:
        text = ujson.dumps(dialogue, escape_forward_slashes=False)
    except (TypeError, ValueError, OverflowError, UnicodeError):  # e.g. a lone surrogate: the standard library's JSON
        text = json.dumps(dialogue)
    stored = StoredTracker(zlib.compress(text.encode("utf-8"), 1))
    events = dialogue.get("events") or []
    stored.last = float(events[-1].get("timestamp") or 0.0) if events else 0.0
    return stored


class TTLInMemoryTrackerStore(InMemoryTrackerStore):
    """Keeps serialised trackers in memory for a limited time (cachetools' TTLCache: each save
    restarts a conversation's time-to-live; when full, the least recently used goes first)."""

    def __init__(
        self,
        domain: Domain,
        event_broker: Optional[EventBroker] = None,
        ttl_seconds: float = CONVERSATION_TTL_SECONDS,
        max_conversations: int = 10000,
        clock: Callable[[], float] = time.monotonic,
        **kwargs: Any,
    ) -> None:
        kwargs.pop("host", None)
        super().__init__(domain, event_broker, **kwargs)
        self.ttl_seconds = float(ttl_seconds)
        self.max_conversations = int(max_conversations)
        # sender_id -> serialised tracker; read by the parent's ``_retrieve``
        self.store: TTLCache[Text, Any] = TTLCache(self.max_conversations, self.ttl_seconds, timer=clock)

    def deserialise_tracker(self, sender_id: Text, serialised_tracker: Any) -> Optional[DialogueStateTracker]:
        """Rasa's deserialisation, after decompressing what ``save`` stored."""
        if isinstance(serialised_tracker, StoredTracker):
            serialised_tracker = serialised_tracker.text()
        return super().deserialise_tracker(sender_id, serialised_tracker)

    def purge(self) -> int:
        """Drops expired conversations; returns how many were dropped."""
        return len(self.store.expire())

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Saves the tracker and restarts its time-to-live; the turn's new events go to the inbox feed."""
        await self.stream_events(tracker)
        dialogue = tracker.as_dialogue().as_dict()
        previous = self.store.get(tracker.sender_id)
        last = previous.last if isinstance(previous, StoredTracker) else last_event_time(previous)
        feed_serialised_after(dialogue.get("events") or [], last)
        self.store[tracker.sender_id] = stored_tracker(dialogue)

    async def keys(self) -> Iterable[Text]:
        """Sender ids of the conversations that have not expired."""
        self.purge()
        return list(self.store.keys())
