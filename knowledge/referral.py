"""Referral logic: nearest access points and the right operator. Pure functions over the knowledge base."""

from __future__ import annotations

import heapq
import math
import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any, Dict, FrozenSet, Iterable, List, Optional, Sequence, Set, Tuple

from knowledge import gazetteer, hours, territories
from knowledge.gazetteer import Place
from knowledge.textnorm import normalise
from knowledge.referral_errors import AmbiguousPlace, UnknownKind, UnknownPlace
from knowledge.kb import GENERAL_KINDS, KIND_LABELS, PROFILES, AccessPoint, knowledge_base

__all__ = [
    "UnknownPlace",
    "AmbiguousPlace",
    "UnknownKind",
    "PROFILES",
    "KINDS",
    "Referred",
    "nearest_access_points",
    "local_referral",
    "kinds_named_in",
    "operators_for",
    "referral",
    "why_for_kind",
]

EARTH_RADIUS_KM = 6371.0088
KINDS = tuple(KIND_LABELS)
CITE_FIRST_KM = 30.0  # a Cité des métiers this near comes first: it takes everyone without an appointment
# Beyond this no place is "near": Papeete's nearest listed point is in Saint-Martin, 10,246 km away. Every
# commune of mainland France has a general access point within 24 km, of the overseas departments within 107 km
# (Saül, French Guiana); the Pacific collectivities have none listed.
MAX_NEAR_KM = 150.0
# A kind asked for by name is shown with its distance as long as it is on the same side of the sea: the nearest
# Cité des métiers from Bordeaux is in Montpellier (380 km); Papeete's nearest France services is in the Caribbean.
MAX_KIND_KM = 1000.0

# Why a place of each kind is offered (French, shown to the person).
KIND_WHY = {
    "cite_des_metiers": "une Cité des métiers vous accueille sans rendez-vous, quelle que soit votre situation",
    "centre_associe": "ce centre associé d'une Cité des métiers accueille tout public",
    "france_services": "un agent France services vous aide dans vos démarches (France Travail, CAF, Assurance maladie…)",
    "mission_locale": "la Mission locale accompagne les 16-25 ans : orientation, formation, emploi",
    "info_jeunes": "un point Info Jeunes informe les jeunes sans rendez-vous sur les métiers, les formations et les jobs",
    "cio": "au CIO, un psychologue de l'Éducation nationale conseille gratuitement élèves, étudiants et familles",
    "suio": "le service d'orientation de l'université conseille les étudiants",
    "apec": "le centre Apec conseille les cadres et les jeunes diplômés",
    "afpa": "l'Afpa forme les adultes aux métiers",
    "france_travail": "l'agence France Travail inscrit et accompagne les personnes qui cherchent un emploi",
    "cap_emploi": "Cap emploi accompagne les personnes en situation de handicap vers l'emploi",
    "maison_emploi": "la Maison de l'emploi accueille tout public sur l'emploi et la formation",
}


# Words that name a kind of place in a question ("la mission locale la plus proche de Vannes"), normalised
# (lower case, no accents, punctuation as spaces).
KIND_WORDS: Tuple[Tuple[str, str], ...] = (
    ("missions? locales?", "mission_locale"),
    ("cio|centres? d information et d orientation", "cio"),
    ("info jeunes?|informations? jeunesse|pij|bij|crij", "info_jeunes"),
    ("(?:maisons? )?france services?|msap|maisons? de services? au public", "france_services"),
    ("apec", "apec"),
    ("suio|scuio|services? universitaires? d (?:information et d )?orientation", "suio"),
    ("cites? des metiers", "cite_des_metiers"),
    ("afpa", "afpa"),
    ("france travail|pole emploi|anpe", "france_travail"),
)
_KIND_RE = [(re.compile(rf"(?<![a-z0-9])(?:{words})(?![a-z0-9])"), kind) for words, kind in KIND_WORDS]


def kinds_named_in(text: Optional[str]) -> Tuple[str, ...]:
    """Kinds of place named in a message, in the order named (empty when none)."""
    norm = normalise(str(text or ""))[:500]
    found = sorted((m.start(), kind) for pattern, kind in _KIND_RE for m in [pattern.search(norm)] if m)
    return tuple(dict.fromkeys(kind for _, kind in found))


