"""Line features for finding the article in a plain-text page, and the shipped line model.

A scraped page is a column of lines: menus, teasers, share bars and footers around one long
contiguous run of prose. Each line is described by a few structural measurements (never by
words seen on particular sites), a logistic model turns them into the probability that the
line belongs to the article, and `clean.py` then picks the article's region from those
probabilities. All features are language-agnostic; CJK text is measured in characters.

Per-line features (`line_measures`):

- `length`: log of the line's Latin-equivalent length: characters, a CJK/kana/hangul character
  counting as `CJK_WEIGHT` (one CJK character carries about as much as a short word), so a
  Japanese paragraph is as "long" as an English one of the same content.
- `long_40`, `long_80`, `long_160`, `long_320`: the same length past fixed marks (the model is
  linear; the marks let it bend).
- `sentence_end`: the line ends like a sentence (. ! ? 。 ！ ？, optionally inside a closing
  quote or bracket). Menus, headlines and teasers rarely do; paragraphs nearly always do.
- `ellipsis_end`: ends with "…" or "..." (truncated teasers).
- `colon_end`: ends with ":" (labels such as "Share this:").
- `sentences`: log of the number of sentence stops inside the line (prose has several).
- `commas`: log of the number of commas (, ， 、 ;), clause structure of running text.
- `separators`: share of characters that are navigation separators (| • · » › / > ▸ ©).
- `digits`: share of characters that are digits (dates, counts, prices, timestamps).
- `upper`: share of cased letters that are capitals (SHOUTED labels).
- `title_case`: share of words that start with a capital (menus and headlines; prose ≈ 0.15).
- `link_like`: the line holds a URL, domain or e-mail address.
- `bullet`: the line starts with a list marker (* + o • - – · >; inscriptis marks nested items "+ " and "o ").
- `rule`: one of `clean.LINE_RULES` (page-furniture patterns) matches the line.
- `repeated`: the same text occurs on another line of the page (menus repeat, prose does not).

A table row is measured by its longest cell (`clean.longest_cell`): a text dump lays a table
row out on one line, the cells apart by runs of spaces (inscriptis pads the columns), and old
sites laid their pages out as tables, a menu item and a teaser beside each of the article's
paragraphs ("Europe      Correspondents say France's … dominance.      * Aid workers held").
Measured whole, such rows looked like navigation and the article was lost: on the 29
inscriptis dumps of the development set with such rows, body F1 0.811 (Chromium, which puts
each block on its own line, 0.981). Measured by the cell, with the kept row's other cells
removed (`clean.clean_with_model`, reason `table-cells`), 0.878, the whole inscriptis dump
0.940 -> 0.948 (held out by page 0.937 -> 0.946). Training leaves the rows out: a row carries
one label for all its cells.

Page-level context (the region evidence):

- `position`: the line's index divided by the number of lines.
- `prose_before`, `prose_after`: share of the page's prose mass (Latin-equivalent characters in
  lines of ≥ `PROSE_LENGTH` that end like sentences) that lies before / after the line.
  Headers sit where `prose_before` ≈ 0, footers where `prose_after` ≈ 0.
- `near_prose`: mean of `long_80 * sentence_end` over the `CONTEXT` lines on each side: lines
  inside the article are surrounded by paragraphs, menu items by menu items.
- `prev_*`, `next_*`: `length`, `sentence_end` and `rule` of the previous and next line.

Headline candidates (`headline_vectors`): every title-shaped line in the `HEADLINE_WINDOW` lines
above the body that no rule or metadata pattern claimed. A second logistic model scores them;
the best one above its threshold is the headline (unless it is a standfirst under the title:
`clean.title_above` compares it with the candidate above it, which one-by-one scores cannot;
or it stands below the byline: `clean.above_byline` takes the best credible title above it):

- `overlap`: share of the candidate's content words (letters-only words of ≥ 3 characters,
  casefolded; CJK character pairs) found in the body's opening (`OPENING_LENGTH`). A title
  restates the lede; menu items and teasers of other stories do not.
- `distance`: log of the number of lines between the candidate and the body.
- `candidates_between`: log of the number of other candidates between it and the body.
- `length`, `sentence_end` (ends with "."), `title_case`, `digits`, `separators`: as above.
- `metadata_above`, `metadata_below`: a byline, timestamp or dateline within `METADATA_REACH`
  lines above / below it (news pages put the byline under the title, above standfirsts and
  highlights).
- `blank_before`, `blank_after`: it stands alone between blank lines.
- `related_above`, `related_below`: log of the number of other candidates above / below it whose
  overlap is at least `RELATED_OVERLAP`. The title comes first, then standfirst, highlights and
  captions that restate the same story; so the title has such lines below it and none above.
- `long_100`: it is 100 Latin-equivalent characters or longer (standfirsts and highlights are
  sentence-length; titles rarely are).
- `bullet`: it starts with a list marker (inscriptis prints list items as "* …", nested ones as "+ …" and "o …"): story
  highlights and teaser lists are lists, a title is not.
- `list_neighbours`: how many of the lines directly above and below are candidates too (at most
  two raw lines apart): highlights, teasers and menus come in runs, a title stands alone or
  has one standfirst under it.
- `opens_block`: the line above is not a candidate, so this line starts a block of title-shaped
  lines; the title opens the story block (title, standfirst, highlights).
- `next_related_longer`: the next candidate, right below, restates the story and is longer:
  a title followed by its standfirst.
- `overlap_capped`: `overlap` capped at `RELATED_OVERLAP`. Standfirsts and highlights
  summarise the lede and restate more of it than the title does; with the cap the model can
  reward "restates the story" without rewarding "restates it most".
- `length_from_typical`: distance of `length` from the log of `TYPICAL_HEADLINE_LENGTH`
  characters; titles cluster there, menu items are shorter and standfirsts longer, which a
  single linear `length` weight cannot express. The centre sits at the short end of real titles
  (dev-set gold titles: quartiles 38 / 51 / 63 characters), because what it must separate the
  title from is mostly the longer standfirst or highlight directly below it.
- `recurs`: another raw file of the batch, with another story, prints the same line above
  its story (`recurrence.py`). A site prints its strapline, its shows' names and its promos on
  every page, and they are often shaped like titles; the title is the story's own. The
  evidence is as good as the batch: a single page, or one page per site, gives it nothing, and
  a scrape of one outlet the most. Held out by site, it raised the headline right from 0.847 /
  0.801 to 0.861 / 0.850 (inscriptis / Chromium; by page 0.864 / 0.857 -> 0.868 / 0.868), the
  errors it mended being such furniture (a blog's "Insight and analysis from …", a channel's
  show names, a section's promo). Pages cleaned one at a time (the feature always 0;
  `cleaner_train --cv-only --pages-alone`, on the model of caf4904) come out about as before:
  0.861 / 0.850 by page and 0.836 / 0.826 by site, against 0.864 / 0.857 and 0.847 / 0.801
  before the feature (inscriptis three pages fewer by site, Chromium seven more).

Not features any more: "highest overlap of all candidates", "topmost related candidate" (both
restate `overlap` / `related_above`), "the text is repeated" and "share of capitals"; once every
copy of the gold headline counted as right in training they carried weights below 0.04, and
dropping them moved the cross-validated figure by one page (0.833/0.805 -> 0.836/0.805).

The weights in `cleaner_model.json` are trained by `make train-cleaner`
(`pipeline/cleaner_train.py`) on the extraction development set; inference here is pure
Python so a build needs neither numpy nor scikit-learn.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from functools import lru_cache
from importlib import resources
from typing import Any

CJK_WEIGHT = 3
PROSE_LENGTH = 80
CONTEXT = 3
MODEL_FILE = "cleaner_model.json"
# The parsed `cleaner_model.json`: JSON sections (weights, bias, means, scales, features) read by key.
CleanerModel = dict[str, Any]

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f]")
_CJK_RUN = re.compile(f"{_CJK.pattern}+")
_SENTENCE_END = re.compile(r"[.!?。！？…][\"'”’»)\]）」』]*$")
_ELLIPSIS_END = re.compile(r"(…|\.\.\.)[\"'”’»)\]]*$")
_SENTENCE_STOP = re.compile(r"[.!?。！？](?=\s|$|[\"'”’»)」』])")
_COMMA = re.compile(r"[,，、;；]")
_SEPARATOR = re.compile(r"[|•·»›/>▸►©]")
_DIGIT = re.compile(r"\d")
_LINK = re.compile(r"https?://|www\.|\b[\w-]+\.(com|org|net|co\.uk|gov|edu)\b|\w@\w", re.IGNORECASE)
_BULLET = re.compile(r"^([*+•\-–·>▸►]|o)\s")
_WORD = re.compile(r"[^\W\d_][\w’'-]*")


def is_list_item(text: str) -> bool:
    """The line starts with a list marker: inscriptis prints list items as "* …" (nested ones
    "+ …", "o …"), pages print "• …" or "– …"."""
    return bool(_BULLET.match(text))


LINE_FEATURES = (
    "length",
    "long_40",
    "long_80",
    "long_160",
    "long_320",
    "sentence_end",
    "ellipsis_end",
    "colon_end",
    "sentences",
    "commas",
    "separators",
    "digits",
    "upper",
    "title_case",
    "link_like",
    "bullet",
    "rule",
    "repeated",
)
CONTEXT_FEATURES = (
    "position",
    "prose_before",
    "prose_after",
    "near_prose",
    "prev_length",
    "prev_sentence_end",
    "prev_rule",
    "next_length",
    "next_sentence_end",
    "next_rule",
)
FEATURES = LINE_FEATURES + CONTEXT_FEATURES
HEADLINE_FEATURES = (
    "overlap",
    "distance",
    "candidates_between",
    "length",
    "sentence_end",
    "title_case",
    "digits",
    "separators",
    "metadata_above",
    "metadata_below",
    "blank_before",
    "blank_after",
    "related_above",
    "related_below",
    "long_100",
    "bullet",
    "list_neighbours",
    "opens_block",
    "next_related_longer",
    "length_from_typical",
    "overlap_capped",
    "recurs",
)
RELATED_OVERLAP = 0.3
# Lines above the body searched for the title: some layouts put 40-50 lines of highlights, video links
# and alert boxes between title and body (page-grouped CV, 40 -> 80 lines: +0.01 on both dumps).
HEADLINE_WINDOW = 80
OPENING_LENGTH = 1500
METADATA_REACH = 3
# Page-grouped CV of the centre (inscriptis / chromium): 25 -> .826/.794, 35 -> .822/.801,
# 40 -> .822/.794, 45 -> .822/.791, 50 -> .808/.777, 60 -> .812/.780, 70 -> .805/.770.
TYPICAL_HEADLINE_LENGTH = 40
_CONTENT_WORD = re.compile(r"[^\W\d_]{3,}")


def ends_like_a_sentence(text: str) -> bool:
    """A full stop, question or exclamation mark (Latin or CJK) or an ellipsis, perhaps before closing quotes or brackets."""
    return bool(_SENTENCE_END.search(text))


def cut_off(text: str) -> bool:
    """Ends with an ellipsis: an excerpt cut short ("… the leader said…"), as teasers are."""
    return bool(_ELLIPSIS_END.search(text))


def latin_length(text: str) -> int:
    return len(text) + (CJK_WEIGHT - 1) * len(_CJK.findall(text))


def line_measures(text: str, has_rule: bool) -> dict[str, float]:
    length = latin_length(text)
    letters = [c for c in text if c.isalpha() and c.lower() != c.upper()]
    words = _WORD.findall(text)
    return {
        "length": math.log1p(length),
        "long_40": float(length >= 40),
        "long_80": float(length >= 80),
        "long_160": float(length >= 160),
        "long_320": float(length >= 320),
        "sentence_end": float(ends_like_a_sentence(text)),
        "ellipsis_end": float(cut_off(text)),
        "colon_end": float(text.endswith((":", "："))),
        "sentences": math.log1p(len(_SENTENCE_STOP.findall(text))),
        "commas": math.log1p(len(_COMMA.findall(text))),
        "separators": len(_SEPARATOR.findall(text)) / len(text),
        "digits": len(_DIGIT.findall(text)) / len(text),
        "upper": sum(c.isupper() for c in letters) / len(letters) if letters else 0.0,
        "title_case": sum(w[0].isupper() for w in words) / len(words) if words else 0.0,
        "link_like": float(bool(_LINK.search(text))),
        "bullet": float(is_list_item(text)),
        "rule": float(has_rule),
    }


def page_features(texts: list[str], rules: list[bool], cells: list[str] | None = None) -> list[list[float]]:
    """One feature vector (in `FEATURES` order) per line of a page."""
    n = len(texts)
    counts = Counter(texts)
    # A table row (`cells`: its longest cell, "" for other lines) is measured by its longest
    # cell: a text dump lays a table out as columns side by side, an old site's navigation and
    # teasers beside its article's paragraphs, and the row is the paragraph it carries.
    lines = [line_measures(cell or text, rule) for text, rule, cell in zip(texts, rules, cells or [""] * n, strict=True)]
    for line, text in zip(lines, texts, strict=True):
        line["repeated"] = float(counts[text] > 1)
    prose = [
        latin_length(t) if m["long_80"] and m["sentence_end"] and not m["rule"] else 0 for t, m in zip(texts, lines, strict=True)
    ]
    total = sum(prose) or 1
    dense = [m["long_80"] * m["sentence_end"] for m in lines]
    before = 0
    vectors = []
    for i, m in enumerate(lines):
        window = dense[max(0, i - CONTEXT) : i] + dense[i + 1 : i + 1 + CONTEXT]
        prev = lines[i - 1] if i else None
        nxt = lines[i + 1] if i + 1 < n else None
        context = {
            "position": i / n,
            "prose_before": before / total,
            "prose_after": (total - before - prose[i]) / total,
            "near_prose": sum(window) / (2 * CONTEXT),
            "prev_length": prev["length"] if prev else 0.0,
            "prev_sentence_end": prev["sentence_end"] if prev else 0.0,
            "prev_rule": prev["rule"] if prev else 0.0,
            "next_length": nxt["length"] if nxt else 0.0,
            "next_sentence_end": nxt["sentence_end"] if nxt else 0.0,
            "next_rule": nxt["rule"] if nxt else 0.0,
        }
        before += prose[i]
        vectors.append([m[f] for f in LINE_FEATURES] + [context[f] for f in CONTEXT_FEATURES])
    return vectors


@lru_cache(maxsize=1)
def load_model() -> CleanerModel:
    text = resources.files("sino_russian_news.pipeline").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    model: CleanerModel = json.loads(text)
    if tuple(model["lines"]["features"]) != FEATURES or tuple(model["headline"]["features"]) != HEADLINE_FEATURES:
        raise ValueError(f"{MODEL_FILE} was trained on other features; run `make train-cleaner`")
    return model


def probabilities(vectors: list[list[float]], model: CleanerModel) -> list[float]:
    """P(class) for each feature vector by a logistic model (a section of `cleaner_model.json`)."""
    weights, bias, means, scales = model["weights"], model["bias"], model["means"], model["scales"]
    out = []
    for v in vectors:
        z = bias + sum(w * (x - m) / s for w, x, m, s in zip(weights, v, means, scales, strict=True))
        out.append(1 / (1 + math.exp(-max(-30.0, min(30.0, z)))))
    return out


def content_words(text: str) -> set[str]:
    """Casefolded words of three letters or more, and CJK character pairs (CJK has no spaces)."""
    return {w.casefold() for w in _CONTENT_WORD.findall(text) if not _CJK.match(w)} | cjk_pairs(text)


def cjk_pairs(text: str) -> set[str]:
    """The pairs of adjacent CJK characters in `text`: CJK writes no spaces, so a pair stands for a word."""
    return {run[i : i + 2] for run in _CJK_RUN.findall(text) for i in range(len(run) - 1)}


def without_cjk(text: str) -> str:
    """`text` with its CJK runs replaced by spaces (to find the words of other scripts around them)."""
    return _CJK_RUN.sub(" ", text)


def recurrence_key(text: str) -> int:
    """How a line is matched across pages (`recurrence.py`): a 64-bit hash of the normalised
    line, casefolded (the build keeps these for every page: eight bytes a line, not the line)."""
    return int.from_bytes(hashlib.blake2b(text.casefold().encode(), digest_size=8).digest(), "big")


def headline_vectors(
    texts: list[str],
    numbers: list[int],
    candidates: list[int],
    metadata: list[bool],
    body_start: int,
    opening: set[str],
    recurring: frozenset[int] = frozenset(),
) -> list[list[float]]:
    """One `HEADLINE_FEATURES` vector per candidate line index (lines above the body at
    `body_start`); `recurring` holds the page's lines that other pages of the batch print too."""
    overlaps = []
    for j in candidates:
        words = content_words(texts[j])
        overlaps.append(len(words & opening) / len(words) if words else 0.0)
    candidate_set = set(candidates)
    vectors = []
    for rank, (j, overlap) in enumerate(zip(candidates, overlaps, strict=True)):
        m = line_measures(texts[j], False)
        vectors.append(
            [
                overlap,
                math.log1p(body_start - j),
                math.log1p(len(candidates) - rank - 1),
                m["length"],
                float(texts[j].endswith(".")),
                m["title_case"],
                m["digits"],
                m["separators"],
                float(any(metadata[max(0, j - METADATA_REACH) : j])),
                float(any(metadata[j + 1 : j + 1 + METADATA_REACH])),
                float(j == 0 or numbers[j] - numbers[j - 1] > 1),
                float(j + 1 == len(texts) or numbers[j + 1] - numbers[j] > 1),
                math.log1p(sum(o >= RELATED_OVERLAP for o in overlaps[:rank])),
                math.log1p(sum(o >= RELATED_OVERLAP for o in overlaps[rank + 1 :])),
                float(latin_length(texts[j]) >= 100),
                m["bullet"],
                float(sum(k in candidate_set and abs(numbers[k] - numbers[j]) <= 2 for k in (j - 1, j + 1))),
                float(j - 1 not in candidate_set),
                float(
                    rank + 1 < len(candidates)
                    and candidates[rank + 1] - j <= 2
                    and overlaps[rank + 1] >= RELATED_OVERLAP
                    and latin_length(texts[candidates[rank + 1]]) > latin_length(texts[j])
                ),
                abs(m["length"] - math.log1p(TYPICAL_HEADLINE_LENGTH)),
                min(overlap, RELATED_OVERLAP),
                float(recurrence_key(texts[j]) in recurring),
            ]
        )
    return vectors
