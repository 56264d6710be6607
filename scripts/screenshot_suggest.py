"""The README's "Code a new article" screenshot: a new article imported into the seeded
database, opened in the reader with its suggested positions shown.

Run under a real X server: xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python
scripts/screenshot_suggest.py  (writes docs/screenshot-suggest.png)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
ARTICLE = ROOT / "bench" / "suggest_articles" / "102_easter_truce.txt"


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="parley-shots-"))
    os.environ["PARLEY_DATA_DIR"] = str(tmp / "data")
    os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")

    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from db.opening import open_database
    from desktop.app import build_main_window, create_application

    app = create_application()
    settings = QSettings(str(tmp / "ui.ini"), QSettings.Format.IniFormat)
    db = open_database(seed=True)
    window = build_main_window(db, settings)
    window.resize(1600, 1000)
    window.show()
    out = ROOT / "docs" / "screenshot-suggest.png"

    def settle() -> None:
        for _ in range(20):
            QApplication.processEvents()

    def take() -> None:
        from db.model.inputs import SourceMeta

        sid = window.ctx.ops.import_source(
            ARTICLE.read_text(encoding="utf-8"),
            SourceMeta("Putin Declares Easter Truce; Kyiv Calls It a Stunt and Offers 30 Days "
                       "Instead", "Parley test desk", "", "2025-04-20"))
        if "chartsDock" in window.docks:  # room for the reader and the suggestions
            window.docks["chartsDock"].hide()
        window.ctx.navigator.show_source.emit(sid)
        settle()
        panel = window.reader.show_suggestions(True)
        settle()
        panel.select_row(2)
        window.reader.text.verticalScrollBar().setValue(0)
        settle()
        window.screen().grabWindow(window.winId()).save(str(out))
        print(out)
        app.quit()

    QTimer.singleShot(1500, take)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
