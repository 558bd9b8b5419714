"""Cleaning of chat text and the few French sentences the web front writes itself."""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable

__all__ = [
    "clean_message",
    "strip_command_prefix",
    "privacy_notice",
    "MSG_EMPTY",
    "MSG_TOO_LONG",
    "MSG_DEGRADED",
    "MSG_NEW_SESSION",
]

# Unicode categories removed from chat text: controls, format characters (zero-width space,
# joiners, bidi overrides, BOM...), lone surrogates, private use and unassigned code points.
_DROP_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
# Line breaks and tabs become spaces (before controls are dropped) so words stay apart.
_SPACE_LIKE = re.compile(r"[\t\n\r\v\f\x85\u2028\u2029]")
_LEADING_SLASHES = re.compile(r"^[\s/]+")


def clean_message(text: str) -> str:
    """NFC-normalise ``text``, drop control and zero-width characters, collapse spaces, trim."""
    text = _SPACE_LIKE.sub(" ", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in _DROP_CATEGORIES)
    text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


def strip_command_prefix(text: str) -> str:
    """Remove leading slashes so free text is never read by Rasa as ``/intent{...}``."""
    return _LEADING_SLASHES.sub("", text)


MSG_EMPTY = (
    "Je n'ai pas reçu de texte. Posez-moi votre question sur l'orientation, la formation ou "
    "l'emploi, par exemple : « Où trouver un conseiller près de Rennes ? »"
)

MSG_TOO_LONG = (
    "Votre message est trop long (plus de {limit} caractères). Pouvez-vous le résumer en "
    "quelques phrases ? Inutile de donner votre nom ou vos coordonnées."
)

MSG_DEGRADED = (
    "Je ne peux pas vous répondre pour le moment. Vous pouvez parler à un conseiller : "
    "France Travail au 39 49 si vous cherchez un emploi, un conseiller en évolution "
    "professionnelle sur https://mon-cep.org, ou la Cité des métiers la plus proche de chez vous "
    "(https://www.reseaucitesdesmetiers.org). Vous pouvez aussi réessayer dans quelques minutes."
)

MSG_NEW_SESSION = (
    "Notre conversation est devenue longue : j'en commence une nouvelle pour vous répondre "
    "rapidement. Si ma réponse ne suit pas ce que nous disions, rappelez-moi votre situation "
    "ou votre ville."
)

_KIND_LABELS = (
    # (substring of the recognizer's kind, French label), first match wins
    ("MAIL", "adresse e-mail"),
    ("PHONE", "numéro de téléphone"),
    ("TEL", "numéro de téléphone"),
    ("NIR", "numéro de sécurité sociale"),
    ("SSN", "numéro de sécurité sociale"),
    ("SECU", "numéro de sécurité sociale"),
    ("IBAN", "IBAN"),
    ("NAISSANCE", "date de naissance"),
    ("BANK", "coordonnées bancaires"),
    ("CARD", "numéro de carte"),
    ("ADDRESS", "adresse postale"),
    ("ADRESSE", "adresse postale"),
    ("STREET", "adresse postale"),
    ("PERSON", "nom"),
    ("NAME", "nom"),
    ("NOM", "nom"),
)


def _kind_label(kind: str) -> str:
    upper = kind.upper()
    for needle, label in _KIND_LABELS:
        if needle in upper:
            return label
    return "autre donnée personnelle"


def privacy_notice(kinds: Iterable[str]) -> str:
    """French notice telling the visitor which kinds of personal data were removed."""
    labels: list[str] = []
    for kind in kinds:
        label = _kind_label(str(kind))
        if label not in labels:
            labels.append(label)
    detail = f" ({', '.join(labels)})" if labels else ""
    return (
        f"Par sécurité, j'ai retiré de votre message des informations personnelles{detail} : "
        "je n'en ai pas besoin et je ne garde rien."
    )
