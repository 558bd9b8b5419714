"""Builds ``knowledge/data/local_access_points.json.gz`` from three pinned public data files.

Sources, each pinned by sha256 (``pins.yml``) and read from a folder given on the command line (default
``$DIRECTORY_SRC``, else ``../shared/reference/directory/`` beside the repository) or, for a file kept in
the repository, from its ``in_repo`` folder; nothing is read from there at run time, only the committed
output is:

- ANCT, "Liste des structures France services", 2024-08-01: front desks with coordinates, phones
  and weekday hours. Itinerant ones (buses, ``format_fs`` Itinérante / Bus_équivalent) have no
  fixed place and are left out.
- DILA, "Annuaire de l'administration — Base de données locales", 2019 (filtered: Missions locales,
  CIO, Info Jeunes, university guidance services, Apec, Afpa). Addresses are free text without
  coordinates: they are parsed, and each row is placed with the offline gazetteer from the INSEE
  code in its id, else its postal code and commune (``geo_precision: commune``). Its ``msap`` rows
  (Maisons de services au public, 2019) are all superseded by the 2024 France services list and
  dropped, so no desk appears twice.
- Pôle emploi's agency list of 2019 (kept in ``knowledge/build/sources/``, see PROVENANCE.md there): the
  local agencies (``ALE``), now France Travail agencies, with the coordinates of the file; directorates
  (``DDA``, ``DRA``) receive no public and are left out. Rows whose coordinates lie far from their commune
  are placed at the commune. Every place of this source is shown as old data ("vérifiez avant de vous
  déplacer").

The output is byte-for-byte reproducible from the pinned files (sorted records, gzip mtime 0).
Run: ``python -m knowledge.build.directory [--src DIR] [--check]``.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Tuple

from knowledge import gazetteer as gz
from knowledge.build.pins import BuildError, Pinned, pinned, verify
from knowledge.kb import KnowledgeError
from knowledge.kb import validate as validate_schema
from knowledge.referral import haversine_km

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SRC = Path(os.environ.get("DIRECTORY_SRC") or ROOT.parent / "shared" / "reference" / "directory")
OUT = ROOT / "knowledge" / "data" / "local_access_points.json.gz"
CREDITS = ROOT / "knowledge" / "data" / "CREDITS.md"
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


SourceFile = Pinned
FRANCE_SERVICES = pinned("anct_france_services_2024")
DILA_2019 = pinned("dila_annuaire_2019")
POLE_EMPLOI_2019 = pinned("pole_emploi_agences_2019")
SOURCES = (FRANCE_SERVICES, DILA_2019, POLE_EMPLOI_2019)
# Pôle emploi site types: only local agencies (ALE) receive the public; DDA/DRA are directorates.
PE_PUBLIC_SITE_TYPES = {"ALE"}
# A row whose coordinates lie farther than this from its commune's point is placed at the commune.
PE_MAX_OFFSET_KM = 30.0
# DILA tag -> kind of the knowledge base. msap is superseded by the 2024 France services file.
DILA_KINDS = {
    "mission_locale": "mission_locale",
    "cio": "cio",
    "cij": "info_jeunes",
    "suio": "suio",
    "apec": "apec",
    "afpa": "afpa",
}
# Itinérante and Bus_équivalent have no fixed place; nor has a desk named "Bus …" or "… itinérant(e)".
FIXED_FORMATS = {"Fixe", "Fixe_antenne(s)", "Multisites"}
Slots = List[List[str]]  # [["09:00", "12:00"], ["13:30", "17:00"]]
WeekHours = List[Optional[Slots]]  # Monday to Sunday, None for a day without known hours


#: One record of the output (values of the FIELDS columns); read back by knowledge.kb.load_local_access_points.
LocalOffice = Dict[str, Any]
# The column names written in the output, in order (one line each way is kept out of the formatter).
# fmt: off
FIELDS = ("id", "name", "kind", "address", "postal_code", "commune", "insee", "department", "region", "lat", "lon",
          "geo_precision", "phone", "website", "hours", "appointment", "source")
# fmt: on

_NOTES = re.compile(r"^Adresse\s*:\s*(?P<addr>.*?)\s*\|\s*Tél\s*:\s*(?P<tel>[^|]*?)\s*(?:\|.*)?$")
_ADDR_TAIL = re.compile(r"^(?P<street>.*?)\s*,\s*(?P<cp>\d{4,5})\s*,\s*(?P<commune>.+?)\s*$")
_SLOT = re.compile(r"^(\d{1,2})[:hH](\d{2})\s*-\s*(\d{1,2})[:hH](\d{2})$")
_MOBILE_NAME = re.compile(r"^\s*bus\b|itin[ée]ran", re.I)
_CEDEX = re.compile(r"\s+cedex(\s*\d+)?$", re.I)
_PHONE_DIGITS = re.compile(r"\D")


def fix_cp1252(text: str) -> str:
    """C1 control characters that are really cp1252 bytes (\\x92 -> ’) become the characters they meant."""

    def repl(match: "re.Match[str]") -> str:
        try:
            return match.group(0).encode("latin-1").decode("cp1252")
        except UnicodeDecodeError:
            return ""

    return re.sub(r"[\x80-\x9f]", repl, text).replace("\u2019", "'")


def parse_slots(value: str) -> Optional[Slots]:
    """ "09:00 - 12:00 / 13:30 - 17:00" -> [["09:00","12:00"],["13:30","17:00"]]; None when empty or unparsable.

    Empty "00:00 - 00:00" slots are dropped; overlapping slots (multi-site desks) are merged.
    """
    value = (value or "").strip()
    if not value:
        return None
    slots = []
    for part in value.split("/"):
        m = _SLOT.match(part.strip())
        if not m:
            return None
        h1, m1, h2, m2 = (int(g) for g in m.groups())
        start, end = f"{h1:02d}:{m1:02d}", f"{h2:02d}:{m2:02d}"
        if start == end == "00:00":
            continue
        if not (0 <= h1 <= 23 and 0 <= h2 <= 24 and m1 < 60 and m2 < 60 and start < end):
            return None
        slots.append([start, end])
    merged: Slots = []
    for start, end in sorted(slots):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged or None


def clean_phone(value: str) -> Optional[str]:
    """French 10-digit numbers as "02 96 48 12 34"; anything else as given (trimmed) or None."""
    value = " ".join((value or "").split())
    digits = _PHONE_DIGITS.sub("", value)
    if len(digits) == 10 and digits.startswith("0"):
        return " ".join(digits[i : i + 2] for i in range(0, 10, 2))
    return value or None


def clean_url(value: str) -> Optional[str]:
    """A website as given when it looks like one, else None."""
    value = (value or "").strip()
    return value if re.match(r"^https?://[^\s/]+\.[^\s]+$", value) else None


def _region(g: gz.Gazetteer, dept: Optional[str]) -> Optional[str]:
    return g._region_name(dept) if dept else None  # noqa: SLF001 - same package


def read_france_services(path: Path, g: gz.Gazetteer, log: Counter[str]) -> List[LocalOffice]:
    """Fixed France services desks of the ANCT file."""
    out: List[LocalOffice] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            log["france_services rows"] += 1
            if row["format_fs"] not in FIXED_FORMATS:
                log[f"france_services left out: itinerant ({row['format_fs']})"] += 1
                continue
            if _MOBILE_NAME.search(row["lib_fs"]):  # a bus filed as a site with antennas: still no fixed place
                log[f"france_services left out: itinerant by name ({row['format_fs']})"] += 1
                continue
            try:
                lat, lon = round(float(row["latitude"]), 5), round(float(row["longitude"]), 5)
            except ValueError:
                log["france_services left out: no coordinates"] += 1
                continue
            week: WeekHours = [parse_slots(row[f"h_{day}"]) for day in DAYS[:6]] + [None]
            hours: Optional[WeekHours] = week
            if any(
                row[f"h_{day}"].strip() and h is None and "00:00 - 00:00" not in row[f"h_{day}"]
                for day, h in zip(DAYS[:6], week)
            ):
                log["france_services hours unparsed (kept as unknown)"] += 1
                hours = None
            elif not any(week):
                hours = None
            dept = row["insee_dep"].strip() or None
            street = ", ".join(p for p in (row["adresse"].strip(), row["complement_adresse"].strip()) if p) or None
            out.append(
                {
                    "id": f"fs-{int(row['id_fs']):05d}",
                    "name": " ".join(row["lib_fs"].split()),
                    "kind": "france_services",
                    "address": street,
                    "postal_code": row["code_postal"].strip() or None,
                    "commune": row["lib_com"].strip() or None,
                    "insee": row["insee_com"].strip() or None,
                    "department": dept,
                    "region": _region(g, dept),
                    "lat": lat,
                    "lon": lon,
                    "geo_precision": "exact",
                    "phone": clean_phone(row["telephone"]),
                    "website": None,
                    "hours": hours,
                    "appointment": {"Oui": True, "Non": False}.get(row["prise_rdv"].strip()),
                    "source": FRANCE_SERVICES.key,
                }
            )
            log["france_services kept"] += 1
    return out


def _place_dila(g: gz.Gazetteer, insee: str, cp: Optional[str], commune: Optional[str]) -> Optional[gz.Place]:
    c = g.by_insee.get(insee)
    if c is not None:
        return g._commune_place(c, postal_code=cp if cp in c.postal_codes else None)  # noqa: SLF001
    for query in (f"{cp or ''} {commune or ''}".strip(), commune):
        if query:
            res = g.resolve(query)
            if res.status == "ok" and res.place is not None and res.place.commune:
                return res.place
    return None


def read_dila(path: Path, g: gz.Gazetteer, log: Counter[str]) -> List[LocalOffice]:
    """Missions locales, CIO, Info Jeunes, SUIO, Apec and Afpa rows of the 2019 directory, placed by commune."""
    out: List[LocalOffice] = []
    seen: Counter[str] = Counter()
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            row = {k: fix_cp1252(v or "") for k, v in row.items()}
            tag = row["tag_string"].strip()
            log[f"dila rows ({tag})"] += 1
            if tag == "msap":
                log["dila left out: msap (superseded by France services 2024)"] += 1
                continue
            kind = DILA_KINDS.get(tag)
            if kind is None:
                log[f"dila left out: kind {tag}"] += 1
                continue
            rid = row["#id"].strip()
            seen[rid] += 1
            if seen[rid] > 1:  # a few ids name two services of one university: keep both, apart
                rid = f"{rid}-{seen[rid]}"
            parts = rid.split("-")
            insee = parts[1].upper() if len(parts) >= 3 else ""
            street = cp = commune = phone = None
            m = _NOTES.match(" ".join(row["notes"].split()))
            if m:
                phone = clean_phone(m.group("tel"))
                tail = _ADDR_TAIL.match(m.group("addr"))
                if tail:
                    street = tail.group("street").strip(" ,-") or None
                    cp = tail.group("cp").zfill(5)
                    commune = _CEDEX.sub("", tail.group("commune")).strip()
                else:
                    street = m.group("addr").strip(" ,") or None
            place = _place_dila(g, insee, cp, commune)
            if place is None:
                log["dila left out: not placed"] += 1
                continue
            name = " ".join(re.sub(r"\s+\d{5}-\d{2}$", "", row["name"]).split())
            out.append(
                {
                    "id": f"dila-{rid}",
                    "name": name,
                    "kind": kind,
                    "address": street,
                    "postal_code": cp or place.postal_code,
                    "commune": place.commune,
                    "insee": place.insee,
                    "department": place.department,
                    "region": place.region,
                    "lat": round(place.lat, 5),
                    "lon": round(place.lon, 5),
                    "geo_precision": "commune",
                    "phone": phone,
                    "website": clean_url(row["home_page"]),
                    "hours": None,
                    "appointment": None,
                    "source": DILA_2019.key,
                }
            )
            log[f"dila kept ({kind})"] += 1
    return out


_PE_CODES = {"APE", "APES", "A2S", "DR", "DT", "PFV", "EOS", "CRP", "MDE", "PFP", "AVS"}
_PE_LINKS = {"ET", "&", "-", "DE"}


def pole_emploi_name(raw: str) -> str:
    """An agency's display name from the file's label, without Pôle emploi's internal codes.

    "APE MARSEILLE ST CHARLES" -> "Agence France Travail MARSEILLE ST CHARLES"; "BREST MARINE (APE/DT29)"
    -> "... BREST MARINE"; "Nice Centre APE et A2S" -> "... Nice Centre"; "DT 45 LOIRET / PE ORLEANS OUEST"
    -> "... ORLEANS OUEST". Pôle emploi is called France Travail since 1 January 2024.
    """
    text = re.sub(r"\([^)]*\)", " ", raw)
    parts = [p for p in re.split(r"\s*/\s*", text) if p.strip() and not re.match(r"^\s*DT\b", p, re.I)]
    kept = ""
    for part in parts or [text]:
        words = part.split()
        upper = [w.upper() for w in words]
        if "A2S" in upper and _clean_words(words[: upper.index("A2S")]):
            words = words[: upper.index("A2S")]  # "CHERBOURG La Noé - A2S Manche": a department's A2S team follows
        kept = " ".join(_clean_words(words))
        if kept:
            break
    return f"Agence France Travail {kept or ' '.join(raw.split())}"


def _clean_words(words: List[str]) -> List[str]:
    """Words of an agency label without Pôle emploi's codes and the links left dangling at either end."""
    if words and words[0].upper() == "PE":
        words = words[1:]
    words = [w for w in words if w.upper() not in _PE_CODES]
    while words and words[0].upper() in _PE_LINKS:
        words = words[1:]
    while words and words[-1].upper() in _PE_LINKS:
        words = words[:-1]
    return words


