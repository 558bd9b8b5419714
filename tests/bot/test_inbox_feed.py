"""The Rasa-side inbox doors: a refused "did you mean", a second fallback, a low-confidence prediction.
Each door files only the (filtered) text, the best intent, its confidence and the day."""

from __future__ import annotations

import asyncio
import sqlite3
from typing import List

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_plugins.inbox_feed import feed, misunderstood_turns
from bot.rasa_plugins.ttl_tracker_store import TTLInMemoryTrackerStore
from knowledge.inbox import Inbox

SENDER = "3f2b9c1e-7d4a-4e5b-9c8d-1a2b3c4d5e6f"


@pytest.fixture(autouse=True)
def _private_inbox(tmp_path, monkeypatch):
    path = tmp_path / "inbox.sqlite3"
    monkeypatch.setenv("INBOX_PATH", str(path))
    monkeypatch.delenv("INBOX_LOW_CONFIDENCE", raising=False)
    return path


def _user(text: str, intent: str, confidence: float, guess: str = "ask_cpf", guess_conf: float = 0.28) -> dict:
    ranking = [{"name": intent, "confidence": confidence}]
    if intent == "nlu_fallback":
        ranking.append({"name": guess, "confidence": guess_conf})
    return {
        "event": "user",
        "text": text,
        "parse_data": {"intent": {"name": intent, "confidence": confidence}, "intent_ranking": ranking},
    }


def _did_you_mean() -> List[dict]:
    """What Rasa logs after a first fallback: the loop starts and asks "did you mean"."""
    return [
        {"event": "action", "name": "action_two_stage_fallback"},
        {"event": "active_loop", "name": "action_two_stage_fallback"},
        {"event": "bot", "text": "Vouliez-vous dire ?"},
    ]


def _filed(turn):
    """What the inbox files of a turn."""
    return (turn.text, turn.intent, turn.confidence, turn.reason)


FIRST = [_user("zorglub formation <NOM>", "nlu_fallback", 0.3)] + _did_you_mean()


def test_refused_suggestion_files_the_question_that_was_asked():
    events = FIRST + [_user("/out_of_scope", "out_of_scope", 1.0)]
    [turn] = misunderstood_turns(events, start=len(FIRST))
    assert _filed(turn) == ("zorglub formation <NOM>", "ask_cpf", 0.28, "refused")


def test_saying_no_is_a_refusal_too_and_counts_once():
    events = FIRST + [
        _user("non", "deny", 0.97),
        {"event": "active_loop", "name": None},
        {"event": "rewind"},
        _user("non", "deny", 1.0),
    ]
    turns = misunderstood_turns(events, start=len(FIRST))
    assert [(t.text, t.reason) for t in turns] == [("zorglub formation <NOM>", "refused")]


def test_choosing_a_suggestion_files_nothing():
    events = FIRST + [_user("/ask_cpf", "ask_cpf", 1.0), {"event": "active_loop", "name": None}]
    assert misunderstood_turns(events, start=len(FIRST)) == []


def test_second_fallback_files_the_second_message():
    events = FIRST + [_user("blurp <TELEPHONE> quantique", "nlu_fallback", 0.3, "talk_to_human", 0.22)]
    [turn] = misunderstood_turns(events, start=len(FIRST))
    assert _filed(turn) == ("blurp <TELEPHONE> quantique", "talk_to_human", 0.22, "second_fallback")


def test_a_fallback_outside_the_loop_is_left_to_the_action_server():
    # the first fallback of a conversation is filed by actions/fallback.py, not twice
    assert misunderstood_turns(FIRST, start=0) == []


def test_low_confidence_band():
    events = [
        _user("je veux bouger", "ask_career_change", 0.41),
        _user("mon cpf", "ask_cpf", 0.93),
        _user("/ask_vae", "ask_vae", 0.2),
    ]
    [turn] = misunderstood_turns(events, start=0, band=0.5)
    assert _filed(turn) == ("je veux bouger", "ask_career_change", 0.41, "low_confidence")
    assert misunderstood_turns(events, start=0, band=0.4) == []
    assert misunderstood_turns(events, start=1, band=0.5) == []  # only the new events count


def test_band_is_configurable(monkeypatch):
    recorded = []
    events = [_user("je veux bouger", "ask_career_change", 0.41)]
    monkeypatch.setenv("INBOX_LOW_CONFIDENCE", "0.4")
    assert feed(events, 0, record=lambda *a: recorded.append(a)) == 0
    monkeypatch.setenv("INBOX_LOW_CONFIDENCE", "0.6")
    assert feed(events, 0, record=lambda *a: recorded.append(a)) == 1
    assert recorded == [("je veux bouger", "ask_career_change", 0.41, "low_confidence")]


def test_feed_never_raises():
    def broken(*_):
        raise RuntimeError("disk full")

    assert feed([_user("je veux bouger", "ask_career_change", 0.41)], 0, record=broken) == 0


def _tracker(events) -> DialogueStateTracker:
    tracker = DialogueStateTracker(SENDER, slots=[])
    for event in events:
        tracker.update(event)
    return tracker


def _rasa_user(text, intent, confidence, guess=None):
    ranking = [{"name": intent, "confidence": confidence}] + ([{"name": guess, "confidence": 0.25}] if guess else [])
    return UserUttered(
        text,
        {"name": intent, "confidence": confidence},
        parse_data={"intent": {"name": intent, "confidence": confidence}, "intent_ranking": ranking, "text": text},
    )


