"""SPRO and Carif-Oref answers through the HTTP API of the real stack."""

from knowledge import kb
from tests.integration.conftest import texts


def test_spro_without_a_place_explains_it_and_asks_where(client):
    reply = texts(client.say("c'est quoi le service public régional de l'orientation ?"))
    assert "loi du 5 mars 2014" in reply and "Région" in reply
    assert "commune" in reply or "code postal" in reply


def test_spro_with_a_place_names_the_regions_service(client):
    reply = texts(client.say("c koi le spro a Nantes"))
    service = kb.region_record("Pays de la Loire")["spro_service"]
    assert "Pays de la Loire" in reply and service["name"] in reply


def test_spro_after_the_place_was_given(client):
    client.say("je cherche un lieu d'accueil")
    client.say("75011")
    reply = texts(client.say("et le spro c'est quoi ?"))
    assert "Île-de-France" in reply and "oriane.info" in reply


def test_training_in_my_region_points_to_the_regions_carif_oref(client):
    reply = texts(client.say("je cherche une formation près de Lille"))
    assert "c2rp.fr" in reply and "Hauts-de-France" in reply


def test_training_without_a_place_points_to_the_national_portal(client):
    reply = texts(client.say("comment trouver une formation ?"))
    assert "intercariforef.org" in reply
