"""The reference conversations through the HTTP API of the real stack."""

from tests.integration.conftest import buttons, texts


def test_nearest_cite_des_metiers_from_saint_brieuc(client):
    answer = client.say("où est la cité des métiers la plus proche de Saint-Brieuc ?")
    reply = texts(answer)
    assert "Saint-Brieuc" in reply
    assert "Ploufragan" in reply  # Cité des métiers des Côtes d'Armor, a few km away
    assert "km" in reply


def test_place_asked_then_given_as_postal_code_then_situation(client):
    first = client.say("je cherche un lieu d'accueil")
    assert "code postal" in texts(first)
    second = client.say("22300")
    reply = texts(second)
    assert "Lannion" in reply and "km" in reply
    payloads = [b["payload"] for b in buttons(second)]
    assert '/inform{"profile":"salarie"}' in payloads  # the situation question follows
    third = client.click('/inform{"profile":"salarie"}')
    assert "Bretagne" in texts(third) or "mon-cep.org" in texts(third)


def test_young_person_without_diploma_goes_to_mission_locale(client):
    reply = texts(client.say("j'ai 20 ans, sans diplôme, qui peut m'aider ?"))
    assert "Mission locale" in reply


def test_cadre_goes_to_apec(client):
    reply = texts(client.say("je suis cadre et je veux changer de poste"))
    assert "Apec" in reply


def test_disability_goes_to_cap_emploi(client):
    reply = texts(client.say("je suis en situation de handicap et je cherche un emploi"))
    assert "Cap emploi" in reply


def test_namesakes_are_asked_not_guessed(client):
    answer = client.say("un lieu d'accueil à Saint-Denis")
    labels = [b["title"] for b in buttons(answer)]
    assert any("93" in label for label in labels) and any("974" in label for label in labels)
    chosen = next(b for b in buttons(answer) if "974" in b["title"])
    reply = texts(client.click(chosen["payload"]))
    assert "km" in reply


def test_unknown_place_gets_a_clear_answer(client):
    client.say("je cherche un lieu d'accueil")
    reply = texts(client.say("Zzyzxville"))
    assert "code postal" in reply


def test_faq_answer_carries_the_official_site(client):
    reply = texts(client.say("c koi le cpf"))
    assert "moncompteformation.gouv.fr" in reply


ASK_SITUATION = "quelle est votre situation"
NOT_UNDERSTOOD = ("pas sûr d'avoir compris", "Je n'ai pas compris")


def test_narrative_message_gives_situation_project_and_place_at_once(client):
    reply = texts(
        client.say("bonjour je suis aide soignante depuis 12 ans et je veux changer de metier, je suis a Quimper")
    )
    assert not any(n in reply for n in NOT_UNDERSTOOD)
    assert "reconversion" in reply and "mon-cep.org" in reply  # the career-change answer
    assert ASK_SITUATION not in reply  # "aide soignante depuis 12 ans" already says: employee
    assert "Bretagne" in reply  # the operator for employees of the region of Quimper


def test_parent_asking_for_a_pupil(client):
    reply = texts(client.say("mon fils est en 3eme il veut faire boulanger"))
    assert not any(n in reply for n in NOT_UNDERSTOOD)
    assert "apprentissage" in reply.lower() or "CIO" in reply
    assert ASK_SITUATION not in reply  # a pupil: the situation is known


def test_administrative_question_points_to_service_public_and_france_services(client):
    reply = texts(client.say("ma taxe foncière a beaucoup augmenté, à qui dois-je m'adresser ?"))
    assert "service-public.gouv.fr" in reply
    assert "France services" in reply


def test_administrative_question_naming_a_town_lists_its_nearest_france_services(client):
    reply = texts(client.say("je cherche un logement social a Evreux"))
    assert "service-public.gouv.fr" in reply
    assert "Évreux (27)" in reply
    lines = [line for line in reply.splitlines() if line[:2] in ("1.", "2.", "3.")]
    assert lines and all(line[3:].startswith("France services") for line in lines)


def test_a_laid_off_engineer_is_referred_to_france_travail_and_the_apec(client):
    reply = texts(
        client.say("je suis ingenieur je viens d etre licenciee je dois m inscrire a france travail ou a l apec")
    )
    assert "• France Travail" in reply and "• Apec" in reply


def test_a_bare_name_shared_with_a_larger_town_is_asked(client):
    answer = client.say("je cherche un cio a Clermont")
    titles = [b["title"] for b in buttons(answer)]
    assert titles[0] == "Clermont-Ferrand (63)" and "Clermont (60)" in titles


def test_one_message_with_a_question_a_situation_and_a_place_gets_all_three(client):
    """Topics without a situation question (unemployment, business creation, apprenticeship) answer,
    then list the places the message names, with the operator for the situation it states."""
    from knowledge import faq

    reply = texts(client.say("slt jsuis au chomage depuis 1 an a roubaix jsais plus quoi faire"))
    assert "francetravail.fr" in reply  # the answer
    assert "Roubaix" in reply and "km" in reply  # the places there
    operators = reply.split("voici à qui vous adresser", 1)
    assert len(operators) == 2 and "France Travail" in operators[1]  # the operator for the situation
    reply = texts(client.say("je veux créer mon entreprise, qui peut m'aider à Bordeaux ?"))
    assert "Bordeaux" in reply and "km" in reply
    reply = texts(client.say("c'est quoi le CPF ?"))
    assert faq.topic_answers()["ask_cpf"] in reply and "km" not in reply  # a plain question: the answer alone


def test_an_unhappy_visitor_gets_an_apology_and_a_person_to_turn_to(client):
    reply = texts(client.say("t'es nul, tu comprends rien"))
    assert "désolé" in reply and "mon-cep.org" in reply
    assert "service-public.gouv.fr" not in reply  # not the out-of-scope answer


