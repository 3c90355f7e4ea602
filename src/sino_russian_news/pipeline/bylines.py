"""Bylines: the names of an article's writers, from a credit line of a text dump ('By Jane Doe
March 18 at 3:57 PM') or from the author trafilatura reads out of an HTML page's markup.

Names come out "; "-separated, in the order the page gives them. What is taken as a name is
decided by the shape of the line (a credit word, capitalised words, the separators and dates
that end them), not by lists of names or sites.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_BYLINE_SPLIT = re.compile(r"\s*(?:,|\band\b|&)\s*")
_LIST_END = re.compile(r"\band\b|&")
# A credit line: 'By', 'Posted by', 'Written by' or 'Reported by' at its start ('ByJane Doe': a
# text dump can join the word to a linked name, told from 'Byron' and 'BYLINE:' by the case of
# the letters after it).
# Blog software prints the date first: 'Posted on March 3, 2013 by Jane Doe'.
_CREDIT = re.compile(
    r"^(?:(?:posted|written|reported)\s+)?by\b\s*:?\s*|(?-i:^By(?=[A-Z][a-z]))|^(?:posted|published)\b[^|]{0,60}?\sby\s+(?=[A-Z])",
    re.IGNORECASE,
)
# Other languages' word for 'by' opening a credit line: French 'Par', Spanish and Portuguese
# 'Por', German 'Von', Dutch 'Door', Swedish and Norwegian 'Av', Danish 'Af', Italian 'Di'. Each
# is also a common preposition ('Von Moskau nach Peking…'), so such a line is a credit only
# when what follows, up to where a credit line goes on (a separator, a date), is names alone.
_OTHER_CREDIT = re.compile(r"^(?:par|por|von|door|av|af|di)\s+", re.IGNORECASE)
# Those languages' 'and' between two names ('Par Alexandre Hervaud et Jérémy Piette').
_OTHER_AND = frozenset({"et", "y", "e", "und", "en", "og", "och"})
# A list item's bullet, which a text dump prints before the item ('* by Jane Doe January 18, 2017').
_LIST_BULLET = re.compile(r"^[*•·]\s+")
# The fields of a line that prints several things ('Le Monde | 04.05.2015 à 13h36 | Par Jane Doe').
_FIELD = re.compile(r"\s+[|•]\s+")
# An English month name, perhaps abbreviated ('Jan', 'JAN.', 'January').
_MONTH = r"(?i:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)"
# Where the names in a credit line end: an account, a field separator, a digit, a bracket, a
# month name before a number ('Jane Doe March 18 at 3:57 PM', 'JANE DOE JAN. 13, 2017').
_CREDIT_STOP = re.compile(rf"[@|•/(\[:;\d]|\s[-–—]\s|[–—]|\s{_MONTH}\.?\s*(?=\d)")
# Capitalised words after a name that are not part of it: the page's publication cues.
_CREDIT_CUE = re.compile(r"(?i:updated?|published|posted|follow|share|email|more)")
CREDIT_NAME_MAX_WORDS = 4  # 'Steven Davidoff Solomon', 'Jeffrey A. Slotnick CPP'; longer is a sentence
# A timestamp's opening words, which trafilatura can take for a second author.
_PUBLICATION_CUE = re.compile(r"(?i:(?:last\s+)?(?:updated?|published|posted|modified)\b)")
# Characters of code and markup, never of a person's name (see `plausible_byline`).
_CODE_CHARACTERS = re.compile(r"[=<>{}]")
# The lowercase words of personal names ('Ursula von der Leyen', 'Luiz Inácio da Silva', 'Ahmed
# bin Salman'), each followed by a capitalised part of the name. Any other lowercase word ends a
# name: the writer's role ('Mumbai business reporter'), an outlet's preposition ('for CNN'),
# a sentence or a menu ('Account You're logged in').
_NAME_PARTICLES = frozenset("al bin da das de del della den der di do dos du el ibn la le ten ter van von zu".split())


def without_bullet(line: str) -> str:
    """The line without the list bullet a text dump prints before a list item ('* Jane Doe')."""
    return _LIST_BULLET.sub("", line)


def parse_byline(line: str | None) -> str | None:
    """The names of a line the cleaner labelled a byline ('By Jane Doe and Li Wei', 'BYLINE: Jane Doe')."""
    if not line:
        return None
    line = without_bullet(line)
    if (_FIELD.search(line) or _OTHER_CREDIT.match(line)) and (named := credit_byline(line)):
        return named  # 'Le Monde | 04.05.2015 | Par Jane Doe', 'Par Jane Doe et Li Wei'
    if _CREDIT.match(line) and (named := credit_byline(line)):
        return named  # the capitalised words after 'By': 'By Jane Doe for CNN' names Jane Doe
    credit = re.sub(r"^by(?:line)?(?:\s*:\s*|\s+|$)", "", line, flags=re.IGNORECASE)
    # the names end where the credit line goes on: 'Jane Doe | Reuters', 'Jane Doe 22 Dec 2016'
    names = split_names(_CREDIT_STOP.split(credit, maxsplit=1)[0])
    return "; ".join(n for n in names if n and not n.startswith("@")) or None  # '@janedoe' is an account, not a name


def split_names(credit: str) -> list[str]:
    """The names in a credit: 'A, B and C' names three, 'A, Times Staff Writer' one, 'A and B,
    Times Staff Writers' two. A comma after the last name of the list (after its 'and', or the
    first comma when there is no 'and') starts the writers' title or outlet ('Associated Press
    Writer', 'Journalist', 'MA')."""
    ends = list(_LIST_END.finditer(credit))
    last_name_from = ends[-1].end() if ends else 0
    comma = credit.find(",", last_name_from)
    if comma >= 0:
        credit = credit[:comma]
    return [n.strip(" .,") for n in _BYLINE_SPLIT.split(credit)]


