from yardstick.core.glossary import Note, Piece, footnote, used

GLOSSARY = {
    "MOPAC": "Mayor's Office for Policing and Crime",
    "MASH": "Multi-Agency Safeguarding Hub",
    "SEN": "Special Educational Needs",
    "SEND": "Special Educational Needs and Disabilities",
}


def test_the_first_use_of_each_term_gets_a_note_numbered_in_reading_order():
    noted = footnote(["A strategy went to MOPAC.", "The MASH and MOPAC met."], GLOSSARY)
    assert noted.passages == (
        (Piece("A strategy went to MOPAC", 1), Piece(".")),
        (Piece("The MASH", 2), Piece(" and MOPAC met.")),
    )
    assert noted.notes == (
        Note(1, "MOPAC", GLOSSARY["MOPAC"]),
        Note(2, "MASH", GLOSSARY["MASH"]),
    )


def test_a_term_is_a_whole_word_written_as_the_glossary_writes_it():
    noted = footnote(["smash the Mash; SEND, not SEN."], GLOSSARY)
    assert [note.term for note in noted.notes] == ["SEND", "SEN"]
    assert "".join(piece.text for piece in noted.passages[0]) == "smash the Mash; SEND, not SEN."


def test_text_without_terms_is_one_piece_and_empty_text_stays_empty():
    assert footnote(["Nothing here.", ""], GLOSSARY).passages == (
        (Piece("Nothing here."),),
        (Piece(""),),
    )
    assert footnote(["MASH"], {}).notes == ()


def test_used_lists_the_terms_in_the_order_they_first_appear():
    assert [n.term for n in used(["SEND first", "then MASH and SEND"], GLOSSARY)] == [
        "SEND",
        "MASH",
    ]


def test_a_passage_ending_on_a_term_has_no_empty_piece_after_its_note():
    assert footnote(["Referred to the MASH"], GLOSSARY).passages == (
        (Piece("Referred to the MASH", 1),),
    )
