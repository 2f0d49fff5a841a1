"""Generated pages (topic pages, messages) and the HTML document around every page.

A topic page lists each mention with its sentence rendered as the note renders it (links,
emphasis, citations as pills; see `snippets`), the mention itself marked.

They share the note pages' stylesheet, so an unresolved topic or an error reads like the
rest of the vault rather than like a dialog.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from viewer.core.wording import plural

from .hrefs import line_anchor, note_href
from .snippets import link_span, snippet_html
from .theme import stylesheet

if TYPE_CHECKING:
    from viewer.core.vault import Vault


def document(body: str, theme: str, title: str) -> str:
    """A complete HTML document: the theme's stylesheet in the head, `body` (already safe)."""
    return (
        "<!DOCTYPE html>\n<html><head>"
        f'<meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>\n{stylesheet(theme)}</style></head>\n<body>\n{body}\n</body></html>\n"
    )


def topic_body(vault: Vault, name: str) -> tuple[str, str]:
    """(title, body HTML) of the page of an unresolved topic: each mention with context."""
    topic = vault.topic(name)
    title = topic.name if topic is not None else name.strip()
    parts = [f'<h1 class="title">{escape(title)}</h1>']
    if topic is None:
        parts.append(f'<p class="topic-count">No note links to “{escape(title)}”.</p>')
        return title, "\n".join(parts)
    parts.append(
        f'<p class="topic-count">No note is named “{escape(title)}”. Mentioned in '
        f"{plural(topic.sources, 'note')}, {plural(topic.mentions, 'time')}.</p>"
    )
    current = None
    for mention in vault.topic_mentions(name):
        if mention.source != current:
            current = mention.source
            parts.append(
                f'<h3><a class="internal" href="{escape(note_href(current))}">'
                f"{escape(vault.title_of(current))}</a></h3>"
            )
        line = vault.line_of(mention.source, mention.line)
        context = snippet_html(
            vault, mention.source, line, mention.column, link_span(line, mention.column)
        )
        href = note_href(mention.source, line_anchor(mention.line))
        parts.append(
            f'<p class="snippet">{context} '
            f'<a class="line" href="{escape(href)}">line&nbsp;{mention.line}</a></p>'
        )
    return title, "\n".join(parts)


def message_body(title: str, text: str) -> str:
    """A title and plain-text paragraphs (blank lines separate them)."""
    parts = [f'<h1 class="title">{escape(title)}</h1>']
    for paragraph in text.split("\n\n"):
        if paragraph.strip():
            lines = (escape(line) for line in paragraph.strip().split("\n"))
            parts.append(f"<p>{'<br>'.join(lines)}</p>")
    return "\n".join(parts)
