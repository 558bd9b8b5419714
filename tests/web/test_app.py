"""Web front: every endpoint, the bad-input matrix, privacy and degraded answers (fake Rasa)."""

from __future__ import annotations

import ipaddress
import json
import logging
import time
import uuid

import pytest

from bot.web import Settings, create_app
from bot.web.sessions import is_fixed_payload, is_uuid4
from bot.web.text import clean_message

from .conftest import free_port

pytestmark = pytest.mark.asyncio

DEGRADED_HINTS = ("39 49", "mon-cep.org", "Cité des métiers")


def assert_chat_shape(data: dict, degraded: bool | None = None) -> None:
    """The exact JSON shape of a chat answer."""
    assert set(data) == {"session_id", "messages", "degraded"}
    assert is_uuid4(data["session_id"])
    assert isinstance(data["messages"], list) and data["messages"]
    for message in data["messages"]:
        assert set(message) == {"text", "buttons"}
        assert isinstance(message["text"], str)
        for button in message["buttons"]:
            assert set(button) == {"title", "payload"}
    if degraded is not None:
        assert data["degraded"] is degraded


def assert_error_shape(data: dict) -> None:
    assert set(data) >= {"error"}
    assert isinstance(data["error"], str) and data["error"]


async def post_chat(client, body, **kwargs):
    if isinstance(body, (dict, list, int, str)) and "data" not in kwargs:
        kwargs["data"] = json.dumps(body)
    headers = kwargs.pop("headers", {"Content-Type": "application/json"})
    return await client.post("/api/chat", headers=headers, **kwargs)


# --------------------------------------------------------------------------- chat: happy path


async def test_chat_proxies_to_rasa_and_maps_answer(client, fake_rasa):
    resp = await post_chat(client, {"message": "Bonjour"})
    assert resp.status == 200
    data = await resp.json()
    assert_chat_shape(data, degraded=False)
    assert data["messages"][0] == {"text": "Vous avez dit : Bonjour", "buttons": []}
    assert data["messages"][1]["buttons"][0]["payload"] == '/inform{"profile":"demandeur_emploi"}'
    # the request to Rasa is built by the server: sender + message only
    assert fake_rasa.received == [{"sender": data["session_id"], "message": "Bonjour"}]


async def test_sender_is_random_uuid4_not_client_address(client, fake_rasa):
    first = await (await post_chat(client, {"message": "un"})).json()
    second = await (await post_chat(client, {"message": "deux"})).json()
    senders = [body["sender"] for body in fake_rasa.received]
    assert senders == [first["session_id"], second["session_id"]]
    assert senders[0] != senders[1]  # no session id -> new one, not derived from the (same) address
    for sender in senders:
        assert uuid.UUID(sender).version == 4
        assert "127.0.0.1" not in sender
        with pytest.raises(ValueError):
            ipaddress.ip_address(sender)


async def test_issued_session_id_is_kept(client, fake_rasa):
    first = await (await post_chat(client, {"message": "un"})).json()
    second = await (await post_chat(client, {"message": "deux", "session_id": first["session_id"]})).json()
    assert second["session_id"] == first["session_id"]
    assert fake_rasa.received[1]["sender"] == first["session_id"]


@pytest.mark.parametrize(
    "forged",
    [
        "127.0.0.1",
        "admin",
        "00000000-0000-0000-0000-000000000000",
        str(uuid.uuid4()),  # well-formed but never issued by this server
        str(uuid.uuid1()),
        "",
    ],
)
async def test_forged_session_id_gets_a_new_one(client, fake_rasa, forged):
    resp = await post_chat(client, {"message": "Bonjour", "session_id": forged})
    assert resp.status == 200
    data = await resp.json()
    assert_chat_shape(data)
    assert data["session_id"] != forged
    assert fake_rasa.received[-1]["sender"] == data["session_id"]


async def test_null_session_id_means_missing(client):
    resp = await post_chat(client, {"message": "Bonjour", "session_id": None})
    assert resp.status == 200
    assert_chat_shape(await resp.json())


