"""Rasa's RedisTrackerStore that also feeds the anonymous inbox, as the in-memory store does.

Loaded by Rasa from the endpoints file that ``bot.stores.with_stores`` writes when ``REDIS_URL`` is set
(``type: bot.rasa_plugins.redis_tracker_store.InboxRedisTrackerStore``, ``record_exp`` = the privacy TTL). The
inbox needs only the tracker stored before the save (``bot.rasa_plugins.inbox_feed``), so any number of Rasa
instances can share it.
"""

from __future__ import annotations

import json
from typing import List, Optional, Union

from rasa.core.tracker_store import RedisTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_plugins.inbox_feed import feed_serialised_after, serialised


def stored_events(stored: Optional[Union[str, bytes]]) -> Optional[List[dict]]:
    """The serialised events of a stored tracker (None when nothing is stored or it is unreadable)."""
    if stored is None:
        return None
    try:
        events = json.loads(stored).get("events")
    except (ValueError, TypeError, AttributeError):
        return None
    return events if isinstance(events, list) else None


class InboxRedisTrackerStore(RedisTrackerStore):
    """Saves as Rasa's Redis store does, handing the turn's new events to the inbox feed on the way.

    Rasa's ``save`` reads the stored tracker and merges it into the one being saved, which holds only
    the last conversation session: it rebuilds the stored tracker and replays the new one up to the
    stored one's last event (2.5 ms at 8 turns, growing with the conversation) to find out that, within
    a session, the stored events are simply the first ones of the new tracker. This ``save`` reads the
    stored tracker once, feeds the inbox from it, and checks that common case on the serialised events
    (0.3 ms); any other case (an earlier session, a stored tracker that differs) goes through Rasa's
    merge as before.
    """

    async def save(self, tracker: DialogueStateTracker, timeout: Optional[float] = None) -> None:
        await self.stream_events(tracker)
        if not timeout and self.record_exp:
            timeout = self.record_exp
        key = self.key_prefix + tracker.sender_id
        stored = self.red.get(key)
        prior_events = stored_events(stored)
        new_events = serialised(tracker.events)
        last = float(prior_events[-1].get("timestamp") or 0.0) if prior_events else 0.0
        feed_serialised_after(new_events, last)
        if stored is not None and not _starts_with(new_events, prior_events):
            prior = self.deserialise_tracker(tracker.sender_id, stored)
            tracker = self._merge_trackers(prior, tracker)
        self.red.set(key, self.serialise_tracker(tracker), ex=timeout)


def _starts_with(events: List[dict], prefix: Optional[List[dict]]) -> bool:
    """True when the serialised ``prefix`` (as stored, JSON) is exactly the first events of ``events``:
    then Rasa's merge would return the new tracker unchanged."""
    if prefix is None or len(prefix) > len(events):
        return False
    return json.loads(json.dumps(events[: len(prefix)])) == prefix
