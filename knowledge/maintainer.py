"""Labelling the anonymous inbox and exporting labelled questions into ``data/nlu/`` (CLI and /mainteneur).

Each labelled question becomes one example line appended at the end of its intent's block in the
``data/nlu/<topic>.yml`` file that already defines that intent; the items are then marked exported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

import yaml

from knowledge.distress import CRISIS_INTENT
from knowledge.inbox import LABELLED, Inbox, InboxItem

ROOT = Path(__file__).resolve().parent.parent
DOMAIN_FILE = ROOT / "domain.yml"
NLU_DIR = ROOT / "data" / "nlu"
#: intents a visitor's question cannot be labelled with (Rasa's own, answers to a question, or the crisis intent
#: that the distress detector alone sets and whose messages never reach the inbox: knowledge/distress.py)
NOT_LABELS = frozenset({"nlu_fallback", "inform", "affirm", "deny", CRISIS_INTENT})

_INTENT_LINE = re.compile(r"^- intent:\s*(\S+)\s*$")
# characters Rasa's YAML examples would read as entity annotations
_ANNOTATION_CHARS = re.compile(r"[\[\]{}()]")


class LabelError(ValueError):
    """A label or item that cannot be used (message in French, for the CLI and the page)."""


class UnknownItem(LabelError):
    """No inbox item has this id."""


def domain_intents(domain_file: Path = DOMAIN_FILE) -> List[str]:
    """Intents of the domain that a maintainer may give a question, in the domain's order."""
    with domain_file.open(encoding="utf-8") as handle:
        domain = yaml.safe_load(handle) or {}
    names = [i if isinstance(i, str) else next(iter(i)) for i in domain.get("intents", [])]
    return [n for n in names if n not in NOT_LABELS]


def intent_files(nlu_dir: Path = NLU_DIR) -> Dict[str, Path]:
    """Where each intent's examples live: intent -> the ``data/nlu`` file holding most of its examples
    (its topic file, rather than a file of mixed registers that has a few)."""
    counts: Dict[str, Dict[Path, int]] = {}
    for path in sorted(nlu_dir.glob("*.yml")):
        intent = None
        for line in path.read_text(encoding="utf-8").splitlines():
            match = _INTENT_LINE.match(line)
            if match:
                intent = match.group(1)
                counts.setdefault(intent, {}).setdefault(path, 0)
            elif intent and line.strip().startswith("- "):
                counts[intent][path] += 1
    # max() keeps the first of equals: files are read in name order
    return {intent: max(per_file, key=per_file.__getitem__) for intent, per_file in counts.items()}


def example_text(text: str) -> str:
    """The question as a training example: one line, no characters Rasa would parse as annotations."""
    return " ".join(_ANNOTATION_CHARS.sub(" ", text).split())


def _existing_examples(nlu_dir: Path) -> set[str]:
    seen: set[str] = set()
    for path in nlu_dir.rglob("*.yml"):  # the precise FAQ phrasings of faq/ too
        for line in path.read_text(encoding="utf-8").splitlines():
            stripped = line.strip()
            if stripped.startswith("- ") and not stripped.startswith("- intent:"):
                seen.add(stripped[2:].strip().lower())
    return seen


def append_examples(path: Path, intent: str, examples: Iterable[str]) -> int:
    """Appends example lines at the end of ``intent``'s block in ``path``; returns how many were added."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(
        (
            i
            for i, line in enumerate(lines)
            if (match := _INTENT_LINE.match(line.rstrip("\n"))) is not None and match.group(1) == intent
        ),
        None,
    )
    if start is None:
        raise LabelError(f"L'intention {intent} n'est pas dans {path.name}.")
    head = next((i for i in range(start + 1, len(lines)) if lines[i].strip().startswith("examples:")), None)
    if head is None or "|" not in lines[head]:
        raise LabelError(f"Le bloc de {intent} dans {path.name} n'a pas d'exemples au format attendu.")
    end = head + 1
    indent = "    - "
    while end < len(lines) and (lines[end].startswith("    ") or not lines[end].strip()):
        if lines[end].lstrip().startswith("- "):
            indent = lines[end][: len(lines[end]) - len(lines[end].lstrip())] + "- "
        end += 1
    while end > head + 1 and not lines[end - 1].strip():  # keep blank lines after the block
        end -= 1
    new = [f"{indent}{text}\n" for text in examples]
    if end > 0 and not lines[end - 1].endswith("\n"):
        lines[end - 1] += "\n"
    lines[end:end] = new
    path.write_text("".join(lines), encoding="utf-8")
    return len(new)


@dataclass
class ExportResult:
    """What an export wrote."""

    written: Dict[str, List[str]] = field(default_factory=dict)  # file name -> examples
    skipped: List[Tuple[int, str]] = field(default_factory=list)  # (item id, reason)

    def summary(self) -> str:
        """One line per file, in French."""
        if not self.written and not self.skipped:
            return "Aucune question étiquetée à exporter."
        out = [f"{name} : {len(ex)} exemple(s) ajouté(s)" for name, ex in sorted(self.written.items())]
        out += [f"question {i} non exportée : {why}" for i, why in self.skipped]
        return "\n".join(out)


def label(inbox: Inbox, item_id: int, intent: str, intents: Optional[List[str]] = None) -> InboxItem:
    """Labels an item with a domain intent (``out_of_scope`` included); raises :class:`LabelError`."""
    allowed = intents if intents is not None else domain_intents()
    if intent not in allowed:
        raise LabelError(f"Intention inconnue : {intent}. Choisissez parmi : {', '.join(allowed)}.")
    if not inbox.label(item_id, intent):
        raise UnknownItem(f"Aucune question n'a l'identifiant {item_id}.")
    return inbox.get(item_id)  # type: ignore[return-value]


def discard(inbox: Inbox, item_id: int) -> None:
    """Discards an item; raises :class:`LabelError` if there is none."""
    if not inbox.discard(item_id):
        raise UnknownItem(f"Aucune question n'a l'identifiant {item_id}.")


def export(inbox: Inbox, nlu_dir: Optional[Path] = None) -> ExportResult:
    """Writes every labelled item into its intent's ``data/nlu`` file and marks it exported."""
    nlu_dir = nlu_dir or NLU_DIR
    result = ExportResult()
    files = intent_files(nlu_dir)
    seen = _existing_examples(nlu_dir)
    by_file: Dict[Tuple[Path, str], List[Tuple[int, str]]] = {}
    done: List[int] = []
    for item in inbox.items(LABELLED):
        text = example_text(item.text)
        label = item.label or ""
        path = files.get(label)
        if path is None:
            result.skipped.append((item.id, f"aucun fichier de data/nlu ne définit {item.label}"))
            continue
        if not text or text.lower() in seen:
            done.append(item.id)  # already a training example: nothing to add
            continue
        seen.add(text.lower())
        by_file.setdefault((path, label), []).append((item.id, text))
    for (path, intent), pairs in by_file.items():
        append_examples(path, intent, [t for _, t in pairs])
        result.written.setdefault(path.name, []).extend(t for _, t in pairs)
        done.extend(i for i, _ in pairs)
    inbox.mark_exported(done)
    return result
