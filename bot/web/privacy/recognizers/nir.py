"""French social security numbers (NIR), with or without their key."""

from __future__ import annotations

import re

from presidio_analyzer import Pattern

from .base import FrenchPatternRecognizer


def nir_key_is_valid(value: str) -> bool:
    """Check a French social security number (NIR): 13 characters + a 2-digit key.

    key = 97 - (first 13 digits mod 97); Corsica's "2A"/"2B" count as "19"/"18".
    """
    compact = re.sub(r"[^0-9ABab]", "", value).upper()  # separators, "/", "clé" typed apart
    if len(compact) != 15 or compact[0] not in "12345678":
        return False
    body, key = compact[:13], compact[13:]
    body = body[:5] + body[5:7].replace("2A", "19").replace("2B", "18") + body[7:]
    if not (body.isdigit() and key.isdigit()):
        return False
    return 97 - int(body) % 97 == int(key)


# Between the 13 characters and the key: nothing, one separator, or the key typed apart
# ("084 / 36", "084 - 36", "084, clé 36", "084 (clé : 36").
_NIR_KEY_SEPARATOR = r"(?:[ .\-]?|[ ]*[/,;:\-][ ]*|[ ]*[,(]?[ ]*(?i:cl[ée]|cle|key)[ ]*:?[ ]*)"


class NirRecognizer(FrenchPatternRecognizer):
    """French social security number, spaced or not (spaces, dots, dashes, slashes), validated by its key."""

    ENTITY = "NIR"
    PATTERNS = [
        Pattern(
            "NIR (13 + key)",
            r"(?<![0-9A-Za-z])[1-478](?:[ ./\-]?[0-9]){4}[ ./\-]?(?:[0-9][ ./\-]?[0-9]|2[ ./\-]?[ABab])"
            r"(?:[ ./\-]?[0-9]){6}" + _NIR_KEY_SEPARATOR + r"[0-9]{2}(?![0-9A-Za-z])",
            0.5,
        )
    ]
    CONTEXT = ["sécu", "secu", "sécurité", "securite", "sociale", "nir", "vitale", "insee", "numéro"]

    def validate_result(self, pattern_text: str) -> bool:
        """Keep only numbers whose key matches."""
        return nir_key_is_valid(pattern_text)


class PartialNirRecognizer(FrenchPatternRecognizer):
    """A NIR typed without its key (13 characters), or with a key that does not match (a slip in
    the key leaves the 13 characters that identify): no checksum to check, so it is redacted only
    when a context word ("sécu", "sécurité sociale", "NIR", "carte vitale") comes just before."""

    ENTITY = "NIR"
    PATTERNS = [
        Pattern(
            "NIR without key or with a wrong one",
            r"(?<![0-9A-Za-z])[1-478][ .\-]?[0-9]{2}[ .\-]?(?:0[1-9]|1[0-2]|[2-9][0-9])[ .\-]?"
            r"(?:[0-9]{2}|2[ABab])[ .\-]?[0-9]{3}[ .\-]?[0-9]{3}(?:[ .\-]?[0-9]{2})?"
            # no digit after it (a longer number), no letter glued to it; a word may follow a space
            r"(?![0-9A-Za-z])(?![ .\-]?[0-9])",
            0.2,
        )
    ]
    # "vital": spaCy's lemma of "vitale" (the context is matched on lemmas), so "carte vitale" counts
    CONTEXT = ["sécu", "secu", "sécurité", "securite", "social", "sociale", "nir", "vitale", "vital", "ss"]
