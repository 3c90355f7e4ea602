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
and the held-out bodies are scored with the set's metric. The figure on the training pages is
printed beside it. The model is then refitted on all pages and written as JSON next to this
module, where `cleaner_features.load_model` reads it.
"""

from __future__ import annotations

import argparse
import json
import sys
import zlib
from collections import Counter
from pathlib import Path

import numpy as np

from ..evaluation.extraction import default_eval_dir, load_pages
from ..evaluation.shingles import score_page, score_set, tokens
from .clean import clean_with_model, rule_reason, split_lines
from .cleaner_features import FEATURES, MODEL_FILE, page_features
from .metadata import body_of

DUMPS = ("inscriptis", "chromium")
L2 = 1.0
LABEL_SHARE = 0.5


def line_label(words: list[str], gold_shingles: set, gold_short: set) -> int:
    if len(words) < 4:
        return int(tuple(words) in gold_short)
    grams = [tuple(words[i : i + 4]) for i in range(len(words) - 3)]
    return int(sum(g in gold_shingles for g in grams) >= LABEL_SHARE * len(grams))


def page_examples(text: str, gold: str) -> tuple[list[list[float]], list[int], list[float]]:
    gold_words = tokens(gold)
    gold_shingles = {tuple(gold_words[i : i + 4]) for i in range(len(gold_words) - 3)}
    gold_short = {tuple(gold_words[i : i + n]) for n in (1, 2, 3) for i in range(len(gold_words) - n + 1)}
    lines = split_lines(text)
    vectors = page_features([line.text for line in lines], [rule_reason(line.text) is not None for line in lines])
    labels, weights = [], []
    for line in lines:
        words = tokens(line.text)
        labels.append(line_label(words, gold_shingles, gold_short) if words else 0)
        weights.append(float(np.sqrt(len(words) + 1)))
    return vectors, labels, weights


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float = L2) -> dict:
    means = x.mean(axis=0)
    scales = x.std(axis=0)
    scales[scales == 0] = 1.0
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
    return {
        "features": list(FEATURES),
        "bias": round(float(beta[0]), 6),
        "weights": [round(float(b), 6) for b in beta[1:]],
        "means": [round(float(m), 6) for m in means],
        "scales": [round(float(s), 6) for s in scales],
    }


def fold_of(page_id: str, folds: int) -> int:
    return zlib.crc32(page_id.encode()) % folds


def score_pages(pages, texts, model: dict | None) -> dict:
    out = {}
    for mode in DUMPS:
        scores = [score_page(body_of(clean_with_model(texts[p.id, mode], frozenset(), model)), p.gold) for p in pages]
        s = score_set(scores)
        out[mode] = {"precision": round(s.precision, 3), "recall": round(s.recall, 3), "f1": round(s.f1, 3), "pages": s.pages}
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=default_eval_dir(Path(".")))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--no-cv", action="store_true", help="only refit on all pages")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name(MODEL_FILE))
    args = parser.parse_args(argv)
    if not (args.eval_dir / "pages.csv").exists():
        print(f"cleaner training skipped: no development set at {args.eval_dir}")
        return 1
    pages = load_pages(args.eval_dir)
    texts = {(p.id, mode): (args.eval_dir / "text" / mode / f"{p.id}.txt").read_text(encoding="utf-8") for p in pages for mode in DUMPS}
    examples = {p.id: [page_examples(texts[p.id, mode], p.gold) for mode in DUMPS] for p in pages}

    def stack(ids):
        rows = [e for i in ids for e in examples[i]]
        x = np.array([v for vs, _, _ in rows for v in vs], dtype=float)
        y = np.array([l for _, ls, _ in rows for l in ls], dtype=float)
        w = np.array([wt for _, _, ws in rows for wt in ws], dtype=float)
        return x, y, w

    if not args.no_cv:
        held_out: dict[str, list] = {mode: [] for mode in DUMPS}
        for fold in range(args.folds):
            train_ids = [p.id for p in pages if fold_of(p.id, args.folds) != fold]
            test_pages = [p for p in pages if fold_of(p.id, args.folds) == fold]
            model = fit(*stack(train_ids))
            for mode in DUMPS:
                held_out[mode] += [score_page(body_of(clean_with_model(texts[p.id, mode], frozenset(), model)), p.gold) for p in test_pages]
        for mode in DUMPS:
            s = score_set(held_out[mode])
            print(f"cross-validated ({args.folds} page-grouped folds) {mode}: P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f}")
    model = fit(*stack([p.id for p in pages]))
    args.out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    for mode, s in score_pages(pages, texts, model).items():
        print(f"training pages {mode}: P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}")
    print(f"wrote {args.out}")
    for name, weight in sorted(zip(FEATURES, model["weights"]), key=lambda fw: -abs(fw[1])):
        print(f"  {name:20} {weight:+.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
