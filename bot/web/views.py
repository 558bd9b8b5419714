"""Request handlers of the web front (SPEC §5).

Chat text never reaches a log: handlers log exception types and outcomes only.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import re
import uuid
from pathlib import Path
from typing import Any

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from knowledge.kb import PROFILES
from knowledge.referral import DEFAULT_LIMIT, MAX_LIMIT

from . import pages
from .errors import ApiError, http_error_for, json_object
from .keys import RASA_POOL, SERVICES, SESSIONS, SETTINGS
from .limits import MSG_BUSY, MSG_RATE_LIMITED, Refused, charge_request
from .rasa import ChatMessage, RasaUnavailable
from .sessions import SessionStoreUnavailable, SessionsFull, is_uuid4
from .sites import chat_site_metadata
from .text import (
    MSG_DEGRADED,
    MSG_EMPTY,
    MSG_NEW_SESSION,
    MSG_TOO_LONG,
    clean_message,
    defang_urls,
    privacy_notice,
    strip_command_prefix,
)

log = logging.getLogger("bot.web")

STATIC_DIR = Path(__file__).resolve().parent / "static"
_MAX_PAYLOAD_CHARS = 300
_MAX_QUERY_CHARS = 100
_MAX_KINDS = 12
_KIND = re.compile(r"^[a-z_]+$")

json_dumps = functools.partial(json.dumps, ensure_ascii=False)


def json_response(data: Any, status: int = 200) -> web.Response:
    """JSON answer, UTF-8, never cached."""
    return web.json_response(data, status=status, dumps=json_dumps, headers={"Cache-Control": "no-store"})


# --------------------------------------------------------------------------- pages


def page_response(request: web.Request, name: str, cache: str = "no-cache") -> web.Response:
    """The page ``templates/<name>`` assembled for this front (bot.web.pages), as HTML."""
    text = pages.render(name, request.path, request.app[SETTINGS].max_message_chars)
    return web.Response(text=text, content_type="text/html", charset="utf-8", headers={"Cache-Control": cache})


async def index(request: web.Request) -> web.Response:
    """GET / — the chat page."""
    return page_response(request, "index.html")


async def adviser(request: web.Request) -> web.Response:
    """GET /conseiller — the adviser's referral page."""
    return page_response(request, "conseiller.html")


# --------------------------------------------------------------------------- chat


async def _read_json_object(request: web.Request) -> dict[str, Any]:
    settings = request.app[SETTINGS]
    if request.content_type != "application/json":
        raise ApiError(415, "Le message doit être envoyé au format JSON (application/json).")
    if request.content_length is not None and request.content_length > settings.max_body_bytes:
        raise ApiError(413, "Votre message est trop long.")
    try:
        # a body trickled in byte by byte must not hold the connection open
        raw = await asyncio.wait_for(request.read(), settings.body_timeout)
    except web.HTTPRequestEntityTooLarge:
        raise ApiError(413, "Votre message est trop long.") from None
    except asyncio.TimeoutError:
        raise ApiError(408, "Votre message est arrivé trop lentement. Réessayez, s'il vous plaît.") from None
    except (web.RequestPayloadError, HttpProcessingError):  # e.g. "Content-Encoding: gzip" on a body that is not gzip
        raise ApiError(400, "Le corps de la requête est illisible.") from None
    if len(raw) > settings.max_body_bytes:
        raise ApiError(413, "Votre message est trop long.")
    return json_object(
        raw, "La requête n'est pas un JSON valide.", "La requête doit être un objet JSON avec un champ « message »."
    )


def _answer(session_id: str, messages: list[ChatMessage], degraded: bool = False) -> web.Response:
    return json_response({"session_id": session_id, "messages": messages, "degraded": degraded})


def _bot(text: str) -> ChatMessage:
    return {"text": text, "buttons": []}


async def _redact(request: web.Request, text: str) -> tuple[str, list[str]]:
    """Run the privacy filter off the event loop; return (clean text, kinds removed)."""
    runner = request.app[SERVICES].privacy_runner
    if runner is None:  # never send unfiltered text
        raise RuntimeError("privacy filter not loaded")
    return await runner.redact(text, request.app[SETTINGS].privacy_timeout)


async def _session_for(request: web.Request, candidate: str | None, tokens: float = 1.0) -> str:
    """The visitor's session (created only now, once the message is valid); refusals as 429/503.

    A message of a live session costs that session's budget only, so visitors who share an address
    (a library, a school, a test harness) are not refused because one of them floods. A new
    conversation costs the client's budget: that is what an abuser without a session spends.
    """
    sessions = request.app[SESSIONS]
    if not (candidate and await sessions.known(candidate)):
        charge_request(request, 1, long_text=tokens - 1)
    try:
        session_id = await sessions.resolve(candidate)
    except SessionsFull:
        raise Refused(503, MSG_BUSY, 60) from None
    wait = await sessions.take_turn(session_id, tokens)
    if wait > 0:
        raise Refused(429, MSG_RATE_LIMITED, wait)
    return session_id


async def _local_session(request: web.Request, candidate: str | None) -> str:
    """Session id for an answer given without Rasa: the visitor's if live, else a fresh one not stored."""
    return candidate if candidate and await request.app[SESSIONS].known(candidate) else str(uuid.uuid4())


async def chat(request: web.Request) -> web.Response:
    """POST /api/chat — clean the text, filter personal data, ask Rasa, map its answer.

    When the shared session store (Redis) is down, the visitor gets the degraded answer.
    """
    try:
        return await _chat(request)
    except SessionStoreUnavailable as exc:
        log.warning("session store unavailable (%s)", exc)
        return _answer(str(uuid.uuid4()), [_bot(MSG_DEGRADED)], degraded=True)


