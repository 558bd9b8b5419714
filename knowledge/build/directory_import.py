"""Import the national directory of local public offices into the knowledge base.

``python -m bot sync-directory FILE`` calls :func:`import_directory`. It reads the
open-data export of service-public.gouv.fr's *Annuaire de l'administration - Base de
données locales* (DILA, Licence Ouverte 2.0), keeps the kinds of office that matter
for career orientation, converts them to the access-point schema of
``knowledge/access_points.yml`` and writes ``knowledge/local_offices.yml``.

Accepted input (PyYAML, and ijson to stream the JSON):

* the bulk export, ``{"service": [ {...}, ... ]}`` — the JSON file named
  ``<YYYY-MM-DD_HHMMSS>-data.gouv_local.json``, plain, ``.gz``/``.bz2``, or still inside
  the ``all_latest.tar.bz2`` archive (``.tar``, ``.tar.bz2``, ``.tbz2``, ``.tar.gz``,
  ``.tgz``), in which case the ``*-data.gouv_local.json`` member is read;
* a JSON *list* of the same records as given by the API Annuaire (Opendatasoft)
  ``exports/json`` endpoint, where nested fields (``pivot``, ``adresse``...) are
  JSON-encoded strings;
* the older API Établissements publics v3 GeoJSON, ``{"type": "FeatureCollection",
  "features": [{"geometry": {...}, "properties": {"pivotLocal", "adresses"[].lignes,
  "coordonnees", "horaires"[]...}}]}``.

Memory: the file is *streamed*. ijson's event parser walks the top-level object and each
record of the ``service`` (or ``features``) array is built, converted and dropped in turn,
so only one record plus one read chunk (1 MiB) is in memory at a time — never the whole
file, let alone twice. Only the kept records (a few thousand) are held until they
are written.

Where the format was read (public sources, read through the project's code/docs
search, November 2026):

* Bulk export record shape (``service`` list; ``id``, ``nom``, ``pivot`` [
  ``type_service_local``, ``code_insee_commune`` []], ``adresse`` [``type_adresse``
  "Adresse" / "Adresse postale", ``complement1``, ``complement2``, ``numero_voie``,
  ``service_distribution``, ``code_postal``, ``nom_commune``, ``longitude``,
  ``latitude`` as strings], ``telephone`` [``valeur``, ``description``],
  ``site_internet`` [``libelle``, ``valeur``], ``plage_ouverture`` [
  ``nom_jour_debut``, ``nom_jour_fin``, ``valeur_heure_debut_1``/``fin_1``/``_2``,
  ``commentaire``], ``code_insee_commune``, ``date_modification`` "dd/mm/YYYY
  HH:MM:SS", ``url_service_public``): test fixture and loader of
  gip-inclusion/data-inclusion (``etab_publics`` source, reads ``*.gouv_local.json``
  from the tar.bz2 and ``data["service"]``), MTES-MCT/acceslibre
  ``erp/imports/mapper/service_public.py`` (streams ``service.item`` out of the
  ``-data.gouv_local.json`` tar member) and DNUM-SocialGouv/1j1s-front
  ``src/server/établissement-accompagnement/infra/apiEtablissementPublic.*`` (API
  Annuaire records with JSON-string fields; pivots ``france_travail``,
  ``mission_locale``, ``cij``).
* File name ``2022-10-28_003346-data.gouv_local.json`` and archive
  ``donnees_locales_v4/all_latest.tar.bz2`` (~350 MB, JSON ~270 MB): scripts that
  process it, found by the code search; data set description on data.gouv.fr
  ("Service-public.fr - Annuaire de l'administration - Base de données locales":
  JSON since 4 July 2022, Licence Ouverte 2.0, reusers must credit Service-Public /
  DILA, the download URL, the file name and the file's date).
* ``type_service_local`` codes ``pole_emploi``, ``france_travail``,
  ``mission_locale``, ``cio``, ``cij``, ``maison_emploi``, ``cap_emploi``, ``apec``,
  ``maison_handicapees`` (MDPH): MTES-MCT/acceslibre's mapping table and
  data-inclusion's list of pivots. ``bij``, ``pij``, ``mde`` and ``mdph`` were NOT
  seen as codes in any source; they are accepted as harmless aliases.
* Old GeoJSON shape (``pivotLocal``, ``codeInsee``, ``adresses`` [``type``
  "géopostale"/"physique"/"postale", ``lignes``, ``codePostal``, ``commune``,
  ``coordonnees`` [lon, lat]], ``horaires`` [``du``, ``au``, ``heures`` [``de``,
  ``a``]], ``telephone``, ``url``; ``geometry.coordinates`` [lon, lat]):
  MTES-MCT/acceslibre tests of ``erp/provider/public_erp`` and 1j1s-front
  ``apiÉtablissementPublic.response.ts`` / ``.fixture.ts``.
"""

