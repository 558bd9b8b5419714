"""Identifiers: a job seeker's France Travail identifier, a bank card number, a sole trader's SIRET or
SIREN, a tax number (numéro fiscal) and a vehicle's licence plate."""

from __future__ import annotations

import re
from typing import Container, Optional

from presidio_analyzer import Pattern

from .base import FrenchPatternRecognizer

#: Lengths of bank card numbers (ISO/IEC 7812).
CARD_LENGTHS = range(13, 20)


def luhn_is_valid(value: str, lengths: Container[int] = CARD_LENGTHS) -> bool:
    """Luhn check of the digits of ``value`` (bank card numbers carry one, SIRET and SIREN too),
    when their count is one of ``lengths`` (a card's, by default)."""
    digits = [int(c) for c in re.sub(r"[^0-9]", "", value)]
    if len(digits) not in lengths:
        return False
    total = 0
    for i, digit in enumerate(reversed(digits)):
        if i % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


class FranceTravailIdRecognizer(FrenchPatternRecognizer):
    """A France Travail (ex-Pôle emploi) identifier, seven digits and a letter ("1234567A"), redacted
    when a context word ("identifiant", "pôle emploi", "France Travail", "dossier") comes just before."""

    ENTITY = "IDENTIFIANT"
    PATTERNS = [Pattern("France Travail identifier", r"(?<![0-9A-Za-z])[0-9]{7}[ ]?[A-Za-z](?![0-9A-Za-z])", 0.2)]
    CONTEXT = ["identifiant", "id", "pôle", "pole", "travail", "emploi", "dossier", "numéro", "demandeur"]


class BankCardRecognizer(FrenchPatternRecognizer):
    """A bank card number, Luhn-checked: sixteen digits (four groups of four, or together), or an
    American Express number (fifteen digits from 34 or 37, grouped 4-6-5, 4-4-4-3 or together)."""

    ENTITY = "CARTE_BANCAIRE"
    PATTERNS = [
        Pattern(
            "bank card (16 digits)",
            r"(?<![0-9])[2-6][0-9]{3}(?:[ .\-]?[0-9]{4}){3}(?![ .\-]?[0-9])",
            0.5,
        ),
        Pattern(
            "American Express (15 digits)",
            r"(?<![0-9])3[47][0-9]{2}(?:[ .\-]?[0-9]{6}[ .\-]?[0-9]{5}|(?:[ .\-]?[0-9]{4}){2}[ .\-]?[0-9]{3})"
            r"(?![ .\-]?[0-9])",
            0.5,
        ),
    ]
    CONTEXT = ["carte", "cb", "bancaire", "visa", "mastercard", "amex", "american"]

    def validate_result(self, pattern_text: str) -> bool:
        """Keep only numbers whose Luhn check digit matches."""
        return luhn_is_valid(pattern_text)


class SiretRecognizer(FrenchPatternRecognizer):
    """A firm's SIRET (fourteen digits, grouped 3-3-3-5 or together) or SIREN (nine digits), both
    Luhn-checked: a sole trader's identifies the person. A SIREN is shorter and one nine-digit run in
    ten passes the check, so it needs a context word before it ("SIREN", "SIRET", "entreprise")."""

    ENTITY = "SIRET"
    PATTERNS = [
        Pattern(
            "SIRET (14 digits)",
            r"(?<![0-9])[0-9]{3}(?P<sep>[ .]?)[0-9]{3}(?P=sep)[0-9]{3}(?P=sep)(?:[0-9]{5}|[0-9]{3}(?P=sep)[0-9]{2})"
            r"(?![ .\-]?[0-9])",
            0.5,
        ),
        Pattern("SIREN (9 digits)", r"(?<![0-9])[0-9]{3}(?P<sep>[ .]?)[0-9]{3}(?P=sep)[0-9]{3}(?![ .\-]?[0-9])", 0.2),
    ]
    CONTEXT = ["siret", "siren", "entreprise", "micro-entreprise", "auto-entrepreneur", "kbis", "société", "insee"]

    def validate_result(self, pattern_text: str) -> Optional[bool]:
        """A SIRET whose Luhn digit matches is kept (Presidio then gives it its highest score); a SIREN
        whose digit matches keeps its low score (None), so only a context word brings it over the
        threshold; a number whose digit does not match is dropped."""
        if not luhn_is_valid(pattern_text, lengths=(9, 14)):
            return False
        return True if len(re.sub(r"[^0-9]", "", pattern_text)) == 14 else None


class TaxNumberRecognizer(FrenchPatternRecognizer):
    """A tax number (numéro fiscal, SPI): thirteen digits from 0, 1, 2 or 3, spaced or not; it carries
    no check the filter knows, so it is redacted only after a context word ("fiscal", "impôts", "SPI")."""

    ENTITY = "NUMERO_FISCAL"
    PATTERNS = [
        Pattern("tax number (13 digits)", r"(?<![0-9A-Za-z])[0-3][ .]?[0-9](?:[ .]?[0-9]){11}(?![ .\-]?[0-9])", 0.2)
    ]
    CONTEXT = ["fiscal", "fiscale", "impôt", "impot", "impôts", "impots", "spi", "contribuable"]


class LicencePlateRecognizer(FrenchPatternRecognizer):
    """A French licence plate: today's "AB-123-CD" (letters I, O and U are never used), in capitals
    with dashes, spaces or nothing between the groups, or in lower case with dashes; the old "1234 AB 56"
    (number, letters, department) only after a context word ("plaque", "immatriculation", "voiture")."""

    ENTITY = "IMMATRICULATION"
    _LETTERS = "[A-HJ-NP-TV-Z]{2}"
    PATTERNS = [
        Pattern(
            "plate (SIV)",
            rf"(?<![0-9A-Za-z\-]){_LETTERS}(?P<sep>[ \-]?)[0-9]{{3}}(?P=sep){_LETTERS}(?![0-9A-Za-z\-])",
            0.6,
        ),
        Pattern(
            "plate (SIV, lower case)",
            r"(?<![0-9A-Za-z\-])[a-hj-np-tv-z]{2}-[0-9]{3}-[a-hj-np-tv-z]{2}(?![0-9A-Za-z\-])",
            0.6,
        ),
        Pattern(
            "plate (FNI)",
            r"(?<![0-9A-Za-z\-])[0-9]{1,4}[ \-]?[A-Z]{2,3}[ \-]?(?:0[1-9]|[1-8][0-9]|9[0-5]|2[AB]|97[1-6])(?![0-9A-Za-z\-])",
            0.2,
        ),
    ]
    CONTEXT = ["plaque", "immatriculation", "immatriculé", "immatriculée", "immatriculer", "voiture", "véhicule"]
