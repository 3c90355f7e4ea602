"""Quotes: text inside quotation marks, whether it is speech, who said it and the cue.

Approach, in three passes over one parsed body:

1. **Marks** (plain text, per paragraph). `“` opens, `”` closes, a straight `"` closes an
   open quote and otherwise opens one. Marks typed the wrong way round are read by their
   position (a `”` after a space and before a letter opens; a `“` after a word and before a
   space or the paragraph's end closes), and a closing mark with nothing open is ignored, so
   one stray mark does not shift every pair after it. A mark left open runs to the end of
   the paragraph; when the next paragraph opens with a mark, that quote continues it. In a
   text that quotes with single marks (British papers: '‘…,’ said Wang Yi'; more single
   quotations than double ones, and at least two), `‘ ’` pairs are quotes too, outside double
   ones and closed within their paragraph (`quotation.single_quote_style`).
2. **Attribution** on the dependency parse, most specific evidence first:
   a reporting verb from `SPEECH_VERBS` that governs the quote or is governed by it
   ("X said", "said X", "“…,” X said", "X was quoted as saying"), else the nearest one in
   the sentence (a quote that ends its own sentence takes an untied verb of the next one
   only when that sentence opens as its speech tag: '“…?” a staffer asked'); a cue inside
   what another cue reports ranks after it ('critics say he proposed to “dismantle” it' is
   the critics'), unless an organisation or place relays a person's words ('CCTV said Xi
   told Putin … “…”' is Xi's) and the nested cue is asserted speech of someone who can speak
   (not a verb of naming, a modal, a negation or a condition); "according to X"; an 'as'
   clause commenting on the quote, whatever its verb ('As Vulture put it, “…”');
   a clause ending in a colon (or a dash, before a quoted sentence) just before the quote
   (also at the end of the previous paragraph, or a speaker label or heading); the possessor
   of a noun of speech whose content holds the quote ("her remark that “…”"); any verb right
   after a quote ending in a comma, "?" or "!" ("“…,” Trump barked", also past an apposition:
   "“…?” Miller, a retired worker, said"), or any verb and a name in inverted order ("“…?”
   reacted Trump"); the noun subject of the clause that governs a mixed quote ("She applauded
   him for fighting “…”"), or the person whose verb that clause complements ("Lopez is
   questioning whether the mayor would … “…”"); a dash line signing a quote paragraph ('- Sanders.'). Things that speak (a
   statement, an ad, a message) speak for whoever issued them ("His office put out a
   statement saying"). Then, without a cue of its own, a quote carries on the speaker of
   the quote before it in the same paragraph, of the quotation it continues, or of the
   previous paragraph's last quote when it opens its paragraph; a quote-only sentence
   right after reported speech takes that speech's named speaker (also across a paragraph
   break when the quote opens its paragraph).
   The speaker is the cue's subject noun phrase as written (`speaker_text`), repaired where
   the parse breaks it by shape alone: a dateline the parser made the subject gives way to the
   phrase after its dash ('MOSCOW, Nov 3 (Reuters) - Lavrov said'), side-by-side subjects of
   one verb are one phrase headed by the last, a rank's abbreviation the sentencer ended a
   sentence on runs into the name after it ('Army Capt. Christian Pardo'), and a quoted title
   inside an apposition does not end it ('author of “America’s Bitter Pill,” a history …');
   a noun of speech speaks for its possessor ('The campaign’s statement declares' -> 'The
   campaign’s'). The entity (`speaker_entity_id`) is the mention at its head, else the
   organisation or place inside a role ("a Kremlin spokesman", "a spokesperson for China's
   Foreign Ministry") so sides can be counted. A personal pronoun (he, she; they, we for bodies) is resolved to the
   nearest preceding compatible named speaker: the last named person (for he/she) or
   organisation/place (they/we/it) that spoke or was a grammatical subject before it.
   Time expressions and quoted words are never speakers.
3. **Kind**: `full` (a sentence) or `partial` (a phrase) are speech. Quoted text without any
   attribution evidence is kept out of speech by what the sentence shows: `markup` (an
   attribute value, `id="…"`), `title` (a capitalised noun phrase such as a show, a book or an event, even next to
   a cue: 'speaking to “CBS This Morning”'),
   `scare` (a short lower-case phrase with no cue, or a quoted modifier inside a noun
   phrase: 'a “no limits” partnership', unless a speech verb reports it: 'he called it a “reckless”
   plan'). Not-speech rows keep no speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from ..schema import QuoteKind
from .body import paragraph_spans
from .entities import Mention
from .quotation import CLOSERS, OPENERS, SINGLE_CLOSER, SINGLE_OPENER, STRAIGHT, quote_spans, single_quote_style

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Reporting verbs, as lemmas. Union of three published lists, kept here as data:
# - Levin (1993), English Verb Classes and Alternations, §37 "Verbs of communication"
#   (VerbNet say-37.7, tell-37.2, transfer_mesg-37.1, manner_speaking-37.3, instr_communication-37.4,
#   talk-37.5, complain-37.8, advise-37.9, lecture-37.11), communication members only;
# - textacy 0.13 `textacy.constants.REPORTING_VERBS` (used by `extract.direct_quotations`);
# - the Gender Gap Tracker's quote verb list (Asr et al. 2021, PLoS ONE 16(1): e0245533, S1 Table).
# Plus verbs of posting that postdate those lists (tweet, post, text, email). Left out: members
# whose usual sense in news is not speech ("continue", "offer", "read", "point", "rule", "decline").
SPEECH_VERBS = frozenset(
    """
accuse acknowledge add admit advise affirm agree allege announce answer argue articulate ask assert assure attest aver avow
bark bellow beg blame blast blurt boast brag brief caution charge chide cite claim comment complain concede conclude confess
confide confirm contend counsel counter cry criticize criticise decry declare demand deny describe dictate
disclose dismiss divulge elaborate email emphasize emphasise estimate exclaim explain express gripe groan grumble grunt
hail hint hiss holler howl inform insist instruct interject joke lament lecture maintain mention moan mourn mumble murmur
mutter muse note notify object observe opine plead pledge post praise preach predict proclaim promise pronounce
propose protest quip quote rage rail recall recount reiterate relate relay remark remind repeat reply
report respond retort reveal roar say scoff scold scream shout shriek sigh slam snap speak state stress suggest
swear tease telephone tell testify text theorize thunder tout tweet underline underscore urge utter vow wail warn whisper
wonder worry write yell call label dub brand term portray characterize characterise
""".split()
)
# Verbs that report speech only when the parse ties them to the quote ("“…,” he continued",
# "“…,” read one", "thanked Obama for “…”"); elsewhere in a sentence they are not cues.
LINKED_ONLY_VERBS = frozenset("continue read offer question thank mock ridicule joke counter conclude signal".split())
TAG_VERBS = SPEECH_VERBS | LINKED_ONLY_VERBS
PERSONAL_PRONOUNS = frozenset({"he", "she"})
GROUP_PRONOUNS = frozenset({"they", "we", "it"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
OBJECT_DEPS = frozenset({"dobj", "dative", "oprd"})
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod"})
# Not WORK_OF_ART: a title outside quotation marks can speak ('the book says'), and the
# small model tags '“…,” Trump told Vogue' as one; a title inside marks is no subject anyway.
NOT_SPEAKER_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})
# A cue verb in one of these roles hands its subject up to the verb it depends on
# ("Xi was quoted as saying", "…, adding", "Durbin, noting the size of the crowd, said" parsed
# with 'said' in parataxis); a participle modifying a noun does not. The climb stops at a quote.
CLIMB_DEPS = frozenset({"xcomp", "advcl", "pcomp", "conj", "parataxis"})
# Verbs of naming (the last line of SPEECH_VERBS): inside what another cue reports ('Trump
# said executives were calling “every 15 minutes”') they are usually not the voice ('call' is
# also a phone call), so the reporting verb ranks first, as it does for any nested cue
# unless an organisation relays a person's words (see `cue_verbs`).
NAMING_VERBS = frozenset("call label dub brand term".split())
SPEECH_KINDS = frozenset({QuoteKind.FULL, QuoteKind.PARTIAL})
_WORD = re.compile(r"\w+(?:[’'-]\w+)*")
_FULL_END = re.compile(r"[.!?,…:;][\"”’]?$|\.\.\.$")
_SMALL_WORDS = frozenset(
    {"a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for", "with", "by", "from", "de", "la", "vs", "&"}
)


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
    continues: Quote | None = None
    opens_paragraph: bool = False  # nothing but the opening mark before it in its paragraph
    evidence: str | None = None  # how it was attributed: verb, according-to, colon, continues, same-paragraph, previous-paragraph

    @property
    def word_count(self) -> int:
        return len(_WORD.findall(self.text))

    @property
    def is_speech(self) -> bool:
        return self.kind in SPEECH_KINDS


# ---------------------------------------------------------------- 1. marks


def find_quotes(body: str) -> list[Quote]:
    quotes: list[Quote] = []
    spans = paragraph_spans(body)
    singles = single_quote_style(body)
    for index, (start, end) in enumerate(spans):
        for s, e, open_ended in quote_spans(body[start:end], singles):
            quote = Quote(start + s, start + e, body[start + s : start + e], index, open_ended)
            quote.opens_paragraph = body[start : start + s].strip() in (OPENERS, STRAIGHT, CLOSERS, SINGLE_OPENER)
            quotes.append(quote)
    for previous, quote in pairwise(quotes):
        if previous.open_ended and quote.paragraph_index == previous.paragraph_index + 1 and quote.opens_paragraph:
            quote.continues = previous
    for quote in quotes:
        quote.kind = quote_kind(quote.text)
    return quotes


def quote_kind(text: str) -> str:
    words = len(_WORD.findall(text))
    starts_upper = text[:1].isupper() or text[:1].isdigit()
    return QuoteKind.FULL if words >= 12 or (starts_upper and words >= 4 and _FULL_END.search(text)) else QuoteKind.PARTIAL


# ---------------------------------------------------------------- 2. attribution


def _text(doc: Doc) -> str:
    """The doc's text, built once (spaCy rebuilds `doc.text` from the tokens at every access)."""
    text: str | None = doc.user_data.get("quotes_text")
    if text is None:
        text = doc.user_data["quotes_text"] = doc.text
    return text


def _outside(token: Token, quote: Quote) -> bool:
    return token.idx + len(token) <= quote.start_char - 1 or token.idx >= quote.end_char + 1


