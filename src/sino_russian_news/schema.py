"""The published tables and their vocabularies: one declaration feeds SQLite, the CSVs,
datapackage.json and Datasette's metadata, so a column and its allowed values are described once.

A closed vocabulary (sides, removal reasons, mention methods…) is a `Vocabulary` enum here.
Pipeline modules write its members (a `StrEnum` member is the string stored), a field that
holds it names it, and publishing turns it into the frictionless `constraints.enum` and the
list of values with their meanings in the column description. Adding a value means adding a
member with its meaning; a value written by the code but missing here fails validation.

Kept free of heavy imports: the installed package reads it to describe tables.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any


class Vocabulary(enum.StrEnum):
    """A closed set of stored strings, each with its meaning.

    Members are declared as `NAME = "value", "meaning"`; the member is the value string
    itself (so it compares, hashes, formats and stores as that string)."""

    meaning: str

    def __new__(cls, value: str, meaning: str) -> Vocabulary:
        member = str.__new__(cls, value)
        member._value_ = value
        member.meaning = meaning
        return member

    @classmethod
    def values(cls) -> list[str]:
        return [member.value for member in cls]

    @classmethod
    def glossary(cls) -> str:
        """'`a`: meaning; `b`: meaning.' for column descriptions."""
        return "; ".join(f"`{member.value}`: {member.meaning}" for member in cls) + "."


class Side(Vocabulary):
    """Which camp an actor belongs to in the war in Ukraine, as the gazetteer records it."""

    RUSSIA = "russia", "Russia's state, its officials and allies (e.g. Belarus)"
    CHINA = "china", "the People's Republic of China, its state and officials"
    UKRAINE = "ukraine", "Ukraine's state and officials"
    WEST = "west", "the United States, the European Union, NATO and their members' governments"
    OTHER = "other", "any other actor (international organisations, third countries)"


class RemovalReason(Vocabulary):
    """Why a non-blank raw line is not in the body: a cleaning rule, or the metadata field it was lifted into."""

    SITE_CHROME = "site-chrome", "navigation, menus, section labels and other page furniture"
    SHARE_WIDGET = "share-widget", "share and social-media buttons"
    SOURCE_LINK = "source-link", "a link to the original article (ends the article)"
    COMMENTS = "comments", "the comment section or its prompts (ends the article)"
    COMMENT_COUNT = "comment-count", "a bare number, such as a comment counter"
    NEWSLETTER = "newsletter", "newsletter sign-up, subscription or donation promo"
    RELATED_POSTS = "related-posts", "teasers for other stories (ends the article)"
    DISCLAIMER = "disclaimer", "the aggregator's legal or indexing disclaimer"
    COPYRIGHT = "copyright", "a copyright line"
    PHOTO_CAPTION = "photo-caption", "a photo caption or credit"
    VIDEO_STUB = "video-stub", "the caption or label of an embedded video"
    SYNDICATION_NOTE = "syndication-note", "'appeared first on …': the story was republished (ends the article)"
    UPDATE_NOTE = "update-note", "'this story has been updated…'"
    SITE_NAME = "site-name", "the name of a site in dataset/curated/sites.yml, printed alone as a masthead"
    HEADLINE = "headline", "lifted into `articles.headline`"
    SUBHEADLINE = "subheadline", "lifted into `articles.subheadline`"
    BYLINE = "byline", "lifted into `articles.byline`"
    DATELINE = "dateline", "lifted into `articles.dateline`"
    TIMESTAMP = "timestamp", "lifted into `articles.updated_at`"
    DATE_LINE = (
        "date-line",
        "a short line holding only a date or time, without 'Published'/'Updated' (not read as the publication date)",
    )
    HTML_BOILERPLATE = (
        "html-boilerplate",
        "a visible line of an HTML page outside the extracted body that is not its headline or byline",
    )
    REPEATED = "repeated", "a paragraph printed twice in a row (a caption shown twice): both copies"
    TABLE_CELLS = (
        "table-cells",
        "the cells beside an article paragraph in a table row (a menu item, a teaser): a text dump prints the row on one "
        "line, and the paragraph, its longest cell, is in the body",
    )
    LOW_CONTENT = (
        "low-content",
        "a short line inside the article region that the line model scores as not article text (a sentence holding a quotation is always kept)",
    )
    OUTSIDE_ARTICLE = "outside-article", "a line outside the article region that no specific rule names"


class PublisherSource(Vocabulary):
    """How `articles.original_publisher` was established."""

    SYNDICATION_NOTE = (
        "text:syndication-note",
        "a domain in the raw file's 'appeared first on …' note, mapped to the outlet by dataset/curated/sites.yml",
    )
    PHOTO_CREDIT = (
        "text:photo-credit",
        "the lead photo is credited to a wire agency (Reuters, AP, AFP, Xinhua, TASS), taken as the publisher",
    )
    CURATED = "curated", "established by a person from evidence in the text (dataset/curated/articles.yml)"


class DateSource(Vocabulary):
    """How `articles.published_date` was established."""

    HTML = "html", "from the HTML page's publication markup, or htmldate's original date"
    TEXT = (
        "text",
        "stated near the top of the raw text (a published line, a date line or dateline; an updated line as last resort)",
    )
    CURATED = "curated", "established by a person from evidence in the text (dataset/curated/articles.yml)"
    EXPORT = (
        "export",
        "the scraper's record of the page, where the page's text states none: the publication date of the JSON/CSV "
        "export record the article was ingested from (news-please `date_publish`, Media Cloud `publish_date`; see "
        "dataset/raw/PROVENANCE.csv) or of a Markdown file's front matter (`date:`, as `trafilatura --markdown "
        "--with-metadata` writes it)",
    )


class RawFormat(Vocabulary):
    """What kind of raw file an article was read from (pipeline/raw.py `load_raw`)."""

    TEXT = (
        "text",
        "plain text (a scraper's or a browser's text of a page, an export's text column): the text cleaner found the "
        "article among its lines; every other line is in `removed_lines`",
    )
    HTML = (
        "html",
        "an HTML page: the body extracted from its markup with trafilatura, falling back to Readability; the page's other "
        "visible lines are in `removed_lines`",
    )
    MARKDOWN = (
        "markdown",
        "a Markdown scrape (Firecrawl, Jina Reader, crawl4ai, trafilatura --markdown): its text rendered without the "
        "syntax (links as their text, images and tags dropped), line for line, then cleaned as plain text",
    )


class RawEncoding(Vocabulary):
    """How a raw file's bytes were turned into text (pipeline/raw.py `detect`), an HTML page's
    as a text file's: a byte-order mark, strict UTF-8, damaged UTF-8, or a legacy encoding of
    the WHATWG Encoding Standard (the members after UTF-32), declared by a page's markup or
    detected by charset-normalizer."""

    UTF8 = (
        "utf-8",
        (
            "decoded as UTF-8 (a byte-order mark is dropped); with `encoding_confidence` below 1, a few broken "
            "sequences (a cut last character, a stray byte) were replaced by U+FFFD"
        ),
    )
    UTF16 = "utf-16", "decoded as UTF-16, as the file's byte-order mark says"
    UTF32 = "utf-32", "decoded as UTF-32, as the file's byte-order mark says"
    CP1252 = (
        "cp1252",
        (
            "Windows-1252, which also reads latin-1 text: the web's default for legacy text, taken for text whose only "
            "characters beyond ASCII are punctuation in it (curly quotes, dashes), and when the detector finds it reads as "
            "well as any other encoding"
        ),
    )
    CP1250 = "cp1250", "detected: Windows-1250 (Central European)"
    CP1251 = "cp1251", "detected: Windows-1251 (Cyrillic)"
    CP1253 = "cp1253", "detected: Windows-1253 (Greek)"
    CP1254 = "cp1254", "detected: Windows-1254 (Turkish)"
    CP1255 = "cp1255", "detected: Windows-1255 (Hebrew)"
    CP1256 = "cp1256", "detected: Windows-1256 (Arabic)"
    CP1257 = "cp1257", "detected: Windows-1257 (Baltic)"
    CP1258 = "cp1258", "detected: Windows-1258 (Vietnamese)"
    CP874 = "cp874", "detected: Windows-874 (Thai)"
    KOI8_R = "koi8_r", "detected: KOI8-R (Russian)"
    KOI8_U = "koi8_u", "detected: KOI8-U (Ukrainian)"
    CP866 = "cp866", "detected: IBM866 (DOS Cyrillic)"
    ISO8859_2 = "iso8859_2", "detected: ISO-8859-2 (Latin-2)"
    ISO8859_3 = "iso8859_3", "detected: ISO-8859-3 (Latin-3)"
    ISO8859_4 = "iso8859_4", "detected: ISO-8859-4 (Latin-4)"
    ISO8859_5 = "iso8859_5", "detected: ISO-8859-5 (Cyrillic)"
    ISO8859_6 = "iso8859_6", "detected: ISO-8859-6 (Arabic)"
    ISO8859_7 = "iso8859_7", "detected: ISO-8859-7 (Greek)"
    ISO8859_8 = "iso8859_8", "detected: ISO-8859-8 (Hebrew)"
    ISO8859_10 = "iso8859_10", "detected: ISO-8859-10 (Nordic)"
    ISO8859_13 = "iso8859_13", "detected: ISO-8859-13 (Baltic)"
    ISO8859_14 = "iso8859_14", "detected: ISO-8859-14 (Celtic)"
    ISO8859_15 = "iso8859_15", "detected: ISO-8859-15 (Latin-9)"
    ISO8859_16 = "iso8859_16", "detected: ISO-8859-16 (South-Eastern European)"
    MAC_ROMAN = "mac_roman", "detected: Mac OS Roman, taken only when no other single-byte encoding reads as a language"
    MAC_CYRILLIC = "mac_cyrillic", "detected: Mac OS Cyrillic"
    GB18030 = "gb18030", "detected: GB18030 (Chinese, which also reads GBK and GB2312)"
    BIG5 = "big5", "detected: Big5 (traditional Chinese)"
    EUC_JP = "euc_jp", "detected: EUC-JP (Japanese)"
    ISO2022_JP = "iso2022_jp", "detected: ISO-2022-JP (Japanese)"
    SHIFT_JIS = "shift_jis", "detected: Shift_JIS (Japanese)"
    EUC_KR = "euc_kr", "detected: EUC-KR (Korean)"


class EntitySource(Vocabulary):
    """Where an entity row comes from."""

    GAZETTEER = "gazetteer", "a curated entry in dataset/curated/entities.yml"
    MODEL = "model", "found by spaCy NER only; not in the gazetteer"


class EntityType(Vocabulary):
    """spaCy's named-entity labels (OntoNotes 5) for things that can be actors or places; the
    numeric and time labels (DATE, MONEY, CARDINAL…) are not entities here."""

    PERSON = "PERSON", "a person, including fictional"
    NORP = "NORP", "a nationality, religious or political group"
    FAC = "FAC", "a building, airport, highway, bridge…"
    ORG = "ORG", "a company, agency, institution…"
    GPE = "GPE", "a country, city or state"
    LOC = "LOC", "a non-GPE location: mountain range, body of water, region"
    PRODUCT = "PRODUCT", "an object, vehicle, food… (not a service)"
    EVENT = "EVENT", "a named hurricane, battle, war, sports event…"
    WORK_OF_ART = "WORK_OF_ART", "a title of a book, song…"
    LAW = "LAW", "a named document made into law"
    LANGUAGE = "LANGUAGE", "a named language"
    MISC = (
        "MISC",
        "labelled PERSON by the model but not a person (an @handle, a web address, a word in capitals, a medium after 'on'); the reason is in `description`",
    )


class SiteKind(Vocabulary):
    """What a site in dataset/curated/sites.yml is."""

    AGGREGATOR = "aggregator", "republishes other outlets' stories"
    PUBLISHER = "publisher", "an outlet that publishes its own stories"


class MentionMethod(Vocabulary):
    """How a mention was linked to its entity."""

    GAZETTEER = "gazetteer", "matches one of the entity's curated aliases"
    COREFERENCE = (
        "coreference",
        "a short form or title ('Li', 'the Chinese premier', a surname or first name alone) resolved to a name earlier in the article",
    )
    MODEL = "model", "a spaCy NER span, linked to a model entity"


class QuoteKind(Vocabulary):
    """What a quoted text is: speech (how much of a sentence), or a kind of quotation that is not speech."""

    FULL = "full", "a sentence or more"
    PARTIAL = "partial", "a quoted phrase inside the reporter's sentence"
    SCARE = (
        "scare",
        "not speech: scare quotes, emphasis or a quoted modifier ('a “no limits” partnership'), with no cue tied to it",
    )
    TITLE = "title", "not speech: a name of a show, book, event or group, capitalised like one"
    MARKUP = "markup", 'not speech: an attribute value of markup left in the text (id="…")'


class DatePrecision(Vocabulary):
    """The granularity a date expression points to."""

    DAY = "day", "a calendar day"
    WEEK = "week", "an ISO week"
    MONTH = "month", "a calendar month"
    YEAR = "year", "a calendar year"


class DateResolution(Vocabulary):
    """How a date expression was turned into a date."""

    ABSOLUTE = "absolute", "the text names the date"
    RELATIVE = "relative", "resolved from the publication date ('on Friday', 'last month')"
    UNRESOLVED = "unresolved", "vague, or no publication date to resolve it against"


VOCABULARIES: tuple[type[Vocabulary], ...] = (
    Side,
    RemovalReason,
    PublisherSource,
    DateSource,
    RawEncoding,
    EntityType,
    EntitySource,
    SiteKind,
    MentionMethod,
    QuoteKind,
    DatePrecision,
    DateResolution,
)


# `Field` has an attribute called `type`, so its annotations name the class of a vocabulary this way.
VocabularyClass = type[Vocabulary]


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # frictionless type: string, integer, number, boolean, date
    description: str
    required: bool = False
    vocabulary: VocabularyClass | None = None  # the closed set of values the column may hold

    @property
    def full_description(self) -> str:
        """The description followed by the vocabulary's values and their meanings."""
        if self.vocabulary is None:
            return self.description
        return f"{self.description} Values: {self.vocabulary.glossary()}"

    @property
    def constraints(self) -> dict[str, Any]:
        """Frictionless field constraints: `required`, and `enum` for a vocabulary."""
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.vocabulary is not None:
            constraints["enum"] = self.vocabulary.values()
        return constraints


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
        Field(
            "end_char", "integer", f"Offset just past the {what} in `articles.body`: `body[start_char:end_char] == text`.", True
        ),
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
            Field("raw_format", "string", "What kind of file the raw file is.", True, RawFormat),
            Field(
                "raw_encoding",
                "string",
                (
                    "How the raw bytes were turned into text, an HTML page's as a text file's (a page is read in the "
                    "charset its markup declares when its bytes decode in it)."
                ),
                True,
                RawEncoding,
            ),
            Field(
                "encoding_confidence",
                "number",
                "How sure the decoding is: 1.0 when the bytes decode strictly in `raw_encoding` (or carry a byte-order mark, or for an HTML page decode strictly in the charset its markup declares); for `utf-8` below 1, the share of character sequences that decoded, the broken ones replaced by U+FFFD; for a detected encoding, 1 − charset-normalizer's chaos ratio (1.0 for `cp1252` text whose only characters beyond ASCII are punctuation: its letters read the same in any encoding).",
                True,
            ),
            Field(
                "url",
                "string",
                "Address of the page, for articles ingested from a crawl (WARC/ARC/WACZ), an export (JSON/CSV) or a page file that records it (a text's front matter, as `trafilatura --with-metadata` writes it; a saved HTML page's 'saved from url' mark or SingleFile header); empty for files added one by one.",
            ),
            Field(
                "fetched_at",
                "string",
                "When the crawler fetched the page (the WARC-Date, the export's download date, or SingleFile's saved date for a page saved from a browser), as recorded there.",
            ),
            Field(
                "source_archive",
                "string",
                "WARC/ARC, JSON, JSON Lines, CSV or page file the article was ingested from, for a file in a folder"
                " given to `add` its path from there (`scrapes/site-a/index.html`), for a WACZ package the WARC"
                " inside it (`crawl.wacz/archive/data.warc.gz`), for a zip its member (`scrapes.zip/pages/a.txt`);"
                " see `dataset/raw/PROVENANCE.csv`.",
            ),
            Field(
                "source_offset",
                "integer",
                "Where in `source_archive` the record starts: byte offset for WARC/ARC and JSON Lines, 1-based data row"
                " for CSV, 1-based item of a JSON array (0 for a JSON file that is one article).",
            ),
            Field(
                "site",
                "string",
                "Website the article was scraped from, where the page names it (its markup, a copyright line) or curation says; else the outlet the scraper recorded (an export's `sitename`, `media_name` or `source_domain`, a front matter's `sitename`); else the host of its URL.",
            ),
            Field(
                "original_publisher",
                "string",
                "Outlet that first published the story (e.g. 'CNN', 'BBC News', 'Reuters'), from an attribution in the text or from curation.",
            ),
            Field(
                "publisher_source",
                "string",
                "How `original_publisher` was established; empty when it is unknown.",
                vocabulary=PublisherSource,
            ),
            Field(
                "photo_credit",
                "string",
                "Agency credited for the lead photo ('Image source, Reuters', '–Reuters photo'), which is not necessarily the publisher.",
            ),
            Field(
                "headline",
                "string",
                "Headline as printed on the scraped page, or as the scraper recorded it without the site's name ('… - Reuters'); empty when no line or markup is credibly the title (`headline_evidence` says why).",
            ),
            Field("subheadline", "string", "Dek or second headline under the headline, where the page has one."),
            Field(
                "byline",
                "string",
                "Writers, `; `-separated: from the credit line near the top ('By …', 'Posted by …', and other languages' 'Par …', 'Por …', 'Von …') of a text or of an HTML page, else from the page's author markup; a title or outlet printed beside the names is left out, and a related article's credit is not taken (`byline_evidence` says where it was read, or why it is empty).",
            ),
            Field("dateline", "string", "Where the story was reported from, as printed (e.g. 'in Moscow, Beijing and Kyiv')."),
            Field("updated_at", "string", "The page's 'Updated:' timestamp as printed, where present."),
            Field(
                "published_date",
                "date",
                "Publication date (ISO YYYY-MM-DD): for HTML pages from the page's publication markup or htmldate's original date; for text, a date stated near the top (a published line, a date line or dateline, an updated line as last resort), else the scraper's record of the page (an export's date column, a Markdown file's front matter); otherwise curated from evidence. Empty when nothing reliable is stated (`date_evidence` says why).",
            ),
            Field(
                "date_source", "string", "How `published_date` was established; empty when it is unknown.", vocabulary=DateSource
            ),
            Field("date_evidence", "string", "How the publication date was established."),
            Field(
                "language",
                "string",
                "ISO 639-1 code of the body's language, detected with py3langid (the HTML page's `lang` attribute where the body is under 200 characters). Non-English articles are kept, but only English bodies are run through the English spaCy model: their mentions, quotes and date mentions are empty.",
            ),
            Field(
                "body",
                "string",
                "The clean article text; paragraphs separated by one blank line. Offsets in other tables index this string.",
                True,
            ),
            Field(
                "word_count",
                "integer",
                "Words in `body`: whitespace-separated tokens containing a letter or digit, and in Chinese "
                "and Japanese text each character (written without spaces between words).",
                True,
            ),
            Field("paragraph_count", "integer", "Paragraphs in `body`.", True),
            Field("removed_line_count", "integer", "Non-blank raw lines removed as boilerplate or lifted into metadata.", True),
            Field(
                "headline_matches_body",
                "boolean",
                "1 if the headline describes this body, 0 if it belongs to another story (curated where reviewed, otherwise a word-overlap check), empty without a headline.",
            ),
            Field(
                "headline_check",
                "string",
                "How `headline_matches_body` was set: `curated` or `overlap=<share of the headline's content words found in the body>` (0 below one half).",
            ),
            Field(
                "headline_evidence",
                "string",
                "How the headline was found, or why it is empty: in a text, the title line chosen among the title-shaped lines above the body and its score (the cleaner's headline model), or the best of them and why it was not credible, with how many of them other raw files of the build print too (a site's strapline or promo, not a title); in a Markdown file, its only level-1 heading where it has one; in an HTML page, the markup it comes from, or the title-shaped line printed above the credit line where the page never prints its og:title or <title>; or the curation's evidence.",
                True,
            ),
            Field(
                "byline_evidence",
                "string",
                "How the byline was found, or why it is empty: in a text, the line it was read from (a byline line, a credit line that carries a date or an account as well, or a timestamp line under the headline that opens with the writer's name); in an HTML page, the credit line printed above the body, else the author markup (cut to the names the page prints alone); in a Markdown file whose text credits no one, its front matter's `author`. Empty when the only credits near the top are related articles' (a list of teasers, each with its writer).",
                True,
            ),
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
            Field(
                "raw_line_number",
                "integer",
                "1-based line of the raw file the paragraph came from (its first, for a hard-wrapped dump's paragraph: lynx, w3m and html2text wrap a paragraph over several lines, joined back before cleaning).",
                True,
            ),
        ),
        ("article_id", "paragraph_index"),
        (ARTICLE_FK,),
        fts=("text",),
        facets=("article_id",),
    ),
    Table(
        "removed_lines",
        "Removed lines (cleaning audit)",
        "Every non-blank raw line that is not in the body, with the rule that removed it. Lines lifted into metadata (headline, byline…) are here too, with that field as the reason, and so are the cells beside a paragraph in a table row (`table-cells`).",
        (
            Field("article_id", "string", "Article whose raw file held the line.", True),
            Field(
                "line_number",
                "integer",
                "1-based line number in the raw file (after decoding); for a hard-wrapped dump's paragraph, its first line.",
                True,
            ),
            Field(
                "text",
                "string",
                "The line as it was, stripped of surrounding whitespace (for `table-cells`, the cells of the row beside its paragraph; a hard-wrapped dump's paragraph joined into one line).",
                True,
            ),
            Field("reason", "string", "Rule that removed it, or the article field it was lifted into.", True, RemovalReason),
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
            Field("type", "string", "spaCy's entity label.", True, EntityType),
            Field("wikidata_id", "string", "Wikidata QID, empty where not linked."),
            Field(
                "wikipedia_title",
                "string",
                "English Wikipedia title: an interim identifier for gazetteer entities whose QID is not yet checked.",
            ),
            Field("description", "string", "Who or what this is (gazetteer entries), or how it was found (model entries)."),
            Field("side", "string", "For actors, the camp they belong to; empty for model-found entities.", vocabulary=Side),
            Field("source", "string", "Where the entity comes from.", True, EntitySource),
        ),
        ("entity_id",),
        label_column="name",
        facets=("type", "side", "source"),
        sort="name",
    ),
    Table(
        "entity_aliases",
        "Entity aliases",
        "Other names of an entity: the gazetteer's spellings, and variants the corpus-wide resolution merged into it.",
        (
            Field("entity_id", "string", "The canonical entity.", True),
            Field("alias", "string", "Another name or spelling of it ('Donald J. Trump', 'Mr Xi').", True),
            Field(
                "merged_entity_id",
                "string",
                "For a merged variant: the id it had before resolution; empty for gazetteer aliases.",
            ),
            Field("reason", "string", "Why the alias belongs to the entity.", True),
        ),
        ("entity_id", "alias"),
        (_fk("entity_id", "entities", "entity_id"),),
        facets=("reason",),
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
            Field("method", "string", "How the mention was linked to its entity.", True, MentionMethod),
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
            Field(
                "speaker_entity_id",
                "string",
                "Entity who said it, where the attribution names or points to one: for a pronoun ('he') the named speaker it refers back to, for a role ('a Kremlin spokesman') the body it speaks for.",
            ),
            Field("speaker_text", "string", "The attribution as written ('Xi', 'a foreign ministry spokeswoman', 'he')."),
            Field("cue", "string", "Reporting verb or phrase ('said', 'told', 'according to')."),
            Field(
                "kind",
                "string",
                "Speech (`full`, `partial`) or a quoted text that is not speech (`scare`, `title`, `markup`, which have no speaker).",
                True,
                QuoteKind,
            ),
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
            Field(
                "resolved_date",
                "date",
                "Calendar day it points to, taking the article's publication date as 'today'; empty unless `precision` is day.",
            ),
            Field(
                "resolved_period",
                "string",
                "The day, ISO week (YYYY-Www), month (YYYY-MM) or year (YYYY) it points to, at its `precision`.",
            ),
            Field(
                "precision",
                "string",
                "What the expression points to; empty for vague expressions ('early next year', 'the 20th anniversary').",
                vocabulary=DatePrecision,
            ),
            Field("resolution", "string", "How the expression was turned into a date.", True, DateResolution),
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
            Field(
                "days_after_event_start",
                "integer",
                "Publication date minus the event's first day, in days (negative: reported in advance).",
                False,
            ),
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
            Field(
                "jaccard",
                "number",
                "Exact Jaccard similarity of the two bodies' shingle sets (the LSH only proposes candidates).",
                True,
            ),
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
