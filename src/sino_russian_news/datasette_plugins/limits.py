"""Datasette plugin: what one query may take, so no query can take the machine.

Datasette's `sql_time_limit_ms` stops a query between SQLite's virtual-machine steps, but
one step can be enormous: `select randomblob(1000000000)` is a single function call that
runs for seconds and allocates a gigabyte. So every connection Datasette opens gets:

- SQLITE_LIMIT_LENGTH: no string or blob (a function result, a group_concat, a row) may
  exceed MAX_VALUE_BYTES; beyond it SQLite stops at once with "string or blob too big".
  The longest article body the build accepts is 200,000 characters, far below it.
- PRAGMA hard_heap_limit: all of SQLite's memory in the process is capped, so many heavy
  queries in parallel fail with "out of memory" instead of exhausting the machine.
- SQLITE_LIMIT_SQL_LENGTH, SQLITE_LIMIT_COMPOUND_SELECT…: bounds on the size of the SQL.
- A progress handler that stops a statement after MAX_STEPS_PER_STATEMENT virtual-machine
  steps (the budget restarts with each statement, seen by a trace callback). Datasette
  puts its own time-limit handler in place while it runs a query of its own and removes it
  after, so this budget guards the work run outside those (plugins' `execute_fn`); inside
  them `sql_time_limit_ms` bounds the steps and the limits above bound each step.

- printf()/format() with a huge width or precision (`printf('%.*c', 1e9, 'x')`): SQLite
  3.40 appends the character a billion times, each append refused by the length limit, in
  ONE step (≈ 13–30 s of CPU no time limit can stop). Both functions are replaced by a
  wrapper that refuses a width or precision above MAX_VALUE_BYTES (no such output can be
  returned anyway) and otherwise runs SQLite's own printf on a private in-memory connection.

Loaded with `datasette --plugins-dir src/sino_russian_news/datasette_plugins` (`make serve`).
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from datasette import hookimpl

MAX_VALUE_BYTES = 5_000_000
HEAP_LIMIT_BYTES = 96 * 1024 * 1024
MAX_SQL_BYTES = 100_000
MAX_COMPOUND_SELECTS = 50
MAX_STEPS_PER_STATEMENT = 200_000_000
PROGRESS_INTERVAL = 10_000  # steps between calls of the handler (a few ms of work)


class StepBudget:
    """Counts virtual-machine steps of the running statement; a non-zero return aborts it."""

    def __init__(self, max_steps: int = MAX_STEPS_PER_STATEMENT, interval: int = PROGRESS_INTERVAL):
        self.max_calls = max(1, max_steps // interval)
        self.interval = interval
        self.calls = 0

    def restart(self, _statement: str) -> None:
        self.calls = 0

    def __call__(self) -> int:
        self.calls += 1
        return 1 if self.calls > self.max_calls else 0


# One printf conversion: flags, width (digits or *), precision (. digits or *), length, type.
CONVERSION = re.compile(r"%[-+ #0!,]*(\*|\d+)?(?:\.(\*|\d+))?(?:ll|l)?(.)", re.DOTALL)


def printf_sizes(fmt: str, args: tuple[Any, ...]) -> list[int]:
    """Every width and precision `fmt` asks for, from its digits or from the `*` arguments."""
    sizes, position = [], 0
    for match in CONVERSION.finditer(fmt):
        if match.group(3) == "%":
            continue
        for spec in match.group(1), match.group(2):
            if spec == "*":
                value = args[position] if position < len(args) else 0
                position += 1
                try:
                    sizes.append(abs(int(value or 0)))
                except (TypeError, ValueError):
                    sizes.append(0)
            elif spec:
                sizes.append(int(spec))
        position += 1  # the converted argument itself
    return sizes


class BoundedPrintf:
    """printf()/format() that refuses widths and precisions beyond MAX_VALUE_BYTES."""

    def __init__(self, name: str):
        self.name = name
        self.engine = sqlite3.connect(":memory:", check_same_thread=False)
        self.engine.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)

    def __call__(self, *args: Any) -> Any:
        if not args or not isinstance(args[0], str):
            fmt = args[0] if args else None
            rest = args[1:]
        else:
            fmt, rest = args[0], args[1:]
            if any(size > MAX_VALUE_BYTES for size in printf_sizes(fmt, rest)):
                raise ValueError(f"{self.name}(): width or precision above {MAX_VALUE_BYTES:,}")
        marks = ", ".join("?" * (1 + len(rest)))
        return self.engine.execute(f"select {self.name}({marks})", (fmt, *rest)).fetchone()[0]


def limit_connection(conn: sqlite3.Connection, max_steps: int = MAX_STEPS_PER_STATEMENT) -> StepBudget:
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    conn.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, MAX_SQL_BYTES)
    conn.setlimit(sqlite3.SQLITE_LIMIT_COMPOUND_SELECT, MAX_COMPOUND_SELECTS)
    conn.execute(f"PRAGMA hard_heap_limit = {HEAP_LIMIT_BYTES}")
    for name in ("printf", "format"):
        conn.create_function(name, -1, BoundedPrintf(name), deterministic=True)
    budget = StepBudget(max_steps)
    conn.set_trace_callback(budget.restart)
    conn.set_progress_handler(budget, budget.interval)
    return budget


@hookimpl
def prepare_connection(conn, database, datasette):
    limit_connection(conn)
