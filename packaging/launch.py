"""Entry point of the PyInstaller build: the same `parley` command as the installed script."""

import os

# Set before anything imports pyqtgraph, so it never probes for another Qt binding.
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

from desktop.cli.main import main  # noqa: E402

raise SystemExit(main())
