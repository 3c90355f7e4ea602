"""Quote attribution on the seeds and on sentences written here for each rule."""

import pytest

from sino_russian_news.pipeline.quotes import find_quotes, quote_kind

LONG_QUOTES = [
    ("000_21496d7d6b8b8c59", "It’s hoped that the relevant parties", "Q15031", "said"),
    ("001_72bc7103f3c47a61", "We are expecting you, dear Mr Chairman", "Q7747", "told"),
    ("001_72bc7103f3c47a61", "This will demonstrate to the whole world", "Q7747", "told"),
    ("001_72bc7103f3c47a61", "You and I share the same views", "Q7747", "told"),
    ("001_72bc7103f3c47a61", "The Chinese side has noted", "Q15031", "quoted as saying"),
    ("001_72bc7103f3c47a61", "Facts have repeatedly proved", "Q15031", "told"),
    ("001_72bc7103f3c47a61", "China is ready to work with Russia and all progressive forces", "Q15031", "told"),
    ("002_8c84d02b1110ab5b", "Russia reiterates efforts to resume peace talks", "xinhua", "carried"),
    ("003_4156b6fe17ca2892", "I really want to believe", "Q3874799", "said"),
    ("003_4156b6fe17ca2892", "I don’t think China has reached the moment", "dmytro-kuleba", "said"),
    ("003_4156b6fe17ca2892", "that China and Russia are very close", "dmytro-kuleba", "said"),
    ("003_4156b6fe17ca2892", "And I think this is the message", "dmytro-kuleba", "said"),
    ("004_6f773ce998831c97", "That is why it is important", "mikhail-mishustin", "said"),
    ("004_6f773ce998831c97", "in-depth exchange of views", "china-foreign-ministry", "said"),
]


@pytest.mark.parametrize("article_id, start, speaker, cue", LONG_QUOTES)
def test_long_quotes_attributed_on_the_seeds(db, article_id, start, speaker, cue):
    rows = list(db.query("select * from quotes where article_id = ? and text like ?", [article_id, start + "%"]))
    assert len(rows) == 1
    assert (rows[0]["speaker_entity_id"], rows[0]["cue"]) == (speaker, cue)


def test_quote_running_on_into_the_next_paragraph(db):
    first, second = db.query(
        "select * from quotes where article_id = '003_4156b6fe17ca2892' and speaker_entity_id = 'dmytro-kuleba' and paragraph_index in (20, 21) order by start_char"
    )
    assert second["continues_quote_id"] == first["quote_id"]
    assert second["paragraph_index"] == first["paragraph_index"] + 1


@pytest.mark.parametrize(
    "article_id, text",
    [("000_21496d7d6b8b8c59", "no limits"), ("001_72bc7103f3c47a61", "no limits"), ("001_72bc7103f3c47a61", "unfriendly")],
)
def test_scare_quotes_are_not_speech(db, article_id, text):
    row = next(db.query("select * from quotes where article_id = ? and text = ?", [article_id, text]))
    assert (row["kind"], row["speaker_entity_id"], row["speaker_text"]) == ("scare", None, None)


def test_unnamed_speakers_keep_their_attribution(db):
    rows = {
        r["speaker_text"]: r["speaker_entity_id"]
        for r in db.query("select distinct speaker_text, speaker_entity_id from quotes where speaker_text is not null")
    }
    assert rows["A foreign ministry spokeswoman"] is None  # no body named in the role
    assert rows["the two officials"] is None


def test_roles_count_for_the_body_they_speak_for(db):
    rows = {
        r["speaker_text"]: r["speaker_entity_id"]
        for r in db.query("select distinct speaker_text, speaker_entity_id from quotes where speaker_text is not null")
    }
    assert rows["a spokesperson for China’s Foreign Ministry"] == "china-foreign-ministry"
    assert rows["The US National Security Council’s spokesman"] == "Q30"
    side = next(
        db.query(
            "select e.side from quotes q join entities e on e.entity_id = q.speaker_entity_id where q.speaker_text = 'a spokesperson for China’s Foreign Ministry'"
        )
    )
    assert side["side"] == "china"


def test_the_kremlin_speaks(db):
    row = next(db.query("select * from quotes where text = 'comprehensive partnership and strategic co-operation'"))
    assert (row["speaker_entity_id"], row["cue"], row["kind"]) == ("russian-presidency", "said", "partial")


# Each attribution rule on sentences written for it.
def test_rule_speaker_after_quote(attribute):
    assert attribute("“We will never accept this,” Putin said.") == [
        ("We will never accept this,", "Q7747", "Putin", "said", "full")
    ]


def test_rule_speaker_before_colon_with_straight_quotes(attribute):
    assert attribute('Xi told reporters in Beijing: "China stands ready to help end the fighting."') == [
        ("China stands ready to help end the fighting.", "Q15031", "Xi", "told", "full")
    ]


def test_rule_quoted_as_saying(attribute):
    [(_, speaker, _, cue, _)] = attribute(
        "“Our ties are strong and growing stronger,” Medvedev was quoted as saying by state media."
    )
    assert (speaker, cue) == ("Q23530", "quoted as saying")


def test_rule_pronoun_resolves_to_last_named_subject(attribute):
    text = "Dmytro Kuleba met Xi Jinping in Kyiv. “We want peace, but not at any price,” he said."
    [(_, speaker, speaker_text, _, _)] = attribute(text)
    assert (speaker, speaker_text) == ("dmytro-kuleba", "he")


def test_rule_partial_quote_inside_reported_speech(attribute):
    [(text, speaker, _, cue, kind)] = attribute("Mr Kuleba said the visit was “a message to the world” about the alliance.")
    assert (text, speaker, cue, kind) == ("a message to the world", "dmytro-kuleba", "said", "partial")


def test_rule_plural_unnamed_speakers(attribute):
    [(_, speaker, speaker_text, cue, _)] = attribute("“The West must stop interfering in our affairs,” the two officials said.")
    assert (speaker, speaker_text, cue) == (None, "the two officials", "said")


def test_rule_quote_paragraph_continues_previous_speaker(attribute):
    text = "“We are ready to talk,” Zelensky said on Monday.\n\n“But we will not give up our land, not one metre of it, to anyone who invades.”"
    assert [q[1] for q in attribute(text)] == ["Q3874799", "Q3874799"]


def test_rule_scare_quote_modifier(attribute):
    assert attribute("The two leaders praised their “no limits” friendship at the summit.") == [
        ("no limits", None, None, None, "scare")
    ]


def test_rule_quoted_modifier_in_reported_words_is_speech(attribute):
    in_reported_clause = attribute("The governor said the state would fix its “broken” tax system.")
    assert in_reported_clause == [("broken", None, "The governor", "said", "partial")]
    in_given_name = attribute("The mayor called the plan a “reckless” gamble.")
    assert in_given_name == [("reckless", None, "The mayor", "called", "partial")]
    in_as_name = attribute("The mayor described the vote as a “historic” moment for the city.")
    assert in_as_name == [("historic", None, "The mayor", "described", "partial")]


