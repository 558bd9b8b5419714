"""Local access points from the open directories: build, referral by situation, hours, speed."""

import gzip
import json
import os
from datetime import datetime
from pathlib import Path

import pytest

from knowledge.build import pins
from knowledge import hours
from knowledge.build import directory as build_directory
from knowledge.kb import LOCAL_ACCESS_POINTS, knowledge_base
from knowledge.referral import haversine_km, local_referral, nearest_access_points, referral

ROOT = Path(__file__).resolve().parents[2]
SRC = Path(os.environ.get("DIRECTORY_SRC") or ROOT.parent / "shared" / "reference" / "directory")


def _lannion():
    data = referral("22300 Lannion")["resolved"]
    return data["lat"], data["lon"]


def test_build_is_reproducible_from_the_pinned_files():
    """A fresh build from the pinned sources gives the committed bytes. Skipped only when the sources are absent."""
    if not SRC.exists():
        pytest.skip(f"pinned sources not beside the repository ({SRC})")
    for source in build_directory.SOURCES:
        path = build_directory.source_path(SRC, source)
        assert pins.sha256_of(path) == source.sha256, f"{source.filename} changed"
    data, log = build_directory.build(SRC)
    assert data == LOCAL_ACCESS_POINTS.read_bytes()
    assert log["dila left out: msap (superseded by France services 2024)"] == 1098
    assert log["pole_emploi kept (france_travail)"] == 852
    assert log["pole_emploi left out: directorate (DDA)"] + log["pole_emploi left out: directorate (DRA)"] == 107
    assert log["france_services left out: itinerant (Bus_équivalent)"] > 0


def test_a_changed_source_is_refused(tmp_path):
    for source in (build_directory.FRANCE_SERVICES, build_directory.DILA_2019):
        (tmp_path / source.filename).write_text("#id,name\n", encoding="utf-8")
    with pytest.raises(build_directory.BuildError, match="sha256"):
        build_directory.build(tmp_path)


def test_parsers():
    assert build_directory.parse_slots("09:00 - 12:00 / 13:30 - 17:00") == [["09:00", "12:00"], ["13:30", "17:00"]]
    assert build_directory.parse_slots("00:00 - 00:00 / 08:00 - 16:00 / 08:00 - 15:00") == [["08:00", "16:00"]]
    assert build_directory.parse_slots("") is None
    assert build_directory.fix_cp1252("Centre d\x92information") == "Centre d'information"
    assert build_directory.clean_phone("0296464009") == "02 96 46 40 09"


def test_committed_data_has_no_itinerant_desk_and_every_record_a_source_and_date():
    with gzip.open(LOCAL_ACCESS_POINTS, "rt", encoding="utf-8") as fh:
        doc = json.load(fh)
    fields = doc["fields"]
    records = [dict(zip(fields, r)) for r in doc["records"]]
    assert len(records) > 4000
    assert not any(build_directory._MOBILE_NAME.search(r["name"]) for r in records if r["kind"] == "france_services")
    for src in doc["sources"].values():
        assert src["credit"] and src["licence"] and src["data_date"]
    points = knowledge_base()[0]
    assert all(p.source and p.data_date for p in points)
    kinds = {p.kind for p in points}
    assert {"france_services", "mission_locale", "cio", "info_jeunes", "suio", "apec", "cite_des_metiers"} <= kinds


def test_no_itinerant_desk_is_ever_offered():
    with (
        open(SRC / build_directory.FRANCE_SERVICES.filename, encoding="utf-8")
        if SRC.exists()
        else open(os.devnull) as fh
    ):
        import csv

        mobile = {
            f"fs-{int(r['id_fs']):05d}"
            for r in csv.DictReader(fh)
            if r["format_fs"] not in build_directory.FIXED_FORMATS or "bus" in r["lib_fs"].lower().split()
        }
    if not SRC.exists():
        pytest.skip("pinned sources absent")
    assert mobile
    ids = {p.id for p in knowledge_base()[0]}
    assert not mobile & ids


def test_lannion_20_year_old_gets_the_lannion_mission_locale_first():
    lat, lon = _lannion()
    offered = local_referral(lat, lon, "jeune", 3)
    assert offered[0].point.kind == "mission_locale" and offered[0].point.commune == "Lannion"
    assert "16 et 25 ans" in offered[0].why
    assert offered[0].point.source and offered[0].point.data_date == "2019-08-01"


def test_lannion_pupil_gets_the_cio():
    lat, lon = _lannion()
    offered = local_referral(lat, lon, "etudiant", 3)
    assert offered[0].point.kind == "cio" and offered[0].point.commune == "Lannion"