from __future__ import annotations

import bz2
import datetime as _dt
import gzip
import io
import json
import os
import re
import tarfile
import tempfile
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, BinaryIO, Callable, Iterator, Mapping, Optional, TextIO, cast

import yaml

if TYPE_CHECKING:
    from knowledge.gazetteer import Place

__all__ = [
    "DEFAULT_OUT_PATH",
    "DirectoryImportError",
    "ImportStats",
    "KIND_BY_PIVOT",
    "convert_record",
    "department_from_insee",
    "department_from_postal_code",
    "export_date_from_name",
    "format_hours",
    "import_directory",
    "iter_records",
]

DEFAULT_OUT_PATH = Path(__file__).resolve().parents[1] / "local_offices.yml"

DATASET_NAME = "Service-public.fr - Annuaire de l'administration - Base de données locales"
PUBLISHER = "Direction de l'information légale et administrative (DILA) - Service-Public.gouv.fr"
LICENCE = "Licence Ouverte 2.0 (Etalab)"
# Data set page as seen in the data.gouv.fr catalogue (the archive URL behind it may change).
DATASET_PAGE = (
    "https://www.data.gouv.fr/fr/datasets/service-public-fr-annuaire-de-l-administration-base-de-donnees-locales/"
)

# type_service_local (new export) / pivotLocal (old GeoJSON) -> our `kind`.
KIND_BY_PIVOT: dict[str, str] = {
    "france_travail": "france_travail",
    "pole_emploi": "france_travail",
    "mission_locale": "mission_locale",
    "cio": "cio",
    "cij": "info_jeunes",
    "bij": "info_jeunes",  # alias, not seen in the data
    "pij": "info_jeunes",  # alias, not seen in the data
    "maison_emploi": "maison_emploi",
    "mde": "maison_emploi",  # alias, not seen in the data
    "cap_emploi": "cap_emploi",
    "apec": "apec",
    "maison_handicapees": "mdph",
    "mdph": "mdph",  # alias, not seen in the data
}

_CHUNK_SIZE = 1 << 20  # bytes read per step while streaming
_TAR_SUFFIXES = (".tar", ".tar.bz2", ".tbz2", ".tbz", ".tar.gz", ".tgz", ".tar.xz", ".txz")

_DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_DAY_ABBR = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")
_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)")

RegionLookup = Callable[[str, str], Optional[str]]


#: One access point as written to ``local_offices.yml``: the record of ``knowledge/access_points.yml``,
#: whose shape is the JSON Schema that ``knowledge.kb`` validates it against when it is read.
AccessPointRecord = Dict[str, Any]


class DirectoryImportError(Exception):
    """The directory export cannot be read (missing, not JSON, unexpected shape)."""


