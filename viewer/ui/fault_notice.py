"""The status bar's word on a fault of the index cache or the search index (`faultNotice`):
a short label that stays while the vault is open, the whole story in its tooltip, said once
per vault (the session reports each kind of fault once; see `session.faults`)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from ..session.faults import Fault


class FaultNotice(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("faultNotice")
        self.faults: list[Fault] = []
        self.hide()

    def say(self, fault: Fault) -> None:
        self.faults.append(fault)
        self.setText("⚠ " + " · ".join(f.short for f in self.faults))
        story = "\n\n".join(f.text for f in self.faults)
        self.setToolTip(story)
        self.setAccessibleDescription(story)
        self.show()

    def clear_faults(self) -> None:
        """Another vault opened: its faults are its own."""
        self.faults = []
        self.clear()
        self.hide()
