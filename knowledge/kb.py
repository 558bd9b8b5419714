"""Loading and validating the knowledge base (access points, operators, routing)."""
from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import yaml

from knowledge import gazetteer

HERE = Path(__file__).resolve().parent
ACCESS_POINTS = HERE / "access_points.yml"
LOCAL_OFFICES = HERE / "local_offices.yml"
LOCAL_ACCESS_POINTS = HERE / "data" / "local_access_points.json.gz"  # built by `make directory`
OPERATORS = HERE / "operators.yml"
ROUTING = HERE / "routing.yml"
REGIONS = HERE / "regions.yml"
PROFILES = ("jeune", "demandeur_emploi", "salarie", "cadre", "handicap", "createur", "etudiant", "autre")
STATUSES = {"confirmed", "partial", "uncertain"}
# A place whose latest source is older than this year is shown with "vérifiez avant de vous déplacer".
STALE_BEFORE_YEAR = 2018
# Kinds of access point and how to name them to a person (French). The first ones take everyone.
KIND_LABELS = {
    "cite_des_metiers": "Cité des métiers",
    "centre_associe": "centre associé d'une Cité des métiers",
    "france_services": "France services",
    "mission_locale": "Mission locale",
    "info_jeunes": "Info Jeunes",
    "cio": "CIO",
    "suio": "service universitaire d'orientation",
    "apec": "Apec",
    "afpa": "Afpa",
    "france_travail": "France Travail",
    "cap_emploi": "Cap emploi",
    "maison_emploi": "Maison de l'emploi",
}
GENERAL_KINDS = ("cite_des_metiers", "centre_associe", "france_services", "france_travail", "maison_emploi")
DAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
Slots = Tuple[Tuple[str, str], ...]
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class KnowledgeError(ValueError):
    """A knowledge-base record is malformed; the message names the record and the field."""


@dataclass(frozen=True)
class AccessPoint:
    """A place where a person can be received."""

    id: str
    name: str
    kind: str
    address: Optional[str]
    postal_code: Optional[str]
    commune: Optional[str]
    department: Optional[str]
    region: Optional[str]
    lat: float
    lon: float
    phone: Optional[str]
    website: Optional[str]
    hours: Optional[str]
    services: Tuple[str, ...] = ()
    status: str = "confirmed"
    source: Tuple[str, ...] = ()
    checked: str = ""
    note: Optional[str] = None
    located_by: str = field(default="source", compare=False)
    last_attested: Optional[int] = None  # year of the latest source that shows the place open
    forced_stale: bool = False  # `stale: true` in the record: the latest source cannot be dated
    # Weekly hours, Monday first: 7 entries, each a tuple of ("HH:MM", "HH:MM") slots (empty = closed);
    # None when the source gives no hours.
    weekly_hours: Optional[Tuple[Slots, ...]] = None
    appointment: Optional[bool] = None  # the source says an appointment is needed
    geo_precision: str = "commune"  # "exact" (source coordinates) | "commune" (placed at its commune)

    @property
    def data_date(self) -> str:
        """Date of the data (or of the last check of the record)."""
        return self.checked

    @property
    def stale(self) -> bool:
        """True when no source since STALE_BEFORE_YEAR shows the place open: check before travelling."""
        old = self.last_attested is not None and self.last_attested < STALE_BEFORE_YEAR
        return self.forced_stale or old


def _read(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_Loader)  # noqa: S506 - safe loader


def _provenance(record: Dict[str, Any], where: str) -> None:
    source = record.get("source")
    if not source or (isinstance(source, list) and not all(isinstance(s, str) and s for s in source)):
        raise KnowledgeError(f"{where}: field 'source' must be a non-empty list of strings")
    if not _DATE.match(str(record.get("checked") or "")):
        raise KnowledgeError(f"{where}: field 'checked' must be a YYYY-MM-DD date")


def locate(record: Dict[str, Any]) -> Tuple[float, float, str]:
    """Coordinates of a record: its own, else its postal code + commune, else its commune."""
    if record.get("lat") is not None and record.get("lon") is not None:
        return float(record["lat"]), float(record["lon"]), "source"
    for query in (
        f"{record.get('postal_code') or ''} {record.get('commune') or ''}".strip(),
        f"{record.get('commune') or ''} ({record.get('department') or ''})" if record.get("department") else None,
        record.get("commune"),
    ):
        if query:
            res = gazetteer.resolve(query)
            if res.status == "ok" and res.place is not None:
                return res.place.lat, res.place.lon, "gazetteer"
    raise KnowledgeError(f"{record.get('id')}: cannot place it (no coordinates, postal code or known commune)")


