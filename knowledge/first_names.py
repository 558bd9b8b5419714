"""First names given in France (INSEE), normalised: the privacy filter's clue for a name typed in lower case."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

FIRST_NAMES_FILE = Path(__file__).parent / "data" / "first_names.txt"


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """The normalised first names of ``data/first_names.txt`` (built by ``knowledge.build.first_names``)."""
    lines = FIRST_NAMES_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))
