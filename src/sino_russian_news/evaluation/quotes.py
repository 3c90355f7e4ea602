"""Score quote and speaker extraction on an annotated development set (PolNeAR-derived).

The set lives outside the repository (default `<project>/../shared/eval/quotes`, see its
README for the gold format and the scoring rule, which this module implements exactly):

* articles are laid out as the pipeline lays out a clean body (non-blank lines become
  paragraphs joined by a blank line), run through the same spaCy pipeline and the same
  `enrich.annotate` the build uses, and predicted offsets are mapped back to the article;
* predictions of a not-speech kind (scare quotes, titles, markup values) are not counted;
* matching is one-to-one on shared characters (`|p ∩ g| ≥ ½|g|`, greedy by overlap);
* a speaker is right when its text equals the gold source text or its head (last token,
  possessive stripped) equals the gold head. The *strict* figure uses the speaker as written
  ("he" must match gold "he"); the *lenient* one also accepts the head of the gold
  `speaker_resolved` and the name of the entity the pipeline resolved the speaker to.

Beside those it prints corpus-level entity health: PERSON entities that are plainly not
people (see `false_person_reason`) and split identities (see `split_identities`).

The scoring functions are pure and unit-tested (tests/test_eval_quotes.py); only `main`
touches the file system and the model.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

SPEECH_KINDS = frozenset({"full", "partial"})
_TRIM = "\"“”'‘’ \t\n"


# ---------------------------------------------------------------- scoring (pure)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    speaker: str | None = None  # as written (gold: speaker_text)
    resolved: str | None = None  # gold: speaker_resolved; prediction: resolved entity name

    @property
    def length(self) -> int:
        return self.end - self.start


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip quotation marks and whitespace from both ends of text[start:end]."""
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def match(predicted: list[Span], gold: list[Span]) -> list[tuple[int, int]]:
    """One-to-one (prediction index, gold index) pairs sharing ≥ half the gold's characters,
    taken in order of decreasing shared characters (ties: text order)."""
    candidates = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            shared = min(p.end, g.end) - max(p.start, g.start)
            if shared > 0 and 2 * shared >= g.length:
                candidates.append((-shared, j, i))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, j, i in sorted(candidates):
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        pairs.append((i, j))
    return sorted(pairs)


def normalise_speaker(text: str) -> str:
    return " ".join(text.split()).strip(" .,;:!?\"'“”‘’()[]-—–").casefold()


def speaker_head(text: str) -> str:
    """Last token with punctuation and a possessive stripped: 'Mr. Donald J. Trump' -> 'trump'."""
    tokens = []
    for token in text.split():
        token = re.sub(r"[’']s$", "", token.strip(".,;:!?\"'“”‘’()[]-—–"))
        token = token.strip(".,;:!?\"'“”‘’()[]-—–")
        if token:
            tokens.append(token.casefold())
    return tokens[-1] if tokens else ""


def speaker_correct(predicted: Span, gold: Span, lenient: bool = False) -> bool:
    if predicted.speaker is None or gold.speaker is None:
        return False
    guesses = [predicted.speaker] + ([predicted.resolved] if lenient and predicted.resolved else [])
    gold_heads = {speaker_head(gold.speaker)} | ({speaker_head(gold.resolved)} if lenient and gold.resolved else set())
    for guess in guesses:
        if normalise_speaker(guess) == normalise_speaker(gold.speaker) or speaker_head(guess) in gold_heads:
            return True
    return False


@dataclass
class Scores:
    predicted: int = 0
    gold: int = 0
    matched: int = 0
    with_gold_speaker: int = 0
    speaker_strict: int = 0
    speaker_lenient: int = 0
    joint_strict: int = 0
    joint_lenient: int = 0
    predicted_without_speaker: int = 0

    def add(self, other: Scores) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @staticmethod
    def _prf(tp: int, predicted: int, gold: int) -> tuple[float, float, float]:
        p = tp / predicted if predicted else 0.0
        r = tp / gold if gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @property
    def quote_prf(self):
        return self._prf(self.matched, self.predicted, self.gold)

    @property
    def joint_strict_prf(self):
        return self._prf(self.joint_strict, self.predicted, self.gold)

    @property
    def joint_lenient_prf(self):
        return self._prf(self.joint_lenient, self.predicted, self.gold)

    @property
    def speaker_accuracy(self) -> tuple[float, float]:
        n = self.with_gold_speaker
        return (self.speaker_strict / n if n else 0.0, self.speaker_lenient / n if n else 0.0)