def test_rule_quoted_modifier_the_writer_borrows_stays_scare(attribute):
    in_relative_clause = attribute(
        "The senator said the talks would end the dispute, which has tested the “special” relationship."
    )
    assert in_relative_clause == [("special", None, None, None, "scare")]
    in_object_of_the_cue = attribute("The singer posted the “Perception” syllabus on her page.")
    assert in_object_of_the_cue == [("Perception", None, None, None, "scare")]


def test_rule_title_with_the_sentence_comma_inside_the_marks_is_a_title(attribute):
    on_a_show = attribute("In an interview on “Morning Report,” the senator said the plan would fail.")
    assert on_a_show == [("Morning Report,", None, None, None, "title")]
    tagged = attribute("“Law and Order,” the senator said.")
    assert tagged == [("Law and Order,", None, "the senator", "said", "partial")]


def test_rule_title_after_a_possessive_is_a_title(attribute):
    owned = attribute("The senator told the network’s “Weekend Report,” that the plan would fail.")
    assert owned == [("Weekend Report,", None, None, None, "title")]


def test_rule_a_title_with_a_subtitle_or_opening_on_a_number_is_a_title(attribute):
    film = attribute("The film, “13 Days: The Crisis on the Border,” is based on a book co-written by two former envoys.")
    assert film == [("13 Days: The Crisis on the Border,", None, None, None, "title")]
    book = attribute("His new book, “Crippled Russia: How to Make Moscow Great Again,” came out in May.")
    assert book == [("Crippled Russia: How to Make Moscow Great Again,", None, None, None, "title")]
    # a sentence after a colon is speech: it does not capitalise every word
    [(_, _, speaker, _, kind)] = attribute("Lavrov said: “Talks: we are ready for them at any time.”")
    assert (speaker, kind) == ("Lavrov", "full")


def test_rule_according_to(attribute):
    [(_, _, speaker_text, cue, _)] = attribute("The talks were “frank and constructive,” according to Chinese state media.")
    assert (speaker_text, cue) == ("Chinese state media", "according to")


def test_rule_according_to_a_named_person_is_the_source_an_outlet_is_not(attribute):
    relayed = attribute("“We will win this state easily,” the governor told donors, according to Maria Lopez.")
    assert [(q[2], q[3]) for q in relayed] == [("Maria Lopez", "according to")]
    carried = attribute("“We will win this state easily,” the governor told donors, according to the local newspaper.")
    assert [(q[2], q[3]) for q in carried] == [("the governor", "told")]


def test_rule_according_to_a_person_named_by_role_is_the_source_a_document_is_not(attribute):
    by_role = attribute("“We will win this state easily,” the governor told donors, according to two campaign officials.")
    assert [(q[2], q[3]) for q in by_role] == [("two campaign officials", "according to")]
    by_who = attribute("“We will win this state easily,” the governor told donors, according to people who attended.")
    assert [(q[2], q[3]) for q in by_who] == [("people who attended", "according to")]
    document = attribute("“We will win this state easily,” the governor told donors, according to a transcript of the event.")
    assert [(q[2], q[3]) for q in document] == [("the governor", "told")]


def test_rule_a_place_phrase_says_which_people_a_noun_means_but_not_a_time_or_a_name(attribute):
    assert [(q[2], q[3]) for q in attribute("Officials in the capital said the talks were “a waste of time.”")] == [
        ("Officials in the capital", "said")
    ]
    assert [(q[2], q[3]) for q in attribute("The campaign on Monday called the plan “a waste of time.”")] == [
        ("The campaign", "called")
    ]
    assert [(q[2], q[3]) for q in attribute("“The border is closed,” Kuleba in Kyiv told reporters.")] == [("Kuleba", "told")]


def test_rule_a_dateline_before_a_dash_is_not_a_speaker(attribute):
    assert [(q[2], q[3]) for q in attribute("NEW YORK — “The slowdown is real and it is deep.” The markets fell.")] == [
        (None, None)
    ]
    assert [(q[2], q[3]) for q in attribute("Clinton — “We are stronger together.”")] == [("Clinton", ":")]


def test_find_quotes_handles_open_and_straight_marks():
    quotes = find_quotes('He said "one thing" and “another.\n\n“Then a third.”')
    assert [(q.text, q.paragraph_index, q.open_ended) for q in quotes] == [
        ("one thing", 0, False),
        ("another.", 0, True),
        ("Then a third.", 1, False),
    ]
    assert quotes[2].continues is quotes[1]


def test_quote_kind():
    assert quote_kind("no limits") == "partial"
    assert quote_kind("This will demonstrate the strength of our ties.") == "full"
    assert quote_kind("that China and Russia are very close, close enough for the Chinese leader to visit") == "full"


# Marks typed the wrong way round or left unpaired (quotation.quote_spans).
def test_backwards_and_unpaired_marks_keep_pairing():
    from sino_russian_news.pipeline.quotation import quote_spans

    def texts(paragraph):
        return [(paragraph[s:e], open_ended) for s, e, open_ended in quote_spans(paragraph)]

    assert texts("He called it ”a disgrace“ and left.") == [("a disgrace", False)]
    assert texts("A stray” mark, then “a real quote” here.") == [("a real quote", False)]
    assert texts("She said “we will go, and then “maybe” not.") == [("we will go, and then “maybe", False)]
    assert texts('<tweet id="123" author="@x">text</tweet>') == [("123", False), ("@x", False)]
    assert texts("“It runs on") == [("It runs on", True)]


def test_rule_markup_titles_and_scare_quotes_are_not_speech(attribute):
    found = attribute(
        '<tweet id="77" author="@cspan">Rudy speaks</tweet>. He appeared on “Meet the Press” on Sunday. '
        "The plan was a “disaster” for them."
    )
    assert [(text, kind) for text, _, _, _, kind in found] == [
        ("77", "markup"),
        ("@cspan", "markup"),
        ("Meet the Press", "title"),
        ("disaster", "scare"),
    ]


def test_rule_title_next_to_a_cue_is_still_a_title(attribute):
    [(text, speaker, _, _, kind)] = attribute(
        "Speaking to “CBS This Morning” on Monday, Rubio refrained from attacking his rivals."
    )
    assert (text, speaker, kind) == ("CBS This Morning", None, "title")


def test_rule_speaker_after_the_verb(attribute):
    [(_, speaker, speaker_text, cue, _)] = attribute("“We will not be intimidated by anyone,” said Dmytro Kuleba.")
    assert (speaker, speaker_text, cue) == ("dmytro-kuleba", "Dmytro Kuleba", "said")


def test_rule_reporting_verb_after_a_multi_sentence_quote(attribute):
    text = "Putin met Xi in Moscow. “We stand together. Nobody will divide us!” he wrote on Tuesday."
    [(_, speaker, speaker_text, cue, _)] = attribute(text)
    assert (speaker, speaker_text, cue) == ("Q7747", "he", "wrote")


def test_rule_colon_at_the_end_of_the_previous_paragraph(attribute):
    text = "Xinhua published the statement in full:\n\n“Both sides oppose any unilateral sanctions.”"
    [(_, speaker, speaker_text, _, _)] = attribute(text)
    assert (speaker, speaker_text) == ("xinhua", "Xinhua")


