"""Privacy filter (bot.web.privacy): the synthetic corpus, checksums, no network, threads, no logging.

Run: ``cd /work/main && .venv-web/bin/python -m pytest tests/web/test_privacy.py``
"""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
import textwrap
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from bot.web.privacy import KINDS, PrivacyFilter, RedactionResult
from bot.web.privacy.recognizers import (
    AddressRecognizer,
    BirthDateRecognizer,
    NameContextRecognizer,
    iban_is_valid,
    nir_key_is_valid,
)

ROOT = Path(__file__).resolve().parents[2]
CORPUS = yaml.safe_load((Path(__file__).with_name("privacy_corpus.yml")).read_text(encoding="utf-8"))
MESSAGES = CORPUS["messages"]
NEGATIVES = CORPUS["negatives"]


@pytest.fixture(scope="module")
def privacy() -> PrivacyFilter:
    """One real filter for the module (loading spaCy + Presidio takes a few seconds)."""
    return PrivacyFilter(place_lookup=None)


def leaked(secret: str, output: str) -> list[str]:
    """Pieces of ``secret`` still visible in ``output``.

    A secret leaks if it is still there, if one of its capitalised words (3+ letters) is still
    there as a word, or if 6 consecutive digits of it still appear in a run of digits.
    """
    found = []
    if secret.lower() in output.lower():
        found.append(secret)
    for word in re.findall(r"[^\W\d_][\w'\-]*", secret):
        if (
            len(word) >= 3
            and word[0].isupper()
            and re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", output, re.IGNORECASE)
        ):
            found.append(word)
    digits = re.sub(r"\D", "", secret)
    runs = [re.sub(r"\D", "", run) for run in re.findall(r"\d[\d ./\-]*\d", output)]
    for i in range(len(digits) - 5):
        if any(digits[i : i + 6] in run for run in runs):
            found.append(digits[i : i + 6])
            break
    return found


def test_corpus_is_big_enough():
    assert len(MESSAGES) >= 60
    assert len(NEGATIVES) >= 20
    kinds = {kind for message in MESSAGES for kind in message["kinds"]}
    assert kinds == set(KINDS)


@pytest.mark.parametrize("case", MESSAGES, ids=[f"msg{i:02d}" for i in range(len(MESSAGES))])
def test_corpus_secrets_removed_and_places_kept(privacy, case):
    result = privacy.redact(case["text"])
    leaks = {secret: leaked(secret, result.text) for secret in case["secrets"]}
    assert not any(leaks.values()), (result.text, leaks)
    lost = [token for token in case["keep"] if token not in result.text]
    assert not lost, (result.text, lost)
    assert result.kinds == sorted(case["kinds"]), result.text
    for kind in result.kinds:
        assert f"<{kind}>" in result.text


@pytest.mark.parametrize("text", NEGATIVES, ids=[f"neg{i:02d}" for i in range(len(NEGATIVES))])
def test_ordinary_messages_unchanged(privacy, text):
    assert privacy.redact(text) == RedactionResult(text=text, kinds=[])


@pytest.mark.parametrize(
    "text",
    [
        "je suis cadre",
        "je suis au chômage",
        "je suis en situation de handicap",
        "c'est quoi le CPF",
        "c'est gratuit",
        "je m'appelle pas",
        "j'ai 20 ans",
        "22300",
        "Lannion",
        "Côtes-d'Armor",
        "Bretagne",
        "Saint-Brieuc (22)",
        # job titles people write as acronyms
        "je suis ASH en EHPAD à Brest",
        "je suis AESH dans un collège",
        "je suis ATSEM et je veux changer de métier",
        # the network this assistant belongs to is named like a street ("cité" + name)
        "quelle est l'adresse de la cité des métiers de Lyon ?",
        "j'habite loin de toute cite des metiers, à qui m'adresser ?",
        "à qui s'adresse la Cité des Métiers ?",
        "j'habite à côté de la cité des sciences",
    ],
)
def test_spec_phrases_kept(privacy, text):
    assert privacy.redact(text).text == text


@pytest.mark.parametrize("text", ["j'habite 4 cité des Lilas à Lannion", "mon adresse : cité des Mimosas, bât B"])
def test_a_cite_that_is_a_street_is_still_removed(privacy, text):
    result = privacy.redact(text)
    assert result.kinds == ["ADRESSE"], result.text
    assert "Lilas" not in result.text and "Mimosas" not in result.text


def test_a_name_after_je_suis_is_still_removed_beside_a_job_acronym(privacy):
    result = privacy.redact("je suis Ysolde Quarantelli, ASH en EHPAD")
    assert "Quarantelli" not in result.text and "ASH en EHPAD" in result.text