@dataclass
class ImportStats:
    """What one import did; ``summary()`` gives a short text for the CLI."""

    source_file: str
    out_path: Path
    export_date: Optional[str]
    read: int = 0
    kept: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    other_kinds: int = 0

    @property
    def kept_total(self) -> int:
        """Number of access points written."""
        return sum(self.kept.values())

    @property
    def skipped_total(self) -> int:
        """Relevant records left out (see ``skipped`` for the reasons)."""
        return sum(self.skipped.values())

    def summary(self) -> str:
        """Two or three lines for the terminal (French, with the English keys)."""
        kept = ", ".join(f"{k}: {n}" for k, n in sorted(self.kept.items())) or "aucun"
        when = f"export du {self.export_date}" if self.export_date else "date d'export inconnue"
        lines = [
            f"Annuaire {self.source_file} ({when}) : {self.read} fiches lues, {self.kept_total} gardées ({kept}).",
            f"Écrit dans {self.out_path}.",
        ]
        if self.skipped:
            why = ", ".join(f"{k}: {n}" for k, n in sorted(self.skipped.items()))
            lines.insert(1, f"Écartées : {self.skipped_total} ({why}) ; autres types ignorés : {self.other_kinds}.")
        else:
            lines.insert(1, f"Écartées : 0 ; autres types ignorés : {self.other_kinds}.")
        return "\n".join(lines)


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


def _err(fr: str, en: str) -> DirectoryImportError:
    return DirectoryImportError(f"{fr} / {en}")


def _without_bom(raw: Any) -> BinaryIO:
    """The byte stream past a UTF-8 byte order mark, if any (``raw`` has ``peek``)."""
    if raw.peek(3)[:3] == b"\xef\xbb\xbf":
        raw.read(3)
    return cast(BinaryIO, raw)


class _ForwardOnly(io.RawIOBase):
    """Plain reader over a tar member read in stream mode.

    Python 3.10's stream-mode tar members fail on ``seekable()``, which
    ``io.BufferedReader`` calls; this wrapper answers it and only reads forward.
    """

    def __init__(self, raw: Any) -> None:
        self._raw = raw

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


@contextmanager
def _open_source(path: Path) -> Iterator[tuple[BinaryIO, str]]:
    """Yield (byte stream, name of the JSON file actually read)."""
    name = path.name.lower()
    try:
        if name.endswith(_TAR_SUFFIXES):
            with tarfile.open(path, mode="r|*") as tar:
                for member in tar:
                    base = os.path.basename(member.name)
                    if member.isfile() and base.endswith("gouv_local.json"):
                        extracted = tar.extractfile(member)
                        if extracted is None:  # pragma: no cover - isfile() guarantees a stream
                            break
                        yield _without_bom(io.BufferedReader(_ForwardOnly(extracted), buffer_size=_CHUNK_SIZE)), base
                        return
            raise _err(
                f"Aucun fichier *-data.gouv_local.json dans l'archive {path.name}",
                f"no *-data.gouv_local.json member in archive {path.name}",
            )
        if name.endswith(".gz"):
            with gzip.open(path, "rb") as raw:
                yield _without_bom(raw), path.name[:-3]
            return
        if name.endswith(".bz2"):
            with bz2.open(path, "rb") as raw:
                yield _without_bom(raw), path.name[:-4]
            return
        with open(path, "rb") as raw:
            yield _without_bom(raw), path.name
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise _err(
            f"Lecture impossible de {path} ({exc})",
            f"cannot read {path} ({exc})",
        ) from exc


#: Where the records are: a top-level list (API Annuaire export), or the list under "service"
#: (Base de données locales) or "features" (GeoJSON).
_RECORD_LISTS = ("service", "features")


def _parser_reason(exc: Exception) -> str:
    """The first line of a parser error, as text ("parse error: premature EOF")."""
    reason = exc.args[0] if exc.args else exc
    if isinstance(reason, bytes):
        reason = reason.decode("utf-8", "replace")
    return str(reason).strip().splitlines()[0] if str(reason).strip() else type(exc).__name__


