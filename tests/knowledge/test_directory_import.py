"""Tests for knowledge.build.directory_import (service-public.fr directory export -> YAML)."""

from __future__ import annotations

import bz2
import datetime as dt
import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
import yaml

from knowledge.build.directory_import import (
    DirectoryImportError,
    department_from_insee,
    department_from_postal_code,
    export_date_from_name,
    format_hours,
    import_directory,
    iter_records,
)

SAMPLE = Path(__file__).parent / "fixtures" / "annuaire_sample.json"
TODAY = dt.date(2026, 11, 28)


def no_region(department: str, postal_code: str) -> None:
    """Region lookup that never answers (keeps tests independent of the gazetteer)."""
    return None


def run(src: Path, out: Path, **kwargs):
    """Import with deterministic defaults."""
    kwargs.setdefault("region_lookup", no_region)
    kwargs.setdefault("today", TODAY)
    return import_directory(src, out, **kwargs)


def load(out: Path) -> dict:
    """Read the written YAML back."""
    return yaml.safe_load(out.read_text(encoding="utf-8"))


def by_id(data: dict) -> dict:
    """Access points of a written file, by id."""
    return {p["id"]: p for p in data["access_points"]}


# --- the sample export -------------------------------------------------------


def test_sample_counts_kept_and_skipped(tmp_path):
    stats = run(SAMPLE, tmp_path / "local_offices.yml")
    assert stats.read == 12
    assert stats.kept == {
        "cap_emploi": 1,
        "cio": 1,
        "france_travail": 2,  # france_travail + legacy pole_emploi
        "info_jeunes": 1,
        "maison_emploi": 1,
        "mdph": 1,
        "mission_locale": 1,
    }
    assert stats.skipped == {"no_coordinates": 1, "no_postal_code": 1}
    assert stats.other_kinds == 2  # the mairie and the tribunal
    assert stats.kept_total == 8
    assert "12 fiches lues, 8 gardées" in stats.summary()


def test_sample_non_relevant_and_incomplete_records_are_not_written(tmp_path):
    out = tmp_path / "local_offices.yml"
    run(SAMPLE, out)
    names = " ".join(p["name"] for p in load(out)["access_points"])
    assert "Mairie" not in names
    assert "Tribunal" not in names
    assert "sans coordonnées" not in names
    assert "sans code postal" not in names


def test_exact_converted_record(tmp_path):
    out = tmp_path / "local_offices.yml"
    run(SAMPLE, out)
    point = by_id(load(out))["sp-00000000-0000-4000-8000-000000000001"]
    assert point == {
        "id": "sp-00000000-0000-4000-8000-000000000001",
        "name": "Agence France Travail Exemple-Ville - Saint-Brieuc",
        "kind": "france_travail",
        # the physical "Adresse", not the "Adresse postale" (CS / Cedex)
        "address": "Bâtiment Exemple, 1 rue de l'Exemple",
        "postal_code": "22000",
        "commune": "Saint-Brieuc",
        "department": "22",
        "region": None,
        "lat": 48.5136,
        "lon": -2.7603,
        "phone": "02 00 00 00 01",
        "website": "https://www.francetravail.fr",
        "hours": "lun.–jeu. 8h30–12h30, 13h30–16h30; ven. 8h30–12h30 (Après-midi sur rendez-vous)",
        "services": [],
        "status": "confirmed",
        "source": [
            "service-public.fr Base de données locales (export annuaire_sample.json)",
            "https://lannuaire.service-public.gouv.fr/exemple/00000000-0000-4000-8000-000000000001",
        ],
        "checked": "2026-11-28",  # no date in the file name: the import date
        "note": None,
    }


def test_kinds_departments_and_missing_values(tmp_path):
    out = tmp_path / "local_offices.yml"
    run(SAMPLE, out)
    points = by_id(load(out))
    p = lambda n: points[f"sp-00000000-0000-4000-8000-{n:012d}"]  # noqa: E731
    assert p(2)["kind"] == "mission_locale"  # second pivot of ["msap", "mission_locale"]
    assert p(2)["department"] == "75"
    assert p(4)["kind"] == "info_jeunes" and p(4)["department"] == "2A"
    assert p(5)["kind"] == "maison_emploi" and p(5)["department"] == "972"
    assert p(7)["kind"] == "france_travail"  # legacy pole_emploi pivot
    assert p(8)["kind"] == "mdph"  # maison_handicapees
    # Cap emploi record has no hours and no website in the export: null, never guessed.
    assert p(6)["kind"] == "cap_emploi"
    assert p(6)["hours"] is None and p(6)["website"] is None
    assert p(7)["phone"] is None


