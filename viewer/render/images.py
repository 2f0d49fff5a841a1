"""Pixel size of a vault image from its header, so the HTML can give exact dimensions.

QTextDocument lays an ``<img>`` out at its natural size and does not reflow percentage
widths when the picture arrives, so a wide screenshot would overflow the text column and
a late-loading image would overlap the text below it. Reading the first bytes of the file
(PNG, GIF, JPEG, WebP, BMP; an SVG's width and height or viewBox) is cheap and needs no
imaging library.
"""

from __future__ import annotations

import re
import struct
from functools import lru_cache
from pathlib import Path

MAX_WIDTH = 680  # px: the readable column
_HEADER_BYTES = 64 * 1024  # JPEG size markers can sit behind EXIF data
_SVG_TAG = re.compile(rb"<svg\b[^>]{0,4000}>", re.IGNORECASE)
_SVG_LENGTH = rb"""\s*=\s*["']\s*(\d{1,6}(?:\.\d{1,6})?)\s*(?:px)?\s*["']"""
_SVG_WIDTH = re.compile(rb"\swidth" + _SVG_LENGTH)
_SVG_HEIGHT = re.compile(rb"\sheight" + _SVG_LENGTH)
_SVG_VIEWBOX = re.compile(
    rb"""\sviewBox\s*=\s*["']\s*[-\d.]{1,12}[\s,]+[-\d.]{1,12}[\s,]+(\d{1,6}(?:\.\d{1,6})?)[\s,]+(\d{1,6}(?:\.\d{1,6})?)"""
)


def fit(size: tuple[int, int] | None, max_width: int = MAX_WIDTH) -> tuple[int, int] | None:
    """`size` scaled down (never up) to `max_width`."""
    if size is None:
        return None
    width, height = size
    if width <= max_width:
        return width, height
    return max_width, max(1, round(height * max_width / width))


def image_size(path: Path) -> tuple[int, int] | None:
    """(width, height) in pixels, or None when unreadable or not a known format."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return _cached_size(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=512)
def _cached_size(path: str, mtime_ns: int, size: int) -> tuple[int, int] | None:
    try:
        with open(path, "rb") as handle:
            head = handle.read(_HEADER_BYTES)
    except OSError:
        return None
    try:
        return _parse(head)
    except (struct.error, IndexError, ValueError):
        return None


def _parse(head: bytes) -> tuple[int, int] | None:
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
        return struct.unpack(">II", head[16:24])
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return struct.unpack("<HH", head[6:10])
    if head.startswith(b"BM"):
        width, height = struct.unpack("<ii", head[18:26])
        return width, abs(height)
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return _webp(head)
    if head.startswith(b"\xff\xd8"):
        return _jpeg(head)
    return _svg(head)


def _svg(head: bytes) -> tuple[int, int] | None:
    tag = _SVG_TAG.search(head)
    if tag is None:
        return None
    attributes = tag.group()
    width, height = _SVG_WIDTH.search(attributes), _SVG_HEIGHT.search(attributes)
    if width and height:
        size = float(width.group(1)), float(height.group(1))
    elif box := _SVG_VIEWBOX.search(attributes):
        size = float(box.group(1)), float(box.group(2))
    else:
        return None
    if size[0] < 1 or size[1] < 1:
        return None
    return round(size[0]), round(size[1])


def _webp(head: bytes) -> tuple[int, int] | None:
    chunk = head[12:16]
    if chunk == b"VP8X":
        width = int.from_bytes(head[24:27], "little") + 1
        height = int.from_bytes(head[27:30], "little") + 1
        return width, height
    if chunk == b"VP8 ":
        width, height = struct.unpack("<HH", head[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L":
        bits = int.from_bytes(head[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None


def _jpeg(head: bytes) -> tuple[int, int] | None:
    position = 2
    while position + 9 < len(head):
        if head[position] != 0xFF:
            return None
        marker = head[position + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            position += 2
            continue
        length = struct.unpack(">H", head[position + 2 : position + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", head[position + 5 : position + 9])
            return width, height
        position += 2 + length
    return None
