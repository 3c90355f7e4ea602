"""Entities: gazetteer-linked and model-found mentions in one article's parsed body.

Three ways to a mention, recorded in `method`:
- `gazetteer`: an alias from dataset/curated/entities.yml, matched by spaCy's EntityRuler;
- `coreference`: a short form or title ("Li", "the Chinese premier", a bare surname the
  model found) that refers back to a name already mentioned earlier in the same article;
- `model`: an entity spaCy's NER found that the gazetteer does not know (slug id).

People are kept to one entity each. A model PERSON's id is built from its name without
titles, possessives, middle initials or trailing debris ("President Trump" -> Trump,
"Donald J. Trump" -> Donald Trump, "Ted Cruz—35" -> Ted Cruz); a one-word name (surname
or first name) resolves to the unique full name with that surname or first name seen
earlier in the same article, and so does a surname the model typed ORG, GPE or NORP; across
the corpus, `corpus_person_aliases` merges what is still split. Names the model types PERSON
that cannot be people (an @handle, a URL, a word in capitals, a word with no capital, the
object of "on"/"via" as in "on Twitter") are retyped MISC, and the reason goes into the
entity's description.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..schema import EntitySource, MentionMethod

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

# A gazetteer entry as loaded from dataset/curated/entities.yml (free-form YAML mapping).
GazetteerEntry = dict[str, Any]
# One row of the entity table / entity_aliases table, keyed by column name.
EntityRow = dict[str, Any]
AliasRow = dict[str, Any]

NON_ENTITY_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
# Titles and honorifics that may open a person's name as tagged ("President Trump", "Sen. Cruz").
HONORIFICS = frozenset(
    """
mr mrs ms miss dr prof sir dame lord lady rev president vice premier minister prime chancellor secretary sen senator
rep representative gov governor mayor judge justice gen general col lt adm sgt capt maj cmdr pope king queen prince
princess sheikh ambassador chairman chairwoman speaker leader former candidate frontrunner front-runner the
""".split()
)
NAME_PARTICLES = frozenset(
    {"de", "da", "del", "della", "di", "du", "van", "von", "der", "den", "la", "le", "bin", "al", "el", "ibn", "st."}
)
# Particles that can open a bare surname ('De Blasio', 'Le Pen'); 'van', 'al' and 'el' are
# left out because they are also first names ('Van Jones', 'Al Gore').
LEADING_NAME_PARTICLES = frozenset({"de", "da", "del", "della", "di", "du", "der", "den", "la", "le"})
NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
# Head nouns that name a body, not a person: a name ending in one ('Donald Trump Foundation',
# 'Clinton Global Initiative' aside) is an organisation named after someone. A closed class of
# English organisational designators, not words taken from any page.
ORGANISATION_DESIGNATORS = frozenset(
    {
        "administration", "agency", "association", "bank", "campaign", "center", "centre", "church",
        "co.", "college", "commission", "committee", "company", "corp", "corp.", "corporation",
        "council", "department", "foundation", "fund", "group", "hospital", "inc", "inc.",
        "institute", "institution", "llc", "ltd", "ltd.", "ministry", "museum", "organisation",
        "organization", "party", "school", "society", "trust", "university",
    }
)  # fmt: skip
RETYPED_LABEL = "MISC"
_POSSESSIVE = re.compile(r"[’']s?$")
_NAME_TOKEN = re.compile(r"^(?:[A-Z][\w’'\-.]*|[A-Z]\.(?:[A-Z]\.)*|O’\w+)$")


@dataclass
class Mention:
    start_char: int
    end_char: int
    text: str
    entity_id: str
    type: str
    method: str
    is_subject: bool = False  # grammatical subject: pronouns refer back to these first
    reason: str | None = None  # why the model's PERSON label was not kept


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def canonical_surface(text: str) -> str:
    """Deduplicate model surface forms: 'the Kremlin’s' and 'Kremlin' are one name."""
    text = re.sub(r"^(the|The)\s+", "", text.strip())
    return _POSSESSIVE.sub("", text).strip()


def person_name(text: str) -> str:
    """A person's name as tagged, without titles, possessive and trailing debris:
    'President Trump' -> 'Trump', 'Ted Cruz—35' -> 'Ted Cruz', 'Obama’s' -> 'Obama'."""
    words = canonical_surface(re.split(r"[—–]|\s-\s", text)[0]).split()
    while words and (words[0].casefold().rstrip(".") in HONORIFICS or not _NAME_TOKEN.match(words[0])):
        words = words[1:]  # titles and lower-case words before the name ('a Donald Trump', 'Sen.')
    kept: list[str] = []
    for word in words:
        if _NAME_TOKEN.match(word) or (kept and (word.casefold() in NAME_PARTICLES or word.casefold() in NAME_SUFFIXES)):
            kept.append(_POSSESSIVE.sub("", word) if word.endswith(("’s", "'s")) else word)
        else:
            break
    return " ".join(kept)


def person_key(name: str) -> str:
    """The id-forming part of a person's name: single middle initials dropped ('Donald J.
    Trump' and 'Donald Trump' are one person; 'George H.W. Bush' keeps its initials)."""
    words = name.split()
    if len(words) > 2:
        words = [words[0]] + [w for w in words[1:-1] if not re.fullmatch(r"[A-Z]\.?", w)] + [words[-1]]
    return " ".join(words)