# --------------------------------------------------------------------------- chat: bad input matrix


@pytest.mark.parametrize(
    "raw, expected_status",
    [
        ("{not json", 400),
        ("", 400),
        ("[]", 400),
        ('["Bonjour"]', 400),
        ('"Bonjour"', 400),
        ("42", 400),
        ("null", 400),
        ('{"message": 42}', 400),
        ('{"message": null}', 400),
        ('{"message": ["a"]}', 400),
        ('{"message": {"text": "a"}}', 400),
        ("{}", 400),
        ('{"text": "Bonjour"}', 400),
        ('{"message": "Bonjour", "session_id": 12}', 400),
        ('{"message": "Bonjour", "session_id": ["x"]}', 400),
        ('{"message": "Bonjour", "payload": "/greet"}', 400),
        ('{"payload": 3}', 400),
        (b"\xff\xfe\x00garbage", 400),
    ],
)
async def test_bad_bodies_get_4xx_json(client, fake_rasa, raw, expected_status):
    resp = await post_chat(client, None, data=raw)
    assert resp.status == expected_status
    assert resp.content_type == "application/json"
    assert_error_shape(await resp.json())
    assert fake_rasa.received == []


async def test_wrong_content_type_is_415(client, fake_rasa):
    resp = await client.post(
        "/api/chat", data="message=Bonjour", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert resp.status == 415
    assert_error_shape(await resp.json())
    assert fake_rasa.received == []


async def test_huge_body_is_413(client, fake_rasa):
    resp = await post_chat(client, {"message": "a" * 20_000})
    assert resp.status == 413
    assert_error_shape(await resp.json())
    assert fake_rasa.received == []


async def test_huge_body_without_content_length_is_413(client, fake_rasa):
    async def chunks():
        for _ in range(20):
            yield b'{"message": "' + b"a" * 1000
        yield b'"}'

    resp = await post_chat(client, None, data=chunks())
    assert resp.status == 413
    assert_error_shape(await resp.json())
    assert fake_rasa.received == []


@pytest.mark.parametrize("message", ["a" * 5000, "é" * 1001, "mot " * 600])
async def test_too_long_message_gets_friendly_refusal_without_rasa(client, fake_rasa, message):
    resp = await post_chat(client, {"message": message})
    assert resp.status == 200
    data = await resp.json()
    assert_chat_shape(data, degraded=False)
    assert "trop long" in data["messages"][0]["text"]
    assert "1000" in data["messages"][0]["text"]
    assert fake_rasa.received == []


async def test_message_of_exactly_1000_chars_is_accepted(client, fake_rasa):
    resp = await post_chat(client, {"message": "a" * 1000})
    assert resp.status == 200
    assert fake_rasa.received[0]["message"] == "a" * 1000


@pytest.mark.parametrize(
    "message",
    ["", "   ", "\n\t  \r\n", "\u200b\u200c\u200d\ufeff\u2060", "\u200b \u00a0 \u200b", "///", " / / "],
)
async def test_empty_text_answered_locally(client, fake_rasa, privacy_stub, message):
    resp = await post_chat(client, {"message": message})
    assert resp.status == 200
    data = await resp.json()
    assert_chat_shape(data, degraded=False)
    assert "question" in data["messages"][0]["text"]
    assert fake_rasa.received == []
    assert privacy_stub.calls == 0


@pytest.mark.parametrize(
    "message, sent",
    [
        ("/restart", "restart"),
        ('/greet{"name":"x"}', 'greet{"name":"x"}'),
        ("  //session_start", "session_start"),
        ("/ /restart", "restart"),
        ("\u200b/restart", "restart"),
    ],
)
async def test_leading_slash_never_reaches_rasa_as_intent(client, fake_rasa, message, sent):
    resp = await post_chat(client, {"message": message})
    assert resp.status == 200
    assert_chat_shape(await resp.json(), degraded=False)
    assert fake_rasa.received[0]["message"] == sent
    assert not fake_rasa.received[0]["message"].startswith("/")


async def test_control_and_zero_width_characters_removed_and_nfc(client, fake_rasa):
    message = "  Bonjour\x00\x07 je\u200b cherche\u202e une\tformation\r\nà Re\u0301nnes\x1b  "
    resp = await post_chat(client, {"message": message})
    assert resp.status == 200
    assert fake_rasa.received[0]["message"] == "Bonjour je cherche une formation à Rénnes"
    assert fake_rasa.received[0]["message"] == clean_message(message)


async def test_lone_surrogate_does_not_crash(client, fake_rasa):
    resp = await post_chat(client, None, data='{"message": "Bonjour \\ud800 toi"}')
    assert resp.status == 200
    assert fake_rasa.received[0]["message"] == "Bonjour toi"


# --------------------------------------------------------------------------- chat: payloads


async def test_payload_sent_by_bot_in_session_is_accepted(client, fake_rasa):
    first = await (await post_chat(client, {"message": "Bonjour"})).json()
    payload = "/choose_special_option"  # not a fixed pattern: allowed only because the bot sent it
    assert not is_fixed_payload(payload)
    resp = await post_chat(client, {"payload": payload, "session_id": first["session_id"]})
    assert resp.status == 200
    assert_chat_shape(await resp.json(), degraded=False)
    assert fake_rasa.received[-1] == {"sender": first["session_id"], "message": payload}


async def test_payload_of_another_session_is_refused(client, fake_rasa):
    await post_chat(client, {"message": "Bonjour"})  # session A got the buttons
    resp = await post_chat(client, {"payload": "/choose_special_option"})  # new session B
    assert resp.status == 400
    assert_error_shape(await resp.json())
    assert len(fake_rasa.received) == 1


async def test_payload_with_forged_session_is_refused(client, fake_rasa):
    resp = await post_chat(client, {"payload": "/choose_special_option", "session_id": str(uuid.uuid4())})
    assert resp.status == 400
    assert fake_rasa.received == []


@pytest.mark.parametrize(
    "payload",
    [
        "/restart",
        "/session_start",
        '/greet{"name":"Jean"}',
        "/inform",
        '/inform{"location":"Paris"} /restart',
        '/inform{"location":"x\\"},{\\"a\\":\\"b"}',
        '/inform{"profile":"pirate"}',
        "Bonjour",
        "",
        "/" + "a" * 500,
    ],
)
async def test_unknown_payload_is_400(client, fake_rasa, payload):
    resp = await post_chat(client, {"payload": payload})
    assert resp.status == 400
    assert_error_shape(await resp.json())
    assert fake_rasa.received == []


@pytest.mark.parametrize(
    "payload",
    [
        '/inform{"postal_code":"22300"}',
        '/inform{"profile":"jeune"}',
        "/affirm",
        "/talk_to_human",
    ],
)
async def test_fixed_allow_list_payloads_accepted(client, fake_rasa, privacy_stub, payload):
    resp = await post_chat(client, {"payload": payload})
    assert resp.status == 200
    assert fake_rasa.received[0]["message"] == payload
    assert privacy_stub.calls == 0  # bot-produced payloads carry no visitor text


# --------------------------------------------------------------------------- chat: privacy


async def test_email_and_phone_removed_before_rasa_with_notice(client, fake_rasa):
    message = "Je suis test.personne@example.org, tel 06 00 00 00 00, je cherche un CEP à Lannion"
    resp = await post_chat(client, {"message": message})
    assert resp.status == 200
    data = await resp.json()
    assert_chat_shape(data, degraded=False)
    seen = fake_rasa.received[0]["message"]
    assert "@" not in seen and "example.org" not in seen and "06 00" not in seen
    assert seen == "Je suis <EMAIL>, tel <PHONE>, je cherche un CEP à Lannion"
    notice = data["messages"][0]["text"]
    assert notice.startswith("Par sécurité, j'ai retiré de votre message des informations personnelles")
    assert "adresse e-mail" in notice and "numéro de téléphone" in notice
    assert "je ne garde rien" in notice
    assert data["messages"][1]["text"].startswith("Vous avez dit : Je suis <EMAIL>")


async def test_no_notice_when_nothing_removed(client):
    data = await (await post_chat(client, {"message": "Bonjour"})).json()
    assert not any("Par sécurité" in m["text"] for m in data["messages"])


async def test_privacy_filter_failure_fails_closed(make_client, settings, fake_rasa, referral_stub):
    class Broken:
        def redact(self, text):
            raise RuntimeError("model crashed: " + text)

    client = await make_client(create_app(settings, privacy_filter=Broken(), referral=referral_stub))
    resp = await post_chat(client, {"message": "Bonjour"})
    assert resp.status == 200
    data = await resp.json()
    assert_chat_shape(data, degraded=True)
    assert fake_rasa.received == []  # unfiltered text never sent


async def test_slow_privacy_filter_fails_closed_in_time(make_client, settings, fake_rasa, referral_stub):
    class Slow:
        def redact(self, text):
            time.sleep(3)
            return None

    client = await make_client(create_app(settings, privacy_filter=Slow(), referral=referral_stub))
    started = time.monotonic()
    data = await (await post_chat(client, {"message": "Bonjour"})).json()
    assert time.monotonic() - started < 2.5
    assert_chat_shape(data, degraded=True)
    assert fake_rasa.received == []


# --------------------------------------------------------------------------- chat: degraded


@pytest.mark.parametrize("mode", ["fail", "empty", "garbage"])
async def test_rasa_errors_give_degraded_answer(client, fake_rasa, mode):
    fake_rasa.mode = mode
    resp = await post_chat(client, {"message": "Bonjour"})
    assert resp.status == 200
    data = await resp.json()
    assert_chat_shape(data, degraded=True)
    text = data["messages"][-1]["text"]
    for hint in DEGRADED_HINTS:
        assert hint in text


async def test_rasa_absent_gives_degraded_answer(make_client, privacy_stub, referral_stub):
    port = free_port()
    settings = Settings(rasa_url=f"http://127.0.0.1:{port}", action_url=f"http://127.0.0.1:{port}")
    client = await make_client(create_app(settings, privacy_filter=privacy_stub, referral=referral_stub))
    resp = await post_chat(client, {"message": "Bonjour"})
    assert resp.status == 200
    assert_chat_shape(await resp.json(), degraded=True)


async def test_degraded_answer_keeps_privacy_notice(client, fake_rasa):
    fake_rasa.mode = "fail"
    data = await (await post_chat(client, {"message": "mon mail test@example.org"})).json()
    assert data["degraded"] is True
    assert data["messages"][0]["text"].startswith("Par sécurité")
    assert "39 49" in data["messages"][1]["text"]


async def test_rasa_hanging_answered_within_15_s_with_default_timeouts(
    make_client, backends, fake_rasa, privacy_stub, referral_stub
):
    """The real budget: default settings (12 s to Rasa), the visitor still gets an answer < 15 s."""
    fake_rasa.mode = "hang"
    settings = Settings(rasa_url=backends["rasa_url"], action_url=backends["action_url"])
    assert settings.rasa_timeout <= 12
    client = await make_client(create_app(settings, privacy_filter=privacy_stub, referral=referral_stub))
    started = time.monotonic()
    resp = await post_chat(client, {"message": "Bonjour"})
    elapsed = time.monotonic() - started
    assert resp.status == 200
    assert elapsed < 15
    assert_chat_shape(await resp.json(), degraded=True)


async def test_rasa_answer_mapping_drops_junk(client, fake_rasa):
    fake_rasa.answer = [
        "junk",
        {"recipient_id": "x", "image": "https://example.org/a.png"},
        {
            "recipient_id": "x",
            "text": "Choisissez :",
            "buttons": [
                {"title": "Oui", "payload": "/affirm"},
                {"title": 3, "payload": "/x"},
                {"payload": "/deny"},
            ],
        },
        {"recipient_id": "x", "custom": {"a": 1}},
    ]
    data = await (await post_chat(client, {"message": "Bonjour"})).json()
    assert data["messages"] == [{"text": "Choisissez :", "buttons": [{"title": "Oui", "payload": "/affirm"}]}]


# --------------------------------------------------------------------------- access points


async def test_access_points_ok(client, referral_stub):
    resp = await client.get("/api/access-points", params={"q": "Saint-Brieuc", "profile": "jeune", "limit": "2"})
    assert resp.status == 200
    data = await resp.json()
    assert set(data) == {"query", "resolved", "results", "operators"}
    assert len(data["results"]) == 2
    assert referral_stub.calls == [("Saint-Brieuc", "jeune", 2)]
    assert resp.headers["Cache-Control"] == "no-store"


async def test_access_points_default_limit_and_no_profile(client, referral_stub):
    resp = await client.get("/api/access-points", params={"q": "  22000 "})
    assert resp.status == 200
    assert referral_stub.calls == [("22000", None, 3)]


async def test_access_points_kind_filter_is_repeatable(client, referral_stub):
    resp = await client.get("/api/access-points?q=Brest&kind=cio&kind=mission_locale")
    assert resp.status == 200
    assert referral_stub.calls == [("Brest", None, 3, ("cio", "mission_locale"))]


@pytest.mark.parametrize("query", ["q=Brest&kind=bus", "q=Brest&kind=CIO%3Bdrop", "q=Brest" + "&kind=cio" * 13])
async def test_access_points_unknown_kind_is_400(client, referral_stub, query):
    resp = await client.get("/api/access-points?" + query)
    assert resp.status == 400
    data = await resp.json()
    assert_error_shape(data)
    if "bus" in query:
        assert "mission_locale" in data["error"]  # names the known kinds


async def test_access_points_unknown_is_404(client):
    resp = await client.get("/api/access-points", params={"q": "Atlantide"})
    assert resp.status == 404
    data = await resp.json()
    assert set(data) == {"error"}


async def test_access_points_ambiguous_is_409_with_candidates(client):
    resp = await client.get("/api/access-points", params={"q": "Saint-Denis"})
    assert resp.status == 409
    data = await resp.json()
    assert set(data) == {"error", "candidates"}
    assert data["candidates"] == ["Saint-Denis (93)", "Saint-Denis (974)"]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": ""},
        {"q": "   "},
        {"q": "x" * 101},
        {"q": "Lannion", "profile": "pirate"},
        {"q": "Lannion", "limit": "0"},
        {"q": "Lannion", "limit": "21"},
        {"q": "Lannion", "limit": "-1"},
        {"q": "Lannion", "limit": "trois"},
        {"q": "Lannion", "limit": "2.5"},
    ],
)
async def test_access_points_bad_params_are_400(client, referral_stub, params):
    resp = await client.get("/api/access-points", params=params)
    assert resp.status == 400
    assert_error_shape(await resp.json())
    assert referral_stub.calls == []


