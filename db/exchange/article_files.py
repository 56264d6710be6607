"""The kinds of article file Parley reads (ORM-free: the sources list's drop target checks
dragged files against it while the window starts)."""

from __future__ import annotations

ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".mhtml", ".mht",
                              ".pdf"})