def not_a_name(text: str) -> str | None:
    """Why a text labelled PERSON cannot be a person's name, from the text alone, or None."""
    text = text.strip()
    letters = [c for c in text if c.isalpha()]
    if "@" in text or text.startswith("#"):
        return "an @handle or hashtag"
    if re.search(r"https?:|www\.|\.(?:com|org|net|gov)\b", text, re.I):
        return "a web address"
    if any(c.isdigit() for c in text):
        return "contains digits (a product, code or hashtag: 'PS4 Pro', 'Trump2016')"
    if not letters or not any(c.isupper() for c in letters):
        return "no capital letter"
    if len(letters) >= 4 and all(c.isupper() for c in letters):
        return "written in capitals (a shouted word or an acronym)"
    if not person_name(text):
        return "no name-like word"
    return None


def not_a_person(ent: Span) -> str | None:
    """Why a span the model labelled PERSON is not a person, or None: its text, or its role
    in the sentence (the object of 'on'/'via' is a medium: 'wrote on Twitter'; a one-word
    adverbial modifier opening a sentence is an adverb: 'Crucially, …')."""
    if reason := not_a_name(ent.text):
        return reason
    if len(ent) == 1 and ent.root.dep_ == "pobj" and ent.root.head.lower_ in ("on", "via"):
        return "object of 'on'/'via' (a platform or medium)"
    if len(ent) == 1 and ent.root.dep_ == "advmod":
        return "an adverb ('Crucially, …')"
    return None


def organisation_designator(text: str) -> str | None:
    """The last word of a PERSON-labelled name when it is an organisational designator."""
    words = text.split()
    if len(words) >= 2 and words[-1].casefold() in ORGANISATION_DESIGNATORS:
        return words[-1]
    return None


def model_entity_id(label: str, text: str) -> str:
    if label == "PERSON" and (name := person_name(text)):
        return f"person-{slugify(person_key(name))}"
    return f"{label.lower()}-{slugify(canonical_surface(text))}"


def edge_trimmed(ent: Span) -> Span | None:
    """The tagged span without the punctuation at its edges, or None if nothing else is left.
    The model often takes in an opening quotation mark, a list bullet or a trailing '&'
    ('“Arab Spring', '• Data Centers', '@HillaryClinton &'): the mark is not part of the name,
    and the mention's text and the entity's name should not carry it."""
    doc, start, end = ent.doc, ent.start, ent.end
    while start < end and not any(c.isalnum() for c in doc[start].text):
        start += 1
    while end > start and not any(c.isalnum() for c in doc[end - 1].text):
        end -= 1
    if start == end:
        return None
    if (start, end) == (ent.start, ent.end):
        return ent
    from spacy.tokens import Span

    return Span(doc, start, end, label=ent.label, kb_id=ent.kb_id, span_id=ent.id)


def _is_subject(span: Span) -> bool:
    return any(t.dep_ in ("nsubj", "nsubjpass") for t in span)