async def test_access_points_internal_bug_is_503_json_not_500(client):
    resp = await client.get("/api/access-points", params={"q": "boom"})
    assert resp.status == 503
    assert_error_shape(await resp.json())


async def test_access_points_without_referral_module_is_503(make_client, settings, privacy_stub, monkeypatch):
    import bot.web.app as app_module

    def missing():
        raise ImportError("no knowledge")

    monkeypatch.setattr(app_module, "_load_referral", missing)
    client = await make_client(create_app(settings, privacy_filter=privacy_stub))
    resp = await client.get("/api/access-points", params={"q": "Lannion"})
    assert resp.status == 503
    assert_error_shape(await resp.json())


# --------------------------------------------------------------------------- health


async def test_healthz_ok(client):
    resp = await client.get("/healthz")
    assert resp.status == 200
    assert await resp.json() == {"status": "ok"}


async def test_healthz_rasa_down(client, fake_rasa):
    fake_rasa.health_ok = False
    resp = await client.get("/healthz")
    assert resp.status == 503
    assert await resp.json() == {"status": "unavailable", "failed": ["rasa"]}


@pytest.mark.parametrize("mode", ["fail", "hang"])
async def test_healthz_action_server_down_or_slow(client, fake_actions, mode):
    fake_actions.mode = mode
    started = time.monotonic()
    resp = await client.get("/healthz")
    assert time.monotonic() - started < 2
    assert resp.status == 503
    assert await resp.json() == {"status": "unavailable", "failed": ["action_server"]}