def test_rule_second_quote_in_a_paragraph_keeps_the_speaker(attribute):
    text = "“We have pieces in place,” Zelensky added. “But we need more air defence before winter comes.”"
    assert [q[1] for q in attribute(text)] == ["Q3874799", "Q3874799"]


def test_rule_pronoun_resolves_to_a_compatible_speaker(attribute):
    text = "China’s Foreign Ministry spoke after Putin arrived. “We oppose sanctions,” it said."
    [(_, speaker, speaker_text, _, _)] = attribute(text)
    assert (speaker, speaker_text) == ("china-foreign-ministry", "it")


def test_rule_role_speaker_counts_for_its_body(attribute):
    [(_, speaker, speaker_text, _, _)] = attribute("“The talks were useful,” a Kremlin spokesman told reporters.")
    assert (speaker, speaker_text) == ("russian-presidency", "a Kremlin spokesman")


def test_rule_time_expression_is_never_the_speaker(attribute):
    [(_, _, speaker_text, _, _)] = attribute("On Tuesday, Kuleba said the meeting was “a step toward peace” for Ukraine.")
    assert speaker_text == "Kuleba"


def test_rule_parenthetical_cue_inside_the_sentence(attribute):
    [(text, speaker, _, cue, kind)] = attribute("There was, Mishustin said, “an implicit bargain.”")
    assert (text, speaker, cue, kind) == ("an implicit bargain.", "mikhail-mishustin", "said", "partial")


def test_rule_relative_pronoun_speaker_as_written_with_the_antecedent_entity(attribute):
    text = "Trump attacked Bernie Sanders, who says the deal is “a disaster for American workers and their families.”"
    [(_, entity, speaker, cue, _)] = attribute(text)
    assert (entity, speaker, cue) == ("person-bernie-sanders", "who", "says")


def test_rule_speech_tag_only_verb_right_before_the_quote(attribute):
    text = "Beck spoke for an hour.\n\nHe continued, “There will be maybe 10 to 15 percent of the population that will just become virulent.”"
    [(_, _, speaker, cue, kind)] = attribute(text)
    assert (speaker, cue, kind) == ("He", "continued", "full")


def test_rule_speech_tag_after_a_comma_quote_even_when_the_parser_starts_a_new_sentence(attribute):
    text = (
        '"There was a previous generation of women who rose through the ranks, we are working really hard at being moms '
        'and sisters and professionals," Trump told Vogue last year. "There was a previous generation."'
    )
    assert [(speaker, cue) for _, _, speaker, cue, _ in attribute(text)] == [("Trump", "told"), ("Trump", "told")]


def test_rule_mixed_quote_without_a_reporting_verb_belongs_to_the_clause_subject(attribute):
    text = "Senator Jane Holloway applauded the governor for defending farmers “over and over again, against all odds.”"
    [(_, _, speaker, cue, kind)] = attribute(text)
    assert (speaker, cue, kind) == ("Senator Jane Holloway", "applauded", "partial")


def test_rule_an_impersonal_clause_subject_is_not_a_speaker(attribute):
    text = "It left the harbour “completely destroyed, with nothing standing at all.”"
    [(_, _, speaker, _, _)] = attribute(text)
    assert speaker is None


def test_rule_speech_tag_hung_on_the_reported_clause_speaks_for_the_reporter(attribute):
    text = (
        "On Saturday, Sanders said the process of crafting the party’s platform could be “messy,” adding, “Democracy is messy.”"
    )
    assert [speaker for _, _, speaker, _, _ in attribute(text)] == ["Sanders", "Sanders"]


def test_rule_whoever_issues_a_statement_speaks_through_it(attribute):
    text = "His office put out a statement saying the country “does not have the capacity to vet every refugee.”"
    [(_, _, speaker, cue, _)] = attribute(text)
    assert (speaker, cue) == ("His office", "saying")


def test_rule_a_participle_after_a_preposition_takes_the_main_subject(attribute):
    text = "In March, Netanyahu rallied supporters by warning darkly that “the rule of the right is in danger.”"
    [(_, entity, speaker, _, _)] = attribute(text)
    assert speaker == "Netanyahu"


def test_rule_a_cue_inside_reported_speech_yields_to_the_reporting_verb(attribute):
    text = "At one point, Trump said Fox executives were calling him “every 15 minutes, day and night.”"
    [(_, _, speaker, cue, _)] = attribute(text)
    assert (speaker, cue) == ("Trump", "said")


def test_rule_a_present_participle_after_the_speaker_is_not_part_of_the_name(attribute):
    text = "“They knew it all along,” said another intelligence source speaking to Fox News on Tuesday."
    [(_, _, speaker, _, _)] = attribute(text)
    assert speaker == "another intelligence source"


def test_rule_a_group_noun_voices_a_chant(attribute):
    text = "The crowd chanted back at him, “Send them home, all of them, right now.”"
    [(_, _, speaker, cue, _)] = attribute(text)
    assert (speaker, cue) == ("The crowd", "chanted")


def test_rule_any_verb_right_after_a_comma_or_question_quote_is_its_speech_tag(attribute):
    text = "The anchor kept asking.\n\n“Go back to Univision,” Trump barked and a security guard escorted Ramos out."
    [(_, _, speaker, cue, _)] = attribute(text)
    assert (speaker, cue) == ("Trump", "barked")


def test_rule_a_name_parsed_as_the_compound_of_its_verb_is_its_subject(attribute):
    text = '"Look at the statement Mr. Trump put out after the Dallas shootings," Conway notes. "It was very different."'
    assert [(speaker, cue) for _, _, speaker, cue, _ in attribute(text)] == [("Conway", "notes"), ("Conway", "notes")]


def test_rule_a_thing_that_says_speaks_for_whoever_released_it(attribute):
    text = "Bernie Sanders is releasing a new 30-second ad that urges voters in New York to “send a message” to Wall Street."
    [(_, _, speaker, _, _)] = attribute(text)
    assert speaker == "Bernie Sanders"


def test_rule_long_speaker_labels_and_headings_before_a_colon(attribute):
    text = (
        "Former secretary of state Hillary Rodham Clinton: “I take responsibility for what happened there.”\n\n"
        "TURNOUT IN IOWA WILL NOT RISE - Michael P. McDonald: “Turnout in the caucuses is always low and hard to predict.”"
    )
    assert [speaker for _, _, speaker, _, _ in attribute(text)] == [
        "Former secretary of state Hillary Rodham Clinton",
        "Michael P. McDonald",
    ]


def test_rule_an_age_used_as_a_noun_is_a_speaker(attribute):
    text = "“Donald is, and always has been, an amazing leader,” said the 46-year-old. “Now, he will go to work for you.”"
    assert [speaker for _, _, speaker, _, _ in attribute(text)] == ["the 46-year-old", "the 46-year-old"]


