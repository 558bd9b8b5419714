"""Conversations kept in memory are forgotten after their time-to-live."""

import asyncio

from bot.rasa_plugins.ttl_tracker_store import TTLInMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def _tracker(sender):
    tracker = DialogueStateTracker(sender, slots=[])
    tracker.update(UserUttered("bonjour", {"name": "greet"}))
    return tracker


def test_conversation_expires_after_ttl():
    clock = FakeClock()
    store = TTLInMemoryTrackerStore(Domain.empty(), ttl_seconds=60, clock=clock)

    async def scenario():
        await store.save(_tracker("a"))
        clock.now += 30
        assert await store.retrieve("a") is not None
        clock.now += 31
        assert await store.retrieve("a") is None
        assert list(await store.keys()) == []

    asyncio.run(scenario())


def test_saving_restarts_the_ttl_and_memory_is_bounded():
    clock = FakeClock()
    store = TTLInMemoryTrackerStore(Domain.empty(), ttl_seconds=60, max_conversations=2, clock=clock)

    async def scenario():
        await store.save(_tracker("a"))
        clock.now += 50
        await store.save(_tracker("a"))
        clock.now += 50
        assert await store.retrieve("a") is not None  # 100 s after the first save, 50 after the last
        await store.save(_tracker("b"))
        await store.save(_tracker("c"))
        assert sorted(await store.keys()) == ["b", "c"]  # oldest dropped

    asyncio.run(scenario())


def test_endpoint_config_loads_the_store():
    from rasa.core.tracker_store import TrackerStore
    from rasa.utils.endpoints import read_endpoint_config

    config = read_endpoint_config("endpoints.yml", "tracker_store")
    store = TrackerStore.create(config, Domain.empty())
    assert isinstance(store, TTLInMemoryTrackerStore)
    assert store.ttl_seconds == 1800


def test_stored_tracker_is_rasas_serialisation_compressed():
    """What a save stores reads back as the tracker Rasa's own serialisation gives (events, slots,
    latest message), also for a lone surrogate that ujson refuses; the next save knows the last
    event's timestamp without parsing the stored text."""
    import json

    from rasa.core.tracker_store import SerializedTrackerAsText
    from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet

    from bot.rasa_plugins.ttl_tracker_store import StoredTracker

    store = TTLInMemoryTrackerStore(Domain.empty())
    for text in ("je cherche à Saint-Étienne / Lyon 3ᵉ", "x\ud800y"):
        tracker = DialogueStateTracker("a", slots=[])
        tracker.update(UserUttered(text, {"name": "greet", "confidence": 0.123456789012345}))
        tracker.update(SlotSet("location", "Saint-Étienne"))
        tracker.update(ActionExecuted("utter_greet"))
        tracker.update(BotUttered("Bonjour, où êtes-vous ?", {"buttons": [{"payload": "/inform"}]}))

        async def scenario():
            await store.save(tracker)
            return await store.retrieve("a")

        back = asyncio.run(scenario())
        stored = store.store["a"]
        assert isinstance(stored, StoredTracker)
        assert json.loads(stored.text()) == json.loads(SerializedTrackerAsText.serialise_tracker(tracker))
        assert len(stored) < len(stored.text())  # kept compressed
        assert stored.last == tracker.events[-1].timestamp
        assert [e.as_dict() for e in back.events] == [e.as_dict() for e in tracker.events]
        assert back.latest_message.text == text
