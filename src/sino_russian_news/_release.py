"""Where the installed package finds the release it serves.

A wheel carries the release in `sino_russian_news/data/` (copied in by setup.py when the
wheel is built). An editable install in a checkout has no copy: it reads the checkout's
current release, `dataset/current/` (a symlink a build switches atomically to
`dataset/releases/<id>/`), so the package and `dataset/` can never disagree. The symlink is
resolved once, so the database and datapackage.json always come from the same release
even if a build switches `current` in between.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

DATABASE_FILE = "sino_russian_news.db"
DATAPACKAGE_FILE = "datapackage.json"
RELEASE_FILES = (DATABASE_FILE, DATAPACKAGE_FILE)


def checkout_release_directory(root: Path) -> Path:
    """The release `dataset/current` points at now (the symlink itself if it is missing)."""
    current = root / "dataset" / "current"
    return Path(os.path.realpath(current)) if current.is_symlink() else current


def checkout_release_files(root: Path) -> dict[str, Path]:
    """The current release of a project checkout: the files the last build published."""
    release = checkout_release_directory(root)
    return {name: release / name for name in RELEASE_FILES}


def packaged_release_files() -> dict[str, Path] | None:
    data = resources.files("sino_russian_news") / "data"
    if data.is_dir() and (data / DATABASE_FILE).is_file():
        return {name: Path(str(data / name)) for name in RELEASE_FILES}
    return None


def release_files() -> dict[str, Path]:
    """The packaged release, else the current release of the checkout this package is installed from."""
    packaged = packaged_release_files()
    if packaged is not None:
        return packaged
    checkout = Path(__file__).resolve().parents[2]  # src/sino_russian_news/_release.py → the checkout
    return checkout_release_files(checkout)
