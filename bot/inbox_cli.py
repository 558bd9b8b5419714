"""`python -m bot inbox [list|label|discard|export]`: the anonymous inbox from the terminal."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Callable

from knowledge.inbox import STATUSES, Inbox, default_path


def add_inbox_parser(sub: Any, func: Callable[[argparse.Namespace], int]) -> None:
    """Adds the `inbox` subcommand and its actions to the main parser."""
    p = sub.add_parser("inbox", help="questions the assistant did not understand (anonymous): list, label, export")
    p.add_argument("--path", help="inbox file (default: $INBOX_PATH or ~/.local/share/orientation-assistant/)")
    acts = p.add_subparsers(dest="action")
    q = acts.add_parser("list", help="list the questions, most asked first")
    q.add_argument("--status", choices=STATUSES)
    q = acts.add_parser("label", help="give a question an intent (or out_of_scope)")
    q.add_argument("id", type=int)
    q.add_argument("intent")
    q = acts.add_parser("discard", help="drop a question that teaches nothing")
    q.add_argument("id", type=int)
    q = acts.add_parser("export", help="write labelled questions into data/nlu/ (or print all items with --json)")
    q.add_argument("--json", action="store_true", help="print the items as JSON instead, write nothing")
    p.set_defaults(func=func, action="list", status=None)


def _open(args: argparse.Namespace) -> Inbox | None:
    path = args.path or default_path()
    if path is None:
        print("La boîte des questions est désactivée (INBOX_PATH=off).", file=sys.stderr)
        return None
    return Inbox(path)


def run_inbox(args: argparse.Namespace) -> int:
    """Runs one inbox action; 0 on success, 2 on a bad id or label."""
    from knowledge.maintainer import LabelError, discard, export, label

    inbox = _open(args)
    if inbox is None:
        return 2
    try:
        if args.action == "label":
            item = label(inbox, args.id, args.intent)
            print(f"{item.id} → {item.label} : {item.text}")
        elif args.action == "discard":
            discard(inbox, args.id)
            print(f"{args.id} écartée.")
        elif args.action == "export" and args.json:
            print(json.dumps([i.as_dict() for i in inbox.items()], ensure_ascii=False, indent=2))
        elif args.action == "export":
            print(export(inbox).summary())
        else:
            items = inbox.items(getattr(args, "status", None))
            if not items:
                print("Aucune question dans la boîte.")
            for i in items:
                guess = f"{i.intent} {i.confidence:.2f}" if i.intent and i.confidence is not None else "?"
                tag = f" [{i.status}{': ' + i.label if i.label else ''}]" if i.status != "new" else ""
                why = f" <{i.reason}>" if i.reason else ""
                print(f"{i.id}  ×{i.count}  {i.first_day}…{i.last_day}  ({guess}){why}{tag}  {i.text}")
    except LabelError as error:
        print(str(error), file=sys.stderr)
        return 2
    return 0
