"""Article files and texts as a user brings them in: real files, the real `parley` command,
the real Add source dialog. A UTF-8 file with a stray byte stays UTF-8 (and says so), legacy
and UTF-16 files still decode, HTML is judged by its visible text, and one article size
limit holds on every way in, with a one-line message and the database unchanged."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from db.errors import ValidationError
from db.exchange import json_csv as exchange
from db.exchange.articles import read_article_file
from db.model.inputs import SourceMeta
from db.model.validation import MAX_ARTICLE_CHARS
from db.reads import queries
from db.storage.database import Database
from db.writes import sources

RUSSIAN = ("Переговоры о прекращении огня возобновились в Женеве.\n"
           "Делегации встретились на шесть часов; «прорыва нет», сказал посредник.\n")
# Curly quotes and dashes: what a UTF-8 news text is full of, and what cp1251 garbles.
ENGLISH = ("Talks resumed in Geneva — “no breakthrough”, the mediator said.\n"
           "Both delegations met for six hours; the next round is due in March.\n") * 3


def parley(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout, env=dict(os.environ))


def stored_texts(db_path: Path) -> dict[str, str]:
    """Title → text of every source, read by a separate process's export."""
    proc = parley("export-data", "--db", db_path, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    return {s["title"]: s["text"] for s in json.loads(proc.stdout)["sources"]}


# ---------------------------------------------------------------- encodings


def test_utf8_with_one_stray_byte_stays_utf8_and_the_command_says_so(seeded_db: Database,
                                                                    tmp_path: Path):
    middle = len(ENGLISH) // 2
    data = (ENGLISH[:middle].encode("utf-8") + b"\xff" + ENGLISH[middle:].encode("utf-8"))
    article = tmp_path / "geneva.txt"
    article.write_bytes(data)
    proc = parley("import-article", article, "--title", "Stray byte", "--db", seeded_db.path)
    assert proc.returncode == 0, proc.stderr
    # One warning line naming the file and what was done; then the usual confirmation.
    assert proc.stderr.count("\n") == 1
    assert "warning" in proc.stderr and "geneva.txt" in proc.stderr
    assert "1 place" in proc.stderr and "\ufffd" in proc.stderr
    text = stored_texts(seeded_db.path)["Stray byte"]
    assert text == ENGLISH[:middle] + "\ufffd" + ENGLISH[middle:]
    assert "вЂ" not in text  # the cp1251 garble of “ and —


def test_utf8_with_a_bom_and_a_stray_byte_is_repaired_not_refused(tmp_path: Path):
    article = tmp_path / "bom.txt"
    article.write_bytes(b"\xef\xbb\xbf" + ENGLISH[:30].encode("utf-8") + b"\xfe"
                        + ENGLISH[30:].encode("utf-8"))
    warnings: list[str] = []
    assert read_article_file(article, warnings) == ENGLISH[:30] + "\ufffd" + ENGLISH[30:]
    assert len(warnings) == 1 and "bom.txt" in warnings[0] and "1 place" in warnings[0]


def test_a_utf8_file_with_many_broken_bytes_is_not_forced_to_utf8(tmp_path: Path):
    """Russian in cp1251 is all 'broken UTF-8': it must go to charset detection, not be
    turned into a page of U+FFFD."""
    article = tmp_path / "cp1251.txt"
    article.write_bytes(RUSSIAN.encode("cp1251"))
    warnings: list[str] = []
    assert read_article_file(article, warnings) == RUSSIAN
    assert warnings == []


def test_genuine_cp1251_and_utf16_files_import_exactly(seeded_db: Database, tmp_path: Path):
    cp1251 = tmp_path / "russian-cp1251.txt"
    cp1251.write_bytes(RUSSIAN.encode("cp1251"))
    utf16 = tmp_path / "russian-utf16.txt"
    utf16.write_bytes((RUSSIAN + ENGLISH).encode("utf-16"))  # with its BOM
    assert utf16.read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")
    for path, title in ((cp1251, "cp1251"), (utf16, "utf16")):
        proc = parley("import-article", path, "--title", title, "--db", seeded_db.path)
        assert proc.returncode == 0, proc.stderr
        assert proc.stderr == ""  # nothing was repaired, so nothing to warn about
    texts = stored_texts(seeded_db.path)
    assert texts["cp1251"] == RUSSIAN
    assert texts["utf16"] == RUSSIAN + ENGLISH


def test_a_latin1_text_with_one_accent_is_not_taken_for_broken_utf8(tmp_path: Path):
    """One 0xE9 in plain ASCII is a legacy é, not a damaged UTF-8 file: no valid multi-byte
    sequence speaks for UTF-8, so the letter is kept."""
    text = "The talks at the café in Geneva lasted six hours.\n" * 4
    article = tmp_path / "latin1.txt"
    article.write_bytes(text.encode("cp1252"))
    warnings: list[str] = []
    assert read_article_file(article, warnings) == text
    assert warnings == []


def test_the_add_source_dialog_shows_the_repair_and_saves_the_text(ctx, qtbot, tmp_path: Path):
    from desktop.dialogs.source_import_dialog import SourceDialog

    article = tmp_path / "stray.txt"
    article.write_bytes(ENGLISH[:40].encode("utf-8") + b"\xff" + ENGLISH[40:].encode("utf-8"))
    dialog = SourceDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.load_file(article)
    assert dialog.file_notice.isVisible()
    assert "stray.txt" in dialog.file_notice.text() and "\ufffd" in dialog.file_notice.text()
    assert dialog.save_button.isEnabled()  # a note, not a problem: the text can be saved
    dialog.title_edit.setText("Loaded with a stray byte")
    dialog.save_button.click()
    stored = {s["title"]: s["text"] for s in exchange.export_data(ctx.db)["sources"]}
    assert stored["Loaded with a stray byte"] == ENGLISH[:40] + "\ufffd" + ENGLISH[40:]


# ---------------------------------------------------------------- HTML


def _html_import(db: Database, page: Path, title: str) -> str:
    proc = parley("import-article", page, "--title", title, "--db", db.path)
    assert proc.returncode == 0, proc.stderr
    return stored_texts(db.path)[title]


def test_html5_without_closing_head_is_imported(seeded_db: Database, tmp_path: Path):
    page = tmp_path / "no-head-end.html"
    # Valid HTML5: </head>, <body> and </body> are all optional.
    page.write_text("<!DOCTYPE html>\n<html lang=en>\n<head>\n<meta charset=utf-8>\n"
                    "<title>Geneva talks</title>\n<link rel=stylesheet href=site.css>\n"
                    "<h1>Talks resume in Geneva</h1>\n<p>Both delegations met for six hours."
                    "\n<p>The mediator said there was “no breakthrough”.\n", encoding="utf-8")
    text = _html_import(seeded_db, page, "No head end")
    assert text == ("Talks resume in Geneva\n\nBoth delegations met for six hours.\n\n"
                    "The mediator said there was “no breakthrough”.\n")


def test_html_scripts_styles_navigation_and_comments_are_dropped(seeded_db: Database,
                                                                  tmp_path: Path):
    page = tmp_path / "busy.html"
    page.write_text(
        "<!doctype html><html><head><title>Site</title><style>p{color:red}</style>"
        "<script>var menu = '<p>Not text</p>';</script></head><body>"
        "<nav><ul><li><a href='/'>Home</a></li><li><a href='/world'>World</a></li></ul></nav>"
        "<!-- tracking pixel follows --><noscript>Enable JavaScript</noscript>"
        "<article><h1>Ceasefire talks</h1><p>The envoy said the truce<br>would hold.</p>"
        "<svg viewBox='0 0 1 1'><text>chart label</text></svg>"
        "<p>Talks continue on Friday.</p></article>"
        "<script src='https://ads.example/x.js'></script></body></html>", encoding="utf-8")
    text = _html_import(seeded_db, page, "Busy page")
    assert text == ("Ceasefire talks\n\nThe envoy said the truce\nwould hold.\n\n"
                    "Talks continue on Friday.\n")


def test_megabytes_of_markup_around_a_short_article_are_imported(seeded_db: Database,
                                                                  tmp_path: Path):
    page = tmp_path / "heavy.html"
    script = "<script>" + "window.dataLayer.push({event: 'x'});\n" * 30_000 + "</script>"
    wrappers = "<div class='ad-slot'><span class='spacer'> </span></div>\n" * 20_000
    page.write_text(f"<!doctype html><html><head>{script}</head><body>{wrappers}"
                    "<article><p>A short article about the talks.</p></article>"
                    f"{wrappers}</body></html>", encoding="utf-8")
    assert page.stat().st_size > 2_400_000
    text = _html_import(seeded_db, page, "Heavy page")
    assert text == "A short article about the talks.\n"


def test_html_whose_visible_text_is_too_long_is_refused(seeded_db: Database, tmp_path: Path):
    page = tmp_path / "long.html"
    page.write_text("<html><body><p>" + "word " * (MAX_ARTICLE_CHARS // 5 + 10) + "</p></body>"
                    "</html>", encoding="utf-8")
    before = queries.counts(seeded_db)
    proc = parley("import-article", page, "--db", seeded_db.path)
    assert proc.returncode == 1 and proc.stderr.count("\n") == 1
    assert "long.html is too long" in proc.stderr and f"{MAX_ARTICLE_CHARS:,}" in proc.stderr
    assert queries.counts(seeded_db) == before


# ---------------------------------------------------------------- one size limit


TOO_LONG = "The talks went on. " * (MAX_ARTICLE_CHARS // 19 + 1)


def test_a_text_file_over_the_limit_is_refused_by_the_command(seeded_db: Database,
                                                             tmp_path: Path):
    article = tmp_path / "one-line.txt"
    article.write_text(TOO_LONG.replace(" ", "_"), encoding="utf-8")  # one unbroken line
    before = queries.counts(seeded_db)
    proc = parley("import-article", article, "--db", seeded_db.path)
    assert proc.returncode == 1 and proc.stderr.count("\n") == 1
    assert "one-line.txt is too long" in proc.stderr
    assert f"{MAX_ARTICLE_CHARS:,} characters" in proc.stderr
    assert queries.counts(seeded_db) == before


def test_json_import_cannot_bypass_the_article_limit(seeded_db: Database, tmp_path: Path):
    payload = exchange.export_data(seeded_db)
    payload["sources"].append({"id": 9999, "title": "Pasted dump", "outlet": "", "author": "",
                               "published": None, "url": "", "text": TOO_LONG})
    dump = tmp_path / "dump.json"
    dump.write_text(json.dumps(payload), encoding="utf-8")
    before = exchange.export_json(seeded_db)
    proc = parley("import-data", dump, "--db", seeded_db.path)
    assert proc.returncode == 1 and proc.stderr.count("\n") == 1
    # Names the source (its id in the file and its title) and the limit.
    assert "Source 9999" in proc.stderr and "Pasted dump" in proc.stderr
    assert "too long" in proc.stderr and f"{MAX_ARTICLE_CHARS:,} characters" in proc.stderr
    assert exchange.export_json(seeded_db) == before


def test_pasted_text_over_the_limit_is_refused_by_the_db_and_the_dialog(ctx, qtbot):
    from desktop.dialogs.source_import_dialog import SourceDialog

    before = queries.counts(ctx.db)
    with pytest.raises(ValidationError) as info:
        sources.import_article(ctx.db, TOO_LONG, SourceMeta("Pasted"))
    assert info.value.problems["text"].startswith("The article “Pasted” is too long")
    dialog = SourceDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.title_edit.setText("Pasted")
    dialog.text.setPlainText(TOO_LONG)
    assert not dialog.save_button.isEnabled()
    label = dialog._labels["text"]
    assert label.isVisible() and "too long" in label.text()
    assert f"{MAX_ARTICLE_CHARS:,}" in label.text()
    dialog.text.setPlainText("A text of normal length.")
    assert dialog.save_button.isEnabled()
    assert queries.counts(ctx.db) == before


def test_undo_puts_back_a_long_text_stored_before_the_limit_held(seeded_db: Database):
    """A database may hold a text longer than the limit (imported by JSON before the
    limit applied there). Deleting it and undoing must not lose it."""
    with sqlite3.connect(seeded_db.path) as con:
        con.execute("INSERT INTO source (title, outlet, author, url, text, content_hash, "
                    "imported_at) VALUES ('Legacy', '', '', '', ?, ?, '2025-01-01 00:00:00')",
                    (TOO_LONG, sources.content_hash(TOO_LONG)))
        (sid,) = con.execute("SELECT id FROM source WHERE title = 'Legacy'").fetchone()
    con.close()
    snap = sources.delete_source(seeded_db, sid)
    sources.restore_source(seeded_db, snap)
    assert {s["title"]: s["text"] for s in exchange.export_data(seeded_db)["sources"]}[
        "Legacy"] == TOO_LONG
