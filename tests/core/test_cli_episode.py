"""`python -m viewer episode VAULT VIDEO_ID [--json]`: one video's topics and timeline."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import REPO
from viewer.cli import main

VIDEO = "p0Wz_7HnYtE"


def test_json_shape(sample_vault_path, capsys):
    assert main(["episode", str(sample_vault_path), VIDEO, "--json", "--no-cache"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"video_id", "title", "channel", "topics", "timeline"}
    assert data["video_id"] == VIDEO
    assert data["title"].startswith("Tomas Reyes: Automation")
    assert data["channel"] == "deepcast"
    assert data["topics"] == [
        {"path": "deepcast/future_of_work.md", "title": "The Future of Work", "first_seconds": 400},
        {
            "path": "deepcast/automation_and_skill_formation.md",
            "title": "Automation and Skill Formation",
            "first_seconds": 1870,
        },
    ]
    timeline = data["timeline"]
    assert len(timeline) == 9
    assert all(set(entry) == {"seconds", "path", "context"} for entry in timeline)
    assert [e["seconds"] for e in timeline] == sorted(e["seconds"] for e in timeline)
    assert timeline[-1]["seconds"] == 4698
    assert timeline[-1]["context"].startswith("Workers should be able to carry credits")


def test_text_output(sample_vault_path, capsys):
    assert main(["episode", str(sample_vault_path), "Zc2-qF6yWhP", "--no-cache"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Kiln, Clay, and Cash Flow: A Potter's Year | Makers Hour #15")
    assert "Topics (3):" in out
    assert "7:05  Glaze Chemistry for Potters" in out


def test_unknown_video_is_one_line_and_exit_2(sample_vault_path, capsys):
    assert main(["episode", str(sample_vault_path), "nope", "--json", "--no-cache"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert "no note has videoId 'nope'" in captured.err


def test_missing_vault_exits_2(tmp_path, capsys):
    assert main(["episode", str(tmp_path / "nowhere"), VIDEO]) == 2
    assert "vault folder not found" in capsys.readouterr().err


def test_python_m_viewer_episode(sample_vault_path):
    result = subprocess.run(
        [sys.executable, "-m", "viewer", "episode", str(sample_vault_path), VIDEO, "--json"],
        cwd=REPO,
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.decode("utf-8"))["video_id"] == VIDEO
