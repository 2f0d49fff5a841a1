"""`RenderOptions`: what the window chooses per render, beyond the note itself.

Frozen and hashable: the renderer's cache is keyed by it, so a page rendered for a narrower
column, with a callout unfolded, or for print is never mistaken for another.
"""

from __future__ import annotations

from dataclasses import dataclass

from .images import MAX_WIDTH

APP = "app"  # links per the `hrefs` contract, for the note pane
PRINT = "print"  # citations as the video's web address at that second (PDF, paper)
EXPORT = "export"  # a standalone HTML file: PRINT, plus notes as relative .html, images inlined
TARGETS = (APP, PRINT, EXPORT)


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """`image_width`: the widest an image is drawn, in px (the pane's reading column: images
    wider than it are scaled down keeping their aspect ratio).

    `toggled`: ids of foldable blocks shown opposite to their default: a folded callout
    (``> [!faq]-``) listed here is open, an open one (``+`` or none) is closed; ``properties``
    closes the Properties block. Ids are the ``callout:`` hrefs' targets (see `hrefs`).

    `target`: APP, PRINT or EXPORT (what links point at)."""

    image_width: int = MAX_WIDTH
    toggled: frozenset[str] = frozenset()
    target: str = APP

    def __post_init__(self) -> None:
        if self.target not in TARGETS:
            raise ValueError(f"unknown render target {self.target!r}: expected one of {TARGETS}")
        if self.image_width < 16:
            object.__setattr__(self, "image_width", 16)

    def flipped(self, block_id: str) -> RenderOptions:
        """These options with the fold of `block_id` flipped (what a click on its marker asks)."""
        return RenderOptions(self.image_width, self.toggled ^ {block_id}, self.target)


DEFAULT = RenderOptions()
