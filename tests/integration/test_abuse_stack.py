"""Abuse through the real stack (issue #8 items 1, 2, 6, 7, 9): look-alike command prefixes,
forged button payloads, malformed HTTP in the logs, bad bodies, visitor URLs, Server header.
Identities are synthetic."""

from __future__ import annotations

import gzip
import json
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.integration.conftest import PORTS, Client, buttons, texts

JSON = {"Content-Type": "application/json"}
NAME = "Ysolde Quarantelli"  # invented
PHONE = "06 39 98 12 34"  # ARCEP range reserved for fiction
PEER = "127.0.0.77"  # the malformed requests come from this loopback address


def _fresh(stack) -> Client:
    return Client(f"http://127.0.0.1:{PORTS.web}")


def _rasa_direct(sender: str, text: str) -> list:
    """Straight to Rasa's REST channel (what the front must never let a visitor do)."""
    req = urllib.request.Request(
        f"http://127.0.0.1:{PORTS.rasa}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": text}).encode(),
        headers=JSON,
    )
    with urllib.request.urlopen(req, timeout=30) as resp:  # noqa: S310 - loopback
        return json.loads(resp.read())


def _place_known(client: Client) -> None:
    client.say("je cherche un lieu d'accueil")
    assert "Lannion" in texts(client.say("22300"))


def _asks_for_place(answer: dict) -> bool:
    return "code postal" in texts(answer) and "km" not in texts(answer)


# --------------------------------------------------------------------------- item 1


@pytest.mark.parametrize("slash", ["\uff0f", "\u2044", "\u2215", "\u29f8", "\u2571", " \uff0f"])
def test_look_alike_restart_keeps_the_conversation(stack, slash):
    client = _fresh(stack)
    _place_known(client)
    client.say(f"{slash}restart")
    client.say(f"{slash}session_start")
    after = client.click("/find_access_point")  # a fixed, harmless button
    assert not _asks_for_place(after), texts(after)
    assert "km" in texts(after)


def test_control_a_real_restart_forgets_the_place(stack):
    """Proves the check above can fail: a real "/restart" (sent straight to Rasa) forgets."""
    client = _fresh(stack)
    _place_known(client)
    _rasa_direct(client.session_id, "/restart")
    after = client.click("/find_access_point")
    assert _asks_for_place(after), texts(after)


@pytest.mark.parametrize("command", ["restart", "session_start", 'inform{"profile":"cadre"}', "ask_cpf@0.01"])
def test_look_alike_command_answered_exactly_like_the_ascii_one(stack, command):
    ascii_answer = _fresh(stack).say("/" + command)
    for slash in ("\uff0f", "\u2215", "\u30ce"):
        answer = _fresh(stack).say(slash + command)
        assert texts(answer) == texts(ascii_answer), (slash, texts(answer))
        assert buttons(answer) == buttons(ascii_answer)


def test_control_the_command_itself_answers_otherwise(stack):
    """The typed text and the command really differ, so the equality above is meaningful."""
    typed = texts(_fresh(stack).say('/inform{"profile":"cadre"}'))
    command = "\n".join(m.get("text") or "" for m in _rasa_direct("control-sender", '/inform{"profile":"cadre"}'))
    assert typed != command


# --------------------------------------------------------------------------- item 2


def test_forged_location_payload_is_refused_and_never_logged(stack, log_dir):
    client = _fresh(stack)
    client.say("je cherche un lieu d'accueil")
    for location in (f"{NAME} {PHONE}", NAME, "Saint-Denis (93)"):
        body = {"payload": f'/inform{{"location":"{location}"}}', "session_id": client.session_id}
        status, raw = client.request("POST", "/api/chat", json.dumps(body).encode(), JSON)
        assert status == 400, raw[:200]
        assert NAME not in raw.decode("utf-8")
    time.sleep(0.5)
    for path in Path(log_dir).iterdir():
        content = path.read_text(encoding="utf-8", errors="ignore")
        assert "Quarantelli" not in content and PHONE not in content, path.name


def test_offered_location_payload_still_works(stack):
    client = _fresh(stack)
    answer = client.say("un lieu d'accueil à Saint-Denis")
    chosen = next(b for b in buttons(answer) if "93" in b["title"])
    assert "km" in texts(client.click(chosen["payload"]))


# --------------------------------------------------------------------------- item 6


