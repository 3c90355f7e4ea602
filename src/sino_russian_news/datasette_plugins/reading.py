"""Datasette plugin for reading the corpus: highlighted search snippets.

The search queries in views.py mark matches with `[[` and `]]` (SQLite's `snippet()`
inserts plain text, and Datasette escapes every cell). Here a `snippet` cell is escaped
first and only then are the markers turned into `<mark>`, so text from the articles can
never inject markup.
"""

from __future__ import annotations

from datasette import hookimpl
from markupsafe import Markup, escape

SNIPPET_COLUMN = "snippet"
OPEN_MARK, CLOSE_MARK = "[[", "]]"


def highlight(snippet: str) -> Markup:
    """Escape the snippet, then mark its matches."""
    escaped = str(escape(snippet))
    return Markup(escaped.replace(OPEN_MARK, "<mark>").replace(CLOSE_MARK, "</mark>"))


@hookimpl
def render_cell(value, column):
    if column == SNIPPET_COLUMN and isinstance(value, str):
        return highlight(value)
    return None
