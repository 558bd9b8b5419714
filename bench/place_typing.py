"""From what people type to a place: resolution rate and distance, per way of typing a commune.

`bench/access_distance.py` measures towns of 2,000+ inhabitants at the gazetteer's own point; this
bench measures the other half: the text a visitor types, through the path a message takes.

Sample (fixed seed): communes of all sizes from the offline gazetteer (knowledge/data/gazetteer.json.gz),
with fixed shares of overseas communes, Corsica (2A/2B), Paris/Lyon/Marseille arrondissements and
names shared by several communes ("Saint-Martin", "Villeneuve", "Sainte-Marie"); the rest drawn at
random among all current communes.

Each commune is typed in several ways (lower case, no accents, no hyphens, "st"/"ste", "s/",
one letter dropped/doubled/swapped, "Name (dept)", with the postal code, "près de X", "à côté de X",
"vers X", "région de X", "dans le 93"). Each message goes through:

1. the NLU: with ``--model`` the trained Rasa model (DIET, regex postal codes, the number checker, the
   place extractor); without it, the components after DIET with no DIET entity (regex postal codes,
   ``check_numbers`` and ``clean_entities`` of the place extractor, with the vocabulary learnt from
   data/nlu), i.e. what the gazetteer-backed extractor finds on its own;
2. the action step: :func:`actions.places.place_query` (the text the actions resolve), then
   :func:`knowledge.gazetteer.resolve`;
3. the referral: the first place ``local_referral`` offers at the resolved place, and its distance to
   the true commune's point.

Outcomes: ``right`` (that very commune; the department for "dans le 93"; a commune of that code for a
postal code alone), ``asked`` (the bot asks which namesake and the right one is among the buttons),
``asked-unlisted`` (asks, but the right one is not among the buttons: the visitor must type the postal
code or the department), ``assumed`` (a much more populous namesake taken, and the answer says so and
how to name the other), ``wrong`` (another place, silently), ``unknown`` (no place found or not
resolved: the bot asks for a commune or postal code).
Distances: for ``right``/``wrong``, from the true point to the first place offered at the resolved
place; for ``asked``, as if the visitor chose the right button.

Run: `PYTHONPATH=. .venv/bin/python bench/place_typing.py [--n 1000] [--seed 2026] [--model PATH]` (about a
minute without a model; about 5 minutes for 300 communes with one). Exits 1 when more than MAX_WRONG of
the messages get a wrong place silently or more than MAX_UNKNOWN get no place.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.access_distance import quantile  # noqa: E402
from knowledge.gazetteer import Gazetteer, gazetteer, normalise  # noqa: E402
from knowledge.referral import haversine_km, local_referral  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TIMES: List[float] = []  # ms per message of the extractor step (extractor mode)
# Targets over all messages (exit 1 when missed): few silent wrong places, few places not found.
MAX_WRONG, MAX_UNKNOWN = 0.01, 0.03
SHARES = {"overseas": 100, "corsica": 60, "arrondissement": 25, "homonym": 200}  # the rest: random communes


@dataclass(frozen=True)
class Truth:
    """A sampled commune: what the visitor means."""

    insee: str
    name: str
    dept: str
    postal_code: str
    lat: float
    lon: float
    population: int
    group: str


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def sample(gaz: Gazetteer, n: int, seed: int) -> List[Truth]:
    """n communes: fixed shares of overseas, Corsica, arrondissements and homonyms, the rest at random."""
    rng = random.Random(seed)
    current = [c for c in gaz.communes if c.kind in (0, 1) and c.postal_codes]
    names = Counter(normalise(c.name) for c in gaz.communes if c.kind == 0)
    groups: Dict[str, List[Any]] = {
        "overseas": [c for c in current if c.dept.startswith("97") and c.kind == 0],
        "corsica": [c for c in current if c.dept in ("2A", "2B")],
        "arrondissement": [c for c in current if c.kind == 1],
        "homonym": [c for c in current if c.kind == 0 and names[normalise(c.name)] > 1],
    }
    chosen: Dict[str, Tuple[Any, str]] = {}
    for group, pool in groups.items():
        for c in rng.sample(pool, min(SHARES[group] * n // 1000, len(pool))):
            chosen.setdefault(c.insee, (c, group))
    rest = [c for c in current if c.kind == 0 and c.insee not in chosen]
    for c in rng.sample(rest, max(0, n - len(chosen))):
        chosen[c.insee] = (c, "random")
    return [
        Truth(c.insee, c.name, c.dept, rng.choice(c.postal_codes), c.lat, c.lon, c.population, group)
        for c, group in chosen.values()
    ]


# --- ways of typing -------------------------------------------------------------------------
def _typo(name: str, rng: random.Random, how: str) -> Optional[str]:
    """One letter dropped, doubled or two letters swapped (never the first letter)."""
    letters = [i for i, ch in enumerate(name) if ch.isalpha() and i > 0]
    if len(name) < 5 or len(letters) < 3:
        return None
    i = rng.choice(letters)
    if how == "drop":
        return name[:i] + name[i + 1 :]
    if how == "double":
        return name[:i] + name[i] + name[i:]
    pairs = [j for j in letters if j + 1 < len(name) and name[j + 1].isalpha() and name[j] != name[j + 1]]
    if not pairs:
        return None
    j = rng.choice(pairs)
    return name[:j] + name[j + 1] + name[j] + name[j + 2 :]


def _saint(name: str) -> Optional[str]:
    out = re.sub(r"\bSainte\b", "Ste", name)
    out = re.sub(r"\bSaint\b", "St", out)
    return out if out != name else None


def _sloppy(name: str) -> str:
    return _strip_accents(_saint(name) or name).lower().replace("-", " ").replace("'", " ")


Variant = Callable[[Truth, random.Random], Optional[str]]
VARIANTS: Dict[str, Variant] = {
    "exact": lambda t, r: t.name,
    "lowercase": lambda t, r: t.name.lower(),
    "no accents": lambda t, r: _strip_accents(t.name) if _strip_accents(t.name) != t.name else None,
    "no hyphens": lambda t, r: t.name.replace("-", " ") if "-" in t.name else None,
    "st / ste": lambda t, r: _saint(t.name),
    "sur -> s/": lambda t, r: re.sub(r"[- ]sur[- ]", " s/ ", t.name) if re.search(r"[- ]sur[- ]", t.name) else None,
    "typo: letter dropped": lambda t, r: _typo(t.name, r, "drop"),
    "typo: letter doubled": lambda t, r: _typo(t.name, r, "double"),
    "typo: letters swapped": lambda t, r: _typo(t.name, r, "swap"),
    "Name (dept)": lambda t, r: f"{t.name} ({t.dept})",
    "Name postal code": lambda t, r: f"{t.name} {t.postal_code}",
    "postal code Name": lambda t, r: f"{t.postal_code} {t.name}",
    "postal code alone": lambda t, r: t.postal_code,
    "près de X (sentence)": lambda t, r: f"Je cherche un lieu d'accueil près de {t.name}",
    "à côté de X (sentence)": lambda t, r: f"j'habite à côté de {t.name}",
    "vers X (sentence)": lambda t, r: f"je suis vers {t.name}",
    "région de X (sentence)": lambda t, r: f"je vis dans la région de {t.name}",
    "sloppy sentence": lambda t, r: f"je cherche une mission locale a {_sloppy(t.name)}",
    "sloppy + typo sentence": lambda t, r: (
        f"jhabite a {typo}" if (typo := _typo(_sloppy(t.name), r, r.choice(["drop", "double", "swap"]))) else None
    ),
    "dans le <dept>": lambda t, r: f"j'habite dans le {t.dept}",
}
DEPARTMENT_VARIANTS = {"dans le <dept>"}
POSTAL_VARIANTS = {"postal code alone"}


# --- the NLU ----------------------------------------------------------------------------------
def extractor_parser() -> Callable[[List[str]], List[List[Dict[str, Any]]]]:
    """The components after DIET, with no DIET entity: regex postal codes, number checks, place extractor."""
    import yaml
    from rasa.shared.nlu.training_data.loading import load_data

    from bot.rasa_plugins.nlu.number_entities import check_numbers
    from bot.rasa_plugins.nlu.place_extractor import common_vocabulary
    from knowledge.french_words import is_french_word
    from knowledge.places_in_text import clean_entities, dictionary_place_names

    regex = yaml.safe_load((ROOT / "data/nlu/regex.yml").read_text(encoding="utf-8"))
    pattern = next(
        re.compile(item["examples"].strip()[2:], re.IGNORECASE) for item in regex["nlu"] if item.get("regex")
    )
    examples = []
    for path in sorted((ROOT / "data/nlu").rglob("*.yml")):
        examples += load_data(str(path)).training_examples
    common, names, french = common_vocabulary(examples), dictionary_place_names(), is_french_word()

    def parse(texts: List[str]) -> List[List[Dict[str, Any]]]:
        out = []
        for text in texts:
            started = time.perf_counter()
            found = [
                {"entity": "postal_code", "start": m.start(), "end": m.end(), "value": m.group()}
                for m in pattern.finditer(text)
            ]
            out.append(clean_entities(text, check_numbers(text, found), common, names, french))
            TIMES.append((time.perf_counter() - started) * 1000)
        return out

    return parse


def model_parser(model: Path) -> Callable[[List[str]], List[List[Dict[str, Any]]]]:
    """The whole trained NLU (bot/evaluate.py loads it the same way)."""
    from bot.evaluate import _parse_all

    def parse(texts: List[str]) -> List[List[Dict[str, Any]]]:
        return [p.get("entities") or [] for p in asyncio.run(_parse_all(model, texts))]

    return parse


# --- outcome ----------------------------------------------------------------------------------
def first_offered_km(lat: float, lon: float, truth: Truth) -> Optional[float]:
    """Distance from the true point to the first place offered at (lat, lon), no situation known."""
    offered = local_referral(lat, lon, None, 1)
    if not offered:
        return None
    point = offered[0].point
    return haversine_km(truth.lat, truth.lon, point.lat, point.lon)


def judge(variant: str, truth: Truth, entities: List[Dict[str, Any]]) -> Tuple[str, Optional[float], str]:
    """(outcome, distance, resolved label) for one message."""
    from actions.places import place_query, resolve

    query = place_query(entities)
    if not query:
        return "unknown", None, ""
    res = resolve(query)
    if res.status == "ambiguous":
        listed = any(p.insee == truth.insee for p in res.candidates)
        if variant in DEPARTMENT_VARIANTS:
            listed = False
        dist = first_offered_km(truth.lat, truth.lon, truth) if listed else None
        return ("asked" if listed else "asked-unlisted"), dist, "?"
    if res.status != "ok" or res.place is None:
        return "unknown", None, query
    place = res.place
    if variant in DEPARTMENT_VARIANTS:
        right = place.kind == "department" and place.department == truth.dept
    elif variant in POSTAL_VARIANTS:  # the code alone names no one commune: any commune of that code
        right = place.postal_code == truth.postal_code
    else:
        right = place.insee == truth.insee
    outcome = "right" if right else ("assumed" if any(p.insee == truth.insee for p in res.others) else "wrong")
    return outcome, first_offered_km(place.lat, place.lon, truth), place.label


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000, help="communes sampled")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--model", type=Path, help="a trained model (.tar.gz): the whole NLU, DIET included")
    ap.add_argument("--show", type=int, default=0, help="print this many failures per variant")
    ap.add_argument("--variant", action="append", help="only these variants")
    args = ap.parse_args(argv)

    gaz = gazetteer()
    truths = sample(gaz, args.n, args.seed)
    rng = random.Random(args.seed)
    cases: List[Tuple[str, Truth, str]] = []
    for truth in truths:
        for variant, make in VARIANTS.items():
            text = make(truth, rng)
            if text and (not args.variant or variant in args.variant):
                cases.append((variant, truth, text))
    started = time.perf_counter()
    parse = model_parser(args.model) if args.model else extractor_parser()
    parsed = parse([text for _, _, text in cases])
    elapsed = time.perf_counter() - started

    by_variant: Dict[str, Counter] = defaultdict(Counter)
    by_group: Dict[str, Counter] = defaultdict(Counter)
    distances: Dict[str, List[float]] = defaultdict(list)
    failures: Dict[str, List[str]] = defaultdict(list)
    for (variant, truth, text), entities in zip(cases, parsed):
        outcome, dist, label = judge(variant, truth, entities)
        by_variant[variant][outcome] += 1
        by_group[truth.group][outcome] += 1
        if dist is not None:
            distances[variant].append(dist)
        if outcome not in ("right", "asked", "assumed"):
            failures[variant].append(f"{text!r} -> {outcome} {label} (truth {truth.name} ({truth.dept}))")

    path = f"trained model {args.model.name}" if args.model else "place extractor without DIET"
    print(f"{len(truths)} communes (seed {args.seed}), {len(cases)} messages, NLU: {path}, {elapsed:.0f} s")
    print(f"groups: {dict(Counter(t.group for t in truths))}")
    outcomes = ("right", "asked", "asked-unlisted", "assumed", "wrong", "unknown")
    head = "| right | asked (listed) | asked (not listed) | assumed (told) | wrong | unknown |"
    print(f"| typed as | n {head} median | p90 |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    total: Counter = Counter()
    all_dist: List[float] = []
    for variant in VARIANTS:
        counts = by_variant.get(variant)
        if not counts:
            continue
        total.update(counts)
        all_dist += distances[variant]
        print(_row(variant, counts, distances[variant], outcomes))
    print(_row("**all**", total, all_dist, outcomes))
    print()
    print(f"| group | n {head}")
    print("|---|---|---|---|---|---|---|---|")
    for group, counts in sorted(by_group.items()):
        print(_row(group, counts, None, outcomes))
    if TIMES:
        print(
            f"\nextractor step (regex postal codes, number checks, place extractor), per message: "
            f"mean {statistics.mean(TIMES):.2f} ms, p95 {quantile(TIMES, 0.95):.2f} ms"
        )
    n = sum(total.values())
    ok = total["wrong"] / n <= MAX_WRONG and total["unknown"] / n <= MAX_UNKNOWN
    print(
        f"silent wrong place {total['wrong'] / n:.1%} (target <= {MAX_WRONG:.0%}), "
        f"not found {total['unknown'] / n:.1%} (target <= {MAX_UNKNOWN:.0%}): {'PASS' if ok else 'FAIL'}"
    )
    if args.show:
        for variant, lines in failures.items():
            print(f"\n{variant}: {len(lines)} failures")
            for line in lines[: args.show]:
                print("  ", line)
    return 0 if ok else 1


def _row(label: str, counts: Counter, dists: Optional[List[float]], outcomes: Sequence[str]) -> str:
    n = sum(counts.values())
    cells = [f"{counts[o] / n:.1%}" for o in outcomes]
    line = f"| {label} | {n} | " + " | ".join(cells) + " |"
    if dists is not None:
        line += f" {statistics.median(dists):.1f} km | {quantile(dists, 0.9):.1f} km |" if dists else " | |"
    return line


if __name__ == "__main__":
    sys.exit(main())