@pytest.mark.parametrize(
    "typed, secret",
    [
        (
            "je m'appelle Y\u0336s\u0336o\u0336l\u0336d\u0336e\u0336 Q\u0336u\u0336a\u0336r\u0336a\u0336n\u0336t\u0336e\u0336l\u0336l\u0336i\u0336",
            "Quarantelli",
        ),
        ("mon tel 0\ufe0f\u20e36\ufe0f\u20e339981234", "39981234"),
        (
            "je m'appelle Ysolde Q\u0332u\u0332a\u0332r\u0332a\u0332n\u0332t\u0332e\u0332l\u0332l\u0332i\u0332",
            "Quarantelli",
        ),
    ],
)
def test_decorated_identities_are_removed_once_the_front_cleaned_the_text(privacy, typed, secret):
    """The front cleans typed text (bot.web.text.clean_message) before the filter sees it."""
    from bot.web.text import clean_message

    said = privacy.redact(clean_message(typed)).text
    assert secret not in "".join(c for c in said if not unicodedata.combining(c)), said


@pytest.mark.parametrize(
    "number, valid", [("4970 1012 3456 7893", True), ("4970101234567890", False), ("5130-0000-0000-0002", True)]
)
def test_bank_card_luhn(number, valid):
    from bot.web.privacy.recognizers import luhn_is_valid

    assert luhn_is_valid(number) is valid


@pytest.mark.parametrize(
    "number, lengths, valid",
    [("816 613 186 09139", (9, 14), True), ("81661318609138", (9, 14), False), ("832319487", (9, 14), True)],
)
def test_siret_and_siren_luhn(number, lengths, valid):
    from bot.web.privacy.recognizers import luhn_is_valid

    assert luhn_is_valid(number, lengths) is valid
    assert luhn_is_valid("832319487") is False  # nine digits: not a card's length


@pytest.mark.parametrize(
    "text, expected",
    [
        ("siret 81661318609139", "siret <SIRET>"),
        ("siren 832 319 487", "siren <SIRET>"),
        ("mon SPI 1234567890123", "mon SPI <NUMERO_FISCAL>"),
        ("mon numéro d'impôts 3123456789012", "mon numéro d'impôts <NUMERO_FISCAL>"),
        ("plaque AB 123 CD", "plaque <IMMATRICULATION>"),
        ("ab-123-cd", "<IMMATRICULATION>"),
        ("ma voiture immatriculée 1234 AB 56", "ma voiture immatriculée <IMMATRICULATION>"),
        ("3771 2768 4268 465", "<CARTE_BANCAIRE>"),
    ],
)
def test_fourth_pass_identifiers_removed(privacy, text, expected):
    assert privacy.redact(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "ref 1234567A",
        "ma carte 4970 1012 3456 7890",
        "j'ai travaillé 1234567 ans",
        "le code 12345678 pour le wifi",
        # a SIREN and a tax number without a context word, a SIRET whose Luhn digit is wrong
        "832319487",
        "0123456789012",
        "siret 816 613 186 09138",
        # an old-style plate without a context word, diplomas and a department
        "1234 AB 56",
        "j'ai eu 2 BTS 22",
        "le CAP 123 AB",
        "RNCP 12345 et RS 5432",
    ],
)
def test_identifiers_without_context_or_checksum_are_kept(privacy, text):
    assert privacy.redact(text).text == text


def test_result_shape(privacy):
    result = privacy.redact("Je m'appelle Julie Marchand, 06 39 98 12 34 et 06 39 98 12 35, 22300 Lannion")
    assert result.text == "Je m'appelle <NOM>, <TELEPHONE> et <TELEPHONE>, 22300 Lannion"
    assert result.kinds == ["NOM", "TELEPHONE"]  # sorted, distinct


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_text(privacy, text):
    assert privacy.redact(text) == RedactionResult(text=text, kinds=[])


# --------------------------------------------------------------------------- checksums


@pytest.mark.parametrize(
    "nir, valid",
    [
        ("2 95 07 22 278 045 55", True),
        ("198037511512374", True),
        ("1 89 11 2A 004 012 67", True),  # Corsica 2A counts as 19
        ("201122B03328726", True),  # Corsica 2B counts as 18
        ("198037511512375", False),  # wrong key
        ("1 89 11 2A 004 012 68", False),
        ("19803751151237", False),  # too short
    ],
)
def test_nir_key(nir, valid):
    assert nir_key_is_valid(nir) is valid


@pytest.mark.parametrize(
    "iban, valid",
    [
        ("FR76 3000 4000 0312 3456 7890 143", True),
        ("fr1420041010050500013m02606", True),
        ("DE89 3704 0044 0532 0130 00", True),
        ("FR76 3000 4000 0312 3456 7890 144", False),  # checksum
        ("FR76 3000 4000 0312 3456 7890 14", False),  # length
    ],
)
def test_iban_checksum(iban, valid):
    assert iban_is_valid(iban) is valid


