"""The codebook editor: parties, issues with their stance scales, and events, one tab each.
Every change goes through ctx.ops, so it is committed at once and can be undone."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from desktop.context import AppContext
from desktop.forms.event_form import EventForm
from desktop.forms.issue_form import IssueForm
from desktop.forms.party_form import PartyForm


class CodebookEditor(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("codebook_editor")
        self.setAccessibleName("Codebook editor")
        self.parties = PartyForm(ctx)
        self.issues = IssueForm(ctx)
        self.events = EventForm(ctx)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("codebook_tabs")
        self.tabs.addTab(self.parties, "&Parties")
        self.tabs.addTab(self.issues, "&Issues and scales")
        self.tabs.addTab(self.events, "&Events")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