@pytest.fixture(params=["memory", "redis"])
def tracker_store(request):
    """The tracker stores Rasa runs with: in memory (default) and Redis (REDIS_URL, several instances)."""
    if request.param == "memory":
        yield TTLInMemoryTrackerStore(Domain.empty())
        return
    from bot.rasa_plugins.redis_tracker_store import InboxRedisTrackerStore
    from tests.redis_server import RedisServer

    with RedisServer() as server:
        yield InboxRedisTrackerStore(Domain.empty(), host="127.0.0.1", port=server.port, record_exp=60)


def test_tracker_store_feeds_each_door_once_without_the_session(_private_inbox, tracker_store):
    """Through the tracker stores Rasa uses: each turn's new events, every door, nothing of the session."""
    store = tracker_store
    turns = [
        [_rasa_user("hmm je sais pas <NOM>", "ask_career_change", 0.42)],  # low confidence
        [
            _rasa_user("zorglub formation", "nlu_fallback", 0.3, "ask_cpf"),
            ActionExecuted("action_two_stage_fallback"),
            ActiveLoop("action_two_stage_fallback"),
            BotUttered("Vouliez-vous dire ?"),
        ],  # first fallback: the action server's door
        [_rasa_user("/out_of_scope", "out_of_scope", 1.0), BotUttered("Pouvez-vous reformuler ?")],  # refused
        [_rasa_user("fribouillard quantique", "nlu_fallback", 0.3, "ask_vae")],  # asked again: Rasa re-asks
        [_rasa_user("blurp blurp", "nlu_fallback", 0.3, "greet"), ActiveLoop(None)],  # second fallback
    ]
    events = []

    async def conversation():
        for turn in turns:
            events.extend(turn)
            await store.save(_tracker(events))

    asyncio.run(conversation())
    items = {i.text: i for i in Inbox(_private_inbox).items()}
    assert {t: (i.reason, i.intent, i.count) for t, i in items.items()} == {
        "hmm je sais pas <NOM>": ("low_confidence", "ask_career_change", 1),
        "zorglub formation": ("refused", "ask_cpf", 1),
        "blurp blurp": ("second_fallback", "greet", 1),
    }
    raw = _private_inbox.read_bytes()
    assert SENDER.encode() not in raw and b"3f2b9c1e" not in raw
    columns = {r[1] for r in sqlite3.connect(str(_private_inbox)).execute("PRAGMA table_info(items)")}
    assert not {"sender_id", "session_id", "timestamp"} & columns


def test_redis_store_reads_the_stored_tracker_once_per_save(_private_inbox):
    """Rasa's merge of earlier sessions and the inbox feed share one GET; the conversation is kept whole."""
    from bot.rasa_plugins.redis_tracker_store import InboxRedisTrackerStore
    from tests.redis_server import RedisServer

    with RedisServer() as server:
        store = InboxRedisTrackerStore(Domain.empty(), host="127.0.0.1", port=server.port, record_exp=60)
        gets = []
        real_get = store.red.get
        store.red.get = lambda key: gets.append(key) or real_get(key)
        events = []

        async def conversation():
            for text in ("bonjour", "hmm je sais pas", "merci"):
                events.append(_rasa_user(text, "ask_career_change", 0.42))
                await store.save(_tracker(events))

        asyncio.run(conversation())
        assert len(gets) == 3
        stored = asyncio.run(store.retrieve(SENDER))
        assert [e.text for e in stored.events if isinstance(e, UserUttered)] == ["bonjour", "hmm je sais pas", "merci"]
        assert 0 < store.red.ttl(store.key_prefix + SENDER) <= 60
    assert {i.text for i in Inbox(_private_inbox).items()} == {"bonjour", "hmm je sais pas", "merci"}


def test_redis_store_saves_what_rasas_own_store_saves(_private_inbox, monkeypatch):
    """Within a session (the fast path, no rebuild of the stored tracker) and across sessions (Rasa's merge)."""
    from rasa.core.tracker_store import RedisTrackerStore
    from rasa.shared.core.events import SessionStarted

    from bot.rasa_plugins.redis_tracker_store import InboxRedisTrackerStore
    from tests.redis_server import RedisServer

    with RedisServer() as server:
        ours = InboxRedisTrackerStore(
            Domain.empty(), host="127.0.0.1", port=server.port, record_exp=60, key_prefix="ours"
        )
        rasas = RedisTrackerStore(Domain.empty(), host="127.0.0.1", port=server.port, record_exp=60, key_prefix="rasa")
        rebuilt = []
        real = ours.deserialise_tracker
        monkeypatch.setattr(ours, "deserialise_tracker", lambda *a: rebuilt.append(1) or real(*a))
        session1 = [SessionStarted(timestamp=1.0), _rasa_user("bonjour", "greet", 0.9)]
        session2 = [SessionStarted(timestamp=5.0), _rasa_user("merci", "thank", 0.9)]
        for s in (session1[:1], session1):  # two saves within one session
            for store in (ours, rasas):
                asyncio.run(store.save(_tracker(list(s))))
        assert rebuilt == []
        for store in (ours, rasas):  # Rasa saves the last session only: the store merges the first one back
            asyncio.run(store.save(_tracker(session2)))
        assert rebuilt == [1]
        mine = asyncio.run(ours.retrieve_full_tracker(SENDER))
        theirs = asyncio.run(rasas.retrieve_full_tracker(SENDER))
        assert [e.as_dict() for e in mine.events] == [e.as_dict() for e in theirs.events]
        assert [e.text for e in mine.events if isinstance(e, UserUttered)] == ["bonjour", "merci"]