def credit_byline(line: str) -> str | None:
    """The names in a credit line that also carries other things: 'By Jane Doe March 18 at 3:57 PM
    Follow @janedoe', 'by JANE DOE JAN. 13, 2017', 'By Jane Doe@janedoe Updated Jul 24, 2018',
    'ByJane Doe' (a text dump joining the word and the linked name), 'Posted by janedoe on
    Friday…', 'Posted on March 3, 2013 by Jane Doe', 'By Jane Doe, a deputy editor…'. The names are the capitalised words after 'by', up
    to the first thing that is no part of a name: a field separator, an account, a digit, a
    month name before a number, a publication cue ('Updated', 'Follow'), a lowercase word.
    Other languages' credits ('Par Jane Doe et Li Wei — 24 novembre 2017') are read when the
    names fill the credit (`_OTHER_CREDIT`), and a credit may be one field of a line that
    prints the outlet and the date too ('Le Monde | 04.05.2015 | Par Jane Doe')."""
    line = without_bullet(line)
    fields = _FIELD.split(line)
    for field in fields if len(fields) > 1 else [line]:
        if m := _CREDIT.match(field):
            return _credit_names(field[m.end() :], whole=False)
        if m := _OTHER_CREDIT.match(field):
            return _credit_names(field[m.end() :], whole=True)
    return None


# Credit lines naming different writers this close together (in lines) are a list of teasers,
# each related article's 'By Jane Doe' under its title, not the article's own credit.
TEASER_CREDIT_GAP = 8


def among_teaser_credits(names: str, nearby: Iterable[str]) -> bool:
    """A credit line's `names` sit among credit lines naming other writers (`nearby`: the lines
    within TEASER_CREDIT_GAP of it): a list of related articles, whose credits are not the page's."""
    return any((other := credit_byline(line)) is not None and comparable(other) != comparable(names) for line in nearby)


# A credit, then a comma and the writer's description: 'By Alex Heath , a deputy editor and…'.
_CREDIT_APPOSITION = re.compile(r"^(?:[Bb]y|BY)\s+(?P<names>[^,]{3,80}?)\s*,\s+(?:an?|the)\s+[a-z]")
# A credit closing a piece of text, right before the date it goes on with: '… and Canada. By Lisa
# Jennings on ' (a standfirst and its credit line that a text dump joined into one line).
_CREDIT_BEFORE = re.compile(r"(?:^|(?<=[.!?:|•]\s))(?:[Bb]y|BY)\s+(?P<names>\S.*?)(?:\s+on)?\s*[,|•–—-]?\s*$")


def credit_with_apposition(paragraph: str) -> str | None:
    """The writers of a paragraph that opens with a credit and goes on to describe them: 'By Alex
    Heath, a deputy editor and author of…' (a text dump prints the credit and the writer's
    description as one paragraph, too long to be read as a credit line). Names of two words or
    more only: 'By Tuesday, a deal…' opens a sentence."""
    return _writers(m["names"]) if (m := _CREDIT_APPOSITION.match(paragraph)) else None


