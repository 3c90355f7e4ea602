"""The research questions, each written once as SQL beside the schema.

A `View` becomes a SQLite view in the database, a table-like page with its description and
facets in Datasette, a CSV resource in datapackage.json, and a DataFrame from
`sino_russian_news.load(name)`; the report's analysis code reads the view instead of
recomputing it in pandas. A `Query` is a question with a parameter (an entity, an article):
it becomes a Datasette canned query with a form.

A view's column types and descriptions are not written twice either: a column that keeps
the name of a column of one of the view's `based_on` tables takes that column's type and
description from schema.py; only computed columns are described here (`computed`).

Like schema.py, this module has no heavy imports: the installed package reads it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from .schema import TABLES_BY_NAME, Field

# Quotes whose speaker is not linked to an entity with a side take the side of the
# organisation or country named in the attribution itself ("a spokesperson for China's
# Foreign Ministry", "the US National Security Council's spokesman"): a mention in the
# quote's paragraph whose text appears as whole words in the attribution. Used only when
# all such mentions agree on one side.
# The side an attribution names when the speaker is not a linked entity: the one side of the
# entities mentioned in the quote's paragraph whose text the attribution contains. A scalar
# subquery per quote (not a CTE over all quotes), so a filter on one article's quotes reaches
# it: an incremental build exports only the changed articles' rows of `quotes_attributed`.
_ATTRIBUTION_SIDE = """(
  select case when count(distinct e.side) = 1 then max(e.side) end
  from mentions m
  join entities e on e.entity_id = m.entity_id
  where m.article_id = q.article_id and m.paragraph_index = q.paragraph_index and e.side is not null
    and ' ' || q.speaker_text || ' ' glob '*[^A-Za-z]' || m.text || '[^A-Za-z]*'
)"""

# Model-found one-word "people" are mostly sentence-initial words the tagger took for a
# name ("Crucially"); people lists keep gazetteer people and model names of two words or more.
RELIABLE_ENTITY = "(e.type != 'MISC' and (e.source = 'gazetteer' or e.type != 'PERSON' or instr(trim(e.name), ' ') > 0))"


@dataclass(frozen=True)
class View:
    name: str
    title: str
    description: str
    sql: str
    order: tuple[str, ...]
    based_on: tuple[str, ...]
    computed: dict[str, tuple[str, str]] = field(default_factory=dict)  # column -> (frictionless type, description)
    facets: tuple[str, ...] = ()
    # A summary of the whole corpus (a group by over every quote, mention or paragraph) has
    # its rows stored in a table (`stored_table`), computed by `sql` when the release is
    # published, and the view reads that table: computed on every read it took 10 s and more
    # at 100,000 articles, past Datasette's time limit. So has a per-article view whose
    # facets are computed columns: a filter on `quotes_attributed.side` computed every
    # quote's side (2.0 s at 100,000 articles), where a stored table has an index on it.
    # Other per-article views stay computed: a filter reaches their rows through the
    # tables' indexes.
    stored: bool = False
    # Indexes on a stored view's table, each the columns of one: what Datasette's filters,
    # facet counts and the incremental export (by article_id) read through.
    indexes: tuple[tuple[str, ...], ...] = ()

    @property
    def stored_table(self) -> str:
        """The table holding a stored view's rows (hidden in Datasette: the view shows them)."""
        return f"_stored_{self.name}"

    @property
    def definition(self) -> str:
        """The SQL of the view in the database: its query, or a read of its stored rows."""
        return f'select * from "{self.stored_table}"' if self.stored else self.sql

    def fields(self, columns: list[str]) -> tuple[Field, ...]:
        """The view's fields for the columns SQLite reports, typed and described from the schema."""
        out = []
        for column in columns:
            if column in self.computed:
                kind, description = self.computed[column]
                out.append(Field(column, kind, description))
                continue
            for table in self.based_on:
                found = next((f for f in TABLES_BY_NAME[table].fields if f.name == column), None)
                if found is not None:
                    out.append(Field(column, found.type, found.description))
                    break
            else:
                raise ValueError(
                    f"view {self.name}: column {column!r} is neither computed nor a column of {', '.join(self.based_on)}"
                )
        return tuple(out)


