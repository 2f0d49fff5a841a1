"""Workspace state: tabs, histories, split, panels and tree mode saved and restored per vault,
with damaged or foreign files refused without harm."""

from __future__ import annotations

import json

import pytest

from viewer.core.userdirs import config_root
from viewer.session.state_files import backup_path
from viewer.session.workspace_state import (
    FORMAT_VERSION,
    HISTORY_LIMIT,
    PageState,
    TabGroupState,
    TabState,
    WorkspaceState,
    load_workspace,
    save_workspace,
    workspace_path,
)

NOTE = PageState("note", "deepcast/future_of_work.md", scroll=420)
TOPIC = PageState("topic", "Elon Musk")
HEADING = PageState("note", "Welcome.md", anchor="Getting around", scroll=12)
MESSAGE = PageState("message", "missing note")


def split_workspace() -> WorkspaceState:
    left = TabGroupState(
        [TabState(NOTE, back=[TOPIC], forward=[HEADING]), TabState(PageState("tag", "design"))],
        active=1,
    )
    right = TabGroupState([TabState(PageState("episode", "dQw4w9WgXcQ", scroll=3))])
    return WorkspaceState(
        [left, right],
        active_group=1,
        panels={"main": [250, 900, 300], "note-area": b"\x00\xff\x10Qt state"},
        tree_mode="channels",
    )


def test_round_trip_through_the_config_folder(sample_copy):
    state = split_workspace()
    assert save_workspace(sample_copy, state)
    path = workspace_path(sample_copy)
    assert config_root() in path.parents
    assert not (sample_copy / "workspace.json").exists()
    restored = load_workspace(sample_copy)
    assert restored == state
    assert restored.split
    assert restored.groups[0].tabs[0].page.scroll == 420
    assert restored.panels["note-area"] == b"\x00\xff\x10Qt state"


def test_the_file_is_plain_json_with_a_version(tmp_path):
    path = tmp_path / "w.json"
    save_workspace(tmp_path, split_workspace(), path)
    data = json.loads(path.read_text())
    assert data["version"] == FORMAT_VERSION
    assert data["groups"][1]["tabs"][0]["page"] == {
        "kind": "episode",
        "key": "dQw4w9WgXcQ",
        "scroll": 3,
    }
    assert data["panels"]["main"] == [250, 900, 300]
    assert WorkspaceState.from_json(json.loads(json.dumps(split_workspace().to_json()))) == (
        split_workspace()
    )


def test_nothing_saved_means_an_empty_workspace(tmp_path):
    state = load_workspace(tmp_path, tmp_path / "none.json")
    assert state == WorkspaceState()
    assert not state.split


def test_histories_are_bounded_nearest_entries_kept(tmp_path):
    back = [PageState("note", f"b{i}.md") for i in range(HISTORY_LIMIT + 30)]
    forward = [PageState("note", f"f{i}.md") for i in range(HISTORY_LIMIT + 30)]
    state = WorkspaceState([TabGroupState([TabState(NOTE, back, forward)])])
    path = tmp_path / "w.json"
    save_workspace(tmp_path, state, path)
    tab = load_workspace(tmp_path, path).groups[0].tabs[0]
    assert tab.back == back[-HISTORY_LIMIT:]  # the most recent pages, nearest last
    assert tab.forward == forward[:HISTORY_LIMIT]


@pytest.mark.parametrize(
    "content", [b"{", b"\x00\x01binary", b'"a string"', b"[1, 2]", b"{" * 50_000]
)
def test_damaged_files_restore_empty_and_are_kept(tmp_path, content):
    path = tmp_path / "w.json"
    path.write_bytes(content)
    assert load_workspace(tmp_path, path) == WorkspaceState()
    assert backup_path(path).read_bytes() == content


@pytest.mark.parametrize("version", [None, 0, 2, "1", 99])
def test_other_versions_restore_empty_and_are_kept(tmp_path, version):
    path = tmp_path / "w.json"
    data = split_workspace().to_json()
    data["version"] = version
    path.write_text(json.dumps(data))
    assert load_workspace(tmp_path, path) == WorkspaceState()
    assert json.loads(backup_path(path).read_text())["version"] == version


def test_malformed_parts_are_skipped_and_indexes_clamped():
    data = {
        "version": FORMAT_VERSION,
        "groups": [
            {"tabs": "not a list"},
            {"tabs": []},
            {
                "tabs": [
                    {"page": {"kind": "note", "key": "a.md", "scroll": -4, "anchor": 5}},
                    {"page": {"kind": 3}},
                    {"page": {"key": "no kind"}},
                    "junk",
                    {
                        "page": {"kind": "topic", "key": "x", "scroll": True},
                        "back": [{"kind": "note", "key": "b.md"}, None, {"kind": ""}],
                        "forward": "junk",
                    },
                ],
                "active": 99,
            },
            {"tabs": [{"page": {"kind": "folder", "key": "deepcast"}}], "active": "first"},
            {"tabs": [{"page": {"kind": "note", "key": "third group.md"}}]},
        ],
        "active_group": -3,
        "panels": {
            "ok": [1, 2],
            "negative": [1, -2],
            "bool": [True],
            "bad64": {"base64": "***"},
            "number": 5,
        },
        "tree_mode": ["not", "a", "string"],
        "unknown_field": {"ignored": True},
    }
    state = WorkspaceState.from_json(data)
    assert len(state.groups) == 2  # empty and unreadable groups are closed; at most two
    first, second = state.groups
    assert [t.page for t in first.tabs] == [PageState("note", "a.md"), PageState("topic", "x")]
    assert first.active == 1
    assert first.tabs[1].back == [PageState("note", "b.md")]
    assert first.tabs[1].forward == []
    assert second.tabs[0].page == PageState("folder", "deepcast")
    assert second.active == 0
    assert state.active_group == 0
    assert state.panels == {"ok": [1, 2]}
    assert state.tree_mode is None


def test_hostile_keys_round_trip_exactly(tmp_path):
    pages = [
        PageState("note", "bad\udcffname.md"),
        PageState("search", '"quote" \\ \x00 \u202e'),
        PageState("note", "笔记/ünïcode.md", anchor="\n<b>heading</b>"),
    ]
    state = WorkspaceState([TabGroupState([TabState(p) for p in pages], active=2)])
    path = tmp_path / "w.json"
    assert save_workspace(tmp_path, state, path)
    assert load_workspace(tmp_path, path) == state


def test_an_unwritable_config_folder_reports_failure(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert save_workspace(tmp_path, split_workspace(), blocker / "w.json") is False