def _key(name: str) -> str:
    """A commune name for comparison: "ST QUENTIN" and "Saint-Quentin" give the same key."""
    norm = gz.normalise(name)
    norm = re.sub(r"\bst\b", "saint", norm)
    norm = re.sub(r"\bste\b", "sainte", norm)
    return norm.replace(" ", "")


def _pe_commune(g: gz.Gazetteer, cp: str, commune: str, lat: float, lon: float) -> Tuple[gz._Commune, str]:
    """The commune of a Pôle emploi row, and how it was found.

    Among the communes of its postal code: the one of that name, else the nearest to the row's point (the
    gazetteer's choice for the code and name when that point is far from all of them). A CEDEX code no
    commune has: the commune of that name in the department nearest to the point, else the nearest commune.
    """
    key = _key(commune)
    pool = [g.communes[i] for i in g.by_postal.get(cp, [])]
    named = [c for c in pool if _key(c.name) == key]
    if named:
        return min(named, key=lambda c: c.kind), "name and postal code"
    public = [c for c in pool if c.kind in (0, 1)]
    if public:
        nearest = min(public, key=lambda c: haversine_km(lat, lon, c.lat, c.lon))
        if haversine_km(lat, lon, nearest.lat, nearest.lon) <= PE_MAX_OFFSET_KM:
            return nearest, "postal code, nearest commune"
        # the row's point is wrong ("LOMME", 59160, placed in Indre-et-Loire): the gazetteer's choice
        res = g.resolve(f"{cp} {commune}")
        chosen = g.by_insee.get(res.place.insee or "") if res.status == "ok" and res.place else None
        return chosen or nearest, "postal code and name, point far"
    depts = {"2A", "2B"} if cp.startswith("20") else {cp[:3] if cp.startswith("97") else cp[:2]}
    same_dept = [c for c in g.communes if c.kind in (0, 1) and c.dept in depts]
    if not same_dept:
        raise BuildError(f"no commune for the postal code {cp} ({commune})")
    named = [c for c in same_dept if _key(c.name) == key]
    if named:
        return min(named, key=lambda c: haversine_km(lat, lon, c.lat, c.lon)), "name in the department"
    return min(same_dept, key=lambda c: haversine_km(lat, lon, c.lat, c.lon)), "nearest commune of the department"


