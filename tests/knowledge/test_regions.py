"""regions.yml (SPRO services and Carif-Oref per Region) and the November 2026 corrections."""

import copy
import re

import pytest
import yaml

from knowledge import kb
from knowledge.gazetteer import load_index
from knowledge.referral import operators_for

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# The 13 metropolitan Regions and the 5 overseas ones (INSEE codes).
EIGHTEEN = {"01", "02", "03", "04", "06", "11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94"}


def _raw():
    with open(kb.REGIONS, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def test_one_record_per_region_with_the_gazetteers_codes_and_names():
    regions = kb.load_regions()["regions"]
    assert {r["code"] for r in regions.values()} == EIGHTEEN
    gazetteer = {code: name for code, name, _ in load_index()["regions"]}
    for name, record in regions.items():
        assert gazetteer[record["code"]] == name


def test_every_service_is_sourced_and_dated():
    data = kb.load_regions()
    services = [data["meta"]["spro"], data["meta"]["national_carif_oref"]]
    for record in data["regions"].values():
        services += [s for s in (record["spro_service"], record["carif_oref"]) if s]
    assert len(services) > 20
    for service in services:
        assert service["source"] and all(isinstance(s, str) and s for s in service["source"])
        assert DATE.match(service["checked"])


def test_every_region_has_a_named_carif_oref_and_most_a_catalogue():
    regions = kb.load_regions()["regions"].values()
    assert all(r["carif_oref"] and r["carif_oref"]["name"] for r in regions)
    with_url = [r for r in regions if r["carif_oref"]["training_catalogue_url"] or r["carif_oref"]["website"]]
    assert len(with_url) >= 16
    national = kb.load_regions()["meta"]["national_carif_oref"]
    assert national["training_catalogue_url"].startswith("https://www.intercariforef.org/")


def _write(tmp_path, data):
    path = tmp_path / "regions.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "edit,message",
    [
        (lambda r: r["carif_oref"].pop("source"), "Bretagne.carif_oref: field 'source'"),
        (lambda r: r["carif_oref"].update(checked="récemment"), "Bretagne.carif_oref: field 'checked'"),
        (lambda r: r["carif_oref"].pop("training_catalogue_url"), "training_catalogue_url"),
        (lambda r: r["carif_oref"].update(website="gref-bretagne.com"), "carif_oref: field 'website' must be an http"),
        (lambda r: r.pop("spro_service"), "spro_service"),
        (lambda r: r["carif_oref"].update(status="sans doute"), "status"),
    ],
)
def test_validation_names_the_region_and_field(tmp_path, edit, message):
    data = copy.deepcopy(_raw())
    edit(next(r for r in data["regions"] if r["name"] == "Bretagne"))
    with pytest.raises(kb.KnowledgeError, match=re.escape(message)):
        kb.load_regions(_write(tmp_path, data))


def test_stale_places_are_flagged_and_closed_ones_are_not_offered():
    points = {p.id: p for p in kb.load_access_points()}
    for old in (
        "cdm-belfort",
        "cdm-cotes-darmor",
        "cdm-mayotte",
        "cdm-nimes",
        "cdm-montpellier",
        "cdm-normandie-rouen",
        "cdm-la-reunion",
    ):
        assert points[old].stale, old
    assert not points["cdm-paris"].stale and not points["cdm-val-de-marne"].stale
    assert not any("guadeloupe" in p.id or p.department == "971" for p in points.values())
    assert not any(
        "cité de l'emploi" in p.name.lower() or "cites de l'emploi" in p.name.lower() for p in points.values()
    )


def test_la_reunion_is_placed_at_saint_pierre_without_an_invented_address():
    point = next(p for p in kb.load_access_points() if p.id == "cdm-la-reunion")
    assert (point.postal_code, point.commune, point.address) == ("97410", "Saint-Pierre", None)


def test_transitions_pro_corrections():
    national = kb.load_operators()["national"]["transitions_pro"]
    assert national["website"] == "https://www.transitionspro.fr"
    regional = {r["region"]: r for r in kb.load_operators()["regional"]["transitions_pro"]}
    assert "6 rue Cyfflé, 54000 Nancy" in regional["Grand Est"]["address"]
    assert regional["Mayotte"]["name"] == "Transitions Pro Mayotte"
    assert [o["name"] for o in operators_for("salarie", "Mayotte") if o["id"] == "transitions_pro"] == [
        "Transitions Pro Mayotte"
    ]


def test_weak_leaflet_phones_are_not_published():
    operators = kb.load_operators()
    assert operators["national"]["apec"]["phone"] is None
    aura = next(r for r in operators["regional"]["cep_actifs_occupes"] if r["region"] == "Auvergne-Rhône-Alpes")
    assert aura["phone"] is None


def test_maisons_de_l_emploi_and_mife_have_a_national_finder():
    national = kb.load_operators()["national"]
    assert national["maisons_emploi"]["finder"] == "https://www.ville-emploi.asso.fr/annuaire-du-reseau"
    assert national["mife"]["finder"].startswith("https://intermife.fr/")
