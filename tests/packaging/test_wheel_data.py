"""A wheel carries resources/ (and the Linux desktop metadata) as viewer/resources/.

Building a wheel needs the network (build isolation), so this checks the configuration the
way setuptools applies it: every file under each mapped folder matches a package-data glob.
A new dot-folder in the sample vault, or an icon format nobody listed, fails here first.
"""

from __future__ import annotations

import glob
import os
from pathlib import Path

import pytest

from tests.conftest import REPO

tomllib = pytest.importorskip("tomllib")


def setuptools_config() -> dict:
    with open(REPO / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["tool"]["setuptools"]


def matched(folder: Path, patterns: list[str]) -> set[Path]:
    """Files setuptools' build_py would pick for these package-data patterns."""
    files: set[Path] = set()
    for pattern in patterns:
        for name in glob.glob(os.path.join(folder, pattern), recursive=True):
            if os.path.isfile(name):
                files.add(Path(name))
    return files


@pytest.mark.parametrize(
    "package", ["viewer.resources", "viewer.resources.icons", "viewer.resources.linux"]
)
def test_mapped_package_is_declared(package):
    config = setuptools_config()
    assert package in config["packages"]
    assert config["package-data"][package]


def test_every_resource_file_is_package_data():
    config = setuptools_config()
    package_dirs = config["package-dir"]
    package_data = config["package-data"]
    resources = REPO / package_dirs["viewer.resources"]
    icons = resources / "icons"
    shipped = matched(resources, package_data["viewer.resources"])
    shipped |= matched(icons, package_data["viewer.resources.icons"])
    wanted = {path for path in resources.rglob("*") if path.is_file()}
    assert wanted - shipped == set()
    assert (resources / "sample-vault" / ".obsidian" / "app.json") in shipped


def test_desktop_metadata_is_package_data_but_the_installer_is_not():
    config = setuptools_config()
    linux = REPO / config["package-dir"]["viewer.resources.linux"]
    shipped = {
        path.name for path in matched(linux, config["package-data"]["viewer.resources.linux"])
    }
    from viewer.desktop import DESKTOP_FILE, METAINFO_FILE

    assert shipped == {DESKTOP_FILE, METAINFO_FILE}
