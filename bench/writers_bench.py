"""Several analysts saving at once: N writer processes edit the same few records for a
while, on the SQLite file and on a PostgreSQL server, and every acknowledged save is
accounted for afterwards.

Each writer loops: read a record and its version (as a form does), change its notes to a
token of its own, save against that version (db.writes.positions.save_position: the version
is checked in the UPDATE). A save is acknowledged, refused as a conflict (someone saved the
record since the read), or refused otherwise (the lock did not come free). Afterwards:
- lost: an acknowledged save whose token is not in the record's history;
- silently overwritten: two acknowledged saves of one record made against the same version
  (both read the same state, and the second wrote over the first without seeing it);
- each record's final version must be 1 + the acknowledged saves of it.

    python bench/writers_bench.py [--writers 4] [--seconds 60] [--records 20]
                                  [--engine sqlite|postgresql|both]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def writer(target: str, name: str, seconds: float, ids: list[int]) -> dict:
    """One analyst's process: edit `ids` at random until the time is up."""
    from db.errors import ConflictError, ParleyError
    from db.opening import open_database
    from db.reads.record_inputs import position_state
    from db.writes.positions import save_position

    db = open_database(target)
    db.user = name
    rng = random.Random(name)
    saved: list[tuple[int, int, str]] = []
    conflicts = refused = 0
    deadline = time.monotonic() + seconds
    n = 0
    try:
        while time.monotonic() < deadline:
            pid = rng.choice(ids)
            data, version = position_state(db, pid)
            n += 1
            token = f"{name}-{n}"
            try:
                save_position(db, pid, replace(data, notes=token), version)
            except ConflictError:
                conflicts += 1
                continue
            except ParleyError:
                refused += 1
                continue
            saved.append((pid, version, token))
    finally:
        db.close()
    return {"saved": saved, "conflicts": conflicts, "refused": refused}


def _history_tokens(target: str) -> dict[int, set[str]]:
    from db.opening import open_database

    db = open_database(target)
    try:
        with db.read() as con:
            rows = con.execute("SELECT record_id, changes FROM record_history WHERE "
                               "table_name = 'position' AND action = 'update'").fetchall()
            versions = dict(con.execute("SELECT id, version FROM position").fetchall())
    finally:
        db.close()
    out: dict[int, set[str]] = {}
    for rid, changes in rows:
        notes = json.loads(changes).get("notes")
        if notes:
            out.setdefault(rid, set()).add(notes[1])
    out[-1] = versions  # type: ignore[assignment]
    return out


def run(target: str, writers: int, seconds: float, records: int) -> dict:
    from db.opening import open_database
    from db.reads.queries import position_ids

    db = open_database(target, seed=True)
    try:
        ids = [int(i) for i in position_ids(db)[:records]]
    finally:
        db.close()
    procs = [subprocess.Popen([sys.executable, __file__, "--worker", target, f"analyst{k}",
                               str(seconds), ",".join(map(str, ids))],
                              stdout=subprocess.PIPE, text=True, cwd=ROOT)
             for k in range(writers)]
    results = [json.loads(p.communicate(timeout=seconds + 120)[0]) for p in procs]
    history = _history_tokens(target)
    versions = history.pop(-1)
    acked = [tuple(s) for r in results for s in r["saved"]]
    lost = sum(1 for pid, _v, token in acked if token not in history.get(pid, set()))
    same_base = Counter((pid, v) for pid, v, _t in acked)
    overwritten = sum(c - 1 for c in same_base.values() if c > 1)
    per_record = Counter(pid for pid, _v, _t in acked)
    wrong_version = sum(1 for pid in ids if versions[pid] != 1 + per_record.get(pid, 0))
    return {"acknowledged": len(acked), "conflicts": sum(r["conflicts"] for r in results),
            "refused": sum(r["refused"] for r in results), "lost": lost,
            "overwritten": overwritten, "wrong_version": wrong_version}


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        target, name, seconds, ids = sys.argv[2:6]
        print(json.dumps(writer(target, name, float(seconds), [int(i) for i in ids.split(",")])))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--writers", type=int, default=4)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--records", type=int, default=20)
    ap.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="both")
    args = ap.parse_args()
    os.environ.setdefault("PARLEY_DATA_DIR", tempfile.mkdtemp(prefix="parley-bench-data-"))
    rows = []
    if args.engine in ("sqlite", "both"):
        path = Path(tempfile.mkdtemp(prefix="parley-writers-")) / "shared.sqlite3"
        rows.append(("SQLite file", run(str(path), args.writers, args.seconds, args.records)))
    if args.engine in ("postgresql", "both"):
        from pg_server import PgServer

        server = PgServer(durable=True).start()
        try:
            url = server.new_database()
            rows.append(("PostgreSQL server", run(url, args.writers, args.seconds, args.records)))
        finally:
            server.stop()
    print(f"{args.writers} writers × {args.seconds:g} s on {args.records} records")
    print("| Engine | acknowledged saves | refused: conflict | refused: busy | lost | "
          "silently overwritten | wrong final version |")
    print("|---|---|---|---|---|---|---|")
    bad = 0
    for label, r in rows:
        print(f"| {label} | {r['acknowledged']} | {r['conflicts']} | {r['refused']} | "
              f"{r['lost']} | {r['overwritten']} | {r['wrong_version']} |")
        bad += r["lost"] + r["overwritten"] + r["wrong_version"]
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
