"""The window's settings (recent databases, layout) are the user's own: a test run must not
write them. `parley` started by a test keeps them under the run's XDG_CONFIG_HOME."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_window_a_test_opens_leaves_the_users_settings_alone(tmp_path: Path) -> None:
    db = tmp_path / "only-in-this-test.sqlite3"
    done = subprocess.run([sys.executable, "-m", "desktop", "--db", str(db), "--selftest"],
                          cwd=ROOT, env=dict(os.environ), capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    ours = Path(os.environ["XDG_CONFIG_HOME"]) / "Parley" / "Parley.conf"
    assert str(db.resolve()) in ours.read_text(encoding="utf-8")  # the window remembered it here …
    users = Path.home() / ".config" / "Parley" / "Parley.conf"
    assert not users.exists() or str(db.resolve()) not in users.read_text(encoding="utf-8")  # … only
