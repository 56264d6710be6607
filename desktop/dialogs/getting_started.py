"""Help → Getting started: the five steps of work in Parley (read, select, code, chart,
export) on one page, with the keys the window really has.

The keys are read from the window's actions, not written into the text, so the guide cannot
name a shortcut the window does not have. Opened from the Help menu only: a guide that pops
up on every first launch is dismissed unread.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from desktop.qt.plain_text import escape


def _plain(text: str) -> str:
    return text.replace("&", "").rstrip("…").strip()


def shortcut_of(window: QWidget, command: str) -> str:
    """The key of the window's command titled `command` ("Find", "Export chart"), as the
    menus show it; "" when it has none (or the window lacks the command)."""
    for action in window.findChildren(QAction):
        if _plain(action.text()) == command and not action.shortcut().isEmpty():
            return action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    return ""


def _key(window: QWidget, command: str) -> str:
    key = shortcut_of(window, command)
    return f" (<kbd>{escape(key)}</kbd>)" if key else ""


def guide_html(window: QWidget) -> str:
    """The guide's text, with `window`'s keys."""
    def k(command: str) -> str:
        return _key(window, command)

    steps = [
        ("Read",
         "Choose an article in <b>Sources</b>; it opens in the middle. Coloured passages "
         "are quotes already coded: click one to find its record in <b>Positions</b>. "
         f"Bring in an article with <b>File → Add source…</b>{k('Add source')}, or drop "
         "saved web pages, PDFs, text files or a whole folder on the Sources list."),
        ("Select",
         "Drag across the words that carry the claim: the party (or the sentence that names "
         "it) and what it wants, in one passage of six words or more."),
        ("Code",
         f"<b>New position from selection</b>{k('New position from selection')}, or "
         "right-click the selection. Choose the party, issue, stance and status, who said "
         "it and how, then <b>Save</b>. The next record from the same article starts with "
         "the last one's party, issue and attribution. "
         f"<b>Edit position</b>{k('Edit position')} opens the selected record; "
         f"<b>Undo</b>{k('Undo')} takes back any change. "
         "<b>Suggest positions</b>, above the article, proposes the positions Parley finds "
         "in it (dashed underlines and a list): <b>Accept…</b> opens the form filled in for "
         "you to check, <b>Reject</b> drops one for good."),
        ("Chart",
         "The <b>Charts</b> pane draws the positions over time (<i>Timeline</i>), side by "
         "side (<i>Matrix</i>) and as the distance between two parties (<i>Gap</i>). "
         f"<b>Find</b>{k('Find')} and the filters above the Positions table narrow the "
         "table and the charts alike. <b>Conflicting accounts</b> lists where sources "
         "disagree."),
        ("Export",
         f"<b>File → Export chart…</b>{k('Export chart')} saves the chart shown as PNG, "
         f"SVG or PDF; <b>Copy chart</b>{k('Copy chart')} puts it on the clipboard. "
         "<b>File → Export data…</b> saves everything as JSON, or the positions as CSV."),
    ]
    items = "".join(f"<p><b>{n}. {escape(title)}</b><br>{body}</p>"
                    for n, (title, body) in enumerate(steps, start=1))
    return ("<p>Parley turns news articles into records of what each party says it wants, "
            f"each backed by a quote, and shows how those positions move.</p>{items}")


class GettingStarted(QDialog):
    def __init__(self, window: QWidget, parent: QWidget | None = None):
        super().__init__(parent if parent is not None else window)
        self.setWindowTitle("Getting started with Parley")
        self.setObjectName("gettingStarted")
        self.setAccessibleName("Getting started")
        self.text = QTextBrowser()
        self.text.setObjectName("guideText")
        self.text.setAccessibleName("Guide")
        self.text.setOpenLinks(False)
        self.text.setHtml(guide_html(window))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        lay = QVBoxLayout(self)
        lay.addWidget(self.text, 1)
        lay.addWidget(buttons)
        self.resize(560, 470)


def show_guide(window: QWidget) -> GettingStarted:
    """Open the guide beside the window (not modal: it can stay open while you work)."""
    dialog = GettingStarted(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
