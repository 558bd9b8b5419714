"""Cleaning of chat text and the few French sentences the web front writes itself."""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable

__all__ = [
    "clean_message",
    "strip_command_prefix",
    "defang_urls",
    "SLASH_LOOKALIKES",
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

#: Characters a visitor could type to look like Rasa's command prefix "/": the solidus itself,
#: its NFKC compatibility form (FULLWIDTH SOLIDUS) and every character that Unicode's
#: confusables table (https://www.unicode.org/Public/security/latest/confusables.txt) maps to
#: U+002F. At the start of typed text they are all stripped, exactly like "/".
SLASH_LOOKALIKES = frozenset(
    "/"
    "\uff0f"  # FULLWIDTH SOLIDUS (NFKC -> "/")
    "\u1735"  # PHILIPPINE SINGLE PUNCTUATION
    "\u2041"  # CARET INSERTION POINT
    "\u2044"  # FRACTION SLASH
    "\u2215"  # DIVISION SLASH
    "\u2571"  # BOX DRAWINGS LIGHT DIAGONAL UPPER RIGHT TO LOWER LEFT
    "\u27cb"  # MATHEMATICAL RISING DIAGONAL
    "\u29f8"  # BIG SOLIDUS
    "\U0001d23a"  # GREEK INSTRUMENTAL NOTATION SYMBOL-47
    "\u2cc6"  # COPTIC CAPITAL LETTER OLD COPTIC ESH
    "\u2f03"  # KANGXI RADICAL SLASH
    "\u3033"  # VERTICAL KANA REPEAT MARK UPPER HALF
    "\u30ce"  # KATAKANA LETTER NO
    "\u31d3"  # CJK STROKE SP
    "\u4e3f"  # CJK UNIFIED IDEOGRAPH-4E3F
)
_LEADING_SLASHES = re.compile("^[\\s%s]+" % re.escape("".join(sorted(SLASH_LOOKALIKES))))
# A URL scheme typed by the visitor ("https://", "HTTP://"): removed so that no bot message
# that quotes the visitor can ever carry a live link (the chat page links http(s) URLs only).
_URL_SCHEME = re.compile(r"(?i)https?\s*:\s*/+")
# Vulgar fractions stay as typed: NFKC would turn "1½" into "11⁄2".
_FRACTIONS = re.compile(
    "([%s])" % "".join(chr(c) for c in range(0x80, 0x2200) if "\u2044" in unicodedata.normalize("NFKC", chr(c)))
)


def clean_message(text: str) -> str:
    """NFKC-normalise ``text``, drop control and zero-width characters and the combining marks that
    only decorate Latin letters or digits, collapse spaces, trim.

    NFKC (not only NFC) folds fullwidth and other compatibility forms ("／", "０６", "ｈｔｔｐ")
    to the plain characters the privacy filter and the command check look for. An acute accent
    typed as an apostrophe ("j´ai") becomes one first: NFKC would make it a space and a
    combining accent ("j ́ai").
    """
    text = _SPACE_LIKE.sub(" ", text).replace("\u00b4", "'")
    text = "".join(ch for ch in text if unicodedata.category(ch) not in _DROP_CATEGORIES)
    text = "".join(
        part if i % 2 else unicodedata.normalize("NFKC", part) for i, part in enumerate(_FRACTIONS.split(text))
    )
    return " ".join(_drop_decorating_marks(text).split())


def _is_latin_or_ascii(char: str) -> bool:
    return char.isascii() or unicodedata.name(char, "").startswith("LATIN ")


def _drop_decorating_marks(text: str) -> str:
    """Drop the combining marks left on Latin letters, digits and ASCII after NFKC.

    NFKC composes every French accent ("e" + U+0301 -> "é"); what is left on such a base only
    decorates it (strikethrough "Y̶s̶o̶l̶d̶e̶", underline, Zalgo, keycap digits "0️⃣6️⃣") and would hide
    a name or a number from the privacy filter. Marks of other scripts (Arabic vowels, Devanagari
    signs) stay: their base is not Latin.
    """
    kept: list[str] = []
    base = ""
    for char in text:
        if unicodedata.category(char) in ("Mn", "Me"):
            if not base or _is_latin_or_ascii(base):
                continue
        else:
            base = char
        kept.append(char)
    return "".join(kept)


def strip_command_prefix(text: str) -> str:
    """Remove leading slashes and their look-alikes so typed text is never read by Rasa as
    ``/intent{...}``."""
    return _LEADING_SLASHES.sub("", text)


def defang_urls(text: str) -> str:
    """Drop the ``http(s)://`` of URLs typed by the visitor ("https://x.fr/a" -> "x.fr/a").

    Repeated until none is left: removing one from "htthttp://ps://x.fr" joins "htt" and "ps://"
    into a new "https://" (each pass shortens the text, so this ends).
    """
    while True:
        text, count = _URL_SCHEME.subn("", text)
        if not count:
            return text


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
    ("SIRET", "numéro SIRET ou SIREN"),
    ("FISCAL", "numéro fiscal"),
    ("IMMATRICULATION", "plaque d'immatriculation"),
    ("CARTE", "numéro de carte bancaire"),
    ("IDENTIFIANT", "identifiant"),
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