def _iter_stream(binary: BinaryIO, chunk_size: int = _CHUNK_SIZE) -> Iterator[Any]:
    """The records of a directory export, decoded one at a time by ijson (streaming)."""
    import ijson

    wanted: Optional[str] = None  # the ijson prefix of one record
    builder: Optional[Any] = None
    started = found = False
    try:
        for prefix, event, value in ijson.parse(binary, buf_size=chunk_size, use_float=True):
            if not started:
                started = True
                if event == "start_array":
                    wanted, found = "item", True
                elif event != "start_map":
                    raise _err(
                        "Le fichier n'est pas un JSON d'annuaire (il doit commencer par '{' ou '[')",
                        "file is not a directory JSON (it must start with '{' or '[')",
                    )
                continue
            if builder is None and prefix in _RECORD_LISTS and event == "start_array":
                wanted, found = f"{prefix}.item", True
            elif builder is not None:
                builder.event(event, value)
                if prefix == wanted and event in ("end_map", "end_array"):
                    yield builder.value
                    builder = None
            elif prefix == wanted and event in ("start_map", "start_array"):
                builder = ijson.ObjectBuilder()
                builder.event(event, value)
            elif prefix == wanted:
                yield value
    except ijson.JSONError as exc:
        reason = _parser_reason(exc)
        if "utf8" in reason.lower().replace("-", ""):
            raise _err(
                f"Le fichier n'est pas un JSON UTF-8 lisible ({reason})", f"file is not readable UTF-8 JSON ({reason})"
            ) from exc
        raise _err(f"Le fichier n'est pas un JSON valide ({reason})", f"file is not valid JSON ({reason})") from exc
    except (UnicodeDecodeError, OSError, EOFError) as exc:
        raise _err(
            f"Le fichier n'est pas un JSON UTF-8 lisible ({exc})",
            f"file is not readable UTF-8 JSON ({exc})",
        ) from exc
    if not started:
        raise _err("Le fichier est vide", "file is empty")
    if not found:
        raise _err(
            'Forme inattendue : ni liste "service" (export Base de données locales) '
            'ni liste "features" (GeoJSON) au premier niveau',
            'unexpected shape: no top-level "service" list (Base de données locales export) '
            'nor "features" list (GeoJSON)',
        )


def iter_records(src_path: str | os.PathLike[str], chunk_size: int = _CHUNK_SIZE) -> Iterator[Any]:
    """Yield the raw records of a directory export one by one (streaming).

    Each is a parsed JSON value, normally an object (a dict); :func:`convert_record` checks it.

    Raises:
        DirectoryImportError: missing file, not JSON, or wrong top-level shape.
    """
    path = Path(src_path)
    if not path.is_file():
        raise _err(f"Fichier introuvable : {path}", f"file not found: {path}")
    with _open_source(path) as (binary, _name):
        yield from _iter_stream(binary, chunk_size)


# ---------------------------------------------------------------------------
# Converting
# ---------------------------------------------------------------------------


def _maybe_json(value: Any) -> Any:
    """API Annuaire exports carry nested fields as JSON strings: decode them."""
    if isinstance(value, str):
        s = value.strip()
        if s[:1] in "[{":
            try:
                return json.loads(s)
            except ValueError:
                return value
    return value


def _as_list(value: Any) -> list[Any]:  # the items of a JSON list, checked with isinstance where read
    value = _maybe_json(value)
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return value
    return [value]


def _clean(value: Any) -> Optional[str]:
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _float(value: Any) -> Optional[float]:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = float(str(value).replace(",", ".").strip())
    except ValueError:
        return None
    if number != number or number in (float("inf"), float("-inf")):  # NaN / inf
        return None
    return number


def _postal_code(value: Any) -> Optional[str]:
    code = _clean(value)
    if code and re.fullmatch(r"\d{4}", code):  # a number that lost its leading zero
        code = "0" + code
    return code


def _valid_point(lat: Optional[float], lon: Optional[float]) -> bool:
    return (
        lat is not None
        and lon is not None
        and -90.0 <= lat <= 90.0
        and -180.0 <= lon <= 180.0
        and not (lat == 0.0 and lon == 0.0)
    )


def department_from_insee(insee: Optional[str]) -> Optional[str]:
    """Department code of a commune INSEE code: 2 chars, 3 for 97x, '2A'/'2B' as is."""
    code = _clean(insee)
    if not code or len(code) != 5:
        return None
    code = code.upper()
    if code.startswith("97") or code.startswith("98"):
        return code[:3]
    return code[:2]


