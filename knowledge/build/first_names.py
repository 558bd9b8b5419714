"""Build ``knowledge/data/first_names.txt``: first names given in France, for the privacy filter.

Source: INSEE's *Fichier des prénoms* (births in France by first name and year, 1900-2009 edition,
Licence Ouverte), as aggregated in the JSON file ``prenoms.min.json`` of github.com/ybonnel/prenoms
(commit b4e8d4ef13efdfdc98cec2d8d463ef5a5e8ddf40; only its entries with INSEE birth counts, the
``naissancesByYear`` field, are read). A name is kept when at least MIN_BIRTHS people received it;
it is stored normalised (``knowledge.textnorm.normalise``: lower case, no accents), one word only.

Run: ``python -m knowledge.build.first_names path/to/prenoms.min.json``.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

from knowledge.first_names import FIRST_NAMES_FILE
from knowledge.textnorm import normalise

MIN_BIRTHS = 500
MIN_LENGTH = 3

HEADER = """\
# First names given to at least {min_births} children born in France, 1900-2009 (normalised, one per line).
# Source: INSEE, Fichier des prenoms (Licence Ouverte), via github.com/ybonnel/prenoms prenoms.min.json
# (commit b4e8d4ef, entries with INSEE birth counts). Built by `python -m knowledge.build.first_names`.
"""


def first_names(entries: list[dict[str, Any]], min_births: int = MIN_BIRTHS) -> list[str]:
    """Normalised one-word first names with at least ``min_births`` births, sorted."""
    births: Counter[str] = Counter()
    for entry in entries:
        by_year = entry.get("naissancesByYear")
        if not by_year:
            continue  # entries without INSEE counts come from other lists
        births[normalise(str(entry["prenom"]))] += sum(int(n) for n in by_year.values())
    return sorted(
        name for name, total in births.items() if total >= min_births and len(name) >= MIN_LENGTH and " " not in name
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("source", type=Path, help="prenoms.min.json")
    args = parser.parse_args()
    names = first_names(json.loads(args.source.read_text(encoding="utf-8")))
    FIRST_NAMES_FILE.write_text(HEADER.format(min_births=MIN_BIRTHS) + "\n".join(names) + "\n", encoding="utf-8")
    print(f"{len(names)} first names -> {FIRST_NAMES_FILE}")


if __name__ == "__main__":
    main()
