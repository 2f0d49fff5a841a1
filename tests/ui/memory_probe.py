"""A clean process that opens vaults in turn in one window and prints its resident size after
each (JSON list of MB). Run by tests/ui/test_memory.py: the test's own process carries what
earlier tests left in its heap, which says nothing about what a user's window keeps.

    python tests/ui/memory_probe.py VAULT [VAULT ...]
"""

from __future__ import annotations

import ctypes
import gc
import json
import sys
import time
from pathlib import Path

import psutil

QUIET_S = 1.0  # after a vault is settled, events still on their way are let in


def resident_mb() -> float:
    """The resident size once freed memory can go back to the system."""
    gc.collect()
    if sys.platform.startswith("linux"):  # glibc keeps freed pages for reuse until trimmed
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    return psutil.Process().memory_info().rss / 2**20


def main(paths: list[str]) -> int:
    from PySide6.QtCore import QEventLoop

    from viewer.app import _application, create_window

    app = _application()

    def wait(condition, seconds: float = 300) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError("the window did not settle")
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            time.sleep(0.005)

    def settled(root: Path) -> bool:
        session = window.session
        return (
            window.vault_root == root
            and window.vault is not None
            and session is not None
            and session.settled()
            and session.search_ready
            and window.host.retiring() == 0
        )

    vaults = [Path(path) for path in paths]
    window = create_window(vaults[0])
    sizes = []
    for vault in vaults:
        if vault != vaults[0]:
            window.open_vault(vault)
        wait(lambda v=vault: settled(v))
        quiet_until = time.monotonic() + QUIET_S
        wait(lambda until=quiet_until: time.monotonic() > until)
        sizes.append(resident_mb())
    print(json.dumps(sizes))
    window.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
