"""Screenshots of the main window with each pane raised, on a fresh seeded database.

Run under a real X server (`make screenshots` uses Xvfb). Writes docs/screenshot-*.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="parley-shots-"))
    os.environ["PARLEY_DATA_DIR"] = str(tmp / "data")
    os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")  # default layout, not the user's

    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from db.opening import open_database
    from desktop.app import build_main_window, create_application

    app = create_application()
    settings = QSettings(str(tmp / "ui.ini"), QSettings.Format.IniFormat)
    window = build_main_window(open_database(seed=True), settings)
    window.resize(1600, 1000)
    window.show()
    out = ROOT / "docs"
    out.mkdir(exist_ok=True)
    shots = [("main", None), ("conflicts", "conflictsDock"), ("codebook", "codebookDock")]

    def settle() -> None:
        for _ in range(20):
            QApplication.processEvents()

    def take() -> None:
        for name, dock in shots:
            if dock:
                window.docks[dock].raise_()
            settle()
            image = window.screen().grabWindow(window.winId())
            image.save(str(out / f"screenshot-{name}.png"))
            print(out / f"screenshot-{name}.png")
        window.docks["positionsDock"].raise_()
        app.quit()

    QTimer.singleShot(1500, take)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
