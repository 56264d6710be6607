"""The import graph that keeps the folders true (DEVELOPERS.md, "Map").

- db/ never imports Qt, pyqtgraph or desktop/ (import-linter's contracts in pyproject.toml,
  and a real import of every db module);
- each folder imports only the layers below it (the same contracts);
- no import cycle anywhere in db/ or desktop/, function-level and annotation-only imports
  included;
- desktop/cli imports no Qt at module level: `parley --version`, `export-data` … start
  without it;
- desktop/ runs no SQL; SQLite-only SQL in db/ is registered in db.storage.sqlite;
- no module over 500 lines.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import grimp
import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent
QT = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "pyqtgraph")
FORBIDDEN_IN_DB = (*QT, "desktop")
MAX_LINES = 500


def _modules(package: str, *, skip: tuple[str, ...] = ()) -> list[str]:
    names = []
    for p in sorted((ROOT / package).rglob("*.py")):
        parts = p.relative_to(ROOT).with_suffix("").parts
        if any(s in parts for s in skip):
            continue
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _loaded_after_importing(modules: list[str], prefixes: tuple[str, ...]) -> list[str]:
    """Which modules starting with `prefixes` a fresh interpreter holds after importing
    `modules` (module level only: nothing is called)."""
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        f"print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in {prefixes!r})))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True, timeout=120)
    return [m for m in out.stdout.strip().split(",") if m]


# --- the contracts ----------------------------------------------------------------------------

def test_import_contracts_hold(capsys: pytest.CaptureFixture[str]) -> None:
    """Layers and forbidden imports, as pyproject.toml's [tool.importlinter] states them."""
    code = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True,
                        no_logo=True)
    assert code == 0, capsys.readouterr().out


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    adjacency = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    for root in sorted(adjacency):
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            successors = adjacency[node]
            if i < len(successors):
                work.append((node, i + 1))
                nxt = successors[i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return found


def test_no_import_cycle_in_db_or_desktop() -> None:
    graph = grimp.build_graph("db", "desktop", cache_dir=None)
    assert _cycles(graph) == []


def test_the_cycle_check_finds_a_cycle() -> None:
    """The check above is not blind: a two-module cycle added to the real graph is found."""
    graph = grimp.build_graph("db", "desktop", cache_dir=None)
    graph.add_import(importer="db.storage.paths", imported="db.opening")
    cycles = _cycles(graph)
    assert any({"db.storage.paths", "db.opening"} <= set(c) for c in cycles)


# --- Qt stays out of db/ and out of the command line's import path ---------------------------

def test_db_sources_import_no_gui_module() -> None:
    offenders = {
        str(p.relative_to(ROOT)): sorted(_imports(p) & set(FORBIDDEN_IN_DB))
        for p in (ROOT / "db").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_importing_every_db_module_loads_no_qt() -> None:
    assert _loaded_after_importing(_modules("db", skip=("migrations",)), FORBIDDEN_IN_DB) == []


def test_importing_the_command_line_loads_no_qt() -> None:
    """Every module of desktop/cli, and what `parley` imports before it parses its arguments:
    a subcommand imports Qt only inside the function that opens a window or draws a chart."""
    modules = ["desktop", "desktop.version", "desktop.bundle_check", *_modules("desktop/cli")]
    assert _loaded_after_importing(modules, QT) == []


def test_desktop_runs_no_sql() -> None:
    """desktop/ reads and writes only through db/ functions."""
    offenders = []
    for p in (ROOT / "desktop").rglob("*.py"):
        text = p.read_text(encoding="utf-8")
        if "sqlite3" in _imports(p) or ".execute(" in text or "exec_driver_sql" in text:
            offenders.append(str(p.relative_to(ROOT)))
    assert offenders == []


# --- the storage seam ---------------------------------------------------------------------------

SQLITE_ONLY = re.compile(r"PRAGMA|json_each|group_concat|\bMATCH\b|sqlite_master|[Ff][Tt][Ss]5|"
                         r"\.backup\(")


def _code_strings(path: Path) -> str:
    """The string literals of a module that are not docstrings (SQL, not prose about it),
    and its method calls (`.backup(`), one per line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef,
                                       ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                id(node) not in docstrings:
            found.append(node.value)
        elif isinstance(node, ast.Attribute) and node.attr == "backup":
            found.append(".backup(")
    return "\n".join(found)


def test_sqlite_only_sql_is_registered_in_the_storage_seam() -> None:
    """A PostgreSQL engine slots in at db.storage.sqlite; the SQL elsewhere that only SQLite
    understands is listed there (SQLITE_ONLY_SQL) and marked "SQLite:" where it is."""
    from db.storage.sqlite import SQLITE_ONLY_SQL

    using = _modules_matching(SQLITE_ONLY, seams=SEAMS)
    assert using == set(SQLITE_ONLY_SQL)
    unmarked = [m for m in sorted(using)
                if "SQLite:" not in (ROOT / (m.replace(".", "/") + ".py")).read_text("utf-8")]
    assert unmarked == []


# The seam's own modules: each names the other engine's SQL it stands in for.
SEAMS = ("db.storage.sqlite", "db.storage.postgres", "db.storage.pg_read")
POSTGRES_ONLY = re.compile(r"tsvector|tsquery|string_agg|array_agg|\bANY\(|setval|pg_\w+\(|"
                           r"ISOLATION LEVEL|lock_timeout|::\w|\bILIKE\b|RETURNING|LISTEN|NOTIFY")


def _modules_matching(pattern: re.Pattern[str], *, seams: tuple[str, ...]) -> set[str]:
    using = set()
    for module in _modules("db", skip=("migrations",)):
        if module in seams:
            continue
        path = ROOT / (module.replace(".", "/") + ".py")
        if path.exists() and pattern.search(_code_strings(path)):
            using.add(module)
    return using


def test_postgres_only_sql_is_registered_in_the_storage_seam() -> None:
    """The same for PostgreSQL: SQL only a server understands (tsvector search, string_agg,
    ANY(array), sequences, advisory locks) is listed in db.storage.postgres's
    POSTGRES_ONLY_SQL and marked "PostgreSQL:" where it is, so the reads stay one text
    for both engines everywhere else."""
    from db.storage.postgres import POSTGRES_ONLY_SQL

    using = _modules_matching(POSTGRES_ONLY, seams=("db.storage.sqlite",))
    assert using == set(POSTGRES_ONLY_SQL)
    unmarked = [m for m in sorted(using)
                if "PostgreSQL:" not in (ROOT / (m.replace(".", "/") + ".py")).read_text("utf-8")]
    assert unmarked == []


# --- small modules ----------------------------------------------------------------------------

def test_no_module_over_500_lines() -> None:
    long = {
        str(p.relative_to(ROOT)): n
        for folder in ("db", "desktop")
        for p in (ROOT / folder).rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
