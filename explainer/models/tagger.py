"""Part-of-speech taggers: one tag per word, read off a recurrent network's hidden states.

slide, elman (the deck's POS_LSTM, Embedding -> LSTM -> Linear, with shape and suffix embeddings
beside the word's; elman swaps in the Elman cell):
    e_t = [E_word[w_t] ; E_shape[s_t] ; E_suffix[x_t]]     word, spelling pattern, last 3 letters
    h_t = LSTM(e_t, h_{t-1})                                one layer, left to right
    p(tag_t) = softmax(W h_t + b)                           trained with cross-entropy

best (character features + a 2-layer bidirectional LSTM, after Plank et al. 2016):
    c_t = [->h_last ; <-h_first]  of a char BiLSTM over word t's letters   spelling, any word
    e_t = [E_word[w_t] ; c_t]
    h_t^1 = [LSTM->(e)_t ; LSTM<-(e)_t],  h_t^2 = the same over h^1        context on both sides
    p(tag_t) = softmax(W h_t^2 + b)

Every recurrent part is a `Recurrent` of the traceable cells. `forward` runs torch's fused
kernels with those very parameters (training, bulk evaluation); `explain` runs the step loop
and returns the logits with every gate and state it computed.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import torch
from torch import Tensor, nn

from ..data.batching import TaggerBatch, make_batch
from ..data.vocab import TaggerVocab
from .cells import Step
from .recurrent import Recurrent, RecurrentConfig
from .weights import Saved


@dataclass(frozen=True)
class TaggerConfig:
    name: str = "tagger"
    cell: str = "lstm"        # "lstm" | "elman" | "gru", for the word-level network
    word_dim: int = 100
    shape_dim: int = 0        # 0: no shape feature
    suffix_dim: int = 0       # 0: no suffix feature
    char_dim: int = 0         # 0: no character encoder
    char_hidden: int = 0      # per direction
    hidden_size: int = 128    # per direction
    num_layers: int = 1
    bidirectional: bool = False
    dropout: float = 0.0      # on embeddings, between layers and before the classifier
    max_word_chars: int = 20  # longer words keep their first and last 10 characters
    # vocabulary sizes, filled in from the TaggerVocab by `sized`
    n_words: int = 0
    n_shapes: int = 0
    n_suffixes: int = 0
    n_chars: int = 0
    n_tags: int = 0

    def sized(self, vocab: TaggerVocab) -> TaggerConfig:
        return dataclasses.replace(self, n_words=len(vocab.words), n_shapes=len(vocab.shapes),
                                   n_suffixes=len(vocab.suffixes), n_chars=len(vocab.chars),
                                   n_tags=len(vocab.tags))


@dataclass(frozen=True)
class SlideConfig(TaggerConfig):
    name: str = "slide"
    cell: str = "lstm"
    shape_dim: int = 16
    suffix_dim: int = 32
    hidden_size: int = 128
    dropout: float = 0.3


@dataclass(frozen=True)
class ElmanConfig(SlideConfig):
    name: str = "elman"
    cell: str = "elman"


@dataclass(frozen=True)
class BestConfig(TaggerConfig):
    name: str = "best"
    cell: str = "lstm"
    char_dim: int = 32
    char_hidden: int = 100
    hidden_size: int = 256
    num_layers: int = 2
    bidirectional: bool = True
    dropout: float = 0.4


CONFIGS: dict[str, type[TaggerConfig]] = {"slide": SlideConfig, "elman": ElmanConfig,
                                          "best": BestConfig}


@dataclass(frozen=True)
class TaggerSteps:
    """What `Tagger.explain` computed (B sentences, T words, N = real words in the batch)."""
    logits: Tensor                          # (B, T, n_tags)
    records: list[list[Step]]               # [layer][direction], fields (B, T, hidden_size)
    char_records: list[list[Step]] | None   # best only: [0][direction], fields (N, L, char_hidden)


class CharEncoder(nn.Module):
    """A word's characters -> one vector: the char BiLSTM's forward state after the last letter
    and its backward state after (reading back to) the first letter."""

    def __init__(self, config: TaggerConfig):
        super().__init__()
        self.embedding = nn.Embedding(config.n_chars, config.char_dim, padding_idx=0)
        self.rnn = Recurrent(RecurrentConfig("lstm", config.char_dim, config.char_hidden,
                                             bidirectional=True))

    @staticmethod
    def summary(outputs: Tensor, lengths: Tensor) -> Tensor:
        N, L, H2 = outputs.shape
        H = H2 // 2
        last = outputs[torch.arange(N, device=outputs.device), lengths - 1, :H]  # (N, H)
        first = outputs[:, 0, H:]                                                 # (N, H)
        return torch.cat([last, first], dim=-1)                                   # (N, 2H)

    def forward(self, chars: Tensor, lengths: Tensor) -> Tensor:
        outputs = self.rnn.forward_fused(self.embedding(chars), lengths)  # (N, L, 2H)
        return self.summary(outputs, lengths)

    def explain(self, chars: Tensor, lengths: Tensor) -> tuple[Tensor, list[list[Step]]]:
        mask = torch.arange(chars.shape[1], device=chars.device) < lengths[:, None]  # (N, L)
        outputs, _, records = self.rnn(self.embedding(chars), mask)
        return self.summary(outputs, lengths), records


class Tagger(Saved, nn.Module):
    """Saved as pos-<name>.safetensors + .json (config) + .vocab.json."""

    prefix, vocab_type = "pos-", TaggerVocab

    def __init__(self, config: TaggerConfig, vocab: TaggerVocab):
        super().__init__()
        self.config, self.vocab = config, vocab   # read-only: a loaded tagger is shared
        c = config
        self.word_embedding = nn.Embedding(c.n_words, c.word_dim, padding_idx=0)
        self.shape_embedding = nn.Embedding(c.n_shapes, c.shape_dim) if c.shape_dim else None
        self.suffix_embedding = nn.Embedding(c.n_suffixes, c.suffix_dim) if c.suffix_dim else None
        self.chars = CharEncoder(c) if c.char_dim else None
        input_size = c.word_dim + c.shape_dim + c.suffix_dim + 2 * c.char_hidden * bool(c.char_dim)
        between_layers = c.dropout if c.num_layers > 1 else 0.0
        self.rnn = Recurrent(RecurrentConfig(c.cell, input_size, c.hidden_size, c.num_layers,
                                             c.bidirectional, dropout=between_layers))
        self.dropout = nn.Dropout(c.dropout)
        self.classifier = nn.Linear(self.rnn.output_size, c.n_tags)

    def _inputs(self, batch: TaggerBatch, char_vectors: Tensor | None) -> Tensor:
        """e_t for every position: (B, T, input_size); padding rows stay zero."""
        parts = [self.word_embedding(batch.words)]                      # (B, T, word_dim)
        if self.shape_embedding is not None:
            parts.append(self.shape_embedding(batch.shapes))            # (B, T, shape_dim)
        if self.suffix_embedding is not None:
            parts.append(self.suffix_embedding(batch.suffixes))         # (B, T, suffix_dim)
        if char_vectors is not None:                                    # (N, 2Hc) -> (B, T, 2Hc)
            spread = char_vectors.new_zeros(*batch.mask.shape, char_vectors.shape[-1])
            spread[batch.mask] = char_vectors
            parts.append(spread)
        return self.dropout(torch.cat(parts, dim=-1))

    def forward(self, batch: TaggerBatch) -> Tensor:
        """Logits (B, T, n_tags) through the fused kernels: for training and bulk evaluation."""
        char_vectors = (self.chars(batch.chars, batch.char_lengths)
                        if self.chars is not None else None)
        outputs = self.rnn.forward_fused(self._inputs(batch, char_vectors), batch.lengths)
        return self.classifier(self.dropout(outputs))

    @torch.no_grad()
    def explain(self, batch: TaggerBatch) -> TaggerSteps:
        """The same logits through the step loop, with every step record of every layer."""
        if self.training:
            raise RuntimeError("explain() shows the trained model: call .eval() first "
                               "(Tagger.load returns an eval-mode tagger)")
        char_vectors, char_records = None, None
        if self.chars is not None:
            char_vectors, char_records = self.chars.explain(batch.chars, batch.char_lengths)
        outputs, _, records = self.rnn(self._inputs(batch, char_vectors), batch.mask)
        return TaggerSteps(self.classifier(outputs), records, char_records)

    # ---- words in, tags out ----------------------------------------------------------------

    def encode(self, sentences: list[list[str]], tags: list[list[str]] | None = None):
        return make_batch(self.vocab, sentences, tags, self.config.max_word_chars)

    @torch.no_grad()
    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        """Tags for already-tokenized sentences (see explainer.data.tokenizer)."""
        device = next(self.parameters()).device
        batch = self.encode(sentences).to(device)
        best = self(batch).argmax(dim=-1).cpu()                          # (B, T)
        return [self.vocab.tags.decode(row[:len(s)].tolist()) for row, s in zip(best, sentences)]

    @classmethod
    def config_from(cls, fields: dict) -> TaggerConfig:
        return CONFIGS.get(fields["name"], TaggerConfig)(**fields)
