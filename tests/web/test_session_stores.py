"""The same tests against both session stores of the front: in memory (default) and Redis (REDIS_URL).

The Redis one runs against a real redis-server on a spare port; without redis-server these tests
skip locally and fail in CI (CI=true).
"""

from __future__ import annotations

import asyncio
import math
from typing import AsyncIterator, Iterator

import pytest
import pytest_asyncio

from bot.web.sessions import MemorySessions, SessionStore, SessionStoreUnavailable, is_uuid4
from tests.redis_server import RedisServer

pytestmark = pytest.mark.asyncio

PAYLOAD = '/inform{"location":"Saint-Brieuc"}'  # free text: only valid as a button of the session


@pytest.fixture(scope="module")
def redis_server() -> Iterator[RedisServer]:
    with RedisServer() as server:
        yield server


def _make(kind: str, request: pytest.FixtureRequest, **options):
    if kind == "memory":
        return MemorySessions(SessionStore(**options))
    from bot.web.redis_sessions import RedisSessions

    server = request.getfixturevalue("redis_server")
    return RedisSessions(server.url, prefix=f"t{id(options)}:", **options)


@pytest.fixture(params=["memory", "redis"])
def kind(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest_asyncio.fixture
async def make(kind: str, request: pytest.FixtureRequest) -> AsyncIterator:
    made = []

    def factory(**options):
        store = _make(kind, request, **options)
        made.append(store)
        return store

    yield factory
    for store in made:
        await store.close()


async def test_new_and_known_sessions(make) -> None:
    store = make(ttl=60)
    assert not await store.known(None)
    assert not await store.known("5b8e1c9a-2f4b-4d7e-9a3c-1e2f3a4b5c6d")
    sid = await store.resolve(None)
    assert is_uuid4(sid)
    assert await store.known(sid)
    assert await store.resolve(sid) == sid
    # an id the server never issued is replaced
    other = await store.resolve("5b8e1c9a-2f4b-4d7e-9a3c-1e2f3a4b5c6d")
    assert other != "5b8e1c9a-2f4b-4d7e-9a3c-1e2f3a4b5c6d" and await store.known(other)


async def test_payloads_allowed_only_in_their_session(make) -> None:
    store = make(ttl=60, max_payloads=2)
    sid = await store.resolve(None)
    other = await store.resolve(None)
    assert not await store.allows(sid, PAYLOAD)
    await store.remember_payloads(sid, [PAYLOAD])
    assert await store.allows(sid, PAYLOAD)
    assert not await store.allows(other, PAYLOAD)
    assert not await store.allows("", PAYLOAD)
    # fixed patterns are accepted anywhere, free text never
    assert await store.allows("", "/greet")
    assert await store.allows(other, '/inform{"postal_code":"22000"}')
    # only the newest max_payloads are kept
    await store.remember_payloads(sid, ["/a1", "/a2"])
    assert not await store.allows(sid, PAYLOAD)
    assert await store.allows(sid, "/a1") and await store.allows(sid, "/a2")


async def test_turns_and_renew(make) -> None:
    store = make(ttl=60)
    sid = await store.resolve(None)
    assert await store.turns(sid) == 0
    await store.count_turn(sid)
    await store.count_turn(sid)
    assert await store.turns(sid) == 2
    await store.remember_payloads(sid, [PAYLOAD])
    new = await store.renew(sid)
    assert new != sid and await store.known(new) and not await store.known(sid)
    assert await store.turns(new) == 0
    assert not await store.allows(new, PAYLOAD)


async def test_rate_budget_per_session_kept_across_renew(make) -> None:
    store = make(ttl=60, rate_per_minute=6, rate_burst=2)
    sid = await store.resolve(None)
    assert await store.take_turn(sid) == 0
    assert await store.take_turn(sid) == 0
    wait = await store.take_turn(sid)
    assert 0 < wait <= 10.5
    assert await store.take_turn(sid, 3) == math.inf  # dearer than the whole burst
    renewed = await store.renew(sid)
    assert await store.take_turn(renewed) > 0  # no free burst by starting afresh
    other = await store.resolve(None)
    assert await store.take_turn(other) == 0


async def test_concurrent_turns_are_all_counted(make) -> None:
    store = make(ttl=60, rate_per_minute=60, rate_burst=5)
    sid = await store.resolve(None)
    waits = await asyncio.gather(*(store.take_turn(sid) for _ in range(8)))
    assert sum(1 for w in waits if w == 0) == 5
    await asyncio.gather(*(store.count_turn(sid) for _ in range(8)))
    assert await store.turns(sid) == 8


async def test_sessions_expire_after_ttl(make) -> None:
    store = make(ttl=1)
    sid = await store.resolve(None)
    await store.remember_payloads(sid, [PAYLOAD])
    await asyncio.sleep(2.2)
    assert not await store.known(sid)
    assert not await store.allows(sid, PAYLOAD)
    assert await store.resolve(sid) != sid


async def test_ping(make) -> None:
    assert await make(ttl=60).ping()


async def test_redis_down_raises_store_unavailable() -> None:
    from tests.redis_server import spare_port

    from bot.web.redis_sessions import RedisSessions

    store = RedisSessions(f"redis://127.0.0.1:{spare_port()}/0", socket_timeout=0.5)
    try:
        assert not await store.ping()
        with pytest.raises(SessionStoreUnavailable):
            await store.resolve(None)
        with pytest.raises(SessionStoreUnavailable):
            await store.allows("5b8e1c9a-2f4b-4d7e-9a3c-1e2f3a4b5c6d", PAYLOAD)
    finally:
        await store.close()


async def test_redis_keys_expire_and_hold_no_text(redis_server: RedisServer) -> None:
    from bot.web.redis_sessions import RedisSessions

    store = RedisSessions(redis_server.url, ttl=60, prefix="shape:")
    try:
        sid = await store.resolve(None)
        await store.remember_payloads(sid, ["/greet"])
        keys = sorted(k for k in redis_server.keys() if k.startswith("shape:"))
        assert keys == [f"shape:p:{sid}", f"shape:s:{sid}"]
        for key in keys:
            assert 0 < redis_server.reply("TTL", key) <= 60
    finally:
        await store.close()
