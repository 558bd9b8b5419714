"""A job seeker's France Travail identifier, and a bank card number."""

from __future__ import annotations

import re

from presidio_analyzer import Pattern

from .base import FrenchPatternRecognizer


def luhn_is_valid(value: str) -> bool:
    """Luhn check of the digits of ``value`` (bank card numbers carry one)."""
    digits = [int(c) for c in re.sub(r"[^0-9]", "", value)]
    if not 13 <= len(digits) <= 19:
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
    """A bank card number: sixteen digits (four groups of four, or together), Luhn-checked."""

    ENTITY = "CARTE_BANCAIRE"
    PATTERNS = [
        Pattern(
            "bank card (16 digits)",
            r"(?<![0-9])[2-6][0-9]{3}(?:[ .\-]?[0-9]{4}){3}(?![ .\-]?[0-9])",
            0.5,
        )
    ]
    CONTEXT = ["carte", "cb", "bancaire", "visa", "mastercard"]

    def validate_result(self, pattern_text: str) -> bool:
        """Keep only numbers whose Luhn check digit matches."""
        return luhn_is_valid(pattern_text)
