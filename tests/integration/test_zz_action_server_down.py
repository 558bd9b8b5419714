"""A stopped action server mid-conversation: a French answer within 15 s, /healthz 503.

Named to run last: it stops the action server, then starts it again.
"""

import subprocess
import time

from bot.paths import ROOT
from tests.integration.conftest import Client, texts


def test_conversation_survives_a_stopped_action_server(stack, client):
    client.say("je cherche un lieu d'accueil")
    stack.stop("actions")
    try:
        started = time.monotonic()
        answer = client.say("22300")
        elapsed = time.monotonic() - started
        assert elapsed < 15, elapsed
        reply = texts(answer)
        assert answer["messages"] and reply.strip()
        # the degraded answer (a person to reach), never a list of places nobody could compute
        assert "39 49" in reply and "mon-cep.org" in reply, reply
        assert " km" not in reply, reply
        # the crisis answer is said by Rasa itself (domain responses, data/rules/distress.yml): it needs no action server
        crisis = Client(client.base).say("j'ai envie de mourir")
        assert "3114" in crisis["messages"][0]["text"], crisis
        # /healthz reuses a probe for BOT_HEALTH_CACHE_SECONDS (3 s): it says so within that time
        deadline = time.monotonic() + 10
        status, _ = client.request("GET", "/healthz")
        while status != 503 and time.monotonic() < deadline:
            time.sleep(0.5)
            status, _ = client.request("GET", "/healthz")
        assert status == 503
    finally:
        env = stack.env()
        stack.processes["actions"] = subprocess.Popen(
            stack.commands()["actions"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        stack.wait_ready(timeout=120)
    status, _ = client.request("GET", "/healthz")
    assert status == 200
