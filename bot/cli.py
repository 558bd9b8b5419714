"""Command line: `python -m bot {up,endpoints,train,chat,evaluate,referral,sync-directory,inbox}`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import List, Optional

from knowledge.kb import PROFILES
from knowledge.referral import MAX_LIMIT


def _cmd_train(args: argparse.Namespace) -> int:
    from bot.training import ensure_model

    print(ensure_model(force=args.force))
    return 0


def _cmd_up(args: argparse.Namespace) -> int:
    from bot.supervisor import up
    from bot.training import ensure_model

    return up(ensure_model())


def _cmd_endpoints(args: argparse.Namespace) -> int:
    """Writes the endpoints file a Rasa server of this environment needs (systemd units, other machines)."""
    from bot.stores import render_endpoints

    try:
        text = render_endpoints(action_url=args.action_url)
    except ValueError as error:
        print(str(error), file=sys.stderr)
        return 2
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        print(text, end="")
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from bot.evaluate import HOLDOUT, HOLDOUT_FAQ, HOLDOUT_PLACES, HOLDOUT_REAL, evaluate, passes, print_report
    from bot.evaluation_report import BASELINE, RESULTS_DIR, cross_validate, finish, training_examples
    from bot.training import ensure_model

    model = Path(args.model) if args.model else ensure_model()
    files = [Path(args.holdout)] if args.holdout else [p for p in (HOLDOUT, HOLDOUT_REAL, HOLDOUT_PLACES) if p.exists()]
    ok = True
    reports = []
    for holdout in files:
        # the precise FAQ questions are scored once, beside the team's file
        report = evaluate(model, holdout, faq_holdout=HOLDOUT_FAQ if holdout == HOLDOUT else None)
        print_report(report)
        reports.append(report)
        ok = passes(report) and ok
    cv = None if args.no_cv else cross_validate(*training_examples())
    not_worse = finish(
        reports,
        model=model.name,
        baseline_path=Path(args.baseline) if args.baseline else BASELINE,
        out_dir=Path(args.out_dir) if args.out_dir else RESULTS_DIR,
        cv=cv,
        write_baseline=args.write_baseline,
    )
    if not ok:
        print("FAIL: below a build gate")
    elif not not_worse:
        print("FAIL: intent macro-F1 dropped by more than 1 point versus the baseline")
    else:
        print("PASS")
    return 0 if ok and not_worse else 1


def _cmd_chat(args: argparse.Namespace) -> int:
    from bot.terminal_chat import chat
    from bot.training import ensure_model

    return chat(ensure_model())


def format_referral(result: dict) -> str:
    """Plain-text referral slip for advisers."""
    r = result["resolved"]
    lines = [f"Lieu : {r['label']} (dép. {r['department']}, {r['region']})", "", "Lieux d'accueil proposés :"]
    for i, p in enumerate(result["results"], 1):
        lines.append(f"  {i}. {p['name']} — {p['commune']} ({p['distance_text']})")
        for key, label in (
            ("why", "pourquoi"),
            ("address", "adresse"),
            ("phone", "tél."),
            ("website", "site"),
            ("today", "aujourd'hui"),
        ):
            if p.get(key):
                lines.append(f"     {label} : {p[key]}")
        if p.get("source") or p.get("data_date"):
            lines.append(f"     source : {'; '.join(p.get('source') or [])} — données du {p.get('data_date')}")
    if result["results"]:
        lines.append("  Vérifiez adresses et horaires avant de vous déplacer.")
    if not result["results"]:
        lines.append("  (aucun lieu vérifié)")
    if result.get("local_services"):
        lines.append(f"  {result['local_services']}")
    lines += ["", "Interlocuteurs :"]
    for o in result["operators"]:
        contact = ", ".join(x for x in (o.get("website"), o.get("phone")) if x)
        lines.append(f"  • {o['name']} : {o['why']}" + (f" ({contact})" if contact else ""))
    return "\n".join(lines)


def _cmd_referral(args: argparse.Namespace) -> int:
    from knowledge.referral import AmbiguousPlace, UnknownPlace, referral

    try:
        result = referral(args.query, profile=args.profile, limit=args.limit, kinds=args.kind)
    except UnknownPlace:
        print(f"Lieu inconnu : « {args.query} ». Essayez un code postal ou le nom d'une commune.", file=sys.stderr)
        return 2
    except AmbiguousPlace as error:
        labels = [c.label for c in error.candidates]
        if args.json:
            print(json.dumps({"error": "ambiguous", "candidates": labels}, ensure_ascii=False))
        print("Plusieurs lieux possibles : " + " ; ".join(labels), file=sys.stderr)
        return 3
    except ValueError as error:
        print(str(error), file=sys.stderr)
        return 2
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else format_referral(result))
    return 0


def _cmd_sync_directory(args: argparse.Namespace) -> int:
    from knowledge.build.directory_import import DirectoryImportError, import_directory

    try:
        stats = import_directory(args.file, args.out, source_url=args.source_url)
    except DirectoryImportError as error:
        print(str(error), file=sys.stderr)
        return 2
    print(stats.summary())
    return 0


def _cmd_inbox(args: argparse.Namespace) -> int:
    from bot.inbox_cli import run_inbox

    return run_inbox(args)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used by the tests)."""
    parser = argparse.ArgumentParser(prog="python -m bot", description="Assistant d'orientation : commandes.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("up", help="start the action server, Rasa and the web front (Ctrl-C stops)")
    p.set_defaults(func=_cmd_up)
    p = sub.add_parser("endpoints", help="print (or --out) the endpoints file for Rasa: REDIS_URL's stores, TTL")
    p.add_argument(
        "--action-url",
        default=None,
        help="the action server's webhook (default http://127.0.0.1:$BOT_ACTION_PORT/webhook)",
    )
    p.add_argument("--out", default=None, help="write the file there instead of printing it")
    p.set_defaults(func=_cmd_endpoints)
    p = sub.add_parser("train", help="train the model if its inputs changed")
    p.add_argument("--force", action="store_true", help="retrain even if an up-to-date model exists")
    p.set_defaults(func=_cmd_train)
    p = sub.add_parser("chat", help="talk to the assistant in the terminal")
    p.set_defaults(func=_cmd_chat)
    p = sub.add_parser(
        "evaluate",
        help="NLU evaluation on the held-out files (tests/nlu_holdout.yml, nlu_holdout_real.yml, nlu_holdout_places.yml)",
    )
    p.add_argument("--model", help="model archive (default: the current one, trained if needed)")
    p.add_argument("--holdout", help="another held-out NLU file")
    p.add_argument("--baseline", help="baseline JSON to compare with (default bench/evaluation_baseline.json)")
    p.add_argument(
        "--write-baseline",
        action="store_true",
        help="make this evaluation the new baseline (commit the file it writes)",
    )
    p.add_argument("--no-cv", action="store_true", help="skip the 5-fold cross-validation on data/nlu")
    p.add_argument("--out-dir", help="where the report goes (default results/evaluation)")
    p.set_defaults(func=_cmd_evaluate)
    p = sub.add_parser("referral", help="nearest access points and operators for a place")
    p.add_argument("query", help="commune, postal code, department or region")
    p.add_argument("--profile", choices=PROFILES)
    p.add_argument("--limit", type=int, default=3)
    p.add_argument("--kind", action="append", help="keep only this kind of place (repeatable), e.g. cio")
    p.add_argument("--json", action="store_true", help="print the JSON of GET /api/access-points")
    p.set_defaults(func=_cmd_referral)
    p = sub.add_parser("sync-directory", help="import the service-public.fr directory export (JSON)")
    p.add_argument("file")
    p.add_argument("--out", default=None, help="output YAML (default knowledge/local_offices.yml)")
    p.add_argument("--source-url", default=None, help="where the export was downloaded from")
    p.set_defaults(func=_cmd_sync_directory)
    from bot.inbox_cli import add_inbox_parser

    add_inbox_parser(sub, _cmd_inbox)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    """Entry point of `python -m bot`."""
    args = build_parser().parse_args(argv)
    if getattr(args, "limit", 1) is not None and not 1 <= getattr(args, "limit", 1) <= MAX_LIMIT:
        print(f"--limit doit être entre 1 et {MAX_LIMIT}", file=sys.stderr)
        return 2
    return args.func(args)
