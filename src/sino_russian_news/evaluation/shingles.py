"""The extraction metric: 4-token shingle precision, recall and F1, as the eval README defines it.

Tokens are maximal runs of Unicode word characters (case kept); a text's shingles are its
overlapping 4-token runs as a multiset (a shorter text has one shingle of all its tokens).
Each page's TP/FP/FN are normalised so every page weighs the same; set precision is the mean
over pages with a predicted shingle, set recall the mean over all pages, and F1 the harmonic
mean of those two means.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+")
SHINGLE_SIZE = 4


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter:
    words = tokens(text)
    if not words:
        return Counter()
    if len(words) < size:
        return Counter([tuple(words)])
    return Counter(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


@dataclass(frozen=True)
class PageScore:
    precision: float | None  # None when the prediction has no shingle
    recall: float
    exact: bool

    @property
    def f1(self) -> float:
        p = self.precision or 0.0
        return 2 * p * self.recall / (p + self.recall) if p + self.recall else 0.0


def score_page(predicted: str, gold: str) -> PageScore:
    pred, true = shingles(predicted), shingles(gold)
    tp = sum((pred & true).values())
    fp = sum(pred.values()) - tp
    fn = sum(true.values()) - tp
    precision = (tp / (tp + fp) if tp + fp else 1.0) if pred else None
    recall = tp / (tp + fn) if tp + fn else 1.0
    return PageScore(precision, recall, tokens(predicted) == tokens(gold))


@dataclass(frozen=True)
class SetScore:
    pages: int
    precision: float
    recall: float
    f1: float
    exact: float
    f1_sd: float  # bootstrap standard deviation of F1 over resampled pages


def _f1_of(scores: list[PageScore]) -> tuple[float, float, float]:
    precisions = [s.precision for s in scores if s.precision is not None]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(s.recall for s in scores) / len(scores) if scores else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score_set(scores: list[PageScore], resamples: int = 1000, seed: int = 0) -> SetScore:
    precision, recall, f1 = _f1_of(scores)
    rng = random.Random(seed)
    boot = [_f1_of([rng.choice(scores) for _ in scores])[2] for _ in range(resamples)] if scores else [0.0]
    mean = sum(boot) / len(boot)
    sd = (sum((b - mean) ** 2 for b in boot) / len(boot)) ** 0.5
    exact = sum(s.exact for s in scores) / len(scores) if scores else 0.0
    return SetScore(len(scores), precision, recall, f1, exact, sd)