def _overlaps(mentions: list[Mention], start: int, end: int) -> bool:
    return any(m.start_char < end and start < m.end_char for m in mentions)


def name_words(name: str) -> list[str]:
    """A person's name as words, without generational suffixes: 'Samuel Alito Jr.' is a
    Samuel whose surname is Alito ('Jr.' names no one; matching on it splits the person).
    A particle belongs to the surname it precedes, in lower case whatever its writing:
    'Bill de Blasio' -> ['Bill', 'de Blasio'], and 'De Blasio' -> ['de Blasio'], the
    surname alone, which resolves to him. At the start of a name only particles that are
    not also first names count ('Van Jones', 'Al Gore' keep two words)."""
    words = name.split()
    while len(words) > 1 and words[-1].casefold().rstrip(",") in NAME_SUFFIXES:
        words = words[:-1]
    joined: list[str] = []
    particles: list[str] = []
    for i, word in enumerate(words[:-1]):
        particle = word.casefold()
        if particle in (LEADING_NAME_PARTICLES if i == 0 else NAME_PARTICLES):
            particles.append(particle)
            continue
        if particles:  # a particle before a word it does not join ('de' inside a first name)
            joined.extend(particles)
            particles = []
        joined.append(word)
    joined.append(" ".join([*particles, words[-1]]) if words else "")
    return [w for w in joined if w]


# One word the model types ORG, GPE or NORP that is the surname of the one person named in full
# earlier in the article is that person: a 185-article build of development pages had 211 such
# mentions ('Rothman', 'Tipton', 'Huffaker', speakers of quotes among them); the few that are
# no person repeat a model PERSON that is none either ('Metroids', 'Minesweeper').
SURNAME_MISTYPED_LABELS = ("ORG", "GPE", "NORP")


def find_mentions(doc: Doc, gazetteer: dict[str, GazetteerEntry]) -> list[Mention]:
    """All entity mentions in a parsed body, in text order."""
    mentions: list[Mention] = []
    first_seen: dict[str, int] = {}
    by_surname: dict[str, set[str]] = {}  # surname -> ids of multi-word PERSONs seen so far
    by_first_name: dict[str, set[str]] = {}
    self_reasons: dict[str, str] = {}
    for tagged in doc.ents:
        if tagged.label_ in NON_ENTITY_LABELS or (ent := edge_trimmed(tagged)) is None:
            continue
        if not any(c.isalnum() for c in canonical_surface(ent.text)):
            continue  # a clitic the model tagged ("let’s" gives a NORP "’s"): it names nothing
        if ent.label_ in ("PERSON", "ORG", "GPE") and not ent.ent_id_ and not any(t.pos_ == "PROPN" for t in ent):
            continue  # e.g. a sentence adverb ('Crucially') taken for a name
        label = ent.label_
        if ent.ent_id_ and ent.ent_id_ in gazetteer:
            entity_id, method = ent.ent_id_, MentionMethod.GAZETTEER
        elif label == "PERSON" and (designator := organisation_designator(ent.text)):
            label, entity_id, method = "ORG", model_entity_id("ORG", ent.text), MentionMethod.MODEL
            self_reasons[entity_id] = f"its last word, '{designator}', names an organisation"
        elif label == "PERSON" and (reason := not_a_person(ent)):
            label, entity_id, method = RETYPED_LABEL, f"misc-{slugify(canonical_surface(ent.text))}", MentionMethod.MODEL
            self_reasons[entity_id] = reason
        elif label in SURNAME_MISTYPED_LABELS and len(ent) == 1 and len(by_surname.get(ent.text, set())) == 1:
            # 'Huffaker said' after 'Elizabeth Huffaker': the model types many a bare surname ORG
            label, entity_id, method = "PERSON", next(iter(by_surname[ent.text])), MentionMethod.COREFERENCE
        else:
            words = name_words(person_name(ent.text)) if label == "PERSON" else []
            candidates = by_surname.get(words[0], set()) if len(words) == 1 else set()
            if len(words) == 1 and not candidates:
                candidates = by_first_name.get(words[0], set())
            if len(candidates) == 1:
                entity_id, method = next(iter(candidates)), MentionMethod.COREFERENCE
            else:
                entity_id, method = model_entity_id(label, ent.text), MentionMethod.MODEL
        mention = Mention(ent.start_char, ent.end_char, ent.text, entity_id, label, method, _is_subject(ent))
        mention.reason = self_reasons.get(entity_id)
        mentions.append(mention)
        first_seen.setdefault(entity_id, ent.start_char)
        if label == "PERSON":
            words = name_words(person_name(gazetteer[entity_id]["name"] if entity_id in gazetteer else ent.text))
            if len(words) >= 2:
                by_surname.setdefault(words[-1], set()).add(entity_id)
                by_first_name.setdefault(words[0], set()).add(entity_id)
    contextual = contextual_mentions(doc, gazetteer, first_seen, mentions)
    # A resolved short form beats the model's guess for the same words ('Li' as a GPE).
    mentions = [m for m in mentions if m.method != MentionMethod.MODEL or not _overlaps(contextual, m.start_char, m.end_char)]
    return sorted(mentions + contextual, key=lambda m: (m.start_char, m.end_char))


