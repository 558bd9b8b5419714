"""Fixtures for the web front: a fake Rasa, a fake action server, stub privacy filter and referral."""

from __future__ import annotations

import asyncio
import re
import socket
from dataclasses import dataclass, field
from typing import Any

import pytest
import pytest_asyncio
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.web import Settings, create_app
from bot.web.app import server_options
from bot.web.middlewares import RouteAccessLogger
from knowledge.kb import PROFILES
from knowledge.referral import french_km
from knowledge.referral_errors import AmbiguousPlace, UnknownKind, UnknownPlace


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "real_privacy: uses the real bot.web.privacy.PrivacyFilter")
    config.addinivalue_line("markers", "real_referral: uses the real knowledge.referral")
    config.addinivalue_line("markers", "browser: drives Debian chromium with Playwright")


# --------------------------------------------------------------------------- fake Rasa / actions


@dataclass
class FakeRasa:
    """A fake Rasa REST channel. ``mode``: answer | fail | hang | empty | garbage."""

    mode: str = "answer"
    health_ok: bool = True
    received: list[dict[str, Any]] = field(default_factory=list)
    peers: list[str] = field(default_factory=list)
    answer: list[dict[str, Any]] | None = None

    def default_answer(self, sender: str, message: str) -> list[dict[str, Any]]:
        return [
            {"recipient_id": sender, "text": f"Vous avez dit : {message}"},
            {
                "recipient_id": sender,
                "text": "Quelle est votre situation ?",
                "buttons": [
                    {"title": "Je cherche un emploi", "payload": '/inform{"profile":"demandeur_emploi"}'},
                    {"title": "Parler à un conseiller", "payload": "/talk_to_human"},
                    {"title": "Choix spécial", "payload": "/choose_special_option"},
                ],
            },
        ]

    def app(self) -> web.Application:
        async def webhook(request: web.Request) -> web.StreamResponse:
            body = await request.json()
            self.received.append(body)
            self.peers.append(request.remote or "")
            if self.mode == "fail":
                return web.Response(status=500, text="boom")
            if self.mode == "hang":
                await asyncio.sleep(60)
            if self.mode == "empty":
                return web.json_response([])
            if self.mode == "garbage":
                return web.Response(text="<html>not json</html>", content_type="text/html")
            return web.json_response(
                self.answer if self.answer is not None else self.default_answer(body["sender"], body["message"])
            )

        async def health(request: web.Request) -> web.Response:
            if not self.health_ok:
                return web.Response(status=500)
            return web.json_response({"status": "ok"})

        app = web.Application()
        app.router.add_post("/webhooks/rest/webhook", webhook)
        app.router.add_get("/webhooks/rest/", health)
        return app


@dataclass
class FakeActions:
    """A fake rasa-sdk action server exposing /health."""

    mode: str = "ok"  # ok | fail | hang

    def app(self) -> web.Application:
        async def health(request: web.Request) -> web.Response:
            if self.mode == "fail":
                return web.Response(status=500)
            if self.mode == "hang":
                await asyncio.sleep(30)
            return web.json_response({"status": "ok"})

        app = web.Application()
        app.router.add_get("/health", health)
        return app


