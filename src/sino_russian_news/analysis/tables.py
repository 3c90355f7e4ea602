"""Tables as a reader wants them: text left-aligned, empty cells blank, dates as dates.

`readable_tables()` (called in each notebook's set-up cell) makes IPython show every
DataFrame through `readable_html`, so no cell has to remember to format its table and the
stored outputs nbval checks are the formatted ones. The plain-text form is pandas' own.
"""

from __future__ import annotations

import hashlib

import pandas as pd

MAX_ROWS = 60


def readable_html(frame: pd.DataFrame) -> str:
    rows = int(pd.get_option("display.max_rows") or MAX_ROWS)
    shown = frame.head(rows)
    formatters = {}
    for column in shown.columns:
        if pd.api.types.is_datetime64_any_dtype(shown[column]):
            formatters[column] = lambda value: "" if pd.isna(value) else f"{value:%Y-%m-%d}"
    styler = shown.style.format(formatters, na_rep="", precision=3)
    styler.format_index(
        lambda value: "" if pd.isna(value) else (f"{value:%Y-%m-%d}" if isinstance(value, pd.Timestamp) else value)
    )
    text_columns = [
        c for c in shown.columns if not pd.api.types.is_numeric_dtype(shown[c]) or pd.api.types.is_bool_dtype(shown[c])
    ]
    styles = [
        {"selector": "th", "props": "text-align: left; vertical-align: bottom;"},
        {"selector": "td", "props": "vertical-align: top; padding: 0.25em 0.6em;"},
    ]
    styler.set_table_styles(styles, overwrite=False)
    # Per-cell alignment (a table-wide `td` rule would outrank the per-cell ids' rules)
    number_columns = [c for c in shown.columns if c not in text_columns]
    if text_columns:
        styler.set_properties(subset=text_columns, **{"text-align": "left"})
    if number_columns:
        styler.set_properties(subset=number_columns, **{"text-align": "right"})
    if isinstance(shown.index, pd.RangeIndex):
        styler.hide(axis="index")
    # Styler's ids (and the CSS aimed at them) must differ between the tables of a page yet
    # be the same on every run, for nbval: derive them from the table's content.
    styler.set_uuid(hashlib.sha1(shown.to_csv().encode()).hexdigest()[:10])
    styler.set_table_attributes('class="dataframe readable"')
    html = styler.to_html()
    if len(frame) > len(shown):
        html += f"<p><em>{len(shown)} of {len(frame):,} rows shown.</em></p>"
    return html


def readable_tables() -> None:
    """Show DataFrames with `readable_html` in this IPython session (no effect outside one)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, readable_html)
