"""`make package`: build Parley with PyInstaller, one folder and one file, and print figures.

    .venv/bin/python packaging/build.py              # dist/parley/ and dist/parley-onefile
    .venv/bin/python packaging/build.py --no-onefile # the one-folder build only

Both builds come from packaging/parley.spec; work files go to build/pyinstaller/.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "parley.spec"


def folder_size(path: Path) -> int:
    """Bytes in a file or a folder tree (symlinks not followed, so nothing counts twice)."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def mb(n: int) -> str:
    return f"{n / 2**20:.0f} MiB"


def run_pyinstaller(distpath: Path, workpath: Path, *, onefile: bool = False,
                    quiet: bool = True) -> float:
    """Build from the spec; returns the seconds it took. Raises CalledProcessError on failure,
    after printing PyInstaller's log."""
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm",
           "--distpath", str(distpath), "--workpath", str(workpath), str(SPEC)]
    if onefile:
        cmd += ["--", "--onefile"]
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=ROOT, capture_output=quiet, text=True)
    if result.returncode != 0:
        if quiet:
            sys.stderr.write(result.stdout + result.stderr)
        raise subprocess.CalledProcessError(result.returncode, cmd)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    parser.add_argument("--no-onefile", action="store_true", help="skip the one-file build")
    parser.add_argument("--verbose", action="store_true", help="show PyInstaller's log")
    args = parser.parse_args(argv)

    # Clean: a stale dist/parley/ could hide a file the new build no longer contains.
    for stale in (args.dist / "parley", args.dist / "parley-onefile", args.work):
        if stale.is_dir():
            shutil.rmtree(stale)
        elif stale.exists():
            stale.unlink()

    try:
        seconds = run_pyinstaller(args.dist, args.work / "onefolder", quiet=not args.verbose)
        folder = args.dist / "parley"
        print(f"one folder: {folder}/parley  {mb(folder_size(folder))}  built in {seconds:.0f} s")
        if not args.no_onefile:
            seconds = run_pyinstaller(args.dist, args.work / "onefile", onefile=True,
                                      quiet=not args.verbose)
            single = args.dist / "parley-onefile"
            print(f"one file:   {single}  {mb(folder_size(single))}  built in {seconds:.0f} s")
    except subprocess.CalledProcessError as exc:
        print(f"build.py: PyInstaller failed (exit {exc.returncode})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
