"""Datasette plugin for reading the corpus: highlighted search snippets, article links.

The search queries in views.py mark matches with `[[` and `]]` (SQLite's `snippet()`
inserts plain text, and Datasette escapes every cell). Here a `snippet` cell is escaped
first and only then are the markers turned into `<mark>`, so text from the articles can
never inject markup.

Tables link an `article_id` to its article through the foreign key; views and canned
queries have no foreign keys, so their `article_id` cells are linked here. A foreign key
whose label is empty (an article without a printed headline) shows its id, not "None"; so
do the facet lists (`templates/_facet_results.html`, Datasette's own with that change and
labels that break between words).

Every column is documented (schema.py), and Datasette prints those descriptions above the
rows: on `articles` that is a screenful of text before the first row. A small script folds
them into a closed `<details>` ("What each column means"); without JavaScript they stay
visible as before.

Searched tables are listed in rowid order (see `pipeline/datasette_site.py`: a search page then
reads its first rows as the index returns them), and Datasette says so as "sorted by rowid",
a word no reader of the table has met. The same script says "in release order" instead, with
a tooltip saying what that order is.
"""

from __future__ import annotations

from datasette import hookimpl
from markupsafe import Markup, escape

from sino_russian_news.schema import TABLES_BY_NAME

SNIPPET_COLUMN = "snippet"

FOLD_COLUMN_DESCRIPTIONS = """
(() => {
  const list = document.querySelector("dl.column-descriptions");
  if (!list) return;
  const details = document.createElement("details");
  details.className = "column-descriptions";
  const summary = document.createElement("summary");
  summary.textContent = `What each column means (${list.querySelectorAll("dt").length} columns)`;
  list.replaceWith(details);
  details.append(summary, list);
})();
"""
RELEASE_ORDER = """
(() => {
  for (const heading of document.querySelectorAll("h3")) {
    if (!heading.textContent.includes("sorted by rowid")) continue;
    heading.textContent = heading.textContent.replace("sorted by rowid", "in release order");
    heading.title = "The order the articles were written to this release: article_id order after a full build, "
      + "articles added later at the end. Click a column heading to sort by it.";
  }
  document.title = document.title.replace("sorted by rowid", "in release order");
})();
"""
OPEN_MARK, CLOSE_MARK = "[[", "]]"


def highlight(snippet: str) -> Markup:
    """Escape the snippet, then mark its matches."""
    escaped = str(escape(snippet))
    return Markup(escaped.replace(OPEN_MARK, "<mark>").replace(CLOSE_MARK, "</mark>"))


@hookimpl
def render_cell(value, column, table, database, datasette):
    if column == SNIPPET_COLUMN and isinstance(value, str):
        return highlight(value)
    if isinstance(value, dict) and value.get("label") is None and table in TABLES_BY_NAME:
        other = next((fk.table for fk in TABLES_BY_NAME[table].foreign_keys if fk.columns == (column,)), None)
        if other is not None:
            href = datasette.urls.row(database, other, value["value"])
            return Markup(f'<a href="{escape(href)}">{escape(value["value"])}</a>')
    if column == "article_id" and isinstance(value, str) and table not in TABLES_BY_NAME:
        href = datasette.urls.row(database, "articles", value)
        return Markup(f'<a href="{escape(href)}">{escape(value)}</a>')
    return None


@hookimpl
def extra_body_script(view_name):
    if view_name == "table":
        return FOLD_COLUMN_DESCRIPTIONS + RELEASE_ORDER
    return None
