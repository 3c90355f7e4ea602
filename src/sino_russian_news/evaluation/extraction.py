"""Score cleaning and metadata on the extraction development set.

    python -m sino_russian_news.evaluation.extraction [--eval-dir DIR] [--mode html] [--worst 10] [--errors]

Each page of `../shared/eval/extraction/` goes through the same steps as a raw file in a
build (`pipeline.build.prepare_article`), once per input mode: the two plain-text dumps
(`text/inscriptis`, `text/chromium`) and the HTML. The cleaned body is scored against the gold
body (4-token shingles, see `shingles.py`); the headline and publication date against the
page's own metadata:

- headline: the reviewed `gold_title` where the set has one, else the gold body's first line
  when it is the page's title (its words overlap `<title>`/og:title/h1); right when the
  predicted and gold headline share at least 80% of their tokens (token F1 ≥ 0.8);
- date: `gold_date`, else the page's date markup (`date`); right when within one day.
Figures are printed per mode, for English and other languages, and optionally per subset.

`--mode markdown` (not among the defaults: the set has no Markdown of its own) scores each page's
HTML converted to Markdown by markdownify, as a scraper writing Markdown of the whole page
would (Firecrawl and Jina Reader convert with turndown, of which markdownify is the Python
counterpart), through the build's Markdown reading (`pipeline/markdown.py`).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .shingles import PageScore, score_page, score_set, tokens

MODES = ("inscriptis", "chromium", "html")
MARKDOWN_MODE = "markdown"  # opt-in: converted here, see the module docstring
ALL_MODES = (*MODES, MARKDOWN_MODE)
HEADLINE_MATCH = 0.8
DATE_TOLERANCE_DAYS = 1


def default_eval_dir(project: Path) -> Path:
    return project.resolve().parent / "shared" / "eval" / "extraction"


@dataclass(frozen=True)
class Page:
    id: str
    subset: str
    language: str
    gold: str
    gold_headline: str | None
    gold_date: dt.date | None
    site: str = ""  # the page's registrable domain (`page_site`), to hold a site's pages out together
    gold_byline: str | None = None  # the writers the source data set names (readability, wcxb), without 'By'


@dataclass(frozen=True)
class Result:
    page: Page
    mode: str
    body: str
    headline: str | None
    date: str | None
    score: PageScore
    error: str | None = None
    byline: str | None = None

    @property
    def headline_right(self) -> bool | None:
        if self.page.gold_headline is None:
            return None
        return token_f1(self.headline or "", self.page.gold_headline) >= HEADLINE_MATCH

    @property
    def byline_right(self) -> bool | None:
        if self.page.gold_byline is None:
            return None
        return token_f1(self.byline or "", self.page.gold_byline) >= HEADLINE_MATCH

    @property
    def date_right(self) -> bool | None:
        if self.page.gold_date is None or not self.date:
            return None
        return abs((dt.date.fromisoformat(self.date) - self.page.gold_date).days) <= DATE_TOLERANCE_DAYS


def token_f1(predicted: str, gold: str) -> float:
    p, g = Counter(t.casefold() for t in tokens(predicted)), Counter(t.casefold() for t in tokens(gold))
    common = sum((p & g).values())
    if not common:
        return 0.0
    precision, recall = common / sum(p.values()), common / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def parse_markup_date(value: str) -> dt.date | None:
    """The first calendar date in a raw metadata value ('2013/03/03 17:05:55', ISO 8601…)."""
    import warnings

    from dateutil import parser as dateparser

    value = value.strip()
    if not value:
        return None
    with warnings.catch_warnings():  # 'EDT' and other zone names: the day is what counts here
        warnings.simplefilter("ignore")
        try:
            return dateparser.parse(value[:25], fuzzy=True, default=dt.datetime(2000, 1, 1)).date()
        except (ValueError, OverflowError):
            return None


def gold_byline(row: dict) -> str | None:
    """The writers a page's gold metadata names ('By Jane Doe' -> 'Jane Doe'), or None."""
    author = " ".join((row.get("gold_author") or "").split())
    return re.sub(r"^by\s+", "", author, flags=re.IGNORECASE) or None