async def test_healthz_both_absent(make_client, privacy_stub, referral_stub):
    port = free_port()
    settings = Settings(rasa_url=f"http://127.0.0.1:{port}", action_url=f"http://127.0.0.1:{port}")
    client = await make_client(create_app(settings, privacy_filter=privacy_stub, referral=referral_stub))
    resp = await client.get("/healthz")
    assert resp.status == 503
    assert (await resp.json())["failed"] == ["rasa", "action_server"]


# --------------------------------------------------------------------------- pages, headers, errors


@pytest.mark.parametrize("path, marker", [("/", 'role="log"'), ("/conseiller", 'id="referral-form"')])
async def test_pages_served_in_french(client, path, marker):
    resp = await client.get(path)
    assert resp.status == 200
    assert resp.content_type == "text/html"
    html = await resp.text()
    assert '<html lang="fr">' in html
    assert marker in html
    assert "<script>" not in html and "style=" not in html  # CSP: no inline script or style


@pytest.mark.parametrize("path", ["/static/chat.js", "/static/style.css", "/static/conseiller.js"])
async def test_static_files(client, path):
    resp = await client.get(path)
    assert resp.status == 200
    assert resp.headers["X-Content-Type-Options"] == "nosniff"


async def test_bot_text_never_inserted_as_html():
    from bot.web.views import STATIC_DIR

    for name in ("chat.js", "conseiller.js"):
        source = (STATIC_DIR / name).read_text(encoding="utf-8")
        assert "innerHTML" not in source and "insertAdjacentHTML" not in source
        assert "document.write" not in source and "eval(" not in source


