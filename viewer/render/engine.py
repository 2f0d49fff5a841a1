"""Python-Markdown set up for Obsidian-flavoured notes, one instance per thread and depth.

A Markdown instance holds per-document state (the HTML stash, footnotes), so instances are
never shared between threads (`threading.local`), and an embed, rendered while its host is
mid-conversion, uses the instance one level deeper. Each conversion resets its instance
and reads everything note-specific from the `RenderContext` set on it.

Processor order (higher runs first) is what makes the pieces compose:

- preprocessors: normalise (30) > depth guard (29.5) > fenced code (29) > math (28.5) >
  line marks (28) >
  comments (27) > inline footnotes (26.5) > block spacing (26) > neutral "<" (20.5) >
  raw HTML blocks (20);
- inline: code spans (190) > citations (185) > escapes (180) > wikilinks (177) >
  footnotes (175) > links ... raw HTML (90) > bare URLs (85) > highlight (65) >
  strikethrough (64) > emphasis (60) > tags (55) > soft breaks (5);
- tree: footnotes (50) > footnotes elsewhere (49) > callouts (25) > split long texts
  (20.5) > inline (20) > join chunks (19.5) > links (17) > embeds (16) > structure (15).

A long note is converted in parts (`body_parts`, see `parts`), each part one conversion.
"""

from __future__ import annotations

import threading
import xml.etree.ElementTree as etree
from collections.abc import Iterator

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.footnotes import FootnoteExtension

from viewer.core import metadata

from . import linear_links, marks
from .callouts import BlockQuotes, Callouts
from .context import RenderContext
from .embeds import Embeds, embed_html
from .fences import FencedCode
from .formulas import MathBlocks
from .inline import (
    BARE_URL,
    HIGHLIGHT,
    SOFT_BREAK,
    STRIKE,
    TAG,
    TIMESTAMP,
    WIKILINK,
    BareUrlProcessor,
    HighlightProcessor,
    SoftBreakProcessor,
    StrikeProcessor,
    TagProcessor,
    TimestampProcessor,
    WikilinkProcessor,
)
from .inline_pass import InlinePass, JoinChunks, SplitLongText
from .links import LinkRewriter
from .lists import OrderedLists, UnorderedLists
from .options import APP
from .parts import (
    PART_CHARS,
    cut_long_lines,
    part_ranges,
    split_lines,
    splits,
    take_definitions,
)
from .properties import BLOCK_ID as PROPERTIES_ID
from .properties import properties_html
from .source import (
    BlockSpacing,
    Comments,
    DepthGuard,
    HtmlBlocks,
    InlineFootnotes,
    LineMarks,
    NeutralTags,
    body_source,
)
from .structure import FootnoteOrder, FootnotesElsewhere, Structure


class ObsidianExtension(Extension):
    """Registers every processor of the renderer on one Markdown instance."""

    def extendMarkdown(self, md: Markdown) -> None:
        linear_links.register(md)
        md.preprocessors.register(DepthGuard(md), "vv_depth_guard", 29.5)
        md.preprocessors.register(FencedCode(md), "vv_fenced_code", 29)
        md.preprocessors.register(MathBlocks(md), "vv_math", 28.5)
        md.preprocessors.register(LineMarks(md), "vv_line_marks", 28)
        md.preprocessors.register(Comments(md), "vv_comments", 27)
        md.preprocessors.register(InlineFootnotes(md), "vv_inline_footnotes", 26.5)
        md.preprocessors.register(BlockSpacing(md), "vv_block_spacing", 26)
        md.preprocessors.register(NeutralTags(md), "vv_neutral_tags", 20.5)
        md.preprocessors.register(HtmlBlocks(md), "html_block", 20)
        md.inlinePatterns.register(TimestampProcessor(TIMESTAMP, md), "vv_timestamp", 185)
        md.inlinePatterns.register(WikilinkProcessor(WIKILINK, md), "vv_wikilink", 177)
        md.inlinePatterns.register(BareUrlProcessor(BARE_URL, md), "vv_bare_url", 85)
        md.inlinePatterns.register(HighlightProcessor(HIGHLIGHT, md), "vv_highlight", 65)
        md.inlinePatterns.register(StrikeProcessor(STRIKE, md), "vv_strike", 64)
        md.inlinePatterns.register(TagProcessor(TAG, md), "vv_tag", 55)
        md.inlinePatterns.register(SoftBreakProcessor(SOFT_BREAK, md), "vv_soft_break", 5)
        md.parser.blockprocessors.register(BlockQuotes(md.parser), "quote", 20)
        md.parser.blockprocessors.register(OrderedLists(md.parser), "olist", 40)
        md.parser.blockprocessors.register(UnorderedLists(md.parser), "ulist", 30)
        md.treeprocessors.register(SplitLongText(md), "vv_split_long_text", 20.5)
        md.treeprocessors.register(InlinePass(md), "inline", 20)
        md.treeprocessors.register(JoinChunks(md), "vv_join_chunks", 19.5)
        md.treeprocessors.register(FootnotesElsewhere(md), "vv_footnotes_elsewhere", 49)
        md.treeprocessors.register(Callouts(md), "vv_callouts", 25)
        md.treeprocessors.register(LinkRewriter(md), "vv_links", 17)
        md.treeprocessors.register(Embeds(md), "vv_embeds", 16)
        md.treeprocessors.register(Structure(md), "vv_structure", 15)