def gold_headline(row: dict, gold: str) -> str | None:
    if row.get("gold_title"):
        return row["gold_title"]
    first_line = gold.strip().split("\n", 1)[0]
    page_titles = " ".join(row.get(k) or "" for k in ("title", "og_title", "h1"))
    first_words = {t.casefold() for t in tokens(first_line)}
    if first_words and len(first_words & {t.casefold() for t in tokens(page_titles)}) / len(first_words) >= 0.6:
        return first_line
    return None


# A link's address: absolute, or relative to a Wayback Machine capture ("/web/2005…/http://…").
_LINK = re.compile(r'href="(https?://[^"]+|/web/[^"]+)"')


def page_site(eval_dir: Path, row: dict) -> str:
    """The site a page comes from: its URL's registrable domain ('news.bbc.co.uk' -> 'bbc.co.uk'),
    or for an archived page without a URL the domain it links to most (its own navigation), else
    the page id. Cross-validation holds a site's pages out together, as pages of a site nobody
    here has seen would be (pages of one site share a layout the models can learn)."""
    from courlan import extract_domain

    from ..pipeline.html import original_url

    if row.get("url"):
        return extract_domain(original_url(row["url"])) or row["id"]
    path = eval_dir / "html" / f"{row['id']}.html.gz"
    html = gzip.decompress(path.read_bytes()).decode("utf-8", "replace") if path.exists() else ""
    links = (original_url(f"https://web.archive.org{link}" if link.startswith("/") else link) for link in _LINK.findall(html))
    domains = Counter(d for link in links if (d := extract_domain(link)) and d != "archive.org")
    return min(domains, key=lambda d: (-domains[d], d)) if domains else row["id"]


def load_pages(eval_dir: Path) -> list[Page]:
    pages = []
    with (eval_dir / "pages.csv").open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            gold = (eval_dir / "gold" / f"{row['id']}.txt").read_text(encoding="utf-8")
            date = parse_markup_date(row.get("gold_date") or "") or parse_markup_date(row.get("date") or "")
            pages.append(
                Page(
                    row["id"],
                    row["subset"],
                    row["language"],
                    gold,
                    gold_headline(row, gold),
                    date,
                    page_site(eval_dir, row),
                    gold_byline(row),
                )
            )
    return pages


def input_bytes(eval_dir: Path, page: Page, mode: str) -> tuple[str, bytes]:
    if mode == "html":
        return f"{page.id}.html", gzip.decompress((eval_dir / "html" / f"{page.id}.html.gz").read_bytes())
    if mode == MARKDOWN_MODE:
        html = gzip.decompress((eval_dir / "html" / f"{page.id}.html.gz").read_bytes())
        return f"{page.id}.md", markdown_of(html.decode("utf-8", errors="replace")).encode("utf-8")
    return f"{page.id}.txt", (eval_dir / "text" / mode / f"{page.id}.txt").read_bytes()


# What a scraper drops before converting a page to Markdown (Firecrawl: head, scripts, styles,
# noscript): the rest, hidden or not, is converted, as turndown does.
SCRAPER_DROPS = ("head", "script", "style", "noscript", "template")


@cache  # a page is read twice per run (its lines shared with others, then scored): convert once
def markdown_of(page: str) -> str:
    """A page as a scraper's Markdown of all of it: SCRAPER_DROPS removed, the rest converted
    by markdownify with `#` headings."""
    from lxml import html as lxml_html
    from markdownify import markdownify

    from ..pipeline import html

    tree = html.parse(page)
    if tree is None:
        return ""
    for dropped in list(tree.iter(*SCRAPER_DROPS)):
        dropped.drop_tree()
    converted: str = markdownify(lxml_html.tostring(tree, encoding="unicode"), heading_style="ATX")
    return converted


