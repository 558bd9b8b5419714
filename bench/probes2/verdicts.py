"""Rebuilds bench/probes2/report.md from the written probes, the transcripts and the hand verdicts below."""

import collections
import json
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
V = {
    "n01": ("OK", "reconversion FAQ (CEP, bilan, CPF, Transitions Pro) + 3 Limoges places + asks situation", ""),
    "n02": ("OK", "FT Roubaix agency + France services + France Travail", ""),
    "n03": (
        "wrong topic",
        "1st answer = PMSMP immersion; then Bastia places + CEP + Transitions Pro Corse (operators right)",
        "'sans quitter mon poste ... c'est possible ?' matched the immersion FAQ instead of training-while-employed / PTP",
    ),
    "n04": ("OK", "CEJ eligibility + Mission locale Nord Reunion (974, not 93) + ML/FT", ""),
    "n05": (
        "wrong topic + missing place",
        "'retire ... (nom)' notice; permis B aid answer; asks situation; no places",
        "privacy filter redacts 'Pointe' as NOM (verified: '...pres de <NOM> a Pitre'), so place lost; intent misfired to permis aid ('reprendre un boulot'?)",
    ),
    "n06": ("OK", "bilan de competences + Apec Rennes listed + Apec", ""),
    "n07": (
        "OK",
        "maintien-dans-l'emploi FAQ (minor: user is jobless) + Besancon France services + Cap emploi, MDPH, FT",
        "",
    ),
    "n08": ("OK", "reorientation FAQ (CIO, Parcoursup) + Montpellier ML/Cite des metiers + ML/FT", ""),
    "n09": (
        "unhelpful",
        "Vannes-area places + CEP + Transitions Pro Bretagne; no answer on how to finance the CAP (no CPF)",
        "no training-financing FAQ triggered; message read as situation+place only",
    ),
    "n10": (
        "missing operator",
        "only 3 Toulon France services, no operator, no question",
        "ex-military leaving the army: no profile detected and no ask-profile follow-up; bare place listing",
    ),
    "n11": ("OK", "CEP/CPF training FAQ + places near Salers + asks situation + Carif-Oref AURA", ""),
    "n12": (
        "OK",
        "empathy + creation FAQ (CEP, Cite des metiers) + Ajaccio places + CEP/FT (minor: no CCI/CMA/BGE here)",
        "",
    ),
    "n13": (
        "wrong operator",
        "job-search FAQ naming FT + Dunkerque places, but operator list = CEP salarie + Transitions Pro",
        "'contrat d'interim s'est fini' classified as salarie instead of demandeur_emploi",
    ),
    "n14": ("OK", "VAE FAQ + Fort-de-France places + CEP + Transitions Pro Martinique", ""),
    "n15": (
        "wrong topic + wrong operator",
        "'Pas forcement : ... formation continue' (Parcoursup FAQ variant); operators = creation (CEP creation + FT creation aids); Nantes places",
        "'freelance' mapped to createur and 'me former' to reprise-d'etudes FAQ; no case for independants wanting salaried job",
    ),
    "p01": ("OK", "Mission locale FAQ + ML Creil + ML/FT", ""),
    "p02": ("OK", "apprentissage age FAQ (ML/FT help find employer) + ML/FT", ""),
    "p03": (
        "OK",
        "training during sick leave (CPAM) + CEP + Perpignan places + asks situation (minor: no RQTH/Cap emploi hint)",
        "",
    ),
    "p04": ("OK", "French-course FAQ (OFII, FT) + Marseille 13e places + asks situation + Carif-Oref", ""),
    "p05": ("OK", "RQTH/Cap emploi FAQ + Grenoble places + Cap emploi/MDPH", ""),
    "p06": (
        "unhelpful",
        "'Pas forcement : ... formation continue' reads as 'no' to 'c'est possible ?'; 93 places; asks situation",
        "reprise-d'etudes question matched the 'faut-il passer par Parcoursup' FAQ; nothing on teacher route (CRPE/master MEEF)",
    ),
    "p07": ("OK", "ML/CEJ FAQ + Nimes ML + ML/FT", ""),
    "p08": ("OK", "training FAQ (CEP, CPF, FT) + Carif-Oref national (minor: no 'not too late' reassurance)", ""),
    "f01": ("OK", "CPF crediting + balance on moncompteformation", ""),
    "f02": ("OK", "5 VAE steps, vae.gouv.fr", ""),
    "f03": (
        "unhelpful",
        "explains apprentissage only; no difference with contrat de professionnalisation",
        "'difference alternance/apprentissage' routed to the apprentissage definition FAQ",
    ),
    "f04": ("OK", "demission-reconversion conditions + CEP", ""),
    "f05": ("OK", "CPF financing of bilan (1 600 EUR cap) + asks situation", ""),
    "f06": ("OK", "PTP 4 steps + CEP", ""),
    "f07": ("OK", "CEP, Cite des metiers, FT, CCI, CMA, BGE, Initiative, Adie", ""),
    "f08": ("OK", "Parcoursup 2026 calendar + site", ""),
    "f09": (
        "unhelpful",
        "answers who is eligible, not what the CEJ is (definition exists elsewhere, cf. p07)",
        "'c'est quoi le cej' matched the CEJ-eligibility FAQ rather than the CEJ definition",
    ),
    "f10": ("OK", "FT online registration, 39 49", ""),
    "f11": ("OK", "FT-prescribed paid training, CPF, FT + Carif-Oref", ""),
    "f12": (
        "wrong answer",
        "'Non : le CEP est entierement gratuit' to 'c'est gratuit ?'",
        "answer text written for 'est-ce payant ?' starts with 'Non', contradicts a 'gratuit ?' question",
    ),
    "o01": ("OK", "OOS pointer service-public + France services", ""),
    "o02": ("OK", "OOS pointer + 3 France services near Poitiers", ""),
    "o03": ("OK", "OOS pointer + France services near Cahors", ""),
    "o04": ("OK", "OOS pointer", ""),
    "o05": ("OK", "OOS pointer + France services near Gueret", ""),
    "o06": ("OK", "OOS pointer", ""),
    "o07": ("OK", "OOS pointer", ""),
    "o08": ("OK", "OOS pointer + France services near 97410 Saint-Pierre", ""),
    "h01": ("OK", "MDPH Cerfa 15692 + Cap emploi/MDPH", ""),
    "h02": ("OK", "training FAQ + Toulouse places + Cap emploi/MDPH + Carif-Oref Occitanie", ""),
    "h03": ("OK", "maintien dans l'emploi: medecin du travail, Cap emploi, Agefiph", ""),
    "h04": (
        "OK",
        "Cap emploi annuaire + 31100 Toulouse France services + Cap emploi (no Cap emploi address in data)",
        "",
    ),
    "h05": ("OK", "RQTH/Cap emploi/Agefiph + Nord (59) places + Cap emploi/MDPH", ""),
    "c01": ("OK", "Apec services + FT + Apec", ""),
    "c02": ("OK", "reconversion FAQ + Apec Lyon listed + Apec", ""),
    "c03": (
        "wrong topic",
        "'Inscrivez-vous d'abord a France Travail pour vos droits au chomage' + Apec",
        "employed civil-servant cadre routed to the 'cadre au chomage' FAQ; Apec is for private-sector cadres (bot says so in c04)",
    ),
    "c04": ("OK", "Apec Strasbourg (+ Mulhouse) listed", ""),
    "j01": ("OK", "ML annuaire + asks which Evry (91/89) - one extra turn", ""),
    "j02": ("OK", "permis aid + ML/FT", ""),
    "j03": ("OK", "find-employer-for-alternance FAQ + CIO/Onisep/Parcoursup", ""),
    "j04": ("OK", "ML FAQ + Ajaccio ML + ML/FT", ""),
    "m01": ("OK", "Quimper places + asks situation", ""),
    "m02": ("OK", "97200 Fort-de-France places", ""),
    "m03": ("OK", "'assistant automatique' + human contact", ""),
    "m04": ("OK", "calm apology + examples + human contacts", ""),
}
probes = yaml.safe_load(open(ROOT / "bench/probes2_written.yml"))["probes"]
recs = {json.loads(line)["id"]: json.loads(line) for line in open(ROOT / "bench/probes2/transcripts.jsonl")}
assert set(V) == {p["id"] for p in probes} == set(recs)
tot = collections.Counter()
ok = collections.Counter()
for p in probes:
    tot[p["cat"]] += 1
    ok[p["cat"]] += V[p["id"]][0] == "OK"
