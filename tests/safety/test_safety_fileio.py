"""No partial exports: write_atomic either replaces the file whole or leaves it as it was,
with no temporary files left behind, and says why it failed."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from db.errors import ParleyError
from db.exchange import json_csv as exchange
from db.storage.database import Database
from db.storage.fileio import write_atomic
from desktop.cli.main import main


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_writes_whole_file_with_normal_permissions(tmp_path: Path):
    out = write_atomic(tmp_path / "export.json", "{\"a\": 1}\n")
    assert out.read_text() == "{\"a\": 1}\n"
    assert _listing(tmp_path) == ["export.json"]
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_missing_folder(tmp_path: Path):
    with pytest.raises(ParleyError, match="does not exist"):
        write_atomic(tmp_path / "nowhere" / "export.json", "x")
    assert _listing(tmp_path) == []


def test_destination_is_a_folder(tmp_path: Path):
    (tmp_path / "charts").mkdir()
    with pytest.raises(ParleyError, match="is a folder"):
        write_atomic(tmp_path / "charts", "x")
    assert _listing(tmp_path) == ["charts"] and _listing(tmp_path / "charts") == []


@pytest.mark.parametrize("fails", ["replace", "fsync", "chmod"])
def test_failure_mid_write_keeps_the_old_file_and_no_temp(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         fails: str):
    target = tmp_path / "export.csv"
    target.write_text("old, complete export\n")
    target.chmod(0o640)

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, fails, boom)
    with pytest.raises(ParleyError) as info:
        write_atomic(target, "new export " * 1000)
    assert "No space left on device" in str(info.value) and str(target) in str(info.value)
    assert target.read_text() == "old, complete export\n"
    assert _listing(tmp_path) == ["export.csv"]


def test_replacing_keeps_the_old_files_permissions(tmp_path: Path):
    target = tmp_path / "export.csv"
    target.write_text("old")
    target.chmod(0o640)
    write_atomic(target, "new")
    assert target.read_text() == "new" and stat.S_IMODE(target.stat().st_mode) == 0o640


def test_unencodable_text_is_a_message_not_a_crash(tmp_path: Path):
    with pytest.raises(ParleyError, match="cannot be saved"):
        write_atomic(tmp_path / "x.txt", "broken \ud800 surrogate")
    assert _listing(tmp_path) == []


def test_cli_export_to_an_unwritable_place(seeded_db: Database, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]):
    existing = tmp_path / "data.json"
    existing.write_text("previous export")
    assert main(["export-data", "--db", str(seeded_db.path), "--out",
                 str(tmp_path / "missing" / "data.json")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert main(["export-data", "--db", str(seeded_db.path), "--out", str(tmp_path)]) == 1
    assert "is a folder" in capsys.readouterr().err
    assert existing.read_text() == "previous export"
    assert main(["export-data", "--db", str(seeded_db.path), "--out", str(existing)]) == 0
    assert existing.read_text() == exchange.export_json(seeded_db)