def department_from_postal_code(postal_code: Optional[str]) -> Optional[str]:
    """Fallback when there is no INSEE code (Corsica: 200xx-201xx -> 2A, else 2B)."""
    code = _clean(postal_code)
    if not code or not re.fullmatch(r"\d{5}", code):
        return None
    if code.startswith("97") or code.startswith("98"):
        return code[:3]
    if code.startswith("20"):
        return "2A" if int(code[2]) < 2 else "2B"
    return code[:2]


def _time(value: Any) -> Optional[str]:
    m = re.fullmatch(r"\s*(\d{1,2})[:hH](\d{2})(?::\d{2})?\s*", str(value or ""))
    if not m:
        return None
    hour, minute = int(m.group(1)), int(m.group(2))
    if hour > 24 or minute > 59:
        return None
    return f"{hour}h" if minute == 0 else f"{hour}h{minute:02d}"


def _day_index(value: Any) -> Optional[int]:
    name = (_clean(value) or "").lower()
    try:
        return _DAYS.index(name)
    except ValueError:
        return None


def _days_label(start: Any, end: Any) -> Optional[str]:
    first = _day_index(start)
    if first is None:
        return None
    last = _day_index(end)
    if last is None or last == first:
        return _DAY_ABBR[first]
    return f"{_DAY_ABBR[first]}–{_DAY_ABBR[last]}"


def _slot(start: Any, end: Any) -> Optional[str]:
    a, b = _time(start), _time(end)
    return f"{a}–{b}" if a and b else None


def format_hours(plages: Any) -> Optional[str]:
    """Compact French opening hours, e.g. ``"lun.–ven. 8h30–12h30, 13h30–16h30"``.

    Accepts the ``plage_ouverture`` list of the export (or its JSON string) and the
    ``horaires`` list of the old GeoJSON. Returns None when nothing usable is given:
    hours are never guessed.
    """
    parts: list[tuple[int, str]] = []
    for plage in _as_list(plages):
        if not isinstance(plage, dict):
            continue
        if "nom_jour_debut" in plage:
            days = _days_label(plage.get("nom_jour_debut"), plage.get("nom_jour_fin"))
            first = _day_index(plage.get("nom_jour_debut"))
            slots = [
                _slot(plage.get("valeur_heure_debut_1"), plage.get("valeur_heure_fin_1")),
                _slot(plage.get("valeur_heure_debut_2"), plage.get("valeur_heure_fin_2")),
            ]
        else:  # old GeoJSON: {"du", "au", "heures": [{"de", "a"}]}
            days = _days_label(plage.get("du"), plage.get("au"))
            first = _day_index(plage.get("du"))
            slots = [_slot(h.get("de"), h.get("a")) for h in _as_list(plage.get("heures")) if isinstance(h, dict)]
        if days is None or first is None:
            continue
        hours = ", ".join(s for s in slots if s)
        comment = _clean(plage.get("commentaire"))
        text = f"{days} {hours}" if hours else days
        if comment:
            text += f" ({comment})"
        elif not hours:
            continue
        parts.append((first, text))
    if not parts:
        return None
    parts.sort(key=lambda p: p[0])  # stable: same-day plages keep their order
    return "; ".join(text for _, text in parts)


def _first_value(items: Any) -> Optional[str]:
    for item in _as_list(items):
        value = item.get("valeur") if isinstance(item, dict) else item
        if isinstance(value, list):
            value = next((v for v in value if _clean(v)), None)
        value = _clean(value)
        if value:
            return value
    return None


def _kind_of(pivots: list[str]) -> Optional[str]:
    for pivot in pivots:
        kind = KIND_BY_PIVOT.get((pivot or "").strip().lower())
        if kind:
            return kind
    return None


@dataclass
class _Fields:
    """Source-independent view of one record."""

    id: Optional[str]
    name: Optional[str]
    pivots: list[str]
    insee: Optional[str]
    has_address: bool
    address: Optional[str]
    postal_code: Optional[str]
    commune: Optional[str]
    lat: Optional[float]
    lon: Optional[float]
    phone: Optional[str]
    website: Optional[str]
    hours: Optional[str]
    page: Optional[str]


