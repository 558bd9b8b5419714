"""A partner site's widget through the real stack: its default place answers "le plus proche"."""

from tests.integration.conftest import texts

DEMO_PLACE = "35000 Rennes"  # knowledge/sites.yml, site demo


def test_nearest_place_starts_from_the_site_place(client):
    reply = texts(client.say("je cherche un lieu d'accueil", site="demo"))
    assert f"les plus proches de {DEMO_PLACE}" in reply and "km" in reply
    assert "code postal" not in reply.split(DEMO_PLACE)[0]  # not asked for a place first


def test_a_place_named_on_a_partner_site_wins(client):
    reply = texts(client.say("où est la cité des métiers la plus proche de Saint-Brieuc ?", site="demo"))
    assert "Saint-Brieuc" in reply and "Ploufragan" in reply
    assert DEMO_PLACE not in reply


def test_without_a_site_the_place_is_asked(client):
    assert "code postal" in texts(client.say("je cherche un lieu d'accueil"))