def credit_before(text: str) -> str | None:
    """The writers of a credit that `text` ends with ('… Canada. By Lisa Jennings on '): 'By' opening
    the text or a sentence, then names of two words or more and nothing else but 'on' or a separator."""
    return _writers(m["names"]) if (m := _CREDIT_BEFORE.search(text)) else None


def _writers(credit: str) -> str | None:
    """The names that fill `credit`, each of two words or more: one word after 'By' is a day
    ('By Tuesday, …') or an agency ('By AFP'), not a writer's name."""
    names = _credit_names(credit, whole=True)
    return names if names and all(len(name.split()) >= 2 for name in names.split("; ")) else None


def names_then(line: str) -> tuple[str | None, str]:
    """(the names a line opens with, what follows them): names only when they fill the line up
    to where a credit line goes on (a separator, a digit, a month before a number), as in a
    timestamp line that opens with the writer ('Dan Goodin - Apr 16, 2015 8:02 pm UTC')."""
    stop = _CREDIT_STOP.search(line)
    head, rest = (line[: stop.start()], line[stop.start() :]) if stop else (line, "")
    return _credit_names(head, whole=True), rest


def _credit_names(credit: str, whole: bool) -> str | None:
    """The names at the start of `credit` (what follows the credit word); with `whole`, only if
    names are all there is before the credit line goes on."""
    tokens = _CREDIT_STOP.split(credit, maxsplit=1)[0].split()
    words: list[str] = []
    for i, token in enumerate(tokens):
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        joins = token.casefold() in ("and", "&") or (whole and token in _OTHER_AND)
        if not (joins or is_particle(tokens, i) or token[:1].isupper()) or _CREDIT_CUE.fullmatch(token.rstrip(",")):
            if whole:
                return None
            break
        words.append("and" if joins else token)
        if token.endswith(",") and not following[:1].isupper():
            if whole and i + 1 < len(tokens):
                return None
            break  # 'Jane Doe, a deputy editor'
    names = [n for n in split_names(" ".join(words)) if n and len(n.split()) <= CREDIT_NAME_MAX_WORDS]
    return "; ".join(names) or None


def plausible_byline(author: str | None, page_lines: Iterable[str] = ()) -> str | None:
    """trafilatura's author names ("; "-separated), unless they were read out of a script; each
    name once, and without the month of a date printed right after it.

    A page that writes its byline with JavaScript keeps the script inside the author element,
    and trafilatura reads the script's text as names ("Var Byline = 'Jane Doe; If; Jane Doe"):
    a name never holds "=", "<", ">" or braces, so such an author is no byline at all (the
    part that happens to be the name cannot be told from the rest). A page that prints the
    name twice (a byline and an author box, 'Jane Doe; JANE DOE') names one writer."""
    if not author or _CODE_CHARACTERS.search(author):
        return None
    lines = list(page_lines)
    names: dict[str, str] = {}  # casefolded -> as first written
    for written in (n.strip() for n in author.split(";")):
        name = without_month(written, lines)
        if name and not is_name_shaped(name):
            name = printed_name_within(name, lines) or ""
        elif len(name.split()) > 2 and not is_printed_name(name, lines):
            # 'Nicoletta Richardson Trending Editor' where the page prints 'Nicoletta Richardson'
            name = printed_name_within(name, lines) or name
        if name and not _PUBLICATION_CUE.match(name):  # 'Jane Doe | Last updated …' read as two names
            names.setdefault(name.casefold(), name)
    written_names = list(names.values())
    if any(len(name.split()) > 1 for name in written_names):
        # one word beside full names is a place or a form's label trafilatura split off
        # ('Mariko Oi; Singapore', 'Name; Maya Perez')
        written_names = [name for name in written_names if len(name.split()) > 1]
    return printed_credit(written_names, lines) or "; ".join(written_names) or None


def is_name_shaped(name: str) -> bool:
    """One word (an account, a mononym), or capitalised words with the particles of names
    between them: 'Jane Doe', 'Ursula von der Leyen', 'JANE DOE', not 'Jane Doe Mumbai business
    reporter' or 'Account You're logged' (trafilatura reading a role or a menu as an author)."""
    words = name.split()
    return len(words) == 1 or not any(
        word[:1].islower() and word not in ("and", "&") and not is_particle(words, i) for i, word in enumerate(words)
    )