def test_rule_a_dateline_is_not_the_speaker(attribute):
    text = (
        "Talks.\n\nMOSCOW, Nov 3 (Reuters) - Russian Foreign Minister Sergei Lavrov said the talks were “productive.”\n\n"
        "LONDON (Reuters) - Donald Trump said he was unlikely to have a “good relationship” with David Cameron.\n\n"
        "Democratic presidential candidate Sen. Bernie Sanders (I-Vt.) said it was “a disgrace.”"
    )
    assert [speaker for _, _, speaker, _, _ in attribute(text)] == [
        "Russian Foreign Minister Sergei Lavrov",
        "Donald Trump",
        "Democratic presidential candidate Sen. Bernie Sanders (I-Vt.)",
    ]


def test_rule_a_name_broken_by_the_parser_or_the_sentencer_keeps_its_head(attribute):
    text = (
        "“It was bad,” said Blaze co-host Stu Burguiere.\n\n"
        "“We did it,” said Army Capt. Christian Pardo.\n\n"
        "“I’m tired,” said Sen. Bernie Sanders."
    )
    assert [speaker for _, _, speaker, _, _ in attribute(text)] == [
        "Blaze co-host Stu Burguiere",
        "Army Capt. Christian Pardo",
        "Sen. Bernie Sanders",
    ]


def test_rule_a_title_in_the_apposition_does_not_end_the_speaker(attribute):
    text = "Steven Brill, author of “America’s Bitter Pill,” a history of the Obamacare debate, said it was “a mess.”"
    quoted, _, speaker, _, _ = attribute(text)[-1]
    assert (quoted, speaker) == ("a mess.", "Steven Brill, author of “America’s Bitter Pill,” a history of the Obamacare debate")


# A cue inside what another cue reports gives way to the outer one when it is not asserted
# or its subject cannot speak (quotes.reports_speech).
def test_rule_unasserted_nested_cue_gives_way_to_the_outer_speaker(attribute):
    [(_, _, speaker_text, cue, _)] = attribute(
        "Senator Maria Lopez said on Monday that the new plan should stress “a fair deal for farmers.”"
    )
    assert (speaker_text, cue) == ("Senator Maria Lopez", "said")


def test_rule_nested_cue_yields_to_its_reporter_unless_an_organisation_relays_it(attribute):
    text = (
        "The agency said Senator Maria Lopez told reporters “the deal is done.”\n\n"
        "Chinese state broadcaster CCTV said Senator Maria Lopez told reporters “the deal is done.”\n\n"
        "Critics say Lopez had proposed to “dismantle” the health law.\n\n"
        "Prosecutors say that he told one agent, “I would do it again.”"
    )
    assert [speaker for _, _, speaker, _, _ in attribute(text)] == [
        "The agency",
        "Senator Maria Lopez",
        "Critics",
        "Prosecutors",
    ]


# A quote-only sentence right after reported speech in its paragraph (quotes.previous_sentence_cue).
def test_rule_quote_sentence_after_reported_speech(attribute):
    found = attribute(
        "Maria Lopez, the mayor of Springfield, says the new bridge will open next year. "
        "“We have waited for this bridge for a very long time.”"
    )
    assert [(speaker_text, cue) for _, _, speaker_text, cue, _ in found] == [("Maria Lopez, the mayor of Springfield", "says")]


def test_rule_no_carry_from_a_sentence_without_a_cue(attribute):
    found = attribute("The mayor of Springfield opened the new bridge. “We have waited for this bridge for a very long time.”")
    assert [speaker_text for _, _, speaker_text, _, _ in found] == [None]


# Quotative inversion: the noun phrase after the verb speaks, even after 'asked' (quotes.follows_quote).
def test_rule_inverted_ask_names_the_speaker(attribute):
    [(_, _, speaker_text, cue, _)] = attribute("“When will the new bridge open?” asked the boy.")
    assert (speaker_text, cue) == ("the boy", "asked")


# Speaker spans the parser breaks (quotes.preceding_subject, quotes.speaker_span).
def test_rule_description_in_apposition_leads_to_the_name():
    # '“Fine,” Ruiz, a top aide, said.' with the name parsed inside the quote's clause and the
    # description as its apposition: the word before 'said' leads back to Ruiz, not 'a top aide'.
    from sino_russian_news.pipeline.quotes import preceding_subject

    doc = parsed(
        ["“", "Fine", ",", "”", "Ruiz", ",", "a", "top", "aide", ",", "said", "."],
        heads=[10, 10, 10, 10, 1, 4, 8, 8, 4, 4, 10, 10],
        deps=["punct", "ccomp", "punct", "punct", "attr", "punct", "det", "amod", "appos", "punct", "ROOT", "punct"],
        pos=["PUNCT", "ADJ", "PUNCT", "PUNCT", "PROPN", "PUNCT", "DET", "ADJ", "NOUN", "PUNCT", "VERB", "PUNCT"],
        ents=["O", "O", "O", "O", "B-PERSON", "O", "O", "O", "O", "O", "O", "O"],
    )
    assert preceding_subject(doc[10], []).text == "Ruiz"


def test_rule_no_break_space_inside_a_speaker_name(attribute):
    [(_, _, speaker_text, _, _)] = attribute("“We are ready,” said Lopez constituent\xa0Dan Miller when asked about it.")
    assert speaker_text == "Lopez constituent\xa0Dan Miller"


# The speech tag after a quote whatever the tagger made of its words (quotes.speech_tag_after).
def test_rule_speech_tag_verb_tagged_as_a_noun(attribute):
    [(_, _, speaker_text, cue, _)] = attribute('"Neighbour, we can fix the road," the email read. It asked for votes.')
    assert (speaker_text, cue) == ("email", "read")


def test_rule_speech_tag_surname_tagged_as_a_function_word(attribute):
    found = attribute('"Nobody trusted the banks after the crash," From said.')
    assert [(speaker_text, cue) for _, _, speaker_text, cue, _ in found] == [("From", "said")]


# A dash line after a quote paragraph signs it (quotes.attribution_line).
def test_rule_dash_line_signs_the_quote_before_it(attribute):
    found = attribute('"Our schools need more teachers, not more tests."\n\n-Governor Maria Lopez, speaking in Albany.')
    assert [(speaker_text, cue) for _, _, speaker_text, cue, _ in found] == [("Governor Maria Lopez", "—")]


def test_rule_dash_line_with_a_verb_is_not_a_signature(attribute):
    found = attribute('"Our schools need more teachers, not more tests."\n\n- The governor spoke in Albany.')
    assert [speaker_text for _, _, speaker_text, _, _ in found] == [None]


# A possessor speaks through a noun of speech (quotes.author_of_speech_noun).
def test_rule_possessor_of_a_speech_noun_is_the_speaker(attribute):
    [(_, speaker, speaker_text, _, _)] = attribute("Dmytro Kuleba’s statement declared that “the door to talks stays open.”")
    assert (speaker, speaker_text) == ("dmytro-kuleba", "Dmytro Kuleba’s")


def test_rule_possessor_of_a_role_is_not_the_speaker(attribute):
    [(_, _, speaker_text, _, _)] = attribute("Dmytro Kuleba’s spokesman declared that “the door to talks stays open.”")
    assert speaker_text == "Dmytro Kuleba’s spokesman"