def read_pole_emploi(path: Path, g: gz.Gazetteer, log: Counter[str]) -> List[LocalOffice]:
    """The local agencies of Pôle emploi's 2019 list, now France Travail agencies."""
    out: List[LocalOffice] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            row = {k: "" if (v or "").strip() == "NULL" else (v or "").strip() for k, v in row.items()}
            log["pole_emploi rows"] += 1
            if row["TYPE_SITE"] not in PE_PUBLIC_SITE_TYPES:
                log[f"pole_emploi left out: directorate ({row['TYPE_SITE']})"] += 1
                continue
            cp = row["CODE_POSTAL"].zfill(5)
            try:
                lat = float(row["DN_LATITUDE"].replace(",", "."))
                lon = float(row["DN_LONGITUDE"].replace(",", "."))
            except ValueError:
                log["pole_emploi left out: no coordinates"] += 1
                continue
            commune, how = _pe_commune(g, cp, row["COMMUNE"], lat, lon)
            log[f"pole_emploi commune by {how}"] += 1
            place = g._commune_place(commune, postal_code=cp if cp in commune.postal_codes else None)  # noqa: SLF001
            precision = "exact"
            if haversine_km(lat, lon, place.lat, place.lon) > PE_MAX_OFFSET_KM:
                lat, lon, precision = place.lat, place.lon, "commune"
                log["pole_emploi placed at its commune (coordinates far from it)"] += 1
            parts = (row["ADRESSE"], row["DC_COMPLEMENTADRSITEPHYSIQUE"], row["COMPLEMENT_ADRESSE"])
            street = ", ".join(" ".join(p.split()) for p in parts if p) or None
            out.append(
                {
                    "id": f"pe-{row['CODE_SAFIR']}",
                    "name": pole_emploi_name(row["NOM"]),
                    "kind": "france_travail",
                    "address": street,
                    "postal_code": cp,
                    "commune": place.commune,
                    "insee": place.insee,
                    "department": place.department,
                    "region": place.region,
                    "lat": round(lat, 5),
                    "lon": round(lon, 5),
                    "geo_precision": precision,
                    "phone": None,
                    "website": None,
                    "hours": None,
                    "appointment": None,
                    "source": POLE_EMPLOI_2019.key,
                }
            )
            log["pole_emploi kept (france_travail)"] += 1
    return out


