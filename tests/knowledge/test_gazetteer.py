"""Offline place resolution, as people type places."""

import pytest

from knowledge.gazetteer import resolve
from knowledge.referral import haversine_km


def ok(query):
    res = resolve(query)
    assert res.status == "ok", (query, res.status, [c.label for c in res.candidates])
    return res.place


@pytest.mark.parametrize("query", ["22300", "22300 Lannion", "Lannion", "LANNION", "lannion 22"])
def test_lannion(query):
    place = ok(query)
    assert place.commune == "Lannion" and place.department == "22" and place.region == "Bretagne"


@pytest.mark.parametrize(
    "query", ["Saint-Brieuc", "saint brieuc", "St-Brieuc", "ST BRIEUC", "st brieuc", "Saint Brieux"]
)
def test_saint_brieuc_variants(query):
    place = ok(query)
    assert haversine_km(place.lat, place.lon, 48.514, -2.765) < 3


def test_namesakes_are_ambiguous_and_qualified_forms_resolve():
    res = resolve("Saint-Denis")
    assert res.status == "ambiguous"
    depts = {c.department for c in res.candidates}
    assert {"93", "974"} <= depts
    assert ok("Saint-Denis (93)").department == "93"
    assert ok("saint denis 974").department == "974"
    assert ok("saint denis reunion").department == "974"
    for candidate in res.candidates:  # every button label resolves back to itself
        assert ok(candidate.label).insee == candidate.insee


@pytest.mark.parametrize(
    "query,postal_code",
    [
        ("Paris 15e", "75015"),
        ("paris 15", "75015"),
        ("75015", "75015"),
        ("Lyon 3eme", "69003"),
        ("Marseille 2e arrondissement", "13002"),
    ],
)
def test_arrondissements(query, postal_code):
    assert postal_code in (ok(query).postal_code or "")


@pytest.mark.parametrize(
    "query,code",
    [
        ("93", "93"),
        ("Seine-Saint-Denis", "93"),
        ("seine st denis", "93"),
        ("2A", "2A"),
        ("Corse-du-Sud", "2A"),
        ("le 974", "974"),
        ("dans le 93", "93"),
        ("la manche", "50"),
        ("Côtes-d'Armor (22)", "22"),
    ],
)
def test_departments(query, code):
    place = ok(query)
    assert place.kind == "department" and place.department == code


@pytest.mark.parametrize(
    "query,region",
    [
        ("Bretagne", "Bretagne"),
        ("ile de france", "Île-de-France"),
        ("PACA", "Provence-Alpes-Côte d'Azur"),
        ("Réunion", "La Réunion"),
    ],
)
def test_regions(query, region):
    place = ok(query)
    assert place.kind == "region" and place.region == region


@pytest.mark.parametrize(
    "query,dept",
    [
        ("Pointe-à-Pitre", "971"),
        ("Fort-de-France", "972"),
        ("Cayenne", "973"),
        ("Mamoudzou", "976"),
        ("Ajaccio", "2A"),
        ("Bastia", "2B"),
        ("97600", "976"),
    ],
)
def test_overseas_and_corsica(query, dept):
    assert ok(query).department == dept


@pytest.mark.parametrize(
    "query,name",
    [
        ("Montpelier", "Montpellier"),
        ("Marseile", "Marseille"),
        ("besancon", "Besançon"),
        ("le havre", "Le Havre"),
        ("havre", "Le Havre"),
        ("à Lyon", "Lyon"),
    ],
)
def test_typos_articles_and_accents(query, name):
    assert ok(query).commune == name


@pytest.mark.parametrize("query", ["Zzyzxville", "", "   ", "99999", "xxxxxxxxxxxxxxxxxxxxxxxx"])
def test_unknown(query):
    assert resolve(query).status == "unknown"


@pytest.mark.parametrize(
    "query, label",
    [
        ("Saint-Denis de la Réunion", "Saint-Denis (974)"),
        ("saint benoit a la reunion", "Saint-Benoît (974)"),
        ("Saint-Pierre en Martinique", "Saint-Pierre (972)"),
        ("Saint-Denis dans le 93", "Saint-Denis (93)"),
    ],
)
def test_commune_with_its_department_or_region_through_a_connector(query, label):
    result = resolve(query)
    assert result.status == "ok" and result.place.label == label


@pytest.mark.parametrize(
    "query, commune, region",
    [
        ("région parisienne", None, "Île-de-France"),  # the area around Paris is the region
        ("la banlieue parisienne", None, "Île-de-France"),
        ("sur la région bordelaise", "Bordeaux", "Nouvelle-Aquitaine"),
        ("agglomération lyonnaise", "Lyon", "Auvergne-Rhône-Alpes"),
        ("region stephanoise", "Saint-Étienne", "Auvergne-Rhône-Alpes"),
    ],
)
def test_a_city_area_named_with_its_adjective_resolves_to_the_city_or_region(query, commune, region):
    result = resolve(query)
    assert result.status == "ok"
    assert (result.place.commune, result.place.region) == (commune, region)


def test_a_city_adjective_alone_is_no_place():
    assert resolve("bordelaise").status == "unknown"
