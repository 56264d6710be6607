"""The coding rules of seeds/README.md that a machine can check, enforced on the shipped
seeds: seeds/check_seeds.py run as a real process, on the seeds and on broken copies."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from db.model.vocab import STATUSES

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _check(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SEEDS / "check_seeds.py"), str(folder)],
                          capture_output=True, text=True, timeout=60)


def test_the_shipped_seeds_follow_the_rules() -> None:
    result = _check(SEEDS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK: all checks passed" in result.stdout


def test_the_json_is_what_build_seeds_writes(tmp_path: Path) -> None:
    # Edits go to build_seeds.py / seed_codebook.py; the JSON must not drift from them.
    copy = tmp_path / "seeds"
    shutil.copytree(SEEDS, copy)
    for name in ("positions.json", "codebook.json", "sources.json"):
        (copy / name).unlink()
    subprocess.run([sys.executable, "build_seeds.py"], cwd=copy, check=True,
                   capture_output=True, timeout=60)
    for name in ("positions.json", "codebook.json", "sources.json"):
        assert (copy / name).read_bytes() == (SEEDS / name).read_bytes(), name


def test_the_new_statuses_are_used_as_the_rules_say() -> None:
    records = {p["key"]: p for p in json.loads((SEEDS / "positions.json").read_text("utf-8"))}
    assert {p["status"] for p in records.values()} <= set(STATUSES)
    # a compliance allegation is not a stance on the pause
    assert records["ru-scope-rejects-infra-yermak-003"]["status"] == "alleged_violation"
    # deferral is not rejection
    assert records["ru-scope-defers-full-leaders-003"]["status"] == "defers"
    # an insistence the speaker admits is blocked is a preference
    assert records["ua-nato-insisted-zelensky-feb-003"]["status"] == "prefers"
    # "raised" is not "demands"
    assert records["ru-monitoring-demands-kremlin-003"]["status"] == "proposes"
    # removed: an analyst's guess, "far apart on territory", an inference from silence
    for gone in ("ru-pressure-opposes-hardie-000", "ua-territory-opposes-rfe-003",
                 "ru-guarantees-opposes-rfe-003", "us-aid-continues-nyp-000"):
        assert gone not in records


def _first(records: list[dict], key: str) -> dict:
    return next(p for p in records if p["key"] == key)


def _short_quote(records: list[dict], text: Callable[[str], str]) -> str:
    p = _first(records, "ru-scope-rejects-full-telegram-003")
    p["quote"] = "Putin effectively rejected the proposal"  # five words, still verbatim
    p["quote_start"] = text(p["source"]).index(p["quote"])
    return "fewer than 6"


def _names_nobody(records: list[dict], text: Callable[[str], str]) -> str:
    # Scholz's "The next step must be a complete cease-fire ..." names Ukraine only: without
    # its context span it names neither Germany nor Scholz.
    p = _first(records, "de-scope-demands-complete-scholz-003")
    del p["context_start"], p["context_end"]
    return "names neither the party 'germany'"


def _context_elsewhere(records: list[dict], text: Callable[[str], str]) -> str:
    p = _first(records, "fr-scope-demands-complete-scholz-003")
    p["context_start"], p["context_end"] = 0, 100  # the headline: does not hold the quote
    return "does not contain the quote"


def _unknown_status(records: list[dict], text: Callable[[str], str]) -> str:
    _first(records, "ru-aid-demands-halt-kremlin-000")["status"] = "insists"
    return "bad status 'insists'"


def _moved_quote(records: list[dict], text: Callable[[str], str]) -> str:
    _first(records, "ru-aid-denied-by-trump-fox-003")["quote_start"] += 1
    return "quote does not match text"


@pytest.mark.parametrize("damage", [_short_quote, _names_nobody, _context_elsewhere,
                                    _unknown_status, _moved_quote])
def test_a_seed_breaking_a_rule_fails_the_check(tmp_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    copy = tmp_path / "seeds"
    shutil.copytree(SEEDS, copy)
    records = json.loads((copy / "positions.json").read_text("utf-8"))
    sources = {s["key"]: s["file"] for s in json.loads((copy / "sources.json").read_text("utf-8"))}

    def text(key: str) -> str:
        with (copy / sources[key]).open(encoding="utf-8", newline="") as fh:
            return fh.read()

    expected = damage(records, text)
    (copy / "positions.json").write_text(json.dumps(records, ensure_ascii=False, indent=2),
                                         encoding="utf-8")
    result = _check(copy)
    assert result.returncode == 1
    assert "FAILED: 1 error(s)" in result.stdout, result.stdout
    assert expected in result.stdout
