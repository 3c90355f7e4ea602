"""Datasette plugin for reading the corpus: highlighted search snippets, article links.

The search queries in views.py mark matches with `[[` and `]]` (SQLite's `snippet()`
inserts plain text, and Datasette escapes every cell). Here a `snippet` cell is escaped
first and only then are the markers turned into `<mark>`, so text from the articles can
never inject markup.

Tables link an `article_id` to its article through the foreign key; views and canned
queries have no foreign keys, so their `article_id` cells are linked here.
"""

from __future__ import annotations

from datasette import hookimpl
from markupsafe import Markup, escape

from sino_russian_news.schema import TABLES_BY_NAME

SNIPPET_COLUMN = "snippet"
OPEN_MARK, CLOSE_MARK = "[[", "]]"


def highlight(snippet: str) -> Markup:
    """Escape the snippet, then mark its matches."""
    escaped = str(escape(snippet))
    return Markup(escaped.replace(OPEN_MARK, "<mark>").replace(CLOSE_MARK, "</mark>"))


@hookimpl
def render_cell(value, column, table, database, datasette):
    if column == SNIPPET_COLUMN and isinstance(value, str):
        return highlight(value)
    if column == "article_id" and isinstance(value, str) and table not in TABLES_BY_NAME:
        href = datasette.urls.row(database, "articles", value)
        return Markup(f'<a href="{escape(href)}">{escape(value)}</a>')
    return None
