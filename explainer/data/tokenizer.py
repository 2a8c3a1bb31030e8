"""Split a user's English text into words the way UD English-EWT does, so the taggers see the
kind of tokens they were trained on.

EWT's conventions (read off its training data), which this follows:
    punctuation is its own word          "cats."  -> cats .        "(yes)" -> ( yes )
    clitics split off                    "don't"  -> do n't        "I'm"   -> I 'm
                                         "can't"  -> ca n't        "won't" -> wo n't
                                         "cannot" -> can not       "gonna" -> gon na
    hyphenated words split               "long-term" -> long - term
        except after bound prefixes      "e-mail", "co-workers", "non-profit" stay whole
    kept whole: URLs, e-mail addresses, numbers ("3.5", "1,000", "10:30", "9/11"),
        phone numbers ("713-853-3989"), abbreviations and initials ("U.S.", "e.g.", "Mr.",
        "M. Anderson"), file and domain names ("notes.pdf", "enron.com"), emoticons (":-)"),
        "..." and "--"
"""
from __future__ import annotations

import re

_ABBREVIATIONS = ("Mr Mrs Ms Dr St Jr Sr Prof Inc Ltd Co Corp vs etc Jan Feb Mar Apr Jun Jul "
                  "Aug Sep Sept Oct Nov Dec Mon Tue Tues Wed Thu Thur Fri Sat Sun Gen Gov Lt "
                  "Col Sgt Rev Ave Mt Ft approx dept").split()
_BOUND_PREFIXES = "e co pre post non ex multi mid anti pro re semi sub inter".split()

# Alternatives in priority order; at each position the first that matches wins.
_TOKEN = re.compile(r"""
    (?P<url>(?:https?://|www\.)[^\s]+?)(?=[.,;:!?)\]}"']*(?:\s|$))
  | (?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)
  | (?P<emoticon>(?<!\w)[:;=][-o']?[()\[\]DPp/|](?!\w))
  | (?P<filename>(?<![\w.])\w+(?:[.-]\w+)*\.(?i:com|org|net|edu|gov|pdf|docx?|xlsx?|pptx?|txt|html?|jpe?g|png|zip)(?!\w|\.\w))
  | (?P<phone>(?<![\w-])(?:\d{3}-)?\d{3}-\d{4}(?![\w-]))
  | (?P<abbreviation>(?<!\w)(?:(?:[A-Za-z]\.){2,}|(?:""" + "|".join(_ABBREVIATIONS) + r""")\.|[A-HJ-Z]\.(?=\s+[A-Z])))
  | (?P<number>(?<!\w)\d+(?:[.,:/]\d+)*(?:st|nd|rd|th|s)?(?!\w))
  | (?P<prefixed>(?<![\w-])(?i:""" + "|".join(_BOUND_PREFIXES) + r""")-\w+(?:['’]\w+)*)
  | (?P<word>\w+(?:['’]\w+)*)
  | (?P<dots>\.{2,}|…)
  | (?P<dashes>-{2,})
  | (?P<repeat>(?P<mark>[!?*=_~#])(?P=mark)*)
  | (?P<symbol>\S)
""", re.VERBOSE)

# "don't" -> "do" + "n't", "I'm" -> "I" + "'m" (straight or curly apostrophe)
_NT = re.compile(r"(?i)^(.+)(n['’]t)$")
_CLITIC = re.compile(r"(?i)^(.+)(['’](?:s|m|d|re|ve|ll))$")
# Written without the apostrophe; EWT still splits these (the split point, in characters).
_FUSED = {"cannot": 3, "gonna": 3, "wanna": 3, "gotta": 3, "outta": 3,
          "dont": 2, "cant": 2, "wont": 2, "aint": 2, "isnt": 2, "didnt": 3, "doesnt": 4,
          "wasnt": 3, "arent": 3, "werent": 4, "havent": 4, "hasnt": 3, "hadnt": 3,
          "couldnt": 5, "wouldnt": 5, "shouldnt": 6, "im": 1}


def _split_word(word: str) -> list[str]:
    for pattern in (_NT, _CLITIC):
        match = pattern.match(word)
        if match:
            return [match.group(1), match.group(2)]
    cut = _FUSED.get(word.lower())
    if cut:
        return [word[:cut], word[cut:]]
    return [word]


def tokenize(text: str) -> list[str]:
    """EWT-style words of `text` (see the module docstring); [] for blank text."""
    tokens: list[str] = []
    for match in _TOKEN.finditer(text):
        piece = match.group()
        if piece.isspace():
            continue
        if match.lastgroup in ("word", "prefixed"):
            tokens.extend(_split_word(piece))
        else:
            tokens.append(piece)
    return tokens