def recurring_in(eval_dir: Path, pages: list[Page], mode: str) -> dict[str, frozenset[int]]:
    """Each page's lines that other pages of the dump print too: a dump of the whole set is one
    batch, as a build's raw files are (pipeline/recurrence.py); none for HTML pages."""
    return recurring_across(eval_dir, pages, (mode,)).get(mode, {})


def recurring_across(eval_dir: Path, pages: list[Page], modes: Sequence[str]) -> dict[str, dict[str, frozenset[int]]]:
    """Per text mode, each page's lines that other pages print too, with every page of the
    `modes` dumps in one batch: a build whose raw folder holds two copies of each page (two
    tools' texts, or a page scraped twice), where a page's copies must count as one story."""
    from ..pipeline.raw import cleaner_text
    from ..pipeline.recurrence import recurring_in_batch

    def text_of(page: Page, mode: str) -> str:
        name, data = input_bytes(eval_dir, page, mode)
        return cleaner_text(data.decode("utf-8"), Path(name).suffix)  # a Markdown page as the build reads it

    text_modes = [mode for mode in modes if mode != "html"]
    together = recurring_in_batch({(p.id, mode): text_of(p, mode) for mode in text_modes for p in pages})
    return {mode: {page_id: lines for (page_id, of), lines in together.items() if of == mode} for mode in text_modes}


def run_page(eval_dir: Path, page: Page, mode: str, curation, recurring: frozenset[int] = frozenset()) -> Result:
    from ..pipeline.build import prepare_article
    from ..pipeline.raw import RawFileError

    name, data = input_bytes(eval_dir, page, mode)
    try:
        record, _ = prepare_article(Path(name), curation, data=data, recurring=recurring)
    except RawFileError as error:
        return Result(page, mode, "", None, None, score_page("", page.gold), error.reason)
    return Result(
        page,
        mode,
        record["body"],
        record.get("headline"),
        record.get("published_date"),
        score_page(record["body"], page.gold),
        byline=record.get("byline"),
    )


def summarise(results: list[Result]) -> dict:
    s = score_set([r.score for r in results])
    with_headline = [r.headline_right for r in results if r.headline_right is not None]
    with_byline = [r.byline_right for r in results if r.byline_right is not None]
    dated = [r for r in results if r.page.gold_date is not None]
    judged = [r.date_right for r in dated if r.date_right is not None]
    return {
        "pages": s.pages,
        "precision": round(s.precision, 3),
        "recall": round(s.recall, 3),
        "f1": round(s.f1, 3),
        "f1_sd": round(s.f1_sd, 3),
        "exact": round(s.exact, 3),
        "below_f1_0.5": sum(r.score.f1 < 0.5 for r in results),
        "headline_right": round(sum(with_headline) / len(with_headline), 3) if with_headline else None,
        "headline_pages": len(with_headline),
        "byline_right": round(sum(with_byline) / len(with_byline), 3) if with_byline else None,
        "byline_pages": len(with_byline),
        "date_filled": round(sum(bool(r.date) for r in results) / len(results), 3) if results else None,
        "date_right_of_stated": round(sum(r.date_right is True for r in dated) / len(dated), 3) if dated else None,
        "dates_off_by_more_than_a_day": sum(r is False for r in judged),
        "date_pages": len(dated),
        "errors": sum(r.error is not None for r in results),
    }


COLUMNS = (
    "pages",
    "precision",
    "recall",
    "f1",
    "f1_sd",
    "exact",
    "below_f1_0.5",
    "headline_right",
    "byline_right",
    "date_filled",
    "date_right_of_stated",
    "dates_off_by_more_than_a_day",
    "errors",
)