def _is_postal(kind: Any) -> bool:
    k = (_clean(kind) or "").lower()
    return k in ("postale", "adresse postale") or (k.endswith("postale") and not k.startswith("géo"))


def _address_fields(found: bool, lines: list[Any], postal_code: Any, commune: Any) -> dict[str, Any]:
    """The address part of a :class:`_Fields` (``found``: the record has a physical address)."""
    unique: list[str] = []
    for line in (_clean(value) for value in lines):
        if line and line not in unique:
            unique.append(line)
    return {
        "has_address": found,
        "address": ", ".join(unique) or None,
        "postal_code": _postal_code(postal_code),
        "commune": _clean(commune),
    }


def _contact_fields(rec: dict[str, Any], website: str, hours: str) -> dict[str, Any]:
    """id, name, phone, website and hours of a record of either export (their keys differ for the last two)."""
    return {
        "id": _clean(rec.get("id")),
        "name": _clean(rec.get("nom")),
        "phone": _first_value(rec.get("telephone")),
        "website": _first_value(rec.get(website)),
        "hours": format_hours(rec.get(hours)),
    }


def _fields_from_service(rec: dict[str, Any]) -> _Fields:
    pivots = []
    insee = _clean(rec.get("code_insee_commune"))
    for p in _as_list(rec.get("pivot")):
        if isinstance(p, dict):
            pivots.append(_clean(p.get("type_service_local")) or "")
            if not insee:
                codes = _as_list(p.get("code_insee_commune"))
                insee = _clean(codes[0]) if codes else None
        elif isinstance(p, str):
            pivots.append(p)
    addresses = [a for a in _as_list(rec.get("adresse")) if isinstance(a, dict)]
    physical = [a for a in addresses if not _is_postal(a.get("type_adresse"))]
    # Prefer a physical address that has coordinates.
    chosen = next(
        (a for a in physical if _valid_point(_float(a.get("latitude")), _float(a.get("longitude")))),
        physical[0] if physical else None,
    )
    found, chosen = chosen is not None, chosen or {}
    return _Fields(
        **_contact_fields(rec, website="site_internet", hours="plage_ouverture"),
        pivots=pivots,
        insee=insee,
        lat=_float(chosen.get("latitude")),
        lon=_float(chosen.get("longitude")),
        page=_clean(rec.get("url_service_public")),
        **_address_fields(
            found,
            [chosen.get(k) for k in ("complement1", "complement2", "numero_voie")],
            chosen.get("code_postal"),
            chosen.get("nom_commune"),
        ),
    )


def _fields_from_feature(feature: dict[str, Any]) -> _Fields:
    props = feature.get("properties")
    props = props if isinstance(props, dict) else {}
    pivots = [p for p in (_clean(x) for x in _as_list(props.get("pivotLocal"))) if p]
    addresses = [a for a in _as_list(props.get("adresses")) if isinstance(a, dict)]
    physical = [a for a in addresses if not _is_postal(a.get("type"))]
    chosen = physical[0] if physical else None
    lat = lon = None
    geometry = feature.get("geometry")
    coords = geometry.get("coordinates") if isinstance(geometry, dict) else None
    if isinstance(coords, list) and len(coords) >= 2 and not isinstance(coords[0], list):
        lon, lat = _float(coords[0]), _float(coords[1])  # GeoJSON order: [lon, lat]
    found, chosen = chosen is not None, chosen or {}
    if found and not _valid_point(lat, lon):
        c = chosen.get("coordonnees")
        if isinstance(c, list) and len(c) >= 2:
            lon, lat = _float(c[0]), _float(c[1])  # same [lon, lat] order in the sources
    return _Fields(
        **_contact_fields(props, website="url", hours="horaires"),
        pivots=pivots,
        insee=_clean(props.get("codeInsee")),
        lat=lat,
        lon=lon,
        page=None,
        **_address_fields(found, _as_list(chosen.get("lignes")), chosen.get("codePostal"), chosen.get("commune")),
    )