def new_markdown() -> Markdown:
    md = Markdown(
        extensions=[
            "tables",
            "footnotes",
            "sane_lists",
            ObsidianExtension(),
        ],
        extension_configs={
            "tables": {"use_align_attribute": True},
            # Numbered in reading order, as Obsidian does (inline footnotes are defined last).
            "footnotes": {"SEPARATOR": "-", "BACKLINK_TEXT": "↩", "USE_DEFINITION_ORDER": False},
        },
        output_format="html",
    )
    md.vv_footnotes = next(  # type: ignore[attr-defined]
        e for e in md.registeredExtensions if isinstance(e, FootnoteExtension)
    )
    md.treeprocessors.register(FootnoteOrder(md.vv_footnotes), "footnote-reorder", 19)  # type: ignore[attr-defined]
    return md


_local = threading.local()


def _instance(depth: int) -> Markdown:
    pool: list[Markdown] | None = getattr(_local, "pool", None)
    if pool is None:
        pool = _local.pool = []
    while len(pool) <= depth:
        pool.append(new_markdown())
    return pool[depth]


def convert(source: str, ctx: RenderContext) -> str:
    """HTML (not yet sanitized) of markdown `source` read as the note `ctx` describes."""
    md = _instance(ctx.depth)
    md.reset()
    md.vv = ctx  # type: ignore[attr-defined]
    shared = ctx.footnotes
    footnotes = md.vv_footnotes  # type: ignore[attr-defined]
    if shared is not None:  # a part of a note: footnotes and references of the whole note
        for name, text in shared.definitions.items():
            footnotes.setFootnote(name, text if shared.last else "")
        footnotes.footnote_order = list(shared.order)
    if ctx.references:
        md.references.update(ctx.references)
    try:
        return md.convert(source)
    finally:
        md.vv = None  # type: ignore[attr-defined]
        if shared is not None:
            shared.order = list(footnotes.footnote_order)


def convert_inline(source: str, ctx: RenderContext) -> str:
    """HTML (not yet sanitized, no ``<p>``) of `source` read as inline markdown only: no block
    syntax, so a sentence that starts with "1984." or "> " stays a sentence."""
    md = _instance(ctx.depth)
    md.reset()
    md.vv = ctx  # type: ignore[attr-defined]
    try:
        root = etree.Element("div")
        paragraph = etree.SubElement(root, "p")
        paragraph.text = source
        for processor in md.treeprocessors:
            root = processor.run(root) or root
        output = md.serializer(root)
        output = output[output.find("<p>") + 3 : output.rfind("</p>")]
        for postprocessor in md.postprocessors:
            output = postprocessor.run(output)
        return output
    finally:
        md.vv = None  # type: ignore[attr-defined]


def _embed(ctx: RenderContext, path: str, section: str | None, line: int | None, taken: int) -> str:
    return embed_html(ctx, path, section, line, taken, convert)


def _properties(text: str, ctx: RenderContext) -> str:
    """The Properties block of a note's frontmatter (rendered before the note itself, on the
    same Markdown instance)."""
    fm_text, _, _ = metadata.split(marks.scrub(text))
    if fm_text is None:
        return ""
    values = RenderContext(
        vault=ctx.vault,
        path=ctx.path,
        theme=ctx.theme,
        video_id=ctx.video_id,
        title=None,
        first_line=None,
        snippet=True,
        options=ctx.options,
        warnings=ctx.warnings,
    )
    foldable = ctx.options.target == APP
    is_open = PROPERTIES_ID not in ctx.options.toggled or not foldable
    return properties_html(fm_text, lambda value: convert_inline(value, values), is_open, foldable)


def render_body(text: str, ctx: RenderContext) -> str:
    """HTML (not yet sanitized) of a whole note's text: frontmatter off, wrapper unwrapped."""
    return "".join(part[0] for part in body_parts(text, ctx))


def body_parts(
    text: str, ctx: RenderContext, part_chars: int = PART_CHARS, first_chars: int | None = None
) -> Iterator[tuple[str, int, int, bool]]:
    """(HTML not yet sanitized, first and last source line, is the last part) of each part of
    a note's text (see `parts`), the first of about `first_chars` when given; a note too short
    to split (`parts.splits`) is one part."""
    body, first_line = body_source(text)
    body = cut_long_lines(body)
    if ctx.depth == 0 and ctx.title is not None and not ctx.snippet:
        ctx.properties = _properties(text, ctx)
    anchors = ctx.first_line is not None
    if anchors:
        ctx.first_line = first_line
    if ctx.embed is None:
        ctx.embed = _embed
    if not splits(len(body), part_chars, first_chars):
        yield convert(body, ctx), first_line, first_line + body.count("\n"), True
        return
    lines = body.split("\n")
    take_definitions(lines, ctx)
    starts = split_lines(lines, _instance(ctx.depth).is_block_level, part_chars, first_chars)
    assert ctx.footnotes is not None
    for number, (start, end) in enumerate(part_ranges(lines, starts)):
        ctx.part = number
        ctx.footnotes.last = end == len(lines)
        if anchors:
            ctx.first_line = first_line + start
        html = convert("\n".join(lines[start:end]), ctx)
        yield html, first_line + start, first_line + end - 1, ctx.footnotes.last
