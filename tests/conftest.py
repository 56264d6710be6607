"""Shared fixtures. Every test gets its own data folder, so nothing touches the user's files."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
# Window settings (QSettings: the recent-files list, the window's layout) go to
# $XDG_CONFIG_HOME/Parley: without this, every window a test opened, in this process or in
# a `parley` it started, wrote into the developer's own ~/.config, filling File → Recent with
# pytest folders and replacing their layout. Set before Qt reads it; a test may still point
# it elsewhere (monkeypatch).
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="parley-test-config-")

from db.opening import open_database  # noqa: E402
from db.storage.database import Database

atexit.register(shutil.rmtree, os.environ["XDG_CONFIG_HOME"], ignore_errors=True)
_TEMPLATE: dict[str, Path] = {}


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "userdata"
    monkeypatch.setenv("PARLEY_DATA_DIR", str(data))
    monkeypatch.delenv("PARLEY_DB", raising=False)
    return data


@pytest.fixture(scope="session")
def pg_server():  # type: ignore[no-untyped-def]
    """A real PostgreSQL server for the whole run (tests/pg_server.py), started on first
    use. If it cannot start, every test asking for it fails with the reason — never skips:
    CI must not pass without having run them."""
    from pg_server import PgServer

    server = PgServer()
    try:
        server.start()
    except BaseException:
        server.stop()
        raise
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server) -> str:  # type: ignore[no-untyped-def]
    """A new, empty database on the test server (no schema), as a `--db` URL."""
    url = pg_server.new_database()
    yield url
    pg_server.drop_database(url.rsplit("/", 1)[1])


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "parley.sqlite3"


ENGINES = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test (or module) marked `engines` runs once per engine: its seeded_db / empty_db
    is an SQLite file, then a database on the test PostgreSQL server."""
    marker = metafunc.definition.get_closest_marker("engines")
    if marker is not None and "engine" in metafunc.fixturenames:
        metafunc.parametrize("engine", marker.args or ENGINES)


@pytest.fixture
def engine() -> str:
    """Which engine seeded_db / empty_db are on: SQLite unless the test is marked `engines`."""
    return "sqlite"


def _pg_template(server, kind: str) -> str:  # type: ignore[no-untyped-def]
    """A database on the test server, migrated (and seeded for "seeded"), built once per run
    and copied for each test (CREATE DATABASE … TEMPLATE)."""
    name = f"parley_{kind}"
    if name not in _TEMPLATE:
        url = server.new_database(name=name)
        open_database(url, seed=kind == "seeded").close()
        _TEMPLATE[name] = url  # type: ignore[assignment]
    return name


@pytest.fixture
def server_db(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """`server_db("seeded")` / `server_db("empty")`: an open Database on a fresh database of
    the test PostgreSQL server, closed and dropped after the test."""
    server = request.getfixturevalue("pg_server")
    made: list[tuple[Database, str]] = []

    def make(kind: str = "seeded") -> Database:
        url = server.new_database(template=_pg_template(server, kind))
        db = open_database(url)
        made.append((db, url))
        return db

    yield make
    for db, url in made:
        db.close()
        server.drop_database(url.rsplit("/", 1)[1])


def _seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if "seeded" not in _TEMPLATE:
        path = tmp_path_factory.mktemp("template") / "seeded.sqlite3"
        open_database(path, seed=True).close()
        _TEMPLATE["seeded"] = path
    return _TEMPLATE["seeded"]


@pytest.fixture
def seeded_db(db_path: Path, tmp_path_factory: pytest.TempPathFactory, engine: str,
              request: pytest.FixtureRequest) -> Database:
    """A fresh database with the seed codebook, articles and positions (copied from a
    template built once per run, since seeding takes a moment); on the PostgreSQL server
    when the test is marked `engines` and runs for it."""
    if engine == "postgresql":
        yield request.getfixturevalue("server_db")("seeded")
        return
    shutil.copy(_seeded_template(tmp_path_factory), db_path)
    db = open_database(db_path)
    yield db
    db.close()


@pytest.fixture
def empty_db(db_path: Path, engine: str, request: pytest.FixtureRequest) -> Database:
    """A migrated database with nothing in it (not seeded); on the server as seeded_db."""
    if engine == "postgresql":
        yield request.getfixturevalue("server_db")("empty")
        return
    if "seeded_db" in request.fixturenames:  # both in one test: two files
        db_path = db_path.with_name("empty.sqlite3")
    db = open_database(db_path, seed=False)
    yield db
    db.close()


@pytest.fixture
def ctx(seeded_db: Database, qtbot):  # type: ignore[no-untyped-def]
    """The GUI's shared objects (ops with undo, navigator, filters) on a seeded database."""
    from desktop.context import AppContext

    return AppContext.create(seeded_db)


@pytest.fixture
def app_window(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Builds the main window as `parley` does (desktop.app.build_main_window) on window
    settings in a temporary file (or the ini file `settings` names): `app_window(db)` shows
    it at 1400 × 900 and waits until it is on screen; `size=None` keeps the window's own
    size, `show=False` leaves it unshown."""
    from workspace_helpers import main_window

    def build(db: Database, *, size: tuple[int, int] | None = (1400, 900),  # type: ignore[no-untyped-def]
              show: bool = True, settings: Path | None = None):
        ini = settings if settings is not None else tmp_path / "ui.ini"
        return main_window(db, qtbot, ini, size=size, show=show)

    return build
