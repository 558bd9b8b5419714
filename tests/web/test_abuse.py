"""Web front under abuse (issue #8 items 3, 4, 5, 8): bounded filter cost, the privacy pool,
rate limits, session flood, turn cap, liveness and a readiness probe that says "busy"."""

from __future__ import annotations

import asyncio
import logging
import os
import random
import time

import pytest
import pytest_asyncio
from aiohttp import web

from bench.abuse_messages import costly_message, synthetic_name
from bot.web import Settings, create_app
from bot.web.limits import MSG_RATE_LIMITED, ClientLimiter
from bot.web.privacy_runner import ProcessPoolRunner
from bot.web.text import MSG_EMPTY, MSG_NEW_SESSION

from .conftest import StubPrivacyFilter
from .test_app import assert_chat_shape, assert_error_shape, post_chat

pytestmark = pytest.mark.asyncio

#: limits high enough that only the behaviour under test can refuse a request
NO_LIMITS = dict(
    rate_client_per_minute=60_000,
    rate_client_burst=10_000,
    client_max_in_flight=1000,
    rate_session_per_minute=60_000,
    rate_session_burst=10_000,
)


def _settings(settings: Settings, **changes) -> Settings:
    values = {name: getattr(settings, name) for name in settings.__dataclass_fields__}
    values.update(changes)
    return Settings(**values)


@pytest.fixture
def make_app(make_client, settings, privacy_stub, referral_stub):
    """Client of an app with the stubs and some settings changed."""

    async def make(**changes):
        return await make_client(
            create_app(_settings(settings, **changes), privacy_filter=privacy_stub, referral=referral_stub)
        )

    return make


# --------------------------------------------------------------------------- item 3: filter cost


@pytest.mark.real_privacy
async def test_place_lookup_does_not_resolve_names_that_are_not_place_names(monkeypatch):
    """A candidate that is no exact place name costs no gazetteer resolution (fuzzy: ~10 ms each)."""
    from knowledge import gazetteer

    from bot.web.privacy.filter import gazetteer_place_lookup

    calls = []
    real_resolve = gazetteer.resolve
    monkeypatch.setattr(gazetteer, "resolve", lambda q: calls.append(q) or real_resolve(q))
    lookup = gazetteer_place_lookup()
    assert lookup is not None
    calls.clear()
    rng = random.Random(8)
    names = [synthetic_name(rng) for _ in range(60)]
    assert not any(lookup(name) for name in names)
    assert calls == []
    for place in ("Rennes", "Lannion", "Finistère", "Bretagne", "Côtes-d'Armor", "Saint-Brieuc"):
        assert lookup(place), place


@pytest.mark.real_privacy
async def test_costly_message_is_cheap_for_the_real_filter():
    """1,000 characters full of name triggers and fresh names: well under the 0.3-0.5 s it cost."""
    from bot.web.privacy import PrivacyFilter

    privacy = PrivacyFilter()
    rng = random.Random(3)
    privacy.redact(costly_message(rng))  # warm-up
    timings = []
    for _ in range(3):
        message = costly_message(rng)
        started = time.perf_counter()
        result = privacy.redact(message)
        timings.append(time.perf_counter() - started)
        assert "<NOM>" in result.text
    assert min(timings) < 0.25, timings


# --------------------------------------------------------------------------- item 3: the pool


class SpinningFilter:
    """Stand-in filter for worker processes: CPU-bound for texts with "LENT", crashes on "CRASH"."""

    def redact(self, text: str):
        if "CRASH" in text:
            os._exit(3)
        if "LENT" in text:
            end = time.perf_counter() + 1.5
            while time.perf_counter() < end:
                pass
        return StubPrivacyFilter().redact(f"{text} pid={os.getpid()}")


def spinning_filter_factory() -> SpinningFilter:
    """Picklable factory (runs in each worker)."""
    return SpinningFilter()


