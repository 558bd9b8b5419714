"""Presidio recognizers for French personal data, one class per kind of data.

Each recognizer emits the placeholder kind as its Presidio entity type (``EMAIL``, ``TELEPHONE``,
``NIR``, ``IBAN``, ``ADRESSE``, ``DATE_NAISSANCE``, ``NOM``). Checksums (NIR key, IBAN mod-97)
are checked in ``validate_result`` so that random digit runs are left alone. Postal codes,
communes, departments, regions and ages are never emitted.

Recognizers receive text whose apostrophes and odd spaces were folded (same length), see
``bot.privacy.filter.fold_for_matching``.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Callable, Iterable, List, Optional

import phonenumbers
import tldextract
from presidio_analyzer import LocalRecognizer, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import EmailRecognizer as _PresidioEmailRecognizer

from .vocabulary import (
    STREET_STOP_WORDS,
    STREET_TYPES_STRONG,
    STREET_TYPES_WEAK,
    fold,
    is_common_word,
)

__all__ = [
    "KINDS",
    "PlaceLookup",
    "EmailRecognizer",
    "SpelledEmailRecognizer",
    "default_french_word_lookup",
    "PhoneRecognizer",
    "NirRecognizer",
    "PartialNirRecognizer",
    "IbanRecognizer",
    "AddressRecognizer",
    "BirthDateRecognizer",
    "NameContextRecognizer",
    "SpacyPersonRecognizer",
    "nir_key_is_valid",
    "iban_is_valid",
    "build_recognizers",
]

KINDS = ("ADRESSE", "DATE_NAISSANCE", "EMAIL", "IBAN", "NIR", "NOM", "TELEPHONE")
LANGUAGE = "fr"

#: ``lookup(text) -> True`` when ``text`` names a commune, department or region (kept, never a name).
PlaceLookup = Callable[[str], bool]

# Public suffix list: the snapshot bundled with tldextract, no download, no cache file.
_OFFLINE_TLD = tldextract.TLDExtract(cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True)


def _result(recognizer: LocalRecognizer, kind: str, start: int, end: int, score: float) -> RecognizerResult:
    return RecognizerResult(
        entity_type=kind,
        start=start,
        end=end,
        score=score,
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: recognizer.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id,
        },
    )


# --------------------------------------------------------------------------- e-mail


class _FrenchRecognizer(LocalRecognizer):
    """A recognizer of this module: one entity (``ENTITY``), French, named after its class, nothing to load."""

    ENTITY = ""

    def __init__(self) -> None:
        super().__init__(supported_entities=[self.ENTITY], supported_language=LANGUAGE, name=type(self).__name__)

    def load(self) -> None:  # noqa: D102 - nothing to load
        pass


class EmailRecognizer(_PresidioEmailRecognizer):
    """E-mail addresses; the domain is checked against tldextract's bundled suffix snapshot."""

    CONTEXT = ["mail", "e-mail", "email", "courriel", "adresse", "écrire", "contacter"]

    def __init__(self) -> None:
        super().__init__(context=self.CONTEXT, supported_language=LANGUAGE, supported_entity="EMAIL")
        _OFFLINE_TLD("exemple.fr")  # load the bundled suffix snapshot now, not on the first message

    def validate_result(self, pattern_text: str) -> bool:
        """True when the domain ends with a known public suffix (offline)."""
        return _OFFLINE_TLD(pattern_text.rsplit("@", 1)[-1]).suffix != ""