def contextual_mentions(
    doc: Doc, gazetteer: dict[str, GazetteerEntry], first_seen: dict[str, int], existing: list[Mention]
) -> list[Mention]:
    """Short forms and titles of a gazetteer entity, after its first mention in the article."""
    found: list[Mention] = []
    text = doc.text
    for entity_id, entry in gazetteer.items():
        if entity_id not in first_seen:
            continue
        for form in sorted(entry.get("contextual") or [], key=len, reverse=True):
            for m in re.finditer(rf"(?<![\w’']){re.escape(form)}(?![\w])", text):
                fixed = [x for x in existing if x.method != MentionMethod.MODEL] + found
                if m.start() > first_seen[entity_id] and not _overlaps(fixed, m.start(), m.end()):
                    span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                    found.append(
                        Mention(
                            m.start(),
                            m.end(),
                            m.group(),
                            entity_id,
                            entry["type"],
                            MentionMethod.COREFERENCE,
                            span is not None and _is_subject(span),
                        )
                    )
    return found


def _better_name(mention: Mention, current: str) -> bool:
    """Keep the fullest spelling of a person's name as the entity's name."""
    return mention.type == "PERSON" and len(person_name(mention.text)) > len(current)


def entity_rows(mentions: list[Mention], gazetteer: dict[str, GazetteerEntry]) -> dict[str, EntityRow]:
    """Entity table rows for the mentions of one article (merged across articles later)."""
    rows: dict[str, EntityRow] = {}
    for m in mentions:
        if m.entity_id in gazetteer:
            e = gazetteer[m.entity_id]
            rows[m.entity_id] = {
                "entity_id": m.entity_id,
                "name": e["name"],
                "type": e["type"],
                "wikidata_id": e["id"] if re.fullmatch(r"Q\d+", e["id"]) else e.get("wikidata_id"),
                "wikipedia_title": e.get("wikipedia"),
                "description": e.get("description"),
                "side": e.get("side"),
                "source": EntitySource.GAZETTEER,
            }
        elif m.method == MentionMethod.MODEL and (m.entity_id not in rows or _better_name(m, rows[m.entity_id]["name"])):
            found = f"Found by spaCy NER ({m.type}); not in the gazetteer."
            if m.reason:
                found = f"Labelled PERSON by spaCy NER, retyped {m.type}: {m.reason}."
            rows[m.entity_id] = {
                "entity_id": m.entity_id,
                "name": person_key(person_name(m.text))
                if m.type == "PERSON" and person_name(m.text)
                else canonical_surface(m.text),
                "type": m.type,
                "wikidata_id": None,
                "wikipedia_title": None,
                "description": found,
                "side": None,
                "source": EntitySource.MODEL,
            }
    return rows


# ---------------------------------------------------------------- across the corpus

DOMINANT_SHARE = 2 / 3  # a one-word name goes to a full name holding this share of the candidates' mentions


