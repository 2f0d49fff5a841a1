"""The README's shortcut table and the action registry must not drift apart."""

from __future__ import annotations

import re

from tests.conftest import REPO


def readme_keys() -> set[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    table = text.split("### Keyboard", 1)[1].split("## Speed", 1)[0]
    keys: set[str] = set()
    for row in re.findall(r"^\| [^|]+ \| ([^|]+) \| [^|]+ \|$", table, re.MULTILINE):
        for part in re.split(r" / |, |\(|\)", row):
            part = part.strip()
            if part and part != "Keys":
                keys.add(part)
    return keys


def test_every_registered_shortcut_is_in_the_readme(qtbot, settings):
    from viewer.ui.main_window import MainWindow

    window = MainWindow(settings)
    qtbot.addWidget(window)
    registered = {
        key.strip()
        for _menu, _label, keys in window.commands.shortcut_table()
        for key in keys.split(",")
    }
    window.shutdown()
    listed = readme_keys()
    assert registered <= listed, f"missing from the README: {sorted(registered - listed)}"
    assert listed <= registered, f"in the README but not registered: {sorted(listed - registered)}"