def test_no_situation_gets_a_general_access_point_near():
    lat, lon = _lannion()
    offered = local_referral(lat, lon, None, 3)
    assert offered[0].point.kind == "france_services" and offered[0].distance_km < 2


def test_cite_des_metiers_first_when_near():
    data = referral("75019", "jeune", 3)
    assert data["results"][0]["kind"] == "cite_des_metiers"
    assert data["results"][1]["kind"] == "mission_locale"


def test_cadre_gets_apec_only_when_near():
    near = referral("Rennes", "cadre", 3)["results"]
    assert near[0]["kind"] == "apec"
    far = referral("Lannion", "cadre", 3)["results"]  # Rennes is ~150 km away: the national Apec operator instead
    assert all(r["kind"] != "apec" for r in far)
    assert any(o["id"] == "apec" for o in referral("Lannion", "cadre", 3)["operators"])


def test_kind_filter_and_unknown_kind():
    data = referral("Brest", None, 5, kinds=["cio", "mission_locale"])
    assert data["results"] and {r["kind"] for r in data["results"]} <= {"cio", "mission_locale"}
    with pytest.raises(ValueError, match="kind"):
        referral("Brest", kinds=["bus"])


def test_nearest_by_kind_is_nearest_first():
    lat, lon = _lannion()
    found = nearest_access_points(lat, lon, 5, ("france_services", "cio"))
    assert [d for _, d in found] == sorted(d for _, d in found)


def test_open_now_and_today_in_paris_and_overseas():
    weekly = (((("09:00", "12:00"), ("14:00", "17:00"))),) + ((),) * 6
    monday_10 = datetime(2026, 11, 30, 10, 0)  # a Monday
    assert hours.open_now(weekly, "22", monday_10) is True
    assert hours.open_now(weekly, "22", datetime(2026, 11, 30, 13, 0)) is False
    assert hours.open_now(None, "22", monday_10) is None
    assert hours.today_text(weekly, "22", monday_10) == "ouvert aujourd'hui de 9 h à 12 h et de 14 h à 17 h"
    assert hours.today_text(weekly, "22", datetime(2026, 12, 1, 10, 0)) == "fermé aujourd'hui"
    from zoneinfo import ZoneInfo

    # 10:00 in Paris is 13:00 in Réunion: the Réunion desk is then closed (lunch break)
    paris_10 = datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    assert hours.open_now(weekly, "974", paris_10) is False
    assert hours.weekly_json(weekly)["lundi"] == ["09:00-12:00", "14:00-17:00"]


def test_api_json_has_hours_and_open_now_for_france_services():
    monday_10 = datetime(2026, 11, 30, 10, 0)
    data = referral("Lannion", None, 1, now=monday_10)
    first = data["results"][0]
    assert first["kind"] == "france_services" and first["hours"]["lundi"] == ["09:00-12:00"]
    assert first["open_now"] is True and first["data_date"] == "2024-08-01" and "ANCT" in first["source"][0]


def test_grid_index_agrees_with_a_full_scan():
    """The grid search returns exactly what scanning every point would, near and far from any point."""
    import random

    from knowledge.referral import PointIndex, haversine_km

    points = knowledge_base()[0]
    rng = random.Random(5)
    queries = [(rng.uniform(41.0, 51.5), rng.uniform(-5.5, 9.8)) for _ in range(150)]
    queries += [(-21.1, 55.5), (4.9, -52.3), (-22.27, 166.45), (46.8, -56.2), (64.0, -20.0)]
    for kind in (None, "apec", "cio"):
        pool = [p for p in points if kind is None or p.kind == kind]
        index = PointIndex(pool)
        for lat, lon in queries:
            got = [round(d, 6) for _, d in index.nearest(lat, lon, 4)]
            want = sorted(round(haversine_km(lat, lon, p.lat, p.lon), 6) for p in pool)[:4]
            assert got == pytest.approx(want, abs=1e-4), (kind, lat, lon)


# --- France Travail agencies (Pôle emploi's 2019 list, knowledge/build/sources/) -------------------------------

PE_FILE = ROOT / build_directory.POLE_EMPLOI_2019.in_repo / build_directory.POLE_EMPLOI_2019.filename


def _france_travail_points():
    return [p for p in knowledge_base()[0] if p.kind == "france_travail"]


def _pe_rows():
    import csv

    with PE_FILE.open(encoding="utf-8", newline="") as fh:
        return {r["CODE_SAFIR"]: r for r in csv.DictReader(fh)}


def test_the_agency_list_kept_in_the_repository_is_the_pinned_one():
    assert pins.sha256_of(PE_FILE) == build_directory.POLE_EMPLOI_2019.sha256
    assert build_directory.source_path(SRC, build_directory.POLE_EMPLOI_2019) == PE_FILE


