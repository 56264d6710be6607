"""The `parley` command: launches the app, or runs a headless subcommand.

User errors print one line on stderr and exit non-zero — never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from db.errors import ParleyError
from desktop.version import version


class _VersionAction(argparse.Action):
    """--version, looking the version up only when asked."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object):
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help="show the version and exit")

    def __call__(self, parser, namespace, values, option_string=None):  # type: ignore[no-untyped-def]
        print(f"parley {version()}")
        parser.exit()


def db_value(text: str) -> Path | str:
    """`--db`: a file path, or a PostgreSQL server's URL kept as it was typed (a Path would
    fold its `//`)."""
    from db.storage.server_url import is_server_url

    return text.strip() if is_server_url(text) else Path(text)


def _db_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", type=db_value, default=argparse.SUPPRESS, metavar="FILE_OR_URL",
                   help="database file, or a PostgreSQL server database as "
                        "postgresql://user@host:port/dbname (default: $PARLEY_DB or the "
                        "user data folder's file)")
    # Every command that opens the database may write, so each one says who is writing.
    p.add_argument("--user", default=argparse.SUPPRESS,
                   help="who you are: kept with every record you create or change "
                        "(default: $PARLEY_USER or your login name)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="parley", description="Parley: what each party in a negotiation says it wants.")
    parser.add_argument("--version", action=_VersionAction)
    _db_arg(parser)
    parser.add_argument("--selftest", action="store_true",
                        help="open the main window on the database, render every pane, exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("init", help="create or migrate the database; a new one gets the "
                                    "example codebook, articles and positions")
    _db_arg(p)
    p.add_argument("--empty", action="store_true",
                   help="create the new database without the example data")
    p.add_argument("--seed", action="store_true",
                   help="fill a new database with the example data (a new file gets it "
                        "unless --empty; a new server database only with --seed)")

    p = sub.add_parser("export-data", help="export all data as JSON or CSV")
    _db_arg(p)
    p.add_argument("--format", choices=["json", "csv"], default="json")
    p.add_argument("--out", type=Path, help="output file (default: standard output)")

    p = sub.add_parser("import-data", help="import a JSON export (all or nothing)")
    _db_arg(p)
    p.add_argument("file", type=Path)

    p = sub.add_parser("import-article",
                       help="add articles from text, Markdown, HTML or PDF files, or folders of them")
    _db_arg(p)
    p.add_argument("file", type=Path, nargs="+", help="files or folders (folders are searched "
                   "for .txt, .md, .html, .htm and .pdf files)")
    p.add_argument("--title", help="headline (one file only; default: the page's title or the "
                                   "file's first line)")
    p.add_argument("--outlet", default="", help="(default: a web page's site name)")
    p.add_argument("--author", default="", help="(default: a web page's or PDF's author)")
    p.add_argument("--published", default="", help="YYYY-MM-DD (default: a web page's date)")
    p.add_argument("--url", default="", help="(default: a web page's canonical address)")

    from desktop.cli import subcommands

    subcommands.add_commands(sub, _db_arg)
    return parser


def _open(args: argparse.Namespace, *, seed: bool = False):  # type: ignore[no-untyped-def]
    """The command's database. Only `init` seeds (a new file): every other command opens
    the file as it is — export-data on a database created empty must not fill it."""
    from db.opening import open_database

    return open_database(getattr(args, "db", None), seed=seed)


def run_command(args: argparse.Namespace) -> int:
    # Each command imports what it uses: export-data streams plain SQL and needs neither
    # the ORM nor numpy (their imports were seconds of a small export on a busy machine).
    if args.command == "init":
        if args.empty and args.seed:
            raise ParleyError("--empty and --seed contradict each other: give one")
        from db.storage.paths import resolve_db_path

        on_server = isinstance(resolve_db_path(getattr(args, "db", None)), str)
        # A shared server database is seeded only when asked: examples in a team's
        # database would be counted in everyone's charts.
        db = _open(args, seed=args.seed or (not args.empty and not on_server))
        from db.reads import queries

        c = queries.counts(db)
        print(f"{db.name}: {c['positions']} positions, {c['sources']} sources, "
              f"{c['parties']} parties, {c['issues']} issues")
        return 0
    if args.command == "export-data":
        from db.opening import open_existing_database

        db = open_existing_database(getattr(args, "db", None))
        if args.out is not None:
            from db.storage.export_target import refuse_database_target

            refuse_database_target(args.out, db.path)
        from db.exchange.export_stream import write_csv, write_json

        write = write_json if args.format == "json" else write_csv
        # Streamed to the file as it is read (a million records never sit in memory whole).
        if args.out is None:
            write(db, sys.stdout)
            sys.stdout.flush()
        else:
            from db.storage.fileio import write_text_atomic

            write_text_atomic(args.out, lambda fh: write(db, fh))
        return 0
    if args.command == "import-data":
        # The write path (the ORM: ~0.3 s to import) only for the command that writes.
        from db.exchange import json_csv as exchange

        # Checked and read a record at a time: an export of a million records is ~1 GB.
        payload = exchange.parse_payload_file(args.file)
        db = _open(args)
        from db.reads import queries

        before = queries.counts(db)
        exchange.import_data(db, payload)
        after = queries.counts(db)
        added = {k: after[k] - before[k] for k in after}
        print("Imported " + ", ".join(f"{v} {k}" for k, v in added.items() if v) if any(
            added.values()) else "Nothing new to import")
        return 0
    if args.command == "import-article":
        return _import_articles(args)
    from desktop.cli import subcommands

    return subcommands.run(args)


def _import_articles(args: argparse.Namespace) -> int:
    """One file: imported or refused with one line, as always. Several files or a folder:
    each on its own (duplicates skipped and said, a bad file not stopping the rest) and a
    summary; the exit code is 1 when any file failed."""
    from db.exchange.article_import import import_files, read_any, store
    from db.model.inputs import SourceMeta

    paths: list[Path] = args.file
    if len(paths) == 1 and not paths[0].is_dir():
        warnings: list[str] = []
        article = read_any(paths[0], warnings)
        m = article.meta
        meta = SourceMeta((args.title or m.title)[:500], args.outlet or m.outlet,
                          args.author or m.author, args.published or m.published or None,
                          args.url or m.url)
        db = _open(args)
        sid = store(db, article, meta)
        for warning in warnings:  # about the text now stored, so only once it is
            print(f"parley: warning: {warning}", file=sys.stderr)
        print(f"Imported source {sid}: {meta.title}")
        return 0
    if args.title or args.outlet or args.author or args.published or args.url:
        raise ParleyError("--title, --outlet, --author, --published and --url describe one "
                          "article: give one file, or leave them out")
    db = _open(args)

    def progress(done: int, total: int, path: Path) -> None:
        if sys.stderr.isatty():
            print(f"\r[{done}/{total}] {path.name[:60]:60}", end="", file=sys.stderr, flush=True)

    summary = import_files(db, paths, progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    for warning in summary.warnings:
        print(f"parley: warning: {warning}", file=sys.stderr)
    print("\n".join(summary.lines()))
    return 1 if summary.failed else 0


def launch_gui(db_path: Path | None, *, selftest: bool = False, on_ready=None) -> int:  # type: ignore[no-untyped-def]
    """The app's window on `db_path`. The file's integrity check starts first, on a worker
    thread, and runs while Qt and pyqtgraph are imported (see db.storage.filecheck.FileCheck)."""
    import gc

    # No cyclic collection while start-up imports and builds: the collector would walk the
    # growing heap of module objects over and over (~35 ms of a cold start) to find next
    # to no garbage. run_gui freezes what start-up made and turns collection back on.
    gc.disable()
    try:
        from db.storage.filecheck import FileCheck

        check = FileCheck(db_path)
        from desktop.app import run_gui

        return run_gui(db_path, selftest=selftest, check=check, on_ready=on_ready)
    finally:
        gc.enable()


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from db.storage import identity

    identity.set_user(getattr(args, "user", None))
    try:
        if args.command is None:
            return launch_gui(getattr(args, "db", None), selftest=args.selftest)
        return run_command(args)
    except ParleyError as exc:
        print(f"parley: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`parley export-data | head`): stop quietly, as cat does.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
