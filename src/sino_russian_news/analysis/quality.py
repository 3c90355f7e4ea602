"""Measured quality of the data, for the methods page.

`make eval` scores cleaning and metadata on the extraction development set
(`sino_russian_news.evaluation.extraction`) and records the figures here, in
`dataset/quality.json`, together with the commit they were measured on, so the report
states what was measured on which code. The development set is not in the repository;
without a recorded measurement the methods page says so instead of showing figures.

    python -m sino_russian_news.analysis.quality record FIGURES.json [--output dataset/quality.json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd

QUALITY_FILE = Path("dataset") / "quality.json"

# What each recorded figure means, in the order the methods page shows them.
FIGURES = {
    "pages": "Pages scored",
    "precision": "Body precision (4-token shingles)",
    "recall": "Body recall",
    "f1": "Body F1",
    "exact": "Share of pages extracted exactly",
    "headline_right": "Headline right (token F1 ≥ 0.8)",
    "date_filled": "Share of pages with a publication date",
    "date_right_of_stated": "Date right within a day, of pages that state one",
}


def current_commit(project: Path) -> str:
    """The checked-out commit, with `-dirty` when tracked files differ from it."""

    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(project), *args], capture_output=True, text=True, check=True).stdout.strip()

    try:
        commit = git("rev-parse", "--short=12", "HEAD")
        dirty = bool(git("status", "--porcelain", "--untracked-files=no"))
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return commit + ("-dirty" if dirty else "")


def record(figures_path: Path, output: Path, project: Path) -> dict:
    measured = json.loads(figures_path.read_text(encoding="utf-8"))
    recorded = {
        "measured_on_commit": current_commit(project),
        "evaluation": "extraction development set (sino_russian_news.evaluation.extraction)",
        "figures": measured["figures"],
    }
    output.write_text(json.dumps(recorded, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    return recorded


def load_quality(project: Path) -> dict | None:
    path = project / QUALITY_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def quality_table(recorded: dict | None) -> pd.DataFrame:
    """One row per input kind (HTML, text dumps), one column per figure, in FIGURES' order;
    no rows when nothing was recorded."""
    rows = []
    for input_kind, figures in (recorded or {"figures": {}})["figures"].items():
        rows.append({"input": input_kind, **{label: figures.get(key) for key, label in FIGURES.items()}})
    return pd.DataFrame(rows, columns=["input", *FIGURES.values()])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Record evaluation figures with the commit they were measured on.")
    parser.add_argument("command", choices=["record"])
    parser.add_argument(
        "figures", type=Path, help="the JSON written by `python -m sino_russian_news.evaluation.extraction --json`"
    )
    parser.add_argument("--output", type=Path, default=QUALITY_FILE)
    parser.add_argument("--project", type=Path, default=Path("."))
    args = parser.parse_args(argv)
    if not args.figures.exists():
        print(f"{args.figures}: no figures to record (the evaluation was skipped: its development set is absent)")
        return 0
    recorded = record(args.figures, args.output, args.project)
    print(f"recorded {len(recorded['figures'])} rows of figures measured on {recorded['measured_on_commit']} in {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
