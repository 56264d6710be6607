"""`parley export-chart`: the GUI's chart renderer, headless (QT_QPA_PLATFORM=offscreen)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path

from db.errors import ParleyError


def add_commands(sub: argparse._SubParsersAction, db_arg: Callable) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("export-chart", help="export an issue timeline or the stance matrix "
                                            "as PNG, SVG or PDF")
    db_arg(p)
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--issue", metavar="KEY", help="issue key for a timeline")
    what.add_argument("--matrix", action="store_true", help="the parties × issues matrix")
    p.add_argument("--out", type=Path, required=True, help="FILE.png, FILE.svg or FILE.pdf")
    p.add_argument("--parties", default="", help="comma-separated party keys (default: all)")
    p.add_argument("--from", dest="date_from", default="", help="YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", default="", help="YYYY-MM-DD")
    p.add_argument("--at", default="", help="matrix date, YYYY-MM-DD (default: latest record)")
    p.add_argument("--width", type=int, default=None, help="PNG width in pixels")


def _date(value: str, what: str) -> dt.date | None:
    from db.model.validation import parse_date

    if not value:
        return None
    try:
        return parse_date(value)
    except ValueError as exc:
        raise ParleyError(f"{what}: {exc}") from None


def run(args: argparse.Namespace) -> int | None:
    if args.command != "export-chart":
        return None
    from db.opening import open_existing_database
    from db.reads import queries
    from db.reads.queries import PositionFilter

    suffix = args.out.suffix.lower()
    if suffix not in (".png", ".svg", ".pdf"):
        raise ParleyError(f"Cannot export a chart as “{suffix or 'no extension'}”: "
                          "use .png, .svg or .pdf")
    folder = args.out.expanduser().parent
    if not folder.is_dir():
        raise ParleyError(f"Cannot write {args.out}: the folder {folder} does not exist")
    date_from, date_to = _date(args.date_from, "--from"), _date(args.date_to, "--to")
    if date_from and date_to and date_from > date_to:
        # Otherwise an empty chart is written, as if nothing had been coded.
        raise ParleyError(f"--from {date_from} is after --to {date_to}: no date is in that "
                          "range")
    at = _date(args.at, "--at")
    db = open_existing_database(getattr(args, "db", None))
    from db.storage.export_target import refuse_database_target

    refuse_database_target(args.out, db.path)
    party_ids: set[int] = set()
    if args.parties:
        by_key = {p.key.casefold(): p.id for p in queries.parties(db)}
        for key in (k.strip().casefold() for k in args.parties.split(",") if k.strip()):
            if key not in by_key:
                raise ParleyError(f"Unknown party “{key}”; known parties: "
                                  + ", ".join(sorted(by_key)))
            party_ids.add(by_key[key])
    flt = PositionFilter(party_ids=frozenset(party_ids), date_from=date_from, date_to=date_to)

    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    _app = QApplication.instance() or QApplication(sys.argv[:1])
    from desktop.charts import exporter

    if args.matrix:
        from desktop.charts.matrix_view import MatrixView

        chart = MatrixView(lambda: db)
        chart.set_filter(flt, refresh=False)
        span = chart.date_range()
        chart.set_date(at or (span[1] if span else (date_to or dt.date.today())))
    else:
        issue = queries.issue_by_key(db, args.issue)
        if issue is None:
            known = ", ".join(i.key for i in queries.issues(db)) or "none"
            raise ParleyError(f"Unknown issue “{args.issue}”; known issues: {known}")
        from desktop.charts.timeline_plot import TimelinePlot

        chart = TimelinePlot(lambda: db)
        chart.set_filter(flt, refresh=False)
        chart.set_issue(issue.id)
    path = exporter.export_chart(chart, args.out, args.width)
    print(f"Wrote {path}")
    return 0
