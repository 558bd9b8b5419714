"""Referral logic: nearest access points and the right operator. Pure functions over the knowledge base."""
from __future__ import annotations

import bisect
import heapq
import math
from functools import lru_cache
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from knowledge import gazetteer
from knowledge.gazetteer import Place
from knowledge.kb import PROFILES, AccessPoint, knowledge_base

__all__ = ["UnknownPlace", "AmbiguousPlace", "PROFILES", "nearest_access_points", "operators_for", "referral"]

EARTH_RADIUS_KM = 6371.0088
MAX_BAND_KM = 400.0  # past this, one full scan is cheaper than widening the band again


class UnknownPlace(LookupError):
    """The place could not be resolved."""

    def __init__(self, query: str) -> None:
        super().__init__(f"unknown place: {query!r}")
        self.query = query


class AmbiguousPlace(LookupError):
    """Several places match; ``candidates`` lists them, best first."""

    def __init__(self, query: str, candidates: Tuple[Place, ...]) -> None:
        super().__init__(f"ambiguous place: {query!r}")
        self.query = query
        self.candidates = candidates


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


class PointIndex:
    """Access points sorted by latitude, for nearest queries that look at a growing latitude band only."""

    def __init__(self, points: Sequence[AccessPoint]) -> None:
        self.points = sorted(points, key=lambda p: p.lat)
        self._lats = [p.lat for p in self.points]
        self._rad = [(math.radians(p.lat), math.radians(p.lon), math.cos(math.radians(p.lat))) for p in self.points]

    def nearest(self, lat: float, lon: float, limit: int = 3, kinds: Optional[Iterable[str]] = None) -> List[Tuple[AccessPoint, float]]:
        """The ``limit`` nearest points (optionally of some kinds), nearest first, with distances in km.

        Points outside a latitude band of half-width r km are farther than r, so once
        ``limit`` points lie within r the answer is exact; r doubles until then.
        """
        la, lo = math.radians(lat), math.radians(lon)
        cos_la = math.cos(la)
        wanted = set(kinds) if kinds else None
        radius = 25.0
        while True:
            full = radius > MAX_BAND_KM
            band = radius / 111.0
            lo_i = 0 if full else bisect.bisect_left(self._lats, lat - band)
            hi_i = len(self.points) if full else bisect.bisect_right(self._lats, lat + band)
            scored = []
            for i in range(lo_i, hi_i):
                if wanted and self.points[i].kind not in wanted:
                    continue
                plat, plon, pcos = self._rad[i]
                # haversine's "a": monotonic in the distance, so compare it and convert the winners only
                scored.append((math.sin((plat - la) / 2) ** 2 + cos_la * pcos * math.sin((plon - lo) / 2) ** 2, i))
            best = heapq.nsmallest(limit, scored)
            a_radius = math.sin(radius / (2 * EARTH_RADIUS_KM)) ** 2
            if full or (len(best) == limit and best[-1][0] <= a_radius):
                return [(self.points[i], 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))) for a, i in best]
            radius *= 4


@lru_cache(maxsize=1)
def _index() -> PointIndex:
    return PointIndex(knowledge_base()[0])


def nearest_access_points(lat: float, lon: float, limit: int = 3, kinds: Optional[Iterable[str]] = None) -> List[Tuple[AccessPoint, float]]:
    """Nearest access points of the knowledge base, nearest first."""
    return _index().nearest(lat, lon, limit, kinds)


def operators_for(profile: Optional[str], region: Optional[str] = None, department: Optional[str] = None) -> List[Dict[str, Any]]:
    """Operators for a situation, each ``{"id","name","why","phone","website"}``, region-aware."""
    profile = profile or "autre"
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; expected one of {', '.join(PROFILES)}")
    _, operators, routing = knowledge_base()
    out = []
    for rule in routing[profile]:
        op = operators["national"][rule["operator"]]
        entry = {"id": op["id"], "name": op["name"], "why": rule["why"],
                 "phone": op.get("phone"), "website": op.get("website") or op.get("finder")}
        if rule.get("regional"):
            local = next((r for r in operators["regional"].get(rule["operator"], []) if r.get("region") == region), None)
            if local is None or local.get("status") == "not_found" or not local.get("name"):
                continue  # no verified association for this region: the CEP line already points on
            entry.update(name=local["name"], website=local.get("website"), phone=local.get("phone"))
        out.append(entry)
    return out


def _place_json(place: Place) -> Dict[str, Any]:
    return {"label": place.label, "postal_code": place.postal_code, "department": place.department,
            "region": place.region, "lat": round(place.lat, 5), "lon": round(place.lon, 5)}


def _point_json(point: AccessPoint, distance: float) -> Dict[str, Any]:
    return {"id": point.id, "name": point.name, "kind": point.kind, "address": point.address,
            "postal_code": point.postal_code, "commune": point.commune, "department": point.department,
            "region": point.region, "lat": round(point.lat, 5), "lon": round(point.lon, 5),
            "distance_km": round(distance, 1), "phone": point.phone, "website": point.website,
            "services": list(point.services)}


def referral(query: str, profile: Optional[str] = None, limit: int = 3) -> Dict[str, Any]:
    """The JSON of ``GET /api/access-points`` (SPEC §5); raises UnknownPlace / AmbiguousPlace / ValueError."""
    if profile is not None and profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; expected one of {', '.join(PROFILES)}")
    if not 1 <= int(limit) <= 20:
        raise ValueError("limit must be between 1 and 20")
    resolution = gazetteer.resolve(query)
    if resolution.status == "ambiguous":
        raise AmbiguousPlace(query, resolution.candidates)
    if resolution.status != "ok":
        raise UnknownPlace(query)
    place = resolution.place
    return {
        "query": query,
        "resolved": _place_json(place),
        "results": [_point_json(p, d) for p, d in nearest_access_points(place.lat, place.lon, int(limit))],
        "operators": operators_for(profile, place.region, place.department),
    }
