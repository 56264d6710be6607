"""`parley suggest`: the suggested positions for one stored source (nothing is saved)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable


def add_commands(sub: argparse._SubParsersAction, db_arg: Callable) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "suggest", help="suggest positions for a stored source (nothing is saved)",
        description="Read a stored article and print the positions it seems to state: party, "
                    "issue, level, status, quote and its offsets, attribution, conditions, "
                    "date, confidence and why. Learned from the records already coded; "
                    "what is already coded or was rejected is left out.")
    db_arg(p)
    p.add_argument("--source", type=int, required=True, metavar="ID", help="the source's id")
    p.add_argument("--format", choices=["text", "json"], default="text")


def run(args: argparse.Namespace) -> int | None:
    if args.command != "suggest":
        return None
    from db.opening import open_existing_database
    from db.suggest.source import suggest_for_source

    db = open_existing_database(getattr(args, "db", None))
    try:
        suggestions = suggest_for_source(db, args.source)
    finally:
        db.close()
    if args.format == "json":
        sys.stdout.write(json.dumps([s.as_json() for s in suggestions], ensure_ascii=False,
                                    indent=2) + "\n")
        return 0
    if not suggestions:
        print(f"No suggestions for source {args.source}")
        return 0
    for s in suggestions:
        quote = s.quote if len(s.quote) <= 100 else s.quote[:99] + "…"
        print(f"{s.party} · {s.issue} = {s.level} · {s.status} · {s.confidence:.0%} · "
              f"{s.attributed_to} · {s.stated_on}\n  “{quote}” [{s.quote_start}–{s.quote_end}]\n"
              f"  why: {s.why}")
    return 0