def _outside_all(token: Token, quotes: list[Quote]) -> bool:
    return all(_outside(token, q) for q in quotes)


def _span(doc: Doc, quote: Quote) -> Span | None:
    return doc.char_span(quote.start_char, quote.end_char, alignment_mode="expand")


def is_cue(token: Token, linked_only: bool = False) -> bool:
    lemma = token.lemma_.lower()
    return token.pos_ in ("VERB", "AUX") and (lemma in SPEECH_VERBS or (linked_only and lemma in LINKED_ONLY_VERBS))


def _linked(verb: Token, span: Span) -> bool:
    """The verb governs a token of the quote, or a token of the quote governs the verb."""
    inside = range(span.start, span.end)
    if any(t.i in inside for t in verb.subtree):
        return True
    node = verb
    for _ in range(4):  # '“…,” he said' may hang 'said' under the quote's verb (parataxis)
        if node.head.i == node.i:
            break
        node = node.head
        if node.i in inside:
            return True
    # A parenthetical cue ('There was, she said, “an implicit bargain.”') hangs on the clause
    # that holds the quote.
    return verb.dep_ in ("parataxis", "advcl", "ccomp") and any(t.i in inside for t in verb.head.subtree)


def quote_window(doc: Doc, quote: Quote) -> Span:
    """The sentence(s) a quote sits in, plus the clause right after it when the parser
    split '“…!” he wrote.' or '“…,” Trump told Vogue.' after the closing mark."""
    span = _span(doc, quote)
    assert span is not None  # the only caller, cue_verbs, has returned early when it is None
    start, end = span[0].sent.start, span[-1].sent.end
    if end < len(doc) and span.end >= end - 2:
        following = doc[end].sent
        starts_clause = doc[end].is_lower or doc[end].pos_ == "PRON"
        short = following.end - following.start <= 12
        # A quote ending in a comma is followed by its speech tag ('“…,” Trump told
        # Vogue last year. “…”'), however long the parser made that sentence.
        tagged = quote.text.endswith(",") and any(is_cue(t, linked_only=True) for t in following[:8])
        if starts_clause or tagged or (short and any(is_cue(t, linked_only=True) for t in following)):
            end = following.end
    return doc[start:end]


def cue_verbs(doc: Doc, quote: Quote, quotes: list[Quote]) -> list[tuple[Token, bool]]:
    """Reporting verbs for a quote, best first: those the parse ties to the quote, then the
    rest of its sentence, nearest first. Each comes with whether it is tied (linked)."""
    span = _span(doc, quote)
    if span is None:
        return []
    candidates: list[tuple[Token, bool]] = []
    own_end = span[-1].sent.end
    closed = quote.text.rstrip(CLOSERS + STRAIGHT + "’'")[-1:] in (".", "!", "?")
    for t in quote_window(doc, quote):
        # is_cue first: few tokens are cues, and _outside_all compares each with every quote.
        if not is_cue(t, linked_only=True) or not _outside_all(t, quotes):
            continue
        linked = _linked(t, span)
        if closed and t.i >= own_end and not linked and not speech_tag_shape(doc, span.end, t):
            # A quote that ends its own sentence is not voiced by a verb of the next sentence
            # unless the parse ties them or that sentence opens as its speech tag ('“…?” a
            # staffer asked'); not '“… I want to.” It was a reversal for Ryan, who said …'.
            continue
        # A verb that reports speech only in the speech tag counts just there, tied to the
        # quote: right after it ('“…,” he continued', '“…,” the email read') or right
        # before it with only punctuation between ('He continued, “…”').
        tag = linked and (
            (t.i >= span.end and t.i - span.end <= 4)
            or (t.i < span.start and all(x.is_punct or x.is_space for x in t.doc[t.i + 1 : span.start]))
        )
        if not linked and in_subordinate_clause(t, span):
            # 'When Trump suggested that …, Rubio fired back: “…”': a speech verb in a
            # subordinate clause that does not hold the quote sets the scene; it is not its cue
            continue
        if said_of_the_quote(t, quote):
            continue
        if is_cue(t) or tag:
            candidates.append((t, linked))

    cues = {t.i for t, linked in candidates if linked}

    def reporter(t: Token) -> Token | None:
        """The linked cue whose reported clause holds this cue ('Trump said executives were calling')."""
        node = t
        while node.head.i != node.i:  # spaCy makes a new Token per access: compare indices
            if node.dep_ == "ccomp" and node.head.i in cues:
                return node.head
            node = node.head
        return None

    def yields(t: Token) -> bool:
        """A nested cue gives way to the cue that reports it: the outer source is the one the
        reader has the words from ('critics say he had proposed to “dismantle” it',
        'prosecutors say that he told an agent, “…”'). Except where an organisation relays
        what a person spoke ('CCTV said Xi told Putin … “objective and fair stance”'): as with
        'according to' an outlet, the person keeps the voice."""
        outer = reporter(t)
        if outer is None:
            return False
        if not reports_speech(t, quotes):
            return True
        relay, _path = subject_of(outer, quotes)
        return relay is None or relay.ent_type_ not in RELAYING_BODIES

    def rank(pair: tuple[Token, bool]) -> tuple[bool, bool, int, int]:
        t, linked = pair
        distance = quote.start_char - t.idx if t.idx < quote.start_char else t.idx - quote.end_char
        return (not linked, yields(t), distance, t.i)

    return sorted(candidates, key=rank)


def said_of_the_quote(verb: Token, quote: Quote) -> bool:
    """'calling it a “paperwork error” that was reported in a hit piece': a relative clause on a
    quoted word whose subject is the relative pronoun tells what happened to the quoted thing;
    its subject is the quote itself, never who spoke it."""
    return (
        verb.dep_ == "relcl"
        and not _outside(verb.head, quote)
        and not any(c.dep_ in SUBJECT_DEPS and c.lower_ not in RELATIVE_PRONOUNS for c in verb.children)
    )


def in_subordinate_clause(verb: Token, span: Span) -> bool:
    """The verb heads, or sits in, an adverbial clause opened by a conjunction ('when', 'after',
    'as', 'because') that does not contain the quote."""
    node = verb
    while node.head.i != node.i:
        if node.dep_ == "advcl" and any(c.dep_ == "mark" for c in node.children):
            return not any(span.start <= t.i < span.end for t in node.subtree)
        node = node.head
    return False


IRREALIS_MARKS = frozenset({"if", "unless", "whether"})
# Subjects that relay a person's words rather than speak them: an outlet, a body, a government.
RELAYING_BODIES = frozenset({"ORG", "GPE"})


def reports_speech(verb: Token, quotes: list[Quote]) -> bool:
    """Whether a cue inside what another cue reports is itself a report of words spoken.

    Not when it is a verb of naming ('Trump said executives were calling “…”'), when it is
    not asserted (a modal, a negation or a condition: 'said the platform should reiterate
    “…”', 'said Americans will say “no”'), or when its subject cannot speak ('said the world
    lost a voice that said “…”': only a person, a pronoun for people, a name or a body does).
    Then the outer cue's speaker voices the quote, even when an organisation reports it."""
    if verb.lemma_.lower() in NAMING_VERBS:
        return False
    for child in verb.children:
        if child.tag_ == "MD" or child.dep_ == "neg" or (child.dep_ == "mark" and child.lower_ in IRREALIS_MARKS):
            return False
    subject, _path = subject_of(verb, quotes)
    return subject is None or voice_named(subject)


def voice_named(token: Token) -> bool:
    """A subject that names who speaks: a pronoun for people, a proper name, or a phrase the
    model tagged as a person, organisation, place or group."""
    return token.lower_ in PEOPLE_PRONOUNS or token.pos_ == "PROPN" or token.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")


def speech_tag_shape(doc: Doc, start: int, verb: Token) -> bool:
    """Only a short noun phrase (a name, a pronoun, an apposition) lies between the closing
    mark at `start` and the verb: 'a Democratic staffer asked', 'Trump said', 'He added'."""
    between = doc[start : verb.i]
    return len(between) <= 10 and not any(t.pos_ in ("VERB", "AUX") or t.is_sent_start and t.i > start + 1 for t in between)


def _is_age_noun(token: Token) -> bool:
    """'the 46-year-old': an age used as a noun names a person, though the model tags it DATE."""
    doc = token.doc
    return token.lower_ == "old" and token.i >= 2 and doc[token.i - 1].text == "-" and doc[token.i - 2].lower_ == "year"


def _good_subject(token: Token, quotes: list[Quote]) -> bool:
    return (
        _outside_all(token, quotes)
        and (token.ent_type_ not in NOT_SPEAKER_LABELS or _is_age_noun(token))
        and token.pos_ not in ("VERB", "AUX", "ADP", "PUNCT", "SCONJ", "CCONJ", "PART")
    )


# A number or a share as a verb's subject counts people, as in polls ('21 percent said “not too
# likely”', 'About four in 10 said', 'Two said'); never an amount, a date or a time.
SHARE_LABELS = frozenset({"PERCENT", "CARDINAL"})


def share_of_people(subject: Token, quotes: list[Quote]) -> bool:
    return subject.ent_type_ in SHARE_LABELS and _outside_all(subject, quotes) and subject.pos_ in ("NUM", "NOUN", "PRON")


DASHES = frozenset({"-", "--", "—", "–"})


def past_dateline(subject: Token, verb: Token) -> Token:
    """'MOSCOW, Nov 3 (Reuters) - Russian Foreign Minister Sergei Lavrov said': the parser makes
    the dateline the subject and hangs the real one on it. A dateline opens its paragraph, ends
    at a dash before the verb, has no verb of its own, and is shaped like one: an all-capitals
    place or an agency in brackets. The subject is then the noun phrase after the dash."""
    doc = subject.doc
    first = subject.left_edge.i
    if first > 0 and "\n" not in doc[first - 1].text_with_ws and "\n" not in doc[first - 1].text:
        return subject
    dash = next(
        (
            t.i
            for t in doc[first + 1 : min(verb.i, first + 12)]
            if t.text in DASHES and (t.whitespace_ or doc[t.i - 1].whitespace_)
        ),
        None,
    )  # a free-standing dash: '(I-Vt.)' is a party gloss, not a dateline
    if dash is None or not first <= subject.i < dash:
        return subject
    opening = doc[first:dash]
    if any(t.pos_ in ("VERB", "AUX") for t in opening) or sum(t.text == "(" for t in opening) != sum(
        t.text == ")" for t in opening
    ):
        return subject
    shaped = (doc[first].text.isupper() and len(doc[first].text) > 2) or any(t.text == "(" for t in opening)
    if not shaped or dash + 1 >= verb.i:
        return subject
    node = doc[dash + 1]
    while dash < node.head.i < verb.i and node.head.pos_ in ("NOUN", "PROPN"):
        node = node.head
    return node if node.pos_ in ("NOUN", "PROPN", "PRON") else subject


