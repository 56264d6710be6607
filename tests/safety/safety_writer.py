"""Writer process for tests/safety/test_safety_crash.py: rapid edits through db.writes.positions.

Prints `C <id> <notes>` / `U <id> <notes>` (flushed) only after the db function returned,
i.e. after the edit was acknowledged as committed. The test SIGKILLs it at random moments.
It opens the database, prints READY, waits for a line on stdin, then edits until killed.
Notes carry `<round>:<seq>`, increasing, so the checker can tell a newer unreported edit
(committed, killed before printing) from a lost one.
"""

from __future__ import annotations

import random
import sys
from dataclasses import replace

from db.opening import open_database
from db.reads.record_inputs import position_input
from db.writes.positions import create_position, update_position


def main(path: str, round_no: int, template_id: int) -> None:
    db = open_database(path, seed=False)
    base = position_input(db, template_id)
    mine: list[int] = []
    rng = random.Random(round_no)
    print("READY", flush=True)
    # The test starts the next writer while checking the last round; it begins editing
    # only when told, so interpreter start-up does not count toward the round.
    sys.stdin.readline()
    seq = 0
    while True:
        seq += 1
        notes = f"{round_no}:{seq}"
        if not mine or rng.random() < 0.4:
            new_id = create_position(db, replace(base, notes=notes, conditions=[]))
            mine.append(new_id)
            print(f"C {new_id} {notes}", flush=True)
        else:
            pid = rng.choice(mine)
            update_position(db, pid, replace(base, notes=notes, conditions=[]))
            print(f"U {pid} {notes}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
