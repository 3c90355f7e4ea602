"""Measured quality of the data, for the methods page.

`make eval` scores cleaning and metadata on the extraction development set
(`sino_russian_news.evaluation.extraction`) and quotes, speakers and entities on the quote
development set (`sino_russian_news.evaluation.quotes`), and records each evaluation's
figures here, in its own section of `dataset/quality.json` with the commit it was measured
on, so the report states what was measured on which code. The development sets are not in
the repository; without a recorded measurement the methods page says so instead of showing
figures.

    python -m sino_russian_news.analysis.quality record {extraction,quotes,cleaner_cv} FIGURES.json [--output dataset/quality.json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd

QUALITY_FILE = Path("dataset") / "quality.json"

EVALUATIONS = {
    "extraction": "extraction development set (sino_russian_news.evaluation.extraction)",
    "quotes": "quote development set (sino_russian_news.evaluation.quotes)",
    "cleaner_cv": "text cleaner on pages held out from its training: 5 page-grouped folds, and 5 site-grouped folds"
    " (a site's pages held out together), of the extraction development set (sino_russian_news.pipeline.cleaner_train --cv-only)",
}

# What each recorded extraction figure means, in the order the methods page shows them.
FIGURES = {
    "pages": "Pages scored",
    "precision": "Body precision (4-token shingles)",
    "recall": "Body recall",
    "f1": "Body F1",
    "exact": "Share of pages extracted exactly",
    "headline_right": "Headline right (token F1 ≥ 0.8)",
    "byline_right": "Byline right, of pages with a gold byline",
    "date_filled": "Share of pages with a publication date",
    "date_right_of_stated": "Date right within a day, of pages that state one",
}
# The text cleaner's models are trained on the development set itself, so for the text dumps
# the methods page also shows the cross-validated figures (a table of their own): the ones to
# expect on other pages, and on pages of sites the set does not hold (a site's layout is learnt
# from its other pages).
CROSS_VALIDATED_FIGURES = {
    "f1": "Body F1, held-out pages",
    "headline_right": "Headline right, held-out pages",
    "site_f1": "Body F1, held-out sites",
    "site_headline_right": "Headline right, held-out sites",
}

# The quote evaluation's figures, in the order the methods page shows them.
QUOTE_FIGURES = {
    "articles": "Articles scored",
    "gold_quotes": "Gold quotes",
    "quote_precision": "Quote found: precision",
    "quote_recall": "Quote found: recall",
    "quote_f1": "Quote found: F1",
    "speaker_strict": "Speaker right, as written (of quotes found)",
    "speaker_lenient": "Speaker right, pronouns resolved (of quotes found)",
    "quote_and_speaker_f1_strict": "Quote and speaker right: F1, as written",
    "quote_and_speaker_f1_lenient": "Quote and speaker right: F1, pronouns resolved",
    "without_speaker": "Share of found quotes without a speaker",
    "false_persons": "PERSON entities that are not people",
    "split_identities": "Split identities, of persons mentioned three times or more",
}


def current_commit(project: Path) -> str:
    """The checked-out commit, with `-dirty` when tracked files differ from it (other than the
    quality file itself, which the first of `make eval`'s two evaluations has just rewritten)."""

    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(project), *args], capture_output=True, text=True, check=True).stdout.strip()

    try:
        commit = git("rev-parse", "--short=12", "HEAD")
        dirty = bool(git("status", "--porcelain", "--untracked-files=no", "--", ".", f":!{QUALITY_FILE.as_posix()}"))
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return commit + ("-dirty" if dirty else "")


def record(evaluation: str, figures_path: Path, output: Path, project: Path) -> dict:
    """Write one evaluation's figures, with the commit, into its section of `output`; the
    other evaluation's section is kept as it was measured."""
    measured = json.loads(figures_path.read_text(encoding="utf-8"))
    recorded = json.loads(output.read_text(encoding="utf-8")) if output.exists() else {}
    recorded[evaluation] = {
        "measured_on_commit": current_commit(project),
        "evaluation": EVALUATIONS[evaluation],
        "figures": measured["figures"],
    }
    output.write_text(json.dumps(recorded, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    return recorded[evaluation]


def load_quality(project: Path) -> dict | None:
    path = project / QUALITY_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def measured_on(recorded: dict | None, evaluation: str) -> str:
    """One sentence naming the evaluation and its commit, or saying nothing was recorded."""
    section = (recorded or {}).get(evaluation)
    if section is None:
        return f"No {evaluation} measurement recorded: run `make eval` with the development set present to write dataset/quality.json."
    return f"Measured on commit {section['measured_on_commit']}: {section['evaluation']}"


def figure_table(recorded: dict | None, evaluation: str, labels: dict[str, str]) -> pd.DataFrame:
    """One row per input kind of an evaluation's recorded figures, one column per figure in
    `labels`' order (key -> column label); no rows when nothing was recorded."""
    rows = [
        {"input": input_kind, **{label: figures.get(key) for key, label in labels.items()}}
        for input_kind, figures in (recorded or {}).get(evaluation, {"figures": {}})["figures"].items()
    ]
    return pd.DataFrame(rows, columns=["input", *labels.values()])


def quality_table(recorded: dict | None) -> pd.DataFrame:
    """Extraction: one row per input kind (HTML, text dumps), one column per figure, in
    FIGURES' order; no rows when nothing was recorded."""
    return figure_table(recorded, "extraction", FIGURES)


def held_out_table(recorded: dict | None) -> pd.DataFrame:
    """The text cleaner's cross-validated figures: one row per text dump, one column per
    figure, in CROSS_VALIDATED_FIGURES' order; no rows when nothing was recorded."""
    return figure_table(recorded, "cleaner_cv", CROSS_VALIDATED_FIGURES)


def quote_table(recorded: dict | None) -> pd.DataFrame:
    """Quotes, speakers and entities: one row per figure, in QUOTE_FIGURES' order."""
    figures = (recorded or {}).get("quotes", {"figures": {}})["figures"]

    def shown(value: float | int) -> str:  # counts as counts, shares with three decimals
        return f"{value:,}" if isinstance(value, int) else f"{value:.3f}"

    rows = [{"measure": label, "value": shown(figures[key])} for key, label in QUOTE_FIGURES.items() if key in figures]
    return pd.DataFrame(rows, columns=["measure", "value"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Record evaluation figures with the commit they were measured on.")
    parser.add_argument("command", choices=["record"])
    parser.add_argument("evaluation", choices=sorted(EVALUATIONS))
    parser.add_argument("figures", type=Path, help="the JSON written by the evaluation's `--json` option")
    parser.add_argument("--output", type=Path, default=QUALITY_FILE)
    parser.add_argument("--project", type=Path, default=Path("."))
    args = parser.parse_args(argv)
    if not args.figures.exists():
        print(f"{args.figures}: no figures to record (the evaluation was skipped: its development set is absent)")
        return 0
    recorded = record(args.evaluation, args.figures, args.output, args.project)
    print(f"recorded the {args.evaluation} figures measured on {recorded['measured_on_commit']} in {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
