"""Offline resolution of French places: postal codes, communes, departments, regions.

The index (``knowledge/data/gazetteer.json.gz``) is built by
``knowledge/build/gazetteer.py`` and loaded once per process.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

from rapidfuzz import process
from rapidfuzz.distance import OSA

from knowledge.textnorm import normalise, without_article

__all__ = ["Place", "Resolution", "Gazetteer", "resolve", "normalise", "gazetteer"]

INDEX = Path(__file__).resolve().parent / "data" / "gazetteer.json.gz"
SHORT_NAMES = INDEX.parent / "commune_short_names.yml"  # "carhaix" -> Carhaix-Plouguer (knowledge/build/short_names.py)
CITY_AREAS = INDEX.parent / "city_areas.yml"  # "région bordelaise" -> Bordeaux, "banlieue parisienne" -> Île-de-France
DOMINANCE = 10  # a namesake wins without asking when it is this many times more populous
# A town whose longer name starts with the name typed, this many times more populous than the commune of that exact
# name, makes the name ambiguous ("Nogent": Nogent (52), or Nogent-sur-Marne?)
LONGER_TOWN_RATIO = 3
MAX_CANDIDATES = 5
TOWN_POPULATION = 20000
# Misspelt names: at most this many edits (a letter dropped, doubled, changed, or two swapped) for a
# name of at least this many letters; shorter names must be typed exactly.
FUZZY_EDITS = ((9, 2), (5, 1))

_FILLERS = {
    "a",
    "au",
    "aux",
    "en",
    "dans",
    "pres",
    "de",
    "du",
    "vers",
    "sur",
    "commune",
    "departement",
    "dept",
    "region",
    "code",
    "postal",
    "cp",
    "cote",
    "proche",
    "autour",
    "environs",
    "alentours",
    "secteur",
    "ville",
    "habite",
    "j",
    "je",
    "suis",
    "vis",
    "the",
    "in",
    "near",
}
# Words between a commune and its department or region: "Saint-Denis de la Réunion", "Saint-Pierre en Martinique".
CONNECTORS = {"de", "du", "des", "d", "a", "au", "aux", "en", "dans", "le", "la", "les", "l", "sur"}
_POSTAL = re.compile(r"(?<!\d)(\d{5})(?!\d)")
_DEPT_CODE = re.compile(r"^(?:le |la )?(\d{2,3}|2a|2b)$")
ARRONDISSEMENT = re.compile(r"^(paris|lyon|marseille) (\d{1,2}) ?(?:e|er|eme|ieme|em|ème|è)?(?: arr\w*)?$")
_ANY_ARRONDISSEMENT = re.compile(r"^([a-z]{3,10}) (\d{1,2}) ?(?:e|er|eme|ieme|em)(?: arr\w*)?$")
ARRONDISSEMENT_CITIES = ("paris", "lyon", "marseille")
_QUALIFIED = re.compile(r"^(.+?)\s*\(([^()]+)\)\s*$")
REGION_ALIASES = {
    "paca": "93",
    "sud": "93",
    "region sud": "93",
    "idf": "11",
    "ile de france": "11",
    "reunion": "04",
    "la reunion": "04",
    "ile de la reunion": "04",
    "aura": "84",
    "bfc": "27",
    "centre": "24",
    "npdc": "32",
    "alsace": "44",
    "lorraine": "44",
    "champagne ardenne": "44",
    "picardie": "32",
    "nord pas de calais": "32",
    "languedoc roussillon": "76",
    "midi pyrenees": "76",
    "aquitaine": "75",
    "limousin": "75",
    "poitou charentes": "75",
    "auvergne": "84",
    "rhone alpes": "84",
    "bourgogne": "27",
    "franche comte": "27",
    "basse normandie": "28",
    "haute normandie": "28",
}
DEPARTMENT_ALIASES = {"corse du sud": "2A", "haute corse": "2B", "reunion": "974", "la reunion": "974"}


@dataclass(frozen=True)
class Place:
    """A resolved place and its representative point."""

    kind: str  # "postal_code" | "commune" | "department" | "region"
    label: str
    postal_code: Optional[str]
    commune: Optional[str]
    insee: Optional[str]
    department: Optional[str]
    department_name: Optional[str]
    region: Optional[str]
    lat: float
    lon: float
    population: Optional[int]


@dataclass(frozen=True)
class Resolution:
    """Outcome of :func:`resolve`: ``ok`` with a place, ``ambiguous`` with candidates, or ``unknown``.

    ``others`` are the smaller namesakes of a place chosen because it is much more populous ("Bagneux"
    is Bagneux (92), not Bagneux (03)): the answer should say which one it took and how to name another.
    ``fuzzy`` is set when the name was not typed exactly (a letter dropped, doubled or swapped).
    """

    status: str
    place: Optional[Place] = None
    candidates: Tuple[Place, ...] = ()
    others: Tuple[Place, ...] = ()
    fuzzy: bool = False


@dataclass(frozen=True)
class _Commune:
    insee: str
    name: str
    dept: str
    region: Optional[str]
    postal_codes: Tuple[str, ...]
    lat: float
    lon: float
    population: int
    kind: int  # 0 commune, 1 municipal arrondissement, 2 delegated/associated commune
    parent: Optional[str]


class Gazetteer:
    """In-memory index of French places."""

    def __init__(
        self,
        index: Dict[str, Any],
        short_names: Optional[Dict[str, List[str]]] = None,
        city_areas: Optional[Dict[str, Any]] = None,
    ) -> None:
        self.communes: List[_Commune] = [
            _Commune(r[0], r[1], r[2], r[3], tuple(r[4]), r[5], r[6], r[7] or 0, r[8], r[9]) for r in index["communes"]
        ]
        self.regions: Dict[str, str] = {code: name for code, name, _ in index["regions"]}
        self.region_seat: Dict[str, Optional[str]] = {code: seat for code, _, seat in index["regions"]}
        self.departments: Dict[str, Tuple[str, str, Optional[str]]] = {
            code: (name, region, seat) for code, name, region, seat in index["departments"]
        }
        self.by_insee: Dict[str, _Commune] = {}
        self.by_name: Dict[str, List[int]] = defaultdict(list)
        self.by_postal: Dict[str, List[int]] = defaultdict(list)
        for i, c in enumerate(self.communes):
            if c.kind != 2 or c.insee not in self.by_insee:
                self.by_insee.setdefault(c.insee, c)
            key = normalise(c.name)
            self.by_name[key].append(i)
            if without_article(key) != key:
                self.by_name[without_article(key)].append(i)
            if c.kind == 1:
                self.by_name[_arrondissement_key(key)].append(i)
            for cp in c.postal_codes:
                self.by_postal[cp].append(i)
        position = {c.insee: i for i, c in enumerate(self.communes) if c.kind == 0}
        for short, codes in (short_names or {}).items():
            if short not in self.by_name:
                self.by_name[short] = [position[code] for code in codes if code in position]
        self.dept_by_name = {normalise(name): code for code, (name, _, _) in self.departments.items()}
        self.dept_by_name.update(DEPARTMENT_ALIASES)
        self.region_by_name = {normalise(name): code for code, name in self.regions.items()}
        self.region_by_name.update(REGION_ALIASES)
        self._add_city_areas(city_areas or {}, position)
        self.names_by_length: Dict[int, List[str]] = defaultdict(list)
        for name in self.by_name:
            self.names_by_length[len(name)].append(name)
        # "clermont" -> Clermont-Ferrand: towns by the leading words of their longer name (see _longer_towns)
        self.towns_by_head: Dict[str, List[_Commune]] = defaultdict(list)
        for c in self.communes:
            words = normalise(c.name).split()
            if c.kind == 0 and c.population >= TOWN_POPULATION:
                for n in range(1, len(words)):
                    self.towns_by_head[" ".join(words[:n])].append(c)

    def _add_city_areas(self, city_areas: Dict[str, Any], position: Dict[str, int]) -> None:
        """ "région bordelaise", "agglomération lyonnaise": the city's commune; "région parisienne": the region
        (knowledge/data/city_areas.yml). Only with a prefix: the adjective alone is no place."""
        for adjective, target in (city_areas.get("areas") or {}).items():
            for prefix in city_areas.get("prefixes") or []:
                key = normalise(f"{prefix} {adjective}")
                if target.get("region") in self.regions:
                    self.region_by_name.setdefault(key, target["region"])
                elif target.get("insee") in position and key not in self.by_name:
                    self.by_name[key] = [position[target["insee"]]]

    # -- building places ---------------------------------------------------------------
    def _region_name(self, dept: Optional[str]) -> Optional[str]:
        info = self.departments.get(dept or "")
        return self.regions.get(info[1]) if info else None

    def _commune_place(self, c: _Commune, postal_code: Optional[str] = None) -> Place:
        dept_name = self.departments.get(c.dept, (None,))[0]
        if postal_code:
            kind, label = "postal_code", f"{postal_code} {c.name}"
        else:
            kind, label = "commune", f"{c.name} ({c.dept})"
        return Place(
            kind,
            label,
            postal_code or (c.postal_codes[0] if c.postal_codes else None),
            c.name,
            c.insee,
            c.dept,
            dept_name,
            self._region_name(c.dept),
            c.lat,
            c.lon,
            c.population,
        )

    def _department_place(self, code: str) -> Optional[Place]:
        name, region, seat = self.departments[code]
        town = self.by_insee.get(seat or "")
        if town is None:
            return None
        return Place(
            "department",
            f"{name} ({code})",
            None,
            None,
            None,
            code,
            name,
            self.regions.get(region),
            town.lat,
            town.lon,
            None,
        )

    def _region_place(self, code: str) -> Optional[Place]:
        town = self.by_insee.get(self.region_seat.get(code) or "")
        if town is None:
            return None
        return Place(
            "region", self.regions[code], None, None, None, None, None, self.regions[code], town.lat, town.lon, None
        )

    # -- lookups -----------------------------------------------------------------------
    def _named(self, key: str, dept: Optional[str] = None, region: Optional[str] = None) -> List[_Commune]:
        idx = list(dict.fromkeys(self.by_name.get(key, []) + self.by_name.get(without_article(key), [])))
        found = [self.communes[i] for i in idx]
        if dept:
            found = [c for c in found if c.dept == dept]
        if region:
            found = [c for c in found if c.region == region]
        current = [c for c in found if c.kind != 2]
        found = current or found
        unique: Dict[str, _Commune] = {}
        for c in sorted(found, key=lambda c: -c.population):
            unique.setdefault(c.insee, c)
        return list(unique.values())

    def _choose(self, found: Sequence[_Commune], fuzzy: bool = False) -> Resolution:
        if not found:
            return Resolution("unknown")
        # A much larger namesake wins (the answer names it and the others), but never across
        # mainland / overseas, nor between two overseas departments (Saint-Pierre 974 vs 972).
        overseas = found[0].dept.startswith("97") or found[1].dept.startswith("97") if len(found) > 1 else False
        if len(found) == 1 or (not overseas and found[0].population >= DOMINANCE * max(found[1].population, 1)):
            others = tuple(self._commune_place(c) for c in found[1:MAX_CANDIDATES])
            return Resolution("ok", self._commune_place(found[0]), others=others, fuzzy=fuzzy)
        candidates = tuple(self._commune_place(c) for c in found[:MAX_CANDIDATES])
        return Resolution("ambiguous", candidates=candidates, fuzzy=fuzzy)

    def _longer_towns(self, norm: str, found: Sequence[_Commune]) -> List[_Commune]:
        """Towns whose name starts with the commune name typed and that are LONGER_TOWN_RATIO times more populous than
        every commune of that exact name: people write "Clermont" for Clermont-Ferrand, "Aix" for Aix-en-Provence,
        "Boulogne" for Boulogne-Billancourt or Boulogne-sur-Mer, most populous first."""
        largest = max(c.population for c in found)
        towns = [c for c in self.towns_by_head.get(norm, ()) if c.population >= LONGER_TOWN_RATIO * max(largest, 1)]
        return sorted(towns, key=lambda c: -c.population)

    def _qualifier(self, text: str) -> Tuple[Optional[str], Optional[str]]:
        """A department code/name or region name -> (dept code, region code)."""
        m = _DEPT_CODE.match(text)
        if m and m.group(1).upper() in self.departments:
            return m.group(1).upper(), None
        if text in self.dept_by_name:
            return self.dept_by_name[text], None
        if text in self.region_by_name:
            return None, self.region_by_name[text]
        return None, None

    def _by_postal_code(self, code: str, rest: str) -> Resolution:
        found = [self.communes[i] for i in self.by_postal.get(code, [])]
        if not found:
            return Resolution("unknown")
        arrondissements = [c for c in found if c.kind == 1]
        if rest and not (arrondissements and rest in ("paris", "lyon", "marseille")):
            named = [
                c
                for c in found
                if normalise(c.name) in (rest, without_article(rest)) or _arrondissement_key(normalise(c.name)) == rest
            ]
            if named:
                found = named
                arrondissements = [c for c in found if c.kind == 1]
        pool = arrondissements or [c for c in found if c.kind == 0] or found
        best = max(pool, key=lambda c: c.population)
        return Resolution("ok", self._commune_place(best, postal_code=code))

    def _without_fillers(self, norm: str) -> str:
        """The query without its leading cue words ("près de", "vers"), unless it is a name as typed
        ("Ville-di-Pietrabugno", "Vers-Pont-du-Gard", "région parisienne")."""
        return norm if norm in self.by_name or norm in self.region_by_name else _strip_fillers(norm)

    def resolve(self, query: str) -> Resolution:
        """Resolves what a person typed; see the module docstring."""
        raw = " ".join(str(query or "").split())[:120]
        if not raw:
            return Resolution("unknown")
        postal = _POSTAL.search(raw)
        if postal:
            rest = self._without_fillers(normalise(_POSTAL.sub(" ", raw)))
            return self._by_postal_code(postal.group(1), rest)
        qualified = _QUALIFIED.match(raw)
        if qualified:
            head = self._without_fillers(normalise(qualified.group(1)))
            dept, region = self._qualifier(normalise(qualified.group(2)))
            if dept or region:
                found = self._named(head, dept, region)
                if found:  # a commune named like its department ("Doubs (25)") is the commune
                    return self._choose(found)
                if head not in self.dept_by_name and head not in self.region_by_name:
                    found = self._fuzzy_communes(head, dept, region)[0]
                    if found:
                        return self._choose(found, fuzzy=True)
            if dept and self.dept_by_name.get(head) == dept:
                place = self._department_place(dept)
                return Resolution("ok", place) if place else Resolution("unknown")
            raw = qualified.group(1)
        norm = self._without_fillers(normalise(raw))
        if not norm:
            return Resolution("unknown")
        m = _DEPT_CODE.match(norm)
        if m and m.group(1).upper() in self.departments:
            place = self._department_place(m.group(1).upper())
            return Resolution("ok", place) if place else Resolution("unknown")
        m = ARRONDISSEMENT.match(norm)
        if m:
            found = self._named(f"{m.group(1)} {int(m.group(2))}")
            if found:
                return self._choose(found)
        m = _ANY_ARRONDISSEMENT.match(norm)  # "Marseile 9e", "Pars 18e arrondissement"
        if m and m.group(1) not in ARRONDISSEMENT_CITIES:
            city = process.extractOne(m.group(1), ARRONDISSEMENT_CITIES, scorer=OSA.distance, score_cutoff=1)
            found = self._named(f"{city[0]} {int(m.group(2))}") if city else []
            if found:
                return self._choose(found, fuzzy=True)
        found = self._named(norm)
        # A region or department name beats a small namesake commune ("Bretagne", 90), not a town ("Vienne").
        town = found[0].population >= TOWN_POPULATION if found else False
        bare = without_article(norm)
        if bare in self.region_by_name and norm not in self.region_by_name:
            norm_region = bare
        else:
            norm_region = norm
        # ... nor a commune that is its own region (Saint-Barthélemy, Saint-Martin).
        own_region = any(c.region == self.region_by_name.get(norm_region) for c in found)
        if norm_region in self.region_by_name and not town and not own_region:
            place = self._region_place(self.region_by_name[norm_region])
            if place:
                return Resolution("ok", place)
        dept_key = norm if norm in self.dept_by_name else bare
        # ... nor a commune that is its own department (Saint-Barthélemy, 977).
        own_dept = (
            any(c.insee == self.departments[self.dept_by_name[dept_key]][2] for c in found[:1])
            if (dept_key in self.dept_by_name)
            else False
        )
        if dept_key in self.dept_by_name and not town and not own_dept:
            place = self._department_place(self.dept_by_name[dept_key])
            if place:
                return Resolution("ok", place)
        if found:
            longer = self._longer_towns(norm, found)
            if longer:  # "Clermont": Clermont (60) or Clermont-Ferrand (63)? asked, not guessed
                candidates = tuple(self._commune_place(c) for c in [*longer[:2], *found][:MAX_CANDIDATES])
                return Resolution("ambiguous", candidates=candidates)
            return self._choose(found)
        words = norm.split()
        for cut in range(1, min(4, len(words))):  # "saint denis 974", "saint denis de la reunion"
            head_words, tail = words[:-cut], " ".join(words[-cut:])
            while len(head_words) > 1 and head_words[-1] in CONNECTORS:
                head_words = head_words[:-1]
            dept, region = self._qualifier(tail)
            if dept or region:
                found = self._named(" ".join(head_words), dept, region)
                if found:
                    return self._choose(found)
        return self._fuzzy(norm)

    def close_names(self, norm: str, names: Optional[Sequence[str]] = None) -> Tuple[List[str], int]:
        """Names nearest to a misspelt one, within FUZZY_EDITS, and their distance (([], 0) when none).

        Edits are counted with the optimal string alignment distance (rapidfuzz): a letter dropped,
        added or changed, or two neighbours swapped, counts one. Among equally close names, those
        with the same letters (one dropped, doubled or swapped) beat a changed letter
        ("lanion" is Lannion rather than Langon). ``names`` defaults to the commune names.
        """
        letters = len(norm.replace(" ", ""))
        edits = next((e for size, e in FUZZY_EDITS if letters >= size), 0)
        if not edits:
            return [], 0
        if names is None:
            lengths = range(len(norm) - edits, len(norm) + edits + 1)
            names = [n for size in lengths for n in self.names_by_length.get(size, ())]
        found = process.extract(norm, names, scorer=OSA.distance, score_cutoff=edits, limit=None)
        if not found:
            return [], 0
        best = min(score for _, score, _ in found)
        close = [name for name, score, _ in found if score == best]
        typed = Counter(norm)
        kept = [n for n in close if not (typed - Counter(n)) or not (Counter(n) - typed)]
        return (kept or close), int(best)

    def _fuzzy_communes(
        self, norm: str, dept: Optional[str] = None, region: Optional[str] = None
    ) -> Tuple[List[_Commune], int]:
        """The communes whose name is nearest to a misspelt one (most populous first), and the distance."""
        found: Dict[str, _Commune] = {}
        names, distance = self.close_names(norm)
        for name in names:
            for c in self._named(name, dept, region):
                found.setdefault(c.insee, c)
        return sorted(found.values(), key=lambda c: -c.population), distance

    def _fuzzy(self, norm: str) -> Resolution:
        """A misspelt commune, department or region; a department or region wins over small communes as close."""
        found, distance = self._fuzzy_communes(norm)
        town = bool(found) and found[0].population >= TOWN_POPULATION
        for table, maker in ((self.dept_by_name, self._department_place), (self.region_by_name, self._region_place)):
            close, d = self.close_names(norm, list(table))
            if close and (not found or (d <= distance and not town)):
                place = maker(table[close[0]])
                if place:
                    return Resolution("ok", place, fuzzy=True)
        return self._choose(found, fuzzy=True) if found else Resolution("unknown")


def _arrondissement_key(name: str) -> str:
    """'paris 15e arrondissement' -> 'paris 15'."""
    m = re.match(r"^(paris|lyon|marseille) (\d{1,2})(?:er|e)?(?: arrondissement)?$", name)
    return f"{m.group(1)} {int(m.group(2))}" if m else name


def _strip_fillers(norm: str) -> str:
    words = norm.split()
    while len(words) > 1 and words[0] in _FILLERS:
        words.pop(0)
    if len(words) == 1 and words[0] in _FILLERS:
        return ""
    return " ".join(words)


def load_index() -> Dict[str, Any]:
    """The built index (communes, departments, regions) as stored."""
    with gzip.open(INDEX, "rt", encoding="utf-8") as handle:
        index: Dict[str, Any] = json.load(handle)
    return index


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer with the communes' short names and the city areas, loaded once per process."""
    import yaml

    short: Dict[str, List[str]] = {}
    if SHORT_NAMES.exists():
        short = yaml.safe_load(SHORT_NAMES.read_text(encoding="utf-8")) or {}
    areas = yaml.safe_load(CITY_AREAS.read_text(encoding="utf-8")) if CITY_AREAS.exists() else {}
    return Gazetteer(load_index(), short, areas)


def resolve(query: str) -> Resolution:
    """Resolves a postal code, commune, department or region name (see :class:`Gazetteer`)."""
    return gazetteer().resolve(query)
