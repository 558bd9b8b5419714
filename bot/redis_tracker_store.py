"""Rasa's RedisTrackerStore that also feeds the anonymous inbox, as the in-memory store does.

Loaded by Rasa from the endpoints file that ``bot.stores.with_stores`` writes when ``REDIS_URL`` is set
(``type: bot.redis_tracker_store.InboxRedisTrackerStore``, ``record_exp`` = the privacy TTL). The
inbox needs only the tracker stored before the save (``bot.inbox_feed.feed_after``), so any number of
Rasa instances can share it.
"""
from __future__ import annotations

from typing import Optional

from rasa.core.tracker_store import RedisTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

from bot.inbox_feed import feed_after


class InboxRedisTrackerStore(RedisTrackerStore):
    """Saves as Rasa's Redis store does, handing the turn's new events to the inbox feed on the way.

    Rasa's own ``save`` reads the stored tracker (to merge earlier conversation sessions into the new
    one); the inbox needs that same stored tracker, so this ``save`` is Rasa 3.6's with the inbox fed
    from the one read: one Redis GET and one parse per turn instead of two of each.
    """

    async def save(self, tracker: DialogueStateTracker, timeout: Optional[float] = None) -> None:
        await self.stream_events(tracker)
        if not timeout and self.record_exp:
            timeout = self.record_exp
        key = self.key_prefix + tracker.sender_id
        stored = self.red.get(key)
        prior = self.deserialise_tracker(tracker.sender_id, stored) if stored is not None else None
        last = prior.events[-1].timestamp if prior is not None and prior.events else 0.0
        feed_after(list(tracker.events), last)
        if prior is not None:
            tracker = self._merge_trackers(prior, tracker)
        self.red.set(key, self.serialise_tracker(tracker), ex=timeout)
