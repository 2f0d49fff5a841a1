"""`python -m viewer doctor|show`: JSON shapes, readable summaries and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO
from viewer.cli import main


def run_json(capsys, *argv: str):
    assert main([*argv, "--json"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return json.loads(captured.out)


def one_line_error(capsys, *argv: str) -> str:
    assert main(list(argv)) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().split("\n")
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.err
    return lines[0]


def test_doctor_json_shape_and_numbers(sample_vault_path, capsys):
    report = run_json(capsys, "doctor", str(sample_vault_path), "--no-cache")
    assert {"notes", "links", "unresolved_topics", "timestamps", "problems"} <= set(report)
    assert report["notes"] == 29
    assert report["links"] == {"total": 150, "resolved": 138, "unresolved": 12}
    assert report["unresolved_topics"] == 3
    stamps = report["timestamps"]
    assert set(stamps) == {"total", "valid", "invalid", "examples"}
    assert (stamps["total"], stamps["valid"], stamps["invalid"]) == (83, 82, 1)
    assert stamps["examples"] == [
        {"path": "field-signals/bat_echolocation.md", "line": 18, "text": "[N/A]", "data_t": "N/A"}
    ]
    assert report["problems"] == [
        {
            "path": "deepcast/future_of_work.md",
            "kind": "ambiguous-name",
            "detail": "same name as makers-hour/future_of_work.md",
        },
        {
            "path": "makers-hour/future_of_work.md",
            "kind": "ambiguous-name",
            "detail": "same name as deepcast/future_of_work.md",
        },
    ]


def test_doctor_summary(sample_vault_path, capsys):
    assert main(["doctor", str(sample_vault_path)]) == 0
    out = capsys.readouterr().out
    assert "Notes: 29" in out
    assert "Links: 150 total, 138 resolved, 12 unresolved (3 topics without a note)" in out
    assert "Timestamps: 83 total, 82 valid, 1 invalid" in out
    assert "invalid: field-signals/bat_echolocation.md:18  '[N/A]'" in out
    assert "Problems: 2:" in out
    assert "ambiguous-name: 2" in out
    with pytest.raises(json.JSONDecodeError):
        json.loads(out)


def test_doctor_reports_problems_of_a_broken_vault(make_vault, capsys):
    root = make_vault(
        {
            "a.md": "---\n[broken\n---\n![[gone.png]] [[b#Nowhere]] [[b#^nope]] [[b#There]]\n",
            "b.md": "## There\n",
            "c.md": '<a class="yt-timestamp" data-t="00:00:05">[00:00:05]</a>\n',
        }
    )
    report = run_json(capsys, "doctor", str(root), "--no-cache")
    kinds = [(p["path"], p["kind"]) for p in report["problems"]]
    assert kinds == [
        ("a.md", "frontmatter"),
        ("a.md", "missing-embed"),
        ("a.md", "missing-heading"),
        ("a.md", "missing-heading"),
        ("c.md", "no-video-id"),
    ]
    assert all(set(p) == {"path", "kind", "detail"} for p in report["problems"])
    assert main(["doctor", str(root), "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert "... 4 more (use --json for all)" in out


def test_missing_vault_is_one_line_and_exit_2(tmp_path, capsys):
    missing = tmp_path / "absent"
    assert "vault folder not found" in one_line_error(capsys, "doctor", str(missing))
    assert "vault folder not found" in one_line_error(capsys, "show", str(missing), "x")
    a_file = tmp_path / "file.txt"  # a note file would stand for its vault
    a_file.write_text("x", encoding="utf-8")
    assert "not a folder or a markdown note" in one_line_error(capsys, "doctor", str(a_file))


def test_show_json_shape(sample_vault_path, capsys):
    data = run_json(capsys, "show", str(sample_vault_path), "Pricing Handmade Work")
    assert set(data) >= {
        "path",
        "title",
        "video_id",
        "aliases",
        "tags",
        "headings",
        "links",
        "backlinks",
        "timestamps",
    }
    assert data["path"] == "makers-hour/pricing_handmade_work.md"
    assert data["video_id"] == "Lr8uT1eXo5D"
    assert data["links"][1] == {
        "target": "future_of_work",
        "alias": "what a small shop can be",
        "heading": None,
        "line": 22,
        "embed": False,
        "resolved": "makers-hour/future_of_work.md",
    }
    assert all(set(b) == {"path", "title", "line", "context"} for b in data["backlinks"])
    assert all(set(t) == {"text", "seconds", "url", "line", "context"} for t in data["timestamps"])
    stamp = next(t for t in data["timestamps"] if t["line"] == 16)
    assert stamp["text"] == "[41:50]"
    assert stamp["seconds"] == 2510
    assert stamp["url"] == "https://www.youtube.com/watch?v=Lr8uT1eXo5D&t=2510s"
    assert stamp["context"].endswith("not how the customer pays less [41:50].")


@pytest.mark.parametrize(
    "name",
    [
        "Welcome.md",
        "Welcome",
        "welcome",
        "Start Here",
        "home",
        "/Welcome.md",
    ],
)
def test_show_finds_a_note_by_any_name(sample_vault_path, capsys, name):
    data = run_json(capsys, "show", str(sample_vault_path), name, "--no-cache")
    assert data["path"] == "Welcome.md"
    assert data["aliases"] == ["Start Here", "Home"]
    assert data["tags"] == ["guide", "guide/getting-started", "sample"]


def test_show_paths_pick_the_channel(sample_vault_path, capsys):
    for channel in ("deepcast", "makers-hour"):
        data = run_json(capsys, "show", str(sample_vault_path), f"{channel}/future_of_work")
        assert data["path"] == f"{channel}/future_of_work.md"


def test_show_a_topic(sample_vault_path, capsys):
    data = run_json(capsys, "show", str(sample_vault_path), "tomas_reyes")
    assert data["path"] is None
    assert data["title"] == "Tomas Reyes"
    assert [(b["path"], b["line"]) for b in data["backlinks"]] == [
        ("deepcast/automation_and_skill_formation.md", 10),
        ("deepcast/future_of_work.md", 10),
        ("makers-hour/future_of_work.md", 12),
    ]
    quoted = data["backlinks"][1]["context"]
    assert quoted.startswith("Tomas Reyes has spent fifteen years")
    assert quoted.endswith('"which jobs will be automated?"')


def test_show_text_output(sample_vault_path, capsys):
    assert main(["show", str(sample_vault_path), "Pricing Handmade Work"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Pricing Handmade Work  (makers-hour/pricing_handmade_work.md)\n")
    assert "Video: Lr8uT1eXo5D" in out
    assert "  line 16: [41:50] -> https://www.youtube.com/watch?v=Lr8uT1eXo5D&t=2510s" in out
    assert "Backlinks (6):" in out
    assert main(["show", str(sample_vault_path), "Ada Moreno"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Ada Moreno  (no note: a topic)\n")
    assert "Backlinks (6):" in out


def test_show_unknown_name_is_one_line_and_exit_2(sample_vault_path, capsys):
    line = one_line_error(capsys, "show", str(sample_vault_path), "No Such Thing")
    assert (
        line
        == f"vault-viewer: no note or linked topic named 'No Such Thing' in {sample_vault_path}"
    )


def test_python_m_viewer(sample_vault_path, tmp_path):
    env = {"PATH": "", "VAULT_VIEWER_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run(
        [sys.executable, "-m", "viewer", "doctor", str(sample_vault_path), "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["links"]["total"] == 150
    missing = subprocess.run(
        [sys.executable, "-m", "viewer", "show", str(tmp_path / "absent"), "x"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert missing.returncode == 2
    assert missing.stdout == ""
    assert missing.stderr.count("\n") == 1
    assert missing.stderr.startswith("vault-viewer: vault folder not found:")


def test_a_note_path_stands_for_its_vault_and_the_note(sample_vault_path, capsys):
    from viewer.cli import main

    note = sample_vault_path / "library" / "Design Notes.md"
    assert main(["show", str(note), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["path"] == "library/Design Notes.md"
    assert main(["doctor", str(note), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["notes"] == 29
    assert main(["show", str(note), "Welcome", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["path"] == "Welcome.md"