def parsed(words, heads, deps, pos, tags=None, spaces=None, ents=None):
    """A Doc with a given parse, for rules that repair what the small model gets wrong."""
    import spacy
    from spacy.tokens import Doc

    n = len(words)
    return Doc(
        spacy.blank("en").vocab,
        words=words,
        spaces=spaces,
        heads=heads,
        deps=deps,
        pos=pos,
        tags=tags or [""] * n,
        ents=ents,
        sent_starts=[True] + [False] * (n - 1),
    )


def test_rule_quotative_inversion_with_any_verb():
    # '“Is the mayor listening?” reacted Lopez.' with the name parsed as the quote's subject.
    from sino_russian_news.pipeline.quotes import Quote, speech_tag_after

    words = ["“", "Is", "the", "mayor", "listening", "?", "”", "reacted", "Lopez", "."]
    spaces = [False, True, True, True, False, False, True, True, False, False]
    doc = parsed(
        words,
        heads=[4, 4, 3, 4, 4, 4, 4, 4, 4, 4],
        deps=["punct", "aux", "det", "nsubj", "ROOT", "punct", "punct", "conj", "npadvmod", "punct"],
        pos=["PUNCT", "AUX", "DET", "NOUN", "VERB", "PUNCT", "PUNCT", "VERB", "PROPN", "PUNCT"],
        tags=["``", "VBZ", "DT", "NN", "VBG", ".", "''", "VBD", "NNP", "."],
        spaces=spaces,
    )
    quote = Quote(1, 1 + len("Is the mayor listening?"), "Is the mayor listening?", 0)
    subject, verb = speech_tag_after(doc, quote, [quote])
    assert (subject.text, verb.text) == ("Lopez", "reacted")


# A quote that ends its sentence and the next sentence's verb (quotes.cue_verbs, quotes.speech_tag_shape).
def test_rule_next_sentence_verb_does_not_voice_a_closed_quote(attribute):
    found = attribute(
        "“We will keep the clinic open for every family in town.” It was a reversal for the mayor, who had said in May that it would close."
    )
    assert [speaker_text for _, _, speaker_text, _, _ in found] == [None]


def test_rule_next_sentence_speech_tag_still_voices_a_closed_quote(attribute):
    [(_, _, speaker_text, cue, _)] = attribute("“Will the clinic stay open?” a local nurse asked.")
    assert (speaker_text, cue) == ("a local nurse", "asked")


def test_rule_age_in_apposition_leads_to_the_name():
    # The parse the small model can give '“…,” Okafor, 61, told reporters.': the name hangs on
    # the quote's verb, the age is its apposition and the speech verb has no subject.
    from sino_russian_news.pipeline.quotes import preceding_subject

    doc = parsed(
        ["We", "waited", ",", "Okafor", ",", "61", ",", "told", "reporters", "."],
        heads=[1, 1, 1, 1, 3, 3, 3, 1, 7, 1],
        deps=["nsubj", "ROOT", "punct", "conj", "punct", "appos", "punct", "conj", "dobj", "punct"],
        pos=["PRON", "VERB", "PUNCT", "PROPN", "PUNCT", "NUM", "PUNCT", "VERB", "NOUN", "PUNCT"],
    )
    assert preceding_subject(doc[7], []).text == "Okafor"


def test_rule_quote_paragraph_after_reported_speech(attribute):
    found = attribute(
        "The repairs, Maria Lopez said, will take two more years.\n\n“We have waited for this bridge for a very long time.”"
    )
    assert [(speaker_text, cue) for _, _, speaker_text, cue, _ in found] == [("Maria Lopez", "said")]


def test_rule_speech_tag_with_an_apposition(attribute):
    [(_, _, speaker_text, cue, _)] = attribute(
        '"Is anyone at the council listening to us? Does anyone care?" Okafor, a retired nurse from Lagos, said quietly into the microphone.'
    )
    assert (speaker_text, cue) == ("Okafor, a retired nurse from Lagos", "said")


def test_rule_dash_introduces_a_quoted_sentence_like_a_colon(attribute):
    found = attribute('Maria Lopez also defended the bridge plan -- "We will finish the work by the end of next year."')
    assert [(speaker_text, cue) for _, _, speaker_text, cue, _ in found] == [("Maria Lopez", "defended")]


def test_rule_he_or_she_resolves_to_the_nearest_person_of_that_gender_the_article_shows(attribute):
    by_pronoun = "Maria Lopez met Tom Baker in Ohio. Lopez said her plan would pass. Baker said his team was ready."
    assert [q[1:3] for q in attribute(by_pronoun + " “It is a good day,” she said.")] == [("person-maria-lopez", "she")]
    by_honorific = "Ms. Lopez met Tom Baker in Ohio. Baker said his team was ready."
    assert [q[1:3] for q in attribute(by_honorific + " “It is a good day,” she said.")] == [("person-lopez", "she")]
    unknown = "Maria Lopez met Tom Baker in Ohio. Baker said the team was ready."
    assert [q[1:3] for q in attribute(unknown + " “It is a good day,” she said.")] == [("person-tom-baker", "she")]


def test_rule_a_heading_in_capitals_before_a_quote_is_the_excerpt_source(attribute):
    digest = "WHY THE HARBOUR TOWN IS SHRINKING “Young people leave for the capital and do not come back.”"
    assert [q[1:4] for q in attribute(digest)] == [(None, "WHY THE HARBOUR TOWN IS SHRINKING", None)]
    sentence = "And then in the harbour town “Young people leave for the capital and do not come back.”"
    assert [q[2] for q in attribute(sentence)] == [None]


def test_rule_an_apposition_before_a_verb_the_tagger_read_as_a_participle(attribute):
    text = (
        "The skywriting began at noon.\n\n“Not us, but we cannot argue with it!” Murphy, the head of the Kremlin press office, "
        "Tweeted on Friday with an image of the planes."
    )
    assert [(speaker, cue) for _, _, speaker, cue, _ in attribute(text)] == [
        ("Murphy, the head of the Kremlin press office", "Tweeted")
    ]


def test_rule_colon_labels_a_presented_speaker_a_source_and_not_a_venue(attribute):
    text = (
        "Here’s Kuleba in December 2022: “Our new direction must rest on an understanding of the new realities of war.”\n\n"
        "What the report does mean. From the report: “In general, samples with more elaborate weighting procedures are better.”\n\n"
        "Then, later that month on CNN: “I have never said we made a mistake going into this war at all.”\n\n"
        "Kuleba’s letter makes a libertarian-style case: “Followers of radical ideas hate everything we stand for as Ukrainians.”"
    )
    assert [speaker for _, _, speaker, _, _ in attribute(text)] == ["Kuleba", "the report", None, "Kuleba’s letter"]


