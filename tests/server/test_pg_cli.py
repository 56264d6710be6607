"""`parley … --db postgresql://…`: every subcommand on a server database, as real processes,
and what a user is told when the server says no — one line, no traceback, no password."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from pg_server import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def parley(*args: str, env: dict | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True,
                          text=True, cwd=ROOT, env={**os.environ, **(env or {})}, timeout=180)


def one_line_refusal(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 1, done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("parley: "), done.stderr
    assert "Traceback" not in done.stderr
    assert PASSWORD not in done.stderr + done.stdout  # never shown, however it failed
    return lines[0]


def test_init_seeds_a_server_database_only_when_asked(pg_server) -> None:  # type: ignore[no-untyped-def]
    plain, seeded = pg_server.new_database(), pg_server.new_database()
    done = parley("init", "--db", plain)
    assert done.returncode == 0, done.stderr
    assert "0 positions" in done.stdout and PASSWORD not in done.stdout
    done = parley("init", "--db", seeded, "--seed")
    assert done.returncode == 0, done.stderr
    assert "84 positions, 3 sources" in done.stdout
    # Running init again migrates nothing and seeds nothing twice.
    assert "84 positions" in parley("init", "--db", seeded, "--seed").stdout
    assert "0 positions" in parley("init", "--db", plain).stdout


def test_round_trip_through_the_commands_gives_the_same_export(pg_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source, target = pg_server.new_database(), pg_server.new_database()
    assert parley("init", "--db", source, "--seed").returncode == 0
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    done = parley("export-data", "--db", source, "--out", str(first))
    assert done.returncode == 0, done.stderr
    done = parley("import-data", "--db", target, str(first))
    assert done.returncode == 0, done.stderr
    assert "84 positions" in done.stdout
    assert parley("export-data", "--db", target, "--out", str(second)).returncode == 0
    assert second.read_bytes() == first.read_bytes()
    csv = parley("export-data", "--db", target, "--format", "csv")
    assert csv.returncode == 0 and len(csv.stdout.strip().splitlines()) == 85  # header + rows
    # New records after an import that kept its ids get new ids, not a clash.
    article = tmp_path / "talks.txt"
    article.write_text("Ceasefire talks\n\nRussia said on Monday it rejects any ceasefire in "
                       "the Black Sea, officials said.\n", encoding="utf-8")
    done = parley("import-article", "--db", target, str(article))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Imported source 4:")
    suggested = parley("suggest", "--db", target, "--source", "4", "--format", "json")
    assert suggested.returncode == 0, suggested.stderr
    assert any(s["party"] == "russia" for s in json.loads(suggested.stdout))


def test_charts_and_generated_data_on_a_server(pg_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url = pg_server.new_database()
    assert parley("init", "--db", url, "--seed").returncode == 0
    done = parley("generate", "--db", url, "--sources", "20", "--positions", "300", "--seed", "3")
    assert done.returncode == 0, done.stderr
    assert PASSWORD not in done.stdout
    counts = parley("init", "--db", url).stdout
    assert "384 positions, 23 sources" in counts
    png = tmp_path / "scope.png"
    done = parley("export-chart", "--db", url, "--issue", "ceasefire_scope", "--out", str(png))
    assert done.returncode == 0, done.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5_000


def test_parley_db_variable_may_hold_a_url(pg_server) -> None:  # type: ignore[no-untyped-def]
    url = pg_server.new_database()
    assert parley("init", "--seed", env={"PARLEY_DB": url}).returncode == 0
    done = parley("export-data", env={"PARLEY_DB": url})
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["positions"]) == 84


def test_wrong_password_unreachable_server_and_missing_database_are_one_line(pg_server) -> None:  # type: ignore[no-untyped-def]
    url = pg_server.new_database()
    name = url.rsplit("/", 1)[1]
    wrong = pg_server.url(name, password="not-" + PASSWORD)
    said = one_line_refusal(parley("export-data", "--db", wrong))
    assert "password" in said and "refused" in said and "not-" + PASSWORD not in said
    closed = f"postgresql://postgres:{PASSWORD}@127.0.0.1:1/{name}"
    said = one_line_refusal(parley("init", "--db", closed))
    assert "not reachable" in said and "127.0.0.1:1" in said
    said = one_line_refusal(parley("init", "--db", pg_server.url("no_such_db")))
    assert "no_such_db" in said and "create it" in said


def test_file_only_commands_say_so_for_a_server(pg_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # (`parley backup` on a server makes a pg_dump or JSON backup: tests/server/test_pg_backup.py)
    url = pg_server.new_database()
    assert parley("init", "--db", url).returncode == 0
    backup = tmp_path / "b.sqlite3"
    backup.write_bytes(b"")
    said = one_line_refusal(parley("restore", "--db", url, str(backup)))
    assert "pg_restore" in said