def after_opening_phrase(subjects: list[Token]) -> Token:
    """'Speaking at a town hall in Salem, New Hampshire, Trump went after Bush': the parser can
    take the end of an opening phrase for a first subject of the verb; a comma between two
    subjects of one verb shows the first is not part of the subject, so the one after it is."""
    first = subjects[0]
    for later in subjects[1:]:
        between = first.doc[first.right_edge.i + 1 : later.left_edge.i]
        if any(t.text == "," for t in between) and not any(t.dep_ == "cc" for t in between):
            return later
    return first


def last_of_run(subject: Token, quotes: list[Quote]) -> Token:
    """'said Blaze co-host Stu Burguiere': the parser can break one noun phrase into several
    subjects of the same verb, side by side with no comma or conjunction between them; the
    phrase's head is the last of them."""
    node = subject
    while True:
        after = next(
            (
                t
                for t in node.head.children
                if t.dep_ in SUBJECT_DEPS
                and t.i > node.i
                and t.left_edge.i == node.right_edge.i + 1
                and t.pos_ != "PRON"
                and _good_subject(t, quotes)
            ),
            None,
        )
        if after is None or node.pos_ == "PRON":
            return node
        node = after


def across_abbreviation(subject: Token) -> Token:
    """'said Army Capt. Christian Pardo': the sentencer ended the sentence at a rank's
    abbreviation, so the subject is the rank. A short capitalised word and its full stop at a
    sentence's end, followed on the same line by capitalised words, continue into the name:
    the speaker is the last of those words. So does a rank the sentencer split off before its
    full stop ('said Air Force 1st Lt. Tyler Livingston'), when the name then ends the sentence."""
    doc = subject.doc
    i = subject.i
    rank = doc[i + 1] if i + 3 < len(doc) else None
    if (
        rank is not None
        and rank.is_sent_start
        and doc[i + 2].text == "."
        and "\n" not in subject.whitespace_
        and rank.is_alpha
        and rank.text[:1].isupper()
        and len(rank.text) <= 4
    ):
        # 'said Air Force 1st Lt. Tyler Livingston': the sentencer split before the rank instead
        i += 1
    if not (i + 2 < len(doc) and doc[i + 1].text == "." and doc[i + 2].is_sent_start or i > subject.i):
        return subject
    word = doc[i]
    if not (word.text[:1].isupper() and word.is_alpha and len(word.text) <= 4 and not word.text.isupper()):
        return subject
    end = i + 2
    while end < len(doc) and doc[end].is_alpha and doc[end].text[:1].isupper() and "\n" not in doc[end - 1].whitespace_:
        end += 1
    if i > subject.i and end < len(doc) and not (doc[end].is_punct or "\n" in doc[end - 1].whitespace_):
        return subject  # the split was a real one: 'said Smith. Mr. Jones added'
    return doc[end - 1] if end > i + 2 and doc[end - 1].pos_ == "PROPN" else subject


def subject_of(verb: Token, quotes: list[Quote]) -> tuple[Token | None, list[Token]]:
    """The verb's subject, climbing at most three heads outside quotes ('Xi was quoted as saying')."""
    node, path = verb, [verb]
    for _ in range(4):
        subjects = [
            c for c in node.children if c.dep_ in SUBJECT_DEPS and (_good_subject(c, quotes) or share_of_people(c, quotes))
        ]
        if subjects:
            return past_dateline(last_of_run(after_opening_phrase(subjects), quotes), node), path
        for clause in node.lefts:
            # 'Durbin, noting the size of the crowd, said': the parser can hang the subject on
            # the participle clause before the verb; a participle has no subject of its own.
            if clause.dep_ == "advcl" and clause.tag_ == "VBG":
                hung = [c for c in clause.lefts if c.dep_ in SUBJECT_DEPS and _good_subject(c, quotes)]
                if hung:
                    return hung[0], path
        for child in node.lefts:
            if child.tag_ == "MD" and child.text[:1].isupper() and not child.is_sent_start and node.tag_ in ("VBD", "VBZ", "VBN"):
                # '“…,” Will wrote': a modal takes a bare verb, so a capitalised 'modal' before a
                # past or present-tense verb inside a sentence is a name the tagger misread
                return child, path
        if node.tag_ in ("VBD", "VBZ", "VBP", "VBN"):
            # '“…,” Conway notes.': the small model often makes a name before a finite verb
            # its compound (or, 'Trump described', a noun-phrase adverbial) instead of its
            # subject; a past participle only when the name stands right before it.
            for child in node.lefts:
                if (
                    child.dep_ in ("compound", "npadvmod")
                    and child.pos_ == "PROPN"
                    and (node.tag_ != "VBN" or child.i == node.i - 1)
                    and (child.dep_ == "compound" or child.i == node.i - 1)
                    and _good_subject(child, quotes)
                ):
                    return child, path
        if node.dep_ == "relcl" and node.head.pos_ in ("NOUN", "PROPN"):
            return node.head, path  # 'officials who said' ('who' is skipped as its subject below)
        # 'rallied supporters by warning …': a participle after a preposition climbs through it.
        climbs = node.dep_ in CLIMB_DEPS or (node.dep_ == "prep" and node.pos_ == "ADP" and node.i != verb.i)
        if not climbs or node.head.i == node.i or not _outside_all(node.head, quotes):
            break
        node = node.head
        path.append(node)
        if node.dep_ == "ccomp" and is_cue(node.head) and _outside_all(node.head, quotes):
            # '“…,” Sanders said the process could be “messy,” adding …': the parser hung the
            # speech tag on the reported clause; its subject is what is reported, not who speaks.
            node = node.head
            path.append(node)
    return None, path


def issuer_of(thing: Token, quotes: list[Quote]) -> Token | None:
    """The subject of the verb whose object is `thing` (a statement, a message, signs),
    reached through of/to phrases ('an email to supporters')."""
    node = thing
    for _ in range(4):
        if node.dep_ in ("pobj", "prep", "dative") and node.head.i != node.i:
            node = node.head
            continue
        break
    if node.pos_ in ("VERB", "AUX") and thing.dep_ == "pobj" and thing.head.lower_ == "to" and thing.head.head.i == node.i:
        # 'blasted out an email to supporters saying “…”' with the participle hung on the
        # addressees: what is said to them is said by the verb's subject
        subject, _path = subject_of(node, quotes)
        return subject
    if node.dep_ != "dobj" or node.head.pos_ not in ("VERB", "AUX"):
        return None
    subject, _path = subject_of(node.head, quotes)
    return subject


def outside_brackets(subject: Token) -> Token:
    """'Sen. Elizabeth Warren (D-MA) said': a subject inside brackets is a gloss of the name
    before them."""
    doc = subject.doc
    i = subject.left_edge.i - 1
    if i > 0 and doc[i].text == "(":
        before = doc[i - 1]
        if before.pos_ in ("PROPN", "NOUN"):
            return before
    return subject