def test_rule_an_as_clause_that_comments_on_the_quote_names_its_speaker(attribute):
    text = (
        "As Kuleba put it, “We will not trade our land for a promise of peace.”\n\n"
        "As The Kyiv Post pointed out, “Still, the ministry has so far declined to release any figures.”\n\n"
        "As the delegates opened the session, the minister was blunt about “a long and cold winter.”"
    )
    assert [(speaker, cue) for _, _, speaker, cue, _ in attribute(text)] == [
        ("Kuleba", "put"),
        ("The Kyiv Post", "pointed"),
        ("the minister", "was"),
    ]


def test_rule_a_name_right_before_a_participle_it_modifies_is_its_subject():
    # 'Then, Kuleba described a city …' with 'described' parsed as a participle modifying 'city'
    # and the name as its noun-phrase adverbial.
    from sino_russian_news.pipeline.quotes import subject_of

    doc = parsed(
        ["Then", ",", "Kuleba", "described", "a", "city", "."],
        heads=[5, 5, 3, 5, 5, 5, 5],
        deps=["advmod", "punct", "npadvmod", "amod", "det", "ROOT", "punct"],
        pos=["ADV", "PUNCT", "PROPN", "VERB", "DET", "NOUN", "PUNCT"],
        tags=["RB", ",", "NNP", "VBN", "DT", "NN", "."],
    )
    assert subject_of(doc[3], [])[0].text == "Kuleba"


def test_rule_a_colon_label_of_co_authors_after_a_heading_dash(attribute):
    text = (
        "Talks resumed.\n\nKYIV TALKS STALL AGAIN, FOR NOW - Olena Petrenko and Ivan Shevchuk: "
        "“The sides have not moved since the spring talks in Istanbul.”"
    )
    assert [(speaker, cue) for _, _, speaker, cue, _ in attribute(text)] == [("Olena Petrenko and Ivan Shevchuk", ":")]


def test_rule_a_relative_clause_that_reports_is_not_part_of_the_speaker(attribute):
    text = (
        "“We will rebuild the bridge before winter,” said Maria Lopez, the mayor of Springfield, "
        "who added that work would start in May.\n\n"
        "“We will rebuild the bridge before winter,” said Maria Lopez, the mayor of Springfield, who works in the town hall."
    )
    assert [speaker for _, _, speaker, _, _ in attribute(text)] == [
        "Maria Lopez, the mayor of Springfield",
        "Maria Lopez, the mayor of Springfield, who works in the town hall",
    ]


def test_rule_a_participle_clause_between_the_name_and_the_verb(attribute):
    text = 'But Sen. Maria Lopez (D-Ill.), noting the size of the crowd\'s following, said, "Let me tell you, we have a heck of an email list."'
    assert [speaker for _, _, speaker, _, _ in attribute(text)] == ["Sen. Maria Lopez (D-Ill.)"]


def test_rule_a_verb_hung_as_parataxis_takes_the_subject_of_its_head():
    # 'Lopez, noting the size, said' with the participle as the root and 'said' in parataxis.
    from sino_russian_news.pipeline.quotes import subject_of

    doc = parsed(
        ["Lopez", ",", "noting", "the", "size", ",", "said", "."],
        heads=[2, 0, 2, 4, 2, 6, 2, 2],
        deps=["nsubj", "punct", "ROOT", "det", "dobj", "punct", "parataxis", "punct"],
        pos=["PROPN", "PUNCT", "VERB", "DET", "NOUN", "PUNCT", "VERB", "PUNCT"],
        tags=["NNP", ",", "VBG", "DT", "NN", ",", "VBD", "."],
    )
    assert subject_of(doc[6], [])[0].text == "Lopez"


def test_rule_a_participle_hung_on_the_addressees_speaks_for_the_sender():
    # 'Lopez sent an email to voters saying …' with 'saying' parsed as modifying 'voters'.
    from sino_russian_news.pipeline.quotes import issuer_of

    doc = parsed(
        ["Lopez", "sent", "an", "email", "to", "voters", "saying"],
        heads=[1, 1, 3, 1, 1, 4, 5],
        deps=["nsubj", "ROOT", "det", "dobj", "dative", "pobj", "acl"],
        pos=["PROPN", "VERB", "DET", "NOUN", "ADP", "NOUN", "VERB"],
        tags=["NNP", "VBD", "DT", "NN", "IN", "NNS", "VBG"],
    )
    assert issuer_of(doc[5], []).text == "Lopez"


def test_rule_the_agent_of_a_passive_cue_is_the_speaker_but_not_of_quoted(attribute):
    text = (
        "Lopez was asked by host Ivan Petrenko, “Are you tired of hearing about the emails?”\n\n"
        "“Our ties are strong and growing stronger,” Medvedev was quoted as saying by state media."
    )
    assert [speaker for _, _, speaker, _, _ in attribute(text)] == ["host Ivan Petrenko", "Medvedev"]


def test_rule_a_speech_verb_in_a_subordinate_clause_without_the_quote_is_not_its_cue():
    # 'Petrenko sniped that Lopez was “new”, while Lopez argued': 'argued' heads a 'while' clause.
    from sino_russian_news.pipeline.quotes import in_subordinate_clause

    doc = parsed(
        ["Petrenko", "sniped", "that", "Lopez", "was", "“", "new", "”", "while", "Lopez", "argued"],
        heads=[1, 1, 4, 4, 1, 6, 4, 6, 10, 10, 1],
        deps=["nsubj", "ROOT", "mark", "nsubj", "ccomp", "punct", "acomp", "punct", "mark", "nsubj", "advcl"],
        pos=["PROPN", "VERB", "SCONJ", "PROPN", "AUX", "PUNCT", "ADJ", "PUNCT", "SCONJ", "PROPN", "VERB"],
    )
    assert (in_subordinate_clause(doc[10], doc[6:7]), in_subordinate_clause(doc[1], doc[6:7])) == (True, False)


def test_rule_an_inverted_speaker_may_run_on_with_a_relative_clause():
    # '“Meh,” wrote a supporter who runs it.' with the name parsed as the object of 'wrote'.
    from sino_russian_news.pipeline.quotes import following_subject

    doc = parsed(
        ["“", "Meh", ",", "”", "wrote", "a", "supporter", "who", "runs", "it", "."],
        heads=[4, 4, 4, 4, 4, 6, 4, 8, 6, 8, 4],
        deps=["punct", "nsubj", "punct", "punct", "ROOT", "det", "dobj", "nsubj", "relcl", "dobj", "punct"],
        pos=["PUNCT", "PROPN", "PUNCT", "PUNCT", "VERB", "DET", "NOUN", "PRON", "VERB", "PRON", "PUNCT"],
        tags=["``", "NNP", ",", "''", "VBD", "DT", "NN", "WP", "VBZ", "PRP", "."],
        spaces=[False, False, False, True, True, True, True, True, True, False, False],
    )
    assert (following_subject(doc[4], [], inverted=True).text, following_subject(doc[4], [], inverted=False)) == (
        "supporter",
        None,
    )


