"""Wheel build: the package carries the current release, copied in at build time.

Nothing a build makes lands in src/: the dataset's build writes under dataset/; building the
wheel copies the database and datapackage.json of the checkout's current release
(`dataset/current/`, resolved once so both files come from the same release) into the wheel's
`sino_russian_news/data/`, and setuptools' own metadata goes to build/ (below).
An editable install reads the current release in place (see `sino_russian_news._release`).
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildPyWithRelease(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        import sys

        sys.path.insert(0, str(ROOT / "src"))  # the build runs before the package is installed
        from sino_russian_news._release import checkout_release_files

        target = Path(self.build_lib) / "sino_russian_news" / "data"
        target.mkdir(parents=True, exist_ok=True)
        for name, source in checkout_release_files(ROOT).items():
            if not source.exists():
                raise SystemExit(f"{source}: missing; run `make dataset` before building the wheel")
            shutil.copyfile(source, target / name)


# setuptools writes the package's metadata (`*.egg-info`) next to the package, in src/, unless
# told otherwise: it goes to build/ with the rest of what a build writes (git-ignored).
ROOT.joinpath("build").mkdir(exist_ok=True)
setup(cmdclass={"build_py": BuildPyWithRelease}, options={"egg_info": {"egg_base": "build"}})
