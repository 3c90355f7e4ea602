"""Where a build reads and writes, all derived from the project directory."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ProjectPaths:
    root: Path

    @property
    def dataset(self) -> Path:
        return self.root / "dataset"

    @property
    def raw(self) -> Path:
        return self.dataset / "raw"

    @property
    def curated(self) -> Path:
        return self.dataset / "curated"

    @property
    def database(self) -> Path:
        return self.dataset / "sino_russian_news.db"

    @property
    def csv_dir(self) -> Path:
        return self.dataset / "csv"

    @property
    def datapackage(self) -> Path:
        return self.root / "datapackage.json"

    @property
    def datasette_metadata(self) -> Path:
        return self.dataset / "metadata.yml"

    @property
    def cache(self) -> Path:
        return self.root / ".cache" / "enrichment"

    @property
    def package_data(self) -> Path:
        return self.root / "src" / "sino_russian_news" / "data"
