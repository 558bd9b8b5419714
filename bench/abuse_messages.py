"""Messages an abusive client sends: costly for the privacy filter, or malformed.

Used by ``bench/abuse.py`` and ``tests/integration/test_abuse_stack.py``. The names are random
syllables (obviously synthetic, different in every message so that no cache helps), each after
one of the phrases that make the privacy filter look for a name (``bot.web.privacy.recognizers``'
triggers and civilities).
"""

from __future__ import annotations

import json
import random

__all__ = ["COSTLY_LEAD_INS", "synthetic_name", "costly_message", "bad_request"]

#: Lead-ins that trigger the name recognizers (see NameContextRecognizer._TRIGGERS).
COSTLY_LEAD_INS = (
    "je m'appelle",
    "mon nom est",
    "je suis Madame",
    "je suis Monsieur",
    "c'est",
    "moi c'est",
    "Madame",
    "Monsieur",
    "Mme",
    "appelez-moi",
    "je me nomme",
    "Cordialement,",
    "je suis",
)
_SYLLABLES = ("ka", "lo", "mi", "ru", "sa", "te", "vo", "zu", "bra", "gli", "pro", "dre", "fu", "nel", "quor")


def synthetic_name(rng: random.Random) -> str:
    """A capitalised made-up first name and surname ("Kalomi Zubrate")."""

    def word() -> str:
        return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()

    return f"{word()} {word()}"


def costly_message(rng: random.Random, length: int = 1000) -> str:
    """``length`` characters (the front's maximum) of lead-ins each followed by a fresh name."""
    parts: list[str] = []
    size = 0
    while size < length:
        part = f"{rng.choice(COSTLY_LEAD_INS)} {synthetic_name(rng)},"
        parts.append(part)
        size += len(part) + 1
    return " ".join(parts)[:length].rstrip()


#: Bodies a careless or hostile client sends (each must get a 4xx, never a 5xx).
_BAD_BODIES = (
    b"{not json",
    b"[]",
    b"null",
    json.dumps({"message": 42}).encode(),
    json.dumps({}).encode(),
    json.dumps({"message": ""}).encode(),
    json.dumps({"payload": "/restart"}).encode(),
    json.dumps({"message": "x" * 20000}).encode(),
)


def bad_request(rng: random.Random) -> bytes:
    """One malformed or empty chat body."""
    return rng.choice(_BAD_BODIES)