def parse_access_point(record: Dict[str, Any]) -> AccessPoint:
    """Validates one access-point record and places it."""
    rid = record.get("id") or "<no id>"
    for name in ("id", "name", "kind"):
        if not record.get(name):
            raise KnowledgeError(f"{rid}: field '{name}' is required")
    if not (record.get("postal_code") or record.get("commune")):
        raise KnowledgeError(f"{rid}: field 'postal_code' or 'commune' is required")
    if record.get("status", "confirmed") not in STATUSES:
        raise KnowledgeError(f"{rid}: field 'status' must be one of {sorted(STATUSES)}")
    _provenance(record, rid)
    attested = record.get("last_attested")
    if attested is not None and not (isinstance(attested, int) and 1900 <= attested <= 2100):
        raise KnowledgeError(f"{rid}: field 'last_attested' must be a year (e.g. 2017)")
    if not isinstance(record.get("stale", False), bool):
        raise KnowledgeError(f"{rid}: field 'stale' must be true or false")
    lat, lon, how = locate(record)
    source = record["source"] if isinstance(record["source"], list) else [record["source"]]
    return AccessPoint(
        id=rid, name=record["name"], kind=record["kind"], address=record.get("address"),
        postal_code=record.get("postal_code"), commune=record.get("commune"),
        department=record.get("department"), region=record.get("region"), lat=lat, lon=lon,
        phone=record.get("phone"), website=record.get("website"), hours=record.get("hours"),
        services=tuple(record.get("services") or ()), status=record.get("status", "confirmed"),
        source=tuple(source), checked=str(record["checked"]), note=record.get("note"), located_by=how,
        last_attested=attested, forced_stale=record.get("stale", False),
        geo_precision="exact" if how == "source" else "commune",
    )


def load_access_points(paths: Tuple[Path, ...] = (ACCESS_POINTS, LOCAL_OFFICES)) -> List[AccessPoint]:
    """All access points of the given files (missing optional files are skipped)."""
    points: Dict[str, AccessPoint] = {}
    for path in paths:
        if not path.exists():
            continue
        for record in (_read(path) or {}).get("access_points") or []:
            point = parse_access_point(record)
            if point.id in points:
                raise KnowledgeError(f"{point.id}: duplicate id")
            points[point.id] = point
    return list(points.values())


def load_local_access_points(path: Path = LOCAL_ACCESS_POINTS) -> List[AccessPoint]:
    """Records of the open directories built by ``knowledge.build.directory`` (empty if the file is absent)."""
    if not path.exists():
        return []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        doc = json.load(handle)
    fields = doc["fields"]
    sources = doc["sources"]
    out = []
    for row in doc["records"]:
        r = dict(zip(fields, row))
        src = sources[r["source"]]
        hours = r.get("hours")
        weekly = tuple(tuple((a, b) for a, b in (day or ())) for day in hours) if hours else None
        out.append(AccessPoint(
            id=r["id"], name=r["name"], kind=r["kind"], address=r.get("address"), postal_code=r.get("postal_code"),
            commune=r.get("commune"), department=r.get("department"), region=r.get("region"),
            lat=float(r["lat"]), lon=float(r["lon"]), phone=r.get("phone"), website=r.get("website"), hours=None,
            status="partial", source=(f"{src['credit']} ({src['licence']})",), checked=src["data_date"],
            located_by="source" if r.get("geo_precision") == "exact" else "gazetteer",
            weekly_hours=weekly, appointment=r.get("appointment"), geo_precision=r.get("geo_precision") or "commune",
        ))
    return out


def load_operators(path: Path = OPERATORS) -> Dict[str, Any]:
    """Validated operators: {"national": {id: record}, "regional": {...}}."""
    data = _read(path) or {}
    national = {}
    for record in data.get("national") or []:
        rid = record.get("id") or "<no id>"
        for name in ("id", "name", "summary"):
            if not record.get(name):
                raise KnowledgeError(f"{rid}: field '{name}' is required")
        bad = [p for p in record.get("serves") or [] if p not in PROFILES]
        if bad:
            raise KnowledgeError(f"{rid}: field 'serves' has unknown profiles {bad}")
        _provenance(record, rid)
        national[rid] = record
    regional = data.get("regional") or {}
    for kind, records in regional.items():
        for record in records or []:
            _provenance(record, f"regional.{kind}.{record.get('region')}")
    return {"national": national, "regional": regional}