def test_wrong_checksums_are_not_reported_as_nir_or_iban(privacy):
    nir = privacy.redact("numéro 198037511512375 merci")
    iban = privacy.redact("mon iban FR76 3000 4000 0312 3456 7890 144 merci")
    assert "NIR" not in nir.kinds
    assert "IBAN" not in iban.kinds


def test_nir_without_key_needs_a_context_word(privacy):
    assert privacy.redact("sécu : 2 90 04 56 260 123").kinds == ["NIR"]
    assert privacy.redact("dossier 2 90 04 56 260 123").kinds == []


def test_nir_is_not_mistaken_for_a_phone_number(privacy):
    assert privacy.redact("sécu 2 95 07 22 278 045 55").kinds == ["NIR"]


def test_a_place_name_of_several_words_is_neither_a_name_nor_an_address():
    privacy = PrivacyFilter()  # with the gazetteer's place lookup, as the web front runs it
    # "Pointe" opens Pointe-à-Pitre typed without hyphens; Port-Louis is a commune, not a harbour street
    assert privacy.redact("maman solo pres de Pointe a Pitre je veux retravailler").kinds == []
    assert privacy.redact("j habite Port Louis").kinds == []
    # a name next to a place is still a name
    assert privacy.redact("je m'appelle Marie Dupont et j'habite à Pointe-à-Pitre").text == (
        "je m'appelle <NOM> et j'habite à Pointe-à-Pitre"
    )
    assert privacy.redact("j'habite 12 rue de Brest à Quimper").text == "j'habite <ADRESSE> à Quimper"
    # a town's name given as one's own name is still a name
    assert privacy.redact("je m'appelle Nancy").kinds == ["NOM"]
    assert privacy.redact("mon prénom est Florence").kinds == ["NOM"]
    assert privacy.redact("je m'appelle Pointe a Pitre").kinds == ["NOM"]


# --------------------------------------------------------------------------- recognizers alone


def test_place_lookup_vetoes_names_after_weak_triggers():
    places = {"Nancy"}
    recognizer = NameContextRecognizer(place_lookup=lambda text: text in places)
    assert recognizer.analyze("c'est Nancy le plus proche", ["NOM"], None) == []
    assert [r.entity_type for r in recognizer.analyze("c'est Mireille", ["NOM"], None)] == ["NOM"]
    # a strong trigger is never vetoed: it is a name
    assert len(recognizer.analyze("je m'appelle Nancy", ["NOM"], None)) == 1


def test_broken_place_lookup_does_not_break_the_filter():
    def broken(text: str) -> bool:
        raise RuntimeError("gazetteer down")

    recognizer = NameContextRecognizer(place_lookup=broken)
    assert len(recognizer.analyze("c'est Mireille", ["NOM"], None)) == 1


def test_address_keeps_commune_and_postal_code():
    text = "J'habite au 12 bis rue de la Paix, 22300 Lannion"
    (result,) = AddressRecognizer().analyze(text, ["ADRESSE"], None)
    assert text[result.start : result.end] == "12 bis rue de la Paix"


def test_common_street_type_words_need_a_street_name():
    assert AddressRecognizer().analyze("j'ai suivi 3 cours de français", ["ADRESSE"], None) == []
    assert len(AddressRecognizer().analyze("5 cours Mirabeau", ["ADRESSE"], None)) == 1


def test_bare_dates_only_when_they_can_be_birth_dates():
    recognizer = BirthDateRecognizer()
    assert len(recognizer.analyze("12/03/1998", ["DATE_NAISSANCE"], None)) == 1
    assert recognizer.analyze("rendez-vous le 12/03/2099", ["DATE_NAISSANCE"], None) == []
    assert recognizer.analyze("rendez-vous le 3 mars 1998", ["DATE_NAISSANCE"], None) == []
    assert len(recognizer.analyze("née le 3 mars 1998", ["DATE_NAISSANCE"], None)) == 1


# --------------------------------------------------------------------------- threads, logs, network


