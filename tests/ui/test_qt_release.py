"""The Qt for Python release in use survives a long session's worth of signals.

PySide6-Essentials 6.12.0 returns `True` from `SignalInstance.emit()` without a reference of
its own: each emit from Python costs one reference to `True`, and after a few thousand CPython
aborts (`Fatal Python error: bool_dealloc`). pyproject.toml excludes that release; this test
makes any future release with the same fault fail here instead of in a reader's window.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

EMITS = 50_000


def test_fifty_thousand_emits_do_not_abort_the_interpreter():
    script = textwrap.dedent(
        f"""
        import sys
        from PySide6.QtCore import QCoreApplication, QObject, Signal

        class Source(QObject):
            pulse = Signal()
            value = Signal(int)

        app = QCoreApplication([])
        source = Source()
        received = []
        source.value.connect(received.append)
        for index in range({EMITS}):
            source.pulse.emit()
            source.value.emit(index)
        assert len(received) == {EMITS}, len(received)
        print("survived", sys.getrefcount(True))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, (result.returncode, result.stderr[-2000:])
    assert result.stdout.startswith("survived")