def _row(record: Mapping[str, object]) -> List[object]:
    """A record as the output's row: its values in FIELDS order."""
    return [record[f] for f in FIELDS]


def source_path(src: Path, source: Pinned) -> Path:
    """Where a pinned source is read: its folder of the repository, else the --src folder."""
    return (ROOT / source.in_repo if source.in_repo else src) / source.filename


def build(src: Path, g: Optional[gz.Gazetteer] = None) -> Tuple[bytes, Counter[str]]:
    """The gzipped JSON bytes of the output, and the build log counts."""
    g = g or gz.gazetteer()
    fs_path, dila_path, pe_path = (source_path(src, s) for s in SOURCES)
    for path, source in zip((fs_path, dila_path, pe_path), SOURCES):
        verify(path, source)
    log: Counter[str] = Counter()
    records = read_france_services(fs_path, g, log) + read_dila(dila_path, g, log) + read_pole_emploi(pe_path, g, log)
    records.sort(key=lambda r: r["id"])
    ids = [r["id"] for r in records]
    if len(set(ids)) != len(ids):
        raise BuildError("duplicate ids: " + ", ".join(i for i, n in Counter(ids).items() if n > 1))
    sources = {
        s.key: {
            "credit": s.credit,
            "licence": s.licence,
            "data_date": s.data_date,
            "origin": s.origin,
            "file": s.filename,
            "sha256": s.sha256,
            **({"stale": True} if s.stale else {}),
        }
        for s in SOURCES
    }
    doc = {
        "fields": list(FIELDS),
        "days": list(DAYS),
        "sources": sources,
        "records": [_row(r) for r in records],
    }
    try:
        validate_schema(doc, "directory_file", OUT.name)
    except KnowledgeError as exc:
        raise BuildError(str(exc)) from exc
    raw = json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=False).encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as fh:
        fh.write(raw)
    log["records written"] = len(records)
    return buf.getvalue(), log


