"""Client of Rasa's REST channel: one request built by the server, one mapped answer."""

from __future__ import annotations

import asyncio
from typing import Any, TypedDict

import aiohttp

__all__ = ["Button", "ChatMessage", "RasaUnavailable", "RasaUnreachable", "ask_rasa", "map_rasa_answer"]

_MAX_MESSAGES = 20
_MAX_BUTTONS = 12


class Button(TypedDict):
    title: str
    payload: str


class ChatMessage(TypedDict):
    text: str
    buttons: list[Button]


class RasaUnavailable(Exception):
    """Rasa did not give a usable answer (down, slow, 5xx, malformed or empty)."""


class RasaUnreachable(RasaUnavailable):
    """The connection to Rasa failed or was dropped (no timeout): another server may be asked."""


def map_rasa_answer(answer: Any) -> list[ChatMessage]:
    """Turn Rasa's ``[{"recipient_id", "text", "buttons"}]`` into SPEC's ``[{"text", "buttons"}]``.

    Items without text nor valid buttons (images, custom payloads) are dropped.
    """
    if not isinstance(answer, list):
        raise RasaUnavailable("answer is not a list")
    messages: list[ChatMessage] = []
    for item in answer[:_MAX_MESSAGES]:
        if not isinstance(item, dict):
            continue
        text = item.get("text")
        text = text if isinstance(text, str) else ""
        buttons: list[Button] = []
        raw_buttons = item.get("buttons")
        if isinstance(raw_buttons, list):
            for button in raw_buttons[:_MAX_BUTTONS]:
                if (
                    isinstance(button, dict)
                    and isinstance(button.get("title"), str)
                    and isinstance(button.get("payload"), str)
                    and button["title"].strip()
                    and button["payload"].strip()
                ):
                    buttons.append({"title": button["title"], "payload": button["payload"]})
        if text.strip() or buttons:
            messages.append({"text": text, "buttons": buttons})
    return messages


async def ask_rasa(
    client: aiohttp.ClientSession,
    rasa_url: str,
    sender: str,
    message: str,
    metadata: dict[str, str] | None = None,
    timeout: float | None = None,
) -> list[ChatMessage]:
    """POST ``{"sender", "message"}`` to Rasa's REST webhook and return the mapped, non-empty answer.

    ``metadata`` (e.g. a partner site's default place) is passed as the REST channel's
    ``metadata``; actions read it in ``tracker.latest_message["metadata"]``.

    Raises :class:`RasaUnavailable` on any transport error, timeout, non-200 status, malformed or
    empty answer. The client session carries the timeouts; ``timeout`` (seconds) shortens the
    total one for this call.
    """
    url = f"{rasa_url}/webhooks/rest/webhook"
    try:
        payload: dict[str, Any] = {"sender": sender, "message": message}
        if metadata:
            payload["metadata"] = metadata
        extra: dict[str, Any] = {}
        if timeout is not None:
            if timeout <= 0:
                raise asyncio.TimeoutError()
            extra["timeout"] = aiohttp.ClientTimeout(total=timeout, sock_connect=client.timeout.sock_connect)
        async with client.post(url, json=payload, **extra) as resp:
            if resp.status != 200:
                raise RasaUnavailable(f"HTTP {resp.status}")
            answer = await resp.json(content_type=None)
    except asyncio.TimeoutError as exc:  # before ClientConnectionError: ServerTimeoutError is both
        raise RasaUnavailable(type(exc).__name__) from exc
    except aiohttp.ClientConnectionError as exc:
        raise RasaUnreachable(type(exc).__name__) from exc
    except (aiohttp.ClientError, ValueError) as exc:
        raise RasaUnavailable(type(exc).__name__) from exc
    messages = map_rasa_answer(answer)
    if not messages:
        raise RasaUnavailable("empty answer")
    return messages
