"""Presidio recognizers for French personal data, one class per kind of data.

Each recognizer emits the placeholder kind as its Presidio entity type (``EMAIL``, ``TELEPHONE``,
``NIR``, ``IBAN``, ``ADRESSE``, ``DATE_NAISSANCE``, ``NOM``, ``IDENTIFIANT``, ``CARTE_BANCAIRE``, ``SIRET``,
``NUMERO_FISCAL``, ``IMMATRICULATION``).
Checksums (NIR key, IBAN mod-97, the Luhn digit of a card, a SIRET or a SIREN)
are checked in ``validate_result`` so that random digit runs are left alone. Postal codes,
communes, departments, regions and ages are never emitted.

Recognizers receive text whose apostrophes and odd spaces were folded (same length), see
``bot.web.privacy.filter.fold_for_matching``.
"""

from __future__ import annotations

from typing import Optional

from presidio_analyzer import LocalRecognizer

from .address import AddressRecognizer
from .base import KINDS, LANGUAGE, PlaceLookup
from .birth_date import BirthDateRecognizer
from .email import EmailRecognizer, SpelledEmailRecognizer
from .iban import IbanRecognizer, RibRecognizer, iban_is_valid, rib_key_is_valid
from .identifier import (
    BankCardRecognizer,
    FranceTravailIdRecognizer,
    LicencePlateRecognizer,
    SiretRecognizer,
    TaxNumberRecognizer,
    luhn_is_valid,
)
from .names import (
    FirstNameLookup,
    FrenchWordLookup,
    NameContextRecognizer,
    SpacedLettersNameRecognizer,
    SpacyPersonRecognizer,
    default_first_name_lookup,
    default_french_word_lookup,
)
from .nir import NirRecognizer, PartialNirRecognizer, nir_key_is_valid
from .phone import PhoneRecognizer

__all__ = [
    "KINDS",
    "LANGUAGE",
    "FrenchWordLookup",
    "FirstNameLookup",
    "PlaceLookup",
    "EmailRecognizer",
    "SpelledEmailRecognizer",
    "default_french_word_lookup",
    "default_first_name_lookup",
    "PhoneRecognizer",
    "NirRecognizer",
    "PartialNirRecognizer",
    "IbanRecognizer",
    "RibRecognizer",
    "FranceTravailIdRecognizer",
    "BankCardRecognizer",
    "SiretRecognizer",
    "TaxNumberRecognizer",
    "LicencePlateRecognizer",
    "AddressRecognizer",
    "BirthDateRecognizer",
    "NameContextRecognizer",
    "SpacedLettersNameRecognizer",
    "SpacyPersonRecognizer",
    "nir_key_is_valid",
    "iban_is_valid",
    "rib_key_is_valid",
    "luhn_is_valid",
    "build_recognizers",
]

_DEFAULT = object()


def build_recognizers(
    place_lookup: Optional[PlaceLookup] = None,
    french_word_lookup: "FrenchWordLookup | None | object" = _DEFAULT,
    first_name_lookup: "FirstNameLookup | None | object" = _DEFAULT,
) -> list[LocalRecognizer]:
    """One recognizer per kind of personal data, ready for a Presidio ``RecognizerRegistry``.

    ``french_word_lookup`` defaults to :func:`default_french_word_lookup` (None: no lower-case
    names after weak triggers), ``first_name_lookup`` to :func:`default_first_name_lookup`.
    """
    if french_word_lookup is _DEFAULT:
        french_word_lookup = default_french_word_lookup()
    if first_name_lookup is _DEFAULT:
        first_name_lookup = default_first_name_lookup()
    return [
        EmailRecognizer(),
        SpelledEmailRecognizer(),
        PhoneRecognizer(),
        NirRecognizer(),
        PartialNirRecognizer(),
        IbanRecognizer(),
        RibRecognizer(),
        FranceTravailIdRecognizer(),
        BankCardRecognizer(),
        SiretRecognizer(),
        TaxNumberRecognizer(),
        LicencePlateRecognizer(),
        AddressRecognizer(),
        BirthDateRecognizer(),
        NameContextRecognizer(place_lookup, french_word_lookup, first_name_lookup),  # type: ignore[arg-type]
        SpacedLettersNameRecognizer(place_lookup, french_word_lookup, first_name_lookup),  # type: ignore[arg-type]
        SpacyPersonRecognizer(place_lookup, french_word_lookup, first_name_lookup),  # type: ignore[arg-type]
    ]