@dataclass(frozen=True)
class KindRule:
    """A kind of place suited to a situation: offered when one lies within ``max_km``."""

    kind: str
    why: str
    max_km: float = 80.0


# Places by situation, in order (the national operators come from routing.yml; a France Travail agency where
# routing.yml sends the person to France Travail, a Cap emploi office where it sends them to Cap emploi: none is
# listed until the DILA directory is imported, knowledge/build/DIRECTORY_IMPORT.md). Unlisted or no situation: the
# nearest general access point.
PROFILE_KINDS: Dict[str, Tuple[KindRule, ...]] = {
    "jeune": (
        KindRule(
            "mission_locale",
            "vous avez entre 16 et 25 ans : la Mission locale vous accompagne pour "
            "l'orientation, la formation et l'emploi",
        ),
        KindRule("info_jeunes", KIND_WHY["info_jeunes"], 30.0),
        KindRule(
            "france_travail",
            "si vous cherchez un emploi, l'agence France Travail vous inscrit et vous accompagne aussi",
            30.0,
        ),
    ),
    "etudiant": (
        KindRule(
            "cio", "élève ou étudiant(e) : au CIO, un psychologue de l'Éducation nationale vous conseille gratuitement"
        ),
        KindRule("suio", "étudiant(e) : le service d'orientation de votre université vous conseille", 50.0),
    ),
    "demandeur_emploi": (
        KindRule(
            "france_travail",
            "vous cherchez un emploi : l'agence France Travail vous inscrit, vous indemnise et vous accompagne",
        ),
        KindRule(
            "france_services",
            "vous cherchez un emploi : dans une France services, un agent "
            "vous aide à joindre France Travail et à faire vos démarches",
        ),
    ),
    "cadre": (KindRule("apec", "vous êtes cadre ou jeune diplômé(e) : un centre Apec est proche de chez vous", 50.0),),
    "handicap": (
        KindRule(
            "cap_emploi",
            "vous êtes en situation de handicap : Cap emploi vous accompagne pour trouver ou garder un emploi",
        ),
        KindRule(
            "france_services",
            "un agent France services vous aide dans vos démarches, y compris auprès de Cap emploi et de la MDPH",
        ),
    ),
    "salarie": (
        KindRule(
            "france_services",
            "un agent France services vous oriente vers un conseiller en "
            "évolution professionnelle et vous aide dans vos démarches",
        ),
    ),
    "createur": (
        KindRule("france_services", KIND_WHY["france_services"]),
        KindRule(
            "france_travail",
            "si vous êtes demandeur d'emploi, votre agence France Travail vous informe des aides à la création",
            30.0,
        ),
    ),
}


@dataclass(frozen=True)
class Referred:
    """An access point offered to a person, with its distance and the reason it is offered."""

    point: AccessPoint
    distance_km: float
    why: str


def why_for_kind(kind: str) -> str:
    """The general reason for offering a place of this kind."""
    return KIND_WHY.get(kind) or f"{KIND_LABELS.get(kind, kind)} proche de chez vous"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


