"""Datasette with limits: one query cannot take the machine's memory or time, and the
site stays immutable and on loopback (`make serve`)."""

import asyncio
import json
import sqlite3
import subprocess
import sys
import textwrap
import time
from urllib.parse import quote

import pytest
from datasette.app import Datasette

from .conftest import ROOT

PLUGINS = ROOT / "src" / "sino_russian_news" / "datasette_plugins"
DB = "sino_russian_news"
HOGS = [
    "select randomblob(1000000000)",
    "select length(hex(randomblob(600000000)))",
    "select zeroblob(1000000000)",
    "select length(group_concat(a.body || b.body)) from articles a, articles b, articles c, articles d, articles e, articles f",
    "select replace(hex(zeroblob(40000000)), '00', 'abcdefgh')",
]


@pytest.fixture(scope="module")
def site(built):
    project, _ = built
    return Datasette(
        immutables=[str(project / "dataset" / f"{DB}.db")],
        plugins_dir=str(PLUGINS),
        settings={"sql_time_limit_ms": 1000, "max_returned_rows": 1000},
    )


def get(site, path):
    return asyncio.run(site.client.get(path))


@pytest.mark.parametrize("sql", HOGS)
def test_memory_hogs_fail_fast_with_the_normal_error_page(site, sql):
    started = time.perf_counter()
    response = get(site, f"/{DB}?sql={quote(sql)}")
    elapsed = time.perf_counter() - started
    assert response.status_code == 400
    assert "string or blob too big" in response.text
    assert "<title>" in response.text and "Traceback" not in response.text
    assert elapsed < 2


def test_ordinary_pages_and_queries_still_work_with_the_limits(site):
    assert get(site, f"/{DB}/articles").status_code == 200
    rows = get(site, f"/{DB}.json?sql={quote('select max(length(body)) as longest from articles')}&_shape=array").json()
    assert 0 < rows[0]["longest"] < 200_000
    assert [r["article_id"] for r in get(site, f"/{DB}/articles.json?_search=Kursk&_shape=array").json()] == [
        "004_6f773ce998831c97"
    ]


def test_endless_query_is_stopped_by_the_time_limit(site):
    started = time.perf_counter()
    response = get(
        site, f"/{DB}?sql={quote('with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) from c')}"
    )
    assert response.status_code == 400
    assert "SQL query took too long" in response.text
    assert time.perf_counter() - started < 5


def test_step_budget_stops_a_statement_run_outside_datasette_time_limit(built):
    sys.path.insert(0, str(PLUGINS))
    try:
        import limits
    finally:
        sys.path.remove(str(PLUGINS))
    project, _ = built
    conn = sqlite3.connect(f"file:{project / 'dataset' / f'{DB}.db'}?mode=ro", uri=True)
    limits.limit_connection(conn, max_steps=1_000_000)
    with pytest.raises(sqlite3.OperationalError, match="interrupted"):
        conn.execute("with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) from c").fetchall()
    assert conn.execute("select count(*) from articles").fetchone() == (5,)  # the budget restarts per statement
    with pytest.raises(sqlite3.DataError, match="string or blob too big"):
        conn.execute("select randomblob(1000000000)").fetchall()


RSS_PROBE = textwrap.dedent("""
    import asyncio, json, re, sys
    from urllib.parse import quote
    from datasette.app import Datasette

    db, plugins, hogs = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    site = Datasette(immutables=[db], plugins_dir=plugins, settings={"sql_time_limit_ms": 1000})

    async def main():
        await site.invoke_startup()
        # Eight of each at once: the issue's "8 such queries in parallel".
        paths = [f"/sino_russian_news?sql={quote(sql)}" for sql in hogs for _ in range(8)]
        responses = await asyncio.gather(*(site.client.get(p) for p in paths))
        return sorted({r.status_code for r in responses})

    statuses = asyncio.run(main())
    # VmHWM: this process's peak resident set (ru_maxrss would include the forking parent's).
    peak_kb = int(re.search(r"VmHWM:\\s+(\\d+) kB", open("/proc/self/status").read()).group(1))
    print(json.dumps({"statuses": statuses, "max_rss_mb": peak_kb / 1024}))
""")


def test_parallel_hogs_keep_resident_memory_under_200_mb(built):
    project, _ = built
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", RSS_PROBE, str(project / "dataset" / f"{DB}.db"), str(PLUGINS), json.dumps(HOGS)],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    result = json.loads(out)
    assert result["statuses"] == [400]
    assert result["max_rss_mb"] < 200, result
    assert time.perf_counter() - started < 60


def test_make_serve_is_immutable_loopback_with_limits_and_the_plugins():
    from sino_russian_news.pipeline.datasette_site import serve_arguments

    makefile = (ROOT / "Makefile").read_text()
    assert "$(BIN)/python -m sino_russian_news.pipeline.datasette_site serve --project . --port $(PORT)" in makefile
    arguments = " ".join(serve_arguments(ROOT / "dataset" / "sino_russian_news.db", ROOT / "dataset" / "metadata.yml", 8001))
    assert f" -i {ROOT}/dataset/sino_russian_news.db " in arguments
    assert "--host 127.0.0.1 --port 8001" in arguments
    assert f"--plugins-dir {PLUGINS} " in arguments and (PLUGINS / "limits.py").is_file()
    assert "--setting sql_time_limit_ms 1000" in arguments and "--setting max_returned_rows 1000" in arguments


# A function fails its statement by raising; Datasette turns on sqlite3's callback tracebacks
# (datasette/utils/sqlite.py), so the refusal is also sent to the unraisable hook, which
# pytest reports as a warning. The statement's error is what the test checks.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize(
    "sql", ["select printf('%.*c', 1000000000, 'x')", "select format('%1000000000c', 'x')", "select printf('%*d', -2e9, 1)"]
)
def test_printf_with_a_huge_width_is_refused_at_once(site, sql):
    started = time.perf_counter()
    response = get(site, f"/{DB}?sql={quote(sql)}")
    assert response.status_code == 400
    assert "user-defined function raised exception" in response.text
    assert time.perf_counter() - started < 2  # SQLite's own printf spent 13-30 s in one step


def test_printf_still_formats_like_sqlite(site):
    sql = "select printf('%05d|%.2f|%-3s|%%|%.*c', 42, 3.14159, 'x', 3, 'y') as a, format('%q', 'it''s') as b, printf(null) as c"
    rows = get(site, f"/{DB}.json?sql={quote(sql)}&_shape=array").json()
    assert rows == [{"a": "00042|3.14|x  |%|yyy", "b": "it''s", "c": None}]


def test_printf_sizes_reads_widths_and_precisions():
    sys.path.insert(0, str(PLUGINS))
    from limits import printf_sizes

    assert printf_sizes("%.*c", (1_000_000_000, "x")) == [1_000_000_000]
    assert printf_sizes("%5d and %-10.3f %%", (1, 2.0)) == [5, 10, 3]
    assert printf_sizes("%*.*s %d", (7, 2, "abc", 9)) == [7, 2]
    assert printf_sizes("%s", ("a",)) == []
