"""Precise FAQ questions through the real stack: the specific fact is in the answer.

One or two questions per topic, worded unlike the training data; each expected fact comes
from the question's record in knowledge/faq/ (the test fails if the answer is the topic one).
"""

import pytest

from knowledge import faq
from tests.integration.conftest import texts

# One case a line: (question, expected precise answer key, fact the answer must contain).
# fmt: off
CASES = [
    ("Comment financer mon permis de conduire avec le CPF ?", "ask_cpf/permis_conduire", "900 €"),
    ("je suis auto-entrepreneur, j'ai droit au CPF ?", "ask_cpf/independant", "indépendants"),
    ("mon employeur refuse mon bilan de compétences, que faire ?", "ask_skills_assessment/employeur_refuse", "en dehors de votre temps de travail"),
    ("combien le cpf prend en charge pour un bilan de compétences", "ask_skills_assessment/cout_plafond_cpf", "1 600 €"),
    ("j'ai droit à combien d'heures de congé pour préparer ma VAE ?", "ask_vae/conge_vae", "48 heures"),
    ("est-ce que le conseil en évolution professionnelle c'est payant ?", "ask_cep/cout", "gratuit"),
    ("suis-je payé pendant mon projet de transition professionnelle ?", "ask_transition_project/remuneration", "deux Smic"),
    ("quelles conditions pour démissionner et toucher le chômage pour me reconvertir ?", "ask_transition_project/demission_conditions", "1 300 jours"),
    ("combien gagne un apprenti de 17 ans ?", "ask_apprenticeship/salaire_apprenti", "27 %"),
    ("je touche le RSA, suis-je inscrit automatiquement à France Travail ?", "ask_unemployment/inscription_automatique", "1er janvier 2025"),
    ("combien on touche avec le contrat d'engagement jeune ?", "ask_youth/cej_montant", "528 €"),
    ("je crée ma boîte, ARCE ou garder mon chômage ?", "ask_business_creation/arce_ou_maintien", "60 %"),
    ("est-ce que je dois dire à mon patron que j'ai la RQTH ?", "ask_disability/rqth_employeur", "vous qui décidez"),
    ("l'accompagnement de l'Apec est-il payant ?", "ask_executive/apec_cout", "gratuit"),
    ("jusqu'à quand peut-on faire ses vœux sur Parcoursup ?", "ask_studies/parcoursup_calendrier", "12 mars"),
    ("faut-il prendre un rendez-vous pour aller à la cité des métiers ?", "ask_cite_des_metiers/sans_rendez_vous", "sans rendez-vous"),
    ("est-ce que france travail rembourse le billet de train pour un entretien d'embauche à lyon ?", "ask_job_search/aide_mobilite", "60 km"),
    ("avant de changer de métier je voudrais faire quelques jours d'essai dans une entreprise", "ask_career_change/tester_metier", "PMSMP"),
    ("au bout de combien de temps notre discussion est-elle supprimée ?", "ask_privacy/duree_conversation", "30 minutes"),
    ("on me propose une formation payée par mon compte formation, comment vérifier que l'organisme est sérieux ?", "ask_training/organisme_fiable", "Qualiopi"),
    ("dans quels métiers les employeurs ont-ils du mal à recruter près de chez moi ?", "ask_orientation/metiers_qui_recrutent", "BMO"),
    ("le SPRO, qu'est-ce que c'est ?", "ask_cite_des_metiers/spro", "SPRO"),
]
# fmt: on


@pytest.mark.parametrize("question,key,fact", CASES, ids=[c[1] for c in CASES])
def test_precise_question_gets_its_specific_fact(client, question, key, fact):
    expected = faq.responses()[f"utter_{key}"][0]["text"]
    assert fact in expected  # the fact is the record's, not invented here
    reply = texts(client.say(question))
    assert fact in reply, reply
    topic = faq.topic_answers()[key.split("/")[0]]
    assert topic not in reply  # the precise answer, not the topic one


def test_the_topic_question_still_gets_the_topic_answer(client):
    reply = texts(client.say("c'est quoi le CPF ?"))
    assert faq.topic_answers()["ask_cpf"] in reply
    assert "900 €" not in reply


def test_orientation_topic_question_gets_the_topic_answer(client):
    """ask_orientation answers through the FAQ action since it has precise questions: same topic answer."""
    reply = texts(client.say("je ne sais pas quel métier choisir"))
    assert faq.topic_answers()["ask_orientation"] in reply
    assert "BMO" not in reply


def test_asking_for_an_online_orientation_adviser_gets_the_human_route_with_the_remote_advisers(client):
    """A request to talk to an adviser is talk_to_human (data/nlu/human.yml); its answer also names the Onisep's
    remote advisers, the service of ask_orientation/orientation_a_distance, so both routes agree."""
    assert "Onisep" in faq.responses()["utter_ask_orientation/orientation_a_distance"][0]["text"]
    reply = texts(client.say("je voudrais parler à un conseiller d'orientation en ligne"))
    assert "mon-cep.org" in reply, reply  # the human route
    assert "Onisep" in reply, reply  # with the remote orientation advisers