class PointIndex:
    """Access points in a grid of CELL_DEG-degree cells, for nearest queries that look at nearby cells only."""

    def __init__(self, points: Sequence[AccessPoint]) -> None:
        self.points = list(points)
        self._rad = [(math.radians(p.lat), math.radians(p.lon), math.cos(math.radians(p.lat))) for p in self.points]
        self._cells: Dict[Tuple[int, int], List[int]] = {}
        for i, p in enumerate(self.points):
            self._cells.setdefault(_cell(p.lat, p.lon), []).append(i)

    def nearest(
        self, lat: float, lon: float, limit: int = 3, kinds: Optional[Iterable[str]] = None
    ) -> List[Tuple[AccessPoint, float]]:
        """The ``limit`` nearest points (optionally of some kinds), nearest first, with distances in km.

        Cells are visited in square rings around the query's cell. A point beyond ring r lies at
        least r cells away in latitude or longitude, so once ``limit`` points are nearer than that
        bound the answer is exact; past MAX_RINGS rings (far from everything) all points are scanned.
        """
        la, lo = math.radians(lat), math.radians(lon)
        cos_la = math.cos(la)
        wanted = set(kinds) if kinds else None
        best: List[Tuple[float, int]] = []  # max-heap on "a" (negated), at most `limit` entries

        def consider(indexes: Iterable[int]) -> None:
            for i in indexes:
                if wanted and self.points[i].kind not in wanted:
                    continue
                plat, plon, pcos = self._rad[i]
                # haversine's "a": monotonic in the distance, so compare it and convert the winners only
                a = math.sin((plat - la) / 2) ** 2 + cos_la * pcos * math.sin((plon - lo) / 2) ** 2
                if len(best) < limit:
                    heapq.heappush(best, (-a, i))
                elif a < -best[0][0]:
                    heapq.heapreplace(best, (-a, i))

        if len(self.points) <= SMALL_INDEX:  # a rare kind: scanning it all is cheaper than visiting cells
            return self._scan_all(la, lo, cos_la, limit, wanted)
        ci, cj = _cell(lat, lon)
        for ring in range(MAX_RINGS + 1):
            for cell in _ring(ci, cj, ring):
                found = self._cells.get(cell)
                if found:
                    consider(found)
            if len(best) == limit and limit:
                bound_km = ring * CELL_DEG * 111.0 * math.cos(math.radians(min(89.0, abs(lat) + (ring + 1) * CELL_DEG)))
                if _km(-best[0][0]) <= bound_km:
                    break
        else:  # far from every point (e.g. an overseas territory with none): one full scan
            return self._scan_all(la, lo, cos_la, limit, wanted)
        return [(self.points[i], _km(-na)) for na, i in sorted(best, reverse=True)]

    def _scan_all(
        self, la: float, lo: float, cos_la: float, limit: int, wanted: Optional[Set[str]]
    ) -> List[Tuple[AccessPoint, float]]:
        sin = math.sin
        scored = [
            (sin((plat - la) / 2) ** 2 + cos_la * pcos * sin((plon - lo) / 2) ** 2, i)
            for i, (plat, plon, pcos) in enumerate(self._rad)
            if not wanted or self.points[i].kind in wanted
        ]
        return [(self.points[i], _km(a)) for a, i in heapq.nsmallest(limit, scored)]


CELL_DEG = 0.25
MAX_RINGS = 12  # 3 degrees: past this, one full scan
SMALL_INDEX = 300  # points: below this, a full scan beats the grid


def _cell(lat: float, lon: float) -> Tuple[int, int]:
    return math.floor(lat / CELL_DEG), math.floor(lon / CELL_DEG)


def _ring(ci: int, cj: int, r: int) -> Iterable[Tuple[int, int]]:
    """The cells at Chebyshev distance ``r`` from (ci, cj)."""
    if r == 0:
        yield ci, cj
        return
    for j in range(cj - r, cj + r + 1):
        yield ci - r, j
        yield ci + r, j
    for i in range(ci - r + 1, ci + r):
        yield i, cj - r
        yield i, cj + r


def _km(a: float) -> float:
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, max(0.0, a))))


@lru_cache(maxsize=1)
def _index() -> PointIndex:
    return PointIndex(knowledge_base()[0])


def preload() -> None:
    """Load the knowledge base, the gazetteer and the access points' index now rather than on the first
    visitor's question (about 3 s on 2 busy cores): called when a server starts."""
    _index()
    gazetteer.gazetteer()


_by_kind: Dict[str, Any] = {"base": None, "kinds": {}}
MAX_KIND_INDEXES = 64  # distinct kind sets kept (API filters); past this, one index per kind, merged


def _kind_index(kinds: FrozenSet[str]) -> PointIndex:
    """The index of the points of some kinds, rebuilt when the base index is replaced (tests, bench)."""
    base = _index()
    if _by_kind["base"] is not base:
        _by_kind.update(base=base, kinds={})
    cache: Dict[FrozenSet[str], PointIndex] = _by_kind["kinds"]
    if kinds not in cache:
        cache[kinds] = PointIndex([p for p in base.points if p.kind in kinds])
    return cache[kinds]


