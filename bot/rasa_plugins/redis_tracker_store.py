"""Rasa's RedisTrackerStore that also feeds the anonymous inbox, as the in-memory store does.

Loaded by Rasa from the endpoints file that ``bot.stores.with_stores`` writes when ``REDIS_URL`` is set
(``type: bot.rasa_plugins.redis_tracker_store.InboxRedisTrackerStore``, ``record_exp`` = the privacy TTL). The
inbox needs only the tracker stored before the save (``bot.rasa_plugins.inbox_feed.feed_since``), so any number of
Rasa instances can share it.
"""
from __future__ import annotations

from typing import Optional

from rasa.core.tracker_store import RedisTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_plugins.inbox_feed import feed_since


class InboxRedisTrackerStore(RedisTrackerStore):
    """Saves as Rasa's Redis store does, after handing the turn's new events to the inbox feed."""

    async def save(self, tracker: DialogueStateTracker, timeout: Optional[float] = None) -> None:
        feed_since(list(tracker.events), self.red.get(self.key_prefix + tracker.sender_id))
        await super().save(tracker, timeout)
