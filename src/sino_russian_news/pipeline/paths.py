"""Where a build reads and writes, all derived from the project directory.

A build writes a complete release into `dataset/releases/<version>-<content hash>/` and
then makes it current by switching the `dataset/current` symlink (see publish.py). The
paths of the data contract (`dataset/sino_russian_news.db`, `dataset/csv/`,
`dataset/metadata.yml`, `datapackage.json`) are relative symlinks through `current`,
committed to git, so readers see the old release or the new one, never a mix.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# Names inside one release directory.
DATABASE_FILE = "sino_russian_news.db"
CSV_DIR = "csv"
PARQUET_DIR = "parquet"
DATAPACKAGE_FILE = "datapackage.json"
METADATA_FILE = "metadata.yml"
RELEASE_RECORD = "release.json"  # written last: a release directory without it is a leftover

# Limits a user may set (environment or the command line's options); kept here, a module
# without heavy imports, so the command line can show them without loading the pipeline.
KEEP_RELEASES_VARIABLE = "SINO_RUSSIAN_NEWS_KEEP_RELEASES"
DEFAULT_KEEP_RELEASES = 5
MAX_RAW_BYTES_VARIABLE = "SINO_RUSSIAN_NEWS_MAX_RAW_BYTES"
# A saved news page with inline scripts and styles runs to a few megabytes; 20 MB is far
# beyond any article and small enough to read, hash and parse in a second or two.
DEFAULT_MAX_RAW_BYTES = 20_000_000

STAGING_PREFIX = ".build-"  # dataset/.build-*: a release being written
SWITCH_PREFIX = ".current-"  # dataset/.current-*: the symlink about to replace `current`


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
    def releases(self) -> Path:
        """Every kept release, one directory each."""
        return self.dataset / "releases"

    @property
    def current(self) -> Path:
        """Symlink to the current release (`releases/<id>`), switched atomically by a build."""
        return self.dataset / "current"

    @property
    def lock(self) -> Path:
        """Held (flock) by a running build or `add`, so two cannot interleave."""
        return self.dataset / ".build.lock"

    def release(self, release_id: str) -> Path:
        return self.releases / release_id

    @property
    def database(self) -> Path:
        return self.dataset / DATABASE_FILE

    @property
    def csv_dir(self) -> Path:
        return self.dataset / CSV_DIR

    @property
    def parquet_dir(self) -> Path:
        """Parquet copies of the tables (pipeline/parquet.py), beside the database."""
        return self.dataset / PARQUET_DIR

    @property
    def datapackage(self) -> Path:
        return self.root / DATAPACKAGE_FILE

    @property
    def datasette_site(self) -> Path:
        """Hand-written part of Datasette's metadata (title, licence, canned queries)."""
        return self.dataset / "datasette_site.yml"

    @property
    def datasette_metadata(self) -> Path:
        """Datasette's metadata file, generated from the schema and datasette_site.yml."""
        return self.dataset / METADATA_FILE

    def contract_links(self) -> dict[Path, str]:
        """Each stable path of the data contract and the relative symlink target it holds."""
        return {
            self.database: f"current/{DATABASE_FILE}",
            self.csv_dir: f"current/{CSV_DIR}",
            self.parquet_dir: f"current/{PARQUET_DIR}",
            self.datasette_metadata: f"current/{METADATA_FILE}",
            self.datapackage: f"dataset/current/{DATAPACKAGE_FILE}",
        }

    @property
    def cache(self) -> Path:
        """spaCy's annotations per article body; under dataset/ like everything a build writes."""
        return self.dataset / ".cache" / "enrichment"
