"""Abuse through the real stack (issue #8): a flooding client does not slow visitors down, and a
long conversation keeps a flat cost per turn."""

from __future__ import annotations

import socket
import statistics
import subprocess
import time

import pytest

from bench.abuse import VISITOR_SCRIPT, flood
from bot.paths import ROOT, WEB_VENV, venv_bin
from bot.supervisor import http_ok
from tests.integration.conftest import PORTS, Client, texts


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def default_front(stack, log_dir):
    """A second web front with the DEFAULT limits, in front of the shared Rasa, trusting 127.0.0.1
    as a reverse proxy so that each simulated visitor counts as its own client."""
    port = _free_port()
    env = stack.env()
    env.update(BOT_WEB_PORT=str(port), BOT_TRUSTED_PROXIES="127.0.0.1")
    for name in list(env):
        if name.startswith(("BOT_RATE_", "BOT_CLIENT_")):
            del env[name]  # defaults, not the harness's wide limits
    with open(log_dir / "web-default-limits.log", "ab") as out:
        proc = subprocess.Popen(
            [str(venv_bin(WEB_VENV, "python")), "-m", "bot.web"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while not http_ok(base + "/healthz"):
            assert proc.poll() is None, "the second web front stopped during start-up"
            assert time.monotonic() < deadline, "the second web front did not start"
            time.sleep(0.5)
        warm = Client(base, forwarded_for="192.0.2.200")  # a cold Rasa is not what is measured
        for message in VISITOR_SCRIPT:
            warm.say(message)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.mark.parametrize("shared_address", [False, True], ids=["own-addresses", "same-address"])
def test_flooding_client_does_not_slow_visitors(default_front, shared_address):
    """One client sends costly messages for 20 s while 5 visitors chat, from addresses of their own
    or from the flooder's very address: no visitor gets the degraded answer or a refusal and their
    p95 stays under 2 s (the flooding client gets 429s)."""
    result = flood(default_front, seconds=20.0, visitors=5, connections=4, shared_address=shared_address)
    visitors, flooder = result["visitors"], result["flooding_client"]
    print(result)  # shown with pytest -rA
    assert visitors["requests"] >= 5 * 5, result
    assert visitors["degraded"] == 0, result
    assert visitors["errors_5xx_or_transport"] == 0, result
    assert set(visitors["statuses"]) == {"200"}, result  # no visitor is refused
    assert visitors["p95_s"] < 2.0, result
    assert flooder["statuses"].get("429", 0) > 0, result  # the flooding client is held back


def test_long_session_keeps_a_flat_turn_cost(stack):
    """150 turns back to back in one session: a turn near the end costs about what an early
    one does (the front starts a new session after its cap, and says so)."""
    client = Client(f"http://127.0.0.1:{PORTS.web}")
    timings: list[float] = []
    sessions = set()
    told = 0
    for turn in range(150):
        started = time.monotonic()
        answer = client.say(VISITOR_SCRIPT[turn % len(VISITOR_SCRIPT)])
        timings.append(time.monotonic() - started)
        assert not answer["degraded"], turn
        sessions.add(answer["session_id"])
        told += "conversation est devenue longue" in texts(answer)
    early = statistics.median(timings[2:12])
    late = statistics.median(timings[-10:])
    print(f"median turn: early {early:.3f} s, turns 141-150 {late:.3f} s, sessions {len(sessions)}")
    assert late < max(3 * early, early + 0.15), (early, late)
    assert len(sessions) >= 2 and told == len(sessions) - 1  # capped, and the visitor was told
