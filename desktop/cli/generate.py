"""`parley generate`: fill a database with realistic synthetic data for benchmarks."""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable


def add_commands(sub: argparse._SubParsersAction, db_arg: Callable) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "generate",
        help="add synthetic sources and positions (for measuring speed at scale)",
        description="Seed the database if new, then add N generated articles and M coded "
                    "positions with verbatim quotes. The same --seed gives the same data.")
    db_arg(p)
    p.add_argument("--sources", type=_count, required=True, metavar="N")
    p.add_argument("--positions", type=_count, required=True, metavar="M")
    p.add_argument("--seed", type=int, default=0, metavar="S")


def _count(text: str) -> int:
    try:
        value = int(text.replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def run(args: argparse.Namespace) -> int | None:
    if args.command != "generate":
        return None
    from db.errors import ParleyError
    from db.exchange.generate import generate
    from db.opening import open_database

    if args.positions and not args.sources:
        raise ParleyError("--positions needs at least one source (--sources 1 or more)")
    db = open_database(getattr(args, "db", None))
    try:
        started = time.perf_counter()
        added = generate(db, args.sources, args.positions, args.seed)
        took = time.perf_counter() - started
    finally:
        db.close()
    print(f"{db.name}: added {added['sources']:,} sources, {added['positions']:,} positions "
          f"({added['conditions']:,} conditions) in {took:.1f} s")
    return 0