def test_yaml_round_trip_meta_and_sorted_ids(tmp_path):
    out = tmp_path / "sub" / "local_offices.yml"
    stats = run(SAMPLE, out)
    data = load(out)
    ids = [p["id"] for p in data["access_points"]]
    assert ids == sorted(ids) and len(ids) == len(set(ids)) == 8
    meta = data["meta"]
    assert meta["licence"].startswith("Licence Ouverte 2.0")
    assert meta["counts"] == stats.kept
    assert meta["skipped"] == stats.skipped
    assert meta["source_file"] == "annuaire_sample.json"
    dt.datetime.fromisoformat(meta["imported_at"])
    for point in data["access_points"]:
        assert isinstance(point["postal_code"], str) and len(point["postal_code"]) == 5
        assert isinstance(point["lat"], float) and isinstance(point["lon"], float)
        assert point["source"] and point["checked"]
    # Writing the loaded data again gives the same data.
    again = yaml.safe_load(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert again == data


def test_export_date_from_file_name_sets_checked(tmp_path):
    src = tmp_path / "2026-07-31_053230-data.gouv_local.json"
    shutil.copy(SAMPLE, src)
    out = tmp_path / "local_offices.yml"
    stats = run(src, out, source_url="https://example.org/all_latest.tar.bz2")
    data = load(out)
    assert stats.export_date == "2026-07-31"
    assert data["meta"]["export_date"] == "2026-07-31"
    assert data["meta"]["source_url"] == "https://example.org/all_latest.tar.bz2"
    assert {p["checked"] for p in data["access_points"]} == {"2026-07-31"}
    assert data["access_points"][0]["source"][0] == (
        "service-public.fr Base de données locales (export 2026-07-31_053230-data.gouv_local.json)"
    )


@pytest.mark.parametrize("chunk_size", [1, 2, 7, 100, 4096])
def test_streaming_is_independent_of_chunk_boundaries(tmp_path, chunk_size):
    reference = run(SAMPLE, tmp_path / "ref.yml")
    stats = run(SAMPLE, tmp_path / "out.yml", chunk_size=chunk_size)
    assert (stats.read, stats.kept, stats.skipped) == (reference.read, reference.kept, reference.skipped)
    assert load(tmp_path / "out.yml")["access_points"] == load(tmp_path / "ref.yml")["access_points"]


@pytest.mark.parametrize("chunk_size", [1, 3, 5])
def test_top_level_metadata_before_the_list_is_skipped(tmp_path, chunk_size):
    services = json.loads(SAMPLE.read_text(encoding="utf-8"))["service"]
    src = tmp_path / "with_meta.json"
    src.write_text(
        json.dumps({"count": 1234567, "generated": None, "info": {"a": [1, 2.5]}, "service": services, "end": 98765}),
        encoding="utf-8",
    )
    assert run(src, tmp_path / "out.yml", chunk_size=chunk_size).kept_total == 8


def test_duplicate_ids_are_kept_once(tmp_path):
    services = json.loads(SAMPLE.read_text(encoding="utf-8"))["service"]
    src = tmp_path / "dup.json"
    src.write_text(json.dumps({"service": services + [services[0]]}), encoding="utf-8")
    stats = run(src, tmp_path / "out.yml")
    assert stats.kept_total == 8
    assert stats.skipped["duplicate_id"] == 1


def test_region_comes_from_the_lookup(tmp_path):
    regions = {"22": "Bretagne", "35": "Bretagne", "29": "Bretagne"}
    out = tmp_path / "out.yml"
    run(SAMPLE, out, region_lookup=lambda dep, cp: regions.get(dep))
    points = load(out)["access_points"]
    assert {p["region"] for p in points if p["department"] in regions} == {"Bretagne"}
    assert all(p["region"] is None for p in points if p["department"] not in regions)


def test_tar_bz2_archive_is_read_without_unpacking(tmp_path):
    archive = tmp_path / "all_latest.tar.bz2"
    payload = SAMPLE.read_bytes()
    with tarfile.open(archive, "w:bz2") as tar:
        commune = tarfile.TarInfo("2026-08-03_053120-data.gouv_commune/22278.json")
        commune.size = 2
        tar.addfile(commune, io.BytesIO(b"{}"))
        info = tarfile.TarInfo("2026-08-03_053120-data.gouv_local.json")
        info.size = len(payload)
        tar.addfile(info, io.BytesIO(payload))
    stats = run(archive, tmp_path / "out.yml")
    assert stats.kept_total == 8
    assert stats.source_file == "2026-08-03_053120-data.gouv_local.json"
    assert stats.export_date == "2026-08-03"


def test_plain_bz2_file(tmp_path):
    src = tmp_path / "2026-08-03_053120-data.gouv_local.json.bz2"
    src.write_bytes(bz2.compress(SAMPLE.read_bytes()))
    assert run(src, tmp_path / "out.yml").kept_total == 8


# --- other shapes ------------------------------------------------------------


def test_api_annuaire_export_with_json_string_fields(tmp_path):
    record = {
        "id": "api-1",
        "nom": "Mission locale Exemple - Paris",
        "pivot": '[{"type_service_local": "mission_locale", "code_insee_commune": ["75111"]}]',
        "adresse": '[{"type_adresse": "Adresse", "complement1": "", "complement2": "", '
        '"numero_voie": "2 rue de l\'Exemple", "code_postal": "75011", "nom_commune": "Paris", '
        '"longitude": "2.38", "latitude": "48.859"}]',
        "telephone": '[{"valeur": "01 00 00 00 02", "description": ""}]',
        "plage_ouverture": '[{"nom_jour_debut": "Lundi", "nom_jour_fin": "Vendredi", '
        '"valeur_heure_debut_1": "09:00:00", "valeur_heure_fin_1": "17:00:00", '
        '"valeur_heure_debut_2": "", "valeur_heure_fin_2": "", "commentaire": ""}]',
        "code_insee_commune": "75111",
    }
    src = tmp_path / "export.json"
    src.write_text(json.dumps([record]), encoding="utf-8")
    out = tmp_path / "out.yml"
    stats = run(src, out)
    assert stats.kept == {"mission_locale": 1}
    point = load(out)["access_points"][0]
    assert point["address"] == "2 rue de l'Exemple"
    assert point["hours"] == "lun.–ven. 9h–17h"
    assert point["phone"] == "01 00 00 00 02"


def test_old_geojson_shape(tmp_path):
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [-2.7603, 48.5136]},
                "properties": {
                    "id": "pole_emploi-22278-01",
                    "codeInsee": "22278",
                    "pivotLocal": "pole_emploi",
                    "nom": "Agence Pôle emploi Exemple",
                    "adresses": [
                        {
                            "type": "postale",
                            "lignes": ["CS 00000"],
                            "codePostal": "22099",
                            "commune": "Saint-Brieuc Cedex 9",
                        },
                        {
                            "type": "géopostale",
                            "lignes": ["Bâtiment Exemple", "1 rue de l'Exemple"],
                            "codePostal": "22000",
                            "commune": "Saint-Brieuc",
                            "coordonnees": [-2.7603, 48.5136],
                        },
                    ],
                    "horaires": [
                        {
                            "du": "Lundi",
                            "au": "Vendredi",
                            "heures": [{"de": "09:00:00", "a": "12:00:00"}, {"de": "13:30:00", "a": "16:30:00"}],
                        },
                    ],
                    "telephone": "02 00 00 00 01",
                    "url": "https://www.francetravail.fr",
                },
            },
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [3.91, 43.66]},
                "properties": {"id": "mairie-34120-01", "pivotLocal": "mairie", "nom": "Mairie - Exemple"},
            },
        ],
    }
    src = tmp_path / "geo.json"
    src.write_text(json.dumps(collection), encoding="utf-8")
    out = tmp_path / "out.yml"
    stats = run(src, out)
    assert stats.kept == {"france_travail": 1} and stats.other_kinds == 1
    point = load(out)["access_points"][0]
    assert point["id"] == "sp-pole_emploi-22278-01"
    assert point["address"] == "Bâtiment Exemple, 1 rue de l'Exemple"
    assert (point["postal_code"], point["commune"], point["department"]) == ("22000", "Saint-Brieuc", "22")
    assert (point["lat"], point["lon"]) == (48.5136, -2.7603)
    assert point["hours"] == "lun.–ven. 9h–12h, 13h30–16h30"


