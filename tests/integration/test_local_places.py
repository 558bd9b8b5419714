"""Local places through the real stack: the place named in a question gets the local answer."""

import json
import re

from tests.integration.conftest import PORTS, Client, buttons, texts

JSON = {"Content-Type": "application/json"}


def _first_place_line(reply: str) -> str:
    return next(line for line in reply.splitlines() if re.match(r"^1\. ", line))


def test_twenty_year_old_in_lannion_gets_the_lannion_mission_locale(client):
    reply = texts(client.say("j'ai 20 ans, j'habite à Lannion"))
    first = _first_place_line(reply)
    assert "Mission locale" in first and "Lannion" in first
    assert "Données DILA" in first  # the date of the data, on each place
    assert "vérifiez avant de vous déplacer" in reply


def test_pole_emploi_adviser_in_brest_gets_places_in_brest(client):
    answer = client.say("je cherche un conseiller pôle emploi à Brest")
    reply = texts(answer)
    assert "Brest" in _first_place_line(reply)
    assert "France Travail" in reply and "vérifiez avant de vous déplacer" in reply
    assert any(b["title"] == "Voir d'autres lieux" for b in buttons(answer))


def test_nearest_mission_locale_of_vannes(client):
    reply = texts(client.say("la mission locale la plus proche de Vannes"))
    first = _first_place_line(reply)
    assert "ission locale" in first and "Vannes" in first


def test_today_hours_then_next_places_then_a_kind_filter(client):
    answer = client.say("je cherche un lieu d'accueil à Lannion")
    reply = texts(answer)
    assert "France services de Lannion" in reply and "aujourd'hui" in reply and "Données ANCT" in reply
    more = next(b for b in buttons(answer) if b["title"] == "Voir d'autres lieux")
    nxt = texts(client.click(more["payload"]))
    assert re.search(r"^4\. ", nxt, re.M) and not re.search(r"^1\. ", nxt, re.M)
    cio = next(b for b in buttons(answer) if b["title"].endswith("CIO"))
    only = texts(client.click(cio["payload"]))
    assert "CIO" in _first_place_line(only) and "Lannion" in _first_place_line(only)


def test_nearest_france_travail_agency_of_quimper(client):
    reply = texts(client.say("où est l'agence France Travail la plus proche de Quimper ?"))
    first = _first_place_line(reply)
    assert "Agence France Travail" in first and "Quimper" in first
    assert "Données Pôle emploi de novembre 2019" in first and "vérifiez avant de vous déplacer" in first


def test_job_seeker_in_nimes_gets_an_agency_of_nimes_after_the_cite_des_metiers(client):
    reply = texts(client.say("je suis demandeur d'emploi à Nîmes"))
    assert "Cité des métiers" in _first_place_line(reply)  # within 30 km, a Cité des métiers comes first
    second = next(line for line in reply.splitlines() if re.match(r"^2\. ", line))
    assert "Agence France Travail" in second and "Nîmes" in second and "vous inscrit" in second


def test_job_seeker_list_offers_a_france_travail_filter_that_works_only_as_offered(client):
    """The job seeker's list has an agency: a "Seulement : France Travail" button lists the agencies near;
    the web front takes its payload back only in the session it was offered in, and refuses a forged kind."""
    answer = client.say("je suis demandeur d'emploi à Nîmes")
    assert "Agence France Travail" in texts(answer)
    only = next(b for b in buttons(answer) if b["title"] == "Seulement : France Travail")
    assert '"place_kind": "france_travail"' in only["payload"]
    reply = texts(client.click(only["payload"]))
    places = [line for line in reply.splitlines() if re.match(r"^[1-3]\. ", line)]
    assert len(places) == 3 and all("Agence France Travail" in line and "Nîmes" in line for line in places)
    assert "vérifiez avant de vous déplacer" in reply
    stranger = Client(f"http://127.0.0.1:{PORTS.web}")
    stranger.say("bonjour")
    for payload in (only["payload"], only["payload"].replace("france_travail", "apec")):
        body = json.dumps({"payload": payload, "session_id": stranger.session_id}).encode()
        assert stranger.request("POST", "/api/chat", body, JSON)[0] == 400
    forged = only["payload"].replace("france_travail", "cap_emploi")
    body = json.dumps({"payload": forged, "session_id": client.session_id}).encode()
    assert client.request("POST", "/api/chat", body, JSON)[0] == 400


def test_disability_in_lyon_gets_no_invented_cap_emploi_place_but_the_operator(client):
    """No Cap emploi office is listed until the DILA directory is imported: the places are France services
    (whose reason names Cap emploi), and Cap emploi comes as the national operator, with its site."""
    reply = texts(client.say("je suis en situation de handicap et j'habite à Lyon"))
    places = [line for line in reply.splitlines() if re.match(r"^[1-3]\. ", line)]
    assert places and all(line[3:].startswith("France services") for line in places)
    assert "y compris auprès de Cap emploi" in places[0]
    assert "capemploi.info" in reply
