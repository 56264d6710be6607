"""Where the running Parley takes its Python code from.

A frozen (PyInstaller) build must be self-contained: every sys.path entry and every loaded
module file has to lie inside the bundle, or the app would silently depend on a Python
installed on the machine. `--selftest` runs this check when frozen, and the hidden
`parley debug-paths` prints it so the packaging smoke test can verify it without a display.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from db.storage.paths import bundle_root


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def bundle_dirs() -> list[Path]:
    """The folders a frozen app may load code from: the bundle's data root (_internal/ in a
    one-folder build, the unpack folder in a one-file build) and the executable's folder."""
    return [bundle_root().resolve(), Path(sys.executable).resolve().parent]


def _inside(path: Path, roots: list[Path]) -> bool:
    return any(path == root or path.is_relative_to(root) for root in roots)


def outside_bundle() -> list[str]:
    """sys.path entries and module files outside the bundle (empty when self-contained).

    Built-in modules have no file; modules embedded in a binary (PyInstaller's own
    bootstrap, shiboken's support package) report a relative, made-up file name. Neither
    can come from outside, so only absolute paths are checked.
    """
    roots = bundle_dirs()
    problems = []
    for entry in sys.path:
        if entry and not _inside(Path(entry).resolve(), roots):
            problems.append(f"sys.path entry {entry}")
    for name, module in sorted(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if file and Path(file).is_absolute() and not _inside(Path(file).resolve(), roots):
            problems.append(f"module {name} from {file}")
    return problems


def report() -> tuple[list[str], list[str]]:
    """(lines describing where code comes from, problems)."""
    lines = [f"frozen: {is_frozen()}", f"executable: {sys.executable}",
             f"bundle: {bundle_root()}"]
    lines += [f"sys.path: {entry}" for entry in sys.path]
    return lines, outside_bundle() if is_frozen() else []


def add_commands(sub: argparse._SubParsersAction, db_arg: Callable) -> None:  # type: ignore[type-arg]
    # No help= on purpose: argparse then leaves the command out of `parley --help`.
    sub.add_parser("debug-paths")


def run(args: argparse.Namespace) -> int | None:
    if args.command != "debug-paths":
        return None
    lines, problems = report()
    for line in lines:
        print(line)
    for problem in problems:
        print(f"outside bundle: {problem}")
    return 1 if problems else 0
