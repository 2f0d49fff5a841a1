"""The app icon: one SVG, the committed PNG sizes, the Windows .ico and macOS .icns made from
it, and the window icon the app sets from it."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ElementTree

import pytest

from tests.conftest import REPO
from viewer import APP_ID
from viewer.desktop import ICON_SIZES
from viewer.locations import icon_path

ICONS = REPO / "resources" / "icons"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG_SIGNATURE)
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_icon_path_is_the_svg_named_after_the_app_id():
    assert icon_path() == ICONS / f"{APP_ID}.svg"
    root = ElementTree.parse(icon_path()).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    _, _, width, height = (float(v) for v in root.get("viewBox").split())
    assert width == height


def test_svg_renders_with_qt(qapp):
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(icon_path()))
    assert renderer.isValid()
    assert renderer.defaultSize().width() == renderer.defaultSize().height()


@pytest.mark.parametrize("size", ICON_SIZES)
def test_png_renderings_exist_at_every_size(size):
    data = (ICONS / f"{APP_ID}-{size}.png").read_bytes()
    assert png_size(data) == (size, size)
    assert data[25] == 6  # colour type RGBA: a transparent background around the tile


def test_windows_ico_holds_png_images_up_to_256():
    data = (REPO / "packaging" / "windows" / f"{APP_ID}.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = []
    for index in range(count):
        entry = data[6 + 16 * index : 22 + 16 * index]
        width, height, _, _, planes, bits, length, offset = struct.unpack("<BBBBHHII", entry)
        image = data[offset : offset + length]
        side = width or 256
        assert (width, height, planes, bits) == (width, width, 1, 32)
        assert png_size(image) == (side, side)
        sizes.append(side)
    assert sorted(sizes) == [16, 24, 32, 48, 64, 128, 256]


def test_macos_icns_holds_every_retina_size():
    data = (REPO / "packaging" / "macos" / f"{APP_ID}.icns").read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)
    found = {}
    offset = 8
    while offset < len(data):
        kind, length = (
            data[offset : offset + 4],
            struct.unpack(">I", data[offset + 4 : offset + 8])[0],
        )
        found[kind] = png_size(data[offset + 8 : offset + length])[0]
        offset += length
    assert offset == len(data)
    assert found == {
        b"icp4": 16,
        b"icp5": 32,
        b"icp6": 64,
        b"ic07": 128,
        b"ic08": 256,
        b"ic09": 512,
        b"ic10": 1024,
        b"ic11": 32,
        b"ic12": 64,
        b"ic13": 256,
        b"ic14": 512,
    }


def test_application_sets_the_window_icon(qapp):
    from viewer.app import _application

    app = _application()
    icon = app.windowIcon()
    assert not icon.isNull()
    assert not icon.pixmap(48, 48).isNull()
