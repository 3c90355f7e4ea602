"""Quotes: text inside quotation marks, with its speaker and reporting verb.

Finding the quotes is plain text work (curly and straight marks, a quotation left open at
the end of a paragraph runs on into the next one that opens with a mark). Attribution uses
the dependency parse: the reporting verb nearest the quote in its sentence, its subject,
and for pronouns the last person named as a grammatical subject before the quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..schema import QuoteKind
from .entities import Mention
from .body import paragraph_spans

CUE_LEMMAS = frozenset({
    "say", "tell", "add", "state", "declare", "urge", "warn", "hail", "call", "insist",
    "stress", "note", "write", "claim", "argue", "acknowledge", "announce", "praise",
    "reply", "ask", "describe", "quote", "explain", "remark", "comment",
})
PRONOUNS = frozenset({"he", "she", "him", "her"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "npadvmod"})
# A cue verb in one of these roles hands its subject up to the verb it depends on
# ("Xi was quoted as saying", "…, adding"); a participle modifying a noun does not.
CLIMB_DEPS = frozenset({"xcomp", "advcl", "pcomp", "conj"})
_QUOTE_PAIRS = (("“", "”"), ('"', '"'))
_WORD = re.compile(r"\w+(?:[’'-]\w+)*")
_FULL_END = re.compile(r"[.!?,…:;][\"”’]?$|\.\.\.$")


@dataclass
class Quote:
    start_char: int
    end_char: int
    text: str
    paragraph_index: int
    open_ended: bool = False  # no closing mark before the end of the paragraph
    speaker_entity_id: str | None = None
    speaker_text: str | None = None
    cue: str | None = None
    kind: str = QuoteKind.PARTIAL
    continues: "Quote | None" = None

    @property
    def word_count(self) -> int:
        return len(_WORD.findall(self.text))


def quote_spans(paragraph: str) -> list[tuple[int, int, bool]]:
    """(start, end, open_ended) of the text inside each pair of marks in one paragraph."""
    spans: list[tuple[int, int, bool]] = []
    position = 0
    while position < len(paragraph):
        starts = [(paragraph.find(o, position), o, c) for o, c in _QUOTE_PAIRS if paragraph.find(o, position) != -1]
        if not starts:
            break
        start, _, close = min(starts)
        end = paragraph.find(close, start + 1)
        open_ended = end == -1
        end = len(paragraph) if open_ended else end
        inner_start, inner_end = start + 1, end
        while inner_start < inner_end and paragraph[inner_start].isspace():
            inner_start += 1
        while inner_end > inner_start and paragraph[inner_end - 1].isspace():
            inner_end -= 1
        if inner_end > inner_start:
            spans.append((inner_start, inner_end, open_ended))
        position = end + 1
    return spans


def find_quotes(body: str) -> list[Quote]:
    quotes: list[Quote] = []
    spans = paragraph_spans(body)
    for index, (start, end) in enumerate(spans):
        for s, e, open_ended in quote_spans(body[start:end]):
            quotes.append(Quote(start + s, start + e, body[start + s : start + e], index, open_ended))
    for previous, quote in zip(quotes, quotes[1:]):
        first_in_paragraph = body[spans[quote.paragraph_index][0] : quote.start_char].strip() in ("“", '"')
        if previous.open_ended and quote.paragraph_index == previous.paragraph_index + 1 and first_in_paragraph:
            quote.continues = previous
    for quote in quotes:
        quote.kind = quote_kind(quote.text)
    return quotes


def quote_kind(text: str) -> str:
    words = len(_WORD.findall(text))
    starts_upper = text[:1].isupper() or text[:1].isdigit()
    return QuoteKind.FULL if words >= 12 or (starts_upper and words >= 4 and _FULL_END.search(text)) else QuoteKind.PARTIAL


def _outside(token, quote: Quote) -> bool:
    return token.idx + len(token) <= quote.start_char - 1 or token.idx >= quote.end_char + 1


def _outside_all(token, quotes: list[Quote]) -> bool:
    return all(_outside(token, q) for q in quotes)


def is_scare_quote(doc, quote: Quote) -> bool:
    """A short quoted phrase used as a modifier ('a “no limits” partnership')."""
    span = doc.char_span(quote.start_char, quote.end_char, alignment_mode="expand")
    if span is None or quote.word_count > 4:
        return False
    root = span.root
    return root.dep_ in MODIFIER_DEPS and not (span.start <= root.head.i < span.end)


def cue_verb(doc, quote: Quote, quotes: list[Quote]):
    """The reporting verb outside any quote nearest to this one in the sentence(s) it sits in."""
    first = doc.char_span(quote.start_char, quote.end_char, alignment_mode="expand")
    if first is None:
        return None
    sentence_start, sentence_end = first[0].sent.start, first[-1].sent.end
    candidates = [
        t for t in doc[sentence_start:sentence_end]
        if t.lemma_.lower() in CUE_LEMMAS and t.pos_ in ("VERB", "AUX") and _outside_all(t, quotes)
    ]
    if not candidates:
        return None

    def distance(t):
        return quote.start_char - t.idx if t.idx < quote.start_char else t.idx - quote.end_char

    return min(candidates, key=lambda t: (distance(t), t.i))


def subject_of(verb, quotes: list[Quote]):
    """The verb's subject, climbing at most two heads outside quotes ('Xi was quoted as saying')."""
    node, path = verb, [verb]
    for _ in range(3):
        for child in node.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child, path
        if node.dep_ not in CLIMB_DEPS or node.head is node or not _outside_all(node.head, quotes):
            break
        node = node.head
        path.append(node)
    return None, path


