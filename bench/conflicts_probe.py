"""One conflicting-accounts measurement in a fresh process (bench/data_bench.conflicts runs
it), printing {"seconds", "peak_mb", "groups"} as JSON on its last line.

    python bench/conflicts_probe.py MODE DB CACHE_DIR

MODE: `bare` opens the database and reads the pair stamps (the floor of any launch);
`index` is the whole search through ConflictIndex as the conflicts pane runs it, with the
results kept in CACHE_DIR (empty: the first search ever; filled: a launch with nothing
changed); `plain` is the plain search (db.reads.conflicts.conflicts, full rows) as before.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    mode, path, cache_dir = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    os.environ["PARLEY_DATA_DIR"] = str(cache_dir)
    from db.opening import open_database
    from db.reads.conflict_index import ConflictIndex, pair_stamps
    from db.reads.conflicts import conflicts

    db = open_database(path)
    started = time.perf_counter()
    if mode == "bare":
        n = len(pair_stamps(db))
    elif mode == "index":
        n = len(ConflictIndex(db).groups())
    else:
        n = len(conflicts(db))
    seconds = time.perf_counter() - started
    db.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "groups": n}))


if __name__ == "__main__":
    main()
