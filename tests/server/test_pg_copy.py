"""`parley copy` moves a whole project between an embedded file and a real PostgreSQL server,
either way: the JSON export is byte-identical before and after, ids and sequences carry on,
a non-empty target is refused unless --merge, and a copy that fails part-way leaves the target
exactly as it was."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import psycopg

from db.exchange.project_copy import tables
from db.opening import open_database


def _parley(*args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True,
                          text=True, timeout=180)
    if ok:
        assert proc.returncode == 0, proc.stderr
    return proc


def _export(db: str) -> bytes:
    return _parley("export-data", "--db", db, "--format", "json").stdout.encode()


def _rows(url: str) -> dict[str, int]:
    with psycopg.connect(url) as con:
        return {t.name: con.execute(f'SELECT count(*) FROM "{t.name}"').fetchone()[0]
                for t in tables()}


def test_copy_file_to_server_and_back_keeps_every_byte_of_the_export(  # type: ignore[no-untyped-def]
        seeded_db, pg_url, tmp_path):
    # Every kind of table holds something: a setting, a rejected suggestion, PDF pages.
    with sqlite3.connect(seeded_db.path) as con:
        con.execute("INSERT INTO setting (key, value) VALUES ('backup_keep', '7')")
        con.execute("INSERT INTO suggestion_rejection (source_id, party_id, issue_id, "
                    "quote_start, quote_end, rejected_at) VALUES (1, 1, 1, 5, 40, "
                    "'2026-12-01 10:00:00')")
        con.execute('INSERT INTO source_page (source_id, page, start, "end") VALUES (1, 1, 0, 120)')
        con.execute("INSERT INTO record_history (table_name, record_id, changed_by, at, action, "
                    "version, changes) VALUES ('position', 1, 'ana', '2026-12-01 10:00:00', "
                    "'update', 2, '{\"confidence\": [0.8, 0.9]}')")
    before = _export(str(seeded_db.path))
    src_rows = {t.name: sqlite3.connect(seeded_db.path).execute(
        f'SELECT count(*) FROM "{t.name}"').fetchone()[0] for t in tables()}
    seeded_db.close()

    out = _parley("copy", "--from", str(seeded_db.path), "--to", pg_url).stdout
    assert f"position {src_rows['position']}" in out and f"setting {src_rows['setting']}" in out
    assert _export(pg_url) == before
    assert _rows(pg_url) == src_rows and all(src_rows.values())

    back = tmp_path / "back.sqlite3"
    _parley("copy", "--from", pg_url, "--to", str(back))
    assert _export(str(back)) == before

    # Ids went in as they were; the server's sequences carry on after them (without the
    # reset the next party would get id 1 and be refused as a duplicate).
    db = open_database(pg_url)
    try:
        with db.write() as s:
            conn = s.connection()
            top = conn.exec_driver_sql("SELECT max(id) FROM party").scalar_one()
            new_id = conn.exec_driver_sql(
                "INSERT INTO party (key, name, short_name, colour, description, aliases) "
                "VALUES ('new_party', 'New party', '', '#123456', '', '[]') RETURNING id"
            ).scalar_one()
        assert new_id == top + 1
    finally:
        db.close()


def test_a_non_empty_target_is_refused_unless_merge(seeded_db, pg_url, tmp_path):  # type: ignore[no-untyped-def]
    seeded_db.close()
    _parley("copy", "--from", str(seeded_db.path), "--to", pg_url)
    before = _export(pg_url)

    again = _parley("copy", "--from", str(seeded_db.path), "--to", pg_url, ok=False)
    assert again.returncode == 1
    assert again.stderr.count("\n") == 1 and "already holds records" in again.stderr
    assert _export(pg_url) == before

    # One new article in the file; merging adds it alone and says what it skipped.
    article = tmp_path / "new.txt"
    article.write_text("Istanbul talks\n\nTalks resumed in Geneva on Tuesday.\n", encoding="utf-8")
    _parley("import-article", "--db", str(seeded_db.path), str(article))
    counts = _rows(pg_url)
    merged = _parley("copy", "--from", str(seeded_db.path), "--to", pg_url, "--merge").stdout
    assert "Copied 1 rows: source 1" in merged
    assert "already in the target" in merged and f"position {counts['position']}" in merged
    after = _rows(pg_url)
    assert after["source"] == counts["source"] + 1
    assert {k: v for k, v in after.items() if k != "source"} == {
        k: v for k, v in counts.items() if k != "source"}
    # Merging again adds nothing.
    assert "Nothing to copy" in _parley("copy", "--from", str(seeded_db.path), "--to", pg_url,
                                        "--merge").stdout


def test_a_copy_failing_part_way_leaves_the_target_as_it_was(seeded_db, pg_url):  # type: ignore[no-untyped-def]
    # SQLite does not hold a title to its 500 characters; PostgreSQL does. The codebook goes
    # in first, then the sources fail: nothing of it may stay.
    with sqlite3.connect(seeded_db.path) as con:
        con.execute("UPDATE source SET title = ? WHERE id = (SELECT max(id) FROM source)",
                    ("T" * 600,))
    seeded_db.close()
    open_database(pg_url).close()  # an empty, migrated target
    failed = _parley("copy", "--from", str(seeded_db.path), "--to", pg_url, ok=False)
    assert failed.returncode == 1 and failed.stderr.count("\n") == 1, failed.stderr
    assert "Traceback" not in failed.stderr
    assert not any(_rows(pg_url).values())


def test_copy_refuses_the_same_database_and_a_missing_file(pg_url, tmp_path):  # type: ignore[no-untyped-def]
    # The same database however it is reached (here: as another user).
    same = _parley("copy", "--from", pg_url, "--to",
                   pg_url.replace("postgres:parley-test-pw@", "someone@"), ok=False)
    assert same.returncode == 1 and "same database" in same.stderr
    assert "parley-test-pw" not in same.stderr
    missing = tmp_path / "typo.sqlite3"
    refused = _parley("copy", "--from", str(missing), "--to", pg_url, ok=False)
    assert refused.returncode == 1 and "no database file" in refused.stderr
    assert not missing.exists()