def test_thread_safe_same_results_as_sequential(privacy):
    texts = [case["text"] for case in MESSAGES] + NEGATIVES
    sequential = [privacy.redact(text) for text in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        parallel = list(pool.map(privacy.redact, texts * 3))
    assert parallel == sequential * 3


def test_text_is_never_logged(privacy, caplog):
    caplog.set_level(logging.DEBUG)  # the whole logging tree at DEBUG, as a careless deployment would
    secret_text = "Je m'appelle Julie Marchand, julie.marchand@example.fr, 06 39 98 12 34"
    privacy.redact(secret_text)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for secret in ("Julie", "Marchand", "julie.marchand", "06 39 98"):
        assert secret.lower() not in logged.lower()


NO_NETWORK_SCRIPT = textwrap.dedent(
    """
    import json, socket, sys
    attempts = []
    def refuse(*args, **kwargs):
        attempts.append(repr(args[:2]))
        raise OSError("network disabled by test")
    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse
    sys.path.insert(0, sys.argv[1])
    from bot.web.privacy import PrivacyFilter
    result = PrivacyFilter(place_lookup=None).redact(
        "écrivez à camille.rioual@example.fr ou c.r@mail.example.co.uk, voir https://example.org"
    )
    print(json.dumps({"attempts": attempts, "text": result.text, "kinds": result.kinds}))
    """
)


def test_no_network_is_touched(tmp_path):
    """Load and run the filter in a fresh interpreter whose sockets refuse to connect."""
    env = {"HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", NO_NETWORK_SCRIPT, str(ROOT)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["attempts"] == []
    assert report["kinds"] == ["EMAIL"]
    assert report["text"].count("<EMAIL>") == 2
    assert not (tmp_path / "cache").exists()  # no tldextract cache written either


def test_international_number_keeps_the_space_before_it(privacy):
    assert privacy.redact("tel : +33 6 39 98 12 34").text == "tel : <TELEPHONE>"


@pytest.mark.parametrize(
    "message",
    [
        " ".join("Ysolde Quarantelli " * 60)[:1000],  # spaced letters
        "  ".join(" ".join(word) for word in ["Ysolde", "Quarantelli"] * 50)[:1000],
        " ".join("0639981234" * 50)[:1000],  # spaced digits
        "-".join("ABCDEFGHJK" * 50)[:1000],
        ("Quarantelli de mon nom " * 50)[:1000],
        ("BP 123 12 r Des " * 70)[:1000],
        ("+1 (555) AB-123-CD 816 613 186 09139 " * 30)[:1000],
    ],
    ids=["spaced-letters", "spaced-words", "spaced-digits", "dashed-letters", "named-after", "addresses", "numbers"],
)
def test_fourth_pass_recognizers_stay_cheap_on_long_messages(privacy, message):
    """The front gives the filter 2.5 s and fails closed: 1,000 characters stay far below it."""
    import time

    privacy.redact(message)  # warm-up
    started = time.perf_counter()
    privacy.redact(message)
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize(
    "text",
    [
        # interjections and products typed capitalised (real phrasings of data/nlu, 2026-12-02)
        "Help ! Je veux démissionner de l'Éducation nationale",
        "La FAC ? Un BTS ? Un DUT? Mh… non le technologique",
        "c'est ChatGPT ?",
        # orientation words that spaCy tags as a person
        "BTS, Fac, DUT : comment faire son choix ?",
        "Compte Perso Formation",
        "autiste Asperger diagnostiqué à 17 ans",
        "J'ai même écrit au président de la République... Qui m'a renvoyé vers Pôle emploi",
        # capitalised French words in a Title-Case heading
        "Démission pour Reconversion Professionnelle : FBI / Fausse Bonne Idée ?",
        "Comment Porter Plainte Pour Escroquerie Sur Internet Efficacement",
        "Refus d'Embarquement: Quels Sont vos Droits de Passager Aérien?",
        "Comment financer sa formation Aide Soignant ?",
        "si le métier d'Aide Soignant est un beau métier",
        "Comment Contester une Amende de Stationnement en France : Guide Complet",
    ],
)
def test_capitalised_ordinary_words_are_not_names(privacy, text):
    assert privacy.redact(text).text == text


@pytest.mark.parametrize(
    "text, name",
    [
        # surnames that the French word lists also hold stay names outside a Title-Case heading
        ("Bonjour, Fournier Morin à l'appareil", "Fournier"),
        ("Moi Fournier Morin, je cherche une formation", "Fournier"),
        ("Je travaille avec Fournier Morin à Brest", "Fournier"),
        # places and first names elsewhere do not make a Title-Case heading
        ("Fournier Morin habite à Rennes et travaille à Lannion", "Fournier"),
        ("Je travaille avec Fournier Morin à Brest et chez Orange", "Fournier"),
        # first names stay names even when they are French words
        ("Moi, Thierry, technicien de maintenance", "Thierry"),
        ("Je me souviens d'Auguste au moment de la seconde", "Auguste"),
    ],
)
def test_names_among_french_words_are_still_removed(privacy, text, name):
    result = privacy.redact(text)
    assert name not in result.text and result.kinds == ["NOM"], result.text


@pytest.mark.parametrize(
    "text, surname",
    [
        ("je suis Pierre Boulanger et je cherche un emploi", "Boulanger"),
        ("Je Suis Pierre Boulanger", "Boulanger"),
        ("je m'appelle Julie Marchand, j'habite à Brest", "Marchand"),
    ],
)
def test_a_surname_that_is_a_common_word_goes_with_the_first_name(privacy, text, surname):
    result = privacy.redact(text)
    assert surname not in result.text and result.kinds == ["NOM"], result.text
