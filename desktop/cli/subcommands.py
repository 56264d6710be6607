"""Subcommands owned by feature modules. Each module in COMMAND_MODULES provides
`add_commands(sub, db_arg)` and `run(args) -> int | None` (None: not its command)."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from types import ModuleType

COMMAND_MODULES: list[str] = ["desktop.cli.chart", "desktop.cli.backup", "desktop.bundle_check",
                              "desktop.cli.generate", "desktop.cli.suggest",
                              "desktop.cli.copy", "desktop.cli.agreement"]


def _modules() -> list[ModuleType]:
    return [importlib.import_module(name) for name in COMMAND_MODULES]


def add_commands(sub: argparse._SubParsersAction, db_arg: Callable) -> None:  # type: ignore[type-arg]
    for module in _modules():
        module.add_commands(sub, db_arg)


def run(args: argparse.Namespace) -> int:
    for module in _modules():
        result = module.run(args)
        if result is not None:
            return result
    raise SystemExit(f"parley: unknown command {args.command}")