def nearest_access_points(
    lat: float, lon: float, limit: int = 3, kinds: Optional[Iterable[str]] = None
) -> List[Tuple[AccessPoint, float]]:
    """Nearest access points of the knowledge base (optionally of some kinds), nearest first.

    Each set of kinds asked for gets its own grid index, built once, so a rare kind (29 Apec
    centres) costs no more than a common one.
    """
    if not kinds:
        return _index().nearest(lat, lon, limit)
    wanted = frozenset(kinds)
    if wanted in _by_kind["kinds"] or len(_by_kind["kinds"]) < MAX_KIND_INDEXES:
        return _kind_index(wanted).nearest(lat, lon, limit)
    found = [hit for kind in wanted for hit in _kind_index(frozenset((kind,))).nearest(lat, lon, limit)]
    return heapq.nsmallest(limit, found, key=lambda hit: hit[1])


def local_referral(
    lat: float, lon: float, profile: Optional[str] = None, limit: int = 3, kinds: Optional[Iterable[str]] = None
) -> List[Referred]:
    """Places offered for a situation, best first, each with the reason.

    With ``kinds``: the nearest place of those kinds (within MAX_KIND_KM), then the others within
    MAX_NEAR_KM; when even the nearest one is farther than that (a Cité des métiers from Bordeaux is in
    Montpellier), the nearest general access points follow, "plus près de vous". Otherwise: a Cité des
    métiers within CITE_FIRST_KM first; then the nearest place of each kind suited to the profile
    (PROFILE_KINDS, each within its distance); then the nearest general access points (France services,
    Cités des métiers and their associated centres).
    """
    if kinds:
        return _referral_of_kinds(lat, lon, limit, kinds)
    chosen: List[Referred] = []
    seen = set()

    def add(point: AccessPoint, distance: float, why: str) -> None:
        if point.id not in seen and len(chosen) < limit:
            seen.add(point.id)
            chosen.append(Referred(point, distance, why))

    for point, distance in nearest_access_points(lat, lon, 1, ("cite_des_metiers",)):
        if distance <= CITE_FIRST_KM:
            add(point, distance, KIND_WHY["cite_des_metiers"])
    rules = PROFILE_KINDS.get(profile or "autre", ())
    for rule in rules:
        for point, distance in nearest_access_points(lat, lon, 1, (rule.kind,)):
            if distance <= rule.max_km:
                add(point, distance, rule.why)
    if len(chosen) < limit:
        for point, distance in nearest_access_points(lat, lon, limit + len(chosen), GENERAL_KINDS):
            add(point, distance, why_for_kind(point.kind))
    return [r for r in chosen if r.distance_km <= MAX_NEAR_KM]


def _referral_of_kinds(lat: float, lon: float, limit: int, kinds: Iterable[str]) -> List[Referred]:
    """Places of the kinds asked for (see :func:`local_referral`)."""
    nearest = [(p, d) for p, d in nearest_access_points(lat, lon, limit, kinds) if d <= MAX_KIND_KM]
    if not nearest:
        return []
    first, first_km = nearest[0]
    chosen = [Referred(first, first_km, why_for_kind(first.kind))]
    chosen += [Referred(p, d, why_for_kind(p.kind)) for p, d in nearest[1:] if d <= MAX_NEAR_KM]
    if first_km > MAX_NEAR_KM:
        for point, distance in nearest_access_points(lat, lon, limit, GENERAL_KINDS):
            if distance <= MAX_NEAR_KM and point.id != first.id and len(chosen) < limit:
                chosen.append(Referred(point, distance, f"plus près de vous, {why_for_kind(point.kind)}"))
    return chosen


def operators_for(
    profile: Optional[str], region: Optional[str] = None, department: Optional[str] = None
) -> List[Dict[str, Any]]:
    """Operators for a situation, each ``{"id","name","why","phone","website"}``, region-aware."""
    profile = profile or "autre"
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; expected one of {', '.join(PROFILES)}")
    _, operators, routing = knowledge_base()
    out = []
    for rule in routing[profile]:
        op = operators["national"][rule["operator"]]
        entry = {
            "id": op["id"],
            "name": op["name"],
            "why": rule["why"],
            "phone": op.get("phone"),
            "website": op.get("website") or op.get("finder"),
        }
        if rule.get("regional"):
            local = next(
                (r for r in operators["regional"].get(rule["operator"], []) if r.get("region") == region), None
            )
            if local is None or local.get("status") == "not_found" or not local.get("name"):
                continue  # no verified association for this region: the CEP line already points on
            entry.update(name=local["name"], website=local.get("website"), phone=local.get("phone"))
        out.append(entry)
    return out