def print_table(rows: list[tuple[str, dict]], out=sys.stdout) -> None:
    header = ("set",) + COLUMNS
    lines = [header] + [(name,) + tuple("—" if row[c] is None else str(row[c]) for c in COLUMNS) for name, row in rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for line in lines:
        print("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)), file=out)


def evaluate(
    eval_dir: Path,
    project: Path,
    modes=MODES,
    by_subset: bool = False,
    limit: int | None = None,
    ids=None,
    dumps_together: bool = False,
) -> tuple[list[tuple[str, dict]], list[Result]]:
    from ..pipeline.build import Curation

    curation = Curation.load(project / "dataset" / "curated")
    every_page = load_pages(eval_dir)
    pages = [p for p in every_page if p.id in ids] if ids else every_page
    pages = pages[:limit] if limit else pages
    rows: list[tuple[str, dict]] = []
    everything: list[Result] = []
    across = recurring_across(eval_dir, every_page, modes) if dumps_together else {}
    for mode in modes:
        # the whole set, whichever pages are scored
        recurring = across[mode] if mode in across else recurring_in(eval_dir, every_page, mode)
        results = [run_page(eval_dir, page, mode, curation, recurring.get(page.id, frozenset())) for page in pages]
        everything += results
        rows.append((mode, summarise(results)))
        for group, label in (("en", "en"), ("other", "non-en")):
            subset = [r for r in results if (r.page.language == "en") == (group == "en")]
            if subset and len(subset) != len(results):
                rows.append((f"{mode} {label}", summarise(subset)))
        if by_subset:
            for name in sorted({p.subset for p in pages}):
                rows.append((f"{mode} {name}", summarise([r for r in results if r.page.subset == name])))
    return rows, everything


def error_listing(results: list[Result]) -> list[str]:
    """One line per wrong headline and byline (predicted vs gold) and per date more than a day off, mode by mode."""
    out = []
    for r in results:
        if r.headline_right is False:
            out.append(f"  headline {r.mode}: {r.page.id} got {r.headline!r}, gold {r.page.gold_headline!r}")
    for r in results:
        if r.byline_right is False:
            out.append(f"  byline {r.mode}: {r.page.id} got {r.byline!r}, gold {r.page.gold_byline!r}")
    for r in results:
        if r.date_right is False:
            out.append(f"  date {r.mode}: {r.page.id} got {r.date}, gold {r.page.gold_date}")
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=Path("."), help="project directory (holds dataset/curated/)")
    parser.add_argument(
        "--eval-dir", type=Path, help="the extraction set (default: ../shared/eval/extraction beside the project)"
    )
    parser.add_argument(
        "--mode", choices=ALL_MODES, action="append", help=f"input mode(s) to score (default: {', '.join(MODES)})"
    )
    parser.add_argument("--by-subset", action="store_true", help="also print figures per source subset")
    parser.add_argument("--limit", type=int, help="score only the first N pages")
    parser.add_argument("--ids", nargs="*", help="score only these page ids")
    parser.add_argument("--worst", type=int, default=0, help="list the N pages with the lowest F1 per mode")
    parser.add_argument(
        "--errors", action="store_true", help="list every wrong headline and byline and every date more than a day off, per mode"
    )
    parser.add_argument(
        "--dumps-together",
        action="store_true",
        help="treat the text dumps as one batch (a raw folder holding two copies of every page), not one batch each",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    eval_dir = args.eval_dir or default_eval_dir(args.project)
    if not (eval_dir / "pages.csv").exists():
        print(f"extraction evaluation skipped: no development set at {eval_dir} (see README, 'Evaluation')")
        return 0
    started = time.perf_counter()
    rows, results = evaluate(
        eval_dir, args.project, tuple(args.mode or MODES), args.by_subset, args.limit, set(args.ids or ()), args.dumps_together
    )
    print(f"extraction: {rows[0][1]['pages']} pages from {eval_dir}, {time.perf_counter() - started:.0f}s")
    print_table(rows)
    for mode in args.mode or MODES:
        worst = sorted((r for r in results if r.mode == mode), key=lambda r: r.score.f1)[: args.worst]
        for r in worst:
            print(
                f"  worst {mode}: {r.page.id} F1 {r.score.f1:.2f} P {r.score.precision or 0:.2f} R {r.score.recall:.2f} headline {r.headline!r}{' error: ' + r.error if r.error else ''}"
            )
    if args.errors:
        for line in error_listing(results):
            print(line)
    if args.json:
        args.json.write_text(json.dumps({"eval_dir": str(eval_dir), "figures": dict(rows)}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