def test_rule_a_quotative_inversion_does_not_cross_a_paragraph_break():
    from sino_russian_news.pipeline.quotes import Quote, follows_quote

    doc = parsed(
        ["“", "Fine", ".", "”", "\n\n", "Asserting", "her", "role", "."],
        heads=[1, 1, 1, 1, 3, 5, 7, 5, 5],
        deps=["punct", "ROOT", "punct", "punct", "dep", "ROOT", "poss", "dobj", "punct"],
        pos=["PUNCT", "INTJ", "PUNCT", "PUNCT", "SPACE", "VERB", "PRON", "NOUN", "PUNCT"],
        spaces=[False, False, False, False, False, True, True, False, False],
    )
    assert follows_quote(doc[5], Quote(1, 6, "Fine.", 0)) is False


def test_rule_a_participle_after_a_comma_takes_the_subject_of_the_clause_before(attribute):
    text = (
        "Band member Petrenko shared the news on social media last week, writing “Feels great to support someone I believe in.”"
    )
    assert [(speaker, cue) for _, _, speaker, cue, _ in attribute(text)] == [("Band member Petrenko", "writing")]


def test_rule_an_inverted_speaker_may_open_with_a_participle_used_as_an_adjective():
    # '“Fine,” said panel ranking Democrat Lopez.' with 'ranking' parsed as a verb taking the name as object.
    from sino_russian_news.pipeline.quotes import following_subject

    doc = parsed(
        ["“", "Fine", ",", "”", "said", "panel", "ranking", "Democrat", "Lopez", "."],
        heads=[4, 4, 4, 4, 4, 6, 4, 8, 6, 4],
        deps=["punct", "ccomp", "punct", "punct", "ROOT", "npadvmod", "ccomp", "compound", "dobj", "punct"],
        pos=["PUNCT", "INTJ", "PUNCT", "PUNCT", "VERB", "NOUN", "VERB", "PROPN", "PROPN", "PUNCT"],
        tags=["``", "UH", ",", "''", "VBD", "NN", "VBG", "NNP", "NNP", "."],
        spaces=[False, False, False, True, True, True, True, True, False, False],
    )
    assert following_subject(doc[4], [], inverted=True).text == "Lopez"


def test_rule_an_abbreviation_ending_the_sentence_ends_the_speaker_name(attribute):
    text = (
        '"With a bridge like that, you will be able to see more people coming to town," says Ivan Petrenko, 23, '
        'a student from Fresno, Calif. "I think it\'d offer more jobs."'
    )
    assert [speaker for _, _, speaker, _, _ in attribute(text)] == ["Ivan Petrenko, 23, a student from Fresno, Calif."] * 2


def test_rule_an_adverb_dating_an_apposition_keeps_it_in_the_name(attribute):
    text = "“That changed the night we won,” said Rev. Ivan Petrenko, then senior pastor at Servant House Church in Lviv."
    assert [speaker for _, _, speaker, _, _ in attribute(text)] == [
        "Rev. Ivan Petrenko, then senior pastor at Servant House Church in Lviv"
    ]


def test_rule_a_capitalised_modal_before_a_finite_verb_is_a_name(attribute):
    text = (
        "From the mayor’s “coarse and nasty effusion” last week to his call for a “deportation force,” "
        "Will described him as a “caricature of democracy.”"
    )
    assert [(speaker, cue) for _, _, speaker, cue, _ in attribute(text)] == [("Will", "described")] * 3


def test_rule_a_place_phrase_says_which_people_an_indefinite_pronoun_means(attribute):
    assert [
        speaker for _, _, speaker, _, _ in attribute("When someone in the audience shouted, “Kuleba,” the minister laughed.")
    ] == ["someone in the audience"]


def test_rule_a_sentence_split_before_a_rank_abbreviation_continues_into_the_name(attribute):
    text = (
        "“I really don’t understand how a better candidate didn’t jump into the race,” said Air Force 1st Lt. Tyler Livingston.\n\n"
        "“We are ready,” said Smith. Mr. Jones added that he was not."
    )
    assert [speaker for _, _, speaker, _, _ in attribute(text)] == ["Air Force 1st Lt. Tyler Livingston", "Smith"]


def test_rule_the_main_verb_before_a_colon_introduces_the_quote(attribute):
    text = 'Kuleba has since apologized for what happened: "Yes, I should have used two email addresses, one for personal matters and one for my work."'
    assert [(speaker, cue) for _, _, speaker, cue, _ in attribute(text)] == [("Kuleba", "apologized")]


def test_rule_an_as_clause_before_a_colon_names_the_source(attribute):
    text = (
        "As the Kyiv Post reported, even on Friday morning, the ministry was refusing to call the attack terrorism:\n\n"
        '"The ministry is still reluctant to call the attack an act of terrorism, citing the ongoing investigation."'
    )
    assert [(speaker, cue) for _, _, speaker, cue, _ in attribute(text)] == [("the Kyiv Post", "reported")]


def test_a_role_with_a_named_holder_is_the_holder(attribute):
    """The apposition names who holds the role; the body in the role still gives the side."""
    assert attribute("The president of the World Bank, Jim Yong Kim, said the plan was “good for everybody.”") == [
        ("good for everybody.", "person-jim-yong-kim", "The president of the World Bank, Jim Yong Kim", "said", "partial")
    ]


def test_rule_a_relative_clause_granting_anonymity_is_not_part_of_the_speaker(attribute):
    text = (
        "“The mayor will not run again,” said a city official who spoke on the condition of anonymity "
        "to discuss the plans.\n\n"
        "“The mayor will not run again,” said a city official who works in the town hall."
    )
    assert [speaker for _, _, speaker, _, _ in attribute(text)] == [
        "a city official",
        "a city official who works in the town hall",
    ]


def test_rule_a_which_clause_in_the_speaker_phrase_is_not_part_of_the_speaker(attribute):
    text = (
        "“We are disappointed,” said Anna Lee, a spokeswoman for the Farmers Union, which represents "
        "2,000 growers.\n\n"
        "“We are disappointed,” said Anna Lee, a spokeswoman for the Farmers Union in Ohio."
    )
    assert [speaker for _, _, speaker, _, _ in attribute(text)] == [
        "Anna Lee, a spokeswoman for the Farmers Union",
        "Anna Lee, a spokeswoman for the Farmers Union in Ohio",
    ]


def test_rule_a_name_the_tagger_took_for_an_adverb_is_the_speaker(attribute):
    # en_core_web_sm tags 'Skelly' as an adverb (its '-ly'); capitalised inside the sentence it is a name.
    text = "“Having access to the voter file is valuable,” said Skelly, explaining he worked with the team."
    assert [(speaker, cue) for _, _, speaker, cue, _ in attribute(text)] == [("Skelly", "said")]


def test_rule_a_hyphenated_speaker_phrase_after_the_quote(attribute):
    text = (
        "The actor posted the clip on Thursday.\n\n"
        "“What if Donald Trump had elocution lessons?” the 43-year-old asked in the video’s description."
    )
    assert [(speaker, cue) for _, _, speaker, cue, _ in attribute(text)] == [("the 43-year-old", "asked")]


