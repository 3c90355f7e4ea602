"""Train the cleaner's line model on the extraction development set (`make train-cleaner`).

    python -m sino_russian_news.pipeline.cleaner_train [--eval-dir DIR] [--folds 5] [--no-cv]

Every non-blank line of both text dumps (`text/inscriptis`, `text/chromium`) of every page is
one example, labelled 1 when most of its 4-token shingles (its whole token run, for lines of
fewer than four tokens) occur in the page's gold body. Examples are weighted by the square root
of their token count, because the extraction metric counts shingles: a long paragraph matters
more than a menu item. The model is an L2-regularised logistic regression over
`cleaner_features.FEATURES`, fitted by Newton's method with numpy (deterministic; no sampling).

The honest figure is the page-grouped cross-validation: pages are split into folds by id (both
dumps of a page in the same fold), each fold is cleaned by a model trained on the other folds,
and the held-out bodies are scored with the set's metric. A site-grouped cross-validation (all
pages of a site in one fold) says what to expect on sites the set does not hold; the figure on
the training pages is printed beside both. The model is then refitted on all pages and written
as JSON next to this module, where `cleaner_features.load_model` reads it.
"""

from __future__ import annotations

import argparse
import json
import sys
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..evaluation.extraction import HEADLINE_MATCH, Page, default_eval_dir, load_pages, token_f1
from ..evaluation.shingles import PageScore, score_page, score_set, tokens
from .article_metadata import body_of
from .clean import clean_with_model, headline_candidates, locate_article, rule_reason, split_lines
from .cleaner_features import FEATURES, HEADLINE_FEATURES, MODEL_FILE, page_features
from .recurrence import recurring_in_batch

DUMPS = ("inscriptis", "chromium")
L2 = 1.0
# The headline model is fitted on a few hundred pages, many from a handful of sites, and a weak
# penalty lets it learn those sites' layouts. Headline right, held out (inscriptis / Chromium),
# by page and by site: L2 1 -> .864/.850 and .801/.791; 10 -> .861/.850, .829/.794; 30 ->
# .864/.854, .840/.798; 100 -> .861/.843, .836/.798.
HEADLINE_L2 = 30.0
# The site-grouped cross-validation's figures recorded beside the page-grouped ones (`site_` prefix).
SITE_FIGURES = ("f1", "headline_right")
LABEL_SHARE = 0.5

# One logistic section of the JSON model (features, bias, weights, means, scales), and the
# model itself: {"lines": section, "headline": section}, as cleaner_features.load_model reads it.
ModelSection = dict[str, Any]
CleanerModel = dict[str, ModelSection]
# A page's line vectors, labels and weights (page_examples), and the dumps' texts by (page id, dump).
PageExamples = tuple[list[list[float]], list[int], list[float]]


class DumpTexts(dict[tuple[str, str], str]):
    """The dumps' texts by (page id, dump), and each text's lines that other pages of its dump
    print too: each dump of the set is one batch, as a researcher's scrape would be."""

    def __init__(self, texts: dict[tuple[str, str], str], scored_alone: bool = False):
        super().__init__(texts)
        # Scored alone: pages are cleaned as batches of one (no other page's lines), as when a
        # researcher cleans pages one at a time; the models are still trained on the batch.
        self.scored_alone = scored_alone
        self.recurring: dict[tuple[str, str], frozenset[int]] = {}
        for mode in DUMPS:
            self.recurring.update(recurring_in_batch({key: text for key, text in texts.items() if key[1] == mode}))


# Per dump: the page scores, and for pages with a gold headline whether it came out right.
DumpResults = dict[str, tuple[list[PageScore], list[bool]]]


def line_label(words: list[str], gold_shingles: set[tuple[str, ...]], gold_short: set[tuple[str, ...]]) -> int:
    if len(words) < 4:
        return int(tuple(words) in gold_short)
    grams = [tuple(words[i : i + 4]) for i in range(len(words) - 3)]
    return int(sum(g in gold_shingles for g in grams) >= LABEL_SHARE * len(grams))


def page_examples(text: str, gold: str) -> PageExamples:
    gold_words = tokens(gold)
    gold_shingles = {tuple(gold_words[i : i + 4]) for i in range(len(gold_words) - 3)}
    gold_short = {tuple(gold_words[i : i + n]) for n in (1, 2, 3) for i in range(len(gold_words) - n + 1)}
    lines = split_lines(text)
    vectors = page_features(
        [line.text for line in lines], [rule_reason(line.text) is not None for line in lines], [line.cell for line in lines]
    )
    labels: list[int] = []
    weights: list[float] = []
    for line in lines:
        words = tokens(line.text)
        labels.append(line_label(words, gold_shingles, gold_short) if words else 0)
        # A table row carries one label for all its cells (its paragraph's gold words, the
        # menu item and teaser beside it), so it teaches nothing true about a line: left out.
        weights.append(0.0 if line.cell else float(np.sqrt(len(words) + 1)))
    return vectors, labels, weights