def agent_of(verb: Token) -> Token | None:
    """'…, was quoted by X' / 'as reported by X': the passive agent."""
    for child in verb.children:
        if child.dep_ == "agent":
            objects = [t for t in child.children if t.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


def is_passive_participle(verb: Token, quote: Quote) -> bool:
    """A past participle modifying a noun with the quote as its complement ('a play called
    “…”'). The parse also takes finite verbs for such participles; they give themselves away
    by an object of their own outside the quote ('one lawmaker called Trump “…”': a passive
    participle's object is its noun) or by a quote they do not govern ('Multiple outlets
    reported on Wednesday the Secret Service had “…”')."""
    if verb.dep_ != "acl" or verb.tag_ != "VBN":
        return False
    inside = range(quote.start_char, quote.end_char)
    governs_quote = any(token.idx in inside for token in verb.subtree)
    own_object = any(child.dep_ in OBJECT_DEPS and child.idx not in inside for child in verb.children)
    return governs_quote and not own_object


def by_phrase(participle: Token) -> Token | None:
    """The object of the first 'by' in a participle's phrase: its agent, wherever the parse hung it."""
    for token in participle.subtree:
        if token.lower_ == "by" and token.dep_ in ("agent", "prep"):
            objects = [t for t in token.children if t.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


NOMINAL_CHAIN_DEPS = frozenset({"pobj", "prep", "poss", "case", "compound", "amod"})


def preceding_subject(verb: Token, quotes: list[Quote]) -> Token | None:
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
    while token.head.i < verb.i and token.head.i != token.i:
        # A description in apposition leads to the person it describes ('Gene Sperling, a top
        # outside Clinton adviser, said' is Sperling, not 'a top'); a name in apposition is
        # kept, and so is a role the parser hung on a place ('…in Kursk, a spokesperson … said').
        describes = token.dep_ == "appos" and (
            (token.pos_ == "NOUN" and token.head.ent_type_ == "PERSON") or (token.pos_ == "NUM" and token.head.pos_ == "PROPN")
        )  # an age in apposition too: '“…,” Ramos, 58, told AFP'
        if token.dep_ in NOMINAL_CHAIN_DEPS or describes:
            token = token.head
        else:
            break
    if token.pos_ in ("NOUN", "PROPN", "PRON") and token.head.i < verb.i and _good_subject(token, quotes):
        return token
    return None


# The two plain verbs of reporting: a relative clause headed by one is a report of its own.
REPORT_LEMMAS = frozenset({"say", "add"})


def participle_subject(verb: Token, quotes: list[Quote]) -> Token | None:
    """'Flea shared the news last week, writing “…”': a participle after a comma takes the
    subject of the clause before it, however the parser attached it (here as the subject of
    the quote's first verb)."""
    doc = verb.doc
    if verb.tag_ != "VBG" or verb.i < 2 or doc[verb.i - 1].text != ",":
        return None
    for token in reversed(doc[verb.sent.start : verb.i - 1]):
        if token.pos_ in ("VERB", "AUX") and _outside_all(token, quotes):
            subjects = [c for c in token.children if c.dep_ in SUBJECT_DEPS and _good_subject(c, quotes)]
            if subjects:
                return subjects[0]
    return None


# Verbs whose object is the person addressed ('told Rolling Stone'), never the speaker.
ADDRESSEE_VERBS = frozenset("tell ask urge warn remind inform notify brief assure advise thank instruct".split())


def follows_quote(verb: Token, quote: Quote) -> bool:
    """Nothing but punctuation between the quote's end and the verb: a quotative inversion
    ('“How big is that wall?” asked the boy'), where the noun phrase after the verb is the
    speaker whatever the verb, even one whose object is otherwise the person addressed. Never
    across a paragraph break (a heading after a quote paragraph is no speech tag)."""
    between = verb.doc.char_span(quote.end_char, verb.idx, alignment_mode="expand") if verb.idx > quote.end_char else None
    return between is not None and all((t.is_punct or t.is_space) and "\n" not in t.text_with_ws for t in between)


def following_subject(verb: Token, quotes: list[Quote], inverted: bool = False) -> Token | None:
    """'“…,” said X.' where the parse made X an object: the name right after the verb, when
    the clause ends with it."""
    doc = verb.doc
    i = verb.i + 1
    if (verb.lemma_.lower() in ADDRESSEE_VERBS and not inverted) or i >= len(doc) or not _good_subject(doc[i], quotes):
        return None
    end = i

    def premodifier(k: int) -> bool:
        """A participle used as an adjective before a noun ('said ranking Democrat Elijah Cummings')."""
        return doc[k].tag_ in ("VBG", "VBN") and k + 1 < len(doc) and doc[k + 1].pos_ in ("PROPN", "NOUN")

    while (
        end + 1 < len(doc)
        and (doc[end + 1].pos_ in ("PROPN", "NOUN", "ADJ", "DET", "PART") or premodifier(end + 1))
        and end - i < 6
    ):
        end += 1  # 'said Bolton.', 'read the email.', 'said the Kremlin's spokesman.'
    after = doc[end + 1] if end + 1 < len(doc) else None
    # In an inversion the name may run on with a phrase or clause of its own ('“…,” wrote a
    # supporter who runs the account'); otherwise the clause must end with it ('said the email
    # was fake' is no inversion).
    runs_on = inverted and after is not None and after.i <= doc[end].right_edge.i
    if after is not None and not (after.is_punct or after.is_space or runs_on):
        return None
    if doc[end].pos_ not in ("PROPN", "NOUN") and not misread_name(doc[end]):
        return None
    return doc[end]


def misread_name(token: Token) -> bool:
    """'said Skelly,': a capitalised word inside a sentence that the tagger took for an adverb
    (by its '-ly' ending) is a name, as a capitalised 'modal' before a verb is ('Will wrote')."""
    return token.pos_ == "ADV" and _capitalised(token) and token.text[1:].islower()


def colon_introducer(doc: Doc, quote: Quote, quotes: list[Quote]) -> tuple[Token | None, Token | None]:
    """'Xinhua carried the statement: “…”': the subject and verb of the clause before a colon,
    in the same paragraph or ending the previous one."""
    before = _text(doc)[: quote.start_char].rstrip().rstrip(OPENERS + STRAIGHT + CLOSERS + SINGLE_OPENER).rstrip()
    # A dash introduces a whole quoted sentence as a colon does ('Trump also embraced the
    # technique -- "I think …"'); before a phrase it is an aside, not an introduction.
    if not (before.endswith(":") or (before.endswith(("—", "--", "–")) and quote.kind == QuoteKind.FULL)):
        return None, None
    span = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    if span is None or span[0].i == 0:
        return None, None
    sentence = doc[span[0].i - 1].sent
    label = [t for t in doc[sentence.start : span[0].i] if not t.is_space]
    # a free-standing dash: the hyphen of a party gloss ('(R-S.C.)') joins, it does not separate
    dashes = [k for k, t in enumerate(label) if t.text in ("-", "–", "—") and (t.whitespace_ or doc[t.i - 1].whitespace_)]
    if dashes:
        label = label[dashes[-1] + 1 :]  # 'HEADLINE - Michael P. McDonald: “…”': the label follows the dash
    if not before.endswith(":") and label and label[0].i == sentence.start and all(t.text.isupper() for t in label if t.is_alpha):
        return None, None  # a place in capitals opening the text before a dash is a dateline: 'NEW YORK — “…”'
    # A closed gloss ends the label after the name: 'Rep. Trey Gowdy (R-S.C.): “…”' is Gowdy.
    opening = max((k for k, t in enumerate(label) if t.text == "("), default=0)
    name = label[:opening] if opening > 0 and label[-1].text == ")" else label
    if (
        0 < len(name) <= 8
        and all(t.pos_ in ("PROPN", "NOUN", "DET", "PUNCT", "ADP", "ADJ", "CCONJ") for t in label)
        and name[-1].pos_ in ("PROPN", "NOUN")
        # a place or a time ('On CNN: “…”', 'In 1992: “…”') is not a label, but a source is: 'From the report: “…”'
        and (name[0].pos_ != "ADP" or name[0].lower_ == "from")
    ):
        # a transcript's or a list's speaker label: 'Clinton: “…”', 'Former secretary of state Hillary Clinton: “…”'
        head = name[-1]
        while head.dep_ == "conj" and head.head.i < head.i and head.head.i >= name[0].i:
            head = head.head  # co-authors are one label: 'Mark Blumenthal and Jon Cohen: “…”'
        return head, None
    verbs = [t for t in sentence if t.i < span[0].i and _outside_all(t, quotes)]
    commenting, comment_verb = commenting_subject(doc[sentence.start : span[0].i], quotes)
    if commenting is not None:
        return commenting, comment_verb  # 'As Breitbart News reported, the White House was refusing …: “…”'
    before_colon = {t.i for t in verbs}
    # the main verb of the text before the colon, when the parser ran the sentence on into the
    # quote ('Clinton has since apologized for what happened: “…”' is Clinton's, not 'what')
    clause_roots = [t for t in verbs if t.pos_ in ("VERB", "AUX") and (t.head.i == t.i or t.head.i not in before_colon)]
    ordered = (
        [t for t in reversed(verbs) if is_cue(t)]
        + [sentence.root]
        + clause_roots
        + [t for t in reversed(verbs) if t.pos_ in ("VERB", "AUX")]
        # whatever the tagger made of the word that has the subject ('Here’s Clinton in 1992:'
        # tags the contracted verb as a possessive ending): the clause's subject introduces the quote
        + [t for t in reversed(verbs) if any(c.dep_ in SUBJECT_DEPS for c in t.children)]
    )
    for verb in ordered:
        if not _outside_all(verb, quotes):
            continue
        subject, _ = subject_of(verb, quotes)
        if subject is not None:
            return subject, verb
    if sentence.root.pos_ in ("NOUN", "PROPN") and _outside_all(sentence.root, quotes):
        return sentence.root, None  # a verbless heading: 'Transcript as follows:', 'Partial transcript:'
    return None, None


def according_to(doc: Doc, quote: Quote, quotes: list[Quote]) -> Token | None:
    """'…, according to Chinese state media': the source, in the quote's sentence(s)."""
    span = _span(doc, quote)
    if span is None:
        return None
    sentence = doc[span[0].sent.start : span[-1].sent.end]
    for token in sentence:
        if (
            token.lower_ == "according"
            and token.i + 1 < len(doc)
            and doc[token.i + 1].lower_ == "to"
            and _outside_all(token, quotes)
        ):
            objects = [t for t in doc[token.i + 1].children if t.dep_ == "pobj"]
            if objects and _outside_all(objects[0], quotes):
                return objects[0]
    return None


def relaying_person(source: Token, mentions: list[Mention]) -> bool:
    """An 'according to' object that is a person: a name, a role noun ('a campaign aide',
    'officials with knowledge of the meeting') or a noun taken up by 'who' ('people who saw
    the letter'). Never a medium: an outlet, a body or a document ('the local newspaper',
    'Reuters', 'a statement', 'a transcript of the show')."""
    if named_person(source, mentions):
        return True
    if source.ent_type_ in ("ORG", "NORP", "GPE") or source.pos_ != "NOUN" or is_speech_noun(source):
        return False
    if source.lemma_.lower() in INFORMANT_NOUNS:
        return True
    return any(c.dep_ == "relcl" and any(w.lower_ == "who" for w in c.children) for c in source.children)


def named_person(token: Token, mentions: list[Mention]) -> bool:
    """The token names a person: the model's PERSON, or a person entity's mention."""
    if token.ent_type_ == "PERSON":
        return True
    mention = entity_of(token, mentions)
    return mention is not None and mention.type == "PERSON"


# Pronouns that stand for a person or a group of people as a clause's subject.
PEOPLE_PRONOUNS = frozenset({"he", "she", "i", "we", "they"})


def voice_like(token: Token) -> bool:
    """A subject that can voice quoted words: a noun phrase or a pronoun for people. Not
    'it', 'this' or 'there' ('It left the harbour “destroyed”'). Nouns are not filtered by
    animacy: without a lexicon the parse cannot tell 'the crowd chanted' from 'the storm
    left', and on the development set admitting every noun gained more than it lost."""
    return token.lower_ in PEOPLE_PRONOUNS or token.pos_ in ("PROPN", "NOUN")


def clause_subject(doc: Doc, quote: Quote, quotes: list[Quote]) -> tuple[Token | None, Token | None]:
    """A quote inside a clause with no reporting verb ('Bolton thought some of the buzz was
    “artificially nourished”', 'She applauded him for fighting “over and over again.”'):
    the nearest governing verb with a noun or people-pronoun subject voices it. Mixed quotes are
    attributed this way in news writing: the quoted words are the subject's."""
    span = _span(doc, quote)
    if span is None:
        return None, None
    node = span.root
    for _ in range(6):
        if node.head.i == node.i:
            break
        node = node.head
        if not _outside_all(node, quotes) or node.pos_ not in ("VERB", "AUX"):
            continue
        subject, path = subject_of(node, quotes)
        if subject is not None and voice_like(subject):
            return reporting_subject(path[-1], quotes) or (subject, path[-1])  # the verb that holds the subject is the cue
    return None, None


def owner_of_words(doc: Doc, quote: Quote, quotes: list[Quote]) -> tuple[Token | None, Token | None]:
    """'over her remark that “there’s a special place in hell …”', 'his warning that Britain would
    go to the “back of the queue”': a quote inside what a possessed noun of speech says is the
    possessor's words, whoever is the subject of the clause around it."""
    span = _span(doc, quote)
    if span is None:
        return None, None
    node = span.root
    for _ in range(6):
        if node.head.i == node.i:
            break
        node = node.head
        if node.pos_ == "NOUN" and is_speech_noun(node) and _outside_all(node, quotes):
            owners = [c for c in node.children if c.dep_ == "poss" and _outside_all(c, quotes)]
            return (owners[0], node) if owners else (None, None)
    return None, None


def reporting_subject(verb: Token, quotes: list[Quote]) -> tuple[Token, Token] | None:
    """'He then implied that scout leaders should be “…”': a clause that is the complement of a
    verb with a person for subject is that person's thought or speech, so the quoted words in it
    are theirs, not the complement's subject's."""
    node = verb
    while node.dep_ == "ccomp" and node.head.pos_ in ("VERB", "AUX") and _outside_all(node.head, quotes):
        node = node.head
    if node.i == verb.i:
        return None
    subject, path = subject_of(node, quotes)
    if subject is not None and (subject.lower_ in PEOPLE_PRONOUNS or subject.ent_type_ == "PERSON"):
        return subject, path[-1]
    return None


def comment_clause(doc: Doc, quote: Quote, quotes: list[Quote]) -> tuple[Token | None, Token | None]:
    """'As Vulture put it, “…”', 'as The Hill pointed out, “…”', 'As the band sang, “…”': an
    'as' clause before the quote in its sentence comments on what follows as someone's words."""
    span = _span(doc, quote)
    if span is None:
        return None, None
    return commenting_subject(doc[span[0].sent.start : span.start], quotes)


def commenting_subject(tokens: Span, quotes: list[Quote]) -> tuple[Token | None, Token | None]:
    """The subject and verb of an 'as' clause among the tokens whose verb takes no object but
    'it' ('As Vulture put it,', 'As Breitbart News reported,'), whatever the verb."""
    for verb in tokens:
        if (
            verb.tag_ not in ("VBD", "VBZ", "VBP")
            or not any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
            or not _outside_all(verb, quotes)
        ):
            continue
        if any(c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "acomp") and c.lower_ != "it" for c in verb.children):
            continue  # 'as the deal stands unclear', 'as they fight the tide': a clause of its own
        subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS and _good_subject(c, quotes)), None)
        if subject is not None and voice_like(subject):
            return subject, verb
    return None, None