def score_article(predicted: list[Span], gold: list[Span]) -> Scores:
    s = Scores(predicted=len(predicted), gold=len(gold))
    s.predicted_without_speaker = sum(p.speaker is None for p in predicted)
    for i, j in match(predicted, gold):
        p, g = predicted[i], gold[j]
        s.matched += 1
        if g.speaker is None:
            both_none = p.speaker is None
            s.joint_strict += both_none
            s.joint_lenient += both_none
            continue
        s.with_gold_speaker += 1
        strict, lenient = speaker_correct(p, g), speaker_correct(p, g, lenient=True)
        s.speaker_strict += strict
        s.speaker_lenient += lenient
        s.joint_strict += strict
        s.joint_lenient += lenient
    return s


# ---------------------------------------------------------------- entity health (pure)

# Names the model often types PERSON that are services, not people (the issue counted
# "Twitter" 49 times); a short list for the *metric*, not used by the pipeline's filter.
PLATFORM_NAMES = frozenset(
    {
        "twitter",
        "facebook",
        "instagram",
        "youtube",
        "tiktok",
        "reddit",
        "snapchat",
        "whatsapp",
        "telegram",
        "linkedin",
        "google",
        "wikipedia",
        "weibo",
        "wechat",
        "vkontakte",
        "tumblr",
    }
)


def false_person_reason(name: str) -> str | None:
    """Why a PERSON entity name is plainly not a person, or None.

    Heuristic (documented so the figure can be read): a platform name from the list above;
    an @handle, a hashtag or a URL; digits; a name written all in capitals with at least
    four letters ('RIGGED'; 'JFK' passes); a single word with no capital letter ('lol'); no letters.
    """
    stripped = name.strip()
    words = stripped.split()
    letters = [c for c in stripped if c.isalpha()]
    if not letters:
        return "no letters"
    if stripped.casefold() in PLATFORM_NAMES:
        return "platform"
    if "@" in stripped or stripped.startswith("#"):
        return "handle"
    if re.search(r"https?:|www\.|\.(com|org|net)\b", stripped, re.I):
        return "url"
    if any(c.isdigit() for c in stripped):
        return "digits"
    if len(letters) >= 4 and all(c.isupper() for c in letters):
        return "all caps"
    if len(words) == 1 and not any(c.isupper() for c in stripped):
        return "lowercase word"
    return None