def standardisation(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each feature's mean and standard deviation (1 for a constant feature), stored with the model."""
    means = x.mean(axis=0)
    scales = x.std(axis=0)
    scales[scales == 0] = 1.0
    return means, scales


def model_section(
    features: Sequence[str], bias: float, weights: np.ndarray, means: np.ndarray, scales: np.ndarray
) -> ModelSection:
    """A logistic section as cleaner_model.json stores it (rounded, so the file is stable)."""
    return {
        "features": list(features),
        "bias": round(float(bias), 6),
        "weights": [round(float(b), 6) for b in weights],
        "means": [round(float(m), 6) for m in means],
        "scales": [round(float(s), 6) for s in scales],
    }


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float = L2, features: Sequence[str] = FEATURES) -> ModelSection:
    means, scales = standardisation(x)
    z = np.hstack([np.ones((len(x), 1)), (x - means) / scales])
    beta = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(z @ beta, -30, 30)))
        gradient = z.T @ (w * (p - y)) + penalty * beta
        hessian = (z * (w * p * (1 - p))[:, None]).T @ z + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return model_section(features, float(beta[0]), beta[1:], means, scales)


def fit_choice(
    groups: list[tuple[np.ndarray, list[int]]], l2: float = L2, features: Sequence[str] = HEADLINE_FEATURES
) -> ModelSection:
    """Conditional logit over each page's headline candidates plus a "no headline" option.

    A candidate's utility is w·z (z = standardised features), the no-headline option's a learnt
    constant c. A page's right answer is any of its gold candidates (a title printed twice above
    the body, in a breadcrumb and over the article, is right either way; marking one copy wrong
    would teach the ranker to tell two identical lines apart), or "none" when no candidate is
    the gold headline: the likelihood maximised is the softmax mass of the right answers.
    Stored as a logistic section with bias -c, so that sigmoid(bias + w·z) > 0.5 exactly when
    the candidate beats "no headline"."""
    x = np.vstack([g for g, _ in groups if len(g)])
    means, scales = standardisation(x)
    d = x.shape[1]
    alternatives = []
    for g, right in groups:
        z = np.hstack([(g - means) / scales, np.zeros((len(g), 1))]) if len(g) else np.zeros((0, d + 1))
        null = np.zeros((1, d + 1))
        null[0, d] = 1.0
        alternatives.append((np.vstack([z, null]), right or [len(g)]))
    theta = np.zeros(d + 1)
    penalty = np.full(d + 1, l2)
    penalty[d] = 0.0
    for _ in range(100):
        gradient = penalty * theta
        hessian = np.diag(penalty)
        for z, right in alternatives:
            u = z @ theta
            p = np.exp(u - u.max())
            p /= p.sum()
            q = p[right] / p[right].sum()
            mean = p @ z
            gradient -= q @ z[right] - mean
            # The curvature of the softmax alone: with several right answers the exact Hessian
            # subtracts their covariance and can be indefinite; this one bounds it, so the steps
            # stay safe (with a single right answer it is the exact Newton step).
            hessian += (z * p[:, None]).T @ z - np.outer(mean, mean)
        step = np.linalg.solve(hessian, gradient)
        theta -= step
        if np.abs(step).max() < 1e-8:
            break
    return model_section(features, float(-theta[d]), theta[:d], means, scales)


def fold_of(group: str, folds: int) -> int:
    return zlib.crc32(group.encode()) % folds


def headline_example(
    text: str, gold_headline: str, line_model: ModelSection, recurring: frozenset[int] = frozenset()
) -> tuple[np.ndarray, list[int]]:
    """One dump's headline candidates as the cleaner sees them, and which of them are the gold
    headline (none, one, or several copies of it)."""
    if not (lines := split_lines(text)):
        return np.zeros((0, len(HEADLINE_FEATURES))), []
    layout = locate_article(lines, frozenset(), line_model, recurring)
    candidates, vectors = headline_candidates(layout)
    right = [k for k, j in enumerate(candidates) if token_f1(layout.lines[j].text, gold_headline) >= HEADLINE_MATCH]
    return np.array(vectors, dtype=float).reshape(len(candidates), len(HEADLINE_FEATURES)), right


def fit_models(pages: Sequence[Page], texts: DumpTexts, examples: dict[str, list[PageExamples]]) -> CleanerModel:
    """Line model on the pages' lines, then the headline model on the candidates it leaves."""
    rows = [e for p in pages for e in examples[p.id]]
    x = np.array([v for vs, _, _ in rows for v in vs], dtype=float)
    y = np.array([label for _, ls, _ in rows for label in ls], dtype=float)
    w = np.array([wt for _, _, ws in rows for wt in ws], dtype=float)
    lines = fit(x, y, w)
    groups = [
        headline_example(texts[p.id, mode], p.gold_headline, lines, texts.recurring[p.id, mode])
        for p in pages
        if p.gold_headline
        for mode in DUMPS
    ]
    return {"lines": lines, "headline": fit_choice(groups, l2=HEADLINE_L2)}