class SpelledEmailRecognizer(_FrenchRecognizer):
    """E-mail addresses written out to dodge filters: "jean point dupont at gmail point com",
    "x [at] y [dot] fr", "jean.dupont arobase exemple.fr", "j.d (at) exemple (dot) fr", "a @ b.fr".

    The domain, rebuilt with dots, must end with a known public suffix (offline tldextract).
    """

    ENTITY = "EMAIL"

    _DOT = r"(?:[ ]*[\[({<][ ]*(?:dot|point|pt|\.)[ ]*[\])}>][ ]*|[ ]+(?:dot|point)[ ]+|\.)"
    _AT = (
        r"(?:[ ]*[\[({<][ ]*(?:at|ar+obas(?:e|que)?|@)[ ]*[\])}>][ ]*"
        r"|[ ]+(?:at|ar+obas(?:e|que)?)[ ]+|[ ]*@[ ]*)"
    )
    _REGEX = re.compile(
        rf"(?i)(?<![\w.@])(?P<local>[a-z0-9_%+\-]+(?:{_DOT}[a-z0-9_%+\-]+){{0,4}})"
        rf"{_AT}(?P<domain>[a-z0-9\-]+(?:{_DOT}[a-z0-9\-]+){{1,4}})(?![\w])"
    )
    _DOT_RE = re.compile(rf"(?i){_DOT}")
    SCORE = 0.7

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        """Return the written-out e-mail addresses found in ``text``."""
        results = []
        for match in self._REGEX.finditer(text):
            domain = self._DOT_RE.sub(".", match.group("domain"))
            parts = _OFFLINE_TLD(domain)
            if parts.suffix and parts.domain:
                results.append(_result(self, "EMAIL", match.start(), match.end(), self.SCORE))
        return results


# --------------------------------------------------------------------------- phone


class PhoneRecognizer(_FrenchRecognizer):
    """French and international phone numbers (06 12 34 56 78, 06.12..., +33 6..., 0033..., +44 20...).

    Two sources: python-phonenumbers (region FR, numbers it considers valid) and two regexes that
    catch any French ten-digit number and any ``+``/``00`` international number of 8 to 15 digits,
    valid or not (privacy first).
    """

    ENTITY = "TELEPHONE"

    _FR_NATIONAL = re.compile(r"(?<![\d+])0[ ]?[1-9](?:[ .\-]?\d{2}){4}(?!\d)")
    _INTERNATIONAL = re.compile(
        r"(?<![\w+])(?:\+|00)[ ]?[1-9]\d{0,2}(?:[ ]?\(0\))?(?:[ .\-]?\d{1,4}){2,6}(?!\d)"
    )
    SCORE = 0.7

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        """Return the phone numbers found in ``text``."""
        spans: set[tuple[int, int]] = set()
        for match in phonenumbers.PhoneNumberMatcher(text, "FR", leniency=phonenumbers.Leniency.VALID):
            if sum(c.isdigit() for c in match.raw_string) >= 8:
                spans.add((match.start, match.end))
        for match in self._FR_NATIONAL.finditer(text):
            spans.add(match.span())
        for match in self._INTERNATIONAL.finditer(text):
            if 8 <= sum(c.isdigit() for c in match.group()) <= 15:
                spans.add(match.span())
        return [_result(self, "TELEPHONE", start, end, self.SCORE) for start, end in sorted(spans)]


# --------------------------------------------------------------------------- NIR


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


class _FrenchPatternRecognizer(PatternRecognizer):
    """A pattern recognizer of this module: ``ENTITY`` found by ``PATTERNS``, helped by ``CONTEXT`` words."""

    ENTITY = ""
    PATTERNS: List[Pattern] = []
    CONTEXT: List[str] = []

    def __init__(self) -> None:
        super().__init__(
            supported_entity=self.ENTITY,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language=LANGUAGE,
            name=type(self).__name__,
        )


class NirRecognizer(_FrenchPatternRecognizer):
    """French social security number, spaced or not, validated by its key."""

    ENTITY = "NIR"
    PATTERNS = [
        Pattern(
            "NIR (13 + key)",
            r"(?<![0-9A-Za-z])[1-478](?:[ .\-]?[0-9]){4}[ .\-]?(?:[0-9][ .\-]?[0-9]|2[ .\-]?[ABab])"
            r"(?:[ .\-]?[0-9]){6}" + _NIR_KEY_SEPARATOR + r"[0-9]{2}(?![0-9A-Za-z])",
            0.5,
        )
    ]
    CONTEXT = ["sécu", "secu", "sécurité", "securite", "sociale", "nir", "vitale", "insee", "numéro"]


    def validate_result(self, pattern_text: str) -> bool:
        """Keep only numbers whose key matches."""
        return nir_key_is_valid(pattern_text)