_HONORIFIC_TOKENS = frozenset({"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "president", "senator", "sir", "jr", "sr"})


def name_tokens(name: str) -> frozenset[str]:
    tokens = {re.sub(r"[’']s$", "", t.strip(".,\"'“”‘’()")).casefold() for t in name.split()}
    return frozenset(t for t in tokens if t and t not in _HONORIFIC_TOKENS and len(t) > 1)


def split_identities(
    mention_counts: dict[str, int], names: dict[str, str], minimum: int = 3
) -> tuple[list[tuple[str, str]], int]:
    """PERSON entities mentioned ≥ minimum times whose name tokens are a subset of another's.

    Returns ((entity, the other entity it is a variant of) pairs, number of persons counted).
    'Trump' ⊂ 'Donald Trump', 'Donald Trump' ⊂ 'Donald J. Trump' (one-letter initials and
    honorifics are ignored, so those two are equal and also count).
    """
    frequent = sorted(e for e, n in mention_counts.items() if n >= minimum)
    tokens = {e: name_tokens(names[e]) for e in frequent}
    splits = []
    for e in frequent:
        if not tokens[e]:
            continue
        other = next((o for o in frequent if o != e and tokens[e] <= tokens[o] and (tokens[e] < tokens[o] or o < e)), None)
        if other is not None:
            splits.append((e, other))
    return splits, len(frequent)


# ---------------------------------------------------------------- running the pipeline


@dataclass
class Layout:
    """An article laid out as a clean body: paragraph i of the body starts at body_starts[i]
    and corresponds to the article text starting at source_starts[i]."""

    body: str
    body_starts: list[int] = field(default_factory=list)
    source_starts: list[int] = field(default_factory=list)

    def to_source(self, offset: int) -> int:
        from bisect import bisect_right

        i = max(bisect_right(self.body_starts, offset) - 1, 0)
        return self.source_starts[i] + offset - self.body_starts[i]


def lay_out(text: str, separator: str = "\n\n") -> Layout:
    """Non-blank lines (stripped) joined by the pipeline's paragraph separator."""
    layout = Layout("")
    pieces: list[str] = []
    position, offset = 0, 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            if pieces:
                offset += len(separator)
            layout.body_starts.append(offset)
            layout.source_starts.append(position + line.index(stripped[0]))
            pieces.append(stripped)
            offset += len(stripped)
        position += len(line) + 1
    layout.body = separator.join(pieces)
    return layout


def gold_spans(record: dict) -> list[Span]:
    return [Span(q["start"], q["end"], q["speaker_text"], q["speaker_resolved"]) for q in record["quotes"]]


def predicted_spans(text: str, layout: Layout, annotations: dict, names: dict[str, str]) -> list[Span]:
    spans = []
    for q in annotations["quotes"]:
        if q["kind"] not in SPEECH_KINDS:
            continue
        start = layout.to_source(q["start_char"])
        end = layout.to_source(q["end_char"] - 1) + 1
        start, end = trim_span(text, start, end)
        resolved = names.get(q["speaker_entity_id"]) if q.get("speaker_entity_id") else None
        spans.append(Span(start, end, q["speaker_text"], resolved))
    return spans


def default_eval_dir() -> Path:
    """`<project>/../shared/eval/quotes`; from a worktree nested deeper, the nearest ancestor's."""
    project = Path(__file__).resolve().parents[3]
    for ancestor in project.parents:
        candidate = ancestor / "shared" / "eval" / "quotes"
        if candidate.is_dir():
            return candidate
    return project.parent / "shared" / "eval" / "quotes"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=default_eval_dir())
    parser.add_argument("--limit", type=int, default=None, help="Score only the first N articles (quick iterations).")
    parser.add_argument("--project", type=Path, default=Path(__file__).resolve().parents[3])
    parser.add_argument("--errors", type=Path, default=None, help="Write per-quote mismatches as JSON lines here.")
    parser.add_argument("--json", type=Path, default=None, help="Write the figures as JSON here (for `analysis.quality record`).")
    args = parser.parse_args(argv)

    gold_file = args.eval_dir / "gold.jsonl"
    if not gold_file.exists():
        print(f"quote evaluation skipped: no development set at {args.eval_dir} (gold.jsonl absent)")
        return 0

    from ..pipeline import curation, enrich, nlp

    records = [json.loads(line) for line in gold_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    records = records[: args.limit] if args.limit else records
    gazetteer_entries = curation.entities(args.project / "dataset" / "curated" / "entities.yml")
    gazetteer = {e["id"]: e for e in gazetteer_entries}
    pipeline = nlp.load_pipeline(gazetteer_entries)

    texts = [(args.eval_dir / "articles" / f"{r['id']}.txt").read_text(encoding="utf-8") for r in records]
    layouts = [lay_out(t) for t in texts]
    started = time.perf_counter()
    total = Scores()
    entity_rows: dict[str, dict] = {}
    person_mentions: Counter[str] = Counter()
    errors = args.errors.open("w", encoding="utf-8") if args.errors else None
    docs = pipeline.pipe((layout.body for layout in layouts), batch_size=32, n_process=1)
    for record, text, layout, doc in zip(records, texts, layouts, docs, strict=True):
        annotations = enrich.annotate(doc, gazetteer)
        names = {row["entity_id"]: row["name"] for row in annotations["entities"]}
        for row in annotations["entities"]:
            entity_rows.setdefault(row["entity_id"], row)
        for m in annotations["mentions"]:
            if entity_rows.get(m["entity_id"], {}).get("type") == "PERSON":
                person_mentions[m["entity_id"]] += 1
        predicted, gold = predicted_spans(text, layout, annotations, names), gold_spans(record)
        total.add(score_article(predicted, gold))
        if errors:
            write_errors(errors, record["id"], text, predicted, gold)
    elapsed = time.perf_counter() - started
    if errors:
        errors.close()

    # The corpus-wide merge the build does after all articles (entities.resolve_corpus_entities).
    from ..pipeline.entities import corpus_person_aliases

    for variant, (canonical, _) in corpus_person_aliases(entity_rows, dict(person_mentions)).items():
        person_mentions[canonical] += person_mentions.pop(variant, 0)
        del entity_rows[variant]
    persons = {e: row["name"] for e, row in entity_rows.items() if row["type"] == "PERSON"}
    false_persons = {n: reason for n in persons.values() if (reason := false_person_reason(n))}
    splits, frequent = split_identities({e: person_mentions[e] for e in persons}, persons)
    print_report(total, len(records), elapsed, false_persons, splits, frequent, persons)
    if args.json:
        measured = figures(total, len(records), false_persons, splits, frequent, persons)
        args.json.write_text(json.dumps({"figures": measured}, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


def figures(s: Scores, articles: int, false_persons: dict[str, str], splits, frequent: int, persons) -> dict[str, float | int]:
    """The printed table as numbers, for `dataset/quality.json` and the methods page."""
    p, r, f = s.quote_prf
    strict, lenient = s.speaker_accuracy
    return {
        "articles": articles,
        "gold_quotes": s.gold,
        "quote_precision": round(p, 3),
        "quote_recall": round(r, 3),
        "quote_f1": round(f, 3),
        "speaker_strict": round(strict, 3),
        "speaker_lenient": round(lenient, 3),
        "quote_and_speaker_f1_strict": round(s.joint_strict_prf[2], 3),
        "quote_and_speaker_f1_lenient": round(s.joint_lenient_prf[2], 3),
        "without_speaker": round(s.predicted_without_speaker / s.predicted, 3) if s.predicted else 0.0,
        "persons": len(persons),
        "false_persons": len(false_persons),
        "split_identities": round(len(splits) / frequent, 3) if frequent else 0.0,
    }


def write_errors(out, article_id: str, text: str, predicted: list[Span], gold: list[Span]) -> None:
    """One JSON line per wrong speaker, false positive and missed gold quote, with context."""

    def line(error: str, span: Span, before: int, after: int, **fields) -> None:
        context = text[max(0, span.start - before) : span.end + after]
        record = {"id": article_id, "error": error, "quote": text[span.start : span.end][:120], **fields, "context": context}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")

    pairs = match(predicted, gold)
    for i, j in pairs:
        p, g = predicted[i], gold[j]
        if g.speaker is not None and not speaker_correct(p, g, lenient=True):
            line("speaker", g, 200, 120, predicted=p.speaker, resolved=p.resolved, gold=g.speaker, gold_resolved=g.resolved)
    matched_p, matched_g = {i for i, _ in pairs}, {j for _, j in pairs}
    for i, p in enumerate(predicted):
        if i not in matched_p:
            line("false_positive", p, 120, 60, predicted=p.speaker)
    for j, g in enumerate(gold):
        if j not in matched_g:
            line("missed", g, 120, 60, gold=g.speaker)


def print_report(s: Scores, articles: int, elapsed: float, false_persons: dict[str, str], splits, frequent: int, persons) -> None:
    p, r, f = s.quote_prf
    strict, lenient = s.speaker_accuracy
    jsp, jsr, jsf = s.joint_strict_prf
    jlp, jlr, jlf = s.joint_lenient_prf
    print(
        f"quote evaluation: {articles} articles, {s.gold} gold quotes, {s.predicted} predicted (speech kinds), parsed+annotated in {elapsed:.0f}s"
    )
    print("| measure | value |")
    print("| --- | --- |")
    print(f"| quote found: precision / recall / F1 | {p:.3f} / {r:.3f} / {f:.3f} |")
    print(f"| speaker right, of matched quotes with a gold speaker (strict / lenient) | {strict:.3f} / {lenient:.3f} |")
    print(f"| quote and speaker right: P / R / F1 (strict) | {jsp:.3f} / {jsr:.3f} / {jsf:.3f} |")
    print(f"| quote and speaker right: P / R / F1 (lenient) | {jlp:.3f} / {jlr:.3f} / {jlf:.3f} |")
    share = s.predicted_without_speaker / s.predicted if s.predicted else 0.0
    print(f"| predicted quotes without a speaker | {s.predicted_without_speaker} ({share:.1%}) |")
    print(f"| PERSON entities (corpus) | {len(persons)} |")
    print(f"| false PERSON entities (heuristic) | {len(false_persons)} |")
    split_share = len(splits) / frequent if frequent else 0.0
    print(f"| split identities among persons mentioned ≥3 times | {len(splits)} of {frequent} ({split_share:.1%}) |")
    if false_persons:
        shown = ", ".join(f"{n!r} ({why})" for n, why in sorted(false_persons.items())[:20])
        print(f"false persons: {shown}")
    if splits:
        print("split identities: " + ", ".join(f"{persons[a]!r}~{persons[b]!r}" for a, b in splits[:20]))


if __name__ == "__main__":
    sys.exit(main())