def test_format_hours_orders_days_and_skips_empty_slots():
    plages = [
        {
            "nom_jour_debut": "Samedi",
            "nom_jour_fin": "Samedi",
            "valeur_heure_debut_1": "09:00:00",
            "valeur_heure_fin_1": "12:00:00",
            "valeur_heure_debut_2": "",
            "valeur_heure_fin_2": "",
        },
        {
            "nom_jour_debut": "Mardi",
            "nom_jour_fin": "",
            "valeur_heure_debut_1": "13:45",
            "valeur_heure_fin_1": "17:00",
            "valeur_heure_debut_2": "",
            "valeur_heure_fin_2": "",
        },
        {"nom_jour_debut": "Jour inconnu", "valeur_heure_debut_1": "09:00:00", "valeur_heure_fin_1": "10:00:00"},
    ]
    assert format_hours(plages) == "mar. 13h45–17h; sam. 9h–12h"
    assert format_hours([]) is None
    assert format_hours(None) is None


@pytest.mark.parametrize(
    ("insee", "postal_code", "department"),
    [
        ("22278", "22000", "22"),
        ("2A004", "20000", "2A"),
        ("2B033", "20200", "2B"),
        ("97411", "97400", "974"),
        ("75111", "75011", "75"),
    ],
)
def test_department_codes(insee, postal_code, department):
    assert department_from_insee(insee) == department
    assert department_from_postal_code(postal_code) == department


