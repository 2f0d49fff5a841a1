"""Live reload (a window mixin): re-read changed files off the GUI thread, apply them on it,
and refresh the tree, the open note (keeping its scroll position) and the indexes."""

from __future__ import annotations

from pathlib import Path

from ..core.scan import scan
from ..core.vault import Change, Vault, read_change
from .history import NOTE_PAGE, Location


class LiveReloadMixin:
    def _files_changed(self, paths: list[str]) -> None:
        vault = self.vault
        if vault is None:
            return
        if not vault.root.is_dir():
            self.watcher.stop()
            self.show_message(
                "The vault folder is gone",
                f"{vault.root} was moved or deleted. Open it again from File > Recent Vaults "
                "once it is back.",
            )
            return
        root = vault.root
        known = list(vault.notes) + list(vault.attachments)

        def read() -> list[Change]:
            return [read_change(root, p) for p in expand_folders(root, paths, known)]

        self.background.run("changes", read, lambda changes: self._apply_changes(vault, changes))

    def _apply_changes(self, vault: Vault, changes: list[Change]) -> None:
        if vault is not self.vault:
            return
        applied = [c.path for c in changes if vault.apply(c) != "ignored"]
        if not applied:
            return
        self.pages.invalidate(applied)
        self._refresh_trees()
        self._update_counts()
        self.finder.vault_changed(applied)
        self._store_changes(vault, changes)
        shown = self._shown
        if shown is not None:
            if shown.kind == NOTE_PAGE and shown.key not in vault.notes:
                self.show_message(
                    "This note was deleted",
                    f"{shown.key} no longer exists in the vault. Go back, or pick another note.",
                )
            elif shown.kind != "message":
                scroll = self.note_pane.scroll_position()
                self._render(Location(shown.kind, shown.key, scroll=scroll))
        self.vaultChanged.emit(applied)

    def _store_changes(self, vault: Vault, changes: list[Change]) -> None:
        """Keep the index cache in step (in the background: it writes to disk)."""
        cache = self.cache
        if cache is None:
            return
        changed = [(c.note, c.entry) for c in changes if c.note is not None and c.entry]
        removed = [c.path for c in changes if c.entry is None]
        if changed or removed:
            self.background.run(
                "cache-write", lambda: cache.update_notes(changed, removed), lambda _r: None
            )


def expand_folders(root: Path, paths: list[str], known: list[str]) -> list[str]:
    """Paths of files to re-read: a changed folder (renamed, deleted) stands for every file
    the index knows under it and every file now in it."""
    files: list[str] = []
    for path in paths:
        if not path.endswith("/"):
            files.append(path)
            continue
        files.extend(p for p in known if p.startswith(path))
        folder = root / path.rstrip("/")
        if folder.is_dir():
            try:
                listing = scan(folder)
            except OSError:
                continue
            files.extend(path + e.path for e in listing.notes + listing.attachments)
    return list(dict.fromkeys(files))
