"""The first save can start while the warm-up thread is still importing the write path
(a fast click after the first keystroke). Both threads then import SQLAlchemy, whose
packages import each other in a cycle; without db.lazy's lock Python broke the deadlock by
handing one thread a half-initialised module, the save raised ImportError and was lost."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CHILD = """
import threading
from db import lazy
warm = threading.Thread(target=lazy.warm_up)
warm.start()
lazy.positions.update_position   # the save, on the GUI thread, while the warm-up imports
lazy.sources.insert_source
warm.join()
print("ok")
"""


def test_a_save_during_the_warm_up_imports_the_write_path_cleanly() -> None:
    root = Path(__file__).parents[2]
    for _ in range(8):  # the race needs the two threads to meet inside the cycle
        proc = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True,
                              timeout=120, cwd=root)
        assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr[-2000:]