def test_salary_of_a_job_points_to_onisep_job_sheets_without_a_figure(client):
    reply = texts(client.say("combien gagne un plombier"))
    assert "onisep.fr" in reply and "BMO" not in reply and "Smic" not in reply


def test_a_kind_with_none_near_is_shown_with_nearer_general_places(client):
    reply = texts(client.say("je cherche une cité des métiers près de Bordeaux"))
    assert "Montpellier" in reply  # the nearest Cité des métiers, 380 km away, with its distance
    assert "Plus près de vous" in reply and "Bordeaux" in reply


def test_pacific_collectivity_gets_its_local_employment_service(client):
    reply = texts(client.say("je suis demandeur d'emploi à Papeete"))
    assert "SEFI" in reply and "sefi.pf" in reply
    assert "39 49" not in reply  # France Travail does not receive people there


def test_training_during_sick_leave_is_answered_not_sent_out_of_scope(client):
    from knowledge import faq

    reply = texts(
        client.say(
            "Bonjour, je suis en arrêt maladie depuis 6 mois et mon employeur parle d'inaptitude. "
            "Est-ce que je peux faire une formation pendant mon arrêt ?"
        )
    )
    assert faq.responses()["utter_ask_training/arret_maladie"][0]["text"] in reply and "CPAM" in reply
    assert "service-public.gouv.fr" not in reply  # not the out-of-scope answer


def test_a_parent_looking_for_a_3e_internship_gets_the_ministry_platform(client):
    reply = texts(client.say("comment trouver un stage de 3eme pour mon fils"))
    assert "1eleve1stage.education.gouv.fr" in reply


def test_a_pupil_in_3e_wondering_what_next_gets_the_ways_after_3e_not_the_internship_answer(client):
    reply = texts(client.say("jsais pas quoi faire apres la 3e, generale ou CAP ?"))
    assert "Scolarité-Services" in reply and "1eleve1stage" not in reply


def test_a_lost_visitor_gets_the_orientation_answer_not_a_stray_precise_one(client):
    from knowledge import faq

    reply = texts(client.say("je suis perdue"))
    assert faq.topic_answers()["ask_orientation"] in reply
    assert "jury" not in reply  # the VAE answer it once got


def test_a_foreign_diploma_gets_the_enic_naric_answer(client):
    reply = texts(
        client.say("Je suis réfugié, j'ai un diplôme d'ingénieur de mon pays, comment le faire reconnaître ?")
    )
    assert "ENIC-NARIC" in reply and "Qualiopi" not in reply


def test_a_parent_of_an_autistic_young_adult_is_referred_to_cap_emploi_near_them(client):
    reply = texts(client.say("Mon fils de 22 ans est autiste, il cherche un travail adapté, on habite à Nîmes"))
    assert "Nîmes" in reply and "km" in reply
    operators = reply.split("voici à qui vous adresser", 1)
    assert len(operators) == 2 and "Cap emploi" in operators[1]


def test_learning_french_for_work_gets_where_to_find_courses(client):
    reply = texts(client.say("je veux apprendre le français pour trouver du travail"))
    assert "bonjourbonjour.fr" in reply


def test_a_situation_with_a_project_gets_the_project_answered_too(client):
    from knowledge import faq

    reply = texts(client.say("Hello, je suis ingénieure et j'aimerais créer ma boîte dans le bio, vers Angers"))
    assert faq.topic_answers()["ask_business_creation"] in reply
    assert "Angers" in reply and "km" in reply


def _response_text(name):
    import yaml

    from bot.paths import ROOT

    with open(ROOT / "domain.yml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)["responses"][name][0]["text"]


def test_a_message_in_crisis_gets_the_3114_first_then_an_offer_to_keep_talking(client):
    from knowledge import crisis

    said = [m.get("text") or "" for m in client.say("j'en peux plus, je veux en finir")["messages"]]
    assert said == [crisis.crisis_answer(), _response_text("utter_crisis_offer")]
    assert "3114" in said[0] and "15" in said[0] and "112" in said[0]
    # the conversation goes on: the situation is answered as usual
    reply = texts(client.say("je suis au chômage depuis 2 ans"))
    assert "France Travail" in reply and "3114" not in reply


def test_a_crisis_message_while_the_place_is_asked_is_not_taken_for_a_place(client):
    client.say("je cherche un lieu d'accueil")
    said = [
        m.get("text") or "" for m in client.say("je pense au suicide depuis que j'ai perdu mon travail")["messages"]
    ]
    assert "3114" in said[0]
    assert not any("Je ne trouve pas" in s or "code postal" in s for s in said)


def test_a_discouraged_job_seeker_gets_one_sentence_of_acknowledgement_then_the_operators(client):
    said = [
        m.get("text") or ""
        for m in client.say("j'ai 58 ans et je suis au chômage depuis 2 ans, personne ne veut de moi")["messages"]
    ]
    assert said[0] == _response_text("utter_acknowledge_difficulty")
    reply = "\n".join(said[1:])
    assert "France Travail" in reply and "3114" not in reply


def test_figures_of_speech_do_not_get_the_crisis_answer(client):
    for text in ("je meurs d'envie de devenir pilote", "une formation à mourir d'ennui, ça existe ?"):
        assert "3114" not in texts(client.say(text)), text


def test_a_crisis_message_after_a_misunderstood_one_still_gets_the_3114_first(client):
    client.say("blorp snark vlim zorglub")  # not understood: "did you mean" or "reformulez"
    said = [m.get("text") or "" for m in client.say("j'ai envie de mourir")["messages"]]
    assert said and "3114" in said[0], said