async def test_privacy_runs_in_worker_processes_and_slow_message_does_not_block_others(
    make_client, settings, fake_rasa, referral_stub
):
    runner = ProcessPoolRunner(spinning_filter_factory, workers=2)
    app = create_app(
        _settings(settings, privacy_timeout=3.0, **NO_LIMITS), referral=referral_stub, privacy_runner=runner
    )
    client = await make_client(app)
    slow = asyncio.ensure_future(post_chat(client, {"message": "un message LENT"}))
    await asyncio.sleep(0.2)
    started = time.monotonic()
    fast = [await post_chat(client, {"message": f"bonjour {i}"}) for i in range(5)]
    assert time.monotonic() - started < 1.0  # the other worker answered; nobody queued behind
    assert all(resp.status == 200 for resp in fast)
    assert (await slow).status == 200
    pids = {m["message"].rsplit("pid=", 1)[1] for m in fake_rasa.received}
    assert str(os.getpid()) not in pids  # redaction never runs in the front's process


async def test_crashed_privacy_worker_fails_closed_then_recovers(make_client, settings, fake_rasa, referral_stub):
    runner = ProcessPoolRunner(spinning_filter_factory, workers=2)
    client = await make_client(
        create_app(_settings(settings, privacy_timeout=3.0, **NO_LIMITS), referral=referral_stub, privacy_runner=runner)
    )
    data = await (await post_chat(client, {"message": "CRASH"})).json()
    assert_chat_shape(data, degraded=True)
    assert fake_rasa.received == []  # fail closed
    for _ in range(100):  # the pool is replaced in the background
        await asyncio.sleep(0.2)
        data = await (await post_chat(client, {"message": "bonjour"})).json()
        if not data["degraded"]:
            break
    assert data["degraded"] is False
    assert fake_rasa.received and "CRASH" not in fake_rasa.received[-1]["message"]


# --------------------------------------------------------------------------- item 3: rate limits


async def test_client_flood_gets_429_in_french_with_retry_after(make_app, fake_rasa, caplog):
    caplog.set_level(logging.DEBUG)
    client = await make_app(
        rate_client_per_minute=6, rate_client_burst=5, rate_session_per_minute=60_000, rate_session_burst=10_000
    )
    statuses = []
    for i in range(8):
        resp = await post_chat(client, {"message": f"question {i}"})
        statuses.append(resp.status)
        if resp.status == 429:
            data = await resp.json()
            assert_error_shape(data)
            assert data["error"] == MSG_RATE_LIMITED
            assert int(resp.headers["Retry-After"]) >= 1
    assert statuses == [200] * 5 + [429] * 3
    assert len(fake_rasa.received) == 5
    front = [r for r in caplog.records if not r.pathname.endswith("web_log.py")]  # not the fakes' logs
    assert front and not any("127.0.0.1" in r.getMessage() for r in front)  # no address logged


async def test_long_messages_cost_their_client_more(make_app, fake_rasa):
    """1,000-character messages that open new conversations spend five long-text tokens each: with a
    long-text burst of 10 they pass twice, then 429, while a short question from another client, or
    from the same address, still passes."""
    client = await make_app(
        trusted_proxies=("127.0.0.1",),
        rate_long_text_burst=10,
        rate_session_per_minute=60_000,
        rate_session_burst=10_000,
    )
    flood = {"Content-Type": "application/json", "X-Forwarded-For": "203.0.113.66"}
    rng = random.Random(5)
    statuses = [(await post_chat(client, {"message": costly_message(rng)}, headers=flood)).status for _ in range(4)]
    assert statuses == [200, 200, 429, 429]
    visitor = {"Content-Type": "application/json", "X-Forwarded-For": "192.0.2.10"}
    assert (await post_chat(client, {"message": "Bonjour"}, headers=visitor)).status == 200
    # a neighbour behind the flooder's own address opens a conversation with a short question
    assert (await post_chat(client, {"message": "Bonjour"}, headers=flood)).status == 200


async def test_visitors_sharing_an_address_with_a_flooder_keep_their_conversation(make_app, fake_rasa):
    """Messages of a live conversation spend that session's budget, not the address's: a visitor
    behind the same address as a client flooding new conversations is not refused."""
    client = await make_app(
        rate_client_per_minute=6, rate_client_burst=3, rate_session_per_minute=60_000, rate_session_burst=10_000
    )
    first = await post_chat(client, {"message": "Bonjour"})
    assert first.status == 200
    session_id = (await first.json())["session_id"]
    flood = [(await post_chat(client, {"message": f"question {i}"})).status for i in range(6)]
    assert flood.count(429) >= 4  # the address's budget is spent by new conversations
    for i in range(5):
        resp = await post_chat(client, {"message": f"ma question {i}", "session_id": session_id})
        assert resp.status == 200
        assert (await resp.json())["session_id"] == session_id


