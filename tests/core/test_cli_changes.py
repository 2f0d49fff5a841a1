"""`python -m viewer changes VAULT [--json] [--mark-read]`: the list against the baseline."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import REPO, write_files
from tests.core.test_changes import FILES, edit
from viewer.cli import main
from viewer.core.changes import ChangeTracker
from viewer.core.vault import Vault

EMPTY = {"added": [], "changed": [], "removed": []}


def changes_json(capsys, root, *extra: str) -> dict:
    assert main(["changes", str(root), "--json", *extra]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return json.loads(captured.out)


def test_first_run_lists_nothing_then_the_changes(capsys, tmp_path):
    root = write_files(tmp_path / "v", FILES)
    assert changes_json(capsys, root) == EMPTY
    edit(root, "alpha/two.md", "Edited.\n")
    edit(root, "gamma/new.md", "New.\n")
    (root / "top.md").unlink()
    expected = {"added": ["gamma/new.md"], "changed": ["alpha/two.md"], "removed": ["top.md"]}
    assert changes_json(capsys, root) == expected
    assert changes_json(capsys, root) == expected  # listing never moves the baseline


def test_mark_read_lists_then_moves_the_baseline(capsys, tmp_path):
    root = write_files(tmp_path / "v", FILES)
    changes_json(capsys, root)
    edit(root, "beta/three.md", "Edited.\n")
    expected = {"added": [], "changed": ["beta/three.md"], "removed": []}
    assert changes_json(capsys, root, "--mark-read") == expected
    assert changes_json(capsys, root) == EMPTY


def test_the_window_and_the_command_line_share_the_baseline(capsys, tmp_path):
    root = write_files(tmp_path / "v", FILES)
    ChangeTracker(root).changes(Vault.load(root))  # as the window's first look does
    edit(root, "top.md", "Edited.\n")
    assert changes_json(capsys, root)["changed"] == ["top.md"]
    ChangeTracker(root).mark_all_read(Vault.load(root))  # "Mark All Read"
    assert changes_json(capsys, root) == EMPTY


def test_readable_summary_grouped_by_channel(capsys, tmp_path):
    root = write_files(tmp_path / "v", FILES)
    assert main(["changes", str(root)]) == 0
    assert "First look at this vault" in capsys.readouterr().out
    assert main(["changes", str(root)]) == 0
    assert capsys.readouterr().out.strip() == "No changes since the baseline."
    edit(root, "alpha/two.md", "Edited.\n")
    edit(root, "new top.md", "New.\n")
    (root / "beta/three.md").unlink()
    assert main(["changes", str(root), "--mark-read"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Since the baseline: 1 added (+), 1 changed (~), 1 removed (-)",
        "alpha/",
        "  ~ alpha/two.md",
        "beta/",
        "  - beta/three.md",
        "(top level)",
        "  + new top.md",
        "Marked all read: the vault as it is now is the new baseline.",
    ]


@pytest.mark.skipif(sys.platform != "linux", reason="needs byte file names and newlines")
def test_hostile_names_stay_exact_in_json_and_on_one_line_in_text(capsys, tmp_path):
    root = write_files(tmp_path / "v", FILES)
    changes_json(capsys, root)
    odd = os.fsdecode(b"bad-\xff.md")
    write_files(root, {odd: "x", "two\nlines.md": "y"})
    data = changes_json(capsys, root)
    assert data["added"] == sorted([odd, "two\nlines.md"])
    assert main(["changes", str(root)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "  + two\\nlines.md" in out
    assert "  + bad-\\udcff.md" in out


def test_a_missing_vault_is_one_line_and_status_2(capsys, tmp_path):
    assert main(["changes", str(tmp_path / "nowhere")]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip().splitlines() == [
        f"vault-viewer: vault folder not found: {tmp_path / 'nowhere'}"
    ]


def test_runs_as_a_module_without_qt(tmp_path):
    root = write_files(tmp_path / "v", FILES)
    script = (
        "import sys, runpy; sys.modules['PySide6'] = None; sys.argv = ['viewer', 'changes', "
        f"{str(root)!r}, '--json']; runpy.run_module('viewer', run_name='__main__')"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == EMPTY