def credits_section(log: Counter[str]) -> str:
    """The CREDITS.md section for this file (French, like the rest of CREDITS.md)."""
    lines = [
        "",
        "# Sources des lieux d'accueil locaux (`local_access_points.json.gz`)",
        "",
        "Construit par `make directory` (`python -m knowledge.build.directory`) à partir de trois fichiers de",
        "données publiques vérifiés par sha256 ; aucun réseau ni fichier extérieur n'est lu à l'exécution.",
        "",
        "| source | date des données | sha256 | licence |",
        "|---|---|---|---|",
    ]
    for s in SOURCES:
        lines.append(f"| {s.credit} (`{s.filename}`) | {s.data_date} | `{s.sha256}` | {s.licence} |")
    lines += [
        "",
        f"- **ANCT** (Agence nationale de la cohésion des territoires) : {FRANCE_SERVICES.origin}.",
        f"- **DILA** (Direction de l'information légale et administrative) : {DILA_2019.origin}.",
        f"- **Pôle emploi** (France Travail depuis le 1er janvier 2024) : {POLE_EMPLOI_2019.origin}. Fichier gardé",
        "  dans `knowledge/build/sources/` (provenance, licence et défauts connus : `PROVENANCE.md` de ce dossier).",
        "",
        "Choix de construction :",
        "",
    ]
    for key in sorted(log):
        lines.append(f"- {key} : {log[key]}")
    lines += [
        "",
        "Les France services itinérantes (bus, format « Itinérante » ou « Bus_équivalent ») n'ont pas de lieu",
        "fixe : elles sont écartées. Les lignes `msap` de 2019 (Maisons de services au public) sont toutes",
        "remplacées par la liste France services de 2024. Les lignes DILA sont placées au point de leur commune",
        "(gazetteer hors ligne, code INSEE de l'identifiant, sinon code postal et commune) : `geo_precision`",
        "vaut `commune` ; celles de l'ANCT gardent leurs coordonnées (`exact`). Ces données datent de 2019 et",
        "2024 : la personne est invitée à vérifier avant de se déplacer.",
        "",
        "Les agences France Travail viennent de la liste des sites de Pôle emploi de 2019 : seules les agences",
        "locales (`ALE`) reçoivent le public ; les directions territoriales et régionales (`DDA`, `DRA`) sont",
        "écartées. Elles gardent les coordonnées du fichier (`exact`), sauf quand ce point est à plus de 30 km de",
        "leur commune (erreur de géocodage du fichier) : elles sont alors placées au point de la commune",
        "(`commune`). Le fichier ne donne ni téléphone, ni site, ni horaires : rien n'est ajouté. Chaque agence",
        "est montrée avec « Information ancienne (dernière source : 2019) : vérifiez avant de vous déplacer ».",
        "Aucune donnée ouverte n'a été trouvée pour les Cap emploi et les Maisons de l'emploi : aucun lieu de ces",
        "types n'est listé.",
        "",
    ]
    return "\n".join(lines)


def write_credits(log: Counter[str], path: Path = CREDITS) -> None:
    """Replaces (or appends) this build's section of CREDITS.md."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    marker = "\n# Sources des lieux d'accueil locaux"
    head = text.split(marker)[0].rstrip("\n") + "\n"
    path.write_text(head + credits_section(log), encoding="utf-8")


def main(argv: Optional[List[str]] = None) -> int:
    """Command line: build (default) or --check that the committed file is what the pinned inputs give."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=DEFAULT_SRC, help="folder holding the pinned CSV files")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true", help="fail if the output file differs from a fresh build")
    args = parser.parse_args(argv)
    try:
        data, log = build(args.src)
    except BuildError as exc:
        print(f"knowledge.build.directory: {exc}", file=sys.stderr)
        return 2
    for key in sorted(log):
        print(f"  {key}: {log[key]}")
    if args.check:
        same = args.out.exists() and args.out.read_bytes() == data
        print("up to date" if same else f"{args.out} differs from a fresh build")
        return 0 if same else 1
    args.out.write_bytes(data)
    if args.out == OUT:
        write_credits(log)
    print(f"wrote {args.out} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