def convert_record(
    record: Any,
    source_label: str,
    checked: str,
    region_lookup: Optional[RegionLookup] = None,
) -> tuple[Optional[AccessPointRecord], str]:
    """Convert one raw record.

    Returns ``(access_point, "kept")``, ``(None, "other_kind")`` for offices out of
    scope, or ``(None, <reason>)`` with reason in ``not_an_object``, ``no_id``,
    ``no_name``, ``no_address``, ``no_postal_code``, ``no_coordinates``.
    """
    if not isinstance(record, dict):
        return None, "not_an_object"
    if "properties" in record and "pivot" not in record:
        f = _fields_from_feature(record)
    else:
        f = _fields_from_service(record)
    kind = _kind_of(f.pivots)
    if kind is None:
        return None, "other_kind"
    if not f.id:
        return None, "no_id"
    if not f.name:
        return None, "no_name"
    if not f.has_address:
        return None, "no_address"
    if not f.postal_code:
        return None, "no_postal_code"
    lat, lon = f.lat, f.lon
    if lat is None or lon is None or not _valid_point(lat, lon):
        return None, "no_coordinates"
    department = department_from_insee(f.insee) or department_from_postal_code(f.postal_code)
    region = None
    if region_lookup is not None and department:
        try:
            region = region_lookup(department, f.postal_code)
        except Exception:  # a broken gazetteer must not stop the import
            region = None
    sources = [source_label]
    if f.page:
        sources.append(f.page)
    point: AccessPointRecord = {
        "id": f"sp-{f.id}",
        "name": f.name,
        "kind": kind,
        "address": f.address,
        "postal_code": f.postal_code,
        "commune": f.commune,
        "department": department,
        "region": region,
        "lat": round(lat, 6),
        "lon": round(lon, 6),
        "phone": f.phone,
        "website": f.website,
        "hours": f.hours,
        "services": [],
        "status": "confirmed",
        "source": sources,
        "checked": checked,
        "note": None,
    }
    return point, "kept"


# ---------------------------------------------------------------------------
# Region from the gazetteer (optional)
# ---------------------------------------------------------------------------


def _gazetteer_region_lookup() -> Optional[RegionLookup]:
    """Region name by department, from knowledge.gazetteer when it can be loaded."""
    try:
        from knowledge import gazetteer  # optional: regions stay null without it
    except Exception:
        return None
    cache: dict[str, Optional[str]] = {}

    def lookup(department: str, postal_code: str) -> Optional[str]:
        if cache.get(department):
            return cache[department]
        try:
            res = gazetteer.resolve(postal_code)
        except Exception:
            return None
        place: Optional[Place] = getattr(res, "place", None)
        if getattr(res, "status", None) == "ok" and place is not None and place.department == department:
            cache[department] = place.region
            return place.region
        return None

    return lookup


# ---------------------------------------------------------------------------
# Import
# ---------------------------------------------------------------------------


def export_date_from_name(name: str) -> Optional[str]:
    """ISO date found in a file name such as ``2026-07-31_053230-data.gouv_local.json``."""
    for m in _DATE_IN_NAME.finditer(name):
        try:
            return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        except ValueError:
            continue
    return None


_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when available


