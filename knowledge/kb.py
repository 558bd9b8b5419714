"""Loading and validating the knowledge base (access points, operators, routing)."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from knowledge import gazetteer

HERE = Path(__file__).resolve().parent
ACCESS_POINTS = HERE / "access_points.yml"
LOCAL_OFFICES = HERE / "local_offices.yml"
LOCAL_ACCESS_POINTS = HERE / "data" / "local_access_points.json.gz"  # built by `make directory`
OPERATORS = HERE / "operators.yml"
ROUTING = HERE / "routing.yml"
REGIONS = HERE / "regions.yml"
SCHEMA = HERE / "schema" / "knowledge.schema.json"  # the records' JSON Schema (checked at load)
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
# Kinds offered to anyone as the nearest general access point. France Travail agencies (2019 data) are not
# among them: they are offered where the routing sends a person to France Travail (knowledge/referral.py,
# PROFILE_KINDS) or when asked for by name.
GENERAL_KINDS = ("cite_des_metiers", "centre_associe", "france_services", "maison_emploi")
DAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
Slots = Tuple[Tuple[str, str], ...]

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


@lru_cache(maxsize=None)
def _validator(definition: str) -> Any:
    """JSON Schema validator of one definition of knowledge/schema/knowledge.schema.json.

    The profiles and statuses enums are filled in here from PROFILES and STATUSES, their one home.
    """
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    schema["$defs"]["profile"]["enum"] = list(PROFILES)
    schema["$defs"]["status"]["enum"] = sorted(STATUSES)
    return Draft202012Validator({**schema, "$ref": f"#/$defs/{definition}"})


def _describe(error: ValidationError, where: str) -> str:
    """A schema error as "<record>.<parent>: field '<name>' <what is wrong>"."""
    path = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in error.absolute_path)
    if error.validator == "required":
        path += "." + next(name for name in error.validator_value if name not in error.instance)
        what = "is required"
    elif error.validator == "enum":
        what = f"must be one of {list(error.validator_value)}"
    else:
        what = str(error.schema.get("description") or error.message)
    if not path:
        return f"{where}: {what}"
    parent, name = path.rsplit(".", 1)
    return f"{where}{parent}: field '{name}' {what}"


def validate(record: Any, definition: str, where: str) -> None:
    """Checks ``record`` against the schema's ``definition``; KnowledgeError naming the record and field."""
    for error in _validator(definition).iter_errors(record):
        raise KnowledgeError(_describe(error, where))


def _provenance(record: Dict[str, Any], where: str) -> None:
    validate(record, "provenance", where)


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


#: Fields read as they are from either kind of record (knowledge YAML, open-directory rows).
_PLAIN_FIELDS = ("name", "kind", "address", "postal_code", "commune", "department", "region", "phone", "website")


def _plain_fields(record: Dict[str, Any]) -> Dict[str, Any]:
    return {name: record.get(name) for name in _PLAIN_FIELDS}


def parse_access_point(record: Dict[str, Any]) -> AccessPoint:
    """Validates one access-point record and places it."""
    rid = record.get("id") or "<no id>"
    validate(record, "access_point", rid)
    attested = record.get("last_attested")
    lat, lon, how = locate(record)
    source = record["source"] if isinstance(record["source"], list) else [record["source"]]
    return AccessPoint(
        id=rid,
        **_plain_fields(record),
        lat=lat,
        lon=lon,
        hours=record.get("hours"),
        services=tuple(record.get("services") or ()),
        status=record.get("status", "confirmed"),
        source=tuple(source),
        checked=str(record["checked"]),
        note=record.get("note"),
        located_by=how,
        last_attested=attested,
        forced_stale=record.get("stale", False),
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
    validate(doc, "directory_file", path.name)
    fields = doc["fields"]
    sources = doc["sources"]
    out = []
    for row in doc["records"]:
        r = dict(zip(fields, row))
        src = sources.get(r["source"])
        if src is None or len(row) != len(fields):
            raise KnowledgeError(f"{path.name}: {r.get('id')}: unknown source {r.get('source')!r} or wrong row length")
        hours = r.get("hours")
        weekly = tuple(tuple((a, b) for a, b in (day or ())) for day in hours) if hours else None
        out.append(
            AccessPoint(
                id=r["id"],
                **_plain_fields(r),
                lat=float(r["lat"]),
                lon=float(r["lon"]),
                hours=None,
                status="partial",
                source=(f"{src['credit']} ({src['licence']})",),
                checked=src["data_date"],
                located_by="source" if r.get("geo_precision") == "exact" else "gazetteer",
                weekly_hours=weekly,
                appointment=r.get("appointment"),
                geo_precision=r.get("geo_precision") or "commune",
                # an old source (pins.yml `stale`): "Information ancienne (dernière source : 2019) : vérifiez…"
                last_attested=int(src["data_date"][:4]) if src.get("stale") else None,
                forced_stale=bool(src.get("stale")),
            )
        )
    return out


def load_operators(path: Path = OPERATORS) -> Dict[str, Any]:
    """Validated operators: {"national": {id: record}, "regional": {...}}."""
    data = _read(path) or {}
    national = {}
    for record in data.get("national") or []:
        rid = record.get("id") or "<no id>"
        validate(record, "national_operator", rid)
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


def load_regions(path: Path = REGIONS) -> Dict[str, Any]:
    """Validated regions.yml: {"meta": {...}, "regions": {region name: record}} (18 Regions).

    Each record has `code`, `name`, `spro_service` (name, website, source, checked, or null)
    and `carif_oref` (name, website, training_catalogue_url, source, checked, or null).
    """
    data = _read(path) or {}
    meta = data.get("meta") or {}
    validate(meta, "regions_meta", "regions.meta")
    regions: Dict[str, Any] = {}
    for record in data.get("regions") or []:
        where = f"regions.{record.get('name') or record.get('code') or '<no name>'}"
        validate(record, "region", where)
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
    points = merge_directory(load_access_points(), load_local_access_points())
    return points, operators, load_routing(operators=operators)


def merge_directory(points: List[AccessPoint], directory: List[AccessPoint]) -> List[AccessPoint]:
    """The YAML access points, then the open directory's places they do not already have.

    An old source's places (``stale``, e.g. the 2019 France Travail agencies) are dropped for a kind that
    an import of the national directory (``python -m bot sync-directory``: ids ``sp-…`` in
    local_offices.yml) provides: the fresher list supersedes them, so no agency appears twice.
    """
    known = {p.id for p in points}
    synced = {p.kind for p in points if p.id.startswith("sp-")}
    return points + [p for p in directory if p.id not in known and not (p.stale and p.kind in synced)]