def operators_for_situations(
    profile: Optional[str], also: Sequence[str] = (), region: Optional[str] = None, department: Optional[str] = None
) -> List[Dict[str, Any]]:
    """:func:`operators_for` the situation, then the first operator of each other situation stated with it,
    once each: a laid-off engineer gets France Travail, then the Apec; a 22-year-old on the RSA France Travail,
    then the Mission locale."""
    out = operators_for(profile, region, department)
    for other in also:
        first = operators_for(other, region, department)[:1]
        out += [op for op in first if op["id"] not in {o["id"] for o in out}]
    return out


def _place_json(place: Place) -> Dict[str, Any]:
    return {
        "label": place.label,
        "postal_code": place.postal_code,
        "department": place.department,
        "region": place.region,
        "lat": round(place.lat, 5),
        "lon": round(place.lon, 5),
    }


def french_km(distance_km: float) -> str:
    """How a distance reads in French, everywhere (chat, API, adviser page, CLI): 12.34 -> "12,3";
    under 1 km -> "moins de 1"; 100 km and more in whole kilometres."""
    if distance_km < 1:
        return "moins de 1"
    if distance_km >= 100:
        return str(int(round(distance_km)))
    return f"{distance_km:.1f}".replace(".", ",")


def _point_json(
    point: AccessPoint, distance: float, why: Optional[str] = None, now: Optional[datetime] = None
) -> Dict[str, Any]:
    opening = hours.describe(point, now)
    return {
        "id": point.id,
        "name": point.name,
        "kind": point.kind,
        "kind_label": KIND_LABELS.get(point.kind),
        "address": point.address,
        "postal_code": point.postal_code,
        "commune": point.commune,
        "department": point.department,
        "region": point.region,
        "lat": round(point.lat, 5),
        "lon": round(point.lon, 5),
        "geo_precision": point.geo_precision,
        "distance_km": round(distance, 1),
        "distance_text": f"{french_km(distance)} km",
        "phone": point.phone,
        "website": point.website,
        "services": list(point.services),
        "why": why or why_for_kind(point.kind),
        "hours": opening["hours"],
        "open_now": opening["open_now"],
        "today": opening["today"],
        "appointment": point.appointment,
        "source": list(point.source),
        "data_date": point.data_date,
    }


def check_kinds(kinds: Optional[Iterable[str]]) -> Optional[Tuple[str, ...]]:
    """Validated kind filter (None when empty); ValueError names the known kinds."""
    wanted = tuple(dict.fromkeys(k for k in (kinds or ()) if k))
    bad = [k for k in wanted if k not in KIND_LABELS]
    if bad:
        raise UnknownKind(bad[0], KINDS)
    return wanted or None


#: How many places a referral lists: by default, and at most (API, CLI, adviser page).
DEFAULT_LIMIT = 3
MAX_LIMIT = 20


def referral(
    query: str,
    profile: Optional[str] = None,
    limit: int = DEFAULT_LIMIT,
    kinds: Optional[Iterable[str]] = None,
    now: Optional[datetime] = None,
) -> Dict[str, Any]:
    """The JSON of ``GET /api/access-points`` (SPEC §5); raises UnknownPlace / AmbiguousPlace / ValueError."""
    if profile is not None and profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; expected one of {', '.join(PROFILES)}")
    if not 1 <= int(limit) <= MAX_LIMIT:
        raise ValueError(f"limit must be between 1 and {MAX_LIMIT}")
    wanted = check_kinds(kinds)
    resolution = gazetteer.resolve(query)
    if resolution.status == "ambiguous":
        raise AmbiguousPlace(query, resolution.candidates)
    place = resolution.place
    if resolution.status != "ok" or place is None:
        raise UnknownPlace(query)
    # A Pacific collectivity: the national operators do not receive people there (SPEC §5 plus one key).
    territory = territories.is_territory(place.department)
    result: Dict[str, Any] = {
        "query": query,
        "resolved": _place_json(place),
        "results": [
            _point_json(r.point, r.distance_km, r.why, now)
            for r in local_referral(place.lat, place.lon, profile, int(limit), wanted)
        ],
        "operators": [] if territory else operators_for(profile, place.region, place.department),
    }
    if territory:
        result["local_services"] = territories.local_services(place.department)
    return result
