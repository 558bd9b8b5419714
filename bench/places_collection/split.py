"""Split the places collection by page (seed 20261214) and write the two YAML sections.

DEV = the first half of the shuffled sorted page URLs, BLIND = the rest. The BLIND section is appended to
tests/nlu_holdout_real.yml without reading or printing that file."""

import random
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
rows = [
    ln.split("\t") for ln in (ROOT / "bench/places_collection/kept.tsv").read_text(encoding="utf-8").splitlines() if ln
]
urls = sorted({r[0] for r in rows})
rng = random.Random(20261214)
rng.shuffle(urls)
dev_urls = set(urls[: len(urls) // 2])
parts = {"dev": [r for r in rows if r[0] in dev_urls], "blind": [r for r in rows if r[0] not in dev_urls]}


def section(rows, header):
    by_intent = defaultdict(list)
    for url, intent, text in rows:
        by_intent[intent].append(text)
    out = [header]
    for intent in sorted(by_intent):
        out.append(f"- intent: {intent}\n  examples: |\n")
        out += [f"    - {t}\n" for t in by_intent[intent]]
    return "".join(out)


def table(rows):
    return "".join(f"| {intent} | {text} | {url} |\n" for url, intent, text in rows)


HEADER = (
    "# Places collection (2026-12-02, issue 10: place names in real phrasings): {n} lines from {p} pages, split by page\n"
    "# with random.Random(20261214) between tests/nlu_dev_real.yml and tests/nlu_holdout_real.yml; new intent blocks\n"
    "# (same intents as above, Rasa merges them). Provenance: the 'Places collection' table of the PROVENANCE file.\n"
)
for name, rs in parts.items():
    pages = len({r[0] for r in rs})
    (ROOT / f"bench/places_collection/{name}.yml.part").write_text(
        section(rs, HEADER.format(n=len(rs), p=pages)), encoding="utf-8"
    )
    (ROOT / f"bench/places_collection/{name}_provenance.md.part").write_text(table(rs), encoding="utf-8")
    print(name, len(rs), "lines", pages, "pages")