class PartialNirRecognizer(_FrenchPatternRecognizer):
    """A NIR typed without its key (13 characters): no checksum to check, so it is redacted only
    when a context word ("sécu", "sécurité sociale", "NIR", "carte vitale") comes just before."""

    ENTITY = "NIR"
    PATTERNS = [
        Pattern(
            "NIR without key",
            r"(?<![0-9A-Za-z])[1-478][ .\-]?[0-9]{2}[ .\-]?(?:0[1-9]|1[0-2]|[2-9][0-9])[ .\-]?"
            r"(?:[0-9]{2}|2[ABab])[ .\-]?[0-9]{3}[ .\-]?[0-9]{3}(?![ .\-]?[0-9A-Za-z])",
            0.2,
        )
    ]
    CONTEXT = ["sécu", "secu", "sécurité", "securite", "social", "sociale", "nir", "vitale", "ss"]



# --------------------------------------------------------------------------- IBAN

# Lengths of the IBANs people in France are likely to type (SEPA countries and neighbours).
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


class IbanRecognizer(_FrenchPatternRecognizer):
    """IBAN, spaced in groups of four or not, validated by its mod-97 checksum."""

    ENTITY = "IBAN"
    PATTERNS = [Pattern("IBAN", _iban_regex(), 0.5)]
    CONTEXT = ["iban", "rib", "bancaire", "banque", "compte", "virement"]


    def validate_result(self, pattern_text: str) -> bool:
        """Keep only IBANs whose checksum is right."""
        return iban_is_valid(pattern_text)


# --------------------------------------------------------------------------- street address


def _alternation(words: Iterable[str]) -> str:
    parts = sorted((re.escape(w).replace(r"\ ", r"[ \-]") for w in words), key=len, reverse=True)
    return "|".join(parts)


class AddressRecognizer(_FrenchRecognizer):
    """Street addresses: house number (12, 12 bis, 12-14) + street type + street name; "lieu-dit X".

    The street name stops at punctuation, at a postal code and at words such as "à" or "et", so
    "12 rue de la Paix à Rennes" and "3 av. Foch, 35000 Rennes" keep the commune and postal code.
    Street types that are also common words ("cours", "place", "route") need a capitalised street
    name or an address word before them ("j'habite 3 place du marché").
    """

    ENTITY = "ADRESSE"

    _NUMBER = r"(?<![\w.,/])\d{1,4}(?:[ ]?-[ ]?\d{1,4})?(?:[ ]?(?:bis|ter|quater|[a-dA-D])\b)?"
    _HEAD = re.compile(
        rf"(?P<num>{_NUMBER})?[ ]*,?[ ]*"
        rf"(?i:(?P<strong>{_alternation(STREET_TYPES_STRONG)})|(?P<weak>{_alternation(STREET_TYPES_WEAK)}))"
        r"(?![\w\-])"
    )
    _WORD = re.compile(r"[ ]+(?P<w>[^\W_][\w'\-]*\.?)")
    _ADDRESS_CONTEXT = re.compile(
        r"(?i:habite|habitons|vis\b|vit\b|réside|reside|domicil|adresse|demeur|loge|logé|logée|j'suis au)"
    )
    _PARTICLES = frozenset({"de", "du", "des", "d'", "la", "le", "les", "l'", "aux", "au", "en", "sur", "sous"})
    _LIEU_DIT = frozenset({"lieu-dit", "lieudit", "lieu dit"})
    MAX_NAME_WORDS = 6
    SCORE = 0.7

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        """Return the street addresses found in ``text``."""
        results = []
        for head in self._HEAD.finditer(text):
            street_type = (head.group("strong") or head.group("weak")).lower()
            lieu_dit = street_type.replace("-", " ") in {w.replace("-", " ") for w in self._LIEU_DIT}
            context = bool(self._ADDRESS_CONTEXT.search(text, max(0, head.start() - 40), head.start()))
            if not head.group("num") and not (lieu_dit or context):
                continue
            start = head.start("num") if head.group("num") else head.start("strong" if head.group("strong") else "weak")
            if head.group("weak") and not context:
                end = self._street_name_end(text, head.end(), need_capital=True)
            else:
                end = self._street_name_end(text, head.end(), need_capital=False)
            if end is None:
                continue
            results.append(_result(self, "ADRESSE", start, end, self.SCORE))
        return results

    def _street_name_end(self, text: str, pos: int, need_capital: bool) -> Optional[int]:
        """End offset of the street name starting after ``pos``, or None when there is none."""
        end, words, seen_name = None, 0, False
        while words < self.MAX_NAME_WORDS:
            match = self._WORD.match(text, pos)
            if not match:
                break
            word = match.group("w")
            lower = word.lower().rstrip(".")
            if lower in STREET_STOP_WORDS or fold(lower) in STREET_STOP_WORDS:
                break
            if word.isdigit() and len(word) >= 5:  # postal code
                break
            elision = re.match(r"(?i)(?:d|l)'(.+)", word)
            core = elision.group(1) if elision else word
            if lower in self._PARTICLES:
                pos, words = match.end(), words + 1
                continue
            if not seen_name and need_capital and not (core[:1].isupper() or core[:1].isdigit()):
                return None
            seen_name = True
            pos, words, end = match.end(), words + 1, match.end()
        if end is not None and text[end - 1] == "." and not re.search(r"(?i)\b(?:st|ste|av|bd)\.$", text[:end]):
            end -= 1  # sentence full stop
        return end