def corpus_person_aliases(rows: dict[str, EntityRow], mention_counts: dict[str, int]) -> dict[str, tuple[str, str]]:
    """{variant entity id: (canonical entity id, reason)} for PERSON entities still split
    after per-article resolution.

    - full names with the same first and last word are one person ('Hillary Clinton',
      'Hillary Rodham Clinton'); the gazetteer's entity, else the most mentioned, is kept;
    - a one-word name (an article that never gives the full name) goes to the full name
      with that surname or first name when one full name has at least DOMINANT_SHARE of
      the mentions of all full names that share the word ('Clinton' stays unresolved while
      Hillary and Bill are both common).
    """
    persons = {e: r for e, r in rows.items() if r["type"] == "PERSON"}

    # Each name parsed once: the one-word names below are compared with every full name.
    parsed = {e: name_words(person_key(person_name(r["name"]) or r["name"])) for e, r in persons.items()}

    def words(entity_id: str) -> list[str]:
        return parsed[entity_id]

    def rank(entity_id: str) -> tuple[bool, int, str]:
        return (persons[entity_id]["source"] != "gazetteer", -mention_counts.get(entity_id, 0), entity_id)

    aliases: dict[str, tuple[str, str]] = {}
    full = [e for e in persons if len(words(e)) >= 2]
    groups: dict[tuple[str, str], list[str]] = {}
    for e in full:
        groups.setdefault((words(e)[0], words(e)[-1]), []).append(e)
    for members in groups.values():
        keep = min(members, key=rank)
        for e in members:
            if e != keep:
                aliases[e] = (keep, f"same first and last name as '{persons[keep]['name']}'")
    canonical_full = [e for e in full if e not in aliases]
    for e in sorted(persons):
        w = words(e)
        if len(w) != 1 or e in aliases:
            continue
        candidates = [c for c in canonical_full if w[0] in (words(c)[0], words(c)[-1])]
        if not candidates:
            continue
        total = sum(mention_counts.get(c, 0) for c in candidates)
        best = min(candidates, key=rank)
        if persons[best]["source"] == "gazetteer" or (total and mention_counts.get(best, 0) >= DOMINANT_SHARE * total):
            what = "surname" if words(best)[-1] == w[0] else "first name"
            aliases[e] = (best, f"{what} of '{persons[best]['name']}', the dominant full name with it in the corpus")
    return aliases


def resolve_corpus_entities(
    conn: sqlite3.Connection, rows: dict[str, EntityRow], gazetteer_entries: list[GazetteerEntry]
) -> list[AliasRow]:
    """Merge split PERSON entities in a staging database; returns `entity_aliases` rows.

    Rewrites mentions and quote speakers of each variant to its canonical entity, removes
    the variant's row from `rows` (the entity table to be written) and records every alias:
    the gazetteer's spellings of the entities present and each merged variant with why.
    """
    counts = dict(conn.execute("select entity_id, count(*) from mentions group by entity_id").fetchall())
    aliases = corpus_person_aliases(rows, counts)
    for variant, (canonical, _) in aliases.items():
        conn.execute("update mentions set entity_id = ? where entity_id = ?", (canonical, variant))
        conn.execute("update quotes set speaker_entity_id = ? where speaker_entity_id = ?", (canonical, variant))
    conn.commit()
    out: dict[tuple[str, str], AliasRow] = {}
    for variant, (canonical, reason) in sorted(aliases.items()):
        name = rows.pop(variant)["name"]
        out.setdefault((canonical, name), {"entity_id": canonical, "alias": name, "merged_entity_id": variant, "reason": reason})
    for entry in gazetteer_entries:
        if entry["id"] not in rows:
            continue
        for alias in [entry["name"], *(entry.get("aliases") or []), *(entry.get("contextual") or [])]:
            out.setdefault(
                (entry["id"], alias),
                {
                    "entity_id": entry["id"],
                    "alias": alias,
                    "merged_entity_id": None,
                    "reason": "gazetteer alias"
                    if alias in (entry.get("aliases") or []) or alias == entry["name"]
                    else "gazetteer contextual form (linked after the name appears)",
                },
            )
    return sorted(out.values(), key=lambda r: (r["entity_id"], r["alias"]))
