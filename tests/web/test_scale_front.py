"""Several Rasa servers and several fronts: the pool, shared sessions in Redis, Redis down.

Fake Rasa servers; a real redis-server on a spare port (skipped locally without it, failed in CI).
"""

from __future__ import annotations

import dataclasses
from typing import Iterator

import pytest

from bot.web import create_app
from bot.web.rasa_pool import RasaPool
from bot.web.text import MSG_DEGRADED
from tests.redis_server import RedisServer, spare_port

from .conftest import FakeRasa

SID = "5b8e1c9a-2f4b-4d7e-9a3c-1e2f3a4b5c6d"


@pytest.fixture(scope="module")
def redis_server() -> Iterator[RedisServer]:
    with RedisServer() as server:
        yield server


def test_pool_order_is_stable_and_spreads() -> None:
    urls = [f"http://127.0.0.1:{port}" for port in (5005, 5006, 5007)]
    pool = RasaPool(urls)
    assert pool.order(SID) == RasaPool(list(reversed(urls))).order(SID)
    firsts = {pool.order(f"{i:08d}-0000-4000-8000-000000000000")[0] for i in range(60)}
    assert firsts == set(urls)
    # losing a server moves only its conversations
    smaller = RasaPool(urls[:2])
    for i in range(60):
        sid = f"{i:08d}-0000-4000-8000-000000000000"
        if pool.order(sid)[0] != urls[2]:
            assert smaller.order(sid)[0] == pool.order(sid)[0]


def test_pool_puts_a_down_server_last_for_a_while() -> None:
    now = [0.0]
    pool = RasaPool(["http://a", "http://b"], down_seconds=5, clock=lambda: now[0])
    first = pool.order(SID)[0]
    pool.mark_down(first)
    assert pool.order(SID)[0] != first and pool.order(SID)[-1] == first
    now[0] = 6
    assert pool.order(SID)[0] == first


@pytest.mark.asyncio
async def test_front_moves_on_when_a_rasa_server_is_down(
    aiohttp_server, make_client, settings, privacy_stub, referral_stub
) -> None:
    fake = FakeRasa()
    alive = await aiohttp_server(fake.app())
    dead_url = f"http://127.0.0.1:{spare_port(16900, 16999)}"
    alive_url = str(alive.make_url("")).rstrip("/")
    multi = dataclasses.replace(settings, rasa_urls=(dead_url, alive_url))
    client = await make_client(create_app(multi, privacy_filter=privacy_stub, referral=referral_stub))
    for _ in range(3):
        resp = await client.post("/api/chat", json={"message": "bonjour"})
        answer = await resp.json()
        assert resp.status == 200 and not answer["degraded"], answer
    assert len(fake.received) == 3
    health = await (await client.get("/healthz")).json()
    assert health["status"] == "ok" and health["rasa_instances"] == {"up": 1, "total": 2}


@pytest.mark.asyncio
async def test_two_fronts_share_sessions_and_buttons_through_redis(
    redis_server, make_client, settings, privacy_stub, referral_stub, fake_rasa
) -> None:
    shared = dataclasses.replace(settings, redis_url=redis_server.url, redis_prefix="fronts:")
    one = await make_client(create_app(shared, privacy_filter=privacy_stub, referral=referral_stub))
    two = await make_client(create_app(shared, privacy_filter=privacy_stub, referral=referral_stub))
    first = await (await one.post("/api/chat", json={"message": "bonjour"})).json()
    sid = first["session_id"]
    payload = "/choose_special_option"  # not a fixed pattern: only valid as a button of this session
    assert any(b["payload"] == payload for m in first["messages"] for b in m["buttons"])
    resp = await two.post("/api/chat", json={"payload": payload, "session_id": sid})
    answer = await resp.json()
    assert resp.status == 200 and answer["session_id"] == sid, answer
    assert [r["sender"] for r in fake_rasa.received] == [sid, sid]
    health = await (await two.get("/healthz")).json()
    assert health == {"status": "ok"}


@pytest.mark.asyncio
async def test_redis_down_gives_the_french_fallback_and_healthz_says_so(
    make_client, settings, privacy_stub, referral_stub, fake_rasa
) -> None:
    down = dataclasses.replace(settings, redis_url=f"redis://127.0.0.1:{spare_port()}/0")
    client = await make_client(create_app(down, privacy_filter=privacy_stub, referral=referral_stub))
    resp = await client.post("/api/chat", json={"message": "bonjour"})
    answer = await resp.json()
    assert resp.status == 200 and answer["degraded"] is True
    assert answer["messages"][0]["text"] == MSG_DEGRADED
    assert fake_rasa.received == []
    resp = await client.get("/healthz")
    assert resp.status == 503 and "redis" in (await resp.json())["failed"]


@pytest.mark.asyncio
async def test_messages_of_one_session_reach_rasa_one_at_a_time(
    aiohttp_server, make_client, settings, privacy_stub, referral_stub
) -> None:
    import asyncio

    from aiohttp import web

    state = {"now": 0, "most": 0, "seen": []}

    async def webhook(request: web.Request) -> web.Response:
        body = await request.json()
        state["now"] += 1
        state["most"] = max(state["most"], state["now"])
        await asyncio.sleep(0.05)
        state["now"] -= 1
        state["seen"].append(body["message"])
        return web.json_response([{"recipient_id": body["sender"], "text": "Réponse"}])

    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", webhook)
    rasa = await aiohttp_server(app)
    one = dataclasses.replace(settings, rasa_url=str(rasa.make_url("")).rstrip("/"), rasa_urls=())
    front = create_app(one, privacy_filter=privacy_stub, referral=referral_stub)
    client = await make_client(front)
    sid = (await (await client.post("/api/chat", json={"message": "bonjour"})).json())["session_id"]

    async def send(i: int) -> tuple[int, dict]:
        resp = await client.post("/api/chat", json={"message": f"question {i}", "session_id": sid})
        return resp.status, await resp.json()

    replies = await asyncio.gather(*(send(i) for i in range(8)))
    assert all(status == 200 and not body["degraded"] for status, body in replies)
    assert state["most"] == 1 and len(state["seen"]) == 9
    from bot.web.keys import RASA_POOL

    assert front[RASA_POOL].waiting(sid) == 0  # nothing left behind


def test_missing_redis_server_fails_in_ci_and_skips_elsewhere(monkeypatch) -> None:
    import tests.redis_server as rs

    monkeypatch.setattr(rs.shutil, "which", lambda name: None)
    monkeypatch.setattr(rs.os.path, "exists", lambda path: False)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        rs.redis_server_binary()
    monkeypatch.setenv("CI", "")
    with pytest.raises(pytest.skip.Exception):
        rs.redis_server_binary()
