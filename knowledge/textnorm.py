"""Normalising French place names and queries (standard library only)."""

from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s\-‐‑–—_'’`´.,;:!?()\[\]/\"«»]+")
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
ARTICLES = ("le", "la", "les", "l")


def strip_accents(text: str) -> str:
    """'Côtes-d'Armor' -> 'Cotes-d'Armor'."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def normalise(text: str) -> str:
    """Lower case, no accents, hyphens and apostrophes as spaces, St/Ste expanded, œ folded.

    'Saint-Brieuc' -> 'saint brieuc'; 'ST BRIEUC' -> 'saint brieuc'; "L'Haÿ-les-Roses" -> 'l hay les roses'.
    """
    text = strip_accents(text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae")).lower()
    words = [w for w in _SEPARATORS.split(text) if w]
    words = [_ABBREVIATIONS.get(w, "sur" if w == "s" and i > 0 else w) for i, w in enumerate(words)]
    return " ".join(words)


def without_article(normalised: str) -> str:
    """'le havre' -> 'havre'; names without a leading article are returned unchanged."""
    head, _, rest = normalised.partition(" ")
    return rest if head in ARTICLES and rest else normalised