NOUN_PHRASE_POS = frozenset({"PROPN", "NOUN", "DET", "ADJ", "NUM"})


def speech_tag_after(doc: Doc, quote: Quote, quotes: list[Quote]) -> tuple[Token | None, Token | None]:
    """'“Go back to Univision,” Trump barked': a quote ending in a comma, '!' or '?' is followed
    by its speech tag in news writing, whatever the verb; a noun phrase (or a pronoun) and a
    finite or past verb right after the closing mark are taken as speaker and cue."""
    if not quote.text.endswith((",", "!", "?")):
        return None, None
    span = doc.char_span(quote.start_char, quote.end_char, alignment_mode="expand")
    if span is None:
        return None, None
    i = span.end
    while i < len(doc) and doc[i].text in CLOSERS + STRAIGHT + SINGLE_CLOSER:
        i += 1
    if i >= len(doc) or "\n" in doc[i - 1].text_with_ws:
        return None, None
    if doc[i].tag_ in ("VBD", "VBZ") and _outside_all(doc[i], quotes):
        # Quotative inversion, whatever the verb: '“…,” reacted Trump.', '“…,” exhorted the actress.'
        inverted = following_subject(doc[i], quotes, inverted=True)
        return (inverted, doc[i]) if inverted is not None else (None, None)
    if doc[i].pos_ == "PRON" and doc[i].lower_ in PEOPLE_PRONOUNS:
        j = i + 1
    else:
        j = i
        # A capitalised word here is a name whatever the tagger made of it ('From said',
        # 'Will wrote': a surname read as a preposition or a modal).
        # Hyphens inside the phrase do not count as words ('the 43-year-old', 'a Clinton-era aide').
        while (
            j < len(doc)
            and j - i - sum(t.tag_ == "HYPH" for t in doc[i:j]) < 6
            and (doc[j].pos_ in NOUN_PHRASE_POS or _inside_name(doc[j]) or _capitalised(doc[j]) or in_compound_word(doc[j]))
        ):
            j += 1
        if j - i >= 2 and is_speech_word(doc[j - 1]) and (j >= len(doc) or doc[j].is_punct):
            j -= 1  # the tagger read the verb as a noun closing the phrase ('the email read.', 'the document states,')
        elif j > i and j < len(doc) and doc[j].text == ",":
            # 'Miller, a retired worker from a nuclear plant, said': an apposition between
            # commas, with no verb of its own, lies between the name and the verb.
            close = next((k for k in range(j + 1, min(j + 14, len(doc) - 1)) if doc[k].text == ","), None)
            if (
                close is not None
                and not any(t.pos_ in ("VERB", "AUX") and t.tag_ != "VBN" for t in doc[j + 1 : close])
                and (doc[close + 1].tag_ in ("VBD", "VBZ") or is_cue(doc[close + 1]))
            ):
                head, verb = doc[j - 1], doc[close + 1]
                return (head, verb) if _outside_all(verb, quotes) and _good_subject(head, quotes) else (None, None)
    if j == i or j >= len(doc) or not _outside_all(doc[j], quotes):
        return verb_read_as_noun(doc, i, quotes)
    if doc[j].tag_ not in ("VBD", "VBZ", "VBN", "VBP") and not (is_speech_word(doc[j]) and doc[j].pos_ == "NOUN"):
        return verb_read_as_noun(doc, i, quotes)
    subject = doc[j - 1]
    named = _capitalised(subject) and _outside_all(subject, quotes) and subject.ent_type_ not in NOT_SPEAKER_LABELS
    if not named and (
        subject.pos_ not in ("PROPN", "NOUN", "PRON") and not _is_age_noun(subject) or not _good_subject(subject, quotes)
    ):
        return None, None
    return subject, doc[j]


def in_compound_word(token: Token) -> bool:
    """A hyphen joining two words with no space ('43-year-old')."""
    return token.tag_ == "HYPH" and not token.whitespace_ and token.i > 0 and not token.doc[token.i - 1].whitespace_


def verb_read_as_noun(doc: Doc, start: int, quotes: list[Quote]) -> tuple[Token | None, Token | None]:
    """'“…,” the Saudis state in the white paper.' / '“…,” a voice-over in the ad states.': in
    the speech tag the tagger can read the verb as a noun, here inside a longer phrase; a word of
    the speech lexicon that ends the clause or is followed by a preposition, right after a noun,
    is the verb and that noun its subject."""
    for k in range(start + 1, min(start + 9, len(doc) - 1)):
        word, after, before = doc[k], doc[k + 1], doc[k - 1]
        if not (word.pos_ in NOUN_PHRASE_POS or word.pos_ == "ADP" or _inside_name(word)) or word.is_sent_start:
            return None, None
        if (
            word.pos_ == "NOUN"
            and is_speech_word(word)
            and (after.is_punct or after.pos_ == "ADP")
            and before.pos_ in ("NOUN", "PROPN")
            and _good_subject(before, quotes)
            and _outside_all(word, quotes)
        ):
            return before, word
    return None, None


def _inside_name(token: Token) -> bool:
    """A hyphen or an abbreviation's full stop ('Sen.'), not the stop that ends the sentence."""
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return token.text == "-" or (token.text == "." and following is not None and not following.is_sent_start)


def _capitalised(token: Token) -> bool:
    return token.is_alpha and token.text[:1].isupper() and not token.is_sent_start


def is_speech_word(token: Token) -> bool:
    """A word of the speech lexicon by its form, whatever part of speech the tagger gave it."""
    return token.lemma_.lower() in TAG_VERBS or token.lower_ in TAG_VERBS


def capital_heading(doc: Doc, quote: Quote) -> Speaker | None:
    """'HOW CHINA’S DECLINE AFFECTS THE WORLD “China’s slowdown is …”': a heading set in
    capitals that opens the quote's paragraph and runs up to its opening mark names the piece
    the excerpt comes from (a digest of other outlets' stories), so it is the excerpt's source.
    Capitals mark it as a heading: a sentence in running text has lower-case words."""
    text = _text(doc)
    start = text.rfind("\n", 0, quote.start_char) + 1
    heading = text[start : quote.start_char].strip().rstrip(OPENERS + STRAIGHT + SINGLE_OPENER).strip()
    words = [w for w in heading.split() if any(c.isalpha() for c in w)]
    if len(words) < 2 or heading != heading.upper() or heading.endswith(tuple(DASHES)):
        return None  # (a place before a dash is a dateline: 'NEW YORK — “…”')
    return Speaker(heading, None, None, None, "heading", start)


def attribution_line(doc: Doc, quote: Quote, quotes: list[Quote]) -> Token | None:
    """'“Boeing and GE … pay zero taxes.”' / '- Sanders.': a quotation that ends its paragraph,
    followed by a short paragraph that opens with a dash and a name, is signed by that name
    (the typographic convention of epigraphs and fact-check excerpts). The name is the noun
    phrase after the dash, up to a comma ('-President Obama, tweeting after the speech');
    the cue is the dash."""
    text = _text(doc)
    paragraph_end = text.find("\n\n", quote.end_char)
    if paragraph_end < 0 or text[quote.end_char : paragraph_end].strip(CLOSERS + STRAIGHT + SINGLE_CLOSER + ".,!? "):
        return None
    next_start = paragraph_end + 2
    next_end = text.find("\n\n", next_start)
    line = text[next_start : next_end if next_end >= 0 else len(text)]
    if line[:1] not in DASHES or any(mark in line for mark in OPENERS + STRAIGHT + SINGLE_OPENER):
        return None
    span = doc.char_span(next_start, next_start + len(line), alignment_mode="contract")
    if span is None or not 2 <= len(span) <= 20:
        return None
    name = None
    for token in span[1:]:
        if token.text in DASHES and name is None:
            continue  # '--' typed as two dashes
        if token.is_punct:
            break
        if token.pos_ not in ("PROPN", "NOUN", "ADJ", "DET"):
            return None
        name = token
    return name if name is not None and name.pos_ in ("PROPN", "NOUN") else None


def cue_text(doc: Doc, path: list[Token]) -> str:
    """The reporting verb, or the short phrase it closes ('quoted as saying')."""
    first, last = min(t.i for t in path), max(t.i for t in path)
    if last - first > 3:
        first = last = path[0].i
    if last + 2 < len(doc) and doc[last + 1].lower_ == "as" and doc[last + 2].lemma_ in SPEECH_VERBS:
        last += 2  # 'quoted as saying'
    return doc[first : last + 1].text


