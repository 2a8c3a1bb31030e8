"""Language identification, English or French, from a sentence's characters: many-to-one.

    e_t = E[c_t]                                   the character's embedding
    h_t = GRU(e_t, h_{t-1})                        one layer, left to right
    p(language | c_1..c_T) = softmax(W h_T + b)    ONE answer, read off the LAST state only

Training scores only that last answer (cross-entropy against the sentence's language), so the
network must carry its evidence along the sentence in h_t. Applying the same W, b to an earlier
h_t asks "what would you answer if the sentence stopped here?": `explain` returns that for every
prefix, which is how the view shows the decision forming as the sentence is read.

Text is normalised first (lower case, one kind of space and apostrophe, and no space before
! ? ; : — French typography puts one there, a give-away this model should not learn).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import torch
from torch import Tensor, nn

from .cells import Step
from .recurrent import Recurrent, RecurrentConfig
from .weights import Saved

LANGUAGES = ("English", "French")
PAD, UNK = 0, 1
MAX_CHARS = 300              # longer text is cut (the view says so)

_SPACES = re.compile(r"\s+")
_BEFORE_MARK = re.compile(r"\s+([!?;:»])")
_AFTER_GUILLEMET = re.compile(r"(«)\s+")


def normalize(text: str) -> str:
    """What the model reads: NFC, lower case, single ASCII spaces, straight apostrophes,
    no space before ! ? ; : » or after «."""
    text = unicodedata.normalize("NFC", text).lower().replace("’", "'").replace("‘", "'")
    text = _SPACES.sub(" ", text).strip()            # \s covers U+00A0 and U+202F
    return _AFTER_GUILLEMET.sub(r"\1", _BEFORE_MARK.sub(r"\1", text))


@dataclass(frozen=True)
class LangIDConfig:
    name: str = "langid"
    cell: str = "gru"
    embedding_dim: int = 32
    hidden_size: int = 64
    alphabet: str = ""           # known characters; id = 2 + position (0 padding, 1 unknown)

    @property
    def n_ids(self) -> int:
        return len(self.alphabet) + 2


@dataclass(frozen=True)
class LangIDSteps:
    """What `LangID.explain` computed for B texts of T characters."""
    logits: Tensor               # (B, T, 2) the classifier applied to every h_t
    records: list[list[Step]]    # [layer][direction], fields (B, T, hidden_size)


class LangID(Saved, nn.Module):
    """Saved as langid.safetensors + langid.json."""

    default_name, config_type = "langid", LangIDConfig

    def __init__(self, config: LangIDConfig):
        super().__init__()
        self.config = config
        self.embedding = nn.Embedding(config.n_ids, config.embedding_dim, padding_idx=PAD)
        self.rnn = Recurrent(RecurrentConfig(config.cell, config.embedding_dim,
                                             config.hidden_size))
        self.classifier = nn.Linear(config.hidden_size, len(LANGUAGES))

    def encode(self, texts: list[str]) -> tuple[Tensor, Tensor]:
        """Normalised texts -> ids (B, T) right-padded, lengths (B,). Empty texts are refused."""
        ids = {c: i + 2 for i, c in enumerate(self.config.alphabet)}
        rows = [[ids.get(c, UNK) for c in normalize(t)[:MAX_CHARS]] for t in texts]
        if any(not row for row in rows):
            raise ValueError("every text needs at least one character")
        lengths = torch.tensor([len(r) for r in rows])
        out = torch.full((len(rows), int(lengths.max())), PAD, dtype=torch.long)
        for i, row in enumerate(rows):
            out[i, :len(row)] = torch.tensor(row)
        return out, lengths

    def forward(self, ids: Tensor, lengths: Tensor) -> Tensor:
        """Logits (B, 2) of the last real character's state, through the fused kernel."""
        outputs = self.rnn.forward_fused(self.embedding(ids), lengths)    # (B, T, H)
        last = outputs[torch.arange(len(ids)), lengths.to(ids.device) - 1]  # (B, H)
        return self.classifier(last)

    @torch.no_grad()
    def explain(self, ids: Tensor, lengths: Tensor) -> LangIDSteps:
        """Through the step loop: the classifier on every prefix, and every step record."""
        mask = torch.arange(ids.shape[1], device=ids.device) < lengths.to(ids.device)[:, None]
        outputs, _, records = self.rnn(self.embedding(ids), mask)         # (B, T, H)
        return LangIDSteps(self.classifier(outputs), records)

    @torch.no_grad()
    def predict(self, texts: list[str]) -> list[str]:
        ids, lengths = self.encode(texts)
        device = self.classifier.weight.device
        return [LANGUAGES[i] for i in self(ids.to(device), lengths).argmax(-1).tolist()]