@dataclass(frozen=True)
class Query:
    name: str
    title: str
    description: str
    sql: str


def view_columns(conn: sqlite3.Connection, name: str) -> list[str]:
    return [d[0] for d in conn.execute(f'select * from "{name}" limit 0').description]


VIEWS: tuple[View, ...] = (
    View(
        "article_list",
        "Articles (reading list)",
        "Every article's headline, outlet, date and size, without the body: open a row for the full text.",
        """select a.article_id, a.published_date, a.original_publisher, a.site, a.headline, a.byline,
  a.language, a.word_count, a.paragraph_count,
  (select count(*) from quotes q where q.article_id = a.article_id) as quote_count,
  cast(strftime('%Y', a.published_date) as integer) as year
from articles a""",
        ("published_date", "article_id"),
        ("articles",),
        {"quote_count": ("integer", "Direct quotes in the article."), "year": ("integer", "Year of publication.")},
        ("original_publisher", "site", "year", "language"),
    ),
    View(
        "quotes_attributed",
        "Quotes with speakers and sides",
        "Each quote with a speaker: the speaker's canonical name and side, the article's date and outlet. "
        "A speaker's side is the side of the person or organisation they speak for: the linked speaker's side, "
        "else the side of the organisation or country the attribution names ('a spokesperson for China's "
        "Foreign Ministry' counts for China); `unnamed` when the attribution names neither.",
        f"""
select q.quote_id, q.article_id, a.published_date, a.original_publisher,
  coalesce(e.name, q.speaker_text) as speaker, q.speaker_entity_id, q.speaker_text,
  coalesce(e.side, q.attribution_side, 'unnamed') as side,
  case when e.side is not null then 'speaker' when q.attribution_side is not null then 'attribution' else 'none' end
    as side_basis,
  q.cue, q.kind, q.word_count, q.text
from (select q.*, {_ATTRIBUTION_SIDE} as attribution_side from quotes q) q
join articles a on a.article_id = q.article_id
left join entities e on e.entity_id = q.speaker_entity_id
where q.speaker_text is not null or q.speaker_entity_id is not null""",
        ("article_id", "quote_id"),
        ("quotes", "articles"),
        {
            "speaker": ("string", "The linked speaker's canonical name, else the attribution as written."),
            "side": (
                "string",
                "Side of the person or organisation the speaker speaks for: russia, china, ukraine, west, other, or unnamed.",
            ),
            "side_basis": (
                "string",
                "Where `side` comes from: `speaker` (the linked speaker entity), `attribution` (an organisation or country named in the attribution), `none`.",
            ),
        },
        ("side", "side_basis", "speaker", "kind", "cue"),
        stored=True,
        # A reader filters by side, then looks at who speaks for it and how: the side's rows in
        # the view's order, and each facet within a side, read from an index, not the rows.
        # At 100,000 articles `?side=china` took 2.0 s computed, 870 ms stored with one index
        # per facet (four facets timed out), 184 ms with these. By article_id: an incremental
        # build exports the changed articles' rows.
        indexes=(
            ("article_id",),
            ("side", "article_id", "quote_id"),
            ("side", "side_basis"),
            ("side", "speaker"),
            ("side", "kind"),
            ("side", "cue"),
            ("speaker",),
        ),
    ),
    View(
        "quotes_by_side",
        "Who is quoted, on which side?",
        "Attributed quotes per speaker with their side, words quoted and articles (side as in `quotes_attributed`).",
        """select side, speaker, count(*) as quotes, sum(word_count) as words_quoted,
  count(distinct article_id) as articles
from quotes_attributed
group by side, speaker""",
        ("quotes desc", "words_quoted desc", "speaker"),
        (),
        {
            "side": ("string", "Side of the person or organisation the speaker speaks for."),
            "speaker": ("string", "The linked speaker's canonical name, else the attribution as written."),
            "quotes": ("integer", "Quotes attributed to the speaker."),
            "words_quoted": ("integer", "Words inside those quotation marks."),
            "articles": ("integer", "Articles quoting the speaker."),
        },
        ("side",),
        stored=True,
    ),
    View(
        "quotes_per_side",
        "Quoted words per side",
        "How much each side gets to say: quotes, words quoted, speakers, and the side's share of all quoted words.",
        """select side, count(*) as quotes, sum(word_count) as words_quoted, count(distinct speaker) as speakers,
  round(1.0 * sum(word_count) / (select sum(word_count) from quotes_attributed), 3) as share_of_words
from quotes_attributed
group by side""",
        ("words_quoted desc", "side"),
        (),
        {
            "side": ("string", "Side of the person or organisation the speakers speak for."),
            "quotes": ("integer", "Attributed quotes."),
            "words_quoted": ("integer", "Words inside those quotation marks."),
            "speakers": ("integer", "Distinct speakers."),
            "share_of_words": ("number", "The side's share of all attributed quoted words (0–1)."),
        },
        stored=True,
    ),
    View(
        "entity_mentions",
        "Entities by mentions",
        "Each entity with how often and in how many articles it is mentioned. One-word people found only by "
        "the language model (often a capitalised sentence opener such as 'Crucially') are left out.",
        f"""select e.entity_id, e.name, e.type, e.side, e.source, count(*) as mentions,
  count(distinct m.article_id) as articles
from mentions m join entities e on e.entity_id = m.entity_id
where {RELIABLE_ENTITY}
group by e.entity_id""",
        ("mentions desc", "articles desc", "name"),
        ("entities",),
        {"mentions": ("integer", "Mentions in all bodies."), "articles": ("integer", "Articles mentioning it.")},
        ("type", "side", "source"),
        stored=True,
    ),
    View(
        "mentions_named",
        "Mentions with entity names",
        "Each mention with its entity's canonical name, type and side, and the paragraph it is in.",
        """select m.mention_id, m.article_id, m.paragraph_index, m.text, e.name as entity, e.type, e.side, m.method, m.entity_id
from mentions m join entities e on e.entity_id = m.entity_id""",
        ("article_id", "mention_id"),
        ("mentions", "entities"),
        {"entity": ("string", "The entity's canonical name.")},
        ("type", "side", "method", "entity"),
    ),
    View(
        "person_cooccurrence",
        "People mentioned together",
        "Pairs of people from the gazetteer mentioned in the same paragraph, with how many paragraphs they share.",
        """select e1.name as source, e2.name as target,
  count(distinct m1.article_id || ':' || m1.paragraph_index) as paragraphs
from mentions m1
join mentions m2 on m1.article_id = m2.article_id and m1.paragraph_index = m2.paragraph_index
join entities e1 on e1.entity_id = m1.entity_id
join entities e2 on e2.entity_id = m2.entity_id
where e1.source = 'gazetteer' and e2.source = 'gazetteer' and e1.type = 'PERSON' and e2.type = 'PERSON'
  and e1.name < e2.name
group by e1.name, e2.name""",
        ("paragraphs desc", "source", "target"),
        ("entities",),
        {
            "source": ("string", "One person (the alphabetically first name)."),
            "target": ("string", "The other person."),
            "paragraphs": ("integer", "Paragraphs mentioning both."),
        },
        stored=True,
    ),
    View(
        "paragraph_frames_labelled",
        "Frames with paragraphs",
        "Each frame code beside the paragraph it codes, the frame's label and the outlet.",
        """select pf.article_id, a.original_publisher, pf.paragraph_index, f.label as frame, pf.evidence, p.text as paragraph
from paragraph_frames pf join frames f on f.frame_id = pf.frame_id
join paragraphs p on p.article_id = pf.article_id and p.paragraph_index = pf.paragraph_index
join articles a on a.article_id = pf.article_id""",
        ("article_id", "paragraph_index", "frame"),
        ("paragraph_frames", "articles"),
        {"frame": ("string", "The frame's label."), "paragraph": ("string", "The paragraph's text.")},
        ("frame", "original_publisher", "article_id"),
    ),
    View(
        "frames_per_article",
        "Frames per article",
        "How many paragraphs of each article carry each frame, and their share of the article's paragraphs.",
        """select a.article_id, a.published_date, a.headline, f.frame_id, f.label as frame, count(*) as paragraphs,
  round(1.0 * count(*) / a.paragraph_count, 3) as share_of_paragraphs
from paragraph_frames pf
join articles a on a.article_id = pf.article_id
join frames f on f.frame_id = pf.frame_id
group by a.article_id, f.frame_id""",
        ("published_date", "article_id", "paragraphs desc", "frame_id"),
        ("articles", "frames"),
        {
            "frame": ("string", "The frame's label."),
            "paragraphs": ("integer", "Paragraphs of the article carrying the frame."),
            "share_of_paragraphs": ("number", "Those paragraphs as a share of the article's paragraphs (0–1)."),
        },
        ("frame",),
    ),
    View(
        "frames_per_outlet",
        "Which frames does each outlet use?",
        "Paragraphs coded with each frame, per original publisher (unknown publishers grouped).",
        """select coalesce(a.original_publisher, '(unknown)') as outlet, f.label as frame,
  count(*) as paragraphs, count(distinct a.article_id) as articles
from paragraph_frames pf
join articles a on a.article_id = pf.article_id
join frames f on f.frame_id = pf.frame_id
group by 1, 2""",
        ("outlet", "paragraphs desc", "frame"),
        ("frames",),
        {
            "outlet": ("string", "Original publisher, `(unknown)` where not established."),
            "frame": ("string", "The frame's label."),
            "paragraphs": ("integer", "Paragraphs carrying the frame."),
            "articles": ("integer", "Articles with at least one such paragraph."),
        },
        ("outlet", "frame"),
        stored=True,
    ),
    View(
        "articles_timeline",
        "Articles against the events they report",
        "Each article's publication date beside the event it reports, and the lag in days.",
        """select a.article_id, a.published_date, a.date_source, a.original_publisher, a.headline,
  e.event_id, e.name as event, e.start_date, e.end_date, ae.days_after_event_start
from articles a
left join article_events ae on ae.article_id = a.article_id
left join events e on e.event_id = ae.event_id""",
        ("published_date", "article_id", "event_id"),
        ("articles", "events", "article_events"),
        {"event": ("string", "What happened (the event's name).")},
    ),
    View(
        "syndicated_copies",
        "Syndicated copies of a story",
        "Groups of near-duplicate articles (reposts of one story), with their similarity.",
        """select s.group_id, s.article_id, a1.site as site, s.other_article_id, a2.site as other_site, s.jaccard
from syndication_pairs s
join articles a1 on a1.article_id = s.article_id
join articles a2 on a2.article_id = s.other_article_id""",
        ("group_id", "jaccard desc", "article_id", "other_article_id"),
        ("syndication_pairs", "articles"),
        {"other_site": ("string", "Website the second article was scraped from.")},
    ),
    View(
        "removed_by_reason",
        "Removed lines by reason",
        "How much of the raw files was page furniture rather than article, by the rule that removed it.",
        """select reason, count(*) as lines, sum(length(text)) as characters, count(distinct article_id) as articles
from removed_lines group by reason""",
        ("lines desc", "characters desc", "reason"),
        ("removed_lines",),
        {
            "lines": ("integer", "Lines removed for this reason."),
            "characters": ("integer", "Characters in those lines."),
            "articles": ("integer", "Articles with such lines."),
        },
        stored=True,
    ),
)

