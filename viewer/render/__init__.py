"""Markdown to HTML for QTextBrowser. Pure Python: never imports Qt."""
