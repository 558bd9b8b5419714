"""Privacy filter: the forms that dodged it (issue #8 item 9), checked to the character.

The corpus (privacy_corpus.yml) holds the same forms; here the exact output also proves that no
part is left behind (a NIR key typed apart is only two digits, below the corpus' leak check).
Synthetic identities only.
"""

from __future__ import annotations

import pytest

from bot.web.privacy import PrivacyFilter
from bot.web.privacy.recognizers import NameContextRecognizer, SpelledEmailRecognizer, nir_key_is_valid


@pytest.fixture(scope="module")
def privacy() -> PrivacyFilter:
    """One real filter for the module, without the gazetteer (vetoes come from word lists)."""
    return PrivacyFilter(place_lookup=None)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("mon numéro de sécu : 1 85 05 78 006 084 / 91, merci", "mon numéro de sécu : <NIR>, merci"),
        ("secu 1850578006084 - 91", "secu <NIR>"),
        ("secu 1850578006084 clé 91", "secu <NIR>"),
        # thirteen characters after a context word are a NIR whatever follows: a word, an age, a wrong key
        ("secu 1850578006084 clé 92 ans", "secu <NIR> clé 92 ans"),
        ("sécu 1 85 05 78 006 084 pour le CPF", "sécu <NIR> pour le CPF"),
        ("mon numéro de sécu 1 85 05 78 006 084 92 merci", "mon numéro de sécu <NIR> merci"),
        ("NIR 2 93 03 75 114 023, clé 11 pour le CPF", "NIR <NIR> pour le CPF"),
        ("NIR 2 93 03 75 114 023 (clé : 11)", "NIR <NIR>)"),
        ("jean point dupont at gmail point com", "<EMAIL>"),
        ("x [at] exemple [dot] fr", "<EMAIL>"),
        ("ecrire a y.q arobase exemple.fr", "ecrire a <EMAIL>"),
        ("je suis ysolde quarantelli", "je suis <NOM>"),
        ("JE SUIS YSOLDE QUARANTELLI", "JE SUIS <NOM>"),
        ("JE M'APPELLE YSOLDE QUARANTELLI", "JE M'APPELLE <NOM>"),
        # a lone first name in lower case (INSEE's first names, knowledge/data/first_names.txt)
        ("je suis kevin et je cherche un emploi", "je suis <NOM> et je cherche un emploi"),
        ("je suis jean-pierre, 52 ans", "je suis <NOM>, 52 ans"),
        ("ici enzo, 19 ans", "ici <NOM>, 19 ans"),
        ("moi c'est sarah", "moi c'est <NOM>"),
        ("je suis david martin, salarie", "je suis <NOM>, salarie"),
        ("je suis julie infirmiere depuis 10 ans", "je suis <NOM> infirmiere depuis 10 ans"),
        # fourth pass: street types abbreviated without a dot or an address word, a post-office box
        ("12 r des Lilas", "<ADRESSE>"),
        ("3 bd Victor Hugo, 22300 Lannion", "<ADRESSE>, 22300 Lannion"),
        ("5 av. Jean Jaurès à Brest", "<ADRESSE> à Brest"),
        ("8 all des Tilleuls", "<ADRESSE>"),
        ("14 imp du Moulin", "<ADRESSE>"),
        ("2 chem. de la Croix", "<ADRESSE>"),
        ("j'habite au 14 imp du moulin", "j'habite au <ADRESSE>"),
        ("BP 123", "<ADRESSE>"),
        ("B.P. 45 22300 Lannion", "<ADRESSE> 22300 Lannion"),
        # numbers with a group in brackets
        ("+1 (555) 123-4567", "<TELEPHONE>"),
        ("mon numéro +1 (555) 123-4567 merci", "mon numéro <TELEPHONE> merci"),
        ("+44 (20) 7946 0958", "<TELEPHONE>"),
        ("+32 470 12 34 56", "<TELEPHONE>"),
        ("portable 6 39 98 12 34", "portable <TELEPHONE>"),
        # a letter-spaced name, a surname after a full stop
        ("Y s o l d e  Q u a r a n t e l l i", "<NOM>"),
        ("je m'appelle J e a n", "je m'appelle <NOM>"),
        ("je suis M a r i e  D u p o n t", "je suis <NOM>"),
        ("il y a J e a n", "il y a <NOM>"),
        ("je m'appelle L é a", "je m'appelle <NOM>"),
        ("Je suis Ysolde. Quarantelli de mon nom", "Je suis <NOM>. <NOM> de mon nom"),
        ("je m'appelle Ysolde, Le Goff de mon nom", "je m'appelle <NOM>, <NOM> de mon nom"),
        ("Je m'appelle Ysolde. Quarantelli.", "Je m'appelle <NOM>. <NOM>."),
        ("Je suis Ysolde. Quarantelli, 25 ans", "Je suis <NOM>. <NOM>, 25 ans"),
        # the next sentence's first word stays when it is a common word, a French word or a place
        ("Je suis Julie. Merci.", "Je suis <NOM>. Merci."),
        ("Je suis Julie. Rennes, c'est loin ?", "Je suis <NOM>. Rennes, c'est loin ?"),
        ("je m'appelle Julie. Parcoursup, c'est quoi ?", "je m'appelle <NOM>. Parcoursup, c'est quoi ?"),
        ("Je m'appelle Julie. Formation ?", "Je m'appelle <NOM>. Formation ?"),
    ],
)
def test_dodging_forms_fully_removed(privacy, text, expected):
    assert privacy.redact(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "je suis salarie",
        "je suis salariée",
        "je suis a quimper",
        "je suis aide soignante",
        "je suis aide soignante a quimper",
        "je suis auxiliaire de vie",
        "je suis lycéenne en terminale",
        "je suis en cdd jusqu'en juin",
        "je fais le point at home",
        "rendez-vous at 10 point 30",
        "le point sur ma situation",
        "j'ai 25 ans, 22300 Lannion",
        # first names that are also words or places, alone: not taken for a name
        "je suis marie avec deux enfants",
        "c'est claire pour moi",
        "je suis france travail",
        "je suis nancy",
        "je suis saint-etienne",
        "je suis franco-italien",
        # a street type inside a word, or an abbreviation without a number or a capitalised name
        "changement d'adresse sur la carte grise",
        "j'ai fait 2 r de suite",
        "pour 12 r",
        "je prépare le BP en 2 ans",
        "le BP 2 ans en alternance",
        "BP JEPS animateur",
        # services' numbers: short numbers, special numbers in 08
        "appelez le 3949 ou le 39 49",
        "le 3114",
        "0 800 12 34 56",
        "numéro vert 0800123456",
        "salaire +1 500 € par mois",
        # spelled-out acronyms and words, single-letter words, "nom" after ordinary words
        "je cherche un C P F",
        "R Q T H",
        "F R A N C E  T R A V A I L",
        "c h e r c h e  u n  e m p l o i",
        "il y a à Rennes",
        "M a r i e",
        "Changement de mon nom sur mon CV",
        "je voudrais changer de nom",
        "Je veux un compte à mon nom",
        "Que faites-vous de mon nom ?",
        "monter mon entreprise de A à Z",
    ],
)
def test_lead_ins_with_ordinary_words_kept(privacy, text):
    result = privacy.redact(text)
    assert (result.text, result.kinds) == (text, [])


