"""Vault Viewer's override of PyInstaller's PySide6.QtGui hook (found first via `hookspath`).

The same collection, minus Qt plugins a markdown viewer never loads. Dropping them here,
before PyInstaller analyses binaries, also drops the libraries only they need: the virtual
keyboard alone would pull in QtQuick and QtQml, the GTK theme the build machine's whole GTK.
"""

from pathlib import PurePath

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

# Plugin folders never needed: embedded-Linux display back ends and input devices.
UNUSED_PLUGIN_TYPES = {"egldeviceintegrations", "generic"}
# Individual plugins, by file name without "lib" and the extension.
UNUSED_PLUGINS = {
    "qeglfs",  # platforms: embedded / kiosk back ends and a VNC server
    "qlinuxfb",
    "qminimal",
    "qminimalegl",
    "qvnc",
    "qvkkhrdisplay",
    "qtvirtualkeyboardplugin",  # needs QtQuick, QtQml and the virtual keyboard module
    "qgtk3",  # would bundle the build machine's GTK; the xdg-desktop-portal theme stays
    "qpdf",  # needs QtPdf, which PySide6-Essentials does not ship
}


def _wanted(source: str) -> bool:
    path = PurePath(source)
    if "plugins" not in path.parts:
        return True
    plugin_type = path.parts[path.parts.index("plugins") + 1]
    name = path.stem.removeprefix("lib")
    return plugin_type not in UNUSED_PLUGIN_TYPES and name not in UNUSED_PLUGINS


hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [(source, dest) for source, dest in binaries if _wanted(source)]