def free_port() -> int:
    """A TCP port nobody listens on (bound then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --------------------------------------------------------------------------- stubs


@dataclass
class StubResult:
    text: str
    kinds: list[str]


class StubPrivacyFilter:
    """Removes e-mail addresses and French phone numbers (stand-in for bot.web.privacy)."""

    EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
    PHONE = re.compile(r"\b0[1-9](?:[ .]?\d{2}){4}\b")

    def __init__(self) -> None:
        self.calls = 0

    def redact(self, text: str) -> StubResult:
        self.calls += 1
        kinds: list[str] = []
        if self.EMAIL.search(text):
            text = self.EMAIL.sub("<EMAIL>", text)
            kinds.append("EMAIL_ADDRESS")
        if self.PHONE.search(text):
            text = self.PHONE.sub("<PHONE>", text)
            kinds.append("PHONE_NUMBER")
        return StubResult(text, kinds)


@dataclass(frozen=True)
class FakePlace:
    label: str


FAKE_KINDS = ("cite_des_metiers", "france_services", "mission_locale", "cio")
FAKE_PROFILES = PROFILES


class FakeReferral:
    """Stand-in for knowledge.referral.referral with synthetic data."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str | None, int]] = []

    def __call__(self, query: str, profile: str | None = None, limit: int = 3, kinds=None) -> dict:
        self.calls.append((query, profile, limit) if kinds is None else (query, profile, limit, tuple(kinds)))
        if kinds and any(k not in FAKE_KINDS for k in kinds):
            raise UnknownKind(kinds[0], FAKE_KINDS)
        if profile is not None and profile not in FAKE_PROFILES:
            raise ValueError(profile)
        if query == "Saint-Denis":
            raise AmbiguousPlace(query, (FakePlace("Saint-Denis (93)"), FakePlace("Saint-Denis (974)")))
        if query == "Atlantide":
            raise UnknownPlace(query)
        if query == "boom":
            raise KeyError("internal bug")
        results = [
            {
                "id": f"test_point_{i}",
                "name": f"Lieu d'essai {i}",
                "kind": "cite_des_metiers",
                "address": None,
                "postal_code": "22000",
                "commune": "Saint-Brieuc",
                "department": "22",
                "region": "Bretagne",
                "lat": 48.5,
                "lon": -2.76,
                "distance_km": 1.5 * i,
                "distance_text": f"{french_km(1.5 * i)} km",
                "phone": None,
                "website": "https://example.org/lieu",
                "services": ["orientation"],
                "why": "Pour tester.",
                "source": ["Source d'essai"],
                "data_date": "2024-08-01",
                "hours": None,
                "open_now": None,
                "today": None,
            }
            for i in range(1, limit + 1)
        ]
        if results:  # the first one has weekly hours, like a France services desk
            results[0].update(
                kind="france_services",
                kind_label="France services",
                open_now=True,
                today="ouvert aujourd'hui de 9 h à 12 h",
                hours={
                    "lundi": ["09:00-12:00", "14:00-17:00"],
                    "mardi": ["09:00-12:00"],
                    "mercredi": [],
                    "jeudi": [],
                    "vendredi": [],
                    "samedi": [],
                    "dimanche": [],
                },
            )
        return {
            "query": query,
            "resolved": {
                "label": "Saint-Brieuc (22)",
                "postal_code": "22000",
                "department": "22",
                "region": "Bretagne",
                "lat": 48.51,
                "lon": -2.76,
            },
            "results": results,
            "operators": [
                {
                    "id": "op_test",
                    "name": "Opérateur d'essai",
                    "why": "Pour tester.",
                    "phone": None,
                    "website": "https://example.org/op",
                }
            ],
        }


# --------------------------------------------------------------------------- fixtures


@pytest.fixture
def fake_rasa() -> FakeRasa:
    """State of the fake Rasa (change .mode in a test)."""
    return FakeRasa()


@pytest.fixture
def fake_actions() -> FakeActions:
    """State of the fake action server."""
    return FakeActions()


@pytest.fixture
def privacy_stub() -> StubPrivacyFilter:
    """Stub privacy filter that removes e-mails and phone numbers."""
    return StubPrivacyFilter()


@pytest.fixture
def referral_stub() -> FakeReferral:
    """Stub referral function with synthetic places."""
    return FakeReferral()


@pytest_asyncio.fixture
async def backends(aiohttp_server, fake_rasa: FakeRasa, fake_actions: FakeActions) -> dict[str, str]:
    """Start the fake Rasa and action server; return their base URLs."""
    rasa = await aiohttp_server(fake_rasa.app())
    actions = await aiohttp_server(fake_actions.app())
    return {
        "rasa_url": str(rasa.make_url("")).rstrip("/"),
        "action_url": str(actions.make_url("")).rstrip("/"),
    }


@pytest.fixture
def settings(backends: dict[str, str]) -> Settings:
    """Settings pointing at the fakes, with short timeouts so failure tests stay quick."""
    return Settings(
        rasa_url=backends["rasa_url"],
        action_url=backends["action_url"],
        rasa_timeout=2.0,
        privacy_timeout=1.0,
        health_timeout=0.5,
    )


@pytest.fixture
def make_client(aiohttp_client):
    """Start an app with the production access logger and return its test client."""

    async def make(app: web.Application):
        server = TestServer(app)
        await server.start_server(access_log_class=RouteAccessLogger, **server_options())
        return await aiohttp_client(server)

    return make


@pytest_asyncio.fixture
async def client(make_client, settings, privacy_stub, referral_stub):
    """Test client of the app built by create_app with the stubs."""
    return await make_client(create_app(settings, privacy_filter=privacy_stub, referral=referral_stub))