# Right-hand parts of a speaker's noun phrase that belong to how the speaker is named:
# appositions ('Brian Fallon, a spokesman for the Clinton campaign'), relative clauses
# ('Joe Bateman, who traveled from Illinois'), of/for/from/at/with/to phrases; a locative
# phrase ('Trump, in Kentucky') ends it. PolNeAR's source spans run the same way: cutting
# relative clauses cost 2 points of speaker accuracy on the development set.
SPEAKER_RIGHT_DEPS = frozenset({"appos", "relcl", "acl", "punct", "cc", "conj", "compound", "flat", "nummod", "amod"})
SPEAKER_PREPOSITIONS = frozenset({"of", "for", "from", "at", "with", "to"})
GROUP_PREPOSITIONS = frozenset({"in", "on", "inside", "within", "by"})
ROLE_DEPS = frozenset({"compound", "poss", "amod", "nmod"})
# Head nouns naming a person's role ('Putin's spokesman'): a different person, so not linked to the possessor.
ROLE_NOUN_HINTS = frozenset(
    "spokesman spokeswoman spokesperson aide adviser advisor lawyer attorney son daughter wife husband "
    "brother sister father mother friend member assistant secretary deputy counsel".split()
)
# Nouns that name a person by role rather than by name: the roles above, and the two words
# news writing uses for an unnamed informant ('a source close to the campaign', 'officials').
INFORMANT_NOUNS = ROLE_NOUN_HINTS | {"official", "source"}


def group_place(preposition: Token) -> bool:
    """A place phrase that says which people a common noun means ('Republicans on Capitol
    Hill', 'one operative inside Trump Tower'); after a name it is where they spoke, and a
    time ('on Monday') never identifies anyone."""
    objects = [t for t in preposition.children if t.dep_ == "pobj"]
    return (
        preposition.lower_ in GROUP_PREPOSITIONS
        and bool(objects)
        and not any(t.ent_type_ in ("DATE", "TIME") for t in objects[0].subtree)
    )


def common_noun_phrase(subject: Token) -> bool:
    """A common noun or an indefinite pronoun ('someone', 'others'): a place phrase after it
    says which people it means ('someone in the audience'); after a name or 'he' it does not."""
    return subject.pos_ == "NOUN" or (
        subject.pos_ == "PRON" and subject.lower_ not in PEOPLE_PRONOUNS | GROUP_PRONOUNS | RELATIVE_PRONOUNS
    )


def about_the_telling(clause: Token) -> bool:
    """A relative clause on the speaker that is about the telling, not the teller: a report of
    its own ('…, who said he left on good terms', '…, who added that …': a second attribution)
    or the terms of the attribution ('a strategist who spoke on the condition of anonymity',
    '…, who requested anonymity to speak freely'). PolNeAR's source spans stop before these,
    as they keep the relative clauses that say who the speaker is ('…, who works in retail')."""
    return clause.lemma_.lower() in REPORT_LEMMAS or any(t.lower_ == "anonymity" for t in clause.subtree)


def about_a_thing(clause: Token) -> bool:
    """A 'which' clause in the speaker phrase says what a thing did or is ('the statement, which
    was attributed to Miller', '… the National Federation of Independent Business, which
    represents …'), not who speaks; PolNeAR's source spans mostly stop before it."""
    return any(t.lower_ == "which" and t.i < clause.i for t in clause.children)


def speaker_span(subject: Token, quotes: list[Quote], verb: Token | None = None) -> Span:
    """The subject's noun phrase as written, with appositions, relative clauses and
    of/for/from phrases, cut before a locative phrase, any quote, the reporting clause
    ('Mr Kuleba, who in turn said …') and surrounding punctuation."""
    doc = subject.doc
    start, end = subject.left_edge.i, subject.i + 1
    while start > 0 and doc[start - 1].dep_ in SUBJECT_DEPS and doc[start - 1].head.i == subject.head.i != subject.i:
        start = doc[start - 1].left_edge.i  # the rest of a phrase broken into several subjects (`last_of_run`)
    for child in subject.rights:
        if child.is_space and "\n" not in child.text:
            continue  # a no-break space the parser hung on the name ('Cruz constituent\xa0Dan Golvach')
        if verb is not None and child.left_edge.i <= verb.i <= child.right_edge.i:
            break
        if child.dep_ == "acl" and child.tag_ == "VBG":
            break  # 'Another source speaking to Fox News', 'Others, reacting to …': what they did, not who
        if child.dep_ == "advmod" and any(c.dep_ == "appos" and c.i > child.i for c in subject.rights):
            continue  # 'Rev. Kyev Tatum, then senior pastor at …': the adverb dates the apposition after it
        if child.dep_ in SPEAKER_RIGHT_DEPS or (
            child.dep_ == "prep"
            and (child.lower_ in SPEAKER_PREPOSITIONS or (common_noun_phrase(subject) and group_place(child)))
        ):
            end = child.right_edge.i + 1
        else:
            break
    reports = [
        t.left_edge.i for t in doc[subject.i + 1 : end] if t.dep_ == "relcl" and (about_the_telling(t) or about_a_thing(t))
    ]
    if reports:
        end = min(end, *reports)
    for i in range(subject.i + 1, end):
        inside = [q for q in quotes if not _outside(doc[i], q)]
        if inside and all(is_title(q.text) and q.end_char <= doc[end - 1].idx + len(doc[end - 1]) for q in inside):
            continue  # a title in the apposition ('Steven Brill, author of “America’s Bitter Pill,” a history …')
        if inside or "\n" in doc[i].text:
            end = i
            break
        if doc[i].tag_ in ("VBD", "VBZ", "VBP") and not any(
            t.lower_ in RELATIVE_PRONOUNS | {"whose", "whom"} for t in doc[subject.i : i]
        ):
            end = i  # a finite verb outside a relative clause belongs to the sentence, not the name
            break
    for i in range(subject.i - 1, start - 1, -1):
        free_dash = doc[i].text in DASHES and bool(doc[i].whitespace_) and bool(doc[i - 1].whitespace_)
        if not _outside_all(doc[i], quotes) or "\n" in doc[i].text_with_ws or free_dash:
            start = i + 1  # (a free-standing dash ends a heading before the name: 'HEADLINE - Jon Cohen')
            break
    last = subject.sent.end - 1
    if (
        end <= last
        and doc[last].pos_ == "PROPN"
        and doc[last].dep_ == "punct"
        and doc[last].text.endswith(".")
        and all(t.is_punct or t.head.i == last for t in doc[end:last])
    ):
        # 'said Sen. Lindsey Graham, R-S.C.' / '…, a student from Fresno, Calif.': an
        # abbreviation ending the sentence swallows its full stop and the parser takes it for
        # the sentence's punctuation; it ends the name.
        end = last + 1
    while end - 1 > subject.i and (doc[end - 1].is_punct or doc[end - 1].dep_ == "cc"):
        if doc[end - 1].text == ")" and any(t.text == "(" for t in doc[start : end - 1]):
            break  # a closed gloss stays: 'Harry M. Reid (D-Nev.)'
        if doc[end - 1].text in (CLOSERS, STRAIGHT) and sum(t.text in (OPENERS, STRAIGHT) for t in doc[start : end - 1]) % 2:
            break  # so does a closed title: 'the co-author of “Going Viral,”'
        end -= 1
    while start < subject.i and doc[start].is_punct:
        start += 1
    return doc[start:end]


def mention_at(mentions: list[Mention], token: Token) -> Mention | None:
    for m in mentions:
        if m.start_char <= token.idx < m.end_char:
            return m
    return None


SPEAKER_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
BODY_PREFERENCE = {"ORG": 0, "GPE": 1, "NORP": 2}


def entity_of(subject: Token, mentions: list[Mention]) -> Mention | None:
    """The entity a speaker phrase names: the mention at its head, else for a role ('a Kremlin
    spokesman', 'China's foreign ministry spokesperson', 'a spokesperson for China's Foreign
    Ministry') the body named in the role's modifiers or its of/for/from/at phrase."""
    mention = mention_at(mentions, subject)
    if mention is not None and mention.type in SPEAKER_TYPES:
        return mention
    if subject.pos_ == "PROPN" or subject.lower_ in PERSONAL_PRONOUNS | GROUP_PRONOUNS:
        return None  # a name the model did not tag: no body stands in for a person
    for child in subject.children:
        # 'The president of the World Bank, Jim Yong Kim,': the apposition names who holds the
        # role; the body the role names still gives the side (the view's attribution side).
        if child.dep_ == "appos" and (named := mention_at(mentions, child)) is not None and named.type == "PERSON":
            return named
    role_parts = [c for c in subject.children if c.dep_ in ROLE_DEPS or (c.dep_ == "prep" and c.lower_ in SPEAKER_PREPOSITIONS)]
    tokens = [t for c in role_parts for t in c.subtree]
    inside = {id(m): m for t in tokens if (m := mention_at(mentions, t)) is not None and m.type in BODY_PREFERENCE}.values()
    if not inside:
        # 'The message from Putin', 'Putin's message': a person's words through a thing
        # (a person inside a role, 'a member of X's circle', is not the speaker).
        direct = [
            t
            for c in subject.children
            if c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "from")
            for t in ([c] if c.dep_ == "poss" else [x for x in c.children if x.dep_ == "pobj"])
        ]
        people = [m for t in direct if (m := mention_at(mentions, t)) is not None and m.type == "PERSON"]
        return people[0] if people and subject.pos_ == "NOUN" and subject.lower_ not in ROLE_NOUN_HINTS else None
    return min(inside, key=lambda m: (BODY_PREFERENCE[m.type], m.start_char))


@dataclass
class Speaker:
    text: str
    entity_id: str | None
    entity_type: str | None
    cue: str | None
    evidence: str
    offset: int


# The pronoun an honorific or a pronoun form stands for ('Mrs. Clinton' -> she, 'his' -> he).
HONORIFIC_PRONOUNS = {"mr": "he", "mr.": "he", "mrs": "she", "mrs.": "she", "ms": "she", "ms.": "she"}
GENDERED_PRONOUNS = {
    "he": "he",
    "him": "he",
    "his": "he",
    "himself": "he",
    "she": "she",
    "her": "she",
    "hers": "she",
    "herself": "she",
}


