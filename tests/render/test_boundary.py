"""The vault's boundary (issue 16): embeds, images and attachments resolve only to real paths
inside the vault root: symlinked files and folders, ``..`` and case tricks are refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.render.files import png
from viewer.core.vault import Vault
from viewer.render import NoteRenderer, boundary
from viewer.render.boundary import inside_file, inside_root

SECRET = "TOP SECRET outside text"

needs_symlinks = pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks here")


@pytest.fixture
def outside(tmp_path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.md").write_text(f"# Secret\n\n{SECRET}\n")
    (folder / "pic.png").write_bytes(png(20, 10))
    (folder / "doc.pdf").write_bytes(b"%PDF-1.4\n")
    return folder


def render(root: Path, path: str = "n.md") -> str:
    return NoteRenderer(Vault.load(root, workers=1)).render(path).html


@needs_symlinks
def test_symlinked_files_pointing_out_are_not_shown(make_vault, outside):
    root = make_vault(
        {
            "n.md": (
                "![[link.md]]\n\n![[pic.png]]\n\n![img](pic.png)\n\n[doc](doc.pdf) [[doc.pdf]]\n"
            ),
            "inside.png": png(4, 4),
        }
    )
    (root / "link.md").symlink_to(outside / "secret.md")
    (root / "pic.png").symlink_to(outside / "pic.png")
    (root / "doc.pdf").symlink_to(outside / "doc.pdf")
    (root / "ok.png").symlink_to(root / "inside.png")  # inside to inside: fine
    html = render(root)
    assert SECRET not in html
    assert str(outside) not in html and "<img" not in html
    assert "file:" not in html
    assert inside_file(root, root / "ok.png") == (root / "inside.png").resolve()
    if "link.md" in Vault.load(root, workers=1).notes:  # (the core may already skip it)
        assert SECRET not in render(root, "link.md")


@needs_symlinks
def test_a_symlinked_folder_pointing_out_is_not_read(make_vault, outside):
    root = make_vault({"n.md": "![[ext/secret]]\n\n![[ext/pic.png]]\n\n![x](ext/pic.png)\n"})
    (root / "ext").symlink_to(outside, target_is_directory=True)
    html = render(root)
    assert SECRET not in html and "<img" not in html and str(outside) not in html


def test_dot_dot_and_absolute_paths_stay_out(make_vault, outside):
    root = make_vault({"sub/n.md": ""})
    relative = os.path.relpath(outside, root / "sub")
    (root / "sub" / "n.md").write_text(
        f"![[{relative}/secret.md]] ![[../../outside/pic.png]]\n\n"
        f"![a]({relative}/pic.png) ![b](/{outside}/pic.png) [c]({relative}/doc.pdf)\n\n"
        f"<img src='{(outside / 'pic.png').as_uri()}'> "
        f"<a href='{(outside / 'doc.pdf').as_uri()}'>d</a>\n"
    )
    html = render(root, "sub/n.md")
    assert SECRET not in html and "<img" not in html and "file:" not in html


@needs_symlinks
def test_case_tricks(tmp_path, monkeypatch):
    real = tmp_path / "Vault"
    real.mkdir()
    (real / "pic.png").write_bytes(png(2, 2))
    (tmp_path / "Vault-evil").mkdir()
    (tmp_path / "Vault-evil" / "pic.png").write_bytes(png(2, 2))
    (tmp_path / "vault").mkdir()  # a different folder on a case-sensitive file system
    (tmp_path / "vault" / "pic.png").write_bytes(png(2, 2))
    assert inside_root(real, tmp_path / "Vault-evil" / "pic.png") is None
    assert inside_root(real, tmp_path / "vault" / "pic.png") is None
    assert inside_root(real, real / ".." / "Vault" / "pic.png") is not None
    # A case-insensitive file system: VAULT is the same folder, and realpath keeps the case
    # it was given (as on macOS). Simulated by an alias whose realpath is not followed.
    (tmp_path / "VAULT").symlink_to(real, target_is_directory=True)
    monkeypatch.setattr(boundary.os.path, "realpath", lambda p, strict=False: os.path.abspath(p))
    boundary._real_root.cache_clear()
    assert inside_root(real, tmp_path / "VAULT" / "pic.png") is not None
    assert inside_root(real, tmp_path / "Vault-evil" / "pic.png") is None
    boundary._real_root.cache_clear()


def test_loops_and_missing_targets(tmp_path):
    if hasattr(os, "symlink"):
        (tmp_path / "a").symlink_to(tmp_path / "b")
        (tmp_path / "b").symlink_to(tmp_path / "a")
        assert inside_root(tmp_path, tmp_path / "a") is None
    assert inside_root(tmp_path, tmp_path / "missing.png") is None
    assert inside_file(tmp_path, tmp_path) is None  # a folder is no file