# --------------------------------------------------------------------------- birth date

_MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|"
    "décembre|decembre|janv\\.?|févr\\.?|fevr\\.?|fév\\.?|fev\\.?|avr\\.?|juil\\.?|sept\\.?|oct\\.?|"
    "nov\\.?|déc\\.?|dec\\.?"
)


class BirthDateRecognizer(_FrenchRecognizer):
    """Birth dates: any full date after "né(e) le" / "date de naissance", and a bare dd/mm/yyyy
    whose year is that of someone at least 12 years old (1920 onwards).

    A year alone ("né en 1998") or an age ("j'ai 20 ans") is kept.
    """

    ENTITY = "DATE_NAISSANCE"

    _NUMERIC = re.compile(
        r"(?<![\d/.\-])(?:0?[1-9]|[12]\d|3[01])[ ]?([/.\-])[ ]?(?:0?[1-9]|1[0-2])[ ]?\1[ ]?(?P<year>\d{4}|\d{2})(?![\d/.\-]\d)"
    )
    _TEXTUAL = re.compile(
        rf"(?i:(?<!\w)(?:le[ ]+)?(?:1er|1ᵉʳ|premier|0?[1-9]|[12]\d|3[01])[ ]+(?:{_MONTHS})[ ]+(?P<year>\d{{4}}|'?\d{{2}}))(?!\d)"
    )
    _CONTEXT = re.compile(
        r"(?i:\bn[ée]e?s?\b|\bnaissance|\bnaiss\.|\bddn\b|\bdob\b|\banniversaire|\bnaquit|\bvu le jour)"
    )
    SCORE_CONTEXT = 0.85
    SCORE_BARE = 0.6

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        """Return birth dates found in ``text``."""
        latest_birth_year = _dt.date.today().year - 12
        results = []
        for regex, bare_allowed in ((self._NUMERIC, True), (self._TEXTUAL, False)):
            for match in regex.finditer(text):
                start = match.start()
                if text[start:start + 3].lower() == "le ":
                    start += 3
                has_context = bool(self._CONTEXT.search(text, max(0, start - 45), start))
                if has_context:
                    results.append(_result(self, "DATE_NAISSANCE", start, match.end(), self.SCORE_CONTEXT))
                    continue
                year = match.group("year").lstrip("'")
                if bare_allowed and len(year) == 4 and 1920 <= int(year) <= latest_birth_year:
                    results.append(_result(self, "DATE_NAISSANCE", start, match.end(), self.SCORE_BARE))
        return results


