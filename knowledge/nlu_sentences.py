"""Every example sentence of the NLU files, as a visitor would type it (entity annotations removed).

Read by the checks that run over all the phrasings the team and the public wrote: the crisis detector's
precision (tests/knowledge/test_distress.py) and the privacy filter's false positives
(bench/privacy_filter.py --nlu). Standard library and PyYAML only.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator, List, Optional, Tuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
# "[Rennes](location)", "[au chômage]{"entity": "profile", ...}": the text between the brackets
_ANNOTATION = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")


def nlu_files(root: Path = ROOT) -> List[Path]:
    """data/nlu/**/*.yml (training), then tests/nlu_*.yml (development and held-out files)."""
    return sorted((root / "data" / "nlu").rglob("*.yml")) + sorted((root / "tests").glob("nlu_*.yml"))


def examples(path: Path) -> Iterator[Tuple[Optional[str], str]]:
    """(intent, sentence) for every example line of ``path``, annotations removed; the intent is None for the
    examples of a block that is not an intent's (a regex or a lookup table)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for block in data.get("nlu") or []:
        for line in (block.get("examples") or "").splitlines():
            line = line.strip()
            if line.startswith("- "):
                yield block.get("intent"), _ANNOTATION.sub(r"\1", line[2:].strip())
