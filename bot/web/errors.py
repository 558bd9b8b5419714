"""Errors of the web front and the one place where domain errors become HTTP answers."""

from __future__ import annotations

import json
from typing import Any

from knowledge.referral_errors import AmbiguousPlace, UnknownKind, UnknownPlace

__all__ = ["ApiError", "http_error_for", "json_object"]


class ApiError(Exception):
    """An error answered as ``{"error": message, **extra}`` with HTTP ``status`` (always < 500 or 503)."""

    def __init__(self, status: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.extra = extra

    def body(self) -> dict[str, Any]:
        """JSON body of the answer."""
        return {"error": self.message, **self.extra}


def json_object(raw: bytes, invalid: str, not_object: str) -> dict[str, Any]:
    """The JSON object in the request body ``raw``; a 400 with ``invalid`` when it is not UTF-8 JSON
    (nested too deep included: ``json`` raises RecursionError), with ``not_object`` when it is not an object."""
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ApiError(400, invalid) from None
    if not isinstance(body, dict):
        raise ApiError(400, not_object)
    return body


def _candidate_label(candidate: Any) -> str:
    label = getattr(candidate, "label", None)
    return label if isinstance(label, str) else str(candidate)


def http_error_for(exc: BaseException) -> ApiError | None:
    """Map an error of ``knowledge.referral`` (knowledge/referral_errors.py) to an :class:`ApiError`, or None."""
    if isinstance(exc, AmbiguousPlace):
        candidates = [_candidate_label(c) for c in exc.candidates]
        return ApiError(
            409,
            "Plusieurs lieux portent ce nom. Précisez lequel, par exemple avec le code postal ou le département.",
            candidates=candidates,
        )
    if isinstance(exc, UnknownKind):
        return ApiError(400, "Le paramètre « kind » doit être l'un de : " + ", ".join(exc.known) + ".")
    if isinstance(exc, UnknownPlace):
        return ApiError(
            404,
            "Je ne trouve pas ce lieu. Vérifiez l'orthographe, ou essayez un code postal "
            "(5 chiffres) ou un numéro de département.",
        )
    return None