# --------------------------------------------------------------------------- names

_NAME_WORD = re.compile(r"[ ]*(?P<w>[^\W\d_](?:[\w'\-]*[^\W\d_])?)")
_NAME_PARTICLES = frozenset({"de", "du", "des", "d'", "le", "la", "van", "von", "der", "ben", "el", "al", "da", "di", "dos", "mac", "mc"})
_ELIDED_VERB = re.compile(r"(?i)^(?:j|n|m|t|s|c|qu|l|d)'[a-zàâäéèêëîïôöùûüç]")


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


#: ``is_french_word(word) -> True`` when the lower-case, accent-folded ``word`` is a French word.
FrenchWordLookup = Callable[[str], bool]

# Feminine and plural endings folded back to the form the word lists hold ("salariée" ->
# "salarié", "caissière" -> "caissier", "lycéenne" -> "lycéen").
_INFLECTIONS = (
    ("trices", "teur"), ("trice", "teur"), ("euses", "eur"), ("euse", "eur"), ("ieres", "ier"),
    ("iere", "ier"), ("ennes", "en"), ("enne", "en"), ("elles", "el"), ("elle", "el"),
    ("ettes", "et"), ("ette", "et"), ("ives", "if"), ("ive", "if"), ("es", ""), ("e", ""), ("s", ""),
)


def _is_french(word: str, is_french_word: FrenchWordLookup) -> bool:
    """True when ``word`` or its masculine singular form is a French word (lookup errors: True)."""
    folded = fold(word)
    candidates = [folded] + [folded[: -len(end)] + base for end, base in _INFLECTIONS if folded.endswith(end)]
    try:
        return any(is_french_word(c) for c in candidates if len(c) >= 2)
    except Exception:  # a broken word list must not turn ordinary words into names
        return True


def _take_lower_name(
    text: str,
    pos: int,
    is_french_word: FrenchWordLookup,
    is_place: Optional[Callable[[int, int], bool]] = None,
    max_words: int = 3,
) -> Optional[tuple[int, int]]:
    """Span of a name typed in lower case after a weak trigger ("je suis ysolde quarantelli").

    At least two words, each lower case, not a common word, not a French word (nor its
    masculine singular form) and not a place: "je suis aide soignante", "je suis à quimper",
    "je suis salariée" stay.
    """
    words: list[tuple[int, int]] = []
    while len(words) < max_words:
        match = _NAME_WORD.match(text, pos)
        if not match:
            break
        word = match.group("w")
        span = match.span("w")
        if (
            not word.islower() or len(word) < 2 or _ELIDED_VERB.match(word) or is_common_word(word)
            or _is_french(word, is_french_word) or (is_place is not None and is_place(*span))
        ):
            break
        words.append(span)
        pos = match.end()
    if len(words) < 2:
        return None
    return words[0][0], words[-1][1]


def default_french_word_lookup() -> Optional[FrenchWordLookup]:
    """``knowledge.french_words`` (spaCy's French lemma tables) when importable, else None."""
    try:
        from knowledge.french_words import french_word_checker  # type: ignore[import-not-found]
        from knowledge.textnorm import normalise  # type: ignore[import-not-found]

        checker = french_word_checker()
    except Exception:
        return None
    return lambda word: checker(normalise(word))


