"""A command that only reads a database, given a path where there is none (a typo), says
so in one line and creates nothing: it used to make the folders and an empty database there
and report on it (an empty export, exit 0)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.cli.main import main


@pytest.mark.parametrize("command", [
    ["export-data"],
    ["export-data", "--format", "csv"],
    ["export-chart", "--issue", "ceasefire_scope", "--out", "{tmp}/chart.png"],
    ["suggest", "--source", "1"],
    ["agreement"],
    ["backup"],
])
def test_a_read_only_command_on_a_missing_database_creates_nothing(
        command: list[str], tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "typo" / "parly.sqlite3"
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    assert main([*args, "--db", str(missing)]) == 1
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err.strip() == (f"parley: There is no database at {missing}: check the path, "
                               f"or create one with `parley init --db {missing}`.")
    assert not missing.parent.exists()


def test_without_db_the_default_file_is_not_created_empty(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    # conftest points PARLEY_DATA_DIR at an empty folder: the window has never run here.
    # Created empty by an export, the default file would no longer get the examples when the
    # window first opens it.
    assert main(["export-data"]) == 1
    assert "There is no database at" in capsys.readouterr().err
    assert main(["init"]) == 0  # what the message suggests works, and seeds
    capsys.readouterr()
    assert main(["export-data"]) == 0
    assert '"positions"' in capsys.readouterr().out
