"""Importing what analysts have: saved web pages with their metadata, PDFs with page
numbers, and many files or folders at once (duplicates skipped, a broken file not stopping
the rest). Real files, the real `parley` command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from workspace_helpers import make_pdf

from db.opening import open_database
from db.reads.pages import page_of

ROOT = Path(__file__).resolve().parents[2]

PAGE = """<!DOCTYPE html>
<html lang="ru"><head>
<meta charset="windows-1251">
<title>Переговоры | Вестник</title>
<meta property="og:title" content="Кремль ответил на предложение о перемирии">
<meta property="og:site_name" content="Вестник">
<meta property="article:published_time" content="2025-03-19T08:15:00+03:00">
<link rel="canonical" href="https://vestnik.example/2025/03/19/peremirie">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Кремль ответил", "author": {"@type": "Person", "name": "Анна Петрова"}}</script>
<script>window.track("перемирие");</script>
<style>p { color: red }</style>
</head><body>
<nav><a href="/">Главная</a> <a href="/world">Мир</a></nav>
<!-- реклама: не показывать -->
<article>
<h1>Кремль ответил на предложение о перемирии</h1>
<p>В Кремле заявили, что Россия готова прекратить удары по энергетике на тридцать дней.</p>
<p>Песков сказал журналистам, что полное прекращение огня возможно только после прекращения
военной помощи Киеву.</p>
</article>
</body></html>
"""


def parley(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop", *map(str, args)], capture_output=True,
                          text=True, cwd=ROOT, env=dict(os.environ), timeout=120)


def exported(db_path: Path) -> dict:
    done = parley("export-data", "--db", db_path)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_saved_web_page_gives_its_text_and_metadata(db_path: Path, tmp_path: Path) -> None:
    page = tmp_path / "peremirie.html"
    page.write_bytes(PAGE.encode("cp1251"))
    assert parley("init", "--empty", "--db", db_path).returncode == 0
    done = parley("import-article", page, "--db", db_path)
    assert done.returncode == 0, done.stderr
    src = exported(db_path)["sources"][0]
    assert src["title"] == "Кремль ответил на предложение о перемирии"
    assert src["author"] == "Анна Петрова"
    assert src["published"] == "2025-03-19"
    assert src["outlet"] == "Вестник"
    assert src["url"] == "https://vestnik.example/2025/03/19/peremirie"
    text = src["text"]
    assert "готова прекратить удары по энергетике" in text and "только после" in text
    for hidden in ("window.track", "color: red", "Главная", "реклама", "NewsArticle"):
        assert hidden not in text


def test_command_line_options_override_the_page_metadata(db_path: Path, tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_bytes(PAGE.encode("cp1251"))
    parley("init", "--empty", "--db", db_path)
    done = parley("import-article", page, "--db", db_path, "--title", "Mine", "--outlet", "Wire")
    assert done.returncode == 0, done.stderr
    src = exported(db_path)["sources"][0]
    assert (src["title"], src["outlet"], src["published"]) == ("Mine", "Wire", "2025-03-19")


def test_a_pdf_keeps_its_text_and_page_numbers(qapp, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "readout.pdf"
    pages = ["The Kremlin said Russia agreed to pause strikes on energy facilities.",
             "Putin demanded a complete halt to foreign military aid to Kyiv.",
             "Both leaders agreed that talks on a maritime ceasefire will begin."]
    make_pdf(pdf, pages)
    parley("init", "--empty", "--db", db_path)
    done = parley("import-article", pdf, "--db", db_path)
    assert done.returncode == 0, done.stderr
    assert "Readout of the call" in done.stdout  # the PDF's own title
    db = open_database(db_path, seed=False)
    try:
        with db.read() as con:
            sid, text = con.execute("SELECT id, text FROM source").fetchone()
        for n, body in enumerate(pages, start=1):
            at = text.index(body)
            assert page_of(db, sid, at) == n
            assert page_of(db, sid, at + len(body) - 1) == n
    finally:
        db.close()


def test_a_folder_with_a_duplicate_and_a_broken_file(qapp, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "inbox"
    (folder / "more").mkdir(parents=True)
    (folder / "a.txt").write_text("Talks resume\n\nBoth sides met in Geneva on Monday.\n",
                                  encoding="utf-8")
    (folder / "more" / "a-copy.txt").write_text(
        "Talks resume\n\nBoth sides met in Geneva on Monday.\n", encoding="utf-8")
    (folder / "b.html").write_bytes(PAGE.encode("cp1251"))
    make_pdf(folder / "c.pdf", ["A readout of the second round of talks in Geneva."])
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n this is not really a PDF \x00\x01\x02")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04 ignored: not an article type")
    (folder / ".hidden.txt").write_text("a hidden file is not imported\n", encoding="utf-8")
    parley("init", "--empty", "--db", db_path)
    done = parley("import-article", folder, "--db", db_path)
    assert done.returncode == 1  # one file failed …
    lines = done.stdout.splitlines()
    assert lines[-1] == "3 articles imported, 1 duplicate skipped, 1 failed"
    assert any(ln.startswith("Skipped a-copy.txt: already in the database as “Talks resume”")
               for ln in lines)
    assert any(ln.startswith("Failed broken.pdf:") for ln in lines)
    assert "Traceback" not in done.stderr
    titles = sorted(s["title"] for s in exported(db_path)["sources"])  # … the rest are in
    assert titles == ["Readout of the call", "Talks resume",
                      "Кремль ответил на предложение о перемирии"]
    again = parley("import-article", folder / "a.txt", folder / "c.pdf", "--db", db_path)
    assert again.returncode == 0
    assert again.stdout.splitlines()[-1] == "0 articles imported, 2 duplicates skipped, 0 failed"


def test_a_suggestion_from_a_pdf_says_its_page(qapp, seeded_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from db.exchange.article_import import import_files
    from db.suggest.source import suggest_for_source

    pdf = tmp_path / "statement.pdf"
    make_pdf(pdf, ["Statement of the Ministry, 2 April 2025.",
                   "The Kremlin said Russia rejects a full ceasefire along the front line."])
    summary = import_files(seeded_db, [pdf])
    sid = summary.imported[0][1]
    found = [s for s in suggest_for_source(seeded_db, sid) if s.party == "russia"]
    assert found and all(s.why.startswith("p. 2; ") for s in found)


DATA = Path(__file__).resolve().parents[1] / "data"


def test_a_saved_mhtml_page_gives_its_text_and_metadata(db_path: Path, tmp_path: Path) -> None:
    # tests/data/prisoner_swap.mhtml is laid out as Chrome's "Webpage, single file" is: the
    # page quoted-printable with no charset on its part, a style sheet and an image beside it.
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "swap.mhtml").write_bytes((DATA / "prisoner_swap.mhtml").read_bytes())
    (folder / "not_a_page.mht").write_bytes(b"MIME-Version: 1.0\r\nContent-Type: text/plain\r\n"
                                            b"\r\nJust a note, no web page here.\r\n")
    parley("init", "--empty", "--db", db_path)
    done = parley("import-article", folder, "--db", db_path)
    assert done.returncode == 1  # one file failed; the other is in
    assert "Failed not_a_page.mht: not_a_page.mht holds no web page" in done.stdout
    assert "1 article imported, 0 duplicates skipped, 1 failed" in done.stdout
    src = exported(db_path)["sources"][0]
    assert src["title"] == "Kyiv and Moscow swap 390 prisoners each after Istanbul talks"
    assert (src["outlet"], src["author"], src["published"]) == ("Harbour Herald", "Zoë Brennan",
                                                                 "2025-05-23")
    assert src["url"] == "https://herald.example/world/2025/05/23/prisoner-swap"
    text = src["text"]
    assert "the first stage of the “1,000 for 1,000” swap agreed in Istanbul." in text
    assert "keep pressing for it — “every single one of our people”." in text
    for hidden in ("dataLayer", "Georgia", "Sport", "iVBOR", "quoted-printable", "=E2"):
        assert hidden not in text


def test_a_markdown_heading_gives_the_title_without_its_marks(db_path: Path,
                                                               tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("## Kremlin answers the truce offer ##\n\n**Moscow** said it *rejects* any "
                     "foreign troops.\n", encoding="utf-8")
    plain = tmp_path / "plain.md"
    plain.write_text("#hashtag diplomacy is not a heading\n\nBody.\n", encoding="utf-8")
    assert parley("init", "--empty", "--db", db_path).returncode == 0
    done = parley("import-article", notes, plain, "--db", db_path)
    assert done.returncode == 0, done.stderr
    sources = {s["title"]: s for s in exported(db_path)["sources"]}
    assert set(sources) == {"Kremlin answers the truce offer",
                            "#hashtag diplomacy is not a heading"}
    # The text itself is kept as written: quotes are offsets into it.
    assert sources["Kremlin answers the truce offer"]["text"].startswith("## Kremlin answers")


FURNISHED = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Talks resume</title></head>
<body>
<header role="banner"><a href="/">The Daily Example</a></header>
<div class="cookie-banner">We use cookies. Accept all?</div>
<main>
<article class="story commentary">
<h1>Talks resume in Geneva</h1>
<p>The Kremlin said Russia would accept a ceasefire only after arms deliveries stop.</p>
<div class="share-bar">Share on X · Share by email</div>
<p>Kyiv said it would not give up any territory.</p>
</article>
<aside><h2>Related</h2><a href="/x">Ten things you missed this week</a></aside>
<section id="comments"><p>Comment by troll123: Russia agreed to everything!!!</p></section>
</main>
<div class="ad-slot">Buy now</div>
<footer>© 2025 The Daily Example · Cookie policy</footer>
</body></html>
"""


def test_a_saved_page_keeps_the_article_not_its_comments_related_links_or_banners(
        db_path: Path, tmp_path: Path) -> None:
    # Reader comments and "Related" boxes are not the article: the suggester would read
    # "Russia agreed to everything" as if the article reported it.
    page = tmp_path / "furnished.html"
    page.write_text(FURNISHED, encoding="utf-8")
    assert parley("init", "--empty", "--db", db_path).returncode == 0
    done = parley("import-article", page, "--db", db_path)
    assert done.returncode == 0, done.stderr
    text = exported(db_path)["sources"][0]["text"]
    assert "accept a ceasefire only after arms deliveries stop" in text
    assert "would not give up any territory" in text  # after the share bar: still kept
    assert "Talks resume in Geneva" in text  # "commentary" is a word of the article's class
    for furniture in ("troll123", "Ten things you missed", "We use cookies", "Share on X",
                      "Buy now", "Cookie policy", "The Daily Example"):
        assert furniture not in text, furniture
