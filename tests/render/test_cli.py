"""`python -m viewer render VAULT NOTE [--theme]` prints what the pane would show."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO
from tests.render.html_tree import body, parse
from viewer.cli import main
from viewer.render.theme import palette


def test_render_a_note_by_any_name(sample_vault_path, capsysbinary):
    assert main(["render", str(sample_vault_path), "Start Here", "--no-cache"]) == 0
    html = capsysbinary.readouterr().out.decode("utf-8")
    tree = body(html)
    assert tree.find("h1").text() == "Welcome to Vault Viewer"
    assert parse(html).find("style") is not None


def test_render_dark_theme_and_topics(sample_vault_path, capsysbinary):
    assert main(["render", str(sample_vault_path), "Tomas Reyes", "--theme", "dark"]) == 0
    html = capsysbinary.readouterr().out.decode("utf-8")
    assert palette("dark").background in html
    assert "Mentioned in 3 notes" in body(html).text()


def test_render_unknown_note_exits_2(sample_vault_path, capsys):
    assert main(["render", str(sample_vault_path), "No Such Thing"]) == 2
    assert "no note or linked topic" in capsys.readouterr().err


def test_python_m_viewer_render(sample_vault_path):
    result = subprocess.run(
        [sys.executable, "-m", "viewer", "render", str(sample_vault_path), "Design Notes"],
        cwd=REPO,
        capture_output=True,
        timeout=120,
        env={"PYTHONIOENCODING": "ascii", "PATH": ""},
    )
    assert result.returncode == 0, result.stderr
    html = result.stdout.decode("utf-8")
    assert body(html).find("h2", id="colour") is not None
