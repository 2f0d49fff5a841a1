"""The open workspace as plain data: tab groups, their tabs and histories, panels, tree mode.

The window saves it when it closes and restores it on the next launch of the same vault. It is
plain, JSON-serialisable data (no widget classes), so the rules are tested without a display
and a file written by another version can be read, or refused, without harm. A page is a kind
("note", "topic", "tag", "episode", "folder", "message", ...) and a key; whether the page still
exists is for the window to decide when it restores it. Kept per vault in the config folder.
"""

from __future__ import annotations

import base64
import binascii
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.userdirs import vault_state_dir
from .state_files import keep_backup, load_json, save_json

FILE_NAME = "workspace.json"
FORMAT_VERSION = 1
HISTORY_LIMIT = 50  # back and forward entries kept per tab, each way
MAX_GROUPS = 2  # one group, or two side by side
MAX_TABS = 100  # per group: a file holding more was not written by us


@dataclass(frozen=True, slots=True)
class PageState:
    """A page and where the reader was on it: `anchor` a heading or block to land on,
    `scroll` the scroll bar's value when the reader left."""

    kind: str
    key: str = ""
    anchor: str | None = None
    scroll: int = 0

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "key": self.key}
        if self.anchor is not None:
            data["anchor"] = self.anchor
        if self.scroll:
            data["scroll"] = self.scroll
        return data

    @classmethod
    def from_json(cls, data: Any) -> PageState | None:
        if not isinstance(data, dict):
            return None
        kind, key = data.get("kind"), data.get("key", "")
        anchor, scroll = data.get("anchor"), data.get("scroll", 0)
        if not (isinstance(kind, str) and kind and isinstance(key, str)):
            return None
        if anchor is not None and not isinstance(anchor, str):
            anchor = None
        if not isinstance(scroll, int) or isinstance(scroll, bool) or scroll < 0:
            scroll = 0
        return cls(kind, key, anchor, scroll)


@dataclass(slots=True)
class TabState:
    """One tab: the page it shows and its own back/forward history (nearest entry last in
    `back`, nearest first in `forward`), each bounded by HISTORY_LIMIT when saved."""

    page: PageState
    back: list[PageState] = field(default_factory=list)
    forward: list[PageState] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "page": self.page.to_json(),
            "back": [p.to_json() for p in self.back[-HISTORY_LIMIT:]],
            "forward": [p.to_json() for p in self.forward[:HISTORY_LIMIT]],
        }

    @classmethod
    def from_json(cls, data: Any) -> TabState | None:
        if not isinstance(data, dict):
            return None
        page = PageState.from_json(data.get("page"))
        if page is None:
            return None
        back = _pages(data.get("back"))[-HISTORY_LIMIT:]
        forward = _pages(data.get("forward"))[:HISTORY_LIMIT]
        return cls(page, back, forward)


@dataclass(slots=True)
class TabGroupState:
    """The tabs of one group, in order, and which of them is active."""

    tabs: list[TabState] = field(default_factory=list)
    active: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"tabs": [t.to_json() for t in self.tabs], "active": self.active}

    @classmethod
    def from_json(cls, data: Any) -> TabGroupState | None:
        """A group with at least one readable tab, else None (an empty group is closed)."""
        if not isinstance(data, dict) or not isinstance(data.get("tabs"), list):
            return None
        tabs = [t for t in map(TabState.from_json, data["tabs"][:MAX_TABS]) if t is not None]
        if not tabs:
            return None
        return cls(tabs, _index(data.get("active"), len(tabs)))


@dataclass(slots=True)
class WorkspaceState:
    """Everything restored on the next launch. `groups` holds one group, or two when the view
    is split; `panels` maps a panel or splitter name to its sizes (a list of ints) or to an
    opaque saved state (bytes, e.g. `QSplitter.saveState()`); `tree_mode` names the tree's
    mode. An empty `groups` means: open the vault as if for the first time."""

    groups: list[TabGroupState] = field(default_factory=list)
    active_group: int = 0
    panels: dict[str, list[int] | bytes] = field(default_factory=dict)
    tree_mode: str | None = None

    @property
    def split(self) -> bool:
        return len(self.groups) > 1

    def to_json(self) -> dict[str, Any]:
        return {
            "version": FORMAT_VERSION,
            "groups": [g.to_json() for g in self.groups[:MAX_GROUPS]],
            "active_group": self.active_group,
            "panels": {name: _panel_to_json(value) for name, value in self.panels.items()},
            "tree_mode": self.tree_mode,
        }

    @classmethod
    def from_json(cls, data: Any) -> WorkspaceState:
        """The workspace described by `data`, skipping whatever is malformed (never raises)."""
        if not isinstance(data, dict):
            return cls()
        raw_groups = data.get("groups")
        groups: list[TabGroupState] = []
        if isinstance(raw_groups, list):
            parsed = (TabGroupState.from_json(g) for g in raw_groups[: MAX_GROUPS * 4])
            groups = [g for g in parsed if g is not None][:MAX_GROUPS]
        panels: dict[str, list[int] | bytes] = {}
        raw_panels = data.get("panels")
        if isinstance(raw_panels, dict):
            for name, value in raw_panels.items():
                panel = _panel_from_json(value)
                if isinstance(name, str) and panel is not None:
                    panels[name] = panel
        tree_mode = data.get("tree_mode")
        return cls(
            groups,
            _index(data.get("active_group"), len(groups)),
            panels,
            tree_mode if isinstance(tree_mode, str) else None,
        )


def workspace_path(vault_root: str | os.PathLike[str]) -> Path:
    return vault_state_dir(vault_root) / FILE_NAME


def load_workspace(vault_root: str | os.PathLike[str], path: Path | None = None) -> WorkspaceState:
    """The workspace saved for the vault; an empty one when there is none, or when the file is
    damaged or from another version (that file is kept as `workspace.json.bak`)."""
    path = path or workspace_path(vault_root)
    data = load_json(path)
    if data is None:
        return WorkspaceState()
    if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
        version = data.get("version") if isinstance(data, dict) else None
        keep_backup(path, f"workspace version {version!r}, expected {FORMAT_VERSION}")
        return WorkspaceState()
    return WorkspaceState.from_json(data)


def save_workspace(
    vault_root: str | os.PathLike[str], state: WorkspaceState, path: Path | None = None
) -> bool:
    """Save atomically; False (logged) when the config folder cannot be written."""
    return save_json(path or workspace_path(vault_root), state.to_json())


def _pages(data: Any) -> list[PageState]:
    if not isinstance(data, list):
        return []
    return [p for p in map(PageState.from_json, data) if p is not None]


def _index(value: Any, length: int) -> int:
    """A stored index, clamped into range (0 for anything that is not an int)."""
    if not isinstance(value, int) or isinstance(value, bool) or length == 0:
        return 0
    return max(0, min(value, length - 1))


def _panel_to_json(value: list[int] | bytes) -> Any:
    if isinstance(value, bytes | bytearray):
        return {"base64": base64.b64encode(value).decode("ascii")}
    return [int(size) for size in value]


def _panel_from_json(value: Any) -> list[int] | bytes | None:
    if isinstance(value, list):
        if all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value):
            return list(value)
        return None
    if isinstance(value, dict) and isinstance(value.get("base64"), str):
        try:
            return base64.b64decode(value["base64"], validate=True)
        except (binascii.Error, ValueError):
            return None
    return None
