"""Outlets a release names two ways: the build names the split and the curation entry that mends it."""

import json
import sqlite3

from click.testing import CliRunner

from sino_russian_news.cli import cli
from sino_russian_news.pipeline.site_names import SplitSite, VariantNames, split_sites, variant_names

PARAGRAPHS = (
    "Russia and China signed a new energy agreement on Thursday, officials in Moscow and Beijing said, "
    "as both governments described their partnership as stronger than at any time in recent decades.",
    "The agreement covers gas deliveries through a new pipeline and payments in yuan and roubles, "
    "according to a statement published by the Kremlin after the talks in Beijing.",
)


def articles_table(rows: list[tuple[str | None, str | None]]) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("create table articles (url text, site text)")
    conn.executemany("insert into articles values (?, ?)", rows)
    return conn


def test_a_host_named_by_itself_and_by_its_pages_is_a_split_site():
    conn = articles_table(
        [
            ("https://www.paper.example/a", "paper.example"),  # no name stated: the host, without www.
            ("https://paper.example/b", "The Paper"),
            ("https://www.paper.example/c", "The Paper"),
            ("https://www.paper.example/d", "Paper Online"),
            # a Wayback Machine capture is the captured page's
            ("https://web.archive.org/web/20090301000000/http://www.paper.example/e", "paper.example"),
            ("https://only-host.example/x", "only-host.example"),  # nothing else of the host: nothing to say
            ("https://named.example/y", "Named"),
            (None, "The Paper"),  # a file added on its own has no address
        ]
    )
    assert split_sites(conn) == [SplitSite("paper.example", 2, (("The Paper", 2), ("Paper Online", 1)))]
    assert split_sites(conn)[0].advice() == (
        "2 articles of paper.example are named by the host alone while others of it state 'The Paper' (2), "
        "'Paper Online' (1): an entry with `domain: paper.example` in dataset/curated/sites.yml names them alike"
    )


def test_names_that_differ_only_in_case_or_a_leading_the_are_variants():
    conn = articles_table(
        [
            (None, "The Associated Press"),
            (None, "The Associated Press"),
            (None, "Associated Press"),
            (None, "ASSOCIATED  PRESS"),
            (None, "The Paper"),  # one name, however many articles
            (None, "The Paper"),
            (None, "Theatre Weekly"),  # 'The' as a word only
            (None, "Atre Weekly"),
            (None, None),
        ]
    )
    assert variant_names(conn) == [VariantNames((("The Associated Press", 2), ("ASSOCIATED  PRESS", 1), ("Associated Press", 1)))]
    assert variant_names(conn)[0].advice() == (
        "'The Associated Press' (2), 'ASSOCIATED  PRESS' (1), 'Associated Press' (1) differ only in case or a "
        "leading 'The': an entry in dataset/curated/sites.yml naming one of them, with the others as `aliases`, "
        "names them alike"
    )


def page(title: str, site_name: str | None) -> str:
    meta = f"<meta property='og:site_name' content='{site_name}'>" if site_name else ""
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"<html><head><title>{title}</title>{meta}</head><body><article><h1>{title}</h1>{body}</article></body></html>"


def test_the_build_names_the_split_and_a_sites_entry_mends_it(project, tmp_path):
    export = tmp_path / "crawl.jsonl"
    rows = [
        {"url": "https://www.paper.example/energy", "html": page("Russia and China sign an energy deal", "The Paper")},
        {"url": "https://www.paper.example/yuan", "html": page("Gas will be paid for in yuan", None)},
        {"url": "https://paper.example/roubles", "html": page("And in roubles", None)},
    ]
    export.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli, ["add", "--project", str(project), str(export)]).exit_code == 0

    result = runner.invoke(cli, ["build", "--project", str(project)])
    assert result.exit_code == 0, result.output
    assert [line for line in result.output.splitlines() if line.startswith("site names:")] == [
        "site names: 2 articles of paper.example are named by the host alone while others of it state 'The Paper' (1): "
        "an entry with `domain: paper.example` in dataset/curated/sites.yml names them alike"
    ]
    # with and without "www.", the host names one site
    query = "select url, site from articles where url is not null order by url"
    database = project / "dataset" / "sino_russian_news.db"
    assert sqlite3.connect(database).execute(query).fetchall() == [
        ("https://paper.example/roubles", "paper.example"),
        ("https://www.paper.example/energy", "The Paper"),
        ("https://www.paper.example/yuan", "paper.example"),
    ]

    with (project / "dataset" / "curated" / "sites.yml").open("a", encoding="utf-8") as sites:
        sites.write(
            "  - name: The Paper\n    domain: paper.example\n    kind: publisher\n"
            "    evidence: \"paper.example's pages state og:site_name 'The Paper'.\"\n"
        )
    result = runner.invoke(cli, ["build", "--project", str(project)])
    assert result.exit_code == 0, result.output
    assert "site names:" not in result.output
    assert [site for _, site in sqlite3.connect(database).execute(query)] == ["The Paper", "The Paper", "The Paper"]
