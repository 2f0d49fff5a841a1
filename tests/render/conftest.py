"""Fixtures for renderer tests: the sample vault's renderer and throwaway vaults."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.render.html_tree import Node, body
from viewer.core.vault import Vault
from viewer.render import NoteRenderer, RenderedNote
from viewer.render.options import DEFAULT, RenderOptions


@pytest.fixture(scope="session")
def renderer(sample_vault) -> NoteRenderer:
    return NoteRenderer(sample_vault)


@pytest.fixture
def sample_page(renderer) -> Callable[[str], Node]:
    """Body tree of a sample-vault note, light theme."""

    def page(path: str) -> Node:
        renderer.theme = "light"
        return body(renderer.render(path).html)

    return page


RenderVault = Callable[..., tuple[RenderedNote, Node]]


@pytest.fixture
def render_vault(make_vault) -> RenderVault:
    """Write files into a fresh vault and render one note: (RenderedNote, body tree)."""

    def render(
        files: dict[str, str | bytes],
        path: str | None = None,
        theme: str = "light",
        options: RenderOptions = DEFAULT,
    ) -> tuple[RenderedNote, Node]:
        root: Path = make_vault(files)
        vault = Vault.load(root, workers=1)
        note = path or next(p for p in files if p.endswith(".md"))
        rendered = NoteRenderer(vault, theme=theme).render(note, options)
        return rendered, body(rendered.html)

    return render


@pytest.fixture
def render_one(render_vault) -> Callable[[str], Node]:
    """Body tree of a single note `note.md` with the given text."""

    def render(text: str, **files: str | bytes) -> Node:
        return render_vault({"note.md": text, **files}, "note.md")[1]

    return render
