"""Abuse of the web front (issue #8, items 1, 2, 6, 7, 9): look-alike command prefixes, forged
button payloads, malformed requests in the logs, bad bodies, URLs typed by the visitor, Server
header. Fake Rasa and stub privacy filter (see conftest); the real stack is in tests/integration.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
import time

import pytest

from bot.web import Settings, create_app
from bot.web.app import server_options
from bot.web.logs import ROUTE_ONLY
from bot.web.middlewares import SERVER_HEADER
from bot.web.text import SLASH_LOOKALIKES, clean_message, defang_urls, strip_command_prefix

from .conftest import StubResult
from .test_app import assert_chat_shape, assert_error_shape, post_chat

SYNTHETIC_NAME = "Ysolde Quarantelli"  # invented identity
SYNTHETIC_PHONE = "06 39 98 12 34"  # ARCEP range reserved for fiction


# --------------------------------------------------------------------------- item 1: look-alikes of "/"


@pytest.mark.parametrize("slash", sorted(SLASH_LOOKALIKES))
def test_every_slash_look_alike_is_stripped_like_the_ascii_one(slash):
    for command in ("restart", "session_start", 'inform{"profile":"cadre"}', "ask_cpf@0.01"):
        cleaned = strip_command_prefix(clean_message(f" {slash}{command}"))
        assert cleaned == strip_command_prefix(clean_message(f" /{command}")), (hex(ord(slash)), cleaned)
        assert cleaned[:1] not in SLASH_LOOKALIKES


def test_nfkc_look_alikes_are_in_the_list():
    """Every character whose NFKC form starts with "/" is stripped (computed, not assumed)."""
    import sys
    import unicodedata

    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if unicodedata.normalize("NFKC", char).startswith("/"):
            assert strip_command_prefix(clean_message(char + "restart")) == "restart", hex(code)


@pytest.mark.parametrize(
    "message",
    [
        "\uff0frestart",
        "\uff0fsession_start",
        '\uff0finform{"profile":"cadre"}',
        "\uff0fask_cpf@0.01",
        "\u2044restart",
        "\u2215 \u29f8restart",
        "\u3000\uff0frestart",
        "/\u2571/restart",
    ],
)
@pytest.mark.asyncio
async def test_look_alike_commands_reach_rasa_as_text(client, fake_rasa, message):
    resp = await post_chat(client, {"message": message})
    assert resp.status == 200
    sent = fake_rasa.received[0]["message"]
    assert sent.strip()[:1] not in SLASH_LOOKALIKES, sent


@pytest.mark.asyncio
async def test_command_prefix_left_by_the_privacy_filter_is_stripped(make_client, settings, fake_rasa, referral_stub):
    class LeavesASlash:
        def redact(self, text):
            return StubResult("\uff0frestart", ["NOM"])

    client = await make_client(create_app(settings, privacy_filter=LeavesASlash(), referral=referral_stub))
    resp = await post_chat(client, {"message": "Ysolde /restart"})
    assert resp.status == 200
    assert fake_rasa.received[0]["message"] == "restart"


# --------------------------------------------------------------------------- item 2: forged payloads


@pytest.mark.parametrize(
    "payload",
    [
        f'/inform{{"location":"{SYNTHETIC_NAME} {SYNTHETIC_PHONE}"}}',
        f'/inform{{"location":"{SYNTHETIC_NAME}"}}',
        '/inform{"location":"Saint-Denis (93)"}',  # a real place, but never offered in this session
    ],
)
@pytest.mark.asyncio
async def test_location_payload_not_offered_is_refused(client, fake_rasa, privacy_stub, payload):
    first = await (await post_chat(client, {"message": "Bonjour"})).json()
    resp = await post_chat(client, {"payload": payload, "session_id": first["session_id"]})
    assert resp.status == 400
    assert_error_shape(await resp.json())
    assert all(payload not in r["message"] for r in fake_rasa.received)
    assert all(SYNTHETIC_NAME not in r["message"] for r in fake_rasa.received)


@pytest.mark.asyncio
async def test_location_payload_offered_in_the_session_is_accepted(client, fake_rasa):
    offered = '/inform{"location":"Saint-Denis (93)"}'
    fake_rasa.answer = [
        {"recipient_id": "x", "text": "Lequel ?", "buttons": [{"title": "Saint-Denis (93)", "payload": offered}]}
    ]
    first = await (await post_chat(client, {"message": "Saint-Denis"})).json()
    resp = await post_chat(client, {"payload": offered, "session_id": first["session_id"]})
    assert resp.status == 200
    assert fake_rasa.received[-1]["message"] == offered


# --------------------------------------------------------------------------- item 7: bad bodies


@pytest.mark.asyncio
async def test_json_nested_too_deep_is_400(client, fake_rasa):
    body = "[" * 1100 + "]" * 1100
    for raw in (body, '{"message": ' + body + "}"):
        resp = await post_chat(client, None, data=raw)
        assert resp.status == 400
        assert_error_shape(await resp.json())
    body = '{"a":' * 1100 + "1" + "}" * 1100
    resp = await post_chat(client, None, data=body)
    assert resp.status == 400  # 1,100 x 5 bytes fits nowhere but the message is clear
    assert fake_rasa.received == []


@pytest.mark.asyncio
async def test_body_marked_gzip_that_is_not_is_400(client, fake_rasa):
    resp = await post_chat(
        client,
        None,
        data=json.dumps({"message": "bonjour"}),
        headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
    )
    assert resp.status == 400
    assert_error_shape(await resp.json())
    assert fake_rasa.received == []


@pytest.mark.asyncio
async def test_gzip_bomb_does_not_expand_past_the_body_limit(client, fake_rasa):
    bomb = gzip.compress(b'{"message": "' + b"a" * 5_000_000 + b'"}', compresslevel=9)
    assert len(bomb) < 8 * 1024  # small on the wire, 5 MB once expanded
    resp = await post_chat(
        client,
        None,
        data=bomb,
        headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
    )
    assert resp.status == 413
    assert fake_rasa.received == []


@pytest.mark.asyncio
async def test_slow_body_gets_408_and_the_connection_is_closed(
    make_client, backends, privacy_stub, referral_stub, fake_rasa
):
    settings = Settings(rasa_url=backends["rasa_url"], action_url=backends["action_url"], body_timeout=0.5)
    client = await make_client(create_app(settings, privacy_filter=privacy_stub, referral=referral_stub))
    reader, writer = await asyncio.open_connection(client.server.host, client.server.port)
    started = time.monotonic()
    writer.write(b"POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{")
    await writer.drain()

    async def trickle():
        for _ in range(20):
            await asyncio.sleep(0.2)
            writer.write(b" ")
            await writer.drain()

    trickler = asyncio.create_task(trickle())
    try:
        raw = await asyncio.wait_for(reader.read(), 8)  # read() returns at EOF: the server closed
    finally:
        trickler.cancel()
        writer.close()
    elapsed = time.monotonic() - started
    assert raw.startswith(b"HTTP/1.1 408"), raw[:100]
    assert elapsed < 0.5 + server_options()["lingering_time"] + 1.5
    assert fake_rasa.received == []


@pytest.mark.asyncio
async def test_normal_body_is_not_slowed_by_the_timeout(client, fake_rasa):
    started = time.monotonic()
    resp = await post_chat(client, {"message": "bonjour"})
    assert resp.status == 200 and time.monotonic() - started < 1


def test_body_timeout_from_env():
    assert Settings.from_env({"BOT_BODY_TIMEOUT": "3"}).body_timeout == 3.0
    assert Settings.from_env({}).body_timeout == 10.0


# --------------------------------------------------------------------------- item 6: logs


MALFORMED_REQUESTS = [
    # a space in the target: invalid request line
    f"GET /api/access-points?q={SYNTHETIC_NAME} HTTP/1.1\r\nHost: x\r\n\r\n".encode(),
    # invalid header name
    f"GET /api/access-points?q={SYNTHETIC_NAME.replace(' ', '+')} HTTP/1.1\r\nBad Header: {SYNTHETIC_NAME}\r\n\r\n".encode(),
    # invalid version
    f"GET /api/access-points?q={SYNTHETIC_NAME.replace(' ', '%20')} HTTP/9.9\r\n\r\n".encode(),
    # not HTTP at all, then the name
    f"\x16\x03\x01 {SYNTHETIC_NAME}\r\n\r\n".encode(),
    # second request on the connection is malformed (the first one is fine)
    b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n" + f"GET /?q={SYNTHETIC_NAME} HTTP/1.1\r\n\r\n".encode(),
    # header too long
    b"GET /api/access-points?q=Quarantelli HTTP/1.1\r\nX-Name: " + b"Quarantelli " * 2000 + b"\r\n\r\n",
    # bad chunked body
    b"POST /api/chat?q=Quarantelli HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
    b"Content-Type: application/json\r\n\r\nzz;Quarantelli\r\n",
]


@pytest.mark.parametrize("raw", MALFORMED_REQUESTS, ids=range(len(MALFORMED_REQUESTS)))
@pytest.mark.asyncio
async def test_malformed_requests_leave_no_request_text_or_address_in_logs(client, caplog, raw):
    caplog.set_level(logging.DEBUG)
    reader, writer = await asyncio.open_connection(client.server.host, client.server.port)
    writer.write(raw)
    await writer.drain()
    try:
        answer = await asyncio.wait_for(reader.read(), 5)
    finally:
        writer.close()
    assert b" 50" not in answer.split(b"\r\n", 1)[0]  # never a 5xx status line
    await asyncio.sleep(0.05)
    logged = caplog.text + "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    assert "Quarantelli" not in logged
    assert "Ysolde" not in logged
    assert "127.0.0.1" not in logged and client.server.host not in logged
    assert "AssertionError" not in logged  # the access logger copes with unparsed requests


@pytest.mark.asyncio
async def test_access_log_keeps_only_route_patterns(caplog):
    caplog.set_level(logging.INFO)
    create_app(Settings())  # installs the filters
    logging.getLogger("aiohttp.access").info('127.0.0.1 "GET /api/access-points?q=Quarantelli"')
    logging.getLogger("aiohttp.access").info("GET %s 200", "/api/chat", extra={ROUTE_ONLY: True})
    assert "Quarantelli" not in caplog.text and "127.0.0.1" not in caplog.text
    assert "GET /api/chat 200" in caplog.text


@pytest.mark.asyncio
async def test_server_errors_logged_with_type_only(caplog):
    caplog.set_level(logging.DEBUG)
    create_app(Settings())
    try:
        raise ValueError(f"bad request line GET /?q={SYNTHETIC_NAME} from 127.0.0.1")
    except ValueError:
        logging.getLogger("aiohttp.server").exception("Error handling request from %s", "127.0.0.1")
    assert "ValueError" in caplog.text and "Error handling request" in caplog.text
    assert "Quarantelli" not in caplog.text and "127.0.0.1" not in caplog.text


# --------------------------------------------------------------------------- item 9: URLs, Server header


def test_visitor_urls_lose_their_scheme():
    assert defang_urls("voir https://evil.example/phish et HTTP://a.fr") == "voir evil.example/phish et a.fr"
    assert defang_urls(clean_message("\uff48\uff54\uff54\uff50\uff53\uff1a\uff0f\uff0fevil.example")) == "evil.example"
    assert defang_urls("rien à voir") == "rien à voir"


@pytest.mark.asyncio
async def test_visitor_url_never_reaches_rasa_as_a_link(client, fake_rasa):
    resp = await post_chat(client, {"message": "je viens de https://evil.example/phish?x=1"})
    assert resp.status == 200
    data = await resp.json()
    assert_chat_shape(data)
    assert "://" not in fake_rasa.received[0]["message"]
    assert all("https://evil" not in m["text"] for m in data["messages"])


@pytest.mark.parametrize("method, path", [("GET", "/"), ("GET", "/healthz"), ("GET", "/nope"), ("POST", "/api/chat")])
@pytest.mark.asyncio
async def test_server_header_is_neutral(client, method, path):
    resp = await client.request(method, path, data="{}", headers={"Content-Type": "application/json"})
    assert resp.headers.get("Server") == SERVER_HEADER
    assert "aiohttp" not in resp.headers.get("Server", "").lower()


@pytest.mark.asyncio
async def test_requests_aiohttp_cannot_parse_get_no_version_in_server_header(client):
    """aiohttp answers unparsable requests itself, before the app: its Server header is neutral too."""
    reader, writer = await asyncio.open_connection(client.server.host, client.server.port)
    writer.write(b"GET / HTTP/9.9\r\n\r\n")
    await writer.drain()
    try:
        answer = await asyncio.wait_for(reader.read(), 5)
    finally:
        writer.close()
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1").lower()
    assert head.split()[1].startswith("4")  # a 4xx from aiohttp's parser
    assert f"server: {SERVER_HEADER}" in head
    assert "aiohttp" not in head and "python" not in head