@pytest.mark.parametrize(
    "method, path",
    [("GET", "/"), ("GET", "/healthz"), ("POST", "/api/chat"), ("GET", "/nope"), ("GET", "/api/nope")],
)
async def test_security_headers_everywhere(client, method, path):
    resp = await client.request(method, path, data="{}", headers={"Content-Type": "application/json"})
    csp = resp.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Referrer-Policy"] == "no-referrer"


async def test_api_404_and_405_are_json(client):
    resp = await client.get("/api/nope")
    assert resp.status == 404
    assert_error_shape(await resp.json())
    resp = await client.get("/api/chat")
    assert resp.status == 405
    assert_error_shape(await resp.json())
    assert "POST" in resp.headers["Allow"]


async def test_page_404_is_plain_french(client):
    resp = await client.get("/static/../../etc/passwd")
    assert resp.status in (403, 404)
    assert "Traceback" not in await resp.text()


async def test_unexpected_exception_is_503_json_and_logs_type_only(
    make_client, settings, fake_rasa, referral_stub, caplog
):
    class Weird:
        def redact(self, text):
            return type("R", (), {"text": text, "kinds": None})()

    app = create_app(settings, privacy_filter=Weird(), referral=referral_stub)
    import bot.web.rasa_pool as views  # the Rasa call goes through the pool

    async def explode(*args, **kwargs):
        raise ZeroDivisionError("secret visitor text test@example.org")

    app_client = await make_client(app)
    original = views.ask_rasa
    views.ask_rasa = explode
    try:
        with caplog.at_level(logging.DEBUG):
            resp = await post_chat(app_client, {"message": "secret visitor text test@example.org"})
    finally:
        views.ask_rasa = original
    assert resp.status == 503
    assert_error_shape(await resp.json())
    assert "ZeroDivisionError" in caplog.text
    assert "secret visitor" not in caplog.text and "example.org" not in caplog.text