def test_nir_key_typed_apart_is_checked():
    assert nir_key_is_valid("1 85 05 78 006 084 / 91")
    assert nir_key_is_valid("2 93 03 75 114 023, clé 11")
    assert not nir_key_is_valid("1 85 05 78 006 084 / 92")


def test_lower_case_first_name_needs_the_first_name_list():
    text = "je suis kevin"
    french = {"suis"}.__contains__
    assert NameContextRecognizer(french_word_lookup=french).analyze(text, ["NOM"]) == []
    [found] = NameContextRecognizer(french_word_lookup=french, first_name_lookup={"kevin"}.__contains__).analyze(
        text, ["NOM"]
    )
    assert text[found.start : found.end] == "kevin"


def test_spelled_email_needs_a_known_suffix():
    recognizer = SpelledEmailRecognizer()
    assert recognizer.analyze("jean at exemple dot fr", ["EMAIL"])
    assert not recognizer.analyze("jean at exemple dot zzzz", ["EMAIL"])
    assert not recognizer.analyze("le point at home", ["EMAIL"])


def test_lower_case_names_need_the_word_list():
    text = "je suis ysolde quarantelli"
    assert NameContextRecognizer().analyze(text, ["NOM"]) == []  # no list: capitals needed
    french = {"aide", "soignant", "salarie"}.__contains__
    [found] = NameContextRecognizer(french_word_lookup=french).analyze(text, ["NOM"])
    assert text[found.start : found.end] == "ysolde quarantelli"
    assert NameContextRecognizer(french_word_lookup=french).analyze("je suis aide soignante", ["NOM"]) == []


def test_surname_after_a_full_stop_needs_no_word_list_or_place():
    """ "Je m'appelle Anatole. Verhaeghe.": the next sentence's lone capitalised word is a surname unless
    it is a common word, a French word or a place (the gazetteer; spaCy tags such surnames LOC)."""
    french = {"merci", "formation", "cherche"}.__contains__
    recognizer = NameContextRecognizer(place_lookup={"Rennes"}.__contains__, french_word_lookup=french)

    def names(text: str) -> list[str]:
        return sorted(text[r.start : r.end] for r in recognizer.analyze(text, ["NOM"]))

    assert names("Je m'appelle Anatole. Verhaeghe. Je cherche une formation à Quimper.") == ["Anatole", "Verhaeghe"]
    assert names("Je suis Julie. Rennes, c'est loin ?") == ["Julie"]
    assert names("Je suis Julie. Merci.") == ["Julie"]
    assert names("Je suis Julie. Verhaeghe est mon employeur") == ["Julie"]  # not a sentence of its own