def _dump(data: Any, fh: TextIO) -> None:
    yaml.dump(data, fh, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def _write_yaml(meta: Mapping[str, object], points: list[AccessPointRecord], out_path: Path) -> None:
    """Write ``meta`` then ``access_points`` atomically, one point at a time.

    Dumping points one by one keeps memory flat (a single ``safe_dump`` of tens of
    thousands of records builds a node graph of several hundred MB).
    """
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out_path.name}.", suffix=".tmp", dir=out_path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(
                "# Generated by `python -m bot sync-directory` (knowledge/build/directory_import.py).\n"
                "# Do not edit by hand: re-run the import on a newer export instead.\n"
            )
            _dump({"meta": meta}, fh)
            fh.write("access_points:\n")
            for point in points:
                _dump([point], fh)  # "- id: ..." block, same layout as a full dump
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; use the usual file mode
        os.replace(tmp, out_path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def import_directory(
    src_path: str | os.PathLike[str],
    out_path: str | os.PathLike[str] | None = None,
    *,
    region_lookup: Optional[RegionLookup] = None,
    today: Optional[_dt.date] = None,
    source_url: Optional[str] = None,
    chunk_size: int = _CHUNK_SIZE,
) -> ImportStats:
    """Import a service-public.fr directory export into ``local_offices.yml``.

    Args:
        src_path: the export (JSON, ``.gz``/``.bz2``, or the ``all_latest.tar.bz2``).
        out_path: YAML to write; default ``knowledge/local_offices.yml`` next to this
            module (not the working directory).
        region_lookup: ``(department, postal_code) -> region name or None``; by default
            ``knowledge.gazetteer`` when it is importable, else regions stay null.
        today: date used for ``checked`` when the export date is unknown.
        source_url: the download URL actually used, recorded in ``meta`` (the licence
            asks reusers to cite it with the file name and date).
        chunk_size: characters read per streaming step (tests use tiny values).

    Returns:
        ImportStats with the counts read / kept per kind / skipped per reason.

    Raises:
        DirectoryImportError: missing file, not JSON, wrong shape, or nothing kept
            (the output file is then left untouched).
    """
    src = Path(src_path)
    out = Path(out_path) if out_path is not None else DEFAULT_OUT_PATH
    if not src.is_file():
        raise _err(f"Fichier introuvable : {src}", f"file not found: {src}")
    if region_lookup is None:
        region_lookup = _gazetteer_region_lookup()
    today = today or _dt.date.today()

    with _open_source(src) as (binary, json_name):
        export_date = export_date_from_name(json_name) or export_date_from_name(src.name)
        checked = export_date or today.isoformat()
        label = f"service-public.fr Base de données locales (export {json_name})"
        stats = ImportStats(source_file=json_name, out_path=out, export_date=export_date)
        kept: dict[str, AccessPointRecord] = {}
        kinds: Counter[str] = Counter()
        skipped: Counter[str] = Counter()
        recognised = 0
        for record in _iter_stream(binary, chunk_size):
            stats.read += 1
            if isinstance(record, dict) and ("pivot" in record or "properties" in record):
                recognised += 1
            point, outcome = convert_record(record, label, checked, region_lookup)
            if outcome == "other_kind":
                stats.other_kinds += 1
            elif point is None:
                skipped[outcome] += 1
            elif point["id"] in kept:
                skipped["duplicate_id"] += 1
            else:
                kept[point["id"]] = point
                kinds[point["kind"]] += 1

    if stats.read == 0:
        raise _err(
            f"Aucune fiche dans {src.name} : la liste est vide",
            f"no record in {src.name}: the list is empty",
        )
    if recognised == 0:
        raise _err(
            f'Forme inattendue : aucune fiche de {src.name} n\'a de champ "pivot" '
            '(Base de données locales) ni "properties" (GeoJSON)',
            f'unexpected shape: no record of {src.name} has a "pivot" '
            '(Base de données locales) or "properties" (GeoJSON) field',
        )
    if not kept:
        # Refuse to replace a good file with an empty one.
        raise _err(
            f"Aucun lieu retenu dans {src.name} ({stats.read} fiches lues) : {out} n'a pas été modifié",
            f"no relevant office kept from {src.name} ({stats.read} records read): {out} left unchanged",
        )
    stats.kept = dict(sorted(kinds.items()))
    stats.skipped = dict(sorted(skipped.items()))
    meta = {
        "source": f"{DATASET_NAME} ({PUBLISHER})",
        "dataset_page": DATASET_PAGE,
        "source_url": source_url,
        "source_file": json_name,
        "export_date": export_date,
        "licence": LICENCE,
        "imported_at": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
        "records_read": stats.read,
        "counts": stats.kept,
        "skipped": stats.skipped,
        "other_kinds_ignored": stats.other_kinds,
        "note": (
            "Addresses, phones and hours as published by the DILA on the export date; "
            "null means the export gave none (never guessed)."
        ),
    }
    _write_yaml(meta, [kept[k] for k in sorted(kept)], out)
    return stats