def evaluate(pages: Sequence[Page], texts: DumpTexts, model: CleanerModel) -> DumpResults:
    """Per dump: the page scores and, for pages with a gold headline, whether the headline is right."""
    out: DumpResults = {}
    for mode in DUMPS:
        scores: list[PageScore] = []
        headlines: list[bool] = []
        for p in pages:
            recurring = frozenset() if texts.scored_alone else texts.recurring[p.id, mode]
            cleaned = clean_with_model(texts[p.id, mode], frozenset(), model, recurring)
            scores.append(score_page(body_of(cleaned), p.gold))
            if p.gold_headline:
                predicted = cleaned.removed_text("headline")
                headlines.append(bool(predicted) and token_f1(predicted[0], p.gold_headline) >= HEADLINE_MATCH)
        out[mode] = (scores, headlines)
    return out


def cross_validate(
    pages: Sequence[Page],
    texts: DumpTexts,
    examples: dict[str, list[PageExamples]],
    folds: int,
    group: Callable[[Page], str],
) -> DumpResults:
    """Held-out results: each fold's pages scored by models fitted on the other folds, the pages
    sharing a `group` (a page id, or a site: a site's layout is learnt from its other pages) in
    one fold."""
    held_out: DumpResults = {mode: ([], []) for mode in DUMPS}
    for fold in range(folds):
        model = fit_models([p for p in pages if fold_of(group(p), folds) != fold], texts, examples)
        for mode, (scores, headlines) in evaluate([p for p in pages if fold_of(group(p), folds) == fold], texts, model).items():
            held_out[mode][0].extend(scores)
            held_out[mode][1].extend(headlines)
    return held_out


def figures(results: DumpResults) -> dict[str, dict[str, float | int]]:
    """Per dump: body precision, recall and F1 (pooled as in `make eval`) and the share of headlines right."""
    out: dict[str, dict[str, float | int]] = {}
    for mode, (scores, headlines) in results.items():
        s = score_set(scores)
        out[mode] = {
            "pages": len(scores),
            "precision": round(s.precision, 3),
            "recall": round(s.recall, 3),
            "f1": round(s.f1, 3),
            "headline_pages": len(headlines),
            "headline_right": round(sum(headlines) / len(headlines), 3),
        }
    return out


def report(label: str, results: DumpResults) -> None:
    for mode, f in figures(results).items():
        print(
            f"{label} {mode}: P {f['precision']:.3f} R {f['recall']:.3f} F1 {f['f1']:.3f}; headline right {f['headline_right']:.3f} of {f['headline_pages']}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=default_eval_dir(Path(".")))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--no-cv", action="store_true", help="only refit on all pages")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name(MODEL_FILE))
    parser.add_argument(
        "--cv-only", action="store_true", help="only cross-validate (the shipped model is left alone), as `make eval` does"
    )
    parser.add_argument("--json", type=Path, help="write the cross-validated figures here (for `analysis.quality record`)")
    parser.add_argument(
        "--pages-alone",
        action="store_true",
        help="score every page as a batch of one, without the lines other pages share (recurrence.py)",
    )
    args = parser.parse_args(argv)
    if not (args.eval_dir / "pages.csv").exists():
        print(f"cleaner training skipped: no development set at {args.eval_dir}")
        return 0 if args.cv_only else 1  # `make eval` goes on without the set; training cannot
    pages = load_pages(args.eval_dir)
    texts = DumpTexts(
        {
            (p.id, mode): (args.eval_dir / "text" / mode / f"{p.id}.txt").read_text(encoding="utf-8")
            for p in pages
            for mode in DUMPS
        },
        scored_alone=args.pages_alone,
    )
    examples = {p.id: [page_examples(texts[p.id, mode], p.gold) for mode in DUMPS] for p in pages}
    if not args.no_cv:
        by_page = cross_validate(pages, texts, examples, args.folds, lambda p: p.id)
        report(f"cross-validated ({args.folds} page-grouped folds)", by_page)
        by_site = cross_validate(pages, texts, examples, args.folds, lambda p: p.site)
        report(f"cross-validated ({args.folds} site-grouped folds)", by_site)
        if args.json:
            measured = figures(by_page)
            for mode, site_figures in figures(by_site).items():
                measured[mode].update({f"site_{key}": site_figures[key] for key in SITE_FIGURES})
            args.json.write_text(json.dumps({"figures": measured}, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        if args.cv_only:
            return 0
    model = fit_models(pages, texts, examples)
    args.out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    report("training pages", evaluate(pages, texts, model))
    print(f"wrote {args.out}")
    for section, names in (("lines", FEATURES), ("headline", HEADLINE_FEATURES)):
        print(f"{section} model weights (standardised features):")
        for name, weight in sorted(zip(names, model[section]["weights"], strict=True), key=lambda fw: -abs(fw[1])):
            print(f"  {name:20} {weight:+.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