def test_every_agency_is_a_local_agency_of_the_file_with_its_address_source_date_and_warning():
    """Nothing invented: each place is an ALE row of the pinned file, with that row's address and postal code."""
    rows = _pe_rows()
    points = _france_travail_points()
    assert len(points) == sum(1 for r in rows.values() if r["TYPE_SITE"] == "ALE") == 852
    for p in points:
        row = rows[p.id.removeprefix("pe-")]
        assert row["TYPE_SITE"] == "ALE" and p.address.startswith(" ".join(row["ADRESSE"].split()))
        assert p.postal_code == row["CODE_POSTAL"] and p.name.startswith("Agence France Travail ")
        assert p.data_date == "2019-11-13" and p.source[0].startswith("Pôle emploi — ")
        assert p.stale and p.last_attested == 2019  # shown with "vérifiez avant de vous déplacer"
        assert p.phone is None and p.website is None and p.weekly_hours is None  # the file gives none
    assert {"971", "972", "973", "974", "976", "975", "978"} <= {p.department for p in points}


def test_coordinates_far_from_the_commune_are_replaced_by_the_commune_point():
    points = {p.id: p for p in _france_travail_points()}
    # Saint-Louis (La Réunion) was geocoded in Alsace, Lomme (Lille) in Indre-et-Loire
    for pid, query in (
        ("pe-97506", "97450 Saint-Louis"),
        ("pe-59343", "59160 Lille"),
        ("pe-97010", "Saint-Martin (978)"),
    ):
        place = referral(query)["resolved"]
        point = points[pid]
        assert point.geo_precision == "commune" and point.located_by == "gazetteer"
        assert haversine_km(point.lat, point.lon, place["lat"], place["lon"]) < 5
    exact = [p for p in points.values() if p.geo_precision == "exact"]
    assert len(exact) == len(points) - 4


@pytest.mark.parametrize(
    "query,commune,max_km",
    [
        ("Quimper", "Quimper", 5),
        ("30000 Nîmes", "Nîmes", 5),
        ("75011", "Paris", 2),
        ("Paris 15e", "Paris", 2),
        ("97300 Cayenne", "Cayenne", 5),
        ("Mamoudzou", "Mamoudzou", 5),
        ("97500 Saint-Pierre", "Saint-Pierre", 3),
    ],
)
def test_france_travail_asked_for_by_name_gives_a_real_agency_near(query, commune, max_km):
    data = referral(query, None, 3, kinds=["france_travail"])
    first = data["results"][0]
    assert first["kind"] == "france_travail" and first["commune"] == commune and first["distance_km"] <= max_km
    assert first["address"] and first["postal_code"] and first["data_date"] == "2019-11-13"
    assert first["source"][0].startswith("Pôle emploi — ")
    assert all(r["kind"] == "france_travail" for r in data["results"])


def test_nimes_agencies_are_the_three_of_nimes():
    names = [r["name"] for r in referral("Nîmes", None, 3, kinds=["france_travail"])["results"]]
    assert len(names) == 3 and all("NIMES" in n.upper() for n in names)


def test_a_job_seeker_is_offered_a_france_travail_agency_first_then_a_france_services():
    results = referral("Quimper", "demandeur_emploi", 3)["results"]
    assert [r["kind"] for r in results[:2]] == ["france_travail", "france_services"]
    assert results[0]["commune"] == "Quimper" and "vous inscrit" in results[0]["why"]


def test_a_young_person_gets_the_agency_after_the_mission_locale_and_no_situation_gets_none():
    lat, lon = _lannion()
    young = local_referral(lat, lon, "jeune", 3)
    assert [r.point.kind for r in young] == ["mission_locale", "info_jeunes", "france_travail"]
    assert all(r.point.kind != "france_travail" for r in local_referral(lat, lon, None, 5))
    assert all(r.point.kind != "france_travail" for r in local_referral(lat, lon, "etudiant", 5))


def test_france_travail_named_in_a_question():
    from knowledge.referral import kinds_named_in

    assert kinds_named_in("où est l'agence France Travail la plus proche de Quimper") == ("france_travail",)
    assert kinds_named_in("le Pôle emploi près de Nîmes") == ("france_travail",)
    assert kinds_named_in("la mission locale ou France Travail à Brest") == ("mission_locale", "france_travail")
    assert kinds_named_in("où aller à Lannion") == ()