def test_rule_of_two_subjects_split_by_a_comma_the_later_is_the_subject():
    # 'In Dover, Delaware, Lopez went after Smith' with 'Delaware' parsed as a first subject.
    from sino_russian_news.pipeline.quotes import subject_of

    doc = parsed(
        ["In", "Dover", ",", "Delaware", ",", "Lopez", "went", "after", "Smith", "."],
        heads=[6, 0, 6, 6, 6, 6, 6, 6, 7, 6],
        deps=["prep", "pobj", "punct", "nsubj", "punct", "nsubj", "ROOT", "prep", "pobj", "punct"],
        pos=["ADP", "PROPN", "PUNCT", "PROPN", "PUNCT", "PROPN", "VERB", "ADP", "PROPN", "PUNCT"],
        tags=["IN", "NNP", ",", "NNP", ",", "NNP", "VBD", "IN", "NNP", "."],
    )
    assert subject_of(doc[6], [])[0].text == "Lopez"


def test_rule_two_subjects_joined_by_a_conjunction_keep_the_first():
    from sino_russian_news.pipeline.quotes import subject_of

    doc = parsed(
        ["Lopez", ",", "and", "Smith", "went", "."],
        heads=[4, 0, 4, 4, 4, 4],
        deps=["nsubj", "punct", "cc", "nsubj", "ROOT", "punct"],
        pos=["PROPN", "PUNCT", "CCONJ", "PROPN", "VERB", "PUNCT"],
        tags=["NNP", ",", "CC", "NNP", "VBD", "."],
    )
    assert subject_of(doc[4], [])[0].text == "Lopez"


def test_rule_a_relative_clause_on_the_quoted_words_is_not_their_cue(attribute):
    text = (
        "Lopez dismissed the matter of the loans, calling it a “paperwork error” that was reported in a hit piece by the Herald."
    )
    assert [(speaker, cue) for _, _, speaker, cue, _ in attribute(text)] == [("Lopez", "calling")]


def test_rule_a_speech_verb_read_as_a_noun_in_a_longer_tag(attribute):
    texts = [
        "The mayor released a plan on Monday.\n\n“The city will not pay for the bridge,” the Danes state in the white paper, which was shared with reporters.",
        "The group released an ad on Monday.\n\n“Only Lopez can fix the roads and the bridges of this city,” a voice-over in the ad states.",
    ]
    assert [[(speaker, cue) for _, _, speaker, cue, _ in attribute(text)] for text in texts] == [
        [("Danes", "state")],
        [("ad", "states")],
    ]


def test_rule_a_share_of_people_as_subject_is_the_speaker(attribute):
    texts = [
        "Voters were asked whether the mayor could win. In the survey, 21 percent said “not too likely” and 14 percent said “not at all likely.”",
        "About four in 10 said they were “angry” about the vote.",
    ]
    assert [[(speaker, kind) for _, _, speaker, _, kind in attribute(text)] for text in texts] == [
        [("21 percent", "partial"), ("14 percent", "partial")],
        [("About four in 10", "partial")],
    ]


def test_rule_the_speech_tag_after_the_quote_wins_over_the_clause_subject(attribute):
    # 'From' is read as a preposition, so only the shape of the tag gives the speaker.
    text = "Many voters then saw the Democrats as “the party of overwhelming government,” From said."
    assert [(speaker, cue) for _, _, speaker, cue, _ in attribute(text)] == [("From", "said")]


def test_rule_a_quote_inside_a_relative_clause_on_the_speaker_is_the_relative_pronouns(attribute):
    text = "Chicago Alderman Maria Lopez, who thinks the mayor and his staff “need to be more open, working with the council,” will vote no."
    assert [speaker for _, _, speaker, _, _ in attribute(text)] == ["who"]


def test_rule_a_quote_in_a_persons_complement_clause_is_that_persons(attribute):
    text = "Maria Lopez is questioning whether the mayor would have attended the meeting “if it were held in a church.”"
    assert [(speaker, cue) for _, _, speaker, cue, _ in attribute(text)] == [("Maria Lopez", "questioning")]


def test_rule_a_quote_in_what_a_possessed_speech_noun_says_is_the_possessors(attribute):
    text = "Former minister Maria Lopez, a party veteran, fanned controversy this year over her remark that “there is a special place in hell for cowards.”"
    assert [(speaker, cue) for _, _, speaker, cue, _ in attribute(text)] == [("her", "remark")]


def test_rule_a_passive_participle_names_the_thing_called_not_the_speaker(attribute):
    text = (
        "Title.\n\n"
        "While Republicans have faced criticism for the long investigation into the events surrounding the Benghazi "
        "tragedy — often labeled as a “witch hunt” by Democrats — it seems likely Gowdy is right.\n\n"
        "A group of Mexican comedians is performing a popular play called “Los Hijos de Trump” in Mexico City.\n\n"
        "Sanders’ campaign called AP’s report a “rush to judgment,” because superdelegates can change their mind."
    )
    assert [(quote, speaker) for quote, _, speaker, _, _ in attribute(text)] == [
        ("witch hunt", "Democrats"),  # the 'by' phrase, which the parse hangs on the quote
        ("Los Hijos de Trump", None),  # a name: nobody said it
        ("rush to judgment,", "Sanders’ campaign"),  # a finite verb the parse takes for a participle
    ]


# Single quotation marks: British papers' speech, American papers' headlines and nested quotes.
def test_rule_single_marks_quote_speech_in_a_text_written_with_them(attribute):
    text = (
        "‘We will not be intimidated,’ said Wang Yi, the foreign minister.\n\n"
        "He said China would ‘never accept’ the sanctions.\n\n"
        "‘Our ties with Russia are aimed at no one,’ he added."
    )
    assert [(q[0], q[2], q[3], q[4]) for q in attribute(text)] == [
        ("We will not be intimidated,", "Wang Yi, the foreign minister", "said", "full"),
        ("never accept", "He", "said", "partial"),
        ("Our ties with Russia are aimed at no one,", "he", "added", "full"),
    ]


def test_single_marks_are_no_quotation_in_a_text_quoting_with_double_ones():
    # an American headline's single marks above a body that quotes with double ones
    text = "Putin: ‘We Are Friends.’\n\n“We are friends,” Putin said. He called the partnership “strong.”"
    assert [q.text for q in find_quotes(text)] == ["We are friends,", "strong."]
    # nor is a single quotation on its own (a digest's item in capitals)
    assert [q.text for q in find_quotes("3. FOR AFGHAN WOMEN ‘GLASS IS HALF FULL.’\n\nThe war goes on.")] == []


def test_single_marks_pair_around_apostrophes():
    from sino_russian_news.pipeline.quotation import quote_spans

    def texts(paragraph):
        return [paragraph[s:e] for s, e, _ in quote_spans(paragraph, singles=True)]

    assert texts("‘China’s position is clear,’ he said.") == ["China’s position is clear,"]
    assert texts("‘We respect the Russians’ position,’ he said.") == ["We respect the Russians’ position,"]
    assert texts("In the ‘90s trade grew.") == []  # never closed in its paragraph: no quotation
    assert texts("“He told me ‘no’ twice,” she said.") == ["He told me ‘no’ twice,"]  # nested in double marks
    assert quote_spans("‘Yes,’ he said.") == []  # without the text's single-mark style