async def _chat(request: web.Request) -> web.Response:
    settings = request.app[SETTINGS]
    sessions = request.app[SESSIONS]
    body = await _read_json_object(request)
    site_metadata = chat_site_metadata(request, body)  # widget panel of a partner site, or None

    raw_session = body.get("session_id")
    if raw_session is not None and not isinstance(raw_session, str):
        raise ApiError(400, "Le champ « session_id » doit être une chaîne de caractères.")
    has_message, has_payload = "message" in body, "payload" in body
    if has_message and has_payload:
        raise ApiError(400, "Envoyez soit « message », soit « payload », pas les deux.")
    if not has_message and not has_payload:
        raise ApiError(400, "Le champ « message » est obligatoire.")
    field = "message" if has_message else "payload"
    value = body[field]
    if not isinstance(value, str):
        raise ApiError(400, f"Le champ « {field} » doit être une chaîne de caractères.")

    candidate = raw_session if raw_session and is_uuid4(raw_session) else None
    notices: list[ChatMessage] = []

    # validate first: no session is created for an invalid or empty message
    if has_payload:
        payload = value.strip()
        if len(payload) > _MAX_PAYLOAD_CHARS or not await sessions.allows(candidate or "", payload):
            raise ApiError(400, "Ce choix n'est pas disponible. Écrivez votre question, s'il vous plaît.")
        session_id = await _session_for(request, candidate)
        rasa_text = payload
    else:
        text = clean_message(value)
        if len(text) > settings.max_message_chars:
            return _answer(
                await _local_session(request, candidate),
                [_bot(MSG_TOO_LONG.format(limit=settings.max_message_chars))],
            )
        text = strip_command_prefix(text)
        if not text:
            return _answer(await _local_session(request, candidate), [_bot(MSG_EMPTY)])
        # a long text costs Rasa and the privacy filter more
        session_id = await _session_for(request, candidate, 1 + len(text) // settings.chars_per_token)
        try:
            rasa_text, kinds = await _redact(request, text)
        except Exception as exc:  # fail closed: unfiltered text never goes to Rasa
            log.error("privacy filter failed: %s", type(exc).__name__)
            return _answer(session_id, [_bot(MSG_DEGRADED)], degraded=True)
        if kinds:
            notices.append(_bot(privacy_notice(kinds)))
        rasa_text = strip_command_prefix(defang_urls(clean_message(rasa_text)))
        if not rasa_text:
            return _answer(session_id, notices + [_bot(MSG_EMPTY)])

    if await sessions.turns(session_id) >= settings.max_turns_per_session:
        # a long conversation costs Rasa more at every turn: start afresh, and say so
        try:
            session_id = await sessions.renew(session_id)
        except SessionsFull:
            raise Refused(503, MSG_BUSY, 60) from None
        notices.insert(0, _bot(MSG_NEW_SESSION))
    await sessions.count_turn(session_id)

    client = request.app[SERVICES].client
    try:
        if client is None:
            raise RasaUnavailable("no client session")
        messages = await request.app[RASA_POOL].ask(
            client, session_id, rasa_text, metadata=site_metadata, budget=settings.rasa_timeout
        )
    except RasaUnavailable as exc:
        log.warning("rasa unavailable (%s)", exc)
        return _answer(session_id, notices + [_bot(MSG_DEGRADED)], degraded=True)
    await sessions.remember_payloads(session_id, (b["payload"] for m in messages for b in m["buttons"]))
    return _answer(session_id, notices + messages)


# --------------------------------------------------------------------------- referral


def _parse_limit(raw: str | None) -> int:
    if raw is None or raw == "":
        return DEFAULT_LIMIT
    try:
        limit = int(raw)
    except ValueError:
        limit = 0
    if not 1 <= limit <= MAX_LIMIT:
        raise ApiError(400, f"Le paramètre « limit » doit être un nombre entier de 1 à {MAX_LIMIT}.")
    return limit


async def access_points(request: web.Request) -> web.Response:
    """GET /api/access-points?q=&profile=&limit=&kind= — access points for the situation, and operators.

    ``kind`` (repeatable) keeps only those kinds; an unknown kind is a 400 naming the known ones.
    """
    query = clean_message(request.query.get("q", ""))
    if not query:
        raise ApiError(400, "Indiquez une commune, un code postal ou un département (paramètre « q »).")
    if len(query) > _MAX_QUERY_CHARS:
        raise ApiError(400, "Le lieu indiqué est trop long.")
    profile = request.query.get("profile") or None
    if profile is not None and profile not in PROFILES:
        raise ApiError(400, "Le paramètre « profile » doit être l'un de : " + ", ".join(PROFILES) + ".")
    limit = _parse_limit(request.query.get("limit"))
    kinds = [k.strip() for k in request.query.getall("kind", []) if k.strip()]
    if len(kinds) > _MAX_KINDS or any(len(k) > 40 or not _KIND.match(k) for k in kinds):
        raise ApiError(400, "Le paramètre « kind » est invalide.")

    referral = request.app[SERVICES].referral
    if referral is None:
        raise ApiError(503, "La recherche de lieux est momentanément indisponible.")
    loop = asyncio.get_running_loop()
    try:
        if kinds:
            result = await loop.run_in_executor(None, functools.partial(referral, query, profile, limit, kinds=kinds))
        else:
            result = await loop.run_in_executor(None, referral, query, profile, limit)
    except ValueError as exc:
        mapped = http_error_for(exc)  # an unknown kind names the known ones
        if mapped is not None:
            raise mapped from None
        raise ApiError(400, "Paramètres de recherche invalides.") from None
    return json_response(result)
