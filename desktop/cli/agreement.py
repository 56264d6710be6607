"""`parley agreement`: intercoder agreement (Krippendorff's alpha, percent agreement, the
disagreements) over the sources two or more analysts coded — the Agreement view's report."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path


def add_commands(sub: argparse._SubParsersAction, db_arg: Callable) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("agreement", help="intercoder agreement per issue and overall "
                                         "(Krippendorff's alpha, percent agreement)")
    db_arg(p)
    p.add_argument("--csv", type=Path, help="also write the report and the disagreements "
                                            "to this CSV file")
    p.add_argument("--coders", default="", help="only these coders, comma-separated "
                                                "(default: everyone)")


def _fmt(value: float | None, spec: str) -> str:
    return "n/a" if value is None else format(value, spec)


def run(args: argparse.Namespace) -> int | None:
    if args.command != "agreement":
        return None
    from db.opening import open_existing_database
    from db.reads.agreement import agreement

    db = open_existing_database(getattr(args, "db", None))
    coders = [c.strip() for c in args.coders.split(",") if c.strip()] or None
    report = agreement(db, coders=coders)
    if args.csv is not None:
        from db.exchange.agreement_csv import agreement_csv
        from db.storage.export_target import refuse_database_target
        from db.storage.fileio import write_atomic

        refuse_database_target(args.csv, db.path)
        write_atomic(args.csv, agreement_csv(report))
    if not report.coders:
        print("No source has been coded by two or more analysts yet.")
        return 0
    print(f"Coders: {', '.join(report.coders)}; {report.sources} source"
          f"{'s' if report.sources != 1 else ''} coded by two or more")
    print(f"{'Issue':<32} {'units':>6} {'paired':>7} {'agree':>7} {'alpha':>7}")
    for a in [*report.per_issue, report.overall]:
        print(f"{a.issue_name[:32]:<32} {a.units:>6} {a.paired:>7} "
              f"{_fmt(a.percent, '.1f') + ('%' if a.percent is not None else ''):>7} "
              f"{_fmt(a.alpha, '.3f'):>7}")
    print(f"{len(report.disagreements)} disagreement{'s' if len(report.disagreements) != 1 else ''}"
          + (f" (listed in {args.csv})" if args.csv else ""))
    return 0