def _take_name(
    text: str,
    pos: int,
    allow_lower: bool,
    max_words: int = 3,
    is_place: Optional[Callable[[int, int], bool]] = None,
) -> Optional[tuple[int, int]]:
    """Span of the name that starts at ``pos`` (after a trigger), or None.

    A name word is capitalised and not a common word; lower-case words count only when
    ``allow_lower`` (after a strong trigger such as "je m'appelle"). Particles ("Le Goff",
    "de La Fontaine") are accepted inside a name when a name word follows; a lower-case "de"
    only after the first name word and not before a place ("Jean Dupont de Marseille").
    """
    words: list[tuple[int, int]] = []
    pending: list[tuple[int, int]] = []  # particles waiting for a following name word
    while len(words) < max_words:
        match = _NAME_WORD.match(text, pos)
        if not match:
            break
        word = match.group("w")
        span = match.span("w")
        lower = word.lower()
        if lower in _NAME_PARTICLES and len(pending) < 2:
            if word.islower() and len(words) != 1 and not pending:
                break  # "Dupont de Marseille": "de" after a full name introduces something else
            pending.append(span)
            pos = match.end()
            continue
        if pending and is_place is not None and is_place(*span):
            break
        if _ELIDED_VERB.match(word) and not _is_capitalised(word):
            break
        if is_common_word(word) or not (_is_capitalised(word) or allow_lower):
            break
        words.extend(pending)
        pending = []
        words.append(span)
        pos = match.end()
    if not words:
        return None
    return words[0][0], words[-1][1]


