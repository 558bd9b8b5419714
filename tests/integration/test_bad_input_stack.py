"""The bad-input matrix through the real stack: clear 4xx or a French answer, never a 5xx."""

import json
import socket

import pytest

from tests.integration.conftest import PORTS


JSON = {"Content-Type": "application/json"}

BAD_BODIES = [
    b"{not json",
    b"[]",
    b'"hello"',
    b"null",
    json.dumps({"message": 42}).encode(),
    json.dumps({}).encode(),
    json.dumps({"message": "salut", "session_id": 12}).encode(),
    json.dumps({"message": "x" * 20000}).encode(),
    json.dumps({"payload": "/restart"}).encode(),
    json.dumps({"payload": '/greet{"location":"x"}'}).encode(),
]


@pytest.mark.parametrize("body", BAD_BODIES, ids=range(len(BAD_BODIES)))
def test_bad_bodies_get_a_json_4xx(client, body):
    status, raw = client.request("POST", "/api/chat", body, JSON)
    assert 400 <= status < 500, (status, raw[:200])
    assert "error" in json.loads(raw)


@pytest.mark.parametrize(
    "message",
    ["", "   ", "\u200b\u200b", "/restart", '/greet{"profile":"cadre"}', "a" * 5000, "bonjour\x00\x07", "é" * 999],
)
def test_odd_messages_get_a_french_answer(client, message):
    answer = client.say(message)
    assert answer["messages"] and all(m["text"] for m in answer["messages"])


def test_forged_session_id_gets_a_fresh_one(client):
    answer = client.say("bonjour", session_id="1.2.3.4")
    assert answer["session_id"] != "1.2.3.4" and len(answer["session_id"]) == 36


def test_unknown_places_on_the_api(client):
    status, raw = client.request("GET", "/api/access-points?q=Zzyzxville")
    assert status == 404 and "error" in json.loads(raw)
    status, _ = client.request("GET", "/api/access-points?q=22300&profile=astronaute")
    assert status == 400
    status, _ = client.request("GET", "/api/access-points")
    assert status == 400


def test_referral_api_for_a_real_postal_code(client):
    status, raw = client.request("GET", "/api/access-points?q=22300&profile=jeune&limit=2")
    assert status == 200
    data = json.loads(raw)
    assert data["resolved"]["department"] == "22"
    assert len(data["results"]) == 2
    assert data["results"][0]["distance_km"] <= data["results"][1]["distance_km"]
    assert data["operators"][0]["id"] == "missions_locales"


def _raw(request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", PORTS.web), timeout=10) as sock:
        sock.sendall(request)
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except socket.timeout:
            pass
    return b"".join(chunks)


MARK = "Quarantellizz"  # invented: must not be echoed back


@pytest.mark.parametrize(
    "request_bytes",
    [
        # a header longer than aiohttp's 8 KiB line limit, on the API
        (
            "POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"X-Big: {MARK}{'a' * 9000}\r\nContent-Length: 2\r\n\r\n{{}}"
        ).encode(),
        # thousands of cookies on the chat page
        ("GET / HTTP/1.1\r\nHost: x\r\nCookie: " + f"{MARK}=1; " * 2000 + "\r\n\r\n").encode(),
        # a request line longer than the limit
        f"GET /api/access-points?q={MARK}{'b' * 9000} HTTP/1.1\r\nHost: x\r\n\r\n".encode(),
        # more headers than aiohttp accepts
        ("GET /api/access-points?q=22300 HTTP/1.1\r\nHost: x\r\n" + "X-H: v\r\n" * 200 + "\r\n").encode(),
    ],
    ids=["long-header", "many-cookies", "long-request-line", "many-headers"],
)
def test_requests_the_http_parser_refuses_get_a_french_json_4xx_without_echo(stack, request_bytes):
    """aiohttp answers these itself, before any route or middleware: still a 4xx in French JSON,
    with the security headers, and never the visitor's bytes sent back."""
    answer = _raw(request_bytes)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.") and 400 <= int(head.split()[1]) < 500, answer[:200]
    assert MARK.encode() not in answer and b"aaaa" not in answer and b"bbbb" not in answer, answer[:300]
    assert b"nosniff" in head.lower(), head
    assert "Requête" in json.loads(body)["error"], body[:200]