def load_routing(path: Path = ROUTING, operators: Optional[Dict[str, Any]] = None) -> Dict[str, List[Dict[str, Any]]]:
    """Profile -> list of {operator, why, regional?}, checked against the operators."""
    operators = operators or load_operators()
    routing = (_read(path) or {}).get("profiles") or {}
    for profile in PROFILES:
        if not routing.get(profile):
            raise KnowledgeError(f"routing: profile '{profile}' has no operator")
        for rule in routing[profile]:
            if rule.get("operator") not in operators["national"]:
                raise KnowledgeError(f"routing.{profile}: unknown operator '{rule.get('operator')}'")
            if not rule.get("why"):
                raise KnowledgeError(f"routing.{profile}.{rule['operator']}: field 'why' is required")
    return routing


def _optional_url(value: Any, where: str) -> None:
    if value is not None and not (isinstance(value, str) and re.match(r"^https?://[^\s/]+\.[^\s]+$", value)):
        raise KnowledgeError(f"{where}: must be an http(s) URL or null")


def _service(record: Any, where: str, fields: Tuple[str, ...]) -> None:
    if record is None:
        return
    if not isinstance(record, dict) or not record.get("name"):
        raise KnowledgeError(f"{where}: field 'name' is required (or the whole record null)")
    for name in fields:
        if name not in record:
            raise KnowledgeError(f"{where}: field '{name}' is required (null when unknown)")
        _optional_url(record[name], f"{where}.{name}")
    if record.get("status", "confirmed") not in STATUSES:
        raise KnowledgeError(f"{where}: field 'status' must be one of {sorted(STATUSES)}")
    _provenance(record, where)


def load_regions(path: Path = REGIONS) -> Dict[str, Any]:
    """Validated regions.yml: {"meta": {...}, "regions": {region name: record}} (18 Regions).

    Each record has `code`, `name`, `spro_service` (name, website, source, checked, or null)
    and `carif_oref` (name, website, training_catalogue_url, source, checked, or null).
    """
    data = _read(path) or {}
    meta = data.get("meta") or {}
    _provenance(meta.get("spro") or {}, "regions.meta.spro")
    national = meta.get("national_carif_oref") or {}
    _service(national, "regions.meta.national_carif_oref", ("website", "training_catalogue_url"))
    if not national.get("training_catalogue_url"):
        raise KnowledgeError("regions.meta.national_carif_oref: a national training_catalogue_url is required")
    regions: Dict[str, Any] = {}
    for record in data.get("regions") or []:
        where = f"regions.{record.get('name') or record.get('code') or '<no name>'}"
        if not record.get("code") or not record.get("name"):
            raise KnowledgeError(f"{where}: fields 'code' and 'name' are required")
        if "spro_service" not in record or "carif_oref" not in record:
            raise KnowledgeError(f"{where}: fields 'spro_service' and 'carif_oref' are required (null when unknown)")
        _service(record["spro_service"], f"{where}.spro_service", ("website",))
        _service(record["carif_oref"], f"{where}.carif_oref", ("website", "training_catalogue_url"))
        if record["name"] in regions:
            raise KnowledgeError(f"{where}: duplicate region")
        regions[record["name"]] = record
    return {"meta": meta, "regions": regions}


@lru_cache(maxsize=1)
def regions() -> Dict[str, Any]:
    """regions.yml, loaded once per process."""
    return load_regions()


def region_record(name: Optional[str]) -> Optional[Dict[str, Any]]:
    """The record of a Region by its gazetteer name ("Bretagne"), or None."""
    record: Optional[Dict[str, Any]] = regions()["regions"].get(name or "")
    return record


@lru_cache(maxsize=1)
def knowledge_base() -> Tuple[List[AccessPoint], Dict[str, Any], Dict[str, List[Dict[str, Any]]]]:
    """Access points, operators and routing, loaded once per process."""
    operators = load_operators()
    points = load_access_points()
    known = {p.id for p in points}
    points += [p for p in load_local_access_points() if p.id not in known]
    return points, operators, load_routing(operators=operators)
