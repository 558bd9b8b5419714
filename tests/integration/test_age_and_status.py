"""Through the HTTP API: the answer fits what the visitor said of their age or status (actions/answers.py). The
messages are the end-to-end probes N02 and P08 of bench/probes and c03 of bench/probes2, which got the 16-25 answer
at 47, the Mission locale at 15 and "inscrivez-vous à France Travail" for a civil servant in post."""

from tests.integration.conftest import texts

YOUTH_ANSWER = "Si vous avez entre 16 et 25 ans"  # utter_ask_youth/general


def test_a_47_year_old_who_was_laid_off_gets_the_adults_answer_not_the_16_25_one(client):
    reply = texts(
        client.say(
            "bonjour jai 47 ans jai ete licencie economique de chez mon usine a montbeliard on ma parle du CSP "
            "je sais pas quoi faire maintenant"
        )
    )
    assert YOUTH_ANSWER not in reply and "contrat d'engagement jeune" not in reply
    assert "France Travail" in reply and "Montbéliard" in reply


def test_a_47_year_old_who_does_not_know_what_to_do_is_told_why_not_the_mission_locale(client):
    reply = texts(client.say("j'ai 47 ans je sais pas quoi faire"))
    assert YOUTH_ANSWER not in reply
    assert "mon-cep.org" in reply or "évolution professionnelle" in reply


def test_a_parent_of_a_15_year_old_who_wants_to_leave_school(client):
    reply = texts(client.say("mon fils de 15 ans veut arreter l ecole et travailler direct c est possible ?"))
    assert "obligatoire" in reply and "18 ans" in reply and "CIO" in reply
    assert "dès 16 ans : retour en formation" not in reply  # ask_youth/decrochage_16_ans


def test_a_civil_servant_cadre_is_not_told_to_register_at_france_travail(client):
    reply = texts(
        client.say(
            "Bonjour, je suis cadre dans la fonction publique territoriale et je souhaite me reconvertir dans le "
            "prive. A qui m'adresser ?"
        )
    )
    assert "Inscrivez-vous d'abord à France Travail" not in reply
    assert "pour vos droits au chômage" not in reply
    assert "Apec" in reply or "mon-cep.org" in reply