def test_department_from_postal_code_fallback_edges():
    assert department_from_postal_code("20167") == "2A"
    assert department_from_postal_code("20600") == "2B"
    assert department_from_postal_code("1000") is None  # not 5 digits
    assert department_from_insee("") is None


def test_export_date_from_name():
    assert export_date_from_name("2022-10-28_003346-data.gouv_local.json") == "2022-10-28"
    assert export_date_from_name("annuaire_20260731.json") == "2026-07-31"
    assert export_date_from_name("all_latest.tar.bz2") is None
    assert export_date_from_name("2026-13-45.json") is None


# --- bad input ---------------------------------------------------------------


def test_missing_file(tmp_path):
    with pytest.raises(DirectoryImportError, match="Fichier introuvable.*file not found"):
        run(tmp_path / "absent.json", tmp_path / "out.yml")


def test_not_json(tmp_path):
    src = tmp_path / "page.html"
    src.write_text("<html>Service indisponible</html>", encoding="utf-8")
    with pytest.raises(DirectoryImportError, match="JSON"):
        run(src, tmp_path / "out.yml")


def test_truncated_json(tmp_path):
    src = tmp_path / "cut.json"
    src.write_text(SAMPLE.read_text(encoding="utf-8")[:5000], encoding="utf-8")
    with pytest.raises(DirectoryImportError, match="n'est pas un JSON valide.*not valid JSON"):
        run(src, tmp_path / "out.yml", chunk_size=64)


def test_not_utf8(tmp_path):
    src = tmp_path / "latin1.json"
    src.write_bytes('{"service": [{"nom": "Cité des métiers"}]}'.encode("latin-1"))
    with pytest.raises(DirectoryImportError, match="UTF-8"):
        run(src, tmp_path / "out.yml")


@pytest.mark.parametrize(
    "content",
    [
        '{"results": []}',  # some other API
        '{"service": {"id": "x"}}',  # "service" is not a list
        '"service"',
        "42",
        "[1, 2, 3]",
        '[{"foo": "bar"}]',
    ],
)
def test_wrong_top_level_shape(tmp_path, content):
    src = tmp_path / "wrong.json"
    src.write_text(content, encoding="utf-8")
    with pytest.raises(DirectoryImportError, match="(?i)forme inattendue|doit commencer"):
        run(src, tmp_path / "out.yml")


def test_empty_list_and_nothing_relevant_leave_existing_output_untouched(tmp_path):
    out = tmp_path / "local_offices.yml"
    out.write_text("previous: content\n", encoding="utf-8")
    empty = tmp_path / "empty.json"
    empty.write_text('{"service": []}', encoding="utf-8")
    with pytest.raises(DirectoryImportError, match="vide.*empty"):
        run(empty, out)
    services = json.loads(SAMPLE.read_text(encoding="utf-8"))["service"]
    mairies = tmp_path / "mairies.json"
    mairies.write_text(
        json.dumps({"service": [s for s in services if s["pivot"][0]["type_service_local"] in ("mairie", "ta")]}),
        encoding="utf-8",
    )
    with pytest.raises(DirectoryImportError, match="Aucun lieu retenu.*left unchanged"):
        run(mairies, out)
    assert out.read_text(encoding="utf-8") == "previous: content\n"


def test_iter_records_streams_raw_records():
    ids = [r["id"] for r in iter_records(SAMPLE, chunk_size=5)]
    assert len(ids) == 12 and ids[0].endswith("000000000001")
