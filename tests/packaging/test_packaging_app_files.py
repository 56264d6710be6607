"""What the standalone app needs besides code: paths frozen and unfrozen, the icon, the
.desktop entry, the version, the About dialog and the bundle self-containment check."""

from __future__ import annotations

import configparser
import importlib.util
import sys
from importlib import metadata
from pathlib import Path

import pytest
from image_compare import assert_images_match
from PySide6.QtCore import QSize, Qt, qVersion
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from db.storage import paths
from desktop import bundle_check
from desktop.selftest import distinct_colours_at_least

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "resources" / "icons"
SIZES = (16, 32, 48, 64, 128, 256)


# --- paths ---------------------------------------------------------------------------------

def test_unfrozen_paths_point_into_the_source_tree() -> None:
    assert paths.bundle_root() == ROOT
    assert (paths.migrations_dir() / "env.py").is_file()
    assert (paths.migrations_dir() / "script.py.mako").is_file()
    assert (paths.seeds_dir() / "positions.json").is_file()
    assert (paths.resources_dir() / "icons" / "parley.svg").is_file()


def test_frozen_paths_point_into_the_bundle(tmp_path: Path, monkeypatch) -> None:
    # PyInstaller sets sys._MEIPASS to the data folder (_internal/ in a one-folder build,
    # the unpack folder of a one-file build); data files are looked up only there.
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "_internal"), raising=False)
    assert paths.bundle_root() == tmp_path / "_internal"
    assert paths.seeds_dir() == tmp_path / "_internal" / "seeds"
    assert paths.migrations_dir() == tmp_path / "_internal" / "db" / "migrations"
    assert paths.resources_dir() == tmp_path / "_internal" / "resources"


def test_database_goes_to_the_user_data_dir_not_the_bundle(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "_internal"), raising=False)
    monkeypatch.setenv("PARLEY_DATA_DIR", str(tmp_path / "mine"))
    assert paths.default_db_path() == tmp_path / "mine" / "parley.sqlite3"
    monkeypatch.delenv("PARLEY_DATA_DIR")
    import appdirs

    default = paths.default_db_path()
    assert default.parent == Path(appdirs.user_data_dir("Parley", appauthor=False))
    assert not default.is_relative_to(tmp_path)


# --- icon and .desktop entry ---------------------------------------------------------------

def _render_icons_module():  # type: ignore[no-untyped-def]
    # Loaded by path: "packaging" is also the name of a PyPI library.
    spec = importlib.util.spec_from_file_location("render_icons",
                                                  ROOT / "packaging" / "render_icons.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("size", SIZES)
def test_committed_pngs_are_the_rendered_svg(qapp, size: int) -> None:
    png = QImage(str(ICONS / f"parley-{size}.png"))
    assert png.size() == QSize(size, size)
    assert distinct_colours_at_least(png, 3)
    # Corners are transparent (rounded tile), the centre is opaque.
    assert png.pixelColor(0, 0).alpha() == 0
    assert png.pixelColor(size // 2, size // 2).alpha() == 255
    fresh = _render_icons_module().render(ICONS / "parley.svg", size)
    # Within a level or so of anti-aliasing: another CPU renders a few edge pixels apart.
    assert_images_match(fresh, png, "PNG is stale: run packaging/render_icons.py after "
                        "editing the SVG")


def test_app_icon_has_every_size_and_is_set_on_the_application(qapp) -> None:
    from desktop.app import create_application
    from desktop.qt.icons import app_icon

    icon = app_icon()
    assert sorted(s.width() for s in icon.availableSizes()) == list(SIZES)
    assert create_application() is qapp
    assert sorted(s.width() for s in qapp.windowIcon().availableSizes()) == list(SIZES)
    w = QWidget()
    assert not w.windowIcon().isNull()


def test_desktop_entry_is_valid() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(ROOT / "resources" / "parley.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Name"] == "Parley"
    assert section["Exec"].split()[0] == "parley"
    assert section["Icon"] == "parley"
    assert section["Terminal"] == "false"
    assert section["Categories"].endswith(";")


# --- version and About -----------------------------------------------------------------------

def test_version_comes_from_package_metadata(capsys) -> None:
    from desktop.cli.main import main
    from desktop.version import version

    assert version() == metadata.version("parley")
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"parley {metadata.version('parley')}"


def test_version_without_metadata_says_so(monkeypatch) -> None:
    from desktop.version import version

    def missing(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", missing)
    assert version() == "unknown (not installed)"


def test_about_dialog_shows_versions_and_database_path(qtbot, tmp_path: Path) -> None:
    import platform

    import PySide6

    from desktop.dialogs.about_dialog import show_about

    parent = QWidget()
    qtbot.addWidget(parent)
    db_file = tmp_path / "my data" / "parley.sqlite3"
    dialog = show_about(parent, db_file)
    assert dialog.isVisible() and dialog.isModal()
    text = dialog.text.text()
    for fact in (metadata.version("parley"), str(db_file), qVersion(), PySide6.__version__,
                 platform.python_version(), "from source"):
        assert fact in text, fact
    assert distinct_colours_at_least(dialog.grab().toImage(), 3)
    close = dialog.buttons.button(QDialogButtonBox.StandardButton.Close)
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


# --- bundle self-containment check -----------------------------------------------------------

def test_bundle_check_flags_code_from_outside_the_bundle(tmp_path, monkeypatch) -> None:
    inside = tmp_path / "_internal"
    monkeypatch.setattr(sys, "_MEIPASS", str(inside), raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "parley"))
    monkeypatch.setattr(sys, "path", [str(inside), str(inside / "base_library.zip")])
    # Running from source, pytest itself is loaded from the venv: outside this fake bundle.
    problems = bundle_check.outside_bundle()
    assert any(p.startswith("module pytest from ") for p in problems)
    assert not any(p.startswith("sys.path") for p in problems)
    monkeypatch.setattr(sys, "path", [str(inside), "/usr/lib/python3/dist-packages"])
    assert "sys.path entry /usr/lib/python3/dist-packages" in bundle_check.outside_bundle()


def test_debug_paths_is_hidden_and_reports_unfrozen(capsys) -> None:
    from desktop.cli.main import build_parser, main

    assert "debug-paths" not in build_parser().format_help()
    assert main(["debug-paths"]) == 0
    out = capsys.readouterr().out
    assert "frozen: False" in out
    assert f"bundle: {ROOT}" in out
    assert f"sys.path: {sys.path[1]}" in out
