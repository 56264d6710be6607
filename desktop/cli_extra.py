"""Subcommands beyond data in/out: backups, chart export and synthetic data generation."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def add_commands(sub: argparse._SubParsersAction, db_arg: Callable) -> None:  # type: ignore[type-arg]
    """Register further subcommands (filled in by the features that own them)."""


def run(args: argparse.Namespace) -> int:
    raise SystemExit(f"parley: unknown command {args.command}")
