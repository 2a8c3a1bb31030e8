"""Tokenisers, detokeniser and truecasing of the translation pairs, on invented sentences."""
from explainer.data.pair_text import (detokenize_french, english_words, normalize_text,
                                      tokenize_english, tokenize_french, truecase_table)


def test_french_elisions_are_tokens_of_their_own():
    assert tokenize_french("J'adore l'école.") == ["j'", "adore", "l'", "école", "."]
    assert tokenize_french("Qu'il vienne jusqu'à moi.") == [
        "qu'", "il", "vienne", "jusqu'", "à", "moi", "."]


def test_french_words_that_keep_their_apostrophe_stay_whole():
    assert tokenize_french("Aujourd'hui, quelqu'un est là.") == [
        "aujourd'hui", ",", "quelqu'un", "est", "là", "."]


def test_accents_kept_and_curly_apostrophes_straightened():
    assert tokenize_french("Ça été l’été à Noël.") == ["ça", "été", "l'", "été", "à", "noël", "."]


def test_narrow_and_no_break_spaces_before_punctuation():
    for space in ("\u202f", "\u00a0", " ", "\u2009", ""):
        assert tokenize_french(f"Vois-tu le chat{space}?") == ["vois", "-tu", "le", "chat", "?"]
    assert normalize_text("Oui\u202f!  Non\u00a0?") == "Oui ! Non ?"


def test_hyphenated_pieces_keep_their_hyphen():
    assert tokenize_french("A-t-il vu l'arc-en-ciel ?") == [
        "a", "-t", "-il", "vu", "l'", "arc", "-en", "-ciel", "?"]


def test_english_clitics_split_off():
    assert tokenize_english("I don't know Tom's dog!") == ["i", "do", "n't", "know", "tom",
                                                           "'s", "dog", "!"]
    assert tokenize_english("We're here, aren't we?") == ["we", "'re", "here", ",", "are", "n't",
                                                          "we", "?"]
    assert english_words("Don't go home!") == 3


def test_detokenize_joins_elisions_and_hyphens_and_cases():
    table = {"paris": "Paris"}
    assert detokenize_french(["j'", "adore", "paris", "!"], table) == "J'adore Paris !"
    assert detokenize_french(["est", "-ce", "qu'", "il", "vient", "?"]) == "Est-ce qu'il vient ?"
    assert detokenize_french(["l'", "école", "est", "là", ".", "je", "pars", "."]) == \
        "L'école est là. Je pars."
    assert detokenize_french(["il", "dit", ":", '"', "oui", '"', "."]) == 'Il dit : "oui".'
    assert detokenize_french([]) == ""


def test_round_trip_of_invented_references():
    table = truecase_table(["Je vois Marie.", "Il aime Marie et Paris.", "Paris est loin."])
    assert table == {"marie": "Marie", "paris": "Paris"}
    for text in ["Je vois Marie\u202f!", "Aimes-tu l'école aujourd'hui ?",
                 "C'est à Paris, dit-elle."]:
        assert detokenize_french(tokenize_french(text), table) == normalize_text(text)
