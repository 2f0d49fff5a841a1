"""Persistent state in QSettings: vaults, last notes, window layout, theme, player."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "VaultViewer"
APPLICATION = "Vault Viewer"
RECENT_LIMIT = 10
THEMES = ("system", "light", "dark")


class Settings:
    """Typed access to the settings file (INI format, in the user's config folder)."""

    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store or QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION
        )

    def _get(self, key: str, default: Any = None) -> Any:
        value = self.store.value(key, default)
        return default if value is None else value

    # -- vaults ------------------------------------------------------------------------------

    @property
    def last_vault(self) -> str | None:
        value = self._get("vault/last")
        return str(value) if value else None

    def recent_vaults(self) -> list[str]:
        value = self._get("vault/recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value if v][:RECENT_LIMIT]

    def remember_vault(self, path: Path) -> None:
        path_text = str(Path(path).resolve())
        recent = [p for p in self.recent_vaults() if p != path_text]
        self.store.setValue("vault/recent", [path_text, *recent][:RECENT_LIMIT])
        self.store.setValue("vault/last", path_text)

    def forget_vault(self, path: str) -> None:
        self.store.setValue("vault/recent", [p for p in self.recent_vaults() if p != path])
        if self.last_vault == path:
            self.store.remove("vault/last")

    @staticmethod
    def _vault_key(path: Path) -> str:
        digest = hashlib.sha1(str(Path(path).resolve()).encode(), usedforsecurity=False)
        return digest.hexdigest()[:16]

    def last_note(self, vault: Path) -> str | None:
        value = self._get(f"notes/{self._vault_key(vault)}")
        return str(value) if value else None

    def set_last_note(self, vault: Path, note: str) -> None:
        self.store.setValue(f"notes/{self._vault_key(vault)}", note)

    def follows_outside_links(self, vault: Path) -> bool:
        """Whether `vault` follows symlinks out of its folder: off unless the reader turned it
        on for this vault (issue 16's boundary)."""
        return str(self._get(f"outside/{self._vault_key(vault)}", "")).lower() == "true"

    def set_follows_outside_links(self, vault: Path, follow: bool) -> None:
        key = f"outside/{self._vault_key(vault)}"
        if follow:
            self.store.setValue(key, "true")
        else:
            self.store.remove(key)

    # -- window ------------------------------------------------------------------------------

    def window_state(self) -> tuple[QByteArray | None, QByteArray | None, QByteArray | None]:
        return (
            self._get("window/geometry"),
            self._get("window/state"),
            self._get("window/splitter"),
        )

    def save_window_state(self, geometry: QByteArray, state: QByteArray, splitter: QByteArray):
        self.store.setValue("window/geometry", geometry)
        self.store.setValue("window/state", state)
        self.store.setValue("window/splitter", splitter)

    @property
    def theme(self) -> str:
        value = str(self._get("view/theme", "system"))
        return value if value in THEMES else "system"

    @theme.setter
    def theme(self, value: str) -> None:
        self.store.setValue("view/theme", value if value in THEMES else "system")

    @property
    def zoom(self) -> int:
        try:
            return int(self._get("view/zoom", 0))
        except (TypeError, ValueError):
            return 0

    @zoom.setter
    def zoom(self, value: int) -> None:
        self.store.setValue("view/zoom", int(value))

    def value(self, key: str, default: Any = None) -> Any:
        return self._get(key, default)

    def set_value(self, key: str, value: Any) -> None:
        self.store.setValue(key, value)

    def sync(self) -> None:
        self.store.sync()
