"""Outlets a release names two ways: a check over the whole release, after its rows are written.

A page that states no site name (no og:site_name, application-name or copyright line) is named
by its URL's host ('washingtonpost.com', `article_metadata.site_from_provenance`), while other pages of
the same host state the outlet's name ('Washington Post'): faceted by site, one outlet shows
under two names (16 Washington Post pages of the extraction development set, built from a
WARC, came out as 9 and 7). Which name is right is judgement, and judgement lives in
`dataset/curated/sites.yml`, so the build names the split and the entry that mends it (a
`domain` there names every page of that host alike) instead of renaming articles itself.

A page without an address (a text dump) is named by what it prints, often its copyright
notice, and pages of one outlet print it in more than one way: 'The Associated Press' and
'Associated Press' (8 and 2 of the extraction development set's Chromium dumps, built as a
folder). Names that differ only in case, spacing or a leading 'The' are named the same way,
with the entry that mends them (`aliases`).
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass

from .html import original_url, site_host


@dataclass(frozen=True)
class SplitSite:
    host: str  # without "www.", as a sites.yml `domain` is matched
    host_named: int  # articles named by the host alone
    stated: tuple[tuple[str, int], ...]  # the names the host's other articles state, most frequent first

    def advice(self) -> str:
        """One line: the split, and the curation entry that mends it."""
        articles = f"1 article of {self.host} is" if self.host_named == 1 else f"{self.host_named} articles of {self.host} are"
        names = ", ".join(f"'{name}' ({count})" for name, count in self.stated)
        return (
            f"{articles} named by the host alone while others of it state {names}: "
            f"an entry with `domain: {self.host}` in dataset/curated/sites.yml names them alike"
        )


def split_sites(conn: sqlite3.Connection) -> list[SplitSite]:
    """Hosts whose articles are named both by the host alone and by a name some of them state."""
    host_named: Counter[str] = Counter()
    stated: dict[str, Counter[str]] = {}
    for url, site in conn.execute("select url, site from articles where url is not null and site is not null"):
        if (host := site_host(original_url(url))) is None:  # a Wayback Machine capture's: the page's own
            continue
        if site.casefold().removeprefix("www.") == host:
            host_named[host] += 1
        else:
            stated.setdefault(host, Counter())[site] += 1
    return [
        SplitSite(host, count, tuple(sorted(stated[host].items(), key=lambda item: (-item[1], item[0]))))
        for host, count in sorted(host_named.items())
        if host in stated
    ]


@dataclass(frozen=True)
class VariantNames:
    names: tuple[tuple[str, int], ...]  # names that differ only in case, spacing or a leading 'The', most frequent first

    def advice(self) -> str:
        """One line: the variants, and the curation entry that mends them."""
        names = ", ".join(f"'{name}' ({count})" for name, count in self.names)
        return (
            f"{names} differ only in case or a leading 'The': an entry in dataset/curated/sites.yml "
            f"naming one of them, with the others as `aliases`, names them alike"
        )


def name_key(name: str) -> str:
    """What variants of one name share: casefolded, spaces collapsed, without a leading 'The'."""
    return " ".join(name.casefold().split()).removeprefix("the ")


def variant_names(conn: sqlite3.Connection) -> list[VariantNames]:
    """Groups of site names of the release that differ only in case, spacing or a leading 'The'."""
    groups: dict[str, list[tuple[str, int]]] = {}
    for site, count in conn.execute("select site, count(*) from articles where site is not null group by site"):
        groups.setdefault(name_key(site), []).append((site, count))
    return [
        VariantNames(tuple(sorted(group, key=lambda item: (-item[1], item[0]))))
        for _, group in sorted(groups.items())
        if len(group) > 1
    ]
