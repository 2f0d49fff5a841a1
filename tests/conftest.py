"""Shared fixtures: the bundled sample vault, the shared real vault (when present), and
small vaults written into tmp_path."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLE_VAULT = REPO / "resources" / "sample-vault"
SHARED_VAULT = REPO.parent / "shared" / "vaults" / "tubegraph-lexfridman"

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session", autouse=True)
def _private_user_folders(tmp_path_factory):
    """Tests never touch the user's real cache, config or data folders."""
    home = tmp_path_factory.mktemp("user")
    names = {
        "VAULT_VIEWER_CACHE_DIR": home / "cache" / "vault-viewer",
        "XDG_CACHE_HOME": home / "cache",
        "XDG_CONFIG_HOME": home / "config",
        "XDG_DATA_HOME": home / "data",
    }
    saved = {name: os.environ.get(name) for name in names}
    os.environ.update({name: str(path) for name, path in names.items()})
    yield home
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(autouse=True)
def _private_vault_state(tmp_path_factory, monkeypatch):
    """Per-vault reading state (workspace, bookmarks) starts empty in every test: a window
    closed by one test must not restore its tabs in the next."""
    monkeypatch.setenv("VAULT_VIEWER_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))


@pytest.fixture(scope="session")
def sample_vault_path() -> Path:
    return SAMPLE_VAULT


@pytest.fixture(scope="session")
def sample_vault(sample_vault_path):
    from viewer.core.vault import Vault

    return Vault.load(sample_vault_path)


@pytest.fixture(scope="session")
def shared_vault_path() -> Path:
    if not SHARED_VAULT.is_dir():
        pytest.skip("../shared/vaults/tubegraph-lexfridman is not present")
    return SHARED_VAULT


@pytest.fixture
def sample_copy(tmp_path) -> Path:
    """A writable copy of the sample vault (tests never write into resources/)."""
    target = tmp_path / "sample"
    shutil.copytree(SAMPLE_VAULT, target)
    return target


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write {relative path: text or bytes} under `root` (text as UTF-8, newlines kept)."""
    root.mkdir(parents=True, exist_ok=True)
    for rel, content in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8", newline="")
    return root


VaultWriter = Callable[[dict[str, str | bytes]], Path]


@pytest.fixture
def make_vault(tmp_path) -> VaultWriter:
    """Write {relative path: text or bytes} into a fresh folder and return it."""

    def write(files: dict[str, str | bytes]) -> Path:
        return write_files(tmp_path / "vault", files)

    return write


def _synthetic(folder: Path, notes: int | None) -> Path:
    benchmarks = str(REPO / "benchmarks")
    sys.path.insert(0, benchmarks)
    try:
        from synth_vault import generate
    finally:
        sys.path.remove(benchmarks)
    return generate(folder, notes)


@pytest.fixture(scope="session")
def medium_vault(tmp_path_factory) -> Path:
    """4,000 notes shaped like the real wiki: big enough (over 24 MB) that indexing uses
    worker processes and search is built in a child process."""
    return _synthetic(tmp_path_factory.mktemp("medium") / "vault", 4000)


@pytest.fixture(scope="session")
def benchmark_vault(tmp_path_factory) -> Path:
    """The benchmark vault: 21,273 notes shaped like the real wiki (about 170 MB)."""
    return _synthetic(tmp_path_factory.mktemp("bench") / "vault", None)


@pytest.fixture(scope="session")
def qapp_cls():
    """The app's own QApplication subclass, so tests see what users run (pytest-qt)."""
    from viewer.app import application_class

    return application_class()
