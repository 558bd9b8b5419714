"""Writes the FAQ responses of domain.yml from knowledge/faq.yml and knowledge/faq/*.yml, and the crisis
answer from knowledge/crisis.yml (each fact keeps its one home in the knowledge files).

    python -m knowledge.build_faq_responses          # rewrite the generated block of domain.yml
    python -m knowledge.build_faq_responses --check  # exit 1 if domain.yml is out of date

The block sits at the end of domain.yml's `responses:` between the two marker lines; everything
outside it is hand-written and left untouched.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Dict, List, Optional

from knowledge import crisis, faq

DOMAIN = faq.HERE.parent / "domain.yml"
BEGIN = "  # BEGIN generated FAQ responses: python -m knowledge.build_faq_responses (do not edit)"
END = "  # END generated FAQ responses"


def render(responses: Dict[str, List[Dict[str, str]]]) -> str:
    """The generated block, markers included (JSON strings are valid YAML scalars)."""
    lines = [BEGIN]
    for name, variants in responses.items():
        lines.append(f"  {name}:")
        for variant in variants:
            lines.append(f"    - text: {json.dumps(variant['text'], ensure_ascii=False)}")
    lines.append(END)
    return "\n".join(lines) + "\n"


def updated(domain_text: str, block: str) -> str:
    """domain.yml's text with its generated block replaced (appended at the end if absent)."""
    if BEGIN in domain_text:
        head, rest = domain_text.split(BEGIN, 1)
        if END not in rest:
            raise SystemExit(f"{DOMAIN}: '{BEGIN.strip()}' without its end marker")
        tail = rest.split(END, 1)[1].lstrip("\n")
        return head + block + tail
    return domain_text.rstrip("\n") + "\n\n" + block


def generated() -> Dict[str, List[Dict[str, str]]]:
    """Every generated response: the FAQ's, then the crisis answer."""
    return {**faq.responses(), **crisis.responses()}


def main(argv: Optional[List[str]] = None) -> int:
    """Entry point; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if domain.yml is out of date")
    args = parser.parse_args(argv)
    current = DOMAIN.read_text(encoding="utf-8")
    wanted = updated(current, render(generated()))
    if args.check:
        if wanted != current:
            print("domain.yml is out of date: run python -m knowledge.build_faq_responses", file=sys.stderr)
            return 1
        return 0
    if wanted != current:
        DOMAIN.write_text(wanted, encoding="utf-8")
    print(f"{DOMAIN.name}: {len(faq.responses())} FAQ responses and the crisis answer")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
