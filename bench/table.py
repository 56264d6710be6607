"""One table of every benchmark row at 10k, 100k and 1M side by side, from the figures
bench/run.py keeps in bench/results/<size>.json:

    python bench/table.py            # print it (Markdown)
    python bench/table.py --write    # and put it in README.md between the data-table marks

Each cell is Parley / its bare baseline = ratio, both measured in the same run (✗: the
row's target missed at that size); the rows come in the issue's order (cold start, GUI
stalls, conflicts, redraw, exports, import, generate, memory), then any others.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT  # noqa: E402
from bench.results_store import RESULTS, SIZES, load  # noqa: E402

# The files whose data-table block the table replaces (README's performance section, and
# bench/README's copy beside the analysis).
READMES = (ROOT / "README.md", ROOT / "bench" / "README.md")
BEGIN, END = "<!-- data-table -->", "<!-- /data-table -->"


def _scale(name: str) -> list[str]:
    return [f"{name}: until shown", f"{name}: longest GUI stall"]


ORDER = [
    "Cold start to interactive main window",
    "Cold start to the timeline chart drawn",
    "Longest GUI stall from ready to chart drawn (5 ms timer gaps)",
    "File check at launch, file as Parley left it",
    *_scale("Sort a table column"),
    *_scale("Party filter → table + timeline"),
    *_scale("Search keystroke → table + timeline"),
    *_scale("Change of issue on the timeline"),
    *_scale("Matrix tab, first open"),
    *_scale("Gap tab, first open"),
    "Search box keystroke → table updated",
    "Search box keystroke → table + timeline updated",
    "Party filter → table + timeline updated",
    "Party filter → table updated",
    "Conflicting accounts: whole search, cold",
    "Conflicting accounts: whole search, kept",
    "Conflicting accounts: after an edit, busiest pair",
    "Conflicting accounts: after an edit, typical pair",
    "Timeline redraw, N records read (draw + paint)",
    "Timeline read + analysis, N records (worker thread)",
    "Timeline redraw, N records (read + draw + paint)",
    "Timeline PNG export (1600 px)",
    "Read one issue's timeline",
    "export-data JSON, time",
    "export-data JSON, peak memory",
    "export-data CSV, time",
    "export-data CSV, peak memory",
    "import-data: read + check the JSON, peak memory",
    "import-data: read + check the JSON, time",
    "import-data JSON, whole import: peak memory",
    "import-data JSON, whole import: time",
    "Import 1,000 article files (one transaction each)",
    "generate, peak memory",
    "generate, time",
    "Peak memory, database open and used",
]


def _number(value: float, unit: str) -> str:
    return f"{value:,.1f} {unit}"


def cell(row: dict[str, Any] | None) -> str:
    if row is None:
        return "—"
    text = _number(row["value"], row["unit"])
    if row.get("baseline"):
        text += f" / {_number(row['baseline'], row['unit'])} = **{row['value'] / row['baseline']:.2f}×**"
    if not row["ok"]:
        text += " ✗"
    if row.get("details"):
        text += f" ({', '.join(row['details'])})"
    return text


def table(folder: Path = RESULTS) -> str:
    sizes = {label: {r["key"]: r for r in load(folder, label).get("rows", [])}
             for label in SIZES}
    keys = [k for k in ORDER if any(k in rows for rows in sizes.values())]
    for rows in sizes.values():
        keys += [k for k in rows if k not in keys]
    out = ["| Measurement | 10k | 100k | 1M | Bare baseline | Target | Met |",
           "|---|---|---|---|---|---|---|"]
    for key in keys:
        rows = [sizes[label].get(key) for label in SIZES]
        known = [r for r in rows if r is not None]
        last = known[-1]
        missed = [label for label, r in zip(SIZES, rows, strict=True)
                  if r is not None and not r["ok"]]
        met = "—" if last["target"] == "(info)" else (
            f"no ({', '.join(missed)})" if missed else "yes")
        label = key.replace("N records", "… records").replace("N rows", "… rows")
        out.append(f"| {label} | {' | '.join(cell(r) for r in rows)} | "
                   f"{last['baseline_name'] or '—'} | {last['target']} | {met} |")
    return "\n".join(out)


def provenance(folder: Path = RESULTS) -> str:
    """When and under what load the figures were measured, per size."""
    parts = []
    for label in SIZES:
        data = load(folder, label)
        rows = data.get("rows", [])
        if not rows:
            continue
        days = sorted({r["measured"] for r in rows})
        loads = [x for r in rows for x in r.get("load_average", [])]
        parts.append(f"{label}: {data.get('positions', 0):,} positions / "
                     f"{data.get('sources', 0):,} sources, measured {days[0]}"
                     + (f" to {days[-1]}" if days[-1] != days[0] else "")
                     + (f", load average {min(loads):.1f}–{max(loads):.1f}" if loads else ""))
    return "; ".join(parts)


def write_readme(text: str, readme: Path) -> bool:
    """Replace the block between the data-table marks; False when the file has none."""
    body = readme.read_text(encoding="utf-8")
    if BEGIN not in body or END not in body:
        return False
    start, end = body.index(BEGIN) + len(BEGIN), body.index(END)
    readme.write_text(body[:start] + "\n" + text + "\n" + body[end:], encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--write", action="store_true",
                        help="replace the table in README.md and bench/README.md")
    args = parser.parse_args(argv)
    text = (f"Assembled by `bench/table.py` from `bench/results/*.json` ({provenance(args.results)}). "
            "Each cell: Parley / its bare baseline = **ratio**, both measured in the same run; "
            "✗: the target missed at that size.\n\n" + table(args.results))
    print(text)
    if args.write:
        for readme in READMES:
            if write_readme(text, readme):
                print(f"written into {readme.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