QUERIES: tuple[Query, ...] = (
    Query(
        "search_articles",
        "Search the articles, best matches first",
        'Full-text search over headlines and bodies (porter stemming; `"exact phrase"`, `OR`, `NOT` and `prefix*` work), '
        "ranked by relevance (bm25, headline weighted 5×) with the matching passage highlighted.",
        # Ranked first, on the index alone; snippets and article rows only for the best 50
        # (a snippet per match took seconds for a common word at 100,000 articles). CROSS JOIN
        # keeps the 50 as the outer loop, so the FTS table is entered by rowid and match
        # together (plan `=M2`) instead of being scanned for every match a second time.
        """with ranked as (
  select rowid, round(bm25(articles_fts, 5.0, 1.0), 2) as rank from articles_fts
  where articles_fts match :q order by rank, rowid limit 50
)
select a.article_id, a.published_date, a.original_publisher, a.headline,
  snippet(articles_fts, 1, '[[', ']]', ' … ', 24) as snippet, r.rank
from ranked r cross join articles_fts cross join articles a
where articles_fts.rowid = r.rowid and articles_fts match :q and a.rowid = r.rowid
order by r.rank, r.rowid""",
    ),
    Query(
        "search_quotes",
        "Search the quotes, best matches first",
        "Full-text search over quoted words and attributions, ranked by relevance, with the match highlighted.",
        """with ranked as (
  select rowid, round(bm25(quotes_fts), 2) as rank from quotes_fts
  where quotes_fts match :q order by rank, rowid limit 50
)
select q.quote_id, q.article_id, coalesce(e.name, q.speaker_text) as speaker,
  snippet(quotes_fts, 0, '[[', ']]', ' … ', 32) as snippet, r.rank
from ranked r cross join quotes_fts cross join quotes q
left join entities e on e.entity_id = q.speaker_entity_id
where quotes_fts.rowid = r.rowid and quotes_fts match :q and q.rowid = r.rowid
order by r.rank, r.rowid""",
    ),
    Query(
        "quotes_by_speaker",
        "All quotes by a speaker",
        "Every quote attributed to one entity id (e.g. Q7747 Vladimir Putin, Q15031 Xi Jinping, dmytro-kuleba).",
        """select q.quote_id, q.article_id, a.headline, q.paragraph_index, q.text, q.cue, q.kind, q.speaker_text
from quotes q join articles a on a.article_id = q.article_id
where q.speaker_entity_id = :speaker_entity_id
order by a.published_date, q.article_id, q.start_char""",
    ),
    Query(
        "articles_mentioning",
        "Articles that mention an entity",
        "Articles mentioning one entity id (e.g. Q7747 Vladimir Putin), with how often and the forms used.",
        """select a.article_id, a.published_date, a.headline, a.original_publisher, count(*) as mentions,
  group_concat(distinct m.text) as written_as
from mentions m join articles a on a.article_id = m.article_id
where m.entity_id = :entity_id
group by a.article_id
order by mentions desc, a.article_id""",
    ),
    Query(
        "entity_cooccurrence",
        "Which entities are mentioned in the same paragraph as one entity?",
        "Linked entities sharing a paragraph with one entity id (e.g. Q15031 for Xi Jinping), with how many paragraphs.",
        """select e2.entity_id, e2.name as other_entity, e2.type, e2.side,
  count(distinct m1.article_id || ':' || m1.paragraph_index) as paragraphs
from mentions m1
join mentions m2 on m1.article_id = m2.article_id and m1.paragraph_index = m2.paragraph_index and m2.entity_id != m1.entity_id
join entities e2 on e2.entity_id = m2.entity_id
where m1.entity_id = :entity_id and e2.source = 'gazetteer'
group by e2.entity_id
order by paragraphs desc, other_entity
limit 200""",
    ),
    Query(
        "removed_boilerplate",
        "What was removed from one article",
        "The cleaning audit for one article id (e.g. 003_4156b6fe17ca2892), in raw-file order.",
        """select line_number, reason, text from removed_lines
where article_id = :article_id
order by line_number""",
    ),
)

VIEWS_BY_NAME = {v.name: v for v in VIEWS}
QUERIES_BY_NAME = {q.name: q for q in QUERIES}