async def test_chat_text_never_logged(client, fake_rasa, caplog):
    with caplog.at_level(logging.DEBUG):
        await post_chat(client, {"message": "ma question confidentielle zzqx"})
        fake_rasa.mode = "fail"
        await post_chat(client, {"message": "ma question confidentielle zzqx"})
        await client.get("/api/access-points", params={"q": "Atlantide"})
    ours = [r for r in caplog.records if not r.name.startswith("aiohttp.access") or "/api/" in r.getMessage()]
    web_records = [r.getMessage() for r in ours if "webhook" not in r.getMessage()]
    assert any("/api/access-points" in m for m in web_records)  # the access log did run
    assert not any("zzqx" in m or "Atlantide" in m for m in web_records)


# --------------------------------------------------------------------------- units


# --------------------------------------------------------------------------- with the real modules


@pytest.mark.real_privacy
async def test_real_privacy_filter_removes_email_before_rasa(make_client, settings, fake_rasa, referral_stub):
    client = await make_client(create_app(settings, referral=referral_stub))  # loads bot.web.privacy
    resp = await post_chat(
        client, {"message": "Bonjour, écrivez-moi à prenom.test@example.org, je cherche une formation à Lannion"}
    )
    assert resp.status == 200
    data = await resp.json()
    assert_chat_shape(data, degraded=False)
    seen = fake_rasa.received[0]["message"]
    assert "example.org" not in seen and "@" not in seen
    assert "Lannion" in seen  # commune names are kept
    assert data["messages"][0]["text"].startswith("Par sécurité")
    assert "adresse e-mail" in data["messages"][0]["text"]


