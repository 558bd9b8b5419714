"""IBANs: Presidio's own ``IbanRecognizer`` (ISO 13616 formats per country, mod-97 checksum), in French."""

from __future__ import annotations

import regex
from presidio_analyzer.predefined_recognizers import IbanRecognizer as PresidioIbanRecognizer

from .base import LANGUAGE

CONTEXT = ["iban", "rib", "bancaire", "banque", "compte", "virement"]


class IbanRecognizer(PresidioIbanRecognizer):
    """IBAN, spaced in groups of four or not, in capitals or not, kept only when its country's format
    (exact length) and its checksum are right."""

    ENTITY = "IBAN"

    def __init__(self) -> None:
        super().__init__(
            context=CONTEXT,
            supported_language=LANGUAGE,
            supported_entity=self.ENTITY,
            exact_match=True,  # the country's format must match the whole IBAN, not a prefix of it
            regex_flags=regex.DOTALL | regex.MULTILINE | regex.IGNORECASE,  # "fr76 …" is typed too
            name=type(self).__name__,
        )

    def validate_result(self, pattern_text: str) -> bool:
        """Presidio's format and checksum check, on the IBAN in capitals."""
        return bool(super().validate_result(pattern_text.upper()))


def iban_is_valid(value: str) -> bool:
    """Whether ``value`` is a well-formed IBAN with a right checksum."""
    return _CHECKER.validate_result(value)


_CHECKER = IbanRecognizer()
