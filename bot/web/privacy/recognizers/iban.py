"""IBANs, validated by their checksum."""
from __future__ import annotations

import re

from presidio_analyzer import Pattern

from .base import FrenchPatternRecognizer


_IBAN_LENGTHS = {
    "FR": 27, "MC": 27, "DE": 22, "BE": 16, "LU": 20, "CH": 21, "ES": 24, "IT": 27, "PT": 25,
    "NL": 18, "GB": 22, "IE": 22, "AT": 20, "PL": 28, "RO": 24, "MA": 28, "TN": 24, "DZ": 26,
    "SN": 28, "CI": 28, "SE": 24, "DK": 18, "FI": 18, "NO": 15, "GR": 27, "CZ": 24, "SK": 24,
    "HU": 28, "BG": 22, "HR": 21, "SI": 19, "EE": 20, "LV": 21, "LT": 20, "CY": 28, "MT": 31,
    "IS": 26, "LI": 21, "SM": 27, "AD": 24,
}


def iban_is_valid(value: str) -> bool:
    """ISO 13616 check: known length for the country, then mod 97 == 1."""
    compact = re.sub(r"[\s\-]", "", value).upper()
    if len(compact) < 15 or _IBAN_LENGTHS.get(compact[:2]) != len(compact) or not compact.isalnum():
        return False
    rearranged = compact[4:] + compact[:4]
    digits = "".join(str(int(c, 36)) for c in rearranged)
    return int(digits) % 97 == 1


def _iban_regex() -> str:
    alternatives = "|".join(
        f"{country}[0-9]{{2}}(?:[ \\-]?[0-9A-Za-z]){{{length - 4}}}"
        for country, length in sorted(_IBAN_LENGTHS.items())
    )
    return f"(?<![0-9A-Za-z])(?i:{alternatives})(?![0-9A-Za-z])"


class IbanRecognizer(FrenchPatternRecognizer):
    """IBAN, spaced in groups of four or not, validated by its mod-97 checksum."""

    ENTITY = "IBAN"
    PATTERNS = [Pattern("IBAN", _iban_regex(), 0.5)]
    CONTEXT = ["iban", "rib", "bancaire", "banque", "compte", "virement"]


    def validate_result(self, pattern_text: str) -> bool:
        """Keep only IBANs whose checksum is right."""
        return iban_is_valid(pattern_text)
