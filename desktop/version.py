"""Which Parley is running: asked by `parley --version` and by Help → About (so it lives
outside both the command line and the GUI)."""

from __future__ import annotations


def version() -> str:
    from importlib import metadata  # ~25 ms: only for --version and the About box

    try:
        return metadata.version("parley")
    except metadata.PackageNotFoundError:
        # Only a source tree that was never pip-installed lacks the metadata: the frozen
        # build bundles it (copy_metadata in packaging/parley.spec).
        return "unknown (not installed)"