def is_particle(words: list[str], i: int) -> bool:
    """words[i] is a particle of a name: the capitalised rest of the name follows ('von der Leyen')."""
    rest = words[i:]
    k = next((k for k, word in enumerate(rest) if word not in _NAME_PARTICLES), len(rest))
    return 0 < k < len(rest) and rest[k][:1].isupper()


def is_printed_name(name: str, page_lines: list[str]) -> bool:
    """The page prints `name` on a line of its own or among a credit line's names."""
    wanted = comparable(name)
    return any(
        comparable(line) == wanted or wanted in (comparable(n) for n in (credit_byline(line) or "").split("; "))
        for line in page_lines
    )


def names_line(line: str) -> str | None:
    """The names of a line that is two or more names and nothing else ('Jane Doe and Li Wei'), "; "-separated."""
    names = [n.strip() for n in _BYLINE_SPLIT.split(line)]
    if len(names) < 2 or not all(len(n.split()) >= 2 and n[:1].isupper() and is_name_shaped(n) for n in names):
        return None
    return "; ".join(names)


def printed_name_within(name: str, page_lines: list[str]) -> str | None:
    """The start of `name` that the page prints as a name, on a line of its own or in a credit
    line ('Sameer Hashmi' above 'Mumbai business reporter', 'By Mark Kinver' above 'Environment
    reporter, BBC News': trafilatura joins the two elements); None when the page prints none."""
    whole = comparable(name)
    printed = [
        candidate
        for line in page_lines
        for candidate in [line, *(credit_byline(line) or "").split("; ")]
        if len(candidate.split()) >= 2 and whole.startswith(comparable(candidate) + " ")
    ]
    return max(printed, key=len) if printed else None


def printed_credit(names: list[str], page_lines: list[str]) -> str | None:
    """The names of the credit line the page prints, where they are some of `names`: trafilatura
    splits 'By Jane Doe, Times Staff Writer' or 'By Jane Doe, CNN' at the comma and keeps the
    writer's title or outlet as a second name; the printed line read as a credit
    (`credit_byline`) names the writer only."""
    if not names:
        return None
    known = {comparable(n) for n in names}
    first = comparable(names[0])
    for line in page_lines:
        # a credit line, or the writers' names printed alone ('Jane Doe and Li Wei' under the
        # headline, where trafilatura adds the outlet as a third name)
        printed = (credit_byline(line) or names_line(line)) if first in comparable(line) else None
        if printed and all(comparable(n) in known for n in printed.split("; ")):
            return printed
    return None


def comparable(name: str) -> str:
    """A name as compared across the markup and the printed page: 'Richard A. Serrano' = 'Richard A Serrano'."""
    return " ".join(name.replace(".", " ").casefold().split())


def without_month(name: str, page_lines: list[str]) -> str:
    """'Jane Doe May' -> 'Jane Doe' unless the page prints 'Jane Doe May' other than as the start
    of a date: trafilatura reads a byline element that holds the date as well ('Jane Doe May 16,
    2017', or the name and the date in elements of their own) and drops only the date's numbers.
    A surname that is a month name ('By Theresa May') is printed as a name and stays."""
    stem, _, last = name.rpartition(" ")
    if not stem or not re.fullmatch(_MONTH, last):
        return name
    printed_as_name = re.compile(rf"{re.escape(name)}(?!\.?\s*\d)")
    return name if any(printed_as_name.search(line) for line in page_lines) else stem


def without_outlets(byline: str | None, outlets: Iterable[str]) -> str | None:
    """A byline without the outlet a page prints after the writer's name ('By Rayhan Demytrie BBC
    News, Ust-Kamenogorsk': the name and the outlet are separate elements that a text dump
    joins) or lists beside the writers ('Paul Adepoju; Kieron Monks; CNN'). `outlets` are the
    page's own site name and those of `dataset/curated/sites.yml`; a byline naming only an outlet
    ('The Associated Press') stays: an outlet can be the credit."""
    if not byline:
        return byline
    known = {comparable(o) for o in outlets if o}
    names = []
    for name in byline.split("; "):
        words = name.split()
        # the outlet's words inside the name, after a first and a last name of the writer: the
        # name ends there ('Maryam Maruf BBC World Service' with the outlet 'BBC')
        cuts = [
            i
            for outlet in known
            for i in range(2, len(words) - len(outlet.split()) + 1)
            if comparable(" ".join(words[i : i + len(outlet.split())])) == outlet
        ]
        names.append(" ".join(words[: min(cuts)]) if cuts else name)
    writers = [n for n in names if comparable(n) not in known]
    return "; ".join(writers or names)