async def test_a_session_flooding_its_own_conversation_gets_429(make_app, fake_rasa):
    client = await make_app(rate_session_per_minute=6, rate_session_burst=3)
    first = await post_chat(client, {"message": "Bonjour"})
    session_id = (await first.json())["session_id"]
    statuses = [(await post_chat(client, {"message": f"q {i}", "session_id": session_id})).status for i in range(5)]
    assert statuses == [200, 200, 429, 429, 429]


async def test_forged_forwarded_for_does_not_reset_the_budget(make_app, fake_rasa):
    client = await make_app(
        rate_client_per_minute=6, rate_client_burst=3, rate_session_per_minute=60_000, rate_session_burst=10_000
    )
    statuses = []
    for i in range(6):
        resp = await post_chat(
            client,
            {"message": "bonjour"},
            headers={"Content-Type": "application/json", "X-Forwarded-For": f"192.0.2.{i}"},
        )
        statuses.append(resp.status)
    assert statuses == [200] * 3 + [429] * 3  # no trusted proxy: the header is ignored


async def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_budget(make_app, fake_rasa):
    client = await make_app(
        rate_client_per_minute=6,
        rate_client_burst=2,
        trusted_proxies=("127.0.0.1",),
        rate_session_per_minute=60_000,
        rate_session_burst=10_000,
    )

    async def send(address: str) -> int:
        headers = {"Content-Type": "application/json", "X-Forwarded-For": f"198.51.100.250, {address}"}
        return (await post_chat(client, {"message": "bonjour"}, headers=headers)).status

    assert [await send("192.0.2.1") for _ in range(3)] == [200, 200, 429]
    assert [await send("192.0.2.2") for _ in range(2)] == [200, 200]  # another visitor is not hit


async def test_session_flood_gets_429(make_app, fake_rasa):
    client = await make_app(
        rate_session_per_minute=6, rate_session_burst=3, rate_client_per_minute=60_000, rate_client_burst=10_000
    )
    first = await (await post_chat(client, {"message": "bonjour"})).json()
    sid = first["session_id"]
    statuses = [(await post_chat(client, {"message": "encore", "session_id": sid})).status for _ in range(4)]
    assert statuses == [200, 200, 429, 429]
    assert len(fake_rasa.received) == 3


async def test_client_in_flight_limit(make_app, fake_rasa):
    fake_rasa.mode = "hang"
    client = await make_app(
        client_max_in_flight=2,
        rasa_timeout=1.0,
        rate_client_per_minute=60_000,
        rate_client_burst=10_000,
        rate_session_per_minute=60_000,
        rate_session_burst=10_000,
    )
    responses = await asyncio.gather(*(post_chat(client, {"message": f"q{i}"}) for i in range(4)))
    assert sorted(r.status for r in responses) == [200, 200, 429, 429]


async def test_limiter_keeps_no_address_and_forgets_idle_clients():
    now = [0.0]
    limiter = ClientLimiter(per_minute=60, burst=2, max_in_flight=4, clock=lambda: now[0])
    key = limiter.key("192.0.2.7")
    assert b"192.0.2.7" not in key and len(key) == 16
    assert limiter.key("2001:db8::1") == limiter.key("2001:db8::ffff")  # same /64
    limiter.acquire(key)
    limiter.release(key)
    assert limiter.tracked == 1
    now[0] = 10.0  # bucket full again: nothing left to remember
    limiter.acquire(limiter.key("192.0.2.8"))
    assert limiter.tracked == 1


# --------------------------------------------------------------------------- item 4: session flood


@pytest.mark.parametrize("body", [{"message": ""}, {"message": "   "}, {"message": "x" * 1500}, {"message": "///"}])
async def test_invalid_or_empty_messages_create_no_session(make_app, fake_rasa, body):
    from bot.web.keys import SESSIONS

    client = await make_app(**NO_LIMITS)
    for _ in range(20):
        resp = await post_chat(client, body)
        assert resp.status == 200
        assert_chat_shape(await resp.json(), degraded=False)
    assert len(client.app[SESSIONS]) == 0


