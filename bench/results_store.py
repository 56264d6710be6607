"""The benchmark figures kept per size in bench/results/<size>.json (committed), so one
table can show 10k, 100k and 1M side by side (bench/table.py) although each size is
measured in its own run, and a run of a few sections replaces only their rows.

A row is known by its key: its name without what varies with the data (a size label, a
count of records, keys or groups), which is kept beside it as `details`."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bench.common import ROOT, Result, machine

RESULTS = ROOT / "bench" / "results"
SIZES = ("10k", "100k", "1M")
_PARENS = re.compile(r"\s*\(([^()]*)\)")
_COUNT = re.compile(r"\b\d[\d,]*(?:\.\d+)?\s+(records|rows|keys|changes|groups|sources)\b")
_SIZE = re.compile(r"^\d+[kKmM]$")
_SIZE_WORD = re.compile(r"\b\d+[kKmM] (?=database)")


def row_key(name: str) -> tuple[str, list[str]]:
    """(key, details) of a result's name: "Timeline redraw, 9,579 records (read + draw +
    paint)" → ("Timeline redraw, N records (read + draw + paint)", ["9,579 records"]);
    "Cold start to interactive main window (100k)" → ("Cold start to interactive main
    window", [])."""
    details = [m.group(0) for m in _COUNT.finditer(name)]
    key = _COUNT.sub(lambda m: f"N {m.group(1)}", name)
    key = _SIZE_WORD.sub("", key)

    def paren(m: re.Match[str]) -> str:
        kept = [p.strip() for p in m.group(1).split(",")
                if not _SIZE.match(p.strip()) and not p.strip().startswith("N ")]
        return f" ({', '.join(kept)})" if kept else ""

    return _PARENS.sub(paren, key).strip(), details


def _entry(r: Result, section: str, loads: tuple[float, float]) -> dict[str, Any]:
    key, details = row_key(r.name)
    return {"key": key, "name": r.name, "details": details, "section": section,
            "value": r.value, "baseline": r.baseline, "baseline_name": r.baseline_name,
            "unit": r.unit, "target": r.target, "ok": r.ok, "runs": r.runs,
            "measured": dt.date.today().isoformat(), "load_average": list(loads)}


def path_for(folder: Path, label: str) -> Path:
    return folder / f"{label.lower()}.json"


def load(folder: Path, label: str) -> dict[str, Any]:
    path = path_for(folder, label)
    if not path.exists():
        return {"size": label, "rows": []}
    return json.loads(path.read_text(encoding="utf-8"))


def save(folder: Path, label: str, database: str, sources: int, positions: int, runs: int,
         measured: Iterable[tuple[Result, str, tuple[float, float]]]) -> Path:
    """Merge these results into <folder>/<label>.json: a row measured now replaces the row
    with its key, the others stay as they were (each with its own date and load)."""
    data = load(folder, label)
    rows = {row["key"]: row for row in data.get("rows", [])}
    for r, section, loads in measured:
        entry = _entry(r, section, loads)
        entry["runs_asked"] = runs
        rows[entry["key"]] = entry
    data.update(size=label, database=database, sources=sources, positions=positions,
                machine=machine(), cpus=os.cpu_count(), rows=list(rows.values()))
    folder.mkdir(parents=True, exist_ok=True)
    path = path_for(folder, label)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path