class NameContextRecognizer(_FrenchRecognizer):
    """People's names introduced by a phrase: "je m'appelle X", "mon nom est X", "je suis Mme X",
    "c'est X", "moi c'est X", "X Y ici", "Madame X", a signature after "Cordialement".

    Ordinary phrases stay: "je suis cadre", "c'est quoi le CPF", "c'est gratuit", "je m'appelle pas".
    After weak triggers ("c'est", "je suis", "ici") the name must be capitalised, and a place
    (spaCy LOC, or the optional place lookup) is never taken for a name.
    """

    ENTITY = "NOM"

    _CIVILITY = r"(?:m\.|mr\.?|mme\.?|mlle\.?|monsieur|madame|mademoiselle)"
    # (regex, allow lower-case name, veto: "" none, "place" place lookup, "ner" place lookup + spaCy)
    _TRIGGERS = [
        (r"\bj(?:e[ ]*|')?m(?:'|[ ])?[ ]*ap+el+e?(?:[ ]*:)?(?![\w])", True, ""),
        (r"\bmon[ ]+(?:pr[ée]nom|nom)(?:[ ]+(?:de[ ]+famille|complet))?[ ]*(?:est|c'est|:)(?![\w])", True, ""),
        (r"(?:^|[\n;,])[ ]*(?:pr[ée]nom|nom)(?:[ ]+de[ ]+famille)?[ ]*:", True, ""),
        (r"\bje[ ]+me[ ]+(?:pr[ée])?nomm?e(?![\w])", True, ""),
        (r"\bappelez[ \-]moi(?![\w])", True, ""),
        (rf"\bje[ ]+suis[ ]+{_CIVILITY}(?![\w])", True, ""),
        (rf"(?<![\w]){_CIVILITY}(?![\w])", False, ""),
        (r"\bmoi[ ]*,?[ ]*c'est(?![\w])", True, "ner"),
        (r"\bc'est(?![\w])", False, "ner"),
        (r"\bc(?:'est)?[ ]+moi(?![\w])", False, "ner"),
        (r"\bje[ ]+suis(?![\w])", False, "place"),
        (r"(?:^|[.!?,][ ]*)(?:bonjour|bonsoir|salut|hello|coucou)?[ ,]*ici(?![\w])", False, "ner"),
        (r"\b(?:cordialement|bien[ ]+à[ ]+vous|salutations|sign[ée])[ ]*[,.!]?", False, "place"),
    ]
    _TRIGGER_RES = [(re.compile(f"(?i:{regex})"), lower, veto) for regex, lower, veto in _TRIGGERS]
    # "Marie Dupont ici" (case-sensitive names)
    _HERE = re.compile(
        r"(?:^|[.!?][ ]*|(?i:bonjour|bonsoir|salut|hello|coucou)[ ,!]+)"
        r"(?P<name>[A-ZÀ-ÖØ-Þ][\w'\-]+(?:[ ]+[A-ZÀ-ÖØ-Þ][\w'\-]+){0,2})[ ]+(?i:ici)(?![\w])"
    )
    SCORE = 0.85

    def __init__(
        self, place_lookup: Optional[PlaceLookup] = None, french_word_lookup: Optional[FrenchWordLookup] = None
    ) -> None:
        """``french_word_lookup`` enables lower-case names after weak triggers ("je suis
        ysolde quarantelli"): without it, those need a capital letter."""
        super().__init__()
        self._place_lookup = place_lookup
        self._french_word_lookup = french_word_lookup

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        """Return names introduced by a trigger phrase."""
        results = []
        for regex, allow_lower, veto in self._TRIGGER_RES:
            for trigger in regex.finditer(text):
                is_place = self._place_checker(text, nlp_artifacts)
                span = _take_name(text, trigger.end(), allow_lower, is_place=is_place)
                if span is None and not allow_lower and self._french_word_lookup is not None:
                    span = _take_lower_name(text, trigger.end(), self._french_word_lookup, is_place)
                if span is None:
                    continue
                if veto and not self._plausible_name(text, span, nlp_artifacts, ner_veto=veto == "ner"):
                    continue
                results.append(_result(self, "NOM", span[0], span[1], self.SCORE))
        for match in self._HERE.finditer(text):
            start, end = match.span("name")
            for word in match.group("name").split():  # "Bonjour Marie Dupont ici" -> "Marie Dupont"
                if not is_common_word(word):
                    break
                start = text.index(word, start) + len(word)
                start += len(text[start:end]) - len(text[start:end].lstrip())
            if start >= end:
                continue
            if self._plausible_name(text, (start, end), nlp_artifacts, ner_veto=False):
                results.append(_result(self, "NOM", start, end, self.SCORE))
        return results

    def _place_checker(
        self, text: str, nlp_artifacts: Optional[NlpArtifacts]
    ) -> Callable[[int, int], bool]:
        """``check(start, end)``: the word is a place (spaCy LOC or the place lookup)."""
        locations = [
            (ent.start_char, ent.end_char) for ent in getattr(nlp_artifacts, "entities", None) or []
            if ent.label_ == "LOCATION"
        ]

        def check(start: int, end: int) -> bool:
            if any(s < end and e > start for s, e in locations):
                return True
            return self._place_lookup is not None and _safe_lookup(self._place_lookup, text[start:end])

        return check

    def _plausible_name(
        self, text: str, span: tuple[int, int], nlp_artifacts: Optional[NlpArtifacts], ner_veto: bool
    ) -> bool:
        """Veto places: the optional place lookup always, spaCy LOC/ORG-not-PER when ``ner_veto``.

        spaCy's small model tags many first names as LOC ("je suis Julie"), so its labels only
        veto after "c'est"/"ici", where places are common ("c'est Rennes le plus proche ?").
        """
        candidate = text[span[0]:span[1]]
        if self._place_lookup is not None and _safe_lookup(self._place_lookup, candidate):
            return False
        if not ner_veto or nlp_artifacts is None:
            return True
        labels = {
            ent.label_ for ent in nlp_artifacts.entities
            if ent.start_char < span[1] and ent.end_char > span[0]
        }
        return "PERSON" in labels or not labels & {"LOCATION", "ORGANIZATION"}


def _safe_lookup(lookup: PlaceLookup, candidate: str) -> bool:
    try:
        return bool(lookup(candidate))
    except Exception:  # a broken lookup must not break the filter; treat as "not a place"
        return False