NOMINAL_CHAIN_DEPS = frozenset({"pobj", "prep", "poss", "case", "compound", "amod"})


def preceding_subject(verb, quotes: list[Quote]):
    """When the parse gives the verb no subject, the noun phrase right before it.

    The small model sometimes hangs a sentence's subject on an earlier noun ('…in Kursk,
    a spokesperson for China's Foreign Ministry called…' parses the spokesperson as an
    apposition of Kursk); climbing from the word before the verb recovers it.
    """
    i = verb.i - 1
    while i >= verb.sent.start and verb.doc[i].pos_ in ("ADV", "PUNCT", "AUX", "PART"):
        i -= 1
    if i < verb.sent.start:
        return None
    token = verb.doc[i]
    while token.dep_ in NOMINAL_CHAIN_DEPS and token.head.i < verb.i and token.head is not token:
        token = token.head
    if token.pos_ in ("NOUN", "PROPN", "PRON") and token.head.i < verb.i and _outside_all(token, quotes):
        return token
    return None


def colon_introducer(doc, quote: Quote, quotes: list[Quote]):
    """'Xinhua carried the statement: “…”': the subject and verb of the clause before a colon."""
    before = doc.text[: quote.start_char - 1].rstrip()
    if not before.endswith(":"):
        return None, None
    span = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    if span is None or span[0].i == 0:
        return None, None
    node = doc[span[0].i - 1]  # the word before the colon: its clause introduces the quote
    for _ in range(8):
        if node.pos_ in ("VERB", "AUX") and _outside_all(node, quotes):
            subject = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and _outside_all(subject, quotes):
                return subject, node
        if node.head is node:
            break
        node = node.head
    return None, None


def cue_text(doc, path) -> str:
    """The reporting verb, or the short phrase it closes ('quoted as saying')."""
    first, last = min(t.i for t in path), max(t.i for t in path)
    if last - first > 3:
        first = last = path[0].i
    if last + 2 < len(doc) and doc[last + 1].lower_ == "as" and doc[last + 2].lemma_ in CUE_LEMMAS:
        last += 2  # 'quoted as saying'
    return doc[first : last + 1].text


