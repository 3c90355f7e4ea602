"""Rows: one article's record, cleaning result and annotations shaped into table rows.

The cached NLP annotations (`enrich.py`) hold offsets only; here they become rows with their
paragraph, and the cheap, curation-dependent steps run: frame coding of each paragraph and
date resolution against the publication date (so correcting a curated date or the codebook
never invalidates the NLP cache).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from ..schema import DatePrecision
from . import clean as cleaning
from . import dates, frames, publish, syndication
from .body import paragraph_index, paragraph_spans

if TYPE_CHECKING:
    from datasketch import MinHash

    from .build import BuildReport
    from .enrich import Annotations

Row = dict[str, Any]  # one table row: column name to value


def paragraph_rows(article_id: str, body: str, cleaned: cleaning.Cleaned) -> list[Row]:
    return [
        {
            "article_id": article_id,
            "paragraph_index": index,
            "text": line.text,
            "start_char": start,
            "end_char": end,
            "raw_line_number": line.number,
        }
        for index, (line, (start, end)) in enumerate(zip(cleaned.paragraphs, paragraph_spans(body), strict=True))
    ]


def offset_id(article_id: str, kind: str, start_char: int) -> str:
    """Stable id of an annotation: article, kind letter and start offset, zero-padded so that
    text order (SQLite, Datasette, CSV readers) is the order in the body: `…:q0000265` < `…:q0001223`."""
    return f"{article_id}:{kind}{start_char:07d}"


def enrichment_rows(article: Row, annotations: Annotations, codebook: list[frames.Frame]) -> dict[str, list[Row]]:
    article_id, body = article["article_id"], article["body"]
    spans = paragraph_spans(body)
    starts = [start for start, _ in spans]
    out: dict[str, list[Row]] = {"mentions": [], "quotes": [], "date_mentions": [], "paragraph_frames": []}
    for m in annotations.get("mentions", []):
        out["mentions"].append(
            {
                "mention_id": offset_id(article_id, "m", m["start_char"]),
                "article_id": article_id,
                "paragraph_index": paragraph_index(starts, m["start_char"]),
                **m,
            }
        )
    for q in annotations.get("quotes", []):
        continues = q.get("continues_start_char")
        out["quotes"].append(
            {
                "quote_id": offset_id(article_id, "q", q["start_char"]),
                "article_id": article_id,
                **{k: v for k, v in q.items() if k != "continues_start_char"},
                "continues_quote_id": offset_id(article_id, "q", continues) if continues is not None else None,
            }
        )
    for d in annotations.get("dates", []):
        value, level, resolution = dates.resolve(d["text"], article["published_date"], d.get("tense"))
        out["date_mentions"].append(
            {
                "date_mention_id": offset_id(article_id, "d", d["start_char"]),
                "article_id": article_id,
                "paragraph_index": paragraph_index(starts, d["start_char"]),
                **{k: d[k] for k in ("start_char", "end_char", "text")},
                "resolved_date": value if level == DatePrecision.DAY else None,
                "resolved_period": value,
                "precision": level,
                "resolution": resolution,
            }
        )
    for index, (start, end) in enumerate(spans):
        for frame_id, s, e, count in frames.code_paragraph(body[start:end], codebook):
            out["paragraph_frames"].append(
                {
                    "article_id": article_id,
                    "paragraph_index": index,
                    "frame_id": frame_id,
                    "evidence": body[start + s : start + e],
                    "start_char": start + s,
                    "end_char": start + e,
                    "cue_count": count,
                }
            )
    return out


def event_rows(events: list[dict[str, Any]], published: dict[str, str | None]) -> tuple[list[Row], list[Row]]:
    event_table, links = [], []
    for e in sorted(events, key=lambda e: e["event_id"]):
        event_table.append(
            {
                "event_id": e["event_id"],
                "name": e["name"],
                "start_date": e["start_date"],
                "end_date": e["end_date"],
                "place": e.get("place"),
                "participants": "; ".join(e.get("participants") or []),
                "evidence": " ".join(e["evidence"].split()),
            }
        )
        for article_id in e.get("articles") or []:
            if article_id not in published:
                continue
            date = published[article_id]
            days = (dt.date.fromisoformat(date) - dt.date.fromisoformat(e["start_date"])).days if date else None
            links.append({"article_id": article_id, "event_id": e["event_id"], "days_after_event_start": days})
    return event_table, links


class RowWriter:
    """Turns annotated articles into table rows and writes them in batched transactions."""

    def __init__(self, staging: publish.Staging, codebook: list[frames.Frame], report: BuildReport, flush_every: int = 500):
        self.staging, self.codebook, self.report, self.flush_every = staging, codebook, report, flush_every
        self.entities: dict[str, Row] = {}
        self.published: dict[str, str | None] = {}
        self.signatures: dict[str, MinHash] = {}
        self.rows: dict[str, list[Row]] = defaultdict(list)
        self.buffered = 0

    def add(self, record: Row, cleaned: cleaning.Cleaned, annotations: Annotations) -> None:
        with self.report.timed("rows, frames, dates, signatures"):
            article_id = record["article_id"]
            self.rows["articles"].append(record)
            self.rows["paragraphs"] += paragraph_rows(article_id, record["body"], cleaned)
            for r in cleaned.removed:
                self.rows["removed_lines"].append(
                    {"article_id": article_id, "line_number": r.number, "text": r.text, "reason": r.reason}
                )
                self.report.removed_by_reason[r.reason] = self.report.removed_by_reason.get(r.reason, 0) + 1
            for row in annotations.get("entities", []):
                self.entities.setdefault(row["entity_id"], row)
            for name, table_rows in enrichment_rows(record, annotations, self.codebook).items():
                self.rows[name] += table_rows
            self.published[article_id] = record["published_date"]
            self.signatures[article_id] = syndication.signature(record["body"])
        self.buffered += 1
        if self.buffered >= self.flush_every:
            self.flush()

    def flush(self) -> None:
        with self.report.timed("write staging database"):
            self.staging.insert(self.rows)
        self.rows, self.buffered = defaultdict(list), 0