MALFORMED = [
    f"GET /api/access-points?q={NAME} HTTP/1.1\r\nHost: x\r\n\r\n",
    f"GET /api/access-points?q={NAME.replace(' ', '+')} HTTP/1.1\r\nBad Header: {NAME}\r\n\r\n",
    f"GET /api/access-points?q={NAME.replace(' ', '%20')} HTTP/7.3\r\n\r\n",
    f"\x16\x03\x01 {NAME}\r\n\r\n",
    "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n" + f"POST /api/chat?q={NAME} HTTP/1.1\r\n\r\n",
    "POST /api/chat?q=Quarantelli HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz;Quarantelli\r\n",
]


def _raw_exchange(data: bytes, timeout: float = 10) -> bytes:
    with socket.create_connection(("127.0.0.1", PORTS.web), timeout=timeout, source_address=(PEER, 0)) as sock:
        sock.sendall(data)
        chunks = []
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        except socket.timeout:
            pass
    return b"".join(chunks)


def test_malformed_requests_leave_no_name_or_address_in_any_log(stack, log_dir):
    for request in MALFORMED:
        answer = _raw_exchange(request.encode())
        assert not answer.startswith(b"HTTP/1.1 5"), answer[:100]
    _raw_exchange(b"GET /api/access-points?q=Quarantelli HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    time.sleep(1)
    logs = list(Path(log_dir).iterdir())
    assert logs
    for path in logs:
        content = path.read_text(encoding="utf-8", errors="ignore")
        assert "Quarantelli" not in content and "Ysolde" not in content, path.name
        assert PEER not in content, path.name


# --------------------------------------------------------------------------- item 7


def test_json_nested_too_deep_is_400(stack):
    client = _fresh(stack)
    for body in ("[" * 1100 + "]" * 1100, '{"message": ' + "[" * 1100 + "]" * 1100 + "}"):
        status, raw = client.request("POST", "/api/chat", body.encode(), JSON)
        assert status == 400, raw[:200]
        assert "error" in json.loads(raw)


def test_body_marked_gzip_that_is_not_is_400_and_a_bomb_is_413(stack):
    client = _fresh(stack)
    headers = {**JSON, "Content-Encoding": "gzip"}
    status, raw = client.request("POST", "/api/chat", b'{"message": "bonjour"}', headers)
    assert status == 400, raw[:200]
    bomb = gzip.compress(b'{"message": "' + b"a" * 5_000_000 + b'"}', compresslevel=9)
    status, raw = client.request("POST", "/api/chat", bomb, headers)
    assert status == 413, raw[:200]
    assert client.say("bonjour")["messages"]  # the front still answers


def test_slow_body_is_cut_off(stack):
    """One byte a second: answered 408 after the body timeout (10 s by default, counted from the start of
    the request, not from the last byte), then closed."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", PORTS.web), timeout=30) as sock:
        sock.sendall(
            b"POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"
        )
        sock.settimeout(1)
        answer = b""
        while time.monotonic() - started < 30:
            try:
                chunk = sock.recv(65536)
            except socket.timeout:
                # Trickle for 8 s only: a byte that reaches the server after it has answered and closed
                # makes it reset the connection, which can drop the 408 before it is read.
                if time.monotonic() - started < 8:
                    sock.sendall(b" ")
                continue
            if not chunk:
                break
            answer += chunk
    elapsed = time.monotonic() - started
    assert answer.startswith(b"HTTP/1.1 408"), answer[:100]
    # an idle timeout restarted by each byte would answer at 8 + 10 = 18 s
    assert elapsed < 15


# --------------------------------------------------------------------------- item 9


def test_visitor_url_is_never_echoed_as_a_link(stack):
    client = _fresh(stack)
    client.say("je cherche un lieu d'accueil")
    answer = client.say("https://evil.example/phish")
    assert "https://evil" not in texts(answer)
    assert "://evil" not in texts(answer)


@pytest.mark.parametrize("typed", ["htthttp://ps://evil.example/phish", "hthttps://tps://evil.example/phish"])
def test_visitor_url_split_around_a_scheme_is_never_echoed_as_a_link(stack, typed):
    """Removing "http://" once from "htthttp://ps://…" leaves "https://…": the bot echoed it as a live link."""
    client = _fresh(stack)
    client.say("je cherche un lieu d'accueil")
    answer = client.say(typed)
    assert "://" not in texts(answer), texts(answer)


def test_server_header_is_neutral(stack):
    for path in ("/", "/healthz", "/api/access-points?q=22300", "/nope"):
        req = urllib.request.Request(f"http://127.0.0.1:{PORTS.web}{path}")
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:  # noqa: S310 - loopback
                server = resp.headers.get("Server", "")
        except urllib.error.HTTPError as error:
            server = error.headers.get("Server", "")
        assert "aiohttp" not in server.lower() and "python" not in server.lower(), (path, server)
