"""The tokenizer splits user text the way UD English-EWT is tokenized."""
import pytest

from explainer.data.tokenizer import tokenize

CASES = [
    ("I don't like cats.", ["I", "do", "n't", "like", "cats", "."]),
    ("I'm sure you can't.", ["I", "'m", "sure", "you", "ca", "n't", "."]),
    ("We won't, they cannot.", ["We", "wo", "n't", ",", "they", "can", "not", "."]),
    ("She's here and they're gonna stay.",
     ["She", "'s", "here", "and", "they", "'re", "gon", "na", "stay", "."]),
    ("It’s Ada’s lamp.", ["It", "’s", "Ada", "’s", "lamp", "."]),
    ("O'Brien's dog isn't wet.", ["O'Brien", "'s", "dog", "is", "n't", "wet", "."]),
    ("the teachers' room", ["the", "teachers", "'", "room"]),
    ("dont worry im fine", ["do", "nt", "worry", "i", "m", "fine"]),
    ("a long-term plan", ["a", "long", "-", "term", "plan"]),
    ("my co-workers sent an e-mail", ["my", "co-workers", "sent", "an", "e-mail"]),
    ("Read https://example.org/a?b=1.", ["Read", "https://example.org/a?b=1", "."]),
    ("Write to kim.lee@example.com now", ["Write", "to", "kim.lee@example.com", "now"]),
    ("It costs $5.50 (about 5%) on 10/30/2005 at 10:30!!!",
     ["It", "costs", "$", "5.50", "(", "about", "5", "%", ")", "on", "10/30/2005", "at",
      "10:30", "!!!"]),
    ("Call 555-123-4567 about 1,000 boxes", ["Call", "555-123-4567", "about", "1,000", "boxes"]),
    ("The U.S. and Mr. Smith, e.g. Jo M. Park", ["The", "U.S.", "and", "Mr.", "Smith", ",",
                                                 "e.g.", "Jo", "M.", "Park"]),
    ("Neither did I. Then", ["Neither", "did", "I", ".", "Then"]),
    ("Wait... what -- really? :-)", ["Wait", "...", "what", "--", "really", "?", ":-)"]),
    ('She said "yes" in the 1990s', ["She", "said", '"', "yes", '"', "in", "the", "1990s"]),
    ("See notes.pdf on example.com.", ["See", "notes.pdf", "on", "example.com", "."]),
    ("  ", []),
]


@pytest.mark.parametrize("text,words", CASES)
def test_tokenize_like_ewt(text, words):
    assert tokenize(text) == words


def test_tokens_cover_the_text():
    """Nothing but spaces is dropped: joining the tokens gives back the non-space characters."""
    text = "Hi!! I'd've guessed ~3.5 km -- wasn't it? (Yes: 100%.)"
    assert "".join(tokenize(text)) == "".join(text.split())