L = [
    "# probes2 — 60 blind end-to-end probes (session 12)",
    "",
    "Written blind in `bench/probes2_written.yml` (commit before the run), run with `bench/probes2/run_stack.py` "
    "(copy of `bench/probes/run_stack.py`, ports 5891/5892/5893, refuses to train) on cached model "
    "`orientation-c54fa0b93da79f83.tar.gz`, one fresh session per probe. All 60 HTTP 200. "
    "Transcripts: `bench/probes2/transcripts.jsonl`. Judged by hand against the `must` field.",
    "",
    "## Totals",
    "",
    "| category | OK | total |",
    "|---|---|---|",
]
for c in tot:
    L.append(f"| {c} | {ok[c]} | {tot[c]} |")
L.append(f"| **all** | **{sum(ok.values())}** | **{sum(tot.values())}** |")
L += ["", "## Per probe", "", "| id | cat | verdict | answer (short) |", "|---|---|---|---|"]
for p in probes:
    v = V[p["id"]]
    L.append(f"| {p['id']} | {p['cat']} | {v[0]} | {v[1]} |")
L += ["", "## Failures", ""]
for p in probes:
    v = V[p["id"]]
    if v[0] != "OK":
        L += [
            f"### {p['id']} ({p['cat']}) — {v[0]}",
            f"- text: `{p['text']}`",
            f"- expected: {p['must']}",
            f"- answer: {v[1]}",
            f"- likely cause: {v[2]}",
            "",
        ]
L += [
    "## Minor remarks (counted OK)",
    "",
    "- n07: unemployed RQTH holder gets the job-retention (medecin du travail) FAQ first; operators right.",
    "- p03: sick-leave answer is useful, but no RQTH/Cap emploi hint for a driver who can no longer work; bot asks the situation.",
    "- n12: creation answer without CCI/CMA/BGE (f07 lists them).",
    "- h04 / n07 / h05: no Cap emploi office in the place list (only France services mentioning Cap emploi).",
    "- Place answers for Vannes and Cahors list only France services 12+ km away (none in town in the data?).",
    "",
]
(ROOT / "bench/probes2/report.md").write_text("\n".join(L), encoding="utf-8")
print("\n".join(L[:16]))