def person_genders(doc: Doc, mentions: list[Mention], entities: set[str]) -> dict[str, str]:
    """he/she of the article's persons, from the article itself: an honorific name a name
    ('Ms. Lopez'), or a sentence whose subject is the only person it names and whose later
    pronouns are all of one gender ('Lopez said her plan …' binds Lopez to she). No lists of
    first names: the evidence is how this article refers to the person. Only for the given
    entities, the candidates of one pronoun, to keep the cost to their sentences."""
    votes: dict[str, list[str]] = {}
    people = [m for m in mentions if m.type == "PERSON"]
    sentences: dict[int, Span] = {}  # the sentences these persons are named in
    for mention in people:
        if mention.entity_id not in entities:
            continue
        name = doc.char_span(mention.start_char, mention.end_char, alignment_mode="expand")
        words = [mention.text.split()[0].lower()] + ([doc[name.start - 1].lower_] if name is not None and name.start else [])
        votes.setdefault(mention.entity_id, []).extend(HONORIFIC_PRONOUNS[w] for w in words if w in HONORIFIC_PRONOUNS)
        if name is not None:
            sentences[name.sent.start] = name.sent
    for sentence in sentences.values():
        inside = [m for m in people if sentence.start_char <= m.start_char and m.end_char <= sentence.end_char]
        if len({m.entity_id for m in inside}) != 1 or not inside[0].is_subject:
            continue
        forms = {GENDERED_PRONOUNS[t.lower_] for t in sentence if t.idx >= inside[0].end_char and t.lower_ in GENDERED_PRONOUNS}
        if len(forms) == 1:
            votes.setdefault(inside[0].entity_id, []).extend(forms)
    return {
        entity: max(("he", "she"), key=forms.count) for entity, forms in votes.items() if forms.count("he") != forms.count("she")
    }


def resolve_pronoun(pronoun: str, offset: int, history: list[Speaker], mentions: list[Mention], doc: Doc) -> str | None:
    """Nearest preceding compatible named speaker, else named subject, before offset.

    he/she -> a person of that gender or of none known; they/we/it -> an organisation, place or group."""
    wanted = {"PERSON"} if pronoun in PERSONAL_PRONOUNS else {"ORG", "GPE", "NORP"}
    candidates = [(s.offset, s.entity_id) for s in history if s.entity_id and s.entity_type in wanted and s.offset < offset]
    candidates += [(m.start_char, m.entity_id) for m in mentions if m.type in wanted and m.is_subject and m.end_char <= offset]
    if not candidates:
        candidates = [(m.start_char, m.entity_id) for m in mentions if m.type in wanted and m.end_char <= offset]
    if pronoun in PERSONAL_PRONOUNS and candidates:
        genders = person_genders(doc, mentions, {entity for _, entity in candidates})
        candidates = [(at, entity) for at, entity in candidates if genders.get(entity, pronoun) == pronoun]
    return max(candidates)[1] if candidates else None


def find_speaker(doc: Doc, quote: Quote, quotes: list[Quote], mentions: list[Mention], history: list[Speaker]) -> Speaker | None:
    """Speaker of one quote from evidence in its own sentence (verb, according to, colon)."""
    subject: Token | None = None
    path: list[Token] | None = []
    evidence = ""  # always set below before a speaker is returned
    verb: Token | None = None
    for verb, linked in cue_verbs(doc, quote, quotes):
        subject, path = subject_of(verb, quotes)
        agent = agent_of(verb)
        # 'Sanders was asked by host Bill Maher, “…”', '… has been called “…” by Hendrick': in
        # the passive the one addressed or named is the subject and the speaker is the agent.
        # Not 'was quoted by state media': an outlet quoting relays the subject's words.
        addressed = subject is not None and subject.dep_ == "nsubjpass" and subject.head.i == verb.i
        if agent is not None and (subject is None or (addressed and verb.lemma_.lower() != "quote")):
            subject = agent
        if subject is None and is_passive_participle(path[-1], quote):
            # 'the tragedy — often labeled as a “witch hunt” by Democrats', 'a play called “…”':
            # the noun is what was called so, not who called it; the speaker is the 'by' phrase
            # (which the parse may hang on the quote), else this cue names nobody.
            subject = by_phrase(path[-1])
            if subject is None:
                continue
        if subject is None and path[-1].dep_ == "acl" and path[-1].head.pos_ in ("NOUN", "PROPN"):
            # 'a sign saying “…”', 'a statement reading “…”'; but the one who issued it
            # speaks: 'His office put out a statement saying …', 'sent a text to supporters saying'.
            subject = issuer_of(path[-1].head, quotes) or path[-1].head
        if subject is None and path[-1].dep_ not in ("acl", "amod"):
            subject = preceding_subject(path[-1], quotes)
        if subject is None and verb.idx < quote.start_char:
            subject = participle_subject(verb, quotes)  # (after the quote: '“…”, adding, “…”' is the next quote's)
        if subject is None:
            subject = following_subject(verb, quotes, inverted=follows_quote(verb, quote))
        if subject is not None:
            subject = outside_brackets(subject)
        if subject is not None:
            evidence = "verb" if linked else "verb-in-sentence"
            break
    source = according_to(doc, quote, quotes)
    if source is not None and (subject is None or (relaying_person(source, mentions) and source.i != subject.i)):
        # '“…,” Trump told donors, according to Lewandowski' or '…, according to a campaign
        # aide': the words reached the reporter through that person, who is the attribution's
        # source (PolNeAR's convention). An outlet or a report only relays them: '“…,” he
        # said, according to Russian state media' stays his.
        subject, path, evidence = source, None, "according-to"
    if subject is None:
        subject, verb = comment_clause(doc, quote, quotes)
        path, evidence = ([verb] if verb is not None else []), "as-clause"
    if subject is None:
        subject, verb = colon_introducer(doc, quote, quotes)
        path, evidence = ([verb] if verb is not None else []), "colon"
    if subject is None and (heading := capital_heading(doc, quote)) is not None:
        return heading  # before the clause rules: the parser reads a heading as a clause
    if subject is None:
        subject, verb = owner_of_words(doc, quote, quotes)
        path, evidence = ([verb] if verb is not None else []), "speech-noun"
    if subject is None:
        # Before the clause's subject: a speech tag right after the closing mark names who said
        # the words ('Many saw it as “the party of big government,” From said').
        subject, verb = speech_tag_after(doc, quote, quotes)
        path, evidence = ([verb] if verb is not None else []), "tag-after"
    if subject is None:
        subject, verb = clause_subject(doc, quote, quotes)
        path, evidence = ([verb] if verb is not None else []), "clause-subject"
    if subject is None and (name := attribution_line(doc, quote, quotes)) is not None:
        signed = speaker_from(name, speaker_span(name, quotes), "—", "attribution-line", quote.start_char, mentions, history)
        signed.text = signed.text.lstrip("".join(DASHES) + " ")  # the tokenizer can glue the dash on: '-President Obama'
        return signed
    if subject is None:
        return None
    cue = "according to" if path is None else (cue_text(doc, path) if path else ":")
    if subject.lower_ in ("that", "which") and subject.head.dep_ == "relcl" and subject.head.head.pos_ == "NOUN":
        # 'Sanders is releasing a new ad that urges voters to “send a message”': the ad's
        # maker speaks through it, as for 'put out a statement saying'.
        subject = issuer_of(subject.head.head, quotes) or subject
    subject = relative_voice(subject, quote) or subject
    if subject.lower_ in RELATIVE_PRONOUNS and subject.head.dep_ == "relcl":
        # 'Sanders, who says it's “disastrous”': the speaker as written is the relative
        # pronoun (like 'he'); the entity is its antecedent's.
        antecedent = subject.head.head
        mention = entity_of(antecedent, mentions)
        return Speaker(
            subject.text, mention.entity_id if mention else None, mention.type if mention else None, cue, evidence, antecedent.idx
        )
    span = speaker_span(subject, quotes, verb if path else None)
    if (name := across_abbreviation(subject)) is not subject and _outside_all(name, quotes):
        subject, span = name, doc[span.start : name.i + 1]
    return speaker_from(subject, span, cue, evidence, quote.start_char, mentions, history)


def relative_voice(subject: Token, quote: Quote) -> Token | None:
    """'Beck, who has in the past described Trump as “a sociopath,” clearly intended …': a quote
    inside a relative clause on the speaker is voiced by that clause, whose subject is the
    relative pronoun (written as the speaker, like 'he'; its entity is the antecedent's)."""
    for clause in subject.children:
        if clause.dep_ == "relcl" and clause.left_edge.idx < quote.start_char < clause.right_edge.idx:
            return next((w for w in clause.children if w.dep_ in SUBJECT_DEPS and w.lower_ in ("who", "which")), None)
    return None


# English suffixes that make a noun of a verb: state-ment, warn-ing, declar-ation, respon-se, deni-al.
NOMINAL_SUFFIXES = ("ation", "ition", "ment", "ing", "ion", "al", "se")
POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "their": "they", "its": "it", "our": "we"}


def is_speech_noun(token: Token) -> bool:
    """A noun naming an act of speech by its form: a lexicon verb used as a noun ('answer',
    'email', 'tweet') or derived from one ('statement', 'warning', 'response')."""
    lemma = token.lemma_.lower()
    if token.pos_ != "NOUN" or lemma in ROLE_NOUN_HINTS:
        return False
    if lemma in SPEECH_VERBS:
        return True
    stem = lemma[: -len(suffix)] if (suffix := next((x for x in NOMINAL_SUFFIXES if lemma.endswith(x)), "")) else ""
    return len(stem) >= 4 and any(verb.startswith(stem) and len(verb) - len(stem) <= 2 for verb in SPEECH_VERBS)


def author_of_speech_noun(subject: Token) -> Token | None:
    """'The campaign’s statement declares “…”', 'Rubio’s answer was that “…”': the words are
    the possessor's, so the possessor is the speaker (as PolNeAR marks it). A role with a
    possessor ('Putin’s spokesman', 'China’s foreign ministry') is a speaker of its own."""
    if not is_speech_noun(subject) or subject.ent_type_:
        return None
    return next((c for c in subject.children if c.dep_ == "poss"), None)