def test_agency_names_lose_pole_emploi_codes():
    name = build_directory.pole_emploi_name
    assert name("APE MARSEILLE ST CHARLES") == "Agence France Travail MARSEILLE ST CHARLES"
    assert name("BREST MARINE (APE/DT29)") == "Agence France Travail BREST MARINE"
    assert name("Nice Centre APE et A2S") == "Agence France Travail Nice Centre"
    assert name("DT 45 LOIRET / PE ORLEANS OUEST") == "Agence France Travail ORLEANS OUEST"
    assert name("APE et A2S Marseille Pont de Vivaux") == "Agence France Travail Marseille Pont de Vivaux"
    assert name("CHERBOURG La Noé - A2S Manche") == "Agence France Travail CHERBOURG La Noé"
    assert name("QUIMPER SUD") == "Agence France Travail QUIMPER SUD"


# --- schema ---------------------------------------------------------------------------------------------------


def test_committed_directory_fits_the_schema_and_every_record_fits_the_access_point_schema():
    from knowledge import kb

    with gzip.open(LOCAL_ACCESS_POINTS, "rt", encoding="utf-8") as fh:
        doc = json.load(fh)
    kb.validate(doc, "directory_file", "local_access_points")
    assert doc["sources"]["pole_emploi_agences_2019"]["stale"] is True
    for point in kb.load_local_access_points():
        record = {
            "id": point.id,
            "name": point.name,
            "kind": point.kind,
            "postal_code": point.postal_code,
            "commune": point.commune,
            "status": point.status,
            "source": list(point.source),
            "checked": point.data_date,
            "last_attested": point.last_attested,
            "stale": point.forced_stale,
        }
        kb.validate({k: v for k, v in record.items() if v is not None}, "access_point", point.id)


def test_a_directory_file_without_a_source_date_is_refused(tmp_path):
    from knowledge import kb

    with gzip.open(LOCAL_ACCESS_POINTS, "rt", encoding="utf-8") as fh:
        doc = json.load(fh)
    del doc["sources"]["pole_emploi_agences_2019"]["data_date"]
    broken = tmp_path / "local_access_points.json.gz"
    with gzip.open(broken, "wt", encoding="utf-8") as fh:
        json.dump(doc, fh)
    with pytest.raises(kb.KnowledgeError, match="data_date"):
        kb.load_local_access_points(broken)
    doc["sources"]["pole_emploi_agences_2019"]["data_date"] = "novembre 2019"
    with gzip.open(broken, "wt", encoding="utf-8") as fh:
        json.dump(doc, fh)
    with pytest.raises(kb.KnowledgeError, match="YYYY-MM-DD"):
        kb.load_local_access_points(broken)


def test_a_synced_national_directory_supersedes_the_2019_agencies_of_its_kinds():
    from dataclasses import replace

    from knowledge import kb

    directory = kb.load_local_access_points()
    agency = next(p for p in directory if p.kind == "france_travail")
    synced = replace(agency, id="sp-france_travail-29232-01", forced_stale=False, last_attested=None)
    merged = kb.merge_directory([synced], directory)
    assert not [p for p in merged if p.kind == "france_travail" and p.id.startswith("pe-")]
    assert sum(p.kind == "mission_locale" for p in merged) == sum(p.kind == "mission_locale" for p in directory)
    # without a synced directory, the 2019 agencies stay
    assert sum(p.kind == "france_travail" for p in kb.merge_directory([], directory)) == 852


# --- Cap emploi for a person with a disability ----------------------------------------------------------------


def test_no_cap_emploi_is_listed_without_the_directory_import_so_none_is_offered():
    """No open list of Cap emploi offices is in the repository: nothing of that kind is invented."""
    assert not [p for p in knowledge_base()[0] if p.kind == "cap_emploi"]
    lyon = local_referral(45.7597, 4.8422, "handicap", 3)
    assert lyon and lyon[0].point.kind == "france_services" and "Cap emploi" in lyon[0].why


def test_a_person_with_a_disability_gets_the_nearest_cap_emploi_first_once_the_directory_is_imported(
    monkeypatch, tmp_path
):
    from tests.knowledge.synced_directory import LYON_3E, SAMPLE_CAP_EMPLOI, use_synced_directory

    use_synced_directory(monkeypatch, tmp_path)
    offered = local_referral(*LYON_3E, "handicap", 3)
    assert offered[0].point.name == SAMPLE_CAP_EMPLOI and offered[0].point.kind == "cap_emploi"
    assert offered[0].distance_km < 1 and "handicap" in offered[0].why and "Cap emploi" in offered[0].why
    assert [r.point.kind for r in offered[1:]] == ["france_services", "france_services"]
    # without that situation the Cap emploi is not put first; beyond 80 km (Marseille) it is not offered
    assert local_referral(*LYON_3E, None, 3)[0].point.kind != "cap_emploi"
    marseille = referral("13001 Marseille")["resolved"]
    far = local_referral(marseille["lat"], marseille["lon"], "handicap", 3)
    assert far and all(r.point.kind != "cap_emploi" for r in far)