@pytest.mark.real_referral
async def test_real_referral_endpoint(make_client, settings, privacy_stub):
    client = await make_client(create_app(settings, privacy_filter=privacy_stub))  # loads knowledge.referral
    resp = await client.get("/api/access-points", params={"q": "22300", "limit": "2", "profile": "jeune"})
    assert resp.status == 200
    data = await resp.json()
    assert set(data) == {"query", "resolved", "results", "operators"}
    assert set(data["resolved"]) >= {"label", "postal_code", "department", "region", "lat", "lon"}
    assert 1 <= len(data["results"]) <= 2
    assert data["results"][0]["kind"] == "mission_locale"  # a 20-year-old in Lannion: the Lannion Mission locale
    for result in data["results"]:
        assert result["source"] and result["data_date"] and result["why"]
        assert "hours" in result and "open_now" in result
    resp = await client.get(
        "/api/access-points", params=[("q", "Lannion"), ("kind", "france_services"), ("kind", "cio"), ("limit", "5")]
    )
    assert resp.status == 200
    data = await resp.json()
    assert {r["kind"] for r in data["results"]} <= {"france_services", "cio"}
    distances = [r["distance_km"] for r in data["results"]]
    assert distances == sorted(distances)  # a kind filter gives the nearest first
    desk = next(r for r in data["results"] if r["kind"] == "france_services")
    assert desk["hours"]["lundi"] and desk["open_now"] in (True, False)
    resp = await client.get("/api/access-points", params={"q": "Lannion", "kind": "bus"})
    assert resp.status == 400 and "france_services" in (await resp.json())["error"]
    resp = await client.get("/api/access-points", params={"q": "Zzyzxville-sur-Nulle-Part"})
    assert resp.status == 404
    assert_error_shape(await resp.json())
    resp = await client.get("/api/access-points", params={"q": "Saint-Denis"})
    assert resp.status == 409
    data = await resp.json()
    assert len(data["candidates"]) >= 2 and all(isinstance(c, str) for c in data["candidates"])


def test_web_sessions_expire_with_the_privacy_ttl_the_answers_quote():
    from bot.web.sessions import SessionStore
    from knowledge.retention import CONVERSATION_TTL_SECONDS

    assert Settings().session_ttl == CONVERSATION_TTL_SECONDS
    assert Settings.from_env({}).session_ttl == CONVERSATION_TTL_SECONDS
    assert SessionStore()._ttl == CONVERSATION_TTL_SECONDS