def speaker_from(
    subject: Token, span: Span, cue: str | None, evidence: str, offset: int, mentions: list[Mention], history: list[Speaker]
) -> Speaker:
    if (author := author_of_speech_noun(subject)) is not None:
        subject, span = author, subject.doc[author.left_edge.i : author.right_edge.i + 1]
    pronoun = POSSESSIVE_PRONOUNS.get(subject.lower_, subject.lower_)
    if pronoun in PERSONAL_PRONOUNS | GROUP_PRONOUNS and len(span) == 1:
        entity_id = resolve_pronoun(pronoun, offset, history, mentions, subject.doc)
        entity_type = "PERSON" if pronoun in PERSONAL_PRONOUNS else None
        return Speaker(span.text, entity_id, entity_type, cue, evidence, subject.idx)
    mention = entity_of(subject, mentions)
    return Speaker(
        span.text, mention.entity_id if mention else None, mention.type if mention else None, cue, evidence, subject.idx
    )


def previous_paragraph_subject(
    doc: Doc, quote: Quote, quotes: list[Quote], mentions: list[Mention], history: list[Speaker]
) -> Speaker | None:
    """A paragraph that is one quote with no cue: its speaker is the person the previous
    paragraph ends on as a grammatical subject ('Viguerie is upbeat … he sees Cruz as a
    uniter.' / '“Not only can Ted Cruz win …”'), a convention of news writing."""
    paragraph_start = _text(doc).rfind("\n\n", 0, quote.start_char)
    if paragraph_start <= 0:
        return None
    previous_start = _text(doc).rfind("\n\n", 0, paragraph_start) + 2 if "\n\n" in _text(doc)[:paragraph_start] else 0
    span = doc.char_span(previous_start, paragraph_start, alignment_mode="contract")
    if span is None or len(span) == 0:
        return None
    last_sentence = span[-1].sent
    subjects = [
        t for t in last_sentence if t.dep_ in SUBJECT_DEPS and _good_subject(t, quotes) and t.head.dep_ in ("ROOT", "conj")
    ]
    for subject in subjects:
        mention = mention_at(mentions, subject)
        if subject.lower_ in PERSONAL_PRONOUNS or (mention is not None and mention.type == "PERSON"):
            return speaker_from(
                subject, speaker_span(subject, quotes), None, "previous-paragraph-subject", quote.start_char, mentions, history
            )
    return None


def previous_sentence_cue(
    doc: Doc, quote: Quote, quotes: list[Quote], mentions: list[Mention], history: list[Speaker], across_paragraph: bool = False
) -> Speaker | None:
    """A sentence that is one quote with no cue, right after a sentence of reported speech in
    the same paragraph ('Bystrom agreed. “Mainstream Republicans are running out of time …”',
    'Perez says too many women are torn by guilt. “They feel like a bad mom.”'): news writing
    paraphrases, then gives the speaker's own words, so the paraphrase's speaker says them.
    Only a named voice (a person's pronoun, a name, a body) is carried. With
    `across_paragraph`, the sentence may end the previous paragraph (for a quote paragraph)."""
    span = _span(doc, quote)
    if span is None:
        return None
    sentence = span[0].sent
    if any(not (t.is_punct or t.is_space) for t in doc[sentence.start : span.start]) or sentence.start == 0:
        return None
    previous = doc[sentence.start - 1].sent
    if "\n" in doc[previous.start : sentence.start].text and not across_paragraph:
        return None
    cues = [t for t in previous if is_cue(t) and _outside_all(t, quotes)]
    cues.sort(key=lambda t: sum(1 for _ in t.ancestors))  # the outermost report first
    for verb in cues:
        subject, _path = subject_of(verb, quotes)
        if subject is not None and voice_named(subject):
            return speaker_from(
                subject, speaker_span(subject, quotes, verb), verb.text, "previous-sentence", quote.start_char, mentions, history
            )
    return None


def is_modifier_phrase(doc: Doc, quote: Quote) -> bool:
    """A short quoted phrase used as a modifier inside a noun phrase ('a “no limits” partnership')."""
    span = _span(doc, quote)
    if span is None or quote.word_count > 4:
        return False
    root = span.root
    return root.dep_ in MODIFIER_DEPS and not (span.start <= root.head.i < span.end) and root.head.pos_ in ("NOUN", "PROPN")


def in_reported_words(doc: Doc, quote: Quote) -> bool:
    """A quoted modifier sits in what a speech verb reports, not in a thing the verb acts on: in the
    clause it reports ('Clinton said this was a “new” expectation') or in the name it gives ('what he
    calls the “immoral” lie', 'described it as the “brilliant” decision'). Not the verb's own subject
    or object ('the leaders praised their “no limits” friendship', 'posted the “Perception” syllabus'):
    there the marks flag a label the writer borrows, whoever coined it."""
    span = _span(doc, quote)
    assert span is not None  # is_modifier_phrase has returned False when it is None
    node = span.root.head  # the noun the quoted words modify
    while node.head.i != node.i and node.head.pos_ not in ("VERB", "AUX"):
        node = node.head
    verb = node.head
    if node.dep_ == "oprd" or (node.dep_ == "prep" and node.lower_ == "as"):
        return is_cue(verb)
    # Up from clause to clause only: a relative clause or a noun on the way means the writer is
    # describing something inside the report ('Xi said China would end the war, which has tested
    # Moscow's “no limits” partnership').
    while verb.dep_ in ("ccomp", "xcomp", "conj") and verb.head.pos_ in ("VERB", "AUX"):
        if is_cue(verb.head) and verb.dep_ != "conj":
            return True
        verb = verb.head
    return False


def is_title(text: str) -> bool:
    """Capitalised like a name or a title ('Saturday Night Live', 'Person of the Year'):
    every word capitalised except small function words, and no sentence punctuation."""
    text = text.rstrip(".,")  # US style puts the sentence's comma or full stop inside the marks
    words = text.replace(": ", " ").split()  # a subtitle after a colon ('13 Hours: The Secret Soldiers of Benghazi')
    if len(words) < 2 or any(c in text for c in "?!.;"):
        return False
    capitalised = [w[:1].isupper() or w[:1].isdigit() for w in words]
    return capitalised[0] and all(c or w.lower() in _SMALL_WORDS for c, w in zip(capitalised, words, strict=True))


def possessed(doc: Doc, quote: Quote) -> bool:
    """A possessive right before the opening mark ('NBC's “Today”', 'Fox News's “Hannity,”'): the
    quoted words are a thing someone owns, a show or a work, not words someone speaks."""
    before = _text(doc)[max(0, quote.start_char - 20) : quote.start_char - 1]  # up to the opening mark
    return re.search(r"\w['’]s\s*$", before) is not None


def not_speech_kind(doc: Doc, quote: Quote, speaker: Speaker | None) -> str | None:
    """The not-speech kind of a quote, or None when it is speech (see the module docstring)."""
    if _text(doc)[quote.start_char - 2 : quote.start_char - 1] == "=":
        return QuoteKind.MARKUP
    if quote.continues is not None:
        return None
    span = _span(doc, quote)
    # A comma inside the marks may close a speech tag's quote ('“Law and Order,” he said') or be
    # the sentence's own comma, US style ('Friday on CNN's “New Day,” she said'): the object of
    # a preposition is a name in the sentence, not words the verb introduces.
    introduces = speaker is not None and (
        speaker.evidence == "colon"
        or (
            speaker.evidence == "verb"
            and quote.text.endswith(",")
            and not (span is not None and span.root.dep_ in ("pobj", "pcomp"))
        )
    )
    if is_title(quote.text) and possessed(doc, quote):
        return QuoteKind.TITLE  # owned like a programme or a work, even next to a cue ('on ABC's “This Week,” he said')
    if is_title(quote.text) and span is not None and span.root.pos_ in ("PROPN", "NOUN") and not introduces:
        return QuoteKind.TITLE  # a capitalised noun phrase: a name even next to a cue ('speaking to “CBS This Morning”')
    if quote.kind == QuoteKind.FULL:
        return None
    linked = speaker is not None and speaker.evidence in ("verb", "according-to", "colon")
    if is_modifier_phrase(doc, quote) and not (
        speaker is not None and speaker.evidence == "verb" and in_reported_words(doc, quote)
    ):
        return QuoteKind.SCARE
    if linked:
        return None
    if is_title(quote.text):
        return QuoteKind.TITLE  # capitalised like a name, whatever the parser made of it ('Meet the Press')
    if quote.word_count <= 3 and not quote.text[:1].isupper():
        return QuoteKind.SCARE
    if quote.word_count <= 2 and not re.search(r"[.!?…]$", quote.text):
        return QuoteKind.TITLE  # one or two capitalised words with no cue: a name ('“Lilyhammer” follows …')
    return None


def attribute_all(doc: Doc, quotes: list[Quote], mentions: list[Mention]) -> list[Quote]:
    history: list[Speaker] = []
    last_in_paragraph: dict[int, Quote] = {}
    for quote in quotes:
        speaker = None
        if quote.continues is None:
            speaker = find_speaker(doc, quote, quotes, mentions, history)
        kind = not_speech_kind(doc, quote, speaker)
        if kind is not None:
            quote.kind = kind
            continue
        source = None
        if speaker is None:
            previous = last_in_paragraph.get(quote.paragraph_index)
            before = last_in_paragraph.get(quote.paragraph_index - 1)
            if quote.continues is not None:
                source, quote.evidence = quote.continues, "continues"
            elif previous is not None and previous.speaker_text:
                source, quote.evidence = previous, "same-paragraph"
            elif quote.opens_paragraph and before is not None and before.speaker_text and quote.kind == QuoteKind.FULL:
                source, quote.evidence = before, "previous-paragraph"
            elif quote.opens_paragraph and before is None and quote.kind == QuoteKind.FULL:
                speaker = previous_paragraph_subject(doc, quote, quotes, mentions, history) or previous_sentence_cue(
                    doc, quote, quotes, mentions, history, across_paragraph=True
                )
            elif quote.kind == QuoteKind.FULL and previous is None:
                speaker = previous_sentence_cue(doc, quote, quotes, mentions, history)
        if source is not None:
            quote.speaker_entity_id, quote.speaker_text, quote.cue = source.speaker_entity_id, source.speaker_text, source.cue
        elif speaker is not None:
            quote.speaker_entity_id, quote.speaker_text, quote.cue, quote.evidence = (
                speaker.entity_id,
                speaker.text,
                speaker.cue,
                speaker.evidence,
            )
            history.append(speaker)
        last_in_paragraph[quote.paragraph_index] = quote
    return quotes


def extract_quotes(doc: Doc, mentions: list[Mention]) -> list[Quote]:
    return attribute_all(doc, find_quotes(_text(doc)), mentions)