async def test_session_store_full_refuses_newcomers_and_keeps_visitors(make_app, fake_rasa):
    client = await make_app(max_sessions=3, **NO_LIMITS)
    visitor = (await (await post_chat(client, {"message": "bonjour"})).json())["session_id"]
    for _ in range(50):  # a flood of empty messages without session id
        assert (await post_chat(client, {"message": ""})).status == 200
    for _ in range(2):
        assert (await post_chat(client, {"message": "salut"})).status == 200
    resp = await post_chat(client, {"message": "nouveau visiteur"})
    assert resp.status == 503
    data = await resp.json()
    assert_error_shape(data)
    assert "Réessayez" in data["error"] and "Retry-After" in resp.headers
    data = await (await post_chat(client, {"message": "je suis toujours là", "session_id": visitor})).json()
    assert data["session_id"] == visitor  # never evicted for a newcomer
    empty = await (await post_chat(client, {"message": " ", "session_id": visitor})).json()
    assert empty["session_id"] == visitor and empty["messages"][0]["text"] == MSG_EMPTY


# --------------------------------------------------------------------------- item 5: turn cap


async def test_long_conversation_starts_a_new_session_and_says_so(make_app, fake_rasa):
    client = await make_app(max_turns_per_session=3, **NO_LIMITS)
    sid = None
    answers = []
    for i in range(7):
        body = {"message": f"tour {i}"} | ({"session_id": sid} if sid else {})
        data = await (await post_chat(client, body)).json()
        answers.append(data)
        sid = data["session_id"]
    senders = [m["sender"] for m in fake_rasa.received]
    assert senders[0] == senders[1] == senders[2] != senders[3]
    assert senders[3] == senders[4] == senders[5] != senders[6]
    assert answers[3]["messages"][0]["text"] == MSG_NEW_SESSION
    assert answers[3]["session_id"] == senders[3]
    assert all(MSG_NEW_SESSION not in m["text"] for a in answers[:3] + answers[4:6] for m in a["messages"])


# --------------------------------------------------------------------------- item 8: health


class SlowBackend:
    """Rasa's and the action server's health routes, answering after ``delay`` s; counts probes."""

    def __init__(self) -> None:
        self.delay = 0.0
        self.up = True
        self.hits = 0

    def app(self) -> web.Application:
        async def health(request: web.Request) -> web.Response:
            self.hits += 1
            await asyncio.sleep(self.delay)
            return web.json_response({"status": "ok"}, status=200 if self.up else 500)

        app = web.Application()
        app.router.add_get("/webhooks/rest/", health)
        app.router.add_get("/health", health)
        return app


@pytest_asyncio.fixture
async def slow_backend_client(aiohttp_server, make_client, privacy_stub, referral_stub):
    backend = SlowBackend()
    server = await aiohttp_server(backend.app())
    base = str(server.make_url("")).rstrip("/")
    settings = Settings(rasa_url=base, action_url=base, **NO_LIMITS)  # default health timings
    client = await make_client(create_app(settings, privacy_filter=privacy_stub, referral=referral_stub))
    return backend, client


async def test_busy_rasa_is_busy_not_down(slow_backend_client):
    backend, client = slow_backend_client
    backend.delay = 2.5  # slower than the old 2 s probe, still answering
    resp = await client.get("/healthz")
    assert resp.status == 200
    assert await resp.json() == {"status": "busy", "busy": ["rasa", "action_server"]}


async def test_health_probe_is_shared_and_cached(slow_backend_client):
    backend, client = slow_backend_client
    backend.delay = 0.3
    responses = await asyncio.gather(*(client.get("/healthz") for _ in range(10)))
    assert all(r.status == 200 for r in responses)
    assert backend.hits == 2  # one probe round (Rasa + action server) for ten callers
    await client.get("/healthz")
    assert backend.hits == 2  # cached


async def test_livez_answers_when_dependencies_are_down(slow_backend_client):
    backend, client = slow_backend_client
    backend.up = False
    assert (await client.get("/healthz")).status == 503
    resp = await client.get("/livez")
    assert resp.status == 200 and (await resp.json()) == {"status": "alive"}


def test_forwarded_address_that_is_not_utf8_still_gets_a_bucket():
    """A forwarded hop with non-UTF-8 bytes arrives as surrogate escapes (aiohttp): hashing it must not raise."""
    limiter = ClientLimiter(60, 10, 4)
    assert limiter.key("\udcff\udcfe") != limiter.key("203.0.113.9")
