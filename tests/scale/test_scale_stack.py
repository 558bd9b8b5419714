"""Scale-out through the web front: 2 Rasa instances sharing Rasa's Redis tracker and lock stores.

The tests run in this order (the last one kills an instance).
"""

from __future__ import annotations

import json
import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bot.web.rasa_pool import RasaPool
from bot.web.text import MSG_DEGRADED
from tests.integration.conftest import Client
from tests.redis_server import RedisServer

from .conftest import PORTS, SCALE_TTL

BASE = f"http://127.0.0.1:{PORTS.web}"

#: synthetic identities (see tests/web/privacy_corpus.yml): none may reach Redis
PLANTED = [
    ("Bonjour, je m'appelle Julie Marchand et j'habite à Lannion (22300).", ["Julie", "Marchand"]),
    (
        "Rappelez-moi au 06 39 98 12 34 s'il vous plaît, j'habite à Paimpol",
        ["06 39 98 12 34", "0639981234", "39 98 12", "98 12 34"],
    ),
]

QUESTIONS = [
    "je cherche un emploi",
    "je voudrais changer de métier",
    "bonjour",
    "comment faire un bilan de compétences",
    "je cherche une formation",
    "merci",
    "qui peut m'aider",
    "je voudrais parler à un conseiller",
    "que pouvez-vous faire",
    "je veux créer mon entreprise",
]


def _tracker(redis_server: RedisServer, sender: str) -> dict:
    raw = redis_server.reply("GET", f"tracker:{sender}")
    assert raw, f"no tracker in Redis for {sender}"
    return json.loads(raw)


def _slot(tracker: dict, name: str):  # noqa: ANN202 - any slot value
    """Last value set for slot ``name`` in a stored tracker (Rasa keeps the events, not the state)."""
    value = None
    for event in tracker["events"]:
        if event["event"] == "slot" and event.get("name") == name:
            value = event.get("value")
    return value


def _keys_of(redis_server: RedisServer, sender: str) -> list[str]:
    return [key for key in redis_server.keys() if sender in key]


def test_twenty_concurrent_messages_of_one_conversation_are_served_in_turn(stack, redis_server, log_dir):
    client = Client(BASE)
    first = client.say("bonjour")
    assert not first["degraded"]
    sid = client.session_id
    texts = [QUESTIONS[i % len(QUESTIONS)] for i in range(20)]

    def send(text: str) -> dict:
        visitor = Client(BASE)
        visitor.session_id = sid
        return visitor.say(text)

    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(send, texts))
    assert all(a["session_id"] == sid for a in answers)
    assert [a for a in answers if a["degraded"] or not a["messages"]] == []

    # one turn at a time: each user message is followed by the bot's answer and action_listen
    # before the next user message (no interleaving)
    events = _tracker(redis_server, sid)["events"]
    users = [i for i, e in enumerate(events) if e["event"] == "user"]
    assert len(users) == 21
    for start, end in zip(users, users[1:] + [len(events)]):
        between = [e for e in events[start + 1 : end]]
        assert between and between[-1]["event"] == "action" and between[-1]["name"] == "action_listen", between
    logs = "\n".join(p.read_text(errors="ignore") for p in Path(log_dir).glob("rasa*.log"))
    assert "LockError" not in logs and "Could not acquire lock" not in logs


def test_no_identity_reaches_redis(stack, redis_server):
    client = Client(BASE)
    for text, _ in PLANTED:
        answer = client.say(text)
        assert not answer["degraded"]
    dump = redis_server.dump_values()
    assert f"tracker:{client.session_id}" in dump  # the conversation is there…
    for _, secrets in PLANTED:
        for secret in secrets:  # …without the identity
            assert secret not in dump
            assert secret.replace(" ", "") not in dump.replace(" ", "")


def test_conversation_keys_expire_with_the_ttl(stack, redis_server):
    client = Client(BASE)
    client.say("je cherche un emploi")
    sid = client.session_id
    keys = _keys_of(redis_server, sid)
    assert f"tracker:{sid}" in keys and f"web:s:{sid}" in keys
    for key in keys:
        assert 0 < redis_server.reply("TTL", key) <= SCALE_TTL
    deadline = time.monotonic() + SCALE_TTL + 5
    while _keys_of(redis_server, sid) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert _keys_of(redis_server, sid) == []


def _healthz(client: Client) -> tuple[int, dict]:
    status, raw = client.request("GET", "/healthz")
    return status, json.loads(raw)


def _wait_for(predicate, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


def test_redis_down_gives_the_fallback_and_recovers(stack, redis_server):
    client = Client(BASE)
    assert not client.say("bonjour")["degraded"]
    redis_server.stop()
    try:
        answer = client.say("je cherche un emploi")
        assert answer["degraded"] is True
        assert answer["messages"][-1]["text"] == MSG_DEGRADED
        assert _wait_for(lambda: _healthz(client)[0] == 503, 15)
        status, body = _healthz(client)
        assert "redis" in body["failed"]
    finally:
        redis_server.start()
    assert _wait_for(lambda: _healthz(client)[0] == 200, 30)
    visitor = Client(BASE)
    assert _wait_for(lambda: not visitor.say("bonjour")["degraded"], 30)


def test_conversation_goes_on_when_its_instance_is_killed(stack, redis_server):
    client = Client(BASE)
    client.say("bonjour")
    client.click('/inform{"profile":"etudiant"}')
    sid = client.session_id
    before = _tracker(redis_server, sid)
    assert _slot(before, "profile") == "etudiant"
    served_by = RasaPool(stack.rasa_urls).order(sid)[0]
    name = stack.rasa_names[stack.rasa_urls.index(served_by)]
    process = stack.processes[name]
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)

    answer = client.say("je cherche une formation")
    assert not answer["degraded"] and answer["session_id"] == sid
    after = _tracker(redis_server, sid)
    assert _slot(after, "profile") == "etudiant"
    # the other instance went on with the stored conversation: no second session start
    assert sum(e["event"] == "session_started" for e in after["events"]) == 1
    assert len([e for e in after["events"] if e["event"] == "user"]) == 3
    assert _wait_for(lambda: _healthz(client)[1].get("rasa_instances", {}).get("up") == 1, 15)
    assert _healthz(client)[0] == 200
