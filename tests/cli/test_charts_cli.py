"""`parley export-chart`: success, and one-line errors without a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from desktop.cli.main import main


def test_timeline_png_from_the_cli(seeded_db, tmp_path, capsys):
    out = tmp_path / "ceasefire.png"
    code = main(["export-chart", "--issue", "ceasefire_scope", "--parties", "russia,ukraine",
                 "--width", "1000", "--out", str(out), "--db", str(seeded_db.path)])
    assert code == 0
    image = QImage(str(out))
    assert image.width() == 1000


def test_matrix_svg_from_the_cli(seeded_db, tmp_path):
    out = tmp_path / "matrix.svg"
    assert main(["export-chart", "--matrix", "--at", "2025-03-18", "--out", str(out),
                 "--db", str(seeded_db.path)]) == 0
    assert "Ceasefire scope" in out.read_text()


@pytest.mark.parametrize("args, message", [
    (["--issue", "nope"], "known issues: ceasefire_scope"),
    (["--issue", "ceasefire_scope", "--parties", "atlantis"], "Unknown party"),
    (["--issue", "ceasefire_scope", "--from", "2025-02-30"], "not a real date"),
    # Dates the wrong way round wrote an empty chart, as if nothing had been coded.
    (["--issue", "ceasefire_scope", "--from", "2025-04-01", "--to", "2025-03-01"],
     "--from 2025-04-01 is after --to 2025-03-01"),
])
def test_cli_errors_are_one_line(seeded_db, tmp_path, capsys, args, message):
    code = main(["export-chart", *args, "--out", str(tmp_path / "x.png"),
                 "--db", str(seeded_db.path)])
    err = capsys.readouterr().err
    assert code == 1
    assert message in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x.png").exists()


def test_unwritable_path_in_a_fresh_process(seeded_db, tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("DISPLAY", None)
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "export-chart", "--issue", "ceasefire_scope",
         "--out", str(tmp_path / "no" / "such" / "x.pdf"), "--db", str(seeded_db.path)],
        capture_output=True, text=True, env=env, cwd=Path(__file__).parents[2], timeout=60)
    assert result.returncode == 1
    assert "does not exist" in result.stderr and "Traceback" not in result.stderr
