"""Importing many article files at once (files and folders): text, Markdown, saved web
pages (with their metadata) and PDFs (with page numbers). Duplicates are skipped and said,
one bad file does not stop the rest, and the caller gets a summary and progress."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import func, select

from db.errors import InUseError, ParleyError
from db.exchange.article_files import ARTICLE_SUFFIXES
from db.exchange.articles import read_article_file, refuse_open_database
from db.exchange.mhtml import MHTML_SUFFIXES, mhtml_page
from db.model.changes import Changes
from db.model.inputs import SourceMeta
from db.model.tables import Position, Source, SourcePage
from db.storage.database import Database
from db.writes.rows import get_existing
from db.writes.sources import SourceSnapshot, content_hash, insert_source

_HTML = {".html", ".htm"}
_MARKDOWN = {".md", ".markdown"}
# A Markdown heading's marks ("# Title", "## Title ##") are syntax, not part of the title.
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")


@dataclass
class ImportSummary:
    imported: list[tuple[Path, int, str]] = field(default_factory=list)  # (file, id, title)
    duplicates: list[tuple[Path, int, str]] = field(default_factory=list)  # (file, existing id, title)
    failed: list[tuple[Path, str]] = field(default_factory=list)  # (file, why)
    warnings: list[str] = field(default_factory=list)
    cancelled: int = 0  # files left out because the import was stopped

    def lines(self) -> list[str]:
        out = [f"Imported source {sid}: {title}  ({path.name})" for path, sid, title in self.imported]
        out += [f"Skipped {path.name}: already in the database as “{title}” (source {sid})"
                for path, sid, title in self.duplicates]
        out += [f"Failed {path.name}: {why}" for path, why in self.failed]
        if self.cancelled:
            out.append(f"Stopped: {self.cancelled} file{'s' if self.cancelled != 1 else ''} "
                       "not imported")
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
                missing.append((path, "the folder holds no .txt, .md, .html, .mhtml or .pdf file"))
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
        from db.exchange.pdf_text import read_pdf

        refuse_open_database(path)

        pdf = read_pdf(path)
        title = pdf.title or _first_line(pdf.text)
        return ReadArticle(pdf.text, SourceMeta(title[:500], "", pdf.author[:200]), pdf.pages)
    text = read_article_file(path, warnings)
    meta = SourceMeta(_first_line(text))
    if suffix in _MARKDOWN:
        meta = SourceMeta(_MD_HEADING.sub(r"\1", meta.title) or meta.title)
    if suffix in _HTML or suffix in MHTML_SUFFIXES:
        info = _page_metadata(path)
        meta = SourceMeta(info["title"] or meta.title, info["outlet"], info["author"],
                          info["published"] or None, info["url"])
    return ReadArticle(text, meta, [])


def _page_metadata(path: Path) -> dict[str, str]:
    from db.exchange.articles import _decode, decode_mhtml  # the same decoding as the text
    from db.exchange.html_meta import html_metadata

    try:
        if path.suffix.lower() in MHTML_SUFFIXES:
            # The page is one MIME part among many: read the whole message (the caller has
            # just read it for the text, within the same size limit).
            data = path.read_bytes()
            info = html_metadata(decode_mhtml(data, path.name))
            where = mhtml_page(data, path.name)[2]
            info["url"] = info["url"] or where
            return info
        with path.open("rb") as fh:
            head = fh.read(1024 * 1024)  # the metadata is in the head; JSON-LD near the top
        return html_metadata(_decode(head, path.name, None))
    except (ParleyError, OSError):
        return {"title": "", "author": "", "published": "", "outlet": "", "url": ""}


def store(db: Database, article: ReadArticle, meta: SourceMeta | None = None) -> int:
    """One article and its page spans, in one transaction."""
    with db.write() as s:
        sid = insert_source(s, article.text, meta or article.meta, user=db.user)
        for page, start, end in article.pages:
            s.add(SourcePage(source_id=sid, page=page, start=start, end=end))
    return sid


def import_files(db: Database, paths: list[Path],
                 progress: Callable[[int, int, Path], bool | None] | None = None) -> ImportSummary:
    """Import every article file in `paths` (folders included); each file on its own.
    `progress(done, total, file)` after each file; returning False stops there (cancel)."""
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
        if progress and progress(n, len(files), path) is False:
            summary.cancelled = len(files) - n
            break
    return summary


@dataclass(frozen=True)
class ImportedSnapshot:
    """A source removed by undoing an import, with its pages, to be put back by redo."""
    source: SourceSnapshot
    pages: list[tuple[int, int, int]]


def delete_sources(db: Database, source_ids: list[int]) -> list[SourceSnapshot]:
    """Delete several unused sources in one transaction: all, or none if one is quoted."""
    snaps: list[SourceSnapshot] = []
    with db.write() as s:
        for source_id in source_ids:
            row = get_existing(s, Source, source_id, "Source")
            used = s.exec(select(func.count()).where(Position.source_id == source_id)).one()
            if used:
                raise InUseError(f"“{row.title}” is quoted by {used} position"
                                 f"{'s' if used != 1 else ''} now; delete those first", used)
            snaps.append(SourceSnapshot(source_id, row.text, SourceMeta(
                row.title, row.outlet, row.author, row.published, row.url), row.imported_at))
            s.delete(row)
    return snaps


def remove_imported(db: Database, source_ids: list[int]) -> list[ImportedSnapshot]:
    """Undo an import: delete the sources it added (refused, whole, if one is quoted)."""
    from db.reads.pages import pages_of

    pages = {sid: pages_of(db, sid) for sid in source_ids}
    return [ImportedSnapshot(snap, pages[snap.id]) for snap in delete_sources(db, source_ids)]


def restore_imported(db: Database, snaps: list[ImportedSnapshot]) -> Changes:
    """Redo an import: the same sources under their ids, with their pages."""
    with db.write() as s:
        for snap in snaps:
            src = snap.source
            insert_source(s, src.text, src.meta, id=src.id, imported_at=src.imported_at,
                          restoring=True, user=db.user)
            for page, start, end in snap.pages:
                s.add(SourcePage(source_id=src.id, page=page, start=start, end=end))
    return Changes.of("source", ids=[snap.source.id for snap in snaps])

