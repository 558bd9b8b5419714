"""Finding French places in a message, with the offline gazetteer (pure functions, no Rasa).

Used by the Rasa component ``bot.rasa_plugins.nlu.place_extractor.PlaceEntityExtractor`` after DIET:

* add the places DIET missed, when the context says it is a place: a capital
  letter, a cue such as "à", "près de", "j'habite", or a message that is only
  the place;
* widen a truncated span ("st" -> "st etienne", "saint" -> "saint benoit");
* drop DIET spans that are neither a known place nor look like a proper name.

A commune followed by its department or region ("Calvi en Haute-Corse", "Ambert dans le 63",
"Saint-Denis (93)") gives two mentions, as Rasa annotations do: the commune (``location``) and
the department or region (``location`` with the role ``qualifier``, see QUALIFIER), which
``actions.places.place_query`` puts back together. A qualifier joined by "de" stays in the
name ("Saint-Denis de la Réunion"), as the training and held-out data annotate it.

Words seen outside entities in the training data ("vers", "port", "centre") are only taken as
places with a capital letter inside a sentence (``common_words``, learnt at training time). So is
the list of commune names that are also French words according to spaCy's French lemmatizer tables
("au courant", "en cours", "en ligne"): in lower case after a cue they only count for a town of
DICTIONARY_TOWN inhabitants or more.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import AbstractSet, Any, Callable, Dict, FrozenSet, Iterable, List, Optional, Set, Tuple

from knowledge.gazetteer import ARRONDISSEMENT, CONNECTORS
from knowledge.text_spans import trimmed_span
from knowledge.textnorm import normalise, without_article

LOCATION = "location"
POSTAL_CODE = "postal_code"
EXTRACTOR = "PlaceEntityExtractor"
# Role of the department or region that follows a commune ("Calvi en [Haute-Corse]"). The slot mapping
# `from_entity: location` (no role) ignores it in Rasa 3.6: the slot gets the commune alone.
QUALIFIER = "qualifier"
# Words that make a following department or region part of the name ("Saint-Denis de la Réunion").
GENITIVE = {"de", "du", "des", "d"}
MAX_WORDS = 6
WORD = re.compile(r"[^\W_]+", re.UNICODE)
_JOINERS = re.compile(r"^[\s\-'’./]*$")  # "/" as in "Morsang s/ Orge"
_HYPHENS = re.compile(r"^\s*[\-'’]\s*$")  # "Saint-Gorges": one name, whatever its words
_POSTAL_TOKEN = re.compile(r"^\d{5}$")
_SENTENCE_END = re.compile(r"[.!?]\s*$")
_DEPT_NUMBER = re.compile(r"^(?:\d{2,3}|2[ab])$", re.IGNORECASE)

# Words just before a place: "à Brest", "près de Brest", "j'habite Brest", "secteur Brest".
# Weak cues ("billet d'avion", "à louer") only count for a capitalised name.
STRONG_CUES = {
    "a",
    "au",
    "aux",
    "en",
    "dans",
    "vers",
    "pres",
    "proche",
    "autour",
    "cote",
    "habite",
    "jhabite",
    "vis",
    "reside",
    "secteur",
    "region",
    "departement",
    "dept",
    "dpt",
    "ville",
    "commune",
    "coin",
    "alentours",
    "environs",
    "agglo",
    "agglomeration",
}
WEAK_CUES = {"de", "d", "du", "des", "pour", "sur", "loin", "rapport"}
CUES = STRONG_CUES | WEAK_CUES
BIG_PLACE = 20000  # a town this size (or a prefecture) is taken in lower case without a cue ("cite des metiers brest")
DICTIONARY_TOWN = 10000  # a commune named like a French word needs this size to be taken in lower case after a cue
ARTICLES = {"le", "la", "les", "l"}
# Words that make the next word a common noun or adjective rather than a place name ("une orange", "des tours").
DETERMINERS = ARTICLES | {
    "un", "une", "des", "mon", "ma", "mes", "ton", "ta", "tes", "son", "sa", "ses",
    "ce", "cet", "cette", "ces", "notre", "votre", "nos", "vos", "leur", "leurs",
}  # fmt: skip
# What may surround a place in a message that is only the place ("c'est Les Abymes", "vers Sisteron").
FILLERS = (
    CUES
    | ARTICLES
    | {
        "c",
        "est",
        "je",
        "j",
        "suis",
        "moi",
        "ok",
        "oui",
        "euh",
        "alors",
        "donc",
        "bon",
        "merci",
        "svp",
        "stp",
        "et",
        "ben",
        "bah",
        "ici",
        "la",
        "plutot",
        "habiter",
        "ma",
        "mon",
        "pas",
        "trop",
        "loin",
        "bien",
    }
)
# A department number is not one when a unit or month follows ("depuis 12 ans", "le 15 aout").
NOT_AFTER_NUMBER = {
    "an",
    "ans",
    "euro",
    "euros",
    "eur",
    "e",
    "h",
    "heure",
    "heures",
    "mois",
    "km",
    "kms",
    "min",
    "minutes",
    "jours",
    "jour",
    "semaines",
    "semaine",
    "pourcent",
    "pour",
    "fois",
    "personnes",
    "salaries",
    "k",
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
    "h00",
    "h30",
    "heures",
    "mn",
    "points",
    "ectsx",
    "ects",
    "ans.",
}
DEPT_CUES = {"le", "du", "dans", "departement", "dept", "dpt", "en", "au", "secteur", "habite", "vers"}
# After "chez" comes a person or an organisation ("chez Orange", "chez Auchan"), never a place: one lives "à Orange".
NOT_PLACE_CUES = {"chez"}
NOT_PLACES = Path(__file__).resolve().parent / "not_places.yml"

# An entity as Rasa passes it between components: a JSON-like dict ("entity", "start", "end", "value",
# "extractor", and whatever else DIET adds, such as "confidence_entity"), so its values stay Any.
Entity = Dict[str, Any]


def dictionary_place_names() -> Set[str]:
    """Commune names that are also French words (see knowledge/french_words.py): a single word ("grasse",
    "orange"), or an article and a word ("le tampon", "le port")."""
    from knowledge.french_words import french_word_checker
    from knowledge.gazetteer import gazetteer

    is_word = french_word_checker()

    def word_like(name: str) -> bool:
        words = name.split()
        return (len(words) == 1 and is_word(name)) or (len(words) == 2 and words[0] in ARTICLES and is_word(words[1]))

    return {name for name in gazetteer().by_name if word_like(name)}


def _determined_word(tokens: List[Tuple[int, int, str]], i: int, key: str, dictionary_names: AbstractSet[str]) -> bool:
    """A town named like a French word and used as one: after a determiner or "de" ("la grasse matinée", "une
    orange", "des tours de garde", "le menton") or with its own article ("le tampon de France Travail"). A
    department or a region ("dans la creuse") is never one."""
    from knowledge.gazetteer import gazetteer

    gaz = gazetteer()
    if key not in dictionary_names or key in gaz.dept_by_name or key in gaz.region_by_name:
        return False
    before = _previous_words(tokens, i, 1)
    return key.split()[0] in ARTICLES or bool(before and before[-1] in DETERMINERS | WEAK_CUES)


@lru_cache(maxsize=1)
def organisation_names() -> Tuple[Tuple[str, ...], ...]:
    """The organisation names of NOT_PLACES, each as its normalised words ("croix", "rouge")."""
    import yaml

    data = yaml.safe_load(NOT_PLACES.read_text(encoding="utf-8")) or {}
    return tuple(tuple(normalise(m.group()) for m in WORD.finditer(name)) for name in data.get("organisations", []))


def organisation_spans(text: str, tokens: Optional[List[Tuple[int, int, str]]] = None) -> List[Tuple[int, int]]:
    """Character spans of the organisation names of NOT_PLACES in `text` ("la Croix-Rouge", "croix rouge")."""
    tokens = _tokens(text) if tokens is None else tokens
    words = [t[2] for t in tokens]
    spans = []
    for name in organisation_names():
        for i in range(len(words) - len(name) + 1):
            if tuple(words[i : i + len(name)]) == name:
                spans.append((tokens[i][0], tokens[i + len(name) - 1][1]))
    return spans


def _after_not_place_cue(tokens: List[Tuple[int, int, str]], i: int) -> bool:
    """Token i follows "chez" (or "chez" and an article): a person or an organisation, not a place."""
    before = _previous_words(tokens, i, 2)
    return bool(before) and (
        before[-1] in NOT_PLACE_CUES or (len(before) == 2 and before[-1] in ARTICLES and before[-2] in NOT_PLACE_CUES)
    )


def _bare_french_name(
    key: str, dictionary_names: AbstractSet[str], is_french_word: Optional[Callable[[str], bool]]
) -> bool:
    """`key` names places only as a commune name without its article ("table" for La Table) and is a French
    word: no commune, department or region is called that exactly. A big town stays one ("havre")."""
    from knowledge.gazetteer import gazetteer

    gaz = gazetteer()
    if key in gaz.dept_by_name or key in gaz.region_by_name or ARRONDISSEMENT.match(key):
        return False
    communes = [gaz.communes[k] for k in gaz.by_name.get(key, ())]
    if not communes or any(normalise(c.name) == key for c in communes) or _big_place(key):
        return False
    return key in dictionary_names or (is_french_word is not None and is_french_word(key))


def _capital_french_noun(
    text: str,
    tokens: List[Tuple[int, int, str]],
    i: int,
    n: int,
    key: str,
    dictionary_names: AbstractSet[str],
    is_french_word: Optional[Callable[[str], bool]],
) -> bool:
    """A capitalised French word that the context makes a common noun, with no place cue before it: after a
    possessive, demonstrative or indefinite determiner ("mon Aigle", "une Table"), or typed in capitals inside a
    lower-case message ("DROP TABLE", "la ROUGE"; a big town such as "ORANGE" stays a place)."""
    if n != 1 or _strong_cue_just_before(tokens, i):
        return False
    if not (key in dictionary_names or (is_french_word is not None and is_french_word(key))):
        return False
    before = _previous_words(tokens, i, 1)
    if before and before[-1] in DETERMINERS - ARTICLES:
        return True
    word = text[tokens[i][0] : tokens[i][1]]
    return len(word) > 1 and word.isupper() and not _big_place(key)


def _strong_cue_just_before(tokens: List[Tuple[int, int, str]], i: int) -> bool:
    """A place cue right before token i, or before its determiner or "de": "à grasse", "près de grasse",
    "à la croix", but not "au pied des tours" (the cue belongs to another noun)."""
    before = _previous_words(tokens, i, 2)
    if before and before[-1] in STRONG_CUES:
        return True
    return len(before) == 2 and before[-1] in DETERMINERS | WEAK_CUES and before[-2] in STRONG_CUES


def _heads_a_noun_phrase(
    text: str, tokens: List[Tuple[int, int, str]], i: int, n: int, key: str, common_words: AbstractSet[str]
) -> bool:
    """A capitalised word that is also a French noun, used as the head of a name rather than as a place:
    "Centre de gestion", "Centre hospitalier", "Salon des formations", "Chambre des métiers", "Job dating"
    (a "de" right after it; for a noun of the training vocabulary, also a lower-case word right after it when no
    place cue comes before), or a noun of the training vocabulary after a bare "de" ("Responsable de Centre")."""
    vocabulary = all(w in common_words for w in key.split())  # "centre", "salon", "job": nouns of the training data
    j = i + n
    if j < len(tokens) and not text[tokens[j - 1][1] : tokens[j][0]].strip():
        following = text[tokens[j][0] : tokens[j][1]]
        if tokens[j][2] in GENITIVE:
            return True
        lower_word = following[:1].islower() and tokens[j][2] not in NAME_LINKS | CUES
        if vocabulary and lower_word and _cue(tokens, i) not in STRONG_CUES:
            return True
    before = _previous_words(tokens, i, 2)
    bare_de = bool(before) and before[-1] in {"de", "d"} and not (len(before) == 2 and before[-2] in STRONG_CUES)
    return bare_de and vocabulary


# --- the extraction itself (pure functions, tested without Rasa) -------------------------
def _tokens(text: str) -> List[Tuple[int, int, str]]:
    return [(m.start(), m.end(), normalise(m.group())) for m in WORD.finditer(text)]


def _is_place_name(key: str) -> bool:
    from knowledge.gazetteer import gazetteer

    gaz = gazetteer()
    return bool(key in gaz.by_name or key in gaz.dept_by_name or key in gaz.region_by_name or ARRONDISSEMENT.match(key))


def _previous_words(tokens: List[Tuple[int, int, str]], i: int, n: int = 2) -> List[str]:
    return [t[2] for t in tokens[max(0, i - n) : i]]


def _cue(tokens: List[Tuple[int, int, str]], i: int) -> Optional[str]:
    """The cue word before token i ("dans le Cantal" -> "dans"), if any."""
    before = _previous_words(tokens, i, 3)
    if before and before[-1] in CUES:
        return before[-1]
    # "dans le Cantal", "près de la Rochelle", "j'habite l'Ain"
    if len(before) >= 2 and before[-1] in ARTICLES and before[-2] in CUES:
        return before[-2]
    return None


def _population(key: str) -> int:
    """Population of the largest commune of that name (0 if none)."""
    from knowledge.gazetteer import gazetteer

    gaz = gazetteer()
    return max((gaz.communes[k].population for k in gaz.by_name.get(key, ())), default=0)


@lru_cache(maxsize=1)
def _prefectures() -> FrozenSet[str]:
    from knowledge.gazetteer import gazetteer

    return frozenset(seat for _, _, seat in gazetteer().departments.values() if seat)


def _big_place(key: str) -> bool:
    """A department, a region, an arrondissement, a prefecture or a town of BIG_PLACE inhabitants or more."""
    from knowledge.gazetteer import gazetteer

    gaz = gazetteer()
    if key in gaz.dept_by_name or key in gaz.region_by_name or ARRONDISSEMENT.match(key):
        return True
    towns = [gaz.communes[k] for k in gaz.by_name.get(key, ())]
    return any(c.population >= BIG_PLACE or (c.kind == 0 and c.insee in _prefectures()) for c in towns)


def _sentence_initial(text: str, start: int) -> bool:
    head = text[:start].rstrip()
    return not head or bool(_SENTENCE_END.search(head))


def find_places(
    text: str,
    common_words: AbstractSet[str] = frozenset(),
    taken: Iterable[Tuple[int, int]] = (),
    dictionary_names: AbstractSet[str] = frozenset(),
    is_french_word: Optional[Callable[[str], bool]] = None,
) -> List[Entity]:
    """Place names in `text` that the context marks as places, longest match first.

    A commune and the department or region that follows it are two entities, the second with the
    role QUALIFIER ("Calvi en Haute-Corse"). With ``is_french_word``, a name typed with a letter
    dropped, doubled or swapped is found too, where the context marks a place (see :func:`_misspelt_place`)."""
    return [e for place in _places(text, common_words, taken, dictionary_names, is_french_word) for e in place]


def _places(
    text: str,
    common_words: AbstractSet[str] = frozenset(),
    taken: Iterable[Tuple[int, int]] = (),
    dictionary_names: AbstractSet[str] = frozenset(),
    is_french_word: Optional[Callable[[str], bool]] = None,
) -> List[List[Entity]]:
    """:func:`find_places`, grouped by place: [commune] or [commune, qualifier]."""
    tokens = _tokens(text)
    shouting = text.upper() == text
    budget = [MAX_FUZZY_LOOKUPS]  # misspelt-name look-ups left for this message
    taken = list(taken) + organisation_spans(text, tokens)  # "la Croix-Rouge" is no place
    found: List[List[Entity]] = []
    i = 0
    while i < len(tokens):
        match = None
        covered = False  # a place accepted only for the department that follows it ("Piano (2B)")
        extent = None  # match with what follows it (_qualified), once computed
        for n in range(min(MAX_WORDS, len(tokens) - i), 0, -1):
            span = tokens[i : i + n]
            if any(not _JOINERS.match(text[a[1] : b[0]]) for a, b in zip(span, span[1:])):
                continue
            key = normalise(text[span[0][0] : span[-1][1]])  # "s/" -> "sur" needs the words around it
            if _DEPT_NUMBER.match(key):
                if n == 1 and _department_number(tokens, i):
                    match = (span[0][0], span[-1][1], n)
                    break
                continue
            if key in ARTICLES or not _is_place_name(key):
                continue
            if _accept(text, tokens, i, n, key, common_words, shouting, dictionary_names, is_french_word):
                match = (span[0][0], span[-1][1], n)
                break
            qualified = _qualified(text, tokens, i, (span[0][0], span[-1][1], n))
            if qualified[2] > n and _names_the_commune(text[qualified[0] : qualified[1]], key):
                match, covered, extent = (span[0][0], span[-1][1], n), True, qualified  # "Piano (2B)"
                break
        if is_french_word is not None and budget[0] > 0:  # "Saint-Gorges" is Saint-Georges, not Le Saint and Gorges
            longer_than = (extent[2] if covered and extent else match[2]) if match else 0
            misspelt = _misspelt_place(text, tokens, i, common_words, shouting, is_french_word, longer_than, budget)
            if misspelt:
                match, covered, extent = misspelt, False, None
        if match and extent is None:
            extent = _qualified(text, tokens, i, match)
        # a place accepted for its department is checked with it ("Piano (2B)"), others by the name alone
        if match and extent and not any(s < (extent[1] if covered else match[1]) and match[0] < e for s, e in taken):
            found.append(_mentions(text, match, extent))
            i += extent[2]
        else:
            i += 1
    return found


def _entity(text: str, start: int, end: int, role: Optional[str] = None) -> Entity:
    entity: Entity = {"entity": LOCATION, "start": start, "end": end, "value": text[start:end], "extractor": EXTRACTOR}
    if role:
        entity["role"] = role
    return entity


def _mentions(
    text: str, match: Tuple[int, int, int], extent: Tuple[int, int, int, Optional[Tuple[int, int]]]
) -> List[Entity]:
    """The entities of a place found (`match`, and `extent` with what follows it, from :func:`_qualified`):
    the commune and, when its department or region follows as a separate mention, that qualifier (role QUALIFIER)."""
    start, end, _, qualifier = extent
    if qualifier is None:
        return [_entity(text, start, end)]
    return [_entity(text, start, match[1]), _entity(text, *qualifier, role=QUALIFIER)]


def _qualified(
    text: str, tokens: List[Tuple[int, int, str]], i: int, match: Tuple[int, int, int]
) -> Tuple[int, int, int, Optional[Tuple[int, int]]]:
    """The span of a commune followed by its department or region ("Saint-Denis de la Réunion",
    "Saint-Denis (93)", "Saint-Pierre (974)") as (start, end, number of tokens), and the qualifier's own
    span when it is a separate mention.

    The span of the qualifier is None when there is none, or when "de" joins it to the name
    ("Saint-Denis de la Réunion"). Otherwise it is the department or region as the gazetteer names it:
    without the brackets ("Saint-Denis ([93])") or the cue ("dans le [63]"), with its article when the
    name has one ("à [la Réunion]")."""
    from knowledge.gazetteer import gazetteer

    gaz = gazetteer()
    start, end, n = match
    j = i + n
    while j < len(tokens) and j - (i + n) < 3 and tokens[j][2] in CONNECTORS:  # the words resolve() itself skips
        j += 1
    for m in range(min(4, len(tokens) - j), 0, -1):
        between = [text[a[1] : b[0]] for a, b in zip(tokens[i + n - 1 : j + m], tokens[i + n : j + m])]
        new_end = tokens[j + m - 1][1]
        bracketed = j == i + n and _OPENING.match(between[0]) and all(_JOINERS.match(g) for g in between[1:])
        if bracketed:
            closing = _CLOSING.match(text, new_end)
            if not closing:
                continue
            new_end = closing.end()
        elif any(not _JOINERS.match(g) for g in between):
            continue  # "Brest, en Bretagne": a comma separates two places
        tail = " ".join(t[2] for t in tokens[j : j + m])
        if _qualifier_name(tail) or (m == 1 and _DEPT_NUMBER.match(tail)):
            resolution = gaz.resolve(text[start:new_end])
            joined = (
                resolution.status == "ok" and resolution.place is not None and resolution.place.kind == "commune"
            ) or (
                bracketed and resolution.status == "ambiguous"  # "Saint-Martin (974)": no such one, the bot asks
            )
            if not joined:
                return start, end, n, None
            first = j
            if first > i + n and tokens[first - 1][2] in ARTICLES and _qualifier_name(f"{tokens[first - 1][2]} {tail}"):
                first -= 1  # "à la Réunion": the region's name has its article
            separate = tokens[i + n][2] not in GENITIVE if j > i + n else True
            qualifier = (tokens[first][0], tokens[j + m - 1][1]) if separate else None
            return start, new_end, j + m - i, qualifier
    return start, end, n, None


def _qualifier_name(key: str) -> bool:
    """A department or region name ("haute corse", "la reunion")."""
    from knowledge.gazetteer import gazetteer

    gaz = gazetteer()
    return key in gaz.dept_by_name or key in gaz.region_by_name


_OPENING = re.compile(r"^\s*\(\s*$")
_CLOSING = re.compile(r"\s*\)")
# Words that may stand inside a commune's name in lower case ("st georges", "la plaine des palmistes").
NAME_PARTICLES = {"saint", "sainte", "st", "ste", "de", "du", "des", "d", "la", "le", "les", "l", "sur", "sous", "s"}
# ... and the words that link the parts of a name ("Crépy-en-Valois", "Saint-Pardoux-et-Vielvic").
NAME_LINKS = NAME_PARTICLES | {"en", "et", "aux", "au", "lez", "les"}
ELISIONS = {"c", "j", "m", "n", "t", "qu", "jusqu", "lorsqu", "puisqu"}  # "c'est", "j'ai", "qu'il": no name goes on
NAME_STARTS = {"saint", "sainte", "le", "la", "les", "l"}  # may open a name ("La Plaine-des-Palmistes")
MAX_FUZZY_WORDS = 5
MAX_FUZZY_LOOKUPS = 10  # per message: each costs 1-10 ms (knowledge.gazetteer.Gazetteer.close_names)


def _misspelt_place(
    text: str,
    tokens: List[Tuple[int, int, str]],
    i: int,
    common_words: AbstractSet[str],
    shouting: bool,
    is_french_word: Callable[[str], bool],
    longer_than: int = 0,
    budget: Optional[List[int]] = None,
) -> Optional[Tuple[int, int, int]]:
    """A place name typed with a letter dropped, doubled or swapped ("Lanion", "st georgs"), at token i.

    Only where the context marks a place: after a strong cue ("à", "près de", "j'habite"), a capital
    letter inside a sentence, words joined by hyphens, or a message that is only the place; and only
    for words that are neither French words nor the ordinary words of the training data ("à trouver"),
    and for a run with at least one word no dictionary knows (the slip: "la gorge" stays a throat); never
    for a French word or compound ("petite-fille" is no Petite-Île), nor for French words after a determiner
    and no place cue ("mes petites-filles").
    The run is read up to MAX_FUZZY_WORDS words, longest first, down to ``longer_than`` words (the
    length of an exact match found there); the gazetteer decides (resolve()), at most ``budget[0]`` times
    (decremented here: one message full of unknown names costs a bounded time).
    """
    from knowledge.gazetteer import gazetteer

    first = tokens[i][2]
    if first in NAME_PARTICLES - NAME_STARTS or first in CUES or _DEPT_NUMBER.match(first):
        return None
    if i > 0 and _HYPHENS.match(text[tokens[i - 1][1] : tokens[i][0]]) and tokens[i - 1][2] not in NAME_LINKS:
        return None  # "Lycée Émile-Letournel": the hyphened name starts before, where it was already tried
    if _after_not_place_cue(tokens, i):
        return None

    def hyphened_at(k: int) -> bool:  # a word joined to a neighbour by a hyphen is part of a name ("Vieux-Fort")
        gaps = [text[tokens[k - 1][1] : tokens[k][0]]] if k > i else []
        gaps += [text[tokens[k][1] : tokens[k + 1][0]]] if k + 1 < len(tokens) else []
        return any(_HYPHENS.match(g) for g in gaps)

    run = i
    while run < len(tokens) and run - i < MAX_FUZZY_WORDS:
        word = tokens[run][2]
        if run > i and not _JOINERS.match(text[tokens[run - 1][1] : tokens[run][0]]):
            break
        if run > i and word in ELISIONS:
            break  # "à Saint-Brieuc c'est ouvert": the name ends before "c'est"
        ordinary = word in common_words or is_french_word(word)
        # after a link word, any word may go on the name ("st calais du desert", "crepy en valois")
        linked = run > i and (tokens[run - 1][2] in NAME_LINKS or len(tokens[run - 1][2]) <= 2)
        if word.isdigit() or (word not in NAME_LINKS and ordinary and not hyphened_at(run) and not linked):
            break
        run += 1
    while run > i and tokens[run - 1][2] in NAME_LINKS - {"saint", "sainte"}:
        run -= 1
    if run - i <= longer_than or all(t[2] in NAME_PARTICLES for t in tokens[i:run]):
        return None

    def misspelt(word: str, plural: bool) -> bool:  # a slip makes a word no dictionary knows ("Lanion", "georgs")
        singular = word[:-1] if plural and word.endswith(("s", "x")) else word  # "Délais": the tables list "delai"
        known = word in common_words or is_french_word(word) or is_french_word(singular)
        return word not in NAME_LINKS and not known

    start = tokens[i][0]
    capital = text[start].isupper() and not shouting and not _sentence_initial(text, start)
    hyphened = run - i > 1 and all(
        _HYPHENS.match(text[a[1] : b[0]]) for a, b in zip(tokens[i:run], tokens[i + 1 : run])
    )
    cue = _cue(tokens, i) in STRONG_CUES
    # "ma petite-fille", "mes beaux-parents": a determiner, no place cue, French words: a common noun; a capitalised
    # article may open the name ("Le More-Rouge" is Le Morne-Rouge)
    before = _previous_words(tokens, i, 1)
    name_article = i > 0 and before[-1] in ARTICLES and text[tokens[i - 1][0]].isupper()
    determined = bool(before) and before[-1] in DETERMINERS and not name_article
    determined = determined and not _strong_cue_just_before(tokens, i)
    gaz = gazetteer()
    for n in range(run - i, longer_than, -1):
        if tokens[i + n - 1][2] in (NAME_LINKS | CONNECTORS) - {"saint", "sainte"}:
            continue  # no name ends with "en" or "à": "Lorient en Morbihan" is not "Lorient en", misspelt
        rest = [t[2] for j, t in enumerate(tokens) if not i <= j < i + n]
        alone = all(w in FILLERS for w in rest)
        # "Saint-Gorges": one hyphened name, whatever its words (an elision such as "j'aurai" is not one)
        whole = hyphened and n == run - i and "-" in text[start : tokens[run - 1][1]]
        if not (cue or capital or alone or whole):
            continue
        key = normalise(text[start : tokens[i + n - 1][1]])
        if is_french_word(key) or (determined and not any(misspelt(t[2], True) for t in tokens[i : i + n])):
            continue  # "petite-fille", "grand-mère" are no misspelt Petite-Île, Le Grand-Serre
        strong = cue or alone  # a capital alone is weaker: "les Délais" is no place
        if len(key.replace(" ", "")) < 5 or not (whole or any(misspelt(t[2], not strong) for t in tokens[i : i + n])):
            continue
        if budget is not None:
            if budget[0] <= 0:
                return None
            budget[0] -= 1
        resolution = gaz.resolve(key)
        if resolution.status != "unknown" and resolution.fuzzy:
            return start, tokens[i + n - 1][1], n
    return None


def _names_the_commune(value: str, key: str) -> bool:
    """`value` resolves to a commune named `key` ("Piano (2B)"), not to a place after a cue ("près de Paris")."""
    from knowledge.gazetteer import gazetteer

    resolution = gazetteer().resolve(value)
    place = resolution.place if resolution.status == "ok" else None
    return place is not None and without_article(normalise(place.commune or "")) == without_article(key)


def _next_to_postal_code(tokens: List[Tuple[int, int, str]], i: int, n: int) -> bool:
    """The words just before or after a postal code ("22300 lannion", "piano 20215")."""
    around = tokens[i - 1 : i] + tokens[i + n : i + n + 1]
    return any(_POSTAL_TOKEN.match(t[2]) for t in around)


def _department_number(tokens: List[Tuple[int, int, str]], i: int) -> bool:
    from knowledge.gazetteer import gazetteer

    code = tokens[i][2].upper()
    if code not in gazetteer().departments:
        return False
    after = tokens[i + 1][2] if i + 1 < len(tokens) else ""
    before = _previous_words(tokens, i, 1)
    return bool(before) and before[-1] in DEPT_CUES and after not in NOT_AFTER_NUMBER


def _accept(
    text: str,
    tokens: List[Tuple[int, int, str]],
    i: int,
    n: int,
    key: str,
    common_words: AbstractSet[str],
    shouting: bool,
    dictionary_names: AbstractSet[str] = frozenset(),
    is_french_word: Optional[Callable[[str], bool]] = None,
) -> bool:
    words = key.split()
    start = tokens[i][0]
    capital = text[start].isupper() and not shouting
    rest = [t[2] for j, t in enumerate(tokens) if not i <= j < i + n]
    alone = all(w in FILLERS for w in rest)
    ordinary = all(w in common_words or w in FILLERS or len(w) <= 2 for w in words)
    if _after_not_place_cue(tokens, i):
        return False  # "chez Orange": a company
    if _bare_french_name(key, dictionary_names, is_french_word) and not (alone or _strong_cue_just_before(tokens, i)):
        return False  # "DROP TABLE" is no La Table: the name without its article, a French word, needs a place cue
    if capital and not alone and _capital_french_noun(text, tokens, i, n, key, dictionary_names, is_french_word):
        return False  # "mon Aigle", "la ROUGE du match": a capital does not make a common noun a place
    if _next_to_postal_code(tokens, i, n) and not all(w in FILLERS for w in words):
        return True  # "Piano 20215", "22300 lannion": resolved with the code, which decides
    french_noun = len(words) == 1 and (
        ordinary or key in dictionary_names or (is_french_word is not None and is_french_word(key))
    )
    if capital and not alone and french_noun and _heads_a_noun_phrase(text, tokens, i, n, key, common_words):
        return False  # "Centre de gestion", "Salon des formations", "Responsable de Centre"
    if ordinary:
        # "vers", "centre", "port": only as a proper name inside a sentence, or on their own.
        if capital and not _sentence_initial(text, start):
            return True
        # "Marseille : …": a big town's name that is no French word, capitalised at the start of a sentence
        known_name = is_french_word is not None and not any(is_french_word(w) for w in words)
        return (capital and known_name and _big_place(key)) or (alone and len(key) > 3)
    if capital:
        return True
    if _big_place(key):
        if _determined_word(tokens, i, key, dictionary_names):
            # only on its own or right after a place cue: "j'habite au tampon", "près de grasse"
            return alone or _strong_cue_just_before(tokens, i)
        return True
    # "au courant", "en cours", "en ligne": a small commune named like a French word.
    french_word = not shouting and key in dictionary_names and _population(key) < DICTIONARY_TOWN
    if alone:
        return not french_word or len(tokens) == n
    cue = _cue(tokens, i)
    if cue in STRONG_CUES:
        if french_word:
            return False
        # "à louer", "à trouver": an infinitive after "à" is not a place.
        return shouting or not (cue == "a" and len(words) == 1 and words[0].endswith(("er", "ir")))
    return False


def _ordinary_word(
    text: str, tokens: List[Tuple[int, int, str]], i: int, key: str, common_words: AbstractSet[str]
) -> bool:
    """A DIET span made of ordinary words, in lower case, inside a sentence and without a place cue."""
    words = key.split()
    if not words or not all(w in common_words or len(w) <= 2 for w in words):
        return False
    if text[tokens[i][0]].isupper() or all(t[2] in FILLERS or t[2] in words for t in tokens):
        return False
    before = _previous_words(tokens, i, 1)
    return not (before and before[-1] in {"region", "departement", "dept", "ville", "commune"})


def _diet_common_noun(
    text: str,
    tokens: List[Tuple[int, int, str]],
    i: int,
    key: str,
    common_words: AbstractSet[str],
    dictionary_names: AbstractSet[str],
) -> bool:
    """A DIET span that is a person or a company after "chez", a town named like a French word used as that word
    ("au pied des tours"), or one French noun heading a name ("Centre de gestion", "Responsable de Centre"; see
    :func:`_heads_a_noun_phrase`)."""
    if _after_not_place_cue(tokens, i):
        return True
    if text[tokens[i][0]].islower() and _determined_word(tokens, i, key, dictionary_names):
        if not _strong_cue_just_before(tokens, i):
            return True  # "au pied des tours": a common noun after its determiner
    words = key.split()
    noun = len(words) == 1 and (words[0] in common_words or key in dictionary_names)
    if not noun or all(t[2] in FILLERS or t[2] in words for t in tokens):
        return False
    return _heads_a_noun_phrase(text, tokens, i, 1, key, common_words)


def _overlaps(a: Entity, b: Entity) -> bool:
    return bool(a["start"] < b["end"] and b["start"] < a["end"])


def _looks_like_name(text: str, entity: Entity, common_words: AbstractSet[str], postal_spans: List[Entity]) -> bool:
    """An unknown place worth keeping (the bot will say it does not know it).

    A capitalised word, or any word right after a postal code ("29270 carhaix").
    """
    value = text[entity["start"] : entity["end"]]
    words = normalise(value).split()
    if not words or len(value) < 3 or all(w in common_words for w in words):
        return False
    after_code = any(0 <= entity["start"] - p["end"] <= 2 for p in postal_spans)
    return value[:1].isupper() or after_code


_SPAN_BREAK = re.compile(r"[,;:!?()\[\]]")


_TRAILING_PARTICLES = re.compile(
    r"(?:[\s\-'’]+(?:de|du|des|d|la|le|les|l|a|au|aux|en|sur|sous))+[\s\-'’]*$", re.IGNORECASE
)


def _without_trailing_particles(text: str, entity: Entity) -> Entity:
    """ "Saint-Denis de La" (DIET stopped early) -> "Saint-Denis"; known names are left alone."""
    value = text[entity["start"] : entity["end"]]
    m = _TRAILING_PARTICLES.search(value)
    if not m or m.start() == 0 or _is_place_name(normalise(value)):
        return entity
    end = entity["start"] + m.start()
    return {**entity, "end": end, "value": text[entity["start"] : end]}


def _fuzzy_french_word(value: str, key: str, is_french_word: Callable[[str], bool]) -> bool:
    """One lower-case word of the dictionary that names no place exactly (only a fuzzy match would)."""
    return (
        " " not in key
        and value[:1].islower()
        and not _is_place_name(key)
        and not _DEPT_NUMBER.match(key)
        and is_french_word(key)
    )


def clean_entities(
    text: str,
    entities: List[Entity],
    common_words: AbstractSet[str] = frozenset(),
    dictionary_names: AbstractSet[str] = frozenset(),
    is_french_word: Callable[[str], bool] = lambda word: False,
) -> List[Entity]:
    """DIET's entities with `location` spans checked, widened and completed from the gazetteer.

    ``is_french_word`` (knowledge.french_words) drops a lower-case ordinary word that only looks like a
    commune ("la durée moyenne", "la grande distribution": no commune has that name, the gazetteer's
    fuzzy match would find one)."""
    from knowledge.gazetteer import gazetteer

    others = [e for e in entities if e.get("entity") != LOCATION or "start" not in e]
    postal_spans = [e for e in others if e.get("entity") == POSTAL_CODE]
    tokens = _tokens(text)
    organisations = [{"start": s, "end": e} for s, e in organisation_spans(text, tokens)]
    places = _places(
        text, common_words, [(e["start"], e["end"]) for e in postal_spans], dictionary_names, is_french_word
    )
    # each place found by its whole extent: "Calvi en Haute-Corse" replaces DIET's "Calvi", "Haute-Corse"
    # or "Calvi en Haute-Corse"
    candidates = [{"start": p[0]["start"], "end": p[-1]["end"], "parts": p} for p in places]
    kept: List[Entity] = []
    for entity in (e for e in entities if e.get("entity") == LOCATION and "start" in e):
        trimmed = trimmed_span(text, entity, _SPAN_BREAK)  # "Pointe-à-Pitre, où" -> "Pointe-à-Pitre"
        if trimmed is None or any(_overlaps(trimmed, p) for p in postal_spans + organisations):
            continue
        entity = _without_trailing_particles(text, trimmed)
        value = text[entity["start"] : entity["end"]]
        wider = [
            c
            for c in candidates
            if _overlaps(c, entity)
            and (c["end"] - c["start"] > len(value) or len(c["parts"]) > 1)
            and c["start"] <= entity["start"]
            and c["end"] >= entity["end"]
        ]
        if wider:
            continue  # the gazetteer's span replaces it below
        index = next((k for k, t in enumerate(tokens) if t[0] >= entity["start"]), None)
        key = normalise(value)
        if _DEPT_NUMBER.match(key):
            if index is not None and _department_number(tokens, index):
                kept.append(entity)
            continue
        if index is not None and _ordinary_word(text, tokens, index, key, common_words):
            continue  # "centre le + proche de 75020"
        if index is not None and _diet_common_noun(text, tokens, index, key, common_words, dictionary_names):
            continue  # "Centre hospitalier", "Responsable de Centre", "chez Orange"
        if _fuzzy_french_word(value, key, is_french_word):
            continue  # "durée moyenne" is not Moyenneville
        if (
            _is_place_name(key)
            or gazetteer().resolve(value).status != "unknown"
            or _looks_like_name(text, entity, common_words, postal_spans)
        ):
            kept.append(entity)
    kept += [part for c in candidates if not any(_overlaps(c, k) for k in kept) for part in c["parts"]]
    return others + sorted(kept, key=lambda e: e["start"])
