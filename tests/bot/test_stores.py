"""Rasa's stores: in memory by default, Rasa's own Redis stores with REDIS_URL; several instances."""

import pytest
from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore
from rasa.core.tracker_store import RedisTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.utils.endpoints import read_endpoint_config

from bot.rasa_plugins.redis_tracker_store import InboxRedisTrackerStore
from bot.stores import parse_redis_url, privacy_ttl, with_stores
from bot.supervisor import Ports, Stack

BASE = {
    "action_endpoint": {"url": "http://127.0.0.1:5055/webhook"},
    "tracker_store": {"type": "bot.rasa_plugins.ttl_tracker_store.TTLInMemoryTrackerStore", "ttl_seconds": 1800},
}


def test_parse_redis_url():
    assert parse_redis_url("redis://127.0.0.1:16379/2") == {"url": "127.0.0.1", "port": 16379, "db": 2}
    assert parse_redis_url("rediss://u:p%40ss@cache.example:6380") == {
        "url": "cache.example",
        "port": 6380,
        "db": 0,
        "username": "u",
        "password": "p@ss",
        "use_ssl": True,
    }
    for bad in ("http://x", "redis://", "redis://h/abc"):
        with pytest.raises(ValueError):
            parse_redis_url(bad)


def test_without_redis_the_embedded_default_stays():
    assert with_stores(BASE, None, env={}) == {
        "action_endpoint": BASE["action_endpoint"],
        "tracker_store": {**BASE["tracker_store"], "ttl_seconds": 1800.0},
    }
    assert "lock_store" not in with_stores(BASE, "", env={})


def test_redis_stores_expire_with_the_privacy_ttl():
    config = with_stores(BASE, "redis://127.0.0.1:16399/0", env={})
    assert config["tracker_store"] == {
        "type": "bot.rasa_plugins.redis_tracker_store.InboxRedisTrackerStore",
        "url": "127.0.0.1",
        "port": 16399,
        "db": 0,
        "record_exp": 1800,
    }
    assert config["lock_store"] == {"type": "redis", "url": "127.0.0.1", "port": 16399, "db": 0}
    assert privacy_ttl(BASE, env={"TRACKER_TTL_SECONDS": "7"}) == 7.0
    assert with_stores(BASE, "redis://h/0", env={"TRACKER_TTL_SECONDS": "7"})["tracker_store"]["record_exp"] == 7


def test_stack_with_redis_starts_rasa_with_its_redis_stores(tmp_path, monkeypatch):
    monkeypatch.delenv("TRACKER_TTL_SECONDS", raising=False)
    stack = Stack(
        model=tmp_path / "m.tar.gz",
        ports=Ports(rasa=15005),
        log_dir=tmp_path,
        instances=2,
        extra_env={"REDIS_URL": "redis://127.0.0.1:16398/0"},
    )
    path = str(stack.endpoints_file())
    tracker_config = read_endpoint_config(path, "tracker_store")
    tracker_store = TrackerStore.create(tracker_config, Domain.empty())
    inner = getattr(tracker_store, "_tracker_store", tracker_store)  # Rasa wraps it in a fail-safe store
    assert isinstance(inner, InboxRedisTrackerStore) and isinstance(inner, RedisTrackerStore)
    assert inner.record_exp == 1800
    assert isinstance(LockStore.create(read_endpoint_config(path, "lock_store")), RedisLockStore)
    commands = stack.commands()
    assert [name for name in commands if name.startswith("rasa")] == ["rasa", "rasa-1"]
    assert commands["rasa-1"][commands["rasa-1"].index("--port") + 1] == "15006"
    assert stack.env()["BOT_RASA_URLS"] == "http://127.0.0.1:15005,http://127.0.0.1:15006"
    assert set(stack.health()) == {"actions", "rasa", "rasa-1", "web"}


def test_default_stack_keeps_in_memory_stores(tmp_path, monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.delenv("TRACKER_TTL_SECONDS", raising=False)
    stack = Stack(model=tmp_path / "m.tar.gz", ports=Ports(actions=15055), log_dir=tmp_path)
    path = str(stack.endpoints_file())
    assert (
        read_endpoint_config(path, "tracker_store").type == "bot.rasa_plugins.ttl_tracker_store.TTLInMemoryTrackerStore"
    )
    assert isinstance(LockStore.create(read_endpoint_config(path, "lock_store")), InMemoryLockStore)
    assert stack.env()["BOT_RASA_URLS"] == "http://127.0.0.1:5005"


def test_several_instances_need_redis(tmp_path, monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    with pytest.raises(ValueError, match="REDIS_URL"):
        Stack(model=tmp_path / "m.tar.gz", instances=2)


def test_only_a_dead_rasa_instance_with_a_live_one_is_replaceable(tmp_path):
    stack = Stack(model=tmp_path / "m.tar.gz", instances=2, extra_env={"REDIS_URL": "redis://127.0.0.1:16397/0"})
    stack.processes = {name: object() for name in ("actions", "rasa", "rasa-1", "web")}  # type: ignore[misc]
    assert stack.replaceable(["rasa-1"]) and stack.replaceable(["rasa"])
    assert not stack.replaceable(["rasa", "rasa-1"])
    assert not stack.replaceable(["web"]) and not stack.replaceable(["actions", "rasa"])
    assert not stack.replaceable([])


def test_rasa_forgets_conversations_after_the_privacy_ttl_the_answers_quote():
    from bot.rasa_plugins.ttl_tracker_store import TTLInMemoryTrackerStore
    from bot.stores import ENDPOINTS
    from knowledge.retention import CONVERSATION_TTL_SECONDS

    endpoints = read_endpoint_config(str(ENDPOINTS), "tracker_store")
    assert endpoints is not None
    assert privacy_ttl({"tracker_store": endpoints.kwargs}, env={}) == CONVERSATION_TTL_SECONDS
    assert TTLInMemoryTrackerStore(Domain.empty(), **endpoints.kwargs).ttl_seconds == CONVERSATION_TTL_SECONDS
