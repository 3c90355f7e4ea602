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
    def parquet_dir(self) -> Path:
        """Parquet copies of the tables (pipeline/parquet.py), beside the database."""
        return self.dataset / "parquet"

    @property
    def datapackage(self) -> Path:
        return self.root / "datapackage.json"

    @property
    def datasette_site(self) -> Path:
        """Hand-written part of Datasette's metadata (title, licence, canned queries)."""
        return self.dataset / "datasette_site.yml"

    @property
    def datasette_metadata(self) -> Path:
        """Datasette's metadata file, generated from the schema and datasette_site.yml."""
        return self.dataset / "metadata.yml"

    @property
    def cache(self) -> Path:
        return self.root / ".cache" / "enrichment"
