"""Referral: nearest first, the right operator with its reason, SPEC §5 JSON."""

import pytest

from knowledge.kb import AccessPoint
from knowledge.referral import AmbiguousPlace, PointIndex, UnknownPlace, haversine_km, operators_for, referral


def test_haversine_paris_lyon():
    assert 390 < haversine_km(48.8566, 2.3522, 45.764, 4.8357) < 395


def _point(i, lat, lon, kind="cio"):
    return AccessPoint(f"p{i}", f"Lieu {i}", kind, None, None, "X", None, None, lat, lon, None, None, None)


def test_nearest_first_with_kinds():
    index = PointIndex([_point(1, 48.0, -2.0), _point(2, 48.5, -2.7, "cite_des_metiers"), _point(3, 48.7, -3.4)])
    found = index.nearest(48.73, -3.45, limit=3)
    assert [p.id for p, _ in found] == ["p3", "p2", "p1"]
    assert [d for _, d in found] == sorted(d for _, d in found)
    assert [p.id for p, _ in index.nearest(48.73, -3.45, kinds=["cite_des_metiers"])] == ["p2"]


@pytest.mark.parametrize(
    "profile,first",
    [
        ("jeune", "missions_locales"),
        ("demandeur_emploi", "france_travail"),
        ("salarie", "cep_regional"),
        ("cadre", "apec"),
        ("handicap", "cap_emploi"),
        ("createur", "cep_regional"),
        ("etudiant", "cio"),
        ("autre", "cite_des_metiers_network"),
        (None, "cite_des_metiers_network"),
    ],
)
def test_operator_for_each_profile_with_a_reason(profile, first):
    ops = operators_for(profile, "Bretagne", "22")
    assert ops[0]["id"] == first and ops[0]["why"]


def test_transitions_pro_of_the_region():
    names = [o["name"] for o in operators_for("salarie", "Normandie", "76")]
    assert "Transitions Pro Normandie" in names


def test_unknown_profile():
    with pytest.raises(ValueError, match="jeune"):
        operators_for("astronaute")


def test_referral_json_shape_for_saint_brieuc():
    data = referral("Saint-Brieuc", "jeune", 2)
    assert set(data) == {"query", "resolved", "results", "operators"}
    assert set(data["resolved"]) == {"label", "postal_code", "department", "region", "lat", "lon"}
    first = data["results"][0]
    assert {
        "id",
        "name",
        "kind",
        "address",
        "postal_code",
        "commune",
        "department",
        "region",
        "lat",
        "lon",
        "distance_km",
        "phone",
        "website",
        "services",
        "hours",
        "open_now",
        "source",
        "data_date",
        "why",
    } <= set(first)
    assert first["commune"] == "Ploufragan" and first["distance_km"] < 10  # the Cité des métiers, near: first
    assert data["results"][1]["kind"] == "mission_locale"
    assert set(data["operators"][0]) == {"id", "name", "why", "phone", "website"}


def test_referral_errors():
    with pytest.raises(UnknownPlace):
        referral("Zzyzxville")
    with pytest.raises(AmbiguousPlace) as error:
        referral("Saint-Denis")
    assert len(error.value.candidates) >= 2
    with pytest.raises(ValueError):
        referral("Rennes", limit=0)


def test_one_french_distance_for_chat_api_page_and_cli():
    from bot.cli import format_referral
    from knowledge.referral import french_km

    assert [french_km(d) for d in (0.4, 12.345, 154.6)] == ["moins de 1", "12,3", "155"]
    result = referral("Quimper", limit=3)
    for item in result["results"]:
        assert item["distance_text"] == f"{french_km(item['distance_km'])} km"
    slip = format_referral(result)  # the adviser's CLI slip reads the same text
    assert all(f"{item['commune']} ({item['distance_text']})" in slip for item in result["results"])


def test_no_place_is_offered_as_near_thousands_of_km_away():
    """Papeete (French Polynesia) has no listed access point: none is offered, rather than one in the Caribbean."""
    from knowledge.referral import MAX_NEAR_KM, local_referral

    result = referral("Papeete")
    assert result["resolved"]["department"] == "987"
    assert result["results"] == []
    # ... nor a national operator that does not receive people there: the territory's own service
    assert result["operators"] == [] and "SEFI" in result["local_services"]
    assert "local_services" not in referral("Quimper")  # SPEC §5's keys only, elsewhere
    assert local_referral(-17.5572, -149.5555, "jeune", kinds=["france_services"]) == []
    # a kind asked for by name is still shown far away on the same side of the sea, with its distance
    bordeaux = local_referral(44.84, -0.58, None, kinds=["cite_des_metiers"])
    assert bordeaux and bordeaux[0].point.kind == "cite_des_metiers" and 300 < bordeaux[0].distance_km < 500
    # ... and, none being near, the nearest general places follow instead of two more Cités 400 km away
    assert len(bordeaux) == 3 and all(r.distance_km <= MAX_NEAR_KM for r in bordeaux[1:])
    assert all(r.why.startswith("plus près de vous") for r in bordeaux[1:])
    # a kind with places near keeps only the near ones after the first (Brest: Côtes d'Armor, 125 km)
    brest = local_referral(48.39, -4.49, None, kinds=["cite_des_metiers"])
    assert brest[0].distance_km <= MAX_NEAR_KM and all(r.point.kind == "cite_des_metiers" for r in brest)
    assert all(r.distance_km <= MAX_NEAR_KM for r in brest)
    quimper = referral("Quimper")["results"]
    assert quimper and all(r["distance_km"] <= MAX_NEAR_KM for r in quimper)