class SpacyPersonRecognizer(_FrenchRecognizer):
    """People's names found by spaCy's French NER (PER), cleaned of greetings, civilities and
    orientation terms that the small model mistakes for names ("Bonjour", "Parcoursup")."""

    ENTITY = "NOM"

    SCORE = 0.6
    # Words right before a place name; spaCy sometimes tags communes as PER ("22140 Bégard").
    _LOCATIVE = re.compile(
        r"(?:(?<!\d)\d{5}|\b(?:à|a|au|aux|sur|vers|dans|en|habite|près\s+de|proche\s+de|autour\s+de|"
        r"région\s+de|secteur\s+de|ville\s+de|commune\s+de|cité\s+des\s+métiers\s+de))[ ,]*$",
        re.IGNORECASE,
    )

    # Institutions and streets named after people.
    _INSTITUTION = re.compile(
        r"\b(?:lycée|lycee|collège|college|école|ecole|université|universite|iut|fac|faculté|campus|"
        r"institut|centre|salle|espace|maison|médiathèque|hôpital|hopital|clinique|stade|gymnase|"
        r"rue|avenue|boulevard|place|quai|allée|impasse)[ ]+(?:(?:de|du|des|d'|la|le)[ ]+)?$",
        re.IGNORECASE,
    )

    def __init__(self, place_lookup: Optional[PlaceLookup] = None) -> None:
        super().__init__()
        self._place_lookup = place_lookup

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        """Return the PER entities of the NLP artifacts that still look like names once cleaned."""
        if nlp_artifacts is None:
            return []
        results = []
        for ent in nlp_artifacts.entities:
            if ent.label_ != "PERSON":
                continue
            tokens = [t for t in ent if t.is_alpha or "-" in t.text or "'" in t.text]
            while tokens and (is_common_word(tokens[0].text) or not _is_capitalised(tokens[0].text)):
                tokens.pop(0)
            while tokens and (is_common_word(tokens[-1].text) or not _is_capitalised(tokens[-1].text)):
                tokens.pop()
            tokens = self._cut_before_origin(text, tokens)
            if not tokens:
                continue
            start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
            words = [t.text for t in tokens if t.text.lower() not in _NAME_PARTICLES]
            if not words or all(is_common_word(w) for w in words):
                continue
            if len(words) == 1 and words[0].isupper() and len(words[0]) <= 5:  # acronym (CPF, RQTH)
                continue
            if self._LOCATIVE.search(text, 0, start):  # "22140 Bégard", "à Plérin": a place
                continue
            if self._INSTITUTION.search(text, 0, start):  # "lycée Victor Hugo": a school, not a visitor
                continue
            if self._place_lookup is not None and _safe_lookup(self._place_lookup, text[start:end]):
                continue
            results.append(_result(self, "NOM", start, end, self.SCORE))
        return results


    def _cut_before_origin(self, text: str, tokens: list) -> list:
        """"Jean Dupont de Marseille" -> "Jean Dupont": a lower-case "de" after a full name, or
        before a known place, starts an origin, not a surname particle."""
        for i, token in enumerate(tokens):
            if token.text in {"de", "du", "des", "d'"} and i > 0:
                rest = tokens[i + 1:]
                after = text[rest[0].idx:rest[-1].idx + len(rest[-1].text)] if rest else ""
                if i >= 2 or (self._place_lookup is not None and after and _safe_lookup(self._place_lookup, after)):
                    return tokens[:i]
        return tokens


_DEFAULT = object()


def build_recognizers(
    place_lookup: Optional[PlaceLookup] = None,
    french_word_lookup: "FrenchWordLookup | None | object" = _DEFAULT,
) -> list[LocalRecognizer]:
    """One recognizer per kind of personal data, ready for a Presidio ``RecognizerRegistry``.

    ``french_word_lookup`` defaults to :func:`default_french_word_lookup` (None: no lower-case
    names after weak triggers).
    """
    if french_word_lookup is _DEFAULT:
        french_word_lookup = default_french_word_lookup()
    return [
        EmailRecognizer(),
        SpelledEmailRecognizer(),
        PhoneRecognizer(),
        NirRecognizer(),
        PartialNirRecognizer(),
        IbanRecognizer(),
        AddressRecognizer(),
        BirthDateRecognizer(),
        NameContextRecognizer(place_lookup, french_word_lookup),  # type: ignore[arg-type]
        SpacyPersonRecognizer(place_lookup),
    ]
