"""The headless `parley` command: exit codes, one-line errors, and an unchanged database."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli.main import main


def run(capsys, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_init_then_export_lists_seeded_positions(capsys, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "init", "--db", str(db_path))
    assert code == 0 and "positions" in out
    code, out, _ = run(capsys, "export-data", "--db", str(db_path), "--format", "json")
    data = json.loads(out)
    texts = {s["id"]: s["text"] for s in data["sources"]}
    assert len(data["positions"]) >= 40
    assert all(texts[p["source"]][p["quote_start"]:p["quote_end"]] == p["quote"]
               for p in data["positions"])


def test_parley_db_variable_selects_the_file(capsys, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "via-env.sqlite3"
    monkeypatch.setenv("PARLEY_DB", str(target))
    assert run(capsys, "init")[0] == 0
    assert target.exists()


def test_default_database_lives_in_the_user_data_dir(capsys, _isolated_data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    assert run(capsys, "init")[0] == 0
    assert (_isolated_data_dir / "parley.sqlite3").exists()


def test_export_then_import_round_trip_via_files(capsys, tmp_path: Path, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "export.json"
    assert run(capsys, "init", "--db", str(db_path))[0] == 0
    assert run(capsys, "export-data", "--db", str(db_path), "--out", str(out))[0] == 0
    seeded = tmp_path / "seeded.sqlite3"
    # `init` seeds a new database, so importing the same export finds duplicates: refused.
    assert run(capsys, "init", "--db", str(seeded))[0] == 0
    code, _, err = run(capsys, "import-data", "--db", str(seeded), str(out))
    assert code == 1 and "duplicates" in err and err.count("\n") == 1
    # Into a database made empty, everything arrives.
    empty = tmp_path / "empty.sqlite3"
    assert run(capsys, "init", "--empty", "--db", str(empty))[0] == 0
    code, got, _ = run(capsys, "import-data", "--db", str(empty), str(out))
    assert code == 0 and "positions" in got


def test_csv_export_to_file(capsys, tmp_path: Path, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "positions.csv"
    assert run(capsys, "init", "--empty", "--db", str(db_path))[0] == 0  # export needs a file
    assert run(capsys, "export-data", "--db", str(db_path), "--format", "csv", "--out", str(out))[0] == 0
    assert out.read_text(encoding="utf-8-sig").splitlines()[0].startswith("id,party,")


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00" + bytes(range(256)) * 4, "binary"),
])
def test_bad_article_files_are_refused_with_one_line(capsys, tmp_path: Path, db_path: Path,  # type: ignore[no-untyped-def]
                                                     content: bytes, message: str) -> None:
    run(capsys, "init", "--db", str(db_path))
    before = run(capsys, "export-data", "--db", str(db_path))[1]
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    code, _, err = run(capsys, "import-article", "--db", str(db_path), str(bad))
    assert code == 1 and message in err and err.count("\n") == 1
    assert run(capsys, "export-data", "--db", str(db_path))[1] == before


def test_cp1251_article_is_decoded(capsys, tmp_path: Path, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = ("Кремль заявил, что Россия согласна прекратить удары по энергетической "
            "инфраструктуре на тридцать дней, но отвергла полное прекращение огня.\n") * 3
    f = tmp_path / "ru.txt"
    f.write_bytes(text.encode("cp1251"))
    code, out, err = run(capsys, "import-article", "--db", str(db_path), str(f), "--title", "RU",
                         "--published", "2025-03-18")
    assert code == 0, err
    data = json.loads(run(capsys, "export-data", "--db", str(db_path))[1])
    assert any(s["text"] == text for s in data["sources"])


def test_duplicate_article_is_refused(capsys, tmp_path: Path, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "a.md"
    f.write_text("# Talks resume\n\nBoth sides met in Geneva on Monday.\n", encoding="utf-8")
    assert run(capsys, "import-article", "--db", str(db_path), str(f))[0] == 0
    code, _, err = run(capsys, "import-article", "--db", str(db_path), str(f))
    assert code == 1 and "already in the database" in err


def test_malformed_import_file_gives_one_line_and_no_traceback(tmp_path: Path, db_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{\"format_version\": 1, \"positions\": [", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "desktop", "import-data", "--db", str(db_path),
                           str(bad)], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and "not valid JSON" in proc.stderr
    assert not db_path.exists()  # nothing was even created for a file that could not be read


def test_export_data_loads_neither_the_orm_nor_numpy(tmp_path: Path, db_path: Path) -> None:
    """export-data streams plain SQL: the write path's ORM and numpy (seconds to import on a
    busy machine, most of a small export's time) stay unloaded; the file is complete."""
    import os

    assert main(["init", "--db", str(db_path)]) == 0
    for fmt in ("csv", "json"):
        out = tmp_path / f"out.{fmt}"
        proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "desktop",
                               "export-data", "--db", str(db_path), "--format", fmt, "--out",
                               str(out)], capture_output=True, text=True, timeout=120,
                              env=dict(os.environ))
        assert proc.returncode == 0, proc.stderr[-2000:]
        loaded = {line.split("|")[-1].strip() for line in proc.stderr.splitlines()
                  if line.startswith("import time:")}
        assert "json" in loaded  # the import-time listing is there to check
        assert not loaded & {"sqlalchemy", "sqlmodel", "numpy"}, fmt
        assert out.stat().st_size > 10_000
