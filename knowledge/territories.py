"""Where to go in the Pacific collectivities, which have no access point in the knowledge base (territories.yml)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Dict, Optional, Tuple

import yaml

TERRITORIES = Path(__file__).resolve().parent / "territories.yml"


@lru_cache(maxsize=1)
def _territories() -> Dict[str, Tuple[str, Optional[str]]]:
    data = yaml.safe_load(TERRITORIES.read_text(encoding="utf-8"))
    return {str(t["department"]): (str(t["name"]), t.get("services")) for t in data["territories"]}


def is_territory(department: Optional[str]) -> bool:
    """True for a Pacific collectivity (986-988), where the national operators do not receive people."""
    return str(department or "") in _territories()


def local_services(department: Optional[str]) -> Optional[str]:
    """The French sentence naming the local employment service of a Pacific collectivity, or None.

    None also when the collectivity is known but no service was verified (see :func:`is_territory`).
    """
    entry = _territories().get(str(department or ""))
    return entry[1] if entry else None
