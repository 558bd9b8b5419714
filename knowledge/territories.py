"""Where to go in the Pacific collectivities, which have no access point in the knowledge base (territories.yml)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Dict, Optional, Tuple

import yaml

from knowledge.kb import KnowledgeError, validate

TERRITORIES = Path(__file__).resolve().parent / "territories.yml"


def load_territories(path: Path = TERRITORIES) -> Dict[str, Tuple[str, Optional[str]]]:
    """Validated territories.yml: {INSEE code: (name, French sentence naming the local service, or None)}.

    Each record is checked against the JSON Schema of the other fact files (knowledge/schema/, definition
    ``territory``): a service is given with its ``source`` and ``data_date``; ``null`` when none was verified.
    Raises :class:`knowledge.kb.KnowledgeError` naming the record and the field.
    """
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    validate(data, "territories_file", "territories")
    found: Dict[str, Tuple[str, Optional[str]]] = {}
    for record in data["territories"]:
        where = (
            f"territories.{record.get('name') or record.get('department') or '<no name>'}"
            if isinstance(record, dict)
            else "territories"
        )
        validate(record, "territory", where)
        if record["department"] in found:
            raise KnowledgeError(f"{where}: duplicate department {record['department']}")
        found[record["department"]] = (record["name"], record["services"])
    return found


@lru_cache(maxsize=1)
def _territories() -> Dict[str, Tuple[str, Optional[str]]]:
    return load_territories()


def is_territory(department: Optional[str]) -> bool:
    """True for a Pacific collectivity (986-988), where the national operators do not receive people."""
    return str(department or "") in _territories()


def local_services(department: Optional[str]) -> Optional[str]:
    """The French sentence naming the local employment service of a Pacific collectivity, or None.

    None also when the collectivity is known but no service was verified (see :func:`is_territory`).
    """
    entry = _territories().get(str(department or ""))
    return entry[1] if entry else None
