"""The published tables: one declaration feeds SQLite, the CSVs, datapackage.json and
Datasette's metadata, so a column is described once.

Kept free of heavy imports: the installed package reads it to describe tables.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # frictionless type: string, integer, number, boolean, date
    description: str
    required: bool = False


@dataclass(frozen=True)
class ForeignKey:
    columns: tuple[str, ...]
    table: str
    references: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    fts: tuple[str, ...] = ()
    label_column: str | None = None
    facets: tuple[str, ...] = ()
    sort: str | None = None
    order: tuple[str, ...] = ()  # row order of the CSV export; the primary key if empty

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def order_by(self) -> tuple[str, ...]:
        return self.order or self.primary_key


def _fk(column: str, table: str, ref: str) -> ForeignKey:
    return ForeignKey((column,), table, (ref,))


def _offset_fields(what: str) -> tuple[Field, ...]:
    return (
        Field("start_char", "integer", f"Offset of the first character of the {what} in `articles.body` (0-based).", True),
        Field("end_char", "integer", f"Offset just past the {what} in `articles.body`: `body[start_char:end_char] == text`.", True),
    )


ARTICLE_FK = _fk("article_id", "articles", "article_id")

TABLES: tuple[Table, ...] = (
    Table(
        "articles",
        "Articles",
        "One row per scraped article: the clean text and its metadata.",
        (
            Field("article_id", "string", "Stable identifier: the raw file's name without extension.", True),
            Field("source_file", "string", "Raw file under `dataset/raw/` this article was built from.", True),
            Field("raw_sha256", "string", "SHA-256 of the raw file's bytes, as in `dataset/raw/MANIFEST.csv`.", True),
            Field("raw_encoding", "string", "Text encoding the raw bytes were decoded with: `utf-8`, `cp1252` (which also reads latin-1 text), or `html` (body extracted from the page's markup with trafilatura, falling back to Readability; the page's other visible lines are in `removed_lines` as `html-boilerplate`, `headline` or `byline`).", True),
            Field("url", "string", "Address of the page, for articles ingested from a crawl (WARC/ARC) or an export (JSONL/CSV); empty for files added one by one."),
            Field("fetched_at", "string", "When the crawler fetched the page (the WARC-Date, or the export's download date), as recorded there."),
            Field("source_archive", "string", "WARC/ARC/JSONL/CSV file the article was ingested from (see `dataset/raw/PROVENANCE.csv`)."),
            Field("source_offset", "integer", "Where in `source_archive` the record starts: byte offset for WARC/ARC and JSONL, 1-based data row for CSV."),
            Field("site", "string", "Website the article was scraped from, where the text names it (e.g. in a copyright line) or curation says."),
            Field("original_publisher", "string", "Outlet that first published the story (e.g. 'CNN', 'BBC News', 'Reuters'), from an attribution in the text or from curation."),
            Field("publisher_source", "string", "How `original_publisher` was established: `text` (an attribution in the raw file) or `curated` (see `dataset/curated/articles.yml`)."),
            Field("photo_credit", "string", "Agency credited for the lead photo ('Image source, Reuters', '–Reuters photo'), which is not necessarily the publisher."),
            Field("headline", "string", "Headline as printed on the scraped page."),
            Field("subheadline", "string", "Dek or second headline under the headline, where the page has one."),
            Field("byline", "string", "Authors, `; `-separated, from a 'By …' line."),
            Field("dateline", "string", "Where the story was reported from, as printed (e.g. 'in Moscow, Beijing and Kyiv')."),
            Field("updated_at", "string", "The page's 'Updated:' timestamp as printed, where present."),
            Field("published_date", "date", "Publication date (ISO YYYY-MM-DD): for HTML pages from the page's publication markup or htmldate's original date; for text, a date stated near the top (a published line, a date line or dateline, an updated line as last resort); otherwise curated from evidence. Empty when nothing reliable is stated (`date_evidence` says why)."),
            Field("date_source", "string", "`html` if `published_date` comes from the HTML page, `text` if it is printed in the raw text, `curated` if it was established by a person from evidence, empty if unknown."),
            Field("date_evidence", "string", "How the publication date was established."),
            Field("language", "string", "ISO 639-1 code of the body's language, detected with py3langid (the HTML page's `lang` attribute where the body is under 200 characters). Non-English articles are kept, but only English bodies are run through the English spaCy model: their mentions, quotes and date mentions are empty."),
            Field("body", "string", "The clean article text; paragraphs separated by one blank line. Offsets in other tables index this string.", True),
            Field("word_count", "integer", "Words in `body` (whitespace-separated tokens containing a letter or digit).", True),
            Field("paragraph_count", "integer", "Paragraphs in `body`.", True),
            Field("removed_line_count", "integer", "Non-blank raw lines removed as boilerplate or lifted into metadata.", True),
            Field("headline_matches_body", "boolean", "1 if the headline describes this body, 0 if it belongs to another story (curated where reviewed, otherwise a word-overlap check), empty without a headline."),
            Field("headline_check", "string", "How `headline_matches_body` was set: `curated` or `overlap=<share of headline words found in the first paragraphs>`."),
        ),
        ("article_id",),
        fts=("headline", "body"),
        label_column="headline",
        facets=("site", "original_publisher", "published_date", "language", "headline_matches_body"),
        sort="article_id",
    ),
    Table(
        "paragraphs",
        "Paragraphs",
        "The clean body split into paragraphs, with their position in `articles.body`.",
        (
            Field("article_id", "string", "Article the paragraph belongs to.", True),
            Field("paragraph_index", "integer", "0-based position of the paragraph in the body.", True),
            Field("text", "string", "The paragraph's text.", True),
            *_offset_fields("paragraph"),
            Field("raw_line_number", "integer", "1-based line of the raw file the paragraph came from.", True),
        ),
        ("article_id", "paragraph_index"),
        (ARTICLE_FK,),
        fts=("text",),
        facets=("article_id",),
    ),
    Table(
        "removed_lines",
        "Removed lines (cleaning audit)",
        "Every non-blank raw line that is not in the body, with the rule that removed it. Lines lifted into metadata (headline, byline…) are here too, with that field as the reason.",
        (
            Field("article_id", "string", "Article whose raw file held the line.", True),
            Field("line_number", "integer", "1-based line number in the raw file (after decoding).", True),
            Field("text", "string", "The line as it was, stripped of surrounding whitespace.", True),
            Field("reason", "string", "Rule that removed it: site-chrome, share-widget, source-link, comments, comment-count, newsletter, related-posts, disclaimer, copyright, photo-caption, video-stub, syndication-note, update-note, site-name, headline, subheadline, byline, dateline, timestamp.", True),
        ),
        ("article_id", "line_number"),
        (ARTICLE_FK,),
        facets=("reason", "article_id"),
    ),
    Table(
        "entities",
        "Entities",
        "People, organisations and places mentioned, one row per real-world entity.",
        (
            Field("entity_id", "string", "The Wikidata QID where known (e.g. Q7747), else a stable slug of type and name.", True),
            Field("name", "string", "Canonical name.", True),
            Field("type", "string", "spaCy label: PERSON, ORG, GPE, LOC, NORP, EVENT, FAC…", True),
            Field("wikidata_id", "string", "Wikidata QID, empty where not linked."),
            Field("description", "string", "Who or what this is (gazetteer entries), or how it was found (model entries)."),
            Field("side", "string", "For actors: russia, china, ukraine, west, other; empty for model-found entities."),
            Field("source", "string", "`gazetteer` (dataset/curated/entities.yml) or `model` (spaCy NER only).", True),
        ),
        ("entity_id",),
        label_column="name",
        facets=("type", "side", "source"),
        sort="name",
    ),
    Table(
        "mentions",
        "Entity mentions",
        "Each place in a body where an entity is mentioned.",
        (
            Field("mention_id", "string", "Stable id: article id and start offset.", True),
            Field("article_id", "string", "Article of the mention.", True),
            Field("entity_id", "string", "Entity mentioned.", True),
            Field("paragraph_index", "integer", "Paragraph holding the mention.", True),
            *_offset_fields("mention"),
            Field("text", "string", "The mention as written (e.g. 'Mr Xi').", True),
            Field("method", "string", "`gazetteer` (curated alias), `coreference` (short form or title resolved to a name earlier in the article) or `model` (spaCy NER).", True),
        ),
        ("mention_id",),
        (ARTICLE_FK, _fk("entity_id", "entities", "entity_id")),
        facets=("method", "entity_id"),
        order=("article_id", "start_char", "end_char"),
    ),
    Table(
        "quotes",
        "Direct quotes",
        "Text inside quotation marks in a body, with who said it.",
        (
            Field("quote_id", "string", "Stable id: article id and start offset.", True),
            Field("article_id", "string", "Article of the quote.", True),
            Field("paragraph_index", "integer", "Paragraph holding the quote.", True),
            *_offset_fields("quoted text"),
            Field("text", "string", "The words inside the quotation marks.", True),
            Field("speaker_entity_id", "string", "Entity who said it, where the attribution names or points to one."),
            Field("speaker_text", "string", "The attribution as written ('Xi', 'a foreign ministry spokeswoman', 'he')."),
            Field("cue", "string", "Reporting verb or phrase ('said', 'told', 'according to')."),
            Field("kind", "string", "`full` (a sentence or more) or `partial` (a quoted phrase).", True),
            Field("continues_quote_id", "string", "Previous part of the same quotation when it runs on across paragraphs."),
            Field("word_count", "integer", "Words in the quote.", True),
        ),
        ("quote_id",),
        (ARTICLE_FK, _fk("speaker_entity_id", "entities", "entity_id")),
        fts=("text", "speaker_text"),
        facets=("speaker_entity_id", "kind", "cue"),
        order=("article_id", "start_char"),
    ),
    Table(
        "frames",
        "Framing codebook",
        "The frames paragraphs are coded for (dataset/curated/frames.yml).",
        (
            Field("frame_id", "string", "Short code of the frame.", True),
            Field("label", "string", "Name of the frame.", True),
            Field("description", "string", "Definition: what a paragraph must say to carry this frame.", True),
        ),
        ("frame_id",),
        label_column="label",
    ),
    Table(
        "paragraph_frames",
        "Frames per paragraph",
        "One row per paragraph and frame it carries, with the words that triggered the code.",
        (
            Field("article_id", "string", "Article of the paragraph.", True),
            Field("paragraph_index", "integer", "Paragraph coded.", True),
            Field("frame_id", "string", "Frame found.", True),
            Field("evidence", "string", "The leftmost words in the paragraph that matched one of the frame's cues.", True),
            *_offset_fields("evidence"),
            Field("cue_count", "integer", "How many non-overlapping cue matches the paragraph has for this frame.", True),
        ),
        ("article_id", "paragraph_index", "frame_id"),
        (ARTICLE_FK, _fk("frame_id", "frames", "frame_id")),
        facets=("frame_id", "article_id"),
    ),
    Table(
        "date_mentions",
        "Date expressions",
        "Dates named in a body (spaCy DATE entities), resolved against the publication date where possible.",
        (
            Field("date_mention_id", "string", "Stable id: article id and start offset.", True),
            Field("article_id", "string", "Article of the expression.", True),
            Field("paragraph_index", "integer", "Paragraph holding it.", True),
            *_offset_fields("date expression"),
            Field("text", "string", "The expression as written ('on Friday', 'two weeks ago').", True),
            Field("resolved_date", "date", "Calendar day it points to, taking the article's publication date as 'today'; empty unless `precision` is day."),
            Field("resolved_period", "string", "The day, ISO week (YYYY-Www), month (YYYY-MM) or year (YYYY) it points to, at its `precision`."),
            Field("precision", "string", "`day`, `week`, `month` or `year`; empty for vague expressions ('early next year', 'the 20th anniversary')."),
            Field("resolution", "string", "`absolute` (the text names the date), `relative` (resolved from the publication date) or `unresolved`.", True),
        ),
        ("date_mention_id",),
        (ARTICLE_FK,),
        facets=("resolution", "article_id"),
        order=("article_id", "start_char"),
    ),
    Table(
        "events",
        "Events reported",
        "Meetings and calls the articles report (dataset/curated/events.yml).",
        (
            Field("event_id", "string", "Short stable id.", True),
            Field("name", "string", "What happened.", True),
            Field("start_date", "date", "First day.", True),
            Field("end_date", "date", "Last day.", True),
            Field("place", "string", "Where, or 'video link'."),
            Field("participants", "string", "Entity ids of the principals, `; `-separated."),
            Field("evidence", "string", "How the event and its date were established."),
        ),
        ("event_id",),
        label_column="name",
        sort="start_date",
    ),
    Table(
        "article_events",
        "Articles and the events they report",
        "Links each article to the event(s) it reports.",
        (
            Field("article_id", "string", "Article.", True),
            Field("event_id", "string", "Event it reports.", True),
            Field("days_after_event_start", "integer", "Publication date minus the event's first day, in days (negative: reported in advance).", False),
        ),
        ("article_id", "event_id"),
        (ARTICLE_FK, _fk("event_id", "events", "event_id")),
    ),
    Table(
        "syndication_pairs",
        "Syndicated copies",
        "Pairs of articles whose bodies are near-duplicates (MinHash LSH over word 5-gram shingles).",
        (
            Field("article_id", "string", "First article of the pair (lower id).", True),
            Field("other_article_id", "string", "Second article of the pair.", True),
            Field("jaccard", "number", "Exact Jaccard similarity of the two bodies' shingle sets (the LSH only proposes candidates).", True),
            Field("group_id", "string", "Story group: the lowest article id among all articles connected to this pair.", True),
        ),
        ("article_id", "other_article_id"),
        (ARTICLE_FK, _fk("other_article_id", "articles", "article_id")),
    ),
    Table(
        "dataset_info",
        "About this build",
        "Key facts about this release of the data.",
        (
            Field("key", "string", "Name of the fact.", True),
            Field("value", "string", "Its value.", True),
        ),
        ("key",),
    ),
)

TABLES_BY_NAME = {t.name: t for t in TABLES}
