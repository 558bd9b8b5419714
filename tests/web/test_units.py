"""Web front units: settings, session store, privacy notice, access logger (no server)."""

from __future__ import annotations

import logging

import pytest

from bot.web import Settings
from bot.web.middlewares import RouteAccessLogger
from bot.web.sessions import SessionStore, SessionsFull, is_fixed_payload, is_uuid4
from bot.web.text import clean_message, defang_urls, privacy_notice, strip_command_prefix


def test_privacy_notice_labels():
    assert "(IBAN, numéro de sécurité sociale)" in privacy_notice(["IBAN_CODE", "FR_NIR"])
    assert "(nom)" in privacy_notice(["PERSON", "PERSON"])
    assert "(adresse postale)" in privacy_notice(["FR_ADDRESS"])
    assert "(identifiant, numéro de carte bancaire)" in privacy_notice(["IDENTIFIANT", "CARTE_BANCAIRE"])
    assert "(numéro SIRET ou SIREN, numéro fiscal, plaque d'immatriculation)" in privacy_notice(
        ["SIRET", "NUMERO_FISCAL", "IMMATRICULATION"]
    )


def test_access_logger_logs_route_without_query(caplog):
    from aiohttp.test_utils import make_mocked_request

    logger = logging.getLogger("test.access")
    access = RouteAccessLogger(logger, "%r")
    request = make_mocked_request("GET", "/api/access-points?q=Lannion&profile=jeune")
    response = type("Resp", (), {"status": 200})()
    with caplog.at_level(logging.INFO, logger="test.access"):
        access.log(request, response, 0.01)
    assert "Lannion" not in caplog.text and "profile" not in caplog.text
    assert "GET" in caplog.text and "200" in caplog.text


def test_settings_from_env():
    settings = Settings.from_env({"BOT_WEB_PORT": "9090", "BOT_RASA_URL": "http://rasa:5005/"})
    assert settings.port == 9090
    assert settings.rasa_url == "http://rasa:5005"
    assert settings.host == "127.0.0.1"
    assert settings.max_message_chars == 1000 and settings.max_body_bytes == 8192
    assert settings.rasa_timeout + settings.privacy_timeout < 15
    with pytest.raises(ValueError):
        Settings.from_env({"BOT_RASA_TIMEOUT": "20"})
    with pytest.raises(ValueError):
        Settings.from_env({"BOT_WEB_PORT": "http"})


def test_session_store_expiry_and_bounds():
    now = [0.0]
    store = SessionStore(ttl=10, max_sessions=3, max_payloads=2, clock=lambda: now[0])
    sid = store.resolve(None)
    assert is_uuid4(sid) and store.resolve(sid) == sid
    store.remember_payloads(sid, ["/a", "/b", "/c"])
    assert not store.allows(sid, "/a")  # oldest dropped
    assert store.allows(sid, "/b") and store.allows(sid, "/c")
    now[0] = 11
    assert not store.allows(sid, "/c")  # payload expired
    assert store.resolve(sid) != sid  # session expired
    live = [store.resolve(None) for _ in range(2)]
    assert len(store) == 3
    with pytest.raises(SessionsFull):  # full of live sessions: the newcomer is refused, nobody evicted
        store.resolve(None)
    assert all(store.resolve(s) == s for s in live)
    now[0] = 30  # all expired: room again
    assert is_uuid4(store.resolve(None)) and len(store) == 1


@pytest.mark.parametrize(
    "typed",
    [
        "htthttp://ps://evil.example",
        "hthttps://tps://evil.example",
        "hhhttp://ttp://ttp://x.fr",
        "HTThttps : //PS://x.fr",
    ],
)
def test_defang_urls_leaves_no_scheme_once_removed(typed):
    assert "://" not in defang_urls(typed).replace(" ", "")


def test_clean_message_keeps_an_acute_accent_typed_as_an_apostrophe():
    """NFKC alone turns "´" into a space and a combining accent: "m´appelle" would lose its apostrophe."""
    assert clean_message("je m´appelle, j´ai 20 ans") == "je m'appelle, j'ai 20 ans"


@pytest.mark.parametrize(
    "typed, cleaned",
    [
        # decorations on Latin letters and digits that NFKC cannot compose: strikethrough, underline, Zalgo
        ("Y\u0336s\u0336o\u0336l\u0336d\u0336e\u0336", "Ysolde"),
        ("Q\u0332u\u0332a\u0332r\u0332", "Quar"),
        ("Y\u0301\u0310\u0352s\u0489o", "\u00ddso"),
        # keycap digits (digit + VARIATION SELECTOR-16 + COMBINING ENCLOSING KEYCAP)
        ("0\ufe0f\u20e36\ufe0f\u20e3 39 98 12 34", "06 39 98 12 34"),
        # marks that belong to another script stay
        (
            "\u0645\u064e\u0631\u0652\u062d\u064e\u0628\u064b\u0627",
            "\u0645\u064e\u0631\u0652\u062d\u064e\u0628\u064b\u0627",
        ),
        ("\u0928\u092e\u0938\u094d\u0924\u0947", "\u0928\u092e\u0938\u094d\u0924\u0947"),
        ("d\u00e9j\u00e0 \u00e9t\u00e9 \u00e0 No\u00ebl", "d\u00e9j\u00e0 \u00e9t\u00e9 \u00e0 No\u00ebl"),
    ],
)
def test_clean_message_drops_marks_decorating_latin_letters_and_digits(typed, cleaned):
    """A name or a phone number typed with combining decorations must reach the privacy filter plain."""
    assert clean_message(typed) == cleaned


def test_clean_message_and_prefix():
    assert clean_message("  a\u200bb\x00c\n d  ") == "abc d"
    assert clean_message("e\u0301") == "\u00e9"
    assert strip_command_prefix("// /restart") == "restart"
    assert strip_command_prefix("a/b") == "a/b"


@pytest.mark.parametrize(
    "payload, ok",
    [
        ('/inform{"location":"Saint-Denis (93)"}', False),  # free text: only if offered
        ('/inform{"location":"Ysolde Quarantelli 06 39 98 12 34"}', False),
        ('/inform{"location":"<script>"}', False),
        ('/inform{"location":""}', False),
        ('/inform{"postal_code":"2230"}', False),
        ("/restart", False),
        ("/affirm", True),
        ("/affirm ", False),
        ("/affirm\n", False),  # "$" would match before a final newline
        ('/inform{"postal_code":"22300"}', True),
        ('/inform{"postal_code":"\u0662\u0662\u0663\u0660\u0660"}', False),  # Arabic-Indic digits: never sent
        ('/inform{"postal_code":"\U0001d7d0\U0001d7d0\U0001d7d1\U0001d7ce\U0001d7ce"}', False),  # bold digits
    ],
)
def test_fixed_payload_patterns(payload, ok):
    assert is_fixed_payload(payload) is ok
