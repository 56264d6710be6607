"""Importing many article files at once (files and folders): text, Markdown, saved web
pages (with their metadata) and PDFs (with page numbers). Duplicates are skipped and said,
one bad file does not stop the rest, and the caller gets a summary and progress."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from db.articles import read_article_file
from db.database import Database
from db.errors import ParleyError
from db.inputs import SourceMeta
from db.models import SourcePage
from db.sources import content_hash, insert_source

ARTICLE_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".pdf"}
_HTML = {".html", ".htm"}


@dataclass
class ImportSummary:
    imported: list[tuple[Path, int, str]] = field(default_factory=list)  # (file, id, title)
    duplicates: list[tuple[Path, int, str]] = field(default_factory=list)  # (file, existing id, title)
    failed: list[tuple[Path, str]] = field(default_factory=list)  # (file, why)
    warnings: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"Imported source {sid}: {title}  ({path.name})" for path, sid, title in self.imported]
        out += [f"Skipped {path.name}: already in the database as “{title}” (source {sid})"
                for path, sid, title in self.duplicates]
        out += [f"Failed {path.name}: {why}" for path, why in self.failed]
        n = len(self.imported)
        out.append(f"{n} article{'s' if n != 1 else ''} imported, {len(self.duplicates)} "
                   f"duplicate{'s' if len(self.duplicates) != 1 else ''} skipped, "
                   f"{len(self.failed)} failed")
        return out


def collect_files(paths: list[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The article files named or inside the folders named (recursively, in name order,
    hidden files left out), and the paths that are neither."""
    files: list[Path] = []
    missing: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*")
                           if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not found:
                missing.append((path, "the folder holds no .txt, .md, .html or .pdf file"))
            files += found
        elif path.exists():
            files.append(path)
        else:
            missing.append((path, "does not exist"))
    return files, missing


@dataclass(frozen=True)
class ReadArticle:
    text: str
    meta: SourceMeta
    pages: list[tuple[int, int, int]]


def _first_line(text: str) -> str:
    return next((ln.strip() for ln in text.splitlines() if ln.strip()), "")[:500]


def read_any(path: Path, warnings: list[str] | None = None) -> ReadArticle:
    """One file as text + what it says about itself (title, author, date, site, address)."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from db.pdf_text import read_pdf

        pdf = read_pdf(path)
        title = pdf.title or _first_line(pdf.text)
        return ReadArticle(pdf.text, SourceMeta(title[:500], "", pdf.author[:200]), pdf.pages)
    text = read_article_file(path, warnings)
    meta = SourceMeta(_first_line(text))
    if suffix in _HTML:
        info = _page_metadata(path)
        meta = SourceMeta(info["title"] or meta.title, info["outlet"], info["author"],
                          info["published"] or None, info["url"])
    return ReadArticle(text, meta, [])


def _page_metadata(path: Path) -> dict[str, str]:
    from db.articles import _decode  # the same decoding as the text, for the same file
    from db.html_meta import html_metadata

    with path.open("rb") as fh:
        head = fh.read(1024 * 1024)  # the metadata is in the head; JSON-LD near the top
    try:
        return html_metadata(_decode(head, path.name, None))
    except ParleyError:
        return {"title": "", "author": "", "published": "", "outlet": "", "url": ""}


def store(db: Database, article: ReadArticle, meta: SourceMeta | None = None) -> int:
    """One article and its page spans, in one transaction."""
    with db.write() as s:
        sid = insert_source(s, article.text, meta or article.meta)
        for page, start, end in article.pages:
            s.add(SourcePage(source_id=sid, page=page, start=start, end=end))
    return sid


def import_files(db: Database, paths: list[Path],
                 progress: Callable[[int, int, Path], None] | None = None) -> ImportSummary:
    """Import every article file in `paths` (folders included); each file on its own."""
    files, missing = collect_files(paths)
    summary = ImportSummary(failed=list(missing))
    with db.read() as con:
        known = {h: (i, t) for i, h, t in con.execute("SELECT id, content_hash, title FROM source")}
    for n, path in enumerate(files, start=1):
        try:
            warnings: list[str] = []
            article = read_any(path, warnings)
            digest = content_hash(article.text)
            if digest in known:
                sid, title = known[digest]
                summary.duplicates.append((path, sid, title))
            else:
                meta = article.meta
                if not meta.title.strip():
                    meta = SourceMeta(path.stem, meta.outlet, meta.author, meta.published, meta.url)
                sid = store(db, article, meta)
                known[digest] = (sid, meta.title)
                summary.imported.append((path, sid, meta.title))
                summary.warnings += warnings
        except ParleyError as exc:
            summary.failed.append((path, str(exc)))
        if progress:
            progress(n, len(files), path)
    return summary