def speaker_span(subject):
    doc = subject.doc
    end = subject.i + 1
    for child in subject.rights:
        if child.dep_ == "prep" and child.lower_ in ("from", "of", "for"):
            end = child.right_edge.i + 1
    return doc[subject.left_edge.i : end]


def mention_at(mentions: list[Mention], token) -> Mention | None:
    for m in mentions:
        if m.start_char <= token.idx < m.end_char:
            return m
    return None


def last_person_before(mentions: list[Mention], offset: int) -> Mention | None:
    people = [m for m in mentions if m.type == "PERSON" and m.end_char <= offset]
    subjects = [m for m in people if m.is_subject]
    return (subjects or people or [None])[-1]


def attribute(doc, quote: Quote, quotes: list[Quote], mentions: list[Mention]) -> None:
    verb = cue_verb(doc, quote, quotes)
    subject, path = subject_of(verb, quotes) if verb is not None else (None, [])
    if verb is not None and subject is None and path[-1].dep_ not in ("acl", "relcl", "amod"):
        subject = preceding_subject(path[-1], quotes)
    if subject is None:
        subject, introducer = colon_introducer(doc, quote, quotes)
        path = [introducer]
    if subject is None or not _outside_all(subject, quotes):
        return
    quote.cue = cue_text(doc, path)
    span = speaker_span(subject)
    quote.speaker_text = span.text
    if subject.lower_ in PRONOUNS:
        person = last_person_before(mentions, quote.start_char)
        quote.speaker_entity_id = person.entity_id if person else None
        return
    if subject.lower_ in RELATIVE_PRONOUNS and subject.head.dep_ == "relcl":
        subject = subject.head.head
        quote.speaker_text = speaker_span(subject).text
    mention = mention_at(mentions, subject)
    if mention is None:
        for child in subject.children:
            if child.dep_ == "prep" and child.lower_ in ("from", "of"):
                objects = [t for t in child.children if t.dep_ == "pobj"]
                mention = next((m for t in objects if (m := mention_at(mentions, t)) and m.type in ("PERSON", "ORG")), None)
    if mention is not None and mention.type in ("PERSON", "ORG", "GPE", "NORP"):
        quote.speaker_entity_id = mention.entity_id


def according_to(doc, quote: Quote, mentions: list[Mention]) -> None:
    """'…, according to Chinese state media' when the sentence has no reporting verb."""
    span = doc.char_span(quote.start_char, quote.end_char, alignment_mode="expand")
    if span is None:
        return
    sentence = doc[span[0].sent.start : span[-1].sent.end]
    for token in sentence:
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            objects = [t for t in doc[token.i + 1].children if t.dep_ == "pobj"]
            if objects:
                source = objects[0]
                quote.cue = "according to"
                quote.speaker_text = doc[source.left_edge.i : source.right_edge.i + 1].text
                mention = mention_at(mentions, source)
                quote.speaker_entity_id = mention.entity_id if mention else None
            return


def attribute_all(doc, quotes: list[Quote], mentions: list[Mention]) -> list[Quote]:
    previous_full: Quote | None = None
    for quote in quotes:
        if quote.continues is not None:
            source = quote.continues
        elif is_scare_quote(doc, quote):
            source = None
        else:
            attribute(doc, quote, quotes, mentions)
            if quote.cue is None:
                according_to(doc, quote, mentions)
            # A whole sentence in quotes with no cue of its own carries on the last speaker.
            inherits = quote.cue is None and quote.kind == QuoteKind.FULL and previous_full is not None
            inherits = inherits and quote.paragraph_index - previous_full.paragraph_index <= 1
            source = previous_full if inherits else None
        if source is not None:
            quote.speaker_entity_id, quote.speaker_text, quote.cue = source.speaker_entity_id, source.speaker_text, source.cue
        if quote.kind == QuoteKind.FULL and quote.speaker_text:
            previous_full = quote
    return quotes


def extract_quotes(doc, mentions: list[Mention]) -> list[Quote]:
    return attribute_all(doc, find_quotes(doc.text), mentions)
